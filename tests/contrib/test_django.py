"""Django's mail API, through the PostStack backend, into the sandbox."""

from __future__ import annotations

import base64
from email.message import Message, MIMEPart
from email.mime.text import MIMEText

import pytest

django = pytest.importorskip("django", reason="Django is a test extra")

from django.conf import settings  # noqa: E402

BACKEND = "poststack.contrib.django.EmailBackend"
if not settings.configured:
    # Django 6.1 replaced EMAIL_BACKEND by MAILERS; the backend works under both.
    routing: dict[str, object] = (
        {"MAILERS": {"default": {"BACKEND": BACKEND}}}
        if django.VERSION >= (6, 1)
        else {"EMAIL_BACKEND": BACKEND}
    )
    settings.configure(DEFAULT_FROM_EMAIL="Shop <shop@acme.example>", **routing)

from django.core import mail  # noqa: E402

from poststack import PostStackError  # noqa: E402
from poststack.contrib.django import EmailBackend, message_to_payload  # noqa: E402
from poststack_sandbox import Sandbox  # noqa: E402


def mime_part(text: str) -> Message:
    """A ready-made MIME attachment, in the form this Django version accepts."""
    if django.VERSION >= (6, 1):
        part = MIMEPart()
        part.set_content(text)
        return part
    return MIMEText(text, "plain")


def connection(sb: Sandbox, *, fail_silently: bool = False) -> EmailBackend:
    return EmailBackend(fail_silently=fail_silently, api_key=sb.api_key, base_url=sb.url)


def test_send_mail_through_the_configured_backend(
    sb: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Settings name only the backend; the key and URL come from the environment.
    monkeypatch.setenv("POSTSTACK_API_KEY", sb.api_key)
    monkeypatch.setenv("POSTSTACK_BASE_URL", sb.url)
    sent = mail.send_mail(
        "Your receipt",
        "Thanks for your order.",
        None,
        ["buyer@example.com"],
        html_message="<p>Thanks for your order.</p>",
    )
    assert sent == 1
    (stored,) = sb.emails()
    assert stored["fromAddress"] == "shop@acme.example"
    assert stored["fromName"] == "Shop"
    assert stored["toAddresses"] == ["buyer@example.com"]
    assert stored["subject"] == "Your receipt"


def test_every_part_of_a_message_is_carried() -> None:
    message = mail.EmailMultiAlternatives(
        subject="Invoice",
        body="plain body",
        from_email="billing@acme.example",
        to=["a@example.com"],
        cc=["b@example.com"],
        bcc=["c@example.com"],
        reply_to=["support@acme.example"],
        headers={"X-Order": "1234", "Reply-To": "ignored@acme.example"},
    )
    message.attach_alternative("<b>html body</b>", "text/html")
    message.attach("invoice.csv", "id,total\n1,9.99\n", "text/csv")
    note = mime_part("inline note")
    message.attach(note)
    note_bytes = note.get_payload(decode=True)
    assert isinstance(note_bytes, bytes)
    assert note_bytes.startswith(b"inline note")
    assert message_to_payload(message) == {
        "from": "billing@acme.example",
        "to": ["a@example.com"],
        "cc": ["b@example.com"],
        "bcc": ["c@example.com"],
        "reply_to": "support@acme.example",
        "subject": "Invoice",
        "text": "plain body",
        "html": "<b>html body</b>",
        "attachments": [
            {
                "filename": "invoice.csv",
                "content": base64.b64encode(b"id,total\n1,9.99\n").decode(),
                "content_type": "text/csv",
            },
            {
                "filename": "attachment",
                "content": base64.b64encode(note_bytes).decode(),
                "content_type": "text/plain",
            },
        ],
        "headers": {"X-Order": "1234"},
    }


def test_html_only_message() -> None:
    message = mail.EmailMessage("Hi", "<h1>Hi</h1>", "a@acme.example", ["b@example.com"])
    message.content_subtype = "html"
    payload = message_to_payload(message)
    assert payload["html"] == "<h1>Hi</h1>"
    assert "text" not in payload


def test_send_mass_mail_sends_each_and_records_ids(sb: Sandbox) -> None:
    messages = [
        mail.EmailMessage(f"n{i}", "body", "a@acme.example", [f"u{i}@example.com"])
        for i in range(3)
    ]
    assert connection(sb).send_messages(messages) == 3
    stored_ids = {email["publicId"] for email in sb.emails()}
    assert {m.poststack_id for m in messages} == stored_ids  # type: ignore[attr-defined]
    assert len(stored_ids) == 3


def test_api_errors_raise_unless_silenced(sb: Sandbox) -> None:
    sb.add_fault(
        "POST",
        "/emails",
        [{"status": 400, "body": {"error": "bad", "code": "invalid_request"}}] * 2,
    )
    message = mail.EmailMessage("s", "b", "a@acme.example", ["b@example.com"])
    with pytest.raises(PostStackError) as caught:
        connection(sb).send_messages([message])
    assert caught.value.code == "invalid_request"
    assert connection(sb, fail_silently=True).send_messages([message]) == 0
    assert sb.emails() == []


def test_a_message_without_recipients_is_refused_before_sending(sb: Sandbox) -> None:
    message = mail.EmailMessage("s", "b", "a@acme.example", [])
    message.to = []
    with pytest.raises(ValueError, match="no recipients"):
        connection(sb).send_messages([message])
    assert sb.stats()["requests"] == 0


def test_unknown_options_are_refused() -> None:
    with pytest.raises(TypeError, match="unknown options: api_secret"):
        EmailBackend(api_secret="x")


def test_missing_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POSTSTACK_API_KEY", raising=False)
    backend = EmailBackend()
    with pytest.raises(ValueError, match="POSTSTACK_API_KEY"):
        backend.send_messages([mail.EmailMessage("s", "b", "a@acme.example", ["b@example.com"])])

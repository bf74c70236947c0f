"""Django's mail API, through the PostStack backend, into the sandbox."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from email.message import MIMEPart
from email.mime.base import MIMEBase
from email.mime.image import MIMEImage
from email.mime.text import MIMEText
from email.utils import parseaddr
from typing import Any, cast

import pytest

django = pytest.importorskip("django", reason="Django is a test extra")

from tests.contrib._django_setup import configure  # noqa: E402

configure()

from django.core import mail  # noqa: E402
from django.test import override_settings  # noqa: E402

from poststack import PostStack, PostStackError  # noqa: E402
from poststack.contrib.django import (  # noqa: E402
    METADATA_HEADER,
    EmailBackend,
    PostStackMessage,
    RecordingEmailBackend,
    SendStatus,
    UnsupportedFeature,
    message_to_payload,
    message_to_payloads,
)
from poststack.types import SendEmailParams  # noqa: E402
from poststack_sandbox import Sandbox  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
SENDER = "sender@example.com"


# The backends add these attributes to Django's own messages at run time; read them checked.
def status_of(message: object) -> SendStatus:
    status = getattr(message, "poststack_status", None)
    assert isinstance(status, SendStatus)
    return status


def payloads_of(message: object) -> list[SendEmailParams]:
    payloads = getattr(message, "poststack_payloads", None)
    assert isinstance(payloads, list)
    return cast("list[SendEmailParams]", payloads)


def mime_part(text: str) -> MIMEBase | MIMEPart:
    """A ready-made MIME attachment, in the form this Django version accepts."""
    if django.VERSION >= (6, 1):
        part = MIMEPart()
        part.set_content(text)
        return part
    return MIMEText(text, "plain")


def inline_image(cid: str) -> MIMEBase | MIMEPart:
    """An inline image as users attach it for ``<img src="cid:...">``."""
    if django.VERSION >= (6, 1):
        part = MIMEPart()
        part.set_content(PNG, maintype="image", subtype="png", disposition="inline", cid=cid)
        return part
    image = MIMEImage(PNG, "png")
    image.add_header("Content-ID", cid)
    image.add_header("Content-Disposition", "inline")
    return image


def connection(sb: Sandbox, *, fail_silently: bool = False) -> EmailBackend:
    return EmailBackend(fail_silently=fail_silently, api_key=sb.api_key, base_url=sb.url)


def recording() -> RecordingEmailBackend:
    mail.outbox = []
    return RecordingEmailBackend()


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
    assert stored["fromAddress"] == SENDER
    assert stored["fromName"] == "Shop"
    assert stored["toAddresses"] == ["buyer@example.com"]
    assert stored["subject"] == "Your receipt"


def test_every_part_of_a_message_is_carried() -> None:
    message = mail.EmailMultiAlternatives(
        subject="Invoice",
        body="plain body",
        from_email=SENDER,
        to=["a@example.com"],
        cc=["b@example.com"],
        bcc=["c@example.com"],
        reply_to=["support@example.com"],
        headers={"X-Order": "1234"},
    )
    message.attach_alternative("<b>html body</b>", "text/html")
    message.attach("invoice.csv", "id,total\n1,9.99\n", "text/csv")
    note = mime_part("inline note")
    message.attach(note)
    note_bytes = note.get_payload(decode=True)
    assert isinstance(note_bytes, bytes)
    assert message_to_payload(message) == {
        "from": SENDER,
        "to": ["a@example.com"],
        "cc": ["b@example.com"],
        "bcc": ["c@example.com"],
        "reply_to": "support@example.com",
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


def test_inline_images_keep_their_content_id(sb: Sandbox) -> None:
    message = mail.EmailMultiAlternatives("Logo", "text", SENDER, ["a@example.com"])
    message.attach_alternative('<img src="cid:logo@acme">', "text/html")
    message.attach(inline_image("<logo@acme>"))
    (attachment,) = message_to_payload(message)["attachments"]
    assert attachment["content_id"] == "logo@acme"
    assert attachment["content_type"] == "image/png"
    assert base64.b64decode(attachment["content"]) == PNG
    # The sandbox refuses a content_id in angle brackets (400), as the API documents.
    assert connection(sb).send_messages([message]) == 1
    assert len(sb.emails()) == 1


def test_reply_to_and_from_headers_win_as_in_djangos_own_message() -> None:
    message = mail.EmailMessage(
        "s",
        "b",
        SENDER,
        ["a@example.com"],
        reply_to=["ignored@example.com"],
        headers={"Reply-To": "Help <help@example.com>", "From": "Team <team@example.com>"},
    )
    django_view = message.message()
    payload = message_to_payload(message)
    assert payload["from"] == str(django_view["From"]) == "Team <team@example.com>"
    assert payload["reply_to"] == "help@example.com"
    assert "help@example.com" in str(django_view["Reply-To"])
    assert "headers" not in payload  # neither travels twice


def test_a_bcc_only_message_goes_to_each_recipient_alone(sb: Sandbox) -> None:
    message = mail.EmailMessage(
        "Newsletter", "hello", SENDER, bcc=["x@example.com", "y@example.com"]
    )
    assert connection(sb).send_messages([message]) == 1
    stored = sorted(sb.emails(), key=lambda e: e["toAddresses"])
    assert [e["toAddresses"] for e in stored] == [["x@example.com"], ["y@example.com"]]
    assert all(not e["bccAddresses"] for e in stored)
    status = status_of(message)
    assert status.message_id == {e["publicId"] for e in stored}
    assert {a: r.status for a, r in status.recipients.items()} == {
        "x@example.com": "queued",
        "y@example.com": "queued",
    }


def test_a_calendar_alternative_travels_as_an_invite_attachment() -> None:
    message = mail.EmailMultiAlternatives("Meeting", "see invite", SENDER, ["a@example.com"])
    message.attach_alternative("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    (invite,) = message_to_payload(message)["attachments"]
    assert invite["filename"] == "invite.ics"
    assert invite["content_type"] == "text/calendar"
    assert base64.b64decode(invite["content"]).startswith(b"BEGIN:VCALENDAR")


def test_unsupported_features_raise_unless_ignored() -> None:
    message = mail.EmailMultiAlternatives("AMP", "text", SENDER, ["a@example.com"])
    message.attach_alternative("<html amp4email>", "text/x-amp-html")
    with pytest.raises(UnsupportedFeature, match=r"text/x-amp-html.*IGNORE_UNSUPPORTED_FEATURES"):
        message_to_payload(message)
    with override_settings(POSTSTACK={"IGNORE_UNSUPPORTED_FEATURES": True}):
        payload = message_to_payload(message)
    assert payload["text"] == "text"
    assert "attachments" not in payload
    shown = mail.EmailMessage("s", "b", SENDER, ["a@example.com"], headers={"To": "all@x.example"})
    with pytest.raises(UnsupportedFeature, match="To header"):
        message_to_payload(shown)


def test_anymail_attributes_map_to_api_fields() -> None:
    message = PostStackMessage(
        "Order shipped",
        "text",
        SENDER,
        ["a@example.com"],
        tags=["shipping"],
        metadata={"order": 42},
        track_opens=True,
        track_clicks=False,
        send_at=datetime(2030, 1, 2, 10, 0),  # naive: Django's zone, Europe/Paris
        esp_extra={"unsubscribe": True, "signature": "none"},
        headers={"X-PostStack-Tags": "eu, priority"},
    )
    assert message_to_payload(message) == {
        "from": SENDER,
        "to": ["a@example.com"],
        "subject": "Order shipped",
        "text": "text",
        "tags": ["shipping", "eu", "priority"],
        "headers": {METADATA_HEADER: json.dumps({"order": 42})},
        "tracking": {"opens": True, "clicks": False},
        "scheduled_at": "2030-01-02T09:00:00.000Z",
        "unsubscribe": True,
        "signature": "none",
    }
    aware = PostStackMessage("s", "b", SENDER, ["a@example.com"], send_at=1_900_000_000)
    assert message_to_payload(aware)["scheduled_at"] == "2030-03-17T17:46:40.000Z"
    with pytest.raises(TypeError, match="send_at"):
        message_to_payload(
            PostStackMessage(
                "s",
                "b",
                SENDER,
                ["a@example.com"],
                send_at=[1],  # type: ignore[arg-type]  # a wrong type on purpose: refused at run time
            )
        )


def test_plain_messages_take_the_same_attributes() -> None:
    message = mail.EmailMessage("s", "b", SENDER, ["a@example.com"])
    # Set on Django's own class as users do (anymail style); its stubs do not declare them.
    message.tags = ["t"]  # type: ignore[attr-defined]
    message.esp_extra = {"tracking": {"opens": False}}  # type: ignore[attr-defined]
    payload = message_to_payload(message)
    assert (payload["tags"], payload["tracking"]) == (["t"], {"opens": False})


def test_templates_with_merge_data_send_one_email_per_recipient(sb: Sandbox) -> None:
    with PostStack(api_key=sb.api_key, base_url=sb.url) as ps:
        template = ps.templates.create(
            {"name": "offer", "subject": "Hi {{name}}", "html": "<p>{{name}}: {{offer}}</p>"}
        )
        template_id = template["template"]["publicId"]
        ps.templates.publish(template_id)
    message = PostStackMessage(
        None,
        None,
        SENDER,
        ["Ada <ada@example.com>", "bob@example.com"],
        template_id=template_id,
        merge_global_data={"offer": "5% off"},
        merge_data={"ada@example.com": {"name": "Ada", "offer": "15% off"}},
        merge_metadata={"bob@example.com": {"segment": "b"}},
    )
    payloads = message_to_payloads(message)
    assert [p["to"] for p in payloads] == [["Ada <ada@example.com>"], ["bob@example.com"]]
    assert [p["variables"] for p in payloads] == [
        {"offer": "15% off", "name": "Ada"},
        {"offer": "5% off"},
    ]
    assert payloads[1]["headers"] == {METADATA_HEADER: '{"segment": "b"}'}
    assert connection(sb).send_messages([message]) == 1
    by_to = {parseaddr(e["toAddresses"][0])[1]: e for e in sb.emails()}
    assert by_to["ada@example.com"]["subject"] == "Hi Ada"
    assert by_to["ada@example.com"]["htmlBody"] == "<p>Ada: 15% off</p>"
    assert by_to["bob@example.com"]["htmlBody"] == "<p>{{name}}: 5% off</p>"  # left as is
    status = message.poststack_status
    assert {a: r.message_id for a, r in status.recipients.items()} == {
        a: e["publicId"] for a, e in by_to.items()
    }
    assert status.status == {"queued"}


def test_merge_data_with_cc_is_unsupported() -> None:
    message = PostStackMessage("s", "b", SENDER, ["a@example.com"], cc=["c@example.com"])
    message.merge_data = {}
    with pytest.raises(UnsupportedFeature, match="cc or bcc together with merge_data"):
        message_to_payloads(message)


def test_an_idempotency_key_makes_a_retried_task_send_once(sb: Sandbox) -> None:
    def task() -> Any:  # what a Celery task body does on each attempt
        message = PostStackMessage(
            "Receipt", "b", SENDER, ["a@example.com"], idempotency_key="order-42-receipt"
        )
        connection(sb).send_messages([message])
        return message

    first, second = task(), task()
    assert first.poststack_id == second.poststack_id
    assert second.poststack_status.esp_response[0]["replayed"] is True
    assert len(sb.emails()) == 1
    # The PostStack SMTP relay's header works the same way.
    via_header = mail.EmailMessage(
        "Receipt",
        "b",
        SENDER,
        ["a@example.com"],
        headers={"X-PostStack-Idempotency-Key": "order-42-receipt"},
    )
    connection(sb).send_messages([via_header])
    assert via_header.poststack_id == first.poststack_id  # type: ignore[attr-defined]  # set by the backend
    assert len(sb.emails()) == 1


def test_merge_sends_derive_one_key_per_recipient_from_the_message_key() -> None:
    backend = recording()
    message = PostStackMessage("s", "b", SENDER, bcc=["x@example.com", "y@example.com"])
    message.idempotency_key = "job-7"
    backend.send_messages([message])
    keys = [p["idempotency_key"] for p in payloads_of(mail.outbox[0])]
    assert keys == ["job-7:0", "job-7:1"]


def test_status_and_ids_after_sending(sb: Sandbox) -> None:
    message = PostStackMessage(
        "s", "b", SENDER, ["a@example.com", "b@example.com"], send_at="2099-01-01T00:00:00Z"
    )
    connection(sb).send_messages([message])
    (stored,) = sb.emails()
    status = message.poststack_status
    assert message.anymail_status is status
    assert status.message_id == stored["publicId"] == message.poststack_id  # type: ignore[attr-defined]  # set by the backend
    assert status.status == {"scheduled"}
    assert set(status.recipients) == {"a@example.com", "b@example.com"}


def test_recording_backend_keeps_the_exact_payloads() -> None:
    backend = recording()
    message = PostStackMessage("Hi", "body", SENDER, ["a@example.com"], tags=["welcome"])
    assert backend.send_messages([message]) == 1
    (recorded,) = mail.outbox
    assert recorded is message
    assert payloads_of(recorded) == [
        {
            "from": SENDER,
            "to": ["a@example.com"],
            "subject": "Hi",
            "text": "body",
            "tags": ["welcome"],
        }
    ]
    assert status_of(recorded).message_id == "em_test_1"


def test_recording_backend_through_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POSTSTACK_API_KEY", raising=False)
    mail.outbox = []
    routing: dict[str, Any] = (
        {"MAILERS": {"default": {"BACKEND": "poststack.contrib.django.RecordingEmailBackend"}}}
        if django.VERSION >= (6, 1)
        else {"EMAIL_BACKEND": "poststack.contrib.django.RecordingEmailBackend"}
    )
    with override_settings(**routing):
        mail.send_mail("Welcome", "hello", None, ["new@example.com"])
    (message,) = mail.outbox
    assert payloads_of(message)[0]["to"] == ["new@example.com"]


def test_send_mass_mail_sends_each_and_records_ids(sb: Sandbox) -> None:
    messages = [mail.EmailMessage(f"n{i}", "body", SENDER, [f"u{i}@example.com"]) for i in range(3)]
    assert connection(sb).send_messages(messages) == 3
    stored_ids = {email["publicId"] for email in sb.emails()}
    assert {m.poststack_id for m in messages} == stored_ids  # type: ignore[attr-defined]  # set by the backend
    assert len(stored_ids) == 3


def test_api_errors_raise_unless_silenced(sb: Sandbox) -> None:
    sb.add_fault(
        "POST",
        "/emails",
        [{"status": 400, "body": {"error": "bad", "code": "invalid_request"}}] * 2,
    )
    message = mail.EmailMessage("s", "b", SENDER, ["b@example.com"])
    with pytest.raises(PostStackError) as caught:
        connection(sb).send_messages([message])
    assert caught.value.code == "invalid_request"
    assert connection(sb, fail_silently=True).send_messages([message]) == 0
    assert sb.emails() == []


def test_a_message_without_recipients_is_refused_before_sending(sb: Sandbox) -> None:
    message = mail.EmailMessage("s", "b", SENDER, [])
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
        backend.send_messages([mail.EmailMessage("s", "b", SENDER, ["b@example.com"])])


def test_naive_datetimes_follow_the_current_time_zone() -> None:
    message = PostStackMessage("s", "b", SENDER, ["a@example.com"])
    message.send_at = datetime(2030, 6, 1, 12, 0, tzinfo=timezone.utc)
    assert message_to_payload(message)["scheduled_at"] == "2030-06-01T12:00:00.000Z"


def test_refused_recipients_of_a_batch_are_reported(sb: Sandbox) -> None:
    message = mail.EmailMessage("News", "b", SENDER, bcc=["x@example.com", "y@example.com"])
    # A suppressed recipient's email of the batch is refused (test-mode sends count against
    # no quota, so a quota cannot refuse them).
    with PostStack(api_key=sb.api_key, base_url=sb.url) as ps:
        ps.suppressions.add({"email": "y@example.com", "reason": "manual"})
        assert connection(sb).send_messages([message]) == 1
        status = status_of(message)
        assert status.status == {"queued", "rejected"}
        assert status.recipients["y@example.com"].message_id is None
        # When every recipient is refused, the send failed: an error (or 0 when silenced).
        ps.suppressions.add({"email": "x@example.com", "reason": "manual"})
        with pytest.raises(PostStackError, match="refused every recipient") as caught:
            connection(sb).send_messages([message])
        assert caught.value.code == "unprocessable_entity"
        assert connection(sb, fail_silently=True).send_messages([message]) == 0


def test_bad_input_is_refused_before_sending(sb: Sandbox) -> None:
    empty = mail.EmailMessage("s", "", SENDER, ["a@example.com"])
    with pytest.raises(ValueError, match="no body"):
        connection(sb).send_messages([empty])
    tagged = PostStackMessage("s", "b", SENDER, ["a@example.com"])
    tagged.tags = "welcome"  # type: ignore[assignment]  # a wrong type on purpose
    with pytest.raises(TypeError, match="list of strings"):
        connection(sb).send_messages([tagged])
    variables = mail.EmailMessage(
        "s", "b", SENDER, ["a@example.com"], headers={"X-PostStack-Variables": "[1]"}
    )
    with pytest.raises(ValueError, match="JSON object"):
        connection(sb).send_messages([variables])
    assert sb.stats()["requests"] == 0

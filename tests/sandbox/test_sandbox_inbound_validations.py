"""Email validations (deterministic rules, batches of at most 100) and inbound emails (injected
through the control hook, ``email.inbound`` webhooks, attachments, draft reply, reply and
forward through the send path), through the SDK."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from poststack import PostStack, PostStackError
from poststack_sandbox import Sandbox

from .conftest import Receiver

CSV = b"sku,qty\nA-1,2\n"


@pytest.mark.parametrize(
    ("email", "result", "risk", "checks"),
    [
        ("ada@company.io", "deliverable", "low", {}),
        ("ada@gmail.com", "deliverable", "low", {"free": True}),
        ("support@company.io", "risky", "medium", {"role": True}),
        ("info+news@company.io", "risky", "medium", {"role": True}),
        ("x@mailinator.com", "risky", "high", {"disposable": True}),
        ("ada@example.com", "undeliverable", "high", {"mx": False}),
        ("ada@host.invalid", "undeliverable", "high", {"mx": False}),
        ("not an address", "undeliverable", "high", {"syntax": False, "mx": False}),
        ("Ada <ada@company.io>", "undeliverable", "high", {"syntax": False, "mx": False}),
    ],
)
def test_validation_rules(
    ps: PostStack, email: str, result: str, risk: str, checks: dict[str, bool]
) -> None:
    answer = ps.email_validations.validate(email)
    expected_checks = {
        "syntax": True,
        "mx": True,
        "disposable": False,
        "role": False,
        "free": False,
        **checks,
    }
    assert answer == {"email": email, "result": result, "checks": expected_checks, "risk": risk}


def test_validation_batch(ps: PostStack) -> None:
    results = ps.email_validations.validate_batch(["a@company.io", "b@yopmail.com"])["results"]
    assert [(r["email"], r["result"]) for r in results] == [
        ("a@company.io", "deliverable"),
        ("b@yopmail.com", "risky"),
    ]
    with pytest.raises(PostStackError) as caught:
        ps.email_validations.validate_batch([f"u{n}@company.io" for n in range(101)])
    assert caught.value.status_code == 422
    with pytest.raises(PostStackError) as empty:
        ps.email_validations.validate_batch([])
    assert empty.value.status_code == 400


def _inject(sandbox: Sandbox, **overrides: Any) -> dict[str, Any]:
    message: dict[str, Any] = {
        "from": "Grace Hopper <grace@customer.example.net>",
        "to": ["support+billing@example.com"],
        "cc": ["boss@example.com"],
        "subject": "Invoice question",
        "text": "Where is my invoice?\n\nOn Monday, you wrote:\n> Thanks for your order",
        "html": "<p>Where is my invoice?</p>",
        "attachments": [
            {
                "filename": "order.csv",
                "content": base64.b64encode(CSV).decode(),
                "content_type": "text/csv",
            }
        ],
        **overrides,
    }
    return sandbox.inject_inbound(message)


def test_an_injected_message_is_stored_and_announced(
    ps: PostStack, sandbox: Sandbox, receiver: Receiver
) -> None:
    ps.webhooks.create({"url": receiver.url, "events": ["email.inbound", "inbound_email.received"]})
    stored = _inject(sandbox)
    assert stored["fromAddress"] == "grace@customer.example.net"
    assert stored["fromName"] == "Grace Hopper"
    assert stored["toAddress"] == "support+billing@example.com"
    assert stored["toAddresses"] == [{"address": "support+billing@example.com", "name": None}]
    assert stored["ccAddresses"] == [{"address": "boss@example.com", "name": None}]
    assert stored["mailboxHash"] == "billing"
    assert stored["strippedReply"] == "Where is my invoice?"
    assert stored["spamVerdict"] == "clean"
    assert stored["domainId"] is not None  # example.com is registered in this sandbox
    deliveries = receiver.wait_for(2)
    bodies = [json.loads(d.body) for d in deliveries]
    assert sorted(b["type"] for b in bodies) == ["email.inbound", "inbound_email.received"]
    data = bodies[0]["data"]
    assert (data["from_name"], data["cc"]) == ("Grace Hopper", ["boss@example.com"])
    assert data["attachments"][0]["filename"] == "order.csv"

    got = ps.inbound_emails.get(stored["id"])["inboundEmail"]
    assert got == stored
    listed = ps.inbound_emails.list({"domain": "example.com"})
    assert [m["id"] for m in listed["data"]] == [stored["id"]]
    assert ps.inbound_emails.list({"domain": "other.test"})["data"] == []
    attachments = ps.inbound_emails.list_attachments(stored["id"])["attachments"]
    assert [(a["filename"], a["contentType"], a["size"]) for a in attachments] == [
        ("order.csv", "text/csv", len(CSV))
    ]
    assert ps.inbound_emails.download_attachment(stored["id"], attachments[0]["id"]) == CSV
    with pytest.raises(PostStackError) as missing:
        ps.inbound_emails.download_attachment(stored["id"], 999)
    assert missing.value.status_code == 404


def test_the_control_hook_over_http(sandbox: Sandbox) -> None:
    made = httpx.post(
        f"{sandbox.url}/_sandbox/inbound",
        json={"from": "a@customer.example.net", "to": "b@example.com", "text": "hi"},
    )
    assert made.status_code == 201
    assert made.json()["inboundEmail"]["textBody"] == "hi"
    bad = httpx.post(f"{sandbox.url}/_sandbox/inbound", json={"from": "nobody", "to": "b@x.io"})
    assert bad.status_code == 400
    with pytest.raises(ValueError, match="'to' is required"):
        sandbox.inject_inbound({"from": "a@customer.example.net"})


def test_draft_reply_reply_and_forward(ps: PostStack, sandbox: Sandbox) -> None:
    stored = _inject(sandbox)
    draft = ps.inbound_emails.draft_reply(stored["id"], {"tone": "formal"})
    assert draft["salutation"] == "Dear Grace Hopper,"
    assert draft["suggested_subject"] == "Re: Invoice question"
    assert draft["suggested_from"] == "support+billing@example.com"
    assert draft["threading"]["in_reply_to"] == stored["messageId"]
    assert "> Where is my invoice?" in draft["quoted_text"]

    reply = ps.inbound_emails.reply(
        stored["id"], {"from": "support@example.com", "text": "Attached again."}
    )
    email = ps.emails.get(reply["id"])["email"]
    assert email["toAddresses"] == ["grace@customer.example.net"]
    assert email["subject"] == "Re: Invoice question"
    assert email["headers"] is not None
    assert email["headers"]["In-Reply-To"] == stored["messageId"]

    forwarded = ps.inbound_emails.forward(
        stored["id"],
        {"from": "support@example.com", "to": ["accounts@example.com"], "message": "FYI"},
    )
    email = ps.emails.get(forwarded["id"])["email"]
    assert email["subject"] == "Fwd: Invoice question"
    assert email["textBody"] is not None
    assert email["textBody"].startswith("FYI\n\n---------- Forwarded message ----------")
    # The forward carries the original's attachment (seen in the inbox's message view).
    detail = httpx.get(f"{sandbox.url}/_sandbox/inbox/messages/{forwarded['id']}").json()
    assert [a["filename"] for a in detail["attachments"]] == ["order.csv"]

    # Replies go through the send path: an unverified sender is refused.
    with pytest.raises(PostStackError) as refused:
        ps.inbound_emails.reply(stored["id"], {"from": "me@unverified.example", "text": "x"})
    assert refused.value.status_code == 422
    with pytest.raises(PostStackError) as gone:
        ps.inbound_emails.get(9999)
    assert gone.value.status_code == 404

"""Every email operation, over every adapter, against the sandbox."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from poststack_sandbox import Sandbox

from .conftest import PAYLOAD, Connect


def _later(hours: int) -> str:
    return (datetime.now(timezone.utc) + timedelta(hours=hours)).isoformat(timespec="seconds")


def test_send_returns_the_stored_id(connect: Connect, sb: Sandbox) -> None:
    ps = connect()
    result = ps.emails.send(PAYLOAD)
    stored = sb.emails()
    assert [email["publicId"] for email in stored] == [result["id"]]
    assert result["id"].startswith("em_")
    assert stored[0]["subject"] == PAYLOAD["subject"]


def test_send_with_own_key_replays(connect: Connect, sb: Sandbox) -> None:
    ps = connect()
    first = ps.emails.send(PAYLOAD, idempotency_key="order-42-welcome")
    again = ps.emails.send(PAYLOAD, idempotency_key="order-42-welcome")
    assert again["id"] == first["id"]
    assert again.get("replayed") is True
    assert len(sb.emails()) == 1


def test_batch_accepts_and_refuses_each_email(connect: Connect, sb: Sandbox) -> None:
    ps = connect()
    result = ps.emails.batch({"emails": [PAYLOAD, {**PAYLOAD, "to": []}, PAYLOAD]})
    outcomes = result["data"]
    assert len(outcomes) == 3
    assert "id" in outcomes[0]
    assert "id" in outcomes[2]
    assert "error" in outcomes[1]
    assert len(sb.emails()) == 2


def test_get_list_events_insights(connect: Connect) -> None:
    ps = connect()
    sent = [ps.emails.send({**PAYLOAD, "subject": f"number {n}"})["id"] for n in range(3)]
    email = ps.emails.get(sent[1])["email"]
    assert email["subject"] == "number 1"
    page = ps.emails.list()
    assert {item["publicId"] for item in page["data"]} == set(sent)
    assert page["meta"]["total"] == 3
    events = ps.emails.get_events(sent[0])["events"]
    assert isinstance(events, list)
    assert events
    warnings = ps.emails.get_insights(sent[0])["warnings"]
    assert isinstance(warnings, list)


def test_reschedule_then_cancel(connect: Connect, sb: Sandbox) -> None:
    ps = connect()
    email_id = ps.emails.send({**PAYLOAD, "scheduled_at": _later(24)})["id"]
    assert ps.emails.reschedule(email_id, _later(48)) == {"success": True}
    assert ps.emails.cancel(email_id) == {"success": True}
    assert sb.emails()[0]["status"] == "failed"  # the sandbox's cancelled status


def test_preview_and_spam_preview_store_nothing(connect: Connect, sb: Sandbox) -> None:
    ps = connect()
    preview = ps.emails.preview(
        {
            "from": PAYLOAD["from"],
            "to": PAYLOAD["to"],
            "subject": PAYLOAD["subject"],
            "html": "<p>Hi {{name}}</p>",
            "variables": {"name": "Ada"},
        }
    )
    assert preview["rendered_html"] == "<p>Hi Ada</p>"
    assert preview["size"]["html_bytes"] == len(b"<p>Hi Ada</p>")
    spam = ps.emails.spam_preview(
        {
            "from": PAYLOAD["from"],
            "to": PAYLOAD["to"],
            "subject": PAYLOAD["subject"],
            "html": PAYLOAD["html"],
        }
    )
    assert isinstance(spam["score"], (int, float))
    assert spam["action"]
    assert sb.emails() == []


def test_with_options_and_per_call_options_share_the_pool(connect: Connect, sb: Sandbox) -> None:
    ps = connect()
    slower = ps.with_options(timeout=5.0, max_retries=1)
    assert slower.timeout == 5.0
    assert slower.max_retries == 1
    slower.emails.send(PAYLOAD, timeout=2.0, max_retries=0)
    ps.emails.send(PAYLOAD)
    assert len(sb.emails()) == 2
    assert sb.stats()["connections"] == 1

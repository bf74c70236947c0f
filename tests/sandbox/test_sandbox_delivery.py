"""Simulated delivery (instant, delayed, scheduled), reschedule and cancel, rate limits and the
monthly quota."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from poststack_sandbox import Sandbox

from .conftest import Message


def _iso(delta: timedelta) -> str:
    return (datetime.now(timezone.utc) + delta).isoformat().replace("+00:00", "Z")


def _events(client: httpx.Client, email_id: str) -> list[str]:
    return [e["eventType"] for e in client.get(f"/emails/{email_id}/events").json()["events"]]


def _wait_status(client: httpx.Client, email_id: str, status: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.get(f"/emails/{email_id}").json()["email"]["status"] == status:
            return
        time.sleep(0.02)
    raise AssertionError(f"{email_id} never reached {status}")


def test_instant_delivery_by_default(client: httpx.Client, msg: Message) -> None:
    email_id = client.post("/emails", json=msg()).json()["id"]
    email = client.get(f"/emails/{email_id}").json()["email"]
    assert email["status"] == "delivered"
    assert [e["eventType"] for e in email["events"]] == ["queued", "sent", "delivered"]
    assert [e["id"] for e in email["events"]] == [1, 2, 3]


def test_delayed_delivery_steps_through_each_status(sandbox: Sandbox, msg: Message) -> None:
    sandbox.configure(delivery_delay=0.2)
    with httpx.Client(
        base_url=sandbox.url, headers={"Authorization": f"Bearer {sandbox.api_key}"}
    ) as client:
        email_id = client.post("/emails", json=msg()).json()["id"]
        email = client.get(f"/emails/{email_id}").json()["email"]
        assert email["status"] == "queued"
        assert email["sentAt"] is None
        assert _events(client, email_id) == ["queued"]
        _wait_status(client, email_id, "sending")
        assert _events(client, email_id) == ["queued", "sent"]
        _wait_status(client, email_id, "delivered")
        assert _events(client, email_id) == ["queued", "sent", "delivered"]


def test_scheduled_email_waits_for_its_time(client: httpx.Client, msg: Message) -> None:
    at = _iso(timedelta(seconds=0.4))
    email_id = client.post("/emails", json=msg(scheduled_at=at)).json()["id"]
    email = client.get(f"/emails/{email_id}").json()["email"]
    assert email["status"] == "queued"
    assert email["scheduledAt"] is not None
    assert _events(client, email_id) == ["queued"]
    _wait_status(client, email_id, "delivered")
    assert _events(client, email_id) == ["queued", "sent", "delivered"]


def test_past_schedule_sends_at_once(client: httpx.Client, msg: Message) -> None:
    email_id = client.post("/emails", json=msg(scheduled_at="2020-01-01T00:00:00Z")).json()["id"]
    assert client.get(f"/emails/{email_id}").json()["email"]["status"] == "delivered"


def test_cancel_before_sending(client: httpx.Client, sandbox: Sandbox, msg: Message) -> None:
    email_id = client.post("/emails", json=msg(scheduled_at=_iso(timedelta(hours=1)))).json()["id"]
    response = client.post(f"/emails/{email_id}/cancel")
    assert response.status_code == 200
    assert response.json() == {"success": True}
    email = client.get(f"/emails/{email_id}").json()["email"]
    # "failed" (a documented status), with an event saying why: see docs/sandbox.md.
    assert email["status"] == "failed"
    assert [(e["eventType"], e["metadata"]) for e in email["events"]] == [
        ("queued", None),
        ("failed", {"reason": "cancelled"}),
    ]
    again = client.post(f"/emails/{email_id}/cancel")
    assert again.status_code == 422
    assert again.json() == {
        "error": f"Email {email_id} is cancelled and cannot be cancelled",
        "code": "unprocessable_entity",
    }
    assert client.post("/emails/em_nope/cancel").status_code == 404


def test_cancel_after_sending_is_refused(client: httpx.Client, msg: Message) -> None:
    email_id = client.post("/emails", json=msg()).json()["id"]
    response = client.post(f"/emails/{email_id}/cancel")
    assert response.status_code == 422
    assert response.json() == {
        "error": f"Email {email_id} has already entered the sending pipeline "
        "(status delivered) and cannot be cancelled",
        "code": "unprocessable_entity",
    }


def test_cancelled_email_never_sends(sandbox: Sandbox, msg: Message) -> None:
    sandbox.configure(delivery_delay=0.1)
    with httpx.Client(
        base_url=sandbox.url, headers={"Authorization": f"Bearer {sandbox.api_key}"}
    ) as client:
        email_id = client.post("/emails", json=msg()).json()["id"]
        assert client.post(f"/emails/{email_id}/cancel").status_code == 200
        time.sleep(0.3)
        assert _events(client, email_id) == ["queued", "failed"]


def test_reschedule(client: httpx.Client, msg: Message) -> None:
    email_id = client.post("/emails", json=msg(scheduled_at=_iso(timedelta(hours=1)))).json()["id"]
    response = client.patch(f"/emails/{email_id}", json={"scheduled_at": _iso(timedelta(0.0))})
    assert response.status_code == 200
    assert response.json() == {"success": True}
    _wait_status(client, email_id, "delivered")
    late = client.patch(f"/emails/{email_id}", json={"scheduled_at": _iso(timedelta(hours=2))})
    assert late.status_code == 422
    bad = client.patch(f"/emails/{email_id}", json={"scheduled_at": "later"})
    assert bad.status_code == 400
    assert bad.json() == {
        "error": "'scheduled_at' is required (an ISO-8601 date-time)",
        "code": "invalid_request",
    }


def test_reschedule_moves_the_send_time(client: httpx.Client, msg: Message) -> None:
    email_id = client.post("/emails", json=msg(scheduled_at=_iso(timedelta(seconds=0.2)))).json()[
        "id"
    ]
    later = _iso(timedelta(hours=3))
    assert client.patch(f"/emails/{email_id}", json={"scheduled_at": later}).status_code == 200
    time.sleep(0.4)
    email = client.get(f"/emails/{email_id}").json()["email"]
    assert email["status"] == "queued"
    assert email["scheduledAt"][:19] == later[:19]


def test_rate_limit_per_key_with_retry_after(msg: Message) -> None:
    with Sandbox(rate_limit_per_second=2, domains=["acme.test"]) as sb:
        responses = [
            httpx.get(f"{sb.url}/emails", headers={"Authorization": "Bearer sk_test_one"})
            for _ in range(3)
        ]
        assert [r.status_code for r in responses] == [200, 200, 429]
        assert responses[0].headers["x-ratelimit-limit"] == "2"
        assert responses[0].headers["x-ratelimit-remaining"] == "1"
        limited = responses[2]
        assert limited.json() == {
            "error": "Rate limit exceeded: 2 requests per second",
            "code": "rate_limit_exceeded",
        }
        assert limited.headers["retry-after"] == "1"
        # Another key has its own budget.
        other = httpx.get(f"{sb.url}/emails", headers={"Authorization": "Bearer sk_test_two"})
        assert other.status_code == 200
        time.sleep(0.55)
        again = httpx.get(f"{sb.url}/emails", headers={"Authorization": "Bearer sk_test_one"})
        assert again.status_code == 200


def test_monthly_quota_without_retry_after(msg: Message) -> None:
    with (
        # A live key: test-mode sends are not billed and do not count (test_sandbox_rules.py).
        Sandbox(monthly_quota=2, keys=["sk_live_quota"], domains=["acme.test"]) as sb,
        httpx.Client(base_url=sb.url, headers={"Authorization": f"Bearer {sb.api_key}"}) as client,
    ):
        first = client.post("/emails", json=msg(), headers={"Idempotency-Key": "q-1"})
        assert first.status_code == 202
        batch = client.post("/emails/batch", json={"emails": [msg(), msg()]})
        assert batch.status_code == 202
        quota_element = {
            "error": "Monthly email limit reached (2 emails). Upgrade your plan.",
            "code": "monthly_limit_exceeded",
        }
        assert batch.json()["data"][1] == quota_element
        refused = client.post("/emails", json=msg())
        assert refused.status_code == 429
        assert refused.json() == quota_element
        assert "retry-after" not in refused.headers
        # A replay is not a new email and does not count.
        replay = client.post("/emails", json=msg(), headers={"Idempotency-Key": "q-1"})
        assert replay.json()["replayed"] is True
        assert len(sb.emails()) == 2
        sb.configure(monthly_quota=None)
        assert client.post("/emails", json=msg()).status_code == 202


def test_configure_rejects_bad_values(sandbox: Sandbox) -> None:
    with pytest.raises(ValueError, match="rate_limit_per_second must be a positive number"):
        sandbox.configure(rate_limit_per_second=0)
    with pytest.raises(ValueError, match="monthly_quota must be a non-negative integer"):
        sandbox.configure(monthly_quota=-1)
    settings = sandbox.configure(rate_limit_per_second=5)
    assert settings.to_json() == {
        "rate_limit_per_second": 5.0,
        "monthly_quota": None,
        "delivery_delay": 0.0,
        "time_scale": 0.001,
    }

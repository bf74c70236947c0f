"""The real API's rules the sandbox enforces: verified sending domains (and the three ways to
pre-register one), asynchronous delivery, webhook retries with backoff and auto-disable,
``contact.*``/``domain.*`` events, test-mode sends outside the quota."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from poststack import PostStack
from poststack.types import SendEmailParams
from poststack_sandbox import Sandbox
from poststack_sandbox._webhooks import DISABLE_AFTER, RETRY_SCHEDULE

from .conftest import Receiver


def _until(check: Callable[[], bool], what: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def _payload(sender: str = "sender@example.com") -> SendEmailParams:
    return {"from": sender, "to": ["ada@example.net"], "subject": "Hi", "text": "Hello"}


def test_sends_from_unregistered_or_unverified_domains_are_refused_for_test_keys_too() -> None:
    with Sandbox() as sb, PostStack(api_key=sb.api_key, base_url=sb.url) as ps:
        assert sb.api_key.startswith("sk_test_")
        with httpx.Client(base_url=sb.url, headers={"Authorization": f"Bearer {sb.api_key}"}) as c:
            refused = c.post("/emails", json=_payload())
            assert refused.status_code == 422
            assert refused.json()["code"] == "unprocessable_entity"
            assert refused.json()["error"].startswith("Domain not verified: example.com")
            pending = ps.domains.create({"name": "example.com"})["domain"]
            assert c.post("/emails", json=_payload()).json() == {
                "error": "Domain not verified: example.com",
                "code": "unprocessable_entity",
            }
            ps.domains.verify(pending["id"])
            assert c.post("/emails", json=_payload()).status_code == 202


def test_three_ways_to_pre_register_a_domain() -> None:
    with Sandbox(domains=["Example.com."]) as sb:
        headers = {"Authorization": f"Bearer {sb.api_key}"}
        with httpx.Client(base_url=sb.url, headers=headers) as c:
            listed = c.get("/domains").json()["domains"]
            assert [(d["name"], d["status"]) for d in listed] == [("example.com", "verified")]
            assert c.post("/emails", json=_payload()).status_code == 202
            assert c.post("/emails", json=_payload("a@second.test")).status_code == 422
            # In process.
            assert sb.add_domain("second.test")["status"] == "verified"
            assert c.post("/emails", json=_payload("a@second.test")).status_code == 202
            # Through the control API (no key needed, loopback only).
            added = httpx.post(f"{sb.url}/_sandbox/domains", json={"name": "third.test"})
            assert added.status_code == 201
            assert added.json()["domain"]["status"] == "verified"
            bad = httpx.post(f"{sb.url}/_sandbox/domains", json={"name": "not a domain"})
            assert bad.status_code == 400
            assert httpx.get(f"{sb.url}/_sandbox/domains").json() == {
                "domains": ["example.com", "second.test", "third.test"]
            }
            # reset() forgets everything else but keeps them registered.
            sb.reset()
            names = [d["name"] for d in c.get("/domains").json()["domains"]]
            assert names == ["example.com", "second.test", "third.test"]
            assert c.post("/emails", json=_payload("a@third.test")).status_code == 202
    with pytest.raises(ValueError, match="not a valid domain name"):
        Sandbox(domains=["no spaces.com"])
    with pytest.raises(TypeError, match="list of domain names"):
        Sandbox(domains="example.com")


def test_delivery_is_asynchronous_by_default() -> None:
    with (
        Sandbox(domains=["example.com"]) as sb,
        PostStack(api_key=sb.api_key, base_url=sb.url) as ps,
    ):
        sent = ps.emails.send(_payload())
        # The 202 comes before the email is sent.
        first = ps.emails.get(sent["id"])["email"]
        assert first["status"] == "queued"
        assert [e["eventType"] for e in first["events"]] == ["queued"]

        def status() -> str:
            return str(ps.emails.get(sent["id"])["email"]["status"])

        _until(lambda: status() == "delivered", "delivery")
        events = [e["eventType"] for e in ps.emails.get(sent["id"])["email"]["events"]]
        assert events == ["queued", "sent", "delivered"]


def test_instant_delivery_switch() -> None:
    with (
        Sandbox(domains=["example.com"], delivery_delay=0) as sb,
        PostStack(api_key=sb.api_key, base_url=sb.url) as ps,
    ):
        sent = ps.emails.send(_payload())
        assert ps.emails.get(sent["id"])["email"]["status"] == "delivered"


def test_test_mode_sends_do_not_count_against_the_quota() -> None:
    keys = {"sk_test_a": "full_access", "sk_live_b": "full_access"}
    with Sandbox(domains=["example.com"], keys=keys, monthly_quota=1) as sb:
        test = {"Authorization": "Bearer sk_test_a"}
        live = {"Authorization": "Bearer sk_live_b"}
        for _ in range(3):
            assert httpx.post(f"{sb.url}/emails", json=_payload(), headers=test).status_code == 202
        assert httpx.post(f"{sb.url}/emails", json=_payload(), headers=live).status_code == 202
        refused = httpx.post(f"{sb.url}/emails", json=_payload(), headers=live)
        assert (refused.status_code, refused.json()["code"]) == (429, "monthly_limit_exceeded")
        assert httpx.post(f"{sb.url}/emails", json=_payload(), headers=test).status_code == 202


def _deliveries(client: httpx.Client, webhook_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/webhooks/{webhook_id}/deliveries", params={"per_page": 100})
    return list(response.json()["deliveries"])


def test_failed_deliveries_are_retried_with_backoff(receiver: Receiver, sandbox: Sandbox) -> None:
    # A time scale of 1e-4: the service's 1 min, 5 min, ... become 6 ms, 30 ms, ...
    sandbox.configure(time_scale=1e-4)
    receiver.status = 500
    headers = {"Authorization": f"Bearer {sandbox.api_key}"}
    with httpx.Client(base_url=sandbox.url, headers=headers) as c:
        webhook = c.post("/webhooks", json={"url": receiver.url, "events": ["contact.created"]})
        webhook_id = webhook.json()["webhook"]["id"]
        c.post("/contacts", json={"email": "ada@example.net"})
        receiver.wait_for(3)
        during = _deliveries(c, webhook_id)
        assert len(during) == 1
        assert during[0]["attempts"] >= 1
        assert during[0]["statusCode"] == 500
        assert during[0]["deliveredAt"] is None
        # The receiver recovers: the next retry succeeds and no further one is scheduled.
        receiver.status = 200
        _until(lambda: _deliveries(c, webhook_id)[0]["deliveredAt"] is not None, "a retry")
        done = _deliveries(c, webhook_id)[0]
        assert done["nextRetryAt"] is None
        assert done["statusCode"] == 200
        attempts = done["attempts"]
        assert 2 <= attempts <= len(RETRY_SCHEDULE) + 1
        # Every attempt carried the same signed bytes.
        bodies = {r.body for r in receiver.received}
        assert len(bodies) == 1
        assert json.loads(bodies.pop())["type"] == "contact.created"
        webhook_now = c.get(f"/webhooks/{webhook_id}").json()["webhook"]
        assert webhook_now["consecutiveFailures"] == 0


def test_next_retry_at_is_shown_while_a_retry_waits(receiver: Receiver, sandbox: Sandbox) -> None:
    sandbox.configure(time_scale=1.0)  # the first retry is a real minute away
    receiver.status = 503
    headers = {"Authorization": f"Bearer {sandbox.api_key}"}
    with httpx.Client(base_url=sandbox.url, headers=headers) as c:
        webhook_id = c.post(
            "/webhooks", json={"url": receiver.url, "events": ["contact.created"]}
        ).json()["webhook"]["id"]
        c.post("/contacts", json={"email": "ada@example.net"})
        receiver.wait_for(1)
        _until(lambda: _deliveries(c, webhook_id)[0]["nextRetryAt"] is not None, "nextRetryAt")
        waiting = _deliveries(c, webhook_id)[0]
        assert waiting["attempts"] == 1
        created = waiting["createdAt"]
        assert waiting["nextRetryAt"] > created
        # Batch replay resends failed deliveries now.
        receiver.status = 200
        replayed = c.post(f"/webhooks/{webhook_id}/deliveries/batch-replay", json={})
        assert replayed.json() == {"replayed": 1, "remaining": 0}
        receiver.wait_for(2)
        _until(lambda: _deliveries(c, webhook_id)[0]["deliveredAt"] is not None, "the replay")
        after = _deliveries(c, webhook_id)[0]
        assert (after["attempts"], after["nextRetryAt"]) == (2, None)
        # Nothing failed is left to replay.
        again = c.post(f"/webhooks/{webhook_id}/deliveries/batch-replay", json={"limit": 5})
        assert again.json() == {"replayed": 0, "remaining": 0}
        bad = c.post(f"/webhooks/{webhook_id}/deliveries/batch-replay", json={"limit": 5000})
        assert bad.status_code == 400


def test_batch_replay_filters_and_limits(receiver: Receiver, sandbox: Sandbox) -> None:
    sandbox.configure(time_scale=1.0)
    receiver.status = 500
    headers = {"Authorization": f"Bearer {sandbox.api_key}"}
    with httpx.Client(base_url=sandbox.url, headers=headers) as c:
        webhook_id = c.post("/webhooks", json={"url": receiver.url, "events": ["*"]}).json()[
            "webhook"
        ]["id"]
        for n in range(3):
            c.post("/contacts", json={"email": f"c{n}@example.net"})
        receiver.wait_for(3)
        _until(lambda: all(d["attempts"] for d in _deliveries(c, webhook_id)), "attempts")
        only = c.post(
            f"/webhooks/{webhook_id}/deliveries/batch-replay",
            json={"eventType": "contact.created", "limit": 2, "withinMinutes": 5},
        )
        assert only.json() == {"replayed": 2, "remaining": 1}
        none = c.post(
            f"/webhooks/{webhook_id}/deliveries/batch-replay", json={"eventType": "domain.created"}
        )
        assert none.json() == {"replayed": 0, "remaining": 0}


def test_a_webhook_is_disabled_after_repeated_consecutive_failures(
    receiver: Receiver, sandbox: Sandbox
) -> None:
    sandbox.configure(time_scale=1e-5)
    receiver.status = 500
    headers = {"Authorization": f"Bearer {sandbox.api_key}"}
    with httpx.Client(base_url=sandbox.url, headers=headers) as c:
        webhook_id = c.post(
            "/webhooks", json={"url": receiver.url, "events": ["contact.created"]}
        ).json()["webhook"]["id"]
        for n in range(3):
            c.post("/contacts", json={"email": f"c{n}@example.net"})

        def disabled() -> bool:
            return c.get(f"/webhooks/{webhook_id}").json()["webhook"]["active"] is False

        _until(disabled, "the webhook to be disabled")
        sandbox.drain_webhooks()
        webhook = c.get(f"/webhooks/{webhook_id}").json()["webhook"]
        # Attempts already on the wire when it was disabled still count.
        failures = webhook["consecutiveFailures"]
        assert DISABLE_AFTER <= failures < DISABLE_AFTER + 3
        assert webhook["disabledAt"] is not None
        assert webhook["disabledReason"].startswith(f"Disabled after {DISABLE_AFTER} consecutive")
        assert all(d["nextRetryAt"] is None for d in _deliveries(c, webhook_id))
        count = len(receiver.received)
        assert count == failures
        # A disabled webhook gets nothing more.
        c.post("/contacts", json={"email": "late@example.net"})
        time.sleep(0.1)
        assert len(receiver.received) == count
        # Enabling it again clears the failure state.
        enabled = c.patch(f"/webhooks/{webhook_id}", json={"enabled": True}).json()["webhook"]
        assert (enabled["active"], enabled["consecutiveFailures"], enabled["disabledAt"]) == (
            True,
            0,
            None,
        )


def test_contact_and_domain_events_are_delivered(receiver: Receiver, sandbox: Sandbox) -> None:
    headers = {"Authorization": f"Bearer {sandbox.api_key}"}
    with httpx.Client(base_url=sandbox.url, headers=headers) as c:
        some = ["contact.created", "contact.updated", "contact.deleted", "domain.created"]
        c.post("/webhooks", json={"url": receiver.url, "events": some})
        c.post("/webhooks", json={"url": receiver.url, "events": ["*"]})
        contact = c.post("/contacts", json={"email": "ada@example.net"}).json()["contact"]
        c.patch(f"/contacts/{contact['publicId']}", json={"first_name": "Ada"})
        c.post(f"/contacts/{contact['publicId']}/unsubscribe")
        c.delete(f"/contacts/{contact['publicId']}")
        domain = c.post("/domains", json={"name": "news.example.org"}).json()["domain"]
        c.post(f"/domains/{domain['id']}/verify")
        c.patch(f"/domains/{domain['id']}", json={"open_tracking": True})
        c.delete(f"/domains/{domain['id']}")
        sandbox.drain_webhooks()
    types = [json.loads(r.body)["type"] for r in receiver.received]
    contact_types = [
        "contact.created",
        "contact.updated",
        "contact.unsubscribed",
        "contact.deleted",
    ]
    domain_types = [
        "domain.created",
        "domain.verified",
        "domain.updated",
        "domain.deleted",
    ]
    # "*" gets everything; the first webhook only what it subscribed to.
    assert sorted(types) == sorted([*contact_types, *domain_types, *some])
    created = next(json.loads(r.body) for r in receiver.received if b"contact.created" in r.body)
    assert created["data"]["email"] == "ada@example.net"
    assert created["data"]["contact_id"] == contact["publicId"]

"""Webhooks end to end: CRUD over HTTP, and signed event deliveries to a real receiver whose
signatures are checked against the exact bytes it received."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import httpx

from poststack_sandbox import Sandbox

from .conftest import Message, Receiver

WEBHOOK_KEYS = {
    "id",
    "url",
    "events",
    "active",
    "createdAt",
    "secretRotatedAt",
    "previousSecretExpiresAt",
    "consecutiveFailures",
    "disabledAt",
    "disabledReason",
}
DELIVERY_KEYS = {
    "id",
    "webhookId",
    "eventType",
    "payload",
    "statusCode",
    "responseBody",
    "attempts",
    "nextRetryAt",
    "deliveredAt",
    "createdAt",
}


def _signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _create(client: httpx.Client, url: str, events: list[str]) -> tuple[dict[str, Any], str]:
    response = client.post("/webhooks", json={"url": url, "events": events})
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"webhook", "signingSecret"}
    return body["webhook"], body["signingSecret"]


def test_webhook_crud(client: httpx.Client) -> None:
    webhook, secret = _create(client, "https://example.com/hook", ["email.delivered"])
    assert set(webhook) == WEBHOOK_KEYS
    assert webhook["id"] == 1
    assert webhook["url"] == "https://example.com/hook"
    assert webhook["events"] == ["email.delivered"]
    assert webhook["active"] is True
    assert webhook["consecutiveFailures"] == 0
    assert webhook["secretRotatedAt"] is None
    assert secret.startswith("whsec_")
    assert client.get("/webhooks/1").json() == {"webhook": webhook}
    listed = client.get("/webhooks").json()
    assert listed == {"webhooks": [{**webhook, "lastDeliveryAt": None, "lastDeliveryStatus": None}]}
    updated = client.patch(
        "/webhooks/1", json={"url": "http://127.0.0.1:9/x", "events": ["*"], "enabled": False}
    ).json()["webhook"]
    assert (updated["url"], updated["events"], updated["active"]) == (
        "http://127.0.0.1:9/x",
        ["*"],
        False,
    )
    assert client.delete("/webhooks/1").json() == {"success": True}
    missing = client.get("/webhooks/1")
    assert missing.status_code == 404
    assert missing.json() == {"error": "Webhook 1 not found", "code": "not_found"}
    assert client.get("/webhooks/abc").status_code == 404


def test_webhook_validation(client: httpx.Client) -> None:
    bad_url = client.post("/webhooks", json={"url": "ftp://x", "events": ["email.sent"]})
    assert bad_url.status_code == 400
    assert bad_url.json() == {
        "error": "'url' must be an absolute http or https URL: 'ftp://x'",
        "code": "invalid_request",
    }
    no_events = client.post("/webhooks", json={"url": "https://x.test/h", "events": []})
    assert no_events.json() == {
        "error": "'events' is required (a non-empty array of event names)",
        "code": "invalid_request",
    }
    _create(client, "https://x.test/h", ["email.sent"])
    assert client.patch("/webhooks/1", json={"enabled": "yes"}).status_code == 400
    assert client.post("/webhooks/1/rotate-secret", json={"graceHours": 169}).status_code == 400


def test_email_events_are_delivered_signed(
    client: httpx.Client, receiver: Receiver, msg: Message
) -> None:
    webhook, secret = _create(client, receiver.url, ["email.sent", "email.delivered"])
    email_id = client.post("/emails", json=msg(tags=["t"])).json()["id"]
    received = receiver.wait_for(2)
    types: list[str] = []
    for item in received:
        assert item.path == "/hooks"
        assert item.headers["Content-Type"] == "application/json"
        assert item.headers["X-PostStack-Signature"] == _signature(secret, item.body)
        payload = json.loads(item.body)
        assert set(payload) == {"id", "type", "timestamp", "data"}
        assert payload["id"].startswith("evt_")
        assert payload["data"]["email_id"] == email_id
        assert payload["data"]["to"] == ["ada@example.com"]
        assert payload["data"]["tags"] == ["t"]
        assert payload["data"]["test_mode"] is True
        types.append(payload["type"])
    # email.queued is not subscribed; the other two arrive (order not guaranteed).
    assert sorted(types) == ["email.delivered", "email.sent"]
    deliveries = client.get(f"/webhooks/{webhook['id']}/deliveries")
    assert deliveries.status_code == 200
    body = deliveries.json()
    assert set(body) == {"deliveries", "pagination"}
    assert body["pagination"] == {"page": 1, "perPage": 20, "total": 2, "totalPages": 1}
    _wait_for_attempts(client, webhook["id"], 2)


def _wait_for_attempts(client: httpx.Client, webhook_id: int, count: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        items = client.get(f"/webhooks/{webhook_id}/deliveries").json()["deliveries"]
        if len(items) >= count and all(d["attempts"] for d in items):
            for item in items:
                assert set(item) == DELIVERY_KEYS
            return list(items)
        time.sleep(0.02)
    raise AssertionError("deliveries did not complete")


def test_delivery_records_success_and_failure(
    client: httpx.Client, receiver: Receiver, msg: Message
) -> None:
    webhook, _ = _create(client, receiver.url, ["email.delivered"])
    client.post("/emails", json=msg())
    ok = _wait_for_attempts(client, webhook["id"], 1)[0]
    assert ok["statusCode"] == 200
    assert ok["responseBody"] == "ok"
    assert ok["attempts"] == 1
    assert ok["deliveredAt"] is not None
    assert ok["eventType"] == "email.delivered"
    assert ok["payload"]["type"] == "email.delivered"
    receiver.status = 500
    client.post("/emails", json=msg())
    failed = _wait_for_attempts(client, webhook["id"], 2)[0]
    assert failed["statusCode"] == 500
    assert failed["deliveredAt"] is None
    listed = client.get("/webhooks").json()["webhooks"][0]
    assert listed["lastDeliveryStatus"] == 500
    assert listed["consecutiveFailures"] == 1
    # Replay sends the same payload again.
    receiver.status = 200
    replay = client.post(f"/webhooks/{webhook['id']}/deliveries/{failed['id']}/replay")
    assert replay.json() == {"success": True}
    replayed = receiver.wait_for(3)[-1]
    assert json.loads(replayed.body) == failed["payload"]
    assert client.post(f"/webhooks/{webhook['id']}/deliveries/999/replay").status_code == 404


def test_test_endpoint_reports_the_receiver(client: httpx.Client, receiver: Receiver) -> None:
    webhook, secret = _create(client, receiver.url, ["email.delivered"])
    assert client.post(f"/webhooks/{webhook['id']}/test").json() == {"success": True}
    item = receiver.wait_for(1)[0]
    assert json.loads(item.body)["type"] == "webhook.test"
    assert item.headers["X-PostStack-Signature"] == _signature(secret, item.body)
    receiver.status = 503
    assert client.post(f"/webhooks/{webhook['id']}/test").json() == {"success": False}
    dead, _ = _create(client, "http://127.0.0.1:9/closed", ["*"])
    assert client.post(f"/webhooks/{dead['id']}/test").json() == {"success": False}


def test_rotation_signs_with_both_secrets_during_grace(
    client: httpx.Client, receiver: Receiver
) -> None:
    webhook, old = _create(client, receiver.url, ["*"])
    rotated = client.post(f"/webhooks/{webhook['id']}/rotate-secret", json={"graceHours": 1})
    assert rotated.status_code == 200
    body = rotated.json()
    assert set(body) == {"webhook", "signingSecret"}
    new = body["signingSecret"]
    assert new != old
    assert body["webhook"]["secretRotatedAt"] is not None
    assert body["webhook"]["previousSecretExpiresAt"] is not None
    client.post(f"/webhooks/{webhook['id']}/test")
    item = receiver.wait_for(1)[0]
    assert item.headers["X-PostStack-Signature"] == (
        f"{_signature(new, item.body)},{_signature(old, item.body)}"
    )
    # Immediate cutover: one signature, with the newest secret.
    newest = client.post(f"/webhooks/{webhook['id']}/rotate-secret", json={"graceHours": 0}).json()
    assert newest["webhook"]["previousSecretExpiresAt"] is None
    client.post(f"/webhooks/{webhook['id']}/test")
    last = receiver.wait_for(2)[-1]
    assert last.headers["X-PostStack-Signature"] == _signature(newest["signingSecret"], last.body)


def test_slow_receiver_does_not_block_sends(
    sandbox: Sandbox, client: httpx.Client, receiver: Receiver, msg: Message
) -> None:
    receiver.delay = 1.0
    _create(client, receiver.url, ["email.delivered"])
    started = time.monotonic()
    for _ in range(3):
        assert client.post("/emails", json=msg()).status_code == 202
    assert time.monotonic() - started < 0.8
    sandbox.drain_webhooks()
    assert len(receiver.received) == 3


def test_disabled_and_unsubscribed_webhooks_get_nothing(
    sandbox: Sandbox, client: httpx.Client, receiver: Receiver, msg: Message
) -> None:
    _create(client, receiver.url, ["email.bounced"])
    off, _ = _create(client, receiver.url, ["*"])
    client.patch(f"/webhooks/{off['id']}", json={"enabled": False})
    email_id = client.post("/emails", json=msg()).json()["id"]
    sandbox.drain_webhooks()
    assert receiver.received == []
    sandbox.simulate_event(email_id, "bounced")
    payload = json.loads(receiver.wait_for(1)[0].body)
    assert payload["type"] == "email.bounced"
    assert payload["data"]["status"] == "bounced"

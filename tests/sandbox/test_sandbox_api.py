"""Cross-cutting API behaviour: authentication, permissions, request ids, routing of unknown and
not-emulated paths, the inbox page, and the control API."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from poststack_sandbox import Sandbox

from .conftest import Message


@pytest.mark.parametrize(
    ("authorization", "message"),
    [
        (None, "Missing API key: send 'Authorization: Bearer sk_…'"),
        ("Basic sk_test_abc", "Malformed Authorization header: expected 'Bearer <api key>'"),
        ("Bearer", "Malformed Authorization header: expected 'Bearer <api key>'"),
        ("Bearer pk_test_abc", "Invalid API key: expected sk_test_… or sk_live_…"),
        ("Bearer sk_test_", "Invalid API key: expected sk_test_… or sk_live_…"),
        ("Bearer sk_prod_abc", "Invalid API key: expected sk_test_… or sk_live_…"),
    ],
)
def test_missing_or_malformed_keys_are_401(
    sandbox: Sandbox, msg: Message, authorization: str | None, message: str
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = httpx.post(f"{sandbox.url}/emails", json=msg(), headers=headers)
    assert response.status_code == 401
    assert response.json() == {"error": message, "code": "unauthorized"}
    assert sandbox.emails() == []


def test_any_well_formed_key_is_accepted_by_default(sandbox: Sandbox) -> None:
    # "sk_live_..." too: the guide's placeholder key must work verbatim.
    for key in ("sk_test_x", "sk_live_0123456789abcdef", "sk_live_...", sandbox.api_key):
        response = httpx.get(f"{sandbox.url}/emails", headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 200, key
    assert sandbox.api_key.startswith("sk_test_")


def test_fixed_keys_and_sending_access() -> None:
    keys = {"sk_test_full": "full_access", "sk_live_send": "sending_access"}
    with Sandbox(keys=keys, domains=["acme.test"]) as sb:
        assert sb.api_key == "sk_test_full"

        def call(method: str, path: str, key: str, **kwargs: Any) -> httpx.Response:
            headers = {"Authorization": f"Bearer {key}"}
            return httpx.request(method, f"{sb.url}{path}", headers=headers, **kwargs)

        assert call("GET", "/emails", "sk_test_other").json() == {
            "error": "Invalid API key",
            "code": "unauthorized",
        }
        payload = {"from": "a@acme.test", "to": ["b@example.com"], "subject": "s", "text": "t"}
        sent = call("POST", "/emails", "sk_live_send", json=payload)
        assert sent.status_code == 202
        email_id = sent.json()["id"]
        assert call("GET", f"/emails/{email_id}", "sk_live_send").status_code == 200
        assert call("GET", f"/emails/{email_id}/events", "sk_live_send").status_code == 200
        assert call("POST", "/emails/batch", "sk_live_send", json={"emails": [payload]}).is_success
        forbidden = call("GET", "/webhooks", "sk_live_send")
        assert forbidden.status_code == 403
        assert forbidden.json() == {
            "error": "API key does not have permission for this endpoint "
            "(GET /webhooks needs a full_access key)",
            "code": "forbidden",
        }
        assert call("POST", f"/emails/{email_id}/cancel", "sk_live_send").status_code == 403
        assert call("GET", "/webhooks", "sk_test_full").status_code == 200


def test_fixed_keys_are_validated() -> None:
    with pytest.raises(ValueError, match="malformed API key 'nope'"):
        Sandbox(keys=["nope"])
    with pytest.raises(ValueError, match="unknown permission 'root'"):
        Sandbox(keys={"sk_test_a": "root"})


def test_every_response_has_a_unique_request_id(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    sandbox.add_fault("GET", "/emails", [{"status": 503}])
    responses = [
        client.post("/emails", json=msg()),
        client.post("/emails", json=msg(to=["bad"])),
        client.get("/emails"),
        client.get("/emails"),
        client.get("/nowhere"),
        client.get("/segments"),
        httpx.get(f"{sandbox.url}/emails"),
        client.get("/"),
        client.get("/_sandbox/stats"),
    ]
    ids = [r.headers["x-request-id"] for r in responses]
    assert all(i.startswith("req_") for i in ids)
    assert len(set(ids)) == len(ids)


def test_unknown_paths_are_404_and_known_prefixes_501(client: httpx.Client) -> None:
    unknown = client.get("/v2/emails")
    assert unknown.status_code == 404
    assert unknown.json() == {"error": "No route for GET /v2/emails", "code": "not_found"}
    for method, path in [
        # Under a known prefix, but no such endpoint in the API.
        ("GET", "/broadcasts/bc_1/opens"),
        ("PUT", "/segments/seg_1"),
        ("DELETE", "/emails"),
        ("POST", "/mailboxes/aliases/1/rename"),
    ]:
        response = client.request(method, path)
        assert response.status_code == 501, path
        assert response.json() == {
            "error": f"{method} {path} is not emulated by the PostStack sandbox",
            "code": "not_emulated",
        }


def test_not_emulated_still_requires_auth(sandbox: Sandbox) -> None:
    response = httpx.get(f"{sandbox.url}/broadcasts")
    assert response.status_code == 401


def test_control_api_emails_reset_stats_config(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    email_id = client.post("/emails", json=msg(), headers={"Idempotency-Key": "c-1"}).json()["id"]
    with httpx.Client(base_url=sandbox.url) as control:
        data = control.get("/_sandbox/emails").json()["data"]
        assert [e["publicId"] for e in data] == [email_id]
        assert data[0]["htmlBody"] == "<p>Hello</p>"
        assert data == sandbox.emails()
        assert control.get("/_sandbox/stats").json() == {"connections": 2, "requests": 1}
        config = control.post("/_sandbox/config", json={"monthly_quota": 5})
        assert config.json() == {
            "rate_limit_per_second": None,
            "monthly_quota": 5,
            "delivery_delay": 0.0,
            "time_scale": 0.001,
        }
        assert control.get("/_sandbox/config").json()["monthly_quota"] == 5
        bad = control.post("/_sandbox/config", json={"delivery_delay": -1})
        assert bad.status_code == 400
        assert bad.json()["error"] == "delivery_delay must be a non-negative number of seconds"
        assert control.delete("/_sandbox/emails").json() == {"success": True}
        assert sandbox.emails() == []
        # Idempotency keys went with the emails: the same key makes a new email.
        again = client.post("/emails", json=msg(), headers={"Idempotency-Key": "c-1"}).json()
        assert again["id"] != email_id
        assert "replayed" not in again
        sandbox.add_fault("POST", "/emails", [{"status": 500}])
        assert control.post("/_sandbox/reset").json() == {"success": True}
        assert sandbox.emails() == []
        assert sandbox.faults() == []
        assert sandbox.stats() == {"connections": 0, "requests": 0}


def test_python_reset_forgets_everything(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    client.post("/emails", json=msg(), headers={"Idempotency-Key": "r-1"})
    sandbox.add_fault("POST", "/emails", [{"status": 500}])
    sandbox.reset()
    assert sandbox.emails() == []
    assert sandbox.faults() == []
    assert sandbox.stats() == {"connections": 0, "requests": 0}
    response = client.post("/emails", json=msg(), headers={"Idempotency-Key": "r-1"})
    assert response.status_code == 202
    assert "replayed" not in response.json()


def test_simulated_events_through_control_api(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    email_id = client.post("/emails", json=msg()).json()["id"]
    with httpx.Client(base_url=sandbox.url) as control:
        created = control.post(
            f"/_sandbox/emails/{email_id}/events",
            json={"type": "bounced", "metadata": {"reason": "mailbox full"}, "geoCity": "Oslo"},
        )
        assert created.status_code == 201
        event = created.json()["event"]
        assert event["eventType"] == "bounced"
        assert event["metadata"] == {"reason": "mailbox full"}
        assert event["geoCity"] == "Oslo"
        assert (
            control.post(f"/_sandbox/emails/{email_id}/events", json={"type": "x"}).status_code
            == 400
        )
        assert (
            control.post("/_sandbox/emails/em_x/events", json={"type": "opened"}).status_code == 404
        )
    email = client.get(f"/emails/{email_id}").json()["email"]
    assert email["status"] == "bounced"
    assert email["events"][-1] == event

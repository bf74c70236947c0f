"""The /emails resource over real HTTP: send, validation, idempotency, batch, read, list,
reschedule, cancel, events, insights, preview, spam preview."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from poststack_sandbox import Sandbox

from .conftest import Message

EVENT_KEYS = {
    "id",
    "emailId",
    "eventType",
    "metadata",
    "geoCountry",
    "geoRegion",
    "geoCity",
    "uaClientName",
    "uaClientType",
    "uaOs",
    "uaDeviceType",
    "isPrefetch",
    "createdAt",
}
SUMMARY_KEYS = {
    "id",
    "publicId",
    "teamId",
    "apiKeyId",
    "domainId",
    "fromAddress",
    "fromName",
    "toAddresses",
    "ccAddresses",
    "bccAddresses",
    "replyTo",
    "subject",
    "headers",
    "tags",
    "status",
    "testMode",
    "recipientProvider",
    "unsubscribeEnabled",
    "spamScore",
    "spamWarnings",
    "scheduledAt",
    "sentAt",
    "createdAt",
}


def test_send_answers_202_with_id_and_test_mode(client: httpx.Client, msg: Message) -> None:
    response = client.post("/emails", json=msg())
    assert response.status_code == 202
    body = response.json()
    assert set(body) == {"id", "test_mode"}
    assert body["id"].startswith("em_")
    assert body["test_mode"] is True
    assert response.headers["content-type"].startswith("application/json")


def test_live_key_send_has_no_test_mode(sandbox: Sandbox, msg: Message) -> None:
    headers = {"Authorization": "Bearer sk_live_abc123"}
    response = httpx.post(f"{sandbox.url}/emails", json=msg(), headers=headers)
    assert response.status_code == 202
    assert set(response.json()) == {"id"}
    assert sandbox.emails()[0]["testMode"] is False


def test_send_alias_path(client: httpx.Client, msg: Message) -> None:
    response = client.post("/emails/send", json=msg())
    assert response.status_code == 202
    assert response.json()["id"].startswith("em_")


def test_get_returns_the_email_field_by_field(client: httpx.Client, msg: Message) -> None:
    payload = msg(
        to=["Ada <ada@gmail.com>"],
        cc=["cc@example.com"],
        bcc=["bcc@example.com"],
        reply_to="reply@acme.test",
        headers={"X-Campaign": "spring"},
        tags=["welcome", "onboarding"],
    )
    email_id = client.post("/emails", json=payload).json()["id"]
    response = client.get(f"/emails/{email_id}")
    assert response.status_code == 200
    assert set(response.json()) == {"email"}
    email = response.json()["email"]
    assert set(email) == SUMMARY_KEYS | {"htmlBody", "textBody", "events"}
    assert isinstance(email["id"], int)
    assert email["publicId"] == email_id
    assert email["fromAddress"] == "hello@acme.test"
    assert email["fromName"] == "Acme"
    assert email["toAddresses"] == ["Ada <ada@gmail.com>"]
    assert email["ccAddresses"] == ["cc@example.com"]
    assert email["bccAddresses"] == ["bcc@example.com"]
    assert email["replyTo"] == ["reply@acme.test"]
    assert email["subject"] == "Welcome"
    assert email["headers"] == {"X-Campaign": "spring"}
    assert email["tags"] == ["welcome", "onboarding"]
    assert email["status"] == "delivered"
    assert email["testMode"] is True
    assert email["recipientProvider"] == "gmail"
    assert email["unsubscribeEnabled"] is False
    assert email["spamScore"] == "0.00"
    assert email["spamWarnings"] is None
    assert email["scheduledAt"] is None
    assert email["sentAt"] is not None
    assert email["createdAt"].endswith("Z")
    assert email["htmlBody"] == "<p>Hello</p>"
    assert email["textBody"] == "Hello"
    assert [e["eventType"] for e in email["events"]] == ["queued", "sent", "delivered"]
    for event in email["events"]:
        assert set(event) == EVENT_KEYS
        assert event["emailId"] == email["id"]
        assert event["isPrefetch"] is False


def test_get_unknown_email_is_404(client: httpx.Client) -> None:
    response = client.get("/emails/em_missing")
    assert response.status_code == 404
    assert response.json() == {"error": "Email em_missing not found", "code": "not_found"}


@pytest.mark.parametrize(
    ("change", "status", "fragment"),
    [
        ({"from_": None}, 400, "'from' is required"),
        ({"from_": 42}, 400, "'from' must be a string"),
        ({"from_": "not an address"}, 400, "'from' is not a valid address"),
        ({"from_": "Name <broken>"}, 400, "'from' is not a valid address"),
        ({"to": None}, 400, "'to' is required"),
        ({"to": "ada@example.com"}, 400, "'to' must be an array"),
        ({"to": []}, 400, "'to' must contain at least one"),
        ({"to": ["ok@example.com", "nope"]}, 400, "'to[1]' is not a valid email address"),
        ({"cc": ["bad"]}, 400, "'cc[0]' is not a valid"),
        ({"bcc": [7]}, 400, "'bcc[0]' is not a valid"),
        ({"reply_to": "bad"}, 400, "'reply_to' is not a valid"),
        ({"subject": None}, 400, "'subject' is required unless 'template_id'"),
        ({"subject": 5}, 400, "'subject' must be a string"),
        ({"html": None, "text": None}, 400, "one of 'html' or 'text' is required"),
        ({"headers": {"X-A": 1}}, 400, "'headers' must be an object of string values"),
        ({"headers": ["X-A"]}, 400, "'headers' must be an object"),
        ({"tags": "a"}, 400, "'tags' must be an array of strings"),
        ({"scheduled_at": "tomorrow"}, 400, "'scheduled_at' must be an ISO-8601"),
        ({"scheduled_at": 12}, 400, "'scheduled_at' must be an ISO-8601"),
        ({"attachments": {}}, 400, "'attachments' must be an array"),
        ({"attachments": [{"content": "aGk="}]}, 400, "'attachments[0].filename' is required"),
        ({"attachments": [{"filename": "a.txt"}]}, 400, "'attachments[0].content' is required"),
        (
            {"attachments": [{"filename": "a.txt", "content": "not base64!"}]},
            400,
            "'attachments[0].content' is not valid base64",
        ),
        (
            {"attachments": [{"filename": "a", "content": "aGk=", "content_id": "<x>"}]},
            400,
            "'attachments[0].content_id' must not have angle brackets",
        ),
        ({"variables": []}, 400, "'variables' must be an object"),
        ({"unsubscribe": "yes"}, 400, "'unsubscribe' must be a boolean"),
        ({"tracking": True}, 400, "'tracking' must be an object"),
        ({"signature": "maybe"}, 400, "'signature' must be 'auto' or 'none'"),
        ({"idempotency_window_hours": 100}, 400, "'idempotency_window_hours' must be"),
        ({"idempotency_key": ""}, 400, "'idempotency_key' must be a non-empty string"),
        ({"to": [f"u{i}@example.com" for i in range(51)]}, 422, "too many recipients"),
    ],
)
def test_send_validation_names_the_field(
    client: httpx.Client, msg: Message, change: dict[str, Any], status: int, fragment: str
) -> None:
    response = client.post("/emails", json=msg(**change))
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error", "code"}
    assert fragment in body["error"]
    assert body["code"] == ("invalid_request" if status == 400 else "unprocessable_entity")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "Request body is required (a JSON object)"),
        (b"{not json", "Request body is not valid JSON"),
        (b"[1, 2]", "Request body must be a JSON object"),
    ],
)
def test_send_rejects_non_object_bodies(client: httpx.Client, raw: bytes, expected: str) -> None:
    response = client.post("/emails", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"error": expected, "code": "invalid_request"}


def test_validation_failure_stores_nothing(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    client.post("/emails", json=msg(to=["nope"]))
    assert sandbox.emails() == []


def test_attachments_are_limited_on_decoded_bytes(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    exactly_10mb = base64.b64encode(b"\0" * (10 * 1024 * 1024)).decode()
    ok = client.post(
        "/emails", json=msg(attachments=[{"filename": "a.bin", "content": exactly_10mb}])
    )
    assert ok.status_code == 202
    over = base64.b64encode(b"\0" * (10 * 1024 * 1024 + 1)).decode()
    too_big = client.post("/emails", json=msg(attachments=[{"filename": "b.bin", "content": over}]))
    assert too_big.status_code == 422
    assert too_big.json()["code"] == "unprocessable_entity"
    assert "'attachments[0]' is 10485761 bytes" in too_big.json()["error"]
    three_9mb = [
        {"filename": f"{i}.bin", "content": base64.b64encode(b"\0" * (9 * 1024 * 1024)).decode()}
        for i in range(3)
    ]
    total = client.post("/emails", json=msg(attachments=three_9mb))
    assert total.status_code == 422
    assert "'attachments' total 28311552 bytes" in total.json()["error"]
    assert len(sandbox.emails()) == 1


def test_idempotency_header_replays_the_original(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    first = client.post("/emails", json=msg(), headers={"Idempotency-Key": "k-1"})
    again = client.post("/emails", json=msg(), headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 202
    assert again.json() == {"id": first.json()["id"], "replayed": True, "test_mode": True}
    assert "replayed" not in first.json()
    assert len(sandbox.emails()) == 1


def test_idempotency_body_field_replays_and_wins_over_header(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    payload = msg(idempotency_key="order_123_welcome")
    first = client.post("/emails", json=payload, headers={"Idempotency-Key": "random-1"})
    # A different (SDK-generated) header must not defeat the caller's own body key.
    again = client.post("/emails", json=payload, headers={"Idempotency-Key": "random-2"})
    assert again.json() == {"id": first.json()["id"], "replayed": True, "test_mode": True}
    assert len(sandbox.emails()) == 1


def test_idempotency_key_reused_with_other_payload_is_422(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    client.post("/emails", json=msg(), headers={"Idempotency-Key": "k-2"})
    conflict = client.post("/emails", json=msg(subject="Other"), headers={"Idempotency-Key": "k-2"})
    assert conflict.status_code == 422
    assert conflict.json() == {
        "error": "Idempotency key 'k-2' was already used with a different payload",
        "code": "unprocessable_entity",
    }
    assert len(sandbox.emails()) == 1


def test_batch_accepts_with_per_element_results(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    batch = {"emails": [msg(), msg(to=["bad"]), msg(subject="Third"), "nope"]}
    response = client.post("/emails/batch", json=batch)
    assert response.status_code == 202
    data = response.json()["data"]
    assert len(data) == 4
    assert set(data[0]) == {"id"}
    assert data[1] == {
        "error": "emails[1].'to[0]' is not a valid email address: 'bad'",
        "code": "invalid_request",
    }
    assert data[2]["id"].startswith("em_")
    assert data[3] == {"error": "emails[3] must be an object", "code": "invalid_request"}
    assert [e["publicId"] for e in sandbox.emails()] == [data[0]["id"], data[2]["id"]]


def test_batch_size_limit_and_shape(client: httpx.Client, msg: Message) -> None:
    too_many = client.post("/emails/batch", json={"emails": [msg()] * 101})
    assert too_many.status_code == 422
    assert too_many.json() == {
        "error": "Batch size exceeds limit: 101 emails, at most 100",
        "code": "unprocessable_entity",
    }
    assert client.post("/emails/batch", json={"emails": [msg()] * 100}).status_code == 202
    assert client.post("/emails/batch", json={"emails": []}).status_code == 400
    assert client.post("/emails/batch", json={"nope": []}).json()["code"] == "invalid_request"


def test_batch_replays_by_header_and_element_key(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    batch = {"emails": [msg(), msg(to=["x"])]}
    first = client.post("/emails/batch", json=batch, headers={"Idempotency-Key": "b-1"}).json()
    again = client.post("/emails/batch", json=batch, headers={"Idempotency-Key": "b-1"}).json()
    assert again["data"][0] == {**first["data"][0], "replayed": True}
    assert again["data"][1] == first["data"][1]
    other = client.post(
        "/emails/batch", json={"emails": [msg()]}, headers={"Idempotency-Key": "b-1"}
    )
    assert other.status_code == 422
    keyed = {"emails": [msg(idempotency_key="el-1")]}
    one = client.post("/emails/batch", json=keyed).json()["data"][0]
    two = client.post("/emails/batch", json=keyed).json()["data"][0]
    assert two == {"id": one["id"], "replayed": True}
    assert len(sandbox.emails()) == 2


def _send(client: httpx.Client, payload: dict[str, Any]) -> str:
    response = client.post("/emails", json=payload)
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


def test_list_envelope_and_pagination(client: httpx.Client, msg: Message) -> None:
    ids = [_send(client, msg(subject=f"n{i}")) for i in range(5)]
    page = client.get("/emails", params={"page": 2, "per_page": 2}).json()
    assert set(page) == {"data", "meta"}
    assert page["meta"] == {"page": 2, "perPage": 2, "total": 5, "totalPages": 3}
    # Newest first.
    assert [e["publicId"] for e in page["data"]] == [ids[2], ids[1]]
    assert all(set(item) == SUMMARY_KEYS for item in page["data"])
    default = client.get("/emails").json()["meta"]
    assert default == {"page": 1, "perPage": 20, "total": 5, "totalPages": 1}
    bad = client.get("/emails", params={"per_page": 101})
    assert bad.status_code == 400
    assert bad.json() == {
        "error": "Query parameter 'per_page' must be between 1 and 100",
        "code": "invalid_request",
    }
    assert client.get("/emails", params={"page": "x"}).status_code == 400


def test_list_filters(client: httpx.Client, sandbox: Sandbox, msg: Message) -> None:
    a = _send(client, msg(to=["Ada@Gmail.com"], subject="Invoice 42", tags=["billing"]))
    b = _send(client, msg(from_="News <news@other.test>", to=["bob@corp.test"], subject="News"))
    c = _send(client, msg(cc=["carol@corp.test"], subject="Hello", tags=["welcome"]))
    sandbox.simulate_event(b, "opened", geoCountry="DE", uaDeviceType="mobile")

    def ids(**params: Any) -> list[str]:
        response = client.get("/emails", params=params)
        assert response.status_code == 200, response.text
        return [e["publicId"] for e in response.json()["data"]]

    assert ids() == [c, b, a]
    assert ids(to="gmail") == [a]
    assert ids(to="CAROL@") == [c]
    assert ids(**{"from": "NEWS@other"}) == [b]
    assert ids(subject="invoice") == [a]
    assert ids(tag="welcome") == [c]
    assert ids(tag="welc") == []
    assert ids(provider="gmail") == [a]
    assert ids(country="de") == [b]
    assert ids(device="mobile") == [b]
    assert ids(status="delivered") == [c, b, a]
    assert ids(status="queued") == []
    # The fixture's domains: acme.test is 1, other.test is 2.
    assert ids(domain_id=2) == [b]
    assert ids(domain_id=99) == []
    created = sandbox.emails()[0]["createdAt"]
    today = created[:10]
    assert ids(date_from=today, date_to=today) == [c, b, a]
    assert ids(date_to="2000-01-01") == []
    assert ids(date_from="2999-01-01T00:00:00Z") == []
    assert client.get("/emails", params={"status": "lost"}).status_code == 400
    assert client.get("/emails", params={"date_from": "soon"}).status_code == 400
    assert client.get("/emails", params={"domain_id": "x"}).status_code == 400


def test_events_and_insights(client: httpx.Client, msg: Message) -> None:
    email_id = _send(client, msg(text=None))
    events = client.get(f"/emails/{email_id}/events")
    assert events.status_code == 200
    assert [e["eventType"] for e in events.json()["events"]] == ["queued", "sent", "delivered"]
    insights = client.get(f"/emails/{email_id}/insights").json()
    assert insights == {
        "warnings": [
            {
                "code": "missing_text_body",
                "message": ("No plain-text body; add one for clients and filters that prefer it."),
                "severity": "warning",
            }
        ]
    }
    assert client.get("/emails/em_nope/events").status_code == 404


def test_preview_renders_without_storing(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    payload = {
        "from": "hello@acme.test",
        "to": ["ada@example.com"],
        "subject": "Hi {{name}}",
        "html": "<p>Hello {{ name }}</p>",
        "variables": {"name": "Ada"},
    }
    response = client.post("/emails/preview", json=payload)
    assert response.status_code == 200
    body = response.json()
    assert body["rendered_subject"] == "Hi Ada"
    assert body["rendered_html"] == "<p>Hello Ada</p>"
    assert body["rendered_text"] is None
    assert body["size"] == {"html_bytes": 16, "text_bytes": 0}
    assert body["spam"]["score"] == 0.5
    assert body["spam"]["action"] == "no_action"
    assert [w["code"] for w in body["warnings"]] == ["missing_text_body"]
    assert sandbox.emails() == []
    too_many = client.post("/emails/preview", json={**payload, "to": ["a@b.co"] * 6})
    assert too_many.status_code == 400


def test_spam_preview_is_deterministic(client: httpx.Client) -> None:
    payload = {
        "from": "hello@acme.test",
        "to": ["ada@example.com"],
        "subject": "FREE MONEY NOW!!!",
        "html": "<p>You are a winner</p>",
    }
    response = client.post("/emails/spam-preview", json=payload)
    assert response.status_code == 200
    assert response.json() == {
        "score": 7.5,
        "action": "add_header",
        "symbols": [
            {
                "name": "SUBJ_ALL_CAPS",
                "score": 3.0,
                "description": "Subject is written in capitals",
            },
            {
                "name": "SUBJ_EXCESS_EXCLAIM",
                "score": 1.5,
                "description": "Subject has three or more exclamation marks",
            },
            {
                "name": "MIME_HTML_ONLY",
                "score": 0.5,
                "description": "Message has an HTML part and no plain-text part",
            },
            {
                "name": "SPAMMY_PHRASE",
                "score": 2.5,
                "description": "Body or subject contains a phrase typical of spam",
            },
        ],
        "skipped": False,
    }
    missing = client.post("/emails/spam-preview", json={**payload, "subject": None})
    assert missing.status_code == 400
    assert missing.json() == {"error": "'subject' is required", "code": "invalid_request"}

"""`PostStackClient` / `AsyncPostStackClient`, the official low-level clients: any path of
the API, on this SDK's core (its retries, errors and Idempotency-Keys)."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from poststack import AsyncPostStackClient, PostStackClient, PostStackError
from poststack_sandbox import Sandbox


class Recorder:
    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]


def test_each_verb_reaches_its_path_with_its_body() -> None:
    rec = Recorder(httpx.Response(200, json={"ok": True}))
    with PostStackClient(api_key="sk_test_x", transport=httpx.MockTransport(rec)) as client:
        assert client.get("/emails", {"page": 2, "status": None, "test": True}) == {"ok": True}
        client.post("/webhooks/1/test")
        client.post("/contacts", {"email": "a@example.com"})
        client.patch("/domains/4", {"open_tracking": False})
        client.put("/mailboxes/mb_1/filters", {"rules": []})
        client.delete("/contacts/con_1")
    seen = [(r.method, r.url.path, r.url.query, r.content) for r in rec.requests]
    assert seen == [
        ("GET", "/emails", b"page=2&test=true", b""),
        ("POST", "/webhooks/1/test", b"", b""),
        ("POST", "/contacts", b"", b'{"email":"a@example.com"}'),
        ("PATCH", "/domains/4", b"", b'{"open_tracking":false}'),
        ("PUT", "/mailboxes/mb_1/filters", b"", b'{"rules":[]}'),
        ("DELETE", "/contacts/con_1", b"", b""),
    ]
    assert [r.headers["authorization"] for r in rec.requests] == ["Bearer sk_test_x"] * 6
    posts = [r for r in rec.requests if r.method == "POST"]
    assert all(r.headers.get("idempotency-key") for r in posts)
    assert not any("idempotency-key" in r.headers for r in rec.requests if r.method != "POST")


def test_raw_bodies_and_text() -> None:
    rec = Recorder(
        httpx.Response(200, content=b"\x00\x01pdf", headers={"content-type": "application/pdf"}),
        httpx.Response(200, text="id,email\n1,a@example.com\n",
                       headers={"content-type": "text/csv"}),
    )  # fmt: skip
    with PostStackClient(api_key="sk_test_x", transport=httpx.MockTransport(rec)) as client:
        assert client.get_bytes("/inbound/1/attachments/2") == b"\x00\x01pdf"
        assert client.get_text("/contacts/export", {"segment_id": "seg_1"}).startswith("id,")
    assert rec.requests[1].url.query == b"segment_id=seg_1"


def _no_sleep(seconds: float) -> None:
    return None


def test_errors_are_post_stack_errors_and_sends_are_retried_with_one_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("time.sleep", _no_sleep)
    rec = Recorder(
        httpx.Response(500, json={"error": "boom"}),
        httpx.Response(202, json={"id": "em_1"}),
        httpx.Response(404, json={"error": "nope", "code": "not_found"},
                       headers={"x-request-id": "req_9"}),
    )  # fmt: skip
    with PostStackClient(api_key="sk_test_x", transport=httpx.MockTransport(rec)) as client:
        assert client.post("/emails", {"from": "a@example.com"}) == {"id": "em_1"}
        with pytest.raises(PostStackError) as info:
            client.get("/emails/em_x")
    first, second = rec.requests[:2]
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]
    assert (info.value.status_code, info.value.code, info.value.request_id) == (
        404, "not_found", "req_9"
    )  # fmt: skip


def test_a_post_the_server_cannot_deduplicate_is_not_repeated_after_a_500() -> None:
    rec = Recorder(httpx.Response(500, json={"error": "boom"}))
    client = PostStackClient(api_key="sk_test_x", transport=httpx.MockTransport(rec))
    with client, pytest.raises(PostStackError):
        client.post("/contacts", {"email": "a@example.com"})
    assert len(rec.requests) == 1


def test_paths_are_sent_literally_and_must_be_absolute() -> None:
    rec = Recorder(httpx.Response(200, json={}))
    with PostStackClient(api_key="sk_test_x", transport=httpx.MockTransport(rec)) as client:
        client.get("/emails/{id}")
        with pytest.raises(ValueError, match="starting with '/'"):
            client.get("emails")
    assert [r.url.raw_path for r in rec.requests] == [b"/emails/%7Bid%7D"]


def test_async_client_with_an_httpx_async_mock_transport() -> None:
    rec = Recorder(httpx.Response(200, json={"webhooks": []}))

    async def main() -> object:
        transport = httpx.MockTransport(rec)
        async with AsyncPostStackClient(api_key="sk_test_x", transport=transport) as client:
            listed = await client.get("/webhooks")
            await client.post("/webhooks", {"url": "https://hooks.example.com"})
            await client.delete("/webhooks/1")
            return listed

    assert asyncio.run(main()) == {"webhooks": []}
    assert [(r.method, r.url.path) for r in rec.requests] == [
        ("GET", "/webhooks"), ("POST", "/webhooks"), ("DELETE", "/webhooks/1")
    ]  # fmt: skip
    assert json.loads(rec.requests[1].content) == {"url": "https://hooks.example.com"}


def test_against_a_sandbox_with_our_transports(sb: Sandbox) -> None:
    send = {"from": "a@example.com", "to": ["b@example.com"], "subject": "s", "text": "t"}
    with PostStackClient(sb.api_key, sb.url, transport="h11") as client:
        sent = client.post("/emails", send)
        fetched = client.get(f"/emails/{sent['id']}")
    assert fetched["email"]["publicId"] == sent["id"]

"""Usage patterns of the official 0.9.0 package's own test files, rewritten for ours.

The official tests swapped an ``httpx.MockTransport`` into the client's private httpx
client (``client._client._httpx = ...``); here the same handler goes in through the public
``transport=`` option. They patched ``time.sleep`` and ``asyncio.sleep`` through
``poststack._client`` to observe retries: that works unchanged, on clients built before
the patch.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from poststack import AsyncPostStack, PostStack, PostStackError
from poststack import _client as client_module
from poststack_transports import AsyncHttpxTransport, HttpxTransport

Handler = Callable[[httpx.Request], httpx.Response]
ALL_RESOURCES = [
    "emails", "domains", "contacts", "contact_properties", "segments", "templates",
    "webhooks", "broadcasts", "suppressions", "api_keys", "mailboxes", "subscription_topics",
    "workflows", "signup_forms", "email_validations", "inbound_emails", "notification_channels",
]  # fmt: skip


def sync_client(handler: Handler, **kwargs: Any) -> PostStack:
    mock = httpx.Client(transport=httpx.MockTransport(handler))
    return PostStack(api_key="sk_test_abc", transport=HttpxTransport(mock), **kwargs)


def async_client(handler: Handler, **kwargs: Any) -> AsyncPostStack:
    mock = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return AsyncPostStack(api_key="sk_test_abc", transport=AsyncHttpxTransport(mock), **kwargs)


class Recorder:
    """Records every request and answers from a queue (the last answer repeats)."""

    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def body(self) -> Any:
        return json.loads(self.last.content) if self.last.content else None


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The official fixture, verbatim in substance: patch the sleeps through _client."""
    recorded: list[float] = []
    monkeypatch.setattr(client_module.time, "sleep", recorded.append)

    async def fake_async_sleep(delay: float) -> None:
        recorded.append(delay)

    monkeypatch.setattr(client_module.asyncio, "sleep", fake_async_sleep)
    return recorded


# -- requests -----------------------------------------------------------------------------


def test_send_email_sync() -> None:
    rec = Recorder(httpx.Response(200, json={"id": "em_123"}))
    with sync_client(rec) as client:
        result = client.emails.send({"from": "a@b.com", "to": ["c@d.com"], "subject": "hi"})
    assert result == {"id": "em_123"}
    assert (rec.last.method, rec.last.url.path) == ("POST", "/emails")
    assert rec.last.headers["authorization"] == "Bearer sk_test_abc"
    assert rec.body()["subject"] == "hi"


def test_list_emails_passes_query_params_and_skips_none() -> None:
    meta = {"page": 1, "perPage": 20, "total": 0, "totalPages": 0}
    rec = Recorder(httpx.Response(200, json={"data": [], "meta": meta}))
    with sync_client(rec) as client:
        client.emails.list({"page": 2, "per_page": 50, "status": "delivered"})
        assert dict(rec.last.url.params) == {"page": "2", "per_page": "50", "status": "delivered"}
        # None is left out, as the official client does (our types do not admit it).
        client.emails.list({"page": 1, "status": None})  # type: ignore[arg-type]
        assert dict(rec.last.url.params) == {"page": "1"}


def test_get_email_url_encodes_id() -> None:
    rec = Recorder(httpx.Response(200, json={"email": {}}))
    with sync_client(rec) as client:
        client.emails.get("em/with slash")
    assert rec.last.url.raw_path == b"/emails/em%2Fwith%20slash"


CALLS: list[tuple[Callable[[PostStack], object], str, str, object]] = [
        (lambda c: c.domains.update(42, {"open_tracking": False}), "PATCH", "/domains/42",
         {"open_tracking": False}),
        (lambda c: c.contacts.delete("con_1"), "DELETE", "/contacts/con_1", None),
        (lambda c: c.email_validations.validate("test@example.com"), "POST",
         "/email-validations", {"email": "test@example.com"}),
        (lambda c: c.subscription_topics.subscribe(contact_id="ct_abc", topic_id="top_xyz"),
         "POST", "/subscription-topics/contacts/ct_abc/subscriptions", {"topic_id": "top_xyz"}),
        (lambda c: c.domains.assign_ip(1, 2), "POST", "/domains/1/ip", {"ipAddressId": 2}),
        (lambda c: c.mailboxes.change_password("mb_abc", "hunter2"), "POST",
         "/mailboxes/mb_abc/password", {"password": "hunter2"}),
        (lambda c: c.webhooks.rotate_secret(17, grace_hours=0), "POST",
         "/webhooks/17/rotate-secret", {"graceHours": 0}),
]  # fmt: skip


@pytest.mark.parametrize(("call", "method", "path", "body"), CALLS)
def test_method_path_and_body(
    call: Callable[[PostStack], object], method: str, path: str, body: object
) -> None:
    rec = Recorder(httpx.Response(200, json={"success": True}))
    with sync_client(rec) as client:
        call(client)
    assert (rec.last.method, rec.last.url.path, rec.body()) == (method, path, body)


def test_rotate_secret_without_grace_sends_no_body() -> None:
    rec = Recorder(httpx.Response(200, json={"webhook": {}, "signingSecret": "s"}))
    with sync_client(rec) as client:
        client.webhooks.rotate_secret(17)
    assert rec.last.content == b""


def test_all_resources_attached() -> None:
    with sync_client(Recorder(httpx.Response(200, json={}))) as client:
        assert [name for name in ALL_RESOURCES if not hasattr(client, name)] == []


# -- errors -------------------------------------------------------------------------------


def test_error_response_raises_poststack_error() -> None:
    rec = Recorder(
        httpx.Response(
            422,
            json={"error": "Missing subject", "code": "invalid_request"},
            headers={"x-request-id": "req_abc"},
        )
    )
    with sync_client(rec) as client, pytest.raises(PostStackError) as info:
        client.emails.send({"from": "a@b.com", "to": ["c@d.com"]})
    err = info.value
    assert (err.status_code, err.error, err.code, err.request_id) == (
        422, "Missing subject", "invalid_request", "req_abc"
    )  # fmt: skip


def test_error_response_without_json_body(sleeps: list[float]) -> None:
    rec = Recorder(httpx.Response(500, text="Internal Server Error"))
    with sync_client(rec) as client, pytest.raises(PostStackError) as info:
        client.emails.get("em_1")
    assert info.value.status_code == 500
    assert len(rec.requests) == 4  # retried three times, with the patched sleep
    assert len(sleeps) == 3


# -- retries, observed by patching the sleeps ----------------------------------------------


def test_429_with_retry_after_waits_that_long(sleeps: list[float]) -> None:
    rec = Recorder(
        httpx.Response(
            429,
            json={"error": "Too many requests", "code": "rate_limit_exceeded"},
            headers={"retry-after": "7"},
        ),
        httpx.Response(200, json={"id": "em_1"}),
    )
    with sync_client(rec) as client:
        assert client.emails.send({"from": "a@b.com", "to": ["c@d.com"]}) == {"id": "em_1"}
    assert len(rec.requests) == 2
    assert sleeps == [7.0]


def test_quota_429_is_not_retried_and_exposes_code_and_headers(sleeps: list[float]) -> None:
    rec = Recorder(
        httpx.Response(
            429,
            json={"error": "Monthly email limit reached.", "code": "rate_limit_exceeded"},
            headers={"x-request-id": "req_1", "x-ratelimit-limit": "100"},
        )
    )
    with sync_client(rec) as client, pytest.raises(PostStackError) as info:
        client.emails.send({"from": "a@b.com", "to": ["c@d.com"]})
    assert (len(rec.requests), sleeps) == (1, [])
    err = info.value
    assert (err.status_code, err.code, err.retry_after) == (429, "rate_limit_exceeded", None)
    assert err.headers["x-ratelimit-limit"] == "100"


@pytest.mark.parametrize(
    "code",
    ["quota_exceeded", "monthly_limit_exceeded", "daily_limit_exceeded", "daily_cap_exceeded",
     "send_limit_exceeded"],
)  # fmt: skip
def test_named_quota_codes_are_not_retried_even_with_retry_after(
    sleeps: list[float], code: str
) -> None:
    rec = Recorder(
        httpx.Response(429, json={"error": "cap", "code": code}, headers={"retry-after": "5"})
    )
    with sync_client(rec) as client, pytest.raises(PostStackError) as info:
        client.emails.send({"from": "a@b.com", "to": ["c@d.com"]})
    assert (len(rec.requests), sleeps, info.value.retry_after) == (1, [], 5.0)


def test_bare_429_from_a_proxy_still_backs_off(sleeps: list[float]) -> None:
    rec = Recorder(httpx.Response(429, text="slow down"), httpx.Response(202, json={"id": "em_1"}))
    with sync_client(rec) as client:
        assert client.emails.send({"from": "a@b.com", "to": ["c@d.com"]}) == {"id": "em_1"}
    assert len(sleeps) == 1
    assert 0 <= sleeps[0] < 0.25  # full jitter below the first backoff step


def test_retry_after_longer_than_the_cap_is_raised_not_slept(sleeps: list[float]) -> None:
    rec = Recorder(httpx.Response(429, json={"error": "later"}, headers={"retry-after": "120"}))
    with sync_client(rec) as client, pytest.raises(PostStackError) as info:
        client.emails.send({"from": "a@b.com", "to": ["c@d.com"]})
    assert (len(rec.requests), sleeps, info.value.retry_after) == (1, [], 120.0)


def test_max_retries_constructor_option(sleeps: list[float]) -> None:
    rec = Recorder(httpx.Response(503, json={"error": "down"}))
    with sync_client(rec, max_retries=1) as client, pytest.raises(PostStackError):
        client.emails.send({"from": "a@b.com", "to": ["c@d.com"]})
    assert (len(rec.requests), len(sleeps)) == (2, 1)


# -- async --------------------------------------------------------------------------------


def test_async_send_error_and_rotate_secret() -> None:
    rec = Recorder(
        httpx.Response(200, json={"id": "em_async"}),
        httpx.Response(404, json={"error": "not found"}, headers={"x-request-id": "r1"}),
        httpx.Response(200, json={"webhook": {}, "signingSecret": "s"}),
    )

    async def main() -> PostStackError:
        async with async_client(rec) as client:
            result = await client.emails.send(
                {"from": "a@b.com", "to": ["c@d.com"], "subject": "hi"}
            )
            assert result == {"id": "em_async"}
            assert rec.body()["subject"] == "hi"
            with pytest.raises(PostStackError) as info:
                await client.emails.get("missing")
            await client.webhooks.rotate_secret(17, grace_hours=48)
            assert all(hasattr(client, name) for name in ALL_RESOURCES)
            return info.value

    err = asyncio.run(main())
    assert (err.status_code, err.error, err.request_id) == (404, "not found", "r1")
    assert rec.body() == {"graceHours": 48}


def test_async_429_with_retry_after_waits_that_long(sleeps: list[float]) -> None:
    rec = Recorder(
        httpx.Response(429, json={"error": "slow", "code": "rate_limit_exceeded"},
                       headers={"retry-after": "3"}),
        httpx.Response(200, json={"id": "em_2"}),
    )  # fmt: skip

    async def main() -> Any:
        async with async_client(rec) as client:
            return await client.emails.send({"from": "a@b.com", "to": ["c@d.com"]})

    assert asyncio.run(main()) == {"id": "em_2"}
    assert sleeps == [3.0]


# -- models -------------------------------------------------------------------------------


def test_email_model_parses_an_api_row() -> None:
    from poststack.types._models import Email

    email = Email.model_validate(
        {"id": 42, "publicId": "em_1", "fromAddress": "a@b.com", "toAddresses": ["c@d.com"],
         "subject": "hi", "status": "deferred", "createdAt": "2026-01-01T00:00:00Z"}
    )  # fmt: skip
    assert (email.id, email.public_id, email.from_address, email.status) == (
        42, "em_1", "a@b.com", "deferred"
    )  # fmt: skip
    assert (email.test_mode, email.events, email.from_name) == (False, None, None)


def test_domain_model_maps_camel_to_snake() -> None:
    from poststack.types._models import Domain

    domain = Domain.model_validate(
        {"id": 1, "name": "example.com", "status": "verified", "region": "eu-west-1",
         "dnsRecords": [], "openTracking": True, "clickTracking": False, "catchAll": False,
         "tlsMode": "opportunistic", "createdAt": "2026-01-01T00:00:00Z"}
    )  # fmt: skip
    assert (domain.open_tracking, domain.click_tracking, domain.tls_mode) == (
        True, False, "opportunistic"
    )  # fmt: skip


def test_mailbox_model_forwarding_fields_and_defaults() -> None:
    from poststack.types._models import Mailbox

    raw = {
        "id": 1, "teamId": 9, "domainId": 2, "emailAddress": "support@acme.io",
        "quotaBytes": 1073741824, "status": "active", "webhookEnabled": True,
        "forwardTo": "ops@acme.io,oncall@acme.io", "forwardMode": "wrapped",
        "forwardKeepCopy": False, "createdAt": "2026-01-01T00:00:00Z",
        "updatedAt": "2026-01-01T00:00:00Z",
    }  # fmt: skip
    mailbox = Mailbox.model_validate(raw)
    assert (mailbox.forward_to, mailbox.forward_mode, mailbox.forward_keep_copy) == (
        "ops@acme.io,oncall@acme.io", "wrapped", False
    )  # fmt: skip
    del raw["forwardTo"], raw["forwardMode"], raw["forwardKeepCopy"]
    default = Mailbox.model_validate(raw)
    assert (default.forward_to, default.forward_mode, default.forward_keep_copy) == (
        None, "relay", True
    )  # fmt: skip


def test_webhook_model_maps_rotation_fields() -> None:
    from poststack.types._models import Webhook

    webhook = Webhook.model_validate(
        {"id": 17, "url": "https://hooks.acme.io/poststack", "events": ["email.bounced"],
         "active": True, "createdAt": "2026-01-01T00:00:00Z",
         "secretRotatedAt": "2026-01-02T00:00:00Z",
         "previousSecretExpiresAt": "2026-01-03T00:00:00Z"}
    )  # fmt: skip
    assert webhook.secret_rotated_at == "2026-01-02T00:00:00Z"
    assert webhook.previous_secret_expires_at == "2026-01-03T00:00:00Z"

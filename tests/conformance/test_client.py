"""The clients' own promises, over every adapter: environment variables, per-call options,
plain-http refusal, transport choice and ownership, and what goes to the log."""

from __future__ import annotations

import asyncio
import logging

import pytest

from poststack import AsyncPostStack, PostStack, PostStackError
from poststack_sandbox import Sandbox
from poststack_transports import make_async_transport, make_sync_transport

from .conftest import ADAPTERS, PAYLOAD, Connect, is_async, transport_name


def test_key_and_url_from_the_environment(
    connect: Connect, sb: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSTSTACK_API_KEY", sb.api_key)
    monkeypatch.setenv("POSTSTACK_BASE_URL", sb.url)
    ps = connect(api_key=None, base_url=None)
    assert ps.base_url == sb.url
    ps.emails.send(PAYLOAD)
    assert len(sb.emails()) == 1


@pytest.mark.parametrize("client", [PostStack, AsyncPostStack])
def test_no_key_anywhere(client: type[PostStack], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POSTSTACK_API_KEY", raising=False)
    with pytest.raises(ValueError, match="POSTSTACK_API_KEY"):
        client()


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_plain_http_only_to_loopback_unless_allowed(adapter: str) -> None:
    client = AsyncPostStack if is_async(adapter) else PostStack
    with pytest.raises(ValueError, match="allow_insecure_http"):
        client(
            api_key="sk_test_x",
            base_url="http://api.example.com",
            transport=transport_name(adapter),
        )
    allowed = client(
        api_key="sk_test_x",
        base_url="http://api.example.com",
        transport=transport_name(adapter),
        allow_insecure_http=True,
    )
    assert allowed.base_url == "http://api.example.com"
    if isinstance(allowed, AsyncPostStack):
        asyncio.run(allowed.aclose())
    else:
        allowed.close()


def test_transport_names_that_do_not_fit_the_client() -> None:
    with pytest.raises(ValueError, match="async-only"):
        PostStack(api_key="sk_test_x", transport="aiohttp")
    with pytest.raises(ValueError, match="sync-only"):
        AsyncPostStack(api_key="sk_test_x", transport="requests")
    with pytest.raises(ValueError, match="unknown sync transport"):
        PostStack(api_key="sk_test_x", transport="urllib")


def test_per_call_idempotency_key_and_max_retries(connect: Connect, sb: Sandbox) -> None:
    ps = connect()
    first = ps.emails.send(PAYLOAD, idempotency_key="signup-7")
    sb.add_fault("POST", "/emails", [{"status": 503}])
    with pytest.raises(PostStackError) as caught:
        ps.emails.send(PAYLOAD, idempotency_key="signup-7", max_retries=0)
    assert caught.value.status_code == 503
    again = ps.emails.send(PAYLOAD, idempotency_key="signup-7")
    assert again["id"] == first["id"]
    assert len(sb.emails()) == 1
    assert sb.stats()["requests"] == 3


def test_retries_are_logged_without_secrets_or_payloads(
    connect: Connect, sb: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="poststack")
    sb.add_fault("POST", "/emails", [{"status": 503}])
    connect().emails.send(PAYLOAD)
    ours = [record.getMessage() for record in caplog.records if record.name == "poststack"]
    assert any("POST /emails answered 503" in message for message in ours), ours
    assert any("answered 202" in message for message in ours), ours
    assert not any("user@example.com" in message for message in ours)


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_a_transport_passed_in_is_not_closed_by_the_client(adapter: str, sb: Sandbox) -> None:
    name = transport_name(adapter)
    if is_async(adapter):

        async def scenario() -> None:
            transport = make_async_transport(name)
            for _ in range(2):  # the second client proves the first left it open
                async with AsyncPostStack(
                    api_key=sb.api_key, base_url=sb.url, transport=transport
                ) as ps:
                    await ps.emails.send(PAYLOAD)
            await transport.aclose()

        asyncio.run(scenario())
    else:
        transport = make_sync_transport(name)
        for _ in range(2):
            with PostStack(api_key=sb.api_key, base_url=sb.url, transport=transport) as ps:
                ps.emails.send(PAYLOAD)
        transport.close()
    assert len(sb.emails()) == 2
    assert sb.stats()["connections"] == 1


@pytest.mark.parametrize(
    ("name", "library", "module"),
    [
        ("RequestsTransport", "requests", "_requests"),
        ("AiohttpTransport", "aiohttp", "_aiohttp"),
        ("H11Transport", "h11", "_h11"),
        ("AsyncH11Transport", "h11", "_h11_async"),
    ],
)
def test_a_missing_library_names_the_extra(
    name: str, library: str, module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    import poststack_transports

    monkeypatch.setitem(sys.modules, library, None)  # what an uninstalled package looks like
    monkeypatch.delitem(sys.modules, f"poststack_transports.{module}", raising=False)
    monkeypatch.delitem(vars(poststack_transports), name, raising=False)  # a loaded name stays
    with pytest.raises(ImportError, match=rf"pip install 'poststack\[{library}\]'"):
        getattr(poststack_transports, name)


def test_a_broken_module_of_ours_is_not_blamed_on_a_missing_library(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    import poststack_transports

    # what a module of ours that fails to import looks like to the transport's own module
    monkeypatch.setitem(sys.modules, "poststack_transports._watchdog", None)
    monkeypatch.delitem(sys.modules, "poststack_transports._h11", raising=False)
    monkeypatch.delitem(vars(poststack_transports), "H11Transport", raising=False)
    with pytest.raises(ImportError) as caught:
        _ = poststack_transports.H11Transport
    assert caught.value.name == "poststack_transports._watchdog"
    assert "pip install" not in str(caught.value)


def test_plain_http_to_a_name_that_only_looks_like_loopback_is_refused() -> None:
    with pytest.raises(ValueError, match="allow_insecure_http"):
        PostStack(api_key="sk_live_x", base_url="http://127.attacker.example").close()

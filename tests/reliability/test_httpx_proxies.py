"""A client the httpx transports make honours the environment's proxies, as httpx does
(``trust_env``): the transports send through the pool httpx mounted for the URL, not
around it, and a forward proxy is asked for the whole URL exactly as the core built it.
A plain-HTTP forward proxy (`RawServer`) records what it was asked for."""

from __future__ import annotations

import asyncio

import pytest

from poststack_proto import Request

from .faultserver import RawServer

httpx = pytest.importorskip("httpx")
from poststack_transports import AsyncHttpxTransport, HttpxTransport  # noqa: E402

HEADERS = (("Authorization", "Bearer sk_test_proxies"), ("Accept", "application/json"))
TARGETS = [
    "http://api.poststack.invalid/emails/em_1",
    # one httpx would rewrite (it removes dot segments): the core's exact URL still goes out
    "http://api.poststack.invalid/emails/./a/../em_1?cursor=a%2Bb",
]


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> RawServer:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    server = RawServer()
    monkeypatch.setenv("HTTP_PROXY", server.url)
    return server


@pytest.mark.parametrize("target", TARGETS)
def test_the_sync_transport_sends_through_the_environments_proxy(
    proxy: RawServer, target: str
) -> None:
    with proxy:
        transport = HttpxTransport()
        try:
            answer = transport.send(Request("GET", target, HEADERS, timeout=5.0))
        finally:
            transport.close()
    assert answer.status == 200
    assert proxy.request_lines == [f"GET {target} HTTP/1.1".encode()]


@pytest.mark.parametrize("target", TARGETS)
def test_the_async_transport_sends_through_the_environments_proxy(
    proxy: RawServer, target: str
) -> None:
    async def run() -> int:
        transport = AsyncHttpxTransport()
        try:
            return (await transport.send(Request("GET", target, HEADERS, timeout=5.0))).status
        finally:
            await transport.aclose()

    with proxy:
        assert asyncio.run(run()) == 200
    assert proxy.request_lines == [f"GET {target} HTTP/1.1".encode()]

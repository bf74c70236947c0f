"""Helpers shared by the reliability suite: a client over any of the six adapters with one
blocking face, whatever the adapter.

`Client(adapter, url)` sends through ``PostStack`` or ``AsyncPostStack``; an async client's
calls run on the `Client`'s own event loop (kept open, as a long-lived worker's would be),
unless the caller runs them inside a loop of its own with `Client.async_client`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from poststack import AsyncPostStack, PostStack
from poststack.types import GetEmailResponse, SendEmailParams, SendEmailResponse
from poststack_proto import RetryPolicy

from .faultserver import RawServer, Script

ADAPTERS = ("httpx", "httpx-async", "requests", "aiohttp", "h11", "h11-async")
#: ADAPTERS, and aiohttp over a session the caller made (``AiohttpTransport(session)``),
#: which sends through ``session.request`` where a session the transport made does not.
WIRE_ADAPTERS = (*ADAPTERS, "aiohttp-session")
SENDER = "sender@example.com"
PAYLOAD: SendEmailParams = {
    "from": SENDER,
    "to": ["user@example.com"],
    "subject": "reliability",
    "html": "<p>hello</p>",
}
FAST = RetryPolicy(backoff_base=0.001)


def is_async(adapter: str) -> bool:
    return adapter.endswith("-async") or adapter.startswith("aiohttp")


class Client:
    """A client over ``adapter`` with a blocking face (`get`, `send`, `close`)."""

    def __init__(self, adapter: str, url: str, **options: Any) -> None:
        options.setdefault("api_key", "sk_test_reliability")
        options.setdefault("retry_policy", FAST)
        if adapter == "aiohttp-session":
            options.setdefault("transport", make_transport(adapter))
        options.setdefault("transport", adapter.removesuffix("-async"))
        options = {"base_url": url, **options}
        self.adapter = adapter
        self.loop: asyncio.AbstractEventLoop | None = None
        self.sync_client: PostStack | None = None
        self.async_client: AsyncPostStack | None = None
        if is_async(adapter):
            self.loop = asyncio.new_event_loop()
            self.async_client = AsyncPostStack(**options)
        else:
            self.sync_client = PostStack(**options)

    def get(self, email_id: str) -> GetEmailResponse:
        if self.sync_client is not None:
            return self.sync_client.emails.get(email_id)
        assert self.loop is not None
        assert self.async_client is not None
        return self.loop.run_until_complete(self.async_client.emails.get(email_id))

    def send(
        self, payload: SendEmailParams, *, idempotency_key: str | None = None
    ) -> SendEmailResponse:
        if self.sync_client is not None:
            return self.sync_client.emails.send(payload, idempotency_key=idempotency_key)
        assert self.loop is not None
        assert self.async_client is not None
        sending = self.async_client.emails.send(payload, idempotency_key=idempotency_key)
        return self.loop.run_until_complete(sending)

    def close(self) -> None:
        # A transport passed in is not the client's to close: close it here as well.
        if self.sync_client is not None:
            self.sync_client.close()
            self.sync_client.transport.close()
            return
        assert self.loop is not None
        assert self.async_client is not None
        self.loop.run_until_complete(self.async_client.aclose())
        self.loop.run_until_complete(self.async_client.transport.aclose())
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        self.loop.close()


@contextmanager
def scripted(
    adapter: str, script: Script, **options: Any
) -> Generator[tuple[Client, RawServer], None, None]:
    """A client over ``adapter`` (no retries) to a `RawServer` playing ``script``."""
    with RawServer(script) as server:
        client = Client(adapter, server.url, max_retries=0, **options)
        try:
            yield client, server
        finally:
            client.close()


@pytest.fixture
def clients() -> Iterator[list[Client]]:
    """Clients a test makes (append them); each is closed at the end."""
    made: list[Client] = []
    yield made
    for client in made:
        client.close()


class CallerSessionAiohttp:
    """`AiohttpTransport` over a session made as a caller makes one (aiohttp's defaults:
    cookie jar, decompression, a plain ``TCPConnector``), on the loop of the first send,
    and closed by `aclose` as its caller would."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._session: Any = None
        self._transport: Any = None

    async def send(self, request: Any) -> Any:
        if self._transport is None:
            import aiohttp

            from poststack_transports import AiohttpTransport

            self._session = aiohttp.ClientSession()
            self._transport = AiohttpTransport(self._session, **self._options)
        return await self._transport.send(request)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()


def make_transport(adapter: str, **options: Any) -> Any:
    """A new transport object over ``adapter`` (for options the client does not take)."""
    import poststack_transports as transports

    if adapter == "aiohttp-session":
        return CallerSessionAiohttp(**options)
    classes = {
        "httpx": transports.HttpxTransport,
        "httpx-async": transports.AsyncHttpxTransport,
        "requests": transports.RequestsTransport,
        "aiohttp": transports.AiohttpTransport,
        "h11": transports.H11Transport,
        "h11-async": transports.AsyncH11Transport,
    }
    return classes[adapter](**options)

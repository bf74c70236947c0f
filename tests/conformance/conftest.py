"""One suite, every transport: fixtures that hand each test a client over one adapter.

Every test that takes ``connect`` runs six times, once per adapter (ids ``httpx``,
``httpx-async``, ``requests``, ``aiohttp``, ``h11``, ``h11-async``), against one real
`Sandbox` on a loopback port that is shared by the whole session and reset before each
test. Async clients are driven through `Blocking`, which runs each coroutine to its end on
the test's own event loop, so a test body reads the same for both kinds of client.
Retries back off for about a millisecond (``retry_policy=FAST``) to keep the suite quick.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest

from poststack import AsyncPostStack, PostStack
from poststack.types import SendEmailParams
from poststack_proto import RetryPolicy
from poststack_sandbox import Sandbox

SYNC_ADAPTERS = ("httpx", "requests", "h11")
ASYNC_ADAPTERS = ("httpx-async", "aiohttp", "h11-async")
ADAPTERS = ("httpx", "httpx-async", "requests", "aiohttp", "h11", "h11-async")

PAYLOAD: SendEmailParams = {
    "from": "hello@yourdomain.com",
    "to": ["user@example.com"],
    "subject": "Hello from the conformance suite",
    "html": "<h1>Welcome!</h1>",
}


def transport_name(adapter: str) -> str:
    """The ``transport=`` name of a fixture id (``"h11-async"`` -> ``"h11"``)."""
    return adapter.removesuffix("-async")


def is_async(adapter: str) -> bool:
    return adapter in ASYNC_ADAPTERS


#: Back off for about a millisecond instead of 250 ms (``retry_policy=FAST``).
FAST = RetryPolicy(backoff_base=0.001)


class Blocking:
    """A blocking face on an async object: awaitables it returns are run on ``loop``.

    ``Blocking(async_client, loop).emails.send(payload)`` returns the result, as the sync
    client would; attributes that are objects (``emails``) are wrapped the same way.
    """

    def __init__(self, target: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._target = target
        self._loop = loop

    @property
    def wrapped(self) -> Any:
        return self._target

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if not callable(value):
            return value if isinstance(value, (str, int, float)) else Blocking(value, self._loop)

        def call(*args: Any, **kwargs: Any) -> Any:
            result = value(*args, **kwargs)
            if inspect.isawaitable(result):
                return self._loop.run_until_complete(result)
            return Blocking(result, self._loop) if isinstance(result, AsyncPostStack) else result

        return call

    def __repr__(self) -> str:
        return repr(self._target)


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(domains=["example.com", "yourdomain.com"]) as sb:
        yield sb


@pytest.fixture
def sb(sandbox: Sandbox) -> Sandbox:
    """The shared sandbox, emptied: no emails, faults, idempotency keys or counters."""
    sandbox.reset()
    return sandbox


@pytest.fixture(params=ADAPTERS)
def adapter(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    """A private event loop for one test's async clients."""
    event_loop = asyncio.new_event_loop()
    yield event_loop
    event_loop.run_until_complete(event_loop.shutdown_asyncgens())
    event_loop.close()


Connect = Callable[..., PostStack]


@pytest.fixture
def connect(adapter: str, sb: Sandbox, loop: asyncio.AbstractEventLoop) -> Iterator[Connect]:
    """``connect(**client_kwargs)``: a client over this test's adapter, closed at the end.

    Defaults: the sandbox's URL and key, fast retries (``fast=False`` keeps the real
    backoff). Async clients come wrapped in `Blocking`.
    """
    made: list[PostStack | AsyncPostStack] = []

    def make(*, fast: bool = True, **kwargs: Any) -> PostStack:
        kwargs.setdefault("api_key", sb.api_key)
        kwargs.setdefault("base_url", sb.url)
        kwargs.setdefault("transport", transport_name(adapter))
        if fast:
            kwargs.setdefault("retry_policy", FAST)
        client: PostStack | AsyncPostStack
        client = AsyncPostStack(**kwargs) if is_async(adapter) else PostStack(**kwargs)
        made.append(client)
        if isinstance(client, AsyncPostStack):
            # Blocking forwards every call, awaiting what it returns: to the tests (and the
            # type checkers) it is a PostStack, whose calls and answers are checked as such.
            return cast("PostStack", Blocking(client, loop))
        return client

    yield make
    for client in made:
        if isinstance(client, AsyncPostStack):
            loop.run_until_complete(client.aclose())
        else:
            client.close()

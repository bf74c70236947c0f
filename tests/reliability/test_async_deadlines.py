"""`AiohttpTransport`, `AsyncH11Transport` and `AsyncHttpxTransport` (on asyncio) keep the
deadlines of the attempts under way on one loop in one heap with one loop timer (see
``poststack_transports._deadlines``). These pin what that must still do as
``asyncio.timeout()`` did: each attempt ends at its own deadline even when a later one was
armed first; the deadline's cancellation is taken back (``Task.cancelling()`` is as before);
a cancellation from outside stays a cancellation; the heap does not grow with ended sends;
a loop that has finished is not kept alive by it. Against a real loopback server
(`faultserver.RawServer`) that answers or stays silent.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import time
import weakref
from collections.abc import Iterator

import pytest

from poststack_proto import ReadTimeout, Request
from poststack_transports import AiohttpTransport, AsyncH11Transport, AsyncHttpxTransport
from poststack_transports._deadlines import Deadlines

from .faultserver import Exchange, RawServer, Step, answer

Transport = AiohttpTransport | AsyncH11Transport | AsyncHttpxTransport
pytestmark = pytest.mark.parametrize(
    "make", [AiohttpTransport, AsyncH11Transport, AsyncHttpxTransport]
)


def _deadlines(transport: Transport) -> Deadlines:
    """The transport's deadlines on the running loop (httpx's are its sender's)."""
    loop = asyncio.get_running_loop()
    if isinstance(transport, AsyncHttpxTransport):
        sender = transport._sender  # pyright: ignore[reportPrivateUsage]
        assert sender is not None
        return sender._deadlines.of(loop)  # pyright: ignore[reportPrivateUsage]
    return transport._deadlines.of(loop)  # pyright: ignore[reportPrivateUsage]


def _silent_on_slow(exchange: Exchange) -> Iterator[Step]:
    if exchange.target.endswith("/slow"):
        yield 3.0  # longer than any timeout below; stop() cuts it short
    yield answer({"id": exchange.target.rsplit("/", 1)[-1]})


def _request(url: str, timeout: float) -> Request:
    return Request("GET", url, (("Accept", "application/json"),), timeout=timeout)


def test_each_attempt_ends_at_its_own_deadline(make: type[Transport]) -> None:
    async def scenario(url: str) -> None:
        transport = make()
        try:
            long = asyncio.ensure_future(transport.send(_request(url + "/emails/slow", 2.5)))
            await asyncio.sleep(0.05)  # the long deadline is armed first
            started = time.monotonic()
            with pytest.raises(ReadTimeout):
                await transport.send(_request(url + "/emails/slow", 0.2))
            # the sooner deadline moved the one timer: it did not wait for the long one
            assert time.monotonic() - started < 2.0
            assert not long.done()
            with pytest.raises(ReadTimeout):
                await long
        finally:
            await transport.aclose()

    with RawServer(_silent_on_slow) as server:
        asyncio.run(scenario(server.url))


@pytest.mark.skipif(sys.version_info < (3, 11), reason="Task.cancelling() is 3.11+")
def test_a_timeout_leaves_no_cancellation_behind(make: type[Transport]) -> None:
    async def scenario(url: str) -> None:
        transport = make()
        task = asyncio.current_task()
        assert task is not None
        try:
            with pytest.raises(ReadTimeout):
                await transport.send(_request(url + "/emails/slow", 0.1))
            if sys.version_info >= (3, 11):  # always, by the skipif; for the checkers
                assert task.cancelling() == 0
            # the task goes on: an answer, then a sleep that is not cut short
            answered = await transport.send(_request(url + "/emails/em_1", 5.0))
            assert answered.status == 200
            await asyncio.sleep(0.01)
        finally:
            await transport.aclose()

    with RawServer(_silent_on_slow) as server:
        asyncio.run(scenario(server.url))


def test_a_cancellation_from_outside_stays_a_cancellation(make: type[Transport]) -> None:
    async def scenario(url: str) -> None:
        transport = make()
        try:
            task = asyncio.ensure_future(transport.send(_request(url + "/emails/slow", 5.0)))
            await asyncio.sleep(0.1)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        finally:
            await transport.aclose()

    with RawServer(_silent_on_slow) as server:
        asyncio.run(scenario(server.url))


def test_ended_sends_do_not_pile_up_behind_a_stuck_one(make: type[Transport]) -> None:
    async def scenario(url: str) -> None:
        transport = make()
        try:
            stuck = asyncio.ensure_future(transport.send(_request(url + "/emails/slow", 2.5)))
            await asyncio.sleep(0.05)
            for number in range(300):
                answered = await transport.send(_request(url + f"/emails/em_{number}", 5.0))
                assert answered.status == 200
            held = len(_deadlines(transport)._heap)  # pyright: ignore[reportPrivateUsage]
            assert held < 150  # compacted: not one entry per ended send
            stuck.cancel()
            with pytest.raises(asyncio.CancelledError):
                await stuck
        finally:
            await transport.aclose()

    with RawServer(_silent_on_slow) as server:
        asyncio.run(scenario(server.url))


def test_a_finished_loop_is_not_kept_alive(make: type[Transport]) -> None:
    transport = make()  # outlives the loops it served, as a client often does
    loops: list[weakref.ref[asyncio.AbstractEventLoop]] = []

    async def scenario(url: str) -> None:
        loops.append(weakref.ref(asyncio.get_running_loop()))
        try:
            answered = await transport.send(_request(url + "/emails/em_1", 5.0))
            assert answered.status == 200
        finally:
            await transport.aclose()

    with RawServer(_silent_on_slow) as server:
        for _ in range(2):  # asyncio.run() per task
            asyncio.run(scenario(server.url))
    gc.collect()
    assert [ref() for ref in loops] == [None, None]

"""Connection pools that belong to one asyncio event loop, renewed for the next.

A pool's connections belong to the loop that opened them. A client often outlives its
loop: ``asyncio.run()`` once per Celery task, a test framework's loop per test. `PerLoop`
gives each running loop its own pool, and has the old pool closed *by its own loop* as
that loop shuts down: the close runs in the ``finally`` of an async generator the loop
knows about, which ``asyncio.run()`` finalises before it closes the loop. No socket is
left for the garbage collector. Under trio (no asyncio loop) one pool serves throughout.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Generic, TypeVar

__all__ = ["PerLoop"]

T = TypeVar("T")


class PerLoop(Generic[T]):
    """One value (a pool) per running event loop.

    Args:
        make: creates a value; called inside the loop that will use it.
        close: closes a value; awaited on that value's own loop.
    """

    __slots__ = ("_close", "_closer", "_loop", "_make", "_value")

    def __init__(self, make: Callable[[], T], close: Callable[[T], Awaitable[None]]) -> None:
        self._make = make
        self._close = close
        self._loop: asyncio.AbstractEventLoop | None = None
        self._value: T | None = None
        self._closer: AsyncGenerator[None, None] | None = None

    def get(self) -> T | None:
        """This loop's value, or ``None`` when `renew` must make one."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not asyncio (trio): one value serves
            return self._value
        return self._value if loop is self._loop else None

    async def renew(self) -> T:
        """Make this loop's value, arranging for the loop to close it when it shuts down."""
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        value = self._make()
        self._loop, self._value = loop, value
        if loop is not None:
            # Held strongly here: the loop itself keeps only a weak reference.
            self._closer = self._close_at_shutdown(value)
            await self._closer.__anext__()
        return value

    async def _close_at_shutdown(self, value: T) -> AsyncGenerator[None, None]:
        try:
            yield
        finally:
            await self._close(value)

    async def aclose(self) -> None:
        """Close the current value now."""
        value, closer = self._value, self._closer
        self._loop = self._value = self._closer = None
        if closer is not None:
            await closer.aclose()  # runs _close in its finally
        elif value is not None:
            await self._close(value)

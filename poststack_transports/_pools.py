"""Who a connection pool belongs to: one process, and (async) one event loop.

Rules of this module:

* **A pool belongs to the process that made it.** After ``fork()`` the child inherits the
  parent's sockets; if both used them, each would read the other's answers. Every child
  therefore starts with no pool: `PerProcess` and `PerLoop` notice the fork (a counter
  bumped by ``os.register_at_fork(after_in_child=...)``, one integer comparison per send)
  and make a fresh pool. The parent's pool is dropped *without being touched*: no
  ``shutdown()``, no TLS ``close_notify``, no event-loop call, since each of those would
  reach the parent's connection too. Async pools are kept referenced for the child's
  lifetime, so that no finaliser closes them through an inherited event loop.
* **An async pool belongs to the event loop that made it.** A client often outlives its
  loop (``asyncio.run()`` per Celery task) or serves several at once (one loop per
  thread). `PerLoop` keeps one pool per live loop in a weak-keyed mapping and has each
  pool closed *by its own loop* as that loop shuts down: the close runs in the ``finally``
  of an async generator the loop knows about, which ``asyncio.run()`` finalises before it
  closes the loop. A loop that dies without that is forgotten; its pool is never touched
  from another loop. Under trio (no asyncio loop) one pool serves the process.
* **Pools are made on first use**, never when a transport is built: constructing a client
  costs no SSL context and no pool (cold starts matter on serverless platforms). Nor does
  this module import `asyncio` until a `PerLoop` is made: a sync client never loads it.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    import asyncio

__all__ = ["PerLoop", "PerProcess", "fork_lock", "generation"]

T = TypeVar("T")


class _Process:
    """This process's place in its fork lineage."""

    __slots__ = ("generation", "guard")

    def __init__(self) -> None:
        self.generation = 0  # bumped in every child, at once after the fork
        # Re-entrant: making a pool allocates, an allocation may run the garbage collector,
        # and that may run a dropped client's finaliser, which closes *its* pool through
        # this guard, in this thread, while the guard is held (a plain Lock deadlocked).
        self.guard = threading.RLock()

    def forked(self) -> None:
        self.generation += 1
        self.guard = threading.RLock()  # another thread of the parent may have held the old one


_process = _Process()
_inherited: list[Any] = []  # async pools a child inherited: kept, never finalised


if hasattr(os, "register_at_fork"):  # pragma: no branch - Windows has no fork
    os.register_at_fork(after_in_child=_process.forked)


def generation() -> int:
    """How many forks separate this process from the one that imported this module."""
    return _process.generation


def fork_lock() -> threading.RLock:
    """A lock no thread held at the fork: for a child's first look at what it inherited
    (a lock of the parent's may have been held by a thread the child does not have)."""
    return _process.guard


class PerProcess(Generic[T]):
    """One value (a pool) per process, made on first use.

    Args:
        make: creates the value; called at most once per process (under a lock).
    """

    __slots__ = ("_generation", "_make", "_value")

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._value: T | None = None
        self._generation = -1  # nothing made yet

    def get(self) -> T:
        """This process's value, made now if it has none (a child drops the parent's)."""
        value = self._value
        if value is not None and self._generation == _process.generation:
            return value
        with _process.guard:
            value = self._value
            if value is None or self._generation != _process.generation:
                value = self._make()
                self._value, self._generation = value, _process.generation
            return value

    def take(self) -> T | None:
        """Forget the value and return it for closing; ``None`` when there is none made by
        this process (a child never closes its parent's pool)."""
        with _process.guard:
            value, made_in = self._value, self._generation
            self._value = None
        return value if made_in == _process.generation else None


class _Held(Generic[T]):
    """A pool and whether its loop died without closing it: all the closer's frame holds."""

    __slots__ = ("dead", "value")

    def __init__(self, value: T) -> None:
        self.value = value
        self.dead = False  # its loop closed without closing it: never touch the value


class _Slot(Generic[T]):
    __slots__ = ("closer", "held")

    def __init__(self, value: T) -> None:
        self.held = _Held(value)
        self.closer: AsyncGenerator[None, None] | None = None  # the loop holds it weakly

    @property
    def value(self) -> T:
        return self.held.value

    @property
    def dead(self) -> bool:
        return self.held.dead

    @dead.setter
    def dead(self, dead: bool) -> None:
        self.held.dead = dead


class PerLoop(Generic[T]):
    """One value (a pool) per live event loop, in this process.

    Args:
        make: creates a value; called inside the loop that will use it.
        close: closes a value; awaited on that value's own loop.
    """

    __slots__ = (
        "_close",
        "_generation",
        "_last",
        "_lock",
        "_make",
        "_other",
        "_running_loop",
        "_slots",
    )

    def __init__(self, make: Callable[[], T], close: Callable[[T], Awaitable[None]]) -> None:
        import asyncio  # noqa: PLC0415 - here, not at the top: the sync transports import this module

        self._running_loop = asyncio.get_running_loop
        self._make = make
        self._close = close
        self._lock = threading.Lock()
        self._slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Slot[T]] = (
            weakref.WeakKeyDictionary()
        )
        self._other: _Slot[T] | None = None  # not asyncio (trio): one value serves
        self._generation = _process.generation
        # The loop and slot of the last get(): a send's look-up without the lock or the
        # weak dictionary, while one loop sends (the common case). Reset wherever _slots
        # loses or replaces an entry.
        self._last: tuple[weakref.ref[asyncio.AbstractEventLoop], _Slot[T]] | None = None

    def _forget_parents(self) -> None:
        # Runs in a child, in its first send: keep the parent's pools alive and untouched.
        with _process.guard:
            if self._generation != _process.generation:
                for slot in self._slots.values():
                    slot.dead = True
                _inherited.append((dict(self._slots), self._other))
                self._slots = weakref.WeakKeyDictionary()
                self._other = None
                self._last = None
                self._lock = threading.Lock()
                self._generation = _process.generation

    def get(self) -> T | None:
        """This loop's value, or ``None`` when `renew` must make one."""
        if self._generation != _process.generation:
            self._forget_parents()
        try:
            loop = self._running_loop()
        except RuntimeError:
            slot = self._other
        else:
            last = self._last
            if last is not None and last[0]() is loop:
                return last[1].value
            with self._lock:
                slot = self._slots.get(loop)
                if slot is not None:
                    self._last = (weakref.ref(loop), slot)
        return None if slot is None else slot.value

    async def renew(self) -> T:
        """Make this loop's value, arranging for the loop to close it when it shuts down."""
        if self._generation != _process.generation:
            self._forget_parents()
        try:
            loop: asyncio.AbstractEventLoop | None = self._running_loop()
        except RuntimeError:
            loop = None
        slot = _Slot(self._make())
        if loop is None:
            self._other = slot
            return slot.value
        with self._lock:
            dead = [(old, s) for old, s in self._slots.items() if old.is_closed()]
            for old, _ in dead:
                del self._slots[old]
            self._slots[loop] = slot
            self._last = (weakref.ref(loop), slot)
        for _, stale in dead:
            _finish(stale)
        slot.closer = _close_at_shutdown(self._close, slot.held)
        await slot.closer.__anext__()  # registers it with the loop; does not suspend
        return slot.value

    async def aclose(self) -> None:
        """Close this loop's value now. Other loops' values are closed by their own loops:
        now when they are running, else as they shut down."""
        if self._generation != _process.generation:
            self._forget_parents()
        try:
            current: asyncio.AbstractEventLoop | None = self._running_loop()
        except RuntimeError:
            current = None
        closing: list[tuple[asyncio.AbstractEventLoop, _Slot[T]]] = []
        with self._lock:
            for loop, slot in list(self._slots.items()):
                if loop is current or loop.is_running():
                    del self._slots[loop]
                    closing.append((loop, slot))
            other, self._other = self._other, None
            self._last = None
        for loop, slot in closing:
            closer = slot.closer
            if closer is None:  # pragma: no cover - renew sets it before any await
                continue
            if loop is current:
                await closer.aclose()  # runs _close in its finally
            else:
                loop.call_soon_threadsafe(_close_soon, loop, closer)
        if other is not None:
            await self._close(other.value)


async def _close_at_shutdown(
    close: Callable[[T], Awaitable[None]], held: _Held[T]
) -> AsyncGenerator[None, None]:
    # A plain function of what it closes, not a method: its frame must not hold the PerLoop
    # or the slot (slot -> closer -> frame -> slot would be a cycle), so a dropped client's
    # pools are freed, and closed by their loop, at once, without the cyclic GC.
    try:
        yield
    finally:
        if not held.dead:
            await close(held.value)


def _finish(slot: _Slot[Any]) -> None:
    """End a dead loop's closer here without touching its value, so that no finaliser
    later asks the closed loop to run it."""
    slot.dead = True
    closer = slot.closer
    if closer is not None:
        try:
            closer.aclose().send(None)
        except StopIteration:
            pass
        except RuntimeError:  # pragma: no cover - already running or closed
            pass


_tasks: set[asyncio.Task[None]] = set()


def _close_soon(loop: asyncio.AbstractEventLoop, closer: AsyncGenerator[None, None]) -> None:
    task = loop.create_task(closer.aclose())
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)

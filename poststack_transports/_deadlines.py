"""The whole-attempt deadline of the asyncio transports (aiohttp, h11 over asyncio).

`Deadlines` keeps the deadlines of the attempts under way on one event loop in one heap,
with one loop timer for all of them; `PerLoopDeadlines` gives each loop its own. An
attempt arms its deadline, is cancelled by the timer if the deadline passes first, turns
that cancellation into a timeout with `taken_back`, and disarms in ``finally``:

    entry = deadlines.arm(loop, seconds, task)
    try:
        ...  # the attempt
    except BaseException as exc:
        if entry[3] and taken_back(task, cancelling) and isinstance(exc, CancelledError):
            raise <the timeout> from exc
        raise
    finally:
        if entry[2] is not None:
            deadlines.disarm(entry)
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
import sys
import weakref
from typing import Any

__all__ = ["Deadlines", "PerLoopDeadlines", "taken_back"]


def taken_back(task: asyncio.Task[Any], cancelling: int) -> bool:
    """Whether a cancellation the deadline requested is the only one pending on ``task``
    (then it is consumed); ``cancelling`` is what ``task.cancelling()`` was before."""
    if sys.version_info >= (3, 11):
        return task.uncancel() <= cancelling
    return True  # pragma: no cover - Python 3.10 counts no cancellations


class Deadlines:
    """The deadlines of the attempts under way on one event loop, and one loop timer for
    all of them.

    ``asyncio.timeout()`` arms a loop timer per attempt and cancels it after: about 5% of a
    send over aiohttp. An attempt here adds its deadline to a heap instead (dropping ended ones
    from the top), and the loop's one timer is moved only when a deadline is sooner than
    the one it is set for, which with one timeout for every call is almost never. At a
    deadline the timer cancels that attempt's task, as ``asyncio.timeout()`` would; the
    attempt turns the cancellation into a timeout with `taken_back`.
    """

    __slots__ = ("_ended", "_heap", "_timer", "_timer_at", "loop")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        # Weak: a transport keeps this per loop, and must not keep a finished loop alive.
        self.loop = weakref.ref(loop)
        # [deadline, sequence number (never compares tasks), task or None once ended, fired]
        self._heap: list[list[Any]] = []
        self._ended = 0
        # Weak too: a pending timer handle holds its loop; the loop holds the handle.
        self._timer: weakref.ref[asyncio.TimerHandle] | None = None
        self._timer_at = math.inf

    def arm(
        self, loop: asyncio.AbstractEventLoop, seconds: float, task: asyncio.Task[Any]
    ) -> list[Any]:
        at = loop.time() + seconds
        entry: list[Any] = [at, next(_sequence), task, False]
        heap = self._heap
        while heap and heap[0][2] is None:
            heapq.heappop(heap)
            self._ended -= 1
        heapq.heappush(heap, entry)
        if at < self._timer_at:
            timer = self._timer() if self._timer is not None else None
            if timer is not None:
                timer.cancel()
            self._timer, self._timer_at = weakref.ref(loop.call_at(at, self._fire)), at
        return entry

    def disarm(self, entry: list[Any]) -> None:
        entry[2] = None
        self._ended += 1
        heap = self._heap
        if self._ended > 64 and self._ended * 2 > len(heap):
            # An attempt stuck at the top keeps ended ones below it: compact, as asyncio
            # does with its cancelled timers.
            heap[:] = [live for live in heap if live[2] is not None]
            heapq.heapify(heap)
            self._ended = 0

    def _fire(self) -> None:
        self._timer, self._timer_at = None, math.inf
        loop = self.loop()
        if loop is None:  # pragma: no cover - a loop runs its own callbacks, so it is alive
            return
        now = loop.time()
        heap = self._heap
        while heap and (heap[0][2] is None or heap[0][0] <= now):
            entry = heapq.heappop(heap)
            task = entry[2]
            if task is None:
                self._ended -= 1
            else:
                entry[2], entry[3] = None, True
                task.cancel()
        if heap:
            at = heap[0][0]
            self._timer, self._timer_at = weakref.ref(loop.call_at(at, self._fire)), at


_sequence = itertools.count()


class PerLoopDeadlines:
    """The `Deadlines` of each event loop a transport sends on (weakly keyed)."""

    __slots__ = ("_last", "_loops")

    def __init__(self) -> None:
        self._last: Deadlines | None = None  # the last loop's, for a quick look
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Deadlines] = (
            weakref.WeakKeyDictionary()
        )

    def of(self, loop: asyncio.AbstractEventLoop) -> Deadlines:
        last = self._last
        if last is not None and last.loop() is loop:
            return last
        deadlines = self._loops.get(loop)
        if deadlines is None:
            deadlines = self._loops[loop] = Deadlines(loop)
        self._last = deadlines
        return deadlines

"""Client-side rate limiting: the `RateLimiter` protocol, the in-process `LocalRateLimiter`,
and the send wrappers the clients put around their transport when a limiter is in use.

A limiter decides, it never sleeps: `RateLimiter.acquire` reserves a slot for one request
attempt and says how long to wait before sending it; `RateLimiter.pause` tells it the server
answered 429 with ``Retry-After``, so every later attempt (of every client sharing it) waits
until that time has passed. The client sleeps with its own sleep (the event loop's in async
code), and consults its limiter before *every* attempt, retries included.

`poststack.contrib.redis.RedisRateLimiter` implements the same protocol across processes
and hosts.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

from poststack_proto import Request, Response, RetryPolicy, SharedPause, parse_retry_after

from ._forksafe import ForkSafeLock

__all__ = [
    "LocalRateLimiter",
    "RateLimiter",
    "async_limited_send",
    "check_rate",
    "check_rate_limiter",
    "sync_limited_send",
]

# A Retry-After longer than this is not slept through by the retry policy (the call fails with
# retry_after set); the limiters do not impose it on every other request either.
_RETRY_AFTER_CAP = RetryPolicy().retry_after_cap


@runtime_checkable
class RateLimiter(Protocol):
    """What a client asks before each request attempt (``PostStack(rate_limiter=...)``)."""

    def acquire(self) -> float:
        """Reserve a slot for one request attempt; return the seconds to wait before sending it.

        The slot is taken: the caller must send after waiting (0.0 means "send now").
        """
        ...

    def pause(self, seconds: float) -> None:
        """The server answered 429 with ``Retry-After: seconds``: hold every request that long."""
        ...


def check_rate_limiter(rate_limiter: object) -> RateLimiter | None:
    """``rate_limiter`` if it is ``None`` or has ``acquire()`` and ``pause(seconds)``."""
    if rate_limiter is None or isinstance(rate_limiter, RateLimiter):
        return rate_limiter
    raise TypeError(
        f"rate_limiter must have acquire() and pause(seconds); got {type(rate_limiter).__name__}"
    )


def check_rate(rate: object, burst: object) -> tuple[float | None, int]:
    """Validated ``(rate, burst)``: a positive finite rate (or ``None``) and a burst ≥ 1."""
    if rate is not None:
        if isinstance(rate, bool) or not isinstance(rate, (int, float)):
            raise TypeError(
                f"rate must be a number of requests per second, got {type(rate).__name__}"
            )
        if not 0 < rate < float("inf"):
            raise ValueError(f"rate must be a positive number of requests per second, got {rate!r}")
    if isinstance(burst, bool) or not isinstance(burst, int):
        raise TypeError(f"burst must be an int, got {type(burst).__name__}")
    if burst < 1:
        raise ValueError(f"burst must be at least 1, got {burst}")
    return (None if rate is None else float(rate)), burst


class LocalRateLimiter:
    """A token bucket for one process (GCRA), shared by the clients and threads given it.

    ``rate`` requests per second on average, at most ``burst`` at once after a quiet spell;
    and a 429's ``Retry-After`` pauses every request that consults it. With ``rate=None`` it
    only shares such pauses (that is what ``emails.send_many`` uses for its batches).

    After ``fork()`` (gunicorn ``--preload``, Celery prefork) each process has a bucket of its
    own, starting from the parent's state at the fork (its reservations and any pause still
    running), with a fresh lock: a thread of the parent's that held the lock at the fork
    cannot block the child. N processes may then send N times ``rate`` together; to share
    one rate across processes use `poststack.contrib.redis.RedisRateLimiter`.

    Args:
        rate: requests per second, or ``None`` for no limit of its own.
        burst: requests allowed back to back before the spacing applies.
        clock: a monotonic clock in seconds (injectable for tests).
    """

    __slots__ = (
        "_clock",
        "_interval",
        "_lock",
        "_pause",
        "_tat",
        "_tolerance",
        "burst",
        "rate",
    )

    def __init__(
        self,
        rate: float | None = None,
        *,
        burst: int = 1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate, self.burst = check_rate(rate, burst)
        self._interval = 0.0 if self.rate is None else 1.0 / self.rate
        self._tolerance = (self.burst - 1) * self._interval
        self._clock = clock
        self._tat = -float("inf")  # the theoretical arrival time of the next request
        self._pause = SharedPause()
        self._lock = ForkSafeLock()  # a parent's thread may hold it at a fork

    def acquire(self) -> float:
        with self._lock:
            now = self._clock()
            paused = self._pause.remaining(now)
            if self._interval == 0.0:
                return paused
            base = max(self._tat, now)
            send_at = max(now, base - self._tolerance, now + paused)
            self._tat = max(base, send_at) + self._interval
            return send_at - now

    def pause(self, seconds: float) -> None:
        with self._lock:
            self._pause.note(seconds, self._clock())

    def __repr__(self) -> str:
        return f"LocalRateLimiter(rate={self.rate!r}, burst={self.burst!r})"


def _retry_after_of(response: Response) -> float | None:
    if response.status != 429:
        return None
    seconds = parse_retry_after(response.header("retry-after"), time.time)
    if seconds is None or not 0 < seconds <= _RETRY_AFTER_CAP:
        return None
    return seconds


def sync_limited_send(
    send: Callable[[Request], Response],
    sleep: Callable[[float], None],
    *limiters: RateLimiter | None,
) -> Callable[[Request], Response]:
    """``send``, asking every limiter (``None`` skipped) before each attempt, and telling them
    of a 429's ``Retry-After``."""
    active = tuple(limiter for limiter in limiters if limiter is not None)

    def limited_send(request: Request) -> Response:
        for limiter in active:
            wait = limiter.acquire()
            if wait > 0:
                sleep(wait)
        response = send(request)
        retry_after = _retry_after_of(response)
        if retry_after is not None:
            for limiter in active:
                limiter.pause(retry_after)
        return response

    return limited_send


def async_limited_send(
    send: Callable[[Request], Awaitable[Response]],
    sleep: Callable[[float], Awaitable[None]],
    *limiters: RateLimiter | None,
) -> Callable[[Request], Awaitable[Response]]:
    """The async twin of `sync_limited_send`; it waits with the event loop's ``sleep``."""
    active = tuple(limiter for limiter in limiters if limiter is not None)

    async def limited_send(request: Request) -> Response:
        for limiter in active:
            wait = limiter.acquire()
            if wait > 0:
                await sleep(wait)
        response = await send(request)
        retry_after = _retry_after_of(response)
        if retry_after is not None:
            for limiter in active:
                limiter.pause(retry_after)
        return response

    return limited_send

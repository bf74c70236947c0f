"""What the job-queue helpers (`poststack.contrib.celery`, `poststack.contrib.rq`) share.

* Which failures a queued send is re-queued for: no answer at all (connection failure,
  timeout), 408, a throttling 429 (never a quota 429: waiting does not cure it), and 5xx.
  Everything else (a 4xx refusal) is final: repeating it changes nothing.
* How long to wait first: the server's ``Retry-After`` when it gave one, else exponential
  backoff with jitter, ``[w/2, w)`` for ``w = min(cap, base * 2**retries)``.
* The client each worker process sends with: made on first use in that process (after a
  prefork pool forked), from the environment (``POSTSTACK_API_KEY``, ``POSTSTACK_BASE_URL``)
  unless `set_client_factory` says otherwise. The key is never a task argument, so it never
  travels through the broker or lands in a result backend.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from poststack_proto import QUOTA_CODES, PostStackError

from .._forksafe import ForkSafeLock
from .._sync import PostStack

__all__ = [
    "ProcessClient",
    "countdown",
    "get_client",
    "idempotency_key_for",
    "set_client_factory",
    "should_requeue",
]

C = TypeVar("C")


class ProcessClient(Generic[C]):
    """One client per process, made on first use by ``factory()``: a forked worker makes its
    own instead of using its parent's (whose connections are the parent's). After a fork
    the lock is new too, so a parent's thread that held it at the fork cannot block the
    child."""

    def __init__(self, factory: Callable[[], C]) -> None:
        self._lock = ForkSafeLock()
        self._factory = factory
        self._clients: dict[int, C] = {}

    def set_factory(self, factory: Callable[[], C]) -> None:
        if not callable(factory):
            raise TypeError(f"factory must be callable, got {type(factory).__name__}")
        with self._lock:
            self._factory = factory
            self._clients.clear()

    def get(self) -> C:
        pid = os.getpid()
        client = self._clients.get(pid)
        if client is None:
            with self._lock:
                client = self._clients.get(pid)
                if client is None:
                    self._clients.clear()  # a parent's client, inherited over fork: not used
                    client = self._clients[pid] = self._factory()
        return client

    def pop(self) -> C | None:
        """This process's client, forgotten (for closing it), or ``None`` if none was made."""
        with self._lock:
            return self._clients.pop(os.getpid(), None)


_clients: ProcessClient[PostStack] = ProcessClient(PostStack)


def set_client_factory(factory: Callable[[], PostStack]) -> None:
    """Make workers send with ``factory()`` (called once per process), e.g.
    ``lambda: PostStack(rate_limiter=RedisRateLimiter(...))``."""
    _clients.set_factory(factory)


def get_client() -> PostStack:
    """This process's client (made on first use, so a forked worker makes its own)."""
    return _clients.get()


def should_requeue(error: PostStackError) -> bool:
    """True when a later attempt may succeed where this one failed."""
    status = error.status_code
    if status == 0:
        return error.code in ("connection_error", "timeout")
    if status == 429:
        return error.code not in QUOTA_CODES and (
            error.retry_after is not None or error.code in (None, "rate_limit_exceeded")
        )
    return status == 408 or status >= 500


def countdown(
    error: PostStackError,
    retries: int,
    *,
    base: float,
    cap: float,
    jitter: Callable[[], float] = random.random,
) -> float:
    """Seconds before re-queue number ``retries + 1`` of a send that failed with ``error``."""
    if error.retry_after is not None:
        return max(0.0, error.retry_after)
    window = min(cap, base * 2.0 ** min(retries, 30))
    return window / 2 + jitter() * window / 2


def idempotency_key_for(
    params: Mapping[str, Any], idempotency_key: str | None, job_id: str, prefix: str
) -> str | None:
    """The key the send carries: the caller's, else ``f"{prefix}:{job_id}"``.

    ``None`` when the payload has its own ``idempotency_key`` (the client then sends that).
    """
    if params.get("idempotency_key") is not None:
        return idempotency_key
    return idempotency_key if idempotency_key is not None else f"{prefix}:{job_id}"

"""A lock that a forked child can always take.

``fork()`` copies only the thread that called it: a lock another thread held at that moment
stays held in the child for ever, and the child's first ``with lock:`` hangs (gunicorn
``--preload``, Celery prefork). `ForkSafeLock` is a ``threading.Lock`` that is replaced by a
fresh one in the child after every fork. Use it for locks that guard per-process state.
"""

from __future__ import annotations

import os
import threading
import weakref
from types import TracebackType

__all__ = ["ForkSafeLock"]


class ForkSafeLock:
    """``with lock:`` as with ``threading.Lock``; new and free in a forked child."""

    __slots__ = ("__weakref__", "_lock")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        _LIVE.add(self)

    def __enter__(self) -> bool:
        return self._lock.acquire()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._lock.release()

    @staticmethod
    def _renew_all_after_fork() -> None:
        for lock in list(_LIVE):
            lock._lock = threading.Lock()

    if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
        os.register_at_fork(after_in_child=_renew_all_after_fork)


_LIVE: weakref.WeakSet[ForkSafeLock] = weakref.WeakSet()

"""What ``emails.send_many`` needs besides the core's plan: workers, locks, progress, job ids.

Names come in ``async_``/``sync_`` pairs so that ``scripts/unasync.py`` turns the async driver
(``poststack/_async/_bulk.py``) into the blocking one by renaming alone:

* async: ``concurrency`` batches in flight on the running event loop (anyio task group, so
  asyncio and trio alike); the plan needs no lock (it is only touched between awaits).
* blocking: one batch at a time by default; ``concurrency=N`` runs N threads, each sending one
  batch at a time through the same client (the transports are thread-safe), the plan
  behind a lock.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import threading
from collections.abc import Callable, Coroutine
from typing import Any

__all__ = [
    "ProgressCallback",
    "ProgressReporter",
    "async_default_concurrency",
    "async_plan_lock",
    "async_run_workers",
    "check_concurrency",
    "new_job_id",
    "sync_default_concurrency",
    "sync_plan_lock",
    "sync_run_workers",
]

#: ``on_progress(sent, failed, total)``: ``total`` is ``None`` when the input has no length.
ProgressCallback = Callable[[int, int, "int | None"], object]


def new_job_id() -> str:
    """A fresh job id for a run given none: 32 random hex digits."""
    return os.urandom(16).hex()


def async_default_concurrency() -> int:
    """Batches in flight at once by default in async code."""
    return 4


def sync_default_concurrency() -> int:
    """Batches in flight at once by default in blocking code: one, no threads."""
    return 1


def check_concurrency(concurrency: object, default: int) -> int:
    """``concurrency`` (or ``default`` for ``None``) if it is an int ≥ 1."""
    if concurrency is None:
        return default
    if isinstance(concurrency, bool) or not isinstance(concurrency, int):
        raise TypeError(f"concurrency must be an int, got {type(concurrency).__name__}")
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    return concurrency


def async_plan_lock() -> contextlib.AbstractContextManager[Any]:
    """No lock: async workers share one thread and touch the plan only between awaits."""
    return contextlib.nullcontext()


def sync_plan_lock() -> contextlib.AbstractContextManager[Any]:
    """A real lock: blocking workers may be threads."""
    return threading.Lock()


async def async_run_workers(count: int, worker: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run ``count`` copies of ``worker`` concurrently on the running loop; return when all end."""
    import anyio  # noqa: PLC0415 - an httpx dependency, loaded only by code that sends in bulk

    async with anyio.create_task_group() as group:
        for _ in range(count):
            group.start_soon(worker)


def sync_run_workers(count: int, worker: Callable[[], None]) -> None:
    """Run ``worker`` once in this thread, or ``count`` copies in threads; return when all end."""
    if count == 1:
        worker()
        return
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415 - only when threads are asked for

    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="poststack-send-many") as pool:
        futures = [pool.submit(worker) for _ in range(count)]
    for future in futures:
        future.result()


class ProgressReporter:
    """Calls the user's ``on_progress`` and moves the optional tqdm bar after each batch.

    Built before anything is sent, so a missing ``tqdm`` is an error up front.
    """

    __slots__ = ("_bar", "_callback", "_done", "_total")

    def __init__(
        self, on_progress: ProgressCallback | None, progress: bool, total: int | None
    ) -> None:
        if on_progress is not None and not callable(on_progress):
            raise TypeError(f"on_progress must be callable, got {type(on_progress).__name__}")
        self._callback = on_progress
        self._total = total
        self._done = 0
        self._bar: Any = None
        if progress:
            try:
                tqdm = importlib.import_module("tqdm").tqdm  # the optional extra
            except ImportError:
                raise ImportError(
                    "progress=True draws a bar with tqdm: pip install 'poststack[progress]'"
                ) from None
            self._bar = tqdm(total=total, unit="email", desc="send_many", leave=True)

    def __call__(self, sent: int, failed: int) -> None:
        if self._bar is not None:
            done = sent + failed
            self._bar.update(done - self._done)
            self._bar.set_postfix(failed=failed, refresh=False)
            self._done = done
        if self._callback is not None:
            self._callback(sent, failed, self._total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

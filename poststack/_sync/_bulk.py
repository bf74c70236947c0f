# Generated from poststack/_async/_bulk.py by scripts/unasync.py; do not edit by hand.
"""``emails.send_many``: drive the core's `BulkPlan` with bounded concurrency.

The plan (``poststack_proto._bulk``) decides everything: the batches, their keys, what each
answer means for each message. This driver only takes batches, sends each through the
client's call (so the normal retry policy applies to every batch), and records what came
back. Every batch of one run also consults one shared `LocalRateLimiter` without a rate of its
own: a 429 with ``Retry-After`` on any batch holds the next attempt of every other batch.

Memory: at most ``concurrency`` batches are out at once and the input is read one batch at a
time, so a generator of a million messages holds ``concurrency * batch_size`` messages, plus
the one small outcome per message the result returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from poststack_proto import BulkPlan, BulkSendResult, PostStackError

from .. import _ops
from .._bulk_support import (
    ProgressCallback,
    ProgressReporter,
    check_concurrency,
    new_job_id,
    sync_default_concurrency,
    sync_plan_lock,
    sync_run_workers,
)
from .._ratelimit import LocalRateLimiter
from ._resource import Call

__all__ = ["send_many"]


def send_many(
    call: Call,
    messages: Iterable[Mapping[str, Any]],
    *,
    job_id: str | None,
    batch_size: int,
    concurrency: int | None,
    on_progress: ProgressCallback | None,
    progress: bool,
    timeout: float | None,
    max_retries: int | None,
) -> BulkSendResult:
    """Send ``messages`` in batches; see `Emails.send_many` for the contract.

    Raises:
        TypeError, ValueError: bad options or messages, before anything is sent; for a message
            found bad only when its batch is read from a generator (or one that cannot be
            encoded as JSON), the batches already out are finished, nothing more is sent,
            and the error is raised (rerun with the same ``job_id`` once it is fixed).
    """
    workers = check_concurrency(concurrency, sync_default_concurrency())
    plan = BulkPlan(messages, batch_size=batch_size, job_id=job_id, new_job_id=new_job_id)
    report = ProgressReporter(on_progress, progress, plan.total)
    pause = LocalRateLimiter()
    lock = sync_plan_lock()
    stopped: list[Exception] = []

    def worker() -> None:
        while True:
            with lock:
                if stopped:
                    return
                try:
                    batch = plan.next_batch()
                except Exception as exc:  # a bad message, or the caller's iterable failed
                    stopped.append(exc)
                    return
            if batch is None:
                return
            try:
                # The plan built the body from the caller's messages, typed as they came.
                body: Any = batch.body
                answer = call(
                    _ops.EMAILS_BATCH,
                    body,
                    idempotency_key=batch.idempotency_key,
                    timeout=timeout,
                    max_retries=max_retries,
                    rate_limiter=pause,
                )
            except PostStackError as error:
                with lock:
                    plan.record_failure(batch, error)
            except (TypeError, ValueError) as exc:
                # Refused while building the request: nothing of this batch was sent.
                with lock:
                    plan.record_failure(batch, PostStackError(0, str(exc), "invalid_request"))
                    stopped.append(exc)
            else:
                with lock:
                    plan.record_answer(batch, answer)
            with lock:
                try:
                    report(plan.sent, plan.failed)
                except Exception as exc:
                    stopped.append(exc)

    try:
        sync_run_workers(workers, worker)
    finally:
        report.close()
    if stopped:
        raise stopped[0]
    return plan.result()

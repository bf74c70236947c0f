"""Send email from RQ workers: a job function that survives re-queues without sending twice.

::

    from redis import Redis
    from rq import Queue
    from poststack.contrib.rq import send_email

    queue = Queue("mail", connection=Redis.from_url("redis://localhost:6379/0"))
    job = queue.enqueue(send_email, {"from": "hello@yourdomain.com", "to": ["a@example.com"],
                                     "subject": "Hi", "html": "<p>Hi</p>"})
    # a worker: rq worker --with-scheduler mail     (job.return_value() -> "em_...")

Guarantees (the same as `poststack.contrib.celery`):

* The idempotency key is the caller's (``idempotency_key=`` or the payload's), else
  ``f"rq:{job.id}"``; RQ keeps the job id when it re-queues, so the email is sent once.
* A failure that may pass (no answer, 408, a throttling 429, 5xx) re-queues the job through
  RQ's ``Retry``, after the server's ``Retry-After`` when it sent one, else after exponential
  backoff; ``max_retries`` re-queues, then the job fails with the last `PostStackError`.
  A delayed re-queue is scheduled, so run the worker ``--with-scheduler``.
* The API key comes from the worker's environment, never from job arguments.
* The job's return value is the email's id.

Needs ``pip install 'poststack[rq]'`` (RQ 3 or later: a job may return ``Retry``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, cast

from rq import Retry, get_current_job

from poststack_proto import PostStackError

from ..types.emails import SendEmailParams
from ._requeue import countdown, get_client, idempotency_key_for, set_client_factory, should_requeue

__all__ = ["send_email", "set_client_factory"]


def send_email(
    params: Mapping[str, Any],
    idempotency_key: str | None = None,
    *,
    max_retries: int = 10,
    backoff: float = 1.0,
    backoff_cap: float = 300.0,
) -> str | Retry:
    """Send ``params`` from an RQ job; returns the email id (or ``Retry`` to be re-queued).

    Raises:
        PostStackError: the API refused the email, or ``max_retries`` re-queues were spent.
        RuntimeError: called outside an RQ job.
    """
    job = get_current_job()
    if job is None:
        raise RuntimeError("poststack.contrib.rq.send_email runs inside an RQ job")
    key = idempotency_key_for(params, idempotency_key, job.id, "rq")
    try:
        result = get_client().emails.send(
            cast("SendEmailParams", dict(params)), idempotency_key=key
        )
    except PostStackError as error:
        retries = int(job.number_of_retries or 0)
        if not should_requeue(error) or retries >= max_retries:
            raise
        wait = countdown(error, retries, base=backoff, cap=backoff_cap)
        # RQ schedules in whole seconds; round up so a Retry-After is never cut short.
        return Retry(max=max_retries, interval=math.ceil(wait))
    return result["id"]

"""An RQ worker that sends email through PostStack, with one rate limit for all workers.

Start Redis and one or more workers (each reads the key from its own environment):

    export POSTSTACK_API_KEY=sk_live_...
    export REDIS_URL=redis://localhost:6379/0
    export POSTSTACK_RATE_LIMIT=10        # optional: requests/s shared by every worker
    python rq_worker.py                   # a worker with its scheduler (for delayed re-queues)

Queue emails from your application:

    from rq_worker import enqueue_email
    job = enqueue_email({"from": "hello@yourdomain.com", "to": ["user@example.com"],
                         "subject": "Hi", "html": "<p>Hi</p>"}, idempotency_key="welcome-42")
    job.return_value()   # "em_..." once a worker has sent it
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job

from poststack import PostStack
from poststack.contrib.redis import RedisRateLimiter
from poststack.contrib.rq import send_email, set_client_factory

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
QUEUE = "poststack"


def queue() -> Queue:
    return Queue(QUEUE, connection=Redis.from_url(REDIS_URL))


def enqueue_email(params: Mapping[str, Any], idempotency_key: str | None = None) -> Job:
    """Queue one send; the job's return value is the email id."""
    return queue().enqueue(send_email, dict(params), idempotency_key)


def make_client() -> PostStack:
    """Each work horse makes one client; with POSTSTACK_RATE_LIMIT they share one budget."""
    rate = os.environ.get("POSTSTACK_RATE_LIMIT")
    limiter = RedisRateLimiter(REDIS_URL, rate=float(rate)) if rate else None
    retries = int(os.environ.get("POSTSTACK_MAX_RETRIES", "3"))
    return PostStack(max_retries=retries, rate_limiter=limiter)


set_client_factory(make_client)

if __name__ == "__main__":
    # SimpleWorker runs jobs in this process instead of forking one per job, so one client
    # and its open connections serve every job (a send is short, and I/O-bound).
    worker = SimpleWorker([queue()], connection=Redis.from_url(REDIS_URL))
    worker.work(with_scheduler=True, logging_level="WARNING")

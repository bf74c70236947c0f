"""An arq worker that sends email through PostStack, with one rate limit for all workers.

Start Redis and one or more workers (each reads the key from its own environment):

    export POSTSTACK_API_KEY=sk_live_...
    export REDIS_URL=redis://localhost:6379/0
    export POSTSTACK_RATE_LIMIT=10        # optional: requests/s shared by every worker
    arq arq_worker.WorkerSettings

Queue emails from your application (async code), or run this file: it queues one and
prints its id once a worker has sent it.

    from arq_worker import enqueue_email
    job = await enqueue_email(redis, {"from": "hello@yourdomain.com", "to": ["user@example.com"],
                                      "subject": "Hi", "html": "<p>Hi</p>"},
                              idempotency_key="welcome-42")
    await job.result()   # "em_..."
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Mapping
from typing import Any, ClassVar

from arq import create_pool
from arq.connections import ArqRedis, RedisSettings
from arq.jobs import Job
from arq.worker import Function

from poststack import AsyncPostStack
from poststack.contrib.arq import close_client, send_email_function, set_client_factory
from poststack.contrib.redis import RedisRateLimiter

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")


def make_client() -> AsyncPostStack:
    """Each worker process makes one client; with POSTSTACK_RATE_LIMIT they share one budget."""
    rate = os.environ.get("POSTSTACK_RATE_LIMIT")
    limiter = RedisRateLimiter(REDIS_URL, rate=float(rate)) if rate else None
    retries = int(os.environ.get("POSTSTACK_MAX_RETRIES", "3"))
    return AsyncPostStack(max_retries=retries, rate_limiter=limiter)


set_client_factory(make_client)


class WorkerSettings:
    """``arq arq_worker.WorkerSettings``."""

    functions: ClassVar[list[Function]] = [send_email_function]
    on_shutdown = close_client
    redis_settings = RedisSettings.from_dsn(REDIS_URL)
    max_jobs = 32  # sends in flight per worker process, on one event loop


async def enqueue_email(
    redis: ArqRedis, params: Mapping[str, Any], idempotency_key: str | None = None
) -> Job:
    """Queue one send; the job's result is the email id."""
    job = await redis.enqueue_job("send_email", dict(params), idempotency_key)
    if job is None:  # only when a _job_id is reused, which this helper never passes
        raise RuntimeError("arq refused the job")
    return job


async def main(to: str) -> None:
    redis = await create_pool(WorkerSettings.redis_settings)
    try:
        job = await enqueue_email(
            redis, {"from": "hello@yourdomain.com", "to": [to], "subject": "Hi", "text": "Hello!"}
        )
        print("email id:", await job.result(timeout=60))
    finally:
        await redis.aclose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "user@example.com"))

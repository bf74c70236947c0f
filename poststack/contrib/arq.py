"""Send email from arq workers: a job coroutine that survives re-queues without sending twice.

::

    from arq import create_pool
    from arq.connections import RedisSettings
    from poststack.contrib.arq import close_client, send_email_function

    class WorkerSettings:                       # arq my_module.WorkerSettings
        functions = [send_email_function]
        on_shutdown = close_client
        redis_settings = RedisSettings.from_dsn("redis://localhost:6379/0")

    redis = await create_pool(WorkerSettings.redis_settings)
    job = await redis.enqueue_job("send_email", {"from": "hello@yourdomain.com",
                                                 "to": ["a@example.com"], "subject": "Hi",
                                                 "html": "<p>Hi</p>"})
    await job.result()                          # "em_..." once a worker has sent it

Guarantees (those of `poststack.contrib.celery` and `poststack.contrib.rq`):

* The idempotency key is the caller's (``idempotency_key=`` or the payload's), else
  ``f"arq:{job_id}"``. arq keeps the job id when a job is retried, and when a worker died
  (or was stopped) with the job in progress and another runs it again, so the email is sent
  once. (arq also refuses a second ``enqueue_job`` with the same ``_job_id``.)
* A failure that may pass (no answer, 408, a throttling 429, 5xx) retries the job through
  arq's ``Retry``, after the server's ``Retry-After`` when it sent one, else after
  exponential backoff with jitter; after ``max_retries`` retries the job fails with the last
  `PostStackError`, as it does at once on a refusal (other 4xx, a quota 429).
  arq's own ``max_tries`` (5 by default) must allow ``max_retries + 1`` tries:
  `send_email_function` is `send_email` registered with ``max_tries=11`` for the default 10.
* The API key comes from the worker's environment (``POSTSTACK_API_KEY``), never from job
  arguments, so it never passes through Redis.
* The job's result is the email's id.

Each worker process sends with one `AsyncPostStack`, made on first use (after any fork)
from the environment, or by the factory given to `set_client_factory`; ``on_shutdown =
close_client`` closes it when the worker stops.

Needs ``pip install 'poststack[arq]'``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from arq.worker import Function, Retry, func

from poststack_proto import PostStackError

from .._async import AsyncPostStack
from ..types.emails import SendEmailParams
from ._requeue import ProcessClient, countdown, idempotency_key_for, should_requeue

__all__ = [
    "close_client",
    "get_client",
    "send_email",
    "send_email_function",
    "set_client_factory",
]

DEFAULT_MAX_RETRIES = 10

_clients: ProcessClient[AsyncPostStack] = ProcessClient(AsyncPostStack)


def set_client_factory(factory: Callable[[], AsyncPostStack]) -> None:
    """Make workers send with ``factory()`` (called once per process), e.g.
    ``lambda: AsyncPostStack(rate_limiter=RedisRateLimiter(...))``."""
    _clients.set_factory(factory)


def get_client() -> AsyncPostStack:
    """This process's client (made on first use, so a forked worker makes its own)."""
    return _clients.get()


async def close_client(ctx: Mapping[str, Any] | None = None) -> None:
    """Close this process's client, if one was made (an arq ``on_shutdown`` hook)."""
    client = _clients.pop()
    if client is not None:
        await client.aclose()


async def send_email(
    ctx: Mapping[str, Any],
    params: Mapping[str, Any],
    idempotency_key: str | None = None,
    *,
    max_retries: int = DEFAULT_MAX_RETRIES,
    backoff: float = 1.0,
    backoff_cap: float = 300.0,
) -> str:
    """Send ``params`` from an arq job; returns the email id.

    Raises:
        arq.worker.Retry: the send may pass later; arq runs the job again after ``defer``.
        PostStackError: the API refused the email, or ``max_retries`` retries were spent.
        RuntimeError: called outside an arq job (``ctx`` has no ``job_id``/``job_try``).
    """
    job_id, job_try = ctx.get("job_id"), ctx.get("job_try")
    if not isinstance(job_id, str) or isinstance(job_try, bool) or not isinstance(job_try, int):
        raise RuntimeError("poststack.contrib.arq.send_email runs inside an arq job")
    key = idempotency_key_for(params, idempotency_key, job_id, "arq")
    try:
        result = await get_client().emails.send(
            cast("SendEmailParams", dict(params)), idempotency_key=key
        )
    except PostStackError as error:
        retries = job_try - 1
        if not should_requeue(error) or retries >= max_retries:
            raise
        raise Retry(defer=countdown(error, retries, base=backoff, cap=backoff_cap)) from error
    return result["id"]


# `send_email` as arq registers it, allowing the tries its default max_retries needs.
send_email_function: Function = func(
    send_email, name="send_email", max_tries=DEFAULT_MAX_RETRIES + 1
)

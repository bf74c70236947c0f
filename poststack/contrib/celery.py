"""Send email from Celery workers: a ready task that survives re-queues without sending twice.

::

    from celery import Celery
    from poststack.contrib.celery import register_send_task

    app = Celery("mail", broker="redis://localhost:6379/0", backend="redis://localhost:6379/0")
    send_email = register_send_task(app)

    send_email.delay({"from": "hello@yourdomain.com", "to": ["a@example.com"],
                      "subject": "Hi", "html": "<p>Hi</p>"})      # -> AsyncResult of "em_..."

Guarantees:

* The idempotency key is the caller's (``send_email.delay(params, idempotency_key="order-1")``
  or the payload's ``idempotency_key``), else ``f"celery:{task_id}"``. Celery keeps the task id
  across ``retry`` and across redelivery after a worker died (the task acks late), so however
  often the task runs, the API sends the email once.
* A failure that may pass (no answer, 408, a throttling 429, 5xx) re-queues the task, after the
  server's ``Retry-After`` when it sent one, else after exponential backoff with jitter. A
  refusal (other 4xx, a quota 429) fails the task with the `PostStackError` (it pickles).
* The API key is read from the environment of the worker (``POSTSTACK_API_KEY``), never taken
  from task arguments, so it never travels through the broker or the result backend.
* The task returns the email's id (``"em_..."``).

Needs ``pip install 'poststack[celery]'``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from poststack_proto import PostStackError

from ..types.emails import SendEmailParams
from ._requeue import countdown, get_client, idempotency_key_for, set_client_factory, should_requeue

__all__ = ["register_send_task", "set_client_factory"]


def register_send_task(
    app: Any,
    *,
    name: str = "poststack.send_email",
    max_retries: int = 10,
    backoff: float = 1.0,
    backoff_cap: float = 300.0,
    **task_options: Any,
) -> Any:
    """Register the send task on ``app`` and return it.

    Args:
        app: your Celery application.
        name: the task's name.
        max_retries: re-queues allowed before the task fails with the last error.
        backoff: seconds before the first re-queue without ``Retry-After``; doubles each time.
        backoff_cap: the longest backoff.
        task_options: more options for ``app.task`` (``queue=``, ``rate_limit=``...).

    Returns:
        The task: ``task.delay(params, idempotency_key=None)`` returns the email id.
    """
    options: dict[str, Any] = {"acks_late": True, "reject_on_worker_lost": True}
    options.update(task_options)

    # celery ships no type information: the app, the task and its request are Any here.
    def send_email(self: Any, params: Mapping[str, Any], idempotency_key: str | None = None) -> str:
        key = idempotency_key_for(params, idempotency_key, str(self.request.id), "celery")
        try:
            result = get_client().emails.send(
                cast("SendEmailParams", dict(params)), idempotency_key=key
            )
        except PostStackError as error:
            if not should_requeue(error):
                raise
            retries = int(self.request.retries or 0)
            wait = countdown(error, retries, base=backoff, cap=backoff_cap)
            raise self.retry(exc=error, countdown=wait) from error
        return result["id"]

    return app.task(bind=True, name=name, max_retries=max_retries, **options)(send_email)

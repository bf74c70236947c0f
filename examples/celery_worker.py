"""A Celery worker that sends email through PostStack, with one rate limit for all workers.

Start Redis and one or more workers (each reads the key from its own environment):

    export POSTSTACK_API_KEY=sk_live_...
    export CELERY_BROKER_URL=redis://localhost:6379/0
    export POSTSTACK_RATE_LIMIT=10        # optional: requests/s shared by every worker
    celery -A celery_worker worker --loglevel=info

Queue emails from your application (or run this file: it queues one and prints its id):

    from celery_worker import send_email
    send_email.delay({"from": "hello@yourdomain.com", "to": ["user@example.com"],
                      "subject": "Hi", "html": "<p>Hi</p>"}, idempotency_key="welcome-42")
"""

from __future__ import annotations

import os
import sys

from celery import Celery

from poststack import PostStack
from poststack.contrib.celery import register_send_task, set_client_factory
from poststack.contrib.redis import RedisRateLimiter

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/0")

app = Celery("celery_worker", broker=BROKER_URL, backend=BROKER_URL)
app.conf.broker_connection_retry_on_startup = True
# A task whose worker died unacknowledged is delivered again after this many seconds (Redis
# broker); the task's idempotency key makes that second run send nothing twice.
app.conf.broker_transport_options = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
}
send_email = register_send_task(app)


def make_client() -> PostStack:
    """Each worker process makes one client; with POSTSTACK_RATE_LIMIT they share one budget."""
    rate = os.environ.get("POSTSTACK_RATE_LIMIT")
    limiter = RedisRateLimiter(BROKER_URL, rate=float(rate)) if rate else None
    retries = int(os.environ.get("POSTSTACK_MAX_RETRIES", "3"))
    return PostStack(max_retries=retries, rate_limiter=limiter)


set_client_factory(make_client)

if __name__ == "__main__":
    to = sys.argv[1] if len(sys.argv) > 1 else "user@example.com"
    result = send_email.delay(
        {"from": "hello@yourdomain.com", "to": [to], "subject": "Hi", "text": "Hello!"}
    )
    print("email id:", result.get(timeout=60))

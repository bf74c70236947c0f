"""PostStack: the Python SDK for the PostStack transactional email API.

::

    from poststack import PostStack, PostStackError

    ps = PostStack()                      # the key comes from $POSTSTACK_API_KEY
    result = ps.emails.send({
        "from": "hello@yourdomain.com",
        "to": ["user@example.com"],
        "subject": "Hello from Python!",
        "html": "<h1>Welcome!</h1>",
    })
    print(result["id"])

`AsyncPostStack` has the same resources and methods for ``async`` code. Every failure is
a `PostStackError` with ``status_code``, ``error``, ``code`` and ``request_id``.
"""

from __future__ import annotations

from poststack_proto import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    PostStackError,
    RetryPolicy,
    WebhookVerificationError,
    __version__,
    construct_event,
    verify_signature,
)

from ._async import AsyncPostStack
from ._sync import PostStack
from .resources import *  # noqa: F403 - the official package's resource names, for drop-in imports

#: The official package's alias, kept for drop-in use.
APIError = PostStackError

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "APIError",
    "AsyncPostStack",
    "PostStack",
    "PostStackError",
    "RetryPolicy",
    "WebhookVerificationError",
    "__version__",
    "construct_event",
    "verify_signature",
]

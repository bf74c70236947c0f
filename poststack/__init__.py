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

from typing import TYPE_CHECKING

from poststack_proto import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    BulkSendOutcome,
    BulkSendResult,
    PostStackError,
    RetryPolicy,
    WebhookVerificationError,
    __version__,
    construct_event,
    lazy_exports,
    verify_signature,
)

if TYPE_CHECKING:
    from ._async import AsyncPostStack
    from ._client import AsyncPostStackClient, PostStackClient
    from ._fields import PostStackWarning, UnknownFieldWarning
    from ._ratelimit import LocalRateLimiter, RateLimiter
    from ._sync import PostStack
    from .resources import *  # noqa: F403

# The clients are imported on first use: a program that only sends synchronously never
# loads the async layer (nor the other way round), which halves what `import` costs.
_LAZY: dict[str, str] = {
    "PostStack": "._sync",
    "AsyncPostStack": "._async",
    # The official package's low-level clients: requests to any path of the API.
    "PostStackClient": "._client",
    "AsyncPostStackClient": "._client",
}
_LAZY.update({"LocalRateLimiter": "._ratelimit", "RateLimiter": "._ratelimit"})
_LAZY.update({"PostStackWarning": "._fields", "UnknownFieldWarning": "._fields"})
# The official package's resource class names, for drop-in imports (``EmailsResource``...).
_RESOURCES = (
    "ApiKeys",
    "Broadcasts",
    "ContactProperties",
    "Contacts",
    "Domains",
    "EmailValidations",
    "Emails",
    "InboundEmails",
    "Mailboxes",
    "NotificationChannels",
    "Segments",
    "SignupForms",
    "SubscriptionTopics",
    "Suppressions",
    "Templates",
    "Webhooks",
    "Workflows",
)
_LAZY.update(
    {f"{prefix}{name}Resource": ".resources" for name in _RESOURCES for prefix in ("", "Async")}
)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


#: The official package's alias, kept for drop-in use.
APIError = PostStackError

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "APIError",
    "AsyncPostStack",
    "AsyncPostStackClient",
    "BulkSendOutcome",
    "BulkSendResult",
    "LocalRateLimiter",
    "PostStack",
    "PostStackClient",
    "PostStackError",
    "PostStackWarning",
    "RateLimiter",
    "RetryPolicy",
    "UnknownFieldWarning",
    "WebhookVerificationError",
    "__version__",
    "construct_event",
    "verify_signature",
]

"""`AsyncPostStack`, the client for asyncio (and trio) code.

This directory is the one hand-written copy of the client layer: the blocking `PostStack`
in ``poststack/_sync/`` is generated from it by ``scripts/unasync.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

from poststack_proto import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    AsyncTransport,
    CallConfig,
    RetryPolicy,
)

from .._base import (
    NOT_GIVEN,
    LazyResource,
    NotGiven,
    async_keeper_of,
    async_sleep_of,
    make_call_config,
    resolve_async_transport,
    retry_policy_of,
)
from .._ratelimit import RateLimiter, check_rate_limiter
from ._resource import AsyncCall

if sys.version_info >= (3, 11):  # typing_extensions costs a cold start ~10 ms: only if needed
    from typing import Self
else:  # pragma: no cover - depends on the interpreter
    from typing_extensions import Self

if TYPE_CHECKING:
    from .api_keys import AsyncApiKeys
    from .broadcasts import AsyncBroadcasts
    from .contact_properties import AsyncContactProperties
    from .contacts import AsyncContacts
    from .domains import AsyncDomains
    from .email_validations import AsyncEmailValidations
    from .emails import AsyncEmails
    from .inbound_emails import AsyncInboundEmails
    from .mailboxes import AsyncMailboxes
    from .notification_channels import AsyncNotificationChannels
    from .segments import AsyncSegments
    from .signup_forms import AsyncSignupForms
    from .subscription_topics import AsyncSubscriptionTopics
    from .suppressions import AsyncSuppressions
    from .templates import AsyncTemplates
    from .webhooks import AsyncWebhooks
    from .workflows import AsyncWorkflows

__all__ = ["AsyncPostStack"]


class AsyncPostStack:
    """The PostStack API client for async code.

    ::

        async with AsyncPostStack() as ps:          # key from POSTSTACK_API_KEY
            result = await ps.emails.send({"from": ..., "to": [...], "subject": ..., "html": ...})

    Args:
        api_key: ``sk_live_...`` or ``sk_test_...``; defaults to ``$POSTSTACK_API_KEY``.
        base_url: defaults to ``$POSTSTACK_BASE_URL``, then ``https://api.poststack.dev``.
        timeout: seconds per attempt (connect and answer); ``None`` for no timeout.
        max_retries: repeats of a failed attempt (408, 429, 5xx, network), with backoff.
        transport: ``"httpx"`` (default), ``"aiohttp"``, ``"h11"``, or a transport object
            (which the client then never closes).
        default_headers: extra headers for every request.
        allow_insecure_http: permit ``http://`` to a host that is not loopback.
        retry_policy: the backoff and ``Retry-After`` limits (`poststack_proto.RetryPolicy`);
            ``max_retries`` above still decides how many retries.
        rate_limiter: consulted before every request attempt (`poststack.LocalRateLimiter`,
            `poststack.contrib.redis.RedisRateLimiter`); ``None``: no client-side limit.

    Raises:
        ValueError, TypeError: a missing key or an invalid option, named in the message.
    """

    # Each resource is made, and its module imported, the first time it is used.
    emails: LazyResource[AsyncEmails] = LazyResource(".emails", "AsyncEmails")
    domains: LazyResource[AsyncDomains] = LazyResource(".domains", "AsyncDomains")
    contacts: LazyResource[AsyncContacts] = LazyResource(".contacts", "AsyncContacts")
    contact_properties: LazyResource[AsyncContactProperties] = LazyResource(
        ".contact_properties", "AsyncContactProperties"
    )
    segments: LazyResource[AsyncSegments] = LazyResource(".segments", "AsyncSegments")
    templates: LazyResource[AsyncTemplates] = LazyResource(".templates", "AsyncTemplates")
    webhooks: LazyResource[AsyncWebhooks] = LazyResource(".webhooks", "AsyncWebhooks")
    broadcasts: LazyResource[AsyncBroadcasts] = LazyResource(".broadcasts", "AsyncBroadcasts")
    suppressions: LazyResource[AsyncSuppressions] = LazyResource(
        ".suppressions", "AsyncSuppressions"
    )
    api_keys: LazyResource[AsyncApiKeys] = LazyResource(".api_keys", "AsyncApiKeys")
    mailboxes: LazyResource[AsyncMailboxes] = LazyResource(".mailboxes", "AsyncMailboxes")
    inbound_emails: LazyResource[AsyncInboundEmails] = LazyResource(
        ".inbound_emails", "AsyncInboundEmails"
    )
    subscription_topics: LazyResource[AsyncSubscriptionTopics] = LazyResource(
        ".subscription_topics", "AsyncSubscriptionTopics"
    )
    workflows: LazyResource[AsyncWorkflows] = LazyResource(".workflows", "AsyncWorkflows")
    signup_forms: LazyResource[AsyncSignupForms] = LazyResource(".signup_forms", "AsyncSignupForms")
    email_validations: LazyResource[AsyncEmailValidations] = LazyResource(
        ".email_validations", "AsyncEmailValidations"
    )
    notification_channels: LazyResource[AsyncNotificationChannels] = LazyResource(
        ".notification_channels", "AsyncNotificationChannels"
    )

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        *,
        transport: AsyncTransport | str | None = None,
        default_headers: Mapping[str, str] | None = None,
        allow_insecure_http: bool = False,
        retry_policy: RetryPolicy | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        rate_limiter = check_rate_limiter(rate_limiter)
        config = make_call_config(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            allow_insecure_http=allow_insecure_http,
            retry_policy=retry_policy,
        )
        chosen, owned = resolve_async_transport(transport)
        self._setup(config, chosen, owned, async_keeper_of(chosen) if owned else None, rate_limiter)

    def _setup(
        self,
        config: CallConfig,
        transport: AsyncTransport,
        owned: bool,
        keeper: object,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self._config = config
        self._rate_limiter = rate_limiter
        self._transport = transport
        self._owns_transport = owned
        # What the resources hold: it does not refer to this client (see AsyncCall).
        self._call = AsyncCall(config, transport, async_sleep_of(transport), keeper, rate_limiter)

    @property
    def base_url(self) -> str:
        """The API root this client talks to."""
        return self._config.options.base_url

    @property
    def timeout(self) -> float:
        """Seconds allowed for each attempt."""
        return self._config.options.timeout

    @property
    def max_retries(self) -> int:
        """How many times a failed attempt may be repeated."""
        return self._config.policy.max_retries

    @property
    def transport(self) -> AsyncTransport:
        """The transport that carries this client's requests."""
        return self._transport

    def with_options(
        self,
        *,
        api_key: str | NotGiven = NOT_GIVEN,
        base_url: str | NotGiven = NOT_GIVEN,
        timeout: float | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
        retry_policy: RetryPolicy | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy with other options that shares this client's connection pool.

        The copy never closes the pool; close the original when done.
        """
        changes: dict[str, Any] = {}
        if not isinstance(api_key, NotGiven):
            changes["api_key"] = api_key
        if not isinstance(base_url, NotGiven):
            changes["base_url"] = base_url
        if not isinstance(timeout, NotGiven):
            changes["timeout"] = timeout
        if not isinstance(default_headers, NotGiven):
            changes["default_headers"] = tuple(default_headers.items())
        policy = retry_policy_of(
            self._config.policy if isinstance(retry_policy, NotGiven) else retry_policy,
            self.max_retries if isinstance(max_retries, NotGiven) else max_retries,
        )
        options = self._config.options.replace(**changes)
        config = self._config.replace(options=options, policy=policy)
        clone = object.__new__(type(self))
        clone._setup(
            config,
            self._transport,
            owned=False,
            keeper=self._call.keeper,
            rate_limiter=self._rate_limiter,
        )
        return clone

    async def aclose(self) -> None:
        """Release the connection pool (unless it belongs to someone else)."""
        if self._owns_transport:
            await self._transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, "
            f"transport={type(self._transport).__name__})"
        )

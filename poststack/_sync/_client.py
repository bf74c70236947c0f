# Generated from poststack/_async/_client.py by scripts/unasync.py; do not edit by hand.
"""`PostStack`, the client for blocking code.

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
    CallConfig,
    RetryPolicy,
    Transport,
)

from .._base import (
    NOT_GIVEN,
    LazyResource,
    NotGiven,
    make_call_config,
    resolve_sync_transport,
    retry_policy_of,
    sync_keeper_of,
    sync_sleep_of,
)
from .._ratelimit import RateLimiter, check_rate_limiter
from ._resource import Call

if sys.version_info >= (3, 11):  # typing_extensions costs a cold start ~10 ms: only if needed
    from typing import Self
else:  # pragma: no cover - depends on the interpreter
    from typing_extensions import Self

if TYPE_CHECKING:
    from .api_keys import ApiKeys
    from .broadcasts import Broadcasts
    from .contact_properties import ContactProperties
    from .contacts import Contacts
    from .domains import Domains
    from .email_validations import EmailValidations
    from .emails import Emails
    from .inbound_emails import InboundEmails
    from .mailboxes import Mailboxes
    from .notification_channels import NotificationChannels
    from .segments import Segments
    from .signup_forms import SignupForms
    from .subscription_topics import SubscriptionTopics
    from .suppressions import Suppressions
    from .templates import Templates
    from .webhooks import Webhooks
    from .workflows import Workflows

__all__ = ["PostStack"]


class PostStack:
    """The PostStack API client for blocking code.

    ::

        with PostStack() as ps:          # key from POSTSTACK_API_KEY
            result = ps.emails.send({"from": ..., "to": [...], "subject": ..., "html": ...})

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
    emails: LazyResource[Emails] = LazyResource(".emails", "Emails")
    domains: LazyResource[Domains] = LazyResource(".domains", "Domains")
    contacts: LazyResource[Contacts] = LazyResource(".contacts", "Contacts")
    contact_properties: LazyResource[ContactProperties] = LazyResource(
        ".contact_properties", "ContactProperties"
    )
    segments: LazyResource[Segments] = LazyResource(".segments", "Segments")
    templates: LazyResource[Templates] = LazyResource(".templates", "Templates")
    webhooks: LazyResource[Webhooks] = LazyResource(".webhooks", "Webhooks")
    broadcasts: LazyResource[Broadcasts] = LazyResource(".broadcasts", "Broadcasts")
    suppressions: LazyResource[Suppressions] = LazyResource(".suppressions", "Suppressions")
    api_keys: LazyResource[ApiKeys] = LazyResource(".api_keys", "ApiKeys")
    mailboxes: LazyResource[Mailboxes] = LazyResource(".mailboxes", "Mailboxes")
    inbound_emails: LazyResource[InboundEmails] = LazyResource(".inbound_emails", "InboundEmails")
    subscription_topics: LazyResource[SubscriptionTopics] = LazyResource(
        ".subscription_topics", "SubscriptionTopics"
    )
    workflows: LazyResource[Workflows] = LazyResource(".workflows", "Workflows")
    signup_forms: LazyResource[SignupForms] = LazyResource(".signup_forms", "SignupForms")
    email_validations: LazyResource[EmailValidations] = LazyResource(
        ".email_validations", "EmailValidations"
    )
    notification_channels: LazyResource[NotificationChannels] = LazyResource(
        ".notification_channels", "NotificationChannels"
    )

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        *,
        transport: Transport | str | None = None,
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
        chosen, owned = resolve_sync_transport(transport)
        self._setup(config, chosen, owned, sync_keeper_of(chosen) if owned else None, rate_limiter)

    def _setup(
        self,
        config: CallConfig,
        transport: Transport,
        owned: bool,
        keeper: object,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self._config = config
        self._rate_limiter = rate_limiter
        self._transport = transport
        self._owns_transport = owned
        # What the resources hold: it does not refer to this client (see Call).
        self._call = Call(config, transport, sync_sleep_of(transport), keeper, rate_limiter)

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
    def transport(self) -> Transport:
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

    def close(self) -> None:
        """Release the connection pool (unless it belongs to someone else)."""
        if self._owns_transport:
            self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, "
            f"transport={type(self._transport).__name__})"
        )

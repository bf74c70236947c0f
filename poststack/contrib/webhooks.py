"""Receiving PostStack webhooks: the logic every framework receiver shares.

Rules of this module (the Django view, the Flask blueprint and the FastAPI router are thin
glue over `WebhookReceiver`, so they all keep them):

* The ``X-PostStack-Signature`` header is verified over the **raw** request body, with
  `poststack_proto.verify_signature`: any ``sha256`` element matching any configured secret
  passes, so the old and the new secret both work during a rotation. A body that fails is
  answered 400 and reaches no handler.
* Each event is handled at most once per event ``id``: a delivery whose id was already
  handled is answered 200 (so PostStack stops retrying) and reaches no handler. The id is
  claimed before the handlers run and released if one raises, so a failed delivery is
  handled again when PostStack retries it. The default store is in memory and bounded
  (the most recent 10,000 ids, per process); pass any `EventStore` (a cache, Redis, a
  table) to share it between processes.
* Handlers receive a `WebhookEvent` (typed fields plus the raw JSON), classified as a
  ``"tracking"`` event (``email.delivered``, ``email.bounced``...) or an ``"inbound"`` one
  (``email.inbound``, ``inbound_email.received``).

Secrets come from the receiver's ``secret`` argument, else ``$POSTSTACK_WEBHOOK_SECRET``
(several comma-separated during a rotation).
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol, cast

from poststack_proto import SIGNATURE_HEADER, WebhookVerificationError, verify_signature

__all__ = [
    "SECRET_ENV",
    "SIGNATURE_HEADER",
    "EventStore",
    "InMemoryEventStore",
    "ReceiveResult",
    "WebhookEvent",
    "WebhookReceiver",
    "WebhookVerificationError",
    "resolve_secrets",
]

SECRET_ENV = "POSTSTACK_WEBHOOK_SECRET"  # noqa: S105 - the variable's name, not a secret

_INBOUND_TYPES = frozenset({"email.inbound", "inbound_email.received"})

EventKind = Literal["tracking", "inbound"]


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _str_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in cast("list[object]", value) if isinstance(item, str)]
    return []


def _parse_timestamp(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True)
class WebhookEvent:
    """One event PostStack delivered, verified.

    Attributes:
        id: the event id (``evt_...``); what duplicates are recognised by.
        type: ``email.delivered``, ``email.bounced``, ``email.inbound``...
        kind: ``"inbound"`` for received mail, ``"tracking"`` for everything else.
        event_type: ``type`` without its ``email.`` prefix (``delivered``), as django-anymail
            names them.
        timestamp: when it happened (aware), or None if the delivery did not say.
        email_id: the email it is about (``em_...``), the id your send returned.
        recipients: the ``to`` addresses of that email.
        tags, metadata: as the event carries them (metadata is the event's own, e.g. the
            bounced recipient or the clicked URL).
        data: the event's ``data`` object, everything PostStack sent.
        raw: the whole JSON object as delivered.
    """

    id: str | None
    type: str
    kind: EventKind
    timestamp: datetime | None
    email_id: str | None
    recipients: list[str]
    tags: list[str]
    metadata: dict[str, Any]
    data: dict[str, Any] = field(repr=False)
    raw: dict[str, Any] = field(repr=False)

    @property
    def event_type(self) -> str:
        return self.type.removeprefix("email.")

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> WebhookEvent:
        """Read a delivered JSON object; unknown or missing fields are tolerated."""
        body = dict(raw)
        data_value = body.get("data")
        data = cast("dict[str, Any]", data_value) if isinstance(data_value, dict) else {}
        event_type = _str_or_none(body.get("type")) or ""
        metadata = data.get("metadata")
        return cls(
            id=_str_or_none(body.get("id")),
            type=event_type,
            kind="inbound" if event_type in _INBOUND_TYPES else "tracking",
            timestamp=_parse_timestamp(body.get("timestamp")),
            email_id=_str_or_none(data.get("email_id")),
            recipients=_str_list(data.get("to")),
            tags=_str_list(data.get("tags")),
            metadata=cast("dict[str, Any]", metadata) if isinstance(metadata, dict) else {},
            data=data,
            raw=body,
        )


class EventStore(Protocol):
    """Remembers which event ids were handled. Implementations must make `claim` atomic
    (two processes claiming one id at once: exactly one gets True)."""

    def claim(self, event_id: str) -> bool:
        """Mark ``event_id`` handled; True if it was not already."""
        ...

    def release(self, event_id: str) -> None:
        """Forget ``event_id`` (its handling failed, so a retry must be handled)."""
        ...


class InMemoryEventStore:
    """The default `EventStore`: the ``maxsize`` most recent ids, in this process only."""

    def __init__(self, maxsize: int = 10_000) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, event_id: str) -> bool:
        with self._lock:
            if event_id in self._ids:
                self._ids.move_to_end(event_id)
                return False
            self._ids[event_id] = None
            while len(self._ids) > self.maxsize:
                self._ids.popitem(last=False)
            return True

    def release(self, event_id: str) -> None:
        with self._lock:
            self._ids.pop(event_id, None)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._ids


def resolve_secrets(secret: str | Sequence[str] | None) -> list[str]:
    """The signing secrets to accept: ``secret``, else ``$POSTSTACK_WEBHOOK_SECRET``.

    Raises:
        ValueError: no secret anywhere (a receiver that accepts anything is never made).
    """
    if secret is None:
        secret = os.environ.get(SECRET_ENV, "")
    found = [secret] if isinstance(secret, str) else list(secret)
    secrets = [part.strip() for item in found for part in str(item).split(",") if part.strip()]
    if not secrets:
        raise ValueError(
            "No PostStack webhook signing secret: pass secret='whsec_...' (a list of two "
            f"during a rotation) or set the {SECRET_ENV} environment variable"
        )
    return secrets


@dataclass(frozen=True)
class ReceiveResult:
    """What a receiver answers: ``status`` and a small JSON ``body``, and the event if one
    was handled (None when refused or a duplicate)."""

    status: int
    body: dict[str, Any]
    event: WebhookEvent | None = None
    duplicate: bool = False


Handler = Callable[[WebhookEvent], object]


class WebhookReceiver:
    """Verify, dedupe and dispatch webhook deliveries; framework glue calls `receive`.

    Args:
        secret: the signing secret, or a list (old and new during a rotation); defaults to
            ``$POSTSTACK_WEBHOOK_SECRET``, read when the receiver is made.
        store: where handled event ids are remembered (default: `InMemoryEventStore`).
        handlers: called in order with each new event (more with `add_handler`).

    Raises:
        ValueError: no secret configured.
    """

    def __init__(
        self,
        secret: str | Sequence[str] | None = None,
        *,
        store: EventStore | None = None,
        handlers: Sequence[Handler] = (),
    ) -> None:
        self._secrets = resolve_secrets(secret)
        self.store: EventStore = store if store is not None else InMemoryEventStore()
        self.handlers: list[Handler] = list(handlers)

    def add_handler(self, handler: Handler) -> Handler:
        """Register ``handler`` (usable as a decorator)."""
        self.handlers.append(handler)
        return handler

    def __repr__(self) -> str:  # never the secrets
        return f"{type(self).__name__}(secrets={len(self._secrets)}, store={self.store!r})"

    def verify(self, body: bytes, signature: str | None) -> WebhookEvent:
        """The verified event of one delivery.

        Raises:
            WebhookVerificationError: a missing or wrong signature, or a body that is not
                a JSON object.
        """
        if not signature:
            raise WebhookVerificationError(f"missing {SIGNATURE_HEADER} header")
        if not verify_signature(body, signature, self._secrets):
            raise WebhookVerificationError(
                f"{SIGNATURE_HEADER} does not match the body for the configured secret(s)"
            )
        try:
            parsed = json.loads(body)
        except ValueError:
            raise WebhookVerificationError("the signed body is not valid JSON") from None
        if not isinstance(parsed, dict):
            raise WebhookVerificationError("the signed body is not a JSON object")
        return WebhookEvent.from_json(cast("dict[str, Any]", parsed))

    def receive(
        self, body: bytes, signature: str | None, dispatch: Handler | None = None
    ) -> ReceiveResult:
        """Handle one delivery: verify, dedupe, then call ``dispatch`` (the framework's own
        signal, if any) and every handler.

        A handler's exception propagates (the framework answers 500 and PostStack retries)
        after the event id is released.
        """
        try:
            event = self.verify(body, signature)
        except WebhookVerificationError as exc:
            return ReceiveResult(400, {"error": str(exc)})
        if event.id is not None and not self.store.claim(event.id):
            return ReceiveResult(200, {"received": True, "duplicate": True}, None, True)
        try:
            if dispatch is not None:
                dispatch(event)
            for handler in self.handlers:
                handler(event)
        except BaseException:
            if event.id is not None:
                self.store.release(event.id)
            raise
        return ReceiveResult(200, {"received": True}, event)

    async def areceive(
        self, body: bytes, signature: str | None, dispatch: Handler | None = None
    ) -> ReceiveResult:
        """`receive` for async frameworks: handlers may be coroutine functions."""
        import inspect  # noqa: PLC0415 - only async frameworks need it

        try:
            event = self.verify(body, signature)
        except WebhookVerificationError as exc:
            return ReceiveResult(400, {"error": str(exc)})
        if event.id is not None and not self.store.claim(event.id):
            return ReceiveResult(200, {"received": True, "duplicate": True}, None, True)
        try:
            for handler in ([dispatch] if dispatch is not None else []) + self.handlers:
                outcome = handler(event)
                if inspect.isawaitable(outcome):
                    await outcome
        except BaseException:
            if event.id is not None:
                self.store.release(event.id)
            raise
        return ReceiveResult(200, {"received": True}, event)

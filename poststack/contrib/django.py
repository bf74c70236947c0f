"""Django's mail framework over PostStack, and PostStack webhooks as Django signals.

``EMAIL_BACKEND = "poststack.contrib.django.EmailBackend"`` in settings (Django 6.1+: the
``MAILERS`` entry's ``BACKEND``).

Each ``EmailMessage`` becomes one ``POST /emails`` (or one ``POST /emails/batch`` when it
must go out as one email per recipient): sender, recipients, subject, text and HTML bodies,
attachments (inline images keep their ``Content-ID``), ``Reply-To``/``From`` headers and
extra headers. On top of Django's own attributes a message may carry what django-anymail
users set (see `PostStackMessage`): ``tags``, ``metadata``, ``merge_metadata``,
``track_opens``, ``track_clicks``, ``send_at``, ``template_id``, ``merge_data``,
``merge_global_data``, ``esp_extra`` and ``idempotency_key``.

After sending, the message carries ``poststack_status`` (also as ``anymail_status``): the
email id(s) and a status per recipient; ``poststack_id`` is the id of a single email.

Features the API cannot carry raise `UnsupportedFeature` before anything is sent, unless
``POSTSTACK["IGNORE_UNSUPPORTED_FEATURES"]`` is true (then they are dropped).

Settings (all optional; ``POSTSTACK_API_KEY`` / ``POSTSTACK_BASE_URL`` /
``POSTSTACK_WEBHOOK_SECRET`` from the environment are the fallback)::

    POSTSTACK = {"API_KEY": ..., "BASE_URL": ..., "TIMEOUT": 10, "MAX_RETRIES": 3,
                 "TRANSPORT": "httpx", "IGNORE_UNSUPPORTED_FEATURES": False,
                 "WEBHOOK_SECRET": "whsec_..." or ["whsec_new", "whsec_old"],
                 "WEBHOOK_EVENT_STORE": "dotted.path.to.Store" or an instance}
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email.message import Message
from email.utils import getaddresses
from typing import Any, ClassVar, Literal, cast

from django.conf import settings
from django.core.cache import caches
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils import timezone as django_timezone
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt

from poststack_proto import PostStackError

from .._sync import PostStack
from ..types.emails import Attachment, SendEmailParams
from .webhooks import EventStore, InMemoryEventStore, WebhookEvent, WebhookReceiver

__all__ = [
    "METADATA_HEADER",
    "CacheEventStore",
    "EmailBackend",
    "PostStackMessage",
    "RecipientStatus",
    "RecordingEmailBackend",
    "SendStatus",
    "UnsupportedFeature",
    "WebhookView",
    "inbound",
    "message_to_payloads",
    "message_to_payload",
    "tracking",
]

# PostStack has no metadata field: metadata travels as this JSON header, stored with the
# email (GET /emails/:id shows it). The name is the one django-anymail uses for such ESPs.
METADATA_HEADER = "X-Metadata"

# The headers PostStack's SMTP relay reads (reference 1.1); honoured here too, so a message
# written for the relay behaves the same through the API.
_SMTP_IDEMPOTENCY = "x-poststack-idempotency-key"
_SMTP_TAGS = "x-poststack-tags"
_SMTP_TEMPLATE = "x-poststack-template-id"
_SMTP_VARIABLES = "x-poststack-variables"

# Headers the payload carries in its own fields, or that the API sets itself.
_MAPPED_HEADERS = frozenset(
    {"from", "to", "cc", "bcc", "reply-to", "subject", "content-type", "mime-version"}
    | {_SMTP_IDEMPOTENCY, _SMTP_TAGS, _SMTP_TEMPLATE, _SMTP_VARIABLES}
)

_BATCH_LIMIT = 100

# Non-HTML alternatives sent as attachments (calendar clients read an invite from either).
_ALTERNATIVE_ATTACHMENTS = {"text/calendar": "invite.ics"}

tracking = Signal()
"""Sent for each verified tracking event (``email.delivered``, ``email.opened``...), with
``event`` (a `poststack.contrib.webhooks.WebhookEvent`). ``sender`` is `WebhookView`."""

inbound = Signal()
"""Sent for each verified inbound-mail event (``email.inbound``), with ``event``."""


class UnsupportedFeature(ValueError):
    """The message uses something PostStack's API cannot carry; nothing was sent.

    Set ``POSTSTACK["IGNORE_UNSUPPORTED_FEATURES"] = True`` to send without it instead.
    """


Status = Literal["queued", "scheduled", "rejected", "failed"]


@dataclass
class RecipientStatus:
    """One recipient's outcome: the email id that reached them, and ``status``
    (``queued``, ``scheduled``, ``rejected`` by the API, or ``failed`` to send)."""

    message_id: str | None
    status: Status


@dataclass
class SendStatus:
    """What sending a message did (django-anymail's ``anymail_status`` shape).

    Attributes:
        message_id: the email id when one email was sent, the set of ids when several.
        status: the set of recipient statuses.
        recipients: address -> `RecipientStatus` (bare, as the address was written).
        esp_response: the API's answers, as received.
    """

    message_id: str | set[str] | None = None
    status: set[str] = field(default_factory=set[str])
    recipients: dict[str, RecipientStatus] = field(default_factory=dict[str, RecipientStatus])
    esp_response: list[Any] = field(default_factory=list[Any])

    def record(self, addresses: Sequence[str], answer: Mapping[str, Any], scheduled: bool) -> None:
        email_id = answer.get("id")
        if isinstance(email_id, str):
            status: Status = "scheduled" if scheduled else "queued"
        else:
            email_id, status = None, "rejected"
        for address in addresses:
            self.recipients[_bare(address)] = RecipientStatus(email_id, status)
        ids = {r.message_id for r in self.recipients.values() if r.message_id is not None}
        self.message_id = next(iter(ids)) if len(ids) == 1 else (ids or None)
        self.status = {r.status for r in self.recipients.values()}


class PostStackMessage(EmailMultiAlternatives):
    """An `EmailMultiAlternatives` with PostStack's options as typed keyword arguments.

    Any ``EmailMessage`` may carry the same attributes (set them after creating it); this
    class only declares them. Names and meanings follow django-anymail.

    Args:
        tags: ``tags`` of the email (filterable in ``GET /emails?tag=``).
        metadata: a JSON object stored with the email as the ``X-Metadata`` header.
        merge_metadata: per-recipient metadata (address -> object); sends one email per
            ``to`` address.
        track_opens, track_clicks: override the domain's tracking for this email.
        send_at: a `datetime` (naive = Django's current time zone), a `date` (its
            midnight), a POSIX timestamp or an ISO-8601 string: a scheduled send.
        template_id: a published PostStack template (``tpl_...``); subject and bodies may
            then be left empty.
        merge_global_data: template variables for every recipient.
        merge_data: per-recipient variables (address -> object); sends one email per
            ``to`` address, each seeing only its own address.
        esp_extra: any other API field, merged into the payload last (wins).
        idempotency_key: reused by every retry of this send; set it from something stable
            (an order id) so a Celery task that runs twice sends once.
    """

    def __init__(
        self,
        *args: Any,
        tags: Sequence[str] | None = None,
        metadata: Mapping[str, Any] | None = None,
        merge_metadata: Mapping[str, Mapping[str, Any]] | None = None,
        track_opens: bool | None = None,
        track_clicks: bool | None = None,
        send_at: datetime | date | float | str | None = None,
        template_id: str | None = None,
        merge_global_data: Mapping[str, Any] | None = None,
        merge_data: Mapping[str, Mapping[str, Any]] | None = None,
        esp_extra: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.tags = list(tags) if tags is not None else None
        self.metadata = metadata
        self.merge_metadata = merge_metadata
        self.track_opens = track_opens
        self.track_clicks = track_clicks
        self.send_at = send_at
        self.template_id = template_id
        self.merge_global_data = merge_global_data
        self.merge_data = merge_data
        self.esp_extra = esp_extra
        self.idempotency_key = idempotency_key
        self.poststack_status = SendStatus()
        self.anymail_status = self.poststack_status


def _config() -> dict[str, Any]:
    return cast("dict[str, Any]", getattr(settings, "POSTSTACK", None) or {})


def _bare(address: str) -> str:
    parsed = getaddresses([address])
    return parsed[0][1] if parsed and parsed[0][1] else address


class _Features:
    """Collects what a message uses that cannot be sent; raises or drops it."""

    def __init__(self, ignore: bool) -> None:
        self.ignore = ignore

    def unsupported(self, what: str) -> None:
        if not self.ignore:
            raise UnsupportedFeature(
                f"PostStack cannot send {what}; remove it, or set "
                'POSTSTACK["IGNORE_UNSUPPORTED_FEATURES"] = True to send without it'
            )


def _attachment(item: Any) -> Attachment:
    content_id: str | None = None
    if isinstance(item, Message):  # MIMEBase (Django < 6.1) or MIMEPart (6.1+)
        payload = item.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        filename = item.get_filename()
        content_type = item.get_content_type()
        raw_id = str(cast(object, item.get("Content-ID")) or "")
        disposition = str(cast(object, item.get("Content-Disposition")) or "")
        disposition = disposition.split(";", maxsplit=1)[0].strip().lower()
        if raw_id and disposition != "attachment":
            content_id = raw_id.strip().removeprefix("<").removesuffix(">")
        if not filename:
            filename = content_id or "attachment"
    else:
        filename, raw, content_type = item
        content = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        filename = filename or "attachment"
    attachment: Attachment = {
        "filename": str(filename),
        "content": base64.b64encode(content).decode("ascii"),
    }
    if content_type:
        attachment["content_type"] = str(content_type)
    if content_id:
        attachment["content_id"] = content_id
    return attachment


def _iso_send_at(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise TypeError("send_at must be a datetime, a date, a timestamp or an ISO-8601 string")
    if isinstance(value, (int, float)):
        moment = datetime.fromtimestamp(value, tz=timezone.utc)
    elif isinstance(value, datetime):
        moment = value
        if django_timezone.is_naive(moment):
            moment = django_timezone.make_aware(moment, django_timezone.get_current_timezone())
    elif isinstance(value, date):
        moment = django_timezone.make_aware(
            datetime(value.year, value.month, value.day), django_timezone.get_current_timezone()
        )
    else:
        raise TypeError(
            "send_at must be a datetime, a date, a timestamp or an ISO-8601 string, "
            f"not {type(value).__name__}"
        )
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _headers(message: EmailMessage) -> dict[str, str]:
    return {str(k): str(v) for k, v in (message.extra_headers or {}).items()}


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def _common_payload(message: EmailMessage, features: _Features) -> SendEmailParams:
    """Every field but the recipients; the per-recipient parts are added by the caller."""
    headers = _headers(message)
    sender = _header(headers, "From") or message.from_email or settings.DEFAULT_FROM_EMAIL
    payload: dict[str, Any] = {"from": str(sender)}
    if message.subject:
        payload["subject"] = str(message.subject)
    reply_to_header = _header(headers, "Reply-To")
    reply_to = (
        [address for _, address in getaddresses([reply_to_header]) if address]
        if reply_to_header
        else [str(a) for a in message.reply_to]
    )
    if reply_to:
        payload["reply_to"] = reply_to[0] if len(reply_to) == 1 else reply_to
    for name, listed in (("To", message.to), ("Cc", message.cc)):
        shown = _header(headers, name)
        if shown is not None and shown != ", ".join(str(a) for a in listed):
            features.unsupported(f"a {name} header that differs from the message's {name.lower()}")
    body = str(message.body or "")
    attachments = [_attachment(item) for item in message.attachments]
    if message.content_subtype == "html":
        payload["html"] = body
    elif body:
        payload["text"] = body
    alternatives = message.alternatives if isinstance(message, EmailMultiAlternatives) else []
    for content, mimetype in alternatives:
        text = content.decode() if isinstance(content, bytes) else str(content)
        if mimetype == "text/html" and "html" not in payload:
            payload["html"] = text
        elif mimetype == "text/plain" and "text" not in payload:
            payload["text"] = text
        elif mimetype in _ALTERNATIVE_ATTACHMENTS:
            attachments.append(
                {
                    "filename": _ALTERNATIVE_ATTACHMENTS[mimetype],
                    "content": base64.b64encode(text.encode("utf-8")).decode("ascii"),
                    "content_type": mimetype,
                }
            )
        else:
            features.unsupported(f"a second body of type {mimetype} (one text, one HTML only)")
    if attachments:
        payload["attachments"] = attachments
    extra = {k: v for k, v in headers.items() if k.lower() not in _MAPPED_HEADERS}
    if extra:
        payload["headers"] = extra
    given_tags: object = getattr(message, "tags", None) or []
    if isinstance(given_tags, str):
        raise TypeError(f"message.tags must be a list of strings, not a string: {given_tags!r}")
    tags = list(cast("Sequence[object]", given_tags))
    smtp_tags = _header(headers, _SMTP_TAGS)
    if smtp_tags:
        tags.extend(t.strip() for t in smtp_tags.split(",") if t.strip())
    if tags:
        payload["tags"] = [str(t) for t in tags]
    metadata = getattr(message, "metadata", None)
    if metadata:
        payload.setdefault("headers", {})[METADATA_HEADER] = json.dumps(metadata)
    opens, clicks = getattr(message, "track_opens", None), getattr(message, "track_clicks", None)
    if opens is not None or clicks is not None:
        payload["tracking"] = {
            name: bool(flag)
            for name, flag in (("opens", opens), ("clicks", clicks))
            if flag is not None
        }
    send_at = getattr(message, "send_at", None)
    if send_at is not None:
        payload["scheduled_at"] = _iso_send_at(send_at)
    template_id = getattr(message, "template_id", None) or _header(headers, _SMTP_TEMPLATE)
    if template_id:
        payload["template_id"] = str(template_id)
    variables: dict[str, Any] = {}
    smtp_variables = _header(headers, _SMTP_VARIABLES)
    if smtp_variables:
        try:
            parsed = json.loads(smtp_variables)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise ValueError(f"the {_SMTP_VARIABLES} header must be a JSON object")
        variables.update(cast("dict[str, Any]", parsed))
    variables.update(getattr(message, "merge_global_data", None) or {})
    if variables:
        payload["variables"] = variables
    if "template_id" not in payload and not payload.get("text") and not payload.get("html"):
        raise ValueError(
            "the message has no body: PostStack needs a text or HTML body (or a template_id)"
        )
    if getattr(message, "envelope_sender", None):
        features.unsupported("an envelope_sender (PostStack sets the return path itself)")
    return cast(SendEmailParams, payload)


def _finish(payload: SendEmailParams, message: EmailMessage) -> SendEmailParams:
    extra = getattr(message, "esp_extra", None)
    if extra:
        merged: dict[str, Any] = {**payload, **dict(extra)}
        return cast(SendEmailParams, merged)
    return payload


def _is_batch(message: EmailMessage) -> bool:
    """One email per ``to`` address: per-recipient data, or bcc-only (the API needs a
    ``to``, and Bcc recipients must not see each other)."""
    if getattr(message, "merge_data", None) is not None:
        return True
    if getattr(message, "merge_metadata", None) is not None:
        return True
    return not message.to and not message.cc and bool(message.bcc)


def message_to_payloads(
    message: EmailMessage, *, ignore_unsupported: bool | None = None
) -> list[SendEmailParams]:
    """The API payloads for one Django message: one, or one per recipient.

    One email per ``to`` address is sent when the message has ``merge_data`` or
    ``merge_metadata`` (each copy gets its own variables and metadata and shows only its
    own address), and for a Bcc-only message (each Bcc recipient gets a copy addressed to
    them alone: PostStack requires a ``to``, and none may see another).

    Raises:
        ValueError: no recipients.
        UnsupportedFeature: something the API cannot carry (unless ignored).
        TypeError: a ``send_at`` of the wrong type.
    """
    if ignore_unsupported is None:
        ignore_unsupported = bool(_config().get("IGNORE_UNSUPPORTED_FEATURES", False))
    features = _Features(ignore_unsupported)
    if not (message.to or message.cc or message.bcc):
        raise ValueError("the message has no recipients")
    base = _common_payload(message, features)
    if not _is_batch(message):
        payload = dict(base)
        payload["to"] = [str(a) for a in message.to]
        if message.cc:
            payload["cc"] = [str(a) for a in message.cc]
        if message.bcc:
            payload["bcc"] = [str(a) for a in message.bcc]
        if not message.to:  # cc only: the API needs a to; the cc list stands in for it
            payload["to"] = payload.pop("cc")
        return [_finish(cast(SendEmailParams, payload), message)]
    addresses = [str(a) for a in message.to] if message.to else [str(a) for a in message.bcc]
    if message.to and (message.cc or message.bcc):
        features.unsupported("cc or bcc together with merge_data (one email per recipient)")
    merge_data = cast("Mapping[str, Mapping[str, Any]]", getattr(message, "merge_data", None) or {})
    merge_metadata = cast(
        "Mapping[str, Mapping[str, Any]]", getattr(message, "merge_metadata", None) or {}
    )
    payloads: list[SendEmailParams] = []
    for address in addresses:
        copy = cast("dict[str, Any]", dict(base))
        copy["to"] = [address]
        bare = _bare(address)
        own = merge_data.get(address, merge_data.get(bare))
        if own:
            shared: dict[str, Any] = copy.get("variables") or {}
            copy["variables"] = {**shared, **own}
        own_metadata = merge_metadata.get(address, merge_metadata.get(bare))
        if own_metadata:
            shared_metadata: Mapping[str, Any] = getattr(message, "metadata", None) or {}
            combined = {**shared_metadata, **own_metadata}
            headers: dict[str, str] = copy.get("headers") or {}
            copy["headers"] = {**headers, METADATA_HEADER: json.dumps(combined)}
        payloads.append(_finish(cast(SendEmailParams, copy), message))
    return payloads


def message_to_payload(message: EmailMessage) -> SendEmailParams:
    """The single ``POST /emails`` body for a message that goes out as one email.

    Raises:
        ValueError: the message goes out as one email per recipient (use
            `message_to_payloads`), or has no recipients.
        UnsupportedFeature: as `message_to_payloads`.
    """
    payloads = message_to_payloads(message)
    if len(payloads) != 1:
        raise ValueError("this message is sent as one email per recipient; use message_to_payloads")
    return payloads[0]


def _idempotency_key(message: EmailMessage) -> str | None:
    key = getattr(message, "idempotency_key", None) or _header(_headers(message), _SMTP_IDEMPOTENCY)
    return str(key) if key else None


class EmailBackend(BaseEmailBackend):
    """A Django email backend that sends through the PostStack API.

    Args:
        fail_silently: swallow `PostStackError` (and refusals before sending) and count
            the message as not sent.
        api_key, base_url, timeout, max_retries, transport: override ``settings.POSTSTACK``.
    """

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        # Django 6.1+ builds backends from settings.MAILERS and passes the entry's alias; older
        # versions pass nothing. Neither may see our own options, or it warns about them.
        alias = kwargs.pop("alias", None)
        kwargs.pop("_ignore_unknown_kwargs", None)
        for smtp_only in ("username", "password"):  # send_mail() passes them, mostly None
            if kwargs.get(smtp_only) is None:
                kwargs.pop(smtp_only, None)
        configured = _config()
        options = {
            name: kwargs.pop(name, configured.get(name.upper()))
            for name in ("api_key", "base_url", "timeout", "max_retries", "transport")
        }
        if kwargs:
            raise TypeError(f"EmailBackend got unknown options: {', '.join(sorted(kwargs))}")
        if alias is None:
            super().__init__()
        else:
            super().__init__(alias=alias)  # pyright: ignore[reportCallIssue]
        self.fail_silently = fail_silently
        self._client_options = {k: v for k, v in options.items() if v is not None}
        self._client: PostStack | None = None

    def _make_client(self) -> PostStack:
        return PostStack(**self._client_options)

    def open(self) -> bool:
        """Make the client (and its connection pool); True if this call made it."""
        if self._client is not None:
            return False
        try:
            self._client = self._make_client()
        except (ValueError, TypeError):
            if not self.fail_silently:
                raise
            return False
        return True

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        """Send each message; the number sent. Each message keeps ``poststack_status``
        (and ``anymail_status``), and ``poststack_id`` when it went out as one email."""
        if not email_messages:
            return 0
        opened_here = self.open()
        client = self._client
        if client is None:
            return 0
        sent = 0
        try:
            for message in email_messages:
                try:
                    if self._send(client, message):
                        sent += 1
                except (PostStackError, ValueError, TypeError):
                    if not self.fail_silently:
                        raise
        finally:
            if opened_here:
                self.close()
        return sent

    def _send(self, client: PostStack, message: EmailMessage) -> bool:
        payloads = message_to_payloads(message)
        key = _idempotency_key(message)
        status = SendStatus()
        # Django messages take ad-hoc attributes; these tie the message to its email ids,
        # which webhook events carry.
        setattr(message, "poststack_status", status)  # noqa: B010
        setattr(message, "anymail_status", status)  # noqa: B010
        scheduled = any("scheduled_at" in p for p in payloads)
        if len(payloads) == 1:
            (payload,) = payloads
            sent = client.emails.send(payload, idempotency_key=key)
            status.esp_response.append(sent)
            status.record(_recipients_of(payload), sent, scheduled)
            setattr(message, "poststack_id", sent["id"])  # noqa: B010
            return True
        refusal: Mapping[str, Any] | None = None
        for start in range(0, len(payloads), _BATCH_LIMIT):
            chunk = [dict(p) for p in payloads[start : start + _BATCH_LIMIT]]
            if key is not None:
                for offset, element in enumerate(chunk):
                    element.setdefault("idempotency_key", f"{key}:{start + offset}")
            chunk_key = None if key is None else f"{key}:batch:{start // _BATCH_LIMIT}"
            answer = client.emails.batch(
                {"emails": cast("list[SendEmailParams]", chunk)}, idempotency_key=chunk_key
            )
            status.esp_response.append(answer)
            results = cast("list[Mapping[str, Any]]", answer.get("data") or [])
            for element, result in zip(chunk, results, strict=False):
                status.record(cast("list[str]", element["to"]), result, scheduled)
                if "id" not in result and refusal is None:
                    refusal = result
        if refusal is not None and not any(r.message_id for r in status.recipients.values()):
            raise PostStackError(
                422,
                f"PostStack refused every recipient: {refusal.get('error', 'no reason given')}",
                cast("str | None", refusal.get("code")),
            )
        return True


def _recipients_of(payload: Mapping[str, Any]) -> list[str]:
    return [*payload.get("to", []), *payload.get("cc", []), *payload.get("bcc", [])]


class RecordingEmailBackend(EmailBackend):
    """A test backend: nothing leaves the process; every message lands in
    ``django.core.mail.outbox`` (as with Django's locmem backend) carrying
    ``poststack_payloads``, the exact JSON bodies the API would have received, and the
    ``poststack_status`` a real send would give (ids ``em_test_1``...).

    ``EMAIL_BACKEND = "poststack.contrib.django.RecordingEmailBackend"`` in test settings.
    Needs no API key.
    """

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        from django.core import mail  # noqa: PLC0415 - the outbox lives there

        if not hasattr(mail, "outbox"):
            mail.outbox = []  # pyright: ignore[reportAttributeAccessIssue]  # Django adds it only in tests; stubs omit it

    def _make_client(self) -> PostStack:
        from ..testing import MockTransport  # noqa: PLC0415 - test code only

        self._transport = MockTransport()
        options: dict[str, Any] = {**self._client_options, "transport": self._transport}
        options.setdefault("api_key", "sk_test_recording")
        return PostStack(**options)

    def _send(self, client: PostStack, message: EmailMessage) -> bool:
        from django.core import mail  # noqa: PLC0415

        already = len(self._transport.calls)
        sent = super()._send(client, message)
        bodies: list[Any] = []
        for call in self._transport.calls[already:]:
            if call.operation == "emails.batch":
                bodies.extend(cast("dict[str, Any]", call.payload)["emails"])
            else:
                bodies.append(call.payload)
        setattr(message, "poststack_payloads", bodies)  # noqa: B010
        outbox = cast("list[EmailMessage]", getattr(mail, "outbox"))  # noqa: B009
        outbox.append(message)
        return sent


class CacheEventStore:
    """An `EventStore` in a Django cache (shared by every process using that cache).

    ``cache.add`` is atomic on every Django cache backend but the local-memory one, so
    two workers receiving one event at once handle it once.

    Args:
        alias: the ``CACHES`` entry.
        timeout: seconds an event id is remembered (PostStack retries for up to 24 h).
    """

    def __init__(self, alias: str = "default", *, timeout: int = 3 * 24 * 3600) -> None:
        self.alias = alias
        self.timeout = timeout

    def claim(self, event_id: str) -> bool:
        return bool(caches[self.alias].add(f"poststack:event:{event_id}", 1, self.timeout))

    def release(self, event_id: str) -> None:
        caches[self.alias].delete(f"poststack:event:{event_id}")


def _configured_store() -> EventStore | None:
    store = _config().get("WEBHOOK_EVENT_STORE")
    if isinstance(store, str):
        made = import_string(store)
        return cast(EventStore, made() if isinstance(made, type) else made)
    return cast("EventStore | None", store)


def _send_signal(event: WebhookEvent) -> None:
    signal = inbound if event.kind == "inbound" else tracking
    signal.send(sender=WebhookView, event=event)


class WebhookView:
    """A view receiving PostStack webhooks: verifies, dedupes, then sends the `tracking`
    or `inbound` signal with the event.

    ::

        # urls.py
        path("poststack/webhooks/", WebhookView.as_view())

        # anywhere loaded at startup
        @receiver(poststack.contrib.django.tracking)
        def on_event(sender, event, **kwargs): ...

    Answers 200 (handled, or a duplicate), 400 (bad signature or body), 405 (not POST);
    a receiver's exception propagates (Django answers 500 and PostStack retries).

    Args:
        secret: overrides ``POSTSTACK["WEBHOOK_SECRET"]`` / ``$POSTSTACK_WEBHOOK_SECRET``.
        store: overrides ``POSTSTACK["WEBHOOK_EVENT_STORE"]`` (default: in memory).
    """

    receiver_class: ClassVar[type[WebhookReceiver]] = WebhookReceiver

    def __init__(
        self, *, secret: str | Sequence[str] | None = None, store: EventStore | None = None
    ) -> None:
        configured = _config()
        self.receiver = self.receiver_class(
            secret if secret is not None else configured.get("WEBHOOK_SECRET"),
            store=store if store is not None else _configured_store(),
        )

    @classmethod
    def as_view(
        cls, *, secret: str | Sequence[str] | None = None, store: EventStore | None = None
    ) -> Callable[[HttpRequest], HttpResponse]:
        """The view function. Its dedupe store is made once; the secret is read from
        settings on each request, so a rotation needs no restart."""
        shared: list[EventStore] = [store] if store is not None else []

        @csrf_exempt
        def view(request: HttpRequest) -> HttpResponse:
            if not shared:
                shared.append(_configured_store() or InMemoryEventStore())
            return cls(secret=secret, store=shared[0]).dispatch(request)

        return view

    def dispatch(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        result = self.receiver.receive(
            request.body, request.headers.get("X-PostStack-Signature"), _send_signal
        )
        return JsonResponse(result.body, status=result.status)

"""The ``/emails`` resource: send (single and batch), idempotent replays, read, list with every
filter of the reference (section 2.4), reschedule, cancel, events, insights, preview, spam preview.

Validation follows one rule: a payload the schema rejects (missing field, wrong JSON type,
malformed address, date or base64) is 400 ``invalid_request``; a well-formed payload the service
refuses (size limits, unverified domain, unpublished template, idempotency conflict, quota,
every recipient suppressed) is 422 ``unprocessable_entity`` (429 for the quota). Every message
names the field at fault, prefixed with ``emails[i].`` inside a batch.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from aiohttp import web

from ._auth import Caller
from ._content import insights, render, spam_check
from ._delivery import add_event, cancel_timer, start_delivery
from ._errors import ApiError, json_response
from ._http import caller_of, page_params, paginate, read_object, state_of
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, new_public_id, now, parse_address, parse_iso8601

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "MAX_BATCH",
    "MAX_EMAIL_ATTACHMENT_BYTES",
    "MAX_RECIPIENTS",
    "check_sender",
    "email_detail",
    "email_summary",
    "routes",
    "send_one",
]

MAX_BATCH = 100
MAX_RECIPIENTS = 50  # not published by the service; the sandbox's own limit (to + cc + bcc)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_EMAIL_ATTACHMENT_BYTES = 25 * 1024 * 1024
STATUSES = ("queued", "sending", "deferred", "delivered", "bounced", "complained", "failed")
_PROVIDERS = {
    "gmail.com": "gmail",
    "googlemail.com": "gmail",
    "outlook.com": "outlook",
    "hotmail.com": "outlook",
    "live.com": "outlook",
    "msn.com": "outlook",
    "yahoo.com": "yahoo",
    "icloud.com": "icloud",
    "me.com": "icloud",
}


@dataclass
class SendInput:
    """A validated send payload."""

    from_name: str | None
    from_address: str
    to: list[str]
    cc: list[str] | None
    bcc: list[str] | None
    reply_to: list[str] | None
    subject: str | None
    html: str | None
    text: str | None
    headers: dict[str, str] | None
    tags: list[str] | None
    attachments: list[dict[str, Any]]
    scheduled_at: datetime | None
    template_id: str | None
    variables: dict[str, Any]
    unsubscribe: bool
    idempotency_key: str | None
    fingerprint: str = field(default="")


def _fingerprint(payload: Mapping[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _bad(where: str, message: str) -> ApiError:
    return ApiError(400, f"{where}{message}")


def _address_list(
    payload: Mapping[str, Any], name: str, where: str, *, required: bool
) -> list[str]:
    value = payload.get(name)
    if value is None:
        if required:
            raise _bad(where, f"'{name}' is required (an array of email addresses)")
        return []
    if not isinstance(value, list):
        raise _bad(where, f"'{name}' must be an array of email addresses")
    items = cast("list[object]", value)
    if required and not items:
        raise _bad(where, f"'{name}' must contain at least one email address")
    addresses: list[str] = []
    for index, item in enumerate(items):
        if not isinstance(item, str) or parse_address(item) is None:
            raise _bad(where, f"'{name}[{index}]' is not a valid email address: {item!r}")
        addresses.append(item.strip())
    return addresses


def _optional_str(payload: Mapping[str, Any], name: str, where: str) -> str | None:
    value = payload.get(name)
    if value is not None and not isinstance(value, str):
        raise _bad(where, f"'{name}' must be a string")
    return value


def validate_send(payload: Mapping[str, Any], where: str = "") -> SendInput:
    """Check a send payload (``where`` prefixes messages, e.g. ``"emails[2]."``).

    Raises:
        ApiError: 400 for schema errors, 422 for attachment size limits.
    """
    sender = payload.get("from")
    if sender is None:
        raise _bad(where, "'from' is required")
    if not isinstance(sender, str):
        raise _bad(where, "'from' must be a string")
    parsed = parse_address(sender)
    if parsed is None:
        raise _bad(
            where,
            "'from' is not a valid address (use 'addr@domain' or 'Name <addr@domain>'): "
            f"{sender!r}",
        )
    to = _address_list(payload, "to", where, required=True)
    cc = _address_list(payload, "cc", where, required=False)
    bcc = _address_list(payload, "bcc", where, required=False)
    if len(to) + len(cc) + len(bcc) > MAX_RECIPIENTS:
        raise ApiError(
            422, f"{where}too many recipients: at most {MAX_RECIPIENTS} across to, cc and bcc"
        )
    reply_to_raw = payload.get("reply_to")
    reply_to: list[str] | None
    if reply_to_raw is None:
        reply_to = None
    elif isinstance(reply_to_raw, str):
        if parse_address(reply_to_raw) is None:
            raise _bad(where, f"'reply_to' is not a valid email address: {reply_to_raw!r}")
        reply_to = [reply_to_raw]
    else:
        reply_to = _address_list(payload, "reply_to", where, required=False) or None
    template_id = _optional_str(payload, "template_id", where)
    subject = _optional_str(payload, "subject", where)
    html = _optional_str(payload, "html", where)
    text = _optional_str(payload, "text", where)
    if template_id is None:
        if subject is None or not subject.strip():
            raise _bad(where, "'subject' is required unless 'template_id' is given")
        if not html and not text:
            raise _bad(where, "one of 'html' or 'text' is required unless 'template_id' is given")
    headers = payload.get("headers")
    if headers is not None and (
        not isinstance(headers, dict)
        or not all(
            isinstance(k, str) and isinstance(v, str)
            for k, v in cast("dict[object, object]", headers).items()
        )
    ):
        raise _bad(where, "'headers' must be an object of string values")
    tags = payload.get("tags")
    if tags is not None and (
        not isinstance(tags, list)
        or not all(isinstance(t, str) for t in cast("list[object]", tags))
    ):
        raise _bad(where, "'tags' must be an array of strings")
    variables = payload.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise _bad(where, "'variables' must be an object")
    scheduled_raw = payload.get("scheduled_at")
    scheduled_at: datetime | None = None
    if scheduled_raw is not None:
        if not isinstance(scheduled_raw, str) or parse_iso8601(scheduled_raw) is None:
            raise _bad(where, f"'scheduled_at' must be an ISO-8601 date-time: {scheduled_raw!r}")
        scheduled_at = parse_iso8601(scheduled_raw)
    unsubscribe = payload.get("unsubscribe", False)
    if not isinstance(unsubscribe, bool):
        raise _bad(where, "'unsubscribe' must be a boolean")
    tracking = payload.get("tracking")
    if tracking is not None and not isinstance(tracking, dict):
        raise _bad(where, '\'tracking\' must be an object like {"opens": true, "clicks": false}')
    signature = payload.get("signature")
    if signature is not None and signature not in ("auto", "none"):
        raise _bad(where, "'signature' must be 'auto' or 'none'")
    window = payload.get("idempotency_window_hours")
    if window is not None and (
        isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= 72
    ):
        # Deprecated and ignored by the service, but still type-checked.
        raise _bad(where, "'idempotency_window_hours' must be an integer between 1 and 72")
    idempotency_key = payload.get("idempotency_key")
    if idempotency_key is not None and (
        not isinstance(idempotency_key, str) or not idempotency_key
    ):
        raise _bad(where, "'idempotency_key' must be a non-empty string")
    return SendInput(
        from_name=parsed[0],
        from_address=parsed[1],
        to=to,
        cc=cc or None,
        bcc=bcc or None,
        reply_to=reply_to,
        subject=subject,
        html=html,
        text=text,
        headers=cast("dict[str, str] | None", headers),
        tags=cast("list[str] | None", tags),
        attachments=_attachments(payload.get("attachments"), where),
        scheduled_at=scheduled_at,
        template_id=template_id,
        variables=cast("dict[str, Any]", variables or {}),
        unsubscribe=unsubscribe,
        idempotency_key=idempotency_key,
        fingerprint=_fingerprint(payload),
    )


def _attachments(value: object, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _bad(where, "'attachments' must be an array")
    result: list[dict[str, Any]] = []
    total = 0
    for index, item in enumerate(cast("list[object]", value)):
        name = f"attachments[{index}]"
        if not isinstance(item, dict):
            raise _bad(where, f"'{name}' must be an object with 'filename' and 'content'")
        entry = cast("dict[str, Any]", item)
        filename = entry.get("filename")
        if not isinstance(filename, str) or not filename:
            raise _bad(where, f"'{name}.filename' is required (a non-empty string)")
        content = entry.get("content")
        if not isinstance(content, str):
            raise _bad(where, f"'{name}.content' is required (a base64 string)")
        try:
            decoded = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise _bad(where, f"'{name}.content' is not valid base64") from None
        for optional in ("content_type", "content_id"):
            if entry.get(optional) is not None and not isinstance(entry.get(optional), str):
                raise _bad(where, f"'{name}.{optional}' must be a string")
        content_id = entry.get("content_id")
        if isinstance(content_id, str) and (content_id.startswith("<") or content_id.endswith(">")):
            raise _bad(where, f"'{name}.content_id' must not have angle brackets")
        if len(decoded) > MAX_ATTACHMENT_BYTES:
            raise ApiError(
                422,
                f"{where}'{name}' is {len(decoded)} bytes; an attachment may be at most "
                f"{MAX_ATTACHMENT_BYTES} bytes (10 MB) decoded",
            )
        total += len(decoded)
        result.append(
            {
                "filename": filename,
                "contentType": entry.get("content_type") or "application/octet-stream",
                "contentId": content_id,
                "size": len(decoded),
                # Kept (base64) for the inbox's download link; never in API answers.
                "content": content,
            }
        )
    if total > MAX_EMAIL_ATTACHMENT_BYTES:
        raise ApiError(
            422,
            f"{where}'attachments' total {total} bytes; an email may carry at most "
            f"{MAX_EMAIL_ATTACHMENT_BYTES} bytes (25 MB) decoded",
        )
    return result


def _domain_of(address: str) -> str:
    return address.rpartition("@")[2].lower()


def _apply_template(state: SandboxState, send: SendInput, where: str) -> None:
    if send.template_id is None:
        return
    template = state.store.get_by_key("templates", send.template_id)
    if template is None:
        raise ApiError(404, f"{where}Template {send.template_id} not found")
    if not template.get("published"):
        raise ApiError(422, f"{where}Template not published: {send.template_id}")
    send.subject = send.subject or render(template.get("subject"), send.variables)
    if not send.html and not send.text:
        send.html = render(template.get("htmlBody"), send.variables)
        send.text = render(template.get("textBody"), send.variables)


def _sending_domain(state: SandboxState, send: SendInput, caller: Caller, where: str) -> int:
    domain = state.store.get_by_key("domains", _domain_of(send.from_address))
    if caller.domain_id is not None and (domain is None or domain["id"] != caller.domain_id):
        scope = state.store.get("domains", caller.domain_id)
        name = scope["name"] if scope is not None else f"domain {caller.domain_id}"
        raise ApiError(
            403, f"{where}This API key may only send from addresses at {name}", "forbidden"
        )
    if domain is None or domain.get("status") != "verified":
        # As on the service (test keys included). Pre-register with Sandbox(domains=[...]),
        # `poststack sandbox --domain NAME` or POST /_sandbox/domains.
        if domain is not None:
            raise ApiError(422, f"{where}Domain not verified: {domain['name']}")
        raise ApiError(
            422,
            f"{where}Domain not verified: {_domain_of(send.from_address)} (not registered; "
            "create and verify it, or start the sandbox with domains=[...] or --domain)",
        )
    return int(domain["id"])


def _drop_suppressed(state: SandboxState, send: SendInput, where: str) -> None:
    def keep(addresses: list[str] | None) -> list[str] | None:
        if addresses is None:
            return None
        return [
            a
            for a in addresses
            if state.store.get_by_key("suppressions", (parse_address(a) or (None, a))[1].lower())
            is None
        ]

    to, cc, bcc = keep(send.to) or [], keep(send.cc), keep(send.bcc)
    if not to and not cc and not bcc:
        raise ApiError(422, f"{where}All recipients are suppressed")
    send.to, send.cc, send.bcc = to, cc or None, bcc or None


def _new_email(
    state: SandboxState,
    caller: Caller,
    send: SendInput,
    domain_id: int | None,
    extra: Mapping[str, Any] | None = None,
) -> Document:
    created = now()
    spam = spam_check(send.subject, send.html, send.text)
    first = send.to[0] if send.to else (send.cc or send.bcc or ["x@unknown"])[0]
    provider = _PROVIDERS.get(_domain_of((parse_address(first) or (None, first))[1]))
    headers = dict(send.headers or {})
    if send.unsubscribe:
        headers.setdefault("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
    doc: Document = {
        "id": 0,
        "publicId": new_public_id("em"),
        "teamId": 1,
        "apiKeyId": caller.api_key_id,
        "domainId": domain_id,
        "fromAddress": send.from_address,
        "fromName": send.from_name,
        "toAddresses": send.to,
        "ccAddresses": send.cc,
        "bccAddresses": send.bcc,
        "replyTo": send.reply_to,
        "subject": send.subject or "",
        "headers": headers or None,
        "tags": send.tags,
        "status": "queued",
        "testMode": caller.test_mode,
        "recipientProvider": provider,
        "unsubscribeEnabled": send.unsubscribe,
        "spamScore": f"{spam['score']:.2f}",
        "spamWarnings": spam["symbols"] or None,
        "scheduledAt": format_ts(send.scheduled_at) if send.scheduled_at else None,
        "sentAt": None,
        "createdAt": format_ts(created),
        "htmlBody": send.html,
        "textBody": send.text,
        "events": [],
        # Internal: kept for the inbox page, stripped from API answers.
        "_attachments": send.attachments,
        "_templateId": send.template_id,
        **(extra or {}),
    }
    return state.store.insert("emails", doc, key=doc["publicId"])


def _check_quota(state: SandboxState) -> None:
    quota = state.settings.monthly_quota
    if quota is not None and state.sent_this_month >= quota:
        raise ApiError(
            429,
            f"Monthly email limit reached ({quota} emails). Upgrade your plan.",
            "monthly_limit_exceeded",
        )


def send_one(
    state: SandboxState,
    caller: Caller,
    payload: Mapping[str, Any],
    *,
    header_key: str | None,
    where: str = "",
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Validate, dedupe and accept one email; returns the send result (``{"id", ...}``).

    ``extra`` adds internal fields (``_broadcastId``…) to the stored email.

    Idempotency: the body's ``idempotency_key`` wins over the header, since SDKs put a random
    header on every POST while a body key is the caller's deliberate choice. Must run on the
    event loop (it arms delivery timers); it does not await, so check-and-insert is atomic.
    """
    send = validate_send(payload, where)
    key = send.idempotency_key or header_key
    with state.store.transaction():
        if key is not None:
            seen = state.store.get_by_key("idempotency", f"send:{key}")
            if seen is not None:
                if seen["fingerprint"] != send.fingerprint:
                    raise ApiError(
                        422,
                        f"{where}Idempotency key {key!r} was already used with a different payload",
                    )
                return _result(caller, seen["emailId"], replayed=True)
        if not caller.test_mode:
            _check_quota(state)
        _apply_template(state, send, where)
        domain_id = _sending_domain(state, send, caller, where)
        _drop_suppressed(state, send, where)
        email = _new_email(state, caller, send, domain_id, extra)
        if key is not None:
            state.store.insert(
                "idempotency",
                {"fingerprint": send.fingerprint, "emailId": email["publicId"]},
                key=f"send:{key}",
            )
    # Outside the store transaction: the store lock is never taken while holding state.lock's
    # holder elsewhere (reset() takes them the other way round).
    if not caller.test_mode:
        # Test-mode sends are not billed, so they do not count against the monthly quota.
        with state.lock:
            state.sent_this_month += 1
    add_event(state, email["id"], "queued")
    start_delivery(state, email, at=send.scheduled_at)
    return _result(caller, email["publicId"], replayed=False)


def check_sender(state: SandboxState, caller: Caller, payload: Mapping[str, Any]) -> None:
    """Refuse, as a send would, a payload whose sender may not send (broadcasts check first)."""
    send = validate_send(payload)
    _sending_domain(state, send, caller, "")


def _result(caller: Caller, public_id: str, *, replayed: bool) -> dict[str, Any]:
    result: dict[str, Any] = {"id": public_id}
    if replayed:
        result["replayed"] = True
    if caller.test_mode:
        result["test_mode"] = True
    return result


def _batch_element(result: dict[str, Any]) -> dict[str, Any]:
    # Batch elements are documented as {id, replayed?}: test_mode is a single-send field.
    return {k: v for k, v in result.items() if k != "test_mode"}


def email_detail(doc: Document) -> Document:
    """The ``GET /emails/:id`` shape: everything but internal fields."""
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def email_summary(doc: Document) -> Document:
    """The list shape: no bodies, no events."""
    return {
        k: v
        for k, v in doc.items()
        if not k.startswith("_") and k not in ("htmlBody", "textBody", "events")
    }


def _find(state: SandboxState, public_id: str) -> Document:
    doc = state.store.get_by_key("emails", public_id)
    if doc is None:
        raise ApiError(404, f"Email {public_id} not found")
    return doc


async def handle_send(request: web.Request) -> web.Response:
    state, caller = state_of(request), caller_of(request)
    payload = await read_object(request)
    result = send_one(state, caller, payload, header_key=request.headers.get("Idempotency-Key"))
    return json_response(result, status=202)


async def handle_batch(request: web.Request) -> web.Response:
    state, caller = state_of(request), caller_of(request)
    payload = await read_object(request)
    emails = payload.get("emails")
    if not isinstance(emails, list):
        raise ApiError(400, "'emails' is required (an array of send payloads)")
    items = cast("list[object]", emails)
    if not items:
        raise ApiError(400, "'emails' must contain at least one email")
    if len(items) > MAX_BATCH:
        raise ApiError(422, f"Batch size exceeds limit: {len(items)} emails, at most {MAX_BATCH}")
    header_key = request.headers.get("Idempotency-Key")
    fingerprint = _fingerprint(payload)
    if header_key is not None:
        seen = state.store.get_by_key("idempotency", f"batch:{header_key}")
        if seen is not None:
            if seen["fingerprint"] != fingerprint:
                raise ApiError(
                    422, f"Idempotency key {header_key!r} was already used with a different payload"
                )
            replayed = [
                {**item, "replayed": True} if "id" in item else item for item in seen["data"]
            ]
            return json_response({"data": replayed}, status=202)
    data: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        where = f"emails[{index}]."
        try:
            if not isinstance(item, dict):
                raise ApiError(400, f"{where[:-1]} must be an object")
            data.append(
                _batch_element(
                    send_one(
                        state, caller, cast("dict[str, Any]", item), header_key=None, where=where
                    )
                )
            )
        except ApiError as error:
            data.append({"error": error.message, "code": error.code})
    if header_key is not None:
        stored = [{k: v for k, v in item.items() if k != "replayed"} for item in data]
        state.store.insert(
            "idempotency", {"fingerprint": fingerprint, "data": stored}, key=f"batch:{header_key}"
        )
    return json_response({"data": data}, status=202)


async def handle_get(request: web.Request) -> web.Response:
    doc = _find(state_of(request), request.match_info["email_id"])
    return json_response({"email": email_detail(doc)})


def _day_bound(text: str, name: str, *, end: bool) -> datetime:
    moment = parse_iso8601(text)
    if moment is None:
        raise ApiError(400, f"Query parameter '{name}' must be YYYY-MM-DD or ISO-8601")
    if len(text.strip()) == 10 and end:
        # A bare date as the upper bound includes that whole day.
        moment += timedelta(days=1) - timedelta(microseconds=1)
    return moment


async def handle_list(request: web.Request) -> web.Response:
    state = state_of(request)
    page, per_page = page_params(request)
    query = request.query
    status = query.get("status")
    if status and status not in STATUSES:
        raise ApiError(400, f"Query parameter 'status' must be one of {', '.join(STATUSES)}")
    domain_id: int | None = None
    if query.get("domain_id"):
        try:
            domain_id = int(query["domain_id"])
        except ValueError:
            raise ApiError(400, "Query parameter 'domain_id' must be an integer") from None
    date_from = (
        _day_bound(query["date_from"], "date_from", end=False) if query.get("date_from") else None
    )
    date_to = _day_bound(query["date_to"], "date_to", end=True) if query.get("date_to") else None
    to = (query.get("to") or "").lower()
    sender = (query.get("from") or "").lower()
    subject = (query.get("subject") or "").lower()
    tag, provider = query.get("tag"), query.get("provider")
    country = (query.get("country") or "").upper()
    device = (query.get("device") or "").lower()

    def wanted(doc: Document) -> bool:
        created = parse_iso8601(doc["createdAt"])
        assert created is not None
        recipients: list[str] = [
            *doc["toAddresses"],
            *(doc["ccAddresses"] or []),
            *(doc["bccAddresses"] or []),
        ]
        events: list[Document] = doc["events"]
        return (
            (not status or doc["status"] == status)
            and (domain_id is None or doc["domainId"] == domain_id)
            and (date_from is None or created >= date_from)
            and (date_to is None or created <= date_to)
            and (not to or any(to in r.lower() for r in recipients))
            and (
                not sender
                or sender in doc["fromAddress"].lower()
                or sender in (doc["fromName"] or "").lower()
            )
            and (not subject or subject in doc["subject"].lower())
            and (not tag or tag in (doc["tags"] or []))
            and (not provider or doc["recipientProvider"] == provider)
            and (not country or any((e["geoCountry"] or "").upper() == country for e in events))
            and (not device or any((e["uaDeviceType"] or "").lower() == device for e in events))
        )

    matching = [email_summary(doc) for doc in reversed(state.store.all("emails")) if wanted(doc)]
    return json_response(paginate(matching, page, per_page))


def _not_yet_sent(doc: Document, action: str) -> None:
    if doc.get("_cancelled"):
        raise ApiError(422, f"Email {doc['publicId']} is cancelled and cannot be {action}")
    if doc["status"] != "queued":
        raise ApiError(
            422,
            f"Email {doc['publicId']} has already entered the sending pipeline "
            f"(status {doc['status']}) and cannot be {action}",
        )


async def handle_reschedule(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    raw = payload.get("scheduled_at")
    if not isinstance(raw, str) or parse_iso8601(raw) is None:
        raise ApiError(400, "'scheduled_at' is required (an ISO-8601 date-time)")
    at = parse_iso8601(raw)
    with state.store.transaction():
        doc = _find(state, request.match_info["email_id"])
        _not_yet_sent(doc, "rescheduled")
        doc["scheduledAt"] = format_ts(at) if at else None
        state.store.update("emails", doc)
    start_delivery(state, doc, at=at)
    return json_response({"success": True})


async def handle_cancel(request: web.Request) -> web.Response:
    state = state_of(request)
    with state.store.transaction():
        doc = _find(state, request.match_info["email_id"])
        _not_yet_sent(doc, "cancelled")
        doc["_cancelled"] = True
        state.store.update("emails", doc)
    cancel_timer(state, doc["id"])
    # The service documents no "cancelled" email status (EmailStatus has none). The sandbox uses
    # the documented "failed", with a failed event saying why: the email will never be sent.
    add_event(state, doc["id"], "failed", metadata={"reason": "cancelled"})
    return json_response({"success": True})


async def handle_events(request: web.Request) -> web.Response:
    doc = _find(state_of(request), request.match_info["email_id"])
    return json_response({"events": doc["events"]})


async def handle_insights(request: web.Request) -> web.Response:
    doc = _find(state_of(request), request.match_info["email_id"])
    score = float(doc["spamScore"] or 0)
    return json_response(
        {"warnings": insights(doc["subject"], doc["htmlBody"], doc["textBody"], score)}
    )


def _check_preview(payload: Mapping[str, Any], *, subject_required: bool) -> None:
    sender = payload.get("from")
    if not isinstance(sender, str) or parse_address(sender) is None:
        raise ApiError(400, "'from' is required (an email address)")
    to = _address_list(payload, "to", "", required=True)
    if len(to) > 5:
        raise ApiError(400, "'to' may list at most 5 addresses for a preview")
    for name in ("subject", "html", "text"):
        _optional_str(payload, name, "")
    if subject_required and not isinstance(payload.get("subject"), str):
        raise ApiError(400, "'subject' is required")


async def handle_preview(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    _check_preview(payload, subject_required=False)
    variables: object = payload.get("variables") or {}
    if not isinstance(variables, dict):
        raise ApiError(400, "'variables' must be an object")
    subject, html, text = payload.get("subject"), payload.get("html"), payload.get("text")
    template_id = payload.get("template_id")
    if template_id is not None:
        template = state.store.get_by_key("templates", str(template_id))
        if template is None:
            raise ApiError(404, f"Template {template_id} not found")
        subject = subject or template.get("subject")
        html = html or template.get("htmlBody")
        text = text or template.get("textBody")
    values = cast("dict[str, Any]", variables)
    rendered_subject = render(subject, values) or ""
    rendered_html, rendered_text = render(html, values), render(text, values)
    spam = spam_check(rendered_subject, rendered_html, rendered_text)
    return json_response(
        {
            "rendered_subject": rendered_subject,
            "rendered_html": rendered_html,
            "rendered_text": rendered_text,
            "size": {
                "html_bytes": len((rendered_html or "").encode()),
                "text_bytes": len((rendered_text or "").encode()),
            },
            "spam": spam,
            "warnings": insights(rendered_subject, rendered_html, rendered_text, spam["score"]),
        }
    )


async def handle_spam_preview(request: web.Request) -> web.Response:
    payload = await read_object(request)
    _check_preview(payload, subject_required=True)
    return json_response(
        spam_check(payload.get("subject"), payload.get("html"), payload.get("text"))
    )


def routes() -> list[web.RouteDef]:
    return [
        web.post("/emails", handle_send),
        web.post("/emails/send", handle_send),
        web.post("/emails/batch", handle_batch),
        web.post("/emails/preview", handle_preview),
        web.post("/emails/spam-preview", handle_spam_preview),
        web.get("/emails", handle_list),
        web.get("/emails/{email_id}", handle_get),
        web.patch("/emails/{email_id}", handle_reschedule),
        web.post("/emails/{email_id}/cancel", handle_cancel),
        web.get("/emails/{email_id}/events", handle_events),
        web.get("/emails/{email_id}/insights", handle_insights),
    ]

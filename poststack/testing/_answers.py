"""Default answers of the mock transports: shaped like the API's (reference sections 1.5, 2).

Sends are accepted with fresh ids (``em_test_1``...); an email sent through the same mock
can be read back (``emails.get``/``emails.list`` answer it in the API's camelCase shape; an
id the mock never issued gets a delivered email with no content);
other reads answer the endpoint's envelope, empty; mutations answer ``{"success": true}``
or the wrapped object the API returns. Good enough for code under test to take its normal
path; for a faithful emulation use `poststack_sandbox`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any, cast

from poststack_proto import Response

__all__ = ["DefaultAnswers", "json_response"]

_TIMESTAMP = "2026-01-01T00:00:00.000Z"


def json_response(status: int, body: object, *, request_id: str = "req_test") -> Response:
    """A `Response` with a JSON body, as the API would send it."""
    return Response(
        status,
        (("content-type", "application/json"), ("x-request-id", request_id)),
        json.dumps(body).encode(),
    )


# Lists answered {"data": [...], "meta": {...}} (reference 1.5, envelope A).
_ENVELOPE_A = frozenset(
    {
        "emails.list",
        "contacts.list",
        "templates.list",
        "broadcasts.list",
        "suppressions.list",
        "mailboxes.list",
        "mailboxes.list_aliases",
        "signup_forms.list",
        "inbound_emails.list",
        "segments.members",
        "subscription_topics.list_subscribers",
    }
)
# Unpaginated named lists (envelope D and friends).
_NAMED_LISTS = {
    "domains.list": "domains",
    "segments.list": "segments",
    "webhooks.list": "webhooks",
    "api_keys.list": "keys",
    "contact_properties.list": "properties",
    "subscription_topics.list": "topics",
    "notification_channels.list": "channels",
    "webhooks.get_deliveries": "deliveries",
    "notification_channels.list_deliveries": "deliveries",
    "domains.get_dmarc_reports": "reports",
    "inbound_emails.list_attachments": "attachments",
    "mailboxes.list_shares": "shares",
    "workflows.list": "data",
    "templates.get_presets": "data",
    "emails.get_events": "events",
    "emails.get_insights": "warnings",
}
# The key single objects are wrapped in.
_WRAPPERS = {
    "domains": "domain",
    "contacts": "contact",
    "segments": "segment",
    "templates": "template",
    "webhooks": "webhook",
    "broadcasts": "broadcast",
    "mailboxes": "mailbox",
    "workflows": "workflow",
    "signup_forms": "signupForm",
    "contact_properties": "property",
    "subscription_topics": "topic",
    "notification_channels": "channel",
    "inbound_emails": "inboundEmail",
}
_PREFIXES = {
    "contacts": "con",
    "segments": "seg",
    "templates": "tpl",
    "broadcasts": "br",
    "mailboxes": "mb",
    "workflows": "wf",
    "signup_forms": "sf",
    "subscription_topics": "top",
    "notification_channels": "nc",
}
_ACKS = re.compile(r"\.(delete|remove\w*|revoke\w*|cancel\w*|unsubscribe|reschedule|unassign_ip)$")


def _email_object(email_id: str, number: int, payload: Mapping[str, Any]) -> dict[str, Any]:
    # Imported here: on Python 3.10 email.utils imports socket, and the mocks must load
    # without any I/O module (they drive the pure core in its own tests).
    from email.utils import parseaddr  # noqa: PLC0415

    name, address = parseaddr(str(payload.get("from", "")))
    reply_to = payload.get("reply_to")
    return {
        "id": number,
        "publicId": email_id,
        "fromAddress": address,
        "fromName": name or None,
        "toAddresses": list(payload.get("to") or []),
        "ccAddresses": payload.get("cc"),
        "bccAddresses": payload.get("bcc"),
        "replyTo": [reply_to] if isinstance(reply_to, str) else reply_to,
        "subject": payload.get("subject", ""),
        "headers": payload.get("headers"),
        "tags": payload.get("tags"),
        "status": "queued",
        "testMode": True,
        "recipientProvider": None,
        "unsubscribeEnabled": bool(payload.get("unsubscribe", False)),
        "spamScore": None,
        "spamWarnings": None,
        "scheduledAt": payload.get("scheduled_at"),
        "sentAt": None,
        "createdAt": _TIMESTAMP,
    }


class DefaultAnswers:
    """Answers a mock transport gives when nothing was queued; remembers what it accepted."""

    def __init__(self) -> None:
        self._next = 0
        self.emails: dict[str, tuple[int, dict[str, Any]]] = {}

    def _number(self) -> int:
        self._next += 1
        return self._next

    def _accept(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        number = self._number()
        email_id = f"em_test_{number}"
        self.emails[email_id] = (number, cast("dict[str, Any]", payload))
        return {"id": email_id}

    def answer(self, operation: str | None, path_id: str | None, payload: Any) -> Response:
        handler = _SPECIAL.get(operation or "")
        if handler is not None:
            return handler(self, path_id, payload)
        if operation is None:
            return json_response(404, {"error": "Not found", "code": "not_found"})
        if operation in _ENVELOPE_A:
            return json_response(200, {"data": [], "meta": _meta(0)})
        if operation in _NAMED_LISTS:
            return json_response(200, {_NAMED_LISTS[operation]: []})
        resource, _, method = operation.partition(".")
        if _ACKS.search(operation):
            return json_response(200, {"success": True})
        wrapper = _WRAPPERS.get(resource)
        if method in ("get", "create", "update", "duplicate", "publish", "unpublish"):
            body = dict(cast("dict[str, Any]", payload)) if isinstance(payload, dict) else {}
            number = self._number()
            obj: dict[str, Any] = {**body, "id": number, "createdAt": _TIMESTAMP}
            prefix = _PREFIXES.get(resource)
            if prefix is not None:
                obj["publicId"] = path_id or f"{prefix}_test_{number}"
            elif path_id is not None and path_id.isdigit():
                obj["id"] = int(path_id)
            status = 201 if method == "create" else 200
            if wrapper is None:
                return json_response(status, obj)
            answer: dict[str, Any] = {wrapper: obj}
            if operation == "webhooks.create":
                answer["signingSecret"] = "whsec_test_secret"
            return json_response(status, answer)
        return json_response(200, {"success": True})


def _meta(total: int) -> dict[str, int]:
    return {"page": 1, "perPage": 20, "total": total, "totalPages": 1 if total else 0}


def _send(answers: DefaultAnswers, path_id: str | None, payload: Any) -> Response:
    body = cast("dict[str, Any]", payload) if isinstance(payload, dict) else {}
    return json_response(202, answers._accept(body))  # pyright: ignore[reportPrivateUsage]


def _batch(answers: DefaultAnswers, path_id: str | None, payload: Any) -> Response:
    body = cast("dict[str, Any]", payload) if isinstance(payload, dict) else {}
    emails = cast("list[Any]", body.get("emails") or [])
    results = [
        answers._accept(cast("dict[str, Any]", e) if isinstance(e, dict) else {})  # pyright: ignore[reportPrivateUsage]
        for e in emails
    ]
    return json_response(202, {"data": results})


def _get_email(answers: DefaultAnswers, path_id: str | None, payload: Any) -> Response:
    # An id this mock never issued still answers an email (delivered, with no content), so
    # code reading an email it did not send through the mock takes its normal path.
    known = answers.emails.get(path_id or "")
    number, sent = known if known is not None else (0, {})
    email = _email_object(path_id or "", number, sent)
    if known is None:
        email["status"] = "delivered"
    email.update(htmlBody=sent.get("html"), textBody=sent.get("text"), events=[])
    return json_response(200, {"email": email})


def _list_emails(answers: DefaultAnswers, path_id: str | None, payload: Any) -> Response:
    items = [_email_object(k, n, p) for k, (n, p) in reversed(answers.emails.items())]
    return json_response(200, {"data": items, "meta": _meta(len(items))})


def _preview(answers: DefaultAnswers, path_id: str | None, payload: Any) -> Response:
    body = cast("dict[str, Any]", payload) if isinstance(payload, dict) else {}
    html, text = body.get("html"), body.get("text")
    return json_response(
        200,
        {
            "rendered_subject": body.get("subject", ""),
            "rendered_html": html,
            "rendered_text": text,
            "size": {
                "html_bytes": len(str(html or "").encode()),
                "text_bytes": len(str(text or "").encode()),
            },
            "spam": _SPAM,
            "warnings": [],
        },
    )


_SPAM: dict[str, Any] = {"score": 0.0, "action": "no_action", "symbols": [], "skipped": False}

_SPECIAL: dict[str, Callable[[DefaultAnswers, str | None, Any], Response]] = {
    "emails.send": _send,
    "emails.batch": _batch,
    "emails.get": _get_email,
    "emails.list": _list_emails,
    "emails.preview": _preview,
    "emails.spam_preview": lambda answers, path_id, payload: json_response(200, _SPAM),
    "contacts.export_csv": lambda answers, path_id, payload: Response(
        200,
        (("content-type", "text/csv"),),
        b"id,email,first_name,last_name,unsubscribed,properties,created_at\n",
    ),
}

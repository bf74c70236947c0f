"""Inbound emails (``/inbound``): received messages, their attachments, replies and forwards.

The sandbox receives no real mail; a test injects a message with ``Sandbox.inject_inbound``
or ``POST /_sandbox/inbound`` (same fields: ``from``, ``to``, optional ``cc``, ``subject``,
``html``, ``text``, ``headers``, ``message_id``, ``attachments`` of ``{filename, content
(base64), content_type}``). It is stored in the reference's InboundEmail shape and announced to
webhooks as ``email.inbound`` and ``inbound_email.received`` (data: ``id``, ``from``,
``from_name``, ``to``, ``cc``, ``subject``, ``text``, ``html``, ``attachments``).

Reply and forward go through the normal send path (verified sending domain, suppressions,
quota), threaded with ``In-Reply-To``/``References``; both answer 202 ``{"id": "em_…"}``.
"""

from __future__ import annotations

import base64
import binascii
import html as html_lib
import re
from typing import Any, cast

from aiohttp import web

from ._content import spam_check
from ._emails import send_one
from ._errors import ApiError, json_response
from ._events import emit
from ._http import caller_of, page_params, paginate, read_object, state_of
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, new_public_id, now, parse_address

__all__ = ["inject", "routes"]

_QUOTE_START = re.compile(r"^(On .+ wrote:|-{2,} ?Original Message ?-{2,}|>)", re.MULTILINE)


def _addresses(value: object, name: str, *, required: bool) -> list[dict[str, Any]] | None:
    if value is None:
        if required:
            raise ValueError(f"'{name}' is required (an address or a list of addresses)")
        return None
    raw = [value] if isinstance(value, str) else value
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"'{name}' must be an address or a non-empty list of addresses")
    result: list[dict[str, Any]] = []
    for item in cast("list[object]", raw):
        parsed = parse_address(item) if isinstance(item, str) else None
        if parsed is None:
            raise ValueError(f"'{name}' holds an invalid address: {item!r}")
        result.append({"address": parsed[1], "name": parsed[0]})
    return result


def _stripped(text: str | None) -> str | None:
    if text is None:
        return None
    match = _QUOTE_START.search(text)
    return (text[: match.start()] if match else text).strip()


def inject(state: SandboxState, message: dict[str, Any]) -> Document:
    """Store a received message and fire its webhooks; ``ValueError`` for a malformed one."""
    sender = message.get("from")
    parsed = parse_address(sender) if isinstance(sender, str) else None
    if parsed is None:
        raise ValueError(f"'from' is required (an address): {sender!r}")
    to = _addresses(message.get("to"), "to", required=True)
    assert to is not None
    cc = _addresses(message.get("cc"), "cc", required=False)
    for name in ("subject", "html", "text", "message_id"):
        if message.get(name) is not None and not isinstance(message[name], str):
            raise ValueError(f"'{name}' must be a string")
    raw_headers: object = message.get("headers") or {}
    if not isinstance(raw_headers, dict):
        raise ValueError("'headers' must be an object")
    headers = cast("dict[str, Any]", raw_headers)
    attachments: list[dict[str, Any]] = []
    for index, raw in enumerate(cast("list[object]", message.get("attachments") or [])):
        if not isinstance(raw, dict):
            raise ValueError(f"'attachments[{index}]' must be an object")
        item = cast("dict[str, Any]", raw)
        try:
            content = base64.b64decode(str(item.get("content", "")), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"'attachments[{index}].content' is not valid base64") from None
        if not isinstance(item.get("filename"), str):
            raise ValueError(f"'attachments[{index}].filename' is required")
        attachments.append(
            {
                "id": state.store.next_counter("inbound_attachments"),
                "filename": item["filename"],
                "contentType": str(item.get("content_type") or "application/octet-stream"),
                "size": len(content),
                "createdAt": format_ts(now()),
                "content": base64.b64encode(content).decode(),
            }
        )
    first = to[0]["address"]
    local, _, domain_name = first.lower().partition("@")
    domain = state.store.get_by_key("domains", domain_name)
    subject = cast("str", message.get("subject") or "")
    text = cast("str | None", message.get("text"))
    html = cast("str | None", message.get("html"))
    spam = spam_check(subject, html, text)
    doc: Document = {
        "id": 0,
        "domainId": domain["id"] if domain else None,
        "fromAddress": parsed[1],
        "fromName": parsed[0],
        "toAddress": first,
        "toAddresses": to,
        "ccAddresses": cc,
        "messageId": message.get("message_id") or f"<{new_public_id('in')}@sandbox.poststack.dev>",
        "subject": subject,
        "htmlBody": html,
        "textBody": text,
        "headers": headers,
        "createdAt": format_ts(now()),
        "mailboxHash": local.split("+", 1)[1] if "+" in local else None,
        "spamScore": spam["score"],
        "spamVerdict": "spam" if spam["score"] >= 6 else "clean",
        "strippedReply": _stripped(text),
        "_attachments": attachments,
    }
    state.store.insert("inbound", doc)
    data = {
        "id": doc["id"],
        "from": doc["fromAddress"],
        "from_name": doc["fromName"],
        "to": [a["address"] for a in to],
        "cc": [a["address"] for a in cc or []],
        "subject": subject,
        "text": text,
        "html": html,
        "attachments": [_attachment(a) for a in attachments],
    }
    emit(state, "email.inbound", data)
    emit(state, "inbound_email.received", data)
    return public(doc)


def public(doc: Document) -> Document:
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def _attachment(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item[k] for k in ("id", "filename", "contentType", "size", "createdAt")}


def _find(state: SandboxState, raw: str) -> Document:
    doc = state.store.get("inbound", int(raw)) if raw.isdigit() else None
    if doc is None:
        raise ApiError(404, f"Inbound email {raw} not found")
    return doc


async def handle_inject(request: web.Request) -> web.Response:
    payload = await read_object(request)
    try:
        doc = inject(state_of(request), payload)
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None
    return json_response({"inboundEmail": doc}, status=201)


async def handle_list(request: web.Request) -> web.Response:
    state = state_of(request)
    page, per_page = page_params(request)
    domain = (request.query.get("domain") or "").lower()
    items = [
        public(d)
        for d in reversed(state.store.all("inbound"))
        if not domain or d["toAddress"].lower().endswith("@" + domain)
    ]
    return json_response(paginate(items, page, per_page))


async def handle_get(request: web.Request) -> web.Response:
    doc = _find(state_of(request), request.match_info["id"])
    return json_response({"inboundEmail": public(doc)})


async def handle_attachments(request: web.Request) -> web.Response:
    doc = _find(state_of(request), request.match_info["id"])
    return json_response({"attachments": [_attachment(a) for a in doc["_attachments"]]})


async def handle_download(request: web.Request) -> web.Response:
    doc = _find(state_of(request), request.match_info["id"])
    raw = request.match_info["attachment_id"]
    for item in doc["_attachments"]:
        if str(item["id"]) == raw:
            filename = str(item["filename"]).replace('"', "")
            return web.Response(
                body=base64.b64decode(item["content"]),
                content_type=item["contentType"],
                headers={"Content-Disposition": f'attachment; filename="{filename}"'},
            )
    raise ApiError(404, f"Attachment {raw} not found")


def _quoted(doc: Document) -> tuple[str, str]:
    when = doc["createdAt"]
    who = doc["fromAddress"]
    text = "\n".join(f"> {line}" for line in (doc["textBody"] or "").splitlines())
    html = f"<blockquote>{doc['htmlBody'] or html_lib.escape(doc['textBody'] or '')}</blockquote>"
    return (
        f"On {when}, {who} wrote:\n{text}",
        f"<p>On {html_lib.escape(when)}, {html_lib.escape(who)} wrote:</p>{html}",
    )


def _re(subject: str, prefix: str) -> str:
    return subject if subject.lower().startswith(prefix.lower()) else f"{prefix} {subject}"


async def handle_draft_reply(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request, optional=True)
    tone = payload.get("tone", "friendly")
    if tone not in ("formal", "friendly", "casual"):
        raise ApiError(400, "'tone' must be formal, friendly or casual")
    doc = _find(state, request.match_info["id"])
    name = doc["fromName"] or doc["fromAddress"].split("@")[0]
    salutation = {"formal": f"Dear {name},", "friendly": f"Hi {name},", "casual": f"Hey {name},"}[
        tone
    ]
    quoted_text, quoted_html = _quoted(doc)
    placeholder = "[Write your reply here]"
    return json_response(
        {
            "inbound": {
                "id": doc["id"],
                "from": doc["fromAddress"],
                "to": doc["toAddress"],
                "subject": doc["subject"],
                "received_at": doc["createdAt"],
            },
            "suggested_from": doc["toAddress"],
            "suggested_subject": _re(doc["subject"], "Re:"),
            "salutation": salutation,
            "body_placeholder": placeholder,
            "quoted_html": quoted_html,
            "quoted_text": quoted_text,
            "threading": {"in_reply_to": doc["messageId"], "references": doc["messageId"]},
            "suggested_html": f"<p>{html_lib.escape(salutation)}</p><p>{placeholder}</p>"
            + quoted_html,
            "suggested_text": f"{salutation}\n\n{placeholder}\n\n{quoted_text}",
            "signs_automatically": False,
        }
    )


def _list(payload: dict[str, Any], name: str, *, required: bool) -> list[str] | None:
    value = payload.get(name)
    if value is None:
        if required:
            raise ApiError(400, f"'{name}' is required (1 to 50 addresses)")
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not 1 <= len(cast("list[object]", items)) <= 50:
        raise ApiError(400, f"'{name}' must hold 1 to 50 addresses")
    return [str(i) for i in cast("list[object]", items)]


async def handle_reply(request: web.Request) -> web.Response:
    state, caller = state_of(request), caller_of(request)
    payload = await read_object(request)
    doc = _find(state, request.match_info["id"])
    if not payload.get("html") and not payload.get("text"):
        raise ApiError(400, "one of 'html' or 'text' is required")
    send: dict[str, Any] = {
        "from": payload.get("from"),
        "to": [doc["fromAddress"]],
        "subject": _re(doc["subject"], "Re:"),
        "headers": {"In-Reply-To": doc["messageId"], "References": doc["messageId"]},
    }
    for name in ("html", "text"):
        if payload.get(name) is not None:
            send[name] = payload[name]
    for name in ("cc", "bcc"):
        value = _list(payload, name, required=False)
        if value:
            send[name] = value
    result = send_one(state, caller, send, header_key=None, extra={"_inboundId": doc["id"]})
    return json_response({"id": result["id"]}, status=202)


async def handle_forward(request: web.Request) -> web.Response:
    state, caller = state_of(request), caller_of(request)
    payload = await read_object(request)
    doc = _find(state, request.match_info["id"])
    note = payload.get("message")
    if note is not None and not isinstance(note, str):
        raise ApiError(400, "'message' must be a string")
    header = (
        f"---------- Forwarded message ----------\nFrom: {doc['fromAddress']}\n"
        f"Date: {doc['createdAt']}\nSubject: {doc['subject']}\nTo: {doc['toAddress']}\n\n"
    )
    text = (f"{note}\n\n" if note else "") + header + (doc["textBody"] or "")
    html = (
        (f"<p>{html_lib.escape(note)}</p>" if note else "")
        + f"<pre>{html_lib.escape(header)}</pre>"
        + (doc["htmlBody"] or f"<pre>{html_lib.escape(doc['textBody'] or '')}</pre>")
    )
    send: dict[str, Any] = {
        "from": payload.get("from"),
        "to": _list(payload, "to", required=True),
        "subject": _re(doc["subject"], "Fwd:"),
        "text": text,
        "html": html,
        "attachments": [
            {"filename": a["filename"], "content": a["content"], "content_type": a["contentType"]}
            for a in doc["_attachments"]
        ],
    }
    for name in ("cc", "bcc"):
        value = _list(payload, name, required=False)
        if value:
            send[name] = value
    result = send_one(state, caller, send, header_key=None, extra={"_inboundId": doc["id"]})
    return json_response({"id": result["id"]}, status=202)


def routes() -> list[web.RouteDef]:
    return [
        web.post("/_sandbox/inbound", handle_inject),
        web.get("/inbound", handle_list),
        web.get("/inbound/{id}", handle_get),
        web.get("/inbound/{id}/attachments", handle_attachments),
        web.get("/inbound/{id}/attachments/{attachment_id}", handle_download),
        web.post("/inbound/{id}/draft-reply", handle_draft_reply),
        web.post("/inbound/{id}/reply", handle_reply),
        web.post("/inbound/{id}/forward", handle_forward),
    ]

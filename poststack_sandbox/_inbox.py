"""The inbox at ``GET /``: a web page for people, and the JSON it reads under ``/_sandbox/inbox``.

The page is three static files shipped in the package (``static/inbox.html``, ``inbox.css``,
``inbox.js``; no build step, nothing fetched from elsewhere). It lists the stored emails newest
first (paged, searchable), previews one (HTML in a sandboxed iframe, text, source, JSON,
headers, attachments, events) and shows the webhook deliveries log. It updates itself from a
server-sent event stream (``/_sandbox/inbox/stream``), and falls back to polling.

Like the rest of ``/_sandbox``, these routes need no key and answer loopback clients only.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any, cast

from aiohttp import web

from ._control import clear_emails
from ._emails import email_detail
from ._errors import ApiError, json_response
from ._http import int_param, state_of
from ._state import STATE, SandboxState
from ._store import Document
from ._util import parse_iso8601

__all__ = ["mime_source", "routes"]

STATIC = Path(__file__).with_name("static")
_TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript"}
_KEEPALIVE_SECONDS = 15.0


def _received(inbound: Document) -> Document:
    """An inbound email in the shape the page shows sent ones (id ``in_<n>``)."""
    to: list[dict[str, Any]] = inbound["toAddresses"]
    cc: list[dict[str, Any]] | None = inbound["ccAddresses"]
    return {
        "id": inbound["id"],
        "publicId": f"in_{inbound['id']}",
        "fromAddress": inbound["fromAddress"],
        "fromName": inbound["fromName"],
        "toAddresses": [a["address"] for a in to],
        "ccAddresses": [a["address"] for a in cc] if cc else None,
        "bccAddresses": None,
        "replyTo": None,
        "subject": inbound["subject"],
        "headers": inbound["headers"] or None,
        "tags": None,
        "status": "received",
        "testMode": False,
        "scheduledAt": None,
        "sentAt": None,
        "createdAt": inbound["createdAt"],
        "htmlBody": inbound["htmlBody"],
        "textBody": inbound["textBody"],
        "events": [],
        "_attachments": [{**a, "contentId": None} for a in inbound["_attachments"]],
        "_inbound": {k: v for k, v in inbound.items() if not k.startswith("_")},
    }


def _all(state: SandboxState) -> list[Document]:
    """Sent and received messages, newest first."""
    docs = [*state.store.all("emails"), *(_received(d) for d in state.store.all("inbound"))]
    # Same-millisecond messages keep their order of arrival (ids grow).
    return sorted(docs, key=lambda d: (str(d["createdAt"]), int(d["id"])), reverse=True)


def _find(state: SandboxState, public_id: str) -> Document:
    if public_id.startswith("in_") and public_id[3:].isdigit():
        inbound = state.store.get("inbound", int(public_id[3:]))
        if inbound is not None:
            return _received(inbound)
    doc = state.store.get_by_key("emails", public_id)
    if doc is None:
        raise ApiError(404, f"Email {public_id} not found")
    return doc


def _attachments(doc: Document) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = doc.get("_attachments") or []
    return [
        {
            "index": index,
            "filename": item["filename"],
            "contentType": item["contentType"],
            "contentId": item.get("contentId"),
            "size": item["size"],
            "url": f"/_sandbox/inbox/messages/{doc['publicId']}/attachments/{index}",
        }
        for index, item in enumerate(items)
    ]


def _sender(doc: Document) -> str:
    name: str | None = doc["fromName"]
    return f"{name} <{doc['fromAddress']}>" if name else str(doc["fromAddress"])


def mime_source(doc: Document) -> EmailMessage:
    """The message as the recipient's server would have received it (RFC 5322, MIME)."""
    message = EmailMessage()
    message["From"] = _sender(doc)
    message["To"] = ", ".join(doc["toAddresses"])
    if doc["ccAddresses"]:
        message["Cc"] = ", ".join(doc["ccAddresses"])
    if doc["replyTo"]:
        message["Reply-To"] = ", ".join(doc["replyTo"])
    message["Subject"] = doc["subject"]
    created = parse_iso8601(doc["createdAt"])
    if created is not None:
        message["Date"] = format_datetime(created)
    message["Message-ID"] = make_msgid(idstring=doc["publicId"], domain="sandbox.poststack.dev")
    message["X-PostStack-Email-Id"] = doc["publicId"]
    if doc["tags"]:
        message["X-PostStack-Tags"] = ", ".join(doc["tags"])
    custom: dict[str, str] = doc["headers"] or {}
    for name, value in custom.items():
        if name.lower() not in {key.lower() for key in message}:  # never a second Subject
            message[name] = str(value)
    text, html = doc.get("textBody"), doc.get("htmlBody")
    if text:
        message.set_content(text)
        if html:
            message.add_alternative(html, subtype="html")
    elif html:
        message.set_content(html, subtype="html")
    else:
        message.set_content("")
    attachments: list[dict[str, Any]] = doc.get("_attachments") or []
    for item in attachments:
        maintype, _, subtype = str(item["contentType"]).partition("/")
        message.add_attachment(
            base64.b64decode(item.get("content", "")),
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=item["filename"],
            cid=f"<{item['contentId']}>" if item.get("contentId") else None,
        )
    return message


def _summary(doc: Document) -> dict[str, Any]:
    return {
        "id": doc["publicId"],
        "from": _sender(doc),
        "to": doc["toAddresses"],
        "cc": doc["ccAddresses"],
        "subject": doc["subject"],
        "status": doc["status"],
        "tags": doc["tags"] or [],
        "testMode": doc["testMode"],
        "scheduledAt": doc["scheduledAt"],
        "createdAt": doc["createdAt"],
        "attachments": len(doc.get("_attachments") or []),
        "cancelled": bool(doc.get("_cancelled")),
        "received": "_inbound" in doc,
    }


def _matches(doc: Document, words: list[str]) -> bool:
    haystack = " ".join(
        [
            doc["publicId"],
            _sender(doc),
            *doc["toAddresses"],
            *(doc["ccAddresses"] or []),
            *(doc["bccAddresses"] or []),
            doc["subject"],
            *(doc["tags"] or []),
            doc["status"],
        ]
    ).lower()
    return all(word in haystack for word in words)


async def handle_page(request: web.Request) -> web.FileResponse:
    return _static("inbox.html")


def _static(name: str) -> web.FileResponse:
    path = STATIC / name
    if not path.is_file():
        raise ApiError(404, f"No such file: {name}")
    response = web.FileResponse(path)
    response.content_type = _TYPES.get(path.suffix, "application/octet-stream")
    response.headers["Cache-Control"] = "no-cache"
    return response


async def handle_static(request: web.Request) -> web.FileResponse:
    name = request.match_info["name"]
    if name not in ("inbox.css", "inbox.js", "inbox.html"):
        raise ApiError(404, f"No such file: {name}")
    return _static(name)


async def handle_list(request: web.Request) -> web.Response:
    state = state_of(request)
    page = int_param(request, "page", 1, 1, 1_000_000)
    per_page = int_param(request, "per_page", 50, 1, 200)
    words = (request.query.get("q") or "").lower().split()
    everything = _all(state)
    docs = [d for d in everything if _matches(d, words)]
    start = (page - 1) * per_page
    return json_response(
        {
            "data": [_summary(d) for d in docs[start : start + per_page]],
            "meta": {
                "page": page,
                "perPage": per_page,
                "total": len(docs),
                "totalPages": -(-len(docs) // per_page),
                "all": len(everything),
            },
        }
    )


def _html_for_preview(doc: Document) -> str | None:
    """The HTML body with ``cid:`` references pointing at the attachment downloads."""
    html: str | None = doc.get("htmlBody")
    if html is None:
        return None
    for attachment in _attachments(doc):
        if attachment["contentId"]:
            html = html.replace(f"cid:{attachment['contentId']}", attachment["url"])
    return html


async def handle_message(request: web.Request) -> web.Response:
    state = state_of(request)
    doc = _find(state, request.match_info["email_id"])
    source = mime_source(doc)
    return json_response(
        {
            "summary": _summary(doc),
            "email": email_detail(doc),
            # The API's own object: GET /emails/:id, or GET /inbound/:id for a received one.
            "raw": doc.get("_inbound") or email_detail(doc),
            "previewHtml": _html_for_preview(doc),
            "attachments": _attachments(doc),
            "headers": [[name, str(value)] for name, value in source.items()],
            "source": source.as_string(),
        }
    )


async def handle_attachment(request: web.Request) -> web.Response:
    state = state_of(request)
    doc = _find(state, request.match_info["email_id"])
    items: list[dict[str, Any]] = doc.get("_attachments") or []
    raw = request.match_info["index"]
    if not raw.isdigit() or int(raw) >= len(items):
        raise ApiError(404, f"Attachment {raw} not found")
    item = items[int(raw)]
    filename = str(item["filename"]).replace('"', "")
    return web.Response(
        body=base64.b64decode(item.get("content", "")),
        content_type=str(item["contentType"]),
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def handle_delete(request: web.Request) -> web.Response:
    state = state_of(request)
    doc = _find(state, request.match_info["email_id"])
    if "_inbound" in doc:
        state.store.delete("inbound", doc["id"])
    else:
        timer = state.timers.pop(doc["id"], None)
        if timer is not None:
            timer.cancel()
        state.store.delete("emails", doc["id"])
    state.notify()
    return json_response({"success": True})


async def handle_clear(request: web.Request) -> web.Response:
    state = state_of(request)
    clear_emails(state)
    state.store.clear(("inbound",))
    state.notify()
    return json_response({"success": True})


async def handle_webhooks(request: web.Request) -> web.Response:
    state = state_of(request)
    limit = int_param(request, "limit", 200, 1, 1000)
    hooks = {w["id"]: w for w in state.store.all("webhooks")}
    rows: list[dict[str, Any]] = []
    for delivery in reversed(state.store.all("deliveries")):
        webhook = hooks.get(delivery["webhookId"])
        payload = cast("dict[str, Any]", delivery["payload"])
        data = cast("dict[str, Any]", payload.get("data") or {})
        rows.append(
            {
                **{k: v for k, v in delivery.items() if not k.startswith("_")},
                "url": webhook["url"] if webhook else None,
                "webhookActive": webhook["active"] if webhook else None,
                "signature": delivery.get("_signature"),
                "emailId": data.get("email_id"),
            }
        )
        if len(rows) >= limit:
            break
    webhooks = [
        {
            "id": w["id"],
            "url": w["url"],
            "events": w["events"],
            "active": w["active"],
            "consecutiveFailures": w["consecutiveFailures"],
            "disabledReason": w["disabledReason"],
        }
        for w in hooks.values()
    ]
    return json_response({"deliveries": rows, "webhooks": webhooks})


async def handle_stream(request: web.Request) -> web.StreamResponse:
    """Server-sent events: one ``changed`` event whenever emails or deliveries change."""
    state = state_of(request)
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",
        }
    )
    await response.prepare(request)
    queue: asyncio.Queue[str] = asyncio.Queue()
    state.listeners.add(queue)
    try:
        await response.write(b"retry: 1000\nevent: hello\ndata: {}\n\n")
        while True:
            try:
                what = await asyncio.wait_for(queue.get(), _KEEPALIVE_SECONDS)
            except asyncio.TimeoutError:
                await response.write(b": keep-alive\n\n")
                continue
            if what == "close":
                break
            while not queue.empty():  # coalesce a burst into one notification
                if queue.get_nowait() == "close":
                    return response
            await response.write(f"event: changed\ndata: {json.dumps({'what': what})}\n\n".encode())
    except (ConnectionResetError, RuntimeError):
        pass  # the page went away
    finally:
        state.listeners.discard(queue)
    with contextlib.suppress(ConnectionResetError, RuntimeError):
        await response.write_eof()
    return response


async def close_streams(app: web.Application) -> None:
    """On shutdown: end every open event stream so the server stops at once."""
    for queue in list(app[STATE].listeners):
        queue.put_nowait("close")


def routes() -> list[web.RouteDef]:
    return [
        web.get("/", handle_page),
        web.get("/_sandbox/inbox/static/{name}", handle_static),
        web.get("/_sandbox/inbox/messages", handle_list),
        web.delete("/_sandbox/inbox/messages", handle_clear),
        web.get("/_sandbox/inbox/messages/{email_id}", handle_message),
        web.delete("/_sandbox/inbox/messages/{email_id}", handle_delete),
        web.get("/_sandbox/inbox/messages/{email_id}/attachments/{index}", handle_attachment),
        web.get("/_sandbox/inbox/webhooks", handle_webhooks),
        web.get("/_sandbox/inbox/stream", handle_stream),
    ]

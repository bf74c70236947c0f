"""The ``/webhooks`` resource and the dispatcher that POSTs signed events to registered URLs.

Each delivery is one POST of JSON bytes with ``X-PostStack-Signature: sha256=<hex>``, the
HMAC-SHA256 of exactly those bytes keyed by the UTF-8 signing secret. During a rotation's grace
window the header carries two comma-separated signatures, new secret first. Deliveries run as
tasks on the server's loop, so request handling never waits for a receiver (``/test`` excepted:
its answer is the receiver's verdict). Failed deliveries are recorded, not retried automatically;
``/deliveries/:id/replay`` resends one.

The envelope (``{"id", "type", "timestamp", "data"}``) is not confirmed by the service's SDKs; it
follows the only public description of it (see the reference, section 3).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
from datetime import timedelta
from typing import Any, cast
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from ._errors import ApiError, json_response
from ._http import page_params, paginate, read_object, state_of
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, new_public_id, now, parse_iso8601

__all__ = ["WebhookDispatcher", "routes", "sign"]

_MAX_GRACE_HOURS = 168


def sign(body: bytes, secrets_: list[str]) -> str:
    """The ``X-PostStack-Signature`` value for ``body`` under each secret, comma-separated."""
    return ",".join(
        "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
        for secret in secrets_
    )


def _new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(24)


def _active_secrets(webhook: Document) -> list[str]:
    result = [webhook["_secret"]]
    previous, expires = webhook.get("_previousSecret"), webhook.get("previousSecretExpiresAt")
    if previous and expires:
        moment = parse_iso8601(expires)
        if moment is not None and moment > now():
            result.append(previous)
    return result


def _public(webhook: Document) -> Document:
    return {k: v for k, v in webhook.items() if not k.startswith("_")}


def _subscribed(webhook: Document, event_type: str) -> bool:
    events: list[str] = webhook["events"]
    return "*" in events or event_type in events


class WebhookDispatcher:
    """Sends events to webhooks from background tasks on the server loop."""

    def __init__(self, state: SandboxState) -> None:
        self._state = state
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[bool]] = set()

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))

    async def close(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def drain(self) -> None:
        """Wait until every delivery started so far has finished (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def emit_email_event(self, email: Document, event: Document) -> None:
        data = {
            "email_id": email["publicId"],
            "from": email["fromAddress"],
            "to": email["toAddresses"],
            "subject": email["subject"],
            "tags": email["tags"],
            "status": email["status"],
            "test_mode": email["testMode"],
            "metadata": event["metadata"],
        }
        self.emit(f"email.{event['eventType']}", data)

    def emit(self, event_type: str, data: dict[str, Any]) -> None:
        """Record and start one delivery per active, subscribed webhook."""
        for webhook in self._state.store.all("webhooks"):
            if webhook["active"] and _subscribed(webhook, event_type):
                delivery = self.record(webhook, event_type, data)
                task = asyncio.get_running_loop().create_task(
                    self.deliver(webhook["id"], delivery["id"])
                )
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    def record(self, webhook: Document, event_type: str, data: dict[str, Any]) -> Document:
        envelope = {
            "id": new_public_id("evt"),
            "type": event_type,
            "timestamp": format_ts(now()),
            "data": data,
        }
        return self._state.store.insert(
            "deliveries",
            {
                "id": 0,
                "webhookId": webhook["id"],
                "eventType": event_type,
                "payload": envelope,
                "statusCode": None,
                "responseBody": None,
                "attempts": 0,
                "nextRetryAt": None,
                "deliveredAt": None,
                "createdAt": envelope["timestamp"],
            },
        )

    async def deliver(self, webhook_id: int, delivery_id: int) -> bool:
        """POST one recorded delivery; returns whether the receiver answered 2xx."""
        store = self._state.store
        webhook, delivery = store.get("webhooks", webhook_id), store.get("deliveries", delivery_id)
        if webhook is None or delivery is None or self._session is None:
            return False
        body = json.dumps(delivery["payload"], separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "PostStack-Webhooks/sandbox",
            "X-PostStack-Signature": sign(body, _active_secrets(webhook)),
        }
        status: int | None = None
        text: str | None = None
        try:
            async with self._session.post(
                webhook["url"], data=body, headers=headers, allow_redirects=False
            ) as response:
                status = response.status
                text = (await response.read()).decode("utf-8", "replace")[:4096]
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            text = f"{type(exc).__name__}: {exc}"
        ok = status is not None and 200 <= status < 300
        with store.transaction():
            delivery = store.get("deliveries", delivery_id)
            webhook = store.get("webhooks", webhook_id)
            if delivery is not None:
                delivery.update(statusCode=status, responseBody=text)
                delivery["attempts"] += 1
                if ok:
                    delivery["deliveredAt"] = format_ts(now())
                store.update("deliveries", delivery)
            if webhook is not None:
                webhook["consecutiveFailures"] = 0 if ok else webhook["consecutiveFailures"] + 1
                webhook["_lastDeliveryAt"] = format_ts(now())
                webhook["_lastDeliveryStatus"] = status
                store.update("webhooks", webhook)
        return ok


def _dispatcher(state: SandboxState) -> WebhookDispatcher:
    if state.webhooks is None:
        raise ApiError(503, "Webhook dispatcher is not running")
    return state.webhooks


def _find(state: SandboxState, raw_id: str) -> Document:
    webhook = state.store.get("webhooks", int(raw_id)) if raw_id.isdigit() else None
    if webhook is None:
        raise ApiError(404, f"Webhook {raw_id} not found")
    return webhook


def _check_url(value: object) -> str:
    if not isinstance(value, str):
        raise ApiError(400, "'url' is required (an http or https URL)")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ApiError(400, f"'url' must be an absolute http or https URL: {value!r}")
    return value


def _check_events(value: object) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ApiError(400, "'events' is required (a non-empty array of event names)")
    items = cast("list[object]", value)
    if not all(isinstance(e, str) and e for e in items):
        raise ApiError(400, "'events' must contain only non-empty strings")
    return cast("list[str]", items)


async def handle_create(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    secret = _new_secret()
    webhook = state.store.insert(
        "webhooks",
        {
            "id": 0,
            "url": _check_url(payload.get("url")),
            "events": _check_events(payload.get("events")),
            "active": True,
            "createdAt": format_ts(now()),
            "secretRotatedAt": None,
            "previousSecretExpiresAt": None,
            "consecutiveFailures": 0,
            "disabledAt": None,
            "disabledReason": None,
            "_secret": secret,
            "_previousSecret": None,
            "_lastDeliveryAt": None,
            "_lastDeliveryStatus": None,
        },
    )
    return json_response({"webhook": _public(webhook), "signingSecret": secret}, status=201)


async def handle_list(request: web.Request) -> web.Response:
    items = [
        {
            **_public(w),
            "lastDeliveryAt": w["_lastDeliveryAt"],
            "lastDeliveryStatus": w["_lastDeliveryStatus"],
        }
        for w in state_of(request).store.all("webhooks")
    ]
    return json_response({"webhooks": items})


async def handle_get(request: web.Request) -> web.Response:
    return json_response({"webhook": _public(_find(state_of(request), request.match_info["id"]))})


async def handle_update(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    with state.store.transaction():
        webhook = _find(state, request.match_info["id"])
        if "url" in payload:
            webhook["url"] = _check_url(payload["url"])
        if "events" in payload:
            webhook["events"] = _check_events(payload["events"])
        if "enabled" in payload:
            if not isinstance(payload["enabled"], bool):
                raise ApiError(400, "'enabled' must be a boolean")
            webhook["active"] = payload["enabled"]
            if payload["enabled"]:
                webhook.update(disabledAt=None, disabledReason=None, consecutiveFailures=0)
        state.store.update("webhooks", webhook)
    return json_response({"webhook": _public(webhook)})


async def handle_delete(request: web.Request) -> web.Response:
    state = state_of(request)
    webhook = _find(state, request.match_info["id"])
    state.store.delete("webhooks", webhook["id"])
    return json_response({"success": True})


async def handle_test(request: web.Request) -> web.Response:
    state = state_of(request)
    webhook = _find(state, request.match_info["id"])
    dispatcher = _dispatcher(state)
    delivery = dispatcher.record(
        webhook, "webhook.test", {"message": "Test event from the PostStack sandbox"}
    )
    ok = await dispatcher.deliver(webhook["id"], delivery["id"])
    return json_response({"success": ok})


async def handle_deliveries(request: web.Request) -> web.Response:
    state = state_of(request)
    webhook = _find(state, request.match_info["id"])
    page, per_page = page_params(request)
    items = [d for d in reversed(state.store.all("deliveries")) if d["webhookId"] == webhook["id"]]
    envelope = paginate(items, page, per_page, meta_key="pagination")
    return json_response({"deliveries": envelope["data"], "pagination": envelope["pagination"]})


async def handle_replay(request: web.Request) -> web.Response:
    state = state_of(request)
    webhook = _find(state, request.match_info["id"])
    raw = request.match_info["delivery_id"]
    delivery = state.store.get("deliveries", int(raw)) if raw.isdigit() else None
    if delivery is None or delivery["webhookId"] != webhook["id"]:
        raise ApiError(404, f"Delivery {raw} not found")
    await _dispatcher(state).deliver(webhook["id"], delivery["id"])
    return json_response({"success": True})


async def handle_rotate(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request, optional=True)
    grace = payload.get("graceHours", 24)
    if isinstance(grace, bool) or not isinstance(grace, int) or not 0 <= grace <= _MAX_GRACE_HOURS:
        raise ApiError(400, f"'graceHours' must be an integer between 0 and {_MAX_GRACE_HOURS}")
    secret = _new_secret()
    with state.store.transaction():
        webhook = _find(state, request.match_info["id"])
        moment = now()
        webhook["_previousSecret"] = webhook["_secret"] if grace else None
        webhook["_secret"] = secret
        webhook["secretRotatedAt"] = format_ts(moment)
        webhook["previousSecretExpiresAt"] = (
            format_ts(moment + timedelta(hours=grace)) if grace else None
        )
        state.store.update("webhooks", webhook)
    return json_response({"webhook": _public(webhook), "signingSecret": secret})


def routes() -> list[web.RouteDef]:
    return [
        web.post("/webhooks", handle_create),
        web.get("/webhooks", handle_list),
        web.get("/webhooks/{id}", handle_get),
        web.patch("/webhooks/{id}", handle_update),
        web.delete("/webhooks/{id}", handle_delete),
        web.post("/webhooks/{id}/test", handle_test),
        web.get("/webhooks/{id}/deliveries", handle_deliveries),
        web.post("/webhooks/{id}/deliveries/{delivery_id}/replay", handle_replay),
        web.post("/webhooks/{id}/rotate-secret", handle_rotate),
    ]

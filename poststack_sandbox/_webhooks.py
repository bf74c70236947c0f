"""The ``/webhooks`` resource and the dispatcher that POSTs signed events to registered URLs.

Each delivery is one POST of JSON bytes with ``X-PostStack-Signature: sha256=<hex>``, the
HMAC-SHA256 of exactly those bytes keyed by the UTF-8 signing secret. During a rotation's grace
window the header carries two comma-separated signatures, new secret first. Deliveries run as
tasks on the server's loop, so request handling never waits for a receiver (``/test`` excepted:
its answer is the receiver's verdict).

A failed attempt (no answer, or not 2xx) is retried with exponential backoff, as the service does
for up to 24 h: :data:`RETRY_SCHEDULE` seconds after attempts 1, 2, …, multiplied by the
``time_scale`` setting (0.001 by default, so the first retry comes after 60 ms). The
delivery record counts ``attempts`` and shows ``nextRetryAt`` while a retry is pending. After
:data:`DISABLE_AFTER` consecutive failed attempts (across deliveries) the webhook is disabled
(``active: false``, ``disabledAt``, ``disabledReason``) and its pending retries are dropped;
``PATCH {"enabled": true}`` turns it back on. ``/deliveries/:id/replay`` and
``/deliveries/batch-replay`` resend by hand.

The envelope (``{"id", "type", "timestamp", "data"}``) is not confirmed by the service's SDKs; it
follows the only public description of it (see the reference, section 3).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
from collections.abc import Coroutine
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

__all__ = ["DISABLE_AFTER", "RETRY_SCHEDULE", "WebhookDispatcher", "routes", "sign"]

_MAX_GRACE_HOURS = 168
# Service-time seconds to wait after failed attempt n (1-based); no retry after the last one.
# 1 min, 5 min, 30 min, 2 h, 6 h, 12 h: about 21 h in all, inside the service's 24 h window.
RETRY_SCHEDULE = (60.0, 300.0, 1800.0, 7200.0, 21600.0, 43200.0)
# Consecutive failed attempts after which a webhook is disabled (the service does not publish its
# number; this is the sandbox's).
DISABLE_AFTER = 10


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
        self._retries: dict[int, asyncio.TimerHandle] = {}

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))

    async def close(self) -> None:
        for handle in self._retries.values():
            handle.cancel()
        self._retries.clear()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def drain(self) -> None:
        """Wait until every delivery attempt started so far has finished (tests and shutdown).

        Attempts that start meanwhile (retries coming due, deliveries those attempts cause)
        are not waited for, as retries scheduled for later are not: waiting for them too let
        one webhook failing on its retry schedule keep a caller waiting past its timeout.
        """
        started = list(self._tasks)
        if started:
            await asyncio.gather(*started, return_exceptions=True)

    def resume(self) -> None:
        """After a restart on a database file, re-arm the retries that were pending."""
        for delivery in self._state.store.all("deliveries"):
            due = delivery.get("nextRetryAt")
            moment = parse_iso8601(due) if isinstance(due, str) else None
            if moment is not None and delivery["deliveredAt"] is None:
                delay = max(0.0, (moment - now()).total_seconds())
                self._schedule(delivery["webhookId"], delivery["id"], delay)

    def cancel_retries(self, delivery_ids: list[int]) -> None:
        for delivery_id in delivery_ids:
            handle = self._retries.pop(delivery_id, None)
            if handle is not None:
                handle.cancel()

    def _schedule(self, webhook_id: int, delivery_id: int, delay: float) -> None:
        self.cancel_retries([delivery_id])
        loop = asyncio.get_running_loop()
        self._retries[delivery_id] = loop.call_later(delay, self._retry, webhook_id, delivery_id)

    def _retry(self, webhook_id: int, delivery_id: int) -> None:
        self._retries.pop(delivery_id, None)
        self.launch(webhook_id, delivery_id)

    def launch(self, webhook_id: int, delivery_id: int) -> asyncio.Task[bool]:
        """Run one delivery attempt in the background."""
        task = asyncio.get_running_loop().create_task(self.deliver(webhook_id, delivery_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def emit(self, event_type: str, data: dict[str, Any]) -> None:
        """Record and start one delivery per active, subscribed webhook."""
        for webhook in self._state.store.all("webhooks"):
            if webhook["active"] and _subscribed(webhook, event_type):
                delivery = self.record(webhook, event_type, data)
                self.launch(webhook["id"], delivery["id"])

    def track(self, work: Coroutine[Any, Any, bool]) -> None:
        """Run ``work`` in the background with the deliveries (drained and closed with them)."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def post_json(self, url: str, payload: dict[str, Any]) -> None:
        """POST ``payload`` to ``url`` in the background, unsigned and unrecorded (workflow
        webhook nodes); failures are ignored."""
        session = self._session
        if session is None:
            return

        async def post() -> bool:
            try:
                async with session.post(url, json=payload, allow_redirects=False) as response:
                    await response.read()
                    return 200 <= response.status < 300
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
                return False

        self.track(post())

    def record(
        self, webhook: Document, event_type: str, data: dict[str, Any], *, retry: bool = True
    ) -> Document:
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
                "_retry": retry,
            },
        )

    async def deliver(self, webhook_id: int, delivery_id: int, *, manual: bool = False) -> bool:
        """POST one recorded delivery; returns whether the receiver answered 2xx.

        Automatic attempts (``manual`` false) are skipped once the webhook is disabled.
        """
        store = self._state.store
        webhook, delivery = store.get("webhooks", webhook_id), store.get("deliveries", delivery_id)
        if webhook is None or delivery is None or self._session is None:
            return False
        if not webhook["active"] and not manual:
            return False  # disabled since this attempt was scheduled
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
        retry_in: float | None = None
        disabled = False
        with store.transaction():
            delivery = store.get("deliveries", delivery_id)
            webhook = store.get("webhooks", webhook_id)
            if delivery is None or webhook is None:
                return ok
            moment = now()
            delivery.update(statusCode=status, responseBody=text, nextRetryAt=None)
            delivery["_signature"] = headers["X-PostStack-Signature"]
            delivery["attempts"] += 1
            webhook["consecutiveFailures"] = 0 if ok else webhook["consecutiveFailures"] + 1
            webhook["_lastDeliveryAt"] = format_ts(moment)
            webhook["_lastDeliveryStatus"] = status
            if ok:
                delivery["deliveredAt"] = format_ts(moment)
            elif webhook["active"] and webhook["consecutiveFailures"] >= DISABLE_AFTER:
                disabled = True
                webhook.update(
                    active=False,
                    disabledAt=format_ts(moment),
                    disabledReason=(
                        f"Disabled after {webhook['consecutiveFailures']} consecutive failed "
                        f"deliveries (last: {status if status is not None else text})"
                    ),
                )
            elif (
                webhook["active"]
                and delivery.get("_retry", True)
                and delivery["attempts"] <= len(RETRY_SCHEDULE)
            ):
                attempts: int = delivery["attempts"]
                wait = RETRY_SCHEDULE[attempts - 1] * self._state.settings.time_scale
                delivery["nextRetryAt"] = format_ts(moment + timedelta(seconds=wait))
                retry_in = wait
            store.update("deliveries", delivery)
            store.update("webhooks", webhook)
        if retry_in is not None:
            self._schedule(webhook_id, delivery_id, retry_in)
        if disabled:
            self._drop_pending(webhook_id)
        self._state.notify()
        return ok

    def _drop_pending(self, webhook_id: int) -> None:
        """Forget the scheduled retries of a disabled webhook."""
        store = self._state.store
        with store.transaction():
            for delivery in store.all("deliveries"):
                if delivery["webhookId"] == webhook_id and delivery["nextRetryAt"] is not None:
                    delivery["nextRetryAt"] = None
                    store.update("deliveries", delivery)
                    self.cancel_retries([delivery["id"]])


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
        webhook, "webhook.test", {"message": "Test event from the PostStack sandbox"}, retry=False
    )
    ok = await dispatcher.deliver(webhook["id"], delivery["id"], manual=True)
    return json_response({"success": ok})


async def handle_deliveries(request: web.Request) -> web.Response:
    state = state_of(request)
    webhook = _find(state, request.match_info["id"])
    page, per_page = page_params(request)
    items = [d for d in reversed(state.store.all("deliveries")) if d["webhookId"] == webhook["id"]]
    envelope = paginate([_public(d) for d in items], page, per_page, meta_key="pagination")
    return json_response({"deliveries": envelope["data"], "pagination": envelope["pagination"]})


async def handle_replay(request: web.Request) -> web.Response:
    state = state_of(request)
    webhook = _find(state, request.match_info["id"])
    raw = request.match_info["delivery_id"]
    delivery = state.store.get("deliveries", int(raw)) if raw.isdigit() else None
    if delivery is None or delivery["webhookId"] != webhook["id"]:
        raise ApiError(404, f"Delivery {raw} not found")
    dispatcher = _dispatcher(state)
    dispatcher.cancel_retries([delivery["id"]])
    await dispatcher.deliver(webhook["id"], delivery["id"], manual=True)
    return json_response({"success": True})


async def handle_batch_replay(request: web.Request) -> web.Response:
    state = state_of(request)
    webhook = _find(state, request.match_info["id"])
    payload = await read_object(request, optional=True)
    within = payload.get("withinMinutes")
    if within is not None and (
        isinstance(within, bool) or not isinstance(within, int) or not 1 <= within <= 43200
    ):
        raise ApiError(400, "'withinMinutes' must be an integer between 1 and 43200 (30 days)")
    event_type = payload.get("eventType")
    if event_type is not None and not isinstance(event_type, str):
        raise ApiError(400, "'eventType' must be a string")
    limit = payload.get("limit", 100)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 1000:
        raise ApiError(400, "'limit' must be an integer between 1 and 1000")
    since = now() - timedelta(minutes=within) if within is not None else None

    def failed(delivery: Document) -> bool:
        created = parse_iso8601(delivery["createdAt"])
        return (
            delivery["webhookId"] == webhook["id"]
            and delivery["deliveredAt"] is None
            and delivery["attempts"] > 0
            and (event_type is None or delivery["eventType"] == event_type)
            and (since is None or (created is not None and created >= since))
        )

    candidates = [d for d in state.store.all("deliveries") if failed(d)]  # oldest first
    chosen = candidates[:limit]
    dispatcher = _dispatcher(state)
    dispatcher.cancel_retries([d["id"] for d in chosen])
    for delivery in chosen:
        dispatcher.launch(webhook["id"], delivery["id"])
    return json_response({"replayed": len(chosen), "remaining": len(candidates) - len(chosen)})


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
        web.post("/webhooks/{id}/deliveries/batch-replay", handle_batch_replay),
        web.post("/webhooks/{id}/deliveries/{delivery_id}/replay", handle_replay),
        web.post("/webhooks/{id}/rotate-secret", handle_rotate),
    ]

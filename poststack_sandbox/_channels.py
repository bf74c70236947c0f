"""``/notification-channels``: Slack, Discord and Telegram alerts for account events.

A channel subscribes to event names (``email.bounced``…); every such event is posted to it in
the background and recorded as a delivery (``{deliveries, meta}``). Slack and Discord channels
POST ``{"text": …}`` / ``{"content": …}`` to their ``webhookUrl``, so a test can point one at a
local receiver. The sandbox never contacts Telegram (no internet is assumed): a Telegram
delivery is recorded with ``statusCode: null`` and says so, and its ``test`` answers
``success: false``. Secrets (the webhook URL, the bot token) are never returned:
``configSummary`` masks them. After 10 consecutive failed deliveries a channel is disabled, as
webhooks are. ``domainId``/``mailboxId`` are kept but do not filter events.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from ._errors import ApiError, json_response
from ._events import HOOKS
from ._http import page_params, paginate, read_object, required_str, state_of
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, new_public_id, now

__all__ = ["routes"]

TYPES = ("slack", "discord", "telegram")
DISABLE_AFTER = 10


def _find(state: SandboxState, public_id: str) -> Document:
    channel = state.store.get_by_key("channels", public_id)
    if channel is None:
        raise ApiError(404, f"Notification channel {public_id} not found")
    return channel


def _mask(value: str) -> str:
    return value[:12] + "…" + value[-4:] if len(value) > 20 else "…" + value[-2:]


def _summary(channel: Document) -> dict[str, Any]:
    config: dict[str, Any] = channel["_config"]
    if channel["type"] == "telegram":
        return {"botToken": _mask(str(config.get("botToken", ""))), "chatId": config.get("chatId")}
    return {"webhookUrl": _mask(str(config.get("webhookUrl", "")))}


def _public(channel: Document) -> Document:
    doc = {k: v for k, v in channel.items() if not k.startswith("_")}
    doc["configSummary"] = _summary(channel)
    return doc


def _config(kind: str, value: object, base: dict[str, Any] | None = None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ApiError(400, "'config' must be an object")
    config = {**(base or {}), **cast("dict[str, Any]", value)}
    if kind == "telegram":
        if not isinstance(config.get("botToken"), str) or not config.get("chatId"):
            raise ApiError(400, "'config' needs 'botToken' and 'chatId' for telegram")
    else:
        url = config.get("webhookUrl")
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            raise ApiError(400, f"'config.webhookUrl' must be an http(s) URL for {kind}")
    return config


def _events(value: object) -> list[str]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(e, str) and e for e in cast("list[object]", value))
    ):
        raise ApiError(400, "'events' is required (a non-empty array of event names)")
    return cast("list[str]", value)


def _optional_int(payload: dict[str, Any], name: str) -> int | None:
    value = payload.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ApiError(400, f"'{name}' must be a number or null")
    return value


async def handle_list(request: web.Request) -> web.Response:
    channels = [_public(c) for c in state_of(request).store.all("channels")]
    return json_response({"channels": channels})


async def handle_create(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    kind = payload.get("type")
    if kind not in TYPES:
        raise ApiError(400, f"'type' must be one of {', '.join(TYPES)}")
    moment = format_ts(now())
    public_id = new_public_id("nc")
    channel = state.store.insert(
        "channels",
        {
            "id": 0,
            "publicId": public_id,
            "type": kind,
            "name": required_str(payload, "name"),
            "domainId": _optional_int(payload, "domainId"),
            "mailboxId": _optional_int(payload, "mailboxId"),
            "events": _events(payload.get("events")),
            "active": True,
            "consecutiveFailures": 0,
            "disabledAt": None,
            "disabledReason": None,
            "lastUsedAt": None,
            "createdAt": moment,
            "updatedAt": moment,
            "_config": _config(str(kind), payload.get("config")),
        },
        key=public_id,
    )
    return json_response({"channel": _public(channel)}, status=201)


async def handle_get(request: web.Request) -> web.Response:
    return json_response({"channel": _public(_find(state_of(request), request.match_info["id"]))})


async def handle_update(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    with state.store.transaction():
        channel = _find(state, request.match_info["id"])
        if "type" in payload and payload["type"] != channel["type"]:
            raise ApiError(400, "'type' cannot be changed")
        if "name" in payload:
            channel["name"] = required_str(payload, "name")
        if "events" in payload:
            channel["events"] = _events(payload["events"])
        for name in ("domainId", "mailboxId"):
            if name in payload:
                channel[name] = _optional_int(payload, name)
        if "enabled" in payload:
            if not isinstance(payload["enabled"], bool):
                raise ApiError(400, "'enabled' must be a boolean")
            channel["active"] = payload["enabled"]
            if payload["enabled"]:
                channel.update(consecutiveFailures=0, disabledAt=None, disabledReason=None)
        if "config" in payload:
            channel["_config"] = _config(channel["type"], payload["config"], channel["_config"])
        channel["updatedAt"] = format_ts(now())
        state.store.update("channels", channel)
    return json_response({"channel": _public(channel)})


async def handle_delete(request: web.Request) -> web.Response:
    state = state_of(request)
    channel = _find(state, request.match_info["id"])
    state.store.delete("channels", channel["id"])
    return json_response({"success": True})


def _message(event_type: str, data: dict[str, Any]) -> str:
    subject = data.get("subject")
    who = data.get("to") or data.get("email") or data.get("name") or ""
    return (
        f"PostStack: {event_type}"
        + (f" · {subject}" if subject else "")
        + (f" · {who}" if who else "")
    )


async def _send(state: SandboxState, channel_id: int, delivery_id: int) -> bool:
    store = state.store
    channel, delivery = (
        store.get("channels", channel_id),
        store.get("channel_deliveries", delivery_id),
    )
    if channel is None or delivery is None:
        return False
    text = delivery["payload"]["text"]
    status: int | None = None
    body: str
    if channel["type"] == "telegram":
        body = "The sandbox does not contact Telegram; nothing was sent"
    else:
        config: dict[str, Any] = channel["_config"]
        message = {"text": text} if channel["type"] == "slack" else {"content": text}
        try:
            timeout = aiohttp.ClientTimeout(total=10)
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.post(str(config["webhookUrl"]), json=message) as response,
            ):
                status = response.status
                body = (await response.read()).decode("utf-8", "replace")[:2048]
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            body = f"{type(exc).__name__}: {exc}"
    ok = status is not None and 200 <= status < 300
    moment = format_ts(now())
    with store.transaction():
        channel = store.get("channels", channel_id)
        delivery = store.get("channel_deliveries", delivery_id)
        if channel is None or delivery is None:
            return ok
        delivery.update(statusCode=status, responseBody=body, attempts=delivery["attempts"] + 1)
        if ok:
            delivery["deliveredAt"] = moment
        channel["lastUsedAt"] = moment
        if channel["type"] != "telegram":
            channel["consecutiveFailures"] = 0 if ok else channel["consecutiveFailures"] + 1
            if channel["consecutiveFailures"] >= DISABLE_AFTER and channel["active"]:
                channel.update(
                    active=False,
                    disabledAt=moment,
                    disabledReason=f"Disabled after {DISABLE_AFTER} consecutive failed deliveries",
                )
        store.update("channel_deliveries", delivery)
        store.update("channels", channel)
    return ok


def _record(state: SandboxState, channel: Document, event_type: str, text: str) -> Document:
    return state.store.insert(
        "channel_deliveries",
        {
            "id": 0,
            "channelId": channel["id"],
            "eventType": event_type,
            "payload": {"text": text},
            "statusCode": None,
            "responseBody": None,
            "attempts": 0,
            "nextRetryAt": None,  # channel deliveries are not retried; replay resends
            "deliveredAt": None,
            "createdAt": format_ts(now()),
        },
    )


def _on_event(state: SandboxState, event_type: str, data: dict[str, Any]) -> None:
    if state.webhooks is None:
        return
    for channel in state.store.all("channels"):
        if channel["active"] and (event_type in channel["events"] or "*" in channel["events"]):
            delivery = _record(state, channel, event_type, _message(event_type, data))
            # Tracked with the webhook deliveries: drain_webhooks() waits for it too.
            state.webhooks.track(_send(state, channel["id"], delivery["id"]))


HOOKS.append(_on_event)


async def handle_test(request: web.Request) -> web.Response:
    state = state_of(request)
    channel = _find(state, request.match_info["id"])
    delivery = _record(state, channel, "channel.test", "PostStack sandbox: test notification")
    ok = await _send(state, channel["id"], delivery["id"])
    stored = state.store.get("channel_deliveries", delivery["id"]) or delivery
    return json_response(
        {"success": ok, "statusCode": stored["statusCode"], "responseBody": stored["responseBody"]}
    )


async def handle_deliveries(request: web.Request) -> web.Response:
    state = state_of(request)
    page, per_page = page_params(request)
    channel = _find(state, request.match_info["id"])
    items = [
        d
        for d in reversed(state.store.all("channel_deliveries"))
        if d["channelId"] == channel["id"]
    ]
    envelope = paginate(items, page, per_page)
    return json_response({"deliveries": envelope["data"], "meta": envelope["meta"]})


async def handle_replay(request: web.Request) -> web.Response:
    state = state_of(request)
    channel = _find(state, request.match_info["id"])
    raw = request.match_info["delivery_id"]
    delivery = state.store.get("channel_deliveries", int(raw)) if raw.isdigit() else None
    if delivery is None or delivery["channelId"] != channel["id"]:
        raise ApiError(404, f"Delivery {raw} not found")
    await _send(state, channel["id"], delivery["id"])
    return json_response({"success": True})


def routes() -> list[web.RouteDef]:
    return [
        web.get("/notification-channels", handle_list),
        web.post("/notification-channels", handle_create),
        web.get("/notification-channels/{id}", handle_get),
        web.put("/notification-channels/{id}", handle_update),
        web.delete("/notification-channels/{id}", handle_delete),
        web.post("/notification-channels/{id}/test", handle_test),
        web.get("/notification-channels/{id}/deliveries", handle_deliveries),
        web.post("/notification-channels/{id}/deliveries/{delivery_id}/replay", handle_replay),
    ]

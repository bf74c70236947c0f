"""The sandbox control API under ``/_sandbox`` (no auth, loopback only), and the operations it
shares with the in-process ``Sandbox`` methods: faults, stored emails, reset, stats, config, and
simulated events (opens, clicks, bounces…) on a stored email.

Every operation here must run on the server's event loop (``Sandbox`` forwards to it).
"""

from __future__ import annotations

from typing import Any, cast

from aiohttp import web

from ._delivery import EVENT_TYPES, add_event
from ._emails import email_detail
from ._errors import ApiError, json_response
from ._http import read_object, state_of
from ._state import SandboxState
from ._store import Document

__all__ = ["clear_emails", "routes", "simulate_event"]

_EVENT_FIELDS = (
    "geoCountry",
    "geoRegion",
    "geoCity",
    "uaClientName",
    "uaClientType",
    "uaOs",
    "uaDeviceType",
    "isPrefetch",
)


def clear_emails(state: SandboxState) -> None:
    """Forget stored emails and the idempotency keys that point at them."""
    for handle in state.timers.values():
        handle.cancel()
    state.timers.clear()
    state.store.clear(("emails", "idempotency"))


def simulate_event(
    state: SandboxState,
    email_id: str,
    event_type: str,
    metadata: dict[str, Any] | None = None,
    fields: dict[str, Any] | None = None,
) -> Document:
    """Append an event (``opened``, ``bounced``…) to a stored email, as the service would.

    Raises:
        ApiError: 404 for an unknown email, 400 for an unknown event type or field.
    """
    if event_type not in EVENT_TYPES:
        raise ApiError(400, f"'type' must be one of {', '.join(EVENT_TYPES)}")
    unknown = sorted(set(fields or {}) - set(_EVENT_FIELDS))
    if unknown:
        raise ApiError(400, f"unknown event field(s): {', '.join(unknown)}")
    email = state.store.get_by_key("emails", email_id)
    if email is None:
        raise ApiError(404, f"Email {email_id} not found")
    event = add_event(state, email["id"], event_type, metadata=metadata, fields=fields)
    assert event is not None
    return event


async def handle_add_fault(request: web.Request) -> web.Response:
    payload = await read_object(request)
    try:
        fault_id = state_of(request).faults.add(
            cast("str", payload.get("method")),
            cast("str", payload.get("path")),
            cast("list[object]", payload.get("outcomes")),
        )
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None
    return json_response({"id": fault_id}, status=201)


async def handle_clear_faults(request: web.Request) -> web.Response:
    state_of(request).faults.clear()
    return json_response({"success": True})


async def handle_list_faults(request: web.Request) -> web.Response:
    return json_response({"faults": state_of(request).faults.snapshot()})


async def handle_emails(request: web.Request) -> web.Response:
    docs = state_of(request).store.all("emails")
    return json_response({"data": [email_detail(doc) for doc in docs]})


async def handle_clear_emails(request: web.Request) -> web.Response:
    clear_emails(state_of(request))
    return json_response({"success": True})


async def handle_reset(request: web.Request) -> web.Response:
    state_of(request).reset()
    return json_response({"success": True})


async def handle_stats(request: web.Request) -> web.Response:
    return json_response(state_of(request).stats())


async def handle_get_config(request: web.Request) -> web.Response:
    return json_response(state_of(request).settings.to_json())


async def handle_config(request: web.Request) -> web.Response:
    payload = await read_object(request)
    try:
        settings = state_of(request).configure(**payload)
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None
    return json_response(settings.to_json())


async def handle_simulate(request: web.Request) -> web.Response:
    payload = await read_object(request)
    event_type = payload.pop("type", None)
    metadata = payload.pop("metadata", None)
    if not isinstance(event_type, str):
        raise ApiError(400, "'type' is required (an email event type such as 'opened')")
    if metadata is not None and not isinstance(metadata, dict):
        raise ApiError(400, "'metadata' must be an object")
    event = simulate_event(
        state_of(request),
        request.match_info["email_id"],
        event_type,
        cast("dict[str, Any] | None", metadata),
        payload,
    )
    return json_response({"event": event}, status=201)


async def handle_add_domain(request: web.Request) -> web.Response:
    payload = await read_object(request)
    name = payload.get("name")
    if not isinstance(name, str):
        raise ApiError(400, "'name' is required (a domain name such as example.com)")
    try:
        domain = state_of(request).register_domain(name)
    except ValueError as exc:
        raise ApiError(400, f"'name' is {exc}") from None
    return json_response({"domain": domain}, status=201)


async def handle_list_domains(request: web.Request) -> web.Response:
    return json_response({"domains": state_of(request).domains})


def routes() -> list[web.RouteDef]:
    return [
        web.post("/_sandbox/domains", handle_add_domain),
        web.get("/_sandbox/domains", handle_list_domains),
        web.post("/_sandbox/faults", handle_add_fault),
        web.delete("/_sandbox/faults", handle_clear_faults),
        web.get("/_sandbox/faults", handle_list_faults),
        web.get("/_sandbox/emails", handle_emails),
        web.delete("/_sandbox/emails", handle_clear_emails),
        web.post("/_sandbox/emails/{email_id}/events", handle_simulate),
        web.post("/_sandbox/reset", handle_reset),
        web.get("/_sandbox/stats", handle_stats),
        web.get("/_sandbox/config", handle_get_config),
        web.post("/_sandbox/config", handle_config),
    ]

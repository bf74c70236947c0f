"""The ``/domains`` resource: create, list, get, update, delete, verify.

Verification is immediate (``POST /domains/:id/verify`` marks every DNS record verified), except
for names under ``.invalid``, which fail, so both outcomes can be tested. As on the service, a send
from an address whose domain is not registered and verified is refused with 422 "Domain not
verified" (see :mod:`._emails`); ``Sandbox(domains=[...])``, ``--domain`` and
``POST /_sandbox/domains`` pre-register verified domains (:func:`register_verified`).

Every change emits a ``domain.*`` webhook event: ``domain.created``, ``domain.updated``,
``domain.verified``, ``domain.verification_failed``, ``domain.deleted``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiohttp import web

from ._domain_docs import mark_verified, new_domain
from ._errors import ApiError, json_response
from ._events import emit
from ._http import (
    choice,
    is_missing,
    optional_bool,
    optional_str,
    read_object,
    required_str,
    state_of,
)
from ._state import SandboxState, check_domain_name
from ._store import Document
from ._util import format_ts, now

__all__ = ["domain_event", "find_domain", "routes"]

_REGIONS = ("eu-west-1",)
_TLS_MODES = ("opportunistic", "enforced")
_STREAMS = ("any", "transactional", "marketing", "notification")


def domain_event(state: SandboxState, event_type: str, domain: Document) -> None:
    """Emit ``domain.<event_type>`` to subscribed webhooks (when the server runs)."""
    emit(
        state,
        f"domain.{event_type}",
        {
            "domain_id": domain["id"],
            "public_id": domain["publicId"],
            "name": domain["name"],
            "status": domain["status"],
        },
    )


def mark_rotation_published(domain: Document) -> None:
    """A pending DKIM rotation's record counts as published once the domain is verified."""
    rotation: dict[str, Any] | None = domain.get("dkimRotation")
    if rotation is not None and rotation["state"] == "pending_dns":
        moment = now()
        rotation.update(
            state="ready",
            publishedAt=format_ts(moment),
            activatesAfter=format_ts(moment + timedelta(hours=24)),
        )
        for record in domain["dnsRecords"]:
            if record["purpose"] == "dkim_rotation":
                record["verified"] = True


def find_domain(state: SandboxState, raw_id: str) -> Document:
    """A domain by numeric id (routes) or ``dom_…`` public id (body fields); 404 otherwise."""
    if raw_id.isdigit():
        domain = state.store.get("domains", int(raw_id))
    else:
        domain = next((d for d in state.store.all("domains") if d["publicId"] == raw_id), None)
    if domain is None:
        raise ApiError(404, f"Domain {raw_id} not found")
    return domain


async def handle_create(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    raw_name = required_str(payload, "name")
    try:
        name = check_domain_name(raw_name)
    except ValueError:
        raise ApiError(400, f"'name' is not a valid domain name: {raw_name!r}") from None
    region = choice(payload, "region", _REGIONS)
    tls_mode = choice(payload, "tls_mode", _TLS_MODES)
    open_tracking = optional_bool(payload, "open_tracking")
    click_tracking = optional_bool(payload, "click_tracking")
    return_path = optional_str(payload, "custom_return_path")
    with state.store.transaction():
        if state.store.get_by_key("domains", name) is not None:
            raise ApiError(409, f"Domain {name} already exists", "conflict")
        doc = new_domain(name)
        if not is_missing(region):
            doc["region"] = region
        if not is_missing(open_tracking):
            doc["openTracking"] = open_tracking
        if not is_missing(click_tracking):
            doc["clickTracking"] = click_tracking
        if not is_missing(return_path):
            doc["customReturnPath"] = return_path
        if not is_missing(tls_mode):
            doc["tlsMode"] = tls_mode
        domain = state.store.insert("domains", doc, key=name)
    domain_event(state, "created", domain)
    return json_response({"domain": domain}, status=201)


async def handle_list(request: web.Request) -> web.Response:
    return json_response({"domains": state_of(request).store.all("domains")})


async def handle_get(request: web.Request) -> web.Response:
    return json_response({"domain": find_domain(state_of(request), request.match_info["id"])})


_UPDATABLE = {
    # request field -> object key
    "open_tracking": "openTracking",
    "click_tracking": "clickTracking",
    "tracking_domain": "trackingDomain",
    "tls_mode": "tlsMode",
    "inbound_enabled": "inboundEnabled",
    "catch_all": "catchAll",
    "stream_preference": "streamPreference",
    "bimi_logo_url": "bimiLogoUrl",
}


async def handle_update(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    changes: dict[str, Any] = {}
    for name in ("open_tracking", "click_tracking", "inbound_enabled", "catch_all"):
        value = optional_bool(payload, name)
        if not is_missing(value):
            changes[_UPDATABLE[name]] = value
    for name in ("tracking_domain", "bimi_logo_url"):
        value = optional_str(payload, name, nullable=True)
        if not is_missing(value):
            changes[_UPDATABLE[name]] = value
    for name, allowed in (("tls_mode", _TLS_MODES), ("stream_preference", _STREAMS)):
        value = choice(payload, name, allowed)
        if not is_missing(value):
            changes[_UPDATABLE[name]] = value
    with state.store.transaction():
        domain = find_domain(state, request.match_info["id"])
        domain.update(changes)
        state.store.update("domains", domain)
    domain_event(state, "updated", domain)
    return json_response({"domain": domain})


async def handle_delete(request: web.Request) -> web.Response:
    state = state_of(request)
    domain = find_domain(state, request.match_info["id"])
    state.store.delete("domains", domain["id"])
    domain_event(state, "deleted", domain)
    return json_response({"success": True})


async def handle_verify(request: web.Request) -> web.Response:
    state = state_of(request)
    with state.store.transaction():
        domain = find_domain(state, request.match_info["id"])
        ok = not domain["name"].endswith(".invalid")
        mark_verified(domain, ok)
        if ok:
            mark_rotation_published(domain)
        state.store.update("domains", domain)
    domain_event(state, "verified" if ok else "verification_failed", domain)
    return json_response({"queued": True, "domain": domain})


def routes() -> list[web.RouteDef]:
    return [
        web.post("/domains", handle_create),
        web.get("/domains", handle_list),
        web.get("/domains/{id}", handle_get),
        web.patch("/domains/{id}", handle_update),
        web.delete("/domains/{id}", handle_delete),
        web.post("/domains/{id}/verify", handle_verify),
    ]

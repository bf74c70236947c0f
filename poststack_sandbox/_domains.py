"""The ``/domains`` resource: create, list, get, update, delete, verify.

Verification is immediate (``POST /domains/:id/verify`` marks every DNS record verified), except
for names under ``.invalid``, which fail, so both outcomes can be tested. Sends from an address of
a domain created here are refused with 422 "Domain not verified" until it is verified; sends from
domains the sandbox never heard of stay accepted (see :mod:`._emails`).
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from ._errors import ApiError, json_response
from ._http import (
    choice,
    is_missing,
    optional_bool,
    optional_str,
    read_object,
    required_str,
    state_of,
)
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, new_public_id, now

__all__ = ["find_domain", "routes"]

_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_REGIONS = ("eu-west-1",)
_TLS_MODES = ("opportunistic", "enforced")
_STREAMS = ("any", "transactional", "marketing", "notification")


def _dns_records(name: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "TXT",
            "name": name,
            "value": "v=spf1 include:spf.poststack.dev ~all",
            "purpose": "spf",
            "verified": False,
        },
        {
            "type": "TXT",
            "name": f"poststack._domainkey.{name}",
            "value": "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC-sandbox",
            "purpose": "dkim",
            "verified": False,
        },
        {
            "type": "TXT",
            "name": f"_dmarc.{name}",
            "value": "v=DMARC1; p=none;",
            "purpose": "dmarc",
            "verified": False,
        },
        {
            "type": "CNAME",
            "name": f"bounces.{name}",
            "value": "return.poststack.dev",
            "purpose": "return_path",
            "verified": False,
        },
    ]


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
    name = required_str(payload, "name").lower().rstrip(".")
    if not _HOSTNAME.match(name):
        raise ApiError(400, f"'name' is not a valid domain name: {name!r}")
    region = choice(payload, "region", _REGIONS)
    tls_mode = choice(payload, "tls_mode", _TLS_MODES)
    open_tracking = optional_bool(payload, "open_tracking")
    click_tracking = optional_bool(payload, "click_tracking")
    return_path = optional_str(payload, "custom_return_path")
    with state.store.transaction():
        if state.store.get_by_key("domains", name) is not None:
            raise ApiError(409, f"Domain {name} already exists", "conflict")
        domain = state.store.insert(
            "domains",
            {
                "id": 0,
                "publicId": new_public_id("dom"),
                "name": name,
                "status": "pending",
                "region": "eu-west-1" if is_missing(region) else region,
                "dnsRecords": _dns_records(name),
                "openTracking": False if is_missing(open_tracking) else open_tracking,
                "clickTracking": False if is_missing(click_tracking) else click_tracking,
                "trackingDomain": None,
                "customReturnPath": None if is_missing(return_path) else return_path,
                "catchAll": False,
                "inboundEnabled": False,
                "tlsMode": "opportunistic" if is_missing(tls_mode) else tls_mode,
                "streamPreference": "any",
                "bimiLogoUrl": None,
                "verifiedAt": None,
                "createdAt": format_ts(now()),
            },
            key=name,
        )
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
    return json_response({"domain": domain})


async def handle_delete(request: web.Request) -> web.Response:
    state = state_of(request)
    domain = find_domain(state, request.match_info["id"])
    state.store.delete("domains", domain["id"])
    return json_response({"success": True})


async def handle_verify(request: web.Request) -> web.Response:
    state = state_of(request)
    with state.store.transaction():
        domain = find_domain(state, request.match_info["id"])
        ok = not domain["name"].endswith(".invalid")
        domain["status"] = "verified" if ok else "failed"
        for record in domain["dnsRecords"]:
            record["verified"] = ok
        domain["verifiedAt"] = format_ts(now()) if ok else None
        state.store.update("domains", domain)
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

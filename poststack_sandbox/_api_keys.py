"""The ``/api-keys`` resource: create, list, get, rotate, revoke — and authentication of the keys
it mints.

Minted keys authenticate with their own permission (and domain scope) in every key mode, even
when the sandbox was started with a fixed key list. A revoked or rotated-away key is refused with
401 even though it is still well-formed (the default mode accepts any well-formed key otherwise).
Key objects are returned bare (not wrapped), and carry the plaintext ``key`` only when created
or rotated, as the service does.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ._auth import PERMISSIONS, Caller, new_key
from ._domains import find_domain
from ._errors import ApiError, json_response
from ._http import choice, is_missing, optional_bool, read_object, required_str, state_of
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, now

__all__ = ["install", "routes"]


def _public(doc: Document) -> Document:
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def install(state: SandboxState) -> None:
    """Let the keyring accept keys minted through this resource."""

    def lookup(key: str) -> Caller | None:
        doc = state.store.get_by_key("api_keys", key)
        if doc is None:
            return None
        if doc["_revoked"]:
            raise ApiError(401, "API key has been revoked")
        doc["lastUsedAt"] = format_ts(now())
        state.store.update("api_keys", doc)
        return Caller(key, doc["permission"], doc["id"], doc["domainId"])

    state.keyring.minted = lookup


def _mint(state: SandboxState, template: dict[str, Any]) -> Document:
    key = new_key(template["mode"])
    doc = state.store.insert(
        "api_keys",
        {
            "id": 0,
            "name": template["name"],
            "keyPrefix": key[:12],
            "permission": template["permission"],
            "mode": template["mode"],
            "domainId": template["domainId"],
            "lastUsedAt": None,
            "expiresAt": None,
            "createdAt": format_ts(now()),
            "_revoked": False,
        },
        key=key,
    )
    return {**_public(doc), "key": key}


def _find(state: SandboxState, raw_id: str) -> Document:
    doc = state.store.get("api_keys", int(raw_id)) if raw_id.isdigit() else None
    if doc is None or doc["_revoked"]:
        raise ApiError(404, f"API key {raw_id} not found")
    return doc


async def handle_create(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    name = required_str(payload, "name")
    permission = choice(payload, "permission", PERMISSIONS)
    if is_missing(permission):
        raise ApiError(400, "'permission' is required: full_access or sending_access")
    mode = choice(payload, "mode", ("live", "test"))
    allow_full = optional_bool(payload, "allow_full_access")
    if permission == "full_access" and allow_full is not True:
        raise ApiError(
            403,
            "Minting a full_access key with an API key needs 'allow_full_access': true",
            "forbidden",
        )
    domain_id: int | None = None
    raw_domain = payload.get("domain_id")
    if raw_domain is not None:
        if isinstance(raw_domain, bool) or not isinstance(raw_domain, (str, int)):
            raise ApiError(400, "'domain_id' must be a domain id (dom_… or a number)")
        domain_id = find_domain(state, str(raw_domain))["id"]
    created = _mint(
        state,
        {
            "name": name,
            "permission": permission,
            "mode": "live" if is_missing(mode) else mode,
            "domainId": domain_id,
        },
    )
    return json_response(created, status=201)


async def handle_list(request: web.Request) -> web.Response:
    docs = state_of(request).store.all("api_keys")
    return json_response({"keys": [_public(d) for d in docs if not d["_revoked"]]})


async def handle_get(request: web.Request) -> web.Response:
    return json_response(_public(_find(state_of(request), request.match_info["id"])))


async def handle_rotate(request: web.Request) -> web.Response:
    state = state_of(request)
    with state.store.transaction():
        old = _find(state, request.match_info["id"])
        old["_revoked"] = True
        state.store.update("api_keys", old)
        created = _mint(state, old)
    return json_response(created)


async def handle_revoke(request: web.Request) -> web.Response:
    state = state_of(request)
    with state.store.transaction():
        doc = _find(state, request.match_info["id"])
        doc["_revoked"] = True
        state.store.update("api_keys", doc)
    return json_response({"success": True})


def routes() -> list[web.RouteDef]:
    return [
        web.post("/api-keys", handle_create),
        web.get("/api-keys", handle_list),
        web.get("/api-keys/{id}", handle_get),
        web.post("/api-keys/{id}/rotate", handle_rotate),
        web.delete("/api-keys/{id}", handle_revoke),
    ]

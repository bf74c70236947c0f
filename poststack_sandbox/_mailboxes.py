"""``/mailboxes`` (and ``/webmail/:mb_id/signature``): hosted mailboxes, aliases, filters,
signatures and shares.

The sandbox runs no IMAP/SMTP server: a mailbox is its record. Its inbox is the inbound emails
addressed to it (or to one of its aliases), which is what ``unread-summary`` counts (the sandbox
tracks no read state, so every one is unread). Passwords (8 to 128 characters) are kept only as
a salted hash and never returned. Request fields are camelCase, as the service's are.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any, cast

from aiohttp import web

from ._domains import find_domain
from ._errors import ApiError, json_response
from ._http import page_params, paginate, read_object, state_of
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, new_public_id, now

__all__ = ["routes"]

_LOCAL = re.compile(r"^[a-z0-9](?:[a-z0-9._+-]{0,62}[a-z0-9])?$")
_FILTER_FIELDS = ("from", "to", "cc", "subject", "any_recipient")
_FILTER_OPERATORS = ("contains", "not_contains", "is", "is_not")
_FILTER_ACTIONS = ("fileinto", "addflag", "discard", "stop")
_ACCESS = ("read", "write", "admin")


def _find(state: SandboxState, public_id: str) -> Document:
    mailbox = state.store.get_by_key("mailboxes", public_id)
    if mailbox is None or mailbox["status"] == "deleted":
        raise ApiError(404, f"Mailbox {public_id} not found")
    return mailbox


def _public(mailbox: Document) -> Document:
    return {k: v for k, v in mailbox.items() if not k.startswith("_")}


def _domain_of(state: SandboxState, value: object) -> Document:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ApiError(400, "'domainId' is required (a dom_… id or a number)")
    return find_domain(state, str(value))


def _local_part(payload: dict[str, Any]) -> str:
    value = payload.get("localPart")
    if not isinstance(value, str) or not _LOCAL.match(value.lower()):
        raise ApiError(400, f"'localPart' is not a valid mailbox name: {value!r}")
    return value.lower()


def _password(value: object) -> str:
    if not isinstance(value, str) or not 8 <= len(value) <= 128:
        raise ApiError(400, "'password' is required (8 to 128 characters)")
    salt = secrets.token_hex(8)
    return salt + "$" + hashlib.sha256((salt + value).encode()).hexdigest()


def _taken(state: SandboxState, address: str) -> bool:
    """Whether a mailbox or an alias already has ``address``."""
    return any(m["emailAddress"] == address for m in state.store.all("mailboxes")) or any(
        a["aliasAddress"] == address for a in state.store.all("aliases")
    )


async def handle_create(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    domain = _domain_of(state, payload.get("domainId"))
    local = _local_part(payload)
    secret = _password(payload.get("password"))
    display = payload.get("displayName")
    if display is not None and not isinstance(display, str):
        raise ApiError(400, "'displayName' must be a string")
    quota = payload.get("quotaBytes", 1024**3)
    if isinstance(quota, bool) or not isinstance(quota, int) or quota < 1:
        raise ApiError(400, "'quotaBytes' must be a positive integer")
    webhook_enabled = payload.get("webhookEnabled", False)
    if not isinstance(webhook_enabled, bool):
        raise ApiError(400, "'webhookEnabled' must be a boolean")
    address = f"{local}@{domain['name']}"
    moment = format_ts(now())
    public_id = new_public_id("mb")
    with state.store.transaction():
        if _taken(state, address):
            raise ApiError(409, f"{address} already exists", "conflict")
        mailbox = state.store.insert(
            "mailboxes",
            {
                "id": 0,
                "publicId": public_id,
                "teamId": 1,
                "domainId": domain["id"],
                "emailAddress": address,
                "displayName": display,
                "quotaBytes": quota,
                "status": "active",
                "webhookEnabled": webhook_enabled,
                "forwardTo": None,
                "forwardMode": "relay",
                "forwardKeepCopy": True,
                "signatureHtml": None,
                "signatureText": None,
                "lastLoginAt": None,
                "createdAt": moment,
                "updatedAt": moment,
                "_password": secret,
                "_filters": [],
                "_shares": [],
            },
            key=public_id,
        )
    return json_response({"mailbox": _public(mailbox)}, status=201)


async def handle_list(request: web.Request) -> web.Response:
    state = state_of(request)
    page, per_page = page_params(request)
    domain_id = request.query.get("domain_id")
    wanted: int | None = None
    if domain_id:
        wanted = find_domain(state, domain_id)["id"]
    items = [
        _public(m)
        for m in state.store.all("mailboxes")
        if m["status"] != "deleted" and (wanted is None or m["domainId"] == wanted)
    ]
    return json_response(paginate(items, page, per_page))


async def handle_get(request: web.Request) -> web.Response:
    return json_response({"mailbox": _public(_find(state_of(request), request.match_info["id"]))})


def _forward_to(value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ApiError(400, "'forwardTo' must be a comma-separated string of addresses or null")
    addresses = [a.strip() for a in value.split(",") if a.strip()]
    if not 1 <= len(addresses) <= 10 or not all(
        re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", a) for a in addresses
    ):
        raise ApiError(400, "'forwardTo' must list 1 to 10 valid addresses")
    return ", ".join(addresses)


async def handle_update(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    with state.store.transaction():
        mailbox = _find(state, request.match_info["id"])
        for name in ("displayName", "signatureHtml", "signatureText"):
            if name in payload:
                if payload[name] is not None and not isinstance(payload[name], str):
                    raise ApiError(400, f"'{name}' must be a string or null")
                mailbox[name] = payload[name]
        if "quotaBytes" in payload:
            quota = payload["quotaBytes"]
            if isinstance(quota, bool) or not isinstance(quota, int) or quota < 1:
                raise ApiError(400, "'quotaBytes' must be a positive integer")
            mailbox["quotaBytes"] = quota
        if "status" in payload:
            if payload["status"] not in ("active", "suspended"):
                raise ApiError(400, "'status' must be active or suspended")
            mailbox["status"] = payload["status"]
        for name in ("webhookEnabled", "forwardKeepCopy"):
            if name in payload:
                if not isinstance(payload[name], bool):
                    raise ApiError(400, f"'{name}' must be a boolean")
                mailbox[name] = payload[name]
        if "forwardTo" in payload:
            mailbox["forwardTo"] = _forward_to(payload["forwardTo"])
        if "forwardMode" in payload:
            if payload["forwardMode"] not in ("relay", "wrapped"):
                raise ApiError(400, "'forwardMode' must be relay or wrapped")
            mailbox["forwardMode"] = payload["forwardMode"]
        mailbox["updatedAt"] = format_ts(now())
        state.store.update("mailboxes", mailbox)
    return json_response({"mailbox": _public(mailbox)})


async def handle_delete(request: web.Request) -> web.Response:
    state = state_of(request)
    with state.store.transaction():
        mailbox = _find(state, request.match_info["id"])
        state.store.delete("mailboxes", mailbox["id"])
        for alias in state.store.all("aliases"):
            if alias["destinationMailboxId"] == mailbox["id"]:
                state.store.delete("aliases", alias["id"])
    return json_response({"success": True})


async def handle_password(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    secret = _password(payload.get("password"))
    with state.store.transaction():
        mailbox = _find(state, request.match_info["id"])
        mailbox["_password"] = secret
        mailbox["updatedAt"] = format_ts(now())
        state.store.update("mailboxes", mailbox)
    return json_response({"success": True})


def _inbox_count(state: SandboxState, mailbox: Document) -> int:
    addresses = {mailbox["emailAddress"]} | {
        a["aliasAddress"]
        for a in state.store.all("aliases")
        if a["destinationMailboxId"] == mailbox["id"]
    }
    count = 0
    for message in state.store.all("inbound"):
        listed: list[dict[str, Any]] = [*message["toAddresses"], *(message["ccAddresses"] or [])]
        recipients = {str(r["address"]).lower() for r in listed}
        if recipients & addresses:
            count += 1
    return count


async def handle_unread(request: web.Request) -> web.Response:
    state = state_of(request)
    items = [
        {
            "mailboxId": m["id"],
            "mailboxPublicId": m["publicId"],
            "inboxUnread": _inbox_count(state, m),
        }
        for m in state.store.all("mailboxes")
        if m["status"] != "deleted"
    ]
    return json_response({"items": items})


async def handle_create_alias(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    raw_domain = payload.get("domainId")
    if isinstance(raw_domain, bool) or not isinstance(raw_domain, int):
        raise ApiError(400, "'domainId' is required (a number)")
    domain = find_domain(state, str(raw_domain))
    local = _local_part(payload)
    destination = payload.get("destinationMailboxId")
    if not isinstance(destination, str):
        raise ApiError(400, "'destinationMailboxId' is required (an mb_… id)")
    target = _find(state, destination)
    address = f"{local}@{domain['name']}"
    with state.store.transaction():
        if _taken(state, address):
            raise ApiError(409, f"{address} already exists", "conflict")
        alias = state.store.insert(
            "aliases",
            {
                "id": 0,
                "teamId": 1,
                "domainId": domain["id"],
                "aliasAddress": address,
                "destinationMailboxId": target["id"],
                "createdAt": format_ts(now()),
            },
        )
    return json_response({"alias": alias}, status=201)


async def handle_list_aliases(request: web.Request) -> web.Response:
    page, per_page = page_params(request)
    return json_response(paginate(state_of(request).store.all("aliases"), page, per_page))


async def handle_delete_alias(request: web.Request) -> web.Response:
    state = state_of(request)
    raw = request.match_info["id"]
    if not raw.isdigit() or not state.store.delete("aliases", int(raw)):
        raise ApiError(404, f"Alias {raw} not found")
    return json_response({"success": True})


def _check_filters(value: object, before: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not isinstance(value, list) or len(cast("list[object]", value)) > 50:
        raise ApiError(400, "'rules' must be an array of at most 50 rules")
    rules: list[dict[str, Any]] = []
    for index, raw in enumerate(cast("list[object]", value)):
        where = f"rules[{index}]"
        if not isinstance(raw, dict):
            raise ApiError(400, f"'{where}' must be an object")
        rule = cast("dict[str, Any]", raw)
        for name in ("name", "value"):
            if not isinstance(rule.get(name), str):
                raise ApiError(400, f"'{where}.{name}' is required (a string)")
        for name, allowed in (
            ("field", _FILTER_FIELDS),
            ("operator", _FILTER_OPERATORS),
            ("action", _FILTER_ACTIONS),
        ):
            if rule.get(name) not in allowed:
                raise ApiError(400, f"'{where}.{name}' must be one of {', '.join(allowed)}")
        if rule["action"] in ("fileinto", "addflag") and not isinstance(rule.get("actionArg"), str):
            raise ApiError(400, f"'{where}.actionArg' is required for {rule['action']}")
        enabled = rule.get("enabled", True)
        if not isinstance(enabled, bool):
            raise ApiError(400, f"'{where}.enabled' must be a boolean")
        moment = format_ts(now())
        old = next((r for r in before if r["name"] == rule["name"]), None)
        rules.append(
            {
                "publicId": old["publicId"] if old else new_public_id("mbf"),
                "position": index,
                "name": rule["name"],
                "field": rule["field"],
                "operator": rule["operator"],
                "value": rule["value"],
                "action": rule["action"],
                "actionArg": rule.get("actionArg"),
                "enabled": enabled,
                "createdAt": old["createdAt"] if old else moment,
                "updatedAt": moment,
            }
        )
    return rules


async def handle_list_filters(request: web.Request) -> web.Response:
    mailbox = _find(state_of(request), request.match_info["id"])
    return json_response({"rules": mailbox["_filters"]})


async def handle_set_filters(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    with state.store.transaction():
        mailbox = _find(state, request.match_info["id"])
        rules = _check_filters(payload.get("rules"), mailbox["_filters"])
        mailbox["_filters"] = rules
        state.store.update("mailboxes", mailbox)
    return json_response({"rules": rules})


async def handle_get_signature(request: web.Request) -> web.Response:
    mailbox = _find(state_of(request), request.match_info["id"])
    return json_response(
        {"signatureHtml": mailbox["signatureHtml"], "signatureText": mailbox["signatureText"]}
    )


async def handle_set_signature(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    with state.store.transaction():
        mailbox = _find(state, request.match_info["id"])
        for name in ("signatureHtml", "signatureText"):
            if name in payload:
                if payload[name] is not None and not isinstance(payload[name], str):
                    raise ApiError(400, f"'{name}' must be a string or null")
                mailbox[name] = payload[name]
        state.store.update("mailboxes", mailbox)
    return json_response(
        {"signatureHtml": mailbox["signatureHtml"], "signatureText": mailbox["signatureText"]}
    )


async def handle_list_shares(request: web.Request) -> web.Response:
    mailbox = _find(state_of(request), request.match_info["id"])
    return json_response({"shares": mailbox["_shares"]})


async def handle_grant_share(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    target_id = payload.get("sharedWithMailboxId")
    if not isinstance(target_id, str):
        raise ApiError(400, "'sharedWithMailboxId' is required (an mb_… id)")
    access = payload.get("access", "read")
    if access not in _ACCESS:
        raise ApiError(400, f"'access' must be one of {', '.join(_ACCESS)}")
    with state.store.transaction():
        mailbox = _find(state, request.match_info["id"])
        target = _find(state, target_id)
        if target["id"] == mailbox["id"]:
            raise ApiError(400, "A mailbox cannot be shared with itself")
        shares: list[dict[str, Any]] = mailbox["_shares"]
        if any(s["sharedWithMailboxId"] == target["id"] for s in shares):
            raise ApiError(409, f"Mailbox already shared with {target['publicId']}", "conflict")
        moment = format_ts(now())
        share = {
            "id": state.store.next_counter("mailbox_shares"),
            "sharedWithMailboxId": target["id"],
            "sharedWithEmail": target["emailAddress"],
            "access": access,
            "createdAt": moment,
        }
        shares.append(share)
        state.store.update("mailboxes", mailbox)
    # grant_share answers the stored row (with the owner's id), not the listing's shape.
    row = {
        "id": share["id"],
        "mailboxId": mailbox["id"],
        "sharedWithMailboxId": target["id"],
        "access": access,
        "createdAt": moment,
        "updatedAt": moment,
    }
    return json_response({"share": row}, status=201)


async def handle_revoke_share(request: web.Request) -> web.Response:
    state = state_of(request)
    with state.store.transaction():
        mailbox = _find(state, request.match_info["id"])
        target = _find(state, request.match_info["target_id"])
        shares: list[dict[str, Any]] = mailbox["_shares"]
        kept = [s for s in shares if s["sharedWithMailboxId"] != target["id"]]
        if len(kept) == len(shares):
            raise ApiError(404, f"Mailbox is not shared with {target['publicId']}")
        mailbox["_shares"] = kept
        state.store.update("mailboxes", mailbox)
    return json_response({"success": True})


def routes() -> list[web.RouteDef]:
    # The fixed paths first, so they are never taken for a mailbox id.
    return [
        web.get("/mailboxes/unread-summary", handle_unread),
        web.post("/mailboxes/aliases", handle_create_alias),
        web.get("/mailboxes/aliases", handle_list_aliases),
        web.delete("/mailboxes/aliases/{id}", handle_delete_alias),
        web.post("/mailboxes", handle_create),
        web.get("/mailboxes", handle_list),
        web.get("/mailboxes/{id}", handle_get),
        web.patch("/mailboxes/{id}", handle_update),
        web.delete("/mailboxes/{id}", handle_delete),
        web.post("/mailboxes/{id}/password", handle_password),
        web.get("/mailboxes/{id}/filters", handle_list_filters),
        web.put("/mailboxes/{id}/filters", handle_set_filters),
        web.get("/mailboxes/{id}/shares", handle_list_shares),
        web.post("/mailboxes/{id}/shares", handle_grant_share),
        web.delete("/mailboxes/{id}/shares/{target_id}", handle_revoke_share),
        web.get("/webmail/{id}/signature", handle_get_signature),
        web.put("/webmail/{id}/signature", handle_set_signature),
    ]

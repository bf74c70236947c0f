"""The ``/contact-properties`` resource: typed custom fields for contacts.

``name`` is unique (409 on a duplicate) and fixed after creation; ``select`` properties need
``options``. ``option-usage`` counts the contacts holding each option. Signup forms coerce
submitted values to these types (:func:`coerce`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, cast

from aiohttp import web

from ._errors import ApiError, json_response
from ._http import read_object, required_str, state_of
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, now

__all__ = ["TYPES", "coerce", "routes"]

TYPES = ("text", "number", "boolean", "date", "select")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


def _options(value: object) -> list[str]:
    if not isinstance(value, list) or not all(
        isinstance(o, str) and o for o in cast("list[object]", value)
    ):
        raise ApiError(400, "'options' must be an array of non-empty strings")
    return list(dict.fromkeys(cast("list[str]", value)))


def _find(state: SandboxState, raw: str) -> Document:
    prop = state.store.get("contact_properties", int(raw)) if raw.isdigit() else None
    if prop is None:
        raise ApiError(404, f"Contact property {raw} not found")
    return prop


def coerce(prop: Document, value: object) -> object:
    """``value`` as the property's type; ``ValueError`` when it cannot be one."""
    kind = prop["type"]
    if kind == "number":
        if isinstance(value, bool):
            raise ValueError("not a number")
        if isinstance(value, (int, float)):
            return value
        number = float(str(value))
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "1", "yes", "on"):
            return True
        if text in ("false", "0", "no", "off", ""):
            return False
        raise ValueError("not a boolean")
    if kind == "date":
        return date.fromisoformat(str(value)[:10]).isoformat()
    if kind == "select":
        if str(value) not in prop.get("options", []):
            raise ValueError(f"not one of {', '.join(prop.get('options', []))}")
        return str(value)
    return str(value)


async def handle_list(request: web.Request) -> web.Response:
    return json_response({"properties": state_of(request).store.all("contact_properties")})


async def handle_create(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    name = required_str(payload, "name")
    if not _NAME.match(name):
        raise ApiError(400, f"'name' must be letters, digits and underscores: {name!r}")
    kind = payload.get("type")
    if kind not in TYPES:
        raise ApiError(400, f"'type' must be one of {', '.join(TYPES)}")
    options = _options(payload["options"]) if payload.get("options") is not None else None
    if kind == "select" and not options:
        raise ApiError(400, "'options' is required for a select property")
    required = payload.get("required", False)
    if not isinstance(required, bool):
        raise ApiError(400, "'required' must be a boolean")
    label = payload.get("label", name)
    if not isinstance(label, str):
        raise ApiError(400, "'label' must be a string")
    with state.store.transaction():
        if state.store.get_by_key("contact_properties", name) is not None:
            raise ApiError(409, f"Contact property {name} already exists", "conflict")
        doc: Document = {
            "id": 0,
            "name": name,
            "label": label,
            "type": kind,
            "required": required,
            "createdAt": format_ts(now()),
        }
        if options:
            doc["options"] = options
        prop = state.store.insert("contact_properties", doc, key=name)
    return json_response({"property": prop}, status=201)


async def handle_update(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    with state.store.transaction():
        prop = _find(state, request.match_info["id"])
        if "label" in payload:
            prop["label"] = required_str(payload, "label")
        if "options" in payload:
            options = None if payload["options"] is None else _options(payload["options"])
            if prop["type"] == "select" and not options:
                raise ApiError(400, "'options' is required for a select property")
            if options:
                prop["options"] = options
            else:
                prop.pop("options", None)
        if "required" in payload:
            if not isinstance(payload["required"], bool):
                raise ApiError(400, "'required' must be a boolean")
            prop["required"] = payload["required"]
        state.store.update("contact_properties", prop)
    return json_response({"property": prop})


async def handle_delete(request: web.Request) -> web.Response:
    state = state_of(request)
    prop = _find(state, request.match_info["id"])
    state.store.delete("contact_properties", prop["id"])
    return json_response({"success": True})


async def handle_option_usage(request: web.Request) -> web.Response:
    state = state_of(request)
    prop = _find(state, request.match_info["id"])
    usage: dict[str, int] = dict.fromkeys(prop.get("options") or [], 0)
    for contact in state.store.all("contacts"):
        properties: dict[str, Any] = contact.get("properties") or {}
        value = properties.get(prop["name"])
        if value is not None and str(value) in usage:
            usage[str(value)] += 1
    return json_response({"usage": usage})


def routes() -> list[web.RouteDef]:
    return [
        web.get("/contact-properties", handle_list),
        web.post("/contact-properties", handle_create),
        web.patch("/contact-properties/{id}", handle_update),
        web.delete("/contact-properties/{id}", handle_delete),
        web.get("/contact-properties/{id}/option-usage", handle_option_usage),
    ]

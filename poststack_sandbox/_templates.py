"""The ``/templates`` resource: CRUD, publish / unpublish / duplicate, and render.

Templates start unpublished; a send with ``template_id`` is refused with 422 "Template not
published" until published, then renders ``{{variable}}`` placeholders from the send's
``variables`` (see :mod:`._emails`). Editing a published template bumps its ``version``.
Presets come from a small fixed gallery of the sandbox's own.
"""

from __future__ import annotations

from typing import Any, cast

from aiohttp import web

from ._content import placeholders, render
from ._errors import ApiError, json_response
from ._http import (
    bool_param,
    choice,
    is_missing,
    optional_str,
    page_params,
    paginate,
    read_object,
    required_str,
    state_of,
)
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, new_public_id, now

__all__ = ["PRESETS", "routes"]

_BUILDERS = ("html", "visual")

# The sandbox's own small preset gallery (the service's presets are not public).
PRESETS: tuple[dict[str, Any], ...] = (
    {
        "id": "welcome",
        "name": "Welcome",
        "subject": "Welcome to {{product}}, {{name}}",
        "html": "<h1>Welcome, {{name}}!</h1><p>Thanks for joining {{product}}.</p>",
        "variables": ["name", "product"],
    },
    {
        "id": "password-reset",
        "name": "Password reset",
        "subject": "Reset your {{product}} password",
        "html": '<p>Hi {{name}},</p><p><a href="{{reset_url}}">Choose a new password</a>.</p>',
        "variables": ["name", "product", "reset_url"],
    },
    {
        "id": "receipt",
        "name": "Receipt",
        "subject": "Your receipt {{receipt_number}}",
        "html": "<p>Thank you, {{name}}. You paid {{amount}}.</p>",
        "variables": ["name", "receipt_number", "amount"],
    },
)


def _find(state: SandboxState, public_id: str) -> Document:
    template = state.store.get_by_key("templates", public_id)
    if template is None:
        raise ApiError(404, f"Template {public_id} not found")
    return template


def _variables(payload: dict[str, Any]) -> list[str] | None:
    value = payload.get("variables")
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(v, str) for v in cast("list[object]", value)
    ):
        raise ApiError(400, "'variables' must be an array of strings")
    return cast("list[str]", value)


def _blocks(payload: dict[str, Any]) -> dict[str, Any] | None:
    value = payload.get("builder_blocks")
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(
        cast("dict[str, Any]", value).get("blocks"), list
    ):
        raise ApiError(400, "'builder_blocks' must be an object with a 'blocks' array")
    return cast("dict[str, Any]", value)


async def handle_create(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    name = required_str(payload, "name")
    subject = required_str(payload, "subject")
    html = required_str(payload, "html")
    text = optional_str(payload, "text", nullable=True)
    builder = choice(payload, "builder_type", _BUILDERS)
    moment = format_ts(now())
    template: Document = {
        "id": 0,
        "publicId": new_public_id("tpl"),
        "name": name,
        "subject": subject,
        "htmlBody": html,
        "textBody": None if is_missing(text) else text,
        "variables": _variables(payload) or placeholders(subject, html, None),
        "builderType": "html" if is_missing(builder) else builder,
        "builderBlocks": _blocks(payload),
        "published": False,
        "version": 1,
        "createdAt": moment,
        "updatedAt": moment,
    }
    state.store.insert("templates", template, key=template["publicId"])
    return json_response({"template": template}, status=201)


async def handle_list(request: web.Request) -> web.Response:
    state = state_of(request)
    page, per_page = page_params(request)
    search = (request.query.get("search") or "").lower()
    published = bool_param(request, "published")
    items = [
        t
        for t in reversed(state.store.all("templates"))
        if (not search or search in t["name"].lower() or search in t["subject"].lower())
        and (published is None or t["published"] == published)
    ]
    return json_response(paginate(items, page, per_page))


async def handle_get(request: web.Request) -> web.Response:
    return json_response({"template": _find(state_of(request), request.match_info["id"])})


async def handle_update(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    changes: dict[str, Any] = {}
    for wire, key in (("name", "name"), ("subject", "subject"), ("html", "htmlBody")):
        if wire in payload:
            changes[key] = required_str(payload, wire)
    text = optional_str(payload, "text", nullable=True)
    if not is_missing(text):
        changes["textBody"] = text
    builder = choice(payload, "builder_type", _BUILDERS)
    if not is_missing(builder):
        changes["builderType"] = builder
    if "variables" in payload:
        changes["variables"] = _variables(payload)
    if "builder_blocks" in payload:
        changes["builderBlocks"] = _blocks(payload)
    with state.store.transaction():
        template = _find(state, request.match_info["id"])
        template.update(changes)
        if template["published"] and changes:
            template["version"] += 1
        template["updatedAt"] = format_ts(now())
        state.store.update("templates", template)
    return json_response({"template": template})


async def handle_delete(request: web.Request) -> web.Response:
    state = state_of(request)
    template = _find(state, request.match_info["id"])
    state.store.delete("templates", template["id"])
    return json_response({"success": True})


def _set_published(published: bool) -> Any:
    async def handler(request: web.Request) -> web.Response:
        state = state_of(request)
        with state.store.transaction():
            template = _find(state, request.match_info["id"])
            template["published"] = published
            template["updatedAt"] = format_ts(now())
            state.store.update("templates", template)
        return json_response({"template": template})

    return handler


async def handle_duplicate(request: web.Request) -> web.Response:
    state = state_of(request)
    original = _find(state, request.match_info["id"])
    moment = format_ts(now())
    copy: Document = {
        **original,
        "id": 0,
        "publicId": new_public_id("tpl"),
        "name": f"{original['name']} (copy)",
        "published": False,
        "version": 1,
        "createdAt": moment,
        "updatedAt": moment,
    }
    state.store.insert("templates", copy, key=str(copy["publicId"]))
    return json_response({"template": copy}, status=201)


async def handle_render(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request, optional=True)
    variables: object = payload.get("variables") or {}
    if not isinstance(variables, dict):
        raise ApiError(400, "'variables' must be an object")
    values = cast("dict[str, Any]", variables)
    template = _find(state, request.match_info["id"])
    used = placeholders(template["subject"], template["htmlBody"], template["textBody"])
    return json_response(
        {
            "subject": render(template["subject"], values),
            "html": render(template["htmlBody"], values),
            "text": render(template["textBody"], values),
            "missing_variables": [name for name in used if name not in values],
            "template_variables": used,
        }
    )


async def handle_presets(request: web.Request) -> web.Response:
    return json_response({"data": list(PRESETS)})


async def handle_use_preset(request: web.Request) -> web.Response:
    state = state_of(request)
    preset_id = request.match_info["preset"]
    preset = next((p for p in PRESETS if p["id"] == preset_id), None)
    if preset is None:
        raise ApiError(404, f"Preset {preset_id} not found")
    moment = format_ts(now())
    template: Document = {
        "id": 0,
        "publicId": new_public_id("tpl"),
        "name": preset["name"],
        "subject": preset["subject"],
        "htmlBody": preset["html"],
        "textBody": None,
        "variables": list(preset["variables"]),
        "builderType": "html",
        "builderBlocks": None,
        "published": False,
        "version": 1,
        "createdAt": moment,
        "updatedAt": moment,
    }
    state.store.insert("templates", template, key=template["publicId"])
    return json_response({"template": template}, status=201)


def routes() -> list[web.RouteDef]:
    return [
        web.get("/templates/presets", handle_presets),
        web.post("/templates/presets/{preset}/use", handle_use_preset),
        web.post("/templates", handle_create),
        web.get("/templates", handle_list),
        web.get("/templates/{id}", handle_get),
        web.patch("/templates/{id}", handle_update),
        web.delete("/templates/{id}", handle_delete),
        web.post("/templates/{id}/publish", _set_published(True)),
        web.post("/templates/{id}/unpublish", _set_published(False)),
        web.post("/templates/{id}/duplicate", handle_duplicate),
        web.post("/templates/{id}/render", handle_render),
    ]

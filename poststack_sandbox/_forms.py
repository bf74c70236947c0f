"""``/signup-forms``: hosted subscription forms, and their public, key-less ``submit``.

A submission creates the contact (or updates the names and properties of an existing one),
adds it to the form's (manual) segment, subscribes it to the form's topic, and counts the
submission. Values for keys named after contact properties are coerced to the property's type
(422 when they cannot be); other unknown keys are ignored. ``submit`` needs no key and answers
CORS preflights, as on the service. A form that is not ``active`` refuses submissions (422, the
sandbox's choice).
"""

from __future__ import annotations

from typing import Any, cast

from aiohttp import web

from ._errors import ApiError, json_response
from ._events import contact_data, emit
from ._http import page_params, paginate, read_object, required_str, state_of
from ._properties import coerce
from ._segments import find_segment
from ._state import SandboxState
from ._store import Document
from ._topics import find_topic
from ._util import format_ts, new_public_id, now, parse_address

__all__ = ["CORS", "routes"]

FIELD_TYPES = ("email", "text", "select")
DEFAULT_MESSAGE = "Thanks for subscribing!"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "600",
}


def _find(state: SandboxState, public_id: str) -> Document:
    form = state.store.get_by_key("signup_forms", public_id)
    if form is None:
        raise ApiError(404, f"Signup form {public_id} not found")
    return form


def _fields(value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not 1 <= len(cast("list[object]", value)) <= 10:
        raise ApiError(400, "'fields' is required (1 to 10 fields)")
    fields: list[dict[str, Any]] = []
    for index, raw in enumerate(cast("list[object]", value)):
        where = f"fields[{index}]"
        if not isinstance(raw, dict):
            raise ApiError(400, f"'{where}' must be an object")
        field = cast("dict[str, Any]", raw)
        for name in ("name", "label"):
            if not isinstance(field.get(name), str) or not field[name]:
                raise ApiError(400, f"'{where}.{name}' is required (a string)")
        if field.get("type") not in FIELD_TYPES:
            raise ApiError(400, f"'{where}.type' must be one of {', '.join(FIELD_TYPES)}")
        if not isinstance(field.get("required"), bool):
            raise ApiError(400, f"'{where}.required' is required (a boolean)")
        options = field.get("options")
        if field["type"] == "select" and (not isinstance(options, list) or not options):
            raise ApiError(400, f"'{where}.options' is required for a select field")
        entry = {k: field[k] for k in ("name", "type", "label", "required")}
        for optional in ("placeholder", "options"):
            if field.get(optional) is not None:
                entry[optional] = field[optional]
        fields.append(entry)
    if not any(f["type"] == "email" for f in fields):
        raise ApiError(400, "'fields' must include a field of type email")
    return fields


def _nullable_id(payload: dict[str, Any], name: str, prefix: str) -> str | None:
    value = payload.get(name)
    if value is not None and (not isinstance(value, str) or not value.startswith(prefix)):
        raise ApiError(400, f"'{name}' must be a {prefix}… id or null")
    return value


def _apply(state: SandboxState, form: Document, payload: dict[str, Any]) -> None:
    if "name" in payload:
        form["name"] = required_str(payload, "name")
    if "fields" in payload:
        form["fields"] = _fields(payload["fields"])
    if "segment_id" in payload:
        segment_id = _nullable_id(payload, "segment_id", "seg_")
        form["segmentId"] = find_segment(state, segment_id)["id"] if segment_id else None
    if "topic_id" in payload:
        topic_id = _nullable_id(payload, "topic_id", "top_")
        form["topicId"] = find_topic(state, topic_id)["id"] if topic_id else None
    for wire, key in (("success_message", "successMessage"), ("redirect_url", "redirectUrl")):
        if wire in payload:
            value = payload[wire]
            if value is not None and not isinstance(value, str):
                raise ApiError(400, f"'{wire}' must be a string or null")
            form[key] = value
    if "active" in payload:
        if not isinstance(payload["active"], bool):
            raise ApiError(400, "'active' must be a boolean")
        form["active"] = payload["active"]


async def handle_list(request: web.Request) -> web.Response:
    page, per_page = page_params(request)
    return json_response(paginate(state_of(request).store.all("signup_forms"), page, per_page))


async def handle_create(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    if "fields" not in payload:
        raise ApiError(400, "'fields' is required (1 to 10 fields)")
    moment = format_ts(now())
    public_id = new_public_id("sf")
    form: Document = {
        "id": 0,
        "publicId": public_id,
        "name": required_str(payload, "name"),
        "segmentId": None,
        "topicId": None,
        "fields": [],
        "successMessage": None,
        "redirectUrl": None,
        "active": True,
        "submissionCount": 0,
        "createdAt": moment,
        "updatedAt": moment,
    }
    _apply(state, form, payload)
    state.store.insert("signup_forms", form, key=public_id)
    return json_response({"signupForm": form}, status=201)


async def handle_get(request: web.Request) -> web.Response:
    return json_response({"signupForm": _find(state_of(request), request.match_info["id"])})


async def handle_update(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    with state.store.transaction():
        form = _find(state, request.match_info["id"])
        _apply(state, form, payload)
        form["updatedAt"] = format_ts(now())
        state.store.update("signup_forms", form)
    return json_response({"signupForm": form})


async def handle_delete(request: web.Request) -> web.Response:
    state = state_of(request)
    form = _find(state, request.match_info["id"])
    state.store.delete("signup_forms", form["id"])
    return json_response({"success": True})


async def handle_preflight(request: web.Request) -> web.Response:
    return web.Response(status=204, headers=CORS)


def _submit(state: SandboxState, form: Document, payload: dict[str, Any]) -> Document:
    if not form["active"]:
        raise ApiError(422, f"Signup form {form['publicId']} is not active")
    email = payload.get("email")
    parsed = parse_address(email) if isinstance(email, str) else None
    if parsed is None or parsed[0] is not None:
        raise ApiError(400, "'email' is required (an email address)")
    address = parsed[1].lower()
    for field in form["fields"]:
        value = payload.get(field["name"])
        if field["required"] and (value is None or value == ""):
            raise ApiError(400, f"'{field['name']}' is required")
    properties: dict[str, Any] = {}
    for prop in state.store.all("contact_properties"):
        if prop["name"] in payload and payload[prop["name"]] is not None:
            try:
                properties[prop["name"]] = coerce(prop, payload[prop["name"]])
            except (ValueError, TypeError) as exc:
                raise ApiError(
                    422, f"'{prop['name']}' is not a valid {prop['type']}: {exc}"
                ) from None
    names = {k: payload.get(k) for k in ("first_name", "last_name")}
    for name, value in names.items():
        if value is not None and not isinstance(value, str):
            raise ApiError(400, f"'{name}' must be a string")
    moment = format_ts(now())
    with state.store.transaction():
        contact = state.store.get_by_key("contacts", address)
        created = contact is None
        if contact is None:
            contact = state.store.insert(
                "contacts",
                {
                    "id": 0,
                    "publicId": new_public_id("con"),
                    "email": address,
                    "firstName": names["first_name"],
                    "lastName": names["last_name"],
                    "unsubscribed": False,
                    "properties": properties,
                    "engagementSegment": "active",
                    "lastEngagedAt": None,
                    "createdAt": moment,
                    "updatedAt": moment,
                },
                key=address,
            )
        else:
            contact["firstName"] = names["first_name"] or contact["firstName"]
            contact["lastName"] = names["last_name"] or contact["lastName"]
            contact["properties"] = {**contact["properties"], **properties}
            contact["updatedAt"] = moment
            state.store.update("contacts", contact)
        if form["segmentId"]:
            segment = state.store.get("segments", form["segmentId"])
            if segment is not None and segment["rules"] is None:
                segment["_members"].setdefault(contact["publicId"], moment)
                state.store.update("segments", segment)
        topic = state.store.get("topics", form["topicId"]) if form["topicId"] else None
        if topic is not None:
            key = f"{topic['id']}:{contact['id']}"
            row = state.store.get_by_key("subscriptions", key)
            if row is None:
                state.store.insert(
                    "subscriptions",
                    {
                        "id": 0,
                        "topicId": topic["id"],
                        "contactId": contact["id"],
                        "subscribed": True,
                        "updatedAt": moment,
                    },
                    key=key,
                )
            else:
                row.update(subscribed=True, updatedAt=moment)
                state.store.update("subscriptions", row)
        form["submissionCount"] += 1
        state.store.update("signup_forms", form)
    emit(state, "contact.created" if created else "contact.updated", contact_data(contact))
    if topic is not None:
        emit(state, "contact.subscribed", {**contact_data(contact), "topic_id": topic["publicId"]})
    return contact


async def handle_submit(request: web.Request) -> web.Response:
    state = state_of(request)
    try:
        payload = await read_object(request)
        form = _find(state, request.match_info["id"])
        _submit(state, form, payload)
    except ApiError as error:
        error.headers.update(CORS)  # a browser must be able to read the refusal too
        raise
    answer: dict[str, Any] = {
        "success": True,
        "message": form["successMessage"] or DEFAULT_MESSAGE,
    }
    if form["redirectUrl"]:
        answer["redirect_url"] = form["redirectUrl"]
    return json_response(answer, headers=CORS)


def routes() -> list[web.RouteDef]:
    return [
        web.get("/signup-forms", handle_list),
        web.post("/signup-forms", handle_create),
        web.get("/signup-forms/{id}", handle_get),
        web.patch("/signup-forms/{id}", handle_update),
        web.delete("/signup-forms/{id}", handle_delete),
        web.post("/signup-forms/{id}/submit", handle_submit),
        web.options("/signup-forms/{id}/submit", handle_preflight),
    ]

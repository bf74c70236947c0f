"""The ``/contacts`` resource: CRUD, lookup by email, unsubscribe, JSON import and CSV export.

Contacts are stored under their lower-cased email (unique, 409 on a duplicate) and found by
``con_…`` public id by a scan, which is fine at sandbox sizes. Import skips existing addresses
rather than updating them, as the service does.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, cast

from aiohttp import web

from ._errors import ApiError, json_response
from ._events import contact_data, emit
from ._http import (
    bool_param,
    is_missing,
    optional_bool,
    optional_str,
    page_params,
    paginate,
    read_object,
    required_str,
    state_of,
)
from ._segments import segment_contacts
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, new_public_id, now, parse_address

__all__ = ["routes"]

_SEGMENTS = ("active", "at_risk", "dormant")
_MAX_IMPORT = 10_000


def _address(value: str, where: str = "email") -> str:
    parsed = parse_address(value)
    if parsed is None or parsed[0] is not None:
        raise ApiError(400, f"'{where}' is not a valid email address: {value!r}")
    return parsed[1].lower()


def _properties(payload: dict[str, Any], name: str = "properties") -> dict[str, Any] | None:
    value = payload.get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ApiError(400, f"'{name}' must be an object")
    return cast("dict[str, Any]", value)


def _new_contact(
    email: str,
    first_name: str | None,
    last_name: str | None,
    unsubscribed: bool,
    properties: dict[str, Any] | None,
) -> Document:
    moment = format_ts(now())
    return {
        "id": 0,
        "publicId": new_public_id("con"),
        "email": email,
        "firstName": first_name,
        "lastName": last_name,
        "unsubscribed": unsubscribed,
        "properties": properties or {},
        "engagementSegment": "active",
        "lastEngagedAt": None,
        "createdAt": moment,
        "updatedAt": moment,
    }


def _find(state: SandboxState, public_id: str) -> Document:
    for contact in state.store.all("contacts"):
        if contact["publicId"] == public_id:
            return contact
    raise ApiError(404, f"Contact {public_id} not found")


def _name(payload: dict[str, Any], name: str) -> str | None:
    value = optional_str(payload, name, nullable=True)
    return None if is_missing(value) else cast("str | None", value)


async def handle_create(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    email = _address(required_str(payload, "email"))
    unsubscribed = optional_bool(payload, "unsubscribed")
    contact = _new_contact(
        email,
        _name(payload, "first_name"),
        _name(payload, "last_name"),
        False if is_missing(unsubscribed) else bool(unsubscribed),
        _properties(payload),
    )
    with state.store.transaction():
        if state.store.get_by_key("contacts", email) is not None:
            raise ApiError(409, f"Contact already exists: {email}", "conflict")
        state.store.insert("contacts", contact, key=email)
    emit(state, "contact.created", contact_data(contact))
    return json_response({"contact": contact}, status=201)


async def handle_list(request: web.Request) -> web.Response:
    state = state_of(request)
    page, per_page = page_params(request)
    search = (request.query.get("search") or "").lower()
    segment = request.query.get("engagement_segment")
    if segment and segment not in _SEGMENTS:
        raise ApiError(400, f"Query parameter 'engagement_segment' must be one of {_SEGMENTS}")
    unsubscribed = bool_param(request, "unsubscribed")
    segment_id = request.query.get("segment_id")
    in_segment: set[str] | None = None
    if segment_id:
        found = state.store.get_by_key("segments", segment_id)
        # An unknown segment id is ignored, as by the service.
        if found is not None:
            in_segment = {c["publicId"] for c in segment_contacts(state, found)}

    def wanted(contact: Document) -> bool:
        haystack = " ".join(
            str(contact[k] or "") for k in ("email", "firstName", "lastName")
        ).lower()
        return (
            (not search or search in haystack)
            and (not segment or contact["engagementSegment"] == segment)
            and (unsubscribed is None or contact["unsubscribed"] == unsubscribed)
            and (in_segment is None or contact["publicId"] in in_segment)
        )

    items = [c for c in reversed(state.store.all("contacts")) if wanted(c)]
    return json_response(paginate(items, page, per_page))


async def handle_get(request: web.Request) -> web.Response:
    return json_response({"contact": _find(state_of(request), request.match_info["id"])})


async def handle_by_email(request: web.Request) -> web.Response:
    email = request.match_info["email"].strip().lower()
    contact = state_of(request).store.get_by_key("contacts", email)
    if contact is None:
        raise ApiError(404, f"Contact with email {email} not found")
    return json_response({"contact": contact})


async def handle_update(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    changes: dict[str, Any] = {}
    for wire, key in (("first_name", "firstName"), ("last_name", "lastName")):
        value = optional_str(payload, wire, nullable=True)
        if not is_missing(value):
            changes[key] = value
    unsubscribed = optional_bool(payload, "unsubscribed")
    if not is_missing(unsubscribed):
        changes["unsubscribed"] = unsubscribed
    properties = _properties(payload)
    with state.store.transaction():
        contact = _find(state, request.match_info["id"])
        contact.update(changes)
        if properties is not None:
            # Partial: given keys replace, others stay.
            contact["properties"] = {**contact["properties"], **properties}
        contact["updatedAt"] = format_ts(now())
        state.store.update("contacts", contact)
    emit(state, "contact.updated", contact_data(contact))
    if changes.get("unsubscribed") is True:
        emit(state, "contact.unsubscribed", contact_data(contact))
    return json_response({"contact": contact})


async def handle_delete(request: web.Request) -> web.Response:
    state = state_of(request)
    contact = _find(state, request.match_info["id"])
    state.store.delete("contacts", contact["id"])
    emit(state, "contact.deleted", contact_data(contact))
    return json_response({"success": True})


async def handle_unsubscribe(request: web.Request) -> web.Response:
    state = state_of(request)
    with state.store.transaction():
        contact = _find(state, request.match_info["id"])
        contact["unsubscribed"] = True
        contact["updatedAt"] = format_ts(now())
        state.store.update("contacts", contact)
    emit(state, "contact.unsubscribed", contact_data(contact))
    return json_response({"contact": contact})


async def handle_import(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    rows = payload.get("contacts")
    if not isinstance(rows, list) or not rows:
        raise ApiError(400, "'contacts' is required (an array of 1 to 10000 contacts)")
    items = cast("list[object]", rows)
    if len(items) > _MAX_IMPORT:
        raise ApiError(400, f"'contacts' may hold at most {_MAX_IMPORT} rows, got {len(items)}")
    imported = skipped = 0
    errors: list[str] = []
    created: list[Document] = []
    with state.store.transaction():
        for index, row in enumerate(items):
            try:
                if not isinstance(row, dict):
                    raise ApiError(400, f"row {index} is not an object")
                entry = cast("dict[str, Any]", row)
                raw = entry.get("email")
                if not isinstance(raw, str):
                    raise ApiError(400, f"row {index}: email is required")
                email = _address(raw)
                if state.store.get_by_key("contacts", email) is not None:
                    skipped += 1
                    continue
                properties = _properties(entry)
                if properties is not None and any(
                    isinstance(v, str) and len(v) > 4096 for v in properties.values()
                ):
                    raise ApiError(400, f"{email}: property values are limited to 4096 chars")
                first, last = entry.get("first_name"), entry.get("last_name")
                contact = _new_contact(
                    email,
                    first if isinstance(first, str) else None,
                    last if isinstance(last, str) else None,
                    False,
                    properties,
                )
                state.store.insert("contacts", contact, key=email)
                created.append(contact)
                imported += 1
            except ApiError as error:
                if len(errors) < 100:
                    label = (
                        cast("dict[str, Any]", row).get("email") if isinstance(row, dict) else None
                    )
                    errors.append(
                        f"{label}: {error.message}" if isinstance(label, str) else error.message
                    )
    for contact in created:
        emit(state, "contact.created", contact_data(contact))
    return json_response({"imported": imported, "skipped": skipped, "errors": errors})


async def handle_export(request: web.Request) -> web.Response:
    state = state_of(request)
    segment_id = request.query.get("segment_id")
    contacts = state.store.all("contacts")
    if segment_id:
        segment = state.store.get_by_key("segments", segment_id)
        if segment is None:
            raise ApiError(404, f"Segment {segment_id} not found")
        contacts = segment_contacts(state, segment)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["id", "email", "first_name", "last_name", "unsubscribed", "properties", "created_at"]
    )
    for contact in contacts:
        writer.writerow(
            [
                contact["publicId"],
                contact["email"],
                contact["firstName"] or "",
                contact["lastName"] or "",
                "true" if contact["unsubscribed"] else "false",
                json.dumps(contact["properties"], separators=(",", ":"), sort_keys=True),
                contact["createdAt"],
            ]
        )
    return web.Response(
        text=buffer.getvalue(),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": 'attachment; filename="contacts.csv"'},
    )


def routes() -> list[web.RouteDef]:
    # Fixed paths first: /contacts/export must not be taken for a contact id.
    return [
        web.post("/contacts/import", handle_import),
        web.get("/contacts/export", handle_export),
        web.get("/contacts/by-email/{email}", handle_by_email),
        web.post("/contacts", handle_create),
        web.get("/contacts", handle_list),
        web.get("/contacts/{id}", handle_get),
        web.patch("/contacts/{id}", handle_update),
        web.delete("/contacts/{id}", handle_delete),
        web.post("/contacts/{id}/unsubscribe", handle_unsubscribe),
    ]

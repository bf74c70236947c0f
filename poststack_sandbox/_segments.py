"""The ``/segments`` resource and its rule engine.

A segment is *manual* (``rules: null``; members added and removed by hand) or *dynamic* (its
members are the contacts its rules match, computed on every read). Rules follow the reference
(section 4.4): ``{"operator": "and"|"or", "conditions": [1..50 of {field, comparator, value?,
windowDays?}]}`` with the 14 comparators and the fields ``email``, ``firstName``, ``lastName``,
``unsubscribed``, ``engagementSegment``, ``createdAt``, ``lastEngagedAt``, ``emailsOpened``,
``emailsClicked`` (behavioural: emails to the contact opened/clicked in the last ``windowDays``
days, default 30) and ``properties.<name>``.

Comparison rules where the reference is silent (the sandbox's): text comparisons ignore case;
numeric comparators compare numbers (a value that is not a number matches nothing); ``before``
/ ``after`` compare the field's date with a ``YYYY-MM-DD`` value; ``in_last_days`` takes a whole
number of days; ``is_set`` means present and not empty.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone
from typing import Any, cast

from aiohttp import web

from ._errors import ApiError, json_response
from ._http import int_param, page_params, paginate, read_object, required_str, state_of
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, new_public_id, now, parse_address, parse_iso8601

__all__ = [
    "COMPARATORS",
    "FIELDS",
    "check_rules",
    "find_segment",
    "matches",
    "routes",
    "segment_contacts",
]

COMPARATORS = (
    "equals",
    "not_equals",
    "contains",
    "starts_with",
    "ends_with",
    "greater_than",
    "less_than",
    "greater_than_or_equal",
    "less_than_or_equal",
    "before",
    "after",
    "in_last_days",
    "is_set",
    "is_not_set",
)
FIELDS = (
    "email",
    "firstName",
    "lastName",
    "unsubscribed",
    "engagementSegment",
    "createdAt",
    "lastEngagedAt",
    "emailsOpened",
    "emailsClicked",
)
_BEHAVIOURAL = {"emailsOpened": "opened", "emailsClicked": "clicked"}
_NUMERIC = ("greater_than", "less_than", "greater_than_or_equal", "less_than_or_equal")
_NO_VALUE = ("is_set", "is_not_set")
_MAX_CONDITIONS = 50
_MAX_VALUE = 500
UTC = timezone.utc


def check_rules(value: object, where: str = "rules") -> dict[str, Any]:
    """Validate a rules object; 400 ``invalid_request`` naming the first fault."""
    if not isinstance(value, dict):
        raise ApiError(400, f"'{where}' must be an object with 'operator' and 'conditions'")
    rules = cast("dict[str, Any]", value)
    operator = rules.get("operator", "and")
    if operator not in ("and", "or"):
        raise ApiError(400, f"'{where}.operator' must be 'and' or 'or'")
    conditions = rules.get("conditions")
    if not isinstance(conditions, list) or not 1 <= len(cast("list[object]", conditions)) <= 50:
        raise ApiError(
            400, f"'{where}.conditions' must be an array of 1 to {_MAX_CONDITIONS} conditions"
        )
    checked: list[dict[str, Any]] = []
    for index, raw in enumerate(cast("list[object]", conditions)):
        name = f"{where}.conditions[{index}]"
        if not isinstance(raw, dict):
            raise ApiError(400, f"'{name}' must be an object")
        condition = cast("dict[str, Any]", raw)
        field = condition.get("field")
        if not isinstance(field, str) or not (
            field in FIELDS or (field.startswith("properties.") and len(field) > 11)
        ):
            raise ApiError(
                400, f"'{name}.field' must be one of {', '.join(FIELDS)} or properties.<name>"
            )
        comparator = condition.get("comparator")
        if comparator not in COMPARATORS:
            raise ApiError(400, f"'{name}.comparator' must be one of {', '.join(COMPARATORS)}")
        value_ = condition.get("value")
        if comparator not in _NO_VALUE:
            if not isinstance(value_, str) or not value_:
                raise ApiError(400, f"'{name}.value' is required (a string) for {comparator}")
            if len(value_) > _MAX_VALUE:
                raise ApiError(400, f"'{name}.value' may be at most {_MAX_VALUE} characters")
            if comparator in ("before", "after") and _day(value_) is None:
                raise ApiError(400, f"'{name}.value' must be a date (YYYY-MM-DD) for {comparator}")
            if comparator == "in_last_days" and not value_.isdigit():
                raise ApiError(400, f"'{name}.value' must be a whole number of days")
        window = condition.get("windowDays")
        if window is not None:
            if field not in _BEHAVIOURAL:
                raise ApiError(400, f"'{name}.windowDays' applies to emailsOpened/emailsClicked")
            if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= 365:
                raise ApiError(400, f"'{name}.windowDays' must be an integer from 1 to 365")
        entry: dict[str, Any] = {"field": field, "comparator": comparator}
        if comparator not in _NO_VALUE:
            entry["value"] = value_
        if field in _BEHAVIOURAL:
            entry["windowDays"] = window if window is not None else 30
        checked.append(entry)
    return {"operator": operator, "conditions": checked}


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    moment = parse_iso8601(value)
    if moment is not None:
        return moment
    day = _day(value)
    return None if day is None else datetime.combine(day, datetime.min.time(), tzinfo=UTC)


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            result = float(value)
        except ValueError:
            return None
        return result if math.isfinite(result) else None
    return None


def _engagement(emails: list[Document], address: str, event_type: str, days: int) -> int:
    since = now() - timedelta(days=days)
    count = 0
    for email in emails:
        recipients = [(parse_address(r) or (None, r))[1].lower() for r in email["toAddresses"]]
        if address.lower() not in recipients:
            continue
        for event in email["events"]:
            moment = parse_iso8601(event["createdAt"])
            if event["eventType"] == event_type and moment is not None and moment >= since:
                count += 1
                break
    return count


def _field_value(contact: Document, field: str, emails: list[Document], window: int) -> object:
    if field in _BEHAVIOURAL:
        return _engagement(emails, contact["email"], _BEHAVIOURAL[field], window)
    if field.startswith("properties."):
        properties: dict[str, Any] = contact.get("properties") or {}
        return properties.get(field[len("properties.") :])
    return contact.get(field)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _condition(contact: Document, condition: dict[str, Any], emails: list[Document]) -> bool:
    comparator: str = condition["comparator"]
    actual = _field_value(contact, condition["field"], emails, condition.get("windowDays", 30))
    wanted: str = condition.get("value", "")
    if comparator == "is_set":
        return actual is not None and actual != ""
    if comparator == "is_not_set":
        return actual is None or actual == ""
    if comparator in _NUMERIC:
        left, right = _number(actual), _number(wanted)
        if left is None or right is None:
            return False
        return {
            "greater_than": left > right,
            "less_than": left < right,
            "greater_than_or_equal": left >= right,
            "less_than_or_equal": left <= right,
        }[comparator]
    if comparator in ("before", "after", "in_last_days"):
        moment = _moment(actual)
        if moment is None:
            return False
        if comparator == "in_last_days":
            return moment >= now() - timedelta(days=int(wanted))
        day = _day(wanted)
        assert day is not None
        return moment.date() < day if comparator == "before" else moment.date() > day
    text, value = _text(actual).lower(), wanted.lower()
    if comparator == "equals":
        return text == value
    if comparator == "not_equals":
        return text != value
    if comparator == "contains":
        return value in text
    if comparator == "starts_with":
        return text.startswith(value)
    return text.endswith(value)  # ends_with


def matches(contact: Document, rules: dict[str, Any], emails: list[Document]) -> bool:
    """Whether a contact satisfies validated rules."""
    results = (_condition(contact, c, emails) for c in rules["conditions"])
    return all(results) if rules["operator"] == "and" else any(results)


def segment_contacts(state: SandboxState, segment: Document) -> list[Document]:
    """The segment's members, oldest contact first."""
    contacts = state.store.all("contacts")
    rules = segment.get("rules")
    if rules is None:
        members: dict[str, str] = segment.get("_members") or {}
        return [c for c in contacts if c["publicId"] in members]
    emails = state.store.all("emails") if _uses_engagement(rules) else []
    return [c for c in contacts if matches(c, rules, emails)]


def _uses_engagement(rules: dict[str, Any]) -> bool:
    return any(c["field"] in _BEHAVIOURAL for c in rules["conditions"])


def find_segment(state: SandboxState, raw_id: str) -> Document:
    """A segment by ``seg_…`` public id (or numeric id, as broadcasts accept); 404 otherwise."""
    segment = state.store.get_by_key("segments", raw_id)
    if segment is None and raw_id.isdigit():
        segment = state.store.get("segments", int(raw_id))
    if segment is None:
        raise ApiError(404, f"Segment {raw_id} not found")
    return segment


def _public(state: SandboxState, segment: Document, *, with_contacts: bool = False) -> Document:
    members = segment_contacts(state, segment)
    doc = {k: v for k, v in segment.items() if not k.startswith("_")}
    doc["contactCount"] = len(members)
    if with_contacts:
        doc["contacts"] = members[:100]
    return doc


async def handle_create(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    name = required_str(payload, "name")
    rules = payload.get("rules")
    moment = format_ts(now())
    public_id = new_public_id("seg")
    segment = state.store.insert(
        "segments",
        {
            "id": 0,
            "publicId": public_id,
            "name": name,
            "rules": None if rules is None else check_rules(rules),
            "createdAt": moment,
            "updatedAt": moment,
            "_members": {},
        },
        key=public_id,
    )
    return json_response({"segment": _public(state, segment)}, status=201)


async def handle_list(request: web.Request) -> web.Response:
    state = state_of(request)
    return json_response({"segments": [_public(state, s) for s in state.store.all("segments")]})


async def handle_get(request: web.Request) -> web.Response:
    state = state_of(request)
    segment = find_segment(state, request.match_info["id"])
    return json_response({"segment": _public(state, segment, with_contacts=True)})


async def handle_update(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    with state.store.transaction():
        segment = find_segment(state, request.match_info["id"])
        if "name" in payload:
            segment["name"] = required_str(payload, "name")
        if "rules" in payload:
            if payload["rules"] is None:
                # Converted to manual: the current members stay, by hand from now on.
                if segment["rules"] is not None:
                    joined = format_ts(now())
                    segment["_members"] = {
                        c["publicId"]: joined for c in segment_contacts(state, segment)
                    }
                segment["rules"] = None
            else:
                segment["rules"] = check_rules(payload["rules"])
        segment["updatedAt"] = format_ts(now())
        state.store.update("segments", segment)
    return json_response({"segment": _public(state, segment)})


async def handle_delete(request: web.Request) -> web.Response:
    state = state_of(request)
    segment = find_segment(state, request.match_info["id"])
    state.store.delete("segments", segment["id"])
    return json_response({"success": True})


def _manual(segment: Document) -> None:
    if segment["rules"] is not None:
        # The reference does not say; the sandbox refuses (members come from the rules).
        raise ApiError(
            422, f"Segment {segment['publicId']} is rule-based; its members come from its rules"
        )


async def handle_add_contacts(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    ids = payload.get("contact_ids")
    if (
        not isinstance(ids, list)
        or not 1 <= len(cast("list[object]", ids)) <= 1000
        or not all(isinstance(i, str) for i in cast("list[object]", ids))
    ):
        raise ApiError(400, "'contact_ids' is required (an array of 1 to 1000 con_… ids)")
    known = {c["publicId"] for c in state.store.all("contacts")}
    with state.store.transaction():
        segment = find_segment(state, request.match_info["id"])
        _manual(segment)
        resolved = [i for i in cast("list[str]", ids) if i in known]
        if not resolved:
            raise ApiError(400, "None of 'contact_ids' is a known contact")
        members: dict[str, str] = segment["_members"]
        joined = format_ts(now())
        added = 0
        for contact_id in dict.fromkeys(resolved):
            if contact_id not in members:
                members[contact_id] = joined
                added += 1
        segment["updatedAt"] = joined
        state.store.update("segments", segment)
    return json_response({"added": added})


async def handle_remove_contact(request: web.Request) -> web.Response:
    state = state_of(request)
    contact_id = request.match_info["contact_id"]
    with state.store.transaction():
        segment = find_segment(state, request.match_info["id"])
        _manual(segment)
        members: dict[str, str] = segment["_members"]
        if members.pop(contact_id, None) is None:
            raise ApiError(404, f"Contact {contact_id} is not in segment {segment['publicId']}")
        removed: dict[str, str] = segment.setdefault("_removed", {})
        removed[contact_id] = format_ts(now())
        segment["updatedAt"] = format_ts(now())
        state.store.update("segments", segment)
    return json_response({"success": True})


async def handle_preview(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    rules = check_rules(payload.get("rules"))
    emails = state.store.all("emails") if _uses_engagement(rules) else []
    count = sum(1 for c in state.store.all("contacts") if matches(c, rules, emails))
    return json_response({"count": count})


async def handle_members(request: web.Request) -> web.Response:
    state = state_of(request)
    page, per_page = page_params(request, default_per_page=50)
    segment = find_segment(state, request.match_info["id"])
    return json_response(paginate(segment_contacts(state, segment), page, per_page))


async def handle_growth(request: web.Request) -> web.Response:
    state = state_of(request)
    days = int_param(request, "days", 30, 1, 365)
    segment = find_segment(state, request.match_info["id"])
    if segment["rules"] is not None:
        return json_response({"available": False, "daily": []})
    members_since: dict[str, str] = segment.get("_members") or {}
    joined = [parse_iso8601(v) for v in members_since.values()]
    today = now().date()
    daily: list[dict[str, Any]] = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        members = sum(1 for moment in joined if moment is not None and moment.date() <= day)
        daily.append({"date": day.isoformat(), "members": members})
    return json_response({"available": True, "daily": daily})


async def handle_broadcasts(request: web.Request) -> web.Response:
    state = state_of(request)
    segment = find_segment(state, request.match_info["id"])
    items = [
        {
            "id": b["id"],
            "publicId": b["publicId"],
            "subject": b["subject"],
            "status": b["status"],
            "sentAt": b["sentAt"],
            "createdAt": b["createdAt"],
        }
        for b in state.store.all("broadcasts")
        if b["segmentId"] == segment["id"]
    ]
    return json_response({"broadcasts": items})


def routes() -> list[web.RouteDef]:
    return [
        web.post("/segments/preview", handle_preview),
        web.post("/segments", handle_create),
        web.get("/segments", handle_list),
        web.get("/segments/{id}", handle_get),
        web.patch("/segments/{id}", handle_update),
        web.delete("/segments/{id}", handle_delete),
        web.post("/segments/{id}/contacts", handle_add_contacts),
        web.delete("/segments/{id}/contacts/{contact_id}", handle_remove_contact),
        web.get("/segments/{id}/members", handle_members),
        web.get("/segments/{id}/growth", handle_growth),
        web.get("/segments/{id}/broadcasts", handle_broadcasts),
    ]

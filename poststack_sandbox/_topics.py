"""The ``/subscription-topics`` resource: topics and contacts' opt-outs.

Topics are opt-out, as on the service: a contact with no subscription row for a topic is
subscribed; a row with ``subscribed: false`` is an explicit opt-out, which topic-scoped
broadcasts honour (:func:`opted_out`). Subscription rows are keyed ``<topic id>:<contact id>``.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ._errors import ApiError, json_response
from ._events import contact_data, emit
from ._http import bool_param, page_params, paginate, read_object, required_str, state_of
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, new_public_id, now

__all__ = ["find_topic", "opted_out", "routes"]


def find_topic(state: SandboxState, public_id: str) -> Document:
    topic = state.store.get_by_key("topics", public_id)
    if topic is None:
        raise ApiError(404, f"Topic {public_id} not found")
    return topic


def _find_contact(state: SandboxState, public_id: str) -> Document:
    for contact in state.store.all("contacts"):
        if contact["publicId"] == public_id:
            return contact
    raise ApiError(404, f"Contact {public_id} not found")


def _row(state: SandboxState, topic: Document, contact: Document) -> Document | None:
    return state.store.get_by_key("subscriptions", f"{topic['id']}:{contact['id']}")


def opted_out(state: SandboxState, topic: Document) -> set[int]:
    """Internal ids of the contacts that opted out of ``topic``."""
    return {
        row["contactId"]
        for row in state.store.all("subscriptions")
        if row["topicId"] == topic["id"] and not row["subscribed"]
    }


def _description(payload: dict[str, Any]) -> str | None:
    value = payload.get("description")
    if value is not None and not isinstance(value, str):
        raise ApiError(400, "'description' must be a string or null")
    return value


def _topic_public(topic: Document) -> Document:
    return {k: v for k, v in topic.items() if not k.startswith("_")}


async def handle_list(request: web.Request) -> web.Response:
    topics = [_topic_public(t) for t in state_of(request).store.all("topics")]
    return json_response({"topics": topics})


async def handle_create(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    public_id = new_public_id("top")
    topic = state.store.insert(
        "topics",
        {
            "id": 0,
            "publicId": public_id,
            "name": required_str(payload, "name"),
            "description": _description(payload),
            "createdAt": format_ts(now()),
        },
        key=public_id,
    )
    return json_response({"topic": topic}, status=201)


async def handle_get(request: web.Request) -> web.Response:
    state = state_of(request)
    topic = find_topic(state, request.match_info["id"])
    out = opted_out(state, topic)
    contacts = state.store.all("contacts")
    return json_response(
        {
            "topic": topic,
            "subscriberCount": sum(1 for c in contacts if c["id"] not in out),
            "unsubscribedCount": sum(1 for c in contacts if c["id"] in out),
        }
    )


async def handle_update(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    with state.store.transaction():
        topic = find_topic(state, request.match_info["id"])
        if "name" in payload:
            topic["name"] = required_str(payload, "name")
        if "description" in payload:
            topic["description"] = _description(payload)
        state.store.update("topics", topic)
    return json_response({"topic": topic})


async def handle_delete(request: web.Request) -> web.Response:
    state = state_of(request)
    with state.store.transaction():
        topic = find_topic(state, request.match_info["id"])
        state.store.delete("topics", topic["id"])
        for row in state.store.all("subscriptions"):
            if row["topicId"] == topic["id"]:
                state.store.delete("subscriptions", row["id"])
    return json_response({"success": True})


async def handle_subscribers(request: web.Request) -> web.Response:
    state = state_of(request)
    page, per_page = page_params(request, default_per_page=50)
    subscribed = bool_param(request, "subscribed")
    wanted = True if subscribed is None else subscribed
    topic = find_topic(state, request.match_info["id"])
    rows = {
        r["contactId"]: r for r in state.store.all("subscriptions") if r["topicId"] == topic["id"]
    }
    items: list[dict[str, Any]] = []
    for contact in state.store.all("contacts"):
        row = rows.get(contact["id"])
        is_subscribed = row is None or row["subscribed"]
        if is_subscribed != wanted:
            continue
        items.append(
            {
                "contactId": contact["id"],
                "contactPublicId": contact["publicId"],
                "email": contact["email"],
                "firstName": contact["firstName"],
                "lastName": contact["lastName"],
                "subscribedAt": row["updatedAt"] if row is not None else contact["createdAt"],
            }
        )
    return json_response(paginate(items, page, per_page))


def _subscription(row: Document, topic: Document | None) -> Document:
    result = {k: v for k, v in row.items() if not k.startswith("_")}
    if topic is not None:
        result["topic"] = topic
    return result


async def handle_contact_subscriptions(request: web.Request) -> web.Response:
    state = state_of(request)
    contact = _find_contact(state, request.match_info["contact_id"])
    topics = {t["id"]: t for t in state.store.all("topics")}
    rows = [r for r in state.store.all("subscriptions") if r["contactId"] == contact["id"]]
    return json_response(
        {"subscriptions": [_subscription(r, topics.get(r["topicId"])) for r in rows]}
    )


def _set(state: SandboxState, topic: Document, contact: Document, subscribed: bool) -> Document:
    with state.store.transaction():
        row = _row(state, topic, contact)
        if row is None:
            row = state.store.insert(
                "subscriptions",
                {
                    "id": 0,
                    "topicId": topic["id"],
                    "contactId": contact["id"],
                    "subscribed": subscribed,
                    "updatedAt": format_ts(now()),
                },
                key=f"{topic['id']}:{contact['id']}",
            )
        else:
            row.update(subscribed=subscribed, updatedAt=format_ts(now()))
            state.store.update("subscriptions", row)
    return row


async def handle_subscribe(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    topic_id = payload.get("topic_id")
    if not isinstance(topic_id, str) or not topic_id.startswith("top_"):
        raise ApiError(400, "'topic_id' is required (a top_… id; numeric ids are not accepted)")
    contact = _find_contact(state, request.match_info["contact_id"])
    topic = find_topic(state, topic_id)
    row = _set(state, topic, contact, True)
    emit(state, "contact.subscribed", {**contact_data(contact), "topic_id": topic["publicId"]})
    return json_response({"subscription": _subscription(row, topic)})


async def handle_unsubscribe(request: web.Request) -> web.Response:
    state = state_of(request)
    contact = _find_contact(state, request.match_info["contact_id"])
    topic = find_topic(state, request.match_info["topic_id"])
    row = _set(state, topic, contact, False)
    return json_response({"subscription": _subscription(row, topic)})


def routes() -> list[web.RouteDef]:
    # /subscription-topics/contacts/... first, so it is never taken for a topic id.
    return [
        web.get(
            "/subscription-topics/contacts/{contact_id}/subscriptions",
            handle_contact_subscriptions,
        ),
        web.post("/subscription-topics/contacts/{contact_id}/subscriptions", handle_subscribe),
        web.delete(
            "/subscription-topics/contacts/{contact_id}/subscriptions/{topic_id}",
            handle_unsubscribe,
        ),
        web.get("/subscription-topics", handle_list),
        web.post("/subscription-topics", handle_create),
        web.get("/subscription-topics/{id}", handle_get),
        web.patch("/subscription-topics/{id}", handle_update),
        web.delete("/subscription-topics/{id}", handle_delete),
        web.get("/subscription-topics/{id}/subscribers", handle_subscribers),
    ]

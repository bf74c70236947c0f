"""The ``/broadcasts`` resource: one message to a segment, sent through the normal send path.

Sending a draft fans out one email per member of its segment (skipping unsubscribed contacts,
contacts opted out of its topic, and suppressed addresses, as the send path does), each an
ordinary stored email marked with the broadcast, so its events (delivered, opened, clicked,
bounced…) drive the broadcast's counts, performance rows and A/B statistics. The sender's
domain must be verified, as for any send.

A/B tests (``ab_test``): the first ``test_sample_size`` percent of the recipients are split
between the variants by weight; the rest wait until ``POST /end-ab-test`` (or
``test_duration_minutes`` later), then get the winner: the best open rate, then click rate,
then the first variant. Counts come from real events, so tests decide the winner with
``simulate_event``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, cast

from aiohttp import web

from ._auth import Caller
from ._emails import check_sender, send_one
from ._errors import ApiError, json_response
from ._events import emit
from ._http import caller_of, int_param, page_params, paginate, read_object, state_of
from ._segments import find_segment, segment_contacts
from ._state import SandboxState
from ._store import Document
from ._topics import find_topic, opted_out
from ._util import format_ts, new_public_id, now, parse_address, parse_iso8601

__all__ = ["routes"]

STATUSES = ("draft", "queued", "sending", "sent", "cancelled")
_METRICS = ("open_rate", "click_rate", "delivered")


def _find(state: SandboxState, public_id: str) -> Document:
    broadcast = state.store.get_by_key("broadcasts", public_id)
    if broadcast is None:
        raise ApiError(404, f"Broadcast {public_id} not found")
    return broadcast


def _emails_of(state: SandboxState, broadcast: Document) -> list[Document]:
    return [e for e in state.store.all("emails") if e.get("_broadcastId") == broadcast["id"]]


def _has(email: Document, event_type: str) -> bool:
    return any(e["eventType"] == event_type for e in email["events"])


def _counts(emails: list[Document]) -> dict[str, int]:
    return {
        "recipients": len(emails),
        "delivered": sum(1 for e in emails if _has(e, "delivered")),
        "opened": sum(1 for e in emails if _has(e, "opened")),
        "clicked": sum(1 for e in emails if _has(e, "clicked")),
        "bounced": sum(1 for e in emails if _has(e, "bounced")),
    }


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _public(state: SandboxState, broadcast: Document) -> Document:
    counts = _counts(_emails_of(state, broadcast))
    doc = {k: v for k, v in broadcast.items() if not k.startswith("_")}
    doc.update(
        totalRecipients=counts["recipients"] + len(broadcast.get("_pending") or []),
        deliveredCount=counts["delivered"],
        openedCount=counts["opened"],
        clickedCount=counts["clicked"],
        bouncedCount=counts["bounced"],
    )
    return doc


def _row(state: SandboxState, broadcast: Document) -> dict[str, Any]:
    counts = _counts(_emails_of(state, broadcast))
    total = counts["recipients"] + len(broadcast.get("_pending") or [])
    return {
        "id": broadcast["publicId"],
        "subject": broadcast["subject"],
        "status": broadcast["status"],
        "sent_at": broadcast["sentAt"],
        "total_recipients": total,
        "delivered": counts["delivered"],
        "opened": counts["opened"],
        "clicked": counts["clicked"],
        "bounced": counts["bounced"],
        "open_rate": _rate(counts["opened"], counts["delivered"] or counts["recipients"]),
        "click_rate": _rate(counts["clicked"], counts["delivered"] or counts["recipients"]),
    }


def _str(payload: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    value = payload.get(name)
    if value is None:
        if required:
            raise ApiError(400, f"'{name}' is required (a string)")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ApiError(400, f"'{name}' must be a{' non-empty' if required else ''} string")
    return value


def _check_ab(value: object) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ApiError(400, "'ab_test' must be an object with 'variants'")
    ab = cast("dict[str, Any]", value)
    variants = ab.get("variants")
    if not isinstance(variants, list) or not 2 <= len(cast("list[object]", variants)) <= 5:
        raise ApiError(400, "'ab_test.variants' must hold 2 to 5 variants")
    checked: list[dict[str, Any]] = []
    for index, raw in enumerate(cast("list[object]", variants)):
        where = f"ab_test.variants[{index}]"
        if not isinstance(raw, dict):
            raise ApiError(400, f"'{where}' must be an object")
        variant = cast("dict[str, Any]", raw)
        for name in ("name", "subject"):
            if not isinstance(variant.get(name), str) or not variant[name].strip():
                raise ApiError(400, f"'{where}.{name}' is required (a non-empty string)")
        for name in ("html", "text"):
            if variant.get(name) is not None and not isinstance(variant[name], str):
                raise ApiError(400, f"'{where}.{name}' must be a string")
        weight = variant.get("weight")
        if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 100:
            raise ApiError(400, f"'{where}.weight' must be an integer from 1 to 100")
        checked.append(
            {
                "id": index + 1,
                "name": variant["name"],
                "subject": variant["subject"],
                "html": variant.get("html"),
                "text": variant.get("text"),
                "weight": weight,
            }
        )
    if sum(v["weight"] for v in checked) != 100:
        raise ApiError(400, "'ab_test.variants' weights must add up to 100")
    size = ab.get("test_sample_size", 20)
    if isinstance(size, bool) or not isinstance(size, int) or not 5 <= size <= 50:
        raise ApiError(400, "'ab_test.test_sample_size' must be an integer from 5 to 50")
    minutes = ab.get("test_duration_minutes", 120)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 30 <= minutes <= 1440:
        raise ApiError(400, "'ab_test.test_duration_minutes' must be an integer from 30 to 1440")
    return {"variants": checked, "test_sample_size": size, "test_duration_minutes": minutes}


def _apply(state: SandboxState, broadcast: Document, payload: dict[str, Any]) -> None:
    """Set the fields a create or update gives (validated)."""
    if "segment_id" in payload:
        raw = payload["segment_id"]
        if not isinstance(raw, str):
            raise ApiError(400, "'segment_id' must be a seg_… id")
        segment = find_segment(state, raw)
        broadcast.update(segmentId=segment["id"], segmentPublicId=segment["publicId"])
    if "topic_id" in payload:
        raw = payload["topic_id"]
        if raw is None:
            broadcast["topicPublicId"] = None
        elif isinstance(raw, str):
            broadcast["topicPublicId"] = find_topic(state, raw)["publicId"]
        else:
            raise ApiError(400, "'topic_id' must be a top_… id or null")
    if "from" in payload:
        sender = _str(payload, "from", required=True)
        if sender is None or parse_address(sender) is None:
            raise ApiError(400, f"'from' is not a valid address: {sender!r}")
        broadcast["from"] = sender
    if "subject" in payload:
        broadcast["subject"] = _str(payload, "subject", required=True)
    for wire, key in (("html", "html"), ("text", "text"), ("name", "name")):
        if wire in payload:
            broadcast[key] = _str(payload, wire)
    if "reply_to" in payload:
        reply_to = _str(payload, "reply_to")
        if reply_to is not None and parse_address(reply_to) is None:
            raise ApiError(400, f"'reply_to' is not a valid address: {reply_to!r}")
        broadcast["replyTo"] = reply_to
    if "scheduled_at" in payload:
        raw = payload["scheduled_at"]
        if raw is not None and (not isinstance(raw, str) or parse_iso8601(raw) is None):
            raise ApiError(400, "'scheduled_at' must be an ISO-8601 date-time or null")
        moment = parse_iso8601(raw) if isinstance(raw, str) else None
        broadcast["scheduledAt"] = format_ts(moment) if moment else None
    if "ab_test" in payload:
        broadcast["abTest"] = _check_ab(payload["ab_test"])


async def handle_create(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    for name in ("segment_id", "from", "subject"):
        if payload.get(name) is None:
            raise ApiError(400, f"'{name}' is required")
    moment = format_ts(now())
    public_id = new_public_id("bc")
    broadcast: Document = {
        "id": 0,
        "publicId": public_id,
        "name": None,
        "subject": "",
        "from": "",
        "html": None,
        "text": None,
        "replyTo": None,
        "status": "draft",
        "segmentId": None,
        "segmentPublicId": None,
        "topicPublicId": None,
        "abTest": None,
        "scheduledAt": None,
        "sentAt": None,
        "createdAt": moment,
        "updatedAt": moment,
        "_pending": [],
        "_winner": None,
    }
    _apply(state, broadcast, payload)
    if broadcast["abTest"] is None and not broadcast["html"] and not broadcast["text"]:
        raise ApiError(400, "one of 'html' or 'text' is required (or 'ab_test' variants)")
    state.store.insert("broadcasts", broadcast, key=public_id)
    return json_response({"broadcast": _public(state, broadcast)}, status=201)


async def handle_list(request: web.Request) -> web.Response:
    state = state_of(request)
    page, per_page = page_params(request)
    search = (request.query.get("search") or "").lower()
    status = request.query.get("status")
    if status and status not in STATUSES:
        raise ApiError(400, f"Query parameter 'status' must be one of {', '.join(STATUSES)}")
    items = [
        _public(state, b)
        for b in reversed(state.store.all("broadcasts"))
        if (not search or search in b["subject"].lower()) and (not status or b["status"] == status)
    ]
    return json_response(paginate(items, page, per_page))


async def handle_get(request: web.Request) -> web.Response:
    state = state_of(request)
    return json_response({"broadcast": _public(state, _find(state, request.match_info["id"]))})


async def handle_update(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    with state.store.transaction():
        broadcast = _find(state, request.match_info["id"])
        if broadcast["status"] != "draft":
            raise ApiError(
                422,
                f"Broadcast {broadcast['publicId']} is {broadcast['status']}; "
                "only a draft can be changed",
            )
        _apply(state, broadcast, payload)
        broadcast["updatedAt"] = format_ts(now())
        state.store.update("broadcasts", broadcast)
    return json_response({"broadcast": _public(state, broadcast)})


def _payload(broadcast: Document, address: str, variant: dict[str, Any] | None) -> dict[str, Any]:
    source = variant if variant is not None else broadcast
    payload: dict[str, Any] = {
        "from": broadcast["from"],
        "to": [address],
        "subject": source["subject"],
        "html": source.get("html") or broadcast.get("html"),
        "text": source.get("text") or broadcast.get("text"),
        "tags": [f"broadcast:{broadcast['publicId']}"],
        "unsubscribe": True,
    }
    if broadcast.get("replyTo"):
        payload["reply_to"] = broadcast["replyTo"]
    return {k: v for k, v in payload.items() if v is not None}


def _first_variant(broadcast: Document) -> dict[str, Any] | None:
    """The variant to use when the broadcast itself has no body (an A/B test's first)."""
    if broadcast.get("html") or broadcast.get("text") or not broadcast.get("abTest"):
        return None
    return cast("dict[str, Any]", broadcast["abTest"]["variants"][0])


def _recipients(state: SandboxState, broadcast: Document) -> list[Document]:
    segment = state.store.get("segments", broadcast["segmentId"])
    if segment is None:
        raise ApiError(422, f"The segment of broadcast {broadcast['publicId']} no longer exists")
    out: set[int] = set()
    if broadcast.get("topicPublicId"):
        topic = state.store.get_by_key("topics", broadcast["topicPublicId"])
        if topic is not None:
            out = opted_out(state, topic)
    return [
        c
        for c in segment_contacts(state, segment)
        if not c["unsubscribed"]
        and c["id"] not in out
        and state.store.get_by_key("suppressions", c["email"].lower()) is None
    ]


def _deliver(
    state: SandboxState,
    caller: Caller,
    broadcast: Document,
    contacts: list[Document],
    variant: dict[str, Any] | None,
) -> int:
    sent = 0
    for contact in contacts:
        extra = {
            "_broadcastId": broadcast["id"],
            "_variantId": variant["id"] if variant else None,
            "_contactId": contact["id"],
        }
        try:
            send_one(
                state,
                caller,
                _payload(broadcast, contact["email"], variant),
                header_key=None,
                extra=extra,
            )
        except ApiError:
            continue  # refused for this recipient (quota, suppression): not sent
        sent += 1
    return sent


def _split(contacts: list[Document], variants: list[dict[str, Any]]) -> list[list[Document]]:
    """Share ``contacts`` out by the variants' weights (largest remainder)."""
    total = len(contacts)
    exact = [total * v["weight"] / 100 for v in variants]
    counts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(variants)), key=lambda i: exact[i] - counts[i], reverse=True)
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    groups: list[list[Document]] = []
    start = 0
    for count in counts:
        groups.append(contacts[start : start + count])
        start += count
    return groups


def _launch(state: SandboxState, caller: Caller, broadcast_id: int) -> None:
    """Fan a broadcast out now (at send time, or when its schedule comes)."""
    state.jobs.pop(f"broadcast:{broadcast_id}", None)
    broadcast = state.store.get("broadcasts", broadcast_id)
    if broadcast is None or broadcast["status"] not in ("draft", "queued"):
        return
    contacts = _recipients(state, broadcast)
    broadcast.update(status="sending", sentAt=format_ts(now()))
    state.store.update("broadcasts", broadcast)
    ab = broadcast.get("abTest")
    if ab is None:
        _deliver(state, caller, broadcast, contacts, None)
        broadcast["status"] = "sent"
    else:
        sample = min(
            len(contacts),
            max(len(ab["variants"]), math.ceil(len(contacts) * ab["test_sample_size"] / 100)),
        )
        for variant, group in zip(
            ab["variants"], _split(contacts[:sample], ab["variants"]), strict=True
        ):
            _deliver(state, caller, broadcast, group, variant)
        broadcast["_pending"] = [c["id"] for c in contacts[sample:]]
        _arm(
            state,
            f"ab:{broadcast['id']}",
            ab["test_duration_minutes"] * 60.0,
            lambda: _end_test(state, caller, broadcast["id"]),
        )
    state.store.update("broadcasts", broadcast)
    emit(state, f"broadcast.{broadcast['status']}", {"broadcast_id": broadcast["publicId"]})


def _arm(state: SandboxState, name: str, delay: float, job: Callable[[], None]) -> None:
    old = state.jobs.pop(name, None)
    if old is not None:
        old.cancel()
    if state.loop is not None:
        state.jobs[name] = state.loop.call_later(max(0.0, delay), job)


def _variant_stats(state: SandboxState, broadcast: Document) -> list[dict[str, Any]]:
    ab = broadcast.get("abTest")
    assert ab is not None
    emails = _emails_of(state, broadcast)
    rows: list[dict[str, Any]] = []
    for variant in ab["variants"]:
        mine = [e for e in emails if e.get("_variantId") == variant["id"]]
        counts = _counts(mine)
        base = counts["delivered"] or counts["recipients"]
        rows.append(
            {
                **variant,
                "recipientCount": counts["recipients"],
                "deliveredCount": counts["delivered"],
                "openedCount": counts["opened"],
                "clickedCount": counts["clicked"],
                "bouncedCount": counts["bounced"],
                "openRate": _rate(counts["opened"], base),
                "clickRate": _rate(counts["clicked"], base),
            }
        )
    return rows


def _end_test(state: SandboxState, caller: Caller, broadcast_id: int) -> None:
    timer = state.jobs.pop(f"ab:{broadcast_id}", None)
    if timer is not None:
        timer.cancel()
    broadcast = state.store.get("broadcasts", broadcast_id)
    assert broadcast is not None
    if broadcast["_winner"] is not None:
        return
    stats = _variant_stats(state, broadcast)
    best = max(stats, key=lambda v: (v["openRate"], v["clickRate"], -v["id"]))
    winner = next(v for v in broadcast["abTest"]["variants"] if v["id"] == best["id"])
    pending = set(broadcast["_pending"])
    contacts = [c for c in state.store.all("contacts") if c["id"] in pending]
    broadcast.update(_winner=winner["id"], _pending=[], status="sent")
    state.store.update("broadcasts", broadcast)
    _deliver(state, caller, broadcast, contacts, winner)
    state.notify()


async def handle_send(request: web.Request) -> web.Response:
    state, caller = state_of(request), caller_of(request)
    broadcast = _find(state, request.match_info["id"])
    if broadcast["status"] != "draft":
        raise ApiError(
            422,
            f"Broadcast {broadcast['publicId']} is {broadcast['status']}; only a draft can be sent",
        )
    # The same sender rules as any send (a verified domain), checked before anything goes out.
    check_sender(state, caller, _payload(broadcast, "probe@example.com", _first_variant(broadcast)))
    scheduled = parse_iso8601(broadcast["scheduledAt"]) if broadcast["scheduledAt"] else None
    if scheduled is not None and scheduled > now():
        broadcast["status"] = "queued"
        state.store.update("broadcasts", broadcast)
        _arm(
            state,
            f"broadcast:{broadcast['id']}",
            (scheduled - now()).total_seconds(),
            lambda: _launch(state, caller, broadcast["id"]),
        )
    else:
        _launch(state, caller, broadcast["id"])
    return json_response({"success": True})


async def handle_cancel(request: web.Request) -> web.Response:
    state = state_of(request)
    with state.store.transaction():
        broadcast = _find(state, request.match_info["id"])
        if broadcast["status"] not in ("draft", "queued") and not broadcast.get("_pending"):
            raise ApiError(
                422,
                f"Broadcast {broadcast['publicId']} is {broadcast['status']} "
                "and cannot be cancelled",
            )
        broadcast.update(status="cancelled", _pending=[])
        state.store.update("broadcasts", broadcast)
    for name in (f"broadcast:{broadcast['id']}", f"ab:{broadcast['id']}"):
        timer = state.jobs.pop(name, None)
        if timer is not None:
            timer.cancel()
    return json_response({"success": True})


async def handle_test(request: web.Request) -> web.Response:
    state, caller = state_of(request), caller_of(request)
    payload = await read_object(request)
    address = payload.get("email")
    if not isinstance(address, str) or parse_address(address) is None:
        raise ApiError(400, "'email' is required (an email address)")
    broadcast = _find(state, request.match_info["id"])
    send_one(
        state,
        caller,
        _payload(broadcast, address, _first_variant(broadcast)),
        header_key=None,
        extra={"_broadcastTest": broadcast["id"]},
    )
    return json_response({"success": True})


def _responders(state: SandboxState, broadcast: Document, event_type: str) -> list[Document]:
    """Contacts the broadcast reached who never produced ``event_type``."""
    contact_ids = [
        e["_contactId"]
        for e in _emails_of(state, broadcast)
        if not _has(e, event_type) and e.get("_contactId") is not None
    ]
    contacts = {c["id"]: c for c in state.store.all("contacts")}
    return [contacts[i] for i in dict.fromkeys(contact_ids) if i in contacts]


def _non(event_type: str) -> Callable[[web.Request], Any]:
    async def handler(request: web.Request) -> web.Response:
        state = state_of(request)
        limit = int_param(request, "limit", 500, 1, 5000)
        broadcast = _find(state, request.match_info["id"])
        contacts = _responders(state, broadcast, event_type)
        return json_response(
            {
                "broadcast": {"id": broadcast["publicId"], "subject": broadcast["subject"]},
                "count": len(contacts),
                "contacts": [
                    {
                        "id": c["id"],
                        "email": c["email"],
                        "first_name": c["firstName"],
                        "last_name": c["lastName"],
                    }
                    for c in contacts[:limit]
                ],
            }
        )

    return handler


async def handle_resend(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request, optional=True)
    target = payload.get("target", "non_openers")
    if target not in ("non_openers", "non_clickers"):
        raise ApiError(400, "'target' must be non_openers or non_clickers")
    broadcast = _find(state, request.match_info["id"])
    subject = _str(payload, "subject") or f"Re: {broadcast['subject']}"
    event_type = "opened" if target == "non_openers" else "clicked"
    contacts = _responders(state, broadcast, event_type)
    moment = format_ts(now())
    segment_public = new_public_id("seg")
    label = "Non-openers" if target == "non_openers" else "Non-clickers"
    segment = state.store.insert(
        "segments",
        {
            "id": 0,
            "publicId": segment_public,
            "name": f"{label} of {broadcast['subject']}",
            "rules": None,
            "createdAt": moment,
            "updatedAt": moment,
            "_members": {c["publicId"]: moment for c in contacts},
        },
        key=segment_public,
    )
    public_id = new_public_id("bc")
    copy: Document = {
        **{k: v for k, v in broadcast.items() if k != "id"},
        "id": 0,
        "publicId": public_id,
        "subject": subject,
        "status": "draft",
        "segmentId": segment["id"],
        "segmentPublicId": segment_public,
        "abTest": None,
        "scheduledAt": None,
        "sentAt": None,
        "createdAt": moment,
        "updatedAt": moment,
        "_pending": [],
        "_winner": None,
    }
    if broadcast["abTest"] and not copy.get("html") and not copy.get("text"):
        first = broadcast["abTest"]["variants"][0]
        copy.update(html=first.get("html"), text=first.get("text"))
    state.store.insert("broadcasts", copy, key=public_id)
    return json_response(
        {
            "broadcast": {"id": public_id, "subject": subject, "status": "draft"},
            "segment": {"id": segment_public, "name": segment["name"]},
            "recipientCount": len(contacts),
        }
    )


def _ab(broadcast: Document) -> dict[str, Any]:
    ab = broadcast.get("abTest")
    if ab is None:
        raise ApiError(422, f"Broadcast {broadcast['publicId']} is not an A/B test")
    return cast("dict[str, Any]", ab)


async def handle_variants(request: web.Request) -> web.Response:
    state = state_of(request)
    broadcast = _find(state, request.match_info["id"])
    variants = _variant_stats(state, broadcast) if broadcast.get("abTest") else []
    return json_response({"variants": variants})


async def handle_variant_stats(request: web.Request) -> web.Response:
    state = state_of(request)
    broadcast = _find(state, request.match_info["id"])
    _ab(broadcast)
    return json_response(
        {"variants": _variant_stats(state, broadcast), "winnerVariantId": broadcast["_winner"]}
    )


async def handle_end_ab_test(request: web.Request) -> web.Response:
    state, caller = state_of(request), caller_of(request)
    broadcast = _find(state, request.match_info["id"])
    _ab(broadcast)
    if broadcast["status"] not in ("sending", "sent"):
        raise ApiError(422, f"Broadcast {broadcast['publicId']} has not been sent yet")
    _end_test(state, caller, broadcast["id"])
    return json_response({"success": True})


async def handle_performance(request: web.Request) -> web.Response:
    state = state_of(request)
    broadcast = _find(state, request.match_info["id"])
    in_progress = int(broadcast["status"] in ("queued", "sending"))
    row = {**_row(state, broadcast), "in_progress": in_progress}
    variants = _variant_stats(state, broadcast) if broadcast.get("abTest") else None
    return json_response({"broadcast": row, "variants": variants})


async def handle_list_performance(request: web.Request) -> web.Response:
    state = state_of(request)
    metric = request.query.get("metric", "click_rate")
    if metric not in _METRICS:
        raise ApiError(400, f"Query parameter 'metric' must be one of {', '.join(_METRICS)}")
    limit = int_param(request, "limit", 20, 1, 100)
    since_raw = request.query.get("since")
    since = parse_iso8601(since_raw) if since_raw else None
    if since_raw and since is None:
        raise ApiError(400, "Query parameter 'since' must be an ISO-8601 date-time")
    rows: list[dict[str, Any]] = []
    for broadcast in state.store.all("broadcasts"):
        sent_at = parse_iso8601(broadcast["sentAt"]) if broadcast["sentAt"] else None
        if sent_at is None or (since is not None and sent_at < since):
            continue
        rows.append(_row(state, broadcast))
    rows.sort(key=lambda r: r[metric], reverse=True)
    return json_response(
        {"metric": metric, "since": format_ts(since) if since else None, "broadcasts": rows[:limit]}
    )


def routes() -> list[web.RouteDef]:
    return [
        web.get("/broadcasts/performance", handle_list_performance),
        web.post("/broadcasts", handle_create),
        web.get("/broadcasts", handle_list),
        web.get("/broadcasts/{id}", handle_get),
        web.patch("/broadcasts/{id}", handle_update),
        web.post("/broadcasts/{id}/send", handle_send),
        web.post("/broadcasts/{id}/cancel", handle_cancel),
        web.post("/broadcasts/{id}/test", handle_test),
        web.post("/broadcasts/{id}/resend", handle_resend),
        web.get("/broadcasts/{id}/variants", handle_variants),
        web.get("/broadcasts/{id}/variant-stats", handle_variant_stats),
        web.post("/broadcasts/{id}/end-ab-test", handle_end_ab_test),
        web.get("/broadcasts/{id}/performance", handle_performance),
        web.get("/broadcasts/{id}/non-openers", _non("opened")),
        web.get("/broadcasts/{id}/non-clickers", _non("clicked")),
    ]

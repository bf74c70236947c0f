"""The ``/suppressions`` resource: list, add, remove.

A send drops suppressed recipients (to, cc and bcc) and is refused with 422 only when none remain
(see :mod:`._emails`). Suppressions are keyed by the lower-cased address.
"""

from __future__ import annotations

from aiohttp import web

from ._errors import ApiError, json_response
from ._http import choice, is_missing, page_params, paginate, read_object, required_str, state_of
from ._util import format_ts, now, parse_address

__all__ = ["REASONS", "routes"]

REASONS = ("hard_bounce", "complaint", "manual", "unsubscribe")


async def handle_list(request: web.Request) -> web.Response:
    page, per_page = page_params(request)
    items = list(reversed(state_of(request).store.all("suppressions")))
    return json_response(paginate(items, page, per_page))


async def handle_add(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    email = required_str(payload, "email")
    parsed = parse_address(email)
    if parsed is None or parsed[0] is not None:
        raise ApiError(400, f"'email' is not a valid email address: {email!r}")
    reason = choice(payload, "reason", REASONS)
    if is_missing(reason):
        raise ApiError(400, f"'reason' is required: one of {', '.join(REASONS)}")
    address = parsed[1].lower()
    with state.store.transaction():
        existing = state.store.get_by_key("suppressions", address)
        if existing is not None:
            existing["reason"] = reason
            state.store.update("suppressions", existing)
        else:
            state.store.insert(
                "suppressions",
                {"id": 0, "email": address, "reason": reason, "createdAt": format_ts(now())},
                key=address,
            )
    return json_response({"success": True})


async def handle_remove(request: web.Request) -> web.Response:
    state = state_of(request)
    address = request.match_info["email"].strip().lower()
    with state.store.transaction():
        existing = state.store.get_by_key("suppressions", address)
        if existing is None:
            raise ApiError(404, f"Suppression for {address} not found")
        state.store.delete("suppressions", existing["id"])
    return json_response({"success": True})


def routes() -> list[web.RouteDef]:
    return [
        web.get("/suppressions", handle_list),
        web.post("/suppressions", handle_add),
        web.delete("/suppressions/{email}", handle_remove),
    ]

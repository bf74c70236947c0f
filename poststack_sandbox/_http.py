"""Request/response plumbing shared by the resource handlers: JSON bodies, the caller,
pagination envelopes, query parsing. No resource logic lives here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any, cast

from aiohttp import web

from ._auth import Caller
from ._errors import ApiError
from ._state import STATE, SandboxState

__all__ = [
    "CALLER",
    "REQUEST_ID",
    "caller_of",
    "int_param",
    "page_params",
    "paginate",
    "read_object",
    "state_of",
]

# Per-request values travel in context variables rather than request storage: aiohttp handles a
# connection's requests one after another in one task, and its request storage wants typed keys
# that older aiohttp versions lack.
CALLER: ContextVar[Caller | None] = ContextVar("poststack_sandbox.caller", default=None)
REQUEST_ID: ContextVar[str | None] = ContextVar("poststack_sandbox.request_id", default=None)


def state_of(request: web.Request) -> SandboxState:
    return request.app[STATE]


def caller_of(request: web.Request) -> Caller:
    caller = CALLER.get()
    if caller is None:
        raise ApiError(401, "Missing API key: send 'Authorization: Bearer sk_…'")
    return caller


async def read_object(request: web.Request, *, optional: bool = False) -> dict[str, Any]:
    """The request's JSON body, which must be an object.

    ``optional`` accepts an empty body as ``{}`` (action endpoints that take no body).

    Raises:
        ApiError: 400 ``invalid_request`` for an empty, non-JSON or non-object body.
    """
    raw = await request.read()
    if not raw.strip():
        if optional:
            return {}
        raise ApiError(400, "Request body is required (a JSON object)")
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "Request body is not valid JSON") from None
    if not isinstance(value, dict):
        raise ApiError(400, "Request body must be a JSON object")
    return cast("dict[str, Any]", value)


def int_param(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within ``[low, high]``; 400 otherwise."""
    text = request.query.get(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise ApiError(400, f"Query parameter '{name}' must be an integer") from None
    if not low <= value <= high:
        raise ApiError(400, f"Query parameter '{name}' must be between {low} and {high}")
    return value


def page_params(request: web.Request, *, default_per_page: int = 20) -> tuple[int, int]:
    """``page`` (≥ 1) and ``per_page`` (1 to 100) from the query."""
    page = int_param(request, "page", 1, 1, 1_000_000)
    per_page = int_param(request, "per_page", default_per_page, 1, 100)
    return page, per_page


def paginate(
    items: Sequence[Any], page: int, per_page: int, *, meta_key: str = "meta"
) -> dict[str, Any]:
    """``{"data": [...], "meta": {"page", "perPage", "total", "totalPages"}}`` (envelope A)."""
    total = len(items)
    start = (page - 1) * per_page
    return {
        "data": list(items[start : start + per_page]),
        meta_key: {
            "page": page,
            "perPage": per_page,
            "total": total,
            "totalPages": math.ceil(total / per_page) if total else 0,
        },
    }

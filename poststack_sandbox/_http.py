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
    "bool_param",
    "choice",
    "is_missing",
    "optional_bool",
    "optional_str",
    "required_str",
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


# Field checks for request bodies. Each raises 400 invalid_request naming the field.

_MISSING: Any = object()


def required_str(payload: dict[str, Any], name: str) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f"'{name}' is required (a non-empty string)")
    return value.strip()


def optional_str(payload: dict[str, Any], name: str, *, nullable: bool = False) -> Any:
    """The string at ``name``, ``None`` when null is allowed, or a sentinel when absent
    (test with :func:`is_missing`)."""
    value = payload.get(name, _MISSING)
    if value is _MISSING or (value is None and nullable):
        return value
    if not isinstance(value, str):
        raise ApiError(400, f"'{name}' must be a string{' or null' if nullable else ''}")
    return value


def optional_bool(payload: dict[str, Any], name: str) -> Any:
    value = payload.get(name, _MISSING)
    if value is not _MISSING and not isinstance(value, bool):
        raise ApiError(400, f"'{name}' must be a boolean")
    return value


def choice(payload: dict[str, Any], name: str, allowed: Sequence[str]) -> Any:
    value = payload.get(name, _MISSING)
    if value is not _MISSING and value not in allowed:
        raise ApiError(400, f"'{name}' must be one of: {', '.join(allowed)}")
    return value


def is_missing(value: object) -> bool:
    return value is _MISSING


def bool_param(request: web.Request, name: str) -> bool | None:
    """A ``true``/``false`` query parameter, or ``None`` when absent."""
    text = request.query.get(name)
    if text is None or text == "":
        return None
    if text.lower() in ("true", "1"):
        return True
    if text.lower() in ("false", "0"):
        return False
    raise ApiError(400, f"Query parameter '{name}' must be true or false")

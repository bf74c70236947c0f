"""The API's error vocabulary: ``ApiError`` and the ``{"error", "code"}`` response it becomes.

Handlers raise :class:`ApiError`; one middleware in :mod:`._app` turns it into the JSON body the
reference (section 1.4) describes. Status codes and default codes live in one table here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from aiohttp import web

__all__ = ["DEFAULT_CODES", "ApiError", "error_response", "json_response"]

DEFAULT_CODES: Mapping[int, str] = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    413: "payload_too_large",
    422: "unprocessable_entity",
    429: "rate_limit_exceeded",
    500: "internal_error",
    501: "not_emulated",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


class ApiError(Exception):
    """An error the emulated API answers with; ``code`` defaults from the status."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code if code is not None else DEFAULT_CODES.get(status, "error")
        self.headers = dict(headers or {})


def json_response(
    payload: object, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    """A compact JSON response (``application/json; charset=utf-8``)."""
    return web.Response(
        body=json.dumps(payload, separators=(",", ":")).encode(),
        status=status,
        content_type="application/json",
        charset="utf-8",
        headers=dict(headers or {}),
    )


def error_response(error: ApiError) -> web.Response:
    """The wire form of an :class:`ApiError`."""
    return json_response(
        {"error": error.message, "code": error.code}, status=error.status, headers=error.headers
    )

"""Reading answers: a success body into a result, anything else into a `PostStackError`.

Rules of this module:

* A 2xx answer is a success (202 for sends included). Its body is read as the endpoint
  declares: JSON, text or bytes. A JSON body that cannot be parsed is a `PostStackError`
  with ``code="invalid_response"``: the call may have taken effect, so it is never retried.
* Any other answer becomes a `PostStackError` built from ``{"error", "code"}`` when the body
  is that JSON, and from the status's reason phrase otherwise (a proxy's HTML 502, an empty
  body, bytes that are not UTF-8). The message stays short whatever the body's size; the
  raw body is kept on the error for whoever needs it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from ._endpoints import ResponseKind
from ._errors import PostStackError, TransportError
from ._http import Response
from ._retry import parse_retry_after

__all__ = ["error_code", "error_from_response", "error_from_transport", "parse_success"]

# Bodies larger than this are not parsed for an error message: a real API error is tiny,
# and a huge body is a proxy page or garbage.
_MAX_ERROR_BODY = 64 * 1024
_MAX_MESSAGE = 300
# The API's JSON is UTF-8 (RFC 8259); decoding it directly skips json.loads' sniffing of
# other encodings, a measurable part of the cost of a send.
_DECODE = json.JSONDecoder().decode


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown status"


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _error_body(body: bytes) -> dict[str, Any] | None:
    """The body as a JSON object if it is a small one, else ``None``."""
    if not body or len(body) > _MAX_ERROR_BODY or body.lstrip()[:1] != b"{":
        return None
    try:
        parsed = json.loads(body)
    except ValueError:  # includes UnicodeDecodeError and JSONDecodeError
        return None
    return parsed if isinstance(parsed, dict) else None  # pyright: ignore[reportUnknownVariableType]


def error_code(response: Response) -> str | None:
    """The ``code`` of an error answer, if its body carries one."""
    parsed = _error_body(response.body)
    code = parsed.get("code") if parsed is not None else None
    return code if isinstance(code, str) and code else None


def error_from_response(
    response: Response, now: Callable[[], float] | None = None
) -> PostStackError:
    """The `PostStackError` that a non-2xx ``response`` stands for."""
    status = response.status
    parsed = _error_body(response.body)
    message: str | None = None
    code: str | None = None
    if parsed is not None:
        raw_message = parsed.get("error")
        if not isinstance(raw_message, str):
            raw_message = parsed.get("message")
        if isinstance(raw_message, str) and raw_message.strip():
            message = _shorten(raw_message)
        raw_code = parsed.get("code")
        if isinstance(raw_code, str) and raw_code:
            code = raw_code
    if message is None:
        message = _fallback_message(response)
    headers = {name.lower(): value for name, value in response.headers}
    return PostStackError(
        status,
        message,
        code,
        headers.get("x-request-id"),
        headers,
        parse_retry_after(headers.get("retry-after"), now),
        response.body,
    )


def _fallback_message(response: Response) -> str:
    reason = _reason(response.status)
    body = response.body
    if not body.strip():
        return f"{reason} (empty response body)"
    content_type = (response.header("content-type") or "").split(";")[0].strip().lower()
    if "html" in content_type or body.lstrip()[:1] == b"<":
        return f"{reason} (the server sent an HTML page, not an API error; often a proxy)"
    try:
        text = body[: _MAX_MESSAGE * 4].decode("utf-8")
    except UnicodeDecodeError:
        return f"{reason} ({len(body)} bytes of non-text body)"
    return _shorten(f"{reason}: {text}")


def error_from_transport(error: TransportError) -> PostStackError:
    """The `PostStackError` for an attempt that got no answer at all."""
    detail = str(error) or type(error).__name__
    prefix = {
        "timeout": "Request timed out",
        "transport_error": "The transport failed unexpectedly",
    }.get(error.code, "Connection failed")
    return PostStackError(0, _shorten(f"{prefix}: {detail}"), error.code)


def parse_success(kind: ResponseKind, response: Response) -> Any:
    """The result of a 2xx ``response`` for an endpoint whose answers are ``kind``."""
    body = response.body
    if kind == "json":
        if not body:
            return None
        try:
            return _DECODE(body.decode("utf-8"))
        except ValueError:  # JSONDecodeError and UnicodeDecodeError alike
            raise PostStackError(
                response.status,
                f"The API answered {response.status} with a body that is not valid JSON "
                f"({len(body)} bytes); the call may have taken effect",
                "invalid_response",
                response.request_id,
                {name.lower(): value for name, value in response.headers},
                None,
                body,
            ) from None
    if kind == "text":
        return body.decode("utf-8", errors="replace")
    return body

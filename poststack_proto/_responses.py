"""Reading answers: a success body into a result, anything else into a `PostStackError`.

Rules of this module:

* Whatever the bytes, headers and status, these functions return a result or raise
  `PostStackError`; no other exception escapes them (a fuzz suite, ``tests/fuzz``, holds
  them to it).
* A 2xx answer is a success (202 for sends included). Its body is read as the endpoint
  declares: JSON, text or bytes. Every JSON endpoint of the API answers a JSON *object*;
  a body that is empty, is not JSON, is nested too deeply to read, or is JSON but not an
  object (``null``, a list, a number) is a `PostStackError` with
  ``code="invalid_response"``. The call may have taken effect, so it is never retried.
* Any other answer becomes a `PostStackError` built from ``{"error", "code"}`` when the body
  is that JSON, and from the status's reason phrase otherwise (a proxy's HTML 502, an empty
  body, bytes that are not UTF-8). The message stays short whatever the body's size, and
  anything shaped like an API key or a bearer token is blanked out of it; the raw body is
  kept on the error for whoever needs it. A status that is not a final HTTP status (below
  200 or above 599) is an ``invalid_response`` too.
* An attempt that got no answer becomes a network `PostStackError` (``status_code == 0``)
  whose message names the host and port it tried, never the path, the query, URL
  credentials or the API key (`error_from_transport`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, cast
from urllib.parse import unquote, unquote_plus, urlsplit

from ._endpoints import ResponseKind
from ._errors import (
    ConnectError,
    ConnectTimeout,
    PostStackError,
    ReadTimeout,
    RemoteProtocolError,
    ResponseTooLarge,
    TLSError,
    TransportError,
    WriteError,
)
from ._http import Request, Response
from ._retry import parse_retry_after

__all__ = ["error_code", "error_from_response", "error_from_transport", "parse_success"]

# Bodies larger than this are not parsed for an error message: a real API error is tiny,
# and a huge body is a proxy page or garbage.
_MAX_ERROR_BODY = 64 * 1024
_MAX_MESSAGE = 300
# The API's JSON is UTF-8 (RFC 8259); decoding it directly skips json.loads' sniffing of
# other encodings, a measurable part of the cost of a send.
_DECODER = json.JSONDecoder()
_DECODE = _DECODER.decode
# The decoder's scanner (an instance attribute, untyped in typeshed).
_SCAN: Callable[[str, int], tuple[object, int]] = vars(_DECODER)["scan_once"]


def _loads(text: str) -> object:
    """``json.loads(text)`` for the common answer, a value starting at the first
    character and ending at the last: the scanner alone, without ``decode``'s whitespace
    matching (a third of decoding a send's answer). Anything else takes ``decode``, which
    also makes the error for what is not JSON."""
    try:
        value, end = _SCAN(text, 0)
    except StopIteration:
        return _DECODE(text)
    if end != len(text):
        return _DECODE(text)
    return value


# What json raises for a body it cannot read: bad syntax or bytes (ValueError, which
# covers JSONDecodeError and UnicodeDecodeError), or nesting deeper than the interpreter's
# recursion limit (RecursionError, e.g. 1,000 nested "[").
_UNREADABLE = (ValueError, RecursionError)
# Secrets that must never reach a message, whatever a garbled answer quotes.
# (A bearer value is a credential only when it looks like one: "bearer token" stays.)
_SECRET = re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=\-]{8,}|\bsk_(?:live|test)_[A-Za-z0-9_\-]*")
_URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s'\"<>()]+")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown status"


def _redact(text: str) -> str:
    return _SECRET.sub("[redacted]", text) if ("k_" in text or "earer" in text) else text


def _shorten(text: str) -> str:
    text = _redact(" ".join(text.split()))
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _error_body(body: bytes) -> dict[str, Any] | None:
    """The body as a JSON object if it is a small one, else ``None``."""
    if not body or len(body) > _MAX_ERROR_BODY or body.lstrip()[:1] != b"{":
        return None
    try:
        parsed = json.loads(body)
    except _UNREADABLE:
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
    if not 200 <= status <= 599:
        # A transport must hand over final answers only; anything else is unreadable.
        what = "an interim (1xx) status" if 100 <= status < 200 else "not an HTTP status"
        message = f"The server answered {status}, which is {what}, not a final answer"
        code = "invalid_response"
    elif parsed is not None:
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
    head = body[: _MAX_MESSAGE * 4]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The cut may fall inside a character; only a bad byte before it means non-text.
        if len(head) == len(body) or exc.start < len(head) - 3:
            return f"{reason} ({len(body)} bytes of non-text body)"
        text = head[: exc.start].decode("utf-8")
    return _shorten(f"{reason}: {text}")


def _host_port(url: str) -> str:
    """``host:port`` of ``url`` (no userinfo); the default port when none is written."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: show the netloc as written
        return netloc
    if port is None and netloc and parts.scheme in ("http", "https"):
        netloc = f"{netloc}:{443 if parts.scheme == 'https' else 80}"
    return netloc


def _url_without_secrets(match: re.Match[str]) -> str:
    try:
        return f"{urlsplit(match.group()).scheme}://{_host_port(match.group())}"
    except ValueError:  # not parseable as a URL (a broken IPv6 literal): drop it whole
        return "<url>"


_ROUTE_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def _scrub(detail: str, request: Request) -> str:
    """``detail`` without any URL's userinfo, path or query, and without the API key.

    The request's path and query are blanked whole, raw and percent-decoded, and so is
    each of their segments and values on its own (a library may quote a path half-decoded).
    A segment or value is blanked only where it stands as a whole word, so that a short
    one cannot mangle the words around it (``https``). Route words (``emails``,
    ``api-keys``: lowercase letters and hyphens, which no id the API issues is) stay, so a
    message can still say what was being done.
    """
    detail = _URL.sub(_url_without_secrets, detail)
    try:
        parts = urlsplit(request.url)
    except ValueError:
        return detail
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    hidden = {target, unquote(target)}
    segments = [piece for piece in parts.path.split("/") if not _ROUTE_WORD.fullmatch(piece)]
    for piece in (*segments, *parts.query.split("&")):
        for text in (piece, piece.partition("=")[2]):
            hidden.update((text, unquote(text), unquote_plus(text)))
    hidden.add((request.header("authorization") or "").partition(" ")[2])
    # Longest first: a whole path is blanked before any of its segments.
    ordered = sorted((h for h in hidden if len(h) > 1), key=len, reverse=True)
    if not ordered:
        return detail
    words = "|".join(map(re.escape, ordered))
    return re.sub(f"(?<![A-Za-z0-9_])(?:{words})(?![A-Za-z0-9_])", "…", detail)


# How far an attempt got, by the kind of failure, phrased to precede ``host:port``.
_DOING: tuple[tuple[type[TransportError], str], ...] = (
    (ConnectTimeout, "timed out connecting to"),
    (ConnectError, "could not connect to"),
    (TLSError, "TLS handshake failed with"),
    (ResponseTooLarge, "reading the answer from"),
    (ReadTimeout, "no complete answer in time from"),
    (WriteError, "sending the request failed to"),
    (RemoteProtocolError, "the connection broke or the answer was not HTTP from"),
)


def error_from_transport(error: TransportError, request: Request | None = None) -> PostStackError:
    """The `PostStackError` for an attempt that got no answer at all.

    Args:
        error: what the transport raised.
        request: the request that was attempted. When given, the message names its host and
            port (``"Connection failed: could not connect to api.poststack.dev:443: ..."``)
            and the transport's detail loses the request's path and query, every URL's
            userinfo, path and query, and the API key.
    """
    detail = str(error) or type(error).__name__
    prefix = {
        "timeout": "Request timed out",
        "transport_error": "The transport failed unexpectedly",
        "response_too_large": "The answer was too large",
    }.get(error.code, "Connection failed")
    if request is not None:
        doing = next((text for kind, text in _DOING if isinstance(error, kind)), "talking to")
        try:
            where = _host_port(request.url)
        except ValueError:
            where = "the API"
        detail = f"{doing} {where}: {_scrub(detail, request)}"
    return PostStackError(0, _shorten(f"{prefix}: {detail}"), error.code)


def _invalid(response: Response, problem: str) -> PostStackError:
    return PostStackError(
        response.status,
        f"The API answered {response.status} with {problem}; the call may have taken effect",
        "invalid_response",
        response.request_id,
        {name.lower(): value for name, value in response.headers},
        None,
        response.body,
    )


def parse_success(kind: ResponseKind, response: Response) -> Any:
    """The result of a 2xx ``response`` for an endpoint whose answers are ``kind``.

    ``"json"`` answers must be a JSON object (every JSON endpoint of the API promises
    one); ``"text"`` is decoded as UTF-8 with replacement; ``"bytes"`` is returned as is.

    Raises:
        PostStackError: ``code="invalid_response"``: a ``"json"`` body that is empty, not
            JSON, nested too deeply, or JSON but not an object.
    """
    body = response.body
    if kind == "json":
        if not body:
            raise _invalid(response, "an empty body where a JSON object was expected")
        try:
            result: object = _loads(body.decode("utf-8"))
        except _UNREADABLE as exc:
            what = "JSON nested too deeply to read" if isinstance(exc, RecursionError) else ""
            raise _invalid(
                response, f"a body that is not valid JSON ({len(body)} bytes{what and '; ' + what})"
            ) from None
        if type(result) is not dict:
            name = "null" if result is None else type(result).__name__
            raise _invalid(response, f"JSON {name} where a JSON object was expected")
        return cast("dict[str, Any]", result)
    if kind == "text":
        return body.decode("utf-8", errors="replace")
    return body

"""The two values that cross the boundary between the core and a transport.

Rules of this module:

* `Request` and `Response` are plain, frozen, slotted values. They carry bytes, never
  file objects or streams, so a transport can be written in a few lines and a test can
  build either by hand.
* Headers are a tuple of ``(name, value)`` string pairs, in the order they are sent or were
  received. Every lookup is case-insensitive (`header`), because HTTP says names are.
* Headers a caller supplies are checked where they enter (`check_headers`): a name must be
  an HTTP token, a value printable ASCII (space and tab allowed). CR, LF, NUL, U+2028 and
  every other character HTTP/1.1 cannot carry as text are refused with `ValueError` before
  anything is sent, never left to fail (or worse, to inject a header) on the wire. Latin-1
  "obs-text" is refused too: RFC 9110 §5.5 calls it obsolete, and httpx encodes header text
  as ASCII, so it could not be sent by every transport. Messages never echo a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

__all__ = [
    "BAD_HEADER_VALUE",
    "HEADER_NAME",
    "Headers",
    "Request",
    "Response",
    "check_headers",
    "find_header",
]

Headers = tuple[tuple[str, str], ...]

#: A header name: an RFC 9110 token.
HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
#: Any character a header value may not carry: everything but tab and printable ASCII.
BAD_HEADER_VALUE = re.compile(r"[^\t\x20-\x7e]")

# Headers that decide how a message is framed or who is speaking: the core and the
# transport set them, and a second copy from a caller would make the request ambiguous.
_SET_BY_THE_CLIENT = {
    "authorization": "the client sets it from api_key",
    "content-length": "the transport sets it",
    "transfer-encoding": "the transport sets it",
    "host": "the transport sets it",
    "connection": "the transport manages connections",
    "idempotency-key": "pass idempotency_key= instead",
}


def _describe(char: str) -> str:
    return "a space" if char == " " else f"U+{ord(char):04X}"


def check_headers(where: str, headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> Headers:
    """Caller-supplied headers as `Headers`, or `TypeError`/`ValueError` before anything is sent.

    Args:
        where: how the caller named them (``"extra_headers"``), for the messages.
        headers: a mapping or pairs of name and value.

    Raises:
        TypeError: a name or a value is not a ``str``.
        ValueError: a name is not an HTTP token, a value holds a character HTTP cannot
            carry (CR, LF, NUL, U+2028, anything outside printable ASCII), or the header
            is one the client sets itself. The message names the header (a valid name)
            and the offending character, never the value.
    """
    pairs: Iterable[tuple[object, object]]
    if type(headers) is dict or isinstance(headers, Mapping):
        pairs = cast("Mapping[object, object]", headers).items()
    else:
        pairs = cast("Iterable[tuple[object, object]]", headers)
    checked: list[tuple[str, str]] = []
    for index, (name, value) in enumerate(pairs):
        if not isinstance(name, str):
            raise TypeError(f"{where}: header names must be str, got {type(name).__name__}")
        if not HEADER_NAME.match(name):
            bad = re.search(r"[^!#$%&'*+\-.^_`|~0-9A-Za-z]", name)
            what = f"contains {_describe(bad.group())}" if bad else "is empty"
            raise ValueError(
                f"{where}: header name number {index + 1} is not an HTTP token (it {what}); "
                "names may use letters, digits and !#$%&'*+-.^_`|~"
            )
        if not isinstance(value, str):
            raise TypeError(f"{where}[{name!r}] must be a str, got {type(value).__name__}")
        if bad_char := BAD_HEADER_VALUE.search(value):
            raise ValueError(
                f"{where}[{name!r}] contains {_describe(bad_char.group())} at position "
                f"{bad_char.start()}; header values may hold only printable ASCII, "
                "spaces and tabs"
            )
        reason = _SET_BY_THE_CLIENT.get(name.lower())
        if reason is not None:
            raise ValueError(f"{where} may not set {name!r}; {reason}")
        checked.append((name, value))
    return tuple(checked)


def find_header(headers: Headers, name: str) -> str | None:
    """The first value of header ``name`` (case-insensitive), or ``None``."""
    wanted = name.lower()
    for key, value in headers:
        if key.lower() == wanted:
            return value
    return None


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP request, ready to be written to the wire.

    ``url`` is absolute and already carries the query string. ``timeout`` is the
    budget in seconds for one attempt, applied by the transport to connecting and
    to waiting for the response.
    """

    method: str
    url: str
    headers: Headers
    body: bytes = b""
    timeout: float = 30.0

    def __init__(
        self, method: str, url: str, headers: Headers, body: bytes = b"", timeout: float = 30.0
    ) -> None:
        # What the generated __init__ does, through the slots' own setters: a frozen
        # class's generated one goes through object.__setattr__ by name, twice the cost,
        # and one of these is made for every call.
        _request_method(self, method)
        _request_url(self, url)
        _request_headers(self, headers)
        _request_body(self, body)
        _request_timeout(self, timeout)

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (case-insensitive), or ``None``."""
        return find_header(self.headers, name)

    def __repr__(self) -> str:
        # Headers are left out on purpose: one of them is the API key.
        return f"Request({self.method} {self.url}, {len(self.body)} bytes)"


@dataclass(frozen=True, slots=True)
class Response:
    """One HTTP response as the transport read it: status, headers, whole body."""

    status: int
    headers: Headers
    body: bytes = b""

    def __init__(self, status: int, headers: Headers, body: bytes = b"") -> None:
        # As `Request.__init__`: one of these is made for every answer.
        _response_status(self, status)
        _response_headers(self, headers)
        _response_body(self, body)

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (case-insensitive), or ``None``."""
        return find_header(self.headers, name)

    @property
    def request_id(self) -> str | None:
        """The server's ``X-Request-Id``, the handle PostStack support asks for."""
        return find_header(self.headers, "x-request-id")


def _slot_setter(cls: type, name: str) -> Callable[[object, object], None]:
    """The setter of slot ``name`` of ``cls``: it writes the slot even on a frozen class."""
    descriptor: Any = cls.__dict__[name]
    return cast("Callable[[object, object], None]", descriptor.__set__)


_request_method = _slot_setter(Request, "method")
_request_url = _slot_setter(Request, "url")
_request_headers = _slot_setter(Request, "headers")
_request_body = _slot_setter(Request, "body")
_request_timeout = _slot_setter(Request, "timeout")
_response_status = _slot_setter(Response, "status")
_response_headers = _slot_setter(Response, "headers")
_response_body = _slot_setter(Response, "body")

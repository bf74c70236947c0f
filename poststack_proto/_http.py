"""The two values that cross the boundary between the core and a transport.

Rules of this module:

* `Request` and `Response` are plain, frozen, slotted values. They carry bytes, never
  file objects or streams, so a transport can be written in a few lines and a test can
  build either by hand.
* Headers are a tuple of ``(name, value)`` string pairs, in the order they are sent or were
  received. Every lookup is case-insensitive (`header`), because HTTP says names are.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Headers", "Request", "Response", "find_header"]

Headers = tuple[tuple[str, str], ...]


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

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (case-insensitive), or ``None``."""
        return find_header(self.headers, name)

    @property
    def request_id(self) -> str | None:
        """The server's ``X-Request-Id``, the handle PostStack support asks for."""
        return find_header(self.headers, "x-request-id")

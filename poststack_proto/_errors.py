"""Every failure the SDK reports, and the neutral failures a transport may raise.

Two families live here, and they never mix:

* `PostStackError` is the one public error. The API refused a call, the network failed
  after every retry, or the server answered something that cannot be read. User code
  catches this class and nothing else. Network failures have ``status_code == 0`` and
  ``code`` ``"connection_error"`` or ``"timeout"``.
* `TransportError` and its subclasses are what a transport raises when it could not get
  a response. They are the transports' vocabulary for the core, never seen by user code:
  the core turns them into a retry or into a `PostStackError` with the transport's own
  exception chained as ``__cause__``. Each kind says how far the request got, which is
  what decides whether repeating it is safe.

Programming errors (a payload that is not JSON, an empty id, a negative ``max_retries``)
are ordinary `TypeError` / `ValueError`, raised before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "ConnectError",
    "ConnectTimeout",
    "PostStackError",
    "ReadTimeout",
    "RemoteProtocolError",
    "ResponseTooLarge",
    "TLSError",
    "TransportError",
    "WriteError",
]


class PostStackError(Exception):
    """A PostStack call that did not succeed.

    Attributes:
        status_code: the HTTP status of the final answer; ``0`` when no answer came
            (connection refused, reset, timed out).
        error: a short human message: the API's own ``error`` text when it sent one.
        code: the API's stable machine code (``"rate_limit_exceeded"``,
            ``"unprocessable_entity"``...), ``"connection_error"`` / ``"timeout"`` for
            network failures, ``"transport_error"`` when a transport itself misbehaved,
            ``"invalid_response"`` for an unreadable success body,
            or ``None`` when the server gave none.
        request_id: the server's ``X-Request-Id`` for support tickets, if any.
        headers: the final response's headers, names lower-cased.
        retry_after: seconds the server asked the caller to wait (``Retry-After``).
        body: the final response's raw body bytes (``b""`` for network failures).
    """

    status_code: int
    error: str
    code: str | None
    request_id: str | None
    headers: dict[str, str]
    retry_after: float | None
    body: bytes

    def __init__(  # noqa: PLR0917 - positional order of the official package, kept for drop-in use
        self,
        status_code: int,
        error: str,
        code: str | None = None,
        request_id: str | None = None,
        headers: Mapping[str, str] | None = None,
        retry_after: float | None = None,
        body: bytes = b"",
    ) -> None:
        super().__init__(status_code, error, code, request_id)
        self.status_code = status_code
        self.error = error
        self.code = code
        self.request_id = request_id
        self.headers = {k.lower(): v for k, v in headers.items()} if headers else {}
        self.retry_after = retry_after
        self.body = body

    def __str__(self) -> str:
        where = f"HTTP {self.status_code}" if self.status_code else "network"
        text = f"{where}"
        if self.code:
            text += f" {self.code}"
        text += f": {self.error}"
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text

    def __repr__(self) -> str:
        return (
            f"PostStackError(status_code={self.status_code!r}, error={self.error!r}, "
            f"code={self.code!r}, request_id={self.request_id!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Celery and multiprocessing pickle exceptions; every attribute must survive.
        return (
            type(self),
            (
                self.status_code,
                self.error,
                self.code,
                self.request_id,
                self.headers,
                self.retry_after,
                self.body,
            ),
        )

    @property
    def is_network_error(self) -> bool:
        """True when no HTTP answer was received at all."""
        return self.status_code == 0


class TransportError(Exception):
    """A transport could not obtain a response. Raised by transports, read by the core.

    Subclasses say how far the request got. Transports chain their library's own
    exception as ``__cause__`` so the original detail is never lost.
    """

    #: True when the request provably never reached the server, so repeating it
    #: cannot duplicate anything, whatever the method.
    not_sent: bool = False
    #: False for failures that repeating cannot cure (a certificate problem).
    retryable: bool = True
    #: The `PostStackError.code` this failure becomes.
    code: str = "connection_error"


class ConnectError(TransportError):
    """The connection could not be opened (refused, DNS failure, unreachable)."""

    not_sent = True


class ConnectTimeout(TransportError):
    """Opening the connection took longer than the attempt's timeout."""

    not_sent = True
    code = "timeout"


class ReadTimeout(TransportError):
    """The request was (at least partly) sent; no complete answer came in time."""

    code = "timeout"


class WriteError(TransportError):
    """Sending the request failed part-way: the server may have seen some or all of it."""


class RemoteProtocolError(TransportError):
    """The server closed the connection or answered something that is not HTTP.

    Ambiguous: the request may have been read and acted on before the connection died.
    """


class TLSError(TransportError):
    """The TLS handshake failed (an untrusted or mismatched certificate). Never retried."""

    not_sent = True
    retryable = False


class ResponseTooLarge(TransportError):
    """The answer's body was larger than the transport's ``max_response_bytes``.

    Becomes a `PostStackError` with ``status_code == 0`` and ``code ==
    "response_too_large"``; never retried (the same request would get the same answer).
    """

    retryable = False
    code = "response_too_large"

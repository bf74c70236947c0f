"""What every transport bounds: the size of an answer, and the time of an attempt.

* **Answer size.** `Body` collects an answer's body as it arrives and decodes a
  ``Content-Encoding`` of ``gzip`` or ``deflate`` itself, never more than ``cap`` bytes
  at a time, so an answer larger than the cap (declared, streamed or decompressed: a gzip
  bomb) ends as `ResponseTooLarge` without the rest ever being read into memory. The
  default cap, `MAX_RESPONSE_BYTES` (64 MiB), is far above any PostStack answer, CSV
  exports included; every transport takes ``max_response_bytes=``.
* **Attempt time.** ``request.timeout`` bounds the whole attempt: connecting, sending and
  every read together (`Deadline`), so a server that drips one byte at a time cannot keep
  a call alive past it.
"""

from __future__ import annotations

import time
import zlib
from typing import TYPE_CHECKING, Any

from poststack_proto import (
    ReadTimeout,
    RemoteProtocolError,
    ResponseTooLarge,  # the core's kind, named here as the adapters always have
    TransportError,
    lazy_exports,
)

if TYPE_CHECKING:
    from ._within import within

__all__ = [
    "MAX_RESPONSE_BYTES",
    "Body",
    "Deadline",
    "ResponseTooLarge",
    "check_cap",
    "within",
]

MAX_RESPONSE_BYTES = 64 * 1024 * 1024


def check_cap(cap: object) -> int:
    if isinstance(cap, bool) or not isinstance(cap, int) or cap < 1:
        raise ValueError(f"max_response_bytes must be a positive int, not {cap!r}")
    return cap


def _size(cap: int) -> str:
    if cap % (1 << 20) == 0:
        return f"{cap >> 20} MiB"
    if cap % (1 << 10) == 0:
        return f"{cap >> 10} KiB"
    return f"{cap} bytes"


def too_large(cap: int, what: str = "answer body") -> ResponseTooLarge:
    return ResponseTooLarge(
        f"the {what} is larger than max_response_bytes ({_size(cap)}); the rest was not read"
    )


class Body:
    """An answer body, decoded and bounded as it arrives.

    Args:
        cap: the most bytes the decoded body may hold.
        encoding: the answer's ``Content-Encoding`` (``None`` or ``identity``: as is).
        declared: the answer's ``Content-Length``, when it has one (checked at once).

    Raises:
        ResponseTooLarge: from the constructor (declared length) or `feed`.
    """

    __slots__ = ("_cap", "_chunks", "_decoder", "_size")

    def __init__(self, cap: int, encoding: str | None = None, declared: str | None = None) -> None:
        self._cap = cap
        self._chunks: list[bytes] = []
        self._size = 0
        self._decoder: Any = None  # a zlib._Decompress for a compressed body
        if encoding is not None:
            coding = encoding.strip().lower()
            if coding in ("gzip", "x-gzip"):
                self._decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
            elif coding == "deflate":
                self._decoder = zlib.decompressobj()
        if declared is not None and declared.strip().isdigit() and int(declared) > cap:
            raise too_large(cap)

    def _add(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._cap:
            raise too_large(self._cap)
        self._chunks.append(data)

    def feed(self, data: bytes) -> None:
        """Add the next bytes off the wire."""
        decoder = self._decoder
        if decoder is None:
            self._add(data)
            return
        try:
            while data:
                out = decoder.decompress(data, self._cap - self._size + 1)
                self._add(out)
                data = decoder.unconsumed_tail
        except zlib.error as exc:
            raise _corrupt(exc) from exc

    def finish(self) -> bytes:
        """The whole decoded body."""
        if self._decoder is not None:
            try:
                self._add(self._decoder.flush())
            except zlib.error as exc:
                raise _corrupt(exc) from exc
        return b"".join(self._chunks)


def _corrupt(exc: zlib.error) -> TransportError:
    return RemoteProtocolError(f"the answer's compressed body is corrupt: {exc}")


class Deadline:
    """The end of one attempt: what is left of ``seconds`` counted from now."""

    __slots__ = ("at",)

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; raises `ReadTimeout` when none are."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise ReadTimeout("the attempt's timeout ran out before the answer was complete")
        return left


# ``within`` is asyncio's (the async adapters'): imported on first use, so that a sync
# transport, which needs the rest of this module, never loads asyncio.
__getattr__, __dir__ = lazy_exports(__name__, {"within": "poststack_transports._within"})

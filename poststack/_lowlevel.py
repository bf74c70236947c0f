"""What the low-level clients (`PostStackClient`, `AsyncPostStackClient`) share: an endpoint
for any literal path, and the transport for an ``httpx`` transport object the caller passes.

The clients themselves are written once, in ``poststack/_async/_lowlevel.py``; the blocking
one is generated from it by ``scripts/unasync.py``.
"""

from __future__ import annotations

import sys
from typing import Any

from poststack_proto import AsyncTransport, Endpoint, ResponseKind, Transport

__all__ = ["async_transport_of", "endpoint_for", "sync_transport_of"]

# The server deduplicates these POSTs by Idempotency-Key, so they may be retried after any
# failure; every other POST only where the request provably had no effect.
_DEDUPLICATED = frozenset({"/emails", "/emails/batch"})


def endpoint_for(method: str, path: str, response: ResponseKind = "json") -> Endpoint:
    if not path.startswith("/"):
        raise ValueError(f"path must be a str starting with '/', got {path!r}")
    # A brace would read as a path template; sent literally, as an HTTP client would.
    literal = path.replace("{", "%7B").replace("}", "%7D")
    return Endpoint(
        f"{method} {literal}",
        method,
        literal,
        deduplicated=literal in _DEDUPLICATED,
        response=response,
    )


def sync_transport_of(transport: Any) -> tuple[Transport | str | None, Any]:
    """Our transport for ``transport``, and the httpx client to close (if we made one)."""
    httpx = _httpx_if_loaded()
    if httpx is not None and isinstance(transport, httpx.BaseTransport):
        from poststack_transports import HttpxTransport  # noqa: PLC0415 - only for this case

        client = httpx.Client(transport=transport, follow_redirects=False)
        return HttpxTransport(client), client
    return transport, None


def async_transport_of(transport: Any) -> tuple[AsyncTransport | str | None, Any]:
    """The async twin of `sync_transport_of`."""
    httpx = _httpx_if_loaded()
    if httpx is not None and isinstance(transport, httpx.AsyncBaseTransport):
        from poststack_transports import AsyncHttpxTransport  # noqa: PLC0415 - only for this case

        client = httpx.AsyncClient(transport=transport, follow_redirects=False)
        return AsyncHttpxTransport(client), client
    return transport, None


def _httpx_if_loaded() -> Any:
    # An httpx transport object can only exist if httpx was imported; never import it here.
    return sys.modules.get("httpx")

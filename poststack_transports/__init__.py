"""poststack_transports: adapters that move the core's requests over an HTTP library.

One small module per stack; each maps its library's exceptions to the core's neutral
`poststack_proto.TransportError` kinds in one place, reuses connections, verifies TLS,
follows no redirects, and can wrap a session the caller already owns. A module is
imported only when its transport is used, so a missing optional library costs nothing
until it is asked for, and then says which extra installs it.

| name | sync | async | extra |
|---|---|---|---|
| ``"httpx"`` (default) | `HttpxTransport` | `AsyncHttpxTransport` | (always installed) |
| ``"requests"`` | `RequestsTransport` | - | ``poststack[requests]`` |
| ``"aiohttp"`` | - | `AiohttpTransport` | ``poststack[aiohttp]`` |
| ``"h11"`` | `H11Transport` | `AsyncH11Transport` | ``poststack[h11]`` |
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from poststack_proto import AsyncTransport, Transport, lazy_exports

if TYPE_CHECKING:
    from ._aiohttp import AiohttpTransport
    from ._h11 import H11Transport
    from ._h11_async import AsyncH11Transport
    from ._httpx import AsyncHttpxTransport, HttpxTransport
    from ._requests import RequestsTransport

__all__ = [
    "AiohttpTransport",
    "AsyncH11Transport",
    "AsyncHttpxTransport",
    "AsyncTransport",
    "H11Transport",
    "HttpxTransport",
    "RequestsTransport",
    "Transport",
    "make_async_transport",
    "make_sync_transport",
]

# class name -> (module, the library it needs, the extra that installs it)
_LAZY: dict[str, tuple[str, str, str]] = {
    "HttpxTransport": ("._httpx", "httpx", "httpx"),
    "AsyncHttpxTransport": ("._httpx", "httpx", "httpx"),
    "RequestsTransport": ("._requests", "requests", "requests"),
    "AiohttpTransport": ("._aiohttp", "aiohttp", "aiohttp"),
    "H11Transport": ("._h11", "h11", "h11"),
    "AsyncH11Transport": ("._h11_async", "h11", "h11"),
}

_SYNC_BY_NAME = {"httpx": "HttpxTransport", "requests": "RequestsTransport", "h11": "H11Transport"}
_ASYNC_BY_NAME = {
    "httpx": "AsyncHttpxTransport",
    "aiohttp": "AiohttpTransport",
    "h11": "AsyncH11Transport",
}


def _missing_library(name: str, exc: ImportError) -> ImportError | None:
    """The error for a transport whose library is not installed: the extra that installs it.
    Any other failed import (a module of ours that is broken) passes as it is."""
    _, library, extra = _LAZY[name]
    if exc.name not in (library, None) and not (exc.name or "").startswith(library + "."):
        return None
    return ImportError(
        f"{name} needs the {library!r} library: pip install 'poststack[{extra}]'", name=library
    )


__getattr__, __dir__ = lazy_exports(
    __name__,
    {name: module for name, (module, _, _) in _LAZY.items()},
    on_import_error=_missing_library,
)


def make_sync_transport(name: str, **kwargs: Any) -> Transport:
    """A new blocking transport by name: ``"httpx"``, ``"requests"`` or ``"h11"``."""
    try:
        class_name = _SYNC_BY_NAME[name]
    except KeyError:
        hint = " (aiohttp is async-only: use AsyncPostStack)" if name == "aiohttp" else ""
        raise ValueError(
            f"unknown sync transport {name!r}{hint}; choose one of {sorted(_SYNC_BY_NAME)}"
        ) from None
    transport: Transport = __getattr__(class_name)(**kwargs)
    return transport


def make_async_transport(name: str, **kwargs: Any) -> AsyncTransport:
    """A new async transport by name: ``"httpx"``, ``"aiohttp"`` or ``"h11"``."""
    try:
        class_name = _ASYNC_BY_NAME[name]
    except KeyError:
        hint = " (requests is sync-only: use PostStack)" if name == "requests" else ""
        raise ValueError(
            f"unknown async transport {name!r}{hint}; choose one of {sorted(_ASYNC_BY_NAME)}"
        ) from None
    transport: AsyncTransport = __getattr__(class_name)(**kwargs)
    return transport

"""``poststack._client``: the official package's low-level clients, on this SDK's core.

`PostStackClient` and `AsyncPostStackClient` send a request to any path of the API
(``client.get("/emails", {"page": 2})``), for endpoints no resource method covers yet. They
share everything with `PostStack`: options and their checks, retries, ``Idempotency-Key``
on every POST, `PostStackError` for every failure, and the transports (``transport=`` also
takes an ``httpx.BaseTransport``, such as ``httpx.MockTransport``, as the official one did).

The module also holds what official code reaches for here: ``DEFAULT_BASE_URL``,
``DEFAULT_TIMEOUT``, ``DEFAULT_MAX_RETRIES``, and the ``time`` and ``asyncio`` modules whose
``sleep`` tests patch (retries look ``sleep`` up when they wait, so such patches apply).
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from typing_extensions import Self

from poststack_proto import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    AsyncTransport,
    Endpoint,
    ResponseKind,
    Transport,
)

from ._async import AsyncPostStack
from ._sync import PostStack

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncPostStackClient",
    "PostStackClient",
    "asyncio",
    "time",
]

# The server deduplicates these POSTs by Idempotency-Key, so they may be retried after any
# failure; every other POST only where the request provably had no effect.
_DEDUPLICATED = frozenset({"/emails", "/emails/batch"})


def _endpoint(method: str, path: str, response: ResponseKind = "json") -> Endpoint:
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


def _sync_transport(transport: Any) -> tuple[Transport | str | None, Any]:
    """Our transport for ``transport``, and the httpx client to close (if we made one)."""
    httpx = _httpx_if_loaded()
    if httpx is not None and isinstance(transport, httpx.BaseTransport):
        from poststack_transports import HttpxTransport  # noqa: PLC0415 - only for this case

        client = httpx.Client(transport=transport, follow_redirects=False)
        return HttpxTransport(client), client
    return transport, None


def _async_transport(transport: Any) -> tuple[AsyncTransport | str | None, Any]:
    httpx = _httpx_if_loaded()
    if httpx is not None and isinstance(transport, httpx.AsyncBaseTransport):
        from poststack_transports import AsyncHttpxTransport  # noqa: PLC0415 - only for this case

        client = httpx.AsyncClient(transport=transport, follow_redirects=False)
        return AsyncHttpxTransport(client), client
    return transport, None


def _httpx_if_loaded() -> Any:
    # An httpx transport object can only exist if httpx was imported; never import it here.
    return sys.modules.get("httpx")


class PostStackClient:
    """A blocking client for any path of the API; the official low-level client's interface.

    Args:
        api_key: as for `PostStack` (default ``$POSTSTACK_API_KEY``).
        base_url: as for `PostStack`.
        timeout: seconds per attempt; ``None`` for no timeout.
        max_retries: repeats of a failed attempt.
        transport: a transport name or object, or an ``httpx.BaseTransport``.

    Every method returns the parsed JSON answer (``get_bytes``/``get_text``: the raw body)
    and raises `PostStackError` for any failure; ``timeout=`` overrides the client's for one
    call.
    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        transport: Any = None,
    ) -> None:
        chosen, self._httpx_client = _sync_transport(transport)
        self._client = PostStack(api_key, base_url, timeout, max_retries, transport=chosen)

    def _request(
        self,
        method: str,
        path: str,
        response: ResponseKind = "json",
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        timeout: float | None = None,
    ) -> Any:
        # The endpoint puts the payload in the query for GET (and DELETE), else in the body.
        payload = params if method == "GET" else body
        return self._client._call(  # pyright: ignore[reportPrivateUsage] - same package
            _endpoint(method, path, response), payload, timeout=timeout
        )

    def get(
        self, path: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> Any:
        """``GET path?params``: the JSON answer."""
        return self._request("GET", path, params=params, timeout=timeout)

    def get_bytes(
        self, path: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> bytes:
        """``GET path?params``: the raw body (an attachment, say)."""
        result: bytes = self._request("GET", path, "bytes", params=params, timeout=timeout)
        return result

    def get_text(
        self, path: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> str:
        """``GET path?params``: the body as text (a CSV export, say)."""
        result: str = self._request("GET", path, "text", params=params, timeout=timeout)
        return result

    def post(self, path: str, body: Any = None, *, timeout: float | None = None) -> Any:
        """``POST path`` with ``body`` as JSON (none if ``None``), under an Idempotency-Key."""
        return self._request("POST", path, body=body, timeout=timeout)

    def patch(self, path: str, body: Any, *, timeout: float | None = None) -> Any:
        """``PATCH path`` with ``body`` as JSON."""
        return self._request("PATCH", path, body=body, timeout=timeout)

    def put(self, path: str, body: Any = None, *, timeout: float | None = None) -> Any:
        """``PUT path`` with ``body`` as JSON (none if ``None``)."""
        return self._request("PUT", path, body=body, timeout=timeout)

    def delete(self, path: str, *, timeout: float | None = None) -> Any:
        """``DELETE path``."""
        return self._request("DELETE", path, timeout=timeout)

    def close(self) -> None:
        """Release the connections."""
        self._client.close()
        if self._httpx_client is not None:
            self._httpx_client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncPostStackClient:
    """The async twin of `PostStackClient` (``transport=`` also takes an
    ``httpx.AsyncBaseTransport``)."""

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        transport: Any = None,
    ) -> None:
        chosen, self._httpx_client = _async_transport(transport)
        self._client = AsyncPostStack(api_key, base_url, timeout, max_retries, transport=chosen)

    async def _request(
        self,
        method: str,
        path: str,
        response: ResponseKind = "json",
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        timeout: float | None = None,
    ) -> Any:
        # The endpoint puts the payload in the query for GET (and DELETE), else in the body.
        payload = params if method == "GET" else body
        return await self._client._call(  # pyright: ignore[reportPrivateUsage] - same package
            _endpoint(method, path, response), payload, timeout=timeout
        )

    async def get(
        self, path: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> Any:
        """``GET path?params``: the JSON answer."""
        return await self._request("GET", path, params=params, timeout=timeout)

    async def get_bytes(
        self, path: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> bytes:
        """``GET path?params``: the raw body."""
        result: bytes = await self._request("GET", path, "bytes", params=params, timeout=timeout)
        return result

    async def get_text(
        self, path: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> str:
        """``GET path?params``: the body as text."""
        result: str = await self._request("GET", path, "text", params=params, timeout=timeout)
        return result

    async def post(self, path: str, body: Any = None, *, timeout: float | None = None) -> Any:
        """``POST path`` with ``body`` as JSON (none if ``None``), under an Idempotency-Key."""
        return await self._request("POST", path, body=body, timeout=timeout)

    async def patch(self, path: str, body: Any, *, timeout: float | None = None) -> Any:
        """``PATCH path`` with ``body`` as JSON."""
        return await self._request("PATCH", path, body=body, timeout=timeout)

    async def put(self, path: str, body: Any = None, *, timeout: float | None = None) -> Any:
        """``PUT path`` with ``body`` as JSON (none if ``None``)."""
        return await self._request("PUT", path, body=body, timeout=timeout)

    async def delete(self, path: str, *, timeout: float | None = None) -> Any:
        """``DELETE path``."""
        return await self._request("DELETE", path, timeout=timeout)

    async def aclose(self) -> None:
        """Release the connections."""
        await self._client.aclose()
        if self._httpx_client is not None:
            await self._httpx_client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

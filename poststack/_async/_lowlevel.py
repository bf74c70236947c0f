"""`AsyncPostStackClient`: requests to any path of the API, the official low-level client's
interface, on this SDK's client (options, retries, idempotency keys, errors, transports).

The blocking `PostStackClient` in ``poststack/_sync/`` is generated from this module by
``scripts/unasync.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import TracebackType
from typing import Any

if sys.version_info >= (3, 11):  # typing_extensions costs a cold start 10-30 ms
    from typing import Self
else:  # pragma: no cover - depends on the interpreter
    from typing_extensions import Self

from poststack_proto import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, ResponseKind

from .._lowlevel import async_transport_of, endpoint_for
from ._client import AsyncPostStack

__all__ = ["AsyncPostStackClient"]


class AsyncPostStackClient:
    """A client for any path of the API, for async code; the official low-level client's
    interface.

    Args:
        api_key: as for `AsyncPostStack` (default ``$POSTSTACK_API_KEY``).
        base_url: as for `AsyncPostStack`.
        timeout: seconds per attempt; ``None`` for no timeout.
        max_retries: repeats of a failed attempt.
        transport: a transport name or object, or an ``httpx.AsyncBaseTransport``.

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
        chosen, self._httpx_client = async_transport_of(transport)
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
            endpoint_for(method, path, response), payload, timeout=timeout
        )

    async def get(
        self, path: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> Any:
        """``GET path?params``: the JSON answer."""
        return await self._request("GET", path, params=params, timeout=timeout)

    async def get_bytes(
        self, path: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> bytes:
        """``GET path?params``: the raw body (an attachment, say)."""
        result: bytes = await self._request("GET", path, "bytes", params=params, timeout=timeout)
        return result

    async def get_text(
        self, path: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> str:
        """``GET path?params``: the body as text (a CSV export, say)."""
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

# Generated from poststack/_async/_lowlevel.py by scripts/unasync.py; do not edit by hand.
"""`PostStackClient`: requests to any path of the API, the official low-level client's
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

from .._lowlevel import endpoint_for, sync_transport_of
from ._client import PostStack

__all__ = ["PostStackClient"]


class PostStackClient:
    """A client for any path of the API, for blocking code; the official low-level client's
    interface.

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
        chosen, self._httpx_client = sync_transport_of(transport)
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
            endpoint_for(method, path, response), payload, timeout=timeout
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

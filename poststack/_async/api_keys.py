"""``ps.api_keys``: mint, inspect, rotate and revoke API keys (needs a ``full_access`` key)."""

from __future__ import annotations

from typing import cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.api_keys import ApiKeyDict, CreateApiKeyParams, ListApiKeysParams, ListApiKeysResponse
from ._resource import AsyncResource

__all__ = ["AsyncApiKeys"]

_CREATE = endpoint("api_keys.create")
_LIST = endpoint("api_keys.list")
_GET = endpoint("api_keys.get")
_REVOKE = endpoint("api_keys.revoke")
_ROTATE = endpoint("api_keys.rotate")


class AsyncApiKeys(AsyncResource):
    """API keys (numeric ids). Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    async def create(
        self,
        input: CreateApiKeyParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ApiKeyDict:
        """Mint a key; the answer's ``key`` is the only time the plaintext is shown."""
        result = await self._call(
            _CREATE,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(ApiKeyDict, result)

    async def list(
        self,
        params: ListApiKeysParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListApiKeysResponse:
        """Every key (without secrets): ``{"keys": [...]}``. Not paginated; ``params`` ignored."""
        result = await self._call(_LIST, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListApiKeysResponse, result)

    async def get(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> ApiKeyDict:
        """One key, without its secret."""
        result = await self._call(
            _GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(ApiKeyDict, result)

    async def revoke(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Delete the key; requests made with it fail from now on."""
        result = await self._call(
            _REVOKE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

    async def rotate(
        self,
        id: int,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ApiKeyDict:
        """Replace the key with a new one of the same settings; the old one stops working."""
        result = await self._call(
            _ROTATE,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(ApiKeyDict, result)

# Generated from poststack/_async/api_keys.py by scripts/unasync.py; do not edit by hand.
"""``ps.api_keys``: mint, inspect, rotate and revoke API keys (needs a ``full_access`` key)."""

from __future__ import annotations

from typing import cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.api_keys import ApiKeyDict, CreateApiKeyParams, ListApiKeysParams, ListApiKeysResponse
from ._resource import Resource

__all__ = ["ApiKeys"]

_CREATE = endpoint("api_keys.create")
_LIST = endpoint("api_keys.list")
_GET = endpoint("api_keys.get")
_REVOKE = endpoint("api_keys.revoke")
_ROTATE = endpoint("api_keys.rotate")


class ApiKeys(Resource):
    """API keys (numeric ids). Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    def create(
        self,
        input: CreateApiKeyParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ApiKeyDict:
        """Mint a key; the answer's ``key`` is the only time the plaintext is shown."""
        result = self._call(
            _CREATE,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(ApiKeyDict, result)

    def list(
        self,
        params: ListApiKeysParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListApiKeysResponse:
        """Every key (without secrets): ``{"keys": [...]}``. Not paginated; ``params`` ignored."""
        result = self._call(_LIST, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListApiKeysResponse, result)

    def get(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> ApiKeyDict:
        """One key, without its secret."""
        result = self._call(_GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries)
        return cast(ApiKeyDict, result)

    def revoke(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Delete the key; requests made with it fail from now on."""
        result = self._call(
            _REVOKE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

    def rotate(
        self,
        id: int,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ApiKeyDict:
        """Replace the key with a new one of the same settings; the old one stops working."""
        result = self._call(
            _ROTATE,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(ApiKeyDict, result)

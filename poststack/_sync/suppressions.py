# Generated from poststack/_async/suppressions.py by scripts/unasync.py; do not edit by hand.
"""``ps.suppressions``: addresses that must not receive mail."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.suppressions import (
    AddSuppressionParams,
    ListSuppressionsParams,
    ListSuppressionsResponse,
    SuppressionDict,
)
from ._resource import Resource

__all__ = ["Suppressions"]

_LIST = endpoint("suppressions.list")
_ADD = endpoint("suppressions.add")
_REMOVE = endpoint("suppressions.remove")


class Suppressions(Resource):
    """The suppression list. Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    def list(
        self,
        params: ListSuppressionsParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListSuppressionsResponse:
        """One page of suppressed addresses: ``{"data": [...], "meta": {...}}``."""
        result = self._call(_LIST, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListSuppressionsResponse, result)

    def iterate(
        self,
        params: ListSuppressionsParams | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Iterator[SuppressionDict]:
        """Every suppressed address, fetching pages as the loop needs them.

        ``limit`` stops after that many entries.
        """
        for item in self._walk(
            _LIST, params, limit=limit, timeout=timeout, max_retries=max_retries
        ):
            yield cast(SuppressionDict, item)

    def add(
        self,
        input: AddSuppressionParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Stop all mail to an address, giving the ``reason``."""
        result = self._call(
            _ADD,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)

    def remove(
        self, email: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Allow mail to the address again."""
        result = self._call(
            _REMOVE, path_params={"email": email}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

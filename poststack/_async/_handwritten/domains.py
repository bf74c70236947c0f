"""Hand-written methods of ``ps.domains``; the generated `AsyncDomains` extends this class."""

from __future__ import annotations

from typing import Any

from ... import _ops
from ...types.domains import DmarcReportsParams, DmarcReportsResponse
from .._resource import AsyncResource

__all__ = ["AsyncDomainsHandwritten"]


def _dmarc_query(params: DmarcReportsParams | None) -> dict[str, Any] | None:
    # Every other list reads ``per_page``; this one reads only ``perPage``.
    if params is None:
        return None
    query: dict[str, Any] = dict(params)
    per_page = query.pop("per_page", None)
    if per_page is not None:
        query.setdefault("perPage", per_page)
    return query


class AsyncDomainsHandwritten(AsyncResource):
    """The hand-written part of ``ps.domains``: the DMARC report query's own spelling."""

    __slots__ = ()

    async def get_dmarc_reports(
        self,
        id: int,
        params: DmarcReportsParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> DmarcReportsResponse:
        """One page of aggregate DMARC reports: ``{"reports": [...], "pagination": {...}}``.

        ``per_page`` is sent as ``perPage``, the spelling this endpoint reads.
        """
        return await self._call(
            _ops.DOMAINS_GET_DMARC_REPORTS,
            _dmarc_query(params),
            path={"id": id},
            timeout=timeout,
            max_retries=max_retries,
        )

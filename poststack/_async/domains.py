"""``ps.domains``: sending domains, their DNS checks, DMARC reports and DKIM key rotation."""

from __future__ import annotations

from typing import Any, cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.domains import (
    CreateDomainParams,
    DkimRotationResponse,
    DmarcReportsParams,
    DmarcReportsResponse,
    DmarcSourcesResponse,
    DmarcStatsResponse,
    DomainResponse,
    InboxPlacementResponse,
    ListDomainsParams,
    ListDomainsResponse,
    UpdateDomainParams,
    VerifyDomainResponse,
)
from ._resource import AsyncResource

__all__ = ["AsyncDomains"]

_CREATE = endpoint("domains.create")
_LIST = endpoint("domains.list")
_GET = endpoint("domains.get")
_VERIFY = endpoint("domains.verify")
_UPDATE = endpoint("domains.update")
_DELETE = endpoint("domains.delete")
_ASSIGN_IP = endpoint("domains.assign_ip")
_UNASSIGN_IP = endpoint("domains.unassign_ip")
_GET_DMARC_REPORTS = endpoint("domains.get_dmarc_reports")
_GET_DMARC_STATS = endpoint("domains.get_dmarc_stats")
_GET_DMARC_SOURCES = endpoint("domains.get_dmarc_sources")
_START_DKIM_ROTATION = endpoint("domains.start_dkim_rotation")
_ACTIVATE_DKIM_ROTATION = endpoint("domains.activate_dkim_rotation")
_CANCEL_DKIM_ROTATION = endpoint("domains.cancel_dkim_rotation")
_GET_INBOX_PLACEMENT = endpoint("domains.get_inbox_placement")


def _dmarc_query(params: DmarcReportsParams | None) -> dict[str, Any] | None:
    # Every other list reads ``per_page``; this one reads only ``perPage``.
    if params is None:
        return None
    query: dict[str, Any] = dict(params)
    per_page = query.pop("per_page", None)
    if per_page is not None:
        query.setdefault("perPage", per_page)
    return query


class AsyncDomains(AsyncResource):
    """Sending domains (numeric ids). Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    async def create(
        self,
        input: CreateDomainParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> DomainResponse:
        """Add a domain; the answer lists the DNS records to publish before it can send."""
        result = await self._call(
            _CREATE,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(DomainResponse, result)

    async def list(
        self,
        params: ListDomainsParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListDomainsResponse:
        """Every domain: ``{"domains": [...]}``. Not paginated; ``params`` is ignored."""
        result = await self._call(_LIST, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListDomainsResponse, result)

    async def get(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> DomainResponse:
        """One domain with its DNS records: ``{"domain": {...}}``."""
        result = await self._call(
            _GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(DomainResponse, result)

    async def verify(
        self,
        id: int,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> VerifyDomainResponse:
        """Queue a fresh DNS check of the domain's records."""
        result = await self._call(
            _VERIFY,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(VerifyDomainResponse, result)

    async def update(
        self,
        id: int,
        input: UpdateDomainParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> DomainResponse:
        """Change tracking, TLS, inbound and branding settings."""
        result = await self._call(
            _UPDATE, path_params={"id": id}, body=input, timeout=timeout, max_retries=max_retries
        )
        return cast(DomainResponse, result)

    async def delete(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Remove the domain; mail can no longer be sent from it."""
        result = await self._call(
            _DELETE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

    async def assign_ip(
        self,
        id: int,
        ip_address_id: int,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Send the domain's mail from a dedicated IP address."""
        result = await self._call(
            _ASSIGN_IP,
            path_params={"id": id},
            body={"ipAddressId": ip_address_id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)

    async def unassign_ip(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Return the domain to the shared IP pool."""
        result = await self._call(
            _UNASSIGN_IP, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

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
        result = await self._call(
            _GET_DMARC_REPORTS,
            path_params={"id": id},
            query=_dmarc_query(params),
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(DmarcReportsResponse, result)

    async def get_dmarc_stats(
        self,
        id: int,
        days: int | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> DmarcStatsResponse:
        """DMARC pass/fail totals and a daily series over the last ``days``."""
        result = await self._call(
            _GET_DMARC_STATS,
            path_params={"id": id},
            query={"days": days},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(DmarcStatsResponse, result)

    async def get_dmarc_sources(
        self,
        id: int,
        days: int | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> DmarcSourcesResponse:
        """The IP addresses that sent as the domain over the last ``days``, with DMARC results."""
        result = await self._call(
            _GET_DMARC_SOURCES,
            path_params={"id": id},
            query={"days": days},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(DmarcSourcesResponse, result)

    async def start_dkim_rotation(
        self,
        id: int,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> DkimRotationResponse:
        """Stage a new DKIM key under a new selector; signing is unchanged until activation."""
        result = await self._call(
            _START_DKIM_ROTATION,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(DkimRotationResponse, result)

    async def activate_dkim_rotation(
        self,
        id: int,
        *,
        force: bool = False,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> DkimRotationResponse:
        """Sign with the staged key once DNS shows its record (409 otherwise).

        ``force=True`` skips the propagation wait, never the DNS check.
        """
        result = await self._call(
            _ACTIVATE_DKIM_ROTATION,
            path_params={"id": id},
            query={"force": True} if force else None,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(DkimRotationResponse, result)

    async def cancel_dkim_rotation(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> DkimRotationResponse:
        """Abandon a staged rotation; the active key stays."""
        result = await self._call(
            _CANCEL_DKIM_ROTATION, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(DkimRotationResponse, result)

    async def get_inbox_placement(
        self,
        id: int,
        days: int | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> InboxPlacementResponse:
        """What receiving providers did with the domain's mail over the last ``days``."""
        result = await self._call(
            _GET_INBOX_PLACEMENT,
            path_params={"id": id},
            query={"days": days},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(InboxPlacementResponse, result)

# Generated from poststack/_async/contact_properties.py by scripts/unasync.py; do not edit by hand.
"""``ps.contact_properties``: the team's custom contact fields."""

from __future__ import annotations

from typing import cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.contact_properties import (
    ContactPropertyResponse,
    CreateContactPropertyParams,
    ListContactPropertiesResponse,
    OptionUsageResponse,
    UpdateContactPropertyParams,
)
from ._resource import Resource

__all__ = ["ContactProperties"]

_LIST = endpoint("contact_properties.list")
_CREATE = endpoint("contact_properties.create")
_UPDATE = endpoint("contact_properties.update")
_DELETE = endpoint("contact_properties.delete")
_OPTION_USAGE = endpoint("contact_properties.option_usage")


class ContactProperties(Resource):
    """Custom contact fields (numeric ids). Methods also take ``timeout=``, ``max_retries=``."""

    __slots__ = ()

    def list(
        self, *, timeout: float | None = None, max_retries: int | None = None
    ) -> ListContactPropertiesResponse:
        """Every property: ``{"properties": [...]}``."""
        result = self._call(_LIST, timeout=timeout, max_retries=max_retries)
        return cast(ListContactPropertiesResponse, result)

    def create(
        self,
        input: CreateContactPropertyParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ContactPropertyResponse:
        """Define a property; its ``name`` becomes a key of every contact's ``properties``."""
        result = self._call(
            _CREATE,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(ContactPropertyResponse, result)

    def update(
        self,
        id: int,
        input: UpdateContactPropertyParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ContactPropertyResponse:
        """Change the label, options or whether the property is required."""
        result = self._call(
            _UPDATE, path_params={"id": id}, body=input, timeout=timeout, max_retries=max_retries
        )
        return cast(ContactPropertyResponse, result)

    def delete(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Remove the property."""
        result = self._call(
            _DELETE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

    def option_usage(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> OptionUsageResponse:
        """How many contacts hold each option of a ``select`` property."""
        result = self._call(
            _OPTION_USAGE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(OptionUsageResponse, result)

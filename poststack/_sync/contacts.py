# Generated from poststack/_async/contacts.py by scripts/unasync.py; do not edit by hand.
"""``ps.contacts``: the team's audience: create, read, page through, import and export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.contacts import (
    ContactDict,
    ContactResponse,
    CreateContactParams,
    ImportContactsParams,
    ImportContactsResponse,
    ListContactsParams,
    ListContactsResponse,
    UpdateContactParams,
)
from ._resource import Resource

__all__ = ["Contacts"]

_CREATE = endpoint("contacts.create")
_LIST = endpoint("contacts.list")
_GET = endpoint("contacts.get")
_GET_BY_EMAIL = endpoint("contacts.get_by_email")
_UPDATE = endpoint("contacts.update")
_DELETE = endpoint("contacts.delete")
_UNSUBSCRIBE = endpoint("contacts.unsubscribe")
_IMPORT = endpoint("contacts.import_")
_EXPORT_CSV = endpoint("contacts.export_csv")


class Contacts(Resource):
    """Contacts (``con_...`` ids). Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    def create(
        self,
        input: CreateContactParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ContactResponse:
        """Add a contact; an address the team already has is a 409."""
        result = self._call(
            _CREATE,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(ContactResponse, result)

    def list(
        self,
        params: ListContactsParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListContactsResponse:
        """One page of contacts: ``{"data": [...], "meta": {...}}``."""
        result = self._call(_LIST, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListContactsResponse, result)

    def iterate(
        self,
        params: ListContactsParams | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Iterator[ContactDict]:
        """Every contact matching ``params``, fetching pages as the loop needs them.

        ``limit`` stops after that many contacts.
        """
        for item in self._walk(
            _LIST, params, limit=limit, timeout=timeout, max_retries=max_retries
        ):
            yield cast(ContactDict, item)

    def get(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> ContactResponse:
        """One contact: ``{"contact": {...}}``."""
        result = self._call(_GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries)
        return cast(ContactResponse, result)

    def get_by_email(
        self, email: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> ContactResponse:
        """The contact with this address (404 if there is none)."""
        result = self._call(
            _GET_BY_EMAIL, path_params={"email": email}, timeout=timeout, max_retries=max_retries
        )
        return cast(ContactResponse, result)

    def update(
        self,
        id: str,
        input: UpdateContactParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ContactResponse:
        """Change names, the unsubscribed flag or properties (merged into the existing ones)."""
        result = self._call(
            _UPDATE, path_params={"id": id}, body=input, timeout=timeout, max_retries=max_retries
        )
        return cast(ContactResponse, result)

    def delete(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Remove the contact."""
        result = self._call(
            _DELETE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

    def unsubscribe(
        self,
        id: str,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ContactResponse:
        """Mark the contact unsubscribed from all marketing mail."""
        result = self._call(
            _UNSUBSCRIBE,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(ContactResponse, result)

    def import_(
        self,
        input: ImportContactsParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ImportContactsResponse:
        """Add up to 10,000 contacts at once; addresses already present are skipped."""
        result = self._call(
            _IMPORT,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(ImportContactsResponse, result)

    def export_csv(
        self,
        *,
        segment_id: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> str:
        """Every contact (or a segment's, ``seg_...``) as CSV text."""
        result = self._call(
            _EXPORT_CSV,
            query={"segment_id": segment_id},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(str, result)

# Generated from poststack/_async/mailboxes.py by scripts/unasync.py; do not edit by hand.
"""``ps.mailboxes``: hosted mailboxes, their aliases, filters, signatures and shares."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.mailboxes import (
    CreateMailboxAliasParams,
    CreateMailboxParams,
    ListMailboxAliasesParams,
    ListMailboxAliasesResponse,
    ListMailboxesParams,
    ListMailboxesResponse,
    MailboxAliasDict,
    MailboxAliasResponse,
    MailboxDict,
    MailboxFilterRuleParams,
    MailboxFiltersResponse,
    MailboxResponse,
    MailboxShareAccess,
    MailboxShareResponse,
    MailboxSharesResponse,
    MailboxSignature,
    SetMailboxSignatureParams,
    UnreadSummaryResponse,
    UpdateMailboxParams,
)
from ._resource import Resource

__all__ = ["Mailboxes"]

_CREATE = endpoint("mailboxes.create")
_LIST = endpoint("mailboxes.list")
_GET = endpoint("mailboxes.get")
_UPDATE = endpoint("mailboxes.update")
_DELETE = endpoint("mailboxes.delete")
_CHANGE_PASSWORD = endpoint("mailboxes.change_password")
_CREATE_ALIAS = endpoint("mailboxes.create_alias")
_LIST_ALIASES = endpoint("mailboxes.list_aliases")
_DELETE_ALIAS = endpoint("mailboxes.delete_alias")
_LIST_FILTERS = endpoint("mailboxes.list_filters")
_SET_FILTERS = endpoint("mailboxes.set_filters")
_GET_SIGNATURE = endpoint("mailboxes.get_signature")
_SET_SIGNATURE = endpoint("mailboxes.set_signature")
_UNREAD_SUMMARY = endpoint("mailboxes.unread_summary")
_LIST_SHARES = endpoint("mailboxes.list_shares")
_GRANT_SHARE = endpoint("mailboxes.grant_share")
_REVOKE_SHARE = endpoint("mailboxes.revoke_share")


class Mailboxes(Resource):
    """Mailboxes (``mb_...`` ids). Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    def create(
        self,
        input: CreateMailboxParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> MailboxResponse:
        """Create a mailbox ``localPart@domain`` with an IMAP/SMTP password."""
        result = self._call(
            _CREATE,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(MailboxResponse, result)

    def list(
        self,
        params: ListMailboxesParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListMailboxesResponse:
        """One page of mailboxes: ``{"data": [...], "meta": {...}}``."""
        result = self._call(_LIST, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListMailboxesResponse, result)

    def iterate(
        self,
        params: ListMailboxesParams | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Iterator[MailboxDict]:
        """Every mailbox matching ``params``, fetching pages as the loop needs them.

        ``limit`` stops after that many mailboxes.
        """
        for item in self._walk(
            _LIST, params, limit=limit, timeout=timeout, max_retries=max_retries
        ):
            yield cast(MailboxDict, item)

    def get(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> MailboxResponse:
        """One mailbox: ``{"mailbox": {...}}``."""
        result = self._call(_GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries)
        return cast(MailboxResponse, result)

    def update(
        self,
        id: str,
        input: UpdateMailboxParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> MailboxResponse:
        """Change the name, quota, status, forwarding or signature."""
        result = self._call(
            _UPDATE, path_params={"id": id}, body=input, timeout=timeout, max_retries=max_retries
        )
        return cast(MailboxResponse, result)

    def delete(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Delete the mailbox and its mail."""
        result = self._call(
            _DELETE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

    def change_password(
        self,
        id: str,
        password: str,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Set a new IMAP/SMTP password."""
        result = self._call(
            _CHANGE_PASSWORD,
            path_params={"id": id},
            body={"password": password},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)

    def create_alias(
        self,
        input: CreateMailboxAliasParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> MailboxAliasResponse:
        """Deliver mail for another address of the domain into a mailbox."""
        result = self._call(
            _CREATE_ALIAS,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(MailboxAliasResponse, result)

    def list_aliases(
        self,
        params: ListMailboxAliasesParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListMailboxAliasesResponse:
        """One page of aliases: ``{"data": [...], "meta": {...}}``."""
        result = self._call(_LIST_ALIASES, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListMailboxAliasesResponse, result)

    def iterate_aliases(
        self,
        params: ListMailboxAliasesParams | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Iterator[MailboxAliasDict]:
        """Every alias, fetching pages as the loop needs them; ``limit`` stops early."""
        for item in self._walk(
            _LIST_ALIASES, params, limit=limit, timeout=timeout, max_retries=max_retries
        ):
            yield cast(MailboxAliasDict, item)

    def delete_alias(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Remove an alias (numeric id)."""
        result = self._call(
            _DELETE_ALIAS, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

    def list_filters(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> MailboxFiltersResponse:
        """The mailbox's filter rules, in order."""
        result = self._call(
            _LIST_FILTERS, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(MailboxFiltersResponse, result)

    def set_filters(
        self,
        id: str,
        rules: Sequence[MailboxFilterRuleParams],
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> MailboxFiltersResponse:
        """Replace every filter rule of the mailbox (at most 50)."""
        result = self._call(
            _SET_FILTERS,
            path_params={"id": id},
            body={"rules": rules},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(MailboxFiltersResponse, result)

    def get_signature(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> MailboxSignature:
        """The signature appended to mail sent from the mailbox."""
        result = self._call(
            _GET_SIGNATURE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(MailboxSignature, result)

    def set_signature(
        self,
        id: str,
        signature: SetMailboxSignatureParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> MailboxSignature:
        """Set the signature (``None`` clears a part)."""
        result = self._call(
            _SET_SIGNATURE,
            path_params={"id": id},
            body=signature,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(MailboxSignature, result)

    def unread_summary(
        self, *, timeout: float | None = None, max_retries: int | None = None
    ) -> UnreadSummaryResponse:
        """Unread inbox counts of every mailbox."""
        result = self._call(_UNREAD_SUMMARY, timeout=timeout, max_retries=max_retries)
        return cast(UnreadSummaryResponse, result)

    def list_shares(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> MailboxSharesResponse:
        """The mailboxes this one is shared with."""
        result = self._call(
            _LIST_SHARES, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(MailboxSharesResponse, result)

    def grant_share(
        self,
        id: str,
        shared_with_mailbox_id: str,
        access: MailboxShareAccess = "read",
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> MailboxShareResponse:
        """Let another mailbox (``mb_...``) open this one; 409 if it already can."""
        result = self._call(
            _GRANT_SHARE,
            path_params={"id": id},
            body={"sharedWithMailboxId": shared_with_mailbox_id, "access": access},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(MailboxShareResponse, result)

    def revoke_share(
        self,
        id: str,
        target_id: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Stop sharing this mailbox with ``target_id`` (``mb_...``)."""
        result = self._call(
            _REVOKE_SHARE,
            path_params={"id": id, "target_id": target_id},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)

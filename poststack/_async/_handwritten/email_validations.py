"""Hand-written methods of ``ps.email_validations``; the generated class extends this one."""

from __future__ import annotations

from collections.abc import Sequence

from ... import _ops
from ...types.email_validations import EmailValidationsResponse
from .._resource import AsyncResource

__all__ = ["AsyncEmailValidationsHandwritten"]


class AsyncEmailValidationsHandwritten(AsyncResource):
    """The hand-written part of ``ps.email_validations``: a str is refused, not split."""

    __slots__ = ()

    async def validate_batch(
        self,
        emails: Sequence[str],
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> EmailValidationsResponse:
        """Validate up to 100 addresses: ``{"results": [...]}`` in the input order."""
        if isinstance(emails, str):
            raise TypeError("email_validations.validate_batch: emails must be a list, not a str")
        payload: _ops.ValidateEmailsBody = {"emails": list(emails)}
        return await self._call(
            _ops.EMAIL_VALIDATIONS_VALIDATE_BATCH,
            payload,
            timeout=timeout,
            max_retries=max_retries,
        )

# Generated from poststack/_async/email_validations.py by scripts/unasync.py; do not edit by hand.
"""``ps.email_validations``: check addresses before sending to them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from poststack_proto import endpoint

from ..types.email_validations import EmailValidationDict, EmailValidationsResponse
from ._resource import Resource

__all__ = ["EmailValidations"]

_VALIDATE = endpoint("email_validations.validate")
_VALIDATE_BATCH = endpoint("email_validations.validate_batch")


class EmailValidations(Resource):
    """Address validation. Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    def validate(
        self, email: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> EmailValidationDict:
        """Whether ``email`` looks deliverable: syntax, MX, disposable, role and free checks."""
        result = self._call(
            _VALIDATE, body={"email": email}, timeout=timeout, max_retries=max_retries
        )
        return cast(EmailValidationDict, result)

    def validate_batch(
        self,
        emails: Sequence[str],
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> EmailValidationsResponse:
        """Validate up to 100 addresses: ``{"results": [...]}`` in the input order."""
        if isinstance(emails, str):
            raise TypeError("email_validations.validate_batch: emails must be a list, not a str")
        result = self._call(
            _VALIDATE_BATCH,
            body={"emails": list(emails)},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(EmailValidationsResponse, result)

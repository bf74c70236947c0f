# Generated from poststack/_async/signup_forms.py by scripts/unasync.py; do not edit by hand.
"""``ps.signup_forms``: hosted forms that turn visitors into contacts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.signup_forms import (
    CreateSignupFormParams,
    ListSignupFormsParams,
    ListSignupFormsResponse,
    SignupFormDict,
    SignupFormResponse,
    SubmitSignupFormParams,
    SubmitSignupFormResponse,
    UpdateSignupFormParams,
)
from ._resource import Resource

__all__ = ["SignupForms"]

_LIST = endpoint("signup_forms.list")
_CREATE = endpoint("signup_forms.create")
_GET = endpoint("signup_forms.get")
_UPDATE = endpoint("signup_forms.update")
_DELETE = endpoint("signup_forms.delete")
_SUBMIT = endpoint("signup_forms.submit")


class SignupForms(Resource):
    """Signup forms (``sf_...`` ids). Every method also takes ``timeout=``, ``max_retries=``."""

    __slots__ = ()

    def list(
        self,
        params: ListSignupFormsParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListSignupFormsResponse:
        """One page of forms: ``{"data": [...], "meta": {...}}``."""
        result = self._call(_LIST, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListSignupFormsResponse, result)

    def iterate(
        self,
        params: ListSignupFormsParams | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Iterator[SignupFormDict]:
        """Every form, fetching pages as the loop needs them; ``limit`` stops early."""
        for item in self._walk(
            _LIST, params, limit=limit, timeout=timeout, max_retries=max_retries
        ):
            yield cast(SignupFormDict, item)

    def create(
        self,
        input: CreateSignupFormParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SignupFormResponse:
        """Create a form with 1 to 10 fields."""
        result = self._call(
            _CREATE,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SignupFormResponse, result)

    def get(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SignupFormResponse:
        """One form: ``{"signupForm": {...}}``."""
        result = self._call(_GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries)
        return cast(SignupFormResponse, result)

    def update(
        self,
        id: str,
        input: UpdateSignupFormParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SignupFormResponse:
        """Change the form; ``"active": False`` stops accepting submissions."""
        result = self._call(
            _UPDATE, path_params={"id": id}, body=input, timeout=timeout, max_retries=max_retries
        )
        return cast(SignupFormResponse, result)

    def delete(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Remove the form."""
        result = self._call(
            _DELETE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

    def submit(
        self,
        id: str,
        input: SubmitSignupFormParams | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SubmitSignupFormResponse:
        """Submit the form as a visitor would (the endpoint needs no key).

        Keys beyond ``email`` and the names are contact properties, hence the ``Mapping``.
        """
        result = self._call(
            _SUBMIT,
            path_params={"id": id},
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SubmitSignupFormResponse, result)

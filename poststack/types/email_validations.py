"""Typed shapes of the email validations resource (``ps.email_validations.*``)."""

from typing import Literal

from ._compat import TypedDict

__all__ = [
    "EmailValidationDict",
    "EmailValidationChecks",
    "EmailValidationResult",
    "EmailValidationsResponse",
]

EmailValidationResult = Literal["deliverable", "undeliverable", "risky", "unknown"]


class EmailValidationChecks(TypedDict):
    syntax: bool
    mx: bool
    disposable: bool
    role: bool
    free: bool


class EmailValidationDict(TypedDict):
    """The verdict on one address, with the checks behind it."""

    email: str
    result: EmailValidationResult
    checks: EmailValidationChecks
    risk: Literal["low", "medium", "high"]


class EmailValidationsResponse(TypedDict):
    results: list[EmailValidationDict]

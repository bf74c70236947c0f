"""Typed shapes of the email validations resource (``ps.email_validations.*``)."""

import sys
from typing import Literal

if sys.version_info >= (3, 12):  # typing_extensions costs a first send 10-30 ms
    from typing import TypedDict
else:  # pydantic needs typing_extensions' TypedDict before 3.12
    from typing_extensions import TypedDict

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

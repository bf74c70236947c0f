"""Typed operation handles: a call through a handle checks its payload and types its result.

``# E: <code>`` names the error mypy must report on that line, ``# P: <rule>`` the one
pyright must report.
"""

# fmt: off

from __future__ import annotations

from poststack import _ops
from poststack._sync._resource import Call
from poststack.types import CreateDomainParams, SendEmailParams, SendEmailResponse


def typed_result(call: Call, payload: SendEmailParams) -> SendEmailResponse:
    return call(_ops.EMAILS_SEND, payload)


def wrong_result(call: Call, payload: SendEmailParams) -> int:
    return call(_ops.EMAILS_SEND, payload)  # E: return-value  # P: reportReturnType


def wrong_payload(call: Call, payload: CreateDomainParams) -> object:
    return call(_ops.EMAILS_SEND, payload)  # E: misc  # P: reportArgumentType

"""Results: each marked line must be reported by mypy --strict and pyright, and nothing else.

``# E: <code>`` names the error mypy must report on that line, ``# P: <rule>`` the one
pyright must report; a line may expect an error from one checker only.
"""

# ruff: noqa: E501
# fmt: off

from __future__ import annotations

from poststack import AsyncPostStack, PostStack


def unknown_result_key(ps: PostStack) -> object:
    result = ps.emails.send({"from": "a@acme.dev", "to": ["b@example.com"]})
    return result["email_id"]  # E: typeddict-item  # P: reportGeneralTypeIssues, reportUnknownVariableType


async def missing_await(ps: AsyncPostStack) -> object:
    result = ps.emails.send({"from": "a@acme.dev", "to": ["b@example.com"]})
    return result["id"]  # E: index  # P: reportIndexIssue, reportUnknownVariableType


def optional_result_key(ps: PostStack) -> object:
    key = ps.api_keys.get(1)
    # The plaintext key exists only in create/rotate answers: pyright insists on .get().
    return key["key"]  # P: reportTypedDictNotRequiredAccess


def no_such_method(ps: PostStack) -> None:
    ps.domains.verify_now(1)  # E: attr-defined  # P: reportAttributeAccessIssue, reportUnknownMemberType


async def plain_for_over_an_async_iterator(ps: AsyncPostStack) -> None:
    for _ in ps.contacts.iterate():  # E: attr-defined  # P: reportGeneralTypeIssues, reportUnknownVariableType
        pass


def text_result_is_not_json(ps: PostStack) -> None:
    ps.contacts.export_csv()["data"]  # E: index  # P: reportArgumentType

"""Each marked line must be reported by mypy --strict and pyright, and nothing else.

``# E: <code>`` names the error mypy must report on that line, ``# P: <rule>`` the one
pyright must report; a line may expect an error from one checker only.
"""

# ruff: noqa: E501
# fmt: off

from __future__ import annotations

from poststack import PostStack


def misspelled_key(ps: PostStack) -> None:
    ps.emails.send({"from": "a@acme.dev", "to": ["b@example.com"], "subjct": "Hi"})  # E: typeddict-unknown-key  # P: reportArgumentType


def wrong_value_type(ps: PostStack) -> None:
    ps.emails.send({"from": "a@acme.dev", "to": "b@example.com"})  # E: typeddict-item  # P: reportArgumentType


def missing_required_key(ps: PostStack) -> None:
    ps.emails.send({"to": ["b@example.com"], "subject": "Hi"})  # E: typeddict-item  # P: reportArgumentType


def wrong_literal(ps: PostStack) -> None:
    ps.suppressions.add({"email": "x@example.com", "reason": "bounced"})  # E: typeddict-item  # P: reportArgumentType


def wrong_id_type(ps: PostStack) -> None:
    ps.domains.get("dom_123")  # E: arg-type  # P: reportArgumentType


def unknown_keyword(ps: PostStack) -> None:
    ps.webhooks.rotate_secret(1, grace=0)  # E: call-arg  # P: reportCallIssue


def config_of_another_channel_type(ps: PostStack) -> None:
    ps.notification_channels.create({"type": "telegram", "name": "n", "events": ["email.bounced"], "config": {"webhookUrl": "https://x"}})  # E: misc, arg-type  # P: reportArgumentType

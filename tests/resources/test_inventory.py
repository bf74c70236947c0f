"""Both clients are a drop-in superset of the official ``poststack`` 0.9.0 package.

The official public method inventory is recorded below as data (extracted once from the
0.9.0 wheel's ``resources/*.py``): for each resource attribute of the client, each public
method with its parameters in order. ``"*"`` starts the keyword-only ones, and a trailing
``"="`` marks a parameter with a default. Every method must exist on `PostStack` and
`AsyncPostStack` with compatible parameters: the same positional names in the same order
(optional where theirs are), every keyword-only one present and optional where theirs is.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from poststack import AsyncPostStack, PostStack

from ._clients import resource_classes

OFFICIAL_0_9_0: dict[str, dict[str, list[str]]] = {
    "emails": {
        "send": ["input", "*", "timeout="],
        "batch": ["input", "*", "timeout="],
        "get": ["id", "*", "timeout="],
        "list": ["params=", "*", "timeout="],
        "reschedule": ["id", "scheduled_at", "*", "timeout="],
        "cancel": ["id", "*", "timeout="],
        "get_events": ["id", "*", "timeout="],
        "get_insights": ["id", "*", "timeout="],
        "preview": ["input", "*", "timeout="],
        "spam_preview": ["input", "*", "timeout="],
    },
    "domains": {
        "create": ["input", "*", "timeout="],
        "list": ["params=", "*", "timeout="],
        "get": ["id", "*", "timeout="],
        "verify": ["id", "*", "timeout="],
        "update": ["id", "input", "*", "timeout="],
        "delete": ["id", "*", "timeout="],
        "assign_ip": ["id", "ip_address_id", "*", "timeout="],
        "unassign_ip": ["id", "*", "timeout="],
        "get_dmarc_reports": ["id", "params=", "*", "timeout="],
        "get_dmarc_stats": ["id", "days=", "*", "timeout="],
        "get_dmarc_sources": ["id", "days=", "*", "timeout="],
        "start_dkim_rotation": ["id", "*", "timeout="],
        "activate_dkim_rotation": ["id", "*", "force=", "timeout="],
        "cancel_dkim_rotation": ["id", "*", "timeout="],
        "get_inbox_placement": ["id", "days=", "*", "timeout="],
    },
    "contacts": {
        "create": ["input", "*", "timeout="],
        "list": ["params=", "*", "timeout="],
        "get": ["id", "*", "timeout="],
        "get_by_email": ["email", "*", "timeout="],
        "update": ["id", "input", "*", "timeout="],
        "delete": ["id", "*", "timeout="],
        "unsubscribe": ["id", "*", "timeout="],
        "import_": ["input", "*", "timeout="],
        "export_csv": ["*", "segment_id=", "timeout="],
    },
    "contact_properties": {
        "list": ["*", "timeout="],
        "create": ["input", "*", "timeout="],
        "update": ["id", "input", "*", "timeout="],
        "delete": ["id", "*", "timeout="],
        "option_usage": ["id", "*", "timeout="],
    },
    "segments": {
        "create": ["input", "*", "timeout="],
        "list": ["params=", "*", "timeout="],
        "get": ["id", "*", "timeout="],
        "update": ["id", "input", "*", "timeout="],
        "delete": ["id", "*", "timeout="],
        "add_contacts": ["id", "input", "*", "timeout="],
        "remove_contact": ["id", "contact_id", "*", "timeout="],
        "preview_rules": ["input", "*", "timeout="],
        "members": ["id", "params=", "*", "timeout="],
        "growth": ["id", "days=", "*", "timeout="],
        "broadcasts": ["id", "*", "timeout="],
    },
    "templates": {
        "create": ["input", "*", "timeout="],
        "list": ["params=", "*", "timeout="],
        "get": ["id", "*", "timeout="],
        "update": ["id", "input", "*", "timeout="],
        "delete": ["id", "*", "timeout="],
        "publish": ["id", "*", "timeout="],
        "unpublish": ["id", "*", "timeout="],
        "duplicate": ["id", "*", "timeout="],
        "get_presets": ["*", "timeout="],
        "use_preset": ["preset_id", "*", "timeout="],
        "render": ["id", "variables=", "*", "timeout="],
    },
    "webhooks": {
        "create": ["input", "*", "timeout="],
        "get": ["id", "*", "timeout="],
        "list": ["params=", "*", "timeout="],
        "update": ["id", "input", "*", "timeout="],
        "delete": ["id", "*", "timeout="],
        "test": ["id", "*", "timeout="],
        "rotate_secret": ["id", "*", "grace_hours=", "timeout="],
        "get_deliveries": ["id", "params=", "*", "timeout="],
        "replay": ["id", "delivery_id", "*", "timeout="],
        "verify": ["payload", "signature_header", "secret"],
        "batch_replay": ["id", "input=", "*", "timeout="],
    },
    "broadcasts": {
        "create": ["input", "*", "timeout="],
        "list": ["params=", "*", "timeout="],
        "get": ["id", "*", "timeout="],
        "update": ["id", "input", "*", "timeout="],
        "send": ["id", "*", "timeout="],
        "cancel": ["id", "*", "timeout="],
        "resend": ["id", "input=", "*", "timeout="],
        "send_test": ["id", "input", "*", "timeout="],
        "get_variants": ["id", "*", "timeout="],
        "get_variant_stats": ["id", "*", "timeout="],
        "list_performance": ["params=", "*", "timeout="],
        "performance": ["id", "*", "timeout="],
        "non_openers": ["id", "*", "limit=", "timeout="],
        "non_clickers": ["id", "*", "limit=", "timeout="],
        "end_ab_test": ["id", "*", "timeout="],
    },
    "suppressions": {
        "list": ["params=", "*", "timeout="],
        "add": ["input", "*", "timeout="],
        "remove": ["email", "*", "timeout="],
    },
    "api_keys": {
        "create": ["input", "*", "timeout="],
        "list": ["params=", "*", "timeout="],
        "get": ["id", "*", "timeout="],
        "revoke": ["id", "*", "timeout="],
        "rotate": ["id", "*", "timeout="],
    },
    "mailboxes": {
        "create": ["input", "*", "timeout="],
        "list": ["params=", "*", "timeout="],
        "get": ["id", "*", "timeout="],
        "update": ["id", "input", "*", "timeout="],
        "delete": ["id", "*", "timeout="],
        "change_password": ["id", "password", "*", "timeout="],
        "create_alias": ["input", "*", "timeout="],
        "list_aliases": ["params=", "*", "timeout="],
        "delete_alias": ["id", "*", "timeout="],
        "list_filters": ["id", "*", "timeout="],
        "set_filters": ["id", "rules", "*", "timeout="],
        "get_signature": ["id", "*", "timeout="],
        "set_signature": ["id", "signature", "*", "timeout="],
        "unread_summary": ["*", "timeout="],
        "list_shares": ["id", "*", "timeout="],
        "grant_share": ["id", "shared_with_mailbox_id", "access=", "*", "timeout="],
        "revoke_share": ["id", "target_id", "*", "timeout="],
    },
    "inbound_emails": {
        "list": ["params=", "*", "timeout="],
        "get": ["id", "*", "timeout="],
        "list_attachments": ["id", "*", "timeout="],
        "download_attachment": ["id", "attachment_id", "*", "timeout="],
        "draft_reply": ["id", "input=", "*", "timeout="],
        "reply": ["id", "input", "*", "timeout="],
        "forward": ["id", "input", "*", "timeout="],
    },
    "subscription_topics": {
        "list": ["*", "timeout="],
        "create": ["input", "*", "timeout="],
        "delete": ["id", "*", "timeout="],
        "get_contact_subscriptions": ["contact_id", "*", "timeout="],
        "subscribe": ["contact_id", "topic_id", "*", "timeout="],
        "unsubscribe": ["contact_id", "topic_id", "*", "timeout="],
        "get": ["id", "*", "timeout="],
        "update": ["id", "input", "*", "timeout="],
        "list_subscribers": ["id", "params=", "*", "timeout="],
    },
    "workflows": {
        "list": ["*", "timeout="],
        "create": ["input", "*", "timeout="],
        "get": ["id", "*", "timeout="],
        "update": ["id", "input", "*", "timeout="],
        "delete": ["id", "*", "timeout="],
        "get_graph": ["id", "*", "timeout="],
        "put_graph": ["id", "input", "*", "timeout="],
        "validate_graph": ["id", "*", "timeout="],
        "activate": ["id", "*", "timeout="],
        "pause": ["id", "*", "timeout="],
        "trigger": ["id", "input", "*", "timeout="],
        "post_event": ["input", "*", "timeout="],
    },
    "signup_forms": {
        "list": ["params=", "*", "timeout="],
        "create": ["input", "*", "timeout="],
        "get": ["id", "*", "timeout="],
        "update": ["id", "input", "*", "timeout="],
        "delete": ["id", "*", "timeout="],
        "submit": ["id", "input", "*", "timeout="],
    },
    "email_validations": {
        "validate": ["email", "*", "timeout="],
        "validate_batch": ["emails", "*", "timeout="],
    },
    "notification_channels": {
        "list": ["*", "timeout="],
        "create": ["input", "*", "timeout="],
        "get": ["id", "*", "timeout="],
        "update": ["id", "input", "*", "timeout="],
        "delete": ["id", "*", "timeout="],
        "list_deliveries": ["id", "params=", "*", "timeout="],
        "test": ["id", "*", "timeout="],
        "replay_delivery": ["id", "delivery_id", "*", "timeout="],
    },
}

#: Methods that are plain functions in both official clients (no I/O).
STATIC_METHODS = {("webhooks", "verify")}

_CASES = [
    (resource, method, params)
    for resource, methods in OFFICIAL_0_9_0.items()
    for method, params in methods.items()
]


def _client_classes() -> list[type[Any]]:
    return [PostStack, AsyncPostStack]


def _resource_type(client: type[Any], resource: str) -> type[Any]:
    annotations = resource_classes(client)
    assert resource in annotations, f"{client.__name__} has no resource {resource!r}"
    resource_type: type[Any] = annotations[resource]
    return resource_type


def _split(recorded: list[str]) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """(positional, keyword-only) lists of (name, has_default)."""
    positional: list[tuple[str, bool]] = []
    keyword: list[tuple[str, bool]] = []
    target = positional
    for item in recorded:
        if item == "*":
            target = keyword
            continue
        target.append((item.rstrip("="), item.endswith("=")))
    return positional, keyword


def test_inventory_covers_every_official_resource() -> None:
    assert len(OFFICIAL_0_9_0) == 17
    assert sum(len(methods) for methods in OFFICIAL_0_9_0.values()) == 156


@pytest.mark.parametrize("client", _client_classes(), ids=lambda c: c.__name__)
@pytest.mark.parametrize(
    ("resource", "method", "recorded"), _CASES, ids=[f"{r}.{m}" for r, m, _ in _CASES]
)
def test_official_method_is_present_and_compatible(
    client: type[Any], resource: str, method: str, recorded: list[str]
) -> None:
    resource_type = _resource_type(client, resource)
    raw = inspect.getattr_static(resource_type, method, None)
    assert raw is not None, f"{client.__name__}.{resource}.{method} is missing"
    function: Callable[..., Any] = getattr(resource_type, method)
    signature = inspect.signature(function)
    parameters = list(signature.parameters.values())
    is_static = isinstance(raw, staticmethod)
    if (resource, method) in STATIC_METHODS:
        assert is_static, f"{resource}.{method} must stay a static method"
        assert not inspect.iscoroutinefunction(function)
    else:
        assert not is_static
        assert parameters[0].name == "self"
        parameters = parameters[1:]
        if client is AsyncPostStack:
            assert inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function)
        else:
            assert not inspect.iscoroutinefunction(function)
            assert not inspect.isasyncgenfunction(function)

    positional, keyword = _split(recorded)
    ours_positional = [
        p
        for p in parameters
        if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    ]
    ours_by_name = {p.name: p for p in parameters}
    assert [p.name for p in ours_positional[: len(positional)]] == [n for n, _ in positional]
    for (name, has_default), ours in zip(positional, ours_positional, strict=False):
        if has_default:
            assert ours.default is not inspect.Parameter.empty, f"{name} must stay optional"
    # Anything we add after their positional parameters must not be required.
    for extra in ours_positional[len(positional) :]:
        assert extra.default is not inspect.Parameter.empty, f"extra required {extra.name}"
    for name, has_default in keyword:
        assert name in ours_by_name, f"keyword {name!r} missing"
        ours = ours_by_name[name]
        assert ours.kind in (
            inspect.Parameter.KEYWORD_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        )
        if has_default:
            assert ours.default is not inspect.Parameter.empty, f"{name} must stay optional"
    for ours in parameters:
        if ours.kind is inspect.Parameter.KEYWORD_ONLY and ours.name not in dict(keyword):
            assert ours.default is not inspect.Parameter.empty, f"extra required {ours.name}"


@pytest.mark.parametrize("client", _client_classes(), ids=lambda c: c.__name__)
@pytest.mark.parametrize(
    ("resource", "method", "recorded"), _CASES, ids=[f"{r}.{m}" for r, m, _ in _CASES]
)
def test_every_io_method_takes_max_retries(
    client: type[Any], resource: str, method: str, recorded: list[str]
) -> None:
    if (resource, method) in STATIC_METHODS:
        return
    function = getattr(_resource_type(client, resource), method)
    parameters = inspect.signature(function).parameters
    assert parameters["max_retries"].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters["timeout"].kind is inspect.Parameter.KEYWORD_ONLY


def test_sync_and_async_signatures_match() -> None:
    for resource in OFFICIAL_0_9_0:
        sync_type = _resource_type(PostStack, resource)
        async_type = _resource_type(AsyncPostStack, resource)
        sync_names = {n for n in dir(sync_type) if not n.startswith("_")}
        async_names = {n for n in dir(async_type) if not n.startswith("_")}
        assert sync_names == async_names, resource
        for name in sync_names:
            sync_function = getattr(sync_type, name)
            async_function = getattr(async_type, name)
            sync_sig = inspect.signature(sync_function)
            async_sig = inspect.signature(async_function)
            assert list(sync_sig.parameters) == list(async_sig.parameters), f"{resource}.{name}"
            if (resource, name) in STATIC_METHODS:
                continue
            # Our additions (the iterators) follow the same rule as the official methods.
            assert not inspect.iscoroutinefunction(sync_function), f"{resource}.{name}"
            assert not inspect.isasyncgenfunction(sync_function), f"{resource}.{name}"
            if name.startswith("iterate"):
                assert inspect.isgeneratorfunction(sync_function), f"{resource}.{name}"
                assert inspect.isasyncgenfunction(async_function), f"{resource}.{name}"
            else:
                assert inspect.iscoroutinefunction(async_function), f"{resource}.{name}"

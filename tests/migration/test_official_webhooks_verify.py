"""``WebhooksResource.verify(payload, header, secret)`` as a static call, every form the
official 0.9.0 tests accept or reject (facts from its ``tests/test_webhooks_verify.py``)."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from poststack.resources.webhooks import AsyncWebhooksResource, WebhooksResource

PAYLOAD = '{"event":"email.delivered","id":123}'


def sign(payload: str, secret: str) -> str:
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


@pytest.mark.parametrize("resource", [WebhooksResource, AsyncWebhooksResource])
def test_single_signature(resource: type[WebhooksResource]) -> None:
    assert resource.verify(PAYLOAD, f"sha256={sign(PAYLOAD, 'a')}", "a") is True
    assert resource.verify(PAYLOAD, f"sha256={sign(PAYLOAD, 'a')}", "b") is False


def test_tampered_payload() -> None:
    assert WebhooksResource.verify(PAYLOAD + " ", f"sha256={sign(PAYLOAD, 'a')}", "a") is False


def test_rotation_header_carries_both_secrets() -> None:
    header = f"sha256={sign(PAYLOAD, 'new')},sha256={sign(PAYLOAD, 'old')}"
    assert WebhooksResource.verify(PAYLOAD, header, "new") is True
    assert WebhooksResource.verify(PAYLOAD, header, "old") is True
    assert WebhooksResource.verify(PAYLOAD, header, "other") is False


def test_whitespace_and_other_schemes_are_ignored() -> None:
    header = f"sha512=deadbeef, sha256={sign(PAYLOAD, 'a')}"
    assert WebhooksResource.verify(PAYLOAD, header, "a") is True


def test_bytes_payload() -> None:
    assert WebhooksResource.verify(PAYLOAD.encode(), f"sha256={sign(PAYLOAD, 'a')}", "a") is True


@pytest.mark.parametrize(
    "header", ["", "deadbeef", "sha256=", "sha256=abc", "sha256=zzzz", "sha512=deadbeefdeadbeef"]
)
def test_malformed_headers_are_rejected(header: str) -> None:
    assert WebhooksResource.verify(PAYLOAD, header, "a") is False


def test_on_an_instance_too() -> None:
    from poststack import PostStack

    with PostStack(api_key="sk_test_x") as ps:
        assert ps.webhooks.verify(PAYLOAD, f"sha256={sign(PAYLOAD, 'a')}", "a") is True

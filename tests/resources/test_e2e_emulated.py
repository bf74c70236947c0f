"""The resources end to end against the sandbox, over the httpx and h11 transports.

Each test drives a real client through a real socket to `poststack_sandbox.Sandbox` and
checks that every answer carries the keys its `TypedDict` declares required. Resources the
sandbox does not emulate yet answer 501 ``not_emulated``; their tests skip, saying so,
rather than pass.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, get_origin, get_type_hints

import pytest
from typing_extensions import NotRequired, Required

from poststack import AsyncPostStack, PostStack, PostStackError
from poststack.types import (
    ApiKey,
    Contact,
    Domain,
    ListWebhooksResponse,
    Suppression,
    Template,
    Webhook,
    WebhookDeliveriesResponse,
    WebhookWithSecretResponse,
)
from poststack_proto import sign_payload

sandbox_module = pytest.importorskip("poststack_sandbox")

TRANSPORTS = ["httpx", "h11"]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Any]:
    with sandbox_module.Sandbox() as sb:
        yield sb


@pytest.fixture(params=TRANSPORTS)
def ps(request: pytest.FixtureRequest, sandbox: Any) -> Iterator[PostStack]:
    client = PostStack(api_key=sandbox.api_key, base_url=sandbox.url, transport=request.param)
    with client:
        yield client


def _required_keys(shape: Any) -> set[str]:
    # Not ``__required_keys__``: under ``from __future__ import annotations`` the runtime
    # cannot see NotRequired inside string annotations; get_type_hints evaluates them.
    hints = get_type_hints(shape, include_extras=True)
    required = set()
    for key, hint in hints.items():
        origin = get_origin(hint)
        if origin is NotRequired or (origin is not Required and not shape.__total__):
            continue
        required.add(key)
    return required


def _has_required_keys(value: Any, shape: Any) -> None:
    missing = _required_keys(shape) - set(value)
    assert not missing, f"{shape.__name__} answer lacks {sorted(missing)}: {value}"


@contextmanager
def emulated(what: str) -> Iterator[None]:
    try:
        yield
    except PostStackError as exc:
        if exc.status_code == 501 and exc.code == "not_emulated":
            pytest.skip(f"the sandbox does not emulate {what} yet")
        raise


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def test_webhooks_lifecycle(ps: PostStack) -> None:
    with emulated("webhooks"):
        made = ps.webhooks.create({"url": "https://example.com/hook", "events": ["email.sent"]})
    _has_required_keys(made, WebhookWithSecretResponse)
    webhook = made["webhook"]
    _has_required_keys(webhook, Webhook)
    hook_id = webhook["id"]

    assert ps.webhooks.get(hook_id)["webhook"]["url"] == "https://example.com/hook"
    listed = ps.webhooks.list()
    _has_required_keys(listed, ListWebhooksResponse)
    assert hook_id in [w["id"] for w in listed["webhooks"]]

    updated = ps.webhooks.update(hook_id, {"events": ["email.delivered"], "enabled": False})
    assert updated["webhook"]["events"] == ["email.delivered"]
    assert updated["webhook"]["active"] is False

    rotated = ps.webhooks.rotate_secret(hook_id, grace_hours=0)
    assert rotated["signingSecret"] != made["signingSecret"]
    assert rotated["webhook"]["previousSecretExpiresAt"] is None
    body = b'{"type":"email.sent"}'
    header = sign_payload(body, rotated["signingSecret"])
    assert ps.webhooks.verify(body, header, rotated["signingSecret"])
    assert not ps.webhooks.verify(body, header, made["signingSecret"])

    deliveries = ps.webhooks.get_deliveries(hook_id, {"page": 1, "per_page": 10})
    _has_required_keys(deliveries, WebhookDeliveriesResponse)
    assert ps.webhooks.delete(hook_id) == {"success": True}
    with pytest.raises(PostStackError) as caught:
        ps.webhooks.get(hook_id)
    assert caught.value.status_code == 404


def test_domains_lifecycle(ps: PostStack) -> None:
    name = f"{_unique('d')}.example"
    with emulated("domains"):
        created = ps.domains.create({"name": name})
    domain = created["domain"]
    _has_required_keys(domain, Domain)
    assert domain["name"] == name
    assert domain["dnsRecords"]
    assert ps.domains.get(domain["id"])["domain"]["name"] == name
    assert domain["id"] in [d["id"] for d in ps.domains.list()["domains"]]
    updated = ps.domains.update(domain["id"], {"open_tracking": True})
    assert updated["domain"]["openTracking"] is True
    verifying = ps.domains.verify(domain["id"])
    assert verifying["domain"]["id"] == domain["id"]
    assert ps.domains.delete(domain["id"]) == {"success": True}


def test_contacts_lifecycle(ps: PostStack) -> None:
    tag = _unique("c")
    with emulated("contacts"):
        made = ps.contacts.create({"email": f"{tag}-0@example.com", "first_name": "Ada"})
    contact = made["contact"]
    _has_required_keys(contact, Contact)
    assert ps.contacts.get(contact["publicId"])["contact"]["email"] == f"{tag}-0@example.com"
    by_email = ps.contacts.get_by_email(f"{tag}-0@example.com")
    assert by_email["contact"]["publicId"] == contact["publicId"]
    assert ps.contacts.update(contact["publicId"], {"last_name": "L"})["contact"]["lastName"] == "L"

    imported = ps.contacts.import_(
        {"contacts": [{"email": f"{tag}-{n}@example.com"} for n in range(1, 6)]}
    )
    assert imported["imported"] == 5
    emails = [c["email"] for c in ps.contacts.iterate({"search": tag, "per_page": 2})]
    assert sorted(emails) == sorted(f"{tag}-{n}@example.com" for n in range(6))
    assert len(list(ps.contacts.iterate({"search": tag, "per_page": 2}, limit=3))) == 3

    csv = ps.contacts.export_csv()
    assert isinstance(csv, str)
    assert f"{tag}-0@example.com" in csv
    assert ps.contacts.delete(contact["publicId"]) == {"success": True}


def test_templates_lifecycle(ps: PostStack) -> None:
    with emulated("templates"):
        made = ps.templates.create(
            {"name": _unique("t"), "subject": "Hi {{name}}", "html": "<p>Hi {{name}}</p>"}
        )
    template = made["template"]
    _has_required_keys(template, Template)
    assert template["published"] is False
    assert ps.templates.publish(template["publicId"])["template"]["published"] is True
    ids = [t["publicId"] for t in ps.templates.iterate({"per_page": 1})]
    assert template["publicId"] in ids
    copy = ps.templates.duplicate(template["publicId"])["template"]
    assert copy["publicId"] != template["publicId"]
    assert ps.templates.delete(copy["publicId"]) == {"success": True}
    assert ps.templates.delete(template["publicId"]) == {"success": True}


def test_suppressions_lifecycle(ps: PostStack) -> None:
    address = f"{_unique('s')}@example.com"
    with emulated("suppressions"):
        added = ps.suppressions.add({"email": address, "reason": "manual"})
    assert added == {"success": True}
    found = [s for s in ps.suppressions.iterate({"per_page": 2}) if s["email"] == address]
    assert len(found) == 1
    _has_required_keys(found[0], Suppression)
    assert found[0]["reason"] == "manual"
    assert ps.suppressions.remove(address) == {"success": True}
    assert address not in [s["email"] for s in ps.suppressions.iterate()]


def test_api_keys_lifecycle(ps: PostStack) -> None:
    with emulated("api keys"):
        key = ps.api_keys.create({"name": _unique("k"), "permission": "sending_access"})
    _has_required_keys(key, ApiKey)
    assert key.get("key", "").startswith("sk_")
    assert "key" not in ps.api_keys.get(key["id"])
    assert key["id"] in [k["id"] for k in ps.api_keys.list()["keys"]]
    rotated = ps.api_keys.rotate(key["id"])
    assert rotated.get("key") not in (None, key.get("key"))
    assert ps.api_keys.revoke(rotated["id"]) == {"success": True}


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_async_client_pages_and_reads(sandbox: Any, transport: str) -> None:
    async def scenario() -> None:
        async with AsyncPostStack(
            api_key=sandbox.api_key, base_url=sandbox.url, transport=transport
        ) as ps:
            with emulated("webhooks"):
                made = await ps.webhooks.create(
                    {"url": "https://example.com/async", "events": ["email.sent"]}
                )
            hook_id = made["webhook"]["id"]
            assert (await ps.webhooks.get(hook_id))["webhook"]["id"] == hook_id
            await ps.webhooks.delete(hook_id)
            with emulated("contacts"):
                tag = _unique("a")
                for n in range(3):
                    await ps.contacts.create({"email": f"{tag}-{n}@example.com"})
            seen = [c["email"] async for c in ps.contacts.iterate({"search": tag, "per_page": 1})]
            assert len(seen) == 3

    asyncio.run(scenario())

"""The resources end to end against the sandbox, over the httpx and h11 transports.

Each test drives a real client through a real socket to `poststack_sandbox.Sandbox`, and
every answer must fit the method's declared return type, checked recursively at run time
(`_shapes.checked`). Resources the sandbox does not emulate answer 501 ``not_emulated``;
their tests skip, saying so, rather than pass.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from poststack import AsyncPostStack, PostStack, PostStackError
from poststack_proto import sign_payload

from ._shapes import checked, mismatches

sandbox_module = pytest.importorskip("poststack_sandbox")

TRANSPORTS = ["httpx", "h11"]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Any]:
    with sandbox_module.Sandbox(domains=["example.com", "yourdomain.com", "acme.dev"]) as sb:
        yield sb


@pytest.fixture(params=TRANSPORTS)
def ps(request: pytest.FixtureRequest, sandbox: Any) -> Iterator[PostStack]:
    client = PostStack(api_key=sandbox.api_key, base_url=sandbox.url, transport=request.param)
    with client:
        yield client


@contextmanager
def emulated(what: str) -> Generator[None, None, None]:
    try:
        yield
    except PostStackError as exc:
        if exc.status_code == 501 and exc.code == "not_emulated":
            pytest.skip(f"the sandbox does not emulate {what} yet")
        raise


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def _status_of(call: Any, *args: Any) -> int:
    with pytest.raises(PostStackError) as caught:
        call(*args)
    return caught.value.status_code


def test_webhooks_lifecycle(ps: PostStack) -> None:
    with emulated("webhooks"):
        made = checked(
            ps.webhooks.create, {"url": "https://example.com/hook", "events": ["email.sent"]}
        )
    hook_id = made["webhook"]["id"]
    assert checked(ps.webhooks.get, hook_id)["webhook"]["url"] == "https://example.com/hook"
    assert hook_id in [w["id"] for w in checked(ps.webhooks.list)["webhooks"]]

    updated = checked(ps.webhooks.update, hook_id, {"events": ["email.delivered"]})
    assert updated["webhook"]["events"] == ["email.delivered"]
    assert checked(ps.webhooks.update, hook_id, {"enabled": False})["webhook"]["active"] is False

    rotated = checked(ps.webhooks.rotate_secret, hook_id, grace_hours=0)
    assert rotated["signingSecret"] != made["signingSecret"]
    assert rotated["webhook"]["previousSecretExpiresAt"] is None
    body = b'{"type":"email.sent"}'
    header = sign_payload(body, rotated["signingSecret"])
    assert ps.webhooks.verify(body, header, rotated["signingSecret"])
    assert not ps.webhooks.verify(body, header, made["signingSecret"])

    checked(ps.webhooks.get_deliveries, hook_id, {"page": 1, "per_page": 10})
    assert checked(ps.webhooks.delete, hook_id) == {"success": True}
    assert _status_of(ps.webhooks.get, hook_id) == 404


def test_webhook_rotation_with_grace_keeps_both_secrets(ps: PostStack) -> None:
    with emulated("webhooks"):
        made = checked(ps.webhooks.create, {"url": "https://example.com/g", "events": ["*"]})
    rotated = checked(ps.webhooks.rotate_secret, made["webhook"]["id"])
    assert rotated["webhook"]["previousSecretExpiresAt"] is not None
    checked(ps.webhooks.delete, made["webhook"]["id"])


def test_domains_lifecycle(ps: PostStack) -> None:
    name = f"{_unique('d')}.example"
    with emulated("domains"):
        domain = checked(ps.domains.create, {"name": name, "tls_mode": "opportunistic"})["domain"]
    assert domain["name"] == name
    assert {r["purpose"] for r in domain["dnsRecords"]} >= {"spf", "dkim"}
    assert checked(ps.domains.get, domain["id"])["domain"]["name"] == name
    assert domain["id"] in [d["id"] for d in checked(ps.domains.list)["domains"]]
    updated = checked(ps.domains.update, domain["id"], {"open_tracking": True})
    assert updated["domain"]["openTracking"] is True
    verifying = checked(ps.domains.verify, domain["id"])
    assert verifying["domain"]["id"] == domain["id"]
    assert _status_of(ps.domains.create, {"name": name}) == 409
    assert checked(ps.domains.delete, domain["id"]) == {"success": True}
    assert _status_of(ps.domains.get, domain["id"]) == 404


def test_contacts_lifecycle(ps: PostStack) -> None:
    tag = _unique("c")
    first = f"{tag}-0@example.com"
    with emulated("contacts"):
        contact = checked(ps.contacts.create, {"email": first, "first_name": "Ada"})["contact"]
    public_id = contact["publicId"]
    assert checked(ps.contacts.get, public_id)["contact"]["email"] == first
    assert checked(ps.contacts.get_by_email, first)["contact"]["publicId"] == public_id
    updated = checked(ps.contacts.update, public_id, {"last_name": "L", "properties": {"p": "1"}})
    assert updated["contact"]["lastName"] == "L"
    assert _status_of(ps.contacts.create, {"email": first}) == 409

    imported = checked(
        ps.contacts.import_,
        {"contacts": [{"email": f"{tag}-{n}@example.com"} for n in range(6)]},
    )
    assert (imported["imported"], imported["skipped"]) == (5, 1)
    listed = checked(ps.contacts.list, {"search": tag, "per_page": 2})
    assert listed["meta"]["total"] == 6
    emails = [c["email"] for c in ps.contacts.iterate({"search": tag, "per_page": 2})]
    assert sorted(emails) == sorted(f"{tag}-{n}@example.com" for n in range(6))
    assert len(list(ps.contacts.iterate({"search": tag, "per_page": 2}, limit=3))) == 3

    unsubscribed = checked(ps.contacts.unsubscribe, public_id)
    assert unsubscribed["contact"]["unsubscribed"] is True
    csv = checked(ps.contacts.export_csv)
    assert first in csv
    assert checked(ps.contacts.delete, public_id) == {"success": True}
    assert _status_of(ps.contacts.get, public_id) == 404


def test_templates_lifecycle(ps: PostStack) -> None:
    with emulated("templates"):
        template = checked(
            ps.templates.create,
            {
                "name": _unique("t"),
                "subject": "Hi {{name}}",
                "html": "<p>Hi {{name}} from {{company}}</p>",
            },
        )["template"]
    public_id = template["publicId"]
    assert template["published"] is False
    assert checked(ps.templates.publish, public_id)["template"]["published"] is True
    assert checked(ps.templates.unpublish, public_id)["template"]["published"] is False
    changed = checked(ps.templates.update, public_id, {"subject": "Hello {{name}}"})
    assert changed["template"]["subject"] == "Hello {{name}}"
    rendered = checked(ps.templates.render, public_id, {"name": "Ada"})
    assert rendered["subject"] == "Hello Ada"
    assert rendered["missing_variables"] == ["company"]
    assert public_id in [t["publicId"] for t in ps.templates.iterate({"per_page": 1})]
    copy = checked(ps.templates.duplicate, public_id)["template"]
    assert copy["publicId"] != public_id
    assert checked(ps.templates.delete, copy["publicId"]) == {"success": True}
    assert checked(ps.templates.delete, public_id) == {"success": True}


def test_template_presets(ps: PostStack) -> None:
    with emulated("template presets"):
        presets = checked(ps.templates.get_presets)["data"]
    assert presets
    made = checked(ps.templates.use_preset, presets[0]["id"])["template"]
    assert made["published"] is False
    checked(ps.templates.delete, made["publicId"])


def test_suppressions_lifecycle(ps: PostStack) -> None:
    address = f"{_unique('s')}@example.com"
    with emulated("suppressions"):
        assert checked(ps.suppressions.add, {"email": address, "reason": "manual"}) == {
            "success": True
        }
    checked(ps.suppressions.list, {"per_page": 2})
    found = [s for s in ps.suppressions.iterate({"per_page": 2}) if s["email"] == address]
    assert len(found) == 1
    assert found[0]["reason"] == "manual"
    assert checked(ps.suppressions.remove, address) == {"success": True}
    assert address not in [s["email"] for s in ps.suppressions.iterate()]


def test_api_keys_lifecycle(ps: PostStack) -> None:
    with emulated("api keys"):
        key = checked(ps.api_keys.create, {"name": _unique("k"), "permission": "sending_access"})
    assert key.get("key", "").startswith("sk_")
    assert "key" not in checked(ps.api_keys.get, key["id"])
    assert key["id"] in [k["id"] for k in checked(ps.api_keys.list)["keys"]]
    rotated = checked(ps.api_keys.rotate, key["id"])
    assert rotated.get("key") not in (None, key.get("key"))
    assert checked(ps.api_keys.revoke, rotated["id"]) == {"success": True}


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
            got = await ps.webhooks.get(hook_id)
            assert not mismatches(got, dict[str, Any])
            assert got["webhook"]["id"] == hook_id
            await ps.webhooks.delete(hook_id)
            tag = _unique("a")
            with emulated("contacts"):
                for n in range(3):
                    await ps.contacts.create({"email": f"{tag}-{n}@example.com"})
            seen = [c["email"] async for c in ps.contacts.iterate({"search": tag, "per_page": 1})]
            assert len(seen) == 3

    asyncio.run(scenario())

"""The models of ``poststack.types`` validate real answers: those of a live sandbox, for
every resource it emulates, read the official way (``Email.model_validate(raw)``)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from poststack import PostStack
from poststack.types._models import (
    ApiKey,
    Contact,
    CreateWebhookResult,
    Domain,
    Email,
    EmailEvent,
    EmailInsightWarning,
    ImportContactsResult,
    PaginationMeta,
    Suppression,
    Template,
    TemplatePreset,
    Webhook,
)
from poststack_sandbox import Sandbox


@pytest.fixture
def ps(sb: Sandbox) -> Iterator[PostStack]:
    with PostStack(api_key=sb.api_key, base_url=sb.url) as client:
        yield client


def delivered(ps: PostStack, email_id: str) -> dict[str, object]:
    # Delivery may be asynchronous: poll, bounded, until the email is delivered.
    deadline = time.monotonic() + 10
    while True:
        email = dict(ps.emails.get(email_id)["email"])
        if email["status"] == "delivered" or time.monotonic() > deadline:
            return email
        time.sleep(0.05)


def test_email_and_its_events(ps: PostStack) -> None:
    sent = ps.emails.send(
        {"from": "Sender <sender@example.com>", "to": ["a@example.org"], "subject": "Hi",
         "html": "<p>x</p>", "tags": ["welcome"]}
    )  # fmt: skip
    raw = delivered(ps, sent["id"])
    email = Email.model_validate(raw)
    assert (email.public_id, email.from_address, email.from_name) == (
        sent["id"], "sender@example.com", "Sender"
    )  # fmt: skip
    assert (email.to_addresses, email.subject, email.tags, email.status) == (
        ["a@example.org"], "Hi", ["welcome"], "delivered"
    )  # fmt: skip
    assert email.test_mode is True  # a sk_test_ key
    assert email.events is not None
    assert [event.type for event in email.events] == ["queued", "sent", "delivered"]
    assert all(event.timestamp for event in email.events)
    assert email.model_extra is not None
    assert email.model_extra["spamScore"] == raw["spamScore"]  # undeclared fields are kept

    listed = ps.emails.list()
    assert [Email.model_validate(item).public_id for item in listed["data"]] == [sent["id"]]
    meta = PaginationMeta.model_validate(listed["meta"])
    assert (meta.page, meta.per_page, meta.total, meta.total_pages) == (1, 20, 1, 1)

    events = ps.emails.get_events(sent["id"])["events"]
    assert [EmailEvent.model_validate(e).type for e in events] == ["queued", "sent", "delivered"]
    warnings = ps.emails.get_insights(sent["id"])["warnings"]
    assert all(EmailInsightWarning.model_validate(w).severity in ("warning", "info")
               for w in warnings)  # fmt: skip


def test_cancelled_email_validates(ps: PostStack) -> None:
    sent = ps.emails.send(
        {"from": "sender@example.com", "to": ["a@example.org"], "subject": "Later",
         "text": "t", "scheduled_at": "2099-01-01T00:00:00Z"}
    )  # fmt: skip
    ps.emails.cancel(sent["id"])
    email = Email.model_validate(ps.emails.get(sent["id"])["email"])
    # The reference names no cancelled status: the sandbox records a cancelled email as
    # failed (docs/sandbox.md); the model accepts what the API sends either way.
    assert (email.status, email.scheduled_at) == ("failed", "2099-01-01T00:00:00.000Z")


def test_domain(ps: PostStack) -> None:
    created = ps.domains.create({"name": "models.example.com"})["domain"]
    domain = Domain.model_validate(created)
    assert (domain.name, domain.status, domain.region, domain.tls_mode) == (
        "models.example.com", "pending", "eu-west-1", "opportunistic"
    )  # fmt: skip
    assert {record.purpose for record in domain.dns_records} >= {"spf", "dkim", "dmarc"}
    verified = Domain.model_validate(ps.domains.verify(domain.id)["domain"])
    assert verified.status == "verified"
    assert verified.verified_at is not None
    assert all(record.verified for record in verified.dns_records)
    listed = [Domain.model_validate(d) for d in ps.domains.list()["domains"]]
    assert domain.id in [d.id for d in listed]


def test_contact_and_import(ps: PostStack) -> None:
    raw = ps.contacts.create(
        {"email": "c@example.org", "first_name": "Ada", "properties": {"plan": "pro"}}
    )["contact"]
    contact = Contact.model_validate(raw)
    assert (contact.email, contact.first_name, contact.last_name) == ("c@example.org", "Ada", None)
    assert (contact.unsubscribed, contact.properties) == (False, {"plan": "pro"})
    assert contact.public_id.startswith("con_")
    result = ImportContactsResult.model_validate(
        ps.contacts.import_({"contacts": [{"email": "d@example.org"}, {"email": "c@example.org"}]})
    )
    assert (result.imported, result.skipped, result.errors) == (1, 1, [])


def test_template_and_presets(ps: PostStack) -> None:
    raw = ps.templates.create({"name": "n", "subject": "Hi {{name}}", "html": "<p>{{name}}</p>"})
    template = Template.model_validate(raw["template"])
    assert (template.subject, template.html_body, template.variables) == (
        "Hi {{name}}", "<p>{{name}}</p>", ["name"]
    )  # fmt: skip
    assert (template.published, template.version) == (False, 1)
    presets = [TemplatePreset.model_validate(p) for p in ps.templates.get_presets()["data"]]
    assert presets
    assert all(preset.subject and preset.html for preset in presets)


def test_webhook_create_get_and_rotate(ps: PostStack) -> None:
    created = CreateWebhookResult.model_validate(
        ps.webhooks.create({"url": "https://hooks.example.com/x", "events": ["email.delivered"]})
    )
    assert created.signing_secret.startswith("whsec_")
    assert (created.webhook.url, created.webhook.events) == (
        "https://hooks.example.com/x", ["email.delivered"]
    )  # fmt: skip
    webhook = Webhook.model_validate(ps.webhooks.get(created.webhook.id)["webhook"])
    assert (webhook.active, webhook.secret_rotated_at) == (True, None)
    rotated = CreateWebhookResult.model_validate(ps.webhooks.rotate_secret(webhook.id))
    assert rotated.signing_secret != created.signing_secret
    assert rotated.webhook.previous_secret_expires_at is not None
    listed = [Webhook.model_validate(w) for w in ps.webhooks.list()["webhooks"]]
    assert [w.id for w in listed] == [webhook.id]


def test_api_key(ps: PostStack) -> None:
    created = ApiKey.model_validate(
        ps.api_keys.create({"name": "ci", "permission": "sending_access"})
    )
    assert created.key is not None
    assert created.key.startswith(created.key_prefix)
    fetched = ApiKey.model_validate(ps.api_keys.get(created.id))
    assert (fetched.key, fetched.name, fetched.permission, fetched.mode) == (
        None, "ci", "sending_access", "live"
    )  # fmt: skip
    assert [ApiKey.model_validate(k).id for k in ps.api_keys.list()["keys"]] == [created.id]


def test_suppression(ps: PostStack) -> None:
    ps.suppressions.add({"email": "s@example.org", "reason": "manual"})
    (item,) = ps.suppressions.list()["data"]
    suppression = Suppression.model_validate(item)
    assert (suppression.email, suppression.reason) == ("s@example.org", "manual")

"""Checked clean by mypy --strict and pyright strict: results of several resources are typed."""

from __future__ import annotations

from typing import Literal

from typing_extensions import assert_type

from poststack import AsyncPostStack, PostStack
from poststack.types import (
    ApiKeyDict,
    ContactDict,
    DnsRecordDict,
    DomainStatus,
    MailboxAliasDict,
    SuppressionReason,
    TopicSubscriber,
    WebhookDict,
)


def domains(ps: PostStack) -> None:
    created = ps.domains.create({"name": "acme.dev", "tls_mode": "enforced"})
    domain = created["domain"]
    assert_type(domain["id"], int)
    assert_type(domain["status"], DomainStatus)
    assert_type(domain["dnsRecords"], list[DnsRecordDict])
    reports = ps.domains.get_dmarc_reports(domain["id"], {"page": 1, "per_page": 50})
    assert_type(reports["pagination"]["totalPages"], int)
    rotation = ps.domains.activate_dkim_rotation(domain["id"], force=True)["rotation"]
    assert_type(rotation["pendingSelector"], str | None)


def contacts(ps: PostStack) -> str:
    contact = ps.contacts.create({"email": "a@example.com", "first_name": "Ada"})["contact"]
    assert_type(contact["publicId"], str)
    assert_type(contact["engagementSegment"], Literal["active", "at_risk", "dormant"])
    imported = ps.contacts.import_({"contacts": [{"email": "b@example.com"}]})
    assert_type(imported["errors"], list[str])
    for member in ps.segments.iterate_members("seg_1", {"per_page": 100}):
        assert_type(member, ContactDict)
    csv = ps.contacts.export_csv(segment_id="seg_1")
    assert_type(csv, str)
    return csv


async def webhooks_and_keys(ps: AsyncPostStack) -> bytes:
    made = await ps.webhooks.create({"url": "https://example.com/hook", "events": ["email.sent"]})
    assert_type(made["signingSecret"], str)
    assert_type(made["webhook"], WebhookDict)
    rotated = await ps.webhooks.rotate_secret(made["webhook"]["id"], grace_hours=0)
    assert_type(rotated["signingSecret"], str)
    ok = ps.webhooks.verify(b"{}", "sha256=00", rotated["signingSecret"])
    assert_type(ok, bool)
    key = await ps.api_keys.create({"name": "ci", "permission": "sending_access"})
    assert_type(key, ApiKeyDict)
    assert_type(key.get("key"), str | None)
    async for alias in ps.mailboxes.iterate_aliases(limit=10):
        assert_type(alias, MailboxAliasDict)
    async for subscriber in ps.subscription_topics.iterate_subscribers("top_1"):
        assert_type(subscriber, TopicSubscriber)
    page = await ps.suppressions.list({"per_page": 100})
    assert_type(page["data"][0]["reason"], SuppressionReason)
    assert_type(page["meta"]["totalPages"], int)
    return await ps.inbound_emails.download_attachment(1, 2)


def broadcasts(ps: PostStack) -> None:
    made = ps.broadcasts.create(
        {
            "segment_id": "seg_1",
            "from": "news@acme.dev",
            "subject": "News",
            "ab_test": {
                "variants": [
                    {"name": "A", "subject": "News A", "weight": 50},
                    {"name": "B", "subject": "News B", "weight": 50},
                ]
            },
        }
    )
    assert_type(
        made["broadcast"]["status"], Literal["draft", "queued", "sending", "sent", "cancelled"]
    )
    stats = ps.broadcasts.get_variant_stats(made["broadcast"]["publicId"])
    assert_type(stats["winnerVariantId"], int | None)
    validation = ps.email_validations.validate("a@example.com")
    assert_type(validation["checks"]["mx"], bool)


def alerts(ps: PostStack) -> None:
    slack = ps.notification_channels.create(
        {
            "type": "slack",
            "name": "ops",
            "events": ["email.bounced"],
            "config": {"webhookUrl": "https://hooks.slack.com/services/x"},
        }
    )
    assert_type(slack["channel"]["configSummary"], dict[str, str])
    ps.notification_channels.create(
        {
            "type": "telegram",
            "name": "pager",
            "events": ["email.complained"],
            "config": {"botToken": "123:abc", "chatId": "42"},
            "domainId": 3,
        }
    )
    rules = ps.mailboxes.set_filters(
        "mb_1",
        [{"name": "n", "field": "subject", "operator": "contains", "value": "x", "action": "stop"}],
    )["rules"]
    assert_type(rules[0]["position"], int)
    graph = ps.workflows.put_graph(
        "wf_1",
        {
            "nodes": [
                {"public_id": "t", "type": "trigger", "config": {}, "canvas_x": 0, "canvas_y": 0}
            ],
            "edges": [{"from_public_id": "t", "to_public_id": "s"}],
        },
    )["graph"]
    assert_type(graph["edges"][0]["branch"], Literal["match", "no_match"] | None)

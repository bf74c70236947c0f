"""Every endpoint of both clients builds exactly the request the API expects.

One row per public method: the call, then the method, the path and query, the JSON body
(or none) that must go out, and whether the request carries an ``Idempotency-Key`` (every
POST does; nothing else may). Both `PostStack` and `AsyncPostStack` are driven through an
in-memory transport that records the `Request` and answers a canned 2xx.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest

from poststack import AsyncPostStack, PostStack, PostStackError
from poststack.testing import AsyncMockTransport, MockTransport, json_response
from poststack_proto import ENDPOINTS, Request, Response

from ._clients import resource_classes

BASE_URL = "https://api.poststack.test"
NO_BODY = object()
SEND = {"from": "Acme <hi@acme.dev>", "to": ["a@example.com"], "subject": "Hi", "html": "<p>Hi"}


@dataclass(frozen=True)
class Row:
    name: str  # "<resource>.<method>", the endpoint the call must hit
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    method: str
    target: str  # path and query, exactly
    body: Any = NO_BODY
    call: str = ""  # the method to call, when it differs from the endpoint's
    answer: Response = field(default_factory=lambda: json_response(200, {"ok": True}))

    @property
    def resource(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def function(self) -> str:
        return self.call or self.name.split(".", 1)[1]


def R(name: str, *args: Any, method: str, target: str, body: Any = NO_BODY, **kw: Any) -> Row:
    answer = kw.pop("answer", None)
    if answer is None:
        return Row(name, args, kw, method, target, body)
    return Row(name, args, kw, method, target, body, answer=answer)


CSV = Response(200, (("Content-Type", "text/csv"),), b"email\na@example.com\n")
PNG = Response(200, (("Content-Type", "image/png"),), b"\x89PNG\r\n\x1a\n\x00\xff")
RULE = {"name": "n", "field": "from", "operator": "contains", "value": "x", "action": "discard"}

ROWS: list[Row] = [
    # emails
    R("emails.send", SEND, method="POST", target="/emails", body=SEND),
    R(
        "emails.batch",
        {"emails": [SEND]},
        method="POST",
        target="/emails/batch",
        body={"emails": [SEND]},
    ),
    R("emails.get", "em_1", method="GET", target="/emails/em_1"),
    R(
        "emails.list",
        {"page": 2, "status": "bounced", "from": "x"},
        method="GET",
        target="/emails?page=2&status=bounced&from=x",
    ),
    R(
        "emails.reschedule",
        "em_1",
        "2030-01-01T00:00:00Z",
        method="PATCH",
        target="/emails/em_1",
        body={"scheduled_at": "2030-01-01T00:00:00Z"},
    ),
    R("emails.cancel", "em_1", method="POST", target="/emails/em_1/cancel"),
    R("emails.get_events", "em_1", method="GET", target="/emails/em_1/events"),
    R("emails.get_insights", "em_1", method="GET", target="/emails/em_1/insights"),
    R("emails.preview", SEND, method="POST", target="/emails/preview", body=SEND),
    R("emails.spam_preview", SEND, method="POST", target="/emails/spam-preview", body=SEND),
    # domains
    R(
        "domains.create",
        {"name": "acme.dev", "tls_mode": "enforced"},
        method="POST",
        target="/domains",
        body={"name": "acme.dev", "tls_mode": "enforced"},
    ),
    R("domains.list", method="GET", target="/domains"),
    R("domains.get", 7, method="GET", target="/domains/7"),
    R("domains.verify", 7, method="POST", target="/domains/7/verify"),
    R(
        "domains.update",
        7,
        {"tracking_domain": None},
        method="PATCH",
        target="/domains/7",
        body={"tracking_domain": None},
    ),
    R("domains.delete", 7, method="DELETE", target="/domains/7"),
    R("domains.assign_ip", 7, 3, method="POST", target="/domains/7/ip", body={"ipAddressId": 3}),
    R("domains.unassign_ip", 7, method="DELETE", target="/domains/7/ip"),
    R(
        "domains.get_dmarc_reports",
        7,
        {"page": 2, "per_page": 50},
        method="GET",
        target="/domains/7/dmarc/reports?page=2&perPage=50",
    ),
    R("domains.get_dmarc_stats", 7, 30, method="GET", target="/domains/7/dmarc/stats?days=30"),
    R("domains.get_dmarc_sources", 7, method="GET", target="/domains/7/dmarc/sources"),
    R("domains.start_dkim_rotation", 7, method="POST", target="/domains/7/dkim/rotate"),
    R(
        "domains.activate_dkim_rotation",
        7,
        force=True,
        method="POST",
        target="/domains/7/dkim/rotate/activate?force=true",
    ),
    R("domains.cancel_dkim_rotation", 7, method="DELETE", target="/domains/7/dkim/rotate"),
    R("domains.get_inbox_placement", 7, 14, method="GET", target="/domains/7/placement?days=14"),
    # contacts
    R(
        "contacts.create",
        {"email": "a@example.com", "properties": {"plan": "pro"}},
        method="POST",
        target="/contacts",
        body={"email": "a@example.com", "properties": {"plan": "pro"}},
    ),
    R(
        "contacts.list",
        {"segment_id": "seg_1", "unsubscribed": False, "per_page": 10},
        method="GET",
        target="/contacts?segment_id=seg_1&unsubscribed=false&per_page=10",
    ),
    R("contacts.get", "con_1", method="GET", target="/contacts/con_1"),
    R(
        "contacts.get_by_email",
        "a+b@example.com",
        method="GET",
        target="/contacts/by-email/a%2Bb%40example.com",
    ),
    R(
        "contacts.update",
        "con_1",
        {"first_name": "Ada"},
        method="PATCH",
        target="/contacts/con_1",
        body={"first_name": "Ada"},
    ),
    R("contacts.delete", "con_1", method="DELETE", target="/contacts/con_1"),
    R("contacts.unsubscribe", "con_1", method="POST", target="/contacts/con_1/unsubscribe"),
    R(
        "contacts.import_",
        {"contacts": [{"email": "a@example.com"}]},
        method="POST",
        target="/contacts/import",
        body={"contacts": [{"email": "a@example.com"}]},
    ),
    R(
        "contacts.export_csv",
        segment_id="seg_1",
        method="GET",
        target="/contacts/export?segment_id=seg_1",
        answer=CSV,
    ),
    # contact properties
    R("contact_properties.list", method="GET", target="/contact-properties"),
    R(
        "contact_properties.create",
        {"name": "plan", "label": "Plan", "type": "select", "options": ["a", "b"]},
        method="POST",
        target="/contact-properties",
        body={"name": "plan", "label": "Plan", "type": "select", "options": ["a", "b"]},
    ),
    R(
        "contact_properties.update",
        4,
        {"required": True},
        method="PATCH",
        target="/contact-properties/4",
        body={"required": True},
    ),
    R("contact_properties.delete", 4, method="DELETE", target="/contact-properties/4"),
    R(
        "contact_properties.option_usage",
        4,
        method="GET",
        target="/contact-properties/4/option-usage",
    ),
    # segments
    R(
        "segments.create",
        {"name": "VIP", "rules": None},
        method="POST",
        target="/segments",
        body={"name": "VIP", "rules": None},
    ),
    R("segments.list", {"page": 1}, method="GET", target="/segments?page=1"),
    R("segments.get", "seg_1", method="GET", target="/segments/seg_1"),
    R(
        "segments.update",
        "seg_1",
        {"name": "VIPs"},
        method="PATCH",
        target="/segments/seg_1",
        body={"name": "VIPs"},
    ),
    R("segments.delete", "seg_1", method="DELETE", target="/segments/seg_1"),
    R(
        "segments.add_contacts",
        "seg_1",
        {"contact_ids": ["con_1", "con_2"]},
        method="POST",
        target="/segments/seg_1/contacts",
        body={"contact_ids": ["con_1", "con_2"]},
    ),
    R(
        "segments.remove_contact",
        "seg_1",
        "con_2",
        method="DELETE",
        target="/segments/seg_1/contacts/con_2",
    ),
    R(
        "segments.preview_rules",
        {"rules": {"operator": "and", "conditions": [{"field": "email", "comparator": "is_set"}]}},
        method="POST",
        target="/segments/preview",
        body={
            "rules": {"operator": "and", "conditions": [{"field": "email", "comparator": "is_set"}]}
        },
    ),
    R(
        "segments.members",
        "seg_1",
        {"per_page": 100},
        method="GET",
        target="/segments/seg_1/members?per_page=100",
    ),
    R("segments.growth", "seg_1", 90, method="GET", target="/segments/seg_1/growth?days=90"),
    R("segments.broadcasts", "seg_1", method="GET", target="/segments/seg_1/broadcasts"),
    # templates
    R(
        "templates.create",
        {"name": "W", "subject": "S", "html": "<p>{{x}}"},
        method="POST",
        target="/templates",
        body={"name": "W", "subject": "S", "html": "<p>{{x}}"},
    ),
    R("templates.list", {"published": True}, method="GET", target="/templates?published=true"),
    R("templates.get", "tpl_1", method="GET", target="/templates/tpl_1"),
    R(
        "templates.update",
        "tpl_1",
        {"subject": "T"},
        method="PATCH",
        target="/templates/tpl_1",
        body={"subject": "T"},
    ),
    R("templates.delete", "tpl_1", method="DELETE", target="/templates/tpl_1"),
    R("templates.publish", "tpl_1", method="POST", target="/templates/tpl_1/publish"),
    R("templates.unpublish", "tpl_1", method="POST", target="/templates/tpl_1/unpublish"),
    R("templates.duplicate", "tpl_1", method="POST", target="/templates/tpl_1/duplicate"),
    R("templates.get_presets", method="GET", target="/templates/presets"),
    R("templates.use_preset", "welcome", method="POST", target="/templates/presets/welcome/use"),
    R(
        "templates.render",
        "tpl_1",
        {"name": "Ada"},
        method="POST",
        target="/templates/tpl_1/render",
        body={"variables": {"name": "Ada"}},
    ),
    # webhooks
    R(
        "webhooks.create",
        {"url": "https://h.example/w", "events": ["email.sent"]},
        method="POST",
        target="/webhooks",
        body={"url": "https://h.example/w", "events": ["email.sent"]},
    ),
    R("webhooks.get", 9, method="GET", target="/webhooks/9"),
    R("webhooks.list", method="GET", target="/webhooks"),
    R(
        "webhooks.update",
        9,
        {"enabled": False},
        method="PATCH",
        target="/webhooks/9",
        body={"enabled": False},
    ),
    R("webhooks.delete", 9, method="DELETE", target="/webhooks/9"),
    R("webhooks.test", 9, method="POST", target="/webhooks/9/test"),
    R(
        "webhooks.rotate_secret",
        9,
        grace_hours=0,
        method="POST",
        target="/webhooks/9/rotate-secret",
        body={"graceHours": 0},
    ),
    R(
        "webhooks.get_deliveries",
        9,
        {"page": 3},
        method="GET",
        target="/webhooks/9/deliveries?page=3",
    ),
    R("webhooks.replay", 9, 41, method="POST", target="/webhooks/9/deliveries/41/replay"),
    R(
        "webhooks.batch_replay",
        9,
        {"withinMinutes": 60, "limit": 10},
        method="POST",
        target="/webhooks/9/deliveries/batch-replay",
        body={"withinMinutes": 60, "limit": 10},
    ),
    # broadcasts
    R(
        "broadcasts.create",
        {"segment_id": "seg_1", "from": "a@acme.dev", "subject": "News"},
        method="POST",
        target="/broadcasts",
        body={"segment_id": "seg_1", "from": "a@acme.dev", "subject": "News"},
    ),
    R(
        "broadcasts.list",
        {"status": "sent", "search": "News & more"},
        method="GET",
        target="/broadcasts?status=sent&search=News+%26+more",
    ),
    R("broadcasts.get", "br_1", method="GET", target="/broadcasts/br_1"),
    R(
        "broadcasts.update",
        "br_1",
        {"topic_id": None},
        method="PATCH",
        target="/broadcasts/br_1",
        body={"topic_id": None},
    ),
    R("broadcasts.send", "br_1", method="POST", target="/broadcasts/br_1/send"),
    R("broadcasts.cancel", "br_1", method="POST", target="/broadcasts/br_1/cancel"),
    R(
        "broadcasts.resend",
        "br_1",
        {"target": "non_clickers"},
        method="POST",
        target="/broadcasts/br_1/resend",
        body={"target": "non_clickers"},
    ),
    R(
        "broadcasts.send_test",
        "br_1",
        {"email": "me@acme.dev"},
        method="POST",
        target="/broadcasts/br_1/test",
        body={"email": "me@acme.dev"},
    ),
    R("broadcasts.get_variants", "br_1", method="GET", target="/broadcasts/br_1/variants"),
    R(
        "broadcasts.get_variant_stats",
        "br_1",
        method="GET",
        target="/broadcasts/br_1/variant-stats",
    ),
    R(
        "broadcasts.list_performance",
        {"metric": "open_rate", "limit": 5},
        method="GET",
        target="/broadcasts/performance?metric=open_rate&limit=5",
    ),
    R("broadcasts.performance", "br_1", method="GET", target="/broadcasts/br_1/performance"),
    R(
        "broadcasts.non_openers",
        "br_1",
        limit=100,
        method="GET",
        target="/broadcasts/br_1/non-openers?limit=100",
    ),
    R("broadcasts.non_clickers", "br_1", method="GET", target="/broadcasts/br_1/non-clickers"),
    R("broadcasts.end_ab_test", "br_1", method="POST", target="/broadcasts/br_1/end-ab-test"),
    # suppressions
    R(
        "suppressions.list",
        {"page": 2, "per_page": 5},
        method="GET",
        target="/suppressions?page=2&per_page=5",
    ),
    R(
        "suppressions.add",
        {"email": "x@example.com", "reason": "manual"},
        method="POST",
        target="/suppressions",
        body={"email": "x@example.com", "reason": "manual"},
    ),
    R(
        "suppressions.remove",
        "x/y@example.com",
        method="DELETE",
        target="/suppressions/x%2Fy%40example.com",
    ),
    # api keys
    R(
        "api_keys.create",
        {"name": "ci", "permission": "sending_access", "mode": "test"},
        method="POST",
        target="/api-keys",
        body={"name": "ci", "permission": "sending_access", "mode": "test"},
    ),
    R("api_keys.list", method="GET", target="/api-keys"),
    R("api_keys.get", 5, method="GET", target="/api-keys/5"),
    R("api_keys.revoke", 5, method="DELETE", target="/api-keys/5"),
    R("api_keys.rotate", 5, method="POST", target="/api-keys/5/rotate"),
    # mailboxes
    R(
        "mailboxes.create",
        {"domainId": "dom_1", "localPart": "me", "password": "pw"},
        method="POST",
        target="/mailboxes",
        body={"domainId": "dom_1", "localPart": "me", "password": "pw"},
    ),
    R("mailboxes.list", {"domain_id": 3}, method="GET", target="/mailboxes?domain_id=3"),
    R("mailboxes.get", "mb_1", method="GET", target="/mailboxes/mb_1"),
    R(
        "mailboxes.update",
        "mb_1",
        {"forwardTo": None},
        method="PATCH",
        target="/mailboxes/mb_1",
        body={"forwardTo": None},
    ),
    R("mailboxes.delete", "mb_1", method="DELETE", target="/mailboxes/mb_1"),
    R(
        "mailboxes.change_password",
        "mb_1",
        "s3cret",
        method="POST",
        target="/mailboxes/mb_1/password",
        body={"password": "s3cret"},
    ),
    R(
        "mailboxes.create_alias",
        {"domainId": 3, "localPart": "hi", "destinationMailboxId": "mb_1"},
        method="POST",
        target="/mailboxes/aliases",
        body={"domainId": 3, "localPart": "hi", "destinationMailboxId": "mb_1"},
    ),
    R("mailboxes.list_aliases", {"page": 2}, method="GET", target="/mailboxes/aliases?page=2"),
    R("mailboxes.delete_alias", 12, method="DELETE", target="/mailboxes/aliases/12"),
    R("mailboxes.list_filters", "mb_1", method="GET", target="/mailboxes/mb_1/filters"),
    R(
        "mailboxes.set_filters",
        "mb_1",
        [RULE],
        method="PUT",
        target="/mailboxes/mb_1/filters",
        body={"rules": [RULE]},
    ),
    R("mailboxes.get_signature", "mb_1", method="GET", target="/webmail/mb_1/signature"),
    R(
        "mailboxes.set_signature",
        "mb_1",
        {"signatureText": "-- me"},
        method="PUT",
        target="/webmail/mb_1/signature",
        body={"signatureText": "-- me"},
    ),
    R("mailboxes.unread_summary", method="GET", target="/mailboxes/unread-summary"),
    R("mailboxes.list_shares", "mb_1", method="GET", target="/mailboxes/mb_1/shares"),
    R(
        "mailboxes.grant_share",
        "mb_1",
        "mb_2",
        method="POST",
        target="/mailboxes/mb_1/shares",
        body={"sharedWithMailboxId": "mb_2", "access": "read"},
    ),
    R(
        "mailboxes.revoke_share",
        "mb_1",
        "mb_2",
        method="DELETE",
        target="/mailboxes/mb_1/shares/mb_2",
    ),
    # inbound emails
    R(
        "inbound_emails.list",
        {"domain": "acme.dev"},
        method="GET",
        target="/inbound?domain=acme.dev",
    ),
    R("inbound_emails.get", 31, method="GET", target="/inbound/31"),
    R("inbound_emails.list_attachments", 31, method="GET", target="/inbound/31/attachments"),
    R(
        "inbound_emails.download_attachment",
        31,
        2,
        method="GET",
        target="/inbound/31/attachments/2",
        answer=PNG,
    ),
    R("inbound_emails.draft_reply", 31, method="POST", target="/inbound/31/draft-reply", body={}),
    R(
        "inbound_emails.reply",
        31,
        {"from": "me@acme.dev", "text": "Thanks"},
        method="POST",
        target="/inbound/31/reply",
        body={"from": "me@acme.dev", "text": "Thanks"},
    ),
    R(
        "inbound_emails.forward",
        31,
        {"from": "me@acme.dev", "to": ["b@example.com"]},
        method="POST",
        target="/inbound/31/forward",
        body={"from": "me@acme.dev", "to": ["b@example.com"]},
    ),
    # subscription topics
    R("subscription_topics.list", method="GET", target="/subscription-topics"),
    R(
        "subscription_topics.create",
        {"name": "News"},
        method="POST",
        target="/subscription-topics",
        body={"name": "News"},
    ),
    R("subscription_topics.get", "top_1", method="GET", target="/subscription-topics/top_1"),
    R(
        "subscription_topics.update",
        "top_1",
        {"description": None},
        method="PATCH",
        target="/subscription-topics/top_1",
        body={"description": None},
    ),
    R("subscription_topics.delete", "top_1", method="DELETE", target="/subscription-topics/top_1"),
    R(
        "subscription_topics.list_subscribers",
        "top_1",
        {"subscribed": False},
        method="GET",
        target="/subscription-topics/top_1/subscribers?subscribed=false",
    ),
    R(
        "subscription_topics.get_contact_subscriptions",
        "con_1",
        method="GET",
        target="/subscription-topics/contacts/con_1/subscriptions",
    ),
    R(
        "subscription_topics.subscribe",
        "con_1",
        "top_1",
        method="POST",
        target="/subscription-topics/contacts/con_1/subscriptions",
        body={"topic_id": "top_1"},
    ),
    R(
        "subscription_topics.unsubscribe",
        "con_1",
        "top_1",
        method="DELETE",
        target="/subscription-topics/contacts/con_1/subscriptions/top_1",
    ),
    # workflows
    R("workflows.list", method="GET", target="/workflows"),
    R(
        "workflows.create",
        {"name": "Onboard", "trigger_type": "manual"},
        method="POST",
        target="/workflows",
        body={"name": "Onboard", "trigger_type": "manual"},
    ),
    R("workflows.get", "wf_1", method="GET", target="/workflows/wf_1"),
    R(
        "workflows.update",
        "wf_1",
        {"trigger_config": None},
        method="PATCH",
        target="/workflows/wf_1",
        body={"trigger_config": None},
    ),
    R("workflows.delete", "wf_1", method="DELETE", target="/workflows/wf_1"),
    R("workflows.get_graph", "wf_1", method="GET", target="/workflows/wf_1/graph"),
    R(
        "workflows.put_graph",
        "wf_1",
        {"nodes": [], "edges": []},
        method="PUT",
        target="/workflows/wf_1/graph",
        body={"nodes": [], "edges": []},
    ),
    R("workflows.validate_graph", "wf_1", method="POST", target="/workflows/wf_1/validate"),
    R("workflows.activate", "wf_1", method="POST", target="/workflows/wf_1/activate"),
    R("workflows.pause", "wf_1", method="POST", target="/workflows/wf_1/pause"),
    R(
        "workflows.trigger",
        "wf_1",
        {"contact_id": "con_1"},
        method="POST",
        target="/workflows/wf_1/trigger",
        body={"contact_id": "con_1"},
    ),
    R(
        "workflows.post_event",
        {"event": "Paid", "email": "a@example.com"},
        method="POST",
        target="/workflows/events",
        body={"event": "Paid", "email": "a@example.com"},
    ),
    # notification channels
    R("notification_channels.list", method="GET", target="/notification-channels"),
    R(
        "notification_channels.create",
        {
            "type": "slack",
            "name": "ops",
            "events": ["email.bounced"],
            "config": {"webhookUrl": "https://hooks.example/x"},
        },
        method="POST",
        target="/notification-channels",
        body={
            "type": "slack",
            "name": "ops",
            "events": ["email.bounced"],
            "config": {"webhookUrl": "https://hooks.example/x"},
        },
    ),
    R("notification_channels.get", "nc_1", method="GET", target="/notification-channels/nc_1"),
    R(
        "notification_channels.update",
        "nc_1",
        {"enabled": False, "domainId": None},
        method="PUT",
        target="/notification-channels/nc_1",
        body={"enabled": False, "domainId": None},
    ),
    R(
        "notification_channels.delete",
        "nc_1",
        method="DELETE",
        target="/notification-channels/nc_1",
    ),
    R(
        "notification_channels.list_deliveries",
        "nc_1",
        {"per_page": 5},
        method="GET",
        target="/notification-channels/nc_1/deliveries?per_page=5",
    ),
    R(
        "notification_channels.test",
        "nc_1",
        method="POST",
        target="/notification-channels/nc_1/test",
    ),
    R(
        "notification_channels.replay_delivery",
        "nc_1",
        8,
        method="POST",
        target="/notification-channels/nc_1/deliveries/8/replay",
    ),
    # signup forms
    R(
        "signup_forms.list",
        {"page": 1, "per_page": 20},
        method="GET",
        target="/signup-forms?page=1&per_page=20",
    ),
    R(
        "signup_forms.create",
        {
            "name": "F",
            "fields": [{"name": "email", "type": "email", "label": "EmailDict", "required": True}],
        },
        method="POST",
        target="/signup-forms",
        body={
            "name": "F",
            "fields": [{"name": "email", "type": "email", "label": "EmailDict", "required": True}],
        },
    ),
    R("signup_forms.get", "sf_1", method="GET", target="/signup-forms/sf_1"),
    R(
        "signup_forms.update",
        "sf_1",
        {"active": False, "redirect_url": None},
        method="PATCH",
        target="/signup-forms/sf_1",
        body={"active": False, "redirect_url": None},
    ),
    R("signup_forms.delete", "sf_1", method="DELETE", target="/signup-forms/sf_1"),
    R(
        "signup_forms.submit",
        "sf_1",
        {"email": "a@example.com", "company": "Acme"},
        method="POST",
        target="/signup-forms/sf_1/submit",
        body={"email": "a@example.com", "company": "Acme"},
    ),
    # email validations
    R(
        "email_validations.validate",
        "a@example.com",
        method="POST",
        target="/email-validations",
        body={"email": "a@example.com"},
    ),
    R(
        "email_validations.validate_batch",
        ["a@example.com", "b@example.com"],
        method="POST",
        target="/email-validations/batch",
        body={"emails": ["a@example.com", "b@example.com"]},
    ),
]

#: Second rows for the special cases of the reference: optional arguments left out,
#: the falsy values that must still be sent, and bodies the official SDK sends as ``{}``.
EXTRA_ROWS: list[Row] = [
    R("domains.get_dmarc_reports", 7, method="GET", target="/domains/7/dmarc/reports"),
    R(
        "domains.get_dmarc_reports",
        7,
        {"perPage": 5, "per_page": 9},
        method="GET",
        target="/domains/7/dmarc/reports?perPage=5",
    ),
    R("domains.activate_dkim_rotation", 7, method="POST", target="/domains/7/dkim/rotate/activate"),
    R("domains.list", {"page": 2}, method="GET", target="/domains?page=2"),
    R("webhooks.rotate_secret", 9, method="POST", target="/webhooks/9/rotate-secret"),
    R(
        "webhooks.rotate_secret",
        9,
        grace_hours=48,
        method="POST",
        target="/webhooks/9/rotate-secret",
        body={"graceHours": 48},
    ),
    R(
        "webhooks.batch_replay",
        9,
        method="POST",
        target="/webhooks/9/deliveries/batch-replay",
        body={},
    ),
    R("templates.render", "tpl_1", method="POST", target="/templates/tpl_1/render", body={}),
    R("broadcasts.resend", "br_1", method="POST", target="/broadcasts/br_1/resend"),
    R(
        "inbound_emails.draft_reply",
        31,
        {"tone": "casual"},
        method="POST",
        target="/inbound/31/draft-reply",
        body={"tone": "casual"},
    ),
    R(
        "mailboxes.grant_share",
        "mb_1",
        "mb_2",
        "admin",
        method="POST",
        target="/mailboxes/mb_1/shares",
        body={"sharedWithMailboxId": "mb_2", "access": "admin"},
    ),
    R("contacts.export_csv", method="GET", target="/contacts/export", answer=CSV),
    R("segments.growth", "seg_1", method="GET", target="/segments/seg_1/growth"),
    R(
        "broadcasts.non_clickers",
        "br_1",
        limit=0,
        method="GET",
        target="/broadcasts/br_1/non-clickers?limit=0",
    ),
    R("contacts.get", "con_1/api-keys", method="GET", target="/contacts/con_1%2Fapi-keys"),
    R("domains.get_dmarc_stats", 7, 0, method="GET", target="/domains/7/dmarc/stats?days=0"),
]

ALL_ROWS = ROWS + EXTRA_ROWS


def _id(row: Row) -> str:
    return f"{row.name}:{row.target}"


def _make(kind: str, row: Row) -> tuple[Any, Any]:
    def respond(_request: Request) -> Response:
        return row.answer

    if kind == "sync":
        transport: Any = MockTransport(respond=respond)
        return PostStack(api_key="sk_test_rows", base_url=BASE_URL, transport=transport), transport
    transport = AsyncMockTransport(respond=respond)
    client = AsyncPostStack(api_key="sk_test_rows", base_url=BASE_URL, transport=transport)
    return client, transport


def _invoke(kind: str, client: Any, row: Row, **extra: Any) -> Any:
    function = getattr(getattr(client, row.resource), row.function)
    outcome = function(*row.args, **row.kwargs, **extra)
    if kind == "async":
        assert inspect.iscoroutine(outcome)
        return asyncio.run(outcome)
    return outcome


def _expected_result(row: Row) -> Any:
    content_type = row.answer.header("content-type") or ""
    if "json" in content_type:
        return json.loads(row.answer.body)
    if content_type.startswith("text/"):
        return row.answer.body.decode()
    return row.answer.body


def _method_of(row: Row) -> Any:
    resource_type = resource_classes(PostStack)[row.resource]
    return getattr(resource_type, row.function)


def _only_request(transport: Any) -> Request:
    assert len(transport.requests) == 1
    request: Request = transport.requests[0]
    return request


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("row", ALL_ROWS, ids=_id)
def test_request_is_built_as_the_api_expects(kind: str, row: Row) -> None:
    client, transport = _make(kind, row)
    result = _invoke(kind, client, row)
    request = _only_request(transport)

    assert request.method == row.method
    url = urlsplit(request.url)
    assert f"{url.scheme}://{url.netloc}" == BASE_URL
    assert (url.path + (f"?{url.query}" if url.query else "")) == row.target
    if row.body is NO_BODY:
        assert request.body == b""
    else:
        assert json.loads(request.body) == row.body
    keys = [v for k, v in request.headers if k.lower() == "idempotency-key"]
    assert len(keys) == (1 if row.method == "POST" else 0)
    assert request.header("authorization") == "Bearer sk_test_rows"
    assert result == _expected_result(row)
    assert type(result) is type(_expected_result(row))


def test_every_declared_endpoint_has_a_row() -> None:
    assert {row.name for row in ROWS} == set(ENDPOINTS)
    assert len(ROWS) == len(ENDPOINTS)


def test_every_row_hits_its_declared_endpoint() -> None:
    for row in ALL_ROWS:
        declared = ENDPOINTS[row.name]
        assert declared.method == row.method, row.name


def test_every_public_io_method_has_a_row() -> None:
    covered = {(row.resource, row.function) for row in ROWS}
    client = PostStack(
        api_key="sk_test_rows", transport=MockTransport(respond=lambda r: json_response(200, {}))
    )
    missing: list[str] = []
    for resource in resource_classes(PostStack):
        resource_object = getattr(client, resource)
        for name in dir(resource_object):
            if name.startswith(("_", "iterate")) or name in ("verify", "send_many"):
                continue
            if (resource, name) not in covered:
                missing.append(f"{resource}.{name}")
    assert missing == []


def _takes_idempotency_key(row: Row) -> bool:
    return "idempotency_key" in inspect.signature(_method_of(row)).parameters


#: POSTs that only compute an answer (nothing is created or changed), so a caller's key
#: has no use there; the client still sends a fresh one on each, as on every POST.
POSTS_WITHOUT_CALLER_KEY = {
    "emails.preview",
    "emails.spam_preview",
    "segments.preview_rules",
    "templates.render",
    "inbound_emails.draft_reply",
    "workflows.validate_graph",
    "email_validations.validate",
    "email_validations.validate_batch",
}
_KEYED_ROWS = [
    row for row in ROWS if row.method == "POST" and row.name not in POSTS_WITHOUT_CALLER_KEY
]


def test_every_changing_post_takes_an_idempotency_key() -> None:
    for row in ROWS:
        expected = row.method == "POST" and row.name not in POSTS_WITHOUT_CALLER_KEY
        assert _takes_idempotency_key(row) is expected, row.name


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("row", _KEYED_ROWS, ids=_id)
def test_a_callers_idempotency_key_is_sent(kind: str, row: Row) -> None:
    client, transport = _make(kind, row)
    _invoke(kind, client, row, idempotency_key="job-42")
    assert _only_request(transport).header("idempotency-key") == "job-42"


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_per_call_timeout_and_max_retries_reach_the_request(kind: str) -> None:
    row = next(r for r in ROWS if r.name == "domains.get")
    client, transport = _make(kind, row)
    _invoke(kind, client, row, timeout=2.5, max_retries=0)
    assert _only_request(transport).timeout == 2.5


def test_webhooks_verify_delegates_to_the_core() -> None:
    from poststack_proto import sign_payload

    body = b'{"type":"email.sent"}'
    header = f"sha256={'0' * 64}, {sign_payload(body, 'whsec_new')}"
    for client_type in (PostStack, AsyncPostStack):
        webhooks = resource_classes(client_type)["webhooks"]
        assert webhooks.verify(body, header, "whsec_new") is True
        assert webhooks.verify(body.decode(), header, "whsec_new") is True
        assert webhooks.verify(body, header, "whsec_old") is False
        assert webhooks.verify(body, "", "whsec_new") is False


def test_validate_batch_refuses_a_bare_string() -> None:
    client = PostStack(
        api_key="sk_test_rows", transport=MockTransport(respond=lambda r: json_response(200, {}))
    )
    with pytest.raises(TypeError, match="list"):
        # A str is a Sequence[str] to a type checker: only the run-time check stops it.
        client.email_validations.validate_batch("a@example.com")


def test_only_the_send_endpoints_are_deduplicated() -> None:
    deduplicated = {name for name, e in ENDPOINTS.items() if e.deduplicated}
    assert deduplicated == {"emails.send", "emails.batch"}
    for name, declared in ENDPOINTS.items():
        assert declared.retry_safe is (declared.method != "POST" or name in deduplicated)


def _flaky(statuses: list[int]) -> Any:
    answers = iter(statuses)

    def respond(_request: Request) -> Response:
        status = next(answers)
        if status >= 400:
            return json_response(status, {"error": "Internal error", "code": "internal_error"})
        return json_response(status, {"ok": True})

    return respond


def test_a_create_is_not_repeated_after_an_ambiguous_500() -> None:
    transport = AsyncMockTransport(respond=_flaky([500, 200]))
    client = AsyncPostStack(api_key="sk_test_rows", transport=transport)
    with pytest.raises(PostStackError) as caught:
        asyncio.run(client.contacts.create({"email": "a@example.com"}))
    assert caught.value.status_code == 500
    assert len(transport.requests) == 1


def test_a_create_is_repeated_after_a_503_with_the_same_key() -> None:
    transport = AsyncMockTransport(respond=_flaky([503, 201]))
    client = AsyncPostStack(api_key="sk_test_rows", transport=transport)
    assert dict(asyncio.run(client.contacts.create({"email": "a@example.com"}))) == {"ok": True}
    keys = [r.header("idempotency-key") for r in transport.requests]
    assert len(keys) == 2
    assert keys[0] == keys[1]
    assert len(transport.sleeps) == 1


def test_a_read_is_repeated_after_a_500() -> None:
    transport = AsyncMockTransport(respond=_flaky([500, 502, 200]))
    client = AsyncPostStack(api_key="sk_test_rows", transport=transport)
    assert dict(asyncio.run(client.domains.get(7))) == {"ok": True}
    assert len(transport.requests) == 3


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_with_options_copy_has_every_resource(kind: str) -> None:
    row = next(r for r in ROWS if r.name == "segments.members")
    client, transport = _make(kind, row)
    copy = client.with_options(timeout=1.5, base_url="https://eu.poststack.test")
    client_type: type[Any] = PostStack if kind == "sync" else AsyncPostStack
    for resource in resource_classes(client_type):
        assert getattr(copy, resource) is not getattr(client, resource)
    _invoke(kind, copy, row)
    request = _only_request(transport)
    assert request.url == "https://eu.poststack.test/segments/seg_1/members?per_page=100"
    assert request.timeout == 1.5

"""Every PostStack API operation the SDK can call, declared once as data.

Names are ``"<resource>.<method>"`` exactly as users call them (``ps.emails.send``).
Adding an operation means adding one `Endpoint` here and one entry in
``scripts/api_spec.py`` (its signature, result type and docstring), then running
``scripts/generate.py``; the core needs nothing else. Only the send endpoints are
``deduplicated``: the API honours ``Idempotency-Key`` there and nowhere else.
"""

from __future__ import annotations

from typing import Any

from ._endpoints import Endpoint

__all__ = ["ENDPOINTS", "endpoint"]

_E = Endpoint

_DECLARED: tuple[Endpoint[Any, Any], ...] = (
    # Emails (reference §2)
    _E("emails.send", "POST", "/emails", deduplicated=True),
    _E("emails.batch", "POST", "/emails/batch", deduplicated=True),
    _E("emails.get", "GET", "/emails/{id}"),
    _E("emails.list", "GET", "/emails"),
    _E("emails.reschedule", "PATCH", "/emails/{id}"),
    _E("emails.cancel", "POST", "/emails/{id}/cancel"),
    _E("emails.get_events", "GET", "/emails/{id}/events"),
    _E("emails.get_insights", "GET", "/emails/{id}/insights"),
    _E("emails.preview", "POST", "/emails/preview"),
    _E("emails.spam_preview", "POST", "/emails/spam-preview"),
    # Domains (reference §4.1): numeric ids in routes
    _E("domains.create", "POST", "/domains"),
    _E("domains.list", "GET", "/domains"),
    _E("domains.get", "GET", "/domains/{id}"),
    _E("domains.verify", "POST", "/domains/{id}/verify"),
    _E("domains.update", "PATCH", "/domains/{id}"),
    _E("domains.delete", "DELETE", "/domains/{id}"),
    _E("domains.assign_ip", "POST", "/domains/{id}/ip"),
    _E("domains.unassign_ip", "DELETE", "/domains/{id}/ip"),
    _E("domains.get_dmarc_reports", "GET", "/domains/{id}/dmarc/reports"),
    _E("domains.get_dmarc_stats", "GET", "/domains/{id}/dmarc/stats"),
    _E("domains.get_dmarc_sources", "GET", "/domains/{id}/dmarc/sources"),
    _E("domains.start_dkim_rotation", "POST", "/domains/{id}/dkim/rotate"),
    _E(
        "domains.activate_dkim_rotation",
        "POST",
        "/domains/{id}/dkim/rotate/activate",
        payload="query",  # ?force=true
    ),
    _E("domains.cancel_dkim_rotation", "DELETE", "/domains/{id}/dkim/rotate"),
    _E("domains.get_inbox_placement", "GET", "/domains/{id}/placement"),
    # Contacts (§4.2)
    _E("contacts.create", "POST", "/contacts"),
    _E("contacts.list", "GET", "/contacts"),
    _E("contacts.get", "GET", "/contacts/{id}"),
    _E("contacts.get_by_email", "GET", "/contacts/by-email/{email}"),
    _E("contacts.update", "PATCH", "/contacts/{id}"),
    _E("contacts.delete", "DELETE", "/contacts/{id}"),
    _E("contacts.unsubscribe", "POST", "/contacts/{id}/unsubscribe"),
    _E("contacts.import_", "POST", "/contacts/import"),
    _E("contacts.export_csv", "GET", "/contacts/export", response="text"),
    # Contact properties (§4.3): numeric ids
    _E("contact_properties.list", "GET", "/contact-properties"),
    _E("contact_properties.create", "POST", "/contact-properties"),
    _E("contact_properties.update", "PATCH", "/contact-properties/{id}"),
    _E("contact_properties.delete", "DELETE", "/contact-properties/{id}"),
    _E("contact_properties.option_usage", "GET", "/contact-properties/{id}/option-usage"),
    # Segments (§4.4)
    _E("segments.create", "POST", "/segments"),
    _E("segments.list", "GET", "/segments"),
    _E("segments.get", "GET", "/segments/{id}"),
    _E("segments.update", "PATCH", "/segments/{id}"),
    _E("segments.delete", "DELETE", "/segments/{id}"),
    _E("segments.add_contacts", "POST", "/segments/{id}/contacts"),
    _E("segments.remove_contact", "DELETE", "/segments/{id}/contacts/{contact_id}"),
    _E("segments.preview_rules", "POST", "/segments/preview"),
    _E("segments.members", "GET", "/segments/{id}/members"),
    _E("segments.growth", "GET", "/segments/{id}/growth"),
    _E("segments.broadcasts", "GET", "/segments/{id}/broadcasts"),
    # Templates (§4.5)
    _E("templates.create", "POST", "/templates"),
    _E("templates.list", "GET", "/templates"),
    _E("templates.get", "GET", "/templates/{id}"),
    _E("templates.update", "PATCH", "/templates/{id}"),
    _E("templates.delete", "DELETE", "/templates/{id}"),
    _E("templates.publish", "POST", "/templates/{id}/publish"),
    _E("templates.unpublish", "POST", "/templates/{id}/unpublish"),
    _E("templates.duplicate", "POST", "/templates/{id}/duplicate"),
    _E("templates.get_presets", "GET", "/templates/presets"),
    _E("templates.use_preset", "POST", "/templates/presets/{preset_id}/use"),
    _E("templates.render", "POST", "/templates/{id}/render"),
    # Webhooks (§4.6): numeric ids
    _E("webhooks.create", "POST", "/webhooks"),
    _E("webhooks.get", "GET", "/webhooks/{id}"),
    _E("webhooks.list", "GET", "/webhooks"),
    _E("webhooks.update", "PATCH", "/webhooks/{id}"),
    _E("webhooks.delete", "DELETE", "/webhooks/{id}"),
    _E("webhooks.test", "POST", "/webhooks/{id}/test"),
    _E("webhooks.rotate_secret", "POST", "/webhooks/{id}/rotate-secret"),
    _E("webhooks.get_deliveries", "GET", "/webhooks/{id}/deliveries"),
    _E("webhooks.replay", "POST", "/webhooks/{id}/deliveries/{delivery_id}/replay"),
    _E("webhooks.batch_replay", "POST", "/webhooks/{id}/deliveries/batch-replay"),
    # Broadcasts (§4.7)
    _E("broadcasts.create", "POST", "/broadcasts"),
    _E("broadcasts.list", "GET", "/broadcasts"),
    _E("broadcasts.get", "GET", "/broadcasts/{id}"),
    _E("broadcasts.update", "PATCH", "/broadcasts/{id}"),
    _E("broadcasts.send", "POST", "/broadcasts/{id}/send"),
    _E("broadcasts.cancel", "POST", "/broadcasts/{id}/cancel"),
    _E("broadcasts.resend", "POST", "/broadcasts/{id}/resend"),
    _E("broadcasts.send_test", "POST", "/broadcasts/{id}/test"),
    _E("broadcasts.get_variants", "GET", "/broadcasts/{id}/variants"),
    _E("broadcasts.get_variant_stats", "GET", "/broadcasts/{id}/variant-stats"),
    _E("broadcasts.list_performance", "GET", "/broadcasts/performance"),
    _E("broadcasts.performance", "GET", "/broadcasts/{id}/performance"),
    _E("broadcasts.non_openers", "GET", "/broadcasts/{id}/non-openers"),
    _E("broadcasts.non_clickers", "GET", "/broadcasts/{id}/non-clickers"),
    _E("broadcasts.end_ab_test", "POST", "/broadcasts/{id}/end-ab-test"),
    # Suppressions (§4.8): keyed by address
    _E("suppressions.list", "GET", "/suppressions"),
    _E("suppressions.add", "POST", "/suppressions"),
    _E("suppressions.remove", "DELETE", "/suppressions/{email}"),
    # API keys (§4.9): numeric ids
    _E("api_keys.create", "POST", "/api-keys"),
    _E("api_keys.list", "GET", "/api-keys"),
    _E("api_keys.get", "GET", "/api-keys/{id}"),
    _E("api_keys.revoke", "DELETE", "/api-keys/{id}"),
    _E("api_keys.rotate", "POST", "/api-keys/{id}/rotate"),
    # Mailboxes (§4.10): mb_ ids; aliases numeric; the signature lives under /webmail
    _E("mailboxes.create", "POST", "/mailboxes"),
    _E("mailboxes.list", "GET", "/mailboxes"),
    _E("mailboxes.get", "GET", "/mailboxes/{id}"),
    _E("mailboxes.update", "PATCH", "/mailboxes/{id}"),
    _E("mailboxes.delete", "DELETE", "/mailboxes/{id}"),
    _E("mailboxes.change_password", "POST", "/mailboxes/{id}/password"),
    _E("mailboxes.create_alias", "POST", "/mailboxes/aliases"),
    _E("mailboxes.list_aliases", "GET", "/mailboxes/aliases"),
    _E("mailboxes.delete_alias", "DELETE", "/mailboxes/aliases/{id}"),
    _E("mailboxes.list_filters", "GET", "/mailboxes/{id}/filters"),
    _E("mailboxes.set_filters", "PUT", "/mailboxes/{id}/filters"),
    _E("mailboxes.get_signature", "GET", "/webmail/{id}/signature"),
    _E("mailboxes.set_signature", "PUT", "/webmail/{id}/signature"),
    _E("mailboxes.unread_summary", "GET", "/mailboxes/unread-summary"),
    _E("mailboxes.list_shares", "GET", "/mailboxes/{id}/shares"),
    _E("mailboxes.grant_share", "POST", "/mailboxes/{id}/shares"),
    _E("mailboxes.revoke_share", "DELETE", "/mailboxes/{id}/shares/{target_id}"),
    # Inbound emails (§4.11): base path /inbound, numeric ids
    _E("inbound_emails.list", "GET", "/inbound"),
    _E("inbound_emails.get", "GET", "/inbound/{id}"),
    _E("inbound_emails.list_attachments", "GET", "/inbound/{id}/attachments"),
    _E(
        "inbound_emails.download_attachment",
        "GET",
        "/inbound/{id}/attachments/{attachment_id}",
        response="bytes",
    ),
    _E("inbound_emails.draft_reply", "POST", "/inbound/{id}/draft-reply"),
    _E("inbound_emails.reply", "POST", "/inbound/{id}/reply"),
    _E("inbound_emails.forward", "POST", "/inbound/{id}/forward"),
    # Subscription topics (§4.12)
    _E("subscription_topics.list", "GET", "/subscription-topics"),
    _E("subscription_topics.create", "POST", "/subscription-topics"),
    _E("subscription_topics.get", "GET", "/subscription-topics/{id}"),
    _E("subscription_topics.update", "PATCH", "/subscription-topics/{id}"),
    _E("subscription_topics.delete", "DELETE", "/subscription-topics/{id}"),
    _E("subscription_topics.list_subscribers", "GET", "/subscription-topics/{id}/subscribers"),
    _E(
        "subscription_topics.get_contact_subscriptions",
        "GET",
        "/subscription-topics/contacts/{contact_id}/subscriptions",
    ),
    _E(
        "subscription_topics.subscribe",
        "POST",
        "/subscription-topics/contacts/{contact_id}/subscriptions",
    ),
    _E(
        "subscription_topics.unsubscribe",
        "DELETE",
        "/subscription-topics/contacts/{contact_id}/subscriptions/{topic_id}",
    ),
    # Workflows (§4.13): the graph model
    _E("workflows.list", "GET", "/workflows"),
    _E("workflows.create", "POST", "/workflows"),
    _E("workflows.get", "GET", "/workflows/{id}"),
    _E("workflows.update", "PATCH", "/workflows/{id}"),
    _E("workflows.delete", "DELETE", "/workflows/{id}"),
    _E("workflows.get_graph", "GET", "/workflows/{id}/graph"),
    _E("workflows.put_graph", "PUT", "/workflows/{id}/graph"),
    _E("workflows.validate_graph", "POST", "/workflows/{id}/validate"),
    _E("workflows.activate", "POST", "/workflows/{id}/activate"),
    _E("workflows.pause", "POST", "/workflows/{id}/pause"),
    _E("workflows.trigger", "POST", "/workflows/{id}/trigger"),
    _E("workflows.post_event", "POST", "/workflows/events"),
    # Notification channels (§4.14): update is a PUT with partial semantics
    _E("notification_channels.list", "GET", "/notification-channels"),
    _E("notification_channels.create", "POST", "/notification-channels"),
    _E("notification_channels.get", "GET", "/notification-channels/{id}"),
    _E("notification_channels.update", "PUT", "/notification-channels/{id}"),
    _E("notification_channels.delete", "DELETE", "/notification-channels/{id}"),
    _E("notification_channels.test", "POST", "/notification-channels/{id}/test"),
    _E("notification_channels.list_deliveries", "GET", "/notification-channels/{id}/deliveries"),
    _E(
        "notification_channels.replay_delivery",
        "POST",
        "/notification-channels/{id}/deliveries/{delivery_id}/replay",
    ),
    # Signup forms (§4.15)
    _E("signup_forms.list", "GET", "/signup-forms"),
    _E("signup_forms.create", "POST", "/signup-forms"),
    _E("signup_forms.get", "GET", "/signup-forms/{id}"),
    _E("signup_forms.update", "PATCH", "/signup-forms/{id}"),
    _E("signup_forms.delete", "DELETE", "/signup-forms/{id}"),
    _E("signup_forms.submit", "POST", "/signup-forms/{id}/submit"),
    # Email validations (§4.16)
    _E("email_validations.validate", "POST", "/email-validations"),
    _E("email_validations.validate_batch", "POST", "/email-validations/batch"),
)

#: Every declared operation, by name.
ENDPOINTS: dict[str, Endpoint[Any, Any]] = {e.name: e for e in _DECLARED}


def endpoint(name: str) -> Endpoint[Any, Any]:
    """The operation called ``name``; `KeyError` naming it if none is declared."""
    try:
        return ENDPOINTS[name]
    except KeyError:
        raise KeyError(f"no PostStack operation named {name!r}") from None

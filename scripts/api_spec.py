"""The resource layer as data: every public method of ``ps.<resource>``, declared once.

``scripts/generate_resources.py`` turns this into the typed operation handles
(``poststack/_ops.py``) and the resource classes (``poststack/_async/<resource>.py``, then
``scripts/unasync.py`` makes ``poststack/_sync``). The wire facts (method, path) live in
``poststack_proto/_catalog.py``; this file adds what a user sees: names, signatures, result
types and docstrings.

A `Method` passes its arguments on: the path parameters named in the endpoint's template,
and one payload (``input`` or ``params`` when the signature has one, else the ``payload``
expression) that goes to the body or the query as the endpoint says. Every POST also takes
``idempotency_key=`` unless ``idempotency=False``; every method takes ``timeout=`` and
``max_retries=``. A method that does more is written by hand in
``poststack/_async/_handwritten/<resource>.py`` (``handwritten=True`` here keeps its typed
handle). An `Iterate` walks a ``{data, meta}`` list endpoint page by page.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Method:
    """One method that passes its arguments to one endpoint.

    Args:
        name: the method's name on the resource.
        endpoint: the catalog name, ``"<resource>.<method>"``.
        args: the positional parameters, as written in the signature.
        returns: the result type (the handle's ``R``).
        doc: the docstring.
        kwonly: keyword-only parameters before ``idempotency_key``/``timeout``.
        payload: the expression sent as the payload when it is not ``input``/``params``.
        payload_type: the handle's ``P`` when ``payload`` is given (else the annotation of
            ``input``/``params``, or ``None`` when the method sends nothing).
        idempotency: whether a POST takes ``idempotency_key=`` (not for read-only POSTs).
        handwritten: the method is written by hand; only its handle is generated.
    """

    name: str
    endpoint: str
    args: str
    returns: str
    doc: str
    kwonly: str = ""
    payload: str | None = None
    payload_type: str | None = None
    idempotency: bool = True
    handwritten: bool = False


@dataclass(frozen=True)
class Iterate:
    """A method that yields every item of a paginated list endpoint."""

    name: str
    endpoint: str
    args: str
    item: str
    doc: str


@dataclass(frozen=True)
class Shape:
    """A body or query a method builds from its arguments: wire key -> type.

    Generated as a TypedDict in ``poststack/_ops.py``, for the type checker only; the
    method's ``payload_type`` names it.
    """

    fields: dict[str, str]
    total: bool = True


@dataclass(frozen=True)
class Resource:
    """``ps.<attribute>``: its class (``Async<name>`` / ``<name>``) and its methods."""

    attribute: str
    name: str
    module_doc: str
    class_doc: str
    methods: list[Method | Iterate]


SHAPES: dict[str, Shape] = {
    "AssignIpBody": Shape({"ipAddressId": "int"}),
    "ChangePasswordBody": Shape({"password": "str"}),
    "DaysQuery": Shape({"days": "int | None"}),
    "ExportContactsQuery": Shape({"segment_id": "str | None"}),
    "ForceQuery": Shape({"force": "bool"}),
    "GrantShareBody": Shape({"sharedWithMailboxId": "str", "access": "MailboxShareAccess"}),
    "LimitQuery": Shape({"limit": "int | None"}),
    "RenderTemplateBody": Shape({"variables": "TemplateVariables"}, total=False),
    "RescheduleEmailBody": Shape({"scheduled_at": "str"}),
    "RotateSecretBody": Shape({"graceHours": "int"}),
    "SetFiltersBody": Shape({"rules": "Sequence[MailboxFilterRuleParams]"}),
    "SubscribeBody": Shape({"topic_id": "str"}),
    "ValidateEmailBody": Shape({"email": "str"}),
    "ValidateEmailsBody": Shape({"emails": "list[str]"}),
}

RESOURCES: tuple[Resource, ...] = (
    Resource(
        "emails",
        "Emails",
        module_doc="""``ps.emails``: send, batch, read, list, reschedule, cancel, inspect and preview emails.""",
        class_doc="""Transactional emails. Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "send",
                "emails.send",
                "input: SendEmailParams",
                returns="SendEmailResponse",
                doc="""Send one email; the answer's ``id`` (``em_...``) names it from then on.

Retries reuse one ``Idempotency-Key`` (yours, the payload's ``idempotency_key``,
or a fresh UUID), so a repeated attempt can never send the email twice.""",
            ),
            Method(
                "batch",
                "emails.batch",
                "input: BatchEmailsParams",
                returns="BatchEmailResponse",
                doc="""Send up to 100 emails; each is accepted (``id``) or refused (``error``) on its own.""",
            ),
            Method(
                "get",
                "emails.get",
                "id: str",
                returns="GetEmailResponse",
                doc="""One email with its bodies and events: ``{"email": {...}}``.""",
            ),
            Method(
                "list",
                "emails.list",
                "params: ListEmailsParams | None = None",
                returns="ListEmailsResponse",
                doc="""One page of sent emails, newest first: ``{"data": [...], "meta": {...}}``.""",
            ),
            Iterate(
                "iterate",
                "emails.list",
                "params: ListEmailsParams | None = None",
                item="EmailDict",
                doc="""Every email matching ``params``, fetching pages as the loop needs them.

``limit`` stops after that many emails; a loop over a large account without
one walks every page.""",
            ),
            Method(
                "reschedule",
                "emails.reschedule",
                "id: str, scheduled_at: str",
                returns="SuccessResponse",
                payload="{'scheduled_at': scheduled_at}",
                payload_type="RescheduleEmailBody",
                doc="""Move a scheduled email to ``scheduled_at`` (ISO-8601).""",
            ),
            Method(
                "cancel",
                "emails.cancel",
                "id: str",
                returns="SuccessResponse",
                doc="""Cancel an email that has not entered the sending pipeline yet.""",
            ),
            Method(
                "get_events",
                "emails.get_events",
                "id: str",
                returns="EmailEventsResponse",
                doc="""The email's events: ``{"events": [...]}``.""",
            ),
            Method(
                "get_insights",
                "emails.get_insights",
                "id: str",
                returns="EmailInsightsResponse",
                doc="""Deliverability warnings for the email: ``{"warnings": [...]}``.""",
            ),
            Method(
                "preview",
                "emails.preview",
                "input: EmailPreviewParams",
                returns="EmailPreviewResponse",
                idempotency=False,
                doc="""Render, lint and measure an email without sending or storing it.""",
            ),
            Method(
                "spam_preview",
                "emails.spam_preview",
                "input: SpamPreviewParams",
                returns="SpamCheck",
                idempotency=False,
                doc="""Score a draft with the spam filter, without sending it.""",
            ),
        ],
    ),
    Resource(
        "domains",
        "Domains",
        module_doc="""``ps.domains``: sending domains, their DNS checks, DMARC reports and DKIM key rotation.""",
        class_doc="""Sending domains (numeric ids). Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "create",
                "domains.create",
                "input: CreateDomainParams",
                returns="DomainResponse",
                doc="""Add a domain; the answer lists the DNS records to publish before it can send.""",
            ),
            Method(
                "list",
                "domains.list",
                "params: ListDomainsParams | None = None",
                returns="ListDomainsResponse",
                doc="""Every domain: ``{"domains": [...]}``. Not paginated; ``params`` is ignored.""",
            ),
            Method(
                "get",
                "domains.get",
                "id: int",
                returns="DomainResponse",
                doc="""One domain with its DNS records: ``{"domain": {...}}``.""",
            ),
            Method(
                "verify",
                "domains.verify",
                "id: int",
                returns="VerifyDomainResponse",
                doc="""Queue a fresh DNS check of the domain's records.""",
            ),
            Method(
                "update",
                "domains.update",
                "id: int, input: UpdateDomainParams",
                returns="DomainResponse",
                doc="""Change tracking, TLS, inbound and branding settings.""",
            ),
            Method(
                "delete",
                "domains.delete",
                "id: int",
                returns="SuccessResponse",
                doc="""Remove the domain; mail can no longer be sent from it.""",
            ),
            Method(
                "assign_ip",
                "domains.assign_ip",
                "id: int, ip_address_id: int",
                returns="SuccessResponse",
                payload="{'ipAddressId': ip_address_id}",
                payload_type="AssignIpBody",
                doc="""Send the domain's mail from a dedicated IP address.""",
            ),
            Method(
                "unassign_ip",
                "domains.unassign_ip",
                "id: int",
                returns="SuccessResponse",
                doc="""Return the domain to the shared IP pool.""",
            ),
            Method(
                "get_dmarc_reports",
                "domains.get_dmarc_reports",
                "id: int, params: DmarcReportsParams | None = None",
                returns="DmarcReportsResponse",
                payload="_dmarc_query(params)",
                payload_type="Mapping[str, object] | None",
                handwritten=True,
                doc="""One page of aggregate DMARC reports: ``{"reports": [...], "pagination": {...}}``.

``per_page`` is sent as ``perPage``, the spelling this endpoint reads.""",
            ),
            Method(
                "get_dmarc_stats",
                "domains.get_dmarc_stats",
                "id: int, days: int | None = None",
                returns="DmarcStatsResponse",
                payload="{'days': days}",
                payload_type="DaysQuery",
                doc="""DMARC pass/fail totals and a daily series over the last ``days``.""",
            ),
            Method(
                "get_dmarc_sources",
                "domains.get_dmarc_sources",
                "id: int, days: int | None = None",
                returns="DmarcSourcesResponse",
                payload="{'days': days}",
                payload_type="DaysQuery",
                doc="""The IP addresses that sent as the domain over the last ``days``, with DMARC results.""",
            ),
            Method(
                "start_dkim_rotation",
                "domains.start_dkim_rotation",
                "id: int",
                returns="DkimRotationResponse",
                doc="""Stage a new DKIM key under a new selector; signing is unchanged until activation.""",
            ),
            Method(
                "activate_dkim_rotation",
                "domains.activate_dkim_rotation",
                "id: int",
                returns="DkimRotationResponse",
                kwonly="force: bool = False",
                payload="{'force': True} if force else None",
                payload_type="ForceQuery | None",
                doc="""Sign with the staged key once DNS shows its record (409 otherwise).

``force=True`` skips the propagation wait, never the DNS check.""",
            ),
            Method(
                "cancel_dkim_rotation",
                "domains.cancel_dkim_rotation",
                "id: int",
                returns="DkimRotationResponse",
                doc="""Abandon a staged rotation; the active key stays.""",
            ),
            Method(
                "get_inbox_placement",
                "domains.get_inbox_placement",
                "id: int, days: int | None = None",
                returns="InboxPlacementResponse",
                payload="{'days': days}",
                payload_type="DaysQuery",
                doc="""What receiving providers did with the domain's mail over the last ``days``.""",
            ),
        ],
    ),
    Resource(
        "contacts",
        "Contacts",
        module_doc="""``ps.contacts``: the team's audience: create, read, page through, import and export.""",
        class_doc="""Contacts (``con_...`` ids). Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "create",
                "contacts.create",
                "input: CreateContactParams",
                returns="ContactResponse",
                doc="""Add a contact; an address the team already has is a 409.""",
            ),
            Method(
                "list",
                "contacts.list",
                "params: ListContactsParams | None = None",
                returns="ListContactsResponse",
                doc="""One page of contacts: ``{"data": [...], "meta": {...}}``.""",
            ),
            Iterate(
                "iterate",
                "contacts.list",
                "params: ListContactsParams | None = None",
                item="ContactDict",
                doc="""Every contact matching ``params``, fetching pages as the loop needs them.

``limit`` stops after that many contacts.""",
            ),
            Method(
                "get",
                "contacts.get",
                "id: str",
                returns="ContactResponse",
                doc="""One contact: ``{"contact": {...}}``.""",
            ),
            Method(
                "get_by_email",
                "contacts.get_by_email",
                "email: str",
                returns="ContactResponse",
                doc="""The contact with this address (404 if there is none).""",
            ),
            Method(
                "update",
                "contacts.update",
                "id: str, input: UpdateContactParams",
                returns="ContactResponse",
                doc="""Change names, the unsubscribed flag or properties (merged into the existing ones).""",
            ),
            Method(
                "delete",
                "contacts.delete",
                "id: str",
                returns="SuccessResponse",
                doc="""Remove the contact.""",
            ),
            Method(
                "unsubscribe",
                "contacts.unsubscribe",
                "id: str",
                returns="ContactResponse",
                doc="""Mark the contact unsubscribed from all marketing mail.""",
            ),
            Method(
                "import_",
                "contacts.import_",
                "input: ImportContactsParams",
                returns="ImportContactsResponse",
                doc="""Add up to 10,000 contacts at once; addresses already present are skipped.""",
            ),
            Method(
                "export_csv",
                "contacts.export_csv",
                "",
                returns="str",
                kwonly="segment_id: str | None = None",
                payload="{'segment_id': segment_id}",
                payload_type="ExportContactsQuery",
                doc="""Every contact (or a segment's, ``seg_...``) as CSV text.""",
            ),
        ],
    ),
    Resource(
        "contact_properties",
        "ContactProperties",
        module_doc="""``ps.contact_properties``: the team's custom contact fields.""",
        class_doc="""Custom contact fields (numeric ids). Methods also take ``timeout=``, ``max_retries=``.""",
        methods=[
            Method(
                "list",
                "contact_properties.list",
                "",
                returns="ListContactPropertiesResponse",
                doc="""Every property: ``{"properties": [...]}``.""",
            ),
            Method(
                "create",
                "contact_properties.create",
                "input: CreateContactPropertyParams",
                returns="ContactPropertyResponse",
                doc="""Define a property; its ``name`` becomes a key of every contact's ``properties``.""",
            ),
            Method(
                "update",
                "contact_properties.update",
                "id: int, input: UpdateContactPropertyParams",
                returns="ContactPropertyResponse",
                doc="""Change the label, options or whether the property is required.""",
            ),
            Method(
                "delete",
                "contact_properties.delete",
                "id: int",
                returns="SuccessResponse",
                doc="""Remove the property.""",
            ),
            Method(
                "option_usage",
                "contact_properties.option_usage",
                "id: int",
                returns="OptionUsageResponse",
                doc="""How many contacts hold each option of a ``select`` property.""",
            ),
        ],
    ),
    Resource(
        "segments",
        "Segments",
        module_doc="""``ps.segments``: groups of contacts, chosen by hand or by rules.""",
        class_doc="""Segments (``seg_...`` ids). Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "create",
                "segments.create",
                "input: CreateSegmentParams",
                returns="SegmentResponse",
                doc="""Create a segment: manual without ``rules``, dynamic with them.""",
            ),
            Method(
                "list",
                "segments.list",
                "params: ListSegmentsParams | None = None",
                returns="ListSegmentsResponse",
                doc="""Every segment: ``{"segments": [...]}``. Not paginated; ``params`` is ignored.""",
            ),
            Method(
                "get",
                "segments.get",
                "id: str",
                returns="SegmentResponse",
                doc="""One segment with its first 100 contacts.""",
            ),
            Method(
                "update",
                "segments.update",
                "id: str, input: UpdateSegmentParams",
                returns="SegmentResponse",
                doc="""Rename, or change the rules (``"rules": None`` makes it manual).""",
            ),
            Method(
                "delete",
                "segments.delete",
                "id: str",
                returns="SuccessResponse",
                doc="""Remove the segment (its contacts stay).""",
            ),
            Method(
                "add_contacts",
                "segments.add_contacts",
                "id: str, input: AddSegmentContactsParams",
                returns="AddSegmentContactsResponse",
                doc="""Add up to 1,000 contacts to a manual segment; answers how many were new.""",
            ),
            Method(
                "remove_contact",
                "segments.remove_contact",
                "id: str, contact_id: str",
                returns="SuccessResponse",
                doc="""Take one contact out of a manual segment.""",
            ),
            Method(
                "preview_rules",
                "segments.preview_rules",
                "input: PreviewSegmentRulesParams",
                returns="PreviewSegmentRulesResponse",
                idempotency=False,
                doc="""How many contacts ``rules`` would select, without creating anything.""",
            ),
            Method(
                "members",
                "segments.members",
                "id: str, params: ListSegmentMembersParams | None = None",
                returns="ListSegmentMembersResponse",
                doc="""One page of the segment's contacts: ``{"data": [...], "meta": {...}}``.""",
            ),
            Iterate(
                "iterate_members",
                "segments.members",
                "id: str, params: ListSegmentMembersParams | None = None",
                item="ContactDict",
                doc="""Every contact of the segment, fetching pages as the loop needs them.

``limit`` stops after that many contacts.""",
            ),
            Method(
                "growth",
                "segments.growth",
                "id: str, days: int | None = None",
                returns="SegmentGrowthResponse",
                payload="{'days': days}",
                payload_type="DaysQuery",
                doc="""Daily member counts of a manual segment over the last ``days`` (30, max 365).""",
            ),
            Method(
                "broadcasts",
                "segments.broadcasts",
                "id: str",
                returns="SegmentBroadcastsResponse",
                doc="""The broadcasts sent (or drafted) to this segment.""",
            ),
        ],
    ),
    Resource(
        "templates",
        "Templates",
        module_doc="""``ps.templates``: reusable email content with ``{{variable}}`` placeholders.""",
        class_doc="""Templates (``tpl_...`` ids). Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "create",
                "templates.create",
                "input: CreateTemplateParams",
                returns="TemplateResponse",
                doc="""Create an unpublished template.""",
            ),
            Method(
                "list",
                "templates.list",
                "params: ListTemplatesParams | None = None",
                returns="ListTemplatesResponse",
                doc="""One page of templates: ``{"data": [...], "meta": {...}}``.""",
            ),
            Iterate(
                "iterate",
                "templates.list",
                "params: ListTemplatesParams | None = None",
                item="TemplateDict",
                doc="""Every template matching ``params``, fetching pages as the loop needs them.

``limit`` stops after that many templates.""",
            ),
            Method(
                "get",
                "templates.get",
                "id: str",
                returns="TemplateResponse",
                doc="""One template with its bodies.""",
            ),
            Method(
                "update",
                "templates.update",
                "id: str, input: UpdateTemplateParams",
                returns="TemplateResponse",
                doc="""Edit the template; a published one gets a new version.""",
            ),
            Method(
                "delete",
                "templates.delete",
                "id: str",
                returns="SuccessResponse",
                doc="""Remove the template.""",
            ),
            Method(
                "publish",
                "templates.publish",
                "id: str",
                returns="TemplateResponse",
                doc="""Make the template usable by sends (``template_id``).""",
            ),
            Method(
                "unpublish",
                "templates.unpublish",
                "id: str",
                returns="TemplateResponse",
                doc="""Withdraw the template; sends naming it are refused until it is published again.""",
            ),
            Method(
                "duplicate",
                "templates.duplicate",
                "id: str",
                returns="TemplateResponse",
                doc="""Copy the template into a new, unpublished one.""",
            ),
            Method(
                "get_presets",
                "templates.get_presets",
                "",
                returns="TemplatePresetsResponse",
                doc="""The ready-made templates a team can start from: ``{"data": [...]}``.""",
            ),
            Method(
                "use_preset",
                "templates.use_preset",
                "preset_id: str",
                returns="TemplateResponse",
                doc="""Create a template from a preset (such as ``"welcome"``).""",
            ),
            Method(
                "render",
                "templates.render",
                "id: str, variables: TemplateVariables | None = None",
                returns="RenderTemplateResponse",
                payload="{} if variables is None else {'variables': variables}",
                payload_type="RenderTemplateBody",
                idempotency=False,
                doc="""The template with ``variables`` filled in, and which ones were missing.""",
            ),
        ],
    ),
    Resource(
        "webhooks",
        "Webhooks",
        module_doc="""``ps.webhooks``: endpoints that receive PostStack events, their deliveries and secrets.""",
        class_doc="""Webhooks (numeric ids). Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "create",
                "webhooks.create",
                "input: CreateWebhookParams",
                returns="WebhookWithSecretResponse",
                doc="""Register an endpoint; store the answer's ``signingSecret``, shown only now.""",
            ),
            Method(
                "get",
                "webhooks.get",
                "id: int",
                returns="WebhookResponse",
                doc="""One webhook: ``{"webhook": {...}}``.""",
            ),
            Method(
                "list",
                "webhooks.list",
                "params: ListWebhooksParams | None = None",
                returns="ListWebhooksResponse",
                doc="""Every webhook: ``{"webhooks": [...]}``. Not paginated; ``params`` is ignored.""",
            ),
            Method(
                "update",
                "webhooks.update",
                "id: int, input: UpdateWebhookParams",
                returns="WebhookResponse",
                doc="""Change the URL, the events, or switch the webhook on or off (``enabled``).""",
            ),
            Method(
                "delete",
                "webhooks.delete",
                "id: int",
                returns="SuccessResponse",
                doc="""Remove the webhook; no further deliveries are made.""",
            ),
            Method(
                "test",
                "webhooks.test",
                "id: int",
                returns="SuccessResponse",
                doc="""Send a test event to the endpoint.""",
            ),
            Method(
                "rotate_secret",
                "webhooks.rotate_secret",
                "id: int",
                returns="WebhookWithSecretResponse",
                kwonly="grace_hours: int | None = None",
                payload="None if grace_hours is None else {'graceHours': grace_hours}",
                payload_type="RotateSecretBody | None",
                doc="""Issue a new signing secret; store the answer's ``signingSecret``.

For ``grace_hours`` (server default 24, at most 168) deliveries are signed with both
secrets. ``grace_hours=0`` cuts over at once: the choice when the old one leaked.""",
            ),
            Method(
                "get_deliveries",
                "webhooks.get_deliveries",
                "id: int, params: ListWebhookDeliveriesParams | None = None",
                returns="WebhookDeliveriesResponse",
                doc="""One page of deliveries: ``{"deliveries": [...], "pagination": {...}}``.""",
            ),
            Method(
                "replay",
                "webhooks.replay",
                "id: int, delivery_id: int",
                returns="SuccessResponse",
                doc="""Deliver one recorded event again.""",
            ),
            # verify: hand-written (poststack/_async/_handwritten/webhooks.py)
            Method(
                "batch_replay",
                "webhooks.batch_replay",
                "id: int, input: BatchReplayParams | None = None",
                returns="BatchReplayResponse",
                payload="{} if input is None else input",
                payload_type="BatchReplayParams",
                doc="""Re-queue the webhook's failed deliveries, oldest first.""",
            ),
        ],
    ),
    Resource(
        "broadcasts",
        "Broadcasts",
        module_doc="""``ps.broadcasts``: one email to a whole segment, with A/B tests and follow-ups.""",
        class_doc="""Broadcasts. Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "create",
                "broadcasts.create",
                "input: CreateBroadcastParams",
                returns="BroadcastResponse",
                doc="""Create a draft broadcast to a segment.""",
            ),
            Method(
                "list",
                "broadcasts.list",
                "params: ListBroadcastsParams | None = None",
                returns="ListBroadcastsResponse",
                doc="""One page of broadcasts: ``{"data": [...], "meta": {...}}``.""",
            ),
            Iterate(
                "iterate",
                "broadcasts.list",
                "params: ListBroadcastsParams | None = None",
                item="BroadcastDict",
                doc="""Every broadcast matching ``params``, fetching pages as the loop needs them.

``limit`` stops after that many broadcasts.""",
            ),
            Method(
                "get",
                "broadcasts.get",
                "id: str",
                returns="BroadcastResponse",
                doc="""One broadcast with its counters.""",
            ),
            Method(
                "update",
                "broadcasts.update",
                "id: str, input: UpdateBroadcastParams",
                returns="BroadcastResponse",
                doc="""Edit a draft broadcast.""",
            ),
            Method(
                "send",
                "broadcasts.send",
                "id: str",
                returns="SuccessResponse",
                doc="""Start sending a draft broadcast (or schedule it, if it has ``scheduled_at``).""",
            ),
            Method(
                "cancel",
                "broadcasts.cancel",
                "id: str",
                returns="SuccessResponse",
                doc="""Stop a scheduled or sending broadcast.""",
            ),
            Method(
                "resend",
                "broadcasts.resend",
                "id: str, input: ResendBroadcastParams | None = None",
                returns="ResendBroadcastResponse",
                doc="""Draft a follow-up to the contacts who did not open (or click) this broadcast.""",
            ),
            Method(
                "send_test",
                "broadcasts.send_test",
                "id: str, input: SendTestBroadcastParams",
                returns="SuccessResponse",
                doc="""Send the broadcast to one address, to check how it looks.""",
            ),
            Method(
                "get_variants",
                "broadcasts.get_variants",
                "id: str",
                returns="BroadcastVariantsResponse",
                doc="""The A/B test's variants.""",
            ),
            Method(
                "get_variant_stats",
                "broadcasts.get_variant_stats",
                "id: str",
                returns="BroadcastVariantStatsResponse",
                doc="""Each variant's rates and the winner so far (422 for a broadcast without A/B test).""",
            ),
            Method(
                "list_performance",
                "broadcasts.list_performance",
                "params: ListBroadcastPerformanceParams | None = None",
                returns="ListBroadcastPerformanceResponse",
                doc="""Recent broadcasts ranked by ``metric``.""",
            ),
            Method(
                "performance",
                "broadcasts.performance",
                "id: str",
                returns="BroadcastPerformanceResponse",
                doc="""One broadcast's delivery, open and click numbers.""",
            ),
            Method(
                "non_openers",
                "broadcasts.non_openers",
                "id: str",
                returns="NonRespondersResponse",
                payload="{'limit': limit}",
                payload_type="LimitQuery",
                kwonly="limit: int | None = None",
                doc="""Recipients who did not open the broadcast (``limit`` 500 by default, max 5000).""",
            ),
            Method(
                "non_clickers",
                "broadcasts.non_clickers",
                "id: str",
                returns="NonRespondersResponse",
                payload="{'limit': limit}",
                payload_type="LimitQuery",
                kwonly="limit: int | None = None",
                doc="""Recipients who clicked nothing in the broadcast (``limit`` 500 by default).""",
            ),
            Method(
                "end_ab_test",
                "broadcasts.end_ab_test",
                "id: str",
                returns="SuccessResponse",
                doc="""Stop the A/B test now and send the leading variant to the rest of the segment.""",
            ),
        ],
    ),
    Resource(
        "suppressions",
        "Suppressions",
        module_doc="""``ps.suppressions``: addresses that must not receive mail.""",
        class_doc="""The suppression list. Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "list",
                "suppressions.list",
                "params: ListSuppressionsParams | None = None",
                returns="ListSuppressionsResponse",
                doc="""One page of suppressed addresses: ``{"data": [...], "meta": {...}}``.""",
            ),
            Iterate(
                "iterate",
                "suppressions.list",
                "params: ListSuppressionsParams | None = None",
                item="SuppressionDict",
                doc="""Every suppressed address, fetching pages as the loop needs them.

``limit`` stops after that many entries.""",
            ),
            Method(
                "add",
                "suppressions.add",
                "input: AddSuppressionParams",
                returns="SuccessResponse",
                doc="""Stop all mail to an address, giving the ``reason``.""",
            ),
            Method(
                "remove",
                "suppressions.remove",
                "email: str",
                returns="SuccessResponse",
                doc="""Allow mail to the address again.""",
            ),
        ],
    ),
    Resource(
        "api_keys",
        "ApiKeys",
        module_doc="""``ps.api_keys``: mint, inspect, rotate and revoke API keys (needs a ``full_access`` key).""",
        class_doc="""API keys (numeric ids). Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "create",
                "api_keys.create",
                "input: CreateApiKeyParams",
                returns="ApiKeyDict",
                doc="""Mint a key; the answer's ``key`` is the only time the plaintext is shown.""",
            ),
            Method(
                "list",
                "api_keys.list",
                "params: ListApiKeysParams | None = None",
                returns="ListApiKeysResponse",
                doc="""Every key (without secrets): ``{"keys": [...]}``. Not paginated; ``params`` ignored.""",
            ),
            Method(
                "get",
                "api_keys.get",
                "id: int",
                returns="ApiKeyDict",
                doc="""One key, without its secret.""",
            ),
            Method(
                "revoke",
                "api_keys.revoke",
                "id: int",
                returns="SuccessResponse",
                doc="""Delete the key; requests made with it fail from now on.""",
            ),
            Method(
                "rotate",
                "api_keys.rotate",
                "id: int",
                returns="ApiKeyDict",
                doc="""Replace the key with a new one of the same settings; the old one stops working.""",
            ),
        ],
    ),
    Resource(
        "mailboxes",
        "Mailboxes",
        module_doc="""``ps.mailboxes``: hosted mailboxes, their aliases, filters, signatures and shares.""",
        class_doc="""Mailboxes (``mb_...`` ids). Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "create",
                "mailboxes.create",
                "input: CreateMailboxParams",
                returns="MailboxResponse",
                doc="""Create a mailbox ``localPart@domain`` with an IMAP/SMTP password.""",
            ),
            Method(
                "list",
                "mailboxes.list",
                "params: ListMailboxesParams | None = None",
                returns="ListMailboxesResponse",
                doc="""One page of mailboxes: ``{"data": [...], "meta": {...}}``.""",
            ),
            Iterate(
                "iterate",
                "mailboxes.list",
                "params: ListMailboxesParams | None = None",
                item="MailboxDict",
                doc="""Every mailbox matching ``params``, fetching pages as the loop needs them.

``limit`` stops after that many mailboxes.""",
            ),
            Method(
                "get",
                "mailboxes.get",
                "id: str",
                returns="MailboxResponse",
                doc="""One mailbox: ``{"mailbox": {...}}``.""",
            ),
            Method(
                "update",
                "mailboxes.update",
                "id: str, input: UpdateMailboxParams",
                returns="MailboxResponse",
                doc="""Change the name, quota, status, forwarding or signature.""",
            ),
            Method(
                "delete",
                "mailboxes.delete",
                "id: str",
                returns="SuccessResponse",
                doc="""Delete the mailbox and its mail.""",
            ),
            Method(
                "change_password",
                "mailboxes.change_password",
                "id: str, password: str",
                returns="SuccessResponse",
                payload="{'password': password}",
                payload_type="ChangePasswordBody",
                doc="""Set a new IMAP/SMTP password.""",
            ),
            Method(
                "create_alias",
                "mailboxes.create_alias",
                "input: CreateMailboxAliasParams",
                returns="MailboxAliasResponse",
                doc="""Deliver mail for another address of the domain into a mailbox.""",
            ),
            Method(
                "list_aliases",
                "mailboxes.list_aliases",
                "params: ListMailboxAliasesParams | None = None",
                returns="ListMailboxAliasesResponse",
                doc="""One page of aliases: ``{"data": [...], "meta": {...}}``.""",
            ),
            Iterate(
                "iterate_aliases",
                "mailboxes.list_aliases",
                "params: ListMailboxAliasesParams | None = None",
                item="MailboxAliasDict",
                doc="""Every alias, fetching pages as the loop needs them; ``limit`` stops early.""",
            ),
            Method(
                "delete_alias",
                "mailboxes.delete_alias",
                "id: int",
                returns="SuccessResponse",
                doc="""Remove an alias (numeric id).""",
            ),
            Method(
                "list_filters",
                "mailboxes.list_filters",
                "id: str",
                returns="MailboxFiltersResponse",
                doc="""The mailbox's filter rules, in order.""",
            ),
            Method(
                "set_filters",
                "mailboxes.set_filters",
                "id: str, rules: Sequence[MailboxFilterRuleParams]",
                returns="MailboxFiltersResponse",
                payload="{'rules': rules}",
                payload_type="SetFiltersBody",
                doc="""Replace every filter rule of the mailbox (at most 50).""",
            ),
            Method(
                "get_signature",
                "mailboxes.get_signature",
                "id: str",
                returns="MailboxSignature",
                doc="""The signature appended to mail sent from the mailbox.""",
            ),
            Method(
                "set_signature",
                "mailboxes.set_signature",
                "id: str, signature: SetMailboxSignatureParams",
                returns="MailboxSignature",
                payload="signature",
                payload_type="SetMailboxSignatureParams",
                doc="""Set the signature (``None`` clears a part).""",
            ),
            Method(
                "unread_summary",
                "mailboxes.unread_summary",
                "",
                returns="UnreadSummaryResponse",
                doc="""Unread inbox counts of every mailbox.""",
            ),
            Method(
                "list_shares",
                "mailboxes.list_shares",
                "id: str",
                returns="MailboxSharesResponse",
                doc="""The mailboxes this one is shared with.""",
            ),
            Method(
                "grant_share",
                "mailboxes.grant_share",
                "id: str, shared_with_mailbox_id: str, access: MailboxShareAccess = 'read'",
                returns="MailboxShareResponse",
                payload="{'sharedWithMailboxId': shared_with_mailbox_id, 'access': access}",
                payload_type="GrantShareBody",
                doc="""Let another mailbox (``mb_...``) open this one; 409 if it already can.""",
            ),
            Method(
                "revoke_share",
                "mailboxes.revoke_share",
                "id: str, target_id: str",
                returns="SuccessResponse",
                doc="""Stop sharing this mailbox with ``target_id`` (``mb_...``).""",
            ),
        ],
    ),
    Resource(
        "inbound_emails",
        "InboundEmails",
        module_doc="""``ps.inbound_emails``: mail received by the team's domains; reply to it or forward it.""",
        class_doc="""Received mail (numeric ids). Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "list",
                "inbound_emails.list",
                "params: ListInboundEmailsParams | None = None",
                returns="ListInboundEmailsResponse",
                doc="""One page of received mail, newest first: ``{"data": [...], "meta": {...}}``.""",
            ),
            Iterate(
                "iterate",
                "inbound_emails.list",
                "params: ListInboundEmailsParams | None = None",
                item="InboundEmail",
                doc="""Every received email matching ``params``, fetching pages as the loop needs them.

``limit`` stops after that many emails.""",
            ),
            Method(
                "get",
                "inbound_emails.get",
                "id: int",
                returns="InboundEmailResponse",
                doc="""One received email with its bodies: ``{"inboundEmail": {...}}``.""",
            ),
            Method(
                "list_attachments",
                "inbound_emails.list_attachments",
                "id: int",
                returns="InboundAttachmentsResponse",
                doc="""The email's attachments (names, types and sizes, not contents).""",
            ),
            Method(
                "download_attachment",
                "inbound_emails.download_attachment",
                "id: int, attachment_id: int",
                returns="bytes",
                doc="""The bytes of one attachment.""",
            ),
            Method(
                "draft_reply",
                "inbound_emails.draft_reply",
                "id: int, input: DraftReplyParams | None = None",
                returns="DraftReplyResponse",
                payload="{} if input is None else input",
                payload_type="DraftReplyParams",
                idempotency=False,
                doc="""A suggested reply: sender, subject, quoting and threading headers. Sends nothing.""",
            ),
            Method(
                "reply",
                "inbound_emails.reply",
                "id: int, input: ReplyToInboundEmailParams",
                returns="InboundSendResponse",
                doc="""Send a reply in the email's thread; answers the new email's ``id``.""",
            ),
            Method(
                "forward",
                "inbound_emails.forward",
                "id: int, input: ForwardInboundEmailParams",
                returns="InboundSendResponse",
                doc="""Forward the email to up to 50 addresses; answers the new email's ``id``.""",
            ),
        ],
    ),
    Resource(
        "subscription_topics",
        "SubscriptionTopics",
        module_doc="""``ps.subscription_topics``: what contacts can opt out of, and who did.""",
        class_doc="""Topics (``top_...`` ids). Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "list",
                "subscription_topics.list",
                "",
                returns="ListSubscriptionTopicsResponse",
                doc="""Every topic: ``{"topics": [...]}``.""",
            ),
            Method(
                "create",
                "subscription_topics.create",
                "input: CreateSubscriptionTopicParams",
                returns="SubscriptionTopicResponse",
                doc="""Create a topic; every contact starts subscribed to it.""",
            ),
            Method(
                "delete",
                "subscription_topics.delete",
                "id: str",
                returns="SuccessResponse",
                doc="""Remove the topic.""",
            ),
            Method(
                "get_contact_subscriptions",
                "subscription_topics.get_contact_subscriptions",
                "contact_id: str",
                returns="ContactSubscriptionsResponse",
                doc="""The contact's explicit subscription rows (no row means subscribed).""",
            ),
            Method(
                "subscribe",
                "subscription_topics.subscribe",
                "contact_id: str, topic_id: str",
                returns="ContactSubscriptionResponse",
                payload="{'topic_id': topic_id}",
                payload_type="SubscribeBody",
                doc="""Subscribe the contact (``con_...``) to the topic (``top_...``).""",
            ),
            Method(
                "unsubscribe",
                "subscription_topics.unsubscribe",
                "contact_id: str, topic_id: str",
                returns="ContactSubscriptionResponse",
                doc="""Opt the contact out of the topic; answers the opt-out row.""",
            ),
            Method(
                "get",
                "subscription_topics.get",
                "id: str",
                returns="SubscriptionTopicDetailResponse",
                doc="""One topic with its subscriber and opt-out counts.""",
            ),
            Method(
                "update",
                "subscription_topics.update",
                "id: str, input: UpdateSubscriptionTopicParams",
                returns="SubscriptionTopicResponse",
                doc="""Rename the topic or change its description.""",
            ),
            Method(
                "list_subscribers",
                "subscription_topics.list_subscribers",
                "id: str, params: ListTopicSubscribersParams | None = None",
                returns="ListTopicSubscribersResponse",
                doc="""One page of the topic's subscribers (or, with ``subscribed=False``, opt-outs).""",
            ),
            Iterate(
                "iterate_subscribers",
                "subscription_topics.list_subscribers",
                "id: str, params: ListTopicSubscribersParams | None = None",
                item="TopicSubscriber",
                doc="""Every subscriber of the topic, fetching pages as the loop needs them.

``limit`` stops after that many subscribers.""",
            ),
        ],
    ),
    Resource(
        "workflows",
        "Workflows",
        module_doc="""``ps.workflows``: automations that run a graph of steps for each contact.""",
        class_doc="""Workflows (``wf_...`` ids). Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "list",
                "workflows.list",
                "",
                returns="ListWorkflowsResponse",
                doc="""Every workflow: ``{"data": [...]}`` (not paginated).""",
            ),
            Method(
                "create",
                "workflows.create",
                "input: CreateWorkflowParams",
                returns="WorkflowResponse",
                doc="""Create a draft workflow; give it a graph, then activate it.""",
            ),
            Method(
                "get",
                "workflows.get",
                "id: str",
                returns="WorkflowResponse",
                doc="""One workflow: ``{"workflow": {...}}``.""",
            ),
            Method(
                "update",
                "workflows.update",
                "id: str, input: UpdateWorkflowParams",
                returns="WorkflowResponse",
                doc="""Rename the workflow or change its trigger.""",
            ),
            Method(
                "delete",
                "workflows.delete",
                "id: str",
                returns="SuccessResponse",
                doc="""Remove the workflow.""",
            ),
            Method(
                "get_graph",
                "workflows.get_graph",
                "id: str",
                returns="WorkflowGraphResponse",
                doc="""The workflow's nodes and edges.""",
            ),
            Method(
                "put_graph",
                "workflows.put_graph",
                "id: str, input: PutWorkflowGraphParams",
                returns="WorkflowGraphResponse",
                doc="""Replace the workflow's whole graph.""",
            ),
            Method(
                "validate_graph",
                "workflows.validate_graph",
                "id: str",
                returns="ValidateWorkflowResponse",
                idempotency=False,
                doc="""Check the stored graph; ``{"valid": False, "errors": [...]}`` says what is wrong.""",
            ),
            Method(
                "activate",
                "workflows.activate",
                "id: str",
                returns="WorkflowResponse",
                doc="""Start running the workflow for new triggers.""",
            ),
            Method(
                "pause",
                "workflows.pause",
                "id: str",
                returns="WorkflowResponse",
                doc="""Stop starting new runs.""",
            ),
            Method(
                "trigger",
                "workflows.trigger",
                "id: str, input: TriggerWorkflowParams",
                returns="TriggerWorkflowResponse",
                doc="""Run an active ``manual`` workflow for one contact (422 otherwise).""",
            ),
            Method(
                "post_event",
                "workflows.post_event",
                "input: PostWorkflowEventParams",
                returns="PostWorkflowEventResponse",
                doc="""Report a custom event for a contact; ``custom`` workflows listening for it start.""",
            ),
        ],
    ),
    Resource(
        "notification_channels",
        "NotificationChannels",
        module_doc="""``ps.notification_channels``: alerts to Slack, Discord or Telegram (``full_access`` keys).""",
        class_doc="""Channels (``nc_...`` ids). Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "list",
                "notification_channels.list",
                "",
                returns="ListNotificationChannelsResponse",
                doc="""Every channel: ``{"channels": [...]}``.""",
            ),
            Method(
                "create",
                "notification_channels.create",
                "input: CreateNotificationChannelParams",
                returns="NotificationChannelResponse",
                doc="""Create a channel that posts the chosen ``events``.""",
            ),
            Method(
                "get",
                "notification_channels.get",
                "id: str",
                returns="NotificationChannelResponse",
                doc="""One channel: ``{"channel": {...}}``.""",
            ),
            Method(
                "update",
                "notification_channels.update",
                "id: str, input: UpdateNotificationChannelParams",
                returns="NotificationChannelResponse",
                doc="""Change the channel; only the keys given change (sent as PUT).""",
            ),
            Method(
                "delete",
                "notification_channels.delete",
                "id: str",
                returns="SuccessResponse",
                doc="""Remove the channel.""",
            ),
            Method(
                "list_deliveries",
                "notification_channels.list_deliveries",
                "id: str, params: ListChannelDeliveriesParams | None = None",
                returns="ChannelDeliveriesResponse",
                doc="""One page of the channel's deliveries: ``{"deliveries": [...], "meta": {...}}``.""",
            ),
            Method(
                "test",
                "notification_channels.test",
                "id: str",
                returns="NotificationChannelTestResponse",
                doc="""Post a test message; the answer carries the receiving service's status.""",
            ),
            Method(
                "replay_delivery",
                "notification_channels.replay_delivery",
                "id: str, delivery_id: int",
                returns="SuccessResponse",
                doc="""Post one recorded delivery again.""",
            ),
        ],
    ),
    Resource(
        "signup_forms",
        "SignupForms",
        module_doc="""``ps.signup_forms``: hosted forms that turn visitors into contacts.""",
        class_doc="""Signup forms (``sf_...`` ids). Every method also takes ``timeout=``, ``max_retries=``.""",
        methods=[
            Method(
                "list",
                "signup_forms.list",
                "params: ListSignupFormsParams | None = None",
                returns="ListSignupFormsResponse",
                doc="""One page of forms: ``{"data": [...], "meta": {...}}``.""",
            ),
            Iterate(
                "iterate",
                "signup_forms.list",
                "params: ListSignupFormsParams | None = None",
                item="SignupFormDict",
                doc="""Every form, fetching pages as the loop needs them; ``limit`` stops early.""",
            ),
            Method(
                "create",
                "signup_forms.create",
                "input: CreateSignupFormParams",
                returns="SignupFormResponse",
                doc="""Create a form with 1 to 10 fields.""",
            ),
            Method(
                "get",
                "signup_forms.get",
                "id: str",
                returns="SignupFormResponse",
                doc="""One form: ``{"signupForm": {...}}``.""",
            ),
            Method(
                "update",
                "signup_forms.update",
                "id: str, input: UpdateSignupFormParams",
                returns="SignupFormResponse",
                doc="""Change the form; ``"active": False`` stops accepting submissions.""",
            ),
            Method(
                "delete",
                "signup_forms.delete",
                "id: str",
                returns="SuccessResponse",
                doc="""Remove the form.""",
            ),
            Method(
                "submit",
                "signup_forms.submit",
                "id: str, input: SubmitSignupFormParams | Mapping[str, Any]",
                returns="SubmitSignupFormResponse",
                doc="""Submit the form as a visitor would (the endpoint needs no key).

Keys beyond ``email`` and the names are contact properties, hence the ``Mapping``.""",
            ),
        ],
    ),
    Resource(
        "email_validations",
        "EmailValidations",
        module_doc="""``ps.email_validations``: check addresses before sending to them.""",
        class_doc="""Address validation. Every method also takes ``timeout=`` and ``max_retries=``.""",
        methods=[
            Method(
                "validate",
                "email_validations.validate",
                "email: str",
                returns="EmailValidationDict",
                payload="{'email': email}",
                payload_type="ValidateEmailBody",
                idempotency=False,
                doc="""Whether ``email`` looks deliverable: syntax, MX, disposable, role and free checks.""",
            ),
            Method(
                "validate_batch",
                "email_validations.validate_batch",
                "emails: Sequence[str]",
                returns="EmailValidationsResponse",
                payload="{'emails': list(emails)}",
                payload_type="ValidateEmailsBody",
                idempotency=False,
                handwritten=True,
                doc="""Validate up to 100 addresses: ``{"results": [...]}`` in the input order.""",
            ),
        ],
    ),
)

"""Pydantic models under the names of the official ``poststack.types`` (0.9.0).

Code written against the official package validates the server's JSON with them and reads
snake_case attributes::

    from poststack.types import Email

    email = Email.model_validate(ps.emails.get("em_...")["email"])
    email.public_id, email.status, email.created_at

Rules of this module:

* One model per official name, with the official attribute names and defaults
  (``Mailbox.forward_mode`` is ``"relay"`` when absent). Each attribute is read from its
  camelCase key (``publicId``) or, as the official models allow, from its own name.
* Every model keeps fields it does not declare (``model.model_extra``): the API adds fields
  faster than any SDK, and a new one must never make validation fail.
* Where the official model describes an older wire shape than the API sends today (email
  events, DMARC statistics, email validations, topic subscriptions), the official
  attribute stays and becomes optional, the current keys are accepted too, and the current
  fields are added. So a real answer validates, and code reading the official attributes
  of an answer in the older shape keeps working.
* Literal value sets are the official ones plus the values the API is documented to send
  (an email can be ``"cancelled"``, a DNS record can serve ``"dkim_rotation"``).
* The official names that are not models (``SendEmailInput``, ``Attachment``,
  ``ListEmailsParams``, ``SegmentComparator``, ``SegmentOperator``) are the SDK's own
  TypedDicts and Literals, so no name means two things.

pydantic is imported by this module only: ``import poststack`` never loads it, and
`poststack.types` imports this module the first time one of its names is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, cast

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel, to_snake

from .emails import Attachment, ListEmailsParams, SendEmailParams
from .segments import SegmentComparator

__all__ = [
    "PaginationMeta",
    "Attachment",
    "SendEmailInput",
    "ListEmailsParams",
    "EmailEvent",
    "Email",
    "EmailInsightWarning",
    "DnsRecord",
    "Domain",
    "DmarcReport",
    "DmarcStats",
    "DmarcSource",
    "Contact",
    "ContactProperty",
    "ImportContactsResult",
    "Segment",
    "SegmentComparator",
    "SegmentCondition",
    "SegmentOperator",
    "SegmentPreviewResult",
    "SegmentRules",
    "Template",
    "TemplatePreset",
    "CreateWebhookResult",
    "Webhook",
    "WebhookDelivery",
    "Broadcast",
    "BroadcastVariant",
    "BroadcastVariantStats",
    "Suppression",
    "ApiKey",
    "Mailbox",
    "MailboxAlias",
    "SubscriptionTopic",
    "ContactSubscription",
    "WorkflowStep",
    "Workflow",
    "SignupFormField",
    "SignupForm",
    "EmailValidation",
]

#: The official name of the body of ``emails.send``: our `SendEmailParams`, whose sender
#: key is ``"from"`` as on the wire (the official TypedDict spelled it ``from_``).
SendEmailInput = SendEmailParams

#: How the conditions of `SegmentRules` combine.
SegmentOperator = Literal["and", "or"]

_EmailStatus = Literal[
    "queued", "sending", "deferred", "delivered", "bounced", "complained", "failed", "cancelled"
]
_EmailEventType = Literal[
    "queued",
    "sent",
    "delivered",
    "deferred",
    "bounced",
    "soft_bounced",
    "opened",
    "clicked",
    "complained",
    "unsubscribed",
    "failed",
]
_DnsPurpose = Literal[
    "spf", "dkim", "dkim_rotation", "dmarc", "return_path", "mx", "imap", "submission"
]
_ValidationResult = Literal["deliverable", "undeliverable", "risky", "unknown"]
_Risk = Literal["low", "medium", "high"]


class _Model(BaseModel):
    """Base of every model: camelCase keys or attribute names in, unknown keys kept."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, alias_generator=to_camel)


def _either(attribute_key: str, current_key: str) -> Any:
    """A field read from the official model's key or from the one the API sends today."""
    return Field(default=None, validation_alias=AliasChoices(attribute_key, current_key))


# -- shared -------------------------------------------------------------------------------


class PaginationMeta(_Model):
    """The ``meta`` (or ``pagination``) object of a paginated list."""

    page: int
    per_page: int
    total: int
    total_pages: int


# -- emails -------------------------------------------------------------------------------


class EmailEvent(_Model):
    """One step in an email's life (``events`` of ``emails.get``).

    ``type`` and ``timestamp`` are the official attributes; the API sends them as
    ``eventType`` and ``createdAt``, and either spelling is read.
    """

    type: _EmailEventType | None = _either("type", "eventType")
    timestamp: str | None = _either("timestamp", "createdAt")
    id: int | None = None
    email_id: int | None = None
    metadata: dict[str, Any] | None = None
    is_prefetch: bool | None = None


class Email(_Model):
    """An email as ``emails.get(...)["email"]`` and the items of ``emails.list`` carry it.

    ``id`` is the internal number; every method takes ``public_id`` (``em_...``).
    """

    id: int
    public_id: str
    from_address: str
    from_name: str | None = None
    to_addresses: list[str]
    cc_addresses: list[str] | None = None
    bcc_addresses: list[str] | None = None
    subject: str
    status: _EmailStatus
    tags: list[str] | None = None
    test_mode: bool = False
    scheduled_at: str | None = None
    created_at: str
    sent_at: str | None = None
    events: list[EmailEvent] | None = None


class EmailInsightWarning(_Model):
    """One of the ``warnings`` of ``emails.get_insights``."""

    code: str
    message: str
    severity: Literal["warning", "info"]


# -- domains ------------------------------------------------------------------------------


class DnsRecord(_Model):
    """A DNS record the domain's owner publishes."""

    type: Literal["TXT", "CNAME", "MX", "SRV"]
    name: str
    value: str
    purpose: _DnsPurpose
    verified: bool


class Domain(_Model):
    """A sending domain (``domains.get(id)["domain"]``)."""

    id: int
    name: str
    status: Literal["pending", "verified", "failed"]
    region: Literal["eu-west-1", "us-east-1", "sa-east-1", "ap-northeast-1"]
    dns_records: list[DnsRecord]
    open_tracking: bool
    click_tracking: bool
    catch_all: bool
    tls_mode: Literal["opportunistic", "enforced"]
    verified_at: str | None = None
    created_at: str


class DmarcReport(_Model):
    """One aggregate report of ``domains.get_dmarc_reports``."""

    id: int
    domain_id: int
    report_id: str
    org_name: str
    email: str | None = None
    date_range_start: str | None = None
    date_range_end: str | None = None
    domain: str
    policy_published: dict[str, Any] | None = None
    status: str
    created_at: str


class DmarcStats(_Model):
    """``domains.get_dmarc_stats``.

    The API answers ``{totals: {totalMessages, passed, ...}, daily: [...]}``; the official
    attributes are derived from it (``pass_rate`` from 0 to 1) when the flat keys are absent.
    """

    total_messages: int | None = None
    pass_rate: float | None = None
    failed_messages: int | None = None
    daily_stats: list[dict[str, Any]] | None = None
    totals: dict[str, Any] | None = None
    daily: list[dict[str, Any]] | None = None

    @model_validator(mode="before")
    @classmethod
    def _official_figures(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        answer = dict(cast("Mapping[str, Any]", data))
        totals = answer.get("totals")
        if isinstance(totals, Mapping):
            figures = cast("Mapping[str, Any]", totals)
            total, passed = figures.get("totalMessages"), figures.get("passed")
            if isinstance(total, int) and isinstance(passed, int):
                answer.setdefault("totalMessages", total)
                answer.setdefault("failedMessages", total - passed)
                answer.setdefault("passRate", passed / total if total else 0.0)
        if "daily" in answer:
            answer.setdefault("dailyStats", answer["daily"])
        return answer


class DmarcSource(_Model):
    """One sending source of ``domains.get_dmarc_sources``.

    ``count``/``pass_count``/``fail_count`` are read from ``total``/``passed``/``failed``,
    the keys the API sends today, as well as from the official ones.
    """

    source_ip: str
    org_name: str | None = None
    count: int | None = _either("count", "total")
    pass_count: int | None = _either("passCount", "passed")
    fail_count: int | None = _either("failCount", "failed")


# -- contacts -----------------------------------------------------------------------------


class Contact(_Model):
    """A contact (``contacts.get(id)["contact"]``); methods take ``public_id`` (``con_...``)."""

    id: int
    public_id: str
    email: str
    first_name: str | None = None
    last_name: str | None = None
    unsubscribed: bool
    properties: dict[str, Any] | None = None
    created_at: str


class ContactProperty(_Model):
    """A custom contact property."""

    id: int
    name: str
    label: str
    type: Literal["text", "number", "boolean", "date", "select"]
    options: list[str] | None = None
    required: bool
    created_at: str


class ImportContactsResult(_Model):
    """``contacts.import_``: existing addresses are skipped; one ``"<email>: <why>"`` per error."""

    imported: int
    skipped: int
    errors: list[str]


# -- segments -----------------------------------------------------------------------------


class SegmentCondition(_Model):
    """One condition of a segment's rules; ``value`` is empty for ``is_set``/``is_not_set``."""

    field: str
    comparator: SegmentComparator
    value: str = ""
    window_days: int | None = None


class SegmentRules(_Model):
    """A segment's rules: conditions joined by ``operator``."""

    operator: SegmentOperator
    conditions: list[SegmentCondition]


class Segment(_Model):
    """A segment; methods take ``public_id`` (``seg_...``)."""

    id: int
    public_id: str
    name: str
    contact_count: int
    created_at: str


class SegmentPreviewResult(_Model):
    """``segments.preview_rules``: how many contacts the rules match."""

    count: int


# -- templates ----------------------------------------------------------------------------


class Template(_Model):
    """A template (``templates.get(id)["template"]``); methods take ``public_id`` (``tpl_...``)."""

    id: int
    public_id: str
    name: str
    subject: str
    html_body: str | None = None
    text_body: str | None = None
    variables: list[str] | None = None
    published: bool
    version: int
    created_at: str


class TemplatePreset(_Model):
    """One of ``templates.get_presets()["data"]``."""

    id: str
    name: str
    description: str | None = None
    thumbnail: str | None = None
    subject: str
    html: str
    text: str | None = None


# -- webhooks -----------------------------------------------------------------------------


class Webhook(_Model):
    """A webhook (``webhooks.get(id)["webhook"]``).

    ``previous_secret_expires_at`` is set while a rotation's grace window is open (each
    delivery is then signed with both secrets).
    """

    id: int
    url: str
    events: list[str]
    active: bool
    created_at: str
    signing_secret: str | None = None
    secret_rotated_at: str | None = None
    previous_secret_expires_at: str | None = None


class CreateWebhookResult(_Model):
    """``webhooks.create`` and ``rotate_secret``: the webhook and its secret, shown once."""

    webhook: Webhook
    signing_secret: str


class WebhookDelivery(_Model):
    """A delivery of ``webhooks.get_deliveries``; it succeeded when ``delivered_at`` is set."""

    id: int
    webhook_id: int
    event_type: str
    payload: dict[str, Any]
    status_code: int | None = None
    response_body: str | None = None
    attempts: int
    next_retry_at: str | None = None
    delivered_at: str | None = None
    created_at: str


# -- broadcasts ---------------------------------------------------------------------------


class Broadcast(_Model):
    """A broadcast; methods take ``public_id``."""

    id: int
    public_id: str
    subject: str
    status: Literal["draft", "queued", "sending", "sent", "cancelled"]
    total_recipients: int
    delivered_count: int
    opened_count: int
    clicked_count: int
    bounced_count: int
    created_at: str
    sent_at: str | None = None
    scheduled_at: str | None = None


class BroadcastVariant(_Model):
    """One variant of an A/B-tested broadcast, with its counts and rates."""

    id: int
    name: str
    subject: str
    weight: int
    recipient_count: int = 0
    delivered_count: int
    opened_count: int
    clicked_count: int
    bounced_count: int = 0
    open_rate: float = 0.0
    click_rate: float = 0.0


class BroadcastVariantStats(_Model):
    """``broadcasts.get_variant_stats``; ``winner_variant_id`` once a winner is picked."""

    variants: list[BroadcastVariant]
    winner_variant_id: int | None = None


# -- suppressions, API keys ---------------------------------------------------------------


class Suppression(_Model):
    """An address no email is sent to."""

    id: int
    email: str
    reason: Literal["hard_bounce", "complaint", "manual", "unsubscribe"]
    created_at: str


class ApiKey(_Model):
    """An API key; ``key`` (the secret) only in the answers of ``create`` and ``rotate``."""

    id: int
    name: str
    key_prefix: str
    permission: Literal["full_access", "sending_access"]
    mode: Literal["live", "test"]
    domain_id: int | None = None
    last_used_at: str | None = None
    expires_at: str | None = None
    created_at: str
    key: str | None = None


# -- mailboxes ----------------------------------------------------------------------------


class Mailbox(_Model):
    """A hosted mailbox.

    Forwarding is off when ``forward_to`` is empty; ``forward_mode`` is ``"relay"`` (the
    message as it came) unless ``"wrapped"`` (a ``Fwd:`` with quoted headers), and a copy
    is kept in the mailbox unless ``forward_keep_copy`` is false: the server's defaults.
    """

    id: int
    team_id: int
    domain_id: int
    email_address: str
    display_name: str | None = None
    quota_bytes: int
    status: Literal["active", "suspended", "deleted"]
    webhook_enabled: bool
    forward_to: str | None = None
    forward_mode: Literal["relay", "wrapped"] = "relay"
    forward_keep_copy: bool = True
    signature_html: str | None = None
    signature_text: str | None = None
    last_login_at: str | None = None
    created_at: str
    updated_at: str


class MailboxAlias(_Model):
    """An address that delivers into another mailbox."""

    id: int
    team_id: int
    domain_id: int
    alias_address: str
    destination_mailbox_id: int
    created_at: str


# -- subscription topics ------------------------------------------------------------------


class SubscriptionTopic(_Model):
    """A topic contacts can opt out of."""

    id: int
    name: str
    description: str | None = None
    created_at: str


class ContactSubscription(_Model):
    """A contact's choice about one topic.

    The API sends ``id``, ``subscribed`` and ``updatedAt`` today; ``subscribed_at`` is the
    official attribute and read when present.
    """

    topic_id: int
    contact_id: int
    subscribed_at: str | None = None
    id: int | None = None
    subscribed: bool | None = None
    updated_at: str | None = None


# -- workflows ----------------------------------------------------------------------------


class WorkflowStep(_Model):
    """A step of a workflow as the official step model described it."""

    id: int
    step_type: Literal["send_email", "wait", "condition"]
    position: int
    config: dict[str, Any]
    created_at: str


class Workflow(_Model):
    """A workflow; methods take ``public_id`` (``wf_...``)."""

    id: int
    public_id: str
    name: str
    trigger_type: Literal["contact.created", "contact.subscribed", "custom", "manual"]
    trigger_config: dict[str, Any] | None = None
    status: Literal["draft", "active", "paused"]
    steps: list[WorkflowStep] | None = None
    created_at: str
    updated_at: str


# -- signup forms -------------------------------------------------------------------------


class SignupFormField(_Model):
    """One input of a signup form."""

    name: str
    type: Literal["email", "text", "select", "checkbox"]
    label: str
    required: bool | None = None
    options: list[str] | None = None
    placeholder: str | None = None


class SignupForm(_Model):
    """A hosted signup form; methods take ``public_id`` (``sf_...``)."""

    id: int
    public_id: str
    name: str
    segment_id: int | None = None
    topic_id: int | None = None
    fields: list[SignupFormField]
    success_message: str | None = None
    redirect_url: str | None = None
    active: bool
    submission_count: int
    created_at: str
    updated_at: str


# -- email validations --------------------------------------------------------------------


class EmailValidation(_Model):
    """``email_validations.validate``.

    The API nests its checks (``checks: {syntax, mx, disposable, role, free}``); the
    official flat attributes (``syntax_valid``, ``is_disposable``...) are filled from them
    when the answer has no flat keys.
    """

    email: str
    result: _ValidationResult
    risk: _Risk
    checks: dict[str, bool] | None = None
    syntax_valid: bool | None = None
    mx_valid: bool | None = None
    is_disposable: bool | None = None
    is_role: bool | None = None
    is_free: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _flat_checks(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        answer = dict(cast("Mapping[str, Any]", data))
        checks = answer.get("checks")
        if isinstance(checks, Mapping):
            nested = cast("Mapping[str, Any]", checks)
            for check, key in _FLAT_CHECKS.items():
                if check in nested and key not in answer and to_snake(key) not in answer:
                    answer[key] = nested[check]
        return answer


# ``checks`` key -> the official flat key it fills.
_FLAT_CHECKS = {
    "syntax": "syntaxValid",
    "mx": "mxValid",
    "disposable": "isDisposable",
    "role": "isRole",
    "free": "isFree",
}

"""The resource classes under the official package's names (``EmailsResource``...).

``from poststack.resources import EmailsResource`` keeps working for code written against the
official ``poststack`` 0.9.0, for annotations; ours are ``poststack.Emails`` and so on.
"""

from __future__ import annotations

from ._async import (
    AsyncApiKeys,
    AsyncBroadcasts,
    AsyncContactProperties,
    AsyncContacts,
    AsyncDomains,
    AsyncEmails,
    AsyncEmailValidations,
    AsyncInboundEmails,
    AsyncMailboxes,
    AsyncNotificationChannels,
    AsyncSegments,
    AsyncSignupForms,
    AsyncSubscriptionTopics,
    AsyncSuppressions,
    AsyncTemplates,
    AsyncWebhooks,
    AsyncWorkflows,
)
from ._sync import (
    ApiKeys,
    Broadcasts,
    ContactProperties,
    Contacts,
    Domains,
    Emails,
    EmailValidations,
    InboundEmails,
    Mailboxes,
    NotificationChannels,
    Segments,
    SignupForms,
    SubscriptionTopics,
    Suppressions,
    Templates,
    Webhooks,
    Workflows,
)

ApiKeysResource = ApiKeys
AsyncApiKeysResource = AsyncApiKeys
BroadcastsResource = Broadcasts
AsyncBroadcastsResource = AsyncBroadcasts
ContactPropertiesResource = ContactProperties
AsyncContactPropertiesResource = AsyncContactProperties
ContactsResource = Contacts
AsyncContactsResource = AsyncContacts
DomainsResource = Domains
AsyncDomainsResource = AsyncDomains
EmailValidationsResource = EmailValidations
AsyncEmailValidationsResource = AsyncEmailValidations
EmailsResource = Emails
AsyncEmailsResource = AsyncEmails
InboundEmailsResource = InboundEmails
AsyncInboundEmailsResource = AsyncInboundEmails
MailboxesResource = Mailboxes
AsyncMailboxesResource = AsyncMailboxes
NotificationChannelsResource = NotificationChannels
AsyncNotificationChannelsResource = AsyncNotificationChannels
SegmentsResource = Segments
AsyncSegmentsResource = AsyncSegments
SignupFormsResource = SignupForms
AsyncSignupFormsResource = AsyncSignupForms
SubscriptionTopicsResource = SubscriptionTopics
AsyncSubscriptionTopicsResource = AsyncSubscriptionTopics
SuppressionsResource = Suppressions
AsyncSuppressionsResource = AsyncSuppressions
TemplatesResource = Templates
AsyncTemplatesResource = AsyncTemplates
WebhooksResource = Webhooks
AsyncWebhooksResource = AsyncWebhooks
WorkflowsResource = Workflows
AsyncWorkflowsResource = AsyncWorkflows

__all__ = [
    "ApiKeysResource",
    "AsyncApiKeysResource",
    "BroadcastsResource",
    "AsyncBroadcastsResource",
    "ContactPropertiesResource",
    "AsyncContactPropertiesResource",
    "ContactsResource",
    "AsyncContactsResource",
    "DomainsResource",
    "AsyncDomainsResource",
    "EmailValidationsResource",
    "AsyncEmailValidationsResource",
    "EmailsResource",
    "AsyncEmailsResource",
    "InboundEmailsResource",
    "AsyncInboundEmailsResource",
    "MailboxesResource",
    "AsyncMailboxesResource",
    "NotificationChannelsResource",
    "AsyncNotificationChannelsResource",
    "SegmentsResource",
    "AsyncSegmentsResource",
    "SignupFormsResource",
    "AsyncSignupFormsResource",
    "SubscriptionTopicsResource",
    "AsyncSubscriptionTopicsResource",
    "SuppressionsResource",
    "AsyncSuppressionsResource",
    "TemplatesResource",
    "AsyncTemplatesResource",
    "WebhooksResource",
    "AsyncWebhooksResource",
    "WorkflowsResource",
    "AsyncWorkflowsResource",
]

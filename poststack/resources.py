"""The resource classes under the official package's names (``EmailsResource``...).

``from poststack.resources import EmailsResource`` keeps working for code written against the
official ``poststack`` 0.9.0, for annotations; ours are ``poststack.Emails`` and so on.
"""

from __future__ import annotations

from ._async.api_keys import AsyncApiKeys
from ._async.broadcasts import AsyncBroadcasts
from ._async.contact_properties import AsyncContactProperties
from ._async.contacts import AsyncContacts
from ._async.domains import AsyncDomains
from ._async.email_validations import AsyncEmailValidations
from ._async.emails import AsyncEmails
from ._async.inbound_emails import AsyncInboundEmails
from ._async.mailboxes import AsyncMailboxes
from ._async.notification_channels import AsyncNotificationChannels
from ._async.segments import AsyncSegments
from ._async.signup_forms import AsyncSignupForms
from ._async.subscription_topics import AsyncSubscriptionTopics
from ._async.suppressions import AsyncSuppressions
from ._async.templates import AsyncTemplates
from ._async.webhooks import AsyncWebhooks
from ._async.workflows import AsyncWorkflows
from ._sync.api_keys import ApiKeys
from ._sync.broadcasts import Broadcasts
from ._sync.contact_properties import ContactProperties
from ._sync.contacts import Contacts
from ._sync.domains import Domains
from ._sync.email_validations import EmailValidations
from ._sync.emails import Emails
from ._sync.inbound_emails import InboundEmails
from ._sync.mailboxes import Mailboxes
from ._sync.notification_channels import NotificationChannels
from ._sync.segments import Segments
from ._sync.signup_forms import SignupForms
from ._sync.subscription_topics import SubscriptionTopics
from ._sync.suppressions import Suppressions
from ._sync.templates import Templates
from ._sync.webhooks import Webhooks
from ._sync.workflows import Workflows

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

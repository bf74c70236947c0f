"""The resource classes under the official package's module paths and names.

Code written against the official ``poststack`` 0.9.0 imports them from here
(``from poststack.resources.webhooks import WebhooksResource``) or from this package
(``from poststack.resources import EmailsResource``); both give our classes
(`poststack.Webhooks`, ``ps.webhooks``'s type), so annotations and static calls such as
``WebhooksResource.verify(payload, header, secret)`` keep working. Each submodule, and the
resource layer behind it, is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from poststack_proto import lazy_exports

if TYPE_CHECKING:
    from .api_keys import ApiKeysResource as ApiKeysResource
    from .api_keys import AsyncApiKeysResource as AsyncApiKeysResource
    from .broadcasts import AsyncBroadcastsResource as AsyncBroadcastsResource
    from .broadcasts import BroadcastsResource as BroadcastsResource
    from .contact_properties import AsyncContactPropertiesResource as AsyncContactPropertiesResource
    from .contact_properties import ContactPropertiesResource as ContactPropertiesResource
    from .contacts import AsyncContactsResource as AsyncContactsResource
    from .contacts import ContactsResource as ContactsResource
    from .domains import AsyncDomainsResource as AsyncDomainsResource
    from .domains import DomainsResource as DomainsResource
    from .email_validations import AsyncEmailValidationsResource as AsyncEmailValidationsResource
    from .email_validations import EmailValidationsResource as EmailValidationsResource
    from .emails import AsyncEmailsResource as AsyncEmailsResource
    from .emails import EmailsResource as EmailsResource
    from .inbound_emails import AsyncInboundEmailsResource as AsyncInboundEmailsResource
    from .inbound_emails import InboundEmailsResource as InboundEmailsResource
    from .mailboxes import AsyncMailboxesResource as AsyncMailboxesResource
    from .mailboxes import MailboxesResource as MailboxesResource
    from .notification_channels import (
        AsyncNotificationChannelsResource as AsyncNotificationChannelsResource,
    )
    from .notification_channels import NotificationChannelsResource as NotificationChannelsResource
    from .segments import AsyncSegmentsResource as AsyncSegmentsResource
    from .segments import SegmentsResource as SegmentsResource
    from .signup_forms import AsyncSignupFormsResource as AsyncSignupFormsResource
    from .signup_forms import SignupFormsResource as SignupFormsResource
    from .subscription_topics import (
        AsyncSubscriptionTopicsResource as AsyncSubscriptionTopicsResource,
    )
    from .subscription_topics import SubscriptionTopicsResource as SubscriptionTopicsResource
    from .suppressions import AsyncSuppressionsResource as AsyncSuppressionsResource
    from .suppressions import SuppressionsResource as SuppressionsResource
    from .templates import AsyncTemplatesResource as AsyncTemplatesResource
    from .templates import TemplatesResource as TemplatesResource
    from .webhooks import AsyncWebhooksResource as AsyncWebhooksResource
    from .webhooks import WebhooksResource as WebhooksResource
    from .workflows import AsyncWorkflowsResource as AsyncWorkflowsResource
    from .workflows import WorkflowsResource as WorkflowsResource

# class name -> the submodule that defines it
_LAZY: dict[str, str] = {
    "ApiKeysResource": "api_keys",
    "AsyncApiKeysResource": "api_keys",
    "BroadcastsResource": "broadcasts",
    "AsyncBroadcastsResource": "broadcasts",
    "ContactPropertiesResource": "contact_properties",
    "AsyncContactPropertiesResource": "contact_properties",
    "ContactsResource": "contacts",
    "AsyncContactsResource": "contacts",
    "DomainsResource": "domains",
    "AsyncDomainsResource": "domains",
    "EmailValidationsResource": "email_validations",
    "AsyncEmailValidationsResource": "email_validations",
    "EmailsResource": "emails",
    "AsyncEmailsResource": "emails",
    "InboundEmailsResource": "inbound_emails",
    "AsyncInboundEmailsResource": "inbound_emails",
    "MailboxesResource": "mailboxes",
    "AsyncMailboxesResource": "mailboxes",
    "NotificationChannelsResource": "notification_channels",
    "AsyncNotificationChannelsResource": "notification_channels",
    "SegmentsResource": "segments",
    "AsyncSegmentsResource": "segments",
    "SignupFormsResource": "signup_forms",
    "AsyncSignupFormsResource": "signup_forms",
    "SubscriptionTopicsResource": "subscription_topics",
    "AsyncSubscriptionTopicsResource": "subscription_topics",
    "SuppressionsResource": "suppressions",
    "AsyncSuppressionsResource": "suppressions",
    "TemplatesResource": "templates",
    "AsyncTemplatesResource": "templates",
    "WebhooksResource": "webhooks",
    "AsyncWebhooksResource": "webhooks",
    "WorkflowsResource": "workflows",
    "AsyncWorkflowsResource": "workflows",
}


__getattr__, __dir__ = lazy_exports(
    __name__, {name: f".{module}" for name, module in _LAZY.items()}
)


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

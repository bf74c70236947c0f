"""The client and resource layer: written by hand here, generated into ``poststack/_sync``."""

from ._client import AsyncPostStack
from .api_keys import AsyncApiKeys
from .broadcasts import AsyncBroadcasts
from .contact_properties import AsyncContactProperties
from .contacts import AsyncContacts
from .domains import AsyncDomains
from .email_validations import AsyncEmailValidations
from .emails import AsyncEmails
from .inbound_emails import AsyncInboundEmails
from .mailboxes import AsyncMailboxes
from .notification_channels import AsyncNotificationChannels
from .segments import AsyncSegments
from .signup_forms import AsyncSignupForms
from .subscription_topics import AsyncSubscriptionTopics
from .suppressions import AsyncSuppressions
from .templates import AsyncTemplates
from .webhooks import AsyncWebhooks
from .workflows import AsyncWorkflows

__all__ = [
    "AsyncPostStack",
    "AsyncApiKeys",
    "AsyncBroadcasts",
    "AsyncContactProperties",
    "AsyncContacts",
    "AsyncDomains",
    "AsyncEmailValidations",
    "AsyncEmails",
    "AsyncInboundEmails",
    "AsyncMailboxes",
    "AsyncNotificationChannels",
    "AsyncSegments",
    "AsyncSignupForms",
    "AsyncSubscriptionTopics",
    "AsyncSuppressions",
    "AsyncTemplates",
    "AsyncWebhooks",
    "AsyncWorkflows",
]

"""Typed request and response shapes for every PostStack resource.

Import what you annotate with: ``from poststack.types import SendEmailParams``.
"""

from __future__ import annotations

from ._common import DeletedResponse, PageMeta, Paginated, SuccessResponse
from .emails import (
    Attachment,
    BatchEmailResponse,
    BatchEmailResult,
    BatchEmailsParams,
    Email,
    EmailEvent,
    EmailEventsResponse,
    EmailEventType,
    EmailInsight,
    EmailInsightsResponse,
    EmailPreviewParams,
    EmailPreviewResponse,
    EmailStatus,
    EmailTracking,
    EmailWithDetails,
    GetEmailResponse,
    ListEmailsParams,
    ListEmailsResponse,
    SendEmailParams,
    SendEmailResponse,
    SpamCheck,
    SpamPreviewParams,
    SpamSymbol,
    TemplateVariables,
)

__all__ = [
    "DeletedResponse",
    "PageMeta",
    "Paginated",
    "SuccessResponse",
    "Attachment",
    "BatchEmailResponse",
    "BatchEmailResult",
    "BatchEmailsParams",
    "Email",
    "EmailEvent",
    "EmailEventType",
    "EmailEventsResponse",
    "EmailInsight",
    "EmailInsightsResponse",
    "EmailPreviewParams",
    "EmailPreviewResponse",
    "EmailStatus",
    "EmailTracking",
    "EmailWithDetails",
    "GetEmailResponse",
    "ListEmailsParams",
    "ListEmailsResponse",
    "SendEmailParams",
    "SendEmailResponse",
    "SpamCheck",
    "SpamPreviewParams",
    "SpamSymbol",
    "TemplateVariables",
]

"""Typed request and response shapes for every PostStack resource.

Import what you annotate with: ``from poststack.types import SendEmailParams``.
Every name is re-exported explicitly (no star imports), so strict checkers see them; at run
time each module is imported on first use, so the client loads only the shapes it needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._common import (
        DeletedResponse as DeletedResponse,
    )
    from ._common import (
        PageMeta as PageMeta,
    )
    from ._common import (
        Paginated as Paginated,
    )
    from ._common import (
        SuccessResponse as SuccessResponse,
    )
    from .api_keys import (
        ApiKeyDict as ApiKeyDict,
    )
    from .api_keys import (
        ApiKeyMode as ApiKeyMode,
    )
    from .api_keys import (
        ApiKeyPermission as ApiKeyPermission,
    )
    from .api_keys import (
        CreateApiKeyParams as CreateApiKeyParams,
    )
    from .api_keys import (
        ListApiKeysParams as ListApiKeysParams,
    )
    from .api_keys import (
        ListApiKeysResponse as ListApiKeysResponse,
    )
    from .broadcasts import (
        AbTest as AbTest,
    )
    from .broadcasts import (
        AbTestVariant as AbTestVariant,
    )
    from .broadcasts import (
        BroadcastDict as BroadcastDict,
    )
    from .broadcasts import (
        BroadcastMetric as BroadcastMetric,
    )
    from .broadcasts import (
        BroadcastNonResponder as BroadcastNonResponder,
    )
    from .broadcasts import (
        BroadcastPerformanceResponse as BroadcastPerformanceResponse,
    )
    from .broadcasts import (
        BroadcastPerformanceRow as BroadcastPerformanceRow,
    )
    from .broadcasts import (
        BroadcastResponse as BroadcastResponse,
    )
    from .broadcasts import (
        BroadcastStatus as BroadcastStatus,
    )
    from .broadcasts import (
        BroadcastVariantDict as BroadcastVariantDict,
    )
    from .broadcasts import (
        BroadcastVariantsResponse as BroadcastVariantsResponse,
    )
    from .broadcasts import (
        BroadcastVariantStatsDict as BroadcastVariantStatsDict,
    )
    from .broadcasts import (
        BroadcastVariantStatsResponse as BroadcastVariantStatsResponse,
    )
    from .broadcasts import (
        CreateBroadcastParams as CreateBroadcastParams,
    )
    from .broadcasts import (
        ListBroadcastPerformanceParams as ListBroadcastPerformanceParams,
    )
    from .broadcasts import (
        ListBroadcastPerformanceResponse as ListBroadcastPerformanceResponse,
    )
    from .broadcasts import (
        ListBroadcastsParams as ListBroadcastsParams,
    )
    from .broadcasts import (
        ListBroadcastsResponse as ListBroadcastsResponse,
    )
    from .broadcasts import (
        NonRespondersResponse as NonRespondersResponse,
    )
    from .broadcasts import (
        ResendBroadcastParams as ResendBroadcastParams,
    )
    from .broadcasts import (
        ResendBroadcastResponse as ResendBroadcastResponse,
    )
    from .broadcasts import (
        SendTestBroadcastParams as SendTestBroadcastParams,
    )
    from .broadcasts import (
        UpdateBroadcastParams as UpdateBroadcastParams,
    )
    from .contact_properties import (
        ContactPropertyDict as ContactPropertyDict,
    )
    from .contact_properties import (
        ContactPropertyResponse as ContactPropertyResponse,
    )
    from .contact_properties import (
        ContactPropertyType as ContactPropertyType,
    )
    from .contact_properties import (
        CreateContactPropertyParams as CreateContactPropertyParams,
    )
    from .contact_properties import (
        ListContactPropertiesResponse as ListContactPropertiesResponse,
    )
    from .contact_properties import (
        OptionUsageResponse as OptionUsageResponse,
    )
    from .contact_properties import (
        UpdateContactPropertyParams as UpdateContactPropertyParams,
    )
    from .contacts import (
        ContactDict as ContactDict,
    )
    from .contacts import (
        ContactProperties as ContactProperties,
    )
    from .contacts import (
        ContactResponse as ContactResponse,
    )
    from .contacts import (
        CreateContactParams as CreateContactParams,
    )
    from .contacts import (
        EngagementSegment as EngagementSegment,
    )
    from .contacts import (
        ImportContact as ImportContact,
    )
    from .contacts import (
        ImportContactsParams as ImportContactsParams,
    )
    from .contacts import (
        ImportContactsResponse as ImportContactsResponse,
    )
    from .contacts import (
        ListContactsParams as ListContactsParams,
    )
    from .contacts import (
        ListContactsResponse as ListContactsResponse,
    )
    from .contacts import (
        UpdateContactParams as UpdateContactParams,
    )
    from .domains import (
        AssignIpParams as AssignIpParams,
    )
    from .domains import (
        CreateDomainParams as CreateDomainParams,
    )
    from .domains import (
        DkimRotation as DkimRotation,
    )
    from .domains import (
        DkimRotationResponse as DkimRotationResponse,
    )
    from .domains import (
        DkimRotationState as DkimRotationState,
    )
    from .domains import (
        DmarcDailyStat as DmarcDailyStat,
    )
    from .domains import (
        DmarcReportDict as DmarcReportDict,
    )
    from .domains import (
        DmarcReportsPagination as DmarcReportsPagination,
    )
    from .domains import (
        DmarcReportsParams as DmarcReportsParams,
    )
    from .domains import (
        DmarcReportsResponse as DmarcReportsResponse,
    )
    from .domains import (
        DmarcSourceDict as DmarcSourceDict,
    )
    from .domains import (
        DmarcSourcesResponse as DmarcSourcesResponse,
    )
    from .domains import (
        DmarcStatsResponse as DmarcStatsResponse,
    )
    from .domains import (
        DmarcTotals as DmarcTotals,
    )
    from .domains import (
        DnsRecordDict as DnsRecordDict,
    )
    from .domains import (
        DomainDict as DomainDict,
    )
    from .domains import (
        DomainRegion as DomainRegion,
    )
    from .domains import (
        DomainResponse as DomainResponse,
    )
    from .domains import (
        DomainStatus as DomainStatus,
    )
    from .domains import (
        InboxPlacementProvider as InboxPlacementProvider,
    )
    from .domains import (
        InboxPlacementResponse as InboxPlacementResponse,
    )
    from .domains import (
        InboxPlacementSignal as InboxPlacementSignal,
    )
    from .domains import (
        InboxPlacementTotals as InboxPlacementTotals,
    )
    from .domains import (
        ListDomainsParams as ListDomainsParams,
    )
    from .domains import (
        ListDomainsResponse as ListDomainsResponse,
    )
    from .domains import (
        StreamPreference as StreamPreference,
    )
    from .domains import (
        TlsMode as TlsMode,
    )
    from .domains import (
        UpdateDomainParams as UpdateDomainParams,
    )
    from .domains import (
        VerifyDomainResponse as VerifyDomainResponse,
    )
    from .email_validations import (
        EmailValidationChecks as EmailValidationChecks,
    )
    from .email_validations import (
        EmailValidationDict as EmailValidationDict,
    )
    from .email_validations import (
        EmailValidationResult as EmailValidationResult,
    )
    from .email_validations import (
        EmailValidationsResponse as EmailValidationsResponse,
    )
    from .emails import (
        Attachment as Attachment,
    )
    from .emails import (
        BatchEmailResponse as BatchEmailResponse,
    )
    from .emails import (
        BatchEmailResult as BatchEmailResult,
    )
    from .emails import (
        BatchEmailsParams as BatchEmailsParams,
    )
    from .emails import (
        EmailDict as EmailDict,
    )
    from .emails import (
        EmailEventDict as EmailEventDict,
    )
    from .emails import (
        EmailEventsResponse as EmailEventsResponse,
    )
    from .emails import (
        EmailEventType as EmailEventType,
    )
    from .emails import (
        EmailInsight as EmailInsight,
    )
    from .emails import (
        EmailInsightsResponse as EmailInsightsResponse,
    )
    from .emails import (
        EmailPreviewParams as EmailPreviewParams,
    )
    from .emails import (
        EmailPreviewResponse as EmailPreviewResponse,
    )
    from .emails import (
        EmailStatus as EmailStatus,
    )
    from .emails import (
        EmailTracking as EmailTracking,
    )
    from .emails import (
        EmailWithDetails as EmailWithDetails,
    )
    from .emails import (
        GetEmailResponse as GetEmailResponse,
    )
    from .emails import (
        ListEmailsParams as ListEmailsParams,
    )
    from .emails import (
        ListEmailsResponse as ListEmailsResponse,
    )
    from .emails import (
        SendEmailParams as SendEmailParams,
    )
    from .emails import (
        SendEmailResponse as SendEmailResponse,
    )
    from .emails import (
        SpamCheck as SpamCheck,
    )
    from .emails import (
        SpamPreviewParams as SpamPreviewParams,
    )
    from .emails import (
        SpamSymbol as SpamSymbol,
    )
    from .emails import (
        TemplateVariables as TemplateVariables,
    )
    from .inbound_emails import (
        DraftReplyParams as DraftReplyParams,
    )
    from .inbound_emails import (
        DraftReplyResponse as DraftReplyResponse,
    )
    from .inbound_emails import (
        ForwardInboundEmailParams as ForwardInboundEmailParams,
    )
    from .inbound_emails import (
        InboundAddress as InboundAddress,
    )
    from .inbound_emails import (
        InboundAttachment as InboundAttachment,
    )
    from .inbound_emails import (
        InboundAttachmentsResponse as InboundAttachmentsResponse,
    )
    from .inbound_emails import (
        InboundEmail as InboundEmail,
    )
    from .inbound_emails import (
        InboundEmailResponse as InboundEmailResponse,
    )
    from .inbound_emails import (
        InboundSendResponse as InboundSendResponse,
    )
    from .inbound_emails import (
        ListInboundEmailsParams as ListInboundEmailsParams,
    )
    from .inbound_emails import (
        ListInboundEmailsResponse as ListInboundEmailsResponse,
    )
    from .inbound_emails import (
        ReplyToInboundEmailParams as ReplyToInboundEmailParams,
    )
    from .mailboxes import (
        CreateMailboxAliasParams as CreateMailboxAliasParams,
    )
    from .mailboxes import (
        CreateMailboxParams as CreateMailboxParams,
    )
    from .mailboxes import (
        ListMailboxAliasesParams as ListMailboxAliasesParams,
    )
    from .mailboxes import (
        ListMailboxAliasesResponse as ListMailboxAliasesResponse,
    )
    from .mailboxes import (
        ListMailboxesParams as ListMailboxesParams,
    )
    from .mailboxes import (
        ListMailboxesResponse as ListMailboxesResponse,
    )
    from .mailboxes import (
        MailboxAliasDict as MailboxAliasDict,
    )
    from .mailboxes import (
        MailboxAliasResponse as MailboxAliasResponse,
    )
    from .mailboxes import (
        MailboxDict as MailboxDict,
    )
    from .mailboxes import (
        MailboxFilterRule as MailboxFilterRule,
    )
    from .mailboxes import (
        MailboxFilterRuleParams as MailboxFilterRuleParams,
    )
    from .mailboxes import (
        MailboxFiltersResponse as MailboxFiltersResponse,
    )
    from .mailboxes import (
        MailboxResponse as MailboxResponse,
    )
    from .mailboxes import (
        MailboxShare as MailboxShare,
    )
    from .mailboxes import (
        MailboxShareAccess as MailboxShareAccess,
    )
    from .mailboxes import (
        MailboxShareGrant as MailboxShareGrant,
    )
    from .mailboxes import (
        MailboxShareResponse as MailboxShareResponse,
    )
    from .mailboxes import (
        MailboxSharesResponse as MailboxSharesResponse,
    )
    from .mailboxes import (
        MailboxSignature as MailboxSignature,
    )
    from .mailboxes import (
        MailboxStatus as MailboxStatus,
    )
    from .mailboxes import (
        MailboxUnread as MailboxUnread,
    )
    from .mailboxes import (
        SetMailboxSignatureParams as SetMailboxSignatureParams,
    )
    from .mailboxes import (
        UnreadSummaryResponse as UnreadSummaryResponse,
    )
    from .mailboxes import (
        UpdateMailboxParams as UpdateMailboxParams,
    )
    from .notification_channels import (
        ChannelDeliveriesResponse as ChannelDeliveriesResponse,
    )
    from .notification_channels import (
        ChannelDelivery as ChannelDelivery,
    )
    from .notification_channels import (
        CreateDiscordChannelParams as CreateDiscordChannelParams,
    )
    from .notification_channels import (
        CreateNotificationChannelParams as CreateNotificationChannelParams,
    )
    from .notification_channels import (
        CreateSlackChannelParams as CreateSlackChannelParams,
    )
    from .notification_channels import (
        CreateTelegramChannelParams as CreateTelegramChannelParams,
    )
    from .notification_channels import (
        ListChannelDeliveriesParams as ListChannelDeliveriesParams,
    )
    from .notification_channels import (
        ListNotificationChannelsResponse as ListNotificationChannelsResponse,
    )
    from .notification_channels import (
        NotificationChannel as NotificationChannel,
    )
    from .notification_channels import (
        NotificationChannelResponse as NotificationChannelResponse,
    )
    from .notification_channels import (
        NotificationChannelTestResponse as NotificationChannelTestResponse,
    )
    from .notification_channels import (
        NotificationChannelType as NotificationChannelType,
    )
    from .notification_channels import (
        UpdateNotificationChannelParams as UpdateNotificationChannelParams,
    )
    from .segments import (
        AddSegmentContactsParams as AddSegmentContactsParams,
    )
    from .segments import (
        AddSegmentContactsResponse as AddSegmentContactsResponse,
    )
    from .segments import (
        CreateSegmentParams as CreateSegmentParams,
    )
    from .segments import (
        ListSegmentMembersParams as ListSegmentMembersParams,
    )
    from .segments import (
        ListSegmentMembersResponse as ListSegmentMembersResponse,
    )
    from .segments import (
        ListSegmentsParams as ListSegmentsParams,
    )
    from .segments import (
        ListSegmentsResponse as ListSegmentsResponse,
    )
    from .segments import (
        PreviewSegmentRulesParams as PreviewSegmentRulesParams,
    )
    from .segments import (
        PreviewSegmentRulesResponse as PreviewSegmentRulesResponse,
    )
    from .segments import (
        SegmentBroadcast as SegmentBroadcast,
    )
    from .segments import (
        SegmentBroadcastsResponse as SegmentBroadcastsResponse,
    )
    from .segments import (
        SegmentComparator as SegmentComparator,
    )
    from .segments import (
        SegmentConditionDict as SegmentConditionDict,
    )
    from .segments import (
        SegmentDict as SegmentDict,
    )
    from .segments import (
        SegmentGrowthPoint as SegmentGrowthPoint,
    )
    from .segments import (
        SegmentGrowthResponse as SegmentGrowthResponse,
    )
    from .segments import (
        SegmentResponse as SegmentResponse,
    )
    from .segments import (
        SegmentRulesDict as SegmentRulesDict,
    )
    from .segments import (
        SegmentWithContacts as SegmentWithContacts,
    )
    from .segments import (
        UpdateSegmentParams as UpdateSegmentParams,
    )
    from .signup_forms import (
        CreateSignupFormParams as CreateSignupFormParams,
    )
    from .signup_forms import (
        ListSignupFormsParams as ListSignupFormsParams,
    )
    from .signup_forms import (
        ListSignupFormsResponse as ListSignupFormsResponse,
    )
    from .signup_forms import (
        SignupFormDict as SignupFormDict,
    )
    from .signup_forms import (
        SignupFormFieldDict as SignupFormFieldDict,
    )
    from .signup_forms import (
        SignupFormResponse as SignupFormResponse,
    )
    from .signup_forms import (
        SubmitSignupFormParams as SubmitSignupFormParams,
    )
    from .signup_forms import (
        SubmitSignupFormResponse as SubmitSignupFormResponse,
    )
    from .signup_forms import (
        UpdateSignupFormParams as UpdateSignupFormParams,
    )
    from .subscription_topics import (
        ContactSubscriptionDict as ContactSubscriptionDict,
    )
    from .subscription_topics import (
        ContactSubscriptionResponse as ContactSubscriptionResponse,
    )
    from .subscription_topics import (
        ContactSubscriptionsResponse as ContactSubscriptionsResponse,
    )
    from .subscription_topics import (
        CreateSubscriptionTopicParams as CreateSubscriptionTopicParams,
    )
    from .subscription_topics import (
        ListSubscriptionTopicsResponse as ListSubscriptionTopicsResponse,
    )
    from .subscription_topics import (
        ListTopicSubscribersParams as ListTopicSubscribersParams,
    )
    from .subscription_topics import (
        ListTopicSubscribersResponse as ListTopicSubscribersResponse,
    )
    from .subscription_topics import (
        SubscriptionTopicDetailResponse as SubscriptionTopicDetailResponse,
    )
    from .subscription_topics import (
        SubscriptionTopicDict as SubscriptionTopicDict,
    )
    from .subscription_topics import (
        SubscriptionTopicResponse as SubscriptionTopicResponse,
    )
    from .subscription_topics import (
        TopicSubscriber as TopicSubscriber,
    )
    from .subscription_topics import (
        UpdateSubscriptionTopicParams as UpdateSubscriptionTopicParams,
    )
    from .suppressions import (
        AddSuppressionParams as AddSuppressionParams,
    )
    from .suppressions import (
        ListSuppressionsParams as ListSuppressionsParams,
    )
    from .suppressions import (
        ListSuppressionsResponse as ListSuppressionsResponse,
    )
    from .suppressions import (
        SuppressionDict as SuppressionDict,
    )
    from .suppressions import (
        SuppressionReason as SuppressionReason,
    )
    from .templates import (
        BuilderBlocks as BuilderBlocks,
    )
    from .templates import (
        CreateTemplateParams as CreateTemplateParams,
    )
    from .templates import (
        ListTemplatesParams as ListTemplatesParams,
    )
    from .templates import (
        ListTemplatesResponse as ListTemplatesResponse,
    )
    from .templates import (
        RenderTemplateResponse as RenderTemplateResponse,
    )
    from .templates import (
        TemplateDict as TemplateDict,
    )
    from .templates import (
        TemplatePresetDict as TemplatePresetDict,
    )
    from .templates import (
        TemplatePresetsResponse as TemplatePresetsResponse,
    )
    from .templates import (
        TemplateResponse as TemplateResponse,
    )
    from .templates import (
        UpdateTemplateParams as UpdateTemplateParams,
    )
    from .webhooks import (
        BatchReplayParams as BatchReplayParams,
    )
    from .webhooks import (
        BatchReplayResponse as BatchReplayResponse,
    )
    from .webhooks import (
        CreateWebhookParams as CreateWebhookParams,
    )
    from .webhooks import (
        ListWebhookDeliveriesParams as ListWebhookDeliveriesParams,
    )
    from .webhooks import (
        ListWebhooksParams as ListWebhooksParams,
    )
    from .webhooks import (
        ListWebhooksResponse as ListWebhooksResponse,
    )
    from .webhooks import (
        UpdateWebhookParams as UpdateWebhookParams,
    )
    from .webhooks import (
        WebhookDeliveriesPagination as WebhookDeliveriesPagination,
    )
    from .webhooks import (
        WebhookDeliveriesResponse as WebhookDeliveriesResponse,
    )
    from .webhooks import (
        WebhookDeliveryDict as WebhookDeliveryDict,
    )
    from .webhooks import (
        WebhookDict as WebhookDict,
    )
    from .webhooks import (
        WebhookResponse as WebhookResponse,
    )
    from .webhooks import (
        WebhookWithSecretResponse as WebhookWithSecretResponse,
    )
    from .workflows import (
        CreateWorkflowParams as CreateWorkflowParams,
    )
    from .workflows import (
        ListWorkflowsResponse as ListWorkflowsResponse,
    )
    from .workflows import (
        PostWorkflowEventParams as PostWorkflowEventParams,
    )
    from .workflows import (
        PostWorkflowEventResponse as PostWorkflowEventResponse,
    )
    from .workflows import (
        PutWorkflowGraphParams as PutWorkflowGraphParams,
    )
    from .workflows import (
        TriggerWorkflowParams as TriggerWorkflowParams,
    )
    from .workflows import (
        TriggerWorkflowResponse as TriggerWorkflowResponse,
    )
    from .workflows import (
        UpdateWorkflowParams as UpdateWorkflowParams,
    )
    from .workflows import (
        ValidateWorkflowResponse as ValidateWorkflowResponse,
    )
    from .workflows import (
        WorkflowDict as WorkflowDict,
    )
    from .workflows import (
        WorkflowEdge as WorkflowEdge,
    )
    from .workflows import (
        WorkflowEdgeParams as WorkflowEdgeParams,
    )
    from .workflows import (
        WorkflowGraph as WorkflowGraph,
    )
    from .workflows import (
        WorkflowGraphResponse as WorkflowGraphResponse,
    )
    from .workflows import (
        WorkflowNode as WorkflowNode,
    )
    from .workflows import (
        WorkflowNodeType as WorkflowNodeType,
    )
    from .workflows import (
        WorkflowResponse as WorkflowResponse,
    )
    from .workflows import (
        WorkflowRun as WorkflowRun,
    )
    from .workflows import (
        WorkflowStatus as WorkflowStatus,
    )
    from .workflows import (
        WorkflowTriggerType as WorkflowTriggerType,
    )

# name -> the module that defines it
_MODULES: dict[str, str] = {
    "DeletedResponse": "._common",
    "PageMeta": "._common",
    "Paginated": "._common",
    "SuccessResponse": "._common",
    "ApiKeyDict": ".api_keys",
    "ApiKeyMode": ".api_keys",
    "ApiKeyPermission": ".api_keys",
    "CreateApiKeyParams": ".api_keys",
    "ListApiKeysParams": ".api_keys",
    "ListApiKeysResponse": ".api_keys",
    "AbTest": ".broadcasts",
    "AbTestVariant": ".broadcasts",
    "BroadcastDict": ".broadcasts",
    "BroadcastMetric": ".broadcasts",
    "BroadcastNonResponder": ".broadcasts",
    "BroadcastPerformanceResponse": ".broadcasts",
    "BroadcastPerformanceRow": ".broadcasts",
    "BroadcastResponse": ".broadcasts",
    "BroadcastStatus": ".broadcasts",
    "BroadcastVariantDict": ".broadcasts",
    "BroadcastVariantsResponse": ".broadcasts",
    "BroadcastVariantStatsDict": ".broadcasts",
    "BroadcastVariantStatsResponse": ".broadcasts",
    "CreateBroadcastParams": ".broadcasts",
    "ListBroadcastPerformanceParams": ".broadcasts",
    "ListBroadcastPerformanceResponse": ".broadcasts",
    "ListBroadcastsParams": ".broadcasts",
    "ListBroadcastsResponse": ".broadcasts",
    "NonRespondersResponse": ".broadcasts",
    "ResendBroadcastParams": ".broadcasts",
    "ResendBroadcastResponse": ".broadcasts",
    "SendTestBroadcastParams": ".broadcasts",
    "UpdateBroadcastParams": ".broadcasts",
    "ContactPropertyDict": ".contact_properties",
    "ContactPropertyResponse": ".contact_properties",
    "ContactPropertyType": ".contact_properties",
    "CreateContactPropertyParams": ".contact_properties",
    "ListContactPropertiesResponse": ".contact_properties",
    "OptionUsageResponse": ".contact_properties",
    "UpdateContactPropertyParams": ".contact_properties",
    "ContactDict": ".contacts",
    "ContactProperties": ".contacts",
    "ContactResponse": ".contacts",
    "CreateContactParams": ".contacts",
    "EngagementSegment": ".contacts",
    "ImportContact": ".contacts",
    "ImportContactsParams": ".contacts",
    "ImportContactsResponse": ".contacts",
    "ListContactsParams": ".contacts",
    "ListContactsResponse": ".contacts",
    "UpdateContactParams": ".contacts",
    "AssignIpParams": ".domains",
    "CreateDomainParams": ".domains",
    "DkimRotation": ".domains",
    "DkimRotationResponse": ".domains",
    "DkimRotationState": ".domains",
    "DmarcDailyStat": ".domains",
    "DmarcReportDict": ".domains",
    "DmarcReportsPagination": ".domains",
    "DmarcReportsParams": ".domains",
    "DmarcReportsResponse": ".domains",
    "DmarcSourceDict": ".domains",
    "DmarcSourcesResponse": ".domains",
    "DmarcStatsResponse": ".domains",
    "DmarcTotals": ".domains",
    "DnsRecordDict": ".domains",
    "DomainDict": ".domains",
    "DomainRegion": ".domains",
    "DomainResponse": ".domains",
    "DomainStatus": ".domains",
    "InboxPlacementProvider": ".domains",
    "InboxPlacementResponse": ".domains",
    "InboxPlacementSignal": ".domains",
    "InboxPlacementTotals": ".domains",
    "ListDomainsParams": ".domains",
    "ListDomainsResponse": ".domains",
    "StreamPreference": ".domains",
    "TlsMode": ".domains",
    "UpdateDomainParams": ".domains",
    "VerifyDomainResponse": ".domains",
    "EmailValidationDict": ".email_validations",
    "EmailValidationChecks": ".email_validations",
    "EmailValidationResult": ".email_validations",
    "EmailValidationsResponse": ".email_validations",
    "Attachment": ".emails",
    "BatchEmailResponse": ".emails",
    "BatchEmailResult": ".emails",
    "BatchEmailsParams": ".emails",
    "EmailDict": ".emails",
    "EmailEventDict": ".emails",
    "EmailEventsResponse": ".emails",
    "EmailEventType": ".emails",
    "EmailInsight": ".emails",
    "EmailInsightsResponse": ".emails",
    "EmailPreviewParams": ".emails",
    "EmailPreviewResponse": ".emails",
    "EmailStatus": ".emails",
    "EmailTracking": ".emails",
    "EmailWithDetails": ".emails",
    "GetEmailResponse": ".emails",
    "ListEmailsParams": ".emails",
    "ListEmailsResponse": ".emails",
    "SendEmailParams": ".emails",
    "SendEmailResponse": ".emails",
    "SpamCheck": ".emails",
    "SpamPreviewParams": ".emails",
    "SpamSymbol": ".emails",
    "TemplateVariables": ".emails",
    "DraftReplyParams": ".inbound_emails",
    "DraftReplyResponse": ".inbound_emails",
    "ForwardInboundEmailParams": ".inbound_emails",
    "InboundAddress": ".inbound_emails",
    "InboundAttachment": ".inbound_emails",
    "InboundAttachmentsResponse": ".inbound_emails",
    "InboundEmail": ".inbound_emails",
    "InboundEmailResponse": ".inbound_emails",
    "InboundSendResponse": ".inbound_emails",
    "ListInboundEmailsParams": ".inbound_emails",
    "ListInboundEmailsResponse": ".inbound_emails",
    "ReplyToInboundEmailParams": ".inbound_emails",
    "CreateMailboxAliasParams": ".mailboxes",
    "CreateMailboxParams": ".mailboxes",
    "ListMailboxAliasesParams": ".mailboxes",
    "ListMailboxAliasesResponse": ".mailboxes",
    "ListMailboxesParams": ".mailboxes",
    "ListMailboxesResponse": ".mailboxes",
    "MailboxDict": ".mailboxes",
    "MailboxAliasDict": ".mailboxes",
    "MailboxAliasResponse": ".mailboxes",
    "MailboxFilterRule": ".mailboxes",
    "MailboxFilterRuleParams": ".mailboxes",
    "MailboxFiltersResponse": ".mailboxes",
    "MailboxResponse": ".mailboxes",
    "MailboxShare": ".mailboxes",
    "MailboxShareAccess": ".mailboxes",
    "MailboxShareGrant": ".mailboxes",
    "MailboxShareResponse": ".mailboxes",
    "MailboxSharesResponse": ".mailboxes",
    "MailboxSignature": ".mailboxes",
    "MailboxStatus": ".mailboxes",
    "MailboxUnread": ".mailboxes",
    "SetMailboxSignatureParams": ".mailboxes",
    "UnreadSummaryResponse": ".mailboxes",
    "UpdateMailboxParams": ".mailboxes",
    "ChannelDeliveriesResponse": ".notification_channels",
    "ChannelDelivery": ".notification_channels",
    "CreateDiscordChannelParams": ".notification_channels",
    "CreateNotificationChannelParams": ".notification_channels",
    "CreateSlackChannelParams": ".notification_channels",
    "CreateTelegramChannelParams": ".notification_channels",
    "ListChannelDeliveriesParams": ".notification_channels",
    "ListNotificationChannelsResponse": ".notification_channels",
    "NotificationChannel": ".notification_channels",
    "NotificationChannelResponse": ".notification_channels",
    "NotificationChannelTestResponse": ".notification_channels",
    "NotificationChannelType": ".notification_channels",
    "UpdateNotificationChannelParams": ".notification_channels",
    "AddSegmentContactsParams": ".segments",
    "AddSegmentContactsResponse": ".segments",
    "CreateSegmentParams": ".segments",
    "ListSegmentMembersParams": ".segments",
    "ListSegmentMembersResponse": ".segments",
    "ListSegmentsParams": ".segments",
    "ListSegmentsResponse": ".segments",
    "PreviewSegmentRulesParams": ".segments",
    "PreviewSegmentRulesResponse": ".segments",
    "SegmentDict": ".segments",
    "SegmentBroadcast": ".segments",
    "SegmentBroadcastsResponse": ".segments",
    "SegmentComparator": ".segments",
    "SegmentConditionDict": ".segments",
    "SegmentGrowthPoint": ".segments",
    "SegmentGrowthResponse": ".segments",
    "SegmentResponse": ".segments",
    "SegmentRulesDict": ".segments",
    "SegmentWithContacts": ".segments",
    "UpdateSegmentParams": ".segments",
    "CreateSignupFormParams": ".signup_forms",
    "ListSignupFormsParams": ".signup_forms",
    "ListSignupFormsResponse": ".signup_forms",
    "SignupFormDict": ".signup_forms",
    "SignupFormFieldDict": ".signup_forms",
    "SignupFormResponse": ".signup_forms",
    "SubmitSignupFormParams": ".signup_forms",
    "SubmitSignupFormResponse": ".signup_forms",
    "UpdateSignupFormParams": ".signup_forms",
    "ContactSubscriptionDict": ".subscription_topics",
    "ContactSubscriptionResponse": ".subscription_topics",
    "ContactSubscriptionsResponse": ".subscription_topics",
    "CreateSubscriptionTopicParams": ".subscription_topics",
    "ListSubscriptionTopicsResponse": ".subscription_topics",
    "ListTopicSubscribersParams": ".subscription_topics",
    "ListTopicSubscribersResponse": ".subscription_topics",
    "SubscriptionTopicDict": ".subscription_topics",
    "SubscriptionTopicDetailResponse": ".subscription_topics",
    "SubscriptionTopicResponse": ".subscription_topics",
    "TopicSubscriber": ".subscription_topics",
    "UpdateSubscriptionTopicParams": ".subscription_topics",
    "AddSuppressionParams": ".suppressions",
    "ListSuppressionsParams": ".suppressions",
    "ListSuppressionsResponse": ".suppressions",
    "SuppressionDict": ".suppressions",
    "SuppressionReason": ".suppressions",
    "BuilderBlocks": ".templates",
    "CreateTemplateParams": ".templates",
    "ListTemplatesParams": ".templates",
    "ListTemplatesResponse": ".templates",
    "RenderTemplateResponse": ".templates",
    "TemplateDict": ".templates",
    "TemplatePresetDict": ".templates",
    "TemplatePresetsResponse": ".templates",
    "TemplateResponse": ".templates",
    "UpdateTemplateParams": ".templates",
    "BatchReplayParams": ".webhooks",
    "BatchReplayResponse": ".webhooks",
    "CreateWebhookParams": ".webhooks",
    "ListWebhookDeliveriesParams": ".webhooks",
    "ListWebhooksParams": ".webhooks",
    "ListWebhooksResponse": ".webhooks",
    "UpdateWebhookParams": ".webhooks",
    "WebhookDict": ".webhooks",
    "WebhookDeliveriesPagination": ".webhooks",
    "WebhookDeliveriesResponse": ".webhooks",
    "WebhookDeliveryDict": ".webhooks",
    "WebhookResponse": ".webhooks",
    "WebhookWithSecretResponse": ".webhooks",
    "CreateWorkflowParams": ".workflows",
    "ListWorkflowsResponse": ".workflows",
    "PostWorkflowEventParams": ".workflows",
    "PostWorkflowEventResponse": ".workflows",
    "PutWorkflowGraphParams": ".workflows",
    "TriggerWorkflowParams": ".workflows",
    "TriggerWorkflowResponse": ".workflows",
    "UpdateWorkflowParams": ".workflows",
    "ValidateWorkflowResponse": ".workflows",
    "WorkflowDict": ".workflows",
    "WorkflowEdge": ".workflows",
    "WorkflowEdgeParams": ".workflows",
    "WorkflowGraph": ".workflows",
    "WorkflowGraphResponse": ".workflows",
    "WorkflowNode": ".workflows",
    "WorkflowNodeType": ".workflows",
    "WorkflowResponse": ".workflows",
    "WorkflowRun": ".workflows",
    "WorkflowStatus": ".workflows",
    "WorkflowTriggerType": ".workflows",
}

__all__ = [
    # _common
    "DeletedResponse",
    "PageMeta",
    "Paginated",
    "SuccessResponse",
    # emails
    "Attachment",
    "BatchEmailResponse",
    "BatchEmailResult",
    "BatchEmailsParams",
    "EmailDict",
    "EmailEventDict",
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
    # domains
    "AssignIpParams",
    "CreateDomainParams",
    "DkimRotation",
    "DkimRotationResponse",
    "DkimRotationState",
    "DmarcDailyStat",
    "DmarcReportDict",
    "DmarcReportsPagination",
    "DmarcReportsParams",
    "DmarcReportsResponse",
    "DmarcSourceDict",
    "DmarcSourcesResponse",
    "DmarcStatsResponse",
    "DmarcTotals",
    "DnsRecordDict",
    "DomainDict",
    "DomainRegion",
    "DomainResponse",
    "DomainStatus",
    "InboxPlacementProvider",
    "InboxPlacementResponse",
    "InboxPlacementSignal",
    "InboxPlacementTotals",
    "ListDomainsParams",
    "ListDomainsResponse",
    "StreamPreference",
    "TlsMode",
    "UpdateDomainParams",
    "VerifyDomainResponse",
    # contacts
    "ContactDict",
    "ContactProperties",
    "ContactResponse",
    "CreateContactParams",
    "EngagementSegment",
    "ImportContact",
    "ImportContactsParams",
    "ImportContactsResponse",
    "ListContactsParams",
    "ListContactsResponse",
    "UpdateContactParams",
    # contact_properties
    "ContactPropertyDict",
    "ContactPropertyResponse",
    "ContactPropertyType",
    "CreateContactPropertyParams",
    "ListContactPropertiesResponse",
    "OptionUsageResponse",
    "UpdateContactPropertyParams",
    # segments
    "AddSegmentContactsParams",
    "AddSegmentContactsResponse",
    "CreateSegmentParams",
    "ListSegmentMembersParams",
    "ListSegmentMembersResponse",
    "ListSegmentsParams",
    "ListSegmentsResponse",
    "PreviewSegmentRulesParams",
    "PreviewSegmentRulesResponse",
    "SegmentDict",
    "SegmentBroadcast",
    "SegmentBroadcastsResponse",
    "SegmentComparator",
    "SegmentConditionDict",
    "SegmentGrowthPoint",
    "SegmentGrowthResponse",
    "SegmentResponse",
    "SegmentRulesDict",
    "SegmentWithContacts",
    "UpdateSegmentParams",
    # templates
    "BuilderBlocks",
    "CreateTemplateParams",
    "ListTemplatesParams",
    "ListTemplatesResponse",
    "RenderTemplateResponse",
    "TemplateDict",
    "TemplatePresetDict",
    "TemplatePresetsResponse",
    "TemplateResponse",
    "UpdateTemplateParams",
    # webhooks
    "BatchReplayParams",
    "BatchReplayResponse",
    "CreateWebhookParams",
    "ListWebhookDeliveriesParams",
    "ListWebhooksParams",
    "ListWebhooksResponse",
    "UpdateWebhookParams",
    "WebhookDict",
    "WebhookDeliveriesPagination",
    "WebhookDeliveriesResponse",
    "WebhookDeliveryDict",
    "WebhookResponse",
    "WebhookWithSecretResponse",
    # broadcasts
    "AbTest",
    "AbTestVariant",
    "BroadcastDict",
    "BroadcastMetric",
    "BroadcastNonResponder",
    "BroadcastPerformanceResponse",
    "BroadcastPerformanceRow",
    "BroadcastResponse",
    "BroadcastStatus",
    "BroadcastVariantDict",
    "BroadcastVariantStatsDict",
    "BroadcastVariantStatsResponse",
    "BroadcastVariantsResponse",
    "CreateBroadcastParams",
    "ListBroadcastPerformanceParams",
    "ListBroadcastPerformanceResponse",
    "ListBroadcastsParams",
    "ListBroadcastsResponse",
    "NonRespondersResponse",
    "ResendBroadcastParams",
    "ResendBroadcastResponse",
    "SendTestBroadcastParams",
    "UpdateBroadcastParams",
    # suppressions
    "AddSuppressionParams",
    "ListSuppressionsParams",
    "ListSuppressionsResponse",
    "SuppressionDict",
    "SuppressionReason",
    # api_keys
    "ApiKeyDict",
    "ApiKeyMode",
    "ApiKeyPermission",
    "CreateApiKeyParams",
    "ListApiKeysParams",
    "ListApiKeysResponse",
    # mailboxes
    "CreateMailboxAliasParams",
    "CreateMailboxParams",
    "ListMailboxAliasesParams",
    "ListMailboxAliasesResponse",
    "ListMailboxesParams",
    "ListMailboxesResponse",
    "MailboxDict",
    "MailboxAliasDict",
    "MailboxAliasResponse",
    "MailboxFilterRule",
    "MailboxFilterRuleParams",
    "MailboxFiltersResponse",
    "MailboxResponse",
    "MailboxShare",
    "MailboxShareAccess",
    "MailboxShareGrant",
    "MailboxShareResponse",
    "MailboxSharesResponse",
    "MailboxSignature",
    "MailboxStatus",
    "MailboxUnread",
    "SetMailboxSignatureParams",
    "UnreadSummaryResponse",
    "UpdateMailboxParams",
    # inbound_emails
    "DraftReplyParams",
    "DraftReplyResponse",
    "ForwardInboundEmailParams",
    "InboundAddress",
    "InboundAttachment",
    "InboundAttachmentsResponse",
    "InboundEmail",
    "InboundEmailResponse",
    "InboundSendResponse",
    "ListInboundEmailsParams",
    "ListInboundEmailsResponse",
    "ReplyToInboundEmailParams",
    # subscription_topics
    "ContactSubscriptionDict",
    "ContactSubscriptionResponse",
    "ContactSubscriptionsResponse",
    "CreateSubscriptionTopicParams",
    "ListSubscriptionTopicsResponse",
    "ListTopicSubscribersParams",
    "ListTopicSubscribersResponse",
    "SubscriptionTopicDict",
    "SubscriptionTopicDetailResponse",
    "SubscriptionTopicResponse",
    "TopicSubscriber",
    "UpdateSubscriptionTopicParams",
    # workflows
    "CreateWorkflowParams",
    "ListWorkflowsResponse",
    "PostWorkflowEventParams",
    "PostWorkflowEventResponse",
    "PutWorkflowGraphParams",
    "TriggerWorkflowParams",
    "TriggerWorkflowResponse",
    "UpdateWorkflowParams",
    "ValidateWorkflowResponse",
    "WorkflowDict",
    "WorkflowEdge",
    "WorkflowEdgeParams",
    "WorkflowGraph",
    "WorkflowGraphResponse",
    "WorkflowNode",
    "WorkflowNodeType",
    "WorkflowResponse",
    "WorkflowRun",
    "WorkflowStatus",
    "WorkflowTriggerType",
    # notification_channels
    "ChannelDeliveriesResponse",
    "ChannelDelivery",
    "CreateDiscordChannelParams",
    "CreateNotificationChannelParams",
    "CreateSlackChannelParams",
    "CreateTelegramChannelParams",
    "ListChannelDeliveriesParams",
    "ListNotificationChannelsResponse",
    "NotificationChannel",
    "NotificationChannelResponse",
    "NotificationChannelTestResponse",
    "NotificationChannelType",
    "UpdateNotificationChannelParams",
    # signup_forms
    "CreateSignupFormParams",
    "ListSignupFormsParams",
    "ListSignupFormsResponse",
    "SignupFormDict",
    "SignupFormFieldDict",
    "SignupFormResponse",
    "SubmitSignupFormParams",
    "SubmitSignupFormResponse",
    "UpdateSignupFormParams",
    # email_validations
    "EmailValidationDict",
    "EmailValidationChecks",
    "EmailValidationResult",
    "EmailValidationsResponse",
]


def __getattr__(name: str) -> Any:
    try:
        module = _MODULES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})

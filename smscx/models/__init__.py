"""Request and response models of the SMS.CX API: data only, no I/O.

One module per vendor API class, as the vendor's reference groups them (``api/SmsApi.md`` ...):
:mod:`~smscx.models.sms`, :mod:`~smscx.models.reports`, :mod:`~smscx.models.groups`,
:mod:`~smscx.models.otp`, :mod:`~smscx.models.account`, :mod:`~smscx.models.originators`,
:mod:`~smscx.models.optouts` and :mod:`~smscx.models.numbers`; what several share (paging,
response metadata, the base classes) is in ``_common``. Import models from here: every
public name of those modules is re-exported below, and ``tests/unit/test_models_layout.py``
fails when one is not.

Field names are the API's, in snake_case (``from`` is ``from_``). The one converter in
``smscx._convert`` decides how they look on the wire; these classes know nothing about it.
Every class is a frozen, slotted attrs class built with keyword arguments only.

Request models mirror the vendor client's (``SendSmsMessageRequest`` ...) so callers migrating
from ``smscx_client`` can pass the same objects. Options left at ``None`` are not sent, so the
API applies its own defaults.
"""

from __future__ import annotations

from ._common import Group as Group
from ._common import ModelList as ModelList
from ._common import Paging as Paging
from ._common import RateLimitSnapshot as RateLimitSnapshot
from ._common import ResponseMeta as ResponseMeta
from ._common import TextAnalysis as TextAnalysis
from .account import AccountBalance as AccountBalance
from .account import ChannelPricing as ChannelPricing
from .account import ChannelsStatus as ChannelsStatus
from .account import PricingSmsResponse as PricingSmsResponse
from .account import PricingViberWhatsappResponse as PricingViberWhatsappResponse
from .account import ViberWhatsappChannelPricing as ViberWhatsappChannelPricing
from .account import ViberWhatsappPricing as ViberWhatsappPricing
from .applications import ApplicationSettingsResponse as ApplicationSettingsResponse
from .applications import ApplicationsListResponse as ApplicationsListResponse
from .applications import AppSettings as AppSettings
from .applications import AttachmentsAppSettings as AttachmentsAppSettings
from .applications import DataApplicationsList as DataApplicationsList
from .applications import LookupAppSettings as LookupAppSettings
from .applications import MultichannelAppSettings as MultichannelAppSettings
from .applications import OptoutsAppSettings as OptoutsAppSettings
from .applications import OtpAppSettings as OtpAppSettings
from .applications import QuietHours as QuietHours
from .applications import Scopes as Scopes
from .applications import ShortlinksAppSettings as ShortlinksAppSettings
from .applications import SmsAppSettings as SmsAppSettings
from .applications import TransliterationAppSettings as TransliterationAppSettings
from .applications import ViberAppSettings as ViberAppSettings
from .applications import WhatsappAppSettings as WhatsappAppSettings
from .attachments import AttachmentDeleteResponse as AttachmentDeleteResponse
from .attachments import AttachmentDetailsResponse as AttachmentDetailsResponse
from .attachments import AttachmentListResponse as AttachmentListResponse
from .attachments import DataAttachment as DataAttachment
from .attachments import InfoAttachment as InfoAttachment
from .conversations import ConversationDetailsResponse as ConversationDetailsResponse
from .conversations import ConversationReadResponse as ConversationReadResponse
from .conversations import ConversationReplySmsRequest as ConversationReplySmsRequest
from .conversations import ConversationReplySmsResponse as ConversationReplySmsResponse
from .conversations import ConversationReplyViberRequest as ConversationReplyViberRequest
from .conversations import ConversationReplyViberRespone as ConversationReplyViberRespone
from .conversations import ConversationReplyWhatsappRequest as ConversationReplyWhatsappRequest
from .conversations import ConversationReplyWhatsappResponse as ConversationReplyWhatsappResponse
from .conversations import ConversationsListResponse as ConversationsListResponse
from .conversations import DataConversation as DataConversation
from .conversations import DataConversationReply as DataConversationReply
from .conversations import DataConversations as DataConversations
from .conversations import InfoConversation as InfoConversation
from .conversations import InfoConversationRead as InfoConversationRead
from .conversations import InfoConversationReply as InfoConversationReply
from .groups import AddContactsToGroupRequest as AddContactsToGroupRequest
from .groups import AddContactsToGroupResponse as AddContactsToGroupResponse
from .groups import AddContactsToGroupWithFieldsRequest as AddContactsToGroupWithFieldsRequest
from .groups import DataGroups as DataGroups
from .groups import DataGroupsDetails as DataGroupsDetails
from .groups import DeleteContact as DeleteContact
from .groups import DeleteGroup as DeleteGroup
from .groups import GroupAdd as GroupAdd
from .groups import GroupDetailsResponse as GroupDetailsResponse
from .groups import GroupResponse as GroupResponse
from .groups import GroupsList as GroupsList
from .groups import InfoDeleteGroup as InfoDeleteGroup
from .groups import InfoGroup as InfoGroup
from .groups import InfoGroups as InfoGroups
from .groups import InfoGroupsAddContactsResponse as InfoGroupsAddContactsResponse
from .groups import InfoGroupsContactDeleted as InfoGroupsContactDeleted
from .groups import InfoNewGroup as InfoNewGroup
from .groups import InfoPhoneNumberUpdate as InfoPhoneNumberUpdate
from .groups import NewGroupRequest as NewGroupRequest
from .groups import NewGroupResponse as NewGroupResponse
from .groups import UpdateNumberRequest as UpdateNumberRequest
from .groups import UpdateNumberResponse as UpdateNumberResponse
from .multichannel import DataMultichannel as DataMultichannel
from .multichannel import InfoMultichannel as InfoMultichannel
from .multichannel import InfoMultichannelCampaign as InfoMultichannelCampaign
from .multichannel import SendMultichannelCampaignRequest as SendMultichannelCampaignRequest
from .multichannel import (
    SendMultichannelCampaignRequestEstimate as SendMultichannelCampaignRequestEstimate,
)
from .multichannel import SendMultichannelCampaignResponse as SendMultichannelCampaignResponse
from .multichannel import SendMultichannelMessageRequest as SendMultichannelMessageRequest
from .multichannel import (
    SendMultichannelMessageRequestEstimate as SendMultichannelMessageRequestEstimate,
)
from .multichannel import SendMultichannelMessageResponse as SendMultichannelMessageResponse
from .multichannel import Strategy as Strategy
from .multichannel import StrategyChannel as StrategyChannel
from .numbers import BulkLookupCampaignsResponse as BulkLookupCampaignsResponse
from .numbers import CancelRentResponse as CancelRentResponse
from .numbers import DataAvailableNumbersRent as DataAvailableNumbersRent
from .numbers import DataLookupCampaigns as DataLookupCampaigns
from .numbers import DataNumberLookup as DataNumberLookup
from .numbers import DataNumbersLookup as DataNumbersLookup
from .numbers import DataNumbersValidate as DataNumbersValidate
from .numbers import DataNumberValidate as DataNumberValidate
from .numbers import DataReceiveSms as DataReceiveSms
from .numbers import DataRentedNumbers as DataRentedNumbers
from .numbers import EditRentRequest as EditRentRequest
from .numbers import EditRentResponse as EditRentResponse
from .numbers import GetInboundSMSResponse as GetInboundSMSResponse
from .numbers import GetRentStatusResponse as GetRentStatusResponse
from .numbers import InboundSms as InboundSms
from .numbers import InfoCancelRent as InfoCancelRent
from .numbers import InfoEditRent as InfoEditRent
from .numbers import InfoInboundSms as InfoInboundSms
from .numbers import InfoLookupDetails as InfoLookupDetails
from .numbers import InfoNumbersLookup as InfoNumbersLookup
from .numbers import InfoNumbersValidate as InfoNumbersValidate
from .numbers import InfoRenewNumber as InfoRenewNumber
from .numbers import InfoRentNumber as InfoRentNumber
from .numbers import InfoRentStatus as InfoRentStatus
from .numbers import NumberLookupResponse as NumberLookupResponse
from .numbers import NumbersBulkLookupResult as NumbersBulkLookupResult
from .numbers import NumbersLookupRequest as NumbersLookupRequest
from .numbers import NumbersLookupResponse as NumbersLookupResponse
from .numbers import NumbersValidateRequest as NumbersValidateRequest
from .numbers import NumbersValidateResponse as NumbersValidateResponse
from .numbers import NumberValidateResponse as NumberValidateResponse
from .numbers import OriginalNetwork as OriginalNetwork
from .numbers import OutboundSms as OutboundSms
from .numbers import PortedNetwork as PortedNetwork
from .numbers import RenewCost as RenewCost
from .numbers import RenewNumberResponse as RenewNumberResponse
from .numbers import RenewRentRequest as RenewRentRequest
from .numbers import RentCost as RentCost
from .numbers import RentedNumbersResponse as RentedNumbersResponse
from .numbers import RentNumberRequest as RentNumberRequest
from .numbers import RentNumberResponse as RentNumberResponse
from .numbers import RentNumbersResponse as RentNumbersResponse
from .numbers import RoamingNetwork as RoamingNetwork
from .oauth import OauthTokenResponse as OauthTokenResponse
from .optouts import DataOptouts as DataOptouts
from .optouts import InfoOptout as InfoOptout
from .optouts import InfoOptouts as InfoOptouts
from .optouts import InfoOptoutsNew as InfoOptoutsNew
from .optouts import OptoutsDeleteResponse as OptoutsDeleteResponse
from .optouts import OptoutsListResponse as OptoutsListResponse
from .optouts import OptoutsNewResponse as OptoutsNewResponse
from .originators import DataOriginatorsList as DataOriginatorsList
from .originators import InfoOriginator as InfoOriginator
from .originators import OriginatorNewRequest as OriginatorNewRequest
from .originators import OriginatorNewResponse as OriginatorNewResponse
from .originators import OriginatorsListResponse as OriginatorsListResponse
from .originators import TwoWay as TwoWay
from .otp import CancelOtpResponse as CancelOtpResponse
from .otp import DataOtp as DataOtp
from .otp import InfoOtp as InfoOtp
from .otp import NewOtpRequest as NewOtpRequest
from .otp import NewOtpResponse as NewOtpResponse
from .otp import VerifyPinRequest as VerifyPinRequest
from .otp import VerifyPinResponse as VerifyPinResponse
from .reports import CampaignStatus as CampaignStatus
from .reports import DataReportCampaign as DataReportCampaign
from .reports import DataReports as DataReports
from .reports import DataReportsCampaigns as DataReportsCampaigns
from .reports import DeliverySummaryReport as DeliverySummaryReport
from .reports import DeliverySummaryValue as DeliverySummaryValue
from .reports import GetSummaryReports200Response as GetSummaryReports200Response
from .reports import InfoReportCampaign as InfoReportCampaign
from .reports import InfoReports as InfoReports
from .reports import InfoReportsCampaigns as InfoReportsCampaigns
from .reports import ReportsAdvancedResponse as ReportsAdvancedResponse
from .reports import ReportsCampaignResponse as ReportsCampaignResponse
from .reports import ReportsCampaignsRespone as ReportsCampaignsRespone
from .reports import ReportsCampaignsResponse as ReportsCampaignsResponse
from .reports import ReportSingleResponse as ReportSingleResponse
from .reports import SummaryParts as SummaryParts
from .reports import SummaryReport as SummaryReport
from .reports import SummaryValue as SummaryValue
from .shortlinks import DataShortlinkDetail as DataShortlinkDetail
from .shortlinks import DataShortlinkList as DataShortlinkList
from .shortlinks import InfoId as InfoId
from .shortlinks import InfoShortlinkDetail as InfoShortlinkDetail
from .shortlinks import InfoShortlinkNew as InfoShortlinkNew
from .shortlinks import ShortlinkDeleteResponse as ShortlinkDeleteResponse
from .shortlinks import ShortlinkDetailsResponse as ShortlinkDetailsResponse
from .shortlinks import ShortlinkNewRequest as ShortlinkNewRequest
from .shortlinks import ShortlinkNewResponse as ShortlinkNewResponse
from .shortlinks import ShortlinksListResponse as ShortlinksListResponse
from .shortlinks import ShortlinkUpdateRequest as ShortlinkUpdateRequest
from .shortlinks import ShortlinkUpdateResponse as ShortlinkUpdateResponse
from .sms import Alphabet as Alphabet
from .sms import DataSms as DataSms
from .sms import DeleteScheduledCampaign as DeleteScheduledCampaign
from .sms import DeleteScheduledCampaignInfo as DeleteScheduledCampaignInfo
from .sms import DeleteScheduledMsg as DeleteScheduledMsg
from .sms import DeleteScheduledMsgInfo as DeleteScheduledMsgInfo
from .sms import Info as Info
from .sms import InfoCampaign as InfoCampaign
from .sms import MessageStatus as MessageStatus
from .sms import SendSmsCampaignRequest as SendSmsCampaignRequest
from .sms import SendSmsCampaignRequestEstimate as SendSmsCampaignRequestEstimate
from .sms import SendSmsCampaignResponse as SendSmsCampaignResponse
from .sms import SendSmsMessageRequest as SendSmsMessageRequest
from .sms import SendSmsMessageResponse as SendSmsMessageResponse
from .sms import SendSmsRequestEstimate as SendSmsRequestEstimate
from .sms import Transliteration as Transliteration
from .sms import TransliterationAnalysis as TransliterationAnalysis
from .sms import TransliterationText as TransliterationText
from .sms import TransliterationTextAnalysis as TransliterationTextAnalysis
from .templates import DataTemplate as DataTemplate
from .templates import DataTemplatesList as DataTemplatesList
from .templates import InfoTemplate as InfoTemplate
from .templates import InfoTemplateUpdate as InfoTemplateUpdate
from .templates import RichMedia as RichMedia
from .templates import TemplateDetailsResponse as TemplateDetailsResponse
from .templates import TemplatesDeleteResponse as TemplatesDeleteResponse
from .templates import TemplatesListResponse as TemplatesListResponse
from .templates import TemplatesNewRequest as TemplatesNewRequest
from .templates import TemplatesNewResponse as TemplatesNewResponse
from .templates import TemplatesUpdateRequest as TemplatesUpdateRequest
from .templates import TemplatesUpdateResponse as TemplatesUpdateResponse
from .viber import DataViber as DataViber
from .viber import InfoViber as InfoViber
from .viber import InfoViberCampaign as InfoViberCampaign
from .viber import SendViberCampaignRequest as SendViberCampaignRequest
from .viber import SendViberCampaignRequestEstimate as SendViberCampaignRequestEstimate
from .viber import SendViberCampaignResponse as SendViberCampaignResponse
from .viber import SendViberMessageRequest as SendViberMessageRequest
from .viber import SendViberMessageRequestEstimate as SendViberMessageRequestEstimate
from .viber import SendViberMessageResponse as SendViberMessageResponse
from .whatsapp import DataWhatsapp as DataWhatsapp
from .whatsapp import InfoWhatsapp as InfoWhatsapp
from .whatsapp import SendWhatsappMessageRequest as SendWhatsappMessageRequest
from .whatsapp import SendWhatsappMessageRequestEstimate as SendWhatsappMessageRequestEstimate
from .whatsapp import SendWhatsappMessageResponse as SendWhatsappMessageResponse

# Every model re-exported above (what ``from smscx.models import *`` gives), computed from
# the imports so that it cannot drift from them.
__all__ = [
    name
    for name, value in globals().items()
    if not name.startswith("_") and getattr(value, "__module__", "").startswith(__name__ + ".")
]

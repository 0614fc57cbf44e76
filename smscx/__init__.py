"""smscx: the SMS.CX messaging API from asyncio, trio and blocking Python.

::

    from smscx import AsyncSmsClient

    async with AsyncSmsClient(api_key="...") as client:
        result = await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
        print(result.data[0].msg_id, result.info.total_cost)

:class:`AsyncSmsClient` is the client; :class:`SmsClient` is its blocking face. Errors live
in :mod:`smscx.errors`, models in :mod:`smscx.models`, text analysis in :mod:`smscx.text`,
and a local emulator of the API in :mod:`smscx.testing`.
"""

from ._blocking import SmsClient as SmsClient
from ._client import AsyncSmsClient as AsyncSmsClient
from ._paging import AsyncPage as AsyncPage
from ._paging import AsyncPaginator as AsyncPaginator
from ._retry import RetryPolicy as RetryPolicy
from ._version import __version__ as __version__
from .api import AccountApi as AccountApi
from .api import ApplicationsApi as ApplicationsApi
from .api import AttachmentsApi as AttachmentsApi
from .api import BlockingAccountApi as BlockingAccountApi
from .api import BlockingApplicationsApi as BlockingApplicationsApi
from .api import BlockingAttachmentsApi as BlockingAttachmentsApi
from .api import BlockingConversationsApi as BlockingConversationsApi
from .api import BlockingGroupsApi as BlockingGroupsApi
from .api import BlockingMultichannelApi as BlockingMultichannelApi
from .api import BlockingNumbersApi as BlockingNumbersApi
from .api import BlockingOauthApi as BlockingOauthApi
from .api import BlockingOptoutsApi as BlockingOptoutsApi
from .api import BlockingOriginatorsApi as BlockingOriginatorsApi
from .api import BlockingOtpApi as BlockingOtpApi
from .api import BlockingReportsApi as BlockingReportsApi
from .api import BlockingShortlinksApi as BlockingShortlinksApi
from .api import BlockingSmsApi as BlockingSmsApi
from .api import BlockingTemplatesApi as BlockingTemplatesApi
from .api import BlockingViberApi as BlockingViberApi
from .api import BlockingWhatsappApi as BlockingWhatsappApi
from .api import ConversationsApi as ConversationsApi
from .api import GroupsApi as GroupsApi
from .api import MultichannelApi as MultichannelApi
from .api import NumbersApi as NumbersApi
from .api import OauthApi as OauthApi
from .api import OptoutsApi as OptoutsApi
from .api import OriginatorsApi as OriginatorsApi
from .api import OtpApi as OtpApi
from .api import ReportsApi as ReportsApi
from .api import ShortlinksApi as ShortlinksApi
from .api import SmsApi as SmsApi
from .api import SyncPage as SyncPage
from .api import TemplatesApi as TemplatesApi
from .api import ViberApi as ViberApi
from .api import WhatsappApi as WhatsappApi
from .bulk import BulkProgress as BulkProgress
from .bulk import BulkReport as BulkReport
from .bulk import ChunkResult as ChunkResult
from .bulk import Message as Message
from .bulk import RecipientResult as RecipientResult
from .bulk import UnsentRecipient as UnsentRecipient
from .errors import AccessDeniedError as AccessDeniedError
from .errors import APIConnectionError as APIConnectionError
from .errors import APIResponseValidationError as APIResponseValidationError
from .errors import APIStatusError as APIStatusError
from .errors import APITimeoutError as APITimeoutError
from .errors import AuthenticationError as AuthenticationError
from .errors import ClientClosedError as ClientClosedError
from .errors import ConfigurationError as ConfigurationError
from .errors import DestinationError as DestinationError
from .errors import ErrorCode as ErrorCode
from .errors import InsufficientCreditError as InsufficientCreditError
from .errors import InvalidPhoneNumberError as InvalidPhoneNumberError
from .errors import InvalidPinError as InvalidPinError
from .errors import InvalidRequestError as InvalidRequestError
from .errors import MethodNotAllowedError as MethodNotAllowedError
from .errors import NoCoverageError as NoCoverageError
from .errors import NotFoundError as NotFoundError
from .errors import OtpAlreadyVerifiedError as OtpAlreadyVerifiedError
from .errors import OtpCancelledError as OtpCancelledError
from .errors import OtpExpiredError as OtpExpiredError
from .errors import OtpFailedError as OtpFailedError
from .errors import OtpVerificationError as OtpVerificationError
from .errors import RateLimitError as RateLimitError
from .errors import ReentrantCallError as ReentrantCallError
from .errors import ReplyWindowClosedError as ReplyWindowClosedError
from .errors import ServerError as ServerError
from .errors import SmscxError as SmscxError
from .errors import SpendLimitError as SpendLimitError
from .errors import ValidationError as ValidationError
from .errors import WrongEventLoopError as WrongEventLoopError
from .journal import DeliverySummary as DeliverySummary
from .journal import JournalMismatchError as JournalMismatchError
from .journal import JournalNotFoundError as JournalNotFoundError
from .journal import SqliteJournal as SqliteJournal
from .models import AccountBalance as AccountBalance
from .models import AddContactsToGroupRequest as AddContactsToGroupRequest
from .models import Alphabet as Alphabet
from .models import ChannelsStatus as ChannelsStatus
from .models import DataOptouts as DataOptouts
from .models import DataOriginatorsList as DataOriginatorsList
from .models import DataSms as DataSms
from .models import DeleteScheduledCampaign as DeleteScheduledCampaign
from .models import DeleteScheduledMsg as DeleteScheduledMsg
from .models import Info as Info
from .models import InfoCampaign as InfoCampaign
from .models import MessageStatus as MessageStatus
from .models import ModelList as ModelList
from .models import NumbersValidateResponse as NumbersValidateResponse
from .models import NumberValidateResponse as NumberValidateResponse
from .models import OptoutsListResponse as OptoutsListResponse
from .models import OriginatorNewRequest as OriginatorNewRequest
from .models import OriginatorNewResponse as OriginatorNewResponse
from .models import OriginatorsListResponse as OriginatorsListResponse
from .models import Paging as Paging
from .models import RateLimitSnapshot as RateLimitSnapshot
from .models import ResponseMeta as ResponseMeta
from .models import SendSmsCampaignRequest as SendSmsCampaignRequest
from .models import SendSmsCampaignRequestEstimate as SendSmsCampaignRequestEstimate
from .models import SendSmsCampaignResponse as SendSmsCampaignResponse
from .models import SendSmsMessageRequest as SendSmsMessageRequest
from .models import SendSmsMessageResponse as SendSmsMessageResponse
from .models import SendSmsRequestEstimate as SendSmsRequestEstimate
from .models import Transliteration as Transliteration

#: Every public name; tests/test_layout.py checks that it lists exactly what is imported above.
__all__ = [
    "__version__",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AccessDeniedError",
    "AccountApi",
    "AccountBalance",
    "AddContactsToGroupRequest",
    "Alphabet",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncSmsClient",
    "AuthenticationError",
    "BlockingAccountApi",
    "BlockingGroupsApi",
    "BlockingNumbersApi",
    "BlockingOptoutsApi",
    "BlockingOauthApi",
    "OauthApi",
    "BlockingOriginatorsApi",
    "BlockingTemplatesApi",
    "TemplatesApi",
    "BlockingViberApi",
    "ViberApi",
    "BlockingWhatsappApi",
    "WhatsappApi",
    "BlockingMultichannelApi",
    "MultichannelApi",
    "BlockingShortlinksApi",
    "ShortlinksApi",
    "BlockingAttachmentsApi",
    "AttachmentsApi",
    "BlockingConversationsApi",
    "ConversationsApi",
    "BlockingApplicationsApi",
    "ApplicationsApi",
    "BlockingOtpApi",
    "BlockingReportsApi",
    "BlockingSmsApi",
    "BulkProgress",
    "BulkReport",
    "ChannelsStatus",
    "ChunkResult",
    "ClientClosedError",
    "ConfigurationError",
    "DataOptouts",
    "DataOriginatorsList",
    "DataSms",
    "DeleteScheduledCampaign",
    "DeleteScheduledMsg",
    "DeliverySummary",
    "DestinationError",
    "ErrorCode",
    "GroupsApi",
    "Info",
    "InfoCampaign",
    "InsufficientCreditError",
    "InvalidPhoneNumberError",
    "InvalidPinError",
    "InvalidRequestError",
    "JournalMismatchError",
    "JournalNotFoundError",
    "Message",
    "MessageStatus",
    "MethodNotAllowedError",
    "ModelList",
    "NoCoverageError",
    "NotFoundError",
    "NumberValidateResponse",
    "NumbersApi",
    "NumbersValidateResponse",
    "OptoutsApi",
    "OptoutsListResponse",
    "OriginatorNewRequest",
    "OriginatorNewResponse",
    "OriginatorsApi",
    "OriginatorsListResponse",
    "OtpAlreadyVerifiedError",
    "OtpApi",
    "OtpCancelledError",
    "OtpExpiredError",
    "OtpFailedError",
    "OtpVerificationError",
    "Paging",
    "RateLimitError",
    "ReplyWindowClosedError",
    "RateLimitSnapshot",
    "RecipientResult",
    "ReentrantCallError",
    "ReportsApi",
    "ResponseMeta",
    "RetryPolicy",
    "SendSmsCampaignRequest",
    "SendSmsCampaignRequestEstimate",
    "SendSmsCampaignResponse",
    "SendSmsMessageRequest",
    "SendSmsMessageResponse",
    "SendSmsRequestEstimate",
    "ServerError",
    "SmsApi",
    "SmsClient",
    "SmscxError",
    "SpendLimitError",
    "SqliteJournal",
    "SyncPage",
    "Transliteration",
    "UnsentRecipient",
    "ValidationError",
    "WrongEventLoopError",
]

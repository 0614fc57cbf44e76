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

from ._client import AsyncSmsClient
from ._paging import AsyncPage, AsyncPaginator
from ._resources import AccountApi, OptoutsApi, OriginatorsApi
from ._retry import RetryPolicy
from ._sync import (
    BlockingAccountApi,
    BlockingOptoutsApi,
    BlockingOriginatorsApi,
    SmsClient,
    SyncPage,
)
from ._version import __version__
from .bulk import (
    BulkProgress,
    BulkReport,
    ChunkResult,
    Message,
    RecipientResult,
    UnsentRecipient,
)
from .errors import (
    AccessDeniedError,
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ClientClosedError,
    ConfigurationError,
    ErrorCode,
    InsufficientCreditError,
    InvalidPhoneNumberError,
    InvalidRequestError,
    MethodNotAllowedError,
    NoCoverageError,
    NotFoundError,
    RateLimitError,
    ReentrantCallError,
    ServerError,
    SmscxError,
    ValidationError,
)
from .models import (
    AccountBalance,
    AddContactsToGroupRequest,
    Alphabet,
    ChannelsStatus,
    DataOptouts,
    DataOriginatorsList,
    DataSms,
    DeleteScheduledCampaign,
    DeleteScheduledMsg,
    Info,
    InfoCampaign,
    MessageStatus,
    OptoutsListResponse,
    OriginatorNewRequest,
    OriginatorNewResponse,
    OriginatorsListResponse,
    Paging,
    RateLimitSnapshot,
    ResponseMeta,
    SendSmsCampaignRequest,
    SendSmsCampaignRequestEstimate,
    SendSmsCampaignResponse,
    SendSmsMessageRequest,
    SendSmsMessageResponse,
    SendSmsRequestEstimate,
    Transliteration,
)

__all__ = [
    "APIConnectionError",
    "AccountApi",
    "AccountBalance",
    "AddContactsToGroupRequest",
    "AsyncPage",
    "AsyncPaginator",
    "BlockingOptoutsApi",
    "DataOptouts",
    "OptoutsApi",
    "OptoutsListResponse",
    "Paging",
    "SyncPage",
    "BlockingAccountApi",
    "BlockingOriginatorsApi",
    "ChannelsStatus",
    "DataOriginatorsList",
    "OriginatorNewRequest",
    "OriginatorNewResponse",
    "OriginatorsApi",
    "OriginatorsListResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AccessDeniedError",
    "Alphabet",
    "AsyncSmsClient",
    "AuthenticationError",
    "BulkProgress",
    "ClientClosedError",
    "BulkReport",
    "ChunkResult",
    "ConfigurationError",
    "DataSms",
    "DeleteScheduledCampaign",
    "DeleteScheduledMsg",
    "ErrorCode",
    "Info",
    "InfoCampaign",
    "InsufficientCreditError",
    "InvalidPhoneNumberError",
    "InvalidRequestError",
    "Message",
    "MessageStatus",
    "MethodNotAllowedError",
    "NoCoverageError",
    "NotFoundError",
    "RateLimitError",
    "RateLimitSnapshot",
    "RecipientResult",
    "ReentrantCallError",
    "ResponseMeta",
    "RetryPolicy",
    "SendSmsCampaignRequest",
    "SendSmsCampaignRequestEstimate",
    "SendSmsCampaignResponse",
    "SendSmsMessageRequest",
    "SendSmsMessageResponse",
    "SendSmsRequestEstimate",
    "ServerError",
    "SmsClient",
    "SmscxError",
    "Transliteration",
    "UnsentRecipient",
    "ValidationError",
    "__version__",
]

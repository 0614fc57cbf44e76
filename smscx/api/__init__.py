"""The API's namespaces, one module per vendor API class, named after it.

Each module declares its routes (an :class:`~smscx._pipeline.Endpoint` each), the async
class whose methods call them (``AccountApi``) and its blocking twin
(``BlockingAccountApi``), side by side, so that neither is added without the other. The
clients expose each as an attribute (``client.account``) with the vendor's method names;
``_registry.py`` lists them, one line each. Every call goes through the client's one
pipeline: the same retries, rate-limit gate, timeouts, size cap and typed errors.
"""

from ._namespace import SyncPage as SyncPage
from .account import AccountApi as AccountApi
from .account import BlockingAccountApi as BlockingAccountApi
from .applications import ApplicationsApi as ApplicationsApi
from .applications import BlockingApplicationsApi as BlockingApplicationsApi
from .attachments import AttachmentsApi as AttachmentsApi
from .attachments import BlockingAttachmentsApi as BlockingAttachmentsApi
from .conversations import BlockingConversationsApi as BlockingConversationsApi
from .conversations import ConversationsApi as ConversationsApi
from .groups import BlockingGroupsApi as BlockingGroupsApi
from .groups import GroupsApi as GroupsApi
from .multichannel import BlockingMultichannelApi as BlockingMultichannelApi
from .multichannel import MultichannelApi as MultichannelApi
from .numbers import BlockingNumbersApi as BlockingNumbersApi
from .numbers import NumbersApi as NumbersApi
from .oauth import BlockingOauthApi as BlockingOauthApi
from .oauth import OauthApi as OauthApi
from .optouts import BlockingOptoutsApi as BlockingOptoutsApi
from .optouts import OptoutsApi as OptoutsApi
from .originators import BlockingOriginatorsApi as BlockingOriginatorsApi
from .originators import OriginatorsApi as OriginatorsApi
from .otp import BlockingOtpApi as BlockingOtpApi
from .otp import OtpApi as OtpApi
from .reports import BlockingReportsApi as BlockingReportsApi
from .reports import ReportsApi as ReportsApi
from .shortlinks import BlockingShortlinksApi as BlockingShortlinksApi
from .shortlinks import ShortlinksApi as ShortlinksApi
from .sms import BlockingSmsApi as BlockingSmsApi
from .sms import SmsApi as SmsApi
from .templates import BlockingTemplatesApi as BlockingTemplatesApi
from .templates import TemplatesApi as TemplatesApi
from .viber import BlockingViberApi as BlockingViberApi
from .viber import ViberApi as ViberApi
from .whatsapp import BlockingWhatsappApi as BlockingWhatsappApi
from .whatsapp import WhatsappApi as WhatsappApi

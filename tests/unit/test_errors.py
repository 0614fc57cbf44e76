"""How every documented API error reaches the caller: the exact exception and what it carries.

The tables below are transcribed row by row from the seed (``SmsApi.md``, "Errors for ...").
Each row is answered by a MockTransport and called through the real client, so the whole path
(pipeline, retry decision, ``error_from_response``) is what is specified.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any, NamedTuple

import httpx
import pytest

from smscx import (
    AccessDeniedError,
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncSmsClient,
    AuthenticationError,
    ErrorCode,
    InsufficientCreditError,
    InvalidPhoneNumberError,
    InvalidPinError,
    InvalidRequestError,
    MethodNotAllowedError,
    NoCoverageError,
    NotFoundError,
    OtpAlreadyVerifiedError,
    OtpCancelledError,
    OtpExpiredError,
    OtpFailedError,
    RateLimitError,
    ServerError,
    SmscxError,
    ValidationError,
)
from smscx.errors import error_from_response
from tests.helpers import Recorder, error_response, send_response

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., AsyncSmsClient]
Call = Callable[[AsyncSmsClient], Awaitable[object]]

MSG_ID = "3328fe13-2b99-4282-b62e-d891f5e452a8"
CAMPAIGN_ID = "cbb72a72-0dfa-4288-b3d0-05fab904f0b2"
IDEMPOTENCY = "bf325375-e030-4ccb-a009-17317c574773"
URI = "https://sms.cx"

CALLS: dict[str, Call] = {
    "send_sms": lambda c: c.send_sms(
        to=["+33612345678"], from_="InfoText", text="Hello", idempotency_id=IDEMPOTENCY
    ),
    "estimate_sms": lambda c: c.estimate_sms(to=["+33612345678"], from_="InfoText", text="Hello"),
    "send_sms_campaign": lambda c: c.send_sms_campaign(
        groups=[1], from_="InfoText", text="Hello", idempotency_id=IDEMPOTENCY
    ),
    "estimate_sms_campaign": lambda c: c.estimate_sms_campaign(
        groups=[1], from_="InfoText", text="Hello"
    ),
    "delete_scheduled_sms": lambda c: c.delete_scheduled_sms(MSG_ID),
    "delete_scheduled_sms_campaign": lambda c: c.delete_scheduled_sms_campaign(CAMPAIGN_ID),
    "create_originator": lambda c: c.originators.create_originator(originator="MyShop"),
    "delete_originator": lambda c: c.originators.delete_originator(7),
    "add_contact_to_optouts_list": lambda c: c.optouts.add_contact_to_optouts_list(
        phone_numbers=["+33612345678"]
    ),
    "delete_contact_from_optouts_list": lambda c: c.optouts.delete_contact_from_optouts_list(7),
    "validate_number": lambda c: c.numbers.validate_number("+33612345678"),
    "validate_numbers": lambda c: c.numbers.validate_numbers(phone_numbers=["+33612345678"]),
    # ReportsApi
    "get_single_report": lambda c: c.reports.get_single_report(MSG_ID),
    "get_campaign_report": lambda c: c.reports.get_campaign_report(CAMPAIGN_ID),
    "get_advanced_report": lambda c: c.reports.get_advanced_report("2026-11"),
    "get_summary_reports": lambda c: c.reports.get_summary_reports("country", "2026-11"),
    "export_advanced_report_to_csv": lambda c: c.reports.export_advanced_report_to_csv("2026"),
    "export_advanced_report_to_xlsx": lambda c: c.reports.export_advanced_report_to_xlsx("2026"),
    "export_campaign_report_to_csv": lambda c: c.reports.export_campaign_report_to_csv(CAMPAIGN_ID),
    "export_campaign_report_to_xlsx": lambda c: c.reports.export_campaign_report_to_xlsx(
        CAMPAIGN_ID
    ),
    # AccountApi
    "get_channel_pricing": lambda c: c.account.get_channel_pricing("sms", "transactional"),
    "get_channel_pricing_by_country_iso": lambda c: c.account.get_channel_pricing_by_country_iso(
        "sms", "transactional", "FR"
    ),
    # GroupsApi
    "create_group": lambda c: c.groups.create_group(name="Newsletter"),
    "add_contacts_to_group": lambda c: c.groups.add_contacts_to_group(
        4, phone_numbers=["+33612345678"]
    ),
    "add_contacts_to_group_with_fields": lambda c: c.groups.add_contacts_to_group_with_fields(
        4, phone_numbers=[{"phone_number": "+33612345678", "first_name": "Ana"}]
    ),
    "delete_contact_from_group": lambda c: c.groups.delete_contact_from_group(4, MSG_ID),
    "delete_group": lambda c: c.groups.delete_group(4),
    "empty_group": lambda c: c.groups.empty_group(4),
    "export_group_to_csv": lambda c: c.groups.export_group_to_csv(4),
    "export_group_to_xlsx": lambda c: c.groups.export_group_to_xlsx(4),
    "get_group_details": lambda c: c.groups.get_group_details(4),
    "update_contact_from_group": lambda c: c.groups.update_contact_from_group(
        4, MSG_ID, first_name="Ana"
    ),
    # OtpApi
    "new_otp": lambda c: c.otp.new_otp(phone_number="+33612345678"),
    "get_otp_status": lambda c: c.otp.get_otp_status(MSG_ID),
    "verify_otp": lambda c: c.otp.verify_otp(MSG_ID, pin="1234"),
    "cancel_otp": lambda c: c.otp.cancel_otp(MSG_ID),
    # NumbersApi: lookups
    "lookup_number": lambda c: c.numbers.lookup_number("+33612345678"),
    "lookup_numbers": lambda c: c.numbers.lookup_numbers(phone_numbers=["+33612345678"]),
    "get_single_lookup_status": lambda c: c.numbers.get_single_lookup_status(MSG_ID),
    "get_bulk_lookup_status": lambda c: c.numbers.get_bulk_lookup_status(CAMPAIGN_ID),
    "export_number_lookup_report_to_csv": lambda c: c.numbers.export_number_lookup_report_to_csv(
        CAMPAIGN_ID
    ),
    "export_number_lookup_report_to_xlsx": lambda c: c.numbers.export_number_lookup_report_to_xlsx(
        CAMPAIGN_ID
    ),
}
SENDS = frozenset({"send_sms", "send_sms_campaign"})


class Row(NamedTuple):
    """One row of a seed error table, with the exception class it must become."""

    status: int
    code: int
    type: str
    raises: type[APIStatusError]
    description: str


ALPHABET = (
    "Invalid alphabet. Must be one of: `NONE`, `NON_GSM`, `RUSSIAN_CYRILLIC`, "
    "`BULGARIAN_CYRILLIC`, `UKRAINIAN_CYRILLIC`, `MACEDONIAN_CYRILLIC`, `BELARUSIAN_CYRILLIC`, "
    "`SERBIAN_CYRILLIC`, `POLISH`, `ROMANIAN`, `TURKISH`, `GREEK`"
)
INVALID, CREDIT = "invalid_param", "insufficient_credit"
ONLY_SCHEDULED = "Only scheduled campaigns/messages can be deleted"
TRACKING = "The shortlink/attachment ID provided for tracking is invalid or not found"
TOO_BIG = "The phone numbers array is too big (max. allowed: 25000 numbers)"
CREDIT_LIMIT = (
    "Credit limit reached. To increase the credit limit, please contact your account manager"
)
ALPHANUMERIC = "Invalid number of characters for the placeholder {{alphanumeric}}"
MSG_NOT_FOUND = "Message ID provided was not found or is not scheduled"
CAMPAIGN_NOT_FOUND = "Campaign ID provided was not found or is not scheduled"
Bad = InvalidRequestError

# Errors for DELETE /sms/scheduled/{msgId}
DELETE_SMS_TABLE = [
    Row(403, 1118, "access_denied", AccessDeniedError, ONLY_SCHEDULED),
    Row(404, 1100, "not_found", NotFoundError, MSG_NOT_FOUND),
    Row(400, 1115, INVALID, Bad, "Message ID provided is not valid"),
]
# Errors for DELETE /sms/scheduled/campaign/{campaignId}
DELETE_CAMPAIGN_TABLE = [
    Row(403, 1118, "access_denied", AccessDeniedError, ONLY_SCHEDULED),
    Row(404, 1150, "not_found", NotFoundError, CAMPAIGN_NOT_FOUND),
    Row(400, 1155, INVALID, Bad, "Campaign ID provided is not valid"),
]
# Errors for POST /sms/estimate
ESTIMATE_SMS_TABLE = [
    Row(400, 1104, INVALID, Bad, "The parameter `to` is empty or not set"),
    Row(400, 1105, INVALID, Bad, "The parameter `from` is empty or not set"),
    Row(400, 1106, INVALID, Bad, "The parameter `from` is not valid (min 3, max 15 characters)"),
    Row(400, 1107, INVALID, Bad, "The parameter `text` is empty or not set"),
    Row(400, 1108, INVALID, Bad, "The parameter `scheduledDate` is not a valid date"),
    Row(400, 1109, INVALID, Bad, "The parameter `dlrCallbackUrl` is not a valid URL"),
    Row(400, 1112, INVALID, Bad, TRACKING),
    Row(400, 1116, INVALID, Bad, "The scheduled date is in the past"),
    Row(400, 1103, INVALID, Bad, TOO_BIG),
    Row(400, 1207, INVALID, InvalidPhoneNumberError, "The phone number provided is not valid"),
    Row(400, 1210, INVALID, InvalidPhoneNumberError, "The phone numbers provided are invalid"),
    Row(403, 1119, "no_coverage", NoCoverageError, "No coverage or restricted destination"),
    Row(400, 1113, CREDIT, InsufficientCreditError, "Insufficient credit"),
    Row(400, 1114, CREDIT, InsufficientCreditError, CREDIT_LIMIT),
    Row(400, 1110, INVALID, Bad, ALPHABET),
    Row(400, 1135, INVALID, Bad, "The parameter \\'transliteration\\' should be an object"),
    Row(400, 1503, INVALID, Bad, "The parameter `removeEmojis` is not boolean (true or false)"),
    Row(400, 1136, INVALID, Bad, "Invalid number of characters for the placeholder {{numbers}}"),
    Row(400, 1136, INVALID, Bad, "Invalid number of characters for the placeholder {{letters}}"),
    Row(400, 1136, INVALID, Bad, ALPHANUMERIC),
    Row(400, 1137, INVALID, Bad, "Number of characters for placeholders can be between 1 and 20"),
]
# Errors for POST /sms/campaign/estimate
ESTIMATE_CAMPAIGN_TABLE = [
    Row(400, 1101, INVALID, Bad, "The parameter `groups` is empty or not set"),
    Row(400, 1140, INVALID, Bad, "Group ID is not a valid group"),
    Row(400, 1102, INVALID, Bad, "Group is empty"),
    Row(400, 1103, INVALID, Bad, TOO_BIG),
    Row(400, 1105, INVALID, Bad, "The parameter `from` is empty or not set"),
    Row(400, 1106, INVALID, Bad, "The parameter `from` is not valid (min 3, max 15 characters)"),
    Row(400, 1107, INVALID, Bad, "The parameter `text` is empty or not set"),
    Row(400, 1108, INVALID, Bad, "The parameter `scheduledDate` is not a valid date"),
    Row(400, 1109, INVALID, Bad, "The parameter `dlrCallbackUrl` is not a valid URL"),
    Row(400, 1112, INVALID, Bad, TRACKING),
    Row(400, 1116, INVALID, Bad, "The scheduled date is in the past"),
    Row(403, 1119, "no_coverage", NoCoverageError, "No coverage or restricted destination"),
    Row(400, 1113, CREDIT, InsufficientCreditError, "Insufficient credit"),
    Row(400, 1114, CREDIT, InsufficientCreditError, CREDIT_LIMIT),
    Row(400, 1110, INVALID, Bad, ALPHABET),
    Row(400, 1135, INVALID, Bad, "The parameter \\'transliteration\\' should be an object"),
    Row(400, 1503, INVALID, Bad, "The parameter `removeEmojis` is not boolean (true or false)"),
    Row(400, 1136, INVALID, Bad, "Invalid number of characters for the placeholder {{numbers}}"),
    Row(400, 1136, INVALID, Bad, "Invalid number of characters for the placeholder {{letters}}"),
    Row(400, 1136, INVALID, Bad, ALPHANUMERIC),
    Row(400, 1137, INVALID, Bad, "Number of characters for placeholders can be between 1 and 20"),
]
# Errors for POST /sms
SEND_SMS_TABLE = [
    Row(400, 1103, INVALID, Bad, TOO_BIG),
    Row(400, 1104, INVALID, Bad, "The parameter `to` is empty or not set"),
    Row(400, 1105, INVALID, Bad, "The parameter `from` is empty or not set"),
    Row(400, 1106, INVALID, Bad, "The parameter `from` is not valid (min 3, max 15 characters)"),
    Row(400, 1107, INVALID, Bad, "The parameter `text` is empty or not set"),
    Row(400, 1108, INVALID, Bad, "The parameter `scheduledDate` is not a valid date"),
    Row(400, 1109, INVALID, Bad, "The parameter `dlrCallbackUrl` is not a valid URL"),
    Row(400, 1111, INVALID, Bad, "Idempotency Id provided is not a valid UUID (v1-v5)"),
    Row(400, 1112, INVALID, Bad, TRACKING),
    Row(400, 1116, INVALID, Bad, "The scheduled date is in the past"),
    Row(400, 1207, INVALID, InvalidPhoneNumberError, "The phone number provided is not valid"),
    Row(400, 1210, INVALID, InvalidPhoneNumberError, "The phone numbers provided are invalid"),
    Row(400, 1113, CREDIT, InsufficientCreditError, "Insufficient credit"),
    Row(400, 1114, CREDIT, InsufficientCreditError, CREDIT_LIMIT),
    Row(400, 1110, INVALID, Bad, ALPHABET),
    Row(400, 1135, INVALID, Bad, "The parameter \\'transliteration\\' should be an object"),
    Row(400, 1503, INVALID, Bad, "The parameter `removeEmojis` is not boolean (true or false)"),
    Row(400, 1136, INVALID, Bad, "Invalid number of characters for the placeholder {{numbers}}"),
    Row(400, 1136, INVALID, Bad, "Invalid number of characters for the placeholder {{letters}}"),
    Row(400, 1136, INVALID, Bad, ALPHANUMERIC),
    Row(400, 1137, INVALID, Bad, "Number of characters for placeholders can be between 1 and 20"),
    Row(403, 1119, "no_coverage", NoCoverageError, "No coverage or restricted destination"),
]
# Errors for POST /sms/campaign
SEND_CAMPAIGN_TABLE = [
    Row(400, 1101, INVALID, Bad, "The parameter `groups` is empty or not set"),
    Row(400, 1140, INVALID, Bad, "Group ID is not a valid group"),
    Row(400, 1102, INVALID, Bad, "Group is empty"),
    Row(400, 1103, INVALID, Bad, TOO_BIG),
    Row(400, 1105, INVALID, Bad, "The parameter `from` is empty or not set"),
    Row(400, 1106, INVALID, Bad, "The parameter `from` is not valid (min 3, max 15 characters)"),
    Row(400, 1107, INVALID, Bad, "The parameter `text` is empty or not set"),
    Row(400, 1108, INVALID, Bad, "The parameter `scheduledDate` is not a valid date"),
    Row(400, 1109, INVALID, Bad, "The parameter `dlrCallbackUrl` is not a valid URL"),
    Row(400, 1111, INVALID, Bad, "Idempotency Id provided is not a valid UUID (v1-v5)"),
    Row(400, 1112, INVALID, Bad, TRACKING),
    Row(400, 1116, INVALID, Bad, "The scheduled date is in the past"),
    Row(400, 1113, CREDIT, InsufficientCreditError, "Insufficient credit"),
    Row(400, 1114, CREDIT, InsufficientCreditError, CREDIT_LIMIT),
    Row(400, 1110, INVALID, Bad, ALPHABET),
    Row(400, 1135, INVALID, Bad, "The parameter \\'transliteration\\' should be an object"),
    Row(400, 1503, INVALID, Bad, "The parameter `removeEmojis` is not boolean (true or false)"),
    Row(400, 1136, INVALID, Bad, "Invalid number of characters for the placeholder {{numbers}}"),
    Row(400, 1136, INVALID, Bad, "Invalid number of characters for the placeholder {{letters}}"),
    Row(400, 1136, INVALID, Bad, ALPHANUMERIC),
    Row(400, 1137, INVALID, Bad, "Number of characters for placeholders can be between 1 and 20"),
    Row(403, 1119, "no_coverage", NoCoverageError, "No coverage or restricted destination"),
]

# The vendor's OriginatorsApi page (../shared/vendor-docs/api/OriginatorsApi.md).
CREATE_ORIGINATOR_TABLE = [
    Row(400, 1301, INVALID, Bad, "The originator is empty or parameter `originator` not set"),
    Row(400, 1303, INVALID, Bad, "The parameter `originator` can contain only letters and numbers"),
    Row(
        400,
        1304,
        INVALID,
        Bad,
        "The alphanumeric originator provided is invalid (min 3, max 11 characters)",
    ),
    Row(
        400,
        1305,
        INVALID,
        Bad,
        "The numeric originator provided is invalid (min 3, max 15 characters)",
    ),
    Row(400, 1306, "duplicate_value", Bad, "Originator already exists"),
]
DELETE_ORIGINATOR_TABLE = [Row(404, 1300, "not_found", NotFoundError, "Originator ID not found")]

# The vendor's OptoutsApi page (../shared/vendor-docs/api/OptoutsApi.md).
ADD_OPTOUTS_TABLE = [
    Row(400, 1203, INVALID, Bad, "The parameter `phoneNumbers` is empty or not set"),
    Row(400, 1208, INVALID, Bad, "The parameter `phoneNumbers` must be an array of phone numbers"),
    Row(400, 1210, INVALID, InvalidPhoneNumberError, "The phone numbers provided are invalid"),
    Row(
        400,
        1441,
        INVALID,
        Bad,
        "No valid phone numbers were provided or already in the optout list",
    ),
]
DELETE_OPTOUT_TABLE = [
    Row(404, 1202, "not_found", NotFoundError, "Phone number ID not found"),
    Row(
        403,
        1443,
        "access_denied",
        AccessDeniedError,
        "Cannot delete this phone number from the optout list because it was added via optout "
        "type `link`. Allowed optout type to delete: `admin`",
    ),
]

# The vendor's NumbersApi page, validation (../shared/vendor-docs/api/NumbersApi.md).
VALIDATE_NUMBER_TABLE = [
    Row(400, 1207, INVALID, InvalidPhoneNumberError, "The phone number is invalid"),
]
VALIDATE_NUMBERS_TABLE = [
    Row(400, 1203, INVALID, Bad, "The parameter `phoneNumbers` is empty or not set"),
    Row(400, 1208, INVALID, Bad, "The parameter `phoneNumbers` must be an array of phone numbers"),
    Row(
        400, 1205, INVALID, Bad, "The phone numbers array is too big (max. allowed: 40000 numbers)"
    ),
]

# The vendor's ReportsApi page (../shared/vendor-docs/api/ReportsApi.md).
_REPORT_DATES = [
    Row(400, 1820, INVALID, Bad, "The parameter `period` is not a valid date (format Y-m or Y)"),
    Row(400, 1821, INVALID, Bad, "The parameter `start_date` is not a valid date"),
    Row(400, 1822, INVALID, Bad, "The parameter `end_date` is not a valid date"),
    Row(400, 1823, INVALID, Bad, "The end date is before the start date"),
    Row(400, 1824, INVALID, Bad, "No `period` parameter or interval (`start_date`, `end_date`)"),
]
_REPORT_FILTERS = [
    Row(400, 1825, INVALID, Bad, "The parameter `source` is not valid"),
    Row(
        400,
        1826,
        INVALID,
        Bad,
        "The parameter `delivery_report` is not valid (delivered, failed or sent)",
    ),
    Row(400, 1827, INVALID, Bad, "The parameter `country_iso` is not for a valid country"),
]
_CHANNEL_FILTER = Row(
    400,
    1828,
    INVALID,
    Bad,
    "The parameter `channel` is not valid (sms, viber, whatsapp, multichannel)",
)
_REPORT_OR_MSG_ID = [
    Row(400, 1165, INVALID, Bad, "Campaign ID or msg ID provided is not valid"),
    Row(404, 1160, "not_found", NotFoundError, "Campaign ID or msg ID provided was not found"),
]
ADVANCED_REPORT_TABLE = [*_REPORT_DATES, *_REPORT_FILTERS]
EXPORT_ADVANCED_TABLE = [*_REPORT_DATES, *_REPORT_FILTERS, _CHANNEL_FILTER]
CAMPAIGN_REPORT_TABLE = [
    Row(400, 1155, INVALID, Bad, "Campaign ID provided is not valid"),
    Row(404, 1150, "not_found", NotFoundError, "Campaign ID provided was not found"),
]
SUMMARY_TABLE = [
    Row(
        400,
        1829,
        INVALID,
        Bad,
        "Invalid dimension. Accepted dimensions: source, channel, country, traffic, delivery",
    ),
    *_REPORT_DATES,
]

# The vendor's AccountApi page.
PRICING_TABLE = [
    Row(400, 1521, INVALID, Bad, "The channel requested is not valid"),
    Row(403, 1523, "no_coverage", NoCoverageError, "No coverage"),
]
PRICING_BY_COUNTRY_TABLE = [
    Row(400, 1521, INVALID, Bad, "The channel requested is not valid"),
    Row(400, 1522, INVALID, Bad, "Invalid country iso"),
    Row(403, 1523, "no_coverage", NoCoverageError, "No coverage"),
]

# The vendor's GroupsApi page.
_GROUP_NOT_FOUND = Row(404, 1200, "not_found", NotFoundError, "Group ID not found")
ADD_CONTACTS_TABLE = [
    Row(400, 1203, INVALID, Bad, "The parameter `phoneNumbers` is empty or not set"),
    Row(400, 1208, INVALID, Bad, "The parameter `phoneNumbers` must be an array of phone numbers"),
    Row(400, 1207, INVALID, InvalidPhoneNumberError, "The phone number provided is not valid"),
    Row(400, 1210, INVALID, InvalidPhoneNumberError, "The phone numbers provided are invalid"),
    _GROUP_NOT_FOUND,
]
CREATE_GROUP_TABLE = [
    Row(400, 1204, INVALID, Bad, "The name is empty or parameter `name` not set"),
    Row(400, 1206, INVALID, Bad, "The name provided is invalid (min 3, max 60 characters)"),
    Row(400, 1211, "duplicate_value", Bad, "You already have a group with this name"),
]
DELETE_CONTACT_TABLE = [
    _GROUP_NOT_FOUND,
    Row(404, 1202, "not_found", NotFoundError, "Phone number ID not found"),
]
UPDATE_CONTACT_TABLE = [
    Row(
        400,
        1213,
        INVALID,
        Bad,
        "At least one parameter required (phoneNumber, firstName, lastName, email, field1, "
        "field2, field3, field4, field5, customFields)",
    ),
    Row(400, 1215, "duplicate_value", Bad, "The phone number already exists"),
    Row(404, 1202, "not_found", NotFoundError, "Phone number ID not found"),
]

# The vendor's OtpApi page.
_OTP_NOT_FOUND = Row(404, 2021, "not_found", NotFoundError, "Otp ID not found")
NEW_OTP_TABLE = [
    Row(400, 2001, INVALID, Bad, "The parameter 'phoneNumber' is empty or not set"),
    Row(400, 2002, INVALID, Bad, "The parameter 'countryIso' is empty or not set"),
    Row(400, 2003, INVALID, Bad, "Country ISO provided is invalid"),
    Row(400, 2004, INVALID, Bad, "The parameter 'from' is empty or not set"),
    Row(400, 2005, INVALID, Bad, "The parameter 'from' is not valid (min 3, max 15 characters)"),
    Row(400, 2006, INVALID, Bad, "The parameter 'template' is empty or not set"),
    Row(400, 2006, INVALID, Bad, "The parameter 'template' does not contain placeholder {{pin}}"),
    Row(400, 2007, INVALID, Bad, "The parameter 'ttl' is not a number"),
    Row(400, 2008, INVALID, Bad, "Min value for 'ttl' is 60 seconds"),
    Row(400, 2009, INVALID, Bad, "Max value for 'ttl' is 1800 seconds (30 mins)"),
    Row(400, 2010, INVALID, Bad, "The parameter 'maxAttempts' is not a number"),
    Row(400, 2011, INVALID, Bad, "Min value for 'maxAttempts' is 1"),
    Row(400, 2012, INVALID, Bad, "Max value for 'maxAttempts' is 10"),
    Row(400, 2013, INVALID, Bad, "The parameter 'pinType' is empty or not set"),
    Row(
        400,
        2014,
        INVALID,
        Bad,
        "Invalid parameter 'pinType'. Must be one of: letters, numbers, alphanumeric",
    ),
    Row(400, 2015, INVALID, Bad, "The parameter 'pinLength' is not a number"),
    Row(400, 2016, INVALID, Bad, "Min value for 'pinLength' is 4"),
    Row(400, 2017, INVALID, Bad, "Max value for 'pinLength' is 10"),
    Row(
        400,
        2018,
        INVALID,
        Bad,
        "Track ID provided (parameter 'trackId') is not a valid UUID (v1-v5)",
    ),
    Row(400, 2019, INVALID, Bad, "The parameter 'otpCallbackUrl' is not a valid URL"),
    Row(400, 2020, INVALID, InvalidPhoneNumberError, "The phone number provided is invalid"),
]
VERIFY_OTP_TABLE = [
    _OTP_NOT_FOUND,
    Row(400, 2022, INVALID, Bad, "The parameter pin is empty or not set"),
    Row(400, 2023, "otp_verified", OtpAlreadyVerifiedError, "The OTP was already verified"),
    Row(400, 2024, "otp_cancelled", OtpCancelledError, "The OTP was canceled"),
    Row(400, 2025, "otp_expired", OtpExpiredError, "The OTP has expired"),
    Row(400, 2026, "otp_failed", OtpFailedError, "The OTP has failed, maximum attempts reached"),
    Row(400, 2027, "otp_failed", OtpFailedError, "Max attempts reached"),
    Row(400, 2028, "otp_expired", OtpExpiredError, "The PIN has expired"),
    Row(400, 2029, "invalid_pin", InvalidPinError, "The PIN provided does not verify"),
]
CANCEL_OTP_TABLE = [
    Row(403, 2030, "access_denied", AccessDeniedError, "Otp already cancelled"),
    Row(403, 2031, "access_denied", AccessDeniedError, "You cannot cancel a non-pending Otp"),
    _OTP_NOT_FOUND,
]

# The vendor's NumbersApi page, lookups. 1218 and 1220 keep the table's types (swapped?).
LOOKUP_NUMBER_TABLE = [
    Row(400, 1207, INVALID, InvalidPhoneNumberError, "The phone number is invalid"),
    Row(403, 1214, "no_coverage", NoCoverageError, "No coverage or restricted destination"),
    Row(400, 1113, CREDIT, InsufficientCreditError, "Insufficient credit"),
    Row(400, 1114, CREDIT, InsufficientCreditError, CREDIT_LIMIT),
    Row(400, 1212, INVALID, Bad, "Invalid request parameters"),
]
LOOKUP_NUMBERS_TABLE = [
    Row(400, 1203, INVALID, Bad, "The parameter 'phoneNumbers' is empty or not set"),
    Row(400, 1208, INVALID, Bad, "The parameter 'phoneNumbers' must be an array of phone numbers"),
    Row(
        400, 1205, INVALID, Bad, "The phone numbers array is too big (max. allowed: 40000 numbers)"
    ),
    Row(400, 1209, INVALID, Bad, "The parameter 'lookupCallbackUrl' is not a valid URL"),
    Row(400, 1216, INVALID, Bad, "No valid numbers provided or no coverage"),
    Row(400, 1113, CREDIT, InsufficientCreditError, "Insufficient credit"),
    Row(400, 1114, CREDIT, InsufficientCreditError, CREDIT_LIMIT),
    Row(403, 1214, "no_coverage", NoCoverageError, "No coverage or restricted destination"),
]
BULK_LOOKUP_TABLE = [
    Row(400, 1218, "not_found", Bad, "The lookupBulkId provided is invalid"),
    Row(404, 1220, INVALID, NotFoundError, "Lookup Bulk ID not found"),
]
SINGLE_LOOKUP_TABLE = [
    Row(400, 1217, INVALID, Bad, "The lookupId provided is invalid"),
    Row(404, 1219, "not_found", NotFoundError, "Lookup  ID not found"),
]

TABLES: dict[str, list[Row]] = {
    "get_single_report": _REPORT_OR_MSG_ID,
    "get_campaign_report": CAMPAIGN_REPORT_TABLE,
    "get_advanced_report": ADVANCED_REPORT_TABLE,
    "get_summary_reports": SUMMARY_TABLE,
    "export_advanced_report_to_csv": EXPORT_ADVANCED_TABLE,
    "export_advanced_report_to_xlsx": EXPORT_ADVANCED_TABLE,
    "export_campaign_report_to_csv": _REPORT_OR_MSG_ID,
    "export_campaign_report_to_xlsx": _REPORT_OR_MSG_ID,
    "get_channel_pricing": PRICING_TABLE,
    "get_channel_pricing_by_country_iso": PRICING_BY_COUNTRY_TABLE,
    "create_group": CREATE_GROUP_TABLE,
    "add_contacts_to_group": ADD_CONTACTS_TABLE,
    "add_contacts_to_group_with_fields": ADD_CONTACTS_TABLE,
    "delete_contact_from_group": DELETE_CONTACT_TABLE,
    "delete_group": [_GROUP_NOT_FOUND],
    "empty_group": [_GROUP_NOT_FOUND],
    "export_group_to_csv": [_GROUP_NOT_FOUND],
    "export_group_to_xlsx": [_GROUP_NOT_FOUND],
    "get_group_details": [_GROUP_NOT_FOUND],
    "update_contact_from_group": UPDATE_CONTACT_TABLE,
    "new_otp": NEW_OTP_TABLE,
    "get_otp_status": [_OTP_NOT_FOUND],
    "verify_otp": VERIFY_OTP_TABLE,
    "cancel_otp": CANCEL_OTP_TABLE,
    "lookup_number": LOOKUP_NUMBER_TABLE,
    "lookup_numbers": LOOKUP_NUMBERS_TABLE,
    "get_single_lookup_status": SINGLE_LOOKUP_TABLE,
    "get_bulk_lookup_status": BULK_LOOKUP_TABLE,
    "export_number_lookup_report_to_csv": BULK_LOOKUP_TABLE,
    "export_number_lookup_report_to_xlsx": BULK_LOOKUP_TABLE,
    "validate_number": VALIDATE_NUMBER_TABLE,
    "validate_numbers": VALIDATE_NUMBERS_TABLE,
    "add_contact_to_optouts_list": ADD_OPTOUTS_TABLE,
    "delete_contact_from_optouts_list": DELETE_OPTOUT_TABLE,
    "create_originator": CREATE_ORIGINATOR_TABLE,
    "delete_originator": DELETE_ORIGINATOR_TABLE,
    "delete_scheduled_sms": DELETE_SMS_TABLE,
    "delete_scheduled_sms_campaign": DELETE_CAMPAIGN_TABLE,
    "estimate_sms": ESTIMATE_SMS_TABLE,
    "estimate_sms_campaign": ESTIMATE_CAMPAIGN_TABLE,
    "send_sms": SEND_SMS_TABLE,
    "send_sms_campaign": SEND_CAMPAIGN_TABLE,
}


def _row_id(endpoint: str, row: Row) -> str:
    placeholder = row.description.rsplit("{{", 1)[-1].rstrip("}") if row.code == 1136 else ""
    return "-".join(p for p in (endpoint, str(row.status), str(row.code), placeholder) if p)


ROWS = [
    pytest.param(endpoint, row, id=_row_id(endpoint, row))
    for endpoint, table in TABLES.items()
    for row in table
]


async def _raised(make_client: MakeClient, endpoint: str, *responses: Any) -> SmscxError:
    """The error the endpoint raises against the scripted responses."""
    async with make_client(Recorder(*responses)) as client:
        with pytest.raises(SmscxError) as info:
            await CALLS[endpoint](client)
    return info.value


# --- the seed's tables ------------------------------------------------------------------


def test_the_transcribed_tables_have_every_row_of_the_seed() -> None:
    assert {endpoint: len(table) for endpoint, table in TABLES.items()} == {
        "validate_number": 1,
        "validate_numbers": 3,
        "add_contact_to_optouts_list": 4,
        "delete_contact_from_optouts_list": 2,
        "create_originator": 5,
        "delete_originator": 1,
        "delete_scheduled_sms": 3,
        "delete_scheduled_sms_campaign": 3,
        "estimate_sms": 21,
        "estimate_sms_campaign": 21,
        "send_sms": 22,
        "send_sms_campaign": 22,
        "get_single_report": 2,
        "get_campaign_report": 2,
        "get_advanced_report": 8,
        "get_summary_reports": 6,
        "export_advanced_report_to_csv": 9,
        "export_advanced_report_to_xlsx": 9,
        "export_campaign_report_to_csv": 2,
        "export_campaign_report_to_xlsx": 2,
        "get_channel_pricing": 2,
        "get_channel_pricing_by_country_iso": 3,
        "create_group": 3,
        "add_contacts_to_group": 5,
        "add_contacts_to_group_with_fields": 5,
        "delete_contact_from_group": 2,
        "delete_group": 1,
        "empty_group": 1,
        "export_group_to_csv": 1,
        "export_group_to_xlsx": 1,
        "get_group_details": 1,
        "update_contact_from_group": 3,
        "new_otp": 21,
        "get_otp_status": 1,
        "verify_otp": 9,
        "cancel_otp": 3,
        "lookup_number": 5,
        "lookup_numbers": 8,
        "get_single_lookup_status": 2,
        "get_bulk_lookup_status": 2,
        "export_number_lookup_report_to_csv": 2,
        "export_number_lookup_report_to_xlsx": 2,
    }


def test_error_code_has_exactly_the_codes_of_the_tables_plus_oauth() -> None:
    table_codes = {row.code for table in TABLES.values() for row in table}
    assert {int(code) for code in ErrorCode} == table_codes | {1600}


@pytest.mark.parametrize(("endpoint", "row"), ROWS)
async def test_documented_error_becomes_its_exception_with_the_apis_fields(
    make_client: MakeClient, endpoint: str, row: Row
) -> None:
    error = await _raised(
        make_client, endpoint, error_response(row.status, row.type, row.code, row.description)
    )
    assert type(error) is row.raises
    assert isinstance(error, APIStatusError)
    assert (error.status_code, error.error_type, error.code, error.message, error.uri) == (
        row.status,
        row.type,
        row.code,
        row.description,
        URI,
    )
    assert type(error.code) is ErrorCode
    assert error.request_id == "req-err"
    assert error.maybe_sent is False
    assert str(error) == (
        f"HTTP {row.status} {row.type} code {row.code}: {row.description} (request id req-err)"
    )


@pytest.mark.parametrize(("endpoint", "row"), ROWS)
async def test_documented_error_is_sent_once_not_retried(
    make_client: MakeClient, endpoint: str, row: Row
) -> None:
    recorder = Recorder(error_response(row.status, row.type, row.code, row.description))
    async with make_client(recorder) as client:
        with pytest.raises(APIStatusError):
            await CALLS[endpoint](client)
    assert len(recorder.requests) == 1


@pytest.mark.parametrize("endpoint", sorted(CALLS))
async def test_an_error_carries_the_sends_idempotency_id_and_none_for_other_calls(
    make_client: MakeClient, endpoint: str
) -> None:
    error = await _raised(make_client, endpoint, error_response(400, INVALID, 1107, "m"))
    assert error.idempotency_id == (IDEMPOTENCY if endpoint in SENDS else None)


async def test_a_send_error_carries_the_generated_idempotency_id_that_went_on_the_wire(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(error_response(400, CREDIT, 1113, "Insufficient credit"))
    async with make_client(recorder) as client:
        with pytest.raises(InsufficientCreditError) as info:
            await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hello")
    assert info.value.idempotency_id == recorder.bodies()[0]["idempotencyId"]


# --- invalid numbers --------------------------------------------------------------------


async def test_invalid_numbers_listed_beside_the_error_are_on_the_exception(
    make_client: MakeClient,
) -> None:
    response = error_response(
        400, INVALID, 1210, "The phone numbers provided are invalid", invalid=["+301xx", "+3366"]
    )
    error = await _raised(make_client, "send_sms", response)
    assert isinstance(error, InvalidPhoneNumberError)
    assert error.invalid_numbers == ["+301xx", "+3366"]


async def test_invalid_numbers_listed_inside_the_error_are_on_the_exception(
    make_client: MakeClient,
) -> None:
    body = {
        "error": {
            "type": INVALID,
            "code": 1207,
            "message": "The phone number provided is not valid",
            "uri": URI,
            "invalid": ["+301xx"],
        }
    }
    error = await _raised(make_client, "estimate_sms", httpx.Response(400, json=body))
    assert isinstance(error, InvalidPhoneNumberError)
    assert error.invalid_numbers == ["+301xx"]


async def test_invalid_numbers_are_empty_when_the_api_names_none(make_client: MakeClient) -> None:
    response = error_response(400, INVALID, 1207, "The phone number provided is not valid")
    error = await _raised(make_client, "send_sms", response)
    assert isinstance(error, InvalidPhoneNumberError)
    assert error.invalid_numbers == []


# --- statuses outside the tables --------------------------------------------------------


def _body(error_type: str, message: str, **fields: Any) -> dict[str, Any]:
    return {"error": {"type": error_type, "message": message, "uri": URI, **fields}}


async def test_401_is_an_authentication_error_sent_once(make_client: MakeClient) -> None:
    recorder = Recorder(httpx.Response(401, json=_body("invalid_api_key", "Invalid API key")))
    async with make_client(recorder) as client:
        with pytest.raises(AuthenticationError) as info:
            await CALLS["estimate_sms"](client)
    assert (info.value.status_code, info.value.error_type, info.value.message) == (
        401,
        "invalid_api_key",
        "Invalid API key",
    )
    assert len(recorder.requests) == 1


async def test_405_is_a_method_not_allowed_error_sent_once(make_client: MakeClient) -> None:
    recorder = Recorder(httpx.Response(405, json=_body("method_not_allowed", "Not allowed")))
    async with make_client(recorder) as client:
        with pytest.raises(MethodNotAllowedError) as info:
            await CALLS["delete_scheduled_sms"](client)
    assert (info.value.status_code, info.value.message) == (405, "Not allowed")
    assert len(recorder.requests) == 1


async def test_403_insufficient_scope_is_a_plain_access_denied_error(
    make_client: MakeClient,
) -> None:
    response = httpx.Response(403, json=_body("insufficient_scope", "Scope sms required"))
    error = await _raised(make_client, "estimate_sms", response)
    assert type(error) is AccessDeniedError


async def test_an_undocumented_4xx_is_a_plain_api_status_error(make_client: MakeClient) -> None:
    error = await _raised(make_client, "estimate_sms", httpx.Response(409, json=_body("x", "m")))
    assert type(error) is APIStatusError
    assert error.status_code == 409


async def test_an_unknown_code_is_kept_as_a_plain_int(make_client: MakeClient) -> None:
    error = await _raised(make_client, "estimate_sms", error_response(400, INVALID, 1999, "new"))
    assert isinstance(error, InvalidRequestError)
    assert type(error.code) is int
    assert error.code == 1999


async def test_a_json_500_is_a_server_error_with_the_apis_fields(make_client: MakeClient) -> None:
    response = httpx.Response(
        500, json=_body("server_error", "Internal error", code=1000), headers={"X-Request-Id": "r5"}
    )
    async with make_client(Recorder(response), max_retries=0) as client:
        with pytest.raises(ServerError) as info:
            await CALLS["estimate_sms"](client)
    error = info.value
    assert (error.status_code, error.error_type, error.code, error.message, error.uri) == (
        500,
        "server_error",
        1000,
        "Internal error",
        URI,
    )
    assert error.request_id == "r5"


# --- 429 ----------------------------------------------------------------------------------

NOW = 1_700_000_000.0  # 2023-11-14 22:13:20 UTC


def test_429_reset_header_gives_reset_at_and_retry_after() -> None:
    error = error_from_response(
        429, httpx.Headers({"X-Rate-Limit-Reset": "1700000030"}), _body("rate_limit", "m"), now=NOW
    )
    assert isinstance(error, RateLimitError)
    assert error.reset_at == datetime(2023, 11, 14, 22, 13, 50, tzinfo=timezone.utc)
    assert error.retry_after == 30.0


def test_429_retry_after_header_gives_retry_after_and_reset_at() -> None:
    error = error_from_response(
        429, httpx.Headers({"Retry-After": "12"}), _body("rate_limit", "m"), now=NOW
    )
    assert isinstance(error, RateLimitError)
    assert error.reset_at == datetime(2023, 11, 14, 22, 13, 32, tzinfo=timezone.utc)
    assert error.retry_after == 12.0


def test_429_reset_header_wins_over_retry_after() -> None:
    headers = httpx.Headers({"X-Rate-Limit-Reset": "1700000005", "Retry-After": "60"})
    error = error_from_response(429, headers, _body("rate_limit", "m"), now=NOW)
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 5.0


def test_429_reset_in_the_past_means_retry_now() -> None:
    headers = httpx.Headers({"X-Rate-Limit-Reset": "1699999990"})
    error = error_from_response(429, headers, _body("rate_limit", "m"), now=NOW)
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 0.0


def test_429_without_hints_has_no_reset_at_or_retry_after() -> None:
    error = error_from_response(429, httpx.Headers({}), _body("rate_limit", "m"), now=NOW)
    assert isinstance(error, RateLimitError)
    assert (error.reset_at, error.retry_after) == (None, None)


def test_429_with_an_unparsable_reset_has_no_hints() -> None:
    headers = httpx.Headers({"X-Rate-Limit-Reset": "soon"})
    error = error_from_response(429, headers, _body("rate_limit", "m"), now=NOW)
    assert isinstance(error, RateLimitError)
    assert (error.reset_at, error.retry_after) == (None, None)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Rate-Limit-Reset": "nan"},
        {"X-Rate-Limit-Reset": "inf"},
        {"X-Rate-Limit-Reset": "1e20"},
        {"Retry-After": "inf"},
    ],
    ids=["reset-nan", "reset-inf", "reset-1e20", "retry-after-inf"],
)
def test_429_with_a_non_finite_or_huge_hint_is_still_a_rate_limit_error(
    headers: dict[str, str],
) -> None:
    error = error_from_response(429, httpx.Headers(headers), _body("rate_limit", "m"), now=NOW)
    assert isinstance(error, RateLimitError)
    assert error.reset_at is None


async def test_429_with_a_malformed_reset_reaches_the_caller_as_rate_limit_error(
    make_client: MakeClient,
) -> None:
    response = httpx.Response(
        429, json=_body("rate_limit", "m"), headers={"X-Rate-Limit-Reset": "nan"}
    )
    async with make_client(Recorder(response), max_retries=0) as client:
        with pytest.raises(RateLimitError):
            await CALLS["estimate_sms"](client)


def test_429_retry_after_as_an_http_date_gives_retry_after() -> None:
    headers = httpx.Headers({"Retry-After": "Tue, 14 Nov 2023 22:13:40 GMT"})
    error = error_from_response(429, headers, _body("rate_limit", "m"), now=NOW)
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 20.0


def test_error_from_response_reads_a_plain_dicts_headers_case_insensitively() -> None:
    headers = {"X-Rate-Limit-Reset": "1700000030", "X-Request-Id": "req-9"}
    error = error_from_response(429, headers, _body("rate_limit", "m"), now=NOW)
    assert isinstance(error, RateLimitError)
    assert (error.retry_after, error.request_id) == (30.0, "req-9")


async def test_429_through_the_client_is_a_rate_limit_error_with_retry_after(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(
        httpx.Response(429, json=_body("rate_limit", "Too many"), headers={"Retry-After": "7"})
    )
    async with make_client(recorder, max_retries=0) as client:
        with pytest.raises(RateLimitError) as info:
            await CALLS["estimate_sms"](client)
    assert (info.value.status_code, info.value.error_type, info.value.retry_after) == (
        429,
        "rate_limit",
        7.0,
    )
    assert len(recorder.requests) == 1


# --- bodies that are not the API's error shape ----------------------------------------

HTML = "<html><head><title>502 Bad Gateway</title></head><body>" + "<p>nginx</p>" * 440_000
assert len(HTML) > 5_000_000


def _html_502(request: httpx.Request) -> httpx.Response:
    return httpx.Response(502, text=HTML, headers={"Content-Type": "text/html"})


async def test_a_proxys_html_502_is_a_server_error(make_client: MakeClient) -> None:
    error = await _raised(make_client, "estimate_sms", _html_502)
    assert type(error) is ServerError
    assert (error.status_code, error.error_type, error.code, error.uri) == (502, None, None, None)


async def test_a_proxys_html_502_message_quotes_only_the_start_of_the_page(
    make_client: MakeClient,
) -> None:
    error = await _raised(make_client, "estimate_sms", _html_502)
    assert error.message == f"Unexpected response body: {HTML[:200]}…"
    assert str(error) == f"HTTP 502: Unexpected response body: {HTML[:200]}…"


async def test_a_5_mb_html_body_keeps_str_and_repr_under_300_chars(
    make_client: MakeClient,
) -> None:
    error = await _raised(make_client, "estimate_sms", _html_502)
    assert isinstance(error, ServerError)
    assert len(str(error)) < 300
    assert len(repr(error)) < 300
    assert error.body == f"{HTML[:200]}…"


async def test_a_sends_502_is_maybe_sent_and_carries_its_idempotency_id(
    make_client: MakeClient,
) -> None:
    async with make_client(Recorder(_html_502), max_retries=0) as client:
        with pytest.raises(ServerError) as info:
            await CALLS["send_sms"](client)
    assert (info.value.maybe_sent, info.value.idempotency_id) == (True, IDEMPOTENCY)


async def test_an_empty_error_body_keeps_the_status_class_with_a_generic_message(
    make_client: MakeClient,
) -> None:
    error = await _raised(make_client, "estimate_sms", httpx.Response(400, content=b""))
    assert type(error) is InvalidRequestError
    assert (error.error_type, error.code, error.uri) == (None, None, None)
    assert error.message == "The API returned an error with no description."


async def test_an_error_body_of_another_json_shape_keeps_the_status_class_and_the_body(
    make_client: MakeClient,
) -> None:
    response = httpx.Response(404, json={"detail": "No such route"})
    error = await _raised(make_client, "delete_scheduled_sms", response)
    assert type(error) is NotFoundError
    assert (error.error_type, error.code, error.uri) == (None, None, None)
    assert error.body == {"detail": "No such route"}


async def test_an_error_body_that_is_a_json_list_keeps_the_status_class(
    make_client: MakeClient,
) -> None:
    error = await _raised(make_client, "estimate_sms", httpx.Response(403, json=["denied"]))
    assert type(error) is AccessDeniedError
    assert error.body == ["denied"]


async def test_an_error_whose_fields_have_wrong_types_keeps_none_for_them(
    make_client: MakeClient,
) -> None:
    body = {"error": {"type": 7, "code": "1113", "message": None, "uri": ["x"]}}
    error = await _raised(make_client, "estimate_sms", httpx.Response(400, json=body))
    assert type(error) is InvalidRequestError
    assert (error.error_type, error.code, error.uri) == (None, None, None)
    assert error.message == "The API returned an error."


async def test_an_error_body_of_another_json_shape_is_quoted_in_the_message(
    make_client: MakeClient,
) -> None:
    response = httpx.Response(404, json={"detail": "No such route"})
    error = await _raised(make_client, "delete_scheduled_sms", response)
    assert "No such route" in error.message


# --- credentials never leak -------------------------------------------------------------

SECRET_KEY = "sk-live-7c0ffee-SECRET-f00d"


def _raise(exc_type: type[httpx.RequestError]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc_type(f"boom for {request.url}", request=request)

    return handler


def _answer(status: int, **kwargs: Any) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, **kwargs)


LEAK_SCENARIOS: dict[str, tuple[Callable[[httpx.Request], httpx.Response], type[SmscxError]]] = {
    "400": (_answer(400, json=_body(INVALID, "Bad text", code=1107)), InvalidRequestError),
    "401": (_answer(401, json=_body("invalid_api_key", "Bad key")), AuthenticationError),
    "403": (_answer(403, json=_body("no_coverage", "No coverage", code=1119)), NoCoverageError),
    "404": (_answer(404, json=_body("not_found", "Not found", code=1100)), NotFoundError),
    "405": (_answer(405, text="Method Not Allowed"), MethodNotAllowedError),
    "429": (_answer(429, json=_body("rate_limit", "slow down")), RateLimitError),
    "500": (_answer(500, json=_body("server_error", "oops")), ServerError),
    "502-html": (_html_502, ServerError),
    "200-not-json": (_answer(200, text="<html>ok</html>"), APIResponseValidationError),
    "connect-error": (_raise(httpx.ConnectError), APIConnectionError),
    "read-timeout": (_raise(httpx.ReadTimeout), APITimeoutError),
}


@pytest.mark.parametrize("scenario", sorted(LEAK_SCENARIOS))
@pytest.mark.parametrize("endpoint", ["send_sms", "delete_scheduled_sms"])
async def test_no_error_shows_the_api_key(
    make_client: MakeClient, scenario: str, endpoint: str
) -> None:
    response, expected = LEAK_SCENARIOS[scenario]
    async with make_client(Recorder(response), api_key=SECRET_KEY, max_retries=0) as client:
        with pytest.raises(expected) as info:
            await CALLS[endpoint](client)
    error = info.value
    for shown in (str(error), repr(error), repr(vars(error))):
        assert SECRET_KEY not in shown


async def test_a_validation_error_does_not_show_the_api_key(make_client: MakeClient) -> None:
    async with make_client(Recorder(send_response), api_key=SECRET_KEY) as client:
        with pytest.raises(ValidationError) as info:
            await client.send_sms(to=["+33612345678"], from_="X", text="Hello")
    for shown in (str(info.value), repr(info.value), repr(vars(info.value))):
        assert SECRET_KEY not in shown

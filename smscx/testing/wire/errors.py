"""The emulator's errors: the API's catalogue, and the one shape every error answer has.

Every error the emulator answers is an :class:`ApiError` raised from wherever it is found
and turned into ``{"error": {"type", "code", "message", "uri"}}`` in one place (the app),
so a status, type and code can only come from :data:`CATALOGUE`: the rows of the seed's
tables, plus the errors the tables leave out (401, 404, 405, 429, 5xx, OAuth), whose code is
the HTTP status (OAuth: 1600, as the API documents).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .codec import dumps

__all__ = ["CATALOGUE", "ERROR_URI", "ApiError", "error_body"]

ERROR_URI = "https://developers.sms.cx/#errors"
"""Where an error's ``uri`` points: the API's error reference."""

CATALOGUE: dict[int, tuple[int, str, str]] = {
    # code: (HTTP status, type, message), the seed's rows for the six SMS endpoints.
    1100: (404, "not_found", "Message ID provided was not found or is not scheduled"),
    1101: (400, "invalid_param", "The parameter `groups` is empty or not set"),
    1102: (400, "invalid_param", "Group is empty"),
    1103: (
        400,
        "invalid_param",
        "The phone numbers array is too big (max. allowed: 25000 numbers)",
    ),
    1104: (400, "invalid_param", "The parameter `to` is empty or not set"),
    1105: (400, "invalid_param", "The parameter `from` is empty or not set"),
    1106: (400, "invalid_param", "The parameter `from` is not valid (min 3, max 15 characters)"),
    1107: (400, "invalid_param", "The parameter `text` is empty or not set"),
    1108: (400, "invalid_param", "The parameter `scheduledDate` is not a valid date"),
    1109: (400, "invalid_param", "The parameter `dlrCallbackUrl` is not a valid URL"),
    1110: (
        400,
        "invalid_param",
        "Invalid alphabet. Must be one of: NONE, NON_GSM, RUSSIAN_CYRILLIC, "
        "BULGARIAN_CYRILLIC, UKRAINIAN_CYRILLIC, MACEDONIAN_CYRILLIC, BELARUSIAN_CYRILLIC, "
        "SERBIAN_CYRILLIC, POLISH, ROMANIAN, TURKISH, GREEK",
    ),
    1111: (400, "invalid_param", "Idempotency Id provided is not a valid UUID (v1-v5)"),
    1112: (
        400,
        "invalid_param",
        "The shortlink/attachment ID provided for tracking is invalid or not found",
    ),
    1113: (400, "insufficient_credit", "Insufficient credit"),
    1114: (
        400,
        "insufficient_credit",
        "Credit limit reached. To increase the credit limit, please contact your account manager",
    ),
    1115: (400, "invalid_param", "Message ID provided is not valid"),
    1116: (400, "invalid_param", "The scheduled date is in the past"),
    1118: (403, "access_denied", "Only scheduled campaigns/messages can be deleted"),
    1119: (403, "no_coverage", "No coverage or restricted destination"),
    1135: (400, "invalid_param", "The parameter 'transliteration' should be an object"),
    1136: (400, "invalid_param", "Invalid number of characters for the placeholder {{numbers}}"),
    1137: (
        400,
        "invalid_param",
        "Number of characters for placeholders can be between 1 and 20",
    ),
    1140: (400, "invalid_param", "Group ID is not a valid group"),
    1150: (404, "not_found", "Campaign ID provided was not found or is not scheduled"),
    1155: (400, "invalid_param", "Campaign ID provided is not valid"),
    1207: (400, "invalid_param", "The phone number provided is not valid"),
    1210: (400, "invalid_param", "The phone numbers provided are invalid"),
    1202: (404, "not_found", "Phone number ID not found"),
    1203: (400, "invalid_param", "The parameter `phoneNumbers` is empty or not set"),
    1205: (
        400,
        "invalid_param",
        "The phone numbers array is too big (max. allowed: 40000 numbers)",
    ),
    1208: (400, "invalid_param", "The parameter `phoneNumbers` must be an array of phone numbers"),
    1300: (404, "not_found", "Originator ID not found"),
    1301: (400, "invalid_param", "The originator is empty or parameter `originator` not set"),
    1303: (400, "invalid_param", "The parameter `originator` can contain only letters and numbers"),
    1304: (
        400,
        "invalid_param",
        "The alphanumeric originator provided is invalid (min 3, max 11 characters)",
    ),
    1305: (
        400,
        "invalid_param",
        "The numeric originator provided is invalid (min 3, max 15 characters)",
    ),
    1306: (400, "duplicate_value", "Originator already exists"),
    1441: (
        400,
        "invalid_param",
        "No valid phone numbers were provided or already in the optout list",
    ),
    1443: (
        403,
        "access_denied",
        "Cannot delete this phone number from the optout list because it was added via optout "
        "type `link`. Allowed optout type to delete: `admin`",
    ),
    1503: (400, "invalid_param", "The parameter `removeEmojis` is not boolean (true or false)"),
    # ReportsApi.
    1160: (404, "not_found", "Campaign ID or msg ID provided was not found"),
    1165: (400, "invalid_param", "Campaign ID or msg ID provided is not valid"),
    1820: (400, "invalid_param", "The parameter `period` is not a valid date (format Y-m or Y)"),
    1821: (400, "invalid_param", "The parameter `start_date` is not a valid date"),
    1822: (400, "invalid_param", "The parameter `end_date` is not a valid date"),
    1823: (400, "invalid_param", "The end date is before the start date"),
    1824: (400, "invalid_param", "No `period` parameter or interval (`start_date`, `end_date`)"),
    1825: (400, "invalid_param", "The parameter `source` is not valid"),
    1826: (
        400,
        "invalid_param",
        "The parameter `delivery_report` is not valid (delivered, failed or sent)",
    ),
    1827: (400, "invalid_param", "The parameter `country_iso` is not for a valid country"),
    1828: (
        400,
        "invalid_param",
        "The parameter `channel` is not valid (sms, viber, whatsapp, multichannel)",
    ),
    1829: (
        400,
        "invalid_param",
        "Invalid dimension. Accepted dimensions: source, channel, country, traffic, delivery",
    ),
    # GroupsApi.
    1200: (404, "not_found", "Group ID not found"),
    1204: (400, "invalid_param", "The name is empty or parameter `name` not set"),
    1206: (400, "invalid_param", "The name provided is invalid (min 3, max 60 characters)"),
    1211: (400, "duplicate_value", "You already have a group with this name"),
    1213: (
        400,
        "invalid_param",
        "At least one parameter required (phoneNumber, firstName, lastName, email, field1, "
        "field2, field3, field4, field5, customFields)",
    ),
    1215: (400, "duplicate_value", "The phone number already exists"),
    # NumbersApi: lookups. The table has 1218 as not_found and 1220 as invalid_param
    # (likely swapped); reproduced as documented.
    1209: (400, "invalid_param", "The parameter 'lookupCallbackUrl' is not a valid URL"),
    1212: (400, "invalid_param", "Invalid request parameters"),
    1214: (403, "no_coverage", "No coverage or restricted destination"),
    1216: (400, "invalid_param", "No valid numbers provided or no coverage"),
    1217: (400, "invalid_param", "The lookupId provided is invalid"),
    1218: (400, "not_found", "The lookupBulkId provided is invalid"),
    1219: (404, "not_found", "Lookup  ID not found"),
    1220: (404, "invalid_param", "Lookup Bulk ID not found"),
    # AccountApi: pricing.
    1521: (400, "invalid_param", "The channel requested is not valid"),
    1522: (400, "invalid_param", "Invalid country iso"),
    1523: (403, "no_coverage", "No coverage"),
    # OtpApi.
    2001: (400, "invalid_param", "The parameter 'phoneNumber' is empty or not set"),
    2002: (400, "invalid_param", "The parameter 'countryIso' is empty or not set"),
    2003: (400, "invalid_param", "Country ISO provided is invalid"),
    2004: (400, "invalid_param", "The parameter 'from' is empty or not set"),
    2005: (400, "invalid_param", "The parameter 'from' is not valid (min 3, max 15 characters)"),
    2006: (400, "invalid_param", "The parameter 'template' is empty or not set"),
    2007: (400, "invalid_param", "The parameter 'ttl' is not a number"),
    2008: (400, "invalid_param", "Min value for 'ttl' is 60 seconds"),
    2009: (400, "invalid_param", "Max value for 'ttl' is 1800 seconds (30 mins)"),
    2010: (400, "invalid_param", "The parameter 'maxAttempts' is not a number"),
    2011: (400, "invalid_param", "Min value for 'maxAttempts' is 1"),
    2012: (400, "invalid_param", "Max value for 'maxAttempts' is 10"),
    2013: (400, "invalid_param", "The parameter 'pinType' is empty or not set"),
    2014: (
        400,
        "invalid_param",
        "Invalid parameter 'pinType'. Must be one of: letters, numbers, alphanumeric",
    ),
    2015: (400, "invalid_param", "The parameter 'pinLength' is not a number"),
    2016: (400, "invalid_param", "Min value for 'pinLength' is 4"),
    2017: (400, "invalid_param", "Max value for 'pinLength' is 10"),
    2018: (
        400,
        "invalid_param",
        "Track ID provided (parameter 'trackId') is not a valid UUID (v1-v5)",
    ),
    2019: (400, "invalid_param", "The parameter 'otpCallbackUrl' is not a valid URL"),
    2020: (400, "invalid_param", "The phone number provided is invalid"),
    2021: (404, "not_found", "Otp ID not found"),
    2022: (400, "invalid_param", "The parameter pin is empty or not set"),
    2023: (400, "otp_verified", "The OTP was already verified"),
    2024: (400, "otp_cancelled", "The OTP was canceled"),
    2025: (400, "otp_expired", "The OTP has expired"),
    2026: (400, "otp_failed", "The OTP has failed, maximum attempts reached"),
    2027: (400, "otp_failed", "Max attempts reached"),
    2028: (400, "otp_expired", "The PIN has expired"),
    2029: (400, "invalid_pin", "The PIN provided does not verify"),
    2030: (403, "access_denied", "Otp already cancelled"),
    2031: (403, "access_denied", "You cannot cancel a non-pending Otp"),
    # Errors outside the tables: the code is the HTTP status.
    400: (400, "invalid_param", "The request body is not a JSON object"),
    401: (401, "invalid_api_key", "Invalid or missing credentials"),
    404: (404, "not_found", "Resource not found"),
    405: (405, "method_not_allowed", "Method not allowed"),
    429: (429, "rate_limit", "Too many requests"),
    500: (500, "internal_error", "Internal server error"),
    502: (502, "bad_gateway", "Bad gateway"),
    503: (503, "service_unavailable", "Service temporarily unavailable"),
    504: (504, "gateway_timeout", "Gateway timeout"),
}
"""Error code -> (HTTP status, ``type``, default message)."""


class ApiError(Exception):
    """An error answer, raised where it is found and rendered by the app.

    ``code`` selects the status and type from :data:`CATALOGUE` unless ``status`` and
    ``type`` are given (OAuth errors share code 1600 across types). ``invalid`` is the list
    of rejected numbers that 1207 and 1210 carry; ``headers`` are extra response headers.
    """

    def __init__(
        self,
        code: int,
        message: str | None = None,
        *,
        status: int | None = None,
        type: str | None = None,
        invalid: Sequence[str] | None = None,
        headers: Sequence[tuple[bytes, bytes]] = (),
    ) -> None:
        default_status, default_type, default_message = CATALOGUE.get(
            code, (status or 400, type or "invalid_param", "")
        )
        self.code = code
        self.status = status or default_status
        self.type = type or default_type
        self.message = message or default_message
        self.invalid = list(invalid) if invalid is not None else None
        self.headers = list(headers)
        super().__init__(f"{self.status} {self.type} {code}: {self.message}")

    def body(self) -> bytes:
        """The JSON body of this error."""
        return error_body(self.type, self.code, self.message, self.invalid)


def error_body(
    type: str,
    code: int,
    message: str,
    invalid: Sequence[str] | None = None,
) -> bytes:
    """``{"error": {...}}``; rejected numbers go inside ``error`` as ``invalid``."""
    error: dict[str, Any] = {"type": type, "code": code, "message": message, "uri": ERROR_URI}
    if invalid is not None:
        error["invalid"] = list(invalid)
    return dumps({"error": error})

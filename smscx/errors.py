"""Everything smscx raises, and how an HTTP response becomes one of them.

The tree::

    SmscxError                        every error this library raises
    ├── ValidationError (ValueError)  caught locally, before any request was sent
    │   └── SpendLimitError           a send estimated past its ``max_cost``: not sent
    ├── ConfigurationError            a client built with missing or unsafe settings
    ├── ClientClosedError             a client used after it was closed, or closed mid-call
    ├── ReentrantCallError            SmsClient called from code its own loop runs
    ├── WrongEventLoopError           an AsyncSmsClient used from a second event loop
    ├── DestinationError (OSError)    an export's destination could not be written
    ├── JournalMismatchError          a batch differs from its journal (smscx.journal)
    ├── JournalNotFoundError          a journal, or the batch in it, does not exist
    ├── APIConnectionError            no usable HTTP response (refused, reset, dropped)
    │   └── APITimeoutError           the per-attempt timeout or the call's deadline ran out
    ├── APIResponseValidationError    a 2xx whose body is not the documented shape
    └── APIStatusError                a non-2xx response
        ├── InvalidRequestError             400
        │   ├── InvalidPhoneNumberError     400, codes 1207 / 1210 (``invalid_numbers``)
        │   └── InsufficientCreditError     400, codes 1113 / 1114 / 1130
        ├── AuthenticationError             401
        ├── AccessDeniedError               403
        │   ├── NoCoverageError             403, code 1119
        │   └── ReplyWindowClosedError      403, codes 1181 / 1182
        ├── NotFoundError                   404
        ├── MethodNotAllowedError           405
        ├── RateLimitError                  429 (``reset_at``, ``retry_after``)
        └── ServerError                     5xx, JSON or not

Every error carries the ``idempotency_id`` of the send it belongs to (``None`` for calls
that have none), so a caller can retry later without being billed twice, and
``maybe_sent``: ``True`` when an attempt's outcome is unknown (the request may have reached
the server and been performed). No error ever holds a credential: request headers are not
kept, and messages are built only from the response.

Which class a response becomes is decided by :data:`CATALOGUE`, the one table of the API's
error codes (status, type, message, exception class, and the vendor methods that document
each), which the emulator and the tests read too.
"""

from __future__ import annotations

import email.utils
import enum
import json
import math
import time
from collections.abc import Mapping
from datetime import datetime, timezone
from decimal import Decimal
from http import HTTPStatus
from types import MappingProxyType
from typing import Any

import attrs

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AccessDeniedError",
    "AuthenticationError",
    "ClientClosedError",
    "ConfigurationError",
    "ErrorCode",
    "InsufficientCreditError",
    "InvalidPinError",
    "OtpAlreadyVerifiedError",
    "OtpCancelledError",
    "OtpExpiredError",
    "OtpFailedError",
    "OtpVerificationError",
    "InvalidPhoneNumberError",
    "InvalidRequestError",
    "MethodNotAllowedError",
    "NoCoverageError",
    "NotFoundError",
    "RateLimitError",
    "ReentrantCallError",
    "ReplyWindowClosedError",
    "ServerError",
    "SmscxError",
    "SpendLimitError",
    "ValidationError",
    "WrongEventLoopError",
    "DestinationError",
    "CATALOGUE",
    "DocumentedError",
    "ErrorEntry",
    "error_from_response",
]

#: How much of an unexpected body an error keeps for its message: enough to recognise a
#: proxy's HTML page, never megabytes.
EXCERPT_CHARS = 200


class ErrorCode(enum.IntEnum):
    """Every error code in the SMS.CX tables for the routes smscx covers (and OAuth).

    An :class:`APIStatusError`'s ``code`` is one of these when the API sent a known code, so
    ``err.code == ErrorCode.INSUFFICIENT_CREDIT`` reads as what it means. Each member has its
    entry in :data:`CATALOGUE`, which takes its name from here (a test checks both ways).
    """

    MESSAGE_NOT_FOUND = 1100
    GROUPS_MISSING = 1101
    GROUP_EMPTY = 1102
    TOO_MANY_NUMBERS = 1103
    TO_MISSING = 1104
    FROM_MISSING = 1105
    FROM_INVALID = 1106
    TEXT_MISSING = 1107
    SCHEDULED_DATE_INVALID = 1108
    DLR_CALLBACK_URL_INVALID = 1109
    ALPHABET_INVALID = 1110
    IDEMPOTENCY_ID_INVALID = 1111
    TRACKING_ID_INVALID = 1112
    INSUFFICIENT_CREDIT = 1113
    CREDIT_LIMIT_REACHED = 1114
    MESSAGE_ID_INVALID = 1115
    SCHEDULED_DATE_IN_PAST = 1116
    NOT_SCHEDULED = 1118
    NO_COVERAGE = 1119
    STRATEGY_MISSING = 1120
    STRATEGY_TOO_SHORT = 1121
    STRATEGY_SMS_NOT_LAST = 1122
    STRATEGY_CHANNEL_INVALID = 1123
    TTL_NOT_A_NUMBER = 1124
    TTL_TOO_SHORT = 1125
    TEMPLATE_ID_MISSING = 1126
    TEMPLATE_ID_INVALID = 1127
    TEMPLATE_INVALID = 1128
    STRATEGY_DUPLICATE_CHANNELS = 1129
    INSUFFICIENT_CREDIT_FOR_FAILOVER = 1130
    STRATEGY_CHANNELS_INACTIVE = 1131
    TEMPLATE_NOT_APPROVED = 1132
    TEMPLATE_NOT_LOCKED = 1133
    TTL_TOO_LONG = 1134
    TRANSLITERATION_NOT_OBJECT = 1135
    PLACEHOLDER_LENGTH_INVALID = 1136
    PLACEHOLDER_LENGTH_OUT_OF_RANGE = 1137
    GROUP_INVALID = 1140
    CAMPAIGN_NOT_FOUND = 1150
    CAMPAIGN_ID_INVALID = 1155
    REPORT_NOT_FOUND = 1160
    REPORT_ID_INVALID = 1165
    CONVERSATION_NOT_FOUND = 1180
    VIBER_REPLY_WINDOW_CLOSED = 1181
    WHATSAPP_REPLY_WINDOW_CLOSED = 1182
    GROUP_NOT_FOUND = 1200
    OPTOUT_NOT_FOUND = 1202
    #: The same code in GroupsApi: a contact's ``phoneNumberId`` is unknown.
    CONTACT_NOT_FOUND = 1202
    PHONE_NUMBERS_MISSING = 1203
    GROUP_NAME_MISSING = 1204
    TOO_MANY_NUMBERS_TO_VALIDATE = 1205
    GROUP_NAME_INVALID = 1206
    PHONE_NUMBER_INVALID = 1207
    PHONE_NUMBERS_NOT_A_LIST = 1208
    LOOKUP_CALLBACK_URL_INVALID = 1209
    PHONE_NUMBERS_INVALID = 1210
    GROUP_NAME_EXISTS = 1211
    LOOKUP_REQUEST_INVALID = 1212
    CONTACT_UPDATE_EMPTY = 1213
    LOOKUP_NO_COVERAGE = 1214
    CONTACT_NUMBER_EXISTS = 1215
    LOOKUP_NOTHING_VALID = 1216
    LOOKUP_ID_INVALID = 1217
    LOOKUP_BULK_ID_INVALID = 1218
    LOOKUP_NOT_FOUND = 1219
    LOOKUP_BULK_NOT_FOUND = 1220
    RENT_ID_INVALID = 1221
    NUMBER_ID_INVALID = 1222
    RENT_NOT_FOUND = 1223
    RENT_PERIOD_INVALID = 1224
    AUTO_RENEW_NOT_BOOLEAN = 1225
    RENT_CALLBACK_URL_INVALID = 1226
    RENT_CANCEL_TOO_LATE = 1227
    RENT_NOT_RENEWABLE = 1228
    RENT_PERIOD_TOO_SHORT = 1229
    NUMBER_NOT_AVAILABLE = 1230
    NUMBER_ALREADY_RENTED = 1231
    RENT_NUMBER_ALREADY_USED = 1232
    RENT_UPDATE_EMPTY = 1233
    REGISTRATION_ID_INVALID = 1234
    ORIGINATOR_NOT_FOUND = 1300
    ORIGINATOR_MISSING = 1301
    ORIGINATOR_CHARACTERS_INVALID = 1303
    ORIGINATOR_ALPHANUMERIC_INVALID = 1304
    ORIGINATOR_NUMERIC_INVALID = 1305
    ORIGINATOR_EXISTS = 1306
    SHORTLINK_NOT_FOUND = 1400
    SHORTLINK_URL_MISSING = 1401
    SHORTLINK_URL_INVALID = 1402
    SHORTLINK_NAME_INVALID = 1404
    SHORT_ID_EXISTS = 1405
    SHORTLINK_UPDATE_EMPTY = 1406
    SHORTLINK_NAME_EXISTS = 1407
    ATTACHMENT_NOT_FOUND = 1420
    NO_NEW_OPTOUTS = 1441
    OPTOUT_NOT_DELETABLE = 1443
    APPLICATION_NOT_FOUND = 1500
    REMOVE_EMOJIS_NOT_BOOLEAN = 1503
    PRICING_CHANNEL_INVALID = 1521
    PRICING_COUNTRY_INVALID = 1522
    PRICING_NO_COVERAGE = 1523
    OAUTH_ERROR = 1600
    TEMPLATE_NOT_FOUND = 1800
    TEXT_MESSAGE_MISSING = 1801
    TEXT_MESSAGE_INVALID = 1802
    TEMPLATE_NAME_INVALID = 1803
    TEMPLATE_UPDATE_EMPTY = 1804
    TEMPLATE_NAME_EXISTS = 1805
    TEMPLATE_CHANNEL_INVALID = 1806
    BUTTON_CAPTION_TOO_LONG = 1808
    TARGET_URL_INVALID = 1809
    IMAGE_URL_INVALID = 1810
    TEXT_MESSAGE_TOO_LONG = 1811
    TEMPLATE_LOCKED = 1812
    REPORT_PERIOD_INVALID = 1820
    REPORT_START_DATE_INVALID = 1821
    REPORT_END_DATE_INVALID = 1822
    REPORT_END_BEFORE_START = 1823
    REPORT_DATES_MISSING = 1824
    REPORT_SOURCE_INVALID = 1825
    REPORT_DELIVERY_INVALID = 1826
    REPORT_COUNTRY_INVALID = 1827
    REPORT_CHANNEL_INVALID = 1828
    REPORT_DIMENSION_INVALID = 1829
    OTP_PHONE_NUMBER_MISSING = 2001
    OTP_COUNTRY_MISSING = 2002
    OTP_COUNTRY_INVALID = 2003
    #: The same code in NumbersApi: the country of ``get_available_numbers`` is unknown.
    RENTAL_COUNTRY_INVALID = 2003
    OTP_FROM_MISSING = 2004
    OTP_FROM_INVALID = 2005
    OTP_TEMPLATE_INVALID = 2006
    OTP_TTL_NOT_A_NUMBER = 2007
    OTP_TTL_TOO_SHORT = 2008
    OTP_TTL_TOO_LONG = 2009
    OTP_MAX_ATTEMPTS_NOT_A_NUMBER = 2010
    OTP_MAX_ATTEMPTS_TOO_LOW = 2011
    OTP_MAX_ATTEMPTS_TOO_HIGH = 2012
    OTP_PIN_TYPE_MISSING = 2013
    OTP_PIN_TYPE_INVALID = 2014
    OTP_PIN_LENGTH_NOT_A_NUMBER = 2015
    OTP_PIN_LENGTH_TOO_SHORT = 2016
    OTP_PIN_LENGTH_TOO_LONG = 2017
    OTP_TRACK_ID_INVALID = 2018
    OTP_CALLBACK_URL_INVALID = 2019
    OTP_PHONE_NUMBER_INVALID = 2020
    OTP_NOT_FOUND = 2021
    OTP_PIN_MISSING = 2022
    OTP_ALREADY_VERIFIED = 2023
    OTP_CANCELLED = 2024
    OTP_EXPIRED = 2025
    OTP_FAILED = 2026
    OTP_MAX_ATTEMPTS_REACHED = 2027
    OTP_PIN_EXPIRED = 2028
    OTP_PIN_INVALID = 2029
    OTP_ALREADY_CANCELLED = 2030
    OTP_NOT_PENDING = 2031


def _code(value: Any) -> ErrorCode | int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    try:
        return ErrorCode(value)
    except ValueError:
        return value


class SmscxError(Exception):
    """Base of every error smscx raises.

    ``idempotency_id`` is the id the failed send used (``None`` for estimates and deletes);
    retrying with it later is billed at most once. ``maybe_sent`` is ``True`` when some
    attempt's outcome is unknown, so the operation may have been performed.
    """

    idempotency_id: str | None = None
    maybe_sent: bool = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class ValidationError(SmscxError, ValueError):
    """A request the API would reject, caught before anything was sent.

    ``field`` names the offending argument (wire spelling, e.g. ``"to"``, ``"from"``) and
    ``code`` the API error code the server would have answered with, where it has one.
    Nothing was sent and nothing billed: fix the input and call again.
    """

    def __init__(
        self, message: str, *, field: str | None = None, code: ErrorCode | None = None
    ) -> None:
        super().__init__(message)
        self.field = field
        self.code = code


class SpendLimitError(ValidationError):
    """A send whose estimate passes the caller's spend cap (``max_cost=``): nothing charged
    was sent (only the estimate, which is free).

    ``estimate`` is what the estimate route said the refused request would cost,
    ``max_cost`` the cap, and ``committed`` what the batch had already spent or had in
    flight when the request was refused (0 for a single send); all three are
    :class:`~decimal.Decimal`. In a batch (``send_bulk``, ``send_many``) it is not raised:
    it is the report's ``stopped_by``, and the error of every request left unsent.
    """

    def __init__(
        self, message: str, *, estimate: Decimal, max_cost: Decimal, committed: Decimal
    ) -> None:
        super().__init__(message, field="max_cost")
        self.estimate = estimate
        self.max_cost = max_cost
        self.committed = committed


class ConfigurationError(SmscxError, ValueError):
    """The client cannot be built as asked: a missing or malformed credential, an unsafe or
    malformed ``base_url``, or an option out of range. Raised when the client (or a
    ``with_options`` copy) is built, before any request; the message names the setting and
    what is wrong with it, never a secret's value."""


class ClientClosedError(SmscxError, RuntimeError):
    """The client was closed: before the call (nothing was sent), or while the call ran.

    A call that was in flight when ``aclose()``/``close()`` began ends with this error, and
    its ``maybe_sent`` says whether its request may have reached the server; for a send,
    ``idempotency_id`` lets a new client retry it without being billed twice. Make a new
    client (or keep this one open for as long as it is used).
    """


class ReentrantCallError(SmscxError, RuntimeError):
    """The blocking :class:`~smscx.SmsClient` was called from code its own loop runs.

    Waiting there would deadlock (the loop would wait for itself). Code running on an event
    loop should ``await`` :class:`~smscx.AsyncSmsClient` instead.
    """


class WrongEventLoopError(SmscxError, RuntimeError):
    """An :class:`~smscx.AsyncSmsClient` was called from an event loop other than the one it
    first ran in (a second ``asyncio.run``, another ``trio.run``, another thread's loop).

    Its connections and the waits between its calls belong to that first loop. Nothing was
    sent. Create the client inside the loop that uses it (``async with AsyncSmsClient(...)``
    in each ``asyncio.run``), or use :class:`~smscx.SmsClient` from blocking code. When the
    first loop has ended, the client's connections are closed with this error: nothing is
    left to close.
    """


class DestinationError(SmscxError, OSError):
    """An export's destination could not be written: a directory or a device given as
    ``to=``, a full disk, no permission.

    A local failure, not the network's: it is never retried. It is an :class:`OSError` too,
    with the ``errno``, ``strerror`` and ``filename`` of the failure, which is also its
    ``__cause__``. A path given as ``to=`` is left as it was; a file-like object keeps what
    was written to it before the failure.
    """

    def __init__(self, message: str, *, cause: OSError | None = None) -> None:
        super().__init__(message)
        if cause is not None:
            self.errno = cause.errno
            self.strerror = cause.strerror
            self.filename = cause.filename

    def __str__(self) -> str:
        return self.message  # not OSError's "[Errno n] ...": the message says it, and more


class APIConnectionError(SmscxError):
    """No usable response: the connection was refused, reset or dropped mid-request.

    Retried automatically; this is raised once retries are exhausted. When ``maybe_sent`` is
    true the request may have been performed: retry with the same ``idempotency_id``.
    """

    def __init__(
        self,
        message: str = "Connection error.",
        *,
        maybe_sent: bool = False,
        idempotency_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.maybe_sent = maybe_sent
        self.idempotency_id = idempotency_id


class APITimeoutError(APIConnectionError):
    """An attempt timed out, or the call's total ``deadline`` ran out across attempts."""

    def __init__(
        self,
        message: str = "Request timed out.",
        *,
        maybe_sent: bool = False,
        idempotency_id: str | None = None,
    ) -> None:
        super().__init__(message, maybe_sent=maybe_sent, idempotency_id=idempotency_id)


class APIResponseValidationError(SmscxError):
    """A successful status whose body is not the documented shape (or not JSON at all).

    The operation itself probably succeeded (for a send or delete ``maybe_sent`` is true: it
    was most likely performed, and billed); ``body_excerpt`` shows the start of what came
    back. Contact support with ``request_id``.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        request_id: str | None,
        body_excerpt: str,
        idempotency_id: str | None = None,
        maybe_sent: bool = False,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.request_id = request_id
        self.body_excerpt = body_excerpt
        self.idempotency_id = idempotency_id
        self.maybe_sent = maybe_sent


class APIStatusError(SmscxError):
    """The API answered with a non-2xx status.

    ``error_type``, ``code``, ``message`` and ``uri`` come from the API's
    ``{"error": {...}}`` body (``None`` when the body was not that shape, e.g. a proxy's
    HTML page); ``body`` is the parsed JSON or a short text excerpt; ``headers`` are the
    response headers (which never hold our credentials).
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        error_type: str | None = None,
        code: ErrorCode | int | None = None,
        uri: str | None = None,
        request_id: str | None = None,
        headers: Mapping[str, str] | None = None,
        body: object = None,
        idempotency_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.error_type = error_type
        self.code = code
        self.uri = uri
        self.request_id = request_id
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.body = body
        self.idempotency_id = idempotency_id

    def __str__(self) -> str:
        parts = [f"HTTP {self.status_code}"]
        if self.error_type:
            parts.append(self.error_type)
        if self.code is not None:
            parts.append(f"code {int(self.code)}")
        text = f"{' '.join(parts)}: {self.message}"
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, "
            f"error_type={self.error_type!r}, code={self.code!r}, message={self.message!r})"
        )


class InvalidRequestError(APIStatusError):
    """400: the API rejected a parameter. Fix the request; retrying as-is fails again."""


class InvalidPhoneNumberError(InvalidRequestError):
    """400 with code 1207 (one invalid number) or 1210 (several).

    ``invalid_numbers`` lists them. Remove them, or send with ``allow_invalid=True`` to have
    the valid ones sent and the invalid ones reported in ``info.invalid``.
    """

    @property
    def invalid_numbers(self) -> list[str]:
        """The numbers the API named as invalid (empty when it named none)."""
        found: object = None
        if isinstance(self.body, Mapping):
            found = self.body.get("invalid")
            error = self.body.get("error")
            if found is None and isinstance(error, Mapping):
                found = error.get("invalid")
        if isinstance(found, list):
            return [str(number) for number in found]
        return []


class OtpVerificationError(InvalidRequestError):
    """400 from ``verify_otp``: the PIN was not accepted. Catch a subclass to tell why:
    :class:`InvalidPinError` (ask again), :class:`OtpExpiredError`, :class:`OtpFailedError`
    and :class:`OtpCancelledError` (send a new OTP), :class:`OtpAlreadyVerifiedError`
    (the number is verified already)."""


class InvalidPinError(OtpVerificationError):
    """2029: the PIN is wrong. The attempt counted; the user may try again until
    ``max_attempts`` is reached (then :class:`OtpFailedError`)."""


class OtpExpiredError(OtpVerificationError):
    """2025 or 2028: the OTP's ``ttl`` ran out. Send a new OTP."""


class OtpFailedError(OtpVerificationError):
    """2026 or 2027: too many wrong PINs; the OTP is ``FAILED``. Send a new OTP (or slow the
    user down: this is what a brute-force attempt looks like)."""


class OtpCancelledError(OtpVerificationError):
    """2024: the OTP was cancelled. Send a new OTP."""


class OtpAlreadyVerifiedError(OtpVerificationError):
    """2023: the OTP was verified already (a double submit, or a replayed request)."""


class InsufficientCreditError(InvalidRequestError):
    """400 with code 1113 (balance too low), 1114 (credit limit reached) or 1130 (too low for
    a multichannel send's fallbacks).

    Nothing was sent or billed. Top up the account (1113, 1130) or ask the account manager to
    raise the credit limit (1114); retrying before that fails again.
    """


class AuthenticationError(APIStatusError):
    """401: the API key, access token or OAuth client credentials are missing or wrong."""


class AccessDeniedError(APIStatusError):
    """403: the credentials are valid but may not do this.

    Code 1118 means the message or campaign is no longer scheduled (already sent), so it
    cannot be deleted; ``insufficient_scope`` means the OAuth token lacks a scope.
    """


class NoCoverageError(AccessDeniedError):
    """403 with code 1119: no coverage for, or a restricted, destination. Nothing was sent."""


class ReplyWindowClosedError(AccessDeniedError):
    """403 with code 1181 (Viber) or 1182 (WhatsApp): a conversation's contact last wrote more
    than 24 hours ago, and those channels only carry replies inside that window.

    Nothing was sent or billed. Reply by SMS (``send_conversation_reply_sms``), which has no
    window, or wait for the contact to write again.
    """


class NotFoundError(APIStatusError):
    """404: the message or campaign id is unknown or no longer scheduled.

    When ``maybe_sent`` is true an earlier attempt of this same delete had an unknown outcome,
    so that attempt most likely deleted it: the credit was returned then.
    """


class MethodNotAllowedError(APIStatusError):
    """405: the endpoint does not accept this HTTP method (a bug in the caller or proxy)."""


class RateLimitError(APIStatusError):
    """429: too many requests in the current window.

    Retried automatically when the server's reset is within the retry policy's cap.
    ``reset_at`` is when the window resets (from ``X-Rate-Limit-Reset``), ``retry_after``
    the seconds to wait from when the response arrived.
    """

    def __init__(
        self,
        message: str,
        *,
        reset_at: datetime | None = None,
        retry_after: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.reset_at = reset_at
        self.retry_after = retry_after


class ServerError(APIStatusError):
    """5xx from the API or a proxy in front of it. Retried automatically.

    Raised once retries are exhausted. For sends ``maybe_sent`` is true: the server may have
    performed it; retry later with the same ``idempotency_id``.
    """


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: AccessDeniedError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    429: RateLimitError,
}


def _status_class(status: int) -> type[APIStatusError]:
    """The class an HTTP status gives when neither the code nor the type says more."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, APIStatusError)


# --- the error catalogue ----------------------------------------------------------------


@attrs.frozen
class DocumentedError:
    """One row of the vendor's error tables, and the methods whose tables have it.

    ``name`` is the :class:`ErrorCode` name those methods' readers know the code by: 1202 is
    ``OPTOUT_NOT_FOUND`` for an opt-out and ``CONTACT_NOT_FOUND`` for a group's contact.
    """

    methods: tuple[str, ...]
    status: int
    error_type: str
    message: str
    name: str


@attrs.frozen
class ErrorEntry:
    """Everything known about one error code: what a server answers, what smscx raises, and
    which of the vendor's methods document it, in which words.

    ``status``, ``error_type`` and ``message`` are the answer a server gives when nothing
    more specific is known: the emulator's answer. ``exception`` is what smscx raises for
    this code at ``status``. ``documented`` holds every row of the vendor's tables for this
    code as written there, which is not always that answer: some pages word a code
    differently (1207 is "The phone number is invalid" for ``validate_number``), list it
    several times (1136, once per placeholder), or give it another type (1218 and 1220 on
    the lookup export pages). An entry with no documented rows is an answer the tables leave
    out (401, 404, 405, 429, 5xx), whose code is its HTTP status.
    """

    code: int
    name: str
    status: int
    error_type: str
    message: str
    exception: type[APIStatusError]
    documented: tuple[DocumentedError, ...] = ()

    @property
    def methods(self) -> tuple[str, ...]:
        """The vendor methods whose error tables list this code, each once."""
        return tuple(dict.fromkeys(m for row in self.documented for m in row.methods))

    def documented_for(self, method: str) -> tuple[DocumentedError, ...]:
        """The rows ``method``'s error table has for this code (none when it lists none)."""
        return tuple(row for row in self.documented if method in row.methods)

    def exception_at(self, status: int) -> type[APIStatusError]:
        """What smscx raises for this code answered with ``status``: ``exception`` at the
        entry's own status, the status's class at any other (1600 is a 400 and a 401)."""
        return self.exception if status == self.status else _status_class(status)


_Methods = str | tuple[str, ...]


@attrs.frozen
class _Also:
    """Rows of ``methods``' tables that differ from their entry in the fields given."""

    methods: _Methods
    status: int | None = None
    error_type: str | None = None
    message: str | None = None
    name: str | None = None


def _entry(
    code: int,
    status: int,
    error_type: str,
    methods: _Methods,
    message: str,
    *,
    raises: type[APIStatusError] | None = None,
    also: _Also | tuple[_Also, ...] = (),
) -> ErrorEntry:
    """The entry for ``code``: its answer, which ``methods`` document word for word (``()``
    when none does), and their other rows in ``also``; ``raises`` where the status's class
    is not the whole story. The name is the :class:`ErrorCode` member's."""
    name = ErrorCode(code).name
    rows = [_Also(methods, status, error_type, message, name)] if methods else []
    rows += [also] if isinstance(also, _Also) else also
    documented = tuple(
        DocumentedError(
            (row.methods,) if isinstance(row.methods, str) else row.methods,
            row.status or status,
            row.error_type or error_type,
            row.message or message,
            row.name or name,
        )
        for row in rows
    )
    exception = raises or _status_class(status)
    return ErrorEntry(code, name, status, error_type, message, exception, documented)


def _status_entry(
    status: int, error_type: str, message: str, exception: type[APIStatusError]
) -> ErrorEntry:
    """An answer the vendor's tables leave out, whose code is its HTTP status."""
    return ErrorEntry(status, HTTPStatus(status).name, status, error_type, message, exception)


# Routes that share rows, so that each row below names them once.
_SENDS = ("estimate_sms", "estimate_sms_campaign", "send_sms", "send_sms_campaign")
_CAMPAIGNS = ("estimate_sms_campaign", "send_sms_campaign")
_REPORT_DATES = (
    "get_advanced_report",
    "get_summary_reports",
    "export_advanced_report_to_csv",
    "export_advanced_report_to_xlsx",
)
_ADVANCED_REPORTS = (
    "get_advanced_report",
    "export_advanced_report_to_csv",
    "export_advanced_report_to_xlsx",
)
_MESSAGE_REPORTS = (
    "get_single_report",
    "export_campaign_report_to_csv",
    "export_campaign_report_to_xlsx",
)
_CONTACTS = ("add_contacts_to_group", "add_contacts_to_group_with_fields")
_NUMBER_LISTS = ("validate_numbers", "add_contact_to_optouts_list", *_CONTACTS)
_GROUP_ROUTES = (
    *_CONTACTS,
    "delete_contact_from_group",
    "delete_group",
    "empty_group",
    "export_group_to_csv",
    "export_group_to_xlsx",
    "get_group_details",
)
_LOOKUP_EXPORTS = ("export_number_lookup_report_to_csv", "export_number_lookup_report_to_xlsx")
_PRICING = ("get_channel_pricing", "get_channel_pricing_by_country_iso")
_MULTICHANNEL_CAMPAIGNS = ("estimate_multichannel_campaign", "send_multichannel_campaign")
_MULTICHANNEL_MESSAGES = ("estimate_multichannel_message", "send_multichannel_message")
_MULTICHANNEL = (*_MULTICHANNEL_CAMPAIGNS, *_MULTICHANNEL_MESSAGES)
_VIBER_CAMPAIGNS = ("estimate_viber_campaign", "send_viber_campaign")
_VIBER_MESSAGES = ("estimate_viber_message", "send_viber_message")
_WHATSAPP = ("estimate_whatsapp_message", "send_whatsapp_message")
# The template-based sends (Viber, WhatsApp, and multichannel, whose strategy names them).
_CHANNEL_SENDS = (*_MULTICHANNEL, *_VIBER_CAMPAIGNS, *_VIBER_MESSAGES, *_WHATSAPP)
# Those whose tables list 1207 and 1210: all but the multichannel campaigns.
_CHANNEL_NUMBER_SENDS = (*_MULTICHANNEL_MESSAGES, *_VIBER_CAMPAIGNS, *_VIBER_MESSAGES, *_WHATSAPP)
_GROUP_SENDS = (*_CAMPAIGNS, *_MULTICHANNEL_CAMPAIGNS, *_VIBER_CAMPAIGNS)
_REPLIES = (
    "send_conversation_reply_sms",
    "send_conversation_reply_viber",
    "send_conversation_reply_whatsapp",
)
# The tables listing 1111; the conversation replies' do too, though their bodies have no
# ``idempotencyId`` in the vendor's models.
_IDEMPOTENT_SENDS = (
    "send_sms",
    "send_sms_campaign",
    "send_multichannel_campaign",
    "send_multichannel_message",
    "send_viber_campaign",
    "send_viber_message",
    "send_whatsapp_message",
    *_REPLIES,
)
_MESSAGE_DELETES = (
    "delete_scheduled_sms",
    "delete_scheduled_multichannel_message",
    "delete_scheduled_viber_message",
    "delete_scheduled_whatsapp_message",
)
_CAMPAIGN_DELETES = (
    "delete_scheduled_sms_campaign",
    "delete_scheduled_multichannel_campaign",
    "delete_scheduled_viber_campaign",
)
_RENT_ROUTES = (
    "cancel_rent",
    "renew_rent",
    "get_rent_status",
    "get_inbound_sms",
    "edit_rent_settings",
)
_RENT_TERMS = ("rent_number", "renew_rent")
_RENT_SETTINGS = (*_RENT_TERMS, "edit_rent_settings")
_SHORTLINK_ROUTES = (
    "delete_shortlink",
    "export_shortlink_hits_to_csv",
    "export_shortlink_hits_to_xlsx",
    "get_shortlink_hits",
    "update_shortlink",
)
_SHORTLINK_FIELDS = ("create_shortlink", "update_shortlink")
_ATTACHMENT_ROUTES = (
    "delete_attachment",
    "export_attachment_hits_to_csv",
    "export_attachment_hits_to_xlsx",
    "get_attachment_hits",
)
_TEMPLATE_FIELDS = ("create_template", "update_template")
_INVALID, _NOT_FOUND, _CREDIT = "invalid_param", "not_found", "insufficient_credit"
_DENIED, _NO_COVERAGE, _DUPLICATE = "access_denied", "no_coverage", "duplicate_value"

# One entry per code, in the order of the codes; one line per code where it fits.
# fmt: off
_ENTRIES = (
    _entry(1100, 404, _NOT_FOUND, _MESSAGE_DELETES,
           "Message ID provided was not found or is not scheduled"),
    _entry(1101, 400, _INVALID, _GROUP_SENDS, "The parameter `groups` is empty or not set"),
    _entry(1102, 400, _INVALID, _GROUP_SENDS, "Group is empty"),
    _entry(1103, 400, _INVALID, (*_SENDS, *_CHANNEL_SENDS),
           "The phone numbers array is too big (max. allowed: 25000 numbers)"),
    _entry(1104, 400, _INVALID, ("estimate_sms", "send_sms", *_MULTICHANNEL_MESSAGES,
                                 *_VIBER_MESSAGES, *_WHATSAPP),
           "The parameter `to` is empty or not set"),
    _entry(1105, 400, _INVALID, (*_SENDS, *_CHANNEL_SENDS),
           "The parameter `from` is empty or not set"),
    _entry(1106, 400, _INVALID, _SENDS,
           "The parameter `from` is not valid (min 3, max 15 characters)",
           also=_Also(_MULTICHANNEL,
                      message="The parameter `from` is not valid (min 3, max 11 characters)")),
    _entry(1107, 400, _INVALID, (*_SENDS, *_MULTICHANNEL),
           "The parameter `text` is empty or not set"),
    _entry(1108, 400, _INVALID, (*_SENDS, *_CHANNEL_SENDS),
           "The parameter `scheduledDate` is not a valid date"),
    _entry(1109, 400, _INVALID, (*_SENDS, *_CHANNEL_SENDS),
           "The parameter `dlrCallbackUrl` is not a valid URL"),
    _entry(1110, 400, _INVALID, (),
           "Invalid alphabet. Must be one of: NONE, NON_GSM, RUSSIAN_CYRILLIC, "
           "BULGARIAN_CYRILLIC, UKRAINIAN_CYRILLIC, MACEDONIAN_CYRILLIC, BELARUSIAN_CYRILLIC, "
           "SERBIAN_CYRILLIC, POLISH, ROMANIAN, TURKISH, GREEK",
           also=_Also(_SENDS,
                      message="Invalid alphabet. Must be one of: `NONE`, `NON_GSM`, "
                              "`RUSSIAN_CYRILLIC`, `BULGARIAN_CYRILLIC`, `UKRAINIAN_CYRILLIC`, "
                              "`MACEDONIAN_CYRILLIC`, `BELARUSIAN_CYRILLIC`, `SERBIAN_CYRILLIC`, "
                              "`POLISH`, `ROMANIAN`, `TURKISH`, `GREEK`")),
    _entry(1111, 400, _INVALID, _IDEMPOTENT_SENDS,
           "Idempotency Id provided is not a valid UUID (v1-v5)"),
    _entry(1112, 400, _INVALID, (*_SENDS, *_CHANNEL_SENDS),
           "The shortlink/attachment ID provided for tracking is invalid or not found"),
    _entry(1113, 400, _CREDIT, (*_SENDS, *_CHANNEL_SENDS, "lookup_number", "lookup_numbers",
                                *_RENT_TERMS),
           "Insufficient credit", raises=InsufficientCreditError),
    _entry(1114, 400, _CREDIT, (*_SENDS, *_CHANNEL_SENDS, "lookup_number", "lookup_numbers"),
           "Credit limit reached. To increase the credit limit, please contact your account "
           "manager", raises=InsufficientCreditError),
    _entry(1115, 400, _INVALID, _MESSAGE_DELETES, "Message ID provided is not valid"),
    _entry(1116, 400, _INVALID, (*_SENDS, *_CHANNEL_SENDS), "The scheduled date is in the past"),
    _entry(1118, 403, _DENIED, (*_MESSAGE_DELETES, *_CAMPAIGN_DELETES),
           "Only scheduled campaigns/messages can be deleted"),
    _entry(1119, 403, _NO_COVERAGE, (*_SENDS, *_CHANNEL_SENDS),
           "No coverage or restricted destination", raises=NoCoverageError),
    _entry(1120, 400, _INVALID, _MULTICHANNEL, "The parameter `strategy` is empty or not set"),
    _entry(1121, 400, _INVALID, _MULTICHANNEL,
           "The parameter `strategy` must have at least two channels"),
    _entry(1122, 400, _INVALID, _MULTICHANNEL,
           "The parameter `strategy` must have channel `sms` as last element"),
    _entry(1123, 400, _INVALID, _MULTICHANNEL,
           "The parameter `channel` is not valid. Allowed values:"),
    _entry(1124, 400, _INVALID, _MULTICHANNEL, "The parameter `ttl` is not a number"),
    _entry(1125, 400, _INVALID, _MULTICHANNEL, "Min value for `ttl` is 300 seconds"),
    _entry(1126, 400, _INVALID, _CHANNEL_SENDS, "The parameter `templateId` is not set"),
    _entry(1127, 400, _INVALID, _CHANNEL_SENDS, "The parameter `templateId` is not valid"),
    _entry(1128, 400, _INVALID, _CHANNEL_SENDS, "The template ID provided is not a valid template"),
    _entry(1129, 400, _INVALID, _MULTICHANNEL,
           "The parameter `strategy` contains duplicate channels"),
    _entry(1130, 400, _CREDIT, _MULTICHANNEL, "Insufficient credit for failover sending",
           raises=InsufficientCreditError),
    _entry(1131, 403, _DENIED, _MULTICHANNEL,
           "The strategy contains channels that are not active:"),
    _entry(1132, 403, _DENIED, _CHANNEL_SENDS, "The template ID provided is not approved"),
    _entry(1133, 403, _DENIED, _CHANNEL_SENDS, "The template ID provided is not locked"),
    _entry(1134, 400, _INVALID, _MULTICHANNEL, "Max value for `ttl` is 1209600 seconds (14 days)"),
    _entry(1135, 400, _INVALID, (), "The parameter 'transliteration' should be an object",
           also=_Also(_SENDS, message="The parameter \\'transliteration\\' should be an object")),
    _entry(1136, 400, _INVALID, _SENDS,
           "Invalid number of characters for the placeholder {{numbers}}",
           also=(_Also(_SENDS,
                       message="Invalid number of characters for the placeholder {{letters}}"),
                 _Also(_SENDS, message="Invalid number of characters for the placeholder "
                                       "{{alphanumeric}}"))),
    _entry(1137, 400, _INVALID, _SENDS,
           "Number of characters for placeholders can be between 1 and 20"),
    _entry(1140, 400, _INVALID, _GROUP_SENDS, "Group ID is not a valid group"),
    _entry(1150, 404, _NOT_FOUND, _CAMPAIGN_DELETES,
           "Campaign ID provided was not found or is not scheduled",
           also=_Also("get_campaign_report", message="Campaign ID provided was not found")),
    _entry(1155, 400, _INVALID, (*_CAMPAIGN_DELETES, "get_campaign_report"),
           "Campaign ID provided is not valid"),
    _entry(1160, 404, _NOT_FOUND, _MESSAGE_REPORTS, "Campaign ID or msg ID provided was not found"),
    _entry(1165, 400, _INVALID, _MESSAGE_REPORTS, "Campaign ID or msg ID provided is not valid"),
    _entry(1180, 404, _NOT_FOUND, ("get_conversation", "mark_conversation_as_read", *_REPLIES),
           "Conversation ID not found"),
    _entry(1181, 403, _DENIED, "send_conversation_reply_viber",
           "Cannot reply with channel Viber. More than 24 hours since user reply",
           raises=ReplyWindowClosedError),
    _entry(1182, 403, _DENIED, "send_conversation_reply_whatsapp",
           "Cannot reply with channel Whatsapp. More than 24 hours since user reply",
           raises=ReplyWindowClosedError),
    _entry(1200, 404, _NOT_FOUND, _GROUP_ROUTES, "Group ID not found"),
    _entry(1202, 404, _NOT_FOUND, "delete_contact_from_optouts_list", "Phone number ID not found",
           also=_Also(("delete_contact_from_group", "update_contact_from_group"),
                      name="CONTACT_NOT_FOUND")),
    _entry(1203, 400, _INVALID, _NUMBER_LISTS, "The parameter `phoneNumbers` is empty or not set",
           also=_Also("lookup_numbers",
                      message="The parameter 'phoneNumbers' is empty or not set")),
    _entry(1204, 400, _INVALID, "create_group", "The name is empty or parameter `name` not set"),
    _entry(1205, 400, _INVALID, ("lookup_numbers", "validate_numbers"),
           "The phone numbers array is too big (max. allowed: 40000 numbers)"),
    _entry(1206, 400, _INVALID, "create_group",
           "The name provided is invalid (min 3, max 60 characters)"),
    _entry(1207, 400, _INVALID, (*_CONTACTS, "estimate_sms", "send_sms", *_CHANNEL_NUMBER_SENDS),
           "The phone number provided is not valid", raises=InvalidPhoneNumberError,
           also=_Also(("lookup_number", "validate_number"), message="The phone number is invalid")),
    _entry(1208, 400, _INVALID, _NUMBER_LISTS,
           "The parameter `phoneNumbers` must be an array of phone numbers",
           also=_Also("lookup_numbers",
                      message="The parameter 'phoneNumbers' must be an array of phone numbers")),
    _entry(1209, 400, _INVALID, "lookup_numbers",
           "The parameter 'lookupCallbackUrl' is not a valid URL"),
    _entry(1210, 400, _INVALID, (*_CONTACTS, "estimate_sms", "send_sms",
                                 "add_contact_to_optouts_list", *_CHANNEL_NUMBER_SENDS),
           "The phone numbers provided are invalid", raises=InvalidPhoneNumberError),
    _entry(1211, 400, _DUPLICATE, "create_group", "You already have a group with this name"),
    _entry(1212, 400, _INVALID, "lookup_number", "Invalid request parameters"),
    _entry(1213, 400, _INVALID, "update_contact_from_group",
           "At least one parameter required (phoneNumber, firstName, lastName, email, field1, "
           "field2, field3, field4, field5, customFields)"),
    _entry(1214, 403, _NO_COVERAGE, ("lookup_number", "lookup_numbers"),
           "No coverage or restricted destination", raises=NoCoverageError),
    _entry(1215, 400, _DUPLICATE, "update_contact_from_group", "The phone number already exists"),
    _entry(1216, 400, _INVALID, "lookup_numbers", "No valid numbers provided or no coverage"),
    _entry(1217, 400, _INVALID, "get_single_lookup_status", "The lookupId provided is invalid"),
    _entry(1218, 400, _NOT_FOUND, "get_bulk_lookup_status", "The lookupBulkId provided is invalid",
           also=_Also(_LOOKUP_EXPORTS, error_type=_INVALID)),
    _entry(1219, 404, _NOT_FOUND, "get_single_lookup_status", "Lookup  ID not found"),
    _entry(1220, 404, _INVALID, "get_bulk_lookup_status", "Lookup Bulk ID not found",
           also=_Also(_LOOKUP_EXPORTS, error_type=_NOT_FOUND)),
    _entry(1221, 400, _INVALID, ("cancel_rent", "renew_rent", "edit_rent_settings"),
           "The rentId provided is invalid",
           also=_Also(("get_rent_status", "get_inbound_sms"),
                      message="Invalid parameter `rentId`")),
    _entry(1222, 400, _INVALID, "rent_number", "Invalid parameter `numberId`"),
    _entry(1223, 404, _NOT_FOUND, _RENT_ROUTES, "Rent ID not found"),
    _entry(1224, 400, _INVALID, _RENT_TERMS, "Rent period is invalid (1, 7 or 30 days)"),
    _entry(1225, 400, _INVALID, _RENT_SETTINGS, "Parameter `autorenew` must be type boolean"),
    _entry(1226, 400, _INVALID, _RENT_SETTINGS, "The parameter `callbackUrl` is not a valid url"),
    _entry(1227, 403, _DENIED, "cancel_rent",
           "Cannot cancel this rent. More than 30 minutes passed from start of renting period"),
    _entry(1228, 403, _DENIED, "renew_rent",
           "The rent cannot be renewed (rent already expired or phone number is not available "
           "for future rent)"),
    _entry(1229, 400, _INVALID, _RENT_TERMS,
           "Rent period is lower than the minimum rent period of this number"),
    _entry(1230, 404, _NOT_FOUND, "rent_number",
           "Number ID not found or number is not available for rent anymore"),
    _entry(1231, 403, _DENIED, "rent_number", "Cannot rent this phone number (already rented)"),
    _entry(1232, 403, _DENIED, "cancel_rent",
           "Cannot cancel this rent. The number has already been used for inbound SMS"),
    _entry(1233, 400, _INVALID, "edit_rent_settings",
           "At least one parameter required (autoRenew, callbackUrl)"),
    _entry(1234, 400, _INVALID, "rent_number", "Registration ID provided is invalid or not found"),
    _entry(1300, 404, _NOT_FOUND, "delete_originator", "Originator ID not found"),
    _entry(1301, 400, _INVALID, "create_originator",
           "The originator is empty or parameter `originator` not set"),
    _entry(1303, 400, _INVALID, "create_originator",
           "The parameter `originator` can contain only letters and numbers"),
    _entry(1304, 400, _INVALID, "create_originator",
           "The alphanumeric originator provided is invalid (min 3, max 11 characters)"),
    _entry(1305, 400, _INVALID, "create_originator",
           "The numeric originator provided is invalid (min 3, max 15 characters)"),
    _entry(1306, 400, _DUPLICATE, "create_originator", "Originator already exists"),
    _entry(1400, 404, _NOT_FOUND, _SHORTLINK_ROUTES, "Shortlink ID not found"),
    _entry(1401, 400, _INVALID, _SHORTLINK_FIELDS, "The URL is empty or parameter `url` not set"),
    _entry(1402, 400, _INVALID, _SHORTLINK_FIELDS, "The URL provided is invalid"),
    _entry(1404, 400, _INVALID, _SHORTLINK_FIELDS,
           "The parameter `name` is invalid (min 3, max 25 characters)"),
    _entry(1405, 400, "duplicate_id", "create_shortlink", "Short ID already exists"),
    _entry(1406, 400, _INVALID, "update_shortlink", "At least one parameter required (name, url)"),
    _entry(1407, 400, _DUPLICATE, "update_shortlink",
           "You already have a shortlink with this name"),
    _entry(1420, 404, _NOT_FOUND, _ATTACHMENT_ROUTES, "Attachment ID not found"),
    _entry(1441, 400, _INVALID, "add_contact_to_optouts_list",
           "No valid phone numbers were provided or already in the optout list"),
    _entry(1443, 403, _DENIED, "delete_contact_from_optouts_list",
           "Cannot delete this phone number from the optout list because it was added via "
           "optout type `link`. Allowed optout type to delete: `admin`"),
    _entry(1500, 404, _NOT_FOUND, "get_application_settings", "Application ID not found"),
    _entry(1503, 400, _INVALID, _SENDS,
           "The parameter `removeEmojis` is not boolean (true or false)"),
    _entry(1521, 400, _INVALID, _PRICING, "The channel requested is not valid"),
    _entry(1522, 400, _INVALID, "get_channel_pricing_by_country_iso", "Invalid country iso"),
    _entry(1523, 403, _NO_COVERAGE, _PRICING, "No coverage", raises=NoCoverageError),
    _entry(1600, 400, "invalid_request", "get_access_token",
           "The request is missing a required parameter (grant_type)",
           also=(_Also("get_access_token", error_type="invalid_scope",
                       message="The requested scope is invalid, unknown, or malformed"),
                 _Also("get_access_token", error_type="unsupported_grant_type",
                       message="The grant type is not supported (only client_credentials)"),
                 _Also("get_access_token", status=401, error_type="invalid_client",
                       message="Invalid client"))),
    _entry(1800, 404, _NOT_FOUND, ("delete_template", "get_template", "update_template"),
           "Template ID not found"),
    _entry(1801, 400, _INVALID, (*_REPLIES, "create_template"),
           "The text message is empty or parameter `text` not set"),
    _entry(1802, 400, _INVALID, (*_REPLIES, *_TEMPLATE_FIELDS), "The parameter `text` is invalid"),
    _entry(1803, 400, _INVALID, _TEMPLATE_FIELDS,
           "The name provided is invalid (min 3, max 100 characters)"),
    _entry(1804, 400, _INVALID, "update_template", "At least one parameter required (name, text)"),
    _entry(1805, 400, _DUPLICATE, _TEMPLATE_FIELDS, "You already have a template with this name"),
    _entry(1806, 400, _INVALID, "create_template",
           "The parameter `channel` is not valid. Allowed values:"),
    _entry(1808, 400, _INVALID, _TEMPLATE_FIELDS,
           "Button caption is too long (min 1, max. 30 characters)"),
    _entry(1809, 400, _INVALID, _TEMPLATE_FIELDS, "Invalid target URL"),
    _entry(1810, 400, _INVALID, _TEMPLATE_FIELDS, "Invalid image URL"),
    _entry(1811, 400, _INVALID, ("send_conversation_reply_viber",
                                 "send_conversation_reply_whatsapp", *_TEMPLATE_FIELDS),
           "Text message too long (max 1000 characters)"),
    _entry(1812, 403, _DENIED, "update_template", "Template is locked for editing"),
    _entry(1820, 400, _INVALID, _REPORT_DATES,
           "The parameter `period` is not a valid date (format Y-m or Y)"),
    _entry(1821, 400, _INVALID, _REPORT_DATES, "The parameter `start_date` is not a valid date"),
    _entry(1822, 400, _INVALID, _REPORT_DATES, "The parameter `end_date` is not a valid date"),
    _entry(1823, 400, _INVALID, _REPORT_DATES, "The end date is before the start date"),
    _entry(1824, 400, _INVALID, _REPORT_DATES,
           "No `period` parameter or interval (`start_date`, `end_date`)"),
    _entry(1825, 400, _INVALID, _ADVANCED_REPORTS, "The parameter `source` is not valid"),
    _entry(1826, 400, _INVALID, _ADVANCED_REPORTS,
           "The parameter `delivery_report` is not valid (delivered, failed or sent)"),
    _entry(1827, 400, _INVALID, _ADVANCED_REPORTS,
           "The parameter `country_iso` is not for a valid country"),
    _entry(1828, 400, _INVALID, ("export_advanced_report_to_csv", "export_advanced_report_to_xlsx"),
           "The parameter `channel` is not valid (sms, viber, whatsapp, multichannel)"),
    _entry(1829, 400, _INVALID, "get_summary_reports",
           "Invalid dimension. Accepted dimensions: source, channel, country, traffic, delivery"),
    _entry(2001, 400, _INVALID, "new_otp", "The parameter 'phoneNumber' is empty or not set"),
    _entry(2002, 400, _INVALID, "new_otp", "The parameter 'countryIso' is empty or not set"),
    _entry(2003, 400, _INVALID, "new_otp", "Country ISO provided is invalid",
           also=_Also("get_available_numbers", name="RENTAL_COUNTRY_INVALID")),
    _entry(2004, 400, _INVALID, "new_otp", "The parameter 'from' is empty or not set"),
    _entry(2005, 400, _INVALID, "new_otp",
           "The parameter 'from' is not valid (min 3, max 15 characters)"),
    _entry(2006, 400, _INVALID, "new_otp", "The parameter 'template' is empty or not set",
           also=_Also("new_otp",
                      message="The parameter 'template' does not contain placeholder {{pin}}")),
    _entry(2007, 400, _INVALID, "new_otp", "The parameter 'ttl' is not a number"),
    _entry(2008, 400, _INVALID, "new_otp", "Min value for 'ttl' is 60 seconds"),
    _entry(2009, 400, _INVALID, "new_otp", "Max value for 'ttl' is 1800 seconds (30 mins)"),
    _entry(2010, 400, _INVALID, "new_otp", "The parameter 'maxAttempts' is not a number"),
    _entry(2011, 400, _INVALID, "new_otp", "Min value for 'maxAttempts' is 1"),
    _entry(2012, 400, _INVALID, "new_otp", "Max value for 'maxAttempts' is 10"),
    _entry(2013, 400, _INVALID, "new_otp", "The parameter 'pinType' is empty or not set"),
    _entry(2014, 400, _INVALID, "new_otp",
           "Invalid parameter 'pinType'. Must be one of: letters, numbers, alphanumeric"),
    _entry(2015, 400, _INVALID, "new_otp", "The parameter 'pinLength' is not a number"),
    _entry(2016, 400, _INVALID, "new_otp", "Min value for 'pinLength' is 4"),
    _entry(2017, 400, _INVALID, "new_otp", "Max value for 'pinLength' is 10"),
    _entry(2018, 400, _INVALID, "new_otp",
           "Track ID provided (parameter 'trackId') is not a valid UUID (v1-v5)"),
    _entry(2019, 400, _INVALID, "new_otp", "The parameter 'otpCallbackUrl' is not a valid URL"),
    _entry(2020, 400, _INVALID, "new_otp", "The phone number provided is invalid",
           raises=InvalidPhoneNumberError),
    _entry(2021, 404, _NOT_FOUND, ("cancel_otp", "get_otp_status", "verify_otp"),
           "Otp ID not found"),
    _entry(2022, 400, _INVALID, "verify_otp", "The parameter pin is empty or not set"),
    _entry(2023, 400, "otp_verified", "verify_otp", "The OTP was already verified",
           raises=OtpAlreadyVerifiedError),
    _entry(2024, 400, "otp_cancelled", "verify_otp", "The OTP was canceled",
           raises=OtpCancelledError),
    _entry(2025, 400, "otp_expired", "verify_otp", "The OTP has expired", raises=OtpExpiredError),
    _entry(2026, 400, "otp_failed", "verify_otp", "The OTP has failed, maximum attempts reached",
           raises=OtpFailedError),
    _entry(2027, 400, "otp_failed", "verify_otp", "Max attempts reached", raises=OtpFailedError),
    _entry(2028, 400, "otp_expired", "verify_otp", "The PIN has expired", raises=OtpExpiredError),
    _entry(2029, 400, "invalid_pin", "verify_otp", "The PIN provided does not verify",
           raises=InvalidPinError),
    _entry(2030, 403, _DENIED, "cancel_otp", "Otp already cancelled"),
    _entry(2031, 403, _DENIED, "cancel_otp", "You cannot cancel a non-pending Otp"),

    # Answers the tables leave out: the code is the HTTP status.
    _status_entry(400, _INVALID, "The request body is not a JSON object", InvalidRequestError),
    _status_entry(401, "invalid_api_key", "Invalid or missing credentials", AuthenticationError),
    _status_entry(404, _NOT_FOUND, "Resource not found", NotFoundError),
    _status_entry(405, "method_not_allowed", "Method not allowed", MethodNotAllowedError),
    _status_entry(429, "rate_limit", "Too many requests", RateLimitError),
    _status_entry(500, "internal_error", "Internal server error", ServerError),
    _status_entry(502, "bad_gateway", "Bad gateway", ServerError),
    _status_entry(503, "service_unavailable", "Service temporarily unavailable", ServerError),
    _status_entry(504, "gateway_timeout", "Gateway timeout", ServerError),
)
# fmt: on

CATALOGUE: Mapping[int, ErrorEntry] = MappingProxyType({entry.code: entry for entry in _ENTRIES})
"""Every error code smscx knows -> its :class:`ErrorEntry`: the one table that
:func:`error_from_response`, the emulator (:mod:`smscx.testing`) and the tests read."""


def _classes_by_type() -> dict[tuple[int, str], type[APIStatusError]]:
    # A (status, type) every documented row of which is one class more specific than the
    # status's means that class, for a code this version does not know too: a new
    # ``insufficient_credit`` code is still an InsufficientCreditError.
    found: dict[tuple[int, str], set[type[APIStatusError]]] = {}
    for entry in CATALOGUE.values():
        for row in entry.documented:
            found.setdefault((row.status, row.error_type), set()).add(
                entry.exception_at(row.status)
            )
    return {
        key: cls
        for key, classes in found.items()
        if len(classes) == 1 and (cls := next(iter(classes))) is not _status_class(key[0])
    }


# (status, type) -> the class the type means whatever the code: (403, "no_coverage") is a
# NoCoverageError, (400, "otp_expired") an OtpExpiredError.
_CLASSES_BY_TYPE: Mapping[tuple[int, str], type[APIStatusError]] = MappingProxyType(
    _classes_by_type()
)


def _error_class(
    status: int, error_type: str | None, code: ErrorCode | int | None
) -> type[APIStatusError]:
    # The code decides where the catalogue has it at this status, then the type, then the
    # status alone: a code answered with another status than its own tells nothing.
    by_status = _status_class(status)
    entry = CATALOGUE.get(code) if code is not None else None
    if entry is not None and entry.status == status and entry.exception is not by_status:
        return entry.exception
    if error_type is not None:
        return _CLASSES_BY_TYPE.get((status, error_type), by_status)
    return by_status


# Anything past this is not a reset time a server means (nan, inf, 1e20 ...).
_LATEST_RESET = 32503680000.0  # year 3000


class LowerHeaders(dict[str, str]):
    """Response headers with lowercased names: a lookup is one dict access, no scan."""

    __slots__ = ()


def lower_headers(headers: Mapping[str, str]) -> LowerHeaders:
    """``headers`` with lowercased names (repeated ones joined by ``", "``, as httpx does)."""
    if isinstance(headers, LowerHeaders):
        return headers
    return LowerHeaders((name.lower(), value) for name, value in headers.items())


def header_number(headers: Mapping[str, str], name: str) -> float | None:
    """A finite numeric header (``name`` lowercase), or ``None`` when absent or garbled."""
    value = lower_headers(headers).get(name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and abs(number) < _LATEST_RESET else None


def reset_time(headers: Mapping[str, str], now: float) -> float | None:
    """When the rate-limit window resets (Unix seconds), from the server's hints.

    ``X-Rate-Limit-Reset`` (Unix seconds) first, then ``Retry-After`` as seconds or as an
    HTTP date (RFC 9110). Garbled or absurd values (before 1970, past the year 3000, dates no
    ``datetime`` can hold) count as no hint: this never raises, so a rate-limit header can
    never turn a response, even a billed send's 200, into an exception.
    """
    try:
        return _reset_time(lower_headers(headers), now)
    except Exception:  # a hint is advice: whatever it holds, it is not worth an error
        return None


def _reset_time(headers: LowerHeaders, now: float) -> float | None:
    reset = header_number(headers, "x-rate-limit-reset")
    if reset is not None:
        return reset if reset >= 0 else None
    raw = headers.get("retry-after")
    if not raw:
        return None
    seconds = header_number(headers, "retry-after")
    if seconds is not None:
        return now + max(0.0, seconds)
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    at = when.timestamp()
    return at if 0 <= at < _LATEST_RESET else None


def _rate_limit_hint(
    headers: Mapping[str, str], now: float
) -> tuple[datetime | None, float | None]:
    at = reset_time(headers, now)
    if at is None:
        return None, None
    return datetime.fromtimestamp(at, timezone.utc), max(0.0, at - now)


def scrubbed(exc: BaseException) -> BaseException:
    """``exc`` with the frames of it and of every exception behind it dropped.

    What an HTTP library raises carries its frames, and their locals hold the request's
    headers (an h11 event, a head being encoded): a traceback printed with its locals
    (``pytest --showlocals``, ``rich``'s ``show_locals``) would show the credential. The
    types and messages stay, as the cause of the smscx error raised from it.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        current.__traceback__ = None
        current = current.__cause__ or current.__context__
    return exc


def excerpt(text: str) -> str:
    """The start of an unexpected body, on one line, short enough for a log or a message."""
    flat = " ".join(text[: EXCERPT_CHARS * 2].split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[:EXCERPT_CHARS] + "…"


def error_from_response(
    status_code: int,
    headers: Mapping[str, str],
    body: object,
    *,
    idempotency_id: str | None = None,
    now: float | None = None,
) -> APIStatusError:
    """Decide which :class:`APIStatusError` a non-2xx response is.

    ``body`` is the decoded JSON, or the text when it was not JSON. The class is the one
    :data:`CATALOGUE` gives the API's ``code`` at this status (400 + 1207 is
    :class:`InvalidPhoneNumberError`), else the one its ``type`` means (403 +
    ``no_coverage`` is :class:`NoCoverageError` whatever the code), else the status's; a
    body of any other shape still gives the status's class, with a message that quotes its
    start.
    """
    error = body.get("error") if isinstance(body, Mapping) else None
    error_type: str | None = None
    code: ErrorCode | int | None = None
    uri: str | None = None
    if isinstance(error, Mapping):
        raw_type, raw_message, raw_uri = error.get("type"), error.get("message"), error.get("uri")
        error_type = raw_type if isinstance(raw_type, str) else None
        code = _code(error.get("code"))
        uri = raw_uri if isinstance(raw_uri, str) else None
        message = raw_message if isinstance(raw_message, str) else "The API returned an error."
    elif isinstance(body, str) and body.strip():
        message = f"Unexpected response body: {excerpt(body)}"
    elif body not in (None, "", {}, []):
        message = f"Unexpected response body: {excerpt(json.dumps(body, default=str))}"
    else:
        message = "The API returned an error with no description."
    cls = _error_class(status_code, error_type, code)
    if not hasattr(headers, "multi_items"):  # a plain dict: make lookups case-insensitive
        headers = {k.lower(): v for k, v in headers.items()}
    common: dict[str, Any] = {
        "status_code": status_code,
        "error_type": error_type,
        "code": code,
        "uri": uri,
        "request_id": headers.get("x-request-id"),
        "headers": headers,
        "body": body
        if isinstance(body, Mapping)
        else excerpt(body)
        if isinstance(body, str)
        else body,
        "idempotency_id": idempotency_id,
    }
    if cls is RateLimitError:
        reset_at, retry_after = _rate_limit_hint(headers, time.time() if now is None else now)
        return RateLimitError(message, reset_at=reset_at, retry_after=retry_after, **common)
    result: APIStatusError = cls(message, **common)
    return result

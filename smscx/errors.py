"""Everything smscx raises, and how an HTTP response becomes one of them.

The tree::

    SmscxError                        every error this library raises
    ├── ValidationError (ValueError)  caught locally, before any request was sent
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
        │   └── InsufficientCreditError     400, codes 1113 / 1114
        ├── AuthenticationError             401
        ├── AccessDeniedError               403
        │   └── NoCoverageError             403, code 1119
        ├── NotFoundError                   404
        ├── MethodNotAllowedError           405
        ├── RateLimitError                  429 (``reset_at``, ``retry_after``)
        └── ServerError                     5xx, JSON or not

Every error carries the ``idempotency_id`` of the send it belongs to (``None`` for calls
that have none), so a caller can retry later without being billed twice, and
``maybe_sent``: ``True`` when an attempt's outcome is unknown (the request may have reached
the server and been performed). No error ever holds a credential: request headers are not
kept, and messages are built only from the response.
"""

from __future__ import annotations

import email.utils
import enum
import json
import math
import time
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

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
    "ServerError",
    "SmscxError",
    "ValidationError",
    "WrongEventLoopError",
    "DestinationError",
    "error_from_response",
]

#: How much of an unexpected body an error keeps for its message: enough to recognise a
#: proxy's HTML page, never megabytes.
EXCERPT_CHARS = 200


class ErrorCode(enum.IntEnum):
    """Every error code in the SMS.CX tables for the routes smscx covers (and OAuth).

    An :class:`APIStatusError`'s ``code`` is one of these when the API sent a known code, so
    ``err.code == ErrorCode.INSUFFICIENT_CREDIT`` reads as what it means.
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
    TRANSLITERATION_NOT_OBJECT = 1135
    PLACEHOLDER_LENGTH_INVALID = 1136
    PLACEHOLDER_LENGTH_OUT_OF_RANGE = 1137
    GROUP_INVALID = 1140
    CAMPAIGN_NOT_FOUND = 1150
    CAMPAIGN_ID_INVALID = 1155
    REPORT_NOT_FOUND = 1160
    REPORT_ID_INVALID = 1165
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
    ORIGINATOR_NOT_FOUND = 1300
    ORIGINATOR_MISSING = 1301
    ORIGINATOR_CHARACTERS_INVALID = 1303
    ORIGINATOR_ALPHANUMERIC_INVALID = 1304
    ORIGINATOR_NUMERIC_INVALID = 1305
    ORIGINATOR_EXISTS = 1306
    NO_NEW_OPTOUTS = 1441
    OPTOUT_NOT_DELETABLE = 1443
    REMOVE_EMOJIS_NOT_BOOLEAN = 1503
    PRICING_CHANNEL_INVALID = 1521
    PRICING_COUNTRY_INVALID = 1522
    PRICING_NO_COVERAGE = 1523
    OAUTH_ERROR = 1600
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
    """400 with code 1113 (balance too low) or 1114 (credit limit reached).

    Nothing was sent or billed. Top up the account (1113) or ask the account manager to raise
    the credit limit (1114); retrying before that fails again.
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


_OTP_ERRORS: dict[int, type[OtpVerificationError]] = {
    ErrorCode.OTP_ALREADY_VERIFIED: OtpAlreadyVerifiedError,
    ErrorCode.OTP_CANCELLED: OtpCancelledError,
    ErrorCode.OTP_EXPIRED: OtpExpiredError,
    ErrorCode.OTP_PIN_EXPIRED: OtpExpiredError,
    ErrorCode.OTP_FAILED: OtpFailedError,
    ErrorCode.OTP_MAX_ATTEMPTS_REACHED: OtpFailedError,
    ErrorCode.OTP_PIN_INVALID: InvalidPinError,
}
_OTP_TYPES: dict[str, type[OtpVerificationError]] = {
    "otp_verified": OtpAlreadyVerifiedError,
    "otp_cancelled": OtpCancelledError,
    "otp_expired": OtpExpiredError,
    "otp_failed": OtpFailedError,
    "invalid_pin": InvalidPinError,
}


def _error_class(status: int, error_type: str | None, code: ErrorCode | int | None) -> type:
    if status == 400:
        if code in (
            ErrorCode.PHONE_NUMBER_INVALID,
            ErrorCode.PHONE_NUMBERS_INVALID,
            ErrorCode.OTP_PHONE_NUMBER_INVALID,
        ):
            return InvalidPhoneNumberError
        otp = _OTP_ERRORS.get(code) if isinstance(code, int) else None
        if otp is None and error_type is not None:
            otp = _OTP_TYPES.get(error_type)
        if otp is not None:
            return otp
        if error_type == "insufficient_credit" or code in (
            ErrorCode.INSUFFICIENT_CREDIT,
            ErrorCode.CREDIT_LIMIT_REACHED,
        ):
            return InsufficientCreditError
    if status == 403 and (
        error_type == "no_coverage"
        or code
        in (ErrorCode.NO_COVERAGE, ErrorCode.LOOKUP_NO_COVERAGE, ErrorCode.PRICING_NO_COVERAGE)
    ):
        return NoCoverageError
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, APIStatusError)


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
    headers (an h11 event, an aiohttp header dict): a traceback printed with its locals
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

    ``body`` is the decoded JSON, or the text when it was not JSON. The class follows the
    HTTP status first, then the API's ``type`` and ``code`` (e.g. 400 + 1207 is
    :class:`InvalidPhoneNumberError`); a body of any other shape still gives the status's
    class, with a message that quotes its start.
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

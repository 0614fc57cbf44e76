"""Checks a client can make before sending: what the API's error tables let us see locally.

Each failure is a :class:`~smscx.ValidationError` naming the wire field and the API code the
server would have answered with. Only rules the API documents are checked here: whether a
number is valid, a group exists or the balance suffices is for the server to say.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
import uuid
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

import attrs
import httpx

from ._convert import optional_inner
from .errors import ErrorCode, ValidationError
from .models import (
    AddContactsToGroupRequest,
    AddContactsToGroupWithFieldsRequest,
    Alphabet,
    NewGroupRequest,
    NewOtpRequest,
    NumbersLookupRequest,
    NumbersValidateRequest,
    OriginatorNewRequest,
    SendMultichannelCampaignRequestEstimate,
    SendMultichannelMessageRequestEstimate,
    SendSmsCampaignRequestEstimate,
    SendSmsRequestEstimate,
    SendViberCampaignRequestEstimate,
    SendViberMessageRequestEstimate,
    SendWhatsappMessageRequestEstimate,
    Transliteration,
    UpdateNumberRequest,
    VerifyPinRequest,
)
from .models._common import _Model, _Request
from .text import MAX_PARTS, analyze

__all__ = [
    "MAX_RECIPIENTS",
    "build_request",
    "canonical_idempotency_id",
    "check_identifier",
    "check_number_id",
    "check_phone_path",
    "given",
    "request_from",
    "unencodable_field",
    "validate_request",
]

MAX_RECIPIENTS = 25_000
#: The most numbers one bulk validation takes.
MAX_VALIDATE = 40_000

_REQUIRED = {
    "to": ErrorCode.TO_MISSING,
    "from_": ErrorCode.FROM_MISSING,
    "text": ErrorCode.TEXT_MISSING,
    "groups": ErrorCode.GROUPS_MISSING,
    "originator": ErrorCode.ORIGINATOR_MISSING,
    "phone_numbers": ErrorCode.PHONE_NUMBERS_MISSING,
}
_ALPHABETS = frozenset(a.value for a in Alphabet)
_DIGITS = re.compile(r"[0-9]+")
#: A UUID's one text form: 8-4-4-4-12 hex digits (either case). ``uuid.UUID()`` also takes
#: braces, ``urn:uuid:``, no hyphens and hyphens anywhere, which the API need not.
_UUID_TEXT = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_PLACEHOLDER = re.compile(r"\{\{(numbers|letters|alphanumeric)(?::([^}]*))?\}\}")
#: Any placeholder: contact fields, links, random strings, dates.
_ANY_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")


def build_request(cls: type[Any], fields: dict[str, Any]) -> Any:
    """The request model from keyword fields, with a typed error for a missing one."""
    for field in attrs.fields(cls):
        if field.default is attrs.NOTHING and fields.get(field.name) is None:
            wire = "from" if field.name == "from_" else field.name
            raise ValidationError(
                f"`{field.name}` is required.", field=wire, code=_REQUIRED.get(field.name)
            )
    for name, code, scalar, kind in (
        ("to", ErrorCode.TO_MISSING, str, "a phone number (str) or a list of them"),
        ("groups", ErrorCode.GROUPS_MISSING, int, "a group id (int) or a list of them"),
    ):
        value = fields.get(name)
        if value is not None and not isinstance(value, (scalar, Iterable)):
            raise ValidationError(
                f"`{name}` takes {kind}, got {type(value).__name__}.", field=name, code=code
            )
    try:
        return cls(**fields)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"Invalid request fields: {exc}") from exc


def given(**fields: Any) -> dict[str, Any]:
    """The keyword fields a caller set (``None``: left to the API's default)."""
    return {name: value for name, value in fields.items() if value is not None}


def request_from(cls: type[Any], request: object, fields: dict[str, Any]) -> Any:
    """The ``cls`` request of a call: the model it was given, or one built from its keyword
    ``fields`` (never both), or one read from a model of the vendor's ``smscx_client``."""
    if request is None:
        return build_request(cls, fields)
    if fields:
        raise TypeError(
            f"Pass either a {cls.__name__} or keyword fields, not both "
            f"(got the model and {', '.join(sorted(fields))})."
        )
    if isinstance(request, cls):
        return request
    to_dict = getattr(request, "to_dict", None)
    if callable(to_dict) and not isinstance(request, _Model):  # ours have to_dict() too
        # A model of the vendor's generated client (smscx_client): same fields, snake_case,
        # with the sender spelt `_from`. Migrating code can pass its objects unchanged.
        return build_request(cls, _vendor_fields(to_dict(), cls))
    kind = type(request)
    raise TypeError(f"Expected a {cls.__name__}, got {kind.__module__}.{kind.__qualname__}.")


def _vendor_fields(data: dict[str, Any], cls: type[Any]) -> dict[str, Any]:
    declared = attrs.fields_dict(attrs.resolve_types(cls))
    fields: dict[str, Any] = {}
    for key, value in data.items():
        name = "from_" if key == "_from" else key
        field = declared.get(name)
        # An estimate built from the vendor's send model drops what estimates do not take.
        if field is None or value is None:
            continue
        # A nested model (``transliteration``) comes as the dict of its fields.
        nested: Any = optional_inner(field.type) or field.type
        if isinstance(value, dict) and attrs.has(nested):
            value = nested(**value)
        fields[name] = value
    return fields


def _uuid(value: object, *, versions: range | None) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return False
    return versions is None or parsed.version in versions


def canonical_idempotency_id(value: object) -> str:
    """An idempotency id as sent: a ``uuid.UUID``, or its 8-4-4-4-12 text in either case, of
    version 1 to 5, in canonical lower-case form (so the same UUID is always the same id)."""
    parsed: uuid.UUID | None = None
    if isinstance(value, uuid.UUID):
        parsed = value
    elif isinstance(value, str) and _UUID_TEXT.fullmatch(value):
        parsed = uuid.UUID(value)
    if parsed is None or parsed.version not in range(1, 6):
        raise ValidationError(
            "`idempotency_id` must be a UUID of version 1 to 5 (a uuid.UUID, or its "
            f"8-4-4-4-12 hex form), got {value!r:.60}.",
            field="idempotencyId",
            code=ErrorCode.IDEMPOTENCY_ID_INVALID,
        )
    return str(parsed)


def _surrogate_at(text: str) -> int | None:
    """Where ``text`` has a lone surrogate (no UTF-8 for it), or ``None``."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def unencodable_field(wire: object, path: str = "") -> str | None:
    """The wire field of a request body that JSON cannot encode (a lone surrogate)."""
    if isinstance(wire, str):
        return path if _surrogate_at(wire) is not None else None
    if isinstance(wire, dict):
        for key, value in wire.items():
            found = unencodable_field(value, f"{path}.{key}" if path else str(key))
            if found is not None:
                return found
    elif isinstance(wire, (list, tuple)):
        for value in wire:
            found = unencodable_field(value, path)
            if found is not None:
                return found
    return None


def _check_encodable(value: object, wire: str) -> None:
    if isinstance(value, str):
        position = _surrogate_at(value)
        if position is not None:
            _fail(
                f"`{python_name(wire)}` has a lone surrogate at position {position} (not "
                "Unicode text; "
                "was it decoded with errors='surrogateescape'?).",
                wire,
            )


def check_identifier(value: object, *, field: str, code: ErrorCode | None) -> str:
    """A message or campaign id must be a UUID (it also goes into the URL path)."""
    if not _uuid(value, versions=None):
        raise ValidationError(
            f"`{python_name(field)}` must be a UUID, got {value!r:.60}.", field=field, code=code
        )
    # The canonical spelling goes into the path, whatever form uuid.UUID accepted.
    return str(uuid.UUID(str(value)))


def check_phone_path(value: object, *, field: str) -> str:
    """A phone number that goes into the path, percent-encoded (``+`` is ``%2B``)."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            f"`{python_name(field)}` must be a phone number (str), got {value!r:.60}.",
            field=field,
            code=ErrorCode.PHONE_NUMBER_INVALID,
        )
    return urllib.parse.quote(value.strip(), safe="")


def check_number_id(value: object, *, field: str) -> str:
    """An originator or opt-out id: a whole number of at least 1 (it goes into the path)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(
            f"`{python_name(field)}` must be a whole number of at least 1, got {value!r:.60}.",
            field=field,
        )
    return str(value)


_ALPHANUMERIC = re.compile(r"[A-Za-z0-9]+")


def _check_originator(request: OriginatorNewRequest) -> None:
    name: object = request.originator
    if not isinstance(name, str) or not name:
        _fail("`originator` is required.", "originator", ErrorCode.ORIGINATOR_MISSING)
        return
    if not _ALPHANUMERIC.fullmatch(name):
        _fail(
            f"`originator` may hold only letters and digits, got {name!r:.40}.",
            "originator",
            ErrorCode.ORIGINATOR_CHARACTERS_INVALID,
        )
    elif name.isdigit() and not 3 <= len(name) <= 15:
        _fail(
            f"A numeric `originator` has 3 to 15 digits, got {len(name)}.",
            "originator",
            ErrorCode.ORIGINATOR_NUMERIC_INVALID,
        )
    elif not name.isdigit() and not 3 <= len(name) <= 11:
        _fail(
            f"An alphanumeric `originator` has 3 to 11 characters, got {len(name)}.",
            "originator",
            ErrorCode.ORIGINATOR_ALPHANUMERIC_INVALID,
        )


def _check_phone_numbers(numbers: list[str]) -> None:
    if not numbers:
        _fail(
            "`phone_numbers` must hold at least one phone number.",
            "phoneNumbers",
            ErrorCode.PHONE_NUMBERS_MISSING,
        )
    given: list[object] = list(numbers)  # typed list[str], but callers pass what they have
    for number in given:
        if not isinstance(number, str):
            _fail(
                f"`phone_numbers` are strings, got {type(number).__name__}.",
                "phoneNumbers",
                ErrorCode.PHONE_NUMBERS_NOT_A_LIST,
            )


def _fail(message: str, field: str, code: ErrorCode | None = None) -> None:
    raise ValidationError(message, field=field, code=code)


def _check_range(
    value: object, field: str, low: int, high: int, codes: tuple[ErrorCode, ...]
) -> None:
    """An optional whole number within ``low..high`` (codes: not a number, low, high)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(f"`{python_name(field)}` must be a whole number, got {value!r:.40}.", field, codes[0])
    elif value < low:
        _fail(f"`{python_name(field)}` must be at least {low}, got {value}.", field, codes[1])
    elif value > high:
        _fail(f"`{python_name(field)}` must be at most {high}, got {value}.", field, codes[2])


_PIN_TYPES = ("numbers", "letters", "alphanumeric")


def _check_otp(request: NewOtpRequest) -> None:
    number: object = request.phone_number
    if not isinstance(number, str) or not number.strip():
        _fail("`phone_number` is required.", "phoneNumber", ErrorCode.OTP_PHONE_NUMBER_MISSING)
    country: object = request.country_iso
    if country is not None and (not isinstance(country, str) or len(country) != 2):
        _fail(
            f"`country_iso` is a two-letter code, got {country!r:.20}.",
            "countryIso",
            ErrorCode.OTP_COUNTRY_INVALID,
        )
    sender: object = request.from_
    if sender is not None and (not isinstance(sender, str) or not 3 <= len(sender) <= 15):
        _fail("`from_` must be 3 to 15 characters.", "from", ErrorCode.OTP_FROM_INVALID)
    template: object = request.template
    if template is not None and (not isinstance(template, str) or "{{pin}}" not in template):
        _fail(
            "`template` must hold the placeholder {{pin}}.",
            "template",
            ErrorCode.OTP_TEMPLATE_INVALID,
        )
    _check_range(
        request.ttl,
        "ttl",
        60,
        1800,
        (ErrorCode.OTP_TTL_NOT_A_NUMBER, ErrorCode.OTP_TTL_TOO_SHORT, ErrorCode.OTP_TTL_TOO_LONG),
    )
    _check_range(
        request.max_attempts,
        "maxAttempts",
        1,
        10,
        (
            ErrorCode.OTP_MAX_ATTEMPTS_NOT_A_NUMBER,
            ErrorCode.OTP_MAX_ATTEMPTS_TOO_LOW,
            ErrorCode.OTP_MAX_ATTEMPTS_TOO_HIGH,
        ),
    )
    _check_range(
        request.pin_length,
        "pinLength",
        4,
        10,
        (
            ErrorCode.OTP_PIN_LENGTH_NOT_A_NUMBER,
            ErrorCode.OTP_PIN_LENGTH_TOO_SHORT,
            ErrorCode.OTP_PIN_LENGTH_TOO_LONG,
        ),
    )
    if request.pin_type is not None and request.pin_type not in _PIN_TYPES:
        _fail(
            f"`pin_type` is one of {', '.join(_PIN_TYPES)}, got {request.pin_type!r:.20}.",
            "pinType",
            ErrorCode.OTP_PIN_TYPE_INVALID,
        )
    if request.track_id is not None and not _uuid(request.track_id, versions=range(1, 6)):
        _fail("`track_id` must be a UUID (v1-v5).", "trackId", ErrorCode.OTP_TRACK_ID_INVALID)
    if request.otp_callback_url is not None:
        _check_url(request.otp_callback_url, "otpCallbackUrl", ErrorCode.OTP_CALLBACK_URL_INVALID)


@functools.singledispatch
def validate_request(request: object, *, now: datetime | None = None) -> None:
    """Raise :class:`ValidationError` for what the API would reject in ``request``.

    Each request model's rules are registered below for its class (a send takes its
    estimate's). A request with none registered has nothing to check before sending; the
    server still judges it.
    """
    raise TypeError(f"not a request model: {type(request).__name__}")


@validate_request.register
def _no_local_rules(request: _Request, *, now: datetime | None = None) -> None:
    return


@validate_request.register
def _new_otp(request: NewOtpRequest, *, now: datetime | None = None) -> None:
    _check_otp(request)


@validate_request.register
def _verify_pin(request: VerifyPinRequest, *, now: datetime | None = None) -> None:
    pin: object = request.pin
    if not isinstance(pin, str) or not pin.strip():
        _fail("`pin` is required.", "pin", ErrorCode.OTP_PIN_MISSING)


@validate_request.register
def _new_group(request: NewGroupRequest, *, now: datetime | None = None) -> None:
    name: object = request.name
    if not isinstance(name, str) or not name.strip():
        _fail("`name` is required.", "name", ErrorCode.GROUP_NAME_MISSING)
    elif not 3 <= len(name.strip()) <= 60:
        _fail(
            f"A group's `name` has 3 to 60 characters, got {len(name.strip())}.",
            "name",
            ErrorCode.GROUP_NAME_INVALID,
        )


@validate_request.register
def _contacts_with_fields(
    request: AddContactsToGroupWithFieldsRequest, *, now: datetime | None = None
) -> None:
    _check_phone_numbers([c.phone_number for c in request.phone_numbers])


@validate_request.register
def _update_contact(request: UpdateNumberRequest, *, now: datetime | None = None) -> None:
    if not any(v is not None for v in attrs.astuple(request, recurse=False)):
        _fail("Give at least one field to change.", "phoneNumber", ErrorCode.CONTACT_UPDATE_EMPTY)


@validate_request.register
def _lookup_numbers(request: NumbersLookupRequest, *, now: datetime | None = None) -> None:
    _check_phone_numbers(request.phone_numbers)
    if len(request.phone_numbers) > MAX_VALIDATE:
        _fail(
            f"`phone_numbers` holds {len(request.phone_numbers):,} numbers; one lookup "
            f"takes at most {MAX_VALIDATE:,}.",
            "phoneNumbers",
            ErrorCode.TOO_MANY_NUMBERS_TO_VALIDATE,
        )
    if request.lookup_callback_url is not None:
        _check_url(
            request.lookup_callback_url,
            "lookupCallbackUrl",
            ErrorCode.LOOKUP_CALLBACK_URL_INVALID,
        )


@validate_request.register
def _new_originator(request: OriginatorNewRequest, *, now: datetime | None = None) -> None:
    _check_originator(request)


@validate_request.register
def _add_contacts(request: AddContactsToGroupRequest, *, now: datetime | None = None) -> None:
    _check_phone_numbers(request.phone_numbers)


@validate_request.register
def _validate_numbers(request: NumbersValidateRequest, *, now: datetime | None = None) -> None:
    _check_phone_numbers(request.phone_numbers)
    if len(request.phone_numbers) > MAX_VALIDATE:
        _fail(
            f"`phone_numbers` holds {len(request.phone_numbers):,} numbers; one validation "
            f"takes at most {MAX_VALIDATE:,}.",
            "phoneNumbers",
            ErrorCode.TOO_MANY_NUMBERS_TO_VALIDATE,
        )


@validate_request.register
def _send(request: SendSmsRequestEstimate, *, now: datetime | None = None) -> None:
    _check_recipients(request.to)
    _check_message(request, now)


@validate_request.register
def _send_campaign(request: SendSmsCampaignRequestEstimate, *, now: datetime | None = None) -> None:
    if not request.groups:
        _fail("`groups` must name at least one group.", "groups", ErrorCode.GROUPS_MISSING)
    for group in request.groups:
        if not isinstance(group, int) or isinstance(group, bool):
            _fail(f"Group ids are integers, got {group!r:.40}.", "groups", ErrorCode.GROUP_INVALID)
    _check_message(request, now)


def _check_message(
    request: SendSmsRequestEstimate | SendSmsCampaignRequestEstimate, now: datetime | None
) -> None:
    """The rules every send and estimate shares: sender, text, dates, callback, options."""
    sender = request.from_
    if not isinstance(sender, str) or not sender:
        _fail("`from_` (the sender) is required.", "from", ErrorCode.FROM_MISSING)
    elif not 3 <= len(sender) <= 15:
        _fail(
            f"`from_` must be 3 to 15 characters, got {len(sender)}.",
            "from",
            ErrorCode.FROM_INVALID,
        )
    if not isinstance(request.text, str) or not request.text.strip():
        _fail("`text` must not be empty.", "text", ErrorCode.TEXT_MISSING)
    else:
        _check_placeholders(request.text)
        if request.transliteration is None:
            _check_text_length(request.text)
    track_data = getattr(request, "track_data", None)
    if track_data is not None and not _uuid(track_data, versions=range(1, 6)):
        # The API would not refuse it: it drops it, and the reference never comes back.
        _fail(
            f"`track_data` must be a UUID (v1-v5), got {track_data!r:.60}: the API silently "
            "drops any other value, so it would never come back in a report.",
            "trackData",
        )

    for value, wire in (
        (request.text, "text"),
        (sender, "from"),
        (request.dlr_callback_url, "dlrCallbackUrl"),
        (getattr(request, "track_data", None), "trackData"),
        (getattr(request, "country_iso", None), "countryIso"),
    ):
        _check_encodable(value, wire)
    idempotency_id = getattr(request, "idempotency_id", None)
    if idempotency_id is not None:
        canonical_idempotency_id(idempotency_id)
    _check_schedule(request.scheduled_date, request.is_utc, now)
    if request.dlr_callback_url is not None:
        _check_url(request.dlr_callback_url)
    if request.transliteration is not None:
        _check_transliteration(request.transliteration)


def _check_recipients(to: list[str]) -> None:
    if not to:
        _fail("`to` must hold at least one phone number.", "to", ErrorCode.TO_MISSING)
    if len(to) > MAX_RECIPIENTS:
        _fail(
            f"`to` holds {len(to):,} numbers; one request takes at most {MAX_RECIPIENTS:,} "
            "(send_bulk splits larger lists).",
            "to",
            ErrorCode.TOO_MANY_NUMBERS,
        )
    numbers: list[object] = list(to)  # typed list[str], but callers pass what they have
    for number in numbers:
        if not isinstance(number, str):
            _fail(f"Phone numbers are strings, got {type(number).__name__}.", "to")


def python_name(wire: str) -> str:
    """The keyword a caller writes for a field the API spells ``wire``: ``pinLength`` is
    ``pin_length``, ``from`` is ``from_``. Messages name what the caller wrote."""
    if wire == "from":
        return "from_"
    return re.sub(r"(?<!^)([A-Z])", lambda m: "_" + m.group(1).lower(), wire)


def _check_text_length(text: str) -> None:
    """Refuse a text that cannot fit the API's 10 parts. With placeholders, only what is
    sure: the text without them (they may render empty) is what is measured, so a text
    that is too long only once they are filled in is left to the API."""
    measured = _ANY_PLACEHOLDER.sub("", text) if "{{" in text else text
    info = analyze(measured)
    if info.parts > MAX_PARTS:
        with_placeholders = " without its placeholders" if measured is not text else ""
        _fail(
            f"`text`{with_placeholders} needs {info.parts} message parts ({info.length:,} "
            f"characters of {info.encoding.value}); the API takes at most {MAX_PARTS}: "
            "1,530 GSM-7 characters, or 670 with a character outside GSM-7.",
            "text",
        )


def _check_placeholders(text: str) -> None:
    if "{{" not in text:
        return
    for match in _PLACEHOLDER.finditer(text):
        name, size = match.group(1), match.group(2)
        if size is None:
            continue
        if not _DIGITS.fullmatch(size):  # not str.isdigit(): that accepts "²" and "٣"
            _fail(
                f"Invalid number of characters for the placeholder {{{{{name}}}}}: {size!r}.",
                "text",
                ErrorCode.PLACEHOLDER_LENGTH_INVALID,
            )
        elif not 1 <= int(size) <= 20:
            _fail(
                f"The placeholder {{{{{name}:{size}}}}} asks for {size} characters; "
                "placeholders take 1 to 20.",
                "text",
                ErrorCode.PLACEHOLDER_LENGTH_OUT_OF_RANGE,
            )


def _check_schedule(when: object, is_utc: bool | None, now: datetime | None) -> None:
    if when is None:
        return
    if not isinstance(when, datetime):
        _fail(
            f"`scheduled_date` takes a datetime, got {type(when).__name__}.",
            "scheduledDate",
            ErrorCode.SCHEDULED_DATE_INVALID,
        )
        return
    if is_utc is False:
        if when.tzinfo is not None:
            _fail(
                "`scheduled_date` with is_utc=False is a wall-clock time in the destination's "
                "timezone; pass a naive datetime (an aware one already names its own zone).",
                "scheduledDate",
                ErrorCode.SCHEDULED_DATE_INVALID,
            )
        # A local time in the destination's timezone: only the server knows which one.
        return
    moment = when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)
    if moment < (now or datetime.now(timezone.utc)):
        _fail(
            f"`scheduled_date` {moment.isoformat()} is in the past.",
            "scheduledDate",
            ErrorCode.SCHEDULED_DATE_IN_PAST,
        )


def _check_url(
    url: object,
    field: str = "dlrCallbackUrl",
    code: ErrorCode = ErrorCode.DLR_CALLBACK_URL_INVALID,
) -> None:
    try:
        parsed = httpx.URL(url) if isinstance(url, str) else None
    except (httpx.InvalidURL, ValueError, TypeError):
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        _fail(
            f"`{python_name(field)}` must be an absolute http(s) URL, got {url!r:.80}.",
            field,
            code,
        )


def _check_transliteration(value: Transliteration) -> None:
    if value.alphabet is not None and value.alphabet not in _ALPHABETS:
        _fail(
            f"Unknown alphabet {value.alphabet!r:.40}; one of: {', '.join(sorted(_ALPHABETS))}.",
            "transliteration.alphabet",
            ErrorCode.ALPHABET_INVALID,
        )
    remove_emojis: object = value.remove_emojis
    if remove_emojis is not None and not isinstance(remove_emojis, bool):
        _fail(
            "`remove_emojis` must be true or false.",
            "transliteration.removeEmojis",
            ErrorCode.REMOVE_EMOJIS_NOT_BOOLEAN,
        )


# --- Viber, WhatsApp and multichannel sends (issue 24) ----------------------------------

_TEMPLATE_SENDS: tuple[type[Any], ...] = (
    SendViberMessageRequestEstimate,
    SendViberCampaignRequestEstimate,
    SendWhatsappMessageRequestEstimate,
)
_MULTICHANNEL_SENDS: tuple[type[Any], ...] = (
    SendMultichannelMessageRequestEstimate,
    SendMultichannelCampaignRequestEstimate,
)
#: The channels a multichannel step may name, and the longest ``ttl`` (14 days).
_STRATEGY_CHANNELS = ("viber", "whatsapp", "sms")
_TTL_RANGE = (300, 1_209_600)


def _template_send(request: Any, *, now: datetime | None = None) -> None:
    """A Viber or WhatsApp send or estimate: recipients or groups, sender, template, fields,
    and the options every send shares."""
    _check_audience(request)
    _check_sender(request.from_, longest=15)
    _check_template_id(request.template_id, "templateId")
    fields = request.custom_fields
    if fields is not None and not all(
        isinstance(k, str) and isinstance(v, str) for k, v in fields.items()
    ):
        _fail("`custom_fields` maps names to string values.", "customFields")
    _check_send_options(request, now)


def _multichannel_send(request: Any, *, now: datetime | None = None) -> None:
    """A multichannel send or estimate: its strategy and ``ttl`` besides what every send
    checks."""
    _check_audience(request)
    _check_sender(request.from_, longest=11)
    steps = list(request.strategy)
    if not steps:
        _fail("`strategy` must hold at least two steps.", "strategy", ErrorCode.STRATEGY_MISSING)
    channels = [getattr(step, "channel", None) for step in steps]
    for channel in channels:
        if channel not in _STRATEGY_CHANNELS:
            _fail(
                f"A strategy step's channel is one of {', '.join(_STRATEGY_CHANNELS)}, "
                f"got {channel!r:.40}.",
                "strategy.channel",
                ErrorCode.STRATEGY_CHANNEL_INVALID,
            )
    if len(steps) < 2:
        _fail(
            "`strategy` must hold at least two steps (SMS last, as the fallback).",
            "strategy",
            ErrorCode.STRATEGY_TOO_SHORT,
        )
    if len(set(channels)) != len(channels):
        _fail(
            "`strategy` names a channel twice.", "strategy", ErrorCode.STRATEGY_DUPLICATE_CHANNELS
        )
    if channels[-1] != "sms":
        _fail(
            "`strategy` must end with the `sms` step.", "strategy", ErrorCode.STRATEGY_SMS_NOT_LAST
        )
    for step in steps:
        if step.channel == "sms":
            if not isinstance(step.text, str) or not step.text.strip():
                _fail("The `sms` step needs its `text`.", "strategy.text", ErrorCode.TEXT_MISSING)
            else:
                _check_placeholders(step.text)
                _check_text_length(step.text)
                _check_encodable(step.text, "strategy.text")
        else:
            _check_template_id(step.template_id, "strategy.templateId")
    _check_range(
        request.ttl,
        "ttl",
        *_TTL_RANGE,
        (ErrorCode.TTL_NOT_A_NUMBER, ErrorCode.TTL_TOO_SHORT, ErrorCode.TTL_TOO_LONG),
    )
    _check_send_options(request, now)


def _check_audience(request: Any) -> None:
    if hasattr(request, "to"):
        _check_recipients(request.to)
        return
    if not request.groups:
        _fail("`groups` must name at least one group.", "groups", ErrorCode.GROUPS_MISSING)
    for group in request.groups:
        if not isinstance(group, int) or isinstance(group, bool):
            _fail(f"Group ids are integers, got {group!r:.40}.", "groups", ErrorCode.GROUP_INVALID)


def _check_sender(sender: object, *, longest: int) -> None:
    if not isinstance(sender, str) or not sender:
        _fail("`from_` (the sender) is required.", "from", ErrorCode.FROM_MISSING)
    elif not 3 <= len(sender) <= longest:
        _fail(
            f"`from_` must be 3 to {longest} characters, got {len(sender)}.",
            "from",
            ErrorCode.FROM_INVALID,
        )


def _check_template_id(value: object, field: str) -> None:
    if value is None:
        _fail("`template_id` is required.", field, ErrorCode.TEMPLATE_ID_MISSING)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        _fail(
            f"`template_id` is a whole number of at least 1, got {value!r:.40}.",
            field,
            ErrorCode.TEMPLATE_ID_INVALID,
        )


def _check_send_options(request: Any, now: datetime | None) -> None:
    """What every template and multichannel send shares with the SMS sends."""
    track_data = getattr(request, "track_data", None)
    if track_data is not None and not _uuid(track_data, versions=range(1, 6)):
        _fail(
            f"`track_data` must be a UUID (v1-v5), got {track_data!r:.60}: the API silently "
            "drops any other value, so it would never come back in a report.",
            "trackData",
        )
    for value, wire in (
        (request.from_, "from"),
        (request.dlr_callback_url, "dlrCallbackUrl"),
        (track_data, "trackData"),
        (getattr(request, "country_iso", None), "countryIso"),
    ):
        _check_encodable(value, wire)
    idempotency_id = getattr(request, "idempotency_id", None)
    if idempotency_id is not None:
        canonical_idempotency_id(idempotency_id)
    _check_schedule(request.scheduled_date, request.is_utc, now)
    if request.dlr_callback_url is not None:
        _check_url(request.dlr_callback_url)


for _cls in _TEMPLATE_SENDS:
    validate_request.register(_cls, _template_send)
for _cls in _MULTICHANNEL_SENDS:
    validate_request.register(_cls, _multichannel_send)

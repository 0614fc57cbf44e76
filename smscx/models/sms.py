"""Models of ``SmsApi``: sending and estimating texts and campaigns, and deleting scheduled
ones (the vendor's ``api/SmsApi.md``)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import attrs

from ._common import Group, ModelList, TextAnalysis, _Model, _Request, _Result


class Alphabet(str, enum.Enum):
    """Transliteration alphabets: which characters the API replaces to save parts."""

    NONE = "NONE"
    NON_GSM = "NON_GSM"
    RUSSIAN_CYRILLIC = "RUSSIAN_CYRILLIC"
    BULGARIAN_CYRILLIC = "BULGARIAN_CYRILLIC"
    UKRAINIAN_CYRILLIC = "UKRAINIAN_CYRILLIC"
    MACEDONIAN_CYRILLIC = "MACEDONIAN_CYRILLIC"
    BELARUSIAN_CYRILLIC = "BELARUSIAN_CYRILLIC"
    SERBIAN_CYRILLIC = "SERBIAN_CYRILLIC"
    POLISH = "POLISH"
    ROMANIAN = "ROMANIAN"
    TURKISH = "TURKISH"
    GREEK = "GREEK"


class MessageStatus(str, enum.Enum):
    """The documented statuses of a message in a send response.

    ``DataSms.status`` stays a plain ``str`` so that a status the API adds later still
    parses; compare with these (``status == MessageStatus.ACCEPTED``).
    """

    ACCEPTED = "ACCEPTED"
    SCHEDULED = "SCHEDULED"
    REJECTED = "REJECTED"
    NO_COVERAGE = "NO COVERAGE"


# --- requests ---------------------------------------------------------------------------


def _recipients(value: str | Iterable[str]) -> list[str]:
    # A lone string is the classic trap: iterating it would send to "+", "3", "3", ...
    if isinstance(value, str):
        return [value]
    return list(value)


def _group_ids(value: int | Iterable[int]) -> list[int]:
    if isinstance(value, int):
        return [value]
    return list(value)


def _alphabet_name(value: Alphabet | str | None) -> str | None:
    return value.value if isinstance(value, Alphabet) else value


def _transliteration(value: Transliteration | Alphabet | str | None) -> Transliteration | None:
    if value is None or isinstance(value, Transliteration):
        return value
    return Transliteration(alphabet=value)


@attrs.frozen(kw_only=True)
class Transliteration(_Model):
    """Replace characters to keep a text in GSM-7 (cheaper parts) and optionally drop emoji.

    ``alphabet`` may be given as an :class:`Alphabet` or its name (stored as the name); an
    unknown name is a :class:`~smscx.ValidationError` when the request is sent. Passing a
    bare alphabet where a request takes ``transliteration`` is short for this class.
    """

    alphabet: str | None = attrs.field(default=None, converter=_alphabet_name)
    remove_emojis: bool | None = None


@attrs.frozen(kw_only=True)
class _MessageOptions(_Request):
    """The options every send and estimate shares."""

    from_: str
    text: str
    scheduled_date: datetime | None = None
    is_utc: bool | None = None
    dlr_callback_url: str | None = None
    short_response: bool | None = None
    no_text_details: bool | None = None
    show_timezone: bool | None = None
    transliteration: Transliteration | None = attrs.field(default=None, converter=_transliteration)


@attrs.frozen(kw_only=True)
class SendSmsRequestEstimate(_MessageOptions):
    """Body of ``POST /sms/estimate``: what sending this would cost, nothing charged.

    ``to`` holds E.164 numbers, or national numbers with ``country_iso``. ``scheduled_date``
    is an aware datetime or a naive one meaning UTC.
    """

    to: list[str] = attrs.field(converter=_recipients)
    country_iso: str | None = None
    allow_invalid: bool | None = None
    track_data: str | None = None


@attrs.frozen(kw_only=True)
class SendSmsMessageRequest(SendSmsRequestEstimate):
    """Body of ``POST /sms``: send one text to up to 25,000 numbers (charged).

    ``idempotency_id`` (a UUID) makes retries safe; the client generates one when it is
    ``None``, and reuses it on every retry of the call.
    """

    idempotency_id: str | None = None


@attrs.frozen(kw_only=True)
class SendSmsCampaignRequestEstimate(_MessageOptions):
    """Body of ``POST /sms/campaign/estimate``: the cost of a campaign to contact groups."""

    groups: list[int] = attrs.field(converter=_group_ids)


@attrs.frozen(kw_only=True)
class SendSmsCampaignRequest(SendSmsCampaignRequestEstimate):
    """Body of ``POST /sms/campaign``: send a text to contact groups (charged).

    Texts may use contact fields (``{{firstName}}`` …). ``idempotency_id`` as for
    :class:`SendSmsMessageRequest`.
    """

    idempotency_id: str | None = None


# --- send and estimate responses --------------------------------------------------------


@attrs.frozen(kw_only=True)
class DataSms(_Model):
    """One message of a send: its id, status and price.

    ``cost`` is the price per part times ``parts``; ``REJECTED`` (opted out) and
    ``NO COVERAGE`` messages cost 0. ``text`` and ``text_analysis`` are ``None`` when the
    request asked for ``no_text_details``. Dates are timezone-aware UTC.
    """

    msg_id: str
    status: str
    status_code: int
    error_code: int | None = None
    created_at: datetime
    in_quiet_hours: bool = False
    cost: float
    to: str
    country_iso: str | None = None
    from_: str
    parts: int
    text: str | None = None
    text_analysis: TextAnalysis | None = None
    track_data: str | None = None
    scheduled_at: datetime | None = None
    timezone: str | None = None


@attrs.frozen(kw_only=True)
class TransliterationText(_Model):
    """One side (original or replaced) of a transliteration."""

    text: str
    length: int
    parts: int
    encoding: str
    characters: Mapping[str, int] | None = None


@attrs.frozen(kw_only=True)
class TransliterationTextAnalysis(_Model):
    """The text before and after transliteration."""

    original: TransliterationText
    replaced: TransliterationText


@attrs.frozen(kw_only=True)
class TransliterationAnalysis(_Model):
    """What transliteration saved: parts and cost before and after."""

    total_original_cost: float
    total_original_parts: int
    total_replaced_cost: float
    total_replaced_parts: int
    total_cost_saved: float
    total_parts_saved: int
    text: TransliterationTextAnalysis | None = None


@attrs.frozen(kw_only=True)
class Info(_Model):
    """The totals of a send or estimate.

    ``invalid`` lists the numbers skipped as invalid when the request had
    ``allow_invalid=True``.
    """

    campaign_id: str
    total_phone_numbers: int
    total_valid: int
    total_invalid: int
    total_parts: int
    total_cost: float
    dlr_callback_url: str | None = None
    phone_numbers_by_country: Mapping[str, int] = attrs.field(factory=dict)
    scheduled: bool = False
    transliteration_analysis: TransliterationAnalysis | None = None
    total_in_quiet_hours: int | None = None
    invalid: list[str] | None = None


@attrs.frozen(kw_only=True)
class InfoCampaign(Info):
    """The totals of a campaign: :class:`Info` plus the groups and the duplicates removed."""

    duplicates_removed: int = 0
    groups: list[Group] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class SendSmsMessageResponse(_Result):
    """Result of :meth:`~smscx.AsyncSmsClient.send_sms` and ``estimate_sms``.

    ``data`` has one entry per message (empty with ``short_response=True``).
    """

    info: Info
    data: Sequence[DataSms] = attrs.field(factory=ModelList)


@attrs.frozen(kw_only=True)
class SendSmsCampaignResponse(_Result):
    """Result of :meth:`~smscx.AsyncSmsClient.send_sms_campaign` and its estimate."""

    info: InfoCampaign
    data: Sequence[DataSms] = attrs.field(factory=ModelList)


# --- deletes ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DeleteScheduledMsgInfo(_Model):
    """A deleted scheduled message and the credit returned for it."""

    msg_id: str
    parts: int
    credit_returned: float
    channel: str | None = None


@attrs.frozen(kw_only=True)
class DeleteScheduledMsg(_Result):
    """Result of :meth:`~smscx.AsyncSmsClient.delete_scheduled_sms`."""

    info: DeleteScheduledMsgInfo


@attrs.frozen(kw_only=True)
class DeleteScheduledCampaignInfo(_Model):
    """A deleted scheduled campaign: what was deleted and the credit returned.

    When part of the campaign had already gone out, only the rest is deleted
    (``phone_numbers_deleted`` < ``total_phone_numbers``).
    """

    campaign_id: str
    total_phone_numbers: int
    total_parts: int
    phone_numbers_deleted: int
    parts_deleted: int
    credit_returned: float
    channel: str | None = None


@attrs.frozen(kw_only=True)
class DeleteScheduledCampaign(_Result):
    """Result of :meth:`~smscx.AsyncSmsClient.delete_scheduled_sms_campaign`."""

    info: DeleteScheduledCampaignInfo

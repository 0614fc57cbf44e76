"""Request and response models of the SMS.CX SMS API: data only, no I/O.

Field names are the API's, in snake_case (``from`` is ``from_``). The one converter in
``smscx._convert`` decides how they look on the wire; these classes know nothing about it.
Every class is a frozen, slotted attrs class built with keyword arguments only.

Request models mirror the vendor client's (``SendSmsMessageRequest`` …) so callers migrating
from ``smscx_client`` can pass the same objects. Options left at ``None`` are not sent, so the
API applies its own defaults.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar, overload

import attrs

__all__ = [
    "AccountBalance",
    "AddContactsToGroupRequest",
    "AddContactsToGroupResponse",
    "AddContactsToGroupWithFieldsRequest",
    "Alphabet",
    "BulkLookupCampaignsResponse",
    "CampaignStatus",
    "CancelOtpResponse",
    "ChannelPricing",
    "ChannelsStatus",
    "DataGroups",
    "DataGroupsDetails",
    "DataLookupCampaigns",
    "DataNumberLookup",
    "DataNumberValidate",
    "DataNumbersLookup",
    "DataNumbersValidate",
    "DataOptouts",
    "DataOriginatorsList",
    "DataOtp",
    "DataReportCampaign",
    "DataReports",
    "DataReportsCampaigns",
    "DataSms",
    "DeleteContact",
    "DeleteGroup",
    "DeleteScheduledCampaign",
    "DeleteScheduledCampaignInfo",
    "DeleteScheduledMsg",
    "DeleteScheduledMsgInfo",
    "GetSummaryReports200Response",
    "Group",
    "GroupAdd",
    "GroupDetailsResponse",
    "GroupResponse",
    "GroupsList",
    "Info",
    "InfoCampaign",
    "InfoDeleteGroup",
    "InfoGroup",
    "InfoGroups",
    "InfoGroupsAddContactsResponse",
    "InfoGroupsContactDeleted",
    "InfoLookupDetails",
    "InfoNewGroup",
    "InfoNumbersLookup",
    "InfoNumbersValidate",
    "InfoOptout",
    "InfoOptouts",
    "InfoOptoutsNew",
    "InfoOriginator",
    "InfoOtp",
    "InfoPhoneNumberUpdate",
    "InfoReportCampaign",
    "InfoReports",
    "InfoReportsCampaigns",
    "MessageStatus",
    "ModelList",
    "NewGroupRequest",
    "NewGroupResponse",
    "NewOtpRequest",
    "NewOtpResponse",
    "NumberLookupResponse",
    "NumberValidateResponse",
    "NumbersBulkLookupResult",
    "NumbersLookupRequest",
    "NumbersLookupResponse",
    "NumbersValidateRequest",
    "NumbersValidateResponse",
    "OptoutsDeleteResponse",
    "OptoutsListResponse",
    "OptoutsNewResponse",
    "OriginalNetwork",
    "OriginatorNewRequest",
    "OriginatorNewResponse",
    "OriginatorsListResponse",
    "Paging",
    "PortedNetwork",
    "RateLimitSnapshot",
    "ReportSingleResponse",
    "ReportsAdvancedResponse",
    "ReportsCampaignResponse",
    "ReportsCampaignsRespone",
    "ReportsCampaignsResponse",
    "ResponseMeta",
    "RoamingNetwork",
    "SendSmsCampaignRequest",
    "SendSmsCampaignRequestEstimate",
    "SendSmsCampaignResponse",
    "SendSmsMessageRequest",
    "SendSmsMessageResponse",
    "SendSmsRequestEstimate",
    "SummaryReport",
    "SummaryValue",
    "TextAnalysis",
    "Transliteration",
    "TransliterationAnalysis",
    "TransliterationText",
    "TransliterationTextAnalysis",
    "TwoWay",
    "UpdateNumberRequest",
    "UpdateNumberResponse",
    "VerifyPinRequest",
    "VerifyPinResponse",
]


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


_M = TypeVar("_M")


class ModelList(Sequence[_M], Generic[_M]):
    """The messages of a send (``result.data``): a read-only sequence of models, each built
    from the response the first time it is read.

    A send to 25,000 numbers answers with 25,000 messages; a batch sender mostly reads the
    totals in ``result.info`` and perhaps a few messages. Building every model up front cost
    more CPU than the request and the JSON parse together, so they are built as they are
    read (and kept). Each message's required keys are checked when the response arrives:
    a body missing one is refused at once. A value of the wrong type inside a message is
    found when that message is read, and raised then as
    :class:`~smscx.APIResponseValidationError` naming its index.

    It reads as a list: ``len``, indexing (a slice is a ``ModelList``), iteration, ``in``,
    and ``==`` with a list or another ``ModelList`` (comparing the models). ``list(data)``
    gives a plain list. Build one from models with ``ModelList(models)``.
    """

    __slots__ = ("_hook", "_items", "_meta", "_pending", "_type")

    def __init__(self, models: Iterable[_M] = ()) -> None:
        self._items: list[Any] = list(models)
        self._pending = 0
        self._hook: Callable[[Any, Any], _M] | None = None
        self._type: Any = None
        self._meta: Any = None

    @classmethod
    def _deferred(
        cls, raw: list[dict[str, Any]], hook: Callable[[Any, Any], _M], item_type: Any
    ) -> ModelList[_M]:
        """Models of ``item_type`` from the wire dicts ``raw``, built as read (``hook``)."""
        deferred: ModelList[_M] = cls.__new__(cls)
        deferred._items = raw
        deferred._pending = len(raw)
        deferred._hook = hook
        deferred._type = item_type
        deferred._meta = None
        return deferred

    def _build(self, index: int) -> _M:
        raw = self._items[index]
        if raw.__class__ is not dict:
            return raw  # type: ignore[no-any-return]
        assert self._hook is not None
        try:
            model = self._hook(raw, self._type)
        except Exception as exc:
            raise self._refused(index, raw, exc) from None
        self._items[index] = model
        self._pending -= 1
        return model

    def _build_all(self) -> None:
        """Build every message now (the wire dicts are let go as each is built)."""
        for index in range(len(self._items)):
            if self._pending == 0:
                return
            self._build(index)

    def _refused(self, index: int, raw: dict[str, Any], exc: Exception) -> Exception:
        from ._convert import explain_item
        from .errors import APIResponseValidationError, excerpt

        meta = self._meta
        position = index if index >= 0 else len(self._items) + index
        return APIResponseValidationError(
            f"data[{position}] of the response does not match {self._type.__name__}: "
            f"{explain_item(raw, self._type) or f'{type(exc).__name__}: {exc}'}",
            status_code=getattr(meta, "status_code", None) or 200,
            request_id=getattr(meta, "request_id", None),
            body_excerpt=excerpt(repr(raw)),
            idempotency_id=getattr(meta, "idempotency_id", None),
        )

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> _M: ...

    @overload
    def __getitem__(self, index: slice) -> ModelList[_M]: ...

    def __getitem__(self, index: int | slice) -> _M | ModelList[_M]:
        if isinstance(index, slice):
            return ModelList(self._build(i) for i in range(*index.indices(len(self._items))))
        if self._pending:
            return self._build(index)
        return self._items[index]  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[_M]:
        if not self._pending:
            return iter(self._items)
        return (self._build(i) for i in range(len(self._items)))

    def __reversed__(self) -> Iterator[_M]:
        return (self._build(i) for i in range(len(self._items) - 1, -1, -1))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (ModelList, list)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # as a list's: equal by content

    def __repr__(self) -> str:
        # As a list's; a message that cannot be built shows as such instead of raising.
        shown = []
        for index in range(len(self._items)):
            try:
                shown.append(repr(self._build(index)))
            except Exception:
                shown.append(f"<data[{index}]: not a valid {self._type.__name__}>")
        return f"[{', '.join(shown)}]"

    def __reduce__(self) -> tuple[Any, ...]:
        return (ModelList, (list(self),))


class _Model:
    """What every model can do besides holding its data: become a plain ``dict``."""

    __slots__ = ()

    def to_dict(self, *, wire: bool = False) -> dict[str, Any]:
        """This model as a plain ``dict`` (nested models too).

        By default in Python's shape: the attribute names (``msg_id``, ``from_``), with
        datetimes, enums and ``None`` as they are. With ``wire=True``, in the API's JSON
        shape: its field names (``msgId``, ``from``) and dates as ``YYYY-MM-DD HH:MM:SS``
        strings, ready for ``json.dumps``; a request then holds only the fields it sends.
        The response metadata (``.meta``) is in neither: it is not part of the body.
        """
        from ._convert import to_python, to_wire

        return to_wire(self) if wire else to_python(self)


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
class _MessageOptions(_Model):
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


# --- response metadata ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RateLimitSnapshot(_Model):
    """The rate-limit headers of a response: the window's size, what is left, its reset."""

    limit: int | None = None
    remaining: int | None = None
    reset_at: datetime | None = None


@attrs.frozen(kw_only=True)
class ResponseMeta(_Model):
    """What the HTTP exchange said about a result, beside its body.

    ``attempts`` counts the HTTP attempts the call made (1 when the first one succeeded).
    ``idempotency_id`` is the id the send used (``None`` for estimates and deletes);
    ``idempotency_confirmed`` is true when the server echoed it in ``X-Idempotency-Id``.
    """

    EMPTY: ClassVar[ResponseMeta]

    status_code: int = 200
    request_id: str | None = None
    idempotency_id: str | None = None
    idempotency_confirmed: bool = False
    rate_limit: RateLimitSnapshot | None = None
    response_time: str | None = None
    attempts: int = 1


ResponseMeta.EMPTY = ResponseMeta()


@attrs.frozen(kw_only=True)
class _Result(_Model):
    """A response body plus :class:`ResponseMeta`, with shortcuts to the metadata."""

    meta: ResponseMeta = attrs.field(default=ResponseMeta.EMPTY, repr=False, eq=False)

    @property
    def request_id(self) -> str | None:
        """The API's ``X-Request-Id``: quote it to support."""
        return self.meta.request_id

    @property
    def idempotency_id(self) -> str | None:
        """The idempotency id the send used (``None`` for estimates and deletes)."""
        return self.meta.idempotency_id

    @property
    def rate_limit(self) -> RateLimitSnapshot | None:
        """The rate-limit window as of this response."""
        return self.meta.rate_limit

    @property
    def attempts(self) -> int:
        """How many HTTP attempts the call took."""
        return self.meta.attempts


# --- send and estimate responses --------------------------------------------------------


@attrs.frozen(kw_only=True)
class TextAnalysis(_Model):
    """How the API counted a message's text: its length, encoding and parts."""

    length: int
    unicode: bool
    parts: int


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
class Group(_Model):
    """A contact group a campaign went to."""

    id: int
    name: str
    phone_numbers: int


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


# --- AccountApi -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AccountBalance(_Result):
    """Result of :meth:`AccountApi.get_account_balance <smscx.AccountApi.get_account_balance>`.

    ``balance`` is in the account's ``currency`` (``"eur"`` or ``"usd"``), the currency
    every cost and credit of the API is in; ``billing`` is ``"prepaid"`` or ``"postpaid"``.
    """

    balance: float
    currency: str
    billing: str


@attrs.frozen(kw_only=True)
class ChannelsStatus(_Result):
    """Result of :meth:`AccountApi.get_channels_status <smscx.AccountApi.get_channels_status>`:
    which channels the account may send on (``True``: active)."""

    sms: bool
    viber: bool
    whatsapp: bool
    multichannel: bool


# --- OriginatorsApi ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class OriginatorNewRequest(_Model):
    """Body of ``POST /originators``: a sender id to submit for approval.

    Letters and digits only: 3 to 11 characters with a letter, 3 to 15 digits otherwise.
    """

    originator: str


@attrs.frozen(kw_only=True)
class TwoWay(_Model):
    """Two-way messaging on an originator: the number's type (VLN, short code, 10DLC), its
    country and when its subscription ends. All ``None`` when the originator has none
    (the API sends an empty object)."""

    type: str | None = None
    country_iso: str | None = None
    expire_date: datetime | None = None


@attrs.frozen(kw_only=True)
class DataOriginatorsList(_Model):
    """One originator (sender id) of the account: what ``from_`` may be in a send."""

    id: int
    originator: str
    is_default: bool
    approved: bool
    created_at: datetime
    two_way: TwoWay | None = None


@attrs.frozen(kw_only=True)
class OriginatorsListResponse(_Result):
    """Result of ``get_originators_list``: every originator of the account."""

    data: list[DataOriginatorsList]


@attrs.frozen(kw_only=True)
class InfoOriginator(_Model):
    """An originator created or deleted: its id and name."""

    id: int
    originator: str


@attrs.frozen(kw_only=True)
class OriginatorNewResponse(_Result):
    """Result of ``create_originator`` and ``delete_originator``."""

    info: InfoOriginator


# --- cursor paging ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Paging(_Model):
    """Where a page of a list sits: the cursors of the next and previous pages (``None``
    at either end) and the page's size (its ``limit``)."""

    next: str | None = None
    previous: str | None = None
    size: int = 500


# --- OptoutsApi -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AddContactsToGroupRequest(_Model):
    """Body of ``POST /optouts`` (the vendor's name: the same body adds contacts to a group).

    ``phone_numbers`` in E.164, or national with ``country_iso``; with ``allow_invalid`` the
    invalid ones are skipped (and listed) instead of refusing the request.
    """

    phone_numbers: list[str] = attrs.field(converter=list)
    country_iso: str | None = None
    allow_invalid: bool | None = None


@attrs.frozen(kw_only=True)
class DataOptouts(_Model):
    """A contact that opted out: sends to it are ``REJECTED`` and cost nothing.

    ``optout_from`` is ``"admin"`` (added through the API or the panel) or ``"link"`` (the
    contact used an opt-out link); ``datetime`` is when, as the API writes it.
    """

    id: int
    phone_number: str
    country_iso: str
    optout_from: str
    datetime: str
    campaign_id: str | None = None
    group_id: str | None = None
    group_name: str | None = None
    campaign_name: str | None = None


@attrs.frozen(kw_only=True)
class InfoOptouts(_Model):
    """About the opt-out list: its ``id``, its ``link`` and how many contacts it holds."""

    id: str
    link: str
    total: int


@attrs.frozen(kw_only=True)
class OptoutsListResponse(_Result):
    """One page of the opt-out list: most recent first."""

    info: InfoOptouts
    data: list[DataOptouts]
    paging: Paging


@attrs.frozen(kw_only=True)
class InfoOptoutsNew(_Model):
    """What adding to the opt-out list did: counts, and the numbers refused as invalid."""

    total_valid: int
    total_invalid: int
    total_duplicates: int
    total_phone_numbers: int
    phone_numbers_by_country: dict[str, int] = attrs.field(factory=dict)
    invalid: list[str] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class OptoutsNewResponse(_Result):
    """Result of ``add_contact_to_optouts_list``."""

    info: InfoOptoutsNew


@attrs.frozen(kw_only=True)
class InfoOptout(_Model):
    """A contact removed from the opt-out list."""

    id: str
    phone_number: str


@attrs.frozen(kw_only=True)
class OptoutsDeleteResponse(_Result):
    """Result of ``delete_contact_from_optouts_list``."""

    info: InfoOptout


# --- NumbersApi: validation -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DataNumberValidate(_Model):
    """A valid number: E.164, its country, its network operator (``""`` when unknown) and
    the destination's time zone."""

    phone_number: str
    country_iso: str
    network_operator: str
    timezone: str


@attrs.frozen(kw_only=True)
class NumberValidateResponse(_Result):
    """Result of ``validate_number`` (an invalid number is an error, 1207)."""

    data: DataNumberValidate


@attrs.frozen(kw_only=True)
class NumbersValidateRequest(_Model):
    """Body of ``POST /numbers/validate``: up to 40,000 numbers, E.164 or national with
    ``country_iso``."""

    phone_numbers: list[str] = attrs.field(converter=list)
    country_iso: str | None = None


@attrs.frozen(kw_only=True)
class DataNumbersValidate(_Model):
    """One number of a bulk validation, in the order given: ``invalid`` says whether it is
    one; the rest is there for valid numbers only."""

    phone_number: str
    invalid: bool
    country_iso: str | None = None
    network_operator: str | None = None
    timezone: str | None = None


@attrs.frozen(kw_only=True)
class InfoNumbersValidate(_Model):
    """The counts of a bulk validation."""

    total_phone_numbers: int
    total_valid: int
    total_invalid: int
    phone_numbers_by_country: dict[str, int] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class NumbersValidateResponse(_Result):
    """Result of ``validate_numbers``: counts, and one entry per number, in order."""

    info: InfoNumbersValidate
    data: list[DataNumbersValidate]


# --- AccountApi: pricing ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ChannelPricing(_Result):
    """Result of ``get_channel_pricing`` and ``get_channel_pricing_by_country_iso``.

    ``prices`` is the body as the API sends it: country (ISO) -> network operator ->
    traffic type (or other key the API uses) -> price per message part, in the account
    currency. :meth:`price` reads one country's lowest price.
    """

    #: The body is the map itself (no ``prices`` key on the wire).
    _WIRE_ROOT: ClassVar[str] = "prices"

    prices: dict[str, dict[str, dict[str, float]]]

    def price(self, country_iso: str) -> float | None:
        """The lowest price per part to ``country_iso`` (any operator), or ``None``."""
        operators = self.prices.get(country_iso.upper())
        found = [p for keyed in (operators or {}).values() for p in keyed.values()]
        return min(found) if found else None


# --- ReportsApi -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DataReportCampaign(_Model):
    """One message as the reports see it: its delivery status now, cost and text.

    ``status`` is ``ACCEPTED``, ``SENT``, ``DELIVERED``, ``FAILED``, ``SCHEDULED``,
    ``REJECTED`` or ``NO COVERAGE``; ``error_code`` says why one ``FAILED``;
    ``updated_at`` is when its last delivery report arrived.
    """

    msg_id: str
    status: str
    status_code: int
    error_code: int | None
    in_quiet_hours: bool
    created_at: datetime
    updated_at: datetime | None
    cost: float
    to: str
    country_iso: str
    from_: str
    text: str
    source: str
    channel: str
    text_analysis: TextAnalysis
    scheduled_at: datetime | None = None

    @property
    def is_final(self) -> bool:
        """Whether the status will not change any more (delivered, failed, rejected, no
        coverage)."""
        return self.status in _FINAL_STATUSES


_FINAL_STATUSES = frozenset({"DELIVERED", "FAILED", "REJECTED", "NO COVERAGE"})

#: ``GET /reports`` items have the same fields.
DataReports = DataReportCampaign


@attrs.frozen(kw_only=True)
class ReportSingleResponse(_Result):
    """Result of ``get_single_report``: one message's report."""

    data: DataReportCampaign


@attrs.frozen(kw_only=True)
class InfoReportCampaign(_Model):
    """About one campaign (or one send: its ``campaignId``): totals over all its pages."""

    campaign_id: str
    campaign_name: str
    total_phone_numbers: int
    total_cost: float
    total_parts: int
    channel: str


@attrs.frozen(kw_only=True)
class ReportsCampaignResponse(_Result):
    """One page of ``get_campaign_report``: the campaign's messages in send order."""

    info: InfoReportCampaign
    data: list[DataReportCampaign]
    paging: Paging


@attrs.frozen(kw_only=True)
class CampaignStatus(_Model):
    """How many of a campaign's messages are in each state."""

    accepted: int = 0
    delivered: int = 0
    failed: int = 0
    scheduled: int = 0
    no_coverage: int = 0


@attrs.frozen(kw_only=True)
class DataReportsCampaigns(_Model):
    """One campaign sent to contact groups, as the campaigns list shows it."""

    id: str
    name: str
    from_: str
    groups: list[Group]
    total_phone_numbers: int = attrs.field(metadata={"wire": "totalPhoneNumers"})  # sic
    parts: int
    cost: float
    text: str
    source: str
    channel: str
    datetime_added: datetime
    datetime_scheduled: datetime | None
    status: CampaignStatus | None = None


@attrs.frozen(kw_only=True)
class InfoReportsCampaigns(_Model):
    """How many campaigns were sent."""

    total_campaigns: int


@attrs.frozen(kw_only=True)
class ReportsCampaignsRespone(_Result):
    """One page of ``get_campaigns_list`` (the vendor's spelling), most recent first."""

    info: InfoReportsCampaigns
    data: list[DataReportsCampaigns]
    paging: Paging


#: The same class under its correct spelling.
ReportsCampaignsResponse = ReportsCampaignsRespone


@attrs.frozen(kw_only=True)
class InfoReports(_Model):
    """Totals of an advanced report over all its pages."""

    total_phone_numbers: int
    total_cost: float
    total_parts: int


@attrs.frozen(kw_only=True)
class ReportsAdvancedResponse(_Result):
    """One page of ``get_advanced_report``: messages in the period, most recent first."""

    info: InfoReports
    data: list[DataReportCampaign]
    paging: Paging


@attrs.frozen(kw_only=True)
class SummaryValue(_Model):
    """One row of a summary: how many numbers, parts, and what they cost."""

    phone_numbers: int
    parts: int
    cost_parts: float


@attrs.frozen(kw_only=True)
class SummaryReport(_Result):
    """Result of ``get_summary_reports``: one row per value of the dimension (a country,
    a source, a delivery status ...)."""

    data: dict[str, SummaryValue] = attrs.field(factory=dict)


#: The vendor's name for :class:`SummaryReport`.
GetSummaryReports200Response = SummaryReport


# --- GroupsApi --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class NewGroupRequest(_Model):
    """Body of ``POST /groups``: a name of 3 to 60 characters, unique in the account."""

    name: str


@attrs.frozen(kw_only=True)
class InfoNewGroup(_Model):
    """A group: its id (what ``send_sms_campaign(groups=[...])`` takes) and name."""

    id: int
    name: str


@attrs.frozen(kw_only=True)
class NewGroupResponse(_Result):
    """Result of ``create_group``."""

    info: InfoNewGroup


#: ``empty_group`` answers the same shape.
InfoGroup = InfoNewGroup


@attrs.frozen(kw_only=True)
class GroupResponse(_Result):
    """Result of ``empty_group``: the group, now without contacts."""

    info: InfoNewGroup


@attrs.frozen(kw_only=True)
class DataGroups(_Model):
    """A group in the list: its size, opt-outs, and what one single-part SMS to all of it
    costs."""

    id: int
    name: str
    total_phone_numbers: int
    total_cost: float
    total_optouts: int
    created_at: datetime


@attrs.frozen(kw_only=True)
class GroupsList(_Result):
    """Result of ``get_groups_list``."""

    data: list[DataGroups]


#: The details' ``info`` is a group's summary with a text date.
@attrs.frozen(kw_only=True)
class InfoGroups(_Model):
    """About one group (``get_group_details``)."""

    id: int
    name: str
    total_phone_numbers: int
    total_cost: float
    total_optouts: int
    created_at: str


@attrs.frozen(kw_only=True)
class DataGroupsDetails(_Model):
    """A contact of a group: its ``id`` (a UUID: the ``phone_number_id`` of the contact
    routes), number and fields; ``optout`` says whether it opted out (campaigns skip it)."""

    id: str
    phone_number: str
    country_iso: str
    first_name: str | None
    last_name: str | None
    email: str | None
    field1: str | None
    field2: str | None
    field3: str | None
    field4: str | None
    field5: str | None
    group_id: int
    optout: bool
    date_added: str
    custom_fields: dict[str, str] | None = None


@attrs.frozen(kw_only=True)
class GroupDetailsResponse(_Result):
    """One page of ``get_group_details``: the group and its contacts, oldest first."""

    info: InfoGroups
    data: list[DataGroupsDetails]
    paging: Paging


@attrs.frozen(kw_only=True)
class GroupAdd(_Model):
    """A contact to add with its fields (``add_contacts_to_group_with_fields``).

    ``{{firstName}}``, ``{{lastName}}``, ``{{email}}``, ``{{field1}}``..``{{field5}}`` and
    ``{{NAME}}`` for each custom field fill a campaign's text.
    """

    phone_number: str
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    field1: str | None = None
    field2: str | None = None
    field3: str | None = None
    field4: str | None = None
    field5: str | None = None
    country_iso: str | None = None
    custom_fields: dict[str, str] | None = None


def _group_adds(values: Iterable[GroupAdd | Mapping[str, Any]]) -> list[GroupAdd]:
    return [v if isinstance(v, GroupAdd) else GroupAdd(**v) for v in values]


@attrs.frozen(kw_only=True)
class AddContactsToGroupWithFieldsRequest(_Model):
    """Body of ``POST /groups/{groupId}`` with contacts' fields."""

    phone_numbers: list[GroupAdd] = attrs.field(converter=_group_adds)
    allow_invalid: bool | None = None


@attrs.frozen(kw_only=True)
class InfoGroupsAddContactsResponse(_Model):
    """What adding contacts did: counts, cost of one SMS to the new ones, invalid numbers."""

    total_cost: float
    total_valid: int
    total_invalid: int
    total_duplicates: int
    total_phone_numbers: int
    phone_numbers_by_country: dict[str, int] = attrs.field(factory=dict)
    invalid: list[str] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class AddContactsToGroupResponse(_Result):
    """Result of ``add_contacts_to_group`` and ``add_contacts_to_group_with_fields``."""

    info: InfoGroupsAddContactsResponse


@attrs.frozen(kw_only=True)
class InfoGroupsContactDeleted(_Model):
    """A contact removed from a group (``id``: its ``phoneNumberId``)."""

    id: str
    phone_number: str
    country_iso: str


@attrs.frozen(kw_only=True)
class DeleteContact(_Result):
    """Result of ``delete_contact_from_group``."""

    info: InfoGroupsContactDeleted


@attrs.frozen(kw_only=True)
class InfoDeleteGroup(_Model):
    """A group deleted, with how many contacts it had."""

    id: int
    name: str
    total_phone_numbers: int


@attrs.frozen(kw_only=True)
class DeleteGroup(_Result):
    """Result of ``delete_group``."""

    info: InfoDeleteGroup


@attrs.frozen(kw_only=True)
class UpdateNumberRequest(_Model):
    """Body of ``PATCH /groups/{groupId}/{phoneNumberId}``: the fields to change (at least
    one)."""

    phone_number: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    field1: str | None = None
    field2: str | None = None
    field3: str | None = None
    field4: str | None = None
    field5: str | None = None
    custom_fields: dict[str, str] | None = None


@attrs.frozen(kw_only=True)
class InfoPhoneNumberUpdate(_Model):
    """The contact updated and its group (both as text, as the API sends them)."""

    id: str
    group_id: str


@attrs.frozen(kw_only=True)
class UpdateNumberResponse(_Result):
    """Result of ``update_contact_from_group``."""

    info: InfoPhoneNumberUpdate


# --- OtpApi -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class NewOtpRequest(_Model):
    """Body of ``POST /otp``: send a PIN to ``phone_number`` (charged: one SMS).

    What is left out comes from the account's application settings: ``template`` (with
    ``{{pin}}``), ``ttl`` (60..1800 s), ``max_attempts`` (1..10), ``pin_type`` (``numbers``,
    ``letters``, ``alphanumeric``) and ``pin_length`` (4..10).
    """

    phone_number: str
    country_iso: str | None = None
    from_: str | None = None
    template: str | None = None
    track_id: str | None = None
    ttl: int | None = None
    max_attempts: int | None = None
    pin_type: str | None = None
    pin_length: int | None = None
    otp_callback_url: str | None = None


@attrs.frozen(kw_only=True)
class DataOtp(_Result):
    """An OTP: ``status`` ``PENDING``, ``VERIFIED``, ``EXPIRED``, ``CANCELLED`` or
    ``FAILED``; ``attempts`` wrong PINs so far of ``max_attempts``; valid until
    ``date_expires``."""

    otp_id: str
    track_id: str | None
    phone_number: str
    country_iso: str
    status: str
    cost: float
    parts: int
    max_attempts: int
    attempts: int
    ttl: int
    otp_callback_url: str | None
    date_created: datetime
    date_expires: datetime


#: ``new_otp`` answers the same fields.
NewOtpResponse = DataOtp


@attrs.frozen(kw_only=True)
class VerifyPinRequest(_Model):
    """Body of ``POST /otp/{otpId}``: the PIN the user typed."""

    pin: str


@attrs.frozen(kw_only=True)
class VerifyPinResponse(_Result):
    """Result of a successful ``verify_otp``: ``status`` is ``VERIFIED``. A PIN that does
    not verify raises an :class:`~smscx.OtpVerificationError`."""

    status: str


@attrs.frozen(kw_only=True)
class InfoOtp(_Model):
    """The OTP cancelled."""

    id: str


@attrs.frozen(kw_only=True)
class CancelOtpResponse(_Result):
    """Result of ``cancel_otp``."""

    info: InfoOtp


# --- NumbersApi: lookups ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class OriginalNetwork(_Model):
    """A network operator (``None`` fields: unknown)."""

    name: str | None = None
    mnc: str | None = None


#: A ported number's network has the same fields.
PortedNetwork = OriginalNetwork


@attrs.frozen(kw_only=True)
class RoamingNetwork(_Model):
    """Where a roaming number is (``None`` fields: not roaming, or unknown)."""

    country_iso: str | None = None
    country_name: str | None = None
    mcc: str | None = None
    mnc: str | None = None
    name: str | None = None


@attrs.frozen(kw_only=True)
class DataNumberLookup(_Result):
    """A number lookup (HLR): ``status`` ``ACTIVE``, ``ABSENT``, ``BARRED``, ``UNKNOWN`` or
    ``FAILED``, its networks, and what it cost."""

    phone_number: str
    lookup_id: str
    cost: float
    mcc: str
    mccmnc: str
    country_iso: str
    country_name: str
    country_name_locale: str
    status: str
    status_description: str
    ported: bool
    roaming: bool
    original_network: OriginalNetwork | None = None
    ported_network: OriginalNetwork | None = None
    roaming_network: RoamingNetwork | None = None
    datetime: datetime


@attrs.frozen(kw_only=True)
class NumberLookupResponse(_Result):
    """Result of ``lookup_number`` (charged)."""

    data: DataNumberLookup


@attrs.frozen(kw_only=True)
class NumbersLookupRequest(_Model):
    """Body of ``POST /numbers/lookup``: up to 40,000 numbers (charged per valid one);
    results come to ``lookup_callback_url`` and from ``get_bulk_lookup_status``."""

    phone_numbers: list[str] = attrs.field(converter=list)
    country_iso: str | None = None
    lookup_callback_url: str | None = None


@attrs.frozen(kw_only=True)
class DataNumbersLookup(_Model):
    """One number of a bulk lookup, with its ``lookup_id``."""

    phone_number: str
    country_iso: str
    cost: float
    lookup_id: str
    datetime: datetime


@attrs.frozen(kw_only=True)
class InfoNumbersLookup(_Model):
    """A bulk lookup: its id, counts, cost and the invalid numbers."""

    lookup_bulk_id: str
    total_phone_numbers: int
    total_valid: int
    total_invalid: int
    total_cost: float
    phone_numbers_by_country: dict[str, int] = attrs.field(factory=dict)
    invalid: list[str] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class NumbersLookupResponse(_Result):
    """Result of ``lookup_numbers`` (charged)."""

    info: InfoNumbersLookup
    data: list[DataNumbersLookup]


@attrs.frozen(kw_only=True)
class InfoLookupDetails(_Model):
    """About a bulk lookup's results."""

    lookup_bulk_id: str
    total_phone_numbers: int
    total_valid: int
    total_cost: float
    phone_numbers_by_country: dict[str, int] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class NumbersBulkLookupResult(_Result):
    """One page of ``get_bulk_lookup_status``: the results of a bulk lookup."""

    info: InfoLookupDetails
    data: list[DataNumberLookup]
    paging: Paging


@attrs.frozen(kw_only=True)
class DataLookupCampaigns(_Model):
    """One bulk lookup in the list."""

    id: str
    total_phone_numbers: int
    total_valid: int
    total_cost: float
    datetime_added: datetime


@attrs.frozen(kw_only=True)
class BulkLookupCampaignsResponse(_Result):
    """One page of ``get_bulk_lookup_campaigns``, most recent first."""

    data: list[DataLookupCampaigns]
    paging: Paging

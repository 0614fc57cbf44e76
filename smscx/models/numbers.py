"""Models of ``NumbersApi``: validating numbers, looking them up in the network (HLR), and
renting numbers that receive SMS (the vendor's ``api/NumbersApi.md``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._common import Paging, _Model, _Request, _Result

# --- validation -------------------------------------------------------------------------


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
class NumbersValidateRequest(_Request):
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


# --- lookups ----------------------------------------------------------------------------


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
class NumbersLookupRequest(_Request):
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


# --- rental -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RentCost(_Model):
    """What renting a number costs for one period (1, 7 or 30 days)."""

    days: int
    cost: float


#: A renewal's price for one period has the same fields.
RenewCost = RentCost


@attrs.frozen(kw_only=True)
class DataAvailableNumbersRent(_Model):
    """A number offered for rent. ``features`` sums 1 (receives SMS), 2 (sends SMS) and 4
    (voice); ``phone_number`` is ``None`` when the number is picked from a pool at rent
    time; ``rent_cost`` has one entry per period it may be rented for (from ``min_rent``)."""

    number_id: str
    phone_number: str | None = None
    country_iso: str
    network_operator: str
    features: int
    number_type: str
    inbound_sms_cost: float
    outbound_sms_cost: float | None = None
    setup_cost: float
    rent_cost: list[RentCost]
    min_rent: int
    setup_time: str
    registration: bool
    datetime: datetime
    inbound_sms_sender: bool | None = None


@attrs.frozen(kw_only=True)
class RentNumbersResponse(_Result):
    """Result of ``get_available_numbers``: the numbers a country offers for rent."""

    data: list[DataAvailableNumbersRent]


@attrs.frozen(kw_only=True)
class RentNumberRequest(_Request):
    """Body of ``POST /numbers/rent`` (charged): a ``number_id`` from
    ``get_available_numbers``, for ``rent_period`` days (1, 7 or 30); the SMS it receives
    are posted to ``callback_url`` (``receive_sms``)."""

    number_id: str
    rent_period: int
    auto_renew: bool | None = None
    callback_url: str | None = None
    registration_id: str | None = None


@attrs.frozen(kw_only=True)
class InfoRentNumber(_Model):
    """A new rental: the number, its period, what it cost."""

    rent_id: str
    number_id: str
    phone_number: str
    country_iso: str
    rent_start: datetime
    rent_end: datetime
    rent_cost: float
    setup_cost: float
    auto_renew: bool
    callback_url: str | None = None
    approved: bool
    datetime: datetime


@attrs.frozen(kw_only=True)
class RentNumberResponse(_Result):
    """Result of ``rent_number`` (charged)."""

    info: InfoRentNumber


@attrs.frozen(kw_only=True)
class InfoCancelRent(_Model):
    """A cancelled rental and the credit returned (the rent, never the setup fee)."""

    rent_id: str
    number_id: str
    phone_number: str
    country_iso: str
    credit_returned: float


@attrs.frozen(kw_only=True)
class CancelRentResponse(_Result):
    """Result of ``cancel_rent``."""

    info: InfoCancelRent


@attrs.frozen(kw_only=True)
class RenewRentRequest(_Request):
    """Body of ``PATCH /numbers/rent/{rentId}`` (charged): every field optional; without
    ``rent_period`` the rental renews for its current period."""

    rent_period: int | None = None
    auto_renew: bool | None = None
    callback_url: str | None = None


@attrs.frozen(kw_only=True)
class InfoRenewNumber(_Model):
    """A renewed rental: its new period and what the renewal cost."""

    rent_id: str
    number_id: str
    phone_number: str
    country_iso: str
    rent_start: datetime
    rent_end: datetime
    rent_cost: float
    auto_renew: bool
    callback_url: str | None = None
    datetime: datetime


@attrs.frozen(kw_only=True)
class RenewNumberResponse(_Result):
    """Result of ``renew_rent`` (charged)."""

    info: InfoRenewNumber


@attrs.frozen(kw_only=True)
class InboundSms(_Model):
    """The SMS a rented number received: how many, and what receiving them cost."""

    total: int
    cost: float


@attrs.frozen(kw_only=True)
class OutboundSms(_Model):
    """The SMS sent from a rented number: how many, and what they cost."""

    total: int
    cost: float


@attrs.frozen(kw_only=True)
class DataRentedNumbers(_Model):
    """One rental of the account: the number, its period and costs, its traffic, whether
    it is still active."""

    rent_id: str
    number_id: str
    phone_number: str
    country_iso: str
    network_operator: str
    features: int
    number_type: str
    rent_cost: float
    setup_cost: float
    rent_period: int
    rent_start: datetime
    rent_end: datetime
    inbound_sms_cost: float
    outbound_sms_cost: float | None = None
    renew_cost: list[RentCost]
    inbound_sms: InboundSms
    outbound_sms: OutboundSms
    min_rent: int
    callback_url: str | None = None
    auto_renew: bool
    active_rent: bool
    approved: bool
    datetime: datetime
    inbound_sms_sender: bool | None = None


#: One rental's details (``get_rent_status``) have the fields of a listed one.
InfoRentStatus = DataRentedNumbers


@attrs.frozen(kw_only=True)
class RentedNumbersResponse(_Result):
    """Result of ``get_rented_numbers``: the account's rentals, newest first."""

    data: list[DataRentedNumbers]


@attrs.frozen(kw_only=True)
class GetRentStatusResponse(_Result):
    """Result of ``get_rent_status``."""

    info: DataRentedNumbers


@attrs.frozen(kw_only=True)
class InfoInboundSms(_Model):
    """The rented number whose inbound SMS a page lists."""

    rent_id: str
    phone_number: str
    country_iso: str


@attrs.frozen(kw_only=True)
class DataReceiveSms(_Model):
    """One SMS a rented number received (also the item of a ``receive_sms`` callback)."""

    msg_id: str
    from_: str
    country_iso: str
    to: str
    text: str
    cost: float
    received_at: datetime


@attrs.frozen(kw_only=True)
class GetInboundSMSResponse(_Result):
    """One page of ``get_inbound_sms``: the SMS a rented number received, newest first."""

    info: InfoInboundSms
    data: list[DataReceiveSms]
    paging: Paging


@attrs.frozen(kw_only=True)
class EditRentRequest(_Request):
    """Body of ``PATCH /numbers/rent/{rentId}/edit``: at least one of the two."""

    auto_renew: bool | None = None
    callback_url: str | None = None


@attrs.frozen(kw_only=True)
class InfoEditRent(_Model):
    """A rental's settings after an edit. (The vendor documents no fields for it: these are
    the rental's, as :class:`InfoRenewNumber` names them.)"""

    rent_id: str
    number_id: str
    phone_number: str
    country_iso: str
    rent_start: datetime
    rent_end: datetime
    auto_renew: bool
    callback_url: str | None = None


@attrs.frozen(kw_only=True)
class EditRentResponse(_Result):
    """Result of ``edit_rent_settings``."""

    info: InfoEditRent

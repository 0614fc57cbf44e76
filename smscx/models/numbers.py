"""Models of ``NumbersApi``: validating numbers and looking them up in the network (HLR) (the
vendor's ``api/NumbersApi.md``; its number-rental routes are not covered yet)."""

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

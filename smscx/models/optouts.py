"""Models of ``OptoutsApi``: the account's opt-out list (the vendor's ``api/OptoutsApi.md``).

Its ``POST /optouts`` body is the vendor's ``AddContactsToGroupRequest``, in
:mod:`smscx.models.groups`.
"""

from __future__ import annotations

import attrs

from ._common import Paging, _Model, _Result


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

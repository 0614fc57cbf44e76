"""Models of ``GroupsApi``: contact groups and their contacts, which campaigns are sent to
(the vendor's ``api/GroupsApi.md``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from ._common import Paging, _Model, _Request, _Result


@attrs.frozen(kw_only=True)
class AddContactsToGroupRequest(_Request):
    """Body of ``POST /groups/{groupId}`` (numbers to add to a group) and of ``POST /optouts``,
    which takes the same body under this, the vendor's, name.

    ``phone_numbers`` in E.164, or national with ``country_iso``; with ``allow_invalid`` the
    invalid ones are skipped (and listed) instead of refusing the request.
    """

    phone_numbers: list[str] = attrs.field(converter=list)
    country_iso: str | None = None
    allow_invalid: bool | None = None


@attrs.frozen(kw_only=True)
class NewGroupRequest(_Request):
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
class AddContactsToGroupWithFieldsRequest(_Request):
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
class UpdateNumberRequest(_Request):
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

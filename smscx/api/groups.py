"""``GroupsApi``: the contact groups that ``send_sms_campaign`` sends to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, overload

import attrs

from smscx._download import Destination
from smscx._migration import migration_hints
from smscx._paging import AsyncPaginator
from smscx._pipeline import Endpoint
from smscx._validation import check_identifier, given, request_from
from smscx.errors import ValidationError
from smscx.models import (
    AddContactsToGroupRequest,
    AddContactsToGroupResponse,
    AddContactsToGroupWithFieldsRequest,
    DataGroupsDetails,
    DeleteContact,
    DeleteGroup,
    GroupAdd,
    GroupDetailsResponse,
    GroupResponse,
    GroupsList,
    NewGroupRequest,
    NewGroupResponse,
    UpdateNumberRequest,
    UpdateNumberResponse,
)

from ._namespace import BlockingNamespace, Namespace, blocking, blocking_export, blocking_pages

__all__ = ["BlockingGroupsApi", "GroupsApi"]

GET_GROUPS_LIST = Endpoint("GET", "/groups", GroupsList)
CREATE_GROUP = Endpoint("POST", "/groups", NewGroupResponse, NewGroupRequest, creates=True)
GET_GROUP_DETAILS = Endpoint(
    "GET", "/groups/{id}", GroupDetailsResponse, id_field="groupId", id_kind="int"
)
ADD_CONTACTS = Endpoint(
    "POST",
    "/groups/{id}",
    AddContactsToGroupResponse,
    AddContactsToGroupRequest,
    id_field="groupId",
    id_kind="int",
    creates=True,
)
ADD_CONTACTS_WITH_FIELDS = Endpoint(
    "POST",
    "/groups/{id}",
    AddContactsToGroupResponse,
    AddContactsToGroupWithFieldsRequest,
    id_field="groupId",
    id_kind="int",
    creates=True,
)
DELETE_GROUP = Endpoint("DELETE", "/groups/{id}", DeleteGroup, id_field="groupId", id_kind="int")
# GET, as the API has it, though it removes every contact: retried like any GET, which is
# harmless (emptying twice leaves it empty).
EMPTY_GROUP = Endpoint(
    "GET", "/groups/{id}/empty", GroupResponse, id_field="groupId", id_kind="int"
)
EXPORT_GROUP_CSV = Endpoint("GET", "/groups/{id}/csv", bytes, id_field="groupId", id_kind="int")
EXPORT_GROUP_XLSX = Endpoint("GET", "/groups/{id}/xlsx", bytes, id_field="groupId", id_kind="int")
# Two ids in the path: filled in by _contact_path, which checks both.
DELETE_CONTACT = Endpoint("DELETE", "/groups/{groupId}/{phoneNumberId}", DeleteContact)
UPDATE_CONTACT = Endpoint(
    "PATCH",
    "/groups/{groupId}/{phoneNumberId}",
    UpdateNumberResponse,
    UpdateNumberRequest,
    creates=True,
)


def _contact_path(group_id: int, phone_number_id: str) -> str:
    """``/groups/{groupId}/{phoneNumberId}``, both checked (a contact's id is a UUID)."""
    if isinstance(group_id, bool) or not isinstance(group_id, int) or group_id < 1:
        raise ValidationError(
            f"`group_id` must be a whole number of at least 1, got {group_id!r:.40}.",
            field="groupId",
        )
    contact = check_identifier(phone_number_id, field="phoneNumberId", code=None)
    return f"/groups/{group_id}/{contact}"


class GroupsApi(Namespace):
    """Contact groups (``client.groups``): the vendor's ``GroupsApi``.

    ::

        group = await client.groups.create_group(name="Newsletter")
        await client.groups.add_contacts_to_group_with_fields(
            group.info.id, phone_numbers=[{"phone_number": "+33612345678", "first_name": "Ana"}]
        )
        text = "Hi {{firstName}}"
        await client.send_sms_campaign(groups=[group.info.id], from_="Shop", text=text)
    """

    __slots__ = ()

    @migration_hints
    async def get_groups_list(self) -> GroupsList:
        """Every group with its size, opt-outs and cost of one SMS to all: ``GET /groups``."""
        return await self._call(GET_GROUPS_LIST)

    @migration_hints
    async def create_group(
        self, request: NewGroupRequest | None = None, /, *, name: str | None = None
    ) -> NewGroupResponse:
        """Create a group (3 to 60 characters, unique): ``POST /groups``; its id is in
        ``.info.id``. A name in use is an :class:`~smscx.InvalidRequestError` (1211); after an
        attempt of unknown outcome that one says ``maybe_sent`` (it most likely made it)."""
        body = request_from(NewGroupRequest, request, given(name=name))
        return await self._call(CREATE_GROUP, body=body)

    def get_group_details(
        self,
        group_id: int,
        *,
        limit: int | None = None,
        next: str | None = None,
        previous: str | None = None,
    ) -> AsyncPaginator[DataGroupsDetails]:
        """A group and its contacts, oldest first: ``GET /groups/{groupId}``, paged by
        cursor (``.info`` is the group). Unknown: :class:`~smscx.NotFoundError` (1200)."""

        return self._pages(
            GET_GROUP_DETAILS, {"limit": limit}, next=next, previous=previous, path_id=group_id
        )

    @migration_hints
    async def add_contacts_to_group(
        self,
        group_id: int,
        request: AddContactsToGroupRequest | None = None,
        /,
        *,
        phone_numbers: str | Iterable[str] | None = None,
        country_iso: str | None = None,
        allow_invalid: bool | None = None,
    ) -> AddContactsToGroupResponse:
        """Add numbers to a group: ``POST /groups/{groupId}``. Numbers already in it count
        as ``total_duplicates``; invalid ones refuse the request
        (:class:`~smscx.InvalidPhoneNumberError`) unless ``allow_invalid``."""
        numbers = [phone_numbers] if isinstance(phone_numbers, str) else phone_numbers
        fields = given(phone_numbers=numbers, country_iso=country_iso, allow_invalid=allow_invalid)
        body = request_from(AddContactsToGroupRequest, request, fields)
        return await self._call(ADD_CONTACTS, body=body, path_id=group_id)

    @migration_hints
    async def add_contacts_to_group_with_fields(
        self,
        group_id: int,
        request: AddContactsToGroupWithFieldsRequest | None = None,
        /,
        *,
        phone_numbers: Iterable[GroupAdd | Mapping[str, Any]] | None = None,
        allow_invalid: bool | None = None,
    ) -> AddContactsToGroupResponse:
        """Add contacts with their fields: ``POST /groups/{groupId}``.

        Each contact is a :class:`~smscx.models.GroupAdd` or a dict of its fields
        (``phone_number``, ``first_name``, ``last_name``, ``email``, ``field1``..``field5``,
        ``country_iso``, ``custom_fields``), which fill a campaign's placeholders.
        """
        fields = given(phone_numbers=phone_numbers, allow_invalid=allow_invalid)
        body = request_from(AddContactsToGroupWithFieldsRequest, request, fields)
        return await self._call(ADD_CONTACTS_WITH_FIELDS, body=body, path_id=group_id)

    @migration_hints
    async def delete_group(self, group_id: int) -> DeleteGroup:
        """Delete a group and its contacts: ``DELETE /groups/{groupId}``."""
        return await self._call(DELETE_GROUP, path_id=group_id)

    @migration_hints
    async def empty_group(self, group_id: int) -> GroupResponse:
        """Remove every contact, keep the group: ``GET /groups/{groupId}/empty``."""
        return await self._call(EMPTY_GROUP, path_id=group_id)

    @migration_hints
    async def delete_contact_from_group(self, group_id: int, phone_number_id: str) -> DeleteContact:
        """Remove one contact (its id from :meth:`get_group_details`): ``DELETE
        /groups/{groupId}/{phoneNumberId}``. Unknown: :class:`~smscx.NotFoundError` (1202)."""
        path = _contact_path(group_id, phone_number_id)
        return await self._call(attrs.evolve(DELETE_CONTACT, path=path))

    @migration_hints
    async def update_contact_from_group(
        self,
        group_id: int,
        phone_number_id: str,
        request: UpdateNumberRequest | None = None,
        /,
        *,
        phone_number: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        email: str | None = None,
        field1: str | None = None,
        field2: str | None = None,
        field3: str | None = None,
        field4: str | None = None,
        field5: str | None = None,
        custom_fields: Mapping[str, str] | None = None,
    ) -> UpdateNumberResponse:
        """Change a contact's number or fields (those given): ``PATCH
        /groups/{groupId}/{phoneNumberId}``. A number another contact of the group has is
        an :class:`~smscx.InvalidRequestError` (1215)."""
        fields = given(
            phone_number=phone_number,
            first_name=first_name,
            last_name=last_name,
            email=email,
            field1=field1,
            field2=field2,
            field3=field3,
            field4=field4,
            field5=field5,
            custom_fields=None if custom_fields is None else dict(custom_fields),
        )
        body = request_from(UpdateNumberRequest, request, fields)
        path = _contact_path(group_id, phone_number_id)
        return await self._call(attrs.evolve(UPDATE_CONTACT, path=path), body=body)

    @overload
    async def export_group_to_csv(self, group_id: int, *, to: None = ...) -> str: ...
    @overload
    async def export_group_to_csv(self, group_id: int, *, to: Destination) -> int: ...
    async def export_group_to_csv(
        self, group_id: int, *, to: Destination | None = None
    ) -> str | int:
        """A group's contacts as CSV: ``GET /groups/{groupId}/csv``; the text, or with ``to``
        (a path, a binary file, an async writer) the bytes streamed there."""
        got = await self._download(EXPORT_GROUP_CSV, to, path_id=group_id)
        return got.decode("utf-8") if isinstance(got, bytes) else got

    @overload
    async def export_group_to_xlsx(self, group_id: int, *, to: None = ...) -> bytes: ...
    @overload
    async def export_group_to_xlsx(self, group_id: int, *, to: Destination) -> int: ...
    async def export_group_to_xlsx(
        self, group_id: int, *, to: Destination | None = None
    ) -> bytes | int:
        """A group's contacts as XLSX: ``GET /groups/{groupId}/xlsx``."""
        return await self._download(EXPORT_GROUP_XLSX, to, path_id=group_id)


class BlockingGroupsApi(BlockingNamespace):
    """``SmsClient.groups``: :class:`~smscx.GroupsApi`, blocking."""

    __slots__ = ()

    get_groups_list = blocking(GroupsApi.get_groups_list)
    create_group = blocking(GroupsApi.create_group)
    get_group_details = blocking_pages(GroupsApi.get_group_details)
    add_contacts_to_group = blocking(GroupsApi.add_contacts_to_group)
    add_contacts_to_group_with_fields = blocking(GroupsApi.add_contacts_to_group_with_fields)
    delete_group = blocking(GroupsApi.delete_group)
    empty_group = blocking(GroupsApi.empty_group)
    delete_contact_from_group = blocking(GroupsApi.delete_contact_from_group)
    update_contact_from_group = blocking(GroupsApi.update_contact_from_group)
    export_group_to_csv = blocking_export(GroupsApi.export_group_to_csv)
    export_group_to_xlsx = blocking_export(GroupsApi.export_group_to_xlsx)

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
    "GET", "/groups/{id}/empty", GroupResponse, id_field="groupId", id_kind="int", no_content=True
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
    no_content=True,
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
        """Every group with its size, opt-outs and cost of one SMS to all: ``GET /groups``.
        **Not charged**.

        :returns: The groups, most recent first (``data``): ``id``, ``name``,
            ``total_phone_numbers``, ``total_optouts``, ``total_cost``.
        :raises APIStatusError: An error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_GROUPS_LIST)

    @migration_hints
    async def create_group(
        self, request: NewGroupRequest | None = None, /, *, name: str | None = None
    ) -> NewGroupResponse:
        """Create a group (3 to 60 characters, unique): ``POST /groups``; its id is in
        ``.info.id``. **Not charged**.

        A name in use is an :class:`~smscx.InvalidRequestError` (1211); after an attempt of
        unknown outcome that one says ``maybe_sent`` (it most likely made it).

        :param request: A :class:`~smscx.models.NewGroupRequest` instead of ``name`` (or the
            vendor's ``smscx_client`` model of that name); never both.
        :param name: The group's name: 3 to 60 characters, not one of another group of the
            account. Required.
        :returns: The group: ``info.id`` and ``info.name``.
        :raises ValidationError: Before anything is sent: no name (1204), or one not of 3
            to 60 characters (1206).
        :raises InvalidRequestError: A group of the account has this name (1211).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        body = request_from(NewGroupRequest, request, given(name=name))
        return await self._call(CREATE_GROUP, body=body)

    def get_group_details(
        self,
        group_id: int,
        *,
        short_response: bool | None = None,
        limit: int | None = None,
        next: str | None = None,
        previous: str | None = None,
    ) -> AsyncPaginator[DataGroupsDetails]:
        """A group and its contacts, oldest first: ``GET /groups/{groupId}``, paged by
        cursor (``.info`` is the group). Unknown: :class:`~smscx.NotFoundError` (1200).
        **Not charged**.

        :param group_id: The group's id (a whole number: ``info.id`` of
            :meth:`create_group`, ``id`` in :meth:`get_groups_list`).
        :param short_response: ``True``: the group (``.info``) and no contacts (API
            default: ``False``).
        :param limit: Items per page (API default: 500).
        :param next: Start at the page after an earlier one: its ``paging.next`` cursor.
        :param previous: Start at the page before an earlier one: its ``paging.previous``
            cursor.
        :returns: The pages: ``await`` it for the first (``.data``, ``.info``, ``.paging``,
            ``.next_page()``), ``async for`` over it for every item, each page fetched when
            needed. (Blocking: the first page, a :class:`~smscx.SyncPage`.)
        :raises ValidationError: When the first page is fetched, before it is sent:
            ``group_id`` is not a whole number of at least 1.
        :raises NotFoundError: No group of the account has this id (1200).
        :raises APIStatusError: When a page is fetched, any other error answer:
            :class:`~smscx.AuthenticationError` (401), :class:`~smscx.RateLimitError` (429),
            :class:`~smscx.ServerError` (5xx) once the retries are spent.
        :raises APIConnectionError: When a page is fetched, no answer once the retries are
            spent (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or while a page was fetched.
        """

        flag = None if short_response is None else "true" if short_response else "false"
        base = {"short_response": flag, "limit": limit}
        return self._pages(GET_GROUP_DETAILS, base, next=next, previous=previous, path_id=group_id)

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
        """Add numbers to a group: ``POST /groups/{groupId}``. **Not charged**.

        Numbers already in it count as ``total_duplicates``; invalid ones refuse the request
        (:class:`~smscx.InvalidPhoneNumberError`) unless ``allow_invalid``.

        :param group_id: The group's id (a whole number: ``info.id`` of
            :meth:`create_group`, ``id`` in :meth:`get_groups_list`).
        :param request: A :class:`~smscx.models.AddContactsToGroupRequest` instead of the
            keywords (or the vendor's ``smscx_client`` model of that name); never both.
        :param phone_numbers: One number or several: international (E.164), or national
            with ``country_iso``. Required.
        :param country_iso: The two-letter ISO 3166 country of the numbers given in
            national format; ignored for international ones.
        :param allow_invalid: ``True``: add the valid numbers and list the invalid ones in
            ``info.invalid``, rather than refuse the request (API default: ``False``).
        :returns: The counts (``total_valid``, ``total_duplicates``, ``total_invalid``),
            the invalid numbers and the cost of one SMS to the new contacts (``info``).
        :raises ValidationError: Before anything is sent: ``group_id`` is not a whole
            number of at least 1, no number, or one that is not a string.
        :raises NotFoundError: No group of the account has this id (1200).
        :raises InvalidPhoneNumberError: Invalid numbers without ``allow_invalid`` (1207,
            1210); ``invalid_numbers`` names them.
        :raises InvalidRequestError: A list the API refused (1203, 1208).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
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
        """Add contacts with their fields: ``POST /groups/{groupId}``. **Not charged**.

        Each contact is a :class:`~smscx.models.GroupAdd` or a dict of its fields
        (``phone_number``, ``first_name``, ``last_name``, ``email``, ``field1``..``field5``,
        ``country_iso``, ``custom_fields``), which fill a campaign's placeholders.

        :param group_id: The group's id (a whole number: ``info.id`` of
            :meth:`create_group`, ``id`` in :meth:`get_groups_list`).
        :param request: A :class:`~smscx.models.AddContactsToGroupWithFieldsRequest`
            instead of the keywords (or the vendor's ``smscx_client`` model of that name);
            never both.
        :param phone_numbers: The contacts: each a :class:`~smscx.models.GroupAdd` or a dict
            of its fields, its ``phone_number`` required; ``custom_fields`` holds up to 20
            more, by name (``{"height": "1.78m"}`` fills ``{{height}}``). Required.
        :param allow_invalid: ``True``: add the valid numbers and list the invalid ones in
            ``info.invalid``, rather than refuse the request (API default: ``False``).
        :returns: The counts (``total_valid``, ``total_duplicates``, ``total_invalid``),
            the invalid numbers and the cost of one SMS to the new contacts (``info``).
        :raises ValidationError: Before anything is sent: ``group_id`` is not a whole
            number of at least 1, no contact, a contact without a number or with fields
            :class:`~smscx.models.GroupAdd` does not have.
        :raises NotFoundError: No group of the account has this id (1200).
        :raises InvalidPhoneNumberError: Invalid numbers without ``allow_invalid`` (1207,
            1210); ``invalid_numbers`` names them.
        :raises InvalidRequestError: A list the API refused (1203, 1208).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        fields = given(phone_numbers=phone_numbers, allow_invalid=allow_invalid)
        body = request_from(AddContactsToGroupWithFieldsRequest, request, fields)
        return await self._call(ADD_CONTACTS_WITH_FIELDS, body=body, path_id=group_id)

    @migration_hints
    async def delete_group(self, group_id: int) -> DeleteGroup:
        """Delete a group and its contacts: ``DELETE /groups/{groupId}``. **Not charged**.

        :param group_id: The group's id (a whole number: ``info.id`` of
            :meth:`create_group`, ``id`` in :meth:`get_groups_list`).
        :returns: The group deleted: its id, name and size (``info``).
        :raises ValidationError: Before anything is sent: ``group_id`` is not a whole
            number of at least 1.
        :raises NotFoundError: No group of the account has this id (1200); with
            ``maybe_sent=True``, an earlier attempt most likely deleted it.
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(DELETE_GROUP, path_id=group_id)

    @migration_hints
    async def empty_group(self, group_id: int) -> GroupResponse | None:
        """Remove every contact, keep the group: ``GET /groups/{groupId}/empty``.
        **Not charged**.

        A GET, as the API has it, retried like any: emptying twice leaves it empty.

        :param group_id: The group's id (a whole number: ``info.id`` of
            :meth:`create_group`, ``id`` in :meth:`get_groups_list`).
        :returns: The group (``info``), or ``None`` when it was already empty (the API
            answers 204 No Content then).
        :raises ValidationError: Before anything is sent: ``group_id`` is not a whole
            number of at least 1.
        :raises NotFoundError: No group of the account has this id (1200).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(EMPTY_GROUP, path_id=group_id)

    @migration_hints
    async def delete_contact_from_group(self, group_id: int, phone_number_id: str) -> DeleteContact:
        """Remove one contact (its id from :meth:`get_group_details`): ``DELETE
        /groups/{groupId}/{phoneNumberId}``. Unknown: :class:`~smscx.NotFoundError` (1202).
        **Not charged**.

        :param group_id: The group's id (a whole number: ``info.id`` of
            :meth:`create_group`, ``id`` in :meth:`get_groups_list`).
        :param phone_number_id: The contact's id (a UUID: ``id`` of its entry in
            :meth:`get_group_details`).
        :returns: The contact removed: its id, number and country (``info``).
        :raises ValidationError: Before anything is sent: ``group_id`` is not a whole number
            of at least 1, or ``phone_number_id`` is not a UUID.
        :raises NotFoundError: No such group (1200), or no such contact in it (1202); with
            ``maybe_sent=True``, an earlier attempt most likely removed it.
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
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
    ) -> UpdateNumberResponse | None:
        """Change a contact's number or fields (those given): ``PATCH
        /groups/{groupId}/{phoneNumberId}``. **Not charged**.

        Fields left at ``None`` keep their value. A number another contact of the group has
        is an :class:`~smscx.InvalidRequestError` (1215).

        :param group_id: The group's id (a whole number: ``info.id`` of
            :meth:`create_group`, ``id`` in :meth:`get_groups_list`).
        :param phone_number_id: The contact's id (a UUID: ``id`` of its entry in
            :meth:`get_group_details`).
        :param request: A :class:`~smscx.models.UpdateNumberRequest` instead of the
            keywords (or the vendor's ``smscx_client`` model of that name); never both.
        :param phone_number: The contact's new number, international (E.164).
        :param first_name: Its first name, for ``{{firstName}}`` in a campaign's text.
        :param last_name: Its last name, for ``{{lastName}}``.
        :param email: Its email address, for ``{{email}}``.
        :param field1: Free data, for ``{{field1}}``.
        :param field2: Free data, for ``{{field2}}``.
        :param field3: Free data, for ``{{field3}}``.
        :param field4: Free data, for ``{{field4}}``.
        :param field5: Free data, for ``{{field5}}``.
        :param custom_fields: Up to 20 more fields by name (``{"height": "1.78m"}`` fills
            ``{{height}}``).
        :returns: The ids of the contact and of its group (``info.id``, ``info.group_id``),
            or ``None`` when nothing changed: every field given already had that value
            (the API answers 204 No Content then).
        :raises ValidationError: Before anything is sent: ``group_id`` is not a whole number
            of at least 1, ``phone_number_id`` is not a UUID, or no field to change (1213).
        :raises NotFoundError: No such contact in the group (1202).
        :raises InvalidRequestError: Another contact of the group has this number (1215).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
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
        (a path, a binary file, an async writer) the bytes streamed there. **Not charged**.
        An empty group gives the header line alone.

        :param group_id: The group's id (a whole number: ``info.id`` of
            :meth:`create_group`, ``id`` in :meth:`get_groups_list`).
        :param to: Where to write the file as it arrives, never held whole: a path
            (replaced only once the export is whole), a binary file, or an object with an
            async ``write``. ``None``: return it.
        :returns: The CSV text, or with ``to`` the number of bytes written.
        :raises ValidationError: Before anything is sent: ``group_id`` is not a whole
            number of at least 1.
        :raises NotFoundError: No group of the account has this id (1200).
        :raises DestinationError: ``to`` cannot be written (a directory, no permission, a
            full disk); a path is left as it was.
        :raises APIResponseValidationError: The answer was not the export (another content
            type): nothing was written.
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        got = await self._download(EXPORT_GROUP_CSV, to, path_id=group_id)
        return got.decode("utf-8") if isinstance(got, bytes) else got

    @overload
    async def export_group_to_xlsx(self, group_id: int, *, to: None = ...) -> bytes: ...
    @overload
    async def export_group_to_xlsx(self, group_id: int, *, to: Destination) -> int: ...
    async def export_group_to_xlsx(
        self, group_id: int, *, to: Destination | None = None
    ) -> bytes | int:
        """A group's contacts as XLSX: ``GET /groups/{groupId}/xlsx``. **Not charged**.

        :param group_id: The group's id (a whole number: ``info.id`` of
            :meth:`create_group`, ``id`` in :meth:`get_groups_list`).
        :param to: Where to write the file as it arrives, never held whole: a path
            (replaced only once the export is whole), a binary file, or an object with an
            async ``write``. ``None``: return it.
        :returns: The workbook's bytes, or with ``to`` the number of bytes written.
        :raises ValidationError: Before anything is sent: ``group_id`` is not a whole
            number of at least 1.
        :raises NotFoundError: No group of the account has this id (1200).
        :raises DestinationError: ``to`` cannot be written (a directory, no permission, a
            full disk); a path is left as it was.
        :raises APIResponseValidationError: The answer was not the export (another content
            type): nothing was written.
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
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

"""``OptoutsApi``: the contacts that opted out, to whom sends are rejected at no cost."""

from __future__ import annotations

from collections.abc import Iterable
from typing import overload

from smscx._download import Destination
from smscx._migration import migration_hints
from smscx._paging import AsyncPaginator
from smscx._pipeline import Endpoint
from smscx._validation import given, request_from
from smscx.models import (
    AddContactsToGroupRequest,
    DataOptouts,
    OptoutsDeleteResponse,
    OptoutsListResponse,
    OptoutsNewResponse,
)

from ._namespace import BlockingNamespace, Namespace, blocking, blocking_export, blocking_pages

__all__ = ["BlockingOptoutsApi", "OptoutsApi"]

GET_OPTOUTS_LIST = Endpoint("GET", "/optouts", OptoutsListResponse)
ADD_OPTOUTS = Endpoint(
    "POST", "/optouts", OptoutsNewResponse, AddContactsToGroupRequest, creates=True
)
EXPORT_OPTOUTS_CSV = Endpoint("GET", "/optouts/csv", bytes)
EXPORT_OPTOUTS_XLSX = Endpoint("GET", "/optouts/xlsx", bytes)
DELETE_OPTOUT = Endpoint(
    "DELETE", "/optouts/{id}", OptoutsDeleteResponse, id_field="optoutId", id_kind="int"
)


class OptoutsApi(Namespace):
    """The opt-out list (``client.optouts``): the vendor's ``OptoutsApi``.

    ::

        await client.optouts.add_contact_to_optouts_list(phone_numbers=["+33612345678"])
        async for optout in client.optouts.get_optouts_list(limit=500):
            print(optout.phone_number, optout.optout_from)
    """

    __slots__ = ()

    def get_optouts_list(
        self, *, limit: int | None = None, next: str | None = None, previous: str | None = None
    ) -> AsyncPaginator[DataOptouts]:
        """The opt-out list, most recent first: ``GET /optouts``, paged by cursor.

        ``await`` it for one page (``limit`` items, 500 by default, from the ``next`` or
        ``previous`` cursor of an earlier page); ``async for`` over it for every contact,
        each page fetched when the one before is used up.
        """
        return self._pages(GET_OPTOUTS_LIST, {"limit": limit}, next=next, previous=previous)

    @migration_hints
    async def add_contact_to_optouts_list(
        self,
        request: AddContactsToGroupRequest | None = None,
        /,
        *,
        phone_numbers: str | Iterable[str] | None = None,
        country_iso: str | None = None,
        allow_invalid: bool | None = None,
    ) -> OptoutsNewResponse:
        """Add contacts to the opt-out list: ``POST /optouts``.

        Sends to them are then ``REJECTED`` and cost nothing. Numbers already there count as
        ``total_duplicates``; when no number is new and valid the API answers 1441
        (:class:`~smscx.InvalidRequestError`).
        """
        numbers = [phone_numbers] if isinstance(phone_numbers, str) else phone_numbers
        fields = given(phone_numbers=numbers, country_iso=country_iso, allow_invalid=allow_invalid)
        body = request_from(AddContactsToGroupRequest, request, fields)
        return await self._call(ADD_OPTOUTS, body=body)

    @migration_hints
    async def delete_contact_from_optouts_list(self, optout_id: int) -> OptoutsDeleteResponse:
        """Remove a contact from the opt-out list by its id: ``DELETE /optouts/{optoutId}``.

        An unknown id is a :class:`~smscx.NotFoundError` (1202); a contact that opted out
        through a link cannot be removed (:class:`~smscx.AccessDeniedError`, 1443).
        """
        return await self._call(DELETE_OPTOUT, path_id=optout_id)

    @overload
    async def export_optouts_to_csv(self, *, to: None = ...) -> str: ...
    @overload
    async def export_optouts_to_csv(self, *, to: Destination) -> int: ...
    async def export_optouts_to_csv(self, *, to: Destination | None = None) -> str | int:
        """The whole opt-out list as CSV: ``GET /optouts/csv``; the text, or with ``to`` (a
        path, a binary file, an async writer) the bytes streamed there as they arrive."""
        got = await self._download(EXPORT_OPTOUTS_CSV, to)
        return got.decode("utf-8") if isinstance(got, bytes) else got

    @overload
    async def export_optouts_to_xlsx(self, *, to: None = ...) -> bytes: ...
    @overload
    async def export_optouts_to_xlsx(self, *, to: Destination) -> int: ...
    async def export_optouts_to_xlsx(self, *, to: Destination | None = None) -> bytes | int:
        """The whole opt-out list as XLSX: ``GET /optouts/xlsx``."""
        return await self._download(EXPORT_OPTOUTS_XLSX, to)


class BlockingOptoutsApi(BlockingNamespace):
    """``SmsClient.optouts``: :class:`~smscx.OptoutsApi`, blocking."""

    __slots__ = ()

    get_optouts_list = blocking_pages(OptoutsApi.get_optouts_list)
    export_optouts_to_csv = blocking_export(OptoutsApi.export_optouts_to_csv)
    export_optouts_to_xlsx = blocking_export(OptoutsApi.export_optouts_to_xlsx)
    add_contact_to_optouts_list = blocking(OptoutsApi.add_contact_to_optouts_list)
    delete_contact_from_optouts_list = blocking(OptoutsApi.delete_contact_from_optouts_list)

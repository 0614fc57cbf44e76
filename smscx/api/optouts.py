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
        **Not charged**.

        ``await`` it for one page (``limit`` items, 500 by default, from the ``next`` or
        ``previous`` cursor of an earlier page); ``async for`` over it for every contact,
        each page fetched when the one before is used up.

        :param limit: Items per page (API default: 500).
        :param next: Start at the page after an earlier one: its ``paging.next`` cursor.
        :param previous: Start at the page before an earlier one: its ``paging.previous``
            cursor.
        :returns: The pages: ``await`` it for the first (``.data``, ``.info``, ``.paging``,
            ``.next_page()``), ``async for`` over it for every item, each page fetched when
            needed. (Blocking: the first page, a :class:`~smscx.SyncPage`.)
        :raises APIStatusError: When a page is fetched, an error answer:
            :class:`~smscx.AuthenticationError` (401), :class:`~smscx.RateLimitError` (429),
            :class:`~smscx.ServerError` (5xx) once the retries are spent.
        :raises APIConnectionError: When a page is fetched, no answer once the retries are
            spent (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or while a page was fetched.
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
        """Add contacts to the opt-out list: ``POST /optouts``. **Not charged**.

        Sends to them are then ``REJECTED`` and cost nothing. Numbers already there count as
        ``total_duplicates``; when no number is new and valid the API answers 1441
        (:class:`~smscx.InvalidRequestError`).

        :param request: A :class:`~smscx.models.AddContactsToGroupRequest` instead of the
            keywords (or the vendor's ``smscx_client`` model of that name); never both.
        :param phone_numbers: One number or several: international (E.164), or national
            with ``country_iso``. Required.
        :param country_iso: The two-letter ISO 3166 country of the numbers given in
            national format; ignored for international ones.
        :param allow_invalid: ``True``: add the valid numbers and skip the invalid ones,
            rather than refuse the request (API default: ``False``).
        :returns: The counts (``total_valid``, ``total_duplicates``, ``total_invalid``) and
            the invalid numbers (``info``).
        :raises ValidationError: Before anything is sent: no number, or one that is not a
            string.
        :raises InvalidPhoneNumberError: Invalid numbers without ``allow_invalid`` (1210);
            ``invalid_numbers`` names them.
        :raises InvalidRequestError: No number both valid and new (1441), or a list the API
            refused (1203, 1208); after an attempt of unknown outcome, 1441 with
            ``maybe_sent=True`` means that attempt most likely added them.
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
        return await self._call(ADD_OPTOUTS, body=body)

    @migration_hints
    async def delete_contact_from_optouts_list(self, optout_id: int) -> OptoutsDeleteResponse:
        """Remove a contact from the opt-out list by its id: ``DELETE /optouts/{optoutId}``.
        **Not charged**.

        An unknown id is a :class:`~smscx.NotFoundError` (1202); a contact that opted out
        through a link cannot be removed (:class:`~smscx.AccessDeniedError`, 1443).

        :param optout_id: The contact's id in the opt-out list (a whole number, from
            :meth:`get_optouts_list`).
        :returns: The contact removed: its id and number (``info``).
        :raises ValidationError: Before anything is sent: ``optout_id`` is not a whole
            number of at least 1.
        :raises NotFoundError: No contact of the list has this id (1202); with
            ``maybe_sent=True``, an earlier attempt most likely removed it.
        :raises AccessDeniedError: The contact opted out through the link; only those you
            added can be removed (1443).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(DELETE_OPTOUT, path_id=optout_id)

    @overload
    async def export_optouts_to_csv(self, *, to: None = ...) -> str: ...
    @overload
    async def export_optouts_to_csv(self, *, to: Destination) -> int: ...
    async def export_optouts_to_csv(self, *, to: Destination | None = None) -> str | int:
        """The whole opt-out list as CSV: ``GET /optouts/csv``; the text, or with ``to`` (a
        path, a binary file, an async writer) the bytes streamed there as they arrive.
        **Not charged**. An empty list gives the header line alone.

        :param to: Where to write the file as it arrives, never held whole: a path
            (replaced only once the export is whole), a binary file, or an object with an
            async ``write``. ``None``: return it.
        :returns: The CSV text, or with ``to`` the number of bytes written.
        :raises DestinationError: ``to`` cannot be written (a directory, no permission, a
            full disk); a path is left as it was.
        :raises APIResponseValidationError: The answer was not the export (another content
            type): nothing was written.
        :raises APIStatusError: An error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        got = await self._download(EXPORT_OPTOUTS_CSV, to)
        return got.decode("utf-8") if isinstance(got, bytes) else got

    @overload
    async def export_optouts_to_xlsx(self, *, to: None = ...) -> bytes: ...
    @overload
    async def export_optouts_to_xlsx(self, *, to: Destination) -> int: ...
    async def export_optouts_to_xlsx(self, *, to: Destination | None = None) -> bytes | int:
        """The whole opt-out list as XLSX: ``GET /optouts/xlsx``. **Not charged**.

        :param to: Where to write the file as it arrives, never held whole: a path
            (replaced only once the export is whole), a binary file, or an object with an
            async ``write``. ``None``: return it.
        :returns: The workbook's bytes, or with ``to`` the number of bytes written.
        :raises DestinationError: ``to`` cannot be written (a directory, no permission, a
            full disk); a path is left as it was.
        :raises APIResponseValidationError: The answer was not the export (another content
            type): nothing was written.
        :raises APIStatusError: An error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._download(EXPORT_OPTOUTS_XLSX, to)


class BlockingOptoutsApi(BlockingNamespace):
    """``SmsClient.optouts``: :class:`~smscx.OptoutsApi`, blocking."""

    __slots__ = ()

    get_optouts_list = blocking_pages(OptoutsApi.get_optouts_list)
    export_optouts_to_csv = blocking_export(OptoutsApi.export_optouts_to_csv)
    export_optouts_to_xlsx = blocking_export(OptoutsApi.export_optouts_to_xlsx)
    add_contact_to_optouts_list = blocking(OptoutsApi.add_contact_to_optouts_list)
    delete_contact_from_optouts_list = blocking(OptoutsApi.delete_contact_from_optouts_list)

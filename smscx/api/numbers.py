"""``NumbersApi``: phone number validation (free) and lookup (HLR, charged).

Number rental is not covered."""

from __future__ import annotations

from collections.abc import Iterable
from typing import overload

from smscx._download import Destination
from smscx._migration import migration_hints
from smscx._paging import AsyncPaginator
from smscx._pipeline import Endpoint
from smscx._validation import given, request_from
from smscx.errors import ErrorCode
from smscx.models import (
    BulkLookupCampaignsResponse,
    DataLookupCampaigns,
    DataNumberLookup,
    NumberLookupResponse,
    NumbersBulkLookupResult,
    NumbersLookupRequest,
    NumbersLookupResponse,
    NumbersValidateRequest,
    NumbersValidateResponse,
    NumberValidateResponse,
)

from ._namespace import BlockingNamespace, Namespace, blocking, blocking_export, blocking_pages

__all__ = ["BlockingNumbersApi", "NumbersApi"]

VALIDATE_NUMBER = Endpoint(
    "GET",
    "/numbers/validate/{id}",
    NumberValidateResponse,
    id_field="phoneNumber",
    id_kind="phone",
)
VALIDATE_NUMBERS = Endpoint(
    "POST", "/numbers/validate", NumbersValidateResponse, NumbersValidateRequest
)
# Charged, and the API takes no idempotency id for lookups: never repeated once an attempt
# may have reached it (see lookup_number).
LOOKUP_NUMBER = Endpoint(
    "GET",
    "/numbers/lookup/{id}",
    NumberLookupResponse,
    id_field="phoneNumber",
    id_kind="phone",
    at_most_once=True,
)
LOOKUP_NUMBERS = Endpoint(
    "POST", "/numbers/lookup", NumbersLookupResponse, NumbersLookupRequest, at_most_once=True
)
GET_SINGLE_LOOKUP = Endpoint(
    "GET",
    "/numbers/lookup/lookupId/{id}",
    DataNumberLookup,
    id_field="lookupId",
    id_code=ErrorCode.LOOKUP_ID_INVALID,
)
GET_BULK_LOOKUP = Endpoint(
    "GET",
    "/numbers/lookup/lookupBulkId/{id}",
    NumbersBulkLookupResult,
    id_field="lookupBulkId",
    id_code=ErrorCode.LOOKUP_BULK_ID_INVALID,
)
GET_BULK_LOOKUP_CAMPAIGNS = Endpoint("GET", "/numbers/lookup", BulkLookupCampaignsResponse)
EXPORT_LOOKUP_CSV = Endpoint(
    "GET",
    "/numbers/lookup/lookupBulkId/{id}/csv",
    bytes,
    id_field="lookupBulkId",
    id_code=ErrorCode.LOOKUP_BULK_ID_INVALID,
)
EXPORT_LOOKUP_XLSX = Endpoint(
    "GET",
    "/numbers/lookup/lookupBulkId/{id}/xlsx",
    bytes,
    id_field="lookupBulkId",
    id_code=ErrorCode.LOOKUP_BULK_ID_INVALID,
)


class NumbersApi(Namespace):
    """Phone numbers (``client.numbers``): the vendor's ``NumbersApi`` (not rental).

    ::

        valid = await client.numbers.validate_number("+33612345678")
        print(valid.data.country_iso, valid.data.network_operator)
        looked = await client.numbers.lookup_number("+33612345678")  # charged
        print(looked.data.status, looked.data.original_network)
    """

    __slots__ = ()

    @migration_hints
    async def validate_number(self, phone_number: str) -> NumberValidateResponse:
        """Validate one number in E.164 (the ``+`` may be left out):
        ``GET /numbers/validate/{phoneNumber}``. **Not charged**.

        An invalid number is an :class:`~smscx.InvalidPhoneNumberError` (1207).

        :param phone_number: The number in international E.164 format; the leading ``+``
            may be left out (``+33612345678`` or ``33612345678``).
        :returns: Its country, network operator and timezone (``data``).
        :raises ValidationError: Before anything is sent: ``phone_number`` is empty or not
            a string.
        :raises InvalidPhoneNumberError: The number is invalid (1207).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(VALIDATE_NUMBER, path_id=phone_number)

    @migration_hints
    async def validate_numbers(
        self,
        request: NumbersValidateRequest | None = None,
        /,
        *,
        phone_numbers: str | Iterable[str] | None = None,
        country_iso: str | None = None,
    ) -> NumbersValidateResponse:
        """Validate up to 40,000 numbers at once: ``POST /numbers/validate``.
        **Not charged**.

        Every number is answered, in the order given, invalid ones with ``invalid=True``.

        :param request: A :class:`~smscx.models.NumbersValidateRequest` instead of the
            keywords (or the vendor's ``smscx_client`` model of that name); never both.
        :param phone_numbers: One number or up to 40,000: international (E.164), or
            national with ``country_iso``. Required.
        :param country_iso: The two-letter ISO 3166 country of the numbers given in
            national format; ignored for international ones.
        :returns: One entry per number, in the order given (``data``), and the counts of
            valid and invalid ones (``info``).
        :raises ValidationError: Before anything is sent: no number, one that is not a
            string, more than 40,000.
        :raises InvalidRequestError: The API refused the list (1203, 1205, 1208).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        numbers = [phone_numbers] if isinstance(phone_numbers, str) else phone_numbers
        fields = given(phone_numbers=numbers, country_iso=country_iso)
        body = request_from(NumbersValidateRequest, request, fields)
        return await self._call(VALIDATE_NUMBERS, body=body)

    @migration_hints
    async def lookup_number(self, phone_number: str) -> NumberLookupResponse:
        """Look one number up in the mobile network (HLR): ``GET
        /numbers/lookup/{phoneNumber}``. **Charged**.

        The API takes no idempotency id for lookups, so an attempt that may have reached it
        (a 5xx, a read timeout) is not repeated: the error has ``maybe_sent=True`` and the
        lookup may have been billed. Failures that surely did not reach it (no connection,
        429) are retried.

        :param phone_number: The number in international E.164 format; the leading ``+``
            may be left out (``+33612345678`` or ``33612345678``).
        :returns: Whether it is reachable (``status``: ``ACTIVE``, ``ABSENT``, ``BARRED``,
            ``UNKNOWN``, ``FAILED``), ported or roaming, its original and current network,
            and the cost (``data``).
        :raises ValidationError: Before anything is sent: ``phone_number`` is empty or not
            a string.
        :raises InvalidPhoneNumberError: The number is invalid (1207).
        :raises InsufficientCreditError: The balance (1113) or the credit limit (1114) does
            not cover the lookup.
        :raises NoCoverageError: No coverage for, or a restricted, destination (1214).
        :raises InvalidRequestError: The API refused the request (1212).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx).
            A 5xx is not retried: ``maybe_sent=True``, it may have been performed and billed.
        :raises APIConnectionError: No answer (:class:`~smscx.APITimeoutError`: out of
            time). Retried only when the request surely did not reach the API; with
            ``maybe_sent=True`` it may have been performed and billed.
        :raises ClientClosedError: The client was closed, before the call (nothing was
            sent) or during it (``maybe_sent`` says whether it may have been).
        """
        return await self._call(LOOKUP_NUMBER, path_id=phone_number)

    @migration_hints
    async def lookup_numbers(
        self,
        request: NumbersLookupRequest | None = None,
        /,
        *,
        phone_numbers: str | Iterable[str] | None = None,
        country_iso: str | None = None,
        lookup_callback_url: str | None = None,
    ) -> NumbersLookupResponse:
        """Look up to 40,000 numbers up: ``POST /numbers/lookup``. **Charged** per valid
        number.

        Answers at once with a ``lookup_bulk_id`` and one ``lookup_id`` per number; the
        results come from :meth:`get_bulk_lookup_status` and, with ``lookup_callback_url``,
        as ``number_lookup`` webhooks (:func:`smscx.webhooks.parse_number_lookups`).
        Retried as :meth:`lookup_number` is (never once it may have been billed). Invalid
        numbers are no error here: ``info.invalid`` lists them.

        :param request: A :class:`~smscx.models.NumbersLookupRequest` instead of the
            keywords (or the vendor's ``smscx_client`` model of that name); never both.
        :param phone_numbers: One number or up to 40,000: international (E.164), or
            national with ``country_iso``. Required.
        :param country_iso: The two-letter ISO 3166 country of the numbers given in
            national format; ignored for international ones.
        :param lookup_callback_url: An absolute http(s) URL the API POSTs the results to;
            overrides the application's setting.
        :returns: The ``lookup_bulk_id``, the counts and the cost (``info``), and one
            ``lookup_id`` per number (``data``).
        :raises ValidationError: Before anything is sent: no number, one that is not a
            string, more than 40,000, a malformed ``lookup_callback_url``.
        :raises InsufficientCreditError: The balance (1113) or the credit limit (1114) does
            not cover the lookups.
        :raises NoCoverageError: No coverage for, or a restricted, destination (1214).
        :raises InvalidRequestError: No valid number or no coverage for any (1216), or
            another parameter the API refused (1203, 1205, 1208, 1209).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx).
            A 5xx is not retried: ``maybe_sent=True``, it may have been performed and billed.
        :raises APIConnectionError: No answer (:class:`~smscx.APITimeoutError`: out of
            time). Retried only when the request surely did not reach the API; with
            ``maybe_sent=True`` it may have been performed and billed.
        :raises ClientClosedError: The client was closed, before the call (nothing was
            sent) or during it (``maybe_sent`` says whether it may have been).
        """
        numbers = [phone_numbers] if isinstance(phone_numbers, str) else phone_numbers
        fields = given(
            phone_numbers=numbers,
            country_iso=country_iso,
            lookup_callback_url=lookup_callback_url,
        )
        body = request_from(NumbersLookupRequest, request, fields)
        return await self._call(LOOKUP_NUMBERS, body=body)

    @migration_hints
    async def get_single_lookup_status(self, lookup_id: str) -> DataNumberLookup:
        """One lookup's result by its id: ``GET /numbers/lookup/lookupId/{lookupId}``.
        **Not charged**.

        :param lookup_id: The ``lookup_id`` (a UUID) of one number of a lookup.
        :returns: The result: status, ported, roaming, networks and cost.
        :raises ValidationError: Before anything is sent: ``lookup_id`` is not a UUID
            (1217).
        :raises NotFoundError: No lookup of the account has this id (1219).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_SINGLE_LOOKUP, path_id=lookup_id)

    def get_bulk_lookup_status(
        self,
        lookup_bulk_id: str,
        *,
        limit: int | None = None,
        next: str | None = None,
        previous: str | None = None,
    ) -> AsyncPaginator[DataNumberLookup]:
        """A bulk lookup's results: ``GET /numbers/lookup/lookupBulkId/{lookupBulkId}``,
        paged by cursor. **Not charged**.

        :param lookup_bulk_id: The bulk lookup's ``lookup_bulk_id`` (a UUID), from
            :meth:`lookup_numbers`' answer.
        :param limit: Items per page (API default: 500).
        :param next: Start at the page after an earlier one: its ``paging.next`` cursor.
        :param previous: Start at the page before an earlier one: its ``paging.previous``
            cursor.
        :returns: The pages: ``await`` it for the first (``.data``, ``.info``, ``.paging``,
            ``.next_page()``), ``async for`` over it for every item, each page fetched when
            needed. (Blocking: the first page, a :class:`~smscx.SyncPage`.)
        :raises ValidationError: When the first page is fetched, before it is sent:
            ``lookup_bulk_id`` is not a UUID (1218).
        :raises NotFoundError: No bulk lookup of the account has this id (1220).
        :raises InvalidRequestError: The API refused the id (1218).
        :raises APIStatusError: When a page is fetched, any other error answer:
            :class:`~smscx.AuthenticationError` (401), :class:`~smscx.RateLimitError` (429),
            :class:`~smscx.ServerError` (5xx) once the retries are spent.
        :raises APIConnectionError: When a page is fetched, no answer once the retries are
            spent (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or while a page was fetched.
        """

        return self._pages(
            GET_BULK_LOOKUP, {"limit": limit}, next=next, previous=previous, path_id=lookup_bulk_id
        )

    def get_bulk_lookup_campaigns(
        self, *, limit: int | None = None, next: str | None = None, previous: str | None = None
    ) -> AsyncPaginator[DataLookupCampaigns]:
        """The bulk lookups, most recent first: ``GET /numbers/lookup``, paged by cursor.
        **Not charged**.

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

        return self._pages(
            GET_BULK_LOOKUP_CAMPAIGNS, {"limit": limit}, next=next, previous=previous
        )

    @overload
    async def export_number_lookup_report_to_csv(
        self, lookup_bulk_id: str, *, to: None = ...
    ) -> str: ...
    @overload
    async def export_number_lookup_report_to_csv(
        self, lookup_bulk_id: str, *, to: Destination
    ) -> int: ...
    async def export_number_lookup_report_to_csv(
        self, lookup_bulk_id: str, *, to: Destination | None = None
    ) -> str | int:
        """A bulk lookup's results as CSV: ``GET
        /numbers/lookup/lookupBulkId/{lookupBulkId}/csv``; the text, or with ``to`` the
        bytes streamed there. **Not charged**.

        :param lookup_bulk_id: The bulk lookup's ``lookup_bulk_id`` (a UUID), from
            :meth:`lookup_numbers`' answer.
        :param to: Where to write the file as it arrives, never held whole: a path
            (replaced only once the export is whole), a binary file, or an object with an
            async ``write``. ``None``: return it.
        :returns: The CSV text, or with ``to`` the number of bytes written.
        :raises ValidationError: Before anything is sent: ``lookup_bulk_id`` is not a UUID
            (1218).
        :raises NotFoundError: No bulk lookup of the account has this id (1220).
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
        got = await self._download(EXPORT_LOOKUP_CSV, to, path_id=lookup_bulk_id)
        return got.decode("utf-8") if isinstance(got, bytes) else got

    @overload
    async def export_number_lookup_report_to_xlsx(
        self, lookup_bulk_id: str, *, to: None = ...
    ) -> bytes: ...
    @overload
    async def export_number_lookup_report_to_xlsx(
        self, lookup_bulk_id: str, *, to: Destination
    ) -> int: ...
    async def export_number_lookup_report_to_xlsx(
        self, lookup_bulk_id: str, *, to: Destination | None = None
    ) -> bytes | int:
        """A bulk lookup's results as XLSX: ``GET
        /numbers/lookup/lookupBulkId/{lookupBulkId}/xlsx``. **Not charged**.

        :param lookup_bulk_id: The bulk lookup's ``lookup_bulk_id`` (a UUID), from
            :meth:`lookup_numbers`' answer.
        :param to: Where to write the file as it arrives, never held whole: a path
            (replaced only once the export is whole), a binary file, or an object with an
            async ``write``. ``None``: return it.
        :returns: The workbook's bytes, or with ``to`` the number of bytes written.
        :raises ValidationError: Before anything is sent: ``lookup_bulk_id`` is not a UUID
            (1218).
        :raises NotFoundError: No bulk lookup of the account has this id (1220).
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
        return await self._download(EXPORT_LOOKUP_XLSX, to, path_id=lookup_bulk_id)


class BlockingNumbersApi(BlockingNamespace):
    """``SmsClient.numbers``: :class:`~smscx.NumbersApi`, blocking."""

    __slots__ = ()

    validate_number = blocking(NumbersApi.validate_number)
    validate_numbers = blocking(NumbersApi.validate_numbers)
    lookup_number = blocking(NumbersApi.lookup_number)
    lookup_numbers = blocking(NumbersApi.lookup_numbers)
    get_single_lookup_status = blocking(NumbersApi.get_single_lookup_status)
    get_bulk_lookup_status = blocking_pages(NumbersApi.get_bulk_lookup_status)
    get_bulk_lookup_campaigns = blocking_pages(NumbersApi.get_bulk_lookup_campaigns)
    export_number_lookup_report_to_csv = blocking_export(
        NumbersApi.export_number_lookup_report_to_csv
    )
    export_number_lookup_report_to_xlsx = blocking_export(
        NumbersApi.export_number_lookup_report_to_xlsx
    )

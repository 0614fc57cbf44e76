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
        ``GET /numbers/validate/{phoneNumber}``. Not charged.

        An invalid number is an :class:`~smscx.InvalidPhoneNumberError` (1207).
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
        """Validate up to 40,000 numbers at once: ``POST /numbers/validate``. Not charged.

        Every number is answered, in the order given, invalid ones with ``invalid=True``.
        """
        numbers = [phone_numbers] if isinstance(phone_numbers, str) else phone_numbers
        fields = given(phone_numbers=numbers, country_iso=country_iso)
        body = request_from(NumbersValidateRequest, request, fields)
        return await self._call(VALIDATE_NUMBERS, body=body)

    @migration_hints
    async def lookup_number(self, phone_number: str) -> NumberLookupResponse:
        """Look one number up in the mobile network (HLR; charged):
        ``GET /numbers/lookup/{phoneNumber}``.

        The API takes no idempotency id for lookups, so an attempt that may have reached it
        (a 5xx, a read timeout) is not repeated: the error has ``maybe_sent=True`` and the
        lookup may have been billed. Failures that surely did not reach it (no connection,
        429) are retried.
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
        """Look up to 40,000 numbers up (charged per valid one): ``POST /numbers/lookup``.

        Answers at once with a ``lookup_bulk_id`` and one ``lookup_id`` per number; the
        results come from :meth:`get_bulk_lookup_status` and, with ``lookup_callback_url``,
        as ``number_lookup`` webhooks (:func:`smscx.webhooks.parse_number_lookups`).
        Retried as :meth:`lookup_number` is (never once it may have been billed).
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
        """One lookup's result by its id: ``GET /numbers/lookup/lookupId/{lookupId}``."""
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
        paged by cursor."""

        return self._pages(
            GET_BULK_LOOKUP, {"limit": limit}, next=next, previous=previous, path_id=lookup_bulk_id
        )

    def get_bulk_lookup_campaigns(
        self, *, limit: int | None = None, next: str | None = None, previous: str | None = None
    ) -> AsyncPaginator[DataLookupCampaigns]:
        """The bulk lookups, most recent first: ``GET /numbers/lookup``, paged by cursor."""

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
        """A bulk lookup's results as CSV; the text, or with ``to`` the bytes streamed
        there."""
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
        """A bulk lookup's results as XLSX."""
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

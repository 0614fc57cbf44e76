"""``NumbersApi``: phone number validation (free), lookup (HLR, charged), and renting
numbers that receive SMS (renting and renewing are charged)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, overload

import attrs

from smscx._download import Destination
from smscx._migration import migration_hints
from smscx._paging import AsyncPaginator
from smscx._pipeline import Endpoint
from smscx._validation import given, request_from
from smscx.errors import ErrorCode, ValidationError
from smscx.models import (
    BulkLookupCampaignsResponse,
    CancelRentResponse,
    DataLookupCampaigns,
    DataNumberLookup,
    DataReceiveSms,
    EditRentRequest,
    EditRentResponse,
    GetInboundSMSResponse,
    GetRentStatusResponse,
    NumberLookupResponse,
    NumbersBulkLookupResult,
    NumbersLookupRequest,
    NumbersLookupResponse,
    NumbersValidateRequest,
    NumbersValidateResponse,
    NumberValidateResponse,
    RenewNumberResponse,
    RenewRentRequest,
    RentedNumbersResponse,
    RentNumberRequest,
    RentNumberResponse,
    RentNumbersResponse,
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

# --- rental ---------------------------------------------------------------------------------

_RENT_ID: dict[str, Any] = {"id_field": "rentId", "id_code": ErrorCode.RENT_ID_INVALID}

# The country goes into the path: filled in per call (see get_available_numbers).
GET_AVAILABLE_NUMBERS = Endpoint("GET", "/numbers/rent/available/{id}", RentNumbersResponse)
# Charged, and the API takes no idempotency id for a rental: never repeated once an attempt
# may have reached it (a repeat could rent, or renew, twice).
RENT_NUMBER = Endpoint(
    "POST", "/numbers/rent", RentNumberResponse, RentNumberRequest, at_most_once=True
)
RENEW_RENT = Endpoint(
    "PATCH",
    "/numbers/rent/{id}",
    RenewNumberResponse,
    RenewRentRequest,
    id_field="rentId",
    id_code=ErrorCode.RENT_ID_INVALID,
    at_most_once=True,
)
CANCEL_RENT = Endpoint("DELETE", "/numbers/rent/{id}", CancelRentResponse, **_RENT_ID)
GET_RENT_STATUS = Endpoint("GET", "/numbers/rent/{id}", GetRentStatusResponse, **_RENT_ID)
GET_RENTED_NUMBERS = Endpoint("GET", "/numbers/rent", RentedNumbersResponse)
GET_INBOUND_SMS = Endpoint("GET", "/numbers/rent/{id}/inbound", GetInboundSMSResponse, **_RENT_ID)
EDIT_RENT_SETTINGS = Endpoint(
    "PATCH", "/numbers/rent/{id}/edit", EditRentResponse, EditRentRequest, **_RENT_ID
)


def _flag(value: bool | None) -> str | None:
    """A boolean filter as the query spells it (``true``/``false``); ``None``: not sent.
    (The rental filters' names are snake_case on the wire, as the vendor's specification
    and its generated client spell them.)"""
    return None if value is None else "true" if value else "false"


def _country_path(country_iso: object) -> Endpoint[RentNumbersResponse]:
    """:data:`GET_AVAILABLE_NUMBERS` for one country, checked (2003) and filled in."""
    if not (isinstance(country_iso, str) and len(country_iso) == 2 and country_iso.isalpha()):
        raise ValidationError(
            f"`country_iso` must be a two-letter ISO 3166 code, got {country_iso!r:.60}.",
            field="countryIso",
            code=ErrorCode.OTP_COUNTRY_INVALID,
        )
    path = GET_AVAILABLE_NUMBERS.path.format(id=country_iso.upper())
    return attrs.evolve(GET_AVAILABLE_NUMBERS, path=path)


class NumbersApi(Namespace):
    """Phone numbers (``client.numbers``): the vendor's ``NumbersApi``.

    ::

        valid = await client.numbers.validate_number("+33612345678")
        print(valid.data.country_iso, valid.data.network_operator)
        looked = await client.numbers.lookup_number("+33612345678")  # charged
        print(looked.data.status, looked.data.original_network)
        offer = (await client.numbers.get_available_numbers("GB")).data[0]
        rented = await client.numbers.rent_number(number_id=offer.number_id, rent_period=7)
        async for sms in client.numbers.get_inbound_sms(rented.info.rent_id):
            print(sms.from_, sms.text)
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

    # --- rental ------------------------------------------------------------------------------

    @migration_hints
    async def get_available_numbers(
        self,
        country_iso: str,
        *,
        features: int | None = None,
        number_type: str | None = None,
        setup_time: str | None = None,
        registration: bool | None = None,
        inbound_sms_sender: bool | None = None,
        include: str | None = None,
        exclude: str | None = None,
    ) -> RentNumbersResponse:
        """The numbers a country offers for rent: ``GET
        /numbers/rent/available/{countryIso}``. **Not charged**.

        :param country_iso: The two-letter ISO 3166 country (``GB``, ``FR``; any case).
        :param features: Only numbers with these features: 1 receive SMS, 2 send SMS, 3
            both.
        :param number_type: Only numbers of this type (``mobile``, ``landline``).
        :param setup_time: Only numbers set up this way: ``instant`` or ``delayed``.
        :param registration: Only numbers that do (``True``) or do not need registration.
        :param inbound_sms_sender: Only numbers that can (``True``) receive SMS from an
            alphanumeric sender id.
        :param include: Only numbers whose digits contain these digits.
        :param exclude: Only numbers whose digits do not contain these digits.
        :returns: The offers (``data``): each ``number_id`` to rent with :meth:`rent_number`,
            its features, its costs per period, its minimum period.
        :raises ValidationError: Before anything is sent: ``country_iso`` is not two
            letters (2003).
        :raises InvalidRequestError: The API refused the country (2003).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        query = {
            "features": features,
            "number_type": number_type,
            "setup_time": setup_time,
            "registration": _flag(registration),
            "inbound_sms_sender": _flag(inbound_sms_sender),
            "include": include,
            "exclude": exclude,
        }
        return await self._call(_country_path(country_iso), query=query)

    @migration_hints
    async def rent_number(
        self,
        request: RentNumberRequest | None = None,
        /,
        *,
        number_id: str | None = None,
        rent_period: int | None = None,
        auto_renew: bool | None = None,
        callback_url: str | None = None,
        registration_id: str | None = None,
    ) -> RentNumberResponse:
        """Rent a number for 1, 7 or 30 days: ``POST /numbers/rent``. **Charged**: the
        period's rent and the number's setup fee.

        The API takes no idempotency id for a rental, so an attempt that may have reached
        it (a 5xx, a read timeout) is not repeated: the error has ``maybe_sent=True`` and
        the number may have been rented (:meth:`get_rented_numbers` says). Failures that
        surely did not reach it (no connection, 429) are retried.

        :param request: A :class:`~smscx.models.RentNumberRequest` instead of the
            keywords (or the vendor's ``smscx_client`` model of that name); never both.
        :param number_id: The offer's ``number_id`` from :meth:`get_available_numbers`.
            Required.
        :param rent_period: The period in days: 1, 7 or 30, at least the number's
            ``min_rent``. Required.
        :param auto_renew: Renew at the end of each period, for the same period (the API's
            default: no).
        :param callback_url: An absolute http(s) URL the API POSTs each SMS the number
            receives to (``receive_sms``; :func:`smscx.webhooks.parse_webhook` reads it).
        :param registration_id: The registration details' id, for a number that needs
            registration.
        :returns: The rental (``info``): its ``rent_id``, the number, the period's start
            and end, what it cost.
        :raises ValidationError: Before anything is sent: a required field is missing.
        :raises InsufficientCreditError: The balance does not cover the rent (1113).
        :raises InvalidRequestError: A parameter the API refused (1222, 1224, 1225, 1226,
            1229, 1234).
        :raises AccessDeniedError: The number is already rented (1231).
        :raises NotFoundError: No such offer, or it is no longer available (1230).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx).
            A 5xx is not retried: ``maybe_sent=True``, it may have been performed and billed.
        :raises APIConnectionError: No answer (:class:`~smscx.APITimeoutError`: out of
            time). Retried only when the request surely did not reach the API; with
            ``maybe_sent=True`` it may have been performed and billed.
        :raises ClientClosedError: The client was closed, before the call (nothing was
            sent) or during it (``maybe_sent`` says whether it may have been).
        """
        fields = given(
            number_id=number_id,
            rent_period=rent_period,
            auto_renew=auto_renew,
            callback_url=callback_url,
            registration_id=registration_id,
        )
        body = request_from(RentNumberRequest, request, fields)
        return await self._call(RENT_NUMBER, body=body)

    @migration_hints
    async def cancel_rent(self, rent_id: str) -> CancelRentResponse:
        """Cancel a rental within 30 minutes of its start, if the number has received no
        SMS: ``DELETE /numbers/rent/{rentId}``. **Not charged**: the rent is credited back
        (the setup fee is not).

        :param rent_id: The rental's ``rent_id`` (a UUID), from :meth:`rent_number`.
        :returns: The cancelled rental and the credit returned (``info``).
        :raises ValidationError: Before anything is sent: ``rent_id`` is not a UUID (1221).
        :raises AccessDeniedError: More than 30 minutes since the rental started (1227),
            or the number already received an SMS (1232).
        :raises NotFoundError: No rental of the account has this id (1223).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(CANCEL_RENT, path_id=rent_id)

    @migration_hints
    async def renew_rent(
        self,
        rent_id: str,
        request: RenewRentRequest | None = None,
        /,
        *,
        rent_period: int | None = None,
        auto_renew: bool | None = None,
        callback_url: str | None = None,
    ) -> RenewNumberResponse:
        """Renew a rental for another period, from the end of the current one: ``PATCH
        /numbers/rent/{rentId}``. **Charged**: the period's rent.

        Not repeated once an attempt may have reached the API, as :meth:`rent_number`.

        :param rent_id: The rental's ``rent_id`` (a UUID).
        :param request: A :class:`~smscx.models.RenewRentRequest` instead of the keywords
            (or the vendor's ``smscx_client`` model of that name); never both.
        :param rent_period: The new period in days (1, 7 or 30); the current one when left
            out.
        :param auto_renew: Renew at the end of each period from now on (the API's default:
            no).
        :param callback_url: A new URL for the ``receive_sms`` callbacks.
        :returns: The renewed rental (``info``): the new end, what the renewal cost.
        :raises ValidationError: Before anything is sent: ``rent_id`` is not a UUID (1221).
        :raises InsufficientCreditError: The balance does not cover the rent (1113).
        :raises InvalidRequestError: A parameter the API refused (1224, 1225, 1226, 1229).
        :raises AccessDeniedError: The rental cannot be renewed: it expired or was
            cancelled (1228).
        :raises NotFoundError: No rental of the account has this id (1223).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx).
            A 5xx is not retried: ``maybe_sent=True``, it may have been performed and billed.
        :raises APIConnectionError: No answer (:class:`~smscx.APITimeoutError`: out of
            time). Retried only when the request surely did not reach the API; with
            ``maybe_sent=True`` it may have been performed and billed.
        :raises ClientClosedError: The client was closed, before the call (nothing was
            sent) or during it (``maybe_sent`` says whether it may have been).
        """
        fields = given(rent_period=rent_period, auto_renew=auto_renew, callback_url=callback_url)
        body = request_from(RenewRentRequest, request, fields)
        return await self._call(RENEW_RENT, body=body, path_id=rent_id)

    @migration_hints
    async def get_rent_status(self, rent_id: str) -> GetRentStatusResponse:
        """One rental's details: ``GET /numbers/rent/{rentId}``. **Not charged**.

        :param rent_id: The rental's ``rent_id`` (a UUID).
        :returns: The rental (``info``): number, period, costs, SMS received and sent,
            whether it is still active.
        :raises ValidationError: Before anything is sent: ``rent_id`` is not a UUID (1221).
        :raises NotFoundError: No rental of the account has this id (1223).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_RENT_STATUS, path_id=rent_id)

    @migration_hints
    async def get_rented_numbers(
        self,
        *,
        features: int | None = None,
        country_iso: str | None = None,
        number_type: str | None = None,
        active_rent: bool | None = None,
        inbound_sms_sender: bool | None = None,
        include: str | None = None,
        exclude: str | None = None,
    ) -> RentedNumbersResponse:
        """The account's rentals, newest first: ``GET /numbers/rent``. **Not charged**.

        :param features: Only numbers with these features: 1 receive SMS, 2 send SMS, 3
            both.
        :param country_iso: Only numbers of this two-letter ISO 3166 country (any case).
        :param number_type: Only numbers of this type (``mobile``, ``landline``).
        :param active_rent: Only active (``True``) or only ended (``False``) rentals.
        :param inbound_sms_sender: Only numbers that can (``True``) receive SMS from an
            alphanumeric sender id.
        :param include: Only numbers whose digits contain these digits.
        :param exclude: Only numbers whose digits do not contain these digits.
        :returns: The rentals (``data``), each as :meth:`get_rent_status` describes it.
        :raises APIStatusError: An error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        query = {
            "features": features,
            "country_iso": country_iso,
            "number_type": number_type,
            "active_rent": _flag(active_rent),
            "inbound_sms_sender": _flag(inbound_sms_sender),
            "include": include,
            "exclude": exclude,
        }
        return await self._call(GET_RENTED_NUMBERS, query=query)

    def get_inbound_sms(
        self,
        rent_id: str,
        *,
        limit: int | None = None,
        next: str | None = None,
        previous: str | None = None,
    ) -> AsyncPaginator[DataReceiveSms]:
        """The SMS a rented number received, newest first: ``GET
        /numbers/rent/{rentId}/inbound``, paged by cursor. **Not charged**.

        :param rent_id: The rental's ``rent_id`` (a UUID).
        :param limit: Items per page (API default: 500).
        :param next: Start at the page after an earlier one: its ``paging.next`` cursor.
        :param previous: Start at the page before an earlier one: its ``paging.previous``
            cursor.
        :returns: The pages: ``await`` it for the first (``.data``, ``.info``, ``.paging``,
            ``.next_page()``), ``async for`` over it for every SMS, each page fetched when
            needed. (Blocking: the first page, a :class:`~smscx.SyncPage`.)
        :raises ValidationError: When the first page is fetched, before it is sent:
            ``rent_id`` is not a UUID (1221).
        :raises NotFoundError: No rental of the account has this id (1223).
        :raises APIStatusError: When a page is fetched, any other error answer:
            :class:`~smscx.AuthenticationError` (401), :class:`~smscx.RateLimitError` (429),
            :class:`~smscx.ServerError` (5xx) once the retries are spent.
        :raises APIConnectionError: When a page is fetched, no answer once the retries are
            spent (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or while a page was fetched.
        """

        return self._pages(
            GET_INBOUND_SMS, {"limit": limit}, next=next, previous=previous, path_id=rent_id
        )

    @migration_hints
    async def edit_rent_settings(
        self,
        rent_id: str,
        request: EditRentRequest | None = None,
        /,
        *,
        auto_renew: bool | None = None,
        callback_url: str | None = None,
    ) -> EditRentResponse:
        """Change an active rental's renewal or callback: ``PATCH
        /numbers/rent/{rentId}/edit``. **Not charged**.

        :param rent_id: The rental's ``rent_id`` (a UUID).
        :param request: A :class:`~smscx.models.EditRentRequest` instead of the keywords;
            never both. (The vendor's ``smscx_client`` cannot import its own answer to this
            route.)
        :param auto_renew: Renew at the end of each period, or not.
        :param callback_url: The URL the ``receive_sms`` callbacks go to from now on.
        :returns: The rental's settings (``info``).
        :raises ValidationError: Before anything is sent: ``rent_id`` is not a UUID (1221).
        :raises InvalidRequestError: Neither setting given (1233), or one the API refused
            (1225, 1226).
        :raises NotFoundError: No rental of the account has this id (1223).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        fields = given(auto_renew=auto_renew, callback_url=callback_url)
        body = request_from(EditRentRequest, request, fields)
        return await self._call(EDIT_RENT_SETTINGS, body=body, path_id=rent_id)


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
    get_available_numbers = blocking(NumbersApi.get_available_numbers)
    rent_number = blocking(NumbersApi.rent_number)
    cancel_rent = blocking(NumbersApi.cancel_rent)
    renew_rent = blocking(NumbersApi.renew_rent)
    get_rent_status = blocking(NumbersApi.get_rent_status)
    get_rented_numbers = blocking(NumbersApi.get_rented_numbers)
    get_inbound_sms = blocking_pages(NumbersApi.get_inbound_sms)
    edit_rent_settings = blocking(NumbersApi.edit_rent_settings)

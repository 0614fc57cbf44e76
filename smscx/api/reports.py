"""``ReportsApi``: what became of every message: delivery status, cost, campaigns, exports."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, overload

import attrs

from smscx._download import Destination
from smscx._migration import migration_hints
from smscx._paging import AsyncPaginator
from smscx._pipeline import Endpoint
from smscx.errors import ErrorCode, ValidationError
from smscx.models import (
    DataReportCampaign,
    DataReportsCampaigns,
    DeliverySummaryReport,
    ReportsAdvancedResponse,
    ReportsCampaignResponse,
    ReportsCampaignsRespone,
    ReportSingleResponse,
    SummaryReport,
)

from ._namespace import BlockingNamespace, Namespace, blocking, blocking_export, blocking_pages

__all__ = ["BlockingReportsApi", "DIMENSIONS", "ReportsApi"]

DIMENSIONS = ("source", "channel", "country", "traffic", "delivery")
"""What ``get_summary_reports`` can group by."""

GET_SINGLE_REPORT = Endpoint(
    "GET",
    "/reports/single/{id}",
    ReportSingleResponse,
    id_field="msgId",
    id_code=ErrorCode.REPORT_ID_INVALID,
)
GET_CAMPAIGN_REPORT = Endpoint(
    "GET",
    "/reports/campaigns/{id}",
    ReportsCampaignResponse,
    id_field="campaignId",
    id_code=ErrorCode.CAMPAIGN_ID_INVALID,
)
GET_CAMPAIGNS_LIST = Endpoint("GET", "/reports/campaigns", ReportsCampaignsRespone)
GET_ADVANCED_REPORT = Endpoint("GET", "/reports", ReportsAdvancedResponse)
GET_SUMMARY_REPORTS = Endpoint("GET", "/reports/summary/{dimension}", SummaryReport)
# The same route by ``delivery``: its rows are split by delivery status, another shape.
GET_DELIVERY_SUMMARY = Endpoint("GET", "/reports/summary/{dimension}", DeliverySummaryReport)
EXPORT_ADVANCED_CSV = Endpoint("GET", "/reports/csv", bytes)
EXPORT_ADVANCED_XLSX = Endpoint("GET", "/reports/xlsx", bytes)
EXPORT_CAMPAIGN_CSV = Endpoint(
    "GET",
    "/reports/campaigns/{id}/csv",
    bytes,
    id_field="campaignId",
    id_code=ErrorCode.REPORT_ID_INVALID,
)
EXPORT_CAMPAIGN_XLSX = Endpoint(
    "GET",
    "/reports/campaigns/{id}/xlsx",
    bytes,
    id_field="campaignId",
    id_code=ErrorCode.REPORT_ID_INVALID,
)


def _day(value: date | str | None, field: str, code: ErrorCode) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    raise ValidationError(
        f"`{field}` is a date or 'YYYY-MM-DD', got {value!r:.40}.", field=field, code=code
    )


def _period(
    period: str | date | None, start_date: date | str | None, end_date: date | str | None
) -> dict[str, Any]:
    """The dates of a report: ``period`` (``"2026-11"``, ``"2026"``, or a date for its
    month) or both ``start_date`` and ``end_date``. Checked here: the API would refuse it
    (1824) after a round trip."""
    if isinstance(period, date):
        period = period.strftime("%Y-%m")
    start = _day(start_date, "start_date", ErrorCode.REPORT_START_DATE_INVALID)
    end = _day(end_date, "end_date", ErrorCode.REPORT_END_DATE_INVALID)
    if period is None and (start is None or end is None):
        raise ValidationError(
            "A report needs `period` ('YYYY-MM' or 'YYYY') or both `start_date` and `end_date`.",
            field="period",
            code=ErrorCode.REPORT_DATES_MISSING,
        )
    return {"period": period, "start_date": start, "end_date": end}


def _flag(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


class ReportsApi(Namespace):
    """Delivery reports (``client.reports``): the vendor's ``ReportsApi``.

    ::

        report = await client.reports.get_single_report(msg_id)
        print(report.data.status, report.data.error_code)
        async for message in client.reports.get_campaign_report(campaign_id, limit=500):
            print(message.to, message.status)

    A message's status moves from ``ACCEPTED`` (or ``SCHEDULED``) to ``DELIVERED`` or
    ``FAILED`` when its delivery report arrives; ``NO COVERAGE`` and ``REJECTED`` are final
    from the start (``DataReportCampaign.is_final``).
    """

    __slots__ = ()

    @migration_hints
    async def get_single_report(self, msg_id: str) -> ReportSingleResponse:
        """One message's report by its ``msgId``: ``GET /reports/single/{msgId}``.
        **Not charged**.

        A malformed id is a :class:`~smscx.ValidationError` (1165) before sending; an
        unknown one a :class:`~smscx.NotFoundError` (1160).

        :param msg_id: The message's ``msg_id`` (a UUID), from its send's answer or a
            delivery report.
        :returns: The message: its status, error code, parts, cost and dates (``data``).
        :raises ValidationError: Before anything is sent: ``msg_id`` is not a UUID (1165).
        :raises NotFoundError: No message of the account has this id (1160).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_SINGLE_REPORT, path_id=msg_id)

    def get_campaign_report(
        self,
        campaign_id: str,
        *,
        short_response: bool | None = None,
        limit: int | None = None,
        next: str | None = None,
        previous: str | None = None,
    ) -> AsyncPaginator[DataReportCampaign]:
        """The messages of one campaign, or of one send (its ``campaignId``), in send order:
        ``GET /reports/campaigns/{campaignId}``, paged by cursor. **Not charged**.

        ``await`` it for one page (``.info`` holds the totals); ``async for`` over it for
        every message. An unknown campaign is a :class:`~smscx.NotFoundError` (1150).

        :param campaign_id: The ``campaign_id`` (a UUID) of a campaign or of a send (its
            answer's ``info.campaign_id``).
        :param short_response: ``True``: the totals (``.info``) and no messages (API
            default: ``False``).
        :param limit: Items per page (API default: 500).
        :param next: Start at the page after an earlier one: its ``paging.next`` cursor.
        :param previous: Start at the page before an earlier one: its ``paging.previous``
            cursor.
        :returns: The pages: ``await`` it for the first (``.data``, ``.info``, ``.paging``,
            ``.next_page()``), ``async for`` over it for every item, each page fetched when
            needed. (Blocking: the first page, a :class:`~smscx.SyncPage`.)
        :raises ValidationError: When the first page is fetched, before it is sent:
            ``campaign_id`` is not a UUID (1155).
        :raises NotFoundError: No campaign of the account has this id (1150).
        :raises APIStatusError: When a page is fetched, any other error answer:
            :class:`~smscx.AuthenticationError` (401), :class:`~smscx.RateLimitError` (429),
            :class:`~smscx.ServerError` (5xx) once the retries are spent.
        :raises APIConnectionError: When a page is fetched, no answer once the retries are
            spent (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or while a page was fetched.
        """
        base = {"short_response": _flag(short_response), "limit": limit}

        return self._pages(
            GET_CAMPAIGN_REPORT, base, next=next, previous=previous, path_id=campaign_id
        )

    def get_campaigns_list(
        self,
        *,
        source: str | None = None,
        delivery_reports: bool | None = None,
        limit: int | None = None,
        next: str | None = None,
        previous: str | None = None,
    ) -> AsyncPaginator[DataReportsCampaigns]:
        """The campaigns sent to contact groups, most recent first: ``GET
        /reports/campaigns``, paged by cursor. **Not charged**.

        :param source: Only campaigns sent from this source: ``api``, ``excel``,
            ``campaigns``, ``smpp``, ``plugin``, ``alerts``.
        :param delivery_reports: ``True``: each campaign's delivery summary in ``status``
            (accepted, delivered, failed ... counts); otherwise ``status`` is ``None`` (API
            default: ``False``).
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
        base = {"source": source, "delivery_reports": _flag(delivery_reports), "limit": limit}

        return self._pages(GET_CAMPAIGNS_LIST, base, next=next, previous=previous)

    def get_advanced_report(
        self,
        period: str | date | None = None,
        start_date: date | str | None = None,
        end_date: date | str | None = None,
        *,
        channel: str | None = None,
        source: str | None = None,
        delivery_report: str | None = None,
        country_iso: str | None = None,
        short_response: bool | None = None,
        limit: int | None = None,
        next: str | None = None,
        previous: str | None = None,
    ) -> AsyncPaginator[DataReportCampaign]:
        """Every message of a period, filtered, most recent first: ``GET /reports``, paged.
        **Not charged**.

        The period is ``period`` (``"2026-11"`` or ``"2026"``) or ``start_date`` and
        ``end_date`` (dates or ``"YYYY-MM-DD"``). Filters: ``channel`` (``sms`` ...),
        ``source`` (``api`` ...), ``delivery_report`` (``delivered``, ``failed``, ``sent``
        ...), ``country_iso``. ``short_response=True`` gives the totals (``.info``) only.

        :param period: The month (``"2026-11"``, or a ``date`` in it) or the year
            (``"2026"``) to report on; or give ``start_date`` and ``end_date``.
        :param start_date: The first day (a ``date`` or ``"YYYY-MM-DD"``), with ``end_date``.
        :param end_date: The last day (a ``date`` or ``"YYYY-MM-DD"``), with ``start_date``.
        :param channel: Only messages sent on this channel: ``sms``, ``viber``, ``whatsapp``,
            ``multichannel``.
        :param source: Only messages sent from this source: ``api``, ``excel``,
            ``campaigns``, ``smpp``, ``plugin``, ``alerts``.
        :param delivery_report: Only messages with this delivery state: ``delivered``,
            ``failed`` or ``sent``.
        :param country_iso: Only messages to this country (two letters, any case).
        :param short_response: ``True``: the totals (``.info``) and no messages (API
            default: ``False``).
        :param limit: Items per page (API default: 500).
        :param next: Start at the page after an earlier one: its ``paging.next`` cursor.
        :param previous: Start at the page before an earlier one: its ``paging.previous``
            cursor.
        :returns: The pages: ``await`` it for the first (``.data``, ``.info``, ``.paging``,
            ``.next_page()``), ``async for`` over it for every item, each page fetched when
            needed. (Blocking: the first page, a :class:`~smscx.SyncPage`.)
        :raises ValidationError: At once (not when awaited), before anything is sent:
            neither ``period`` nor both dates (1824), or a date that is neither a ``date``
            nor a string (1821, 1822).
        :raises InvalidRequestError: A period or date the API cannot read (1820 to 1822), an
            end before the start (1823), a filter it does not know (1825 to 1828).
        :raises APIStatusError: When a page is fetched, any other error answer:
            :class:`~smscx.AuthenticationError` (401), :class:`~smscx.RateLimitError` (429),
            :class:`~smscx.ServerError` (5xx) once the retries are spent.
        :raises APIConnectionError: When a page is fetched, no answer once the retries are
            spent (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or while a page was fetched.
        """
        base = {
            **_period(period, start_date, end_date),
            "channel": channel,
            "source": source,
            "delivery_report": delivery_report,
            "country_iso": country_iso,
            "short_response": _flag(short_response),
            "limit": limit,
        }

        return self._pages(GET_ADVANCED_REPORT, base, next=next, previous=previous)

    @overload
    async def get_summary_reports(
        self,
        dimension: Literal["delivery"],
        period: str | date | None = ...,
        start_date: date | str | None = ...,
        end_date: date | str | None = ...,
        limit: int | None = ...,
    ) -> DeliverySummaryReport: ...
    @overload
    async def get_summary_reports(
        self,
        dimension: Literal["source", "channel", "country", "traffic"],
        period: str | date | None = ...,
        start_date: date | str | None = ...,
        end_date: date | str | None = ...,
        limit: int | None = ...,
    ) -> SummaryReport: ...
    @overload
    async def get_summary_reports(
        self,
        dimension: str,
        period: str | date | None = ...,
        start_date: date | str | None = ...,
        end_date: date | str | None = ...,
        limit: int | None = ...,
    ) -> SummaryReport | DeliverySummaryReport: ...
    @migration_hints
    async def get_summary_reports(
        self,
        dimension: str,
        period: str | date | None = None,
        start_date: date | str | None = None,
        end_date: date | str | None = None,
        limit: int | None = None,
    ) -> SummaryReport | DeliverySummaryReport:
        """Numbers, parts and cost per value of one ``dimension`` (``source``, ``channel``,
        ``country``, ``traffic``, ``delivery``) over a period: ``GET
        /reports/summary/{dimension}``. **Not charged**.

        ``traffic`` and ``delivery`` are keyed by date: the months of a year (``"2026-03"``),
        or the days of a month or of the ``start_date`` to ``end_date`` interval
        (``"2026-03-02"``). ``delivery`` gives a :class:`~smscx.models.DeliverySummaryReport`
        (each date's parts and cost by status: accepted, delivered, failed, scheduled, no
        coverage); the others a :class:`~smscx.models.SummaryReport`.

        :param dimension: What to group by: ``source``, ``channel``, ``country``,
            ``traffic`` or ``delivery``.
        :param period: The month (``"2026-11"``, or a ``date`` in it) or the year
            (``"2026"``) to report on; or give ``start_date`` and ``end_date``.
        :param start_date: The first day (a ``date`` or ``"YYYY-MM-DD"``), with ``end_date``.
        :param end_date: The last day (a ``date`` or ``"YYYY-MM-DD"``), with ``start_date``.
        :param limit: The most rows (``data`` entries) to return (API default: 500).
        :returns: The summary, one entry per value of the dimension or per date (``data``);
            empty when nothing was sent in the period.
        :raises ValidationError: Before anything is sent: an unknown ``dimension`` (1829),
            neither ``period`` nor both dates (1824), or a date of the wrong type.
        :raises InvalidRequestError: A period or date the API cannot read (1820 to 1822), or
            an end before the start (1823).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        if dimension not in DIMENSIONS:
            raise ValidationError(
                f"`dimension` is one of {', '.join(DIMENSIONS)}, got {dimension!r:.40}.",
                field="dimension",
                code=ErrorCode.REPORT_DIMENSION_INVALID,
            )
        query: dict[str, object] = {**_period(period, start_date, end_date), "limit": limit}
        path = f"/reports/summary/{dimension}"
        if dimension == "delivery":
            delivery = attrs.evolve(GET_DELIVERY_SUMMARY, path=path)
            return await self._call(delivery, query=query)
        return await self._call(attrs.evolve(GET_SUMMARY_REPORTS, path=path), query=query)

    # --- exports -------------------------------------------------------------------------

    @overload
    async def export_advanced_report_to_csv(
        self,
        period: str | date | None = ...,
        start_date: date | str | None = ...,
        end_date: date | str | None = ...,
        *,
        to: None = ...,
        **filters: str | None,
    ) -> str: ...
    @overload
    async def export_advanced_report_to_csv(
        self,
        period: str | date | None = ...,
        start_date: date | str | None = ...,
        end_date: date | str | None = ...,
        *,
        to: Destination,
        **filters: str | None,
    ) -> int: ...
    async def export_advanced_report_to_csv(
        self,
        period: str | date | None = None,
        start_date: date | str | None = None,
        end_date: date | str | None = None,
        *,
        to: Destination | None = None,
        **filters: str | None,
    ) -> str | int:
        """The advanced report as CSV: ``GET /reports/csv`` (filters as
        :meth:`get_advanced_report`: ``channel``, ``source``, ``delivery_report``,
        ``country_iso``). **Not charged**.

        Returns the text; with ``to`` (a path, a binary file, an async writer) the file is
        streamed there as it arrives, never held whole, and the bytes written are returned.
        A period without messages gives the header line alone.

        :param period: The month (``"2026-11"``, or a ``date`` in it) or the year
            (``"2026"``) to report on; or give ``start_date`` and ``end_date``.
        :param start_date: The first day (a ``date`` or ``"YYYY-MM-DD"``), with ``end_date``.
        :param end_date: The last day (a ``date`` or ``"YYYY-MM-DD"``), with ``start_date``.
        :param to: Where to write the file as it arrives, never held whole: a path
            (replaced only once the export is whole), a binary file, or an object with an
            async ``write``. ``None``: return it.
        :param filters: ``channel``, ``source``, ``delivery_report``, ``country_iso``, as
            for :meth:`get_advanced_report`.
        :returns: The CSV text, or with ``to`` the number of bytes written.
        :raises TypeError: A filter other than those four.
        :raises ValidationError: Before anything is sent: neither ``period`` nor both
            dates (1824), or a date that is neither a ``date`` nor a string (1821, 1822).
        :raises InvalidRequestError: A period or date the API cannot read (1820 to 1822), an
            end before the start (1823), a filter it does not know (1825 to 1828).
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
        query = {**_period(period, start_date, end_date), **_filters(filters)}
        got = await self._download(EXPORT_ADVANCED_CSV, to, query=query)
        return got.decode("utf-8") if isinstance(got, bytes) else got

    @overload
    async def export_advanced_report_to_xlsx(
        self,
        period: str | date | None = ...,
        start_date: date | str | None = ...,
        end_date: date | str | None = ...,
        *,
        to: None = ...,
        **filters: str | None,
    ) -> bytes: ...
    @overload
    async def export_advanced_report_to_xlsx(
        self,
        period: str | date | None = ...,
        start_date: date | str | None = ...,
        end_date: date | str | None = ...,
        *,
        to: Destination,
        **filters: str | None,
    ) -> int: ...
    async def export_advanced_report_to_xlsx(
        self,
        period: str | date | None = None,
        start_date: date | str | None = None,
        end_date: date | str | None = None,
        *,
        to: Destination | None = None,
        **filters: str | None,
    ) -> bytes | int:
        """The advanced report as an XLSX workbook: ``GET /reports/xlsx``; its bytes, or
        with ``to`` the bytes written there (as for the CSV export). **Not charged**.

        :param period: The month (``"2026-11"``, or a ``date`` in it) or the year
            (``"2026"``) to report on; or give ``start_date`` and ``end_date``.
        :param start_date: The first day (a ``date`` or ``"YYYY-MM-DD"``), with ``end_date``.
        :param end_date: The last day (a ``date`` or ``"YYYY-MM-DD"``), with ``start_date``.
        :param to: Where to write the file as it arrives, never held whole: a path
            (replaced only once the export is whole), a binary file, or an object with an
            async ``write``. ``None``: return it.
        :param filters: ``channel``, ``source``, ``delivery_report``, ``country_iso``, as
            for :meth:`get_advanced_report`.
        :returns: The workbook's bytes, or with ``to`` the number of bytes written.
        :raises TypeError: A filter other than those four.
        :raises ValidationError: Before anything is sent: neither ``period`` nor both
            dates (1824), or a date that is neither a ``date`` nor a string (1821, 1822).
        :raises InvalidRequestError: A period or date the API cannot read (1820 to 1822), an
            end before the start (1823), a filter it does not know (1825 to 1828).
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
        query = {**_period(period, start_date, end_date), **_filters(filters)}
        return await self._download(EXPORT_ADVANCED_XLSX, to, query=query)

    @overload
    async def export_campaign_report_to_csv(self, campaign_id: str, *, to: None = ...) -> str: ...
    @overload
    async def export_campaign_report_to_csv(self, campaign_id: str, *, to: Destination) -> int: ...
    async def export_campaign_report_to_csv(
        self, campaign_id: str, *, to: Destination | None = None
    ) -> str | int:
        """One campaign's report as CSV: ``GET /reports/campaigns/{campaignId}/csv``; the
        text, or with ``to`` the bytes streamed there. **Not charged**.

        :param campaign_id: The ``campaign_id`` (a UUID) of a campaign or of a send.
        :param to: Where to write the file as it arrives, never held whole: a path
            (replaced only once the export is whole), a binary file, or an object with an
            async ``write``. ``None``: return it.
        :returns: The CSV text, or with ``to`` the number of bytes written.
        :raises ValidationError: Before anything is sent: ``campaign_id`` is not a UUID
            (1165).
        :raises NotFoundError: No campaign of the account has this id (1160).
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
        got = await self._download(EXPORT_CAMPAIGN_CSV, to, path_id=campaign_id)
        return got.decode("utf-8") if isinstance(got, bytes) else got

    @overload
    async def export_campaign_report_to_xlsx(
        self, campaign_id: str, *, to: None = ...
    ) -> bytes: ...
    @overload
    async def export_campaign_report_to_xlsx(self, campaign_id: str, *, to: Destination) -> int: ...
    async def export_campaign_report_to_xlsx(
        self, campaign_id: str, *, to: Destination | None = None
    ) -> bytes | int:
        """One campaign's report as XLSX: ``GET /reports/campaigns/{campaignId}/xlsx``.
        **Not charged**.

        :param campaign_id: The ``campaign_id`` (a UUID) of a campaign or of a send.
        :param to: Where to write the file as it arrives, never held whole: a path
            (replaced only once the export is whole), a binary file, or an object with an
            async ``write``. ``None``: return it.
        :returns: The workbook's bytes, or with ``to`` the number of bytes written.
        :raises ValidationError: Before anything is sent: ``campaign_id`` is not a UUID
            (1165).
        :raises NotFoundError: No campaign of the account has this id (1160).
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
        return await self._download(EXPORT_CAMPAIGN_XLSX, to, path_id=campaign_id)


_FILTERS = ("channel", "source", "delivery_report", "country_iso")


def _filters(given: dict[str, str | None]) -> dict[str, str | None]:
    unknown = sorted(set(given) - set(_FILTERS))
    if unknown:
        raise TypeError(
            f"unexpected filter(s) {', '.join(unknown)}; an export takes {', '.join(_FILTERS)}"
        )
    return dict(given)


class BlockingReportsApi(BlockingNamespace):
    """``SmsClient.reports``: :class:`~smscx.ReportsApi`, blocking."""

    __slots__ = ()

    get_single_report = blocking(ReportsApi.get_single_report)
    get_campaign_report = blocking_pages(ReportsApi.get_campaign_report)
    get_campaigns_list = blocking_pages(ReportsApi.get_campaigns_list)
    get_advanced_report = blocking_pages(ReportsApi.get_advanced_report)
    get_summary_reports = blocking(ReportsApi.get_summary_reports)
    export_advanced_report_to_csv = blocking_export(ReportsApi.export_advanced_report_to_csv)
    export_advanced_report_to_xlsx = blocking_export(ReportsApi.export_advanced_report_to_xlsx)
    export_campaign_report_to_csv = blocking_export(ReportsApi.export_campaign_report_to_csv)
    export_campaign_report_to_xlsx = blocking_export(ReportsApi.export_campaign_report_to_xlsx)

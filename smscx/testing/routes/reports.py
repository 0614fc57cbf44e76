"""``ReportsApi``: every message sent, with the status its delivery report gave it.

A message's report status follows from what the emulator decided at send time
(:meth:`smscx.testing._delivery_reports.ReportCourier.decide`), the same outcome its
``dlr_update`` callback carries, whether or not the send named a callback URL:

- ``NO COVERAGE`` and ``REJECTED`` (opted out) from the start, at no cost;
- ``SCHEDULED`` while the emulator's clock is before its time;
- ``ACCEPTED`` once it went out, until its report is due: ``dlr_delay`` seconds later (real
  time for an immediate send; on the emulator's clock after a scheduled one's time);
- then ``DELIVERED``, ``FAILED`` (with its ``errorCode``) or ``REJECTED`` as the outcome rule
  said; an ``EXPIRED`` or ``UNDELIVERED`` outcome reads ``FAILED`` here (the reports' status
  has no such values) with the outcome's ``statusCode`` and ``errorCode``; a message whose
  rule gave no report at all reads ``SENT`` for ever.

Deleted scheduled messages are not in the reports (a single report of one is 1160).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

import phonenumbers

from smscx.models import (
    ReportsAdvancedResponse,
    ReportsCampaignResponse,
    ReportsCampaignsRespone,
    ReportSingleResponse,
    SummaryReport,
)
from smscx.testing._delivery_reports import DLR_STATUS_CODES, ReportCourier
from smscx.testing._shared import MICRO, Message, SharedState
from smscx.testing.wire.call import Reply
from smscx.testing.wire.checks import UUID_SHAPE
from smscx.testing.wire.codec import dumps, format_date
from smscx.testing.wire.errors import ApiError
from smscx.testing.wire.exports import export
from smscx.testing.wire.paging import MAX_LIMIT, page_of

from . import CSV, XLSX, Route
from .sms import STATUS_CODES, SmsService

__all__ = ["ROUTES", "ReportService", "report_status"]

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CHANNELS = frozenset({"sms", "viber", "whatsapp", "multichannel"})
_SOURCES = frozenset({"api", "excel", "webapp", "smpp", "plugin", "alerts"})
_DELIVERY = frozenset({"delivered", "failed", "sent", "accepted", "rejected", "scheduled"})
_DIMENSIONS = ("source", "channel", "country", "traffic", "delivery")
_COUNTRIES = frozenset(phonenumbers.SUPPORTED_REGIONS)
_SENT_CODE = 102
#: What every message is, in the emulator: SMS sent through the API, transactional.
CHANNEL, SOURCE, TRAFFIC = "sms", "api", "transactional"

_EXPORT_HEADER = [
    "msgId",
    "campaignId",
    "to",
    "countryIso",
    "from",
    "text",
    "parts",
    "cost",
    "status",
    "statusCode",
    "errorCode",
    "createdAt",
    "updatedAt",
    "scheduledAt",
    "channel",
    "source",
]


def report_status(
    message: Message, clock_now: float, mono_now: float, delay: float
) -> tuple[str, int, int | None, datetime | None]:
    """(status, statusCode, errorCode, updatedAt) of ``message`` at these instants."""
    if message.status in ("NO COVERAGE", "REJECTED"):
        return message.status, STATUS_CODES[message.status], None, None
    scheduled = message.scheduled_at
    if scheduled is not None:
        if clock_now < scheduled.timestamp():
            return "SCHEDULED", STATUS_CODES["SCHEDULED"], None, None
        due = clock_now >= scheduled.timestamp() + delay
        reported_at = scheduled + timedelta(seconds=delay)
    else:
        due = mono_now >= message.report_due
        reported_at = message.created_at + timedelta(seconds=delay)
    if not due:
        return "ACCEPTED", STATUS_CODES["ACCEPTED"], None, None
    if message.report is None:
        return "SENT", _SENT_CODE, None, reported_at
    status, error_code = message.report
    code = DLR_STATUS_CODES[status]
    if status not in ("DELIVERED", "FAILED", "REJECTED"):
        status = "FAILED"
    return status, code, error_code, reported_at


def _rounded(micros: int) -> float:
    return round(micros / MICRO, 6)


class ReportService:
    """The nine ``/reports`` routes, read from the ledger and the SMS namespace's campaigns
    (it keeps nothing of its own)."""

    def __init__(self, shared: SharedState, sms: SmsService, reports: ReportCourier) -> None:
        self._state = shared
        self._clock = shared.clock
        self._sms = sms
        self._reports = reports

    def reset(self) -> None:
        """Nothing to forget: the ledger and the campaigns are reset where they are kept."""

    # --- reading the ledger --------------------------------------------------------------

    def _messages(self, campaign_id: str | None = None) -> list[Message]:
        ledger = self._state.ledger
        found = ledger.campaign(campaign_id) if campaign_id else ledger.messages.values()
        return [m for m in found if not m.deleted]

    def _item(self, message: Message, clock_now: float, mono_now: float) -> dict[str, Any]:
        status, code, error_code, updated = report_status(
            message, clock_now, mono_now, self._reports.delay
        )
        return {
            "msgId": message.msg_id,
            "status": status,
            "statusCode": code,
            "errorCode": error_code,
            "inQuietHours": False,
            "createdAt": format_date(message.created_at),
            "updatedAt": None if updated is None else format_date(updated),
            "cost": _rounded(message.cost_micros),
            "to": message.to,
            "countryIso": message.country_iso,
            "from": message.sender,
            "text": message.text,
            "source": SOURCE,
            "channel": CHANNEL,
            "textAnalysis": {
                "length": message.length,
                "unicode": message.unicode,
                "parts": message.parts,
            },
            "scheduledAt": None
            if message.scheduled_at is None
            else format_date(message.scheduled_at),
        }

    def _items(self, messages: Iterable[Message]) -> list[dict[str, Any]]:
        clock_now, mono_now = self._clock(), time.monotonic()
        return [self._item(m, clock_now, mono_now) for m in messages]

    # --- the routes ----------------------------------------------------------------------

    def single(self, msg_id: str) -> Reply:
        """``GET /reports/single/{msgId}``."""
        if not UUID_SHAPE.match(msg_id):
            raise ApiError(1165)
        message = self._state.ledger.message(msg_id.lower())
        if message is None or message.deleted:
            raise ApiError(1160)
        return Reply(200, dumps({"data": self._items([message])[0]}))

    def _campaign(self, campaign_id: str) -> list[Message]:
        if not UUID_SHAPE.match(campaign_id):
            raise ApiError(1155)
        messages = self._messages(campaign_id.lower())
        if not messages:
            raise ApiError(1150, "Campaign ID provided was not found")
        return messages

    def campaign(self, campaign_id: str, query: Mapping[str, str]) -> Reply:
        """``GET /reports/campaigns/{campaignId}``: its messages in send order, paged."""
        messages = self._campaign(campaign_id)
        short = query.get("short_response", "").lower() == "true"
        page, paging = page_of(f"campaign-{campaign_id.lower()}", [] if short else messages, query)
        with self._state.lock:
            record = self._sms.campaigns.get(campaign_id.lower())
        info = {
            "campaignId": campaign_id.lower(),
            "campaignName": record.name if record is not None else "",
            "totalPhoneNumbers": len(messages),
            "totalCost": _rounded(sum(m.cost_micros for m in messages)),
            "totalParts": sum(m.parts for m in messages if m.cost_micros),
            "channel": CHANNEL,
        }
        return Reply(200, dumps({"info": info, "data": self._items(page), "paging": paging}))

    def campaigns(self, query: Mapping[str, str]) -> Reply:
        """``GET /reports/campaigns``: campaigns sent to groups, most recent first."""
        with self._state.lock:
            records = list(self._sms.campaigns.values())[::-1]
        page, paging = page_of("campaigns", records, query)
        clock_now, mono_now = self._clock(), time.monotonic()
        with_status = query.get("delivery_reports", "").lower() == "true"
        data = []
        for record in page:
            messages = self._messages(record.id)
            counts = {"accepted": 0, "delivered": 0, "failed": 0, "scheduled": 0, "noCoverage": 0}
            for message in messages:
                status = report_status(message, clock_now, mono_now, self._reports.delay)[0]
                key = {"NO COVERAGE": "noCoverage", "SENT": "accepted"}.get(status, status.lower())
                if key in counts:
                    counts[key] += 1
            data.append(
                {
                    "id": record.id,
                    "name": record.name,
                    "from": record.sender,
                    "groups": [
                        {"id": gid, "name": name, "phoneNumbers": count}
                        for gid, name, count in record.groups
                    ],
                    "totalPhoneNumers": len(messages),  # sic: the API's spelling
                    "parts": sum(m.parts for m in messages if m.cost_micros),
                    "cost": _rounded(sum(m.cost_micros for m in messages)),
                    "text": record.text,
                    "source": SOURCE,
                    "channel": CHANNEL,
                    "datetimeAdded": format_date(record.created_at),
                    "datetimeScheduled": None
                    if record.scheduled_at is None
                    else format_date(record.scheduled_at),
                    **({"status": counts} if with_status else {}),
                }
            )
        info = {"totalCampaigns": len(records)}
        return Reply(200, dumps({"info": info, "data": data, "paging": paging}))

    def _filtered(self, query: Mapping[str, str], *, delivery: bool = True) -> list[Message]:
        start, end = _interval(query)
        channel = query.get("channel")
        if channel is not None and channel not in _CHANNELS:
            raise ApiError(1828)
        source = query.get("source")
        if source is not None and source not in _SOURCES:
            raise ApiError(1825)
        wanted = query.get("delivery_report")
        if delivery and wanted is not None and wanted not in _DELIVERY:
            raise ApiError(1826)
        country = query.get("country_iso")
        if country is not None and country.upper() not in _COUNTRIES:
            raise ApiError(1827)
        if (channel not in (None, CHANNEL)) or (source not in (None, SOURCE)):
            return []
        clock_now, mono_now = self._clock(), time.monotonic()
        found = []
        for message in self._messages():
            day = message.created_at.astimezone(timezone.utc).date()
            if not start <= day <= end:
                continue
            if country is not None and message.country_iso != country.upper():
                continue
            if delivery and wanted is not None:
                status = report_status(message, clock_now, mono_now, self._reports.delay)[0]
                if status.lower() != wanted:
                    continue
            found.append(message)
        found.sort(key=lambda m: m.created_at, reverse=True)
        return found

    def advanced(self, query: Mapping[str, str]) -> Reply:
        """``GET /reports``: messages in a period, filtered, most recent first, paged."""
        messages = self._filtered(query)
        short = query.get("short_response", "").lower() == "true"
        page, paging = page_of("reports", [] if short else messages, query)
        info = {
            "totalPhoneNumbers": len(messages),
            "totalCost": _rounded(sum(m.cost_micros for m in messages)),
            "totalParts": sum(m.parts for m in messages if m.cost_micros),
        }
        return Reply(200, dumps({"info": info, "data": self._items(page), "paging": paging}))

    def summary(self, dimension: str, query: Mapping[str, str]) -> Reply:
        """``GET /reports/summary/{dimension}``: numbers, parts and cost per source,
        channel or country; per date for ``traffic``, and per date and delivery status for
        ``delivery``. Nothing sent in the period: ``{"data": {}}``."""
        if dimension not in _DIMENSIONS:
            raise ApiError(1829)
        limit = _summary_limit(query)
        start, end = _interval(query)
        messages = self._filtered(query, delivery=False)
        if not messages:
            return Reply(200, dumps({"data": {}}))
        by_month = "-" not in query.get("period", "-")
        clock_now, mono_now = self._clock(), time.monotonic()
        if dimension == "delivery":
            dates = _summary_dates(start, end, by_month)
            cells = {d: {s: [0, 0] for s in _DELIVERY_CELLS} for d in dates}
            for message in messages:
                status = report_status(message, clock_now, mono_now, self._reports.delay)[0]
                cell = cells[_summary_date(message, by_month)][_DELIVERY_CELL[status]]
                cell[0] += message.parts if message.cost_micros else 0
                cell[1] += message.cost_micros
            data: dict[str, Any] = {
                d: {s: {"parts": p, "costParts": _rounded(c)} for s, (p, c) in row.items()}
                for d, row in cells.items()
            }
            return Reply(200, dumps({"data": _first(data, limit)}))
        totals: dict[str, list[int]] = {}
        if dimension == "traffic":
            totals = {d: [0, 0, 0] for d in _summary_dates(start, end, by_month)}
        for message in messages:
            if dimension == "country":
                key = message.country_iso
            elif dimension == "traffic":
                key = _summary_date(message, by_month)
            else:
                key = {"source": SOURCE, "channel": CHANNEL}[dimension]
            row = totals.setdefault(key, [0, 0, 0])
            row[0] += 1
            row[1] += message.parts if message.cost_micros else 0
            row[2] += message.cost_micros
        data = {}
        for key, (n, parts, cost) in sorted(totals.items()):
            entry: dict[str, Any] = {"phoneNumbers": n, "parts": parts}
            entry["costParts"] = _rounded(cost)
            if dimension in ("source", "channel"):
                entry = {"value": key, **entry}
            data[key] = entry
        return Reply(200, dumps({"data": _first(data, limit)}))

    def _rows(self, messages: Iterable[Message]) -> list[list[object]]:
        rows: list[list[object]] = []
        for message, item in zip(messages, self._items(messages), strict=True):
            rows.append(
                [
                    item["msgId"],
                    message.campaign_id,
                    item["to"],
                    item["countryIso"],
                    item["from"],
                    item["text"],
                    message.parts,
                    item["cost"],
                    item["status"],
                    item["statusCode"],
                    item["errorCode"],
                    item["createdAt"],
                    item["updatedAt"],
                    item["scheduledAt"],
                    item["channel"],
                    item["source"],
                ]
            )
        return rows

    def export_advanced(self, kind: str, query: Mapping[str, str]) -> Reply:
        """``GET /reports/csv`` and ``/reports/xlsx``: the advanced report, every page."""
        messages = self._filtered(query)
        return export(kind, "report", _EXPORT_HEADER, self._rows(messages))

    def export_campaign(self, kind: str, campaign_id: str) -> Reply:
        """``GET /reports/campaigns/{campaignId}/csv`` and ``/xlsx``."""
        if not UUID_SHAPE.match(campaign_id):
            raise ApiError(1165)
        messages = self._messages(campaign_id.lower())
        if not messages:
            raise ApiError(1160)
        return export(kind, f"campaign-{campaign_id.lower()}", _EXPORT_HEADER, self._rows(messages))


def _day(text: str, code: int) -> date:
    if not _DAY.match(text):
        raise ApiError(code)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ApiError(code) from None


#: The statuses of a summary by delivery, and which of them each report status counts in.
_DELIVERY_CELLS = ("accepted", "delivered", "failed", "scheduled", "noCoverage")
_DELIVERY_CELL = {
    "ACCEPTED": "accepted",
    "SENT": "accepted",
    "DELIVERED": "delivered",
    "FAILED": "failed",
    "REJECTED": "failed",
    "SCHEDULED": "scheduled",
    "NO COVERAGE": "noCoverage",
}


def _summary_limit(query: Mapping[str, str]) -> int:
    raw = query.get("limit")
    if raw is None:
        return MAX_LIMIT
    if not (raw.isdigit() and 1 <= int(raw) <= MAX_LIMIT):
        raise ApiError(400, f"The parameter `limit` must be between 1 and {MAX_LIMIT}")
    return int(raw)


def _first(data: dict[str, Any], limit: int) -> dict[str, Any]:
    return data if len(data) <= limit else dict(list(data.items())[:limit])


def _summary_date(message: Message, by_month: bool) -> str:
    day = message.created_at.astimezone(timezone.utc).date()
    return f"{day:%Y-%m}" if by_month else day.isoformat()


def _summary_dates(start: date, end: date, by_month: bool) -> list[str]:
    """Every month (a year's period) or every day (a month, an interval) from start to end."""
    if by_month:
        return [f"{start.year:04d}-{month:02d}" for month in range(1, 13)]
    return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def _interval(query: Mapping[str, str]) -> tuple[date, date]:
    """The days a report covers: ``period`` (Y-m or Y), else ``start_date``..``end_date``."""
    period = query.get("period")
    if period is not None:
        match = _PERIOD.match(period)
        if match is None:
            raise ApiError(1820)
        year, month = int(match.group(1)), match.group(2)
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if not 1 <= int(month) <= 12:
            raise ApiError(1820)
        first = date(year, int(month), 1)
        following = date(year + (first.month == 12), first.month % 12 + 1, 1)
        return first, following - timedelta(days=1)
    raw_start, raw_end = query.get("start_date"), query.get("end_date")
    if raw_start is None or raw_end is None:
        raise ApiError(1824)
    start, end = _day(raw_start, 1821), _day(raw_end, 1822)
    if end < start:
        raise ApiError(1823)
    return start, end


ROUTES: tuple[Route[ReportService], ...] = (
    Route(
        "GET", "/reports", "get_advanced_report", lambda r, c: r.advanced(c.query),
        response=ReportsAdvancedResponse,
    ),
    Route(
        "GET", "/reports/single/{msgId}", "get_single_report", lambda r, c: r.single(c.param),
        response=ReportSingleResponse,
    ),
    Route(
        "GET", "/reports/campaigns", "get_campaigns_list", lambda r, c: r.campaigns(c.query),
        response=ReportsCampaignsRespone,
    ),
    Route(
        "GET", "/reports/campaigns/{campaignId}", "get_campaign_report",
        lambda r, c: r.campaign(c.param, c.query), response=ReportsCampaignResponse,
    ),
    Route(
        "GET", "/reports/summary/{dimension}", "get_summary_reports",
        lambda r, c: r.summary(c.param, c.query), response=SummaryReport,
    ),
    Route(
        "GET", "/reports/csv", "export_advanced_report_to_csv",
        lambda r, c: r.export_advanced("csv", c.query), response=CSV,
    ),
    Route(
        "GET", "/reports/xlsx", "export_advanced_report_to_xlsx",
        lambda r, c: r.export_advanced("xlsx", c.query), response=XLSX,
    ),
    Route(
        "GET", "/reports/campaigns/{campaignId}/csv", "export_campaign_report_to_csv",
        lambda r, c: r.export_campaign("csv", c.param), response=CSV,
    ),
    Route(
        "GET", "/reports/campaigns/{campaignId}/xlsx", "export_campaign_report_to_xlsx",
        lambda r, c: r.export_campaign("xlsx", c.param), response=XLSX,
    ),
)  # fmt: skip

"""Delivery reports: parse the callbacks SMS.CX POSTs to a send's ``dlr_callback_url``.

The API later POSTs ``{"event": "dlr_update", "data": [...]}`` with up to 200 reports::

    from smscx.webhooks import parse_delivery_reports

    async def receive(request):                       # any web framework
        batch = parse_delivery_reports(await request.body())
        for report in batch.reports:
            if report.delivered:
                ...
        return 200

Parsing is strict about shape and lenient about growth: unknown fields are ignored, a body
that is not a delivery-report batch raises :class:`WebhookParseError` (answer it with 400).
Answer a well-formed batch quickly with a 2xx and do the work afterwards.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from . import _convert
from .errors import SmscxError, excerpt

__all__ = [
    "DeliveryReport",
    "DeliveryReportBatch",
    "DeliveryStatus",
    "WebhookParseError",
    "parse_delivery_reports",
]

#: The most reports one callback carries.
MAX_REPORTS_PER_CALLBACK = 200


class DeliveryStatus(str, enum.Enum):
    """The final statuses a delivery report commonly carries.

    ``DeliveryReport.status`` stays a ``str`` so that a status the API adds still parses.
    """

    DELIVERED = "DELIVERED"
    FAILED = "FAILED"
    EXPIRED = "EXPIRED"
    REJECTED = "REJECTED"
    UNDELIVERED = "UNDELIVERED"


@attrs.frozen(kw_only=True)
class DeliveryReport:
    """The delivery outcome of one message.

    ``track_data`` is the value given at send time, echoed back so a report can be matched
    to the caller's own records. ``at`` is the moment of the status (wire name
    ``datetime``), timezone-aware UTC like every date smscx parses.
    """

    campaign_id: str
    msg_id: str
    status_code: int
    status: str
    error_code: int | None = None
    at: datetime = attrs.field(metadata={"wire": "datetime"})
    track_data: str | None = None

    @property
    def delivered(self) -> bool:
        """Whether the message reached the handset."""
        return self.status == DeliveryStatus.DELIVERED


@attrs.frozen(kw_only=True)
class DeliveryReportBatch:
    """One callback: its event name and its reports (at most 200)."""

    event: str
    data: list[DeliveryReport]

    @property
    def reports(self) -> list[DeliveryReport]:
        """The reports of this callback."""
        return self.data


class WebhookParseError(SmscxError, ValueError):
    """A callback body that is not a delivery-report batch. Answer it with HTTP 400."""


def parse_delivery_reports(body: bytes | str | Mapping[str, Any]) -> DeliveryReportBatch:
    """Parse a delivery-report callback (raw bytes, text, or already-decoded JSON)."""
    if isinstance(body, Mapping):
        data: object = body
    else:
        try:
            data = _convert.loads(body)
        except ValueError:
            text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
            raise WebhookParseError(f"The callback body is not JSON: {excerpt(text)}") from None
    if not isinstance(data, Mapping) or data.get("event") != "dlr_update":
        raise WebhookParseError('Not a delivery-report callback (expected "event": "dlr_update").')
    if not isinstance(data.get("data"), list):
        raise WebhookParseError('A delivery-report callback needs a "data" list.')
    if len(data["data"]) > MAX_REPORTS_PER_CALLBACK:
        raise WebhookParseError(
            f"{len(data['data'])} reports in one callback; the API sends at most "
            f"{MAX_REPORTS_PER_CALLBACK}."
        )
    try:
        return _convert.structure(data, DeliveryReportBatch)
    except _convert.ShapeError as exc:
        raise WebhookParseError(f"Malformed delivery report: {exc}") from exc

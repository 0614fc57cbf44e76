"""Models of ``ReportsApi``: delivery reports of messages and campaigns, and summaries (the
vendor's ``api/ReportsApi.md``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._common import Group, Paging, TextAnalysis, _Model, _Result


@attrs.frozen(kw_only=True)
class DataReportCampaign(_Model):
    """One message as the reports see it: its delivery status now, cost and text.

    ``status`` is ``ACCEPTED``, ``SENT``, ``DELIVERED``, ``FAILED``, ``SCHEDULED``,
    ``REJECTED`` or ``NO COVERAGE``; ``error_code`` says why one ``FAILED``;
    ``updated_at`` is when its last delivery report arrived.
    """

    msg_id: str
    status: str
    status_code: int
    error_code: int | None
    in_quiet_hours: bool
    created_at: datetime
    updated_at: datetime | None
    cost: float
    to: str
    country_iso: str
    from_: str
    text: str
    source: str
    channel: str
    text_analysis: TextAnalysis
    scheduled_at: datetime | None = None

    @property
    def is_final(self) -> bool:
        """Whether the status will not change any more (delivered, failed, rejected, no
        coverage)."""
        return self.status in _FINAL_STATUSES


_FINAL_STATUSES = frozenset({"DELIVERED", "FAILED", "REJECTED", "NO COVERAGE"})

#: ``GET /reports`` items have the same fields.
DataReports = DataReportCampaign


@attrs.frozen(kw_only=True)
class ReportSingleResponse(_Result):
    """Result of ``get_single_report``: one message's report."""

    data: DataReportCampaign


@attrs.frozen(kw_only=True)
class InfoReportCampaign(_Model):
    """About one campaign (or one send: its ``campaignId``): totals over all its pages."""

    campaign_id: str
    campaign_name: str
    total_phone_numbers: int
    total_cost: float
    total_parts: int
    channel: str


@attrs.frozen(kw_only=True)
class ReportsCampaignResponse(_Result):
    """One page of ``get_campaign_report``: the campaign's messages in send order."""

    info: InfoReportCampaign
    data: list[DataReportCampaign]
    paging: Paging


@attrs.frozen(kw_only=True)
class CampaignStatus(_Model):
    """How many of a campaign's messages are in each state."""

    accepted: int = 0
    delivered: int = 0
    failed: int = 0
    scheduled: int = 0
    no_coverage: int = 0


@attrs.frozen(kw_only=True)
class DataReportsCampaigns(_Model):
    """One campaign sent to contact groups, as the campaigns list shows it."""

    id: str
    name: str
    from_: str
    groups: list[Group]
    total_phone_numbers: int = attrs.field(metadata={"wire": "totalPhoneNumers"})  # sic
    parts: int
    cost: float
    text: str
    source: str
    channel: str
    datetime_added: datetime
    datetime_scheduled: datetime | None
    status: CampaignStatus | None = None


@attrs.frozen(kw_only=True)
class InfoReportsCampaigns(_Model):
    """How many campaigns were sent."""

    total_campaigns: int


@attrs.frozen(kw_only=True)
class ReportsCampaignsRespone(_Result):
    """One page of ``get_campaigns_list`` (the vendor's spelling), most recent first."""

    info: InfoReportsCampaigns
    data: list[DataReportsCampaigns]
    paging: Paging


#: The same class under its correct spelling.
ReportsCampaignsResponse = ReportsCampaignsRespone


@attrs.frozen(kw_only=True)
class InfoReports(_Model):
    """Totals of an advanced report over all its pages."""

    total_phone_numbers: int
    total_cost: float
    total_parts: int


@attrs.frozen(kw_only=True)
class ReportsAdvancedResponse(_Result):
    """One page of ``get_advanced_report``: messages in the period, most recent first."""

    info: InfoReports
    data: list[DataReportCampaign]
    paging: Paging


@attrs.frozen(kw_only=True)
class SummaryValue(_Model):
    """One row of a summary by ``source``, ``channel``, ``country`` or ``traffic``: how many
    numbers, parts, and what they cost.

    ``value`` names the source or channel (``"api"``, ``"sms"``); the vendor's rows by
    country and by date (``traffic``) have none.
    """

    phone_numbers: int
    parts: int
    cost_parts: float
    value: str | None = None


@attrs.frozen(kw_only=True)
class SummaryParts(_Model):
    """The parts of one delivery status in a day or month, and what they cost."""

    parts: int
    cost_parts: float


@attrs.frozen(kw_only=True)
class DeliverySummaryValue(_Model):
    """One date of a summary by ``delivery``: the parts in each delivery status."""

    accepted: SummaryParts
    delivered: SummaryParts
    failed: SummaryParts
    scheduled: SummaryParts
    no_coverage: SummaryParts


@attrs.frozen(kw_only=True)
class SummaryReport(_Result):
    """Result of ``get_summary_reports`` by ``source``, ``channel``, ``country`` or
    ``traffic``: one row per source, channel or country, or (``traffic``) per date: the
    months of a year (``"2026-03"``) or the days of a month or interval (``"2026-03-02"``).
    Empty when nothing was sent in the period."""

    data: dict[str, SummaryValue] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class DeliverySummaryReport(_Result):
    """Result of ``get_summary_reports("delivery", ...)``: one row per date (the months of
    a year, or the days of a month or interval), each split by delivery status. Empty when
    nothing was sent in the period."""

    data: dict[str, DeliverySummaryValue] = attrs.field(factory=dict)


#: The vendor's name for :class:`SummaryReport`.
GetSummaryReports200Response = SummaryReport

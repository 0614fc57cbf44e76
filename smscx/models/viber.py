"""Models of ``ViberApi``: Viber messages and campaigns from approved templates (the
vendor's ``api/ViberApi.md``).

A Viber send names an approved, locked Viber template (``template_id``) instead of a text,
and fills its placeholders from ``custom_fields``; every message is one part. The deletes
answer the SMS models (:class:`~smscx.models.DeleteScheduledMsg`,
:class:`~smscx.models.DeleteScheduledCampaign`), with ``channel`` ``"viber"``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import attrs

from ._common import Group, ModelList, _Model, _Request, _Result
from .sms import _group_ids, _recipients


def _custom_fields(value: Mapping[str, str] | None) -> dict[str, str] | None:
    return None if value is None else dict(value)


# --- requests ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _TemplateSendOptions(_Request):
    """What every template-based send and estimate shares (Viber, WhatsApp)."""

    from_: str
    template_id: int
    custom_fields: Mapping[str, str] | None = attrs.field(default=None, converter=_custom_fields)
    scheduled_date: datetime | None = None
    is_utc: bool | None = None
    dlr_callback_url: str | None = None
    short_response: bool | None = None
    no_text_details: bool | None = None
    show_timezone: bool | None = None


@attrs.frozen(kw_only=True)
class _TemplateMessageEstimate(_TemplateSendOptions):
    """A template-based send to numbers, estimated."""

    to: list[str] = attrs.field(converter=_recipients)
    country_iso: str | None = None
    allow_invalid: bool | None = None
    track_data: str | None = None


@attrs.frozen(kw_only=True)
class SendViberMessageRequestEstimate(_TemplateMessageEstimate):
    """Body of ``POST /viber/estimate``: what a Viber send would cost, nothing charged."""


@attrs.frozen(kw_only=True)
class SendViberMessageRequest(SendViberMessageRequestEstimate):
    """Body of ``POST /viber``: one Viber template to up to 25,000 numbers (charged).

    ``idempotency_id`` (a UUID) makes retries safe; the client generates one when it is
    ``None`` and reuses it on every retry of the call.
    """

    idempotency_id: str | None = None


@attrs.frozen(kw_only=True)
class SendViberCampaignRequestEstimate(_TemplateSendOptions):
    """Body of ``POST /viber/campaign/estimate``: the cost of a Viber campaign to groups."""

    groups: list[int] = attrs.field(converter=_group_ids)


@attrs.frozen(kw_only=True)
class SendViberCampaignRequest(SendViberCampaignRequestEstimate):
    """Body of ``POST /viber/campaign``: a Viber template to contact groups (charged)."""

    idempotency_id: str | None = None


# --- responses --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _SentMessage(_Model):
    """One message of a Viber, WhatsApp or multichannel send."""

    msg_id: str
    status: str
    status_code: int
    error_code: int | None = None
    created_at: datetime
    in_quiet_hours: bool = False
    cost: float
    to: str
    country_iso: str | None = None
    from_: str
    text: str | None = None
    parts: int = 1
    track_data: str | None = None
    scheduled_at: datetime | None = None
    timezone: str | None = None


@attrs.frozen(kw_only=True)
class _SendInfo(_Model):
    """The totals of a Viber, WhatsApp or multichannel send."""

    campaign_id: str
    total_phone_numbers: int
    total_valid: int
    total_invalid: int
    total_cost: float
    total_parts: int
    dlr_callback_url: str | None = None
    phone_numbers_by_country: Mapping[str, int] = attrs.field(factory=dict)
    scheduled: bool = False
    total_in_quiet_hours: int | None = None
    invalid: list[str] | None = None


@attrs.frozen(kw_only=True)
class DataViber(_SentMessage):
    """One Viber message of a send: its id, status and price (``parts`` is always 1).

    ``status`` is one of :class:`~smscx.models.MessageStatus`; ``REJECTED`` (opted out)
    and ``NO COVERAGE`` cost 0. ``text`` is the template with its fields filled in
    (``None`` with ``no_text_details``). Dates are timezone-aware UTC.
    """


@attrs.frozen(kw_only=True)
class InfoViber(_SendInfo):
    """The totals of a Viber send or estimate."""


@attrs.frozen(kw_only=True)
class InfoViberCampaign(_SendInfo):
    """The totals of a Viber campaign: :class:`InfoViber`'s, the groups and the duplicate
    numbers removed."""

    duplicates_removed: int = 0
    groups: list[Group] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class SendViberMessageResponse(_Result):
    """Result of :meth:`~smscx.ViberApi.send_viber_message` and its estimate.

    ``data`` has one entry per message (empty with ``short_response=True``).
    """

    info: InfoViber
    data: Sequence[DataViber] = attrs.field(factory=ModelList)


@attrs.frozen(kw_only=True)
class SendViberCampaignResponse(_Result):
    """Result of :meth:`~smscx.ViberApi.send_viber_campaign` and its estimate."""

    info: InfoViberCampaign
    data: Sequence[DataViber] = attrs.field(factory=ModelList)

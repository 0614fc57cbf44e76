"""Models of ``MultichannelApi``: one message over a strategy of channels, SMS last (the
vendor's ``api/MultichannelApi.md``).

A ``strategy`` lists at least two steps, each channel once, ``sms`` last: ``viber`` and
``whatsapp`` steps name an approved template (``template_id``), the ``sms`` step its
``text``. The first step is sent; a step not delivered within ``ttl`` seconds (300 to
1,209,600; 300 when not given) falls to the next. The deletes answer
:class:`~smscx.models.DeleteScheduledMsg` and :class:`~smscx.models.DeleteScheduledCampaign`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import datetime

import attrs

from ._common import Group, ModelList, _Model, _Request, _Result
from .sms import _group_ids, _recipients
from .viber import _SendInfo, _SentMessage


class StrategyChannel(str, enum.Enum):
    """The channels a multichannel ``strategy`` step can name."""

    VIBER = "viber"
    WHATSAPP = "whatsapp"
    SMS = "sms"


def _channel_name(value: StrategyChannel | str) -> str:
    return value.value if isinstance(value, StrategyChannel) else value


@attrs.frozen(kw_only=True)
class Strategy(_Model):
    """One step of a multichannel strategy: a channel and what it sends.

    ``channel`` is a :class:`StrategyChannel` or its name (stored as the name). A ``viber`` or
    ``whatsapp`` step names its approved template (``template_id``); the ``sms`` step, the
    last, its ``text``.
    """

    channel: str = attrs.field(converter=_channel_name)
    template_id: int | None = None
    text: str | None = None


def _strategy(value: Iterable[Strategy]) -> list[Strategy]:
    return list(value)


@attrs.frozen(kw_only=True)
class _MultichannelOptions(_Request):
    """What every multichannel send and estimate shares."""

    from_: str
    strategy: list[Strategy] = attrs.field(converter=_strategy)
    ttl: int | None = None
    scheduled_date: datetime | None = None
    is_utc: bool | None = None
    dlr_callback_url: str | None = None
    short_response: bool | None = None
    no_text_details: bool | None = None
    show_timezone: bool | None = None


@attrs.frozen(kw_only=True)
class SendMultichannelMessageRequestEstimate(_MultichannelOptions):
    """Body of ``POST /multichannel/estimate``: what a multichannel send would cost."""

    to: list[str] = attrs.field(converter=_recipients)
    country_iso: str | None = None
    allow_invalid: bool | None = None
    track_data: str | None = None


@attrs.frozen(kw_only=True)
class SendMultichannelMessageRequest(SendMultichannelMessageRequestEstimate):
    """Body of ``POST /multichannel``: one message over a strategy to up to 25,000 numbers
    (charged). ``idempotency_id`` as for the other sends."""

    idempotency_id: str | None = None


@attrs.frozen(kw_only=True)
class SendMultichannelCampaignRequestEstimate(_MultichannelOptions):
    """Body of ``POST /multichannel/campaign/estimate``: the cost of a campaign to groups."""

    groups: list[int] = attrs.field(converter=_group_ids)


@attrs.frozen(kw_only=True)
class SendMultichannelCampaignRequest(SendMultichannelCampaignRequestEstimate):
    """Body of ``POST /multichannel/campaign``: a multichannel campaign (charged)."""

    idempotency_id: str | None = None


@attrs.frozen(kw_only=True)
class DataMultichannel(_SentMessage):
    """One message of a multichannel send: the first step's channel, status and price."""

    channel: str | None = None


@attrs.frozen(kw_only=True)
class InfoMultichannel(_SendInfo):
    """The totals of a multichannel send or estimate (the first steps' cost)."""


@attrs.frozen(kw_only=True)
class InfoMultichannelCampaign(_SendInfo):
    """The totals of a multichannel campaign, with its groups and duplicates removed."""

    duplicates_removed: int = 0
    groups: list[Group] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class SendMultichannelMessageResponse(_Result):
    """Result of :meth:`~smscx.MultichannelApi.send_multichannel_message` and its estimate."""

    info: InfoMultichannel
    data: Sequence[DataMultichannel] = attrs.field(factory=ModelList)


@attrs.frozen(kw_only=True)
class SendMultichannelCampaignResponse(_Result):
    """Result of :meth:`~smscx.MultichannelApi.send_multichannel_campaign` and its estimate."""

    info: InfoMultichannelCampaign
    data: Sequence[DataMultichannel] = attrs.field(factory=ModelList)

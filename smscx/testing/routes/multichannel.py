"""``MultichannelApi``: one message over a strategy of channels, kept by the emulator.

A send's ``strategy`` is at least two steps (1121), each channel once (1129), ``sms`` last
(1122), of the channels ``viber``, ``whatsapp`` and ``sms`` (1123) the account has active
(1131, see :attr:`MultichannelService.inactive_channels`). A Viber or WhatsApp step names
its template (used and locked as by :mod:`.viber`), the SMS step its ``text`` (1107).

Each recipient's first step is sent and billed at once, at its channel's price (Viber and
WhatsApp per message, SMS per part); a step whose channel has no coverage for the number is
skipped. The balance must also cover what every later step could cost (1130 otherwise). A
step that is not delivered within ``ttl`` seconds of going out (measured on the emulator's
clock) falls to the next, which is billed then, as a charge of its own; the last step is
never left. Whether a step is delivered is its delivery outcome (the emulator's
``dlr_outcome``), and never for a channel in :attr:`MultichannelService.undelivered_channels`
(its message has no report until it expires, then ``EXPIRED``). Steps fall back when the
clock is looked at: on every multichannel request, and on :meth:`MultichannelService.settle`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, ClassVar

import attrs

from smscx.models import (
    DeleteScheduledCampaign,
    DeleteScheduledMsg,
    SendMultichannelCampaignRequest,
    SendMultichannelCampaignRequestEstimate,
    SendMultichannelCampaignResponse,
    SendMultichannelMessageRequest,
    SendMultichannelMessageRequestEstimate,
    SendMultichannelMessageResponse,
)
from smscx.testing._delivery_reports import ReportCourier
from smscx.testing._shared import Charge, Message, SharedState
from smscx.testing.wire.call import Reply
from smscx.testing.wire.errors import ApiError
from smscx.text import analyze

from . import Route
from ._sms_body import Common, Links, Template, compile_template
from .groups import GroupService
from .optouts import OptoutService
from .sms import MAX_PARTS
from .templates import TemplateService
from .viber import ChannelSends, Draft, Recipient, read_template_id

__all__ = ["CHANNELS", "DEFAULT_TTL", "MAX_TTL", "MIN_TTL", "ROUTES", "MultichannelService"]

CHANNELS = ("viber", "whatsapp", "sms")
"""The channels a strategy step may name."""

MIN_TTL = 300
"""The shortest ``ttl`` (seconds; 1125 below)."""
MAX_TTL = 1_209_600
"""The longest ``ttl``: 14 days (1134 above)."""
DEFAULT_TTL = 300
"""The ``ttl`` of a send that gives none."""


@attrs.frozen(slots=True)
class _Step:
    channel: str
    template: Template


@attrs.frozen(slots=True)
class _Planned:
    """One step of one recipient's message: what it says and costs."""

    channel: str
    text: str
    parts: int
    cost_micros: int


@attrs.define(slots=True)
class Flight:
    """One multichannel message on its way: its steps, those sent, and since when the
    current one waits to be delivered."""

    steps: tuple[_Planned, ...]
    ttl: int
    started: datetime
    dlr_callback_url: str | None
    #: The message of each step sent so far (the first is the send's ``msgId``).
    sent: list[Message]
    done: bool = False

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels of the steps sent so far, in order."""
        return tuple(step.channel for step in self.steps[: len(self.sent)])


class MultichannelService(ChannelSends):
    """The emulator's ``MultichannelApi``: strategies of Viber, WhatsApp and SMS steps.

    ``undelivered_channels`` and ``inactive_channels`` are the test's controls (sets of
    channel names): a step of an undelivered channel never delivers and falls to the next
    once its ``ttl`` passes; a strategy naming an inactive channel is refused (1131).
    """

    channel = "multichannel"
    default_prices: ClassVar[Mapping[str, float | None]] = {}

    def __init__(
        self,
        shared: SharedState,
        *,
        groups: GroupService,
        optouts: OptoutService,
        templates: TemplateService,
        channels: Mapping[str, ChannelSends],
        reports: ReportCourier | None = None,
        links: Links | None = None,
    ) -> None:
        super().__init__(
            shared,
            groups=groups,
            optouts=optouts,
            templates=templates,
            reports=reports,
            links=links,
        )
        self._channels = dict(channels)
        self._flights: dict[str, Flight] = {}
        #: Channels whose steps never deliver (they expire after ``ttl``), e.g. ``{"viber"}``.
        self.undelivered_channels: set[str] = set()
        #: Channels the account does not have active: a strategy naming one is 1131.
        self.inactive_channels: set[str] = set()

    def reset(self) -> None:
        """Forget the messages in flight and the controls, besides what every channel
        forgets."""
        super().reset()
        with self._state.lock:
            self._flights.clear()
        self.undelivered_channels.clear()
        self.inactive_channels.clear()

    def channels_of(self, msg_id: str) -> tuple[str, ...]:
        """The channels a multichannel message went out on so far (after :meth:`settle`),
        by the ``msgId`` its send answered; ``()`` for an unknown one."""
        with self._state.lock:
            flight = self._flights.get(msg_id)
            return () if flight is None else flight.channels

    def step_messages(self, msg_id: str) -> tuple[Message, ...]:
        """The ledger's message of each step sent so far, by the send's ``msgId``."""
        with self._state.lock:
            flight = self._flights.get(msg_id)
            return () if flight is None else tuple(flight.sent)

    # --- the routes ----------------------------------------------------------------------

    def send_multichannel(self, body: Mapping[str, Any], *, path: str, estimate: bool) -> Reply:
        """``POST /multichannel`` (billed) and ``POST /multichannel/estimate``."""
        self.settle()
        replay = None if estimate else self._replay(body, path)
        if replay is not None:
            return replay
        recipients, invalid, total = self._numbers(body)
        return self._send(
            body, path, recipients, total=total, invalid=invalid, extra={}, fields=(),
            tracked=True, estimate=estimate,
        )  # fmt: skip

    def send_multichannel_campaign(
        self, body: Mapping[str, Any], *, path: str, estimate: bool
    ) -> Reply:
        """``POST /multichannel/campaign`` (billed) and its estimate."""
        self.settle()
        replay = None if estimate else self._replay(body, path)
        if replay is not None:
            return replay
        recipients, extra, fields = self._campaign(body)
        return self._send(
            body, path, recipients, total=len(recipients), invalid=[], extra=extra,
            fields=fields, tracked=False, estimate=estimate,
        )  # fmt: skip

    def delete_multichannel_message(self, msg_id: str) -> Reply:
        """``DELETE /multichannel/scheduled/{msgId}``: no step of it will be sent."""
        self.settle()
        return self.delete_message(msg_id)

    def delete_multichannel_campaign(self, campaign_id: str) -> Reply:
        """``DELETE /multichannel/scheduled/campaign/{campaignId}``."""
        self.settle()
        return self.delete_campaign(campaign_id)

    # --- a send --------------------------------------------------------------------------

    def _send(
        self,
        body: Mapping[str, Any],
        path: str,
        recipients: list[Recipient],
        *,
        total: int,
        invalid: list[str],
        extra: Mapping[str, Any],
        fields: Iterable[str],
        tracked: bool,
        estimate: bool,
    ) -> Reply:
        sender = body.get("from")
        if isinstance(sender, str) and len(sender) > 11:
            raise ApiError(1106)
        fields = frozenset(fields)
        steps, sms_text = self._strategy(body.get("strategy"), fields)
        ttl = _ttl(body.get("ttl"))
        common = self._common(
            body, sms_text, estimate=estimate, tracked=tracked, contact_fields=fields
        )
        steps[-1] = _Step("sms", common.template)
        drafts, plans, failover = self._plan(common, steps, recipients)
        reply, messages = self._commit(
            body,
            path,
            common,
            drafts,
            total=total,
            invalid=invalid,
            extra_info=extra,
            estimate=estimate,
            failover_micros=failover,
            with_channel=True,
        )
        if messages:
            with self._state.lock:
                for message, plan in zip(messages, plans, strict=True):
                    if plan:
                        self._flights[message.msg_id] = Flight(
                            steps=plan,
                            ttl=ttl,
                            started=message.scheduled_at or message.created_at,
                            dlr_callback_url=common.dlr_callback_url,
                            sent=[message],
                        )
        return reply

    def _strategy(self, raw: object, fields: frozenset[str]) -> tuple[list[_Step], str]:
        """The steps of ``strategy`` (the SMS step's template is compiled with the rest of
        the body) and the SMS step's text."""
        if not isinstance(raw, list) or not raw:
            raise ApiError(1120)
        channels: list[str] = []
        for item in raw:
            channel = item.get("channel") if isinstance(item, dict) else None
            if channel not in CHANNELS:
                raise ApiError(
                    1123,
                    "The parameter `channel` is not valid. Allowed values: " + ", ".join(CHANNELS),
                )
            channels.append(str(channel))
        if len(channels) < 2:
            raise ApiError(1121)
        if len(set(channels)) != len(channels):
            raise ApiError(1129)
        if channels[-1] != "sms":
            raise ApiError(1122)
        inactive = [c for c in channels if c in self.inactive_channels]
        if inactive:
            raise ApiError(
                1131, "The strategy contains channels that are not active: " + ", ".join(inactive)
            )
        steps: list[_Step] = []
        sms_text = ""
        for item, channel in zip(raw, channels, strict=True):
            if channel == "sms":
                text = item.get("text")
                if not isinstance(text, str) or not text:
                    raise ApiError(1107)
                sms_text = text
                steps.append(_Step(channel, Template(())))  # compiled by read_common
                continue
            record = self._templates.use(read_template_id(item.get("templateId")), channel)
            template = compile_template(record.text, links=self._links, contact_fields=fields)
            steps.append(_Step(channel, template))
        return steps, sms_text

    def _plan(
        self, common: Common, steps: list[_Step], recipients: list[Recipient]
    ) -> tuple[list[Draft], list[tuple[_Planned, ...]], int]:
        """Each recipient's first step (its draft), all its steps, and what the later steps
        of all of them could cost."""
        state = self._state
        now = self._now()
        first = steps[0].channel
        drafts: list[Draft] = []
        plans: list[tuple[_Planned, ...]] = []
        failover = 0
        with state.lock:  # the seeded generator is shared
            for recipient in recipients:
                number = recipient.number
                scheduled_at = self._scheduled_at(common, number, now)
                if number.e164 in self._optouts.by_number:
                    drafts.append(Draft(recipient, first, "", 1, 0, "REJECTED", None))
                    plans.append(())
                    continue
                plan = tuple(
                    planned
                    for step in steps
                    if (planned := self._planned(step, recipient, now)) is not None
                )
                plans.append(plan)
                if not plan:
                    drafts.append(Draft(recipient, first, "", 1, 0, "NO COVERAGE", None))
                    continue
                head = plan[0]
                status = "SCHEDULED" if scheduled_at is not None else "ACCEPTED"
                drafts.append(
                    Draft(
                        recipient, head.channel, head.text, head.parts, head.cost_micros,
                        status, scheduled_at,
                    )
                )  # fmt: skip
                failover += sum(step.cost_micros for step in plan[1:])
        return drafts, plans, failover

    def _planned(self, step: _Step, recipient: Recipient, now: datetime) -> _Planned | None:
        """One step for one recipient, or ``None`` when its channel does not cover the
        number (callers hold the lock)."""
        text = step.template.render(self._state.random, recipient.contact, now)
        iso = recipient.number.country_iso
        if step.channel != "sms":
            price = self._channels[step.channel].price_micros(iso)
            return None if price is None else _Planned(step.channel, text, 1, price)
        parts = analyze(text).parts
        if parts > MAX_PARTS:
            raise ApiError(
                400, f"The text needs {parts} message parts; at most {MAX_PARTS} are allowed"
            )
        price = self._state.price_micros(iso)
        return None if price is None else _Planned("sms", text, parts, price * parts)

    def _after_decide(self, messages: list[Message], drafts: list[Draft]) -> None:
        for message, draft in zip(messages, drafts, strict=True):
            if draft.channel in self.undelivered_channels:
                message.report = None

    # --- falling back ----------------------------------------------------------------------

    def settle(self) -> int:
        """Send the next step of every message whose current step's ``ttl`` has passed on
        the emulator's clock undelivered (again and again, as far as the clock reaches);
        how many steps were sent."""
        total = 0
        while sent := self._settle_once():
            total += sent
        return total

    def _settle_once(self) -> int:
        """Move each message at most one step; how many moved."""
        state = self._state
        now = self._now()
        expired: list[tuple[str, Message]] = []
        sent: list[tuple[str | None, Message, str]] = []
        with state.lock:
            for flight in self._flights.values():
                if flight.done:
                    continue
                current = flight.sent[-1]
                last = len(flight.sent) == len(flight.steps)
                delivered = current.report is not None and current.report[0] == "DELIVERED"
                if current.deleted or last or delivered:
                    flight.done = True
                    continue
                expires = flight.started + timedelta(seconds=flight.ttl)
                if now < expires:
                    continue
                if current.report is None:
                    current.report = ("EXPIRED", None)
                    if flight.dlr_callback_url is not None:
                        expired.append((flight.dlr_callback_url, current))
                step = flight.steps[len(flight.sent)]
                message = Message(
                    msg_id=state.new_id(),
                    campaign_id=current.campaign_id,
                    idempotency_id=None,
                    to=current.to,
                    country_iso=current.country_iso,
                    sender=current.sender,
                    text=step.text,
                    parts=step.parts,
                    cost_micros=step.cost_micros,
                    status="ACCEPTED",
                    created_at=expires,
                    track_data=current.track_data,
                    length=len(step.text),
                )
                # A failover is billed when it goes out, as its own charge: the send's
                # idempotency id stays on the one charge of the send itself.
                charge = Charge(
                    "send", current.campaign_id, None, (message.msg_id,), step.parts,
                    step.cost_micros, expires,
                )  # fmt: skip
                state.bill(charge, [message])
                flight.sent.append(message)
                flight.started = expires
                sent.append((flight.dlr_callback_url, message, step.channel))
        # The outcome rule is the caller's code: run outside the state's lock, as SMS does.
        for _, message, channel in sent:
            if self._reports is not None:
                self._reports.decide([message])
            if channel in self.undelivered_channels:
                message.report = None
        if self._reports is not None:
            for expired_url, message in expired:
                self._reports.schedule(expired_url, [message])
            for url, message, _ in sent:
                if url is not None:
                    self._reports.schedule(url, [message])
        return len(sent)


def _ttl(raw: object) -> int:
    """``ttl``: a whole number of seconds (1124), 300 (1125) to 1,209,600 (1134)."""
    if raw is None:
        return DEFAULT_TTL
    if isinstance(raw, str) and raw.isascii() and raw.isdigit():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ApiError(1124)
    if raw < MIN_TTL:
        raise ApiError(1125)
    if raw > MAX_TTL:
        raise ApiError(1134)
    return raw


ROUTES: tuple[Route[MultichannelService], ...] = (
    Route(
        "POST", "/multichannel", "send_multichannel_message",
        lambda s, c: s.send_multichannel(c.json(), path="/multichannel", estimate=False),
        SendMultichannelMessageRequest, SendMultichannelMessageResponse,
    ),
    Route(
        "POST", "/multichannel/estimate", "estimate_multichannel_message",
        lambda s, c: s.send_multichannel(c.json(), path="/multichannel", estimate=True),
        SendMultichannelMessageRequestEstimate, SendMultichannelMessageResponse,
    ),
    Route(
        "POST", "/multichannel/campaign", "send_multichannel_campaign",
        lambda s, c: s.send_multichannel_campaign(
            c.json(), path="/multichannel/campaign", estimate=False
        ),
        SendMultichannelCampaignRequest, SendMultichannelCampaignResponse,
    ),
    Route(
        "POST", "/multichannel/campaign/estimate", "estimate_multichannel_campaign",
        lambda s, c: s.send_multichannel_campaign(
            c.json(), path="/multichannel/campaign", estimate=True
        ),
        SendMultichannelCampaignRequestEstimate, SendMultichannelCampaignResponse,
    ),
    Route(
        "DELETE", "/multichannel/scheduled/{msgId}", "delete_scheduled_multichannel_message",
        lambda s, c: s.delete_multichannel_message(c.param), response=DeleteScheduledMsg,
    ),
    Route(
        "DELETE", "/multichannel/scheduled/campaign/{campaignId}",
        "delete_scheduled_multichannel_campaign",
        lambda s, c: s.delete_multichannel_campaign(c.param), response=DeleteScheduledCampaign,
    ),
)  # fmt: skip

"""``ViberApi``: Viber messages and campaigns from approved templates, kept by the emulator.

A Viber send is an SMS send (:mod:`.sms`) with a template instead of a text: the same body
rules (:mod:`._sms_body`), the same shared ledger and balance, the same scheduling,
idempotent replay and delivery reports. What differs: ``templateId`` names a Viber template
that :class:`~.templates.TemplateService` approved and locks on use (1126, 1127, 1128, 1132,
1133), ``customFields`` fill its ``{{name}}`` placeholders, every message is one part, and
the price is the channel's own (:data:`DEFAULT_VIBER_PRICES`, per message by country).

:class:`ChannelSends` is that machinery, shared with :mod:`.whatsapp` (the same, single
sends only) and :mod:`.multichannel` (steps of several channels).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from smscx.models import (
    DeleteScheduledCampaign,
    DeleteScheduledMsg,
    SendViberCampaignRequest,
    SendViberCampaignRequestEstimate,
    SendViberCampaignResponse,
    SendViberMessageRequest,
    SendViberMessageRequestEstimate,
    SendViberMessageResponse,
)
from smscx.testing._delivery_reports import ReportCourier
from smscx.testing._shared import MICRO, Charge, Message, SharedState
from smscx.testing.wire.call import Reply
from smscx.testing.wire.checks import (
    UUID_SHAPE,
    PhoneNumber,
    parse_number,
    split_numbers,
    timezone_of,
)
from smscx.testing.wire.codec import dumps, format_date
from smscx.testing.wire.errors import ApiError

from . import Route
from ._sms_body import (
    CONTACT_FIELDS,
    MAX_NUMBERS,
    Common,
    Links,
    NoLinks,
    read_common,
    read_groups,
    read_to,
)
from .groups import GroupService
from .optouts import OptoutService
from .sms import STATUS_CODES
from .templates import TemplateService, render

__all__ = [
    "DEFAULT_VIBER_PRICES",
    "ROUTES",
    "ChannelSends",
    "Draft",
    "Recipient",
    "ViberService",
    "read_custom_fields",
    "read_template_id",
]

DEFAULT_VIBER_PRICES: Mapping[str, float | None] = MappingProxyType({"*": 0.025, "KP": None})
"""Price of one Viber message by ISO country (``"*"``: any other; ``None``: no coverage)."""


def read_template_id(raw: object) -> int:
    """A step's or a body's ``templateId``: set (1126) and a positive whole number (1127)."""
    if raw is None or raw == "":
        raise ApiError(1126)
    if isinstance(raw, bool):
        raise ApiError(1127)
    if isinstance(raw, str) and raw.isascii() and raw.isdigit():
        raw = int(raw)
    if not isinstance(raw, int) or raw < 1:
        raise ApiError(1127)
    return raw


def read_custom_fields(raw: object) -> dict[str, str] | None:
    """``customFields``: an object of string (or number) values, or absent.

    Emulator assumption (docs/testing.md): anything else is a 400 ``invalid_param``.
    """
    if raw is None:
        return None
    if not isinstance(raw, dict) or not all(
        isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in raw.values()
    ):
        raise ApiError(400, "The parameter `customFields` must be an object of string values")
    return {str(k): str(v) for k, v in raw.items()}


@attrs.frozen(slots=True)
class Recipient:
    """A number to send to, and the contact's fields when it came from a group."""

    number: PhoneNumber
    contact: Mapping[str, str] | None = None


@attrs.define(slots=True)
class Draft:
    """One message worked out but not yet committed."""

    recipient: Recipient
    channel: str
    text: str
    parts: int
    cost_micros: int
    status: str
    scheduled_at: datetime | None


@attrs.frozen(slots=True)
class _Stored:
    fingerprint: bytes
    body: bytes


def _fingerprint(path: str, body: Mapping[str, Any]) -> bytes:
    key = body.get("idempotencyId")
    if isinstance(key, str):
        body = {**body, "idempotencyId": key.lower()}
    return (path + "\n" + json.dumps(body, sort_keys=True, separators=(",", ":"))).encode()


def _idempotency_header(idempotency_id: str) -> tuple[tuple[bytes, bytes], ...]:
    return ((b"x-idempotency-id", idempotency_id.encode()),)


def _micros(value: int) -> float:
    return value / MICRO


class ChannelSends:
    """Sends of one channel over the shared state: reading bodies, pricing, committing to
    the ledger, replaying idempotent answers, deleting what is scheduled.

    Each service keeps the ids of the messages and campaigns it sent, so that its delete
    routes find only its own (an SMS ``msgId`` is 1100 to ``DELETE /viber/scheduled``).
    """

    channel: ClassVar[str] = "viber"
    default_prices: ClassVar[Mapping[str, float | None]] = DEFAULT_VIBER_PRICES

    def __init__(
        self,
        shared: SharedState,
        *,
        groups: GroupService,
        optouts: OptoutService,
        templates: TemplateService,
        reports: ReportCourier | None = None,
        links: Links | None = None,
        prices: Mapping[str, float | None] | None = None,
    ) -> None:
        self._state = shared
        self._groups = groups
        self._optouts = optouts
        self._templates = templates
        self._reports = reports
        self._links: Links = links if links is not None else NoLinks()
        self._idempotent: dict[str, _Stored] = {}
        self._msg_ids: set[str] = set()
        self._campaign_ids: set[str] = set()
        self.set_prices(prices or {})

    def set_prices(self, prices: Mapping[str, float | None]) -> None:
        """Set this channel's prices per message by ISO country, over its defaults
        (``"*"``: any other country; ``None``: no coverage)."""
        merged = {**self.default_prices, **prices}
        self.prices: Mapping[str, int | None] = MappingProxyType(
            {k: None if v is None else round(v * MICRO) for k, v in merged.items()}
        )

    def price_micros(self, country_iso: str) -> int | None:
        """The price of one message of this channel to ``country_iso`` (``None``: none)."""
        prices = self.prices
        return prices[country_iso] if country_iso in prices else prices.get("*")

    def reset(self) -> None:
        """Forget idempotent answers and which messages were this channel's."""
        with self._state.lock:
            self._idempotent.clear()
            self._msg_ids.clear()
            self._campaign_ids.clear()

    def _now(self) -> datetime:
        return self._state.now().replace(microsecond=0)

    # --- reading a body ----------------------------------------------------------------

    def _common(
        self,
        body: Mapping[str, Any],
        text: str,
        *,
        estimate: bool,
        tracked: bool,
        contact_fields: Collection[str] = (),
    ) -> Common:
        """The shared fields, read as the SMS routes read them, with ``text`` as the text."""
        fields = {k: v for k, v in body.items() if k != "transliteration"}
        fields["text"] = text
        return read_common(
            fields,
            idempotent=not estimate,
            tracked=tracked,
            links=self._links,
            contact_fields=contact_fields,
        )

    def _numbers(self, body: Mapping[str, Any]) -> tuple[list[Recipient], list[str], int]:
        """The valid recipients of ``to``, the invalid entries, and how many were given."""
        to = read_to(body)
        country_iso = body.get("countryIso")
        valid, invalid = split_numbers(to, country_iso if isinstance(country_iso, str) else None)
        if invalid and (body.get("allowInvalid") is not True or not valid):
            raise ApiError(1207 if len(invalid) == 1 else 1210, invalid=invalid)
        return [Recipient(number) for number in valid], invalid, len(to)

    def _campaign(
        self, body: Mapping[str, Any]
    ) -> tuple[list[Recipient], dict[str, Any], set[str]]:
        """The recipients of ``groups`` (each number once), the campaign's ``info`` extras
        and the contact fields its texts may use."""
        with self._state.lock:
            known = dict(self._groups.by_id)
        groups = read_groups(body, known)
        seen: dict[str, Recipient] = {}
        duplicates = 0
        fields = set(CONTACT_FIELDS)
        for group in groups:
            for contact in group.contacts:
                fields.update(contact.fields)
                if contact.phone_number in seen:
                    duplicates += 1
                    continue
                number = parse_number(contact.phone_number, None)
                assert number is not None  # groups are validated when stored
                seen[contact.phone_number] = Recipient(number, contact.placeholder_values())
        if len(seen) > MAX_NUMBERS:
            raise ApiError(1103)
        extra = {
            "duplicatesRemoved": duplicates,
            "groups": [
                {"id": g.id, "name": g.name, "phoneNumbers": len(g.contacts)} for g in groups
            ],
        }
        return list(seen.values()), extra, fields

    def _scheduled_at(self, common: Common, number: PhoneNumber, now: datetime) -> datetime | None:
        """When a message to ``number`` goes out (``None``: now); 1116 in the past."""
        schedule = common.schedule
        if schedule is None:
            return None
        at = schedule.at(timezone_of(number.e164))
        if at < now:
            raise ApiError(1116)
        return at

    def _status(self, number: PhoneNumber, price: int | None) -> str | None:
        """``REJECTED`` (opted out) or ``NO COVERAGE``, or ``None`` when it can be sent."""
        if number.e164 in self._optouts.by_number:
            return "REJECTED"
        if price is None:
            return "NO COVERAGE"
        return None

    # --- idempotency -------------------------------------------------------------------

    def _replay(self, body: Mapping[str, Any], path: str) -> Reply | None:
        """The stored answer to an idempotency id already used, or ``None`` (1111 when the
        id came with another request), as :class:`~.sms.SmsService` does."""
        idempotency_id = body.get("idempotencyId")
        if not isinstance(idempotency_id, str):
            return None
        with self._state.lock:
            stored = self._idempotent.get(idempotency_id.lower())
        if stored is None:
            return None
        if stored.fingerprint != _fingerprint(path, body):
            raise ApiError(
                1111, "Idempotency Id provided was already used with a different request"
            )
        return Reply(200, stored.body, _idempotency_header(idempotency_id))

    # --- committing --------------------------------------------------------------------

    def _commit(
        self,
        body: Mapping[str, Any],
        path: str,
        common: Common,
        drafts: list[Draft],
        *,
        total: int,
        invalid: list[str],
        extra_info: Mapping[str, Any],
        estimate: bool,
        failover_micros: int = 0,
        with_channel: bool = False,
    ) -> tuple[Reply, list[Message]]:
        """Check coverage and credit, then bill ``drafts`` and answer (callers hold no
        lock). ``failover_micros`` is what later steps could still cost (1130 when the
        account could not pay it on top)."""
        state = self._state
        now = self._now()
        messages: list[Message] = []
        if all(d.status == "NO COVERAGE" for d in drafts):
            raise ApiError(1119)
        covered = [d for d in drafts if d.status not in ("NO COVERAGE", "REJECTED")]
        cost = sum(d.cost_micros for d in covered)
        with state.lock:
            state.check_credit(cost)
            if failover_micros and not state.account.can_afford(cost + failover_micros):
                raise ApiError(1130)
            campaign_id = state.new_id()
            msg_ids = [state.new_id() for _ in drafts]
            info: dict[str, Any] = {
                "campaignId": campaign_id,
                "totalPhoneNumbers": total,
                "totalValid": len(drafts),
                "totalInvalid": len(invalid),
                "totalCost": _micros(cost),
                "totalParts": sum(d.parts for d in covered),
                "dlrCallbackUrl": common.dlr_callback_url,
                "phoneNumbersByCountry": _by_country(d.recipient for d in drafts),
                "scheduled": common.schedule is not None,
                "totalInQuietHours": 0,
            }
            info.update(extra_info)
            if body.get("allowInvalid") is True:
                info["invalid"] = invalid
            data = []
            if not common.short_response:
                pairs = zip(drafts, msg_ids, strict=True)
                data = [_item(common, d, i, now, with_channel) for d, i in pairs]
            response = dumps({"info": info, "data": data})
            headers: tuple[tuple[bytes, bytes], ...] = ()
            if not estimate:
                messages = [
                    Message(
                        msg_id=msg_id,
                        campaign_id=campaign_id,
                        idempotency_id=common.idempotency_id,
                        to=d.recipient.number.e164,
                        country_iso=d.recipient.number.country_iso,
                        sender=common.sender,
                        text=d.text,
                        parts=d.parts,
                        cost_micros=d.cost_micros,
                        status=d.status,  # type: ignore[arg-type]
                        created_at=now,
                        scheduled_at=d.scheduled_at,
                        track_data=common.track_data,
                        length=len(d.text),
                    )
                    for d, msg_id in zip(drafts, msg_ids, strict=True)
                ]
                state.bill(
                    Charge(
                        kind="send",
                        campaign_id=campaign_id,
                        idempotency_id=common.idempotency_id,
                        msg_ids=tuple(msg_ids),
                        parts=info["totalParts"],
                        amount_micros=cost,
                        at=now,
                    ),
                    messages,
                )
                self._msg_ids.update(msg_ids)
                self._campaign_ids.add(campaign_id)
                if common.idempotency_id is not None:
                    self._idempotent[common.idempotency_id] = _Stored(
                        _fingerprint(path, body), response
                    )
                    headers = _idempotency_header(body["idempotencyId"])  # as it came
        if messages and self._reports is not None:
            self._reports.decide(messages)
            self._after_decide(messages, drafts)
            if common.dlr_callback_url is not None:
                self._reports.schedule(common.dlr_callback_url, messages)
        return Reply(200, response, headers), messages

    def _after_decide(self, messages: list[Message], drafts: list[Draft]) -> None:
        """A hook between choosing the messages' outcomes and scheduling their reports."""

    # --- one channel, one template ----------------------------------------------------

    def send_message(self, body: Mapping[str, Any], *, path: str, estimate: bool) -> Reply:
        """``POST /<channel>`` (billed) and ``POST /<channel>/estimate`` (priced only)."""
        replay = None if estimate else self._replay(body, path)
        if replay is not None:
            return replay
        recipients, invalid, total = self._numbers(body)
        text = self._template_text(body)
        common = self._common(body, text, estimate=estimate, tracked=True)
        drafts = self._drafts(common, recipients)
        reply, _ = self._commit(
            body,
            path,
            common,
            drafts,
            total=total,
            invalid=invalid,
            extra_info={},
            estimate=estimate,
        )
        return reply

    def send_campaign(self, body: Mapping[str, Any], *, path: str, estimate: bool) -> Reply:
        """``POST /<channel>/campaign`` (billed) and its estimate."""
        replay = None if estimate else self._replay(body, path)
        if replay is not None:
            return replay
        recipients, extra, fields = self._campaign(body)
        text = self._template_text(body)
        common = self._common(body, text, estimate=estimate, tracked=False, contact_fields=fields)
        drafts = self._drafts(common, recipients)
        reply, _ = self._commit(
            body,
            path,
            common,
            drafts,
            total=len(recipients),
            invalid=[],
            extra_info=extra,
            estimate=estimate,
        )
        return reply

    def _template_text(self, body: Mapping[str, Any]) -> str:
        """The text of the body's template, its custom fields filled in (the template is
        locked from now on, by :meth:`~.templates.TemplateService.use`)."""
        template_id = read_template_id(body.get("templateId"))
        fields = read_custom_fields(body.get("customFields"))
        return render(self._templates.use(template_id, self.channel), fields)

    def _drafts(self, common: Common, recipients: list[Recipient]) -> list[Draft]:
        now = self._now()
        drafts: list[Draft] = []
        with self._state.lock:  # the seeded generator is shared
            rng = self._state.random
            for recipient in recipients:
                text = common.template.render(rng, recipient.contact, now)
                scheduled_at = self._scheduled_at(common, recipient.number, now)
                price = self.price_micros(recipient.number.country_iso)
                status = self._status(recipient.number, price)
                if status is not None or price is None:
                    drafts.append(Draft(recipient, self.channel, text, 1, 0, str(status), None))
                    continue
                status = "SCHEDULED" if scheduled_at is not None else "ACCEPTED"
                drafts.append(Draft(recipient, self.channel, text, 1, price, status, scheduled_at))
        return drafts

    # --- deletes -----------------------------------------------------------------------

    def delete_message(self, msg_id: str) -> Reply:
        """``DELETE /<channel>/scheduled/{msgId}``: cancel one of this channel's scheduled
        messages and return its cost."""
        if not UUID_SHAPE.match(msg_id):
            raise ApiError(1115)
        state = self._state
        now = self._now()
        with state.lock:
            message = state.ledger._messages.get(msg_id)
            if message is None or message.deleted or msg_id not in self._msg_ids:
                raise ApiError(1100)
            if not message.is_pending(now):
                raise ApiError(1118)
            message.deleted = True
            state.refund(
                Charge(
                    kind="refund",
                    campaign_id=message.campaign_id,
                    idempotency_id=message.idempotency_id,
                    msg_ids=(msg_id,),
                    parts=message.parts,
                    amount_micros=-message.cost_micros,
                    at=now,
                )
            )
        if self._reports is not None:
            self._reports.discard((msg_id,))
        info = {
            "msgId": msg_id,
            "parts": message.parts,
            "creditReturned": message.cost,
            "channel": self.channel,
        }
        return Reply(200, dumps({"info": info}))

    def delete_campaign(self, campaign_id: str) -> Reply:
        """``DELETE /<channel>/scheduled/campaign/{campaignId}``: cancel what is still
        scheduled of one of this channel's campaigns."""
        if not UUID_SHAPE.match(campaign_id):
            raise ApiError(1155)
        state = self._state
        now = self._now()
        with state.lock:
            ids = state.ledger._campaigns.get(campaign_id) or ()
            messages = [state.ledger._messages[i] for i in ids if i in self._msg_ids]
            if campaign_id not in self._campaign_ids or all(m.deleted for m in messages):
                raise ApiError(1150)
            pending = [m for m in messages if m.is_pending(now)]
            if not pending:
                raise ApiError(1118)
            returned = sum(m.cost_micros for m in pending)
            for message in pending:
                message.deleted = True
            state.refund(
                Charge(
                    kind="refund",
                    campaign_id=campaign_id,
                    idempotency_id=pending[0].idempotency_id,
                    msg_ids=tuple(m.msg_id for m in pending),
                    parts=sum(m.parts for m in pending),
                    amount_micros=-returned,
                    at=now,
                )
            )
        if self._reports is not None:
            self._reports.discard(m.msg_id for m in pending)
        info = {
            "campaignId": campaign_id,
            "totalPhoneNumbers": len(messages),
            "totalParts": sum(m.parts for m in messages),
            "phoneNumbersDeleted": len(pending),
            "partsDeleted": sum(m.parts for m in pending),
            "creditReturned": _micros(returned),
            "channel": self.channel,
        }
        return Reply(200, dumps({"info": info}))


def _item(
    common: Common, draft: Draft, msg_id: str, now: datetime, with_channel: bool
) -> dict[str, Any]:
    number = draft.recipient.number
    item: dict[str, Any] = {
        "msgId": msg_id,
        "status": draft.status,
        "statusCode": STATUS_CODES[draft.status],
        "errorCode": None,
        "createdAt": format_date(now),
        "inQuietHours": False,
        "cost": _micros(draft.cost_micros),
        "to": number.e164,
        "countryIso": number.country_iso,
        "from": common.sender,
        "parts": draft.parts,
    }
    if with_channel:
        item["channel"] = draft.channel
    if not common.no_text_details:
        item["text"] = draft.text
    if common.track_data is not None:
        item["trackData"] = common.track_data
    if draft.scheduled_at is not None:
        item["scheduledAt"] = format_date(draft.scheduled_at.astimezone(timezone.utc))
    if common.show_timezone:
        item["timezone"] = timezone_of(number.e164).key
    return item


def _by_country(recipients: Iterable[Recipient]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for recipient in recipients:
        iso = recipient.number.country_iso
        counts[iso] = counts.get(iso, 0) + 1
    return counts


class ViberService(ChannelSends):
    """The emulator's ``ViberApi``: template sends and campaigns at Viber prices."""

    channel = "viber"
    default_prices = DEFAULT_VIBER_PRICES


ROUTES: tuple[Route[ViberService], ...] = (
    Route(
        "POST", "/viber", "send_viber_message",
        lambda s, c: s.send_message(c.json(), path="/viber", estimate=False),
        SendViberMessageRequest, SendViberMessageResponse,
    ),
    Route(
        "POST", "/viber/estimate", "estimate_viber_message",
        lambda s, c: s.send_message(c.json(), path="/viber", estimate=True),
        SendViberMessageRequestEstimate, SendViberMessageResponse,
    ),
    Route(
        "POST", "/viber/campaign", "send_viber_campaign",
        lambda s, c: s.send_campaign(c.json(), path="/viber/campaign", estimate=False),
        SendViberCampaignRequest, SendViberCampaignResponse,
    ),
    Route(
        "POST", "/viber/campaign/estimate", "estimate_viber_campaign",
        lambda s, c: s.send_campaign(c.json(), path="/viber/campaign", estimate=True),
        SendViberCampaignRequestEstimate, SendViberCampaignResponse,
    ),
    Route(
        "DELETE", "/viber/scheduled/{msgId}", "delete_scheduled_viber_message",
        lambda s, c: s.delete_message(c.param), response=DeleteScheduledMsg,
    ),
    Route(
        "DELETE", "/viber/scheduled/campaign/{campaignId}", "delete_scheduled_viber_campaign",
        lambda s, c: s.delete_campaign(c.param), response=DeleteScheduledCampaign,
    ),
)  # fmt: skip

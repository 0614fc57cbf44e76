"""``SmsApi``: the six SMS routes: price, bill, schedule, replay, delete and refund.

A send is worked out in full (numbers, texts, parts, costs, schedule) before anything is
committed; every check that can refuse it (1207/1210, 1116, 1119, 1113/1114) happens first,
so a refused send bills nothing. Then, under the shared lock, the balance is charged, the
messages enter the ledger and an idempotent send's response is stored for replay. Last, a
send with ``dlrCallbackUrl`` hands its messages to the report courier
(:mod:`smscx.testing._delivery_reports`), and a deletion takes back the reports of the messages it
cancels. How a send's body is read (field order, placeholders) is :mod:`._sms_body`.

Simplifications, on purpose: no quiet hours (``inQuietHours`` is false, ``totalInQuietHours``
0). A number on the opt-out list is ``REJECTED`` at no cost; a destination whose price is
``None`` is ``NO COVERAGE`` at cost 0.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from smscx.models import (
    DeleteScheduledCampaign,
    DeleteScheduledMsg,
    SendSmsCampaignRequest,
    SendSmsCampaignRequestEstimate,
    SendSmsCampaignResponse,
    SendSmsMessageRequest,
    SendSmsMessageResponse,
    SendSmsRequestEstimate,
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
from smscx.text import analyze, remove_emojis, replaced_characters, transliterate

from . import Route
from ._sms_body import (
    CONTACT_FIELDS,
    MAX_NUMBERS,
    Common,
    Links,
    NoLinks,
    Transliteration,
    read_common,
    read_groups,
    read_to,
)
from .groups import Contact, Group, GroupService
from .optouts import OptoutService

__all__ = ["EMULATOR_ROUTES", "ROUTES", "STATUS_CODES", "Campaign", "SmsService"]

STATUS_CODES: Mapping[str, int] = {
    "ACCEPTED": 100,
    "SCHEDULED": 101,
    "NO COVERAGE": 103,
    "REJECTED": 104,
}
"""``statusCode`` of a message at send time (the API documents no values; these are ours)."""

_UTC = ZoneInfo("UTC")


@attrs.frozen(slots=True)
class Campaign:
    """A campaign sent to contact groups, as ``GET /reports/campaigns`` lists it."""

    id: str
    name: str
    sender: str
    text: str
    groups: tuple[tuple[int, str, int], ...]
    created_at: datetime
    scheduled_at: datetime | None


@attrs.frozen(slots=True)
class _StoredResponse:
    """A successful idempotent send, kept to be replayed byte for byte."""

    fingerprint: bytes
    status: int
    body: bytes


@attrs.frozen(slots=True)
class _Recipient:
    number: PhoneNumber
    contact: Mapping[str, str] | None = None


@attrs.define(slots=True)
class _Draft:
    """One message worked out but not yet committed."""

    recipient: _Recipient
    text: str
    parts: int
    length: int
    unicode: bool
    cost_micros: int
    status: str
    scheduled_at: datetime | None
    original_parts: int
    original_cost_micros: int


def _micros(value: int) -> float:
    return value / MICRO


class SmsService:
    """The SMS routes over the shared state; it keeps the idempotent answers and the
    campaigns sent to groups."""

    def __init__(
        self,
        shared: SharedState,
        *,
        groups: GroupService,
        optouts: OptoutService,
        links: Links | None = None,
        reports: ReportCourier | None = None,
    ) -> None:
        self._state = shared
        self._groups = groups
        self._optouts = optouts
        self._reports = reports
        #: The short links and attachments a text may name (``{{shortlink:ID}}``).
        self._links: Links = links if links is not None else NoLinks()
        self._idempotent: dict[str, _StoredResponse] = {}
        #: Campaigns sent to groups, by id, in send order (under the shared lock).
        self.campaigns: dict[str, Campaign] = {}
        #: The sender a send's ``from`` goes out as: the emulator sets the originators'
        #: rule (an unapproved one becomes the default system sender); alone, as given.
        self.sender_of: Callable[[str], str] = str

    def reset(self) -> None:
        """Forget idempotent answers and campaigns."""
        with self._state.lock:
            self._idempotent.clear()
            self.campaigns.clear()

    def _now(self) -> datetime:
        return self._state.now().replace(microsecond=0)

    # --- the endpoints -----------------------------------------------------------------

    def send_sms(self, body: Mapping[str, Any], *, estimate: bool) -> Reply:
        """``POST /sms`` (billed) and ``POST /sms/estimate`` (priced only)."""
        replay = None if estimate else self._replay(body, "/sms")
        if replay is not None:
            return replay
        to = read_to(body)
        common = read_common(
            body,
            idempotent=not estimate,
            tracked=True,
            links=self._links,
        )
        country_iso = body.get("countryIso")
        valid, invalid = split_numbers(to, country_iso if isinstance(country_iso, str) else None)
        allow_invalid = body.get("allowInvalid") is True
        if invalid and (not allow_invalid or not valid):
            raise ApiError(1207 if len(invalid) == 1 else 1210, invalid=invalid)
        recipients = [_Recipient(number) for number in valid]
        extra: dict[str, Any] = {}
        if allow_invalid:
            extra["invalid"] = invalid
        return self._send(
            body,
            "/sms",
            common,
            recipients,
            total=len(to),
            invalid=len(invalid),
            extra_info=extra,
            estimate=estimate,
        )

    def send_campaign(self, body: Mapping[str, Any], *, estimate: bool) -> Reply:
        """``POST /sms/campaign`` (billed) and ``POST /sms/campaign/estimate``."""
        replay = None if estimate else self._replay(body, "/sms/campaign")
        if replay is not None:
            return replay
        with self._state.lock:
            known = dict(self._groups.by_id)
        groups = read_groups(body, known)
        recipients, duplicates = _campaign_recipients(groups)
        if len(recipients) > MAX_NUMBERS:
            raise ApiError(1103)
        fields = set(CONTACT_FIELDS)
        for group in groups:
            for contact in group.contacts:
                fields.update(contact.fields)
        common = read_common(
            body,
            idempotent=not estimate,
            tracked=False,
            links=self._links,
            contact_fields=fields,
        )
        extra = {
            "duplicatesRemoved": duplicates,
            "groups": [
                {"id": g.id, "name": g.name, "phoneNumbers": len(g.contacts)} for g in groups
            ],
        }
        return self._send(
            body,
            "/sms/campaign",
            common,
            recipients,
            total=len(recipients),
            invalid=0,
            extra_info=extra,
            estimate=estimate,
        )

    def delete_message(self, msg_id: str) -> Reply:
        """``DELETE /sms/scheduled/{msgId}``: cancel one scheduled message, return its cost."""
        if not UUID_SHAPE.match(msg_id):
            raise ApiError(1115)
        state = self._state
        now = self._now()
        with state.lock:
            message = state.ledger._messages.get(msg_id)
            if message is None or message.deleted:
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
            "channel": "sms",
        }
        return Reply(200, dumps({"info": info}))

    def delete_campaign(self, campaign_id: str) -> Reply:
        """``DELETE /sms/scheduled/campaign/{campaignId}``: cancel what is still scheduled."""
        if not UUID_SHAPE.match(campaign_id):
            raise ApiError(1155)
        state = self._state
        now = self._now()
        with state.lock:
            ids = state.ledger._campaigns.get(campaign_id)
            messages = [state.ledger._messages[i] for i in ids or ()]
            if not messages or all(m.deleted for m in messages):
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
            "channel": "sms",
        }
        return Reply(200, dumps({"info": info}))

    # --- one text, sent on another route's behalf (an OTP's PIN) ----------------------------

    def send_text(self, number: PhoneNumber, sender: str, text: str) -> Message:
        """Send and bill one message to ``number`` (for ``POST /otp``): 1119 without
        coverage, 1113/1114 without credit. It is in the ledger and the reports like any."""
        state = self._state
        analysis = analyze(text)
        now = self._now()
        with state.lock:
            price = state.price_micros(number.country_iso)
            if price is None:
                raise ApiError(1119)
            cost = price * analysis.parts
            state.check_credit(cost)
            campaign_id, msg_id = state.new_id(), state.new_id()
            message = Message(
                msg_id=msg_id,
                campaign_id=campaign_id,
                idempotency_id=None,
                to=number.e164,
                country_iso=number.country_iso,
                sender=sender,
                text=text,
                parts=analysis.parts,
                cost_micros=cost,
                status="ACCEPTED",
                created_at=now,
                length=analysis.length,
                unicode=analysis.unicode,
            )
            charge = Charge("send", campaign_id, None, (msg_id,), analysis.parts, cost, now)
            state.bill(charge, [message])
        if self._reports is not None:
            self._reports.decide([message])
        return message

    # --- what a phone would see (emulator-only) --------------------------------------------

    def messages_to(self, number: str) -> Reply:
        """``GET /_emulator/messages?to=NUMBER``: the messages sent to ``number`` (E.164, or
        without its ``+``), oldest first, with their text as sent and their status."""
        parsed = parse_number(number if number.startswith("+") else f"+{number}", None)
        if parsed is None:
            raise ApiError(1207)
        found = [m for m in self._state.ledger.messages.values() if m.to == parsed.e164]
        found.sort(key=lambda m: m.created_at)
        data = [
            {
                "msgId": m.msg_id,
                "campaignId": m.campaign_id,
                "from": m.sender,
                "to": m.to,
                "text": m.text,
                "status": m.status,
                "createdAt": format_date(m.created_at),
                "deleted": m.deleted,
            }
            for m in found
        ]
        return Reply(200, dumps({"data": data}))

    # --- idempotency --------------------------------------------------------------------

    def _replay(self, body: Mapping[str, Any], path: str) -> Reply | None:
        """The stored answer to an idempotency id already used, or ``None``.

        A reused id with a different request (another body or endpoint) is refused with
        400 ``invalid_param`` 1111 rather than replayed: replaying would answer a request
        that was never performed. Only successes are stored, so a send refused (say for
        credit) can be retried with the same id once the cause is fixed.
        """
        idempotency_id = body.get("idempotencyId")
        if not isinstance(idempotency_id, str):
            return None
        with self._state.lock:
            # UUIDs are case-insensitive (RFC 9562): the same id in another case is the same.
            stored = self._idempotent.get(idempotency_id.lower())
        if stored is None:
            return None
        if stored.fingerprint != _fingerprint(path, body):
            raise ApiError(
                1111, "Idempotency Id provided was already used with a different request"
            )
        return Reply(stored.status, stored.body, _idempotency_header(idempotency_id))

    # --- the shared send path -----------------------------------------------------------

    def _send(
        self,
        body: Mapping[str, Any],
        path: str,
        common: Common,
        recipients: list[_Recipient],
        *,
        total: int,
        invalid: int,
        extra_info: dict[str, Any],
        estimate: bool,
    ) -> Reply:
        state = self._state
        now = self._now()
        common = attrs.evolve(common, sender=self.sender_of(common.sender))
        messages: list[Message] = []
        with state.lock:
            drafts = self._drafts(common, recipients, now)
            if all(d.status == "NO COVERAGE" for d in drafts):
                raise ApiError(1119)
            # What is sent and billed: not the destinations without coverage, nor the
            # contacts that opted out (REJECTED, at no cost).
            covered = [d for d in drafts if d.status not in ("NO COVERAGE", "REJECTED")]
            cost = sum(d.cost_micros for d in covered)
            state.check_credit(cost)
            # A send commits from here on: nothing below can refuse it.
            campaign_id = state.new_id()
            msg_ids = [state.new_id() for _ in drafts]
            scheduled = common.schedule is not None
            info: dict[str, Any] = {
                "campaignId": campaign_id,
                "totalPhoneNumbers": total,
                "totalValid": len(recipients),
                "totalInvalid": invalid,
                "totalParts": sum(d.parts for d in covered),
                "totalCost": _micros(cost),
                "dlrCallbackUrl": common.dlr_callback_url,
                "phoneNumbersByCountry": _by_country(recipients),
                "scheduled": scheduled,
                "totalInQuietHours": 0,
            }
            info.update(extra_info)
            if common.transliteration is not None and common.transliteration.active:
                info["transliterationAnalysis"] = _transliteration_analysis(
                    common.text, common.transliteration, covered
                )
            data = [] if common.short_response else _data(common, drafts, msg_ids, now)
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
                        length=d.length,
                        unicode=d.unicode,
                    )
                    for d, msg_id in zip(drafts, msg_ids, strict=True)
                ]
                groups = extra_info.get("groups")
                if groups is not None:
                    self.campaigns[campaign_id] = Campaign(
                        id=campaign_id,
                        name=", ".join(g["name"] for g in groups),
                        sender=common.sender,
                        text=common.text,
                        groups=tuple((g["id"], g["name"], g["phoneNumbers"]) for g in groups),
                        created_at=now,
                        scheduled_at=next((d.scheduled_at for d in drafts if d.scheduled_at), None),
                    )
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
                if common.idempotency_id is not None:
                    self._idempotent[common.idempotency_id] = _StoredResponse(
                        _fingerprint(path, body), 200, response
                    )
                    headers = _idempotency_header(body["idempotencyId"])  # as it came
        if messages and self._reports is not None:
            # Outside the state's lock: the outcome rule is the caller's code, and the
            # courier has a lock of its own. Every message gets its outcome, callback URL
            # or not: the reports routes show it once it is due.
            self._reports.decide(messages)
            if common.dlr_callback_url is not None:
                self._reports.schedule(common.dlr_callback_url, messages)
        return Reply(200, response, headers)

    def _drafts(self, common: Common, recipients: list[_Recipient], now: datetime) -> list[_Draft]:
        """Work out every message (callers hold the lock: the seeded generator is shared)."""
        state = self._state
        rng = state.random
        template = common.template
        translit = common.transliteration
        static_text = template.render(rng, None, now) if template.static else None
        schedule = common.schedule
        same_moment = schedule is not None and (schedule.utc or schedule.wall.tzinfo is not None)
        fixed_at = schedule.at(_UTC) if schedule is not None and same_moment else None
        if fixed_at is not None and fixed_at < now:
            raise ApiError(1116)
        cache: dict[str, tuple[str, int, int, bool, int]] = {}
        drafts: list[_Draft] = []
        for recipient in recipients:
            raw = (
                static_text
                if static_text is not None
                else template.render(rng, recipient.contact, now)
            )
            worked = cache.get(raw)
            if worked is None:
                worked = _work_text(raw, translit)
                cache[raw] = worked
            text, parts, length, unicode, original_parts = worked
            if not text:
                raise ApiError(1107)
            if parts > MAX_PARTS:
                # Emulator assumption (docs/testing.md): the API documents the limit (1,530
                # characters, 10 parts) but no error for it; a 400 that says so.
                raise ApiError(
                    400,
                    f"The text needs {parts} message parts; at most {MAX_PARTS} are allowed "
                    "(1530 GSM-7 characters, or 670 Unicode)",
                )
            scheduled_at = fixed_at
            if schedule is not None and fixed_at is None:
                scheduled_at = schedule.at(timezone_of(recipient.number.e164))
                if scheduled_at < now:
                    raise ApiError(1116)
            price = state.price_micros(recipient.number.country_iso)
            if recipient.number.e164 in self._optouts.by_number:
                # The API does not send to a contact that opted out, and bills nothing.
                status, cost, original_cost, scheduled_at = "REJECTED", 0, 0, None
            elif price is None:
                status, cost, original_cost, scheduled_at = "NO COVERAGE", 0, 0, None
            else:
                status = "SCHEDULED" if scheduled_at is not None else "ACCEPTED"
                cost, original_cost = price * parts, price * original_parts
            drafts.append(
                _Draft(
                    recipient,
                    text,
                    parts,
                    length,
                    unicode,
                    cost,
                    status,
                    scheduled_at,
                    original_parts,
                    original_cost,
                )
            )
        return drafts


#: The most message parts a text may take (the vendor's "up to 1530 characters (10 message
#: parts)").
MAX_PARTS = 10


def _work_text(raw: str, translit: Transliteration | None) -> tuple[str, int, int, bool, int]:
    """(final text, parts, length, unicode, parts before transliteration)."""
    original = analyze(raw)
    text = raw
    if translit is not None and translit.active:
        if translit.remove_emojis:
            text = remove_emojis(text)
        text = transliterate(text, translit.alphabet)
    final = analyze(text) if text is not raw else original
    return text, final.parts, final.length, final.unicode, original.parts


def _data(
    common: Common, drafts: list[_Draft], msg_ids: list[str], now: datetime
) -> list[dict[str, Any]]:
    created = format_date(now)
    items: list[dict[str, Any]] = []
    for draft, msg_id in zip(drafts, msg_ids, strict=True):
        number = draft.recipient.number
        item: dict[str, Any] = {
            "msgId": msg_id,
            "status": draft.status,
            "statusCode": STATUS_CODES[draft.status],
            "errorCode": None,
            "createdAt": created,
            "inQuietHours": False,
            "cost": _micros(draft.cost_micros),
            "to": number.e164,
            "countryIso": number.country_iso,
            "from": common.sender,
            "parts": draft.parts,
        }
        if not common.no_text_details:
            item["text"] = draft.text
            item["textAnalysis"] = {
                "length": draft.length,
                "unicode": draft.unicode,
                "parts": draft.parts,
            }
        if common.track_data is not None:
            item["trackData"] = common.track_data
        if draft.scheduled_at is not None:
            item["scheduledAt"] = format_date(draft.scheduled_at)
        if common.show_timezone:
            item["timezone"] = timezone_of(number.e164).key
        items.append(item)
    return items


def _transliteration_analysis(
    text: str, translit: Transliteration, covered: list[_Draft]
) -> dict[str, Any]:
    original_parts = sum(d.original_parts for d in covered)
    replaced_parts = sum(d.parts for d in covered)
    original_cost = sum(d.original_cost_micros for d in covered)
    replaced_cost = sum(d.cost_micros for d in covered)
    replaced_text = text
    if translit.remove_emojis:
        replaced_text = remove_emojis(replaced_text)
    characters = replaced_characters(replaced_text, translit.alphabet)
    replaced_text = transliterate(replaced_text, translit.alphabet)
    before, after = analyze(text), analyze(replaced_text)
    return {
        "totalOriginalCost": _micros(original_cost),
        "totalOriginalParts": original_parts,
        "totalReplacedCost": _micros(replaced_cost),
        "totalReplacedParts": replaced_parts,
        # An integer, as the vendor's schema declares it (TransliterationAnalysis:
        # totalCostSaved int; its generated client refuses a float): whole currency units.
        "totalCostSaved": round(_micros(original_cost - replaced_cost)),
        "totalPartsSaved": original_parts - replaced_parts,
        "text": {
            "original": {
                "text": text,
                "length": before.length,
                "parts": before.parts,
                "encoding": before.encoding.value,
            },
            "replaced": {
                "text": replaced_text,
                "length": after.length,
                "parts": after.parts,
                "encoding": after.encoding.value,
                "characters": characters,
            },
        },
    }


def _by_country(recipients: Iterable[_Recipient]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for recipient in recipients:
        iso = recipient.number.country_iso
        counts[iso] = counts.get(iso, 0) + 1
    return counts


def _campaign_recipients(groups: list[Group]) -> tuple[list[_Recipient], int]:
    """Each number once across the groups (the first contact wins), and how many repeats."""
    seen: dict[str, _Recipient] = {}
    duplicates = 0
    for group in groups:
        for contact in group.contacts:
            if contact.phone_number in seen:
                duplicates += 1
                continue
            seen[contact.phone_number] = _Recipient(_number(contact), contact.placeholder_values())
    return list(seen.values()), duplicates


def _number(contact: Contact) -> PhoneNumber:
    number = parse_number(contact.phone_number, None)
    assert number is not None  # groups are validated when the emulator is built
    return number


def _fingerprint(path: str, body: Mapping[str, Any]) -> bytes:
    """What makes two requests "the same" for idempotency: endpoint and parsed body (the
    idempotency id itself in one case)."""
    key = body.get("idempotencyId")
    if isinstance(key, str):
        body = {**body, "idempotencyId": key.lower()}
    return (path + "\n" + json.dumps(body, sort_keys=True, separators=(",", ":"))).encode()


def _idempotency_header(idempotency_id: str) -> tuple[tuple[bytes, bytes], ...]:
    return ((b"x-idempotency-id", idempotency_id.encode()),)


ROUTES: tuple[Route[SmsService], ...] = (
    Route(
        "POST", "/sms", "send_sms", lambda s, c: s.send_sms(c.json(), estimate=False),
        SendSmsMessageRequest, SendSmsMessageResponse,
    ),
    Route(
        "POST", "/sms/estimate", "estimate_sms", lambda s, c: s.send_sms(c.json(), estimate=True),
        SendSmsRequestEstimate, SendSmsMessageResponse,
    ),
    Route(
        "POST", "/sms/campaign", "send_sms_campaign",
        lambda s, c: s.send_campaign(c.json(), estimate=False),
        SendSmsCampaignRequest, SendSmsCampaignResponse,
    ),
    Route(
        "POST", "/sms/campaign/estimate", "estimate_sms_campaign",
        lambda s, c: s.send_campaign(c.json(), estimate=True),
        SendSmsCampaignRequestEstimate, SendSmsCampaignResponse,
    ),
    Route(
        "DELETE", "/sms/scheduled/{msgId}", "delete_scheduled_sms",
        lambda s, c: s.delete_message(c.param), response=DeleteScheduledMsg,
    ),
    Route(
        "DELETE", "/sms/scheduled/campaign/{campaignId}", "delete_scheduled_sms_campaign",
        lambda s, c: s.delete_campaign(c.param), response=DeleteScheduledCampaign,
    ),
)  # fmt: skip

EMULATOR_ROUTES: tuple[Route[SmsService], ...] = (
    # What a phone would have received, for tests in another process (no vendor method).
    Route(
        "GET", "/_emulator/messages", "emulator_messages",
        lambda s, c: s.messages_to(c.query.get("to", "")),
    ),
)  # fmt: skip

"""``ConversationsApi``: two-way threads, kept by the emulator.

A thread opens when a contact texts one of the account's rented numbers (the emulator's
``emulator.numbers.receive(...)``, as a phone would) and continues with every later message
between that contact and that number. Threads are listed by the time of the contact's last
message, the most recent first. Reading a thread does not mark it read; ``/read`` does.

A message a contact sent is ``DELIVERED`` in its thread and a reply ``SENT`` (the statuses
the vendor's schema allows there). Replies go from the rented number to the contact. An
SMS reply is sent and billed as any SMS (the country's price per part; in the ledger and
the reports). A Viber reply costs :data:`VIBER_REPLY_PRICE` and a WhatsApp one
:data:`WHATSAPP_REPLY_PRICE`, per message, from the same balance; either is refused 24
hours after the contact's last message (1181, 1182), on the emulator's clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs

from smscx.models import (
    ConversationDetailsResponse,
    ConversationReadResponse,
    ConversationReplySmsRequest,
    ConversationReplySmsResponse,
    ConversationReplyViberRequest,
    ConversationReplyViberRespone,
    ConversationReplyWhatsappRequest,
    ConversationReplyWhatsappResponse,
    ConversationsListResponse,
)
from smscx.testing._shared import MICRO, Charge, SharedState
from smscx.testing.wire.call import Reply
from smscx.testing.wire.checks import UUID_SHAPE, PhoneNumber
from smscx.testing.wire.codec import dumps, format_date
from smscx.testing.wire.errors import ApiError
from smscx.text import analyze

from . import Route
from .sms import STATUS_CODES, SmsService

__all__ = [
    "CHAT_WINDOW",
    "MAX_CHAT_TEXT",
    "ROUTES",
    "VIBER_REPLY_PRICE",
    "WHATSAPP_REPLY_PRICE",
    "ConversationService",
    "Thread",
]

VIBER_REPLY_PRICE = 0.02
"""What one Viber reply costs, in the account currency (an assumption)."""

WHATSAPP_REPLY_PRICE = 0.03
"""What one WhatsApp reply costs, in the account currency (an assumption)."""

CHAT_WINDOW = timedelta(hours=24)
"""How long after the contact's last message a Viber or WhatsApp reply is taken."""

MAX_CHAT_TEXT = 1000
"""The longest Viber or WhatsApp reply (1811 beyond)."""

_PREVIEW = 160
"""How much of the last message the list shows (``lastReply``)."""

_CHANNELS = {
    "viber": (round(VIBER_REPLY_PRICE * MICRO), 1181),
    "whatsapp": (round(WHATSAPP_REPLY_PRICE * MICRO), 1182),
}


@attrs.define(slots=True)
class Thread:
    """One conversation: the contact, the rented number they wrote to, the messages."""

    id: str
    contact: PhoneNumber
    number: str
    last_update: datetime
    order: int
    messages: list[dict[str, Any]] = attrs.field(factory=list)
    unread: int = 0


class ConversationService:
    """The emulator's ``ConversationsApi``: threads by id (under the shared lock)."""

    def __init__(self, shared: SharedState, sms: SmsService) -> None:
        self._state = shared
        self._sms = sms
        self._threads: dict[str, Thread] = {}
        self._order = 0

    def reset(self) -> None:
        """Forget every thread."""
        with self._state.lock:
            self._threads.clear()
            self._order = 0

    # --- what a contact does (called by the numbers' service) ----------------------------

    def received(
        self, contact: PhoneNumber, number: str, text: str, msg_id: str, at: datetime
    ) -> str:
        """A contact's SMS to a rented number: opens or continues their thread (callers
        hold the lock); the thread's id."""
        thread = next(
            (t for t in self._threads.values() if t.contact == contact and t.number == number),
            None,
        )
        self._order += 1
        if thread is None:
            thread = Thread(self._state.new_id(), contact, number, at, self._order)
            self._threads[thread.id] = thread
        thread.last_update, thread.order = at, self._order
        thread.unread += 1
        thread.messages.append(
            {
                "msgId": msg_id,
                "type": "received",
                "text": text,
                "richMedia": {},
                "status": "DELIVERED",
                "cost": 0.0,
                "channel": "sms",
                "datetime": format_date(at),
            }
        )
        return thread.id

    # --- the routes ----------------------------------------------------------------------

    def _thread(self, conversation_id: str) -> Thread:
        if not UUID_SHAPE.match(conversation_id):
            raise ApiError(1180)
        thread = self._threads.get(conversation_id.lower())
        if thread is None:
            raise ApiError(1180)
        return thread

    def list(self) -> Reply:
        """``GET /conversations``: the threads, the contact's latest message first."""
        with self._state.lock:
            threads = sorted(
                self._threads.values(), key=lambda t: (t.last_update, t.order), reverse=True
            )
            data = [
                {
                    **_contact(t),
                    "unreadMessages": t.unread,
                    "lastReply": t.messages[-1]["text"][:_PREVIEW],
                    "lastUpdate": format_date(t.last_update),
                }
                for t in threads
            ]
        return Reply(200, dumps({"data": data}))

    def get(self, conversation_id: str) -> Reply:
        """``GET /conversations/{conversationId}``: the contact and the messages."""
        with self._state.lock:
            thread = self._thread(conversation_id)
            answer = {"info": _contact(thread), "data": [dict(m) for m in thread.messages]}
        return Reply(200, dumps(answer))

    def read(self, conversation_id: str) -> Reply:
        """``GET /conversations/{conversationId}/read``."""
        with self._state.lock:
            thread = self._thread(conversation_id)
            thread.unread = 0
        return Reply(200, dumps({"info": {"id": thread.id}}))

    def reply_sms(self, conversation_id: str, body: Mapping[str, Any]) -> Reply:
        """``POST /conversations/{conversationId}/sms`` (charged as an SMS)."""
        with self._state.lock:
            thread = self._thread(conversation_id)
        text = _text(body, None)
        message = self._sms.send_text(thread.contact, thread.number, text)
        analysis = analyze(text)
        now = message.created_at
        with self._state.lock:
            self._append(thread, message.msg_id, text, None, message.cost, "sms", now)
        data = {
            "msgId": message.msg_id,
            "status": "SENT",
            "createdAt": format_date(now),
            "cost": message.cost,
            "to": thread.contact.e164,
            "countryIso": thread.contact.country_iso,
            "from": thread.number,
            "text": text,
            "parts": message.parts,
            "textAnalysis": {
                "length": analysis.length,
                "unicode": analysis.unicode,
                "parts": analysis.parts,
            },
        }
        info = _info(message.campaign_id, thread, message.cost, message.parts)
        return Reply(200, dumps({"info": info, "data": data}))

    def reply_chat(self, channel: str, conversation_id: str, body: Mapping[str, Any]) -> Reply:
        """``POST /conversations/{conversationId}/viber`` and ``/whatsapp`` (charged)."""
        price, too_late = _CHANNELS[channel]
        now = self._state.now()
        state = self._state
        with state.lock:
            thread = self._thread(conversation_id)
            if now - thread.last_update > CHAT_WINDOW:
                raise ApiError(too_late)
            text = _text(body, MAX_CHAT_TEXT)
            media = body.get("richMedia")
            media = dict(media) if isinstance(media, dict) else {}
            state.check_credit(price)
            campaign_id, msg_id = state.new_id(), state.new_id()
            state.bill(Charge("send", campaign_id, None, (msg_id,), 1, price, now), [])
            cost = price / MICRO
            self._append(thread, msg_id, text, media, cost, channel, now)
        data = {
            "msgId": msg_id,
            "status": "ACCEPTED",
            "statusCode": STATUS_CODES["ACCEPTED"],
            "errorCode": None,
            "createdAt": format_date(now),
            "inQuietHours": False,
            "cost": cost,
            "to": thread.contact.e164,
            "countryIso": thread.contact.country_iso,
            "from": thread.number,
            "text": text,
            "parts": 1,
        }
        info = _info(campaign_id, thread, cost, 1)
        return Reply(200, dumps({"info": info, "data": data}))

    def _append(
        self,
        thread: Thread,
        msg_id: str,
        text: str,
        media: dict[str, Any] | None,
        cost: float,
        channel: str,
        at: datetime,
    ) -> None:
        thread.messages.append(
            {
                "msgId": msg_id,
                "type": "sent",
                "text": text,
                "richMedia": media or {},
                "status": "SENT",
                "cost": cost,
                "channel": channel,
                "datetime": format_date(at),
            }
        )


def _contact(thread: Thread) -> dict[str, Any]:
    # The contact's name is unknown to a thread opened by an SMS: empty, as the pages type
    # the names as strings.
    return {
        "conversationId": thread.id,
        "phoneNumber": thread.contact.e164,
        "countryIso": thread.contact.country_iso,
        "firstName": "",
        "lastName": "",
    }


def _text(body: Mapping[str, Any], limit: int | None) -> str:
    """A reply's ``text``: 1801 missing or empty, 1802 not a string, 1811 too long."""
    text = body.get("text")
    if text is None or text == "":
        raise ApiError(1801)
    if not isinstance(text, str) or not text.strip():
        raise ApiError(1802)
    if limit is not None and len(text) > limit:
        raise ApiError(1811)
    return text


def _info(campaign_id: str, thread: Thread, cost: float, parts: int) -> dict[str, Any]:
    return {
        "campaignId": campaign_id,
        "totalPhoneNumbers": 1,
        "totalValid": 1,
        "totalInvalid": 0,
        "totalCost": cost,
        "totalParts": parts,
        "dlrCallbackUrl": None,
        "phoneNumbersByCountry": {thread.contact.country_iso: 1},
        "scheduled": False,
    }


ROUTES: tuple[Route[ConversationService], ...] = (
    Route(
        "GET", "/conversations", "get_converstions_list", lambda s, c: s.list(),
        response=ConversationsListResponse, also=("get_conversations_list",),
    ),
    Route(
        "GET", "/conversations/{conversationId}", "get_conversation",
        lambda s, c: s.get(c.param), response=ConversationDetailsResponse,
    ),
    Route(
        "GET", "/conversations/{conversationId}/read", "mark_conversation_as_read",
        lambda s, c: s.read(c.param), response=ConversationReadResponse,
    ),
    Route(
        "POST", "/conversations/{conversationId}/sms", "send_conversation_reply_sms",
        lambda s, c: s.reply_sms(c.param, c.json()),
        ConversationReplySmsRequest, ConversationReplySmsResponse,
    ),
    Route(
        "POST", "/conversations/{conversationId}/viber", "send_conversation_reply_viber",
        lambda s, c: s.reply_chat("viber", c.param, c.json()),
        ConversationReplyViberRequest, ConversationReplyViberRespone,
    ),
    Route(
        "POST", "/conversations/{conversationId}/whatsapp", "send_conversation_reply_whatsapp",
        lambda s, c: s.reply_chat("whatsapp", c.param, c.json()),
        ConversationReplyWhatsappRequest, ConversationReplyWhatsappResponse,
    ),
)  # fmt: skip

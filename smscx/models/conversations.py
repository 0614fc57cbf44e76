"""Models of ``ConversationsApi``: two-way threads with the contacts who texted a rented
number, and the replies to them by SMS, Viber or WhatsApp (the vendor's
``api/ConversationsApi.md``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._common import TextAnalysis, _Model, _Request, _Result
from .sms import DataSms


@attrs.frozen(kw_only=True)
class DataConversations(_Model):
    """One thread of the list: the contact, how many of their messages are unread, and a
    preview of the last one."""

    conversation_id: str
    phone_number: str
    country_iso: str
    first_name: str | None = None
    last_name: str | None = None
    unread_messages: int
    last_reply: str
    last_update: datetime


@attrs.frozen(kw_only=True)
class ConversationsListResponse(_Result):
    """Result of ``get_converstions_list``: the threads, the most recent reply first."""

    data: list[DataConversations]


@attrs.frozen(kw_only=True)
class InfoConversation(_Model):
    """The contact of a thread."""

    conversation_id: str
    phone_number: str
    country_iso: str
    first_name: str | None = None
    last_name: str | None = None


@attrs.frozen(kw_only=True)
class DataConversation(_Model):
    """One message of a thread: ``type`` ``received`` (from the contact) or ``sent`` (a
    reply), on ``channel`` ``sms``, ``viber`` or ``whatsapp``."""

    msg_id: str
    type: str
    text: str
    rich_media: dict[str, str | None] | None = None
    status: str
    cost: float
    channel: str
    datetime: datetime


@attrs.frozen(kw_only=True)
class ConversationDetailsResponse(_Result):
    """Result of ``get_conversation``: the contact and the thread's messages, oldest
    first."""

    info: InfoConversation
    data: list[DataConversation]


@attrs.frozen(kw_only=True)
class InfoConversationRead(_Model):
    """The thread marked read (the vendor's ``InfoId``)."""

    id: str


@attrs.frozen(kw_only=True)
class ConversationReadResponse(_Result):
    """Result of ``mark_conversation_as_read``."""

    info: InfoConversationRead


@attrs.frozen(kw_only=True)
class ConversationReplySmsRequest(_Request):
    """Body of ``POST /conversations/{conversationId}/sms`` (charged)."""

    text: str


@attrs.frozen(kw_only=True)
class ConversationReplyViberRequest(_Request):
    """Body of ``POST /conversations/{conversationId}/viber`` (charged): up to 1,000
    characters, and optionally ``rich_media`` as the Viber page describes it."""

    text: str
    rich_media: dict[str, str | None] | None = None


@attrs.frozen(kw_only=True)
class ConversationReplyWhatsappRequest(_Request):
    """Body of ``POST /conversations/{conversationId}/whatsapp`` (charged): up to 1,000
    characters, and optionally ``rich_media``."""

    text: str
    rich_media: dict[str, str | None] | None = None


@attrs.frozen(kw_only=True)
class InfoConversationReply(_Model):
    """A reply's send: one number, its parts and cost."""

    campaign_id: str
    total_phone_numbers: int
    total_valid: int
    total_invalid: int
    total_cost: float
    total_parts: int
    dlr_callback_url: str | None = None
    phone_numbers_by_country: dict[str, int] = attrs.field(factory=dict)
    scheduled: bool = False


@attrs.frozen(kw_only=True)
class DataConversationReply(_Model):
    """An SMS reply as sent: from the rented number, to the contact."""

    msg_id: str
    status: str
    created_at: datetime
    cost: float
    to: str
    country_iso: str
    from_: str
    text: str
    parts: int
    text_analysis: TextAnalysis | None = None


@attrs.frozen(kw_only=True)
class ConversationReplySmsResponse(_Result):
    """Result of ``send_conversation_reply_sms`` (charged)."""

    info: InfoConversationReply
    data: DataConversationReply


@attrs.frozen(kw_only=True)
class ConversationReplyViberRespone(_Result):
    """Result of ``send_conversation_reply_viber`` (charged; the vendor's spelling).
    ``data`` has the fields of a sent message (the vendor's ``DataViber``; ``parts`` is
    always 1)."""

    info: InfoConversationReply
    data: DataSms


@attrs.frozen(kw_only=True)
class ConversationReplyWhatsappResponse(_Result):
    """Result of ``send_conversation_reply_whatsapp`` (charged)."""

    info: InfoConversationReply
    data: DataSms

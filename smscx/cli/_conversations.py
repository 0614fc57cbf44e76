"""``smscx conversations list|show|reply``: the threads with contacts who texted your rented
numbers, and replies to them by SMS, Viber or WhatsApp.

Registered by :mod:`._app` once its ``cli`` group and ``api_command`` exist (this module
imports them from there).
"""

from __future__ import annotations

import click

from smscx._client import AsyncSmsClient
from smscx.models import (
    ConversationDetailsResponse,
    ConversationReplySmsResponse,
    ConversationReplyViberRespone,
    ConversationReplyWhatsappResponse,
)

from . import _render
from ._app import api_command, cli
from ._session import Session

__all__ = ["conversations"]


def _print(session: Session, line: str) -> None:
    session.out.print(line, markup=False, highlight=False)


@cli.group()
def conversations() -> None:
    """Threads with the contacts who texted your rented numbers."""


@conversations.command("list")
@api_command
def conversations_list(session: Session) -> None:
    """The threads, the most recent reply first, with their unread counts."""
    result = session.call(lambda client: client.conversations.get_conversations_list())
    if session.as_json:
        session.emit_json(_render.jsonable(result))
        return
    for thread in result.data:
        _print(
            session,
            f"{thread.conversation_id}  {thread.phone_number}  {thread.unread_messages} unread  "
            f"{_render.jsonable(thread.last_update)}  {thread.last_reply}",
        )
    session.note(f"{len(result.data):,} conversations")


@conversations.command("show")
@click.argument("conversation_id")
@click.option("--mark-read", is_flag=True, help="Mark the thread read once shown.")
@api_command
def conversations_show(session: Session, conversation_id: str, mark_read: bool) -> None:
    """The messages of thread CONVERSATION_ID, oldest first."""

    async def work(client: AsyncSmsClient) -> ConversationDetailsResponse:
        shown = await client.conversations.get_conversation(conversation_id)
        if mark_read:
            await client.conversations.mark_conversation_as_read(conversation_id)
        return shown

    result = session.call(work)
    if session.as_json:
        session.emit_json(_render.jsonable(result))
        return
    _print(session, f"{result.info.phone_number} ({result.info.country_iso})")
    for message in result.data:
        arrow = "<-" if message.type == "received" else "->"
        when = _render.jsonable(message.datetime)
        _print(session, f"{when}  {arrow} {message.channel:<8} {message.text}")


@conversations.command("reply")
@click.argument("conversation_id")
@click.argument("text")
@click.option(
    "--channel",
    type=click.Choice(["sms", "viber", "whatsapp"]),
    default="sms",
    show_default=True,
    help="Viber and WhatsApp only within 24 hours of the contact's last message.",
)
@api_command
def conversations_reply(session: Session, conversation_id: str, text: str, channel: str) -> None:
    """Reply TEXT to thread CONVERSATION_ID, from the number the contact texted (charged)."""

    Reply = (
        ConversationReplySmsResponse
        | ConversationReplyViberRespone
        | ConversationReplyWhatsappResponse
    )

    async def work(client: AsyncSmsClient) -> Reply:
        api = client.conversations
        if channel == "viber":
            return await api.send_conversation_reply_viber(conversation_id, text=text)
        if channel == "whatsapp":
            return await api.send_conversation_reply_whatsapp(conversation_id, text=text)
        return await api.send_conversation_reply_sms(conversation_id, text=text)

    result = session.call(work)
    if session.as_json:
        session.emit_json(_render.jsonable(result))
        return
    data, info = result.data, result.info
    _print(session, f"{data.msg_id}  {data.status}  {channel}  {data.from_} -> {data.to}")
    session.note(f"charged {info.total_cost:g} ({info.total_parts} part(s))")

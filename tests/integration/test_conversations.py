"""``client.conversations`` (the vendor's ConversationsApi) against the emulator over loopback,
on every stack and both faces: threads opened by contacts texting a rented number, listed by
their last reply, read, and replied to by SMS, Viber and WhatsApp (the last two within 24 h
of the contact's last message)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from smscx import (
    APIConnectionError,
    AsyncSmsClient,
    ErrorCode,
    InvalidRequestError,
    NotFoundError,
    RetryPolicy,
    SmsClient,
    ValidationError,
)
from smscx.api.conversations import ConversationsApi
from smscx.errors import ReplyWindowClosedError
from smscx.testing import Emulator, ManualClock
from smscx.testing.routes.conversations import VIBER_REPLY_PRICE, WHATSAPP_REPLY_PRICE
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

FR, DE = "+33612345678", "+4915123456789"
START = 1_772_445_600.0  # 2026-03-02 10:00 UTC
DAY = 24 * 3600


@pytest.fixture
async def rented() -> AsyncIterator[tuple[Emulator, ManualClock, str, str]]:
    """A served emulator on a manual clock, with one number rented: (emulator, clock, url,
    the number)."""
    clock = ManualClock(START)
    emulator = Emulator(clock=clock)
    async with emulator.serve() as url:
        async with emulator.client() as client:
            offer = (await client.numbers.get_available_numbers("GB")).data[0]
            info = (
                await client.numbers.rent_number(number_id=offer.number_id, rent_period=30)
            ).info
        yield emulator, clock, url, info.phone_number


def _client(rented: tuple[Emulator, ManualClock, str, str], transport: Transport) -> AsyncSmsClient:
    emulator, _, url, _ = rented
    return AsyncSmsClient(
        api_key=emulator.api_key,
        base_url=url,
        transport=transport,
        retry_policy=RetryPolicy(max_retries=3, wait=False),
    )


async def test_no_thread_before_a_contact_writes(
    rented: tuple[Emulator, ManualClock, str, str], transport: Transport
) -> None:
    async with _client(rented, transport) as client:
        assert (await client.conversations.get_converstions_list()).data == []


async def test_threads_are_listed_by_the_contacts_last_message_most_recent_first(
    rented: tuple[Emulator, ManualClock, str, str], transport: Transport
) -> None:
    emulator, clock, _, number = rented
    emulator.numbers.receive(from_=FR, to=number, text="first")
    clock.advance(60)
    emulator.numbers.receive(from_=DE, to=number, text="second")
    clock.advance(60)
    emulator.numbers.receive(from_=FR, to=number, text="again " * 40)
    async with _client(rented, transport) as client:
        threads = (await client.conversations.get_conversations_list()).data
    assert [(t.phone_number, t.country_iso, t.unread_messages) for t in threads] == [
        (FR, "FR", 2),
        (DE, "DE", 1),
    ]
    assert threads[0].last_reply == ("again " * 40)[:160]  # a preview
    assert threads[0].last_update.timestamp() == START + 120
    assert (threads[0].first_name, threads[0].last_name) == ("", "")


async def test_a_thread_holds_both_sides_and_reading_it_is_not_marking_it_read(
    rented: tuple[Emulator, ManualClock, str, str], transport: Transport
) -> None:
    emulator, _, _, number = rented
    received = emulator.numbers.receive(from_=FR, to=number, text="Hello")
    async with _client(rented, transport) as client:
        thread = (await client.conversations.get_converstions_list()).data[0].conversation_id
        reply = await client.conversations.send_conversation_reply_sms(thread, text="Welcome")
        shown = await client.conversations.get_conversation(thread)
        still_unread = (await client.conversations.get_converstions_list()).data[0]
        marked = await client.conversations.mark_conversation_as_read(thread)
        read = (await client.conversations.get_converstions_list()).data[0]
    assert (shown.info.conversation_id, shown.info.phone_number) == (thread, FR)
    assert [(m.msg_id, m.type, m.text, m.channel) for m in shown.data] == [
        (received, "received", "Hello", "sms"),
        (reply.data.msg_id, "sent", "Welcome", "sms"),
    ]
    assert still_unread.unread_messages == 1
    assert still_unread.last_reply == "Welcome"
    assert marked.info.id == thread
    assert read.unread_messages == 0


async def test_an_sms_reply_goes_from_the_rented_number_and_is_billed_per_part(
    rented: tuple[Emulator, ManualClock, str, str], transport: Transport
) -> None:
    emulator, _, _, number = rented
    emulator.numbers.receive(from_=FR, to=number, text="Hello")
    before = emulator.balance
    async with _client(rented, transport) as client:
        thread = (await client.conversations.get_converstions_list()).data[0].conversation_id
        reply = await client.conversations.send_conversation_reply_sms(thread, text="x" * 161)
    assert (reply.data.from_, reply.data.to, reply.data.country_iso) == (number, FR, "FR")
    assert (reply.data.parts, reply.info.total_parts, reply.info.total_cost) == (2, 2, 0.13)
    assert reply.data.text_analysis is not None
    assert reply.data.text_analysis.length == 161
    assert reply.info.phone_numbers_by_country == {"FR": 1}
    assert emulator.balance == pytest.approx(before - 0.13)
    message = emulator.ledger.message(reply.data.msg_id)
    assert message is not None
    assert (message.sender, message.to) == (number, FR)


@pytest.mark.parametrize(
    ("channel", "price", "code"),
    [
        ("viber", VIBER_REPLY_PRICE, ErrorCode.VIBER_REPLY_WINDOW_CLOSED),
        ("whatsapp", WHATSAPP_REPLY_PRICE, ErrorCode.WHATSAPP_REPLY_WINDOW_CLOSED),
    ],
)
async def test_a_chat_reply_is_taken_within_24_hours_of_the_contacts_last_message(
    rented: tuple[Emulator, ManualClock, str, str],
    transport: Transport,
    channel: str,
    price: float,
    code: int,
) -> None:
    emulator, clock, _, number = rented
    emulator.numbers.receive(from_=FR, to=number, text="Hello")
    before = emulator.balance
    async with _client(rented, transport) as client:
        send = getattr(client.conversations, f"send_conversation_reply_{channel}")
        thread = (await client.conversations.get_converstions_list()).data[0].conversation_id
        clock.advance(DAY)
        within = await send(thread, text="Still here", rich_media={"image_url": None})
        clock.advance(1)
        with pytest.raises(ReplyWindowClosedError) as closed:
            await send(thread, text="Too late")
        emulator.numbers.receive(from_=FR, to=number, text="Back")
        reopened = await send(thread, text="Welcome back")
        shown = await client.conversations.get_conversation(thread)
    assert (within.data.from_, within.data.to, within.data.parts) == (number, FR, 1)
    assert (within.data.cost, within.info.total_cost) == (price, price)
    assert closed.value.code == code
    assert reopened.data.status == "ACCEPTED"
    assert {m.status for m in shown.data} == {"DELIVERED", "SENT"}
    assert [m.channel for m in shown.data if m.type == "sent"] == [channel, channel]
    assert emulator.balance == pytest.approx(before - 2 * price)


@pytest.mark.parametrize(
    ("text", "code"),
    [("", 1801), (" ", 1802), ("x" * 1001, 1811)],
)
async def test_a_reply_text_the_api_refuses_costs_nothing(
    rented: tuple[Emulator, ManualClock, str, str], transport: Transport, text: str, code: int
) -> None:
    emulator, _, _, number = rented
    emulator.numbers.receive(from_=FR, to=number, text="Hello")
    before = emulator.balance
    async with _client(rented, transport) as client:
        thread = (await client.conversations.get_converstions_list()).data[0].conversation_id
        with pytest.raises(InvalidRequestError) as refused:
            await client.conversations.send_conversation_reply_viber(thread, text=text)
    assert refused.value.code == code
    assert emulator.balance == before


async def test_an_unknown_thread_is_not_found_and_a_malformed_id_is_refused_before_sending(
    rented: tuple[Emulator, ManualClock, str, str], transport: Transport
) -> None:
    async with _client(rented, transport) as client:
        with pytest.raises(NotFoundError) as unknown:
            await client.conversations.get_conversation(str(uuid.uuid4()))
        with pytest.raises(NotFoundError) as unread:
            await client.conversations.mark_conversation_as_read(str(uuid.uuid4()))
        with pytest.raises(NotFoundError) as reply:
            await client.conversations.send_conversation_reply_sms(str(uuid.uuid4()), text="x")
        with pytest.raises(ValidationError):
            await client.conversations.get_conversation("17")
        with pytest.raises(ValidationError):
            await client.conversations.send_conversation_reply_sms(str(uuid.uuid4()))
    codes = {unknown.value.code, unread.value.code, reply.value.code}
    assert codes == {ErrorCode.CONVERSATION_NOT_FOUND}


async def test_a_reply_is_never_repeated_once_it_may_have_been_sent(
    rented: tuple[Emulator, ManualClock, str, str], transport: Transport
) -> None:
    emulator, _, _, number = rented
    emulator.numbers.receive(from_=FR, to=number, text="Hello")
    async with _client(rented, transport) as client:
        thread = (await client.conversations.get_converstions_list()).data[0].conversation_id
        route = f"POST /conversations/{thread}/sms"
        emulator.faults.add("close_after_commit", route=route, times=1)
        with pytest.raises(APIConnectionError) as cut:
            await client.conversations.send_conversation_reply_sms(thread, text="Once")
        shown = await client.conversations.get_conversation(thread)
    assert cut.value.maybe_sent is True
    assert [m.text for m in shown.data if m.type == "sent"] == ["Once"]  # sent once


def test_the_alias_is_the_vendors_method_itself() -> None:
    assert ConversationsApi.get_conversations_list is ConversationsApi.get_converstions_list


def test_the_blocking_face_and_the_vendors_client() -> None:
    clock = ManualClock(START)
    emulator = Emulator(clock=clock)
    with emulator.serve_sync() as url:
        with SmsClient(api_key=emulator.api_key, base_url=url) as client:
            offer = client.numbers.get_available_numbers("GB").data[0]
            number = client.numbers.rent_number(
                number_id=offer.number_id, rent_period=1
            ).info.phone_number
            emulator.numbers.receive(from_=FR, to=number, text="Hello")
            threads = client.conversations.get_conversations_list().data
            assert threads == client.conversations.get_converstions_list().data
            thread = threads[0].conversation_id
            assert client.conversations.get_conversation(thread).data[0].text == "Hello"
            assert client.conversations.mark_conversation_as_read(thread).info.id == thread
            assert client.conversations.send_conversation_reply_sms(thread, text="A").data.to == FR
            viber = client.conversations.send_conversation_reply_viber(thread, text="B")
            whatsapp = client.conversations.send_conversation_reply_whatsapp(thread, text="C")
            assert (viber.data.text, whatsapp.data.text) == ("B", "C")
        _vendor_client_reads_the_conversation_routes(emulator, url, thread)


def _vendor_client_reads_the_conversation_routes(emulator: Emulator, url: str, thread: str) -> None:
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import conversations_api
    from smscx_client.model.conversation_reply_sms_request import ConversationReplySmsRequest
    from smscx_client.model.conversation_reply_viber_request import ConversationReplyViberRequest
    from smscx_client.model.conversation_reply_whatsapp_request import (
        ConversationReplyWhatsappRequest,
    )

    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = conversations_api.ConversationsApi(smscx_client.ApiClient(configuration))
    assert api.get_converstions_list().data[0].conversation_id == thread
    details = api.get_conversation(thread)
    assert [m.type for m in details.data] == ["received", "sent", "sent", "sent"]
    assert api.mark_conversation_as_read(thread).info.id == thread
    sms = api.send_conversation_reply_sms(thread, ConversationReplySmsRequest(text="D"))
    assert sms.data.text_analysis.parts == 1
    viber = ConversationReplyViberRequest(text="E", rich_media={})
    assert api.send_conversation_reply_viber(thread, viber).data.parts == 1
    whatsapp = ConversationReplyWhatsappRequest(text="F", rich_media={})
    assert api.send_conversation_reply_whatsapp(thread, whatsapp).data.cost == 0.03

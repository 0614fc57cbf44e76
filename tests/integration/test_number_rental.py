"""``client.numbers``' rental methods against the emulator over loopback, on every stack and
both faces: offers, renting (charged), the period on the emulator's clock, auto-renewal,
cancelling within 30 minutes, renewing (charged), editing, the inbound SMS, and the story
of a rented number texted by a contact and the conversation that follows."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import anyio
import pytest

from smscx import (
    AccessDeniedError,
    APIConnectionError,
    AsyncSmsClient,
    ErrorCode,
    InsufficientCreditError,
    InvalidRequestError,
    NotFoundError,
    RetryPolicy,
    SmsClient,
    ValidationError,
)
from smscx.errors import ReplyWindowClosedError
from smscx.testing import Emulator, ManualClock
from smscx.testing.server.socket_server import serve_app
from smscx.webhooks import ReceivedSmsBatch, parse_webhook
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

CONTACT = "+33612345678"
START = 1_772_445_600.0  # 2026-03-02 10:00 UTC
FAST = RetryPolicy(max_retries=3, wait=False)


@pytest.fixture
async def clocked() -> AsyncIterator[tuple[Emulator, ManualClock, str]]:
    clock = ManualClock(START)
    emulator = Emulator(clock=clock)
    async with emulator.serve() as url:
        yield emulator, clock, url


def _client(clocked: tuple[Emulator, ManualClock, str], transport: Transport) -> AsyncSmsClient:
    emulator, _, url = clocked
    return AsyncSmsClient(
        api_key=emulator.api_key, base_url=url, transport=transport, retry_policy=FAST
    )


async def test_a_country_offers_numbers_by_period_and_the_filters_narrow_them(
    clocked: tuple[Emulator, ManualClock, str], transport: Transport
) -> None:
    async with _client(clocked, transport) as client:
        offers = (await client.numbers.get_available_numbers("gb")).data
        receive_and_send = await client.numbers.get_available_numbers("GB", features=3)
        landlines = await client.numbers.get_available_numbers("GB", number_type="landline")
        digits = offers[0].phone_number[-4:]  # type: ignore[index]
        including = await client.numbers.get_available_numbers("GB", include=digits)
        excluding = await client.numbers.get_available_numbers("GB", exclude=digits)
        alpha = await client.numbers.get_available_numbers("GB", inbound_sms_sender=True)
        registered = await client.numbers.get_available_numbers("GB", registration=True)
    assert [(o.features, o.min_rent, o.number_type) for o in offers] == [
        (3, 1, "mobile"),
        (1, 7, "mobile"),
        (1, 30, "landline"),
    ]
    assert [[c.days for c in o.rent_cost] for o in offers] == [[1, 7, 30], [7, 30], [30]]
    assert [c.cost for c in offers[0].rent_cost] == [0.5, 2.5, 8.0]
    assert [o.setup_cost for o in offers] == [0.0, 0.0, 1.0]
    assert all(o.country_iso == "GB" and o.phone_number.startswith("+44") for o in offers)  # type: ignore[union-attr]
    assert offers[0].outbound_sms_cost == 0.037  # it sends: the SMS price to GB
    assert offers[1].outbound_sms_cost is None  # it only receives
    assert [o.number_id for o in receive_and_send.data] == [offers[0].number_id]
    assert [o.number_id for o in landlines.data] == [offers[2].number_id]
    assert offers[0].number_id in [o.number_id for o in including.data]
    assert offers[0].number_id not in [o.number_id for o in excluding.data]
    assert [o.number_id for o in alpha.data] == [offers[0].number_id]
    assert registered.data == []


async def test_a_country_that_is_not_two_letters_is_refused_before_sending_and_an_unknown_one_after(
    clocked: tuple[Emulator, ManualClock, str], transport: Transport
) -> None:
    emulator = clocked[0]
    async with _client(clocked, transport) as client:
        with pytest.raises(ValidationError) as local:
            await client.numbers.get_available_numbers("GBR")
        with pytest.raises(InvalidRequestError) as remote:
            await client.numbers.get_available_numbers("ZZ")
        no_coverage = await client.numbers.get_available_numbers("KP")
    assert local.value.code == ErrorCode.OTP_COUNTRY_INVALID == 2003
    assert remote.value.code == 2003
    assert no_coverage.data == []
    counts = emulator.request_counts
    assert sum(n for k, n in counts.items() if k.startswith("GET /numbers/rent/available/")) == 2


async def test_renting_bills_the_rent_and_the_setup_fee_and_takes_the_number_off_the_offers(
    clocked: tuple[Emulator, ManualClock, str], transport: Transport
) -> None:
    emulator = clocked[0]
    async with _client(clocked, transport) as client:
        landline = (await client.numbers.get_available_numbers("FR")).data[2]
        rented = await client.numbers.rent_number(
            number_id=landline.number_id, rent_period=30, callback_url="https://example.com/in"
        )
        left = (await client.numbers.get_available_numbers("FR")).data
        with pytest.raises(AccessDeniedError) as twice:
            await client.numbers.rent_number(number_id=landline.number_id, rent_period=30)
    info = rented.info
    assert (info.number_id, info.phone_number, info.country_iso) == (
        landline.number_id,
        landline.phone_number,
        "FR",
    )
    assert (info.rent_cost, info.setup_cost, info.auto_renew) == (8.0, 1.0, False)
    assert (info.rent_end - info.rent_start).days == 30
    assert info.callback_url == "https://example.com/in"
    assert landline.number_id not in [o.number_id for o in left]
    assert twice.value.code == ErrorCode.NUMBER_ALREADY_RENTED
    assert emulator.balance == pytest.approx(1000 - 9.0)
    assert [(c.kind, c.amount) for c in emulator.ledger.charges] == [("rent", 1.0), ("rent", 8.0)]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"number_id": "not-a-uuid", "rent_period": 7}, 1222),
        ({"number_id": str(uuid.uuid4()), "rent_period": 7}, 1230),
        ({"rent_period": 5}, 1224),
        ({"rent_period": 1}, 1229),  # the receive-only mobile is rented from 7 days
        ({"rent_period": 7, "callback_url": "not a url"}, 1226),
    ],
)
async def test_what_a_rental_refuses_costs_nothing(
    clocked: tuple[Emulator, ManualClock, str],
    transport: Transport,
    fields: dict[str, Any],
    code: int,
) -> None:
    emulator = clocked[0]
    async with _client(clocked, transport) as client:
        offer = (await client.numbers.get_available_numbers("GB")).data[1]
        with pytest.raises((InvalidRequestError, NotFoundError)) as refused:
            await client.numbers.rent_number(**{"number_id": offer.number_id, **fields})
    assert refused.value.code == code
    assert emulator.ledger.charges == ()


async def test_a_rental_the_balance_cannot_cover_is_insufficient_credit(
    transport: Transport,
) -> None:
    emulator = Emulator(balance=0.4)
    async with emulator.serve() as url:
        async with AsyncSmsClient(
            api_key=emulator.api_key, base_url=url, transport=transport
        ) as client:
            offer = (await client.numbers.get_available_numbers("GB")).data[0]
            with pytest.raises(InsufficientCreditError) as broke:
                await client.numbers.rent_number(number_id=offer.number_id, rent_period=1)
    assert broke.value.code == 1113
    assert emulator.balance == 0.4


async def test_a_rental_ends_with_its_period_on_the_emulators_clock_and_cannot_be_renewed_then(
    clocked: tuple[Emulator, ManualClock, str], transport: Transport
) -> None:
    emulator, clock, _ = clocked
    async with _client(clocked, transport) as client:
        offer = (await client.numbers.get_available_numbers("GB")).data[0]
        rent_id = (
            await client.numbers.rent_number(number_id=offer.number_id, rent_period=1)
        ).info.rent_id
        active = await client.numbers.get_rent_status(rent_id)
        clock.advance(24 * 3600)
        ended = await client.numbers.get_rent_status(rent_id)
        only_ended = await client.numbers.get_rented_numbers(active_rent=False)
        only_active = await client.numbers.get_rented_numbers(active_rent=True)
        offered_again = (await client.numbers.get_available_numbers("GB")).data[0]
        with pytest.raises(AccessDeniedError) as late:
            await client.numbers.renew_rent(rent_id)
    with pytest.raises(LookupError):
        emulator.numbers.receive(from_=CONTACT, to=str(offer.phone_number), text="Hi")
    assert (active.info.active_rent, ended.info.active_rent) == (True, False)
    assert [r.rent_id for r in only_ended.data] == [rent_id]
    assert only_active.data == []
    assert offered_again.number_id == offer.number_id
    assert late.value.code == ErrorCode.RENT_NOT_RENEWABLE


async def test_auto_renew_bills_each_new_period_as_the_clock_reaches_it(
    clocked: tuple[Emulator, ManualClock, str], transport: Transport
) -> None:
    emulator, clock, _ = clocked
    async with _client(clocked, transport) as client:
        offer = (await client.numbers.get_available_numbers("GB")).data[0]
        rented = await client.numbers.rent_number(
            number_id=offer.number_id, rent_period=1, auto_renew=True
        )
        clock.advance(2 * 24 * 3600 + 60)
        status = await client.numbers.get_rent_status(rented.info.rent_id)
    assert status.info.active_rent
    assert status.info.rent_end == rented.info.rent_end.replace(day=rented.info.rent_end.day + 2)
    assert [c.amount for c in emulator.ledger.charges if c.kind == "rent"] == [0.5, 0.5, 0.5]


async def test_a_rental_is_cancelled_within_30_minutes_for_its_rent_not_its_setup_fee(
    clocked: tuple[Emulator, ManualClock, str], transport: Transport
) -> None:
    emulator, clock, _ = clocked
    async with _client(clocked, transport) as client:
        offers = (await client.numbers.get_available_numbers("FR")).data
        landline = await client.numbers.rent_number(number_id=offers[2].number_id, rent_period=30)
        late = await client.numbers.rent_number(number_id=offers[0].number_id, rent_period=1)
        used = await client.numbers.rent_number(number_id=offers[1].number_id, rent_period=7)
        clock.advance(29 * 60)
        cancelled = await client.numbers.cancel_rent(landline.info.rent_id)
        emulator.numbers.receive(from_=CONTACT, to=used.info.phone_number, text="Hi")
        with pytest.raises(AccessDeniedError) as after_use:
            await client.numbers.cancel_rent(used.info.rent_id)
        clock.advance(2 * 60)
        with pytest.raises(AccessDeniedError) as too_late:
            await client.numbers.cancel_rent(late.info.rent_id)
        status = await client.numbers.get_rent_status(landline.info.rent_id)
        with pytest.raises(NotFoundError) as unknown:
            await client.numbers.cancel_rent(str(uuid.uuid4()))
        with pytest.raises(ValidationError) as malformed:
            await client.numbers.cancel_rent("17")
    assert (cancelled.info.rent_id, cancelled.info.credit_returned) == (landline.info.rent_id, 8.0)
    assert not status.info.active_rent
    assert after_use.value.code == ErrorCode.RENT_NUMBER_ALREADY_USED
    assert too_late.value.code == ErrorCode.RENT_CANCEL_TOO_LATE
    assert unknown.value.code == ErrorCode.RENT_NOT_FOUND
    assert malformed.value.code == ErrorCode.RENT_ID_INVALID
    # Paid: 1 + 8 (landline), 0.5, 2.5; returned: 8 (the setup fee stays).
    assert emulator.balance == pytest.approx(1000 - 4.0)


async def test_renewing_adds_a_period_from_the_current_end_and_bills_it(
    clocked: tuple[Emulator, ManualClock, str], transport: Transport
) -> None:
    emulator = clocked[0]
    async with _client(clocked, transport) as client:
        offer = (await client.numbers.get_available_numbers("GB")).data[0]
        rented = await client.numbers.rent_number(number_id=offer.number_id, rent_period=1)
        renewed = await client.numbers.renew_rent(
            rented.info.rent_id, rent_period=7, callback_url="https://example.com/sms"
        )
        again = await client.numbers.renew_rent(rented.info.rent_id)  # the same period
        status = await client.numbers.get_rent_status(rented.info.rent_id)
    assert renewed.info.rent_start == rented.info.rent_end
    assert (renewed.info.rent_end - renewed.info.rent_start).days == 7
    assert (renewed.info.rent_cost, again.info.rent_cost) == (2.5, 2.5)
    assert (status.info.rent_end - rented.info.rent_start).days == 15
    assert (status.info.rent_period, status.info.callback_url) == (7, "https://example.com/sms")
    assert emulator.balance == pytest.approx(1000 - 5.5)


async def test_editing_a_rental_changes_its_settings_and_needs_one_of_them(
    clocked: tuple[Emulator, ManualClock, str], transport: Transport
) -> None:
    async with _client(clocked, transport) as client:
        offer = (await client.numbers.get_available_numbers("GB")).data[0]
        rent_id = (
            await client.numbers.rent_number(number_id=offer.number_id, rent_period=1)
        ).info.rent_id
        edited = await client.numbers.edit_rent_settings(
            rent_id, auto_renew=True, callback_url="https://example.com/hook"
        )
        only_hook = await client.numbers.edit_rent_settings(
            rent_id, callback_url="https://example.com/other"
        )
        with pytest.raises(InvalidRequestError) as empty:
            await client.numbers.edit_rent_settings(rent_id)
        listed = (await client.numbers.get_rented_numbers(country_iso="gb")).data
    assert (edited.info.rent_id, edited.info.auto_renew) == (rent_id, True)
    assert (only_hook.info.auto_renew, only_hook.info.callback_url) == (
        True,
        "https://example.com/other",
    )
    assert empty.value.code == ErrorCode.RENT_UPDATE_EMPTY
    assert [(r.rent_id, r.auto_renew) for r in listed] == [(rent_id, True)]


async def test_the_inbound_sms_are_listed_newest_first_and_paged(
    clocked: tuple[Emulator, ManualClock, str], transport: Transport
) -> None:
    emulator, clock, _ = clocked
    async with _client(clocked, transport) as client:
        offer = (await client.numbers.get_available_numbers("GB")).data[0]
        rented = await client.numbers.rent_number(number_id=offer.number_id, rent_period=7)
        for n in range(3):
            emulator.numbers.receive(from_=CONTACT, to=rented.info.phone_number, text=f"m{n}")
            clock.advance(60)
        first = await client.numbers.get_inbound_sms(rented.info.rent_id, limit=2)
        every = [sms.text async for sms in client.numbers.get_inbound_sms(rented.info.rent_id)]
        status = await client.numbers.get_rent_status(rented.info.rent_id)
    assert [s.text for s in first.data] == ["m2", "m1"]
    assert first.paging.next is not None
    assert every == ["m2", "m1", "m0"]
    assert (first.info.rent_id, first.info.phone_number) == (
        rented.info.rent_id,
        rented.info.phone_number,
    )
    assert (first.data[0].from_, first.data[0].country_iso, first.data[0].cost) == (
        CONTACT,
        "FR",
        0.0,
    )
    assert (status.info.inbound_sms.total, status.info.inbound_sms.cost) == (3, 0.0)


async def test_a_rental_is_never_repeated_once_it_may_have_been_made(
    clocked: tuple[Emulator, ManualClock, str], transport: Transport
) -> None:
    emulator = clocked[0]
    async with _client(clocked, transport) as client:
        offers = (await client.numbers.get_available_numbers("GB")).data
        emulator.faults.add("close_after_commit", route="POST /numbers/rent", times=1)
        with pytest.raises(APIConnectionError) as cut:
            await client.numbers.rent_number(number_id=offers[0].number_id, rent_period=1)
        emulator.faults.add("status", route="POST /numbers/rent", status=429, times=1)
        after_429 = await client.numbers.rent_number(number_id=offers[1].number_id, rent_period=7)
        rentals = (await client.numbers.get_rented_numbers()).data
    assert cut.value.maybe_sent is True
    assert after_429.meta.attempts == 2
    # The cut attempt was made (its answer lost) and not repeated; the 429 was retried.
    assert sorted(r.number_id for r in rentals) == sorted(o.number_id for o in offers[:2])


async def test_the_story_a_rented_number_texted_by_a_contact_and_the_conversation(
    transport: Transport,
) -> None:
    clock = ManualClock(START)
    emulator = Emulator(clock=clock)
    received: list[bytes] = []

    async def hook(scope: dict, receive, send) -> None:  # type: ignore[no-untyped-def, type-arg]
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        received.append(body)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async with serve_app(hook) as hook_url, emulator.serve() as url:
        async with AsyncSmsClient(
            api_key=emulator.api_key, base_url=url, transport=transport
        ) as client:
            offer = (await client.numbers.get_available_numbers("GB")).data[0]
            rented = await client.numbers.rent_number(
                number_id=offer.number_id, rent_period=7, callback_url=hook_url
            )
            number = rented.info.phone_number
            msg_id = emulator.numbers.receive(from_=CONTACT, to=number, text="Is it open?")
            inbound = (await client.numbers.get_inbound_sms(rented.info.rent_id)).data
            with anyio.fail_after(10):
                callbacks = await emulator.wait_for_callbacks(1, "receive_sms")
            threads = (await client.conversations.get_conversations_list()).data
            thread = threads[0].conversation_id
            reply = await client.conversations.send_conversation_reply_sms(thread, text="Yes")
            shown = await client.conversations.get_conversation(thread)
            clock.advance(24 * 3600 + 1)
            with pytest.raises(ReplyWindowClosedError) as closed:
                await client.conversations.send_conversation_reply_whatsapp(thread, text="Hi")
            by_sms = await client.conversations.send_conversation_reply_sms(thread, text="Hi")
        emulator.close()
    assert [(s.msg_id, s.from_, s.to, s.text) for s in inbound] == [
        (msg_id, CONTACT, number, "Is it open?")
    ]
    batch = parse_webhook(callbacks[0].body)
    assert isinstance(batch, ReceivedSmsBatch)
    assert [(s.msg_id, s.from_, s.to, s.text) for s in batch.data] == [
        (msg_id, CONTACT, number, "Is it open?")
    ]
    assert callbacks[0].http_status == 200
    assert json.loads(received[0])["event"] == "receive_sms"
    assert [(t.phone_number, t.unread_messages, t.last_reply) for t in threads] == [
        (CONTACT, 1, "Is it open?")
    ]
    assert (reply.data.from_, reply.data.to, reply.data.text) == (number, CONTACT, "Yes")
    assert [(m.type, m.text, m.channel) for m in shown.data] == [
        ("received", "Is it open?", "sms"),
        ("sent", "Yes", "sms"),
    ]
    assert closed.value.code == ErrorCode.WHATSAPP_REPLY_WINDOW_CLOSED
    assert by_sms.info.total_cost == 0.065  # SMS has no window
    # The week's rent and two SMS replies to France; the refused WhatsApp reply is free.
    assert emulator.balance == pytest.approx(1000 - 2.5 - 2 * 0.065)
    assert emulator.ledger.message(reply.data.msg_id) is not None


def test_the_blocking_face_and_the_vendors_client() -> None:
    emulator = Emulator()
    with emulator.serve_sync() as url:
        with SmsClient(api_key=emulator.api_key, base_url=url) as client:
            offers = client.numbers.get_available_numbers("GB", features=1).data
            rented = client.numbers.rent_number(number_id=offers[0].number_id, rent_period=7)
            rent_id = rented.info.rent_id
            emulator.numbers.receive(from_=CONTACT, to=rented.info.phone_number, text="Hi")
            assert [s.text for s in client.numbers.get_inbound_sms(rent_id)] == ["Hi"]
            assert client.numbers.renew_rent(rent_id).info.rent_cost == 2.5
            assert client.numbers.edit_rent_settings(rent_id, auto_renew=True).info.auto_renew
            assert client.numbers.get_rent_status(rent_id).info.inbound_sms.total == 1
            assert len(client.numbers.get_rented_numbers().data) == 1
            spare = client.numbers.rent_number(number_id=offers[1].number_id, rent_period=30)
            assert client.numbers.cancel_rent(spare.info.rent_id).info.credit_returned == 8.0
        _vendor_client_reads_the_rental_routes(emulator, url, rent_id)


def _vendor_client_reads_the_rental_routes(emulator: Emulator, url: str, rent_id: str) -> None:
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import numbers_api
    from smscx_client.model.renew_rent_request import RenewRentRequest
    from smscx_client.model.rent_number_request import RentNumberRequest

    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = numbers_api.NumbersApi(smscx_client.ApiClient(configuration))
    # Its include/exclude filters can never validate, and it cannot import its own
    # EditRentResponse (INDEX.md): those are left out.
    offers = api.get_available_numbers("FR", features=3, number_type="mobile").data
    assert offers[0].rent_cost[0].days == 1
    rented = api.rent_number(RentNumberRequest(number_id=offers[0].number_id, rent_period=1))
    assert rented.info.country_iso == "FR"
    assert (
        api.renew_rent(rented.info.rent_id, RenewRentRequest(rent_period=7)).info.rent_cost == 2.5
    )
    assert api.get_rent_status(rent_id).info.inbound_sms.total == 1
    assert len(api.get_rented_numbers(country_iso="fr", active_rent=True).data) == 1
    assert api.get_inbound_sms(rent_id).data[0].text == "Hi"
    # The rent and its renewal, returned within the 30 minutes.
    assert api.cancel_rent(rented.info.rent_id).info.credit_returned == 3.0


async def test_an_offer_id_is_rented_by_an_emulator_that_never_listed_its_country(
    clocked: tuple[Emulator, ManualClock, str], transport: Transport
) -> None:
    from smscx.testing.routes import numbers as routes

    async with _client(clocked, transport) as client:
        offer = (await client.numbers.get_available_numbers("DE")).data[0]
        routes._OFFERS_BY_ID.clear()  # as in a fresh process: `smscx --sandbox`, a new server
        rented = await client.numbers.rent_number(number_id=offer.number_id, rent_period=1)
    assert rented.info.phone_number == offer.phone_number

"""``client.otp`` (the vendor's OtpApi): a PIN in a real, billed message; attempts counted;
expiry on the emulator's clock; ``otp_update`` callbacks; never sent twice by a retry."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from smscx import (
    AccessDeniedError,
    APIConnectionError,
    AsyncSmsClient,
    ErrorCode,
    InvalidPinError,
    NotFoundError,
    OtpAlreadyVerifiedError,
    OtpCancelledError,
    OtpExpiredError,
    OtpFailedError,
    RetryPolicy,
    ServerError,
    SmsClient,
    ValidationError,
)
from smscx.testing import Emulator, ManualClock
from smscx.webhooks import parse_webhook
from tests.served import client_on, served_sync
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served_sync", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

PHONE = "+33612345678"
FAST = RetryPolicy(max_retries=3, wait=False)


@pytest.fixture
async def served() -> AsyncIterator[tuple[Emulator, str]]:
    emulator = Emulator(clock=ManualClock())
    async with emulator.serve() as url:
        yield emulator, url


async def _messages_to(url: str, api_key: str, number: str) -> list[dict[str, object]]:
    """What the phone received, read the way a test in another process would."""
    async with httpx.AsyncClient(base_url=url) as http:
        answer = await http.get(
            "/_emulator/messages", params={"to": number}, headers={"X-API-KEY": api_key}
        )
    return list(answer.json()["data"])


def _pin(message: dict[str, object]) -> str:
    return str(message["text"]).rsplit(" ", 1)[-1]


async def test_the_pin_arrives_in_a_billed_message_and_verifies_once(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, url = served
    before = emulator.balance
    async with client_on(served, transport) as client:
        otp = await client.otp.new_otp(phone_number=PHONE, from_="MyShop", pin_length=8)
        received = await _messages_to(url, emulator.api_key, PHONE)
        pin = _pin(received[-1])
        with pytest.raises(InvalidPinError) as wrong:
            await client.otp.verify_otp(otp.otp_id, pin="00000000" if pin != "00000000" else "1")
        counted = await client.otp.get_otp_status(otp.otp_id)
        verified = await client.otp.verify_otp(otp.otp_id, pin=pin)
        with pytest.raises(OtpAlreadyVerifiedError):
            await client.otp.verify_otp(otp.otp_id, pin=pin)
        with pytest.raises(AccessDeniedError) as not_pending:
            await client.otp.cancel_otp(otp.otp_id)
        report = await client.reports.get_single_report(str(received[-1]["msgId"]))
    assert (otp.status, otp.phone_number, otp.max_attempts) == ("PENDING", PHONE, 3)
    assert otp.meta.status_code == 201  # Created, as the vendor's page has it
    assert (len(pin), pin.isdigit()) == (8, True)
    assert received[-1]["from"] == "MyShop"
    assert wrong.value.code == ErrorCode.OTP_PIN_INVALID
    assert (counted.attempts, counted.status) == (1, "PENDING")
    assert verified.status == "VERIFIED"
    assert not_pending.value.code == ErrorCode.OTP_NOT_PENDING
    assert emulator.balance == pytest.approx(before - otp.cost)
    assert otp.cost == pytest.approx(0.065)
    assert report.data.text == received[-1]["text"]


async def test_too_many_wrong_pins_fail_it_and_a_cancelled_one_stays_cancelled(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        otp = await client.otp.new_otp(phone_number=PHONE, max_attempts=2, pin_type="letters")
        with pytest.raises(InvalidPinError):
            await client.otp.verify_otp(otp.otp_id, pin="1")
        with pytest.raises(OtpFailedError) as last:
            await client.otp.verify_otp(otp.otp_id, pin="2")
        with pytest.raises(OtpFailedError) as after:
            await client.otp.verify_otp(otp.otp_id, pin="3")
        other = await client.otp.new_otp(phone_number=PHONE)
        cancelled = await client.otp.cancel_otp(other.otp_id)
        with pytest.raises(OtpCancelledError):
            await client.otp.verify_otp(other.otp_id, pin="123456")
        with pytest.raises(AccessDeniedError) as twice:
            await client.otp.cancel_otp(other.otp_id)
        with pytest.raises(NotFoundError) as unknown:
            await client.otp.get_otp_status(str(uuid.uuid4()))
    assert (last.value.code, after.value.code) == (2027, 2026)
    assert cancelled.info.id == other.otp_id
    assert twice.value.code == ErrorCode.OTP_ALREADY_CANCELLED
    assert unknown.value.code == ErrorCode.OTP_NOT_FOUND


async def test_it_expires_on_the_emulators_clock_and_posts_otp_update_callbacks(
    transport: Transport, stack: str
) -> None:
    clock = ManualClock()
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

    from smscx.testing.server.socket_server import serve_app

    async with serve_app(hook) as hook_url, emulator.serve() as url:
        async with AsyncSmsClient(
            api_key=emulator.api_key, base_url=url, transport=transport
        ) as client:
            expiring = await client.otp.new_otp(
                phone_number=PHONE, ttl=60, otp_callback_url=hook_url
            )
            verified = await client.otp.new_otp(
                phone_number=PHONE, ttl=60, otp_callback_url=hook_url
            )
            pin = emulator.otp.pin_of(verified.otp_id)
            await client.otp.verify_otp(verified.otp_id, pin=pin)
            clock.advance(61)
            with pytest.raises(OtpExpiredError) as expired:
                await client.otp.verify_otp(expiring.otp_id, pin="123456")
            status = await client.otp.get_otp_status(expiring.otp_id)
            callbacks = await emulator.wait_for_callbacks(2, "otp_update")
        emulator.close()
    updates = [parse_webhook(c.body) for c in callbacks]
    statuses = {u.data[0].otp_id: u.data[0].status for u in updates}  # type: ignore[union-attr]
    assert statuses == {verified.otp_id: "VERIFIED", expiring.otp_id: "EXPIRED"}
    assert expired.value.code in (ErrorCode.OTP_EXPIRED, ErrorCode.OTP_PIN_EXPIRED)
    assert status.status == "EXPIRED"
    assert all(c.http_status == 200 for c in callbacks)
    assert len(received) >= 2
    assert json.loads(received[0])["event"] == "otp_update"


async def test_a_new_otp_is_never_sent_twice_by_a_retry(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, url = served
    async with client_on(served, transport, retry_policy=FAST) as client:
        emulator.faults.add("close_after_commit", route="POST /otp", times=1)
        with pytest.raises(APIConnectionError) as cut:
            await client.otp.new_otp(phone_number=PHONE)
        emulator.faults.add("status", route="POST /otp", status=503, times=1)
        with pytest.raises(ServerError) as unavailable:
            await client.otp.new_otp(phone_number=PHONE)
        emulator.faults.add("status", route="POST /otp", status=429, times=2)
        after_429 = await client.otp.new_otp(phone_number=PHONE)
    sent = await _messages_to(url, emulator.api_key, PHONE)
    assert cut.value.maybe_sent is True
    assert unavailable.value.maybe_sent is True
    # One PIN from the cut attempt (committed, its answer lost), none from the 503 (a fault
    # answered before the work), one after two 429s, which were retried: each call sent at
    # most one, and none was repeated after it may have been sent.
    assert len(sent) == 2
    assert after_429.status == "PENDING"
    assert after_429.meta.attempts == 3  # .attempts is the OTP's wrong PINs
    assert [(f.method, f.path) for f in emulator.faults.fired] == [("POST", "/otp")] * 4


async def test_what_the_api_would_refuse_is_refused_before_anything_is_charged(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        codes = {}
        for name, options in {
            "ttl": {"ttl": 30},
            "max_attempts": {"max_attempts": 11},
            "pin_length": {"pin_length": 3},
            "pin_type": {"pin_type": "emoji"},
            "template": {"template": "no placeholder"},
            "track_id": {"track_id": "not-a-uuid"},
            "callback": {"otp_callback_url": "not a url"},
        }.items():
            with pytest.raises(ValidationError) as refused:
                await client.otp.new_otp(phone_number=PHONE, **options)  # type: ignore[arg-type]
            codes[name] = refused.value.code
        with pytest.raises(ValidationError) as no_pin:
            await client.otp.verify_otp(str(uuid.uuid4()), pin="")
    assert codes == {
        "ttl": ErrorCode.OTP_TTL_TOO_SHORT,
        "max_attempts": ErrorCode.OTP_MAX_ATTEMPTS_TOO_HIGH,
        "pin_length": ErrorCode.OTP_PIN_LENGTH_TOO_SHORT,
        "pin_type": ErrorCode.OTP_PIN_TYPE_INVALID,
        "template": ErrorCode.OTP_TEMPLATE_INVALID,
        "track_id": ErrorCode.OTP_TRACK_ID_INVALID,
        "callback": ErrorCode.OTP_CALLBACK_URL_INVALID,
    }
    assert no_pin.value.code == ErrorCode.OTP_PIN_MISSING
    assert emulator.ledger.charges == ()


async def test_the_emulator_answers_every_row_a_client_can_send(
    served: tuple[Emulator, str],
) -> None:
    """Raw requests (the client refuses most of these itself): status, type and code."""
    emulator, url = served
    bodies = {
        2001: {},
        2002: {"phoneNumber": "0612345678"},
        2003: {"phoneNumber": PHONE, "countryIso": "XX"},
        2004: {"phoneNumber": PHONE, "from": ""},
        2005: {"phoneNumber": PHONE, "from": "ab"},
        2006: {"phoneNumber": PHONE, "template": "no pin"},
        2007: {"phoneNumber": PHONE, "ttl": "60"},
        2008: {"phoneNumber": PHONE, "ttl": 59},
        2009: {"phoneNumber": PHONE, "ttl": 1801},
        2010: {"phoneNumber": PHONE, "maxAttempts": "3"},
        2011: {"phoneNumber": PHONE, "maxAttempts": 0},
        2012: {"phoneNumber": PHONE, "maxAttempts": 11},
        2013: {"phoneNumber": PHONE, "pinType": ""},
        2014: {"phoneNumber": PHONE, "pinType": "emoji"},
        2015: {"phoneNumber": PHONE, "pinLength": 6.5},
        2016: {"phoneNumber": PHONE, "pinLength": 3},
        2017: {"phoneNumber": PHONE, "pinLength": 11},
        2018: {"phoneNumber": PHONE, "trackId": "x"},
        2019: {"phoneNumber": PHONE, "otpCallbackUrl": "x"},
        2020: {"phoneNumber": "+3361"},
    }
    async with httpx.AsyncClient(base_url=url, headers={"X-API-KEY": emulator.api_key}) as http:
        answers = {code: (await http.post("/otp", json=body)) for code, body in bodies.items()}
        missing_pin = await http.post(f"/otp/{uuid.uuid4()}", json={"pin": "1"})
    assert {code: a.json()["error"]["code"] for code, a in answers.items()} == {
        c: c for c in bodies
    }
    assert {a.status_code for a in answers.values()} == {400}
    assert missing_pin.status_code == 404
    assert emulator.ledger.charges == ()


def test_the_blocking_face(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        otp = client.otp.new_otp(phone_number=PHONE)
        with pytest.raises(InvalidPinError):
            client.otp.verify_otp(otp.otp_id, pin="wrong")
        verified = client.otp.verify_otp(otp.otp_id, emulator.otp.pin_of(otp.otp_id))
        status = client.otp.get_otp_status(otp.otp_id)
    assert verified.status == "VERIFIED"
    assert (status.status, status.attempts) == ("VERIFIED", 1)


def test_the_vendors_client_decodes_every_otp_answer(served_sync: tuple[Emulator, str]) -> None:
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import otp_api
    from smscx_client.model.new_otp_request import NewOtpRequest

    emulator, url = served_sync
    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = otp_api.OtpApi(smscx_client.ApiClient(configuration))
    otp = api.new_otp(NewOtpRequest(phone_number=PHONE, track_id=str(uuid.uuid4())))
    assert api.get_otp_status(otp.otp_id).status == "PENDING"
    pin = emulator.otp.pin_of(otp.otp_id)
    # The generated method takes the PIN itself (its page says a VerifyPinRequest).
    assert api.verify_otp(otp.otp_id, pin).status == "VERIFIED"
    other = api.new_otp(NewOtpRequest(phone_number=PHONE))
    assert api.cancel_otp(other.otp_id).info.id == other.otp_id

"""Delivery reports: a send's ``dlrCallbackUrl`` on loopback gets ``dlr_update`` callbacks.

Every receiver here is real: an ASGI app served by uvicorn on a loopback port (or, for
blocking code, the repository's standard-library example), so a report travels over TCP
exactly as it would to a user's own receiver.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import anyio
import attrs
import httpx
import pytest

from smscx import SmsClient
from smscx.testing import DLR_STATUS_CODES, Emulator, ManualClock, Message, ReportOutcome
from smscx.testing.__main__ import build, main, parser
from smscx.testing._callbacks import NOT_CALLED, is_loopback_url
from smscx.testing._delivery_reports import random_failures
from smscx.testing.pytest_plugin import ServedEmulator
from smscx.testing.server.app import Receive, Scope, Send
from smscx.testing.server.socket_server import serve_app
from smscx.webhooks import parse_delivery_reports
from tests.emulator.helpers import FR, campaign, sms

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

GB = "+447400123456"
DE = "+4915123456789"
START = 1_800_000_000.0  # 2027-01-15 08:00:00 UTC
PROMPT = 5  # seconds a report that is due may take to arrive before a test fails
TRACK = "2f1c6a0e-6d0b-4d6f-9a8e-1f6f3c1b9d11"
REPORT_KEYS = {"campaignId", "msgId", "statusCode", "status", "errorCode", "datetime"}


@attrs.frozen
class Callback:
    """One request the receiver got."""

    method: str
    path: str
    query: bytes
    headers: dict[bytes, bytes]
    body: bytes

    @property
    def reports(self) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = json.loads(self.body)["data"]
        return data


class Receiver:
    """A delivery-report receiver: records each request, answers ``status``."""

    def __init__(self) -> None:
        self.callbacks: list[Callback] = []
        self.status = 204
        self.base_url = ""

    @property
    def url(self) -> str:
        """The callback URL to send with (a path and a token, like a real one)."""
        return f"{self.base_url}/sms/dlr?token=secret"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        self.callbacks.append(
            Callback(
                scope["method"], scope["path"], scope["query_string"], dict(scope["headers"]), body
            )
        )
        await send({"type": "http.response.start", "status": self.status, "headers": []})
        await send({"type": "http.response.body", "body": b""})


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    app = Receiver()
    async with serve_app(app) as base_url:
        app.base_url = base_url
        yield app


def api(emulator: Emulator) -> httpx.AsyncClient:
    return emulator.http_client(headers={"X-API-KEY": emulator.api_key})


def courier_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "smscx-dlr"]


def a_message() -> Message:
    """A message as the ledger keeps it, for outcome rules."""
    return Message(
        msg_id=str(uuid.uuid4()),
        campaign_id=str(uuid.uuid4()),
        idempotency_id=None,
        to=FR,
        country_iso="FR",
        sender="Shop",
        text="Hi",
        parts=1,
        cost_micros=65_000,
        status="ACCEPTED",
        created_at=datetime(2027, 1, 15, 8, tzinfo=timezone.utc),
    )


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# --- the loop: send, and the report arrives --------------------------------------------


@pytest.mark.smscx_emulator(dlr_delay=0)
async def test_a_send_reports_to_a_loopback_receiver_that_smscx_webhooks_parses(
    smscx_emulator: Emulator, receiver: Receiver
) -> None:
    async with smscx_emulator.client() as client:
        result = await client.send_sms(
            to=[FR], from_="Shop", text="Hi", dlr_callback_url=receiver.url, track_data=TRACK
        )
    with anyio.fail_after(PROMPT):
        (record,) = await smscx_emulator.wait_for_reports(1)
    (callback,) = receiver.callbacks
    (report,) = parse_delivery_reports(callback.body).reports
    assert report.msg_id == result.data[0].msg_id == record.msg_id
    assert report.campaign_id == result.info.campaign_id
    assert (report.status, report.status_code, report.error_code) == ("DELIVERED", 200, None)
    assert report.delivered
    assert report.track_data == TRACK
    assert (record.called, record.http_status, record.error) == (True, 204, None)
    assert record.acknowledged
    assert record.body == callback.body


@pytest.mark.smscx_emulator(dlr_delay=0, clock=ManualClock(START))
async def test_the_callback_is_a_json_post_of_exactly_the_documented_shape(
    smscx_emulator: Emulator, receiver: Receiver
) -> None:
    async with api(smscx_emulator) as http:
        sent = (await http.post("/sms", json=sms(dlrCallbackUrl=receiver.url))).json()
        with anyio.fail_after(PROMPT):
            await smscx_emulator.wait_for_reports(1)
    (callback,) = receiver.callbacks
    assert (callback.method, callback.path, callback.query) == ("POST", "/sms/dlr", b"token=secret")
    assert callback.headers[b"content-type"] == b"application/json"
    assert json.loads(callback.body) == {
        "event": "dlr_update",
        "data": [
            {
                "campaignId": sent["info"]["campaignId"],
                "msgId": sent["data"][0]["msgId"],
                "statusCode": 200,
                "status": "DELIVERED",
                "errorCode": None,
                "datetime": "2027-01-15 08:00:00",  # the emulator's clock; no trackData sent
            }
        ],
    }


@pytest.mark.smscx_emulator(dlr_delay=0)
async def test_reports_due_together_for_one_url_share_one_callback(
    smscx_emulator: Emulator, receiver: Receiver
) -> None:
    async with api(smscx_emulator) as http:
        sent = await http.post("/sms", json=sms(to=[FR, GB, DE], dlrCallbackUrl=receiver.url))
        with anyio.fail_after(PROMPT):
            await smscx_emulator.wait_for_reports(3)
    (callback,) = receiver.callbacks
    assert [r["msgId"] for r in callback.reports] == [d["msgId"] for d in sent.json()["data"]]


@pytest.mark.smscx_emulator(dlr_delay=0)
async def test_a_callback_carries_at_most_200_reports(
    smscx_emulator: Emulator, receiver: Receiver
) -> None:
    numbers = [f"+3361234{i:04d}" for i in range(201)]
    async with api(smscx_emulator) as http:
        sent = await http.post("/sms", json=sms(to=numbers, dlrCallbackUrl=receiver.url))
        assert sent.json()["info"]["totalValid"] == 201
        with anyio.fail_after(PROMPT):
            await smscx_emulator.wait_for_reports(201)
    assert sorted(len(c.reports) for c in receiver.callbacks) == [1, 200]
    for callback in receiver.callbacks:
        parse_delivery_reports(callback.body)  # within the parser's limit


@pytest.mark.smscx_emulator(dlr_delay=0)
async def test_a_campaign_reports_each_recipient(
    smscx_emulator: Emulator, receiver: Receiver
) -> None:
    async with api(smscx_emulator) as http:
        sent = await http.post("/sms/campaign", json=campaign(dlrCallbackUrl=receiver.url))
        with anyio.fail_after(PROMPT):
            records = await smscx_emulator.wait_for_reports(3)
    assert {r.msg_id for r in records} == {d["msgId"] for d in sent.json()["data"]}
    assert all(set(r.report) == REPORT_KEYS for r in records)  # campaigns carry no trackData


@pytest.mark.smscx_emulator(dlr_delay=0)
async def test_reports_arrive_when_the_emulator_is_served_on_a_socket(
    smscx_server: ServedEmulator, receiver: Receiver
) -> None:
    async with smscx_server.client() as client:
        result = await client.send_sms(
            to=[FR], from_="Shop", text="Hi", dlr_callback_url=receiver.url
        )
    with anyio.fail_after(PROMPT):
        (record,) = await smscx_server.emulator.wait_for_reports(1)
    assert record.msg_id == result.data[0].msg_id
    assert record.http_status == 204


def test_blocking_code_and_the_example_receiver(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).parents[2] / "examples" / "dlr_receiver.py"
    spec = importlib.util.spec_from_file_location("dlr_receiver", path)
    assert spec is not None
    assert spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    server = ThreadingHTTPServer(("127.0.0.1", 0), example.DeliveryReportHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/dlr"
        with Emulator(dlr_delay=0) as emulator, emulator.serve_sync() as base_url:
            with SmsClient(api_key=emulator.api_key, base_url=base_url) as client:
                result = client.send_sms(to=[FR], from_="Shop", text="Hi", dlr_callback_url=url)
            (record,) = emulator.wait_for_reports_sync(1, timeout=PROMPT)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert record.http_status == 204
    assert f"{result.data[0].msg_id} delivered at " in capsys.readouterr().out


# --- what a report says ----------------------------------------------------------------


@pytest.mark.smscx_emulator(dlr_delay=0, dlr_outcome={GB: ("FAILED", 4001)})
async def test_a_mapping_fails_the_numbers_it_names_with_their_error_code(
    smscx_emulator: Emulator, receiver: Receiver
) -> None:
    async with api(smscx_emulator) as http:
        await http.post("/sms", json=sms(to=[FR, GB], dlrCallbackUrl=receiver.url))
        with anyio.fail_after(PROMPT):
            await smscx_emulator.wait_for_reports(2)
    delivered, failed = parse_delivery_reports(receiver.callbacks[0].body).reports
    assert (delivered.status, delivered.error_code, delivered.delivered) == (
        "DELIVERED",
        None,
        True,
    )
    assert (failed.status, failed.status_code, failed.error_code) == ("FAILED", 400, 4001)
    assert not failed.delivered


@pytest.mark.smscx_emulator(dlr_delay=0)
async def test_an_outcome_function_sees_the_message_and_none_means_no_report(
    smscx_emulator: Emulator, receiver: Receiver
) -> None:
    seen: list[Message] = []

    def outcome(message: Message) -> str | None:
        seen.append(message)
        return None if message.to == GB else "EXPIRED"

    smscx_emulator.dlr_outcome = outcome  # applies to sends from now on
    async with api(smscx_emulator) as http:
        await http.post("/sms", json=sms(to=[FR, GB], dlrCallbackUrl=receiver.url))
        with anyio.fail_after(PROMPT):
            records = await smscx_emulator.drain_reports()
    assert [m.to for m in seen] == [FR, GB]
    assert [(r.status, r.report["statusCode"]) for r in records] == [("EXPIRED", 300)]


def test_outcomes_are_checked_when_given() -> None:
    assert ReportOutcome().status_code == DLR_STATUS_CODES["DELIVERED"] == 200
    with pytest.raises(ValueError, match="unknown delivery status"):
        ReportOutcome("DELIVRED")
    with pytest.raises(ValueError, match=r"not a valid E\.164 number"):
        Emulator(dlr_outcome={"0612345678": "FAILED"})
    with pytest.raises(ValueError, match="zero or more"):
        Emulator(dlr_delay=-1)


def test_random_failures_are_repeatable_with_a_seed() -> None:
    message = a_message()
    draws = [random_failures(0.5, error_code=7, seed=3)(message) for _ in range(2)]
    assert draws[0] == draws[1]
    assert random_failures(1, error_code=7)(message) == ReportOutcome("FAILED", 7)
    assert random_failures(0)(message) == ReportOutcome()
    with pytest.raises(ValueError, match="between 0 and 1"):
        random_failures(1.5)


# --- which messages report, and when ---------------------------------------------------


@pytest.mark.smscx_emulator(dlr=False, dlr_delay=0)
async def test_dlr_false_sends_no_reports(smscx_emulator: Emulator, receiver: Receiver) -> None:
    async with api(smscx_emulator) as http:
        await http.post("/sms", json=sms(dlrCallbackUrl=receiver.url))
    assert smscx_emulator.pending_reports == 0
    assert await smscx_emulator.drain_reports() == ()
    assert receiver.callbacks == []


@pytest.mark.smscx_emulator(dlr_delay=0, prices={"GB": None})
async def test_invalid_and_uncovered_numbers_get_no_report(
    smscx_emulator: Emulator, receiver: Receiver
) -> None:
    body = sms(to=[FR, GB, "+3312"], allowInvalid=True, dlrCallbackUrl=receiver.url)
    async with api(smscx_emulator) as http:
        sent = (await http.post("/sms", json=body)).json()
        with anyio.fail_after(PROMPT):
            records = await smscx_emulator.drain_reports()
    assert sent["info"]["invalid"] == ["+3312"]
    assert [d["status"] for d in sent["data"]] == ["ACCEPTED", "NO COVERAGE"]
    assert [r.msg_id for r in records] == [sent["data"][0]["msgId"]]


@pytest.mark.smscx_emulator(dlr_delay=0)
async def test_estimates_and_idempotent_replays_send_no_reports(
    smscx_emulator: Emulator, receiver: Receiver
) -> None:
    body = sms(dlrCallbackUrl=receiver.url, idempotencyId=str(uuid.uuid4()))
    async with api(smscx_emulator) as http:
        estimate = sms(dlrCallbackUrl=receiver.url)
        assert (await http.post("/sms/estimate", json=estimate)).status_code == 200
        for _ in range(2):
            assert (await http.post("/sms", json=body)).status_code == 200
        with anyio.fail_after(PROMPT):
            records = await smscx_emulator.drain_reports()
    assert len(records) == 1
    assert len(receiver.callbacks) == 1


@pytest.mark.smscx_emulator(dlr_delay=0.3)
async def test_the_delay_holds_a_report_back(smscx_emulator: Emulator, receiver: Receiver) -> None:
    async with api(smscx_emulator) as http:
        await http.post("/sms", json=sms(dlrCallbackUrl=receiver.url))
    sent = time.monotonic()
    assert smscx_emulator.delivery_reports == ()
    assert smscx_emulator.pending_reports == 1
    with anyio.fail_after(PROMPT):
        await smscx_emulator.wait_for_reports(1)
    assert time.monotonic() - sent >= 0.25
    assert smscx_emulator.pending_reports == 0


async def test_a_scheduled_message_reports_only_once_the_clock_reaches_it(
    receiver: Receiver,
) -> None:
    clock = ManualClock(START)
    async with Emulator(clock=clock, dlr_delay=0) as emulator, api(emulator) as http:
        body = sms(scheduledDate="2027-01-15 09:00:00", dlrCallbackUrl=receiver.url)
        await http.post("/sms", json=body)
        assert await emulator.drain_reports() == ()  # not due: drain does not wait for it
        assert emulator.pending_reports == 1
        clock.advance(3599)
        assert await emulator.drain_reports() == ()
        clock.advance(1)
        with anyio.fail_after(PROMPT):
            (record,) = await emulator.wait_for_reports(1)
    assert record.report["datetime"] == "2027-01-15 09:00:00"
    assert len(receiver.callbacks) == 1


async def test_a_scheduled_message_deleted_before_its_time_never_reports(
    receiver: Receiver,
) -> None:
    clock = ManualClock(START)
    async with Emulator(clock=clock, dlr_delay=0) as emulator, api(emulator) as http:
        body = campaign(scheduledDate="2027-01-15 09:00:00", dlrCallbackUrl=receiver.url)
        sent = (await http.post("/sms/campaign", json=body)).json()
        first = sent["data"][0]["msgId"]
        assert (await http.delete(f"/sms/scheduled/{first}")).status_code == 200
        assert emulator.pending_reports == 2
        deleted = await http.delete(f"/sms/scheduled/campaign/{sent['info']['campaignId']}")
        assert deleted.status_code == 200
        assert emulator.pending_reports == 0
        clock.advance(7200)
        assert await emulator.drain_reports() == ()
    assert receiver.callbacks == []


# --- receivers that fail, and URLs that are not called --------------------------------


@pytest.mark.smscx_emulator(dlr_delay=0)
async def test_the_receivers_answer_is_recorded(
    smscx_emulator: Emulator, receiver: Receiver
) -> None:
    receiver.status = 500
    async with api(smscx_emulator) as http:
        await http.post("/sms", json=sms(dlrCallbackUrl=receiver.url))
        with anyio.fail_after(PROMPT):
            (record,) = await smscx_emulator.wait_for_reports(1)
    assert (record.called, record.http_status, record.error) == (True, 500, None)
    assert not record.acknowledged


@pytest.mark.smscx_emulator(dlr_delay=0)
async def test_an_unreachable_receiver_is_recorded_and_the_emulator_carries_on(
    smscx_emulator: Emulator, receiver: Receiver
) -> None:
    async with api(smscx_emulator) as http:
        dead = f"http://127.0.0.1:{closed_port()}/dlr"
        await http.post("/sms", json=sms(dlrCallbackUrl=dead))
        with anyio.fail_after(PROMPT):
            (unreached,) = await smscx_emulator.wait_for_reports(1)
        await http.post("/sms", json=sms(dlrCallbackUrl=receiver.url))
        with anyio.fail_after(PROMPT):
            _, reached = await smscx_emulator.wait_for_reports(2)
    assert unreached.called
    assert unreached.http_status is None
    assert unreached.error is not None
    assert unreached.error.startswith("ConnectError")
    assert reached.http_status == 204


@pytest.mark.smscx_emulator(dlr_delay=0)
async def test_a_url_off_the_machine_is_recorded_and_never_called(
    smscx_emulator: Emulator,
) -> None:
    # 192.0.2.1 is TEST-NET-1: a call would hang until the timeout, not answer NOT_CALLED.
    async with api(smscx_emulator) as http:
        sent = await http.post("/sms", json=sms(dlrCallbackUrl="http://192.0.2.1/dlr"))
        with anyio.fail_after(PROMPT):
            (record,) = await smscx_emulator.wait_for_reports(1)
    assert record.msg_id == sent.json()["data"][0]["msgId"]
    assert (record.called, record.http_status, record.error) == (False, None, NOT_CALLED)
    assert parse_delivery_reports(record.body).reports[0].msg_id == record.msg_id


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8099/dlr", True),
        ("http://127.8.9.10/dlr", True),
        ("https://localhost/dlr", True),
        ("http://LOCALHOST.:80/dlr", True),
        ("http://[::1]:8099/dlr", True),
        ("http://[::ffff:127.0.0.1]/dlr", True),
        ("https://example.com/dlr", False),
        ("http://localhost.example.com/dlr", False),
        ("http://10.0.0.1/dlr", False),
        ("http://0.0.0.0/dlr", False),
        ("http://[::]/dlr", False),
        ("http://2130706433/dlr", False),  # 127.0.0.1 as one number: not taken for loopback
    ],
)
def test_only_loopback_urls_are_called(url: str, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback


# --- reset, close and the courier's thread --------------------------------------------


@pytest.mark.smscx_emulator(dlr_delay=0)
async def test_reset_drops_pending_and_recorded_reports(
    smscx_emulator: Emulator, receiver: Receiver
) -> None:
    async with api(smscx_emulator) as http:
        await http.post("/sms", json=sms(dlrCallbackUrl=receiver.url))
        with anyio.fail_after(PROMPT):
            await smscx_emulator.wait_for_reports(1)
        smscx_emulator.dlr_delay = 30
        await http.post("/sms", json=sms(dlrCallbackUrl=receiver.url))
        assert smscx_emulator.pending_reports == 1
        smscx_emulator.reset()
    assert smscx_emulator.delivery_reports == ()
    assert smscx_emulator.pending_reports == 0


async def test_closing_drops_pending_reports_and_ends_the_courier_thread(
    receiver: Receiver,
) -> None:
    emulator = Emulator(dlr_delay=30)
    async with api(emulator) as http:
        await http.post("/sms", json=sms(dlrCallbackUrl=receiver.url))
    assert emulator.pending_reports == 1
    assert courier_threads()
    await emulator.aclose()
    assert courier_threads() == []
    assert emulator.pending_reports == 0
    assert emulator.delivery_reports == ()
    assert receiver.callbacks == []


@pytest.mark.smscx_emulator(dlr_delay=0)
async def test_the_courier_thread_ends_once_nothing_is_pending(
    smscx_emulator: Emulator, receiver: Receiver
) -> None:
    async with api(smscx_emulator) as http:
        await http.post("/sms", json=sms(dlrCallbackUrl=receiver.url))
    with anyio.fail_after(PROMPT):
        await smscx_emulator.wait_for_reports(1)
    for thread in courier_threads():
        await anyio.to_thread.run_sync(thread.join, PROMPT)
    assert courier_threads() == []


@pytest.mark.smscx_emulator(dlr_delay=30)
async def test_waiting_is_bounded_the_structured_way(smscx_emulator: Emulator) -> None:
    async with api(smscx_emulator) as http:
        await http.post("/sms", json=sms(dlrCallbackUrl="http://127.0.0.1:9/dlr"))
    with pytest.raises(TimeoutError), anyio.fail_after(0.05):
        await smscx_emulator.wait_for_reports(1)
    with pytest.raises(TimeoutError, match="0 of 1 delivery report"):
        smscx_emulator.wait_for_reports_sync(1, timeout=0.05)


# --- the command line ------------------------------------------------------------------


def test_command_line_options_configure_reports() -> None:
    args = ["--dlr-delay", "0", "--dlr-fail-rate", "1", "--dlr-error-code", "7", "--seed", "1"]
    with build(parser().parse_args(args)) as emulator:
        assert emulator.dlr is True
        assert emulator.dlr_delay == 0
        rule = emulator.dlr_outcome
        assert callable(rule)
        assert rule(a_message()) == ReportOutcome("FAILED", 7)
    with build(parser().parse_args(["--no-dlr"])) as emulator:
        assert emulator.dlr is False
        assert emulator.dlr_delay == 0.5
        assert emulator.dlr_outcome is None


def test_command_line_refuses_a_rate_above_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--dlr-fail-rate", "2"]) == 2
    assert "between 0 and 1" in capsys.readouterr().err

"""``smscx listen`` end to end: the command in a process of its own on a socket, the emulator
sending to it, the callbacks printed, and ``--forward-to`` delivering each body unchanged."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from smscx import SmsClient
from smscx.cli._listen import describe
from smscx.testing import Emulator, ManualClock
from smscx.testing.server.socket_server import SocketServer
from smscx.webhooks import parse_otp_updates
from tests.cli.conftest import Run

NUMBERS = ["+33612340001", "+33612340002"]
TOKEN = "listen-4c1d9e"


class Listener:
    """``smscx listen ...`` running, its callback URL read from what it printed."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "smscx.cli", "listen", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.banner: list[str] = []
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.banner.append(line)
            if line.startswith("Callback URL: "):
                self.url = line.removeprefix("Callback URL: ").strip()
                break
        else:
            raise AssertionError(f"no callback URL in {self.banner}")
        self.errors: list[str] = []
        self._reader = threading.Thread(target=self._read_errors, daemon=True)
        self._reader.start()

    def _read_errors(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.errors.append(line)

    def stop(self) -> str:
        """Stop it as Ctrl-C does; everything it printed on standard output."""
        self.process.send_signal(signal.SIGINT)
        out, _ = self.process.communicate(timeout=30)
        self._reader.join(timeout=30)
        return out


@contextlib.contextmanager
def listening(*args: str) -> Iterator[Listener]:
    listener = Listener(*args)
    try:
        yield listener
    finally:
        if listener.process.poll() is None:
            listener.process.kill()
            listener.process.wait()


@contextlib.contextmanager
def target() -> Iterator[tuple[str, list[bytes]]]:
    """The user's own endpoint: records each body it gets."""
    bodies: list[bytes] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        bodies.append(body)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    server = SocketServer(app)
    url = server.start()
    try:
        yield f"{url}/sms/callbacks", bodies
    finally:
        server.stop()


def send_and_deliver(emulator: Emulator, clock: ManualClock, url: str, dlr_url: str) -> Any:
    """A scheduled send whose reports go to ``dlr_url`` once the clock moves; its reports."""
    later = datetime.fromtimestamp(clock(), tz=timezone.utc) + timedelta(hours=1)
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        client.send_sms(
            to=NUMBERS, from_="Shop", text="Hi", scheduled_date=later, dlr_callback_url=dlr_url
        )
    clock.advance(3601)
    return emulator.wait_for_reports_sync(len(NUMBERS), timeout=30)


def test_listen_prints_each_report_the_emulator_sends_and_forwards_the_body_unchanged() -> None:
    clock = ManualClock()
    emulator = Emulator(clock=clock, dlr_delay=0, dlr_outcome={NUMBERS[1]: ("FAILED", 4001)})
    with (
        target() as (forward_url, forwarded),
        listening("--token", TOKEN, "--forward-to", forward_url) as listener,
    ):
        with emulator.serve_sync() as url:
            deliveries = send_and_deliver(emulator, clock, url, listener.url)
        emulator.close()
        out = listener.stop()
    assert f"token={TOKEN}" in listener.url
    assert [d.http_status for d in deliveries] == [200] * len(deliveries)
    lines = out.splitlines()
    for delivery in deliveries:
        [line] = [line for line in lines if delivery.msg_id in line]
        assert "dlr_update" in line
        assert delivery.status in line
    assert any("FAILED (error 4001)" in line for line in lines)
    assert sorted(forwarded) == sorted({d.body for d in deliveries})  # byte for byte
    assert any(f"-> {forward_url}: 204" in line for line in listener.errors)


def test_listen_json_prints_a_json_line_per_item() -> None:
    clock = ManualClock()
    emulator = Emulator(clock=clock, dlr_delay=0)
    with listening("--json") as listener:
        with emulator.serve_sync() as url:
            deliveries = send_and_deliver(emulator, clock, url, listener.url)
        emulator.close()
        out = listener.stop()
    items = [json.loads(line) for line in out.splitlines()]
    assert sorted(i["data"]["msgId"] for i in items) == sorted(d.msg_id for d in deliveries)
    assert {i["event"] for i in items} == {"dlr_update"}
    assert {i["data"]["status"] for i in items} == {"DELIVERED"}


def test_listen_makes_up_a_token_and_refuses_callbacks_without_it() -> None:
    with listening() as listener:
        base = listener.url.split("?", 1)[0]
        wrong = httpx.post(base, content=b"{}")
        right = httpx.post(listener.url, content=b"{}")
        out = listener.stop()
    assert "token=" in listener.url
    assert (wrong.status_code, right.status_code) == (403, 400)
    assert out == ""


def test_listen_answers_502_when_the_forward_target_fails_so_sms_cx_retries() -> None:
    body = json.dumps({"event": "dlr_update", "data": [
        {"campaignId": "c", "msgId": "m-1", "statusCode": 200, "status": "DELIVERED",
         "errorCode": None, "datetime": "2026-11-26 14:54:20"}]}).encode()  # fmt: skip
    with listening("--forward-to", "http://127.0.0.1:9/nobody") as listener:
        first = httpx.post(listener.url, content=body)
        listener.stop()
    assert first.status_code == 502
    assert any("not reached" in line for line in listener.errors)


def test_listen_refuses_a_forward_target_that_is_not_a_url(run: Run) -> None:
    result = run(None, ["listen", "--forward-to", "somewhere"])
    assert result.exit_code == 2
    assert "--forward-to" in result.output


def test_listen_help_names_every_option(run: Run) -> None:
    result = run(None, ["listen", "--help"])
    assert result.exit_code == 0
    for option in ("--port", "--host", "--token", "--forward-to", "--json"):
        assert option in result.stdout


def test_an_otp_update_reads_as_one_line() -> None:
    item = {"otpId": "o-1", "phoneNumber": "+33612345678", "countryIso": "FR",
            "status": "VERIFIED", "cost": 0.05, "parts": 1, "maxAttempts": 3, "attempts": 1,
            "ttl": 60, "dateCreated": "2026-11-26 14:54:13",
            "dateExpires": "2026-11-26 14:55:13"}  # fmt: skip
    update = parse_otp_updates(json.dumps({"event": "otp_update", "data": [item]})).data[0]
    assert describe(update) == "o-1 VERIFIED (1/3 attempts)"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx here and in the listener talk to loopback directly."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)

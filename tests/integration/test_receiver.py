"""The receive side on real servers: ``asgi_app`` under uvicorn, ``wsgi_app`` under the
standard library's ``wsgiref``, both on loopback, with the emulator posting real callbacks
(delivery reports of a ``send_bulk``, OTP updates, number lookups, an inbound SMS, a
short-link hit) to them.

Delivery reports come from a scheduled send on a ``ManualClock``: nothing is posted before
the clock is moved, so every message is in the journal before its report can arrive, and
no test depends on how fast the machine is.
"""

from __future__ import annotations

import contextlib
import json
import socketserver
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import anyio
import httpx
import pytest

from smscx import AsyncSmsClient
from smscx.journal import SqliteJournal
from smscx.testing import Emulator, ManualClock
from smscx.testing.server.socket_server import SocketServer
from smscx.webhooks import (
    DeliveryReportBatch,
    LinkHitBatch,
    NewOptoutBatch,
    NumberLookupBatch,
    OtpUpdateBatch,
    ReceivedSmsBatch,
    WebhookBatch,
    asgi_app,
    callback_url,
    parse_delivery_reports,
    wsgi_app,
)
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.integration]

TOKEN = "rcv-7f3a9c0e1b2d4f6a"
NUMBERS = [f"+3361234{n:04d}" for n in range(7)]
KINDS = ["asgi-uvicorn", "wsgi-wsgiref"]


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    timeout = 10  # a connection that sends nothing at all: wsgiref's own bound

    def log_message(self, *args: Any) -> None:
        pass


@contextlib.contextmanager
def receiving(kind: str, app: Any) -> Iterator[str]:
    """Serve ``app`` on loopback in a thread for the block; its base URL."""
    if kind.startswith("asgi"):
        server = SocketServer(app)
        url = server.start()
        try:
            yield url
        finally:
            server.stop()
        return
    wsgi = make_server(
        "127.0.0.1", 0, app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
    )
    thread = threading.Thread(target=wsgi.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{wsgi.server_port}"
    finally:
        wsgi.shutdown()
        wsgi.server_close()
        thread.join()


def factory(kind: str) -> Callable[..., Any]:
    return asgi_app if kind.startswith("asgi") else wsgi_app


class Seen:
    """An ``on_event`` recording every batch it gets (from the server's threads)."""

    def __init__(self) -> None:
        self.batches: list[WebhookBatch] = []
        self._lock = threading.Lock()

    def __call__(self, batch: WebhookBatch) -> None:
        with self._lock:
            self.batches.append(batch)

    def items(self, kind: type) -> list[Any]:
        with self._lock:
            return [i for b in self.batches if isinstance(b, kind) for i in b.data]


# --- the emulator posting to them -------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("kind", KINDS)
async def test_every_report_of_a_send_bulk_reaches_on_event_once_and_the_journal(
    kind: str, transport: Transport, tmp_path: Path
) -> None:
    clock = ManualClock()
    emulator = Emulator(clock=clock, dlr_delay=0, dlr_outcome={NUMBERS[3]: ("FAILED", 4001)})
    journal = SqliteJournal(tmp_path / "batch.journal")
    seen = Seen()
    later = datetime.fromtimestamp(clock(), tz=timezone.utc) + timedelta(hours=1)
    app = factory(kind)(seen, token=TOKEN, journal=journal)
    with receiving(kind, app) as hook:
        async with emulator.serve() as url, journal:
            async with AsyncSmsClient(
                api_key=emulator.api_key, base_url=url, transport=transport
            ) as client:
                report = await client.send_bulk(
                    NUMBERS, text="Hi", from_="Shop", batch_id="b", chunk_size=3,
                    journal=journal, scheduled_date=later,
                    dlr_callback_url=callback_url(f"{hook}/sms/callbacks", TOKEN),
                )  # fmt: skip
                before = await journal.summary("b")
                clock.advance(3601)
                with anyio.fail_after(30):
                    deliveries = await emulator.wait_for_reports(len(NUMBERS))
                summary = await journal.summary("b")
                status = await client.delivery_status("b", journal=journal)
        emulator.close()
    assert status == summary  # every status final: delivery_status reads no report
    assert report.messages_sent == len(NUMBERS)
    assert before.pending == len(NUMBERS)
    assert [d.http_status for d in deliveries] == [200] * len(deliveries)
    reports = seen.items(DeliveryReportBatch)
    assert sorted(r.msg_id for r in reports) == sorted(d.msg_id for d in deliveries)
    assert len({r.msg_id for r in reports}) == len(NUMBERS)  # each once
    assert (summary.delivered, summary.failed, summary.pending) == (6, 1, 0)
    assert summary.failures[0].to == NUMBERS[3]
    assert summary.failures[0].error_code == 4001
    # Read from the journal alone, by delivery_status too: the reports API was never asked.
    assert not [name for name in emulator.request_counts if "/reports" in name]


@pytest.mark.anyio
@pytest.mark.parametrize("kind", KINDS)
async def test_the_same_callback_posted_again_reaches_on_event_once(
    kind: str, transport: Transport
) -> None:
    clock = ManualClock()
    emulator = Emulator(clock=clock, dlr_delay=0)
    seen = Seen()
    later = datetime.fromtimestamp(clock(), tz=timezone.utc) + timedelta(hours=1)
    with receiving(kind, factory(kind)(seen, token=TOKEN)) as hook:
        target = callback_url(f"{hook}/dlr", TOKEN)
        async with emulator.serve() as url:
            async with AsyncSmsClient(
                api_key=emulator.api_key, base_url=url, transport=transport
            ) as client:
                await client.send_sms(to=NUMBERS[:2], from_="Shop", text="Hi",
                                      scheduled_date=later, dlr_callback_url=target)  # fmt: skip
                clock.advance(3601)
                with anyio.fail_after(30):
                    deliveries = await emulator.wait_for_reports(2)
        emulator.close()
        # SMS.CX sending a callback again, as after an answer lost on the way.
        async with httpx.AsyncClient() as http:
            again = [await http.post(target, content=d.body) for d in deliveries]
    assert [a.status_code for a in again] == [200] * len(again)
    assert sum(a.json()["duplicates"] for a in again) >= 2
    assert sorted(r.msg_id for r in seen.items(DeliveryReportBatch)) == sorted(
        d.msg_id for d in deliveries
    )


@pytest.mark.anyio
@pytest.mark.parametrize("kind", KINDS)
async def test_otp_updates_and_number_lookups_reach_on_event(
    kind: str, transport: Transport
) -> None:
    clock = ManualClock()
    emulator = Emulator(clock=clock)
    seen = Seen()
    with receiving(kind, factory(kind)(seen, token=TOKEN)) as hook:
        target = callback_url(f"{hook}/hooks", TOKEN)
        async with emulator.serve() as url:
            async with AsyncSmsClient(
                api_key=emulator.api_key, base_url=url, transport=transport
            ) as client:
                otp = await client.otp.new_otp(
                    phone_number=NUMBERS[0], ttl=60, otp_callback_url=target
                )
                await client.otp.verify_otp(otp.otp_id, pin=emulator.otp.pin_of(otp.otp_id))
                await client.numbers.lookup_numbers(
                    phone_numbers=NUMBERS[:3], lookup_callback_url=target
                )
                with anyio.fail_after(30):
                    posted = await emulator.wait_for_callbacks(2)
        emulator.close()
    assert [c.http_status for c in posted] == [200, 200]
    assert [u.status for u in seen.items(OtpUpdateBatch)] == ["VERIFIED"]
    assert sorted(r.phone_number for r in seen.items(NumberLookupBatch)) == NUMBERS[:3]


@pytest.mark.anyio
@pytest.mark.parametrize("kind", KINDS)
async def test_an_inbound_sms_and_a_link_hit_reach_on_event(
    kind: str, transport: Transport
) -> None:
    emulator = Emulator()
    seen = Seen()
    with receiving(kind, factory(kind)(seen, token=TOKEN)) as hook:
        target = callback_url(f"{hook}/hooks", TOKEN)
        async with emulator.serve() as url:
            async with AsyncSmsClient(
                api_key=emulator.api_key, base_url=url, transport=transport
            ) as client:
                offer = (await client.numbers.get_available_numbers("GB", features=3)).data[0]
                rented = await client.numbers.rent_number(
                    number_id=offer.number_id, rent_period=30, callback_url=target
                )
            emulator.numbers.receive(from_=NUMBERS[0], to=rented.info.phone_number, text="Hi")
            emulator.shortlinks.callback_url = target
            link = emulator.shortlinks.add("https://shop.example", link_id="page")
            emulator.shortlinks.click(link.id)
            with anyio.fail_after(30):
                posted = await emulator.wait_for_callbacks(2)
        emulator.close()
    assert sorted(c.event for c in posted) == ["receive_sms", "shortlink_hit"]
    assert [c.http_status for c in posted] == [200, 200]
    [sms] = seen.items(ReceivedSmsBatch)
    assert (sms.from_, sms.to, sms.text) == (NUMBERS[0], rented.info.phone_number, "Hi")
    assert [hit.shortlink_id for hit in seen.items(LinkHitBatch)] == ["page"]


@pytest.mark.anyio
@pytest.mark.parametrize("kind", KINDS)
async def test_opt_outs_by_a_contact_and_through_the_api_reach_on_event(
    kind: str, transport: Transport
) -> None:
    emulator = Emulator()
    seen = Seen()
    with receiving(kind, factory(kind)(seen, token=TOKEN)) as hook:
        emulator.optouts.callback_url = callback_url(f"{hook}/hooks", TOKEN)
        async with emulator.serve() as url:
            emulator.optouts.opt_out(NUMBERS[0])  # the contact, through the opt-out link
            async with AsyncSmsClient(
                api_key=emulator.api_key, base_url=url, transport=transport
            ) as client:
                await client.optouts.add_contact_to_optouts_list(phone_numbers=NUMBERS[1:3])
            with anyio.fail_after(30):
                posted = await emulator.wait_for_callbacks(2)
        emulator.close()
    assert [c.event for c in posted] == ["new_optout", "new_optout"]
    assert [c.http_status for c in posted] == [200, 200]
    by_type = sorted((o.optout_type, o.phone_number) for o in seen.items(NewOptoutBatch))
    assert by_type == [("admin", NUMBERS[1]), ("admin", NUMBERS[2]), ("link", NUMBERS[0])]


# --- out of order, with a journal -----------------------------------------------------------


EARLIER, LATER = "2026-11-26 14:54:10", "2026-11-26 14:54:20"


def dlr_body(msg_id: str, status: str, at: str) -> bytes:
    item = {"campaignId": "c", "msgId": msg_id, "statusCode": 200, "status": status,
            "errorCode": None, "datetime": at}  # fmt: skip
    return json.dumps({"event": "dlr_update", "data": [item]}).encode()


@pytest.mark.anyio
@pytest.mark.parametrize("kind", KINDS)
async def test_reports_posted_out_of_order_leave_the_final_status_in_the_journal(
    kind: str, transport: Transport, tmp_path: Path
) -> None:
    emulator = Emulator(dlr=False)
    journal = SqliteJournal(tmp_path / "order.journal")
    seen = Seen()
    with receiving(kind, factory(kind)(seen, token=TOKEN, journal=journal)) as hook:
        target = callback_url(hook, TOKEN)
        async with emulator.serve() as url, journal:
            async with AsyncSmsClient(
                api_key=emulator.api_key, base_url=url, transport=transport
            ) as client:
                await client.send_bulk(NUMBERS[:1], text="Hi", from_="Shop", batch_id="o",
                                       journal=journal)  # fmt: skip
            msg_id = (await journal.data("o", 0))[0]["msgId"]
            async with httpx.AsyncClient() as http:
                final = await http.post(target, content=dlr_body(msg_id, "DELIVERED", LATER))
                late = await http.post(target, content=dlr_body(msg_id, "ENROUTE", EARLIER))
            summary = await journal.summary("o")
    assert (final.status_code, late.status_code) == (200, 200)
    assert [r.status for r in seen.items(DeliveryReportBatch)] == ["DELIVERED", "ENROUTE"]
    assert (summary.delivered, summary.pending) == (1, 0)  # the late one undid nothing


# --- hostile callers ------------------------------------------------------------------------


def raw_exchange(url: str, head: bytes, body: Iterable[bytes] = ()) -> tuple[int, int]:
    """Send ``head`` then ``body`` pieces over a raw socket until an answer comes (or the
    server stops reading); the answer's status and how many body bytes were sent."""
    import socket

    host, port = url.removeprefix("http://").split(":")
    sent = 0
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(head)
        sock.setblocking(False)
        answer = b""
        for piece in body:
            try:
                answer += sock.recv(65536)
            except BlockingIOError:
                pass
            except ConnectionResetError:
                break
            if answer:
                break
            try:
                sock.sendall(piece)
            except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                break
            sent += len(piece)
        sock.setblocking(True)
        with contextlib.suppress(ConnectionResetError):
            while b"\r\n" not in answer:
                more = sock.recv(65536)
                if not more:
                    break
                answer += more
    return int(answer.split(b" ", 2)[1]), sent


def head(path: str, length: int | None, method: str = "POST") -> bytes:
    framing = f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    return (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"{framing}\r\n\r\n"
    ).encode()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("query", ["", "?token=wrong"])
def test_a_wrong_or_missing_token_is_403_without_the_body_being_sent(kind: str, query: str) -> None:
    seen = Seen()
    with receiving(kind, factory(kind)(seen, token=TOKEN)) as url:
        # Fifty megabytes announced, none sent: the answer comes all the same.
        status, _ = raw_exchange(url, head(f"/dlr{query}", 50_000_000))
    assert status == 403
    assert seen.batches == []


@pytest.mark.parametrize("kind", KINDS)
def test_fifty_megabytes_announced_are_413_before_any_is_read(kind: str) -> None:
    seen = Seen()
    with receiving(kind, factory(kind)(seen, token=TOKEN)) as url:
        status, _ = raw_exchange(url, head(f"/dlr?token={TOKEN}", 50_000_000))
    assert status == 413
    assert seen.batches == []


def test_fifty_megabytes_streamed_are_refused_within_a_few_read() -> None:
    seen = Seen()
    piece = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"  # chunked, 64 KiB a chunk
    fifty_megabytes = iter([piece] * 800)
    with receiving("asgi", asgi_app(seen, token=TOKEN, max_body=1 << 20)) as url:
        status, sent = raw_exchange(url, head(f"/dlr?token={TOKEN}", None), fifty_megabytes)
    assert status == 413
    assert sent < 16 * (1 << 20)  # the limit, plus what the sockets' buffers took
    assert seen.batches == []


def drip(pieces: int) -> Iterator[bytes]:
    import time

    for _ in range(pieces):
        time.sleep(0.02)
        yield b" "


@pytest.mark.parametrize("kind", KINDS)
def test_a_slow_drip_body_is_cut_off_at_the_body_timeout(kind: str) -> None:
    seen = Seen()
    app = factory(kind)(seen, token=TOKEN, body_timeout=0.3)
    with receiving(kind, app) as url:
        # 1000 bytes announced, a byte every 20 ms: it would take 20 s; the drip goes on
        # until the answer comes, whenever that is.
        status, sent = raw_exchange(url, head(f"/dlr?token={TOKEN}", 1000), drip(1000))
    assert status == 408
    assert sent < 1000
    assert seen.batches == []


@pytest.mark.anyio
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("method", "body", "status"),
    [
        ("POST", b"{not json", 400),
        ("POST", b'{"event": "dlr_update", "data": [{"msgId": 7}]}', 400),
        ("POST", b'{"event": "dlr_update", "data": "all"}', 400),
        ("POST", b'{"event": 12, "data": []}', 400),
        ("POST", b'{"event": "nobody_knows", "data": []}', 400),
        ("GET", b"", 405),
        ("PUT", b"{}", 405),
    ],
)
async def test_hostile_bodies_and_methods_never_reach_on_event_nor_a_500(
    kind: str, method: str, body: bytes, status: int, anyio_backend: str
) -> None:
    seen = Seen()
    with receiving(kind, factory(kind)(seen, token=TOKEN)) as url:
        async with httpx.AsyncClient() as http:
            answer = await http.request(method, f"{url}/dlr?token={TOKEN}", content=body)
    assert answer.status_code == status
    assert seen.batches == []


@pytest.mark.anyio
@pytest.mark.parametrize("kind", KINDS)
async def test_a_failing_handler_is_500_over_http_and_the_retry_gets_through(
    kind: str, anyio_backend: str
) -> None:
    calls: list[int] = []

    def on_event(batch: WebhookBatch) -> None:
        calls.append(len(batch.data))
        if len(calls) == 1:
            raise RuntimeError("the database is down")

    body = dlr_body("m-1", "DELIVERED", "2026-11-26 14:54:20")
    with receiving(kind, factory(kind)(on_event, token=TOKEN)) as url:
        async with httpx.AsyncClient() as http:
            first = await http.post(f"{url}/dlr?token={TOKEN}", content=body)
            retry = await http.post(f"{url}/dlr?token={TOKEN}", content=body)
            again = await http.post(f"{url}/dlr?token={TOKEN}", content=body)
    assert [first.status_code, retry.status_code, again.status_code] == [500, 200, 200]
    assert calls == [1, 1]
    assert parse_delivery_reports(body).data[0].msg_id == "m-1"

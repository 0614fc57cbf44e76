"""The emulator on a real loopback socket: same answers, and faults that really cut TCP."""

from __future__ import annotations

import threading
import uuid

import httpx
import pytest

from smscx.testing import Emulator
from smscx.testing.pytest_plugin import ServedEmulator
from tests.emulator.helpers import sms

pytestmark = [pytest.mark.anyio, pytest.mark.integration]


def _client(server: ServedEmulator) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=server.base_url, headers={"X-API-KEY": server.emulator.api_key}
    )


async def test_serves_on_a_loopback_port(smscx_server: ServedEmulator) -> None:
    assert smscx_server.base_url.startswith("http://127.0.0.1:")
    async with _client(smscx_server) as api:
        ready = await api.get("/")
        sent = await api.post("/sms", json=sms())
    assert ready.status_code == 200
    assert sent.status_code == 200
    assert sent.headers["x-rate-limit-remaining"] == "9999"
    assert len(smscx_server.emulator.ledger.sends()) == 1


async def test_close_before_drops_the_tcp_connection_without_an_answer(
    smscx_server: ServedEmulator,
) -> None:
    smscx_server.emulator.faults.add("close_before", route="POST /sms")
    async with _client(smscx_server) as api:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            await api.post("/sms", json=sms())
        after = await api.post("/sms/estimate", json=sms())  # a new connection works
    assert after.status_code == 200
    assert smscx_server.emulator.ledger.charges == ()


async def test_close_after_commit_bills_then_drops_the_connection(
    smscx_server: ServedEmulator,
) -> None:
    smscx_server.emulator.faults.add("close_after_commit", route="POST /sms")
    body = {**sms(), "idempotencyId": str(uuid.uuid4())}
    async with _client(smscx_server) as api:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            await api.post("/sms", json=body)
        retry = await api.post("/sms", json=body)
    assert retry.headers["x-idempotency-id"] == body["idempotencyId"]
    assert len(smscx_server.emulator.ledger.sends()) == 1


async def test_a_delay_past_the_timeout_times_out_and_the_request_is_dropped() -> None:
    emulator = Emulator()
    emulator.faults.add("delay", seconds=30)
    async with emulator.serve() as url:
        async with httpx.AsyncClient(base_url=url, headers={"X-API-KEY": emulator.api_key}) as c:
            with pytest.raises(httpx.ReadTimeout):
                await c.post("/sms", json=sms(), timeout=0.2)
    # The server has stopped (it waits for its requests), so this is final.
    assert emulator.ledger.charges == ()


async def test_leaving_serve_stops_the_server_and_its_thread() -> None:
    emulator = Emulator()
    async with emulator.serve() as url:
        async with httpx.AsyncClient(base_url=url) as c:
            assert (await c.get("/")).status_code == 200
    assert not [t for t in threading.enumerate() if t.name == "smscx-emulator"]
    async with httpx.AsyncClient(base_url=url) as c:
        with pytest.raises(httpx.ConnectError):
            await c.get("/")


def test_accepted_connections_send_at_once_with_tcp_nodelay() -> None:
    # Without TCP_NODELAY every answer on a kept-alive connection waited ~40 ms for the
    # client's delayed ACK (Nagle's algorithm): a 200-request run took 4.7 s, not 0.5 s.
    import socket

    from smscx.testing.server.socket_server import SocketServer

    server = SocketServer(Emulator().app)
    server.start()
    try:
        with httpx.Client(base_url=server.base_url) as api:
            assert api.get("/").status_code == 200
            accepted = server.connections.sockets()
            assert len(accepted) == 1
            assert accepted[0].getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        server.stop()

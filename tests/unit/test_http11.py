"""smscx's own HTTP/1.1 transport (``smscx._http``): its codec, its pool, and what it does
with odd peers.

The codec is checked against what h11 (the parser under httpx's own transport) accepts and
refuses; the pool against a keep-alive server on loopback that answers from a
script and counts its connections, on asyncio and trio.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from typing import Any

import anyio
import h11
import httpx
import pytest

from smscx._http import Http11Transport
from smscx._http.codec import encode_head, parse_head
from smscx._http.streams import AsyncioStream, open_stream
from smscx._transport import AttemptTimeout, ResponseTooLarge
from smscx.errors import LowerHeaders
from tests.hostile import Request, _LoopbackServer, _read_request

pytestmark = pytest.mark.anyio

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

# --- the codec -------------------------------------------------------------------------


def test_a_head_is_read_as_h11_reads_it() -> None:
    raw = (
        b"HTTP/1.1 201 Created\r\nX-Request-Id: r1\r\nVary: Accept\r\nvary: Origin\r\n"
        b"Content-Length: 12\r\nX-Name: \xc3\xa9\r\nX-Latin: \xe9\r\nX-Blank:\r\nX-Pad:  v  "
    )
    head = parse_head(raw)
    assert (head.status, head.length, head.chunked, head.keep_alive) == (201, 12, False, True)
    assert head.headers == {
        "x-request-id": "r1",
        "vary": "Accept, Origin",
        "content-length": "12",
        "x-name": "é",
        "x-latin": "é",
        "x-blank": "",
        "x-pad": "v",
    }
    # The same head through h11: the same status and values.
    connection = h11.Connection(h11.CLIENT)
    connection.send(h11.Request(method="GET", target="/", headers=[("Host", "x")]))
    connection.send(h11.EndOfMessage())
    connection.receive_data(raw + b"\r\n\r\n")
    event = connection.next_event()
    assert isinstance(event, h11.Response)
    assert event.status_code == head.status


def test_bare_lf_line_ends_are_read_too() -> None:
    head = parse_head(b"HTTP/1.1 200 OK\nContent-Length: 3\nX-A: b")
    assert (head.status, head.length, head.headers["x-a"]) == (200, 3, "b")


@pytest.mark.parametrize(
    "raw",
    [
        b"HTTP/2 200 OK",
        b"HTTP/1.1 20 OK",
        b"HTTP/1.1 2000 OK",
        b"ICY 200 OK",
        b"HTTP/1.1 200 OK\r\nNo-Colon",
        b"HTTP/1.1 200 OK\r\nBad Name: x",
        b"HTTP/1.1 200 OK\r\n: empty name",
        b"HTTP/1.1 200 OK\r\nX-A: 1\r\n folded",
        b"HTTP/1.1 200 OK\r\nX-A: nul\x00",
        b"HTTP/1.1 200 OK\r\nContent-Length: abc",
        b"HTTP/1.1 200 OK\r\nContent-Length: -1",
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked",
    ],
)
def test_what_h11_refuses_is_a_protocol_error(raw: bytes) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        parse_head(raw)


def test_framing_and_keep_alive_follow_the_headers() -> None:
    assert parse_head(b"HTTP/1.1 200 OK\r\nContent-Length: 5, 5").length == 5
    chunked = parse_head(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked")
    assert (chunked.chunked, chunked.length, chunked.keep_alive) == (True, None, True)
    both = parse_head(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 9")
    assert (both.chunked, both.keep_alive) == (True, False)  # chunked wins; the connection goes
    assert not parse_head(b"HTTP/1.1 200 OK\r\nConnection: close").keep_alive
    assert not parse_head(b"HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close").keep_alive
    assert not parse_head(b"HTTP/1.0 200 OK\r\nContent-Length: 1").keep_alive
    assert parse_head(b"HTTP/1.0 200 OK\r\nConnection: keep-alive").keep_alive
    assert parse_head(b"HTTP/1.1 200 OK").length is None  # read to the end of the stream


def test_a_request_head_is_what_h11_would_write() -> None:
    head = encode_head(
        "POST",
        b"/sms",
        b"api.sms.cx",
        {"Accept": "application/json", "Host": "evil", "Content-Length": "1", "X-A": "a b"},
        17,
    )
    assert head == (
        b"POST /sms HTTP/1.1\r\nHost: api.sms.cx\r\nAccept: application/json\r\n"
        b"X-A: a b\r\nContent-Length: 17\r\n\r\n"
    )
    # h11 reads it back as the same request.
    server = h11.Connection(h11.SERVER)
    server.receive_data(head + b"x" * 17)
    event = server.next_event()
    assert isinstance(event, h11.Request)
    assert (event.method, event.target) == (b"POST", b"/sms")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("X-API-KEY", "SECRET\n"),
        ("X-API-KEY", "SECRET\r\nX-Injected: 1"),
        ("X-API-KEY", " SECRET"),
        ("X-API-KEY", "SECRET "),
        ("X-API-KEY", "sk_é_SECRET"),
        ("X-API-KEY", "SECRET\x00"),
        ("Bad Name", "SECRET"),
        ("", "SECRET"),
    ],
)
def test_a_header_h11_would_refuse_is_refused_without_quoting_it(name: str, value: str) -> None:
    with pytest.raises(httpx.LocalProtocolError) as caught:
        encode_head("GET", b"/", b"h", {name: value}, None)
    assert "SECRET" not in str(caught.value)
    assert name not in str(caught.value) or not name


# --- a keep-alive server on loopback -------------------------------------------------------

#: What the server writes for one request: bytes, a float to wait first, or CLOSE.
CLOSE = object()
Respond = Callable[[Request, int], list[Any]]


class KeepAlive(_LoopbackServer):
    """Serves many requests per connection, each answered by ``respond(request, n)`` (``n``
    counts requests over all connections); counts connections and requests."""

    def __init__(self, respond: Respond) -> None:
        super().__init__()
        self._respond = respond
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: list[tuple[int, Request]] = []  # (connection number, request)
        self.connections = 0
        self._lock = threading.Lock()

    def _serve(self, conn: socket.socket) -> None:
        with self._lock:
            self.connections += 1
            number = self.connections
        with contextlib.suppress(OSError), contextlib.closing(conn):
            conn.setblocking(True)
            while not self._stop.is_set():
                request = _read_request(conn, self._stop)
                if request is None:
                    return
                with self._lock:
                    self.requests.append((number, request))
                    count = len(self.requests)
                for step in self._respond(request, count):
                    if step is CLOSE:
                        return
                    if isinstance(step, float):
                        if self._stop.wait(step):
                            return
                        continue
                    conn.sendall(step)


@contextlib.contextmanager
def serving(respond: Respond) -> Iterator[KeepAlive]:
    with KeepAlive(respond) as server:
        yield server


def _transport(**limits: Any) -> Http11Transport:
    return Http11Transport(
        ssl_context=ssl.create_default_context(), proxy=None, limits=httpx.Limits(**limits)
    )


TIMEOUT = httpx.Timeout(5.0)


async def _get(
    transport: Http11Transport, url: str, *, limit: int = 1 << 20, **options: Any
) -> Any:
    return await transport.exchange("GET", url + "/x", {}, None, TIMEOUT, limit, **options)


async def test_a_connection_is_kept_and_reused() -> None:
    with serving(lambda request, n: [OK]) as server:
        transport = _transport()
        for _ in range(3):
            reply = await _get(transport, server.url)
            assert (reply.status_code, reply.content) == (200, b"ok")
        await transport.aclose()
    assert server.connections == 1
    assert len(server.requests) == 3


async def test_connection_close_is_honoured() -> None:
    closing = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"
    with serving(lambda request, n: [closing, CLOSE]) as server:
        transport = _transport()
        for _ in range(2):
            assert (await _get(transport, server.url)).content == b"ok"
        await transport.aclose()
    assert server.connections == 2


async def test_a_chunked_body_is_decoded_and_the_connection_kept() -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3;ext=1\r\nabc\r\n"
        b"A\r\n0123456789\r\n"
        b"0\r\nX-Trailer: t\r\n\r\n"
    )
    with serving(lambda request, n: [chunked[:30], 0.01, chunked[30:]]) as server:
        transport = _transport()
        for _ in range(2):
            assert (await _get(transport, server.url)).content == b"abc0123456789"
        await transport.aclose()
    assert server.connections == 1


async def test_a_malformed_chunk_is_a_protocol_error() -> None:
    bad = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n"
    with serving(lambda request, n: [bad]) as server:
        transport = _transport()
        with pytest.raises(httpx.RemoteProtocolError):
            await _get(transport, server.url)
        await transport.aclose()


async def test_interim_responses_are_skipped_and_101_refused() -> None:
    interim = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
    with serving(lambda request, n: [interim + OK]) as server:
        transport = _transport()
        assert (await _get(transport, server.url)).content == b"ok"
        await transport.aclose()
    with serving(lambda request, n: [b"HTTP/1.1 101 Switching Protocols\r\n\r\n"]) as server:
        transport = _transport()
        with pytest.raises(httpx.RemoteProtocolError, match="switched"):
            await _get(transport, server.url)
        await transport.aclose()


async def test_a_body_without_framing_is_read_to_the_end_and_its_connection_closed() -> None:
    unframed = b"HTTP/1.1 200 OK\r\n\r\nall of it"
    with serving(lambda request, n: [unframed, CLOSE]) as server:
        transport = _transport()
        for _ in range(2):
            assert (await _get(transport, server.url)).content == b"all of it"
        await transport.aclose()
    assert server.connections == 2


async def test_bytes_after_the_response_mean_the_connection_is_not_reused() -> None:
    with serving(lambda request, n: [OK + b"HTTP/1.1 200 OK\r\n"]) as server:
        transport = _transport()
        for _ in range(2):
            assert (await _get(transport, server.url)).content == b"ok"
        await transport.aclose()
    assert server.connections == 2


async def test_a_connection_the_server_closed_while_idle_is_never_written_to() -> None:
    # Keep-alive announced, then closed: the next request must go on a fresh connection,
    # not be written into the dead one (where it would fail as "maybe sent").
    with serving(lambda request, n: [OK, 0.05, CLOSE]) as server:
        transport = _transport()
        assert (await _get(transport, server.url)).content == b"ok"
        await anyio.sleep(0.3)  # the server has closed it by now
        assert (await _get(transport, server.url)).content == b"ok"
        await transport.aclose()
    assert server.connections == 2
    assert [number for number, _ in server.requests] == [1, 2]


async def test_a_connection_the_server_wrote_to_while_idle_is_dropped() -> None:
    with serving(lambda request, n: [OK, 0.05, b"junk"] if n == 1 else [OK]) as server:
        transport = _transport()
        await _get(transport, server.url)
        await anyio.sleep(0.3)
        assert (await _get(transport, server.url)).content == b"ok"
        await transport.aclose()
    assert server.connections == 2


async def test_an_idle_connection_past_its_expiry_is_not_reused() -> None:
    with serving(lambda request, n: [OK]) as server:
        transport = _transport(keepalive_expiry=0.05)
        await _get(transport, server.url)
        await anyio.sleep(0.2)
        await _get(transport, server.url)
        await transport.aclose()
    assert server.connections == 2


async def test_no_more_idle_connections_are_kept_than_allowed() -> None:
    with serving(lambda request, n: [0.1, OK]) as server:
        transport = _transport(max_keepalive_connections=1)
        async with anyio.create_task_group() as tg:
            for _ in range(3):
                tg.start_soon(_get, transport, server.url)
        assert sum(len(idle) for idle in transport._idle.values()) == 1
        await transport.aclose()
    assert server.connections == 3


async def test_a_cancelled_exchange_closes_its_connection() -> None:
    with serving(lambda request, n: [10.0, OK] if n == 1 else [OK]) as server:
        transport = _transport()
        with anyio.move_on_after(0.2):
            await _get(transport, server.url)
        assert transport._idle == {} or not any(transport._idle.values())
        assert (await _get(transport, server.url)).content == b"ok"
        await transport.aclose()
    assert server.connections == 2


async def test_each_phase_times_out_as_httpx_says_and_the_bound_covers_them_all() -> None:
    with serving(lambda request, n: [10.0, OK]) as server:
        transport = _transport()
        quick = httpx.Timeout(5.0, read=0.1)
        with pytest.raises(httpx.ReadTimeout):
            await transport.exchange("GET", server.url + "/", {}, None, quick, 1024)
        with pytest.raises(AttemptTimeout):
            await transport.exchange("GET", server.url + "/", {}, None, TIMEOUT, 1024, None, 0.1)
        await transport.aclose()


async def test_a_server_dripping_bytes_is_held_to_the_attempt_bound() -> None:
    drip = [b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"] + [0.05, b"x"] * 100
    with serving(lambda request, n: drip) as server:
        transport = _transport()
        with anyio.fail_after(3):
            with pytest.raises(AttemptTimeout):
                await transport.exchange(
                    "GET", server.url + "/", {}, None, TIMEOUT, 1024, None, 0.5
                )
        await transport.aclose()


async def test_nothing_listening_is_a_connect_error() -> None:
    transport = _transport()
    with pytest.raises(httpx.ConnectError):
        await _get(transport, "http://127.0.0.1:9")
    await transport.aclose()


async def test_a_head_past_64_kib_is_refused() -> None:
    huge = b"HTTP/1.1 200 OK\r\n" + b"X-A: " + b"a" * 70_000 + b"\r\n\r\n"
    with serving(lambda request, n: [huge]) as server:
        transport = _transport()
        with pytest.raises(httpx.RemoteProtocolError, match="64 KiB"):
            await _get(transport, server.url)
        await transport.aclose()


async def test_a_body_past_the_cap_is_refused_and_its_connection_closed() -> None:
    big = b"HTTP/1.1 200 OK\r\nContent-Length: 10000\r\n\r\n" + b"x" * 10_000
    with serving(lambda request, n: [big]) as server:
        transport = _transport()
        with pytest.raises(ResponseTooLarge):
            await _get(transport, server.url, limit=100)
        assert (await _get(transport, server.url)).content == b"x" * 10_000
        await transport.aclose()
    assert server.connections == 2


async def test_a_cut_body_is_a_protocol_error() -> None:
    cut = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"
    with serving(lambda request, n: [cut, CLOSE]) as server:
        transport = _transport()
        with pytest.raises(httpx.RemoteProtocolError):
            await _get(transport, server.url)
        await transport.aclose()


async def test_a_silent_close_is_a_protocol_error_not_a_connect_error() -> None:
    # The request was written: "never sent" would be false.
    with serving(lambda request, n: [CLOSE]) as server:
        transport = _transport()
        with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
            await _get(transport, server.url)
        await transport.aclose()


async def test_a_large_request_body_arrives_whole() -> None:
    body = b'{"to": "' + b"9" * 300_000 + b'"}'
    with serving(lambda request, n: [OK]) as server:
        transport = _transport()
        reply = await transport.exchange("POST", server.url + "/sms", {}, body, TIMEOUT, 1024)
        assert reply.content == b"ok"
        await transport.aclose()
    assert server.requests[0][1].body == body
    assert server.requests[0][1].headers["content-length"] == str(len(body))


class _Collect:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def begin(self, headers: LowerHeaders) -> bool:
        return True  # takes any 2xx body

    async def write(self, chunk: bytes) -> None:
        self.parts.append(chunk)


async def test_a_download_streams_into_its_sink() -> None:
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab,cd\r\n0\r\n\r\n"
    with serving(lambda request, n: [chunked]) as server:
        transport = _transport()
        sink = _Collect()
        reply = await _get(transport, server.url, sink=sink)
        assert (reply.content, b"".join(sink.parts)) == (b"", b"ab,cd")
        await transport.aclose()


async def test_the_httpx_interface_carries_a_request_too() -> None:
    with serving(lambda request, n: [OK]) as server:
        async with httpx.AsyncClient(transport=_transport()) as client:
            response = await client.post(server.url + "/oauth/token", data={"a": "b"})
    assert (response.status_code, response.text) == (200, "ok")
    request = server.requests[0][1]
    assert request.body == b"a=b"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"


async def test_a_closed_transport_pools_nothing() -> None:
    with serving(lambda request, n: [OK]) as server:
        transport = _transport()
        await _get(transport, server.url)
        await transport.aclose()
        await _get(transport, server.url)  # a straggler: served, then closed, not pooled
        assert transport._idle == {}


class _SlowSink(_Collect):
    async def write(self, chunk: bytes) -> None:
        await anyio.sleep(0.001)  # slower than loopback: the stream must stop reading
        self.parts.append(chunk)


async def test_a_body_larger_than_the_read_buffer_streams_through_a_slow_sink() -> None:
    body = bytes(range(256)) * (6 * 4096)  # 6 MiB: past the stream's high-water mark
    head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)
    with serving(lambda request, n: [head + body]) as server:
        transport = _transport()
        sink = _SlowSink()
        with anyio.fail_after(20):
            await _get(transport, server.url, sink=sink)
            assert b"".join(sink.parts) == body
            assert (await _get(transport, server.url, limit=len(body))).content == body
        await transport.aclose()
    assert server.connections == 1


async def test_an_aborted_asyncio_connection_is_closed_before_the_loop_runs_again(
    anyio_backend: str,
) -> None:
    # asyncio lets go of an aborted transport's socket one loop pass later; a caller that
    # blocks the loop right after (a synchronous join, a loop closing) must not leave the
    # peer writing into a socket nobody reads.
    if anyio_backend != "asyncio":
        pytest.skip("asyncio's transports only")
    closed = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            while conn.recv(1024):
                pass
            closed.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    stream = await open_stream("127.0.0.1", listener.getsockname()[1], None)
    assert isinstance(stream, AsyncioStream)
    await stream.send(b"hello")
    stream.abort()
    assert closed.wait(5)  # no await in between: the loop has not run
    thread.join(5)
    listener.close()

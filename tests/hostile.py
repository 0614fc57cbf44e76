"""Small misbehaving peers on loopback, each in threads of its own, for the hardening tests.

- :class:`HostileServer` answers every request with scripted bytes: a body that never ends,
  one byte every half second, a gzip bomb, a ``Retry-After`` no ``datetime`` can hold. It
  runs in threads, so the client under test may run on asyncio or trio alike, and it counts
  what it received and wrote.
- :class:`RecordingProxy` is an HTTP proxy: it forwards absolute-form requests (``GET
  http://host/path``) and tunnels ``CONNECT`` for https, recording each request line and its
  ``Proxy-Authorization``.

Both bind 127.0.0.1 only, and every wait in them ends when they are stopped.
"""

from __future__ import annotations

import contextlib
import json
import select
import socket
import ssl
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from tests.helpers import data_body, info_body

#: What a server writes: bytes in order, a float to wait that many seconds first.
Script = Iterable["bytes | float"]


@attrs.define
class Request:
    """One request as the server read it."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else {}


def _read_request(conn: socket.socket, stop: threading.Event) -> Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = _receive(conn, stop)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = _receive(conn, stop)
        if not chunk:
            return None
        body += chunk
    return Request(method, target, headers, body[:length])


def _receive(conn: socket.socket, stop: threading.Event) -> bytes:
    while not stop.is_set():
        ready, _, _ = select.select([conn], [], [], 0.05)
        if ready or (isinstance(conn, ssl.SSLSocket) and conn.pending()):
            try:
                return conn.recv(65536)
            except (OSError, ssl.SSLError):
                return b""
    return b""


def response(
    status: int = 200,
    body: bytes = b"",
    headers: Iterable[tuple[str, str]] = (),
    *,
    length: bool = True,
) -> bytes:
    """The head (and body) of a response that closes its connection."""
    lines = [f"HTTP/1.1 {status} X", "Connection: close", "Content-Type: application/json"]
    lines.extend(f"{name}: {value}" for name, value in headers)
    if length:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def send_body(request: Request) -> bytes:
    """A valid send response for ``request``."""
    return json.dumps({"info": info_body(), "data": [data_body()]}).encode()


def send_headers(request: Request) -> list[tuple[str, str]]:
    """The headers the API puts on a send's 200 (idempotency echoed)."""
    sent = request.json()
    found = [("X-Request-Id", "req-1")]
    if isinstance(sent, dict) and "idempotencyId" in sent:
        found.append(("X-Idempotency-Id", sent["idempotencyId"]))
    return found


class _LoopbackServer:
    """A listening socket on 127.0.0.1 and an accept loop: one thread per connection."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> Any:
        self._start(self._accept)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in list(self._threads):
            thread.join(10)
        self._listener.close()

    def _start(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._start(self._serve, conn)

    def _serve(self, conn: socket.socket) -> None:
        raise NotImplementedError


class HostileServer(_LoopbackServer):
    """Answers each request with ``respond(request)``'s script, one request per connection."""

    def __init__(
        self, respond: Callable[[Request], Script], *, tls: ssl.SSLContext | None = None
    ) -> None:
        super().__init__()
        self._respond = respond
        self._tls = tls
        self._lock = threading.Lock()
        self.requests: list[Request] = []
        #: Bytes the server managed to write, over all connections.
        self.written = 0
        #: Connections accepted, and those still open.
        self.accepted = 0
        self.open = 0

    @property
    def url(self) -> str:
        return f"{'https' if self._tls else 'http'}://127.0.0.1:{self.port}"

    def _serve(self, raw: socket.socket) -> None:
        with self._lock:
            self.accepted += 1
            self.open += 1
        try:
            conn = raw
            if self._tls is not None:
                raw.settimeout(5)
                conn = self._tls.wrap_socket(raw, server_side=True)
            conn.setblocking(True)
            with contextlib.closing(conn):
                request = _read_request(conn, self._stop)
                if request is None:
                    return
                with self._lock:
                    self.requests.append(request)
                for step in self._respond(request):
                    if self._stop.is_set():
                        return
                    if isinstance(step, float):
                        if self._stop.wait(step):
                            return
                        continue
                    conn.sendall(step)
                    with self._lock:
                        self.written += len(step)
        except (OSError, ssl.SSLError):
            pass  # the client hung up: what the test is often about
        finally:
            with self._lock:
                self.open -= 1


class RecordingProxy(_LoopbackServer):
    """An HTTP proxy on loopback that records what it was asked (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self.url = f"http://127.0.0.1:{self.port}"
        #: ``"METHOD target"`` of every request the proxy was asked, in order.
        self.seen: list[str] = []
        #: The ``Proxy-Authorization`` header of each (``None`` when absent).
        self.authorization: list[str | None] = []

    def _serve(self, conn: socket.socket) -> None:
        with contextlib.closing(conn), contextlib.suppress(OSError):
            request = _read_request(conn, self._stop)
            if request is None:
                return
            self.seen.append(f"{request.method} {request.target}")
            self.authorization.append(request.headers.get("proxy-authorization"))
            if request.method == "CONNECT":
                host, _, port = request.target.rpartition(":")
                with socket.create_connection((host, int(port)), timeout=5) as upstream:
                    conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    self._pipe(conn, upstream)
                return
            # Absolute form: forward as origin form, one request per connection.
            target = request.target
            assert target.startswith("http://"), target
            rest = target[len("http://") :]
            authority, _, path = rest.partition("/")
            host, _, port = authority.rpartition(":")
            lines = [f"{request.method} /{path} HTTP/1.1"]
            for name, value in request.headers.items():
                if name not in ("proxy-authorization", "connection", "proxy-connection"):
                    lines.append(f"{name}: {value}")
            lines.append("connection: close")
            head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
            with socket.create_connection((host, int(port)), timeout=5) as upstream:
                upstream.sendall(head + request.body)
                while chunk := _receive(upstream, self._stop):
                    conn.sendall(chunk)

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([a, b], [], [], 0.05)
            for source in ready:
                chunk = source.recv(65536)
                if not chunk:
                    return
                (b if source is a else a).sendall(chunk)


@contextlib.contextmanager
def serving(respond: Callable[[Request], Script], **options: Any) -> Iterator[HostileServer]:
    """A :class:`HostileServer` for the block."""
    with HostileServer(respond, **options) as server:
        yield server

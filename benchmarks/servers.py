"""Servers the benchmarks talk to, each in its own process on 127.0.0.1.

- ``fixed``: a minimal ASGI app (this module's :func:`app`) that answers every ``POST /sms``
  and ``POST /sms/estimate`` with a valid ``SendSmsMessageResponse``: one ``data`` item per
  recipient of the request, from bytes precomputed per recipient count, so that the server is
  not what is measured. It sends the headers of the real API (``X-Request-Id``,
  ``X-Response-Time``, ``X-Rate-Limit-*``) and echoes ``idempotencyId`` as
  ``X-Idempotency-Id``.
- ``emulator``: ``python -m smscx.testing`` (validation, balance, idempotency: a realistic
  server, slower by design). Optional: :func:`emulator_available` says whether it exists.

:class:`ServerProcess` starts one with uvicorn on a free port, waits until it answers a GET,
and terminates it (killing it if it does not stop) when the ``with`` block ends, error or not.

Run the fixed server by hand with ``python -m benchmarks.servers --port 8000``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import itertools
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

try:
    import orjson

    _loads: Callable[[bytes], Any] = orjson.loads
except ImportError:  # pragma: no cover - orjson is in smscx-async[fast]
    import json

    _loads = json.loads

__all__ = ["API_KEY", "ServerProcess", "app", "codec", "emulator_available", "response_body"]


def codec(name: str) -> tuple[Callable[[Any], bytes], Callable[[bytes], Any]]:
    """``(dumps, loads)`` of the raw-httpx contenders: ``"json"`` (stdlib) or ``"orjson"``."""
    if name == "orjson":
        import orjson

        return orjson.dumps, orjson.loads
    import json

    def dumps(obj: Any) -> bytes:
        return json.dumps(obj).encode()

    return dumps, json.loads


API_KEY = "bench-key"
ROOT = Path(__file__).resolve().parent.parent

_ITEM = (
    b'{"msgId":"%s","status":"ACCEPTED","statusCode":100,"errorCode":null,'
    b'"createdAt":"2026-11-26 14:54:13","inQuietHours":false,"cost":0.035,'
    b'"to":"%s","countryIso":"FR","from":"InfoText","text":"Hello from the benchmark",'
    b'"parts":1,"textAnalysis":{"length":24,"unicode":false,"parts":1}}'
)
_INFO = (
    b'{"campaignId":"0b57f5bc-5ce0-4b1b-9a3c-e6a0b47f0d1f","totalPhoneNumbers":%d,'
    b'"totalValid":%d,"totalInvalid":0,"totalParts":%d,"totalCost":%s,'
    b'"dlrCallbackUrl":null,"phoneNumbersByCountry":{"FR":%d},"scheduled":false}'
)
_CACHE: dict[int, bytes] = {}
_CACHE_SIZES = 16


def number(i: int) -> str:
    """The ``i``-th benchmark recipient: a valid French mobile number."""
    return f"+336{10_000_000 + i:08d}"


def response_body(count: int) -> bytes:
    """The body answering a send to ``count`` recipients (cached per count)."""
    body = _CACHE.get(count)
    if body is None:
        items = b",".join(
            _ITEM % (f"3328fe13-2b99-4282-{i // 10**12:04d}-{i % 10**12:012d}".encode(), n)
            for i, n in enumerate(number(i).encode() for i in range(count))
        )
        info = _INFO % (count, count, count, repr(round(0.035 * count, 3)).encode(), count)
        body = b'{"info":' + info + b',"data":[' + items + b"]}"
        if len(_CACHE) >= _CACHE_SIZES:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[count] = body
    return body


_request_ids = itertools.count()

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


async def _answer(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    headers.append((b"content-type", b"application/json"))
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    """The fixed-response API: POST /sms and /sms/estimate answer 200; GET answers ``ok``."""
    if scope["type"] != "http":
        return
    started = time.perf_counter()
    parts = []
    more = True
    while more:
        message = await receive()
        parts.append(message.get("body", b""))
        more = message.get("more_body", False)
    if scope["method"] == "GET":
        await _answer(send, 200, b'{"ok":true}', [])
        return
    if scope["method"] != "POST" or scope["path"] not in ("/sms", "/sms/estimate"):
        error = b'{"error":{"type":"not_found","code":404,"message":"Not found","uri":""}}'
        await _answer(send, 404, error, [])
        return
    try:
        request = _loads(b"".join(parts))
        count = len(request["to"])
    except (ValueError, KeyError, TypeError):
        error = b'{"error":{"type":"invalid_param","code":1104,"message":"bad body","uri":""}}'
        await _answer(send, 400, error, [])
        return
    body = response_body(count)
    headers = [
        (b"x-request-id", b"bench-%d" % next(_request_ids)),
        (b"x-rate-limit-limit", b"1000000"),
        (b"x-rate-limit-remaining", b"999999"),
    ]
    idempotency_id = request.get("idempotencyId")
    if isinstance(idempotency_id, str):
        headers.append((b"x-idempotency-id", idempotency_id.encode()))
    headers.append((b"x-response-time", b"%.1fms" % ((time.perf_counter() - started) * 1000)))
    await _answer(send, 200, body, headers)


def emulator_available() -> bool:
    """Whether ``python -m smscx.testing`` exists in this checkout."""
    try:
        return importlib.util.find_spec("smscx.testing.__main__") is not None
    except (ImportError, ValueError):
        return False


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ServerProcess:
    """A server in a child process on 127.0.0.1: ``with ServerProcess("fixed") as url:``."""

    def __init__(self, kind: str = "fixed", *, ready_timeout: float = 30.0) -> None:
        if kind not in ("fixed", "emulator"):
            raise ValueError(f"unknown server {kind!r}")
        self.kind = kind
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._ready_timeout = ready_timeout
        self._process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        port = str(self.port)
        if self.kind == "fixed":
            return [sys.executable, "-m", "benchmarks.servers", "--port", port]
        return [sys.executable, "-m", "smscx.testing", "--host", "127.0.0.1", "--port", port,
                "--api-key", API_KEY, "--balance", "1e12"]  # fmt: skip

    def __enter__(self) -> str:
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        }
        self._process = subprocess.Popen(
            self.command(), cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self.url

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _wait_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self._ready_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"{self.kind} server exited with {self._process.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=1):
                    return
            except urllib.error.HTTPError:
                return  # it answers (a 404 from the emulator is an answer)
            except OSError:
                time.sleep(0.05)
        raise TimeoutError(f"{self.kind} server not ready after {self._ready_timeout}s")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)


def main() -> None:
    parser = argparse.ArgumentParser(description="The fixed-response benchmark server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the benchmark server listens on loopback only")
    import uvicorn

    for count in (1, 25_000):  # the sizes every run asks for, ready before the first request
        response_body(count)
    uvicorn.run(
        "benchmarks.servers:app",
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_keep_alive=120,
        backlog=4096,
    )


if __name__ == "__main__":
    main()

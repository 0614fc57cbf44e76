"""The contenders: one way each of sending the same JSON to ``POST /sms`` and parsing the reply.

Every contender sends the same body (one recipient, sender ``InfoText``, a short text and a
fresh UUID4 ``idempotencyId``), with the ``X-API-KEY`` header, and parses the JSON response:
smscx into its models, the raw httpx ones with ``response.json()``, the vendor client into its
generated models. Each is checked (``data[0].status == "ACCEPTED"``) so that a contender that
fails fast cannot look fast.

- :data:`THROUGHPUT` (measurement a): ``fn(url, n, c, budget) -> (done, seconds)`` for ``n``
  sends by ``c`` concurrent workers (tasks or threads), after an untimed warm-up that opens
  the connections; no send starts after ``budget`` seconds, so a collapsing contender cannot
  stall the run (its rate is then ``done / seconds`` over fewer sends).
- :data:`BIG_SEND` (measurement b): ``fn(url, numbers, rounds) -> [(wall s, CPU s)]``, one
  25,000-number send per round: request built, sent, the response parsed (smscx builds a
  message's model when it is read: ``data[-1]`` here, as the raw ones read ``data[-1]``).
- :data:`GATHER` (measurement f): ``fn(url, n) -> (done, seconds)`` for ``n`` sends started
  at once, one task each, on a client with the default ``max_concurrency``.
- :data:`CPU` (measurement e): ``fn(url, n) -> (cpu seconds, wall seconds)`` for ``n``
  sequential sends, CPU from ``time.process_time()`` (this process, every thread of it).
"""

from __future__ import annotations

import functools
import itertools
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import httpx

from smscx import AsyncSmsClient, RetryPolicy, SmsClient

from . import servers
from .servers import API_KEY, number

__all__ = ["BIG_SEND", "CPU", "THROUGHPUT", "Contender", "vendor_available"]

SENDER = "InfoText"
TEXT = "Hello from the benchmark"
HEADERS = {"X-API-KEY": API_KEY, "Accept": "application/json"}
NO_RETRIES = RetryPolicy(max_retries=0)


class Contender:
    """A named way of sending: ``label`` for tables, ``loop`` it runs on."""

    def __init__(self, key: str, label: str, loop: str, fn: Callable[..., Any]) -> None:
        self.key = key
        self.label = label
        self.loop = loop
        self.fn = fn


def _body(to: list[str]) -> dict[str, Any]:
    return {"to": to, "from": SENDER, "text": TEXT, "idempotencyId": str(uuid.uuid4())}


def _check(status: str) -> None:
    if status != "ACCEPTED":
        raise AssertionError(f"unexpected status {status!r}")


def _warmup_count(c: int, n: int) -> int:
    return min(max(2 * c, 50), max(n // 2, c))


# --- drivers: c workers share a counter of n sends --------------------------------------


async def _drive_async(
    send: Callable[[], Awaitable[None]], n: int, c: int, budget: float
) -> tuple[int, float]:
    """``n`` sends by ``c`` tasks; none starts after ``budget`` seconds. (done, seconds)."""
    left = n
    done = 0
    started = time.perf_counter()
    stop_at = started + budget

    async def worker() -> None:
        nonlocal left, done
        while left > 0 and time.perf_counter() < stop_at:
            left -= 1
            await send()
            done += 1

    async with anyio.create_task_group() as tg:
        for _ in range(min(c, n)):
            tg.start_soon(worker)
    return done, time.perf_counter() - started


def _drive_threads(
    pool: ThreadPoolExecutor, send: Callable[[], None], n: int, c: int, budget: float
) -> tuple[int, float]:
    """``n`` sends by ``c`` threads; none starts after ``budget`` seconds. (done, seconds)."""
    counter = itertools.count()
    finished = itertools.count()
    start = threading.Barrier(min(c, n) + 1)
    stop_at = [0.0]

    def worker() -> None:
        start.wait()
        while time.perf_counter() < stop_at[0] and next(counter) < n:
            send()
            next(finished)

    futures = [pool.submit(worker) for _ in range(min(c, n))]
    started = time.perf_counter()
    stop_at[0] = started + budget
    start.wait()
    for future in futures:
        future.result()
    elapsed = time.perf_counter() - started
    return next(finished), elapsed


def _run_async(backend: str, make: Callable[[], Awaitable[tuple[int, float]]]) -> tuple[int, float]:
    result: tuple[int, float] = anyio.run(make, backend=backend)
    return result


# --- smscx ---------------------------------------------------------------------------------


def _smscx_client(url: str, c: int, transport: str = "auto") -> AsyncSmsClient:
    return AsyncSmsClient(
        api_key=API_KEY,
        base_url=url,
        max_concurrency=max(c, 1),
        retry_policy=NO_RETRIES,
        transport=transport,  # type: ignore[arg-type]
    )


def smscx_throughput(
    backend: str, transport: str = "auto"
) -> Callable[[str, int, int, float], tuple[int, float]]:
    def run(url: str, n: int, c: int, budget: float) -> tuple[int, float]:
        async def main() -> tuple[int, float]:
            async with _smscx_client(url, c, transport) as client:

                async def send() -> None:
                    result = await client.send_sms(to=[number(0)], from_=SENDER, text=TEXT)
                    _check(result.data[0].status)

                await _drive_async(send, _warmup_count(c, n), c, budget)
                return await _drive_async(send, n, c, budget)

        return _run_async(backend, main)

    return run


def smscx_sync_threads(url: str, n: int, c: int, budget: float) -> tuple[int, float]:
    with (
        SmsClient(
            api_key=API_KEY, base_url=url, max_concurrency=max(c, 1), retry_policy=NO_RETRIES
        ) as client,
        ThreadPoolExecutor(c) as pool,
    ):

        def send() -> None:
            result = client.send_sms(to=[number(0)], from_=SENDER, text=TEXT)
            _check(result.data[0].status)

        _drive_threads(pool, send, _warmup_count(c, n), c, budget)
        return _drive_threads(pool, send, n, c, budget)


# --- raw httpx -----------------------------------------------------------------------------


def _limits(c: int) -> httpx.Limits:
    return httpx.Limits(max_connections=max(c, 1), max_keepalive_connections=max(c, 1))


def _raw_client(c: int, kind: str) -> httpx.AsyncClient:
    if kind == "aiohttp":
        from httpx_aiohttp import AiohttpTransport

        return httpx.AsyncClient(transport=AiohttpTransport(limits=_limits(c), trust_env=False))
    return httpx.AsyncClient(limits=_limits(c), trust_env=False)


def raw_throughput(backend: str, kind: str) -> Callable[[str, int, int, float], tuple[int, float]]:
    def run(url: str, n: int, c: int, budget: float) -> tuple[int, float]:
        async def main() -> tuple[int, float]:
            async with _raw_client(c, kind) as client:
                target = url + "/sms"

                async def send() -> None:
                    response = await client.post(target, json=_body([number(0)]), headers=HEADERS)
                    response.raise_for_status()
                    _check(response.json()["data"][0]["status"])

                await _drive_async(send, _warmup_count(c, n), c, budget)
                return await _drive_async(send, n, c, budget)

        return _run_async(backend, main)

    return run


# --- the floor: each task owns one persistent connection (anyio streams + h11) ----------------


def floor_throughput(backend: str) -> Callable[[str, int, int, float], tuple[int, float]]:
    """What the event loop and h11 (httpcore's HTTP/1.1 parser) allow: ``c`` tasks, each
    with its own keep-alive connection, no pool, stdlib json. No client gets below this."""
    import json as stdlib_json

    import h11

    def run(url: str, n: int, c: int, budget: float) -> tuple[int, float]:
        parsed = httpx.URL(url)
        host, port = parsed.host, parsed.port or 80
        target = b"/sms"
        headers = [
            (b"host", f"{host}:{port}".encode()),
            (b"content-type", b"application/json"),
            (b"accept", b"application/json"),
            (b"x-api-key", API_KEY.encode()),
        ]

        async def main() -> tuple[int, float]:
            connections: list[tuple[Any, Any]] = []
            free: list[tuple[Any, Any]] = []

            async def connect() -> tuple[Any, Any]:
                stream = await anyio.connect_tcp(host, port)
                return stream, h11.Connection(h11.CLIENT)

            async def send() -> None:
                if free:
                    stream, conn = free.pop()
                else:
                    stream, conn = await connect()
                    connections.append((stream, conn))
                body = stdlib_json.dumps(_body([number(0)])).encode()
                request = h11.Request(
                    method="POST",
                    target=target,
                    headers=[*headers, (b"content-length", str(len(body)).encode())],
                )
                await stream.send(conn.send(request) + conn.send(h11.Data(data=body)) +
                                  conn.send(h11.EndOfMessage()))  # fmt: skip
                chunks: list[bytes] = []
                status = 0
                while True:
                    event = conn.next_event()
                    if event is h11.NEED_DATA:
                        conn.receive_data(await stream.receive(65536))
                        continue
                    if isinstance(event, h11.Response):
                        status = event.status_code
                    elif isinstance(event, h11.Data):
                        chunks.append(bytes(event.data))
                    elif isinstance(event, h11.EndOfMessage):
                        break
                if status != 200:
                    raise AssertionError(f"HTTP {status}")
                _check(stdlib_json.loads(b"".join(chunks))["data"][0]["status"])
                conn.start_next_cycle()
                free.append((stream, conn))

            try:
                await _drive_async(send, _warmup_count(c, n), c, budget)
                return await _drive_async(send, n, c, budget)
            finally:
                for stream, _ in connections:
                    await stream.aclose()

        return _run_async(backend, main)

    return run


# --- the vendor client (smscx-client: sync, urllib3) --------------------------------------


def vendor_available() -> bool:
    try:
        import smscx_client  # noqa: F401
    except ImportError:
        return False
    return True


def _vendor_api(url: str, pool_size: int) -> Any:
    import smscx_client
    from smscx_client.api.sms_api import SmsApi

    conf = smscx_client.Configuration(host=url, api_key=API_KEY)
    # Its default urllib3 pool keeps cpu_count * 5 connections; size it to the threads, as
    # every other contender's pool is sized to its concurrency.
    conf.connection_pool_maxsize = max(pool_size, 1)
    return SmsApi(smscx_client.ApiClient(conf))


def _vendor_request(to: list[str]) -> Any:
    from smscx_client.model.send_sms_message_request import SendSmsMessageRequest

    return SendSmsMessageRequest(to=to, _from=SENDER, text=TEXT, idempotency_id=str(uuid.uuid4()))


def vendor_threads(url: str, n: int, c: int, budget: float) -> tuple[int, float]:
    api = _vendor_api(url, c)
    try:
        with ThreadPoolExecutor(c) as pool:

            def send() -> None:
                result = api.send_sms(_vendor_request([number(0)]))
                _check(result.data[0].status)

            _drive_threads(pool, send, _warmup_count(c, n), c, budget)
            return _drive_threads(pool, send, n, c, budget)
    finally:
        api.api_client.close()


THROUGHPUT = [
    Contender("smscx-asyncio", "smscx AsyncSmsClient, asyncio (auto: native)", "asyncio",
              smscx_throughput("asyncio")),
    Contender("smscx-trio", "smscx AsyncSmsClient, trio (auto: native)", "trio",
              smscx_throughput("trio")),
    Contender("smscx-trio-httpx", "smscx AsyncSmsClient, trio, transport=httpx", "trio",
              smscx_throughput("trio", "httpx")),
    Contender("smscx-sync", "smscx SmsClient, thread pool", "threads", smscx_sync_threads),
    Contender("httpx", "raw httpx, default pool, asyncio", "asyncio",
              raw_throughput("asyncio", "httpx")),
    Contender("httpx-aiohttp", "raw httpx + httpx-aiohttp, asyncio", "asyncio",
              raw_throughput("asyncio", "aiohttp")),
    Contender("httpx-trio", "raw httpx, trio", "trio", raw_throughput("trio", "httpx")),
    Contender("vendor", "vendor smscx-client, thread pool", "threads", vendor_threads),
    Contender("floor-asyncio", "floor: a connection per task, anyio + h11, asyncio", "asyncio",
              floor_throughput("asyncio")),
    Contender("floor-trio", "floor: a connection per task, anyio + h11, trio", "trio",
              floor_throughput("trio")),
]  # fmt: skip


# --- (b) one 25,000-number send ----------------------------------------------------------


def _timed() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(mark: tuple[float, float]) -> tuple[float, float]:
    """(wall s, client-process CPU s) since ``mark``."""
    return time.perf_counter() - mark[0], time.process_time() - mark[1]


def smscx_big(url: str, numbers: list[str], rounds: int) -> list[tuple[float, float]]:
    async def main() -> list[tuple[float, float]]:
        times = []
        async with _smscx_client(url, 1) as client:
            await client.send_sms(to=[number(0)], from_=SENDER, text=TEXT)  # connect
            for _ in range(rounds):
                mark = _timed()
                result = await client.send_sms(to=numbers, from_=SENDER, text=TEXT)
                assert len(result.data) == len(numbers)
                _check(result.data[-1].status)
                times.append(_since(mark))
        return times

    result: list[tuple[float, float]] = anyio.run(main, backend="asyncio")
    return result


def raw_big(codec: str) -> Callable[[str, list[str], int], list[tuple[float, float]]]:
    def run(url: str, numbers: list[str], rounds: int) -> list[tuple[float, float]]:
        dumps, loads = servers.codec(codec)

        async def main() -> list[tuple[float, float]]:
            times = []
            headers = {**HEADERS, "Content-Type": "application/json"}
            async with httpx.AsyncClient(trust_env=False, timeout=60) as client:
                await client.post(url + "/sms", json=_body([number(0)]), headers=HEADERS)
                for _ in range(rounds):
                    mark = _timed()
                    response = await client.post(
                        url + "/sms", content=dumps(_body(numbers)), headers=headers
                    )
                    response.raise_for_status()
                    data = loads(response.content)
                    assert len(data["data"]) == len(numbers)
                    _check(data["data"][-1]["status"])
                    times.append(_since(mark))
            return times

        result: list[tuple[float, float]] = anyio.run(main, backend="asyncio")
        return result

    return run


def vendor_big(url: str, numbers: list[str], rounds: int) -> list[tuple[float, float]]:
    api = _vendor_api(url, 1)
    try:
        api.send_sms(_vendor_request([number(0)]))
        times = []
        for _ in range(rounds):
            mark = _timed()
            result = api.send_sms(_vendor_request(numbers))
            assert len(result.data) == len(numbers)
            _check(result.data[-1].status)
            times.append(_since(mark))
        return times
    finally:
        api.api_client.close()


BIG_SEND = [
    Contender("smscx", "smscx AsyncSmsClient.send_sms (asyncio)", "asyncio", smscx_big),
    Contender("httpx-json", "raw httpx + json (stdlib)", "asyncio", raw_big("json")),
    Contender("httpx-orjson", "raw httpx + orjson", "asyncio", raw_big("orjson")),
    Contender("vendor", "vendor smscx-client", "sync", vendor_big),
]


# --- (f) thousands of sends gathered at once ---------------------------------------------


def smscx_gather(backend: str) -> Callable[[str, int], tuple[int, float]]:
    """``n`` single-number sends started at once on a client with the default
    ``max_concurrency``: ``asyncio.gather`` on asyncio, one trio nursery on trio (each loop's
    own way to fan out; anyio's task group costs ~30 us a task more than either)."""

    def run(url: str, n: int) -> tuple[int, float]:
        async def send(client: AsyncSmsClient) -> None:
            result = await client.send_sms(to=[number(0)], from_=SENDER, text=TEXT)
            _check(result.data[0].status)

        async def burst(client: AsyncSmsClient, count: int) -> tuple[int, float]:
            started = time.perf_counter()
            if backend == "asyncio":
                import asyncio

                await asyncio.gather(*(send(client) for _ in range(count)))
            else:
                import trio

                async with trio.open_nursery() as nursery:
                    for _ in range(count):
                        nursery.start_soon(send, client)
            return count, time.perf_counter() - started

        async def main() -> tuple[int, float]:
            async with AsyncSmsClient(
                api_key=API_KEY, base_url=url, retry_policy=NO_RETRIES
            ) as client:
                await burst(client, 200)  # opens the connections
                return await burst(client, n)

        return _run_async(backend, main)

    return run


GATHER = [
    Contender("smscx-asyncio", "smscx AsyncSmsClient, asyncio", "asyncio",
              smscx_gather("asyncio")),
    Contender("smscx-trio", "smscx AsyncSmsClient, trio", "trio", smscx_gather("trio")),
]  # fmt: skip


# --- (e) client CPU per small sequential send --------------------------------------------


def _cpu_async(
    backend: str,
    make_send: Callable[[Any, str], Callable[[], Awaitable[None]]],
    make_client: Callable[[str], Any],
    options: dict[str, Any] | None = None,
) -> Callable[[str, int], tuple[float, float]]:
    def run(url: str, n: int) -> tuple[float, float]:
        async def main() -> tuple[float, float]:
            async with make_client(url) as client:
                send = make_send(client, url)
                for _ in range(min(50, n)):
                    await send()
                cpu, wall = time.process_time(), time.perf_counter()
                for _ in range(n):
                    await send()
                return time.process_time() - cpu, time.perf_counter() - wall

        result: tuple[float, float] = anyio.run(main, backend=backend, backend_options=options)
        return result

    return run


def _smscx_send(client: AsyncSmsClient, url: str) -> Callable[[], Awaitable[None]]:
    async def send() -> None:
        result = await client.send_sms(to=[number(0)], from_=SENDER, text=TEXT)
        _check(result.data[0].status)

    return send


def _raw_send(client: httpx.AsyncClient, url: str) -> Callable[[], Awaitable[None]]:
    target = url + "/sms"

    async def send() -> None:
        response = await client.post(target, json=_body([number(0)]), headers=HEADERS)
        response.raise_for_status()
        _check(response.json()["data"][0]["status"])

    return send


def sync_cpu(url: str, n: int, uvloop: bool = False) -> tuple[float, float]:
    client = SmsClient(api_key=API_KEY, base_url=url, max_concurrency=1, retry_policy=NO_RETRIES)
    client.uvloop = uvloop
    with client as c:
        for _ in range(min(50, n)):
            c.send_sms(to=[number(0)], from_=SENDER, text=TEXT)
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(n):
            result = c.send_sms(to=[number(0)], from_=SENDER, text=TEXT)
            _check(result.data[0].status)
        return time.process_time() - cpu, time.perf_counter() - wall


CPU = [
    Contender("smscx-asyncio", "smscx AsyncSmsClient, asyncio (auto: native)", "asyncio",
              _cpu_async("asyncio", _smscx_send, lambda url: _smscx_client(url, 1))),
    Contender("httpx-aiohttp", "raw httpx + httpx-aiohttp, asyncio", "asyncio",
              _cpu_async("asyncio", _raw_send, lambda url: _raw_client(1, "aiohttp"))),
    Contender("httpx-asyncio", "raw httpx, default pool, asyncio", "asyncio",
              _cpu_async("asyncio", _raw_send, lambda url: _raw_client(1, "httpx"))),
    Contender("smscx-uvloop", "smscx AsyncSmsClient, asyncio on uvloop", "asyncio",
              _cpu_async("asyncio", _smscx_send, lambda url: _smscx_client(url, 1),
                         {"use_uvloop": True})),
    Contender("smscx-trio", "smscx AsyncSmsClient, trio (auto: native)", "trio",
              _cpu_async("trio", _smscx_send, lambda url: _smscx_client(url, 1))),
    Contender("httpx-trio", "raw httpx, trio", "trio",
              _cpu_async("trio", _raw_send, lambda url: _raw_client(1, "httpx"))),
    Contender("smscx-sync", "smscx SmsClient (sync facade), default: stdlib loop",
              "threads", sync_cpu),
    Contender("smscx-sync-uvloop", "smscx SmsClient, SmsClient.uvloop = True",
              "threads", functools.partial(sync_cpu, uvloop=True)),
]  # fmt: skip

#: Which CPU contender each one's ratio is to: like with like (same transport, same loop).
CPU_COMPARED_WITH = {
    "smscx-asyncio": "httpx-aiohttp",
    "smscx-trio": "httpx-trio",
    "smscx-sync": "smscx-asyncio",
    "smscx-sync-uvloop": "smscx-uvloop",
}

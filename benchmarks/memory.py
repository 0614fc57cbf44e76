"""Peak memory (measurement d): one measurement per fresh interpreter.

``python -m benchmarks.memory KIND URL [COUNT]`` runs one job against a running server and
prints one JSON line: ``peak_kb`` (the peak RSS of this process at the end), ``base_kb`` (the
same once the job's libraries are imported, before any client exists), ``ru_maxrss_kb`` and
``seconds``. A fresh process per job is the only honest way to read a peak: it never goes
down. See :func:`_peak_kb` for why the peak is ``VmHWM`` rather than ``ru_maxrss`` on
Linux. Each job imports only what it uses, so the peak includes that library's own import
cost, as it would in a user's process.

Kinds: ``big-smscx``, ``big-httpx-json``, ``big-httpx-orjson``, ``big-vendor`` (one
25,000-number send), ``bulk-smscx`` (``send_bulk`` to COUNT numbers, 25,000 per request,
results kept), ``many-smscx`` (``send_many`` over COUNT messages from a generator,
``keep_results=False``).
"""

from __future__ import annotations

import json
import resource
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from . import servers
from .servers import API_KEY, number

__all__ = ["KINDS", "main"]

#: ``send_many``'s concurrency here: enough to keep a single-message batch quick.
MANY_CONCURRENCY = 64
SENDER = "InfoText"
TEXT = "Hello from the benchmark"


def _peak_kb() -> int:
    """This process image's peak RSS in KiB: ``VmHWM`` where Linux has it, else ru_maxrss.

    On Linux ``getrusage(RUSAGE_SELF).ru_maxrss`` keeps the parent's peak across fork and
    exec (the harness that starts this process has measured 25,000-number sends itself, so
    every job would read its peak); ``VmHWM`` is the high-water mark of this image alone.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _smscx_client(url: str, concurrency: int) -> Any:
    from smscx import AsyncSmsClient, RetryPolicy

    return AsyncSmsClient(
        api_key=API_KEY,
        base_url=url,
        max_concurrency=concurrency,
        retry_policy=RetryPolicy(max_retries=0),
    )


def big_smscx(url: str, count: int) -> dict[str, Any]:
    import anyio

    import smscx  # noqa: F401

    base = _peak_kb()

    async def main() -> float:
        numbers = [number(i) for i in range(count)]
        async with _smscx_client(url, 1) as client:
            started = time.perf_counter()
            result = await client.send_sms(to=numbers, from_=SENDER, text=TEXT)
            assert len(result.data) == count
            return time.perf_counter() - started

    return {"base_kb": base, "seconds": anyio.run(main, backend="asyncio")}


def big_httpx(codec: str) -> Callable[[str, int], dict[str, Any]]:
    def run(url: str, count: int) -> dict[str, Any]:
        import asyncio

        import httpx

        dumps, loads = servers.codec(codec)
        base = _peak_kb()

        async def main() -> float:
            numbers = [number(i) for i in range(count)]
            body = {"to": numbers, "from": SENDER, "text": TEXT, "idempotencyId": str(uuid.uuid4())}
            headers = {"X-API-KEY": API_KEY, "Content-Type": "application/json"}
            async with httpx.AsyncClient(trust_env=False, timeout=60) as client:
                started = time.perf_counter()
                response = await client.post(url + "/sms", content=dumps(body), headers=headers)
                response.raise_for_status()
                data = loads(response.content)
                assert len(data["data"]) == count
                return time.perf_counter() - started

        return {"base_kb": base, "seconds": asyncio.run(main())}

    return run


def big_vendor(url: str, count: int) -> dict[str, Any]:
    import smscx_client
    from smscx_client.api.sms_api import SmsApi
    from smscx_client.model.send_sms_message_request import SendSmsMessageRequest

    base = _peak_kb()
    numbers = [number(i) for i in range(count)]
    api = SmsApi(smscx_client.ApiClient(smscx_client.Configuration(host=url, api_key=API_KEY)))
    try:
        started = time.perf_counter()
        result = api.send_sms(
            SendSmsMessageRequest(
                to=numbers, _from=SENDER, text=TEXT, idempotency_id=str(uuid.uuid4())
            )
        )
        assert len(result.data) == count
        return {"base_kb": base, "seconds": time.perf_counter() - started}
    finally:
        api.api_client.close()


def bulk_smscx(url: str, count: int) -> dict[str, Any]:
    import anyio

    import smscx  # noqa: F401

    base = _peak_kb()

    async def main() -> dict[str, Any]:
        async with _smscx_client(url, 8) as client:
            started = time.perf_counter()
            report = await client.send_bulk(
                (number(i) for i in range(count)), text=TEXT, from_=SENDER, chunk_size=25_000
            )
            seconds = time.perf_counter() - started
            assert report.ok, report.failures[:1]
            assert report.messages_sent == count, report.messages_sent
            return {"seconds": seconds, "messages": report.messages_sent}

    return {"base_kb": base, **anyio.run(main, backend="asyncio")}


def many_smscx(url: str, count: int) -> dict[str, Any]:
    import anyio

    from smscx import Message

    base = _peak_kb()

    def messages() -> Iterator[Message]:
        for i in range(count):
            yield Message(to=number(i % 1_000_000), text=f"Hello {i}, from the benchmark")

    async def main() -> dict[str, Any]:
        async with _smscx_client(url, MANY_CONCURRENCY) as client:
            started = time.perf_counter()
            report = await client.send_many(
                messages(), from_=SENDER, concurrency=MANY_CONCURRENCY, keep_results=False
            )
            seconds = time.perf_counter() - started
            assert report.ok, report.failures[:1]
            assert report.messages_sent == count, report.messages_sent
            return {"seconds": seconds, "messages": report.messages_sent}

    return {"base_kb": base, **anyio.run(main, backend="asyncio")}


KINDS: dict[str, Callable[[str, int], dict[str, Any]]] = {
    "big-smscx": big_smscx,
    "big-httpx-json": big_httpx("json"),
    "big-httpx-orjson": big_httpx("orjson"),
    "big-vendor": big_vendor,
    "bulk-smscx": bulk_smscx,
    "many-smscx": many_smscx,
}


def main(argv: list[str]) -> None:
    kind, url = argv[0], argv[1]
    count = int(argv[2]) if len(argv) > 2 else 25_000
    result = KINDS[kind](url, count)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"kind": kind, "count": count, "peak_kb": _peak_kb(), "ru_maxrss_kb": maxrss,
                      **result}))  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])

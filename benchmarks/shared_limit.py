"""Many processes, one account: the shared rate limit against the emulator's (issue 26).

``P`` processes each make ``N`` estimate calls (``estimate_sms``, one number) with ``C`` in
flight, all started at the same instant, against one emulator serving an account limit of
``L`` requests per ``W`` s window. Each row is measured without a store (every client sees
only its own traffic) and with ``rate_limit_store`` pointing at one real ``redis-server``.
Reported: the calls that completed, those that failed with ``RateLimitError``, the attempts
the emulator received and how many it answered 429, and the run's time against the ideal
(``P * N / L`` windows).

Run (needs ``redis-server`` on PATH; starts it and the emulator on free loopback ports)::

    python -m benchmarks.shared_limit                  # 4 x 150 and 8 x 75, limit 100 / 1 s
    python -m benchmarks.shared_limit --rows 4x150     # one row
    python -m benchmarks.shared_limit --json out.json

``tests/integration/test_shared_rate_limit.py`` runs :func:`run` small, as a test of the
behaviour, never of the speed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

API_KEY = "sk_shared_limit_benchmark"
NUMBER = "+33612345678"
TEXT = "Shared window"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def redis_server(directory: str) -> Iterator[str]:
    """A throwaway ``redis-server`` on a free loopback port: its URL."""
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed (Debian: apt-get install redis-server)")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
         "no", "--dir", directory],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    break
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        client.close()
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def worker(
    base_url: str,
    api_key: str,
    store: str | None,
    count: int,
    concurrency: int,
    start_at: float,
    log_to: str | None = None,
) -> dict[str, Any]:
    """One process's share: ``count`` estimates, ``concurrency`` in flight, from ``start_at``."""
    import logging

    import anyio

    from smscx import AsyncSmsClient, RateLimitError

    if log_to is not None:
        handler = logging.FileHandler(log_to)
        handler.setFormatter(logging.Formatter("%(process)d %(levelname)s %(message)s"))
        logging.getLogger("smscx").addHandler(handler)
        logging.getLogger("smscx").setLevel(logging.INFO)

    outcome = {"ok": 0, "rate_limited": 0, "failed": 0, "attempts": 0, "ended": 0.0}

    async def main() -> None:
        async with AsyncSmsClient(
            api_key=api_key,
            base_url=base_url,
            rate_limit_store=store,
            max_concurrency=concurrency,
        ) as client:
            left = iter(range(count))

            async def one_by_one() -> None:
                for _ in left:
                    try:
                        result = await client.estimate_sms(to=[NUMBER], from_="Bench", text=TEXT)
                    except RateLimitError:
                        outcome["rate_limited"] += 1
                    except Exception:
                        outcome["failed"] += 1
                    else:
                        outcome["ok"] += 1
                        outcome["attempts"] += result.meta.attempts if result.meta else 1

            await anyio.sleep(max(0.0, start_at - time.time()))
            async with anyio.create_task_group() as group:
                for _ in range(concurrency):
                    group.start_soon(one_by_one)
            outcome["ended"] = time.time()

    anyio.run(main)
    return outcome


def run(
    *,
    processes: int,
    per_process: int,
    concurrency: int = 16,
    limit: int = 100,
    window: float = 1.0,
    store: str | None = None,
    api_key: str = API_KEY,
    log_to: str | None = None,
) -> dict[str, Any]:
    """One row: an emulator with the rate limit, ``processes`` workers sharing its account."""
    from smscx.testing import Emulator

    context = multiprocessing.get_context("spawn")
    with (
        Emulator(api_keys=api_key, balance=1e9, dlr=False, rate_limit=limit,
                 rate_limit_window=window) as emu,
        emu.serve_sync() as url,
        context.Pool(processes) as pool,
    ):  # fmt: skip
        pool.apply(time.sleep, (0,))  # the pool's processes are up before the clock starts
        start_at = time.time() + 1.0 + 0.2 * processes
        jobs = [
            pool.apply_async(
                worker, (url, api_key, store, per_process, concurrency, start_at, log_to)
            )
            for _ in range(processes)
        ]
        outcomes = [job.get(timeout=600) for job in jobs]
        received = sum(emu.request_counts.values())
    ok = sum(o["ok"] for o in outcomes)
    total = processes * per_process
    return {
        "processes": processes,
        "per_process": per_process,
        "concurrency": concurrency,
        "limit": limit,
        "window": window,
        "store": store is not None,
        "completed": ok,
        "rate_limited": sum(o["rate_limited"] for o in outcomes),
        "failed": sum(o["failed"] for o in outcomes),
        "attempts": received,
        # Every attempt the emulator did not answer with a result was a 429: estimates of a
        # valid number fail for nothing else.
        "answered_429": received - ok,
        "seconds": max(o["ended"] for o in outcomes) - start_at,
        "ideal": total / limit * window,
    }


def _row(figures: dict[str, Any]) -> str:
    total = figures["processes"] * figures["per_process"]
    share = figures["answered_429"] / figures["attempts"] if figures["attempts"] else 0.0
    return (
        f"| {figures['processes']} x {figures['per_process']} "
        f"| {'Redis' if figures['store'] else 'none'} "
        f"| {figures['completed']}/{total} | {figures['rate_limited']} "
        f"| {figures['attempts']} | {figures['answered_429']} ({share:.1%}) "
        f"| {figures['seconds']:.2f} s | {figures['seconds'] / figures['ideal']:.2f}x |"
    )


HEADER = (
    "| processes x calls | store | completed | RateLimitError | attempts | answered 429 "
    "| time | time / ideal |\n|---|---|---|---|---|---|---|---|"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.shared_limit")
    parser.add_argument("--rows", default="4x150,8x75", help="PxN,... (processes x calls)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--window", type=float, default=1.0)
    parser.add_argument("--json", help="write the raw figures here")
    args = parser.parse_args(argv)
    import tempfile

    results = []
    with tempfile.TemporaryDirectory() as directory, redis_server(directory) as url:
        print(HEADER)
        for row in args.rows.split(","):
            processes, per_process = (int(part) for part in row.split("x"))
            for store in (None, url):
                figures = run(
                    processes=processes,
                    per_process=per_process,
                    concurrency=args.concurrency,
                    limit=args.limit,
                    window=args.window,
                    store=store,
                    api_key=f"{API_KEY}_{len(results)}",  # a fresh account in the store
                )
                results.append(figures)
                print(_row(figures), flush=True)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=2)
    print(f"cpu: {os.cpu_count()} core(s); python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

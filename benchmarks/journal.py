"""What a batch journal costs on the happy path, side by side in one run.

- ``send_bulk`` to 250,000 numbers (ten requests of 25,000) with and without an SQLite
  journal: median wall time of three rounds each, alternating, against the fixed server
  (another process), so that the client's work is what differs. Target: within 1.3x.
- ``send_many`` of 100,000 one-number messages with and without a journal
  (``keep_results=False``): wall time and the client's peak RSS, each in a fresh process so
  that peaks do not mix. Targets: within 1.5x, and memory flat (the journal is on disk).

Run: ``python -m benchmarks.journal [--bulk N] [--many N] [--rounds R]``. Prints a Markdown
table; ``nox -s bench`` does not run it (it takes a few minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.servers import API_KEY, ROOT, ServerProcess, number

__all__ = ["main"]


def _bulk(url: str, count: int, journal: str | None) -> float:
    import anyio

    from smscx import AsyncSmsClient, RetryPolicy

    async def run() -> float:
        numbers = [number(i) for i in range(count)]
        async with AsyncSmsClient(
            api_key=API_KEY, base_url=url, retry_policy=RetryPolicy(max_retries=0)
        ) as client:
            started = time.perf_counter()
            report = await client.send_bulk(
                numbers,
                text="Hello from the benchmark",
                from_="InfoText",
                keep_results=False,
                concurrency=4,
                journal=journal,
            )
            elapsed = time.perf_counter() - started
        assert report.ok, report
        assert report.messages_sent == count, report
        return elapsed

    return anyio.run(run)


def _many(url: str, count: int, journal: str | None) -> dict[str, Any]:
    import anyio

    from benchmarks.memory import _peak_kb
    from smscx import AsyncSmsClient, Message, RetryPolicy

    base = _peak_kb()

    async def run() -> float:
        messages = (Message(to=[number(i)], text=f"Code {i}") for i in range(count))
        async with AsyncSmsClient(
            api_key=API_KEY, base_url=url, retry_policy=RetryPolicy(max_retries=0),
            max_concurrency=64,
        ) as client:  # fmt: skip
            started = time.perf_counter()
            report = await client.send_many(
                messages, from_="InfoText", keep_results=False, concurrency=64, journal=journal
            )
            elapsed = time.perf_counter() - started
        assert report.ok, report
        assert report.messages_sent == count, report
        return elapsed

    elapsed = anyio.run(run)
    return {"seconds": elapsed, "peak_kb": _peak_kb(), "base_kb": base}


def _child(kind: str, url: str, count: int, journal: str | None) -> Any:
    """One measurement in a fresh process (its own peak RSS, no warm caches shared)."""
    code = (
        "import json, sys; from benchmarks.journal import _bulk, _many; "
        f"print(json.dumps(_{kind}({url!r}, {count}, {journal!r})))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bulk", type=int, default=250_000)
    parser.add_argument("--many", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="smscx-journal-bench-"))
    rows = []
    with ServerProcess("fixed") as url:
        plain: list[float] = []
        journaled: list[float] = []
        for round_ in range(args.rounds):
            plain.append(_child("bulk", url, args.bulk, None))
            journaled.append(_child("bulk", url, args.bulk, str(folder / f"bulk{round_}.sqlite")))
        bulk_ratio = statistics.median(journaled) / statistics.median(plain)
        rows.append(
            (
                f"send_bulk, {args.bulk:,} numbers",
                f"{statistics.median(plain):.2f} s",
                f"{statistics.median(journaled):.2f} s",
                f"{bulk_ratio:.2f}x (target <= 1.3x)",
                "",
            )
        )
        many_plain = _child("many", url, args.many, None)
        many_journal = _child("many", url, args.many, str(folder / "many.sqlite"))
        many_ratio = many_journal["seconds"] / many_plain["seconds"]
        rows.append(
            (
                f"send_many, {args.many:,} messages",
                f"{many_plain['seconds']:.2f} s, peak {many_plain['peak_kb'] / 1024:.0f} MiB",
                f"{many_journal['seconds']:.2f} s, peak {many_journal['peak_kb'] / 1024:.0f} MiB",
                f"{many_ratio:.2f}x (target <= 1.5x)",
                f"journal on disk: {(folder / 'many.sqlite').stat().st_size / 2**20:.0f} MiB",
            )
        )
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load average {load:.2f} at the end\n")
    print("| batch | without a journal | with an SQLite journal | ratio | note |")
    print("|---|---:|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()

"""The benchmark harness: ``python -m benchmarks.run [--quick] [--out docs/]``.

Starts the fixed-response server (and the emulator, when this checkout has it) on 127.0.0.1,
measures (a) throughput by concurrency, (b) one 25,000-number send, (c) ``send_bulk``,
(d) peak memory in fresh processes, (e) client CPU per small send and (f) 5,000 sends
gathered at once, interleaving the
contenders round by round, and writes ``benchmarks.md`` and ``benchmarks.png`` into ``--out``.
Every figure is a median over rounds; compare contenders by their ratios within one run.
See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import contenders
from .servers import ROOT, ServerProcess, emulator_available, number

__all__ = ["Settings", "main"]

CONCURRENCIES = (1, 10, 50, 200)
PACKAGES = ("smscx-async", "httpx", "aiohttp", "httpx-aiohttp", "orjson", "anyio", "trio", "attrs",
            "cattrs", "uvicorn", "httptools", "uvloop", "smscx-client", "urllib3")  # fmt: skip


class Settings:
    """How much to measure: the full run, or ``--quick`` (a smoke run under a minute)."""

    def __init__(self, quick: bool, rounds: int | None, many: tuple[int, int] | None) -> None:
        self.quick = quick
        self.rounds = rounds or (1 if quick else 3)
        # More, shorter rounds for CPU than for throughput: one contender's rounds differ by
        # up to 25% on a small VM, and a median of 11 is steadier than one of 5.
        self.cpu_rounds = rounds or (1 if quick else 11)
        self.n = 200 if quick else 2_000
        self.big = 5_000 if quick else 25_000
        self.bulk = 50_000 if quick else 250_000
        self.many = many or ((1_000, 4_000) if quick else (100_000, 1_000_000))
        #: No throughput send starts after this many seconds (a collapsing pool would
        #: otherwise take minutes per measurement); the rate is then over fewer sends.
        self.budget = 2.0 if quick else 15.0
        self.cpu_n = 200 if quick else 1_000
        self.emulator_n = 100 if quick else 1_000
        self.gather = 500 if quick else 5_000


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _attempt(what: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except Exception:
        log(f"FAILED {what}:\n{traceback.format_exc()}")
        return None


def _rotated(items: list[Any], by: int) -> list[Any]:
    by %= len(items)
    return items[by:] + items[:by]


# --- the measurements ----------------------------------------------------------------------


def measure_throughput(
    url: str,
    s: Settings,
    chosen: list[contenders.Contender],
    concurrencies: tuple[int, ...],
    n: int,
) -> dict[str, dict[int, list[float]]]:
    """(a): requests/s per contender and concurrency, one list entry per round."""
    rates: dict[str, dict[int, list[float]]] = {
        c.key: {k: [] for k in concurrencies} for c in chosen
    }
    for r in range(s.rounds):
        for conc in concurrencies:
            for contender in _rotated(chosen, r + conc):
                result = _attempt(
                    f"{contender.key} c={conc}",
                    lambda c=contender, k=conc: c.fn(url, n, k, s.budget),
                )
                if result and result[0]:
                    done, seconds = result
                    rates[contender.key][conc].append(done / seconds)
                    capped = f" (time budget: {done} of {n} sent)" if done < n else ""
                    log(f"(a) round {r + 1} c={conc:<3} {contender.key:14} "
                        f"{done / seconds:8.0f} req/s{capped}")  # fmt: skip
    return rates


def measure_big(url: str, s: Settings) -> dict[str, list[tuple[float, float]]]:
    """(b): (wall s, CPU s) of one send to ``s.big`` numbers, one entry per round."""
    numbers = [number(i) for i in range(s.big)]
    times: dict[str, list[tuple[float, float]]] = {c.key: [] for c in contenders.BIG_SEND}
    for r in range(s.rounds):
        for contender in _rotated(contenders.BIG_SEND, r):
            result = _attempt(f"(b) {contender.key}", lambda c=contender: c.fn(url, numbers, 1))
            if result:
                times[contender.key].extend(result)
                wall, cpu = result[0]
                log(f"(b) round {r + 1} {contender.key:14} {wall:7.3f} s, CPU {cpu:7.3f} s")
    return times


def measure_gather(url: str, s: Settings) -> dict[str, list[float]]:
    """(f): requests/s of ``s.gather`` sends started at once, one entry per round."""
    rates: dict[str, list[float]] = {c.key: [] for c in contenders.GATHER}
    for r in range(s.rounds):
        for contender in _rotated(contenders.GATHER, r):
            result = _attempt(f"(f) {contender.key}", lambda c=contender: c.fn(url, s.gather))
            if result:
                done, seconds = result
                assert done == s.gather, (done, s.gather)
                rates[contender.key].append(done / seconds)
                log(f"(f) round {r + 1} {contender.key:14} {done / seconds:8.0f} req/s")
    return rates


def measure_bulk(url: str, s: Settings) -> dict[str, list[float]]:
    """(c): seconds of ``send_bulk`` to ``s.bulk`` numbers, 25,000 per request."""
    import anyio

    def on(backend: str) -> Callable[[], float]:
        async def main() -> float:
            async with contenders._smscx_client(url, 8) as client:
                await client.send_sms(to=[number(0)], from_="InfoText", text="warm-up")
                started = time.perf_counter()
                report = await client.send_bulk(
                    (number(i) for i in range(s.bulk)),
                    text=contenders.TEXT,
                    from_=contenders.SENDER,
                    chunk_size=25_000,
                )
                elapsed = time.perf_counter() - started
                assert report.ok, report.failures[:1]
                assert report.messages_sent == s.bulk, report.messages_sent
                return elapsed

        return lambda: anyio.run(main, backend=backend)

    times: dict[str, list[float]] = {"asyncio": [], "trio": []}
    for r in range(s.rounds):
        for backend in _rotated(list(times), r):
            seconds = _attempt(f"(c) send_bulk on {backend}", on(backend))
            if seconds:
                times[backend].append(seconds)
                log(f"(c) round {r + 1} send_bulk {backend:8} {seconds:7.3f} s")
    return times


def measure_cpu(url: str, s: Settings) -> dict[str, list[tuple[float, float]]]:
    """(e): (CPU s, wall s) per small sequential send, one entry per round."""
    out: dict[str, list[tuple[float, float]]] = {c.key: [] for c in contenders.CPU}
    for r in range(s.cpu_rounds):
        for contender in _rotated(contenders.CPU, r):
            result = _attempt(f"(e) {contender.key}", lambda c=contender: c.fn(url, s.cpu_n))
            if result:
                cpu, wall = result
                out[contender.key].append((cpu / s.cpu_n, wall / s.cpu_n))
                log(f"(e) round {r + 1} {contender.key:14} {cpu / s.cpu_n * 1e6:7.0f} us CPU/call")
    return out


def measure_memory(
    url: str, s: Settings, results: list[dict[str, Any]], progress: Callable[[], None]
) -> None:
    """(d): one fresh process per job, appended to ``results``; see ``benchmarks.memory``."""
    jobs = [("big-smscx", s.big), ("big-httpx-json", s.big), ("big-httpx-orjson", s.big)]
    if contenders.vendor_available():
        jobs.append(("big-vendor", s.big))
    jobs.append(("bulk-smscx", s.bulk))
    jobs += [("many-smscx", count) for count in s.many]
    for kind, count in jobs:
        command = [sys.executable, "-m", "benchmarks.memory", kind, url, str(count)]
        try:
            done = subprocess.run(
                command, cwd=ROOT, capture_output=True, text=True, timeout=3_600, check=True
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
        except (subprocess.SubprocessError, ValueError, IndexError) as exc:
            log(f"FAILED (d) {kind} {count}: {exc!r} {getattr(exc, 'stderr', '')[-2000:]}")
            continue
        results.append(result)
        log(f"(d) {kind:16} {count:>9,} peak {result['peak_kb'] / 1024:7.1f} MB "
            f"in {result['seconds']:.2f} s")  # fmt: skip
        progress()


# --- the run -------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": versions,
        "load_before": os.getloadavg(),
    }


def run(s: Settings, publish: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Every measurement; ``publish`` writes what is known so far after each stage."""
    results: dict[str, Any] = {"settings": vars(s).copy(), "machine": machine()}
    results["started"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    results.update(throughput={}, big={}, bulk={}, cpu={}, gather={}, memory=[])
    throughput = [
        c for c in contenders.THROUGHPUT if c.key != "vendor" or contenders.vendor_available()
    ]
    started = time.perf_counter()

    def stage_done() -> None:
        results["seconds"] = time.perf_counter() - started
        results["machine"]["load_after"] = os.getloadavg()
        publish(results)

    with ServerProcess("fixed") as url:
        log(f"fixed server at {url}")
        results["throughput"] = measure_throughput(url, s, throughput, CONCURRENCIES, s.n)
        stage_done()
        results["gather"] = measure_gather(url, s)
        results["big"] = measure_big(url, s)
        results["bulk"] = measure_bulk(url, s)
        results["cpu"] = measure_cpu(url, s)
        stage_done()
    if emulator_available():
        chosen = [c for c in throughput if c.key in ("smscx-asyncio", "httpx-aiohttp", "vendor")]
        try:
            with ServerProcess("emulator") as url:
                log(f"emulator at {url}")
                results["emulator"] = measure_throughput(url, s, chosen, (1, 10, 50), s.emulator_n)
        except (RuntimeError, TimeoutError) as exc:
            results["emulator_skipped"] = f"the emulator did not start: {exc}"
            log(results["emulator_skipped"])
    else:
        results["emulator_skipped"] = "smscx.testing is not in this checkout yet"
        log(f"emulator skipped: {results['emulator_skipped']}")
    stage_done()
    # Last, and the longest: send_many over the larger count (a million in the full run).
    with ServerProcess("fixed") as url:
        measure_memory(url, s, results["memory"], stage_done)
    stage_done()
    return results


def _counts(text: str) -> tuple[int, int]:
    small, large = (int(x.replace("_", "")) for x in text.split(","))
    if not 0 < small < large <= 10_000_000:
        raise argparse.ArgumentTypeError("need SMALL,LARGE with 0 < SMALL < LARGE <= 10,000,000")
    return small, large


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1 round, small sizes")
    parser.add_argument("--rounds", type=int, help="rounds per measurement (default 3, CPU 5)")
    parser.add_argument(
        "--many",
        type=_counts,
        metavar="SMALL,LARGE",
        help="send_many message counts compared for memory (default 100000,1000000)",
    )
    parser.add_argument("--out", default="docs", help="where benchmarks.md and .png go")
    parser.add_argument("--json", help="also write the raw results to this file")
    args = parser.parse_args(argv)
    if args.rounds is not None and not 1 <= args.rounds <= 20:
        parser.error("--rounds must be between 1 and 20")
    command = "python -m benchmarks.run " + shlex.join(sys.argv[1:] if argv is None else argv)
    from .report import write_chart, write_markdown

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def publish(results: dict[str, Any]) -> None:
        results["command"] = command.strip()
        _attempt("writing benchmarks.md", lambda: write_markdown(results, out / "benchmarks.md"))
        _attempt("writing benchmarks.png", lambda: write_chart(results, out / "benchmarks.png"))
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1, default=str))

    results = run(Settings(args.quick, args.rounds, args.many), publish)
    log(f"wrote {out / 'benchmarks.md'} and {out / 'benchmarks.png'} "
        f"in {results['seconds']:.0f} s")  # fmt: skip


if __name__ == "__main__":
    main()

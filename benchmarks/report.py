"""Turn one run's results into ``benchmarks.md`` (tables, targets) and ``benchmarks.png``."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from . import contenders

__all__ = ["targets", "write_chart", "write_markdown"]

MB = 1024  # ru_maxrss is in KiB


def _med(values: list[Any] | None) -> float | None:
    return statistics.median(values) if values else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _fmt(value: float | None, spec: str = ".0f") -> str:
    return "-" if value is None else format(value, spec)


def _rate(results: dict[str, Any], key: str, conc: int) -> float | None:
    return _med(results["throughput"].get(key, {}).get(conc))


def _cpu(results: dict[str, Any], key: str) -> float | None:
    return _med([cpu for cpu, _ in results["cpu"].get(key, [])])


def _big(results: dict[str, Any], key: str, which: int) -> float | None:
    """The median wall (0) or CPU (1) seconds of a big send (older runs: wall only)."""
    values = results["big"].get(key) or []
    return _med([v[which] if isinstance(v, (list, tuple)) else v for v in values])


def _gather(results: dict[str, Any], key: str) -> float | None:
    return _med(results.get("gather", {}).get(key))


def _memory(results: dict[str, Any], kind: str, count: int | None = None) -> dict[str, Any] | None:
    for item in results["memory"]:
        if item["kind"] == kind and (count is None or item["count"] == count):
            return item  # type: ignore[no-any-return]
    return None


def targets(results: dict[str, Any]) -> list[tuple[str, str, float | None, str]]:
    """The targets of issues 5, 14 and 23: (what, rule, measured, PASS/FAIL/n.a.). The
    blocking face's CPU target (1.4x) is checked in instruction counts
    (``benchmarks.instructions``); the timed ratio here is shown beside it."""
    many_small, many_large = (
        _memory(results, "many-smscx", n) for n in results["settings"]["many"]
    )
    mem_smscx, mem_raw = _memory(results, "big-smscx"), _memory(results, "big-httpx-json")
    rows: list[tuple[str, float | None, str, float]] = [
        ("asyncio, c=50: smscx / raw httpx + aiohttp transport (req/s)",
         _ratio(_rate(results, "smscx-asyncio", 50), _rate(results, "httpx-aiohttp", 50)),
         ">=", 0.9),
        ("asyncio, c=50: smscx / vendor client with 50 threads (req/s)",
         _ratio(_rate(results, "smscx-asyncio", 50), _rate(results, "vendor", 50)), ">=", 3.0),
        ("asyncio, c=50: smscx / the floor (a connection per task, anyio + h11) (req/s)",
         _ratio(_rate(results, "smscx-asyncio", 50), _rate(results, "floor-asyncio", 50)),
         ">=", 0.9),
        ("trio, c=50: smscx / the floor (a connection per task, anyio + h11) (req/s)",
         _ratio(_rate(results, "smscx-trio", 50), _rate(results, "floor-trio", 50)), ">=", 0.9),
        ("trio, c=50: smscx / raw httpx on trio (req/s)",
         _ratio(_rate(results, "smscx-trio", 50), _rate(results, "httpx-trio", 50)), ">=", 0.9),
        ("asyncio: 5,000 sends gathered at once / c=50 (req/s)",
         _ratio(_gather(results, "smscx-asyncio"), _rate(results, "smscx-asyncio", 50)),
         ">=", 0.8),
        ("trio: 5,000 sends gathered at once / c=50 (req/s)",
         _ratio(_gather(results, "smscx-trio"), _rate(results, "smscx-trio", 50)), ">=", 0.8),
        ("25,000-number send: smscx / raw httpx + json (seconds)",
         _ratio(_big(results, "smscx", 0), _big(results, "httpx-json", 0)), "<=", 1.5),
        ("25,000-number send: vendor / smscx (seconds)",
         _ratio(_big(results, "vendor", 0), _big(results, "smscx", 0)), ">=", 10.0),
        ("25,000-number send, client CPU: smscx / raw httpx + orjson",
         _ratio(_big(results, "smscx", 1), _big(results, "httpx-orjson", 1)), "<=", 1.3),
        ("25,000-number send, client CPU: vendor / smscx",
         _ratio(_big(results, "vendor", 1), _big(results, "smscx", 1)), ">=", 20.0),
        ("CPU per small send, asyncio: smscx / raw httpx + aiohttp transport",
         _ratio(_cpu(results, "smscx-asyncio"), _cpu(results, "httpx-aiohttp")), "<=", 1.3),
        ("CPU per small send, trio: smscx / raw httpx on trio",
         _ratio(_cpu(results, "smscx-trio"), _cpu(results, "httpx-trio")), "<=", 1.3),
        ("CPU per small send: SmsClient (sync) / AsyncSmsClient (asyncio)",
         _ratio(_cpu(results, "smscx-sync"), _cpu(results, "smscx-asyncio")), "<=", 1.4),
        ("CPU per small send, uvloop: SmsClient (uvloop = True) / AsyncSmsClient on uvloop",
         _ratio(_cpu(results, "smscx-sync-uvloop"), _cpu(results, "smscx-uvloop")),
         "<=", 1.4),
        ("peak RSS of the 25,000-number send: smscx / raw httpx + json",
         _ratio(mem_smscx and mem_smscx["peak_kb"], mem_raw and mem_raw["peak_kb"]), "<=", 1.5),
        (f"send_many peak RSS, {results['settings']['many'][1]:,} minus "
         f"{results['settings']['many'][0]:,} messages (MB)",
         (many_large["peak_kb"] - many_small["peak_kb"]) / MB
         if many_small and many_large else None, "<=", 30.0),
    ]  # fmt: skip
    out = []
    for what, value, op, bound in rows:
        if value is None:
            verdict = "n.a."
        else:
            ok = value >= bound if op == ">=" else value <= bound
            verdict = "PASS" if ok else "FAIL"
        out.append((what, f"{op} {bound:g}", value, verdict))
    return out


def _labels(items: list[contenders.Contender]) -> dict[str, str]:
    return {c.key: c.label for c in items}


def write_markdown(results: dict[str, Any], path: Path) -> None:
    m = results["machine"]
    s = results["settings"]
    lines = [
        "## Latest benchmark run",
        "",
        "Generated by `benchmarks/run.py` (see `benchmarks/README.md`); do not edit by hand.",
        "",
        f"- Command: `{results['command']}` (took {results['seconds']:.0f} s)",
        f"- Date: {results['started']} (UTC)",
        f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['platform']}",
        f"- Python: {m['implementation']} {m['python']}",
        "- Packages: " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()),
        f"- Load average before / after: {', '.join(f'{x:.2f}' for x in m['load_before'])}"
        f" / {', '.join(f'{x:.2f}' for x in m['load_after'])}",
        f"- Rounds: {s['rounds']} (CPU: {s['cpu_rounds']}), contenders interleaved in a rotating"
        " order; every figure is the median over rounds. The server runs in its own process"
        " (uvicorn on 127.0.0.1), so absolute numbers depend on the machine and its load:"
        " read the ratios.",
        "",
        "### Targets (issue #5, section 4, and issue #14)",
        "",
        "| target | rule | measured | verdict |",
        "|---|---|---|---|",
    ]
    for what, rule, value, verdict in targets(results):
        lines.append(f"| {what} | {rule} | {_fmt(value, '.2f')} | **{verdict}** |")
    lines += ["", "![Throughput by concurrency, and the targets' ratios](benchmarks.png)"]

    labels = _labels(contenders.THROUGHPUT)
    concs = sorted({c for per in results["throughput"].values() for c in per})
    lines += [
        "",
        f"### (a) Throughput: {s['n']:,} single-number sends, requests/s by concurrency",
        "",
        "Against the fixed-response server, after an untimed warm-up that opens the"
        " connections. In brackets: the ratio to raw httpx with the aiohttp transport at the"
        f" same concurrency. No send starts after {s['budget']:g} s, so a contender whose"
        " pool collapses is measured over fewer sends (the log of the run says which).",
        "",
        "| contender | " + " | ".join(f"c={c}" for c in concs) + " |",
        "|---|" + "---:|" * len(concs),
    ]
    for key, per in results["throughput"].items():
        cells = []
        for c in concs:
            rate = _med(per.get(c))
            base = _rate(results, "httpx-aiohttp", c)
            ratio = _ratio(rate, base)
            cells.append(_fmt(rate) + (f" ({ratio:.2f}x)" if ratio is not None else ""))
        lines.append(f"| {labels.get(key, key)} | " + " | ".join(cells) + " |")

    big_labels = _labels(contenders.BIG_SEND)
    raw_wall, raw_cpu = _big(results, "httpx-json", 0), _big(results, "httpx-orjson", 1)
    lines += [
        "",
        f"### (b) One send to {s['big']:,} numbers: request built, sent, response parsed",
        "",
        "Wall seconds, and the client process's CPU seconds (`time.process_time()`; the server"
        " is another process). smscx builds a message's model when it is read"
        " (`ModelList`): each contender reads the last message's status.",
        "",
        "| contender | wall s (median) | CPU s (median) | all rounds (wall/CPU) |"
        " wall vs raw httpx + json | CPU vs raw httpx + orjson |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for key, values in results["big"].items():
        wall, cpu = _big(results, key, 0), _big(results, key, 1)
        rounds = ", ".join(
            f"{v[0]:.3f}/{v[1]:.3f}" if isinstance(v, (list, tuple)) else f"{v:.3f}" for v in values
        )
        lines.append(
            f"| {big_labels.get(key, key)} | {_fmt(wall, '.3f')} | {_fmt(cpu, '.3f')} |"
            f" {rounds} | {_fmt(_ratio(wall, raw_wall), '.2f')}x |"
            f" {_fmt(_ratio(cpu, raw_cpu), '.2f')}x |"
        )

    lines += [
        "",
        f"### (c) `send_bulk` to {s['bulk']:,} numbers (25,000 per request, concurrency 8)",
        "",
        "| loop | seconds (median) | messages/s |",
        "|---|---:|---:|",
    ]
    for backend, times in results["bulk"].items():
        med = _med(times)
        lines.append(
            f"| {backend} | {_fmt(med, '.2f')} | {_fmt(s['bulk'] / med if med else None)} |"
        )

    names = {
        "big-smscx": "one big send: smscx",
        "big-httpx-json": "one big send: raw httpx + json",
        "big-httpx-orjson": "one big send: raw httpx + orjson",
        "big-vendor": "one big send: vendor smscx-client",
        "bulk-smscx": "send_bulk (results kept)",
        "many-smscx": "send_many, generator, keep_results=False",
    }
    lines += [
        "",
        "### (d) Peak memory, each job in a fresh process",
        "",
        "`peak` is the process's peak RSS at the end (Linux `VmHWM`: `ru_maxrss` would carry"
        " over the harness's own peak across fork and exec); `base` is the same after the"
        " job's imports, before any client exists; `peak - base` is what the job itself"
        " added.",
        "",
        "| job | items | peak MB | base MB | peak - base MB | seconds |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for item in results["memory"]:
        lines.append(
            f"| {names.get(item['kind'], item['kind'])} | {item['count']:,} |"
            f" {item['peak_kb'] / MB:.1f} | {item['base_kb'] / MB:.1f} |"
            f" {(item['peak_kb'] - item['base_kb']) / MB:.1f} | {item['seconds']:.2f} |"
        )

    cpu_labels = _labels(contenders.CPU)
    pairs = contenders.CPU_COMPARED_WITH
    lines += [
        "",
        f"### (e) Client CPU per small sequential send ({s['cpu_n']:,} calls)",
        "",
        "`time.process_time()` of the client process (all its threads; the server is another"
        " process), divided by the calls. The ratio compares like with like: smscx on asyncio"
        " with raw httpx on the same aiohttp transport, smscx on trio with raw httpx on trio,"
        " and the sync facade with the async client on the same kind of loop: the sync facade"
        " on the standard library's loop (its default) with the async client on that loop,"
        " and with `SmsClient.uvloop = True` with the async client on uvloop. Each is called"
        " from the main thread, as the async client runs there, except the worker row: uvloop"
        " sets up its signal self-pipe at the start of every run in the main thread only.",
        "",
        "| contender | CPU µs/call | wall µs/call | ratio | compared with |",
        "|---|---:|---:|---:|---|",
    ]
    for key, values in results["cpu"].items():
        cpu = _med([c for c, _ in values])
        wall = _med([w for _, w in values])
        other = pairs.get(key)
        ratio = _ratio(cpu, _cpu(results, other)) if other else None
        lines.append(
            f"| {cpu_labels.get(key, key)} | {_fmt(cpu and cpu * 1e6)} |"
            f" {_fmt(wall and wall * 1e6)} | {_fmt(ratio, '.2f')} |"
            f" {cpu_labels.get(other, '') if other else ''} |"
        )

    if results.get("gather"):
        lines += [
            "",
            f"### (f) {s.get('gather', 5000):,} sends gathered at once",
            "",
            "One task per send, all started together, on a client with the default"
            " `max_concurrency` (64): the client's limiter queues them in order. Compared with"
            " the same client's c=50 rate from (a), on the same loop.",
            "",
            "| contender | req/s (median) | all rounds | vs c=50 |",
            "|---|---:|---|---:|",
        ]
        gather_labels = _labels(contenders.GATHER)
        for key, rates in results["gather"].items():
            med = _med(rates)
            rounds = ", ".join(f"{r:.0f}" for r in rates)
            ratio = _ratio(med, _rate(results, key, 50))
            lines.append(
                f"| {gather_labels.get(key, key)} | {_fmt(med)} | {rounds} |"
                f" {_fmt(ratio, '.2f')}x |"
            )

    lines += ["", "### Against the emulator (`python -m smscx.testing`)", ""]
    if "emulator" in results:
        concs = sorted({c for per in results["emulator"].values() for c in per})
        lines += [
            f"{s['emulator_n']:,} sends per contender and concurrency; the emulator validates"
            " every number and keeps balances, so it is the bottleneck here: this shows the"
            " clients against a realistic server, not their ceiling. c=1 is sequential sends"
            " on one kept-alive connection: a served emulator that delayed its answers"
            " (Nagle's algorithm against delayed ACKs, ~40 ms each) shows here at once.",
            "",
            "| contender | " + " | ".join(f"c={c}" for c in concs) + " |",
            "|---|" + "---:|" * len(concs),
        ]
        for key, per in results["emulator"].items():
            cells = [_fmt(_med(per.get(c))) for c in concs]
            lines.append(f"| {labels.get(key, key)} | " + " | ".join(cells) + " |")
    else:
        lines.append(f"Skipped: {results.get('emulator_skipped', 'not run')}.")
    path.write_text("\n".join(lines) + "\n")


def write_chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.5), width_ratios=[1.6, 1])
    labels = _labels(contenders.THROUGHPUT)
    for key, per in results["throughput"].items():
        concs = [c for c in sorted(per) if per[c]]
        style = "-" if key.startswith("smscx") else "--"
        left.plot(
            concs, [_med(per[c]) for c in concs], style, marker="o", label=labels.get(key, key)
        )
    left.set_xscale("log")
    left.set_xticks(sorted({c for per in results["throughput"].values() for c in per}))
    left.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
    left.set_xlabel("concurrency (tasks or threads)")
    left.set_ylabel("requests/s (median)")
    left.set_title(f"(a) {results['settings']['n']:,} single-number sends to POST /sms")
    left.grid(True, alpha=0.3)
    left.legend(fontsize=8)

    big_labels = {
        "smscx": "smscx",
        "httpx-json": "raw httpx\n+ json",
        "httpx-orjson": "raw httpx\n+ orjson",
        "vendor": "vendor\nsmscx-client",
    }
    keys = [k for k, v in results["big"].items() if v]
    values = [_big(results, k, 1) or 0.0 for k in keys]  # client CPU seconds
    if keys:
        bars = right.bar(
            [big_labels.get(k, k) for k in keys],
            values,
            color=["tab:blue" if k == "smscx" else "tab:gray" for k in keys],
        )
        right.bar_label(bars, labels=[f"{v:.2f} s" for v in values], fontsize=8)
        right.set_yscale("log")
    else:
        right.text(0.5, 0.5, "not measured (yet)", ha="center", transform=right.transAxes)
    right.set_ylabel("client CPU seconds (median, log scale)")
    right.set_title(f"(b) one send to {results['settings']['big']:,} numbers")
    right.grid(True, axis="y", alpha=0.3)
    fig.suptitle(
        f"smscx benchmarks, {results['started'][:10]}, {results['machine']['nproc']} cores,"
        f" Python {results['machine']['python']}"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)

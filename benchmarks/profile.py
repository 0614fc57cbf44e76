"""Where smscx spends its time: ``python -m benchmarks.profile [small|big] [--calls N]``.

Runs the fixed-response server, then profiles with cProfile, side by side:

- ``small``: ``N`` sequential single-number sends with ``AsyncSmsClient`` (the native
  transport; ``--backend trio`` for trio) and with raw ``httpx.AsyncClient`` (on the aiohttp
  transport on asyncio, httpx's own on trio);
- ``big``: one 25,000-number send with ``AsyncSmsClient`` and with raw httpx + json.

For each it prints the functions with the most own time (tottime), in microseconds per send,
and the cumulative time of smscx's own steps (validation, encoding, the pipeline, parsing,
model conversion), so that a gap between smscx and raw httpx can be named function by
function. cProfile inflates small functions; compare the two columns, not absolute numbers.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
from collections.abc import Awaitable, Callable
from typing import Any

import anyio

from . import contenders
from .servers import ServerProcess, number

__all__ = ["main"]


def _profile(make: Callable[[], Awaitable[None]], backend: str = "asyncio") -> pstats.Stats:
    profiler = cProfile.Profile()

    async def main() -> None:
        await make()

    profiler.enable()
    anyio.run(main, backend=backend)
    profiler.disable()
    return pstats.Stats(profiler)


def _rows(stats: pstats.Stats) -> list[tuple[str, int, float, float]]:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    rows = []
    for (file, line, name), (_cc, calls, tottime, cumtime, _callers) in raw.items():
        where = file.split("site-packages/")[-1].split("/work/main/")[-1]
        rows.append((f"{where}:{line}({name})", calls, tottime, cumtime))
    return rows


def report(title: str, stats: pstats.Stats, sends: int, top: int) -> None:
    rows = _rows(stats)
    total = sum(r[2] for r in rows)
    print(f"\n=== {title}: {total / sends * 1e6:.0f} us profiled time per send ===")
    print(f"{'own us/send':>12} {'cum us/send':>12} {'calls/send':>10}  function")
    for name, calls, tottime, cumtime in sorted(rows, key=lambda r: -r[2])[:top]:
        print(f"{tottime / sends * 1e6:12.1f} {cumtime / sends * 1e6:12.1f} "
              f"{calls / sends:10.1f}  {name}")  # fmt: skip
    mine = [r for r in rows if r[0].startswith("smscx/")]
    if mine:
        print(f"--- smscx's own functions, by cumulative time (own total "
              f"{sum(r[2] for r in mine) / sends * 1e6:.1f} us/send) ---")  # fmt: skip
        for name, calls, tottime, cumtime in sorted(mine, key=lambda r: -r[3])[:top]:
            print(f"{tottime / sends * 1e6:12.1f} {cumtime / sends * 1e6:12.1f} "
                  f"{calls / sends:10.1f}  {name}")  # fmt: skip


def small(url: str, calls: int, top: int, backend: str = "asyncio") -> None:
    async def smscx_sends() -> None:
        async with contenders._smscx_client(url, 1) as client:
            send = contenders._smscx_send(client, url)
            for _ in range(calls):
                await send()

    async def raw_sends() -> None:
        kind = "aiohttp" if backend == "asyncio" else "httpx"
        async with contenders._raw_client(1, kind) as client:
            send = contenders._raw_send(client, url)
            for _ in range(calls):
                await send()

    anyio.run(smscx_sends, backend=backend)  # warm: imports, converter hooks
    anyio.run(raw_sends, backend=backend)
    raw = "raw httpx + aiohttp transport" if backend == "asyncio" else "raw httpx"
    report(f"{raw}, small send ({backend})", _profile(raw_sends, backend), calls, top)
    report(
        f"smscx AsyncSmsClient (auto), small send ({backend})",
        _profile(smscx_sends, backend),
        calls,
        top,
    )


def big(url: str, top: int) -> None:
    numbers = [number(i) for i in range(25_000)]

    async def smscx_send() -> None:
        async with contenders._smscx_client(url, 1) as client:
            await client.send_sms(to=numbers, from_=contenders.SENDER, text=contenders.TEXT)

    raw = next(c.fn for c in contenders.BIG_SEND if c.key == "httpx-json")

    anyio.run(smscx_send)
    stats = _profile(smscx_send)
    report("smscx AsyncSmsClient.send_sms, 25,000 numbers", stats, 1, top)
    profiler = cProfile.Profile()
    profiler.enable()
    raw(url, numbers, 1)
    profiler.disable()
    report("raw httpx + json, 25,000 numbers", pstats.Stats(profiler), 1, top)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("what", choices=["small", "big"], nargs="?", default="small")
    parser.add_argument("--calls", type=int, default=1_000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--backend", choices=["asyncio", "trio"], default="asyncio")
    args = parser.parse_args()
    if not 1 <= args.calls <= 100_000:
        parser.error("--calls must be between 1 and 100,000")
    with ServerProcess("fixed") as url:
        if args.what == "small":
            small(url, args.calls, args.top, args.backend)
        else:
            big(url, args.top)


if __name__ == "__main__":
    main()

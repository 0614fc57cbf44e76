"""Exports stream: a 64 MiB CSV goes to a file without being held, a cut download is retried
from the start where the destination allows it, and never silently into a half-written one.
"""

from __future__ import annotations

import gzip
import io
import tracemalloc
from pathlib import Path

import pytest

from smscx import APIConnectionError, APIResponseValidationError, AsyncSmsClient, RetryPolicy
from tests.hostile import Request, response, serving
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

ROW = b"3328fe13-2b99-4282-b62e-d891f5e452a8,+33612345678,DELIVERED,0.065\r\n"
CHUNK = ROW * 1024  # 68 KiB
CHUNKS = 1000  # about 66 MiB in all
FAST = RetryPolicy(max_retries=2, wait=False)


def _big_csv(request: Request) -> list[bytes | float]:
    head = response(200, b"", [("Content-Type", "text/csv")], length=False)
    return [head, *([CHUNK] * CHUNKS)]


class _CountingSink:
    """A binary file-like object that keeps nothing: counts bytes and the largest write."""

    def __init__(self) -> None:
        self.size = 0
        self.writes = 0
        self.largest = 0

    def write(self, chunk: bytes) -> int:
        self.size += len(chunk)
        self.writes += 1
        self.largest = max(self.largest, len(chunk))
        return len(chunk)


async def test_a_66_mib_export_streams_to_a_file_without_being_held(
    transport: Transport, tmp_path: Path
) -> None:
    with serving(_big_csv) as server:
        async with AsyncSmsClient(api_key="k", base_url=server.url, transport=transport) as client:
            sink = _CountingSink()
            tracemalloc.start()
            try:
                written = await client.optouts.export_optouts_to_csv(to=sink)
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
            path = tmp_path / "optouts.csv"
            to_path = await client.optouts.export_optouts_to_csv(to=path)
    total = len(CHUNK) * CHUNKS
    assert written == sink.size == total
    assert sink.writes > 100
    assert sink.largest <= 1024 * 1024
    assert peak < 16 * 1024 * 1024  # a quarter of the body, with room for the HTTP stack
    assert to_path == path.stat().st_size == total


async def test_in_memory_an_export_is_capped(transport: Transport) -> None:
    with serving(_big_csv) as server:
        async with AsyncSmsClient(
            api_key="k",
            base_url=server.url,
            transport=transport,
            max_response_size=1024 * 1024,
        ) as client:
            with pytest.raises(APIResponseValidationError, match="larger than"):
                await client.optouts.export_optouts_to_csv()


def _cut_once() -> tuple[list[int], object]:
    served: list[int] = []

    def respond(request: Request) -> list[bytes | float]:
        served.append(1)
        declared = [("Content-Type", "text/csv"), ("Content-Length", str(2 * len(CHUNK)))]
        head = response(200, b"", declared, length=False)
        if len(served) == 1:
            return [head, CHUNK]  # half the declared length, then the connection closes
        return [response(200, CHUNK * 2, [("Content-Type", "text/csv")])]

    return served, respond


async def test_a_cut_export_starts_over_into_a_seekable_file_or_a_path(
    transport: Transport, tmp_path: Path
) -> None:
    for destination in (io.BytesIO(), tmp_path / "report.csv"):
        served, respond = _cut_once()
        with serving(respond) as server:  # type: ignore[arg-type]
            async with AsyncSmsClient(
                api_key="k", base_url=server.url, transport=transport, retry_policy=FAST
            ) as client:
                written = await client.reports.export_advanced_report_to_csv("2026", to=destination)
        got = (
            destination.getvalue()
            if isinstance(destination, io.BytesIO)
            else destination.read_bytes()
        )
        assert got == CHUNK * 2
        assert written == len(CHUNK) * 2
        assert len(served) == 2


async def test_a_cut_export_into_a_stream_that_cannot_rewind_is_not_retried(
    transport: Transport,
) -> None:
    served, respond = _cut_once()
    sink = _CountingSink()  # no seek(): what was written cannot be taken back
    with serving(respond) as server:  # type: ignore[arg-type]
        async with AsyncSmsClient(
            api_key="k", base_url=server.url, transport=transport, retry_policy=FAST
        ) as client:
            with pytest.raises(APIConnectionError):
                await client.reports.export_advanced_report_to_csv("2026", to=sink)
    assert len(served) == 1
    assert sink.size == len(CHUNK)  # the part that came, left for the caller to discard


async def test_a_compressed_export_is_refused_before_a_byte_is_written(
    transport: Transport,
) -> None:
    body = gzip.compress(CHUNK * 20)

    def respond(request: Request) -> list[bytes | float]:
        return [response(200, body, [("Content-Type", "text/csv"), ("Content-Encoding", "gzip")])]

    sink = _CountingSink()
    with serving(respond) as server:
        async with AsyncSmsClient(api_key="k", base_url=server.url, transport=transport) as client:
            with pytest.raises(APIResponseValidationError, match="compressed"):
                await client.optouts.export_optouts_to_csv(to=sink)
    assert sink.size == 0


async def test_a_path_gets_the_whole_file_or_is_left_as_it_was(
    transport: Transport, tmp_path: Path
) -> None:
    path = tmp_path / "optouts.csv"
    path.write_bytes(b"yesterday's export\n")
    _, respond = _cut_once()
    with serving(respond) as server:  # type: ignore[arg-type]
        async with AsyncSmsClient(
            api_key="k",
            base_url=server.url,
            transport=transport,
            retry_policy=RetryPolicy(max_retries=0),
        ) as client:
            with pytest.raises(APIConnectionError):
                await client.optouts.export_optouts_to_csv(to=path)
            kept = path.read_bytes()
            written = await client.optouts.export_optouts_to_csv(to=path)  # the second answer
    assert kept == b"yesterday's export\n"
    assert not (tmp_path / "optouts.csv.part").exists()
    assert path.read_bytes() == CHUNK * 2
    assert written == len(CHUNK) * 2


async def test_a_text_mode_file_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    from smscx.testing import Emulator

    emulator = Emulator()
    async with emulator.client() as client:
        with (tmp_path / "x.csv").open("w") as text_file:
            with pytest.raises(TypeError, match="binary mode"):
                await client.optouts.export_optouts_to_csv(to=text_file)  # type: ignore[arg-type]
    assert emulator.request_counts == {}

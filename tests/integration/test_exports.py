"""Exports stream: a 64 MiB CSV goes to a file without being held, a cut download is retried
from the start where the destination allows it, and never silently into a half-written one;
only the export itself is written (its content type checked first), a destination that
cannot be written is its own error, and no export holds the client's other calls.

What happens to a path destination (temporary files, links, directories, permissions) is in
``test_export_destinations``.
"""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import threading
import tracemalloc
from collections.abc import Iterable, Iterator
from pathlib import Path

import anyio
import anyio.to_thread
import pytest

import smscx
from smscx import APIConnectionError, APIResponseValidationError, AsyncSmsClient, RetryPolicy
from tests.hostile import Request, response, serving
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

ROW = b"3328fe13-2b99-4282-b62e-d891f5e452a8,+33612345678,DELIVERED,0.065\r\n"
CHUNK = ROW * 1024  # 68 KiB
CHUNKS = 1000  # about 66 MiB in all
FAST = RetryPolicy(max_retries=2, wait=False)


def csv_response(
    body: bytes = b"",
    headers: Iterable[tuple[str, str]] = (("Content-Type", "text/csv"),),
    *,
    length: bool = True,
) -> bytes:
    """A 200 as an export comes: the export's own Content-Type, not the JSON one
    :func:`tests.hostile.response` puts first."""
    answer = response(200, body, headers, length=length)
    return answer.replace(b"Content-Type: application/json\r\n", b"", 1)


def _big_csv(request: Request) -> list[bytes | float]:
    return [csv_response(length=False), *([CHUNK] * CHUNKS)]


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
        head = csv_response(headers=declared, length=False)
        if len(served) == 1:
            return [head, CHUNK]  # half the declared length, then the connection closes
        return [csv_response(CHUNK * 2)]

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
        return [csv_response(body, [("Content-Type", "text/csv"), ("Content-Encoding", "gzip")])]

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


# --- only the export itself is written --------------------------------------------------

_API_ERROR = json.dumps(
    {"error": {"type": "invalid_param", "code": 1824, "message": "Period or dates missing"}}
).encode()


async def test_a_json_answer_to_an_export_is_refused_and_nothing_is_written(
    transport: Transport, tmp_path: Path
) -> None:
    # An error page with status 200: the API's own error shape, as JSON.
    def respond(request: Request) -> list[bytes | float]:
        return [response(200, _API_ERROR)]

    path = tmp_path / "report.csv"
    path.write_bytes(b"yesterday's export\n")
    sink = _CountingSink()
    with serving(respond) as server:
        async with AsyncSmsClient(api_key="k", base_url=server.url, transport=transport) as client:
            with pytest.raises(APIResponseValidationError) as to_path:
                await client.reports.export_advanced_report_to_csv("2026", to=path)
            with pytest.raises(APIResponseValidationError) as to_file:
                await client.reports.export_advanced_report_to_csv("2026", to=sink)
    assert path.read_bytes() == b"yesterday's export\n"
    assert os.listdir(tmp_path) == ["report.csv"]  # no temporary file left either
    assert sink.size == 0
    assert "application/json, not the export" in str(to_path.value)
    assert "Period or dates missing" in str(to_file.value)  # what the API said
    assert to_path.value.status_code == 200
    assert len(server.requests) == 2  # refused, not retried


async def test_an_xlsx_export_answered_as_csv_is_refused(transport: Transport) -> None:
    def respond(request: Request) -> list[bytes | float]:
        return [csv_response(CHUNK)]

    sink = _CountingSink()
    with serving(respond) as server:
        async with AsyncSmsClient(api_key="k", base_url=server.url, transport=transport) as client:
            with pytest.raises(APIResponseValidationError, match="is text/csv, not the export"):
                await client.optouts.export_optouts_to_xlsx(to=sink)
    assert sink.size == 0


async def test_an_export_without_a_content_type_is_refused(transport: Transport) -> None:
    def respond(request: Request) -> list[bytes | float]:
        return [csv_response(CHUNK, headers=())]

    with serving(respond) as server:
        async with AsyncSmsClient(api_key="k", base_url=server.url, transport=transport) as client:
            with pytest.raises(APIResponseValidationError, match="has no Content-Type"):
                await client.optouts.export_optouts_to_csv()


async def test_a_csv_export_may_come_as_the_vendor_documents_it(transport: Transport) -> None:
    # The vendor's reference names application/csv; text/csv is the registered type.
    def respond(request: Request) -> list[bytes | float]:
        return [csv_response(ROW, [("Content-Type", "Application/CSV; charset=utf-8")])]

    with serving(respond) as server:
        async with AsyncSmsClient(api_key="k", base_url=server.url, transport=transport) as client:
            text = await client.optouts.export_optouts_to_csv()
    assert text == ROW.decode()


# --- a full disk is the destination's failure, not the network's ------------------------


async def test_a_full_disk_is_a_destination_error_never_retried_nor_called_network(
    transport: Transport,
) -> None:
    served, respond = _cut_once()  # answers whole the second time: a retry would succeed
    # /dev/full takes the file open and refuses every write: ENOSPC.
    with open("/dev/full", "wb", buffering=0) as full:  # noqa: ASYNC230 (a device: no wait)
        with serving(respond) as server:  # type: ignore[arg-type]
            async with AsyncSmsClient(
                api_key="k", base_url=server.url, transport=transport, retry_policy=FAST
            ) as client:
                with pytest.raises(OSError, match="No space left on device") as caught:
                    await client.optouts.export_optouts_to_csv(to=full)
    error = caught.value
    assert len(served) == 1
    assert not isinstance(error, APIConnectionError)
    assert isinstance(error, smscx.SmscxError)  # every error smscx raises is one
    assert isinstance(error, smscx.DestinationError)
    assert error.errno == errno.ENOSPC
    assert isinstance(error.__cause__, OSError)
    assert error.__cause__.errno == errno.ENOSPC


# --- the rate-limit gate is not held across a body ----------------------------------------


async def test_an_export_lets_the_other_calls_go_once_its_head_has_come(
    transport: Transport,
) -> None:
    head_sent, body_released = threading.Event(), threading.Event()
    balance = json.dumps({"balance": 1.5, "currency": "eur", "billing": "prepaid"}).encode()

    def respond(request: Request) -> Iterator[bytes | float]:
        if request.target != "/optouts/csv":
            yield response(200, balance)
            return
        declared = [("Content-Type", "text/csv"), ("Content-Length", str(2 * len(CHUNK)))]
        yield csv_response(headers=declared, length=False) + CHUNK
        head_sent.set()
        body_released.wait(10)  # a safety net: the test releases it
        yield CHUNK

    with serving(respond) as server:
        async with AsyncSmsClient(api_key="k", base_url=server.url, transport=transport) as client:
            written: list[int] = []

            async def export() -> None:
                written.append(await client.optouts.export_optouts_to_csv(to=_CountingSink()))

            async with anyio.create_task_group() as tg:
                # The client's first call: the rate-limit gate's probe, that others wait for.
                tg.start_soon(export)
                await anyio.to_thread.run_sync(head_sent.wait, 10)
                try:
                    # A deadline as a safety net: held until the export's end, it runs out.
                    meanwhile = await client.with_options(deadline=5).account.get_account_balance()
                finally:
                    body_released.set()
    assert meanwhile.balance == 1.5
    assert written == [2 * len(CHUNK)]

"""A path given as an export's ``to=``: written through a private temporary file beside it,
it ends as one whole export or as it was; links are followed, directories and other files
that are not regular ones refused before anything is sent, permissions kept or from the
umask."""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

import smscx
from smscx import AsyncSmsClient, RetryPolicy, ServerError
from smscx._download import DownloadSink
from tests.hostile import Request, response, serving
from tests.integration.test_exports import CHUNK, csv_response
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

OTHER = b"+447400123456,2026-01-02\r\n" * 3000  # a second export, of another length
NO_RETRY = RetryPolicy(max_retries=0)


def _files(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def _whole(body: bytes) -> bytes:
    return csv_response(body)


class _HeldHalfway:
    """Answers its first export with half a CSV, then the rest once :attr:`release` is set;
    every later export with ``then``, whole; anything else with an account balance."""

    def __init__(self, first: bytes, then: bytes = OTHER) -> None:
        self.first = first
        self.then = then
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._count = 0

    def __call__(self, request: Request) -> Iterator[bytes | float]:
        if not request.target.endswith("/csv"):
            yield response(200, b'{"balance": 1.5, "currency": "eur", "billing": "prepaid"}')
            return
        with self._lock:
            self._count += 1
            count = self._count
        if count > 1:
            yield _whole(self.then)
            return
        half = len(self.first) // 2
        declared = [("Content-Type", "text/csv"), ("Content-Length", str(len(self.first)))]
        yield csv_response(headers=declared, length=False) + self.first[:half]
        self.release.wait(10)  # a safety net: the test sets it
        yield self.first[half:]


@pytest.fixture
def first_write(monkeypatch: pytest.MonkeyPatch) -> anyio.Event:
    """Set once a download has written its first chunk to its destination."""
    written = anyio.Event()
    write = DownloadSink.write

    async def noted(self: DownloadSink, chunk: bytes) -> None:
        await write(self, chunk)
        written.set()

    monkeypatch.setattr(DownloadSink, "write", noted)
    return written


def _client(url: str, transport: Transport, **options: Any) -> AsyncSmsClient:
    return AsyncSmsClient(api_key="k", base_url=url, transport=transport, **options)


# --- each download its own temporary file -------------------------------------------------


async def test_two_exports_to_one_path_end_as_one_whole_export(
    transport: Transport, tmp_path: Path, first_write: anyio.Event
) -> None:
    path = tmp_path / "optouts.csv"
    first = CHUNK * 2
    server_script = _HeldHalfway(first, then=OTHER)
    results: dict[str, int] = {}
    with serving(server_script) as server:
        async with _client(server.url, transport) as client:
            await client.account.get_account_balance()  # the rate-limit gate has heard

            async def export(name: str) -> None:
                results[name] = await client.optouts.export_optouts_to_csv(to=path)

            async with anyio.create_task_group() as tg:
                tg.start_soon(export, "first")
                with anyio.fail_after(10):  # a safety net
                    await first_write.wait()  # half of the first export is on disk
                await export("second")  # a whole export, start to end, meanwhile
                server_script.release.set()
    assert results == {"first": len(first), "second": len(OTHER)}
    assert path.read_bytes() == first  # the one that finished last, whole
    assert _files(tmp_path) == ["optouts.csv"]


async def test_a_temporary_file_that_vanished_is_an_error_not_an_empty_export(
    transport: Transport, tmp_path: Path, first_write: anyio.Event
) -> None:
    path = tmp_path / "optouts.csv"
    path.write_bytes(b"yesterday's export\n")
    server_script = _HeldHalfway(CHUNK * 2)
    with serving(server_script) as server:
        async with _client(server.url, transport, retry_policy=NO_RETRY) as client:
            async with anyio.create_task_group() as tg:

                async def export() -> None:
                    with pytest.raises(OSError, match="vanished") as caught:
                        await client.optouts.export_optouts_to_csv(to=path)
                    assert isinstance(caught.value, smscx.DestinationError)
                    assert caught.value.errno == errno.ENOENT

                tg.start_soon(export)
                with anyio.fail_after(10):
                    await first_write.wait()
                for name in _files(tmp_path):  # someone cleans up *.part files meanwhile
                    if name.endswith(".part"):
                        (tmp_path / name).unlink()
                server_script.release.set()
    assert path.read_bytes() == b"yesterday's export\n"
    assert _files(tmp_path) == ["optouts.csv"]


async def test_a_failed_export_leaves_a_part_file_of_the_users_alone(
    transport: Transport, tmp_path: Path
) -> None:
    mine = tmp_path / "optouts.csv.part"
    mine.write_bytes(b"my own notes\n")

    def respond(request: Request) -> list[bytes | float]:
        return [response(503, b'{"error": {"type": "server_error", "message": "down"}}')]

    with serving(respond) as server:
        async with _client(server.url, transport, retry_policy=NO_RETRY) as client:
            with pytest.raises(ServerError):
                await client.optouts.export_optouts_to_csv(to=tmp_path / "optouts.csv")
    assert mine.read_bytes() == b"my own notes\n"
    assert _files(tmp_path) == ["optouts.csv.part"]


async def test_a_full_disk_under_a_path_is_a_destination_error_and_leaves_it_as_it_was(
    transport: Transport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smscx._download import _Temporary

    beside = _Temporary.beside

    def on_a_full_disk(path: str) -> _Temporary:
        made = beside(path)
        full = os.open("/dev/full", os.O_WRONLY)  # every write: ENOSPC
        os.dup2(full, made.fd)
        os.close(full)
        return made

    monkeypatch.setattr(_Temporary, "beside", staticmethod(on_a_full_disk))
    path = tmp_path / "optouts.csv"
    path.write_bytes(b"yesterday's export\n")

    def respond(request: Request) -> list[bytes | float]:
        return [_whole(CHUNK * 2)]

    with serving(respond) as server:
        async with _client(server.url, transport, retry_policy=RetryPolicy(wait=False)) as client:
            with pytest.raises(smscx.DestinationError, match="No space left") as caught:
                await client.optouts.export_optouts_to_csv(to=path)
    assert caught.value.errno == errno.ENOSPC
    assert len(server.requests) == 1  # never retried
    assert path.read_bytes() == b"yesterday's export\n"
    assert _files(tmp_path) == ["optouts.csv"]


# --- what a path may be ---------------------------------------------------------------------


async def test_a_directory_is_refused_before_anything_is_sent(
    transport: Transport, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    with serving(lambda request: [_whole(CHUNK)]) as server:
        async with _client(server.url, transport) as client:
            with pytest.raises(OSError, match="is a directory") as caught:
                await client.optouts.export_optouts_to_csv(to=folder)
    assert server.requests == []
    assert _files(tmp_path) == ["exports"]
    assert _files(folder) == []
    assert isinstance(caught.value, smscx.DestinationError)
    assert caught.value.errno == errno.EISDIR


async def test_a_fifo_is_refused_before_anything_is_sent_and_stays_one(
    transport: Transport, tmp_path: Path
) -> None:
    # Renaming a file over it would replace it (as root, even a device such as /dev/null).
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with serving(lambda request: [_whole(CHUNK)]) as server:
        async with _client(server.url, transport) as client:
            with pytest.raises(OSError, match="not a regular file"):
                await client.optouts.export_optouts_to_csv(to=fifo)
    assert server.requests == []
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _files(tmp_path) == ["pipe"]


async def test_a_symlink_is_followed_and_stays_a_link(transport: Transport, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    target = tmp_path / "real" / "optouts.csv"
    target.write_bytes(b"yesterday's export\n")
    link = tmp_path / "links" / "latest.csv"
    link.symlink_to(Path("..") / "real" / "optouts.csv")
    with serving(lambda request: [_whole(CHUNK)]) as server:
        async with _client(server.url, transport) as client:
            written = await client.optouts.export_optouts_to_csv(to=link)
    assert written == len(CHUNK)
    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("..", "real", "optouts.csv")
    assert target.read_bytes() == CHUNK
    assert _files(tmp_path / "real") == ["optouts.csv"]
    assert _files(tmp_path / "links") == ["latest.csv"]


async def test_a_dangling_symlink_gets_its_target_made(
    transport: Transport, tmp_path: Path
) -> None:
    link = tmp_path / "latest.csv"
    link.symlink_to(tmp_path / "2026.csv")
    with serving(lambda request: [_whole(CHUNK)]) as server:
        async with _client(server.url, transport) as client:
            await client.optouts.export_optouts_to_csv(to=link)
    assert link.is_symlink()
    assert (tmp_path / "2026.csv").read_bytes() == CHUNK


# --- permissions ------------------------------------------------------------------------------


@pytest.fixture
def umask_027() -> Iterator[None]:
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("umask_027")
async def test_a_new_file_gets_0666_less_the_umask_as_open_would_give_it(
    transport: Transport, tmp_path: Path
) -> None:
    path = tmp_path / "optouts.csv"
    with serving(lambda request: [_whole(CHUNK)]) as server:
        async with _client(server.url, transport) as client:
            await client.optouts.export_optouts_to_csv(to=path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.usefixtures("umask_027")
async def test_a_replaced_file_keeps_its_permissions(transport: Transport, tmp_path: Path) -> None:
    path = tmp_path / "optouts.csv"
    path.write_bytes(b"yesterday's export\n")
    path.chmod(0o604)  # more open to others than the umask allows: kept all the same
    with serving(lambda request: [_whole(CHUNK)]) as server:
        async with _client(server.url, transport) as client:
            await client.optouts.export_optouts_to_csv(to=path)
    assert path.read_bytes() == CHUNK
    assert stat.S_IMODE(path.stat().st_mode) == 0o604

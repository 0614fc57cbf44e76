"""Where an export goes: memory (capped), a path, or a file-like object, written as it comes.

A destination may be:

- ``None``: memory, capped at ``max_response_size`` (256 MiB by default), returned whole;
- a path (``str`` or ``os.PathLike``): written through a worker thread (the event loop never
  waits on the disk) to ``PATH.part`` beside it, renamed to ``PATH`` once the export is
  whole: the path holds the whole file or is left as it was, never half a file;
- a binary file-like object with ``write(bytes)``: a regular file, ``io.BytesIO``, a socket
  file; its ``write`` is called in the event loop, so a slow one slows the download;
- an object whose ``write`` is a coroutine function (``anyio.AsyncFile``, an
  ``aiofiles`` file, your own).

A retried download starts over: memory and paths always can; a file-like object can when
it is seekable (it goes back to where it was and truncates there), otherwise a failure after
some bytes were written is not retried.
"""

from __future__ import annotations

import inspect
import io
import os
from typing import IO, Any, Protocol

import anyio

from ._transport import ResponseTooLarge
from .errors import LowerHeaders

__all__ = ["DOWNLOAD_LIMIT", "Destination", "DownloadSink"]

DOWNLOAD_LIMIT = 256 * 1024 * 1024
"""The largest export held in memory when no ``max_response_size`` says otherwise."""


class _AsyncWriter(Protocol):
    async def write(self, data: bytes, /) -> Any: ...


#: What an export may be written to (see the module's docstring).
Destination = str | os.PathLike[str] | IO[bytes] | _AsyncWriter


class DownloadSink:
    """One download's destination, for the pipeline: counted, capped in memory, restartable."""

    def __init__(self, destination: Destination | None, *, limit: int | None = None) -> None:
        self._memory: io.BytesIO | None = None
        self._path: str | None = None
        self._file: Any = None
        self._async = False
        self._start: int | None = None
        self._limit: int | None = None
        if destination is None:
            self._memory = io.BytesIO()
            self._limit = limit or DOWNLOAD_LIMIT
        elif isinstance(destination, str | os.PathLike):
            self._path = os.fspath(destination)
        else:
            given: object = destination  # typed as bytes, but callers pass what they have
            if isinstance(given, io.TextIOBase):
                raise TypeError(
                    "an export is bytes: open the file in binary mode ('wb'), not text mode"
                )
            write = getattr(destination, "write", None)
            if write is None:
                raise TypeError(
                    "an export goes to a path, a binary file-like object with write(), or "
                    f"None (memory); got {type(destination).__name__}"
                )
            self._file = destination
            self._async = inspect.iscoroutinefunction(write)
            if not self._async:
                self._start = _position(destination)
        self._opened: Any = None
        #: Bytes written by the attempt that succeeded (or the last one).
        self.written = 0

    async def write(self, chunk: bytes) -> None:
        """Take one chunk of the body."""
        self.written += len(chunk)
        if self._memory is not None:
            if self._limit is not None and self.written > self._limit:
                head = self._memory.getvalue()[:4096]
                raise ResponseTooLarge(200, LowerHeaders(), head)
            self._memory.write(chunk)
        elif self._path is not None:
            if self._opened is None:
                self._opened = await anyio.open_file(self._path + ".part", "wb")
            await self._opened.write(chunk)
        elif self._async:
            await self._file.write(chunk)
        else:
            self._file.write(chunk)

    def can_restart(self) -> bool:
        """Whether a failed attempt can be retried from the start."""
        if self.written == 0 or self._memory is not None or self._path is not None:
            return True
        return self._start is not None

    async def restart(self) -> None:
        """Go back to the start before another attempt."""
        if self.written == 0:
            return
        self.written = 0
        if self._memory is not None:
            self._memory = io.BytesIO()
        elif self._opened is not None:
            await self._opened.seek(0)
            await self._opened.truncate()
        elif self._start is not None:
            self._file.seek(self._start)
            self._file.truncate()

    async def close(self, *, complete: bool) -> None:
        """Close the file this sink opened (a path's); a caller's own file stays open.

        A path's ``.part`` file becomes the path when the export is ``complete`` (an empty
        export makes an empty file), and is removed otherwise.
        """
        with anyio.CancelScope(shield=True):
            if self._opened is not None:
                opened, self._opened = self._opened, None
                await opened.aclose()
            if self._path is None:
                return
            part = anyio.Path(self._path + ".part")
            if complete:
                if not await part.exists():
                    await part.write_bytes(b"")
                await part.replace(self._path)
            elif await part.exists():
                await part.unlink()

    def value(self) -> bytes:
        """What was downloaded into memory."""
        assert self._memory is not None
        return self._memory.getvalue()


def _position(file: Any) -> int | None:
    try:
        if file.seekable():
            return int(file.tell())
    except (AttributeError, OSError, ValueError):
        pass
    return None

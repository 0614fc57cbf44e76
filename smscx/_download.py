"""Where an export goes: memory (capped), a path, or a file-like object, written as it comes.

A destination may be:

- ``None``: memory, capped at ``max_response_size`` (256 MiB by default), returned whole;
- a path (``str`` or ``os.PathLike``): written through a worker thread (the event loop never
  waits on the disk) to a private temporary file beside it, ``.NAME.<random>.part``, made
  before the request is sent and never shared with another download. Once the export is
  whole the file is flushed to disk and renamed over ``PATH`` (``os.replace``): the path holds
  one whole export or is left as it was, never half a file, never an empty one for a
  download that failed. The temporary file is removed whatever happens; a temporary file
  that vanished meanwhile is an error. A symbolic link is followed: the file it points to is
  replaced and the link stays. A directory, or anything else that is not a regular file
  (a device, a FIFO), is refused before anything is sent. The file gets the permissions of
  the file it replaces, or, when new, ``0o666`` less the umask (as ``open(PATH, "wb")``
  would give it); its owner is whoever runs the export;
- a binary file-like object with ``write(bytes)``: a regular file, ``io.BytesIO``, a socket
  file; its ``write`` is called in the event loop, so a slow one slows the download;
- an object whose ``write`` is a coroutine function (``anyio.AsyncFile``, an
  ``aiofiles`` file, your own).

Nothing is written unless the answer is the export itself: a 2xx, not compressed, whose
``Content-Type`` is the export's (:data:`EXPORT_MEDIA_TYPES`); anything else is refused
(:meth:`DownloadSink.refusal`) before a byte is written.

A destination that cannot be written (a full disk, no permission) raises
:class:`~smscx.DestinationError`, an ``OSError`` too: a local failure, never retried and never
called a network error.

A retried download starts over: memory and paths always can; a file-like object can when
it is seekable (it goes back to where it was and truncates there), otherwise a failure after
some bytes were written is not retried.
"""

from __future__ import annotations

import contextlib
import errno
import inspect
import io
import os
import secrets
import stat
from collections.abc import Mapping
from typing import IO, Any, Protocol

import anyio
import anyio.to_thread

from ._transport import ResponseTooLarge, identity_encoded
from .errors import DestinationError, LowerHeaders

__all__ = ["DOWNLOAD_LIMIT", "EXPORT_MEDIA_TYPES", "Destination", "DownloadSink"]

DOWNLOAD_LIMIT = 256 * 1024 * 1024
"""The largest export held in memory when no ``max_response_size`` says otherwise."""

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The media types an export may come as, by format (the last segment of its route). The
#: vendor's reference names ``application/csv`` for CSV; ``text/csv`` is the registered type
#: (RFC 7111), and what the emulator serves.
EXPORT_MEDIA_TYPES: Mapping[str, frozenset[str]] = {
    "csv": frozenset({"text/csv", "application/csv"}),
    "xlsx": frozenset({_XLSX}),
}

#: How many names a temporary file tries before giving up (as ``tempfile`` does).
_NAME_TRIES = 100


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
        self._accept: frozenset[str] | None = None
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
        #: A path's temporary file: what it is called, and where it goes once whole.
        self._temporary: _Temporary | None = None
        self._opened: Any = None
        #: Bytes written by the attempt that succeeded (or the last one).
        self.written = 0

    async def open(self, *, accept: frozenset[str] | None = None) -> None:
        """Get ready before the request is sent: a path is checked and its temporary file
        made (:class:`~smscx.DestinationError` if it cannot be). ``accept`` is the media
        types the export may come as (``None``: any)."""
        self._accept = accept
        if self._path is not None and self._temporary is None:
            self._temporary = await anyio.to_thread.run_sync(_Temporary.beside, self._path)
            self._opened = anyio.wrap_file(os.fdopen(self._temporary.fd, "wb"))

    def refusal(self, headers: Mapping[str, str]) -> str | None:
        """Why a 2xx answer's body is not the export (compressed, or of another media type),
        for an error's message; ``None`` when it is to be written."""
        encoding = headers.get("content-encoding")
        if not identity_encoded(encoding):
            return f"came compressed ({encoding:.40}) although none was asked for"
        if self._accept is None:
            return None
        media = (headers.get("content-type") or "").partition(";")[0].strip().lower()
        if media in self._accept:
            return None
        expected = " or ".join(sorted(self._accept))
        got = f"is {media:.80}" if media else "has no Content-Type"
        return f"{got}, not the export ({expected})"

    async def write(self, chunk: bytes) -> None:
        """Take one chunk of the body."""
        self.written += len(chunk)
        if self._memory is not None:
            if self._limit is not None and self.written > self._limit:
                head = self._memory.getvalue()[:4096]
                raise ResponseTooLarge(200, LowerHeaders(), head)
            self._memory.write(chunk)
            return
        try:
            if self._opened is not None:
                await self._opened.write(chunk)
            elif self._async:
                await self._file.write(chunk)
            elif self._file is not None:
                self._file.write(chunk)
            else:
                raise DestinationError("the export's file was not opened before writing")
        except OSError as exc:
            raise self._failed("cannot be written", exc) from exc

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
            return
        try:
            if self._opened is not None:
                await self._opened.seek(0)
                await self._opened.truncate()
            elif self._start is not None:
                self._file.seek(self._start)
                self._file.truncate()
        except OSError as exc:
            raise self._failed("cannot be rewound for a retry", exc) from exc

    async def close(self, *, complete: bool) -> None:
        """Close the file this sink opened (a path's); a caller's own file stays open.

        A path's temporary file becomes the path when the export is ``complete`` (an empty
        export makes an empty file), and is removed otherwise, and when that fails.
        """
        temporary, self._temporary = self._temporary, None
        opened, self._opened = self._opened, None
        if temporary is None:
            return
        with anyio.CancelScope(shield=True):
            if complete:
                try:
                    await anyio.to_thread.run_sync(temporary.replace, opened.wrapped)
                    return
                except OSError as exc:
                    await anyio.to_thread.run_sync(temporary.discard, None)
                    raise self._failed("could not be written", exc) from exc
            await anyio.to_thread.run_sync(temporary.discard, opened.wrapped)

    def value(self) -> bytes:
        """What was downloaded into memory."""
        assert self._memory is not None
        return self._memory.getvalue()

    def _failed(self, what: str, cause: OSError) -> DestinationError:
        if isinstance(cause, DestinationError):
            return cause
        if self._path is not None:
            return _refused(self._path, what, cause)
        return DestinationError(f"The export's file object {what}: {_reason(cause)}.", cause=cause)


class _Temporary:
    """A path download's private temporary file, beside the file it will replace."""

    __slots__ = ("fd", "name", "target")

    def __init__(self, fd: int, name: str, target: str) -> None:
        self.fd = fd
        self.name = name
        #: The file to replace: the path with its symbolic links followed.
        self.target = target

    @classmethod
    def beside(cls, path: str) -> _Temporary:
        """Check ``path`` and make the temporary file (blocking: run in a worker thread)."""
        target = os.path.realpath(path)
        try:
            found = os.stat(target)
        except FileNotFoundError:
            mode = None  # a new file: the umask decides, as for open(path, "wb")
        except OSError as exc:
            raise _refused(path, "cannot be checked", exc) from exc
        else:
            if stat.S_ISDIR(found.st_mode):
                directory_error = IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
                raise _refused(path, "is a directory, not a file path", directory_error)
            if not stat.S_ISREG(found.st_mode):
                # A device or a FIFO would be replaced by a regular file, not written to.
                error = OSError(errno.EINVAL, "not a regular file", path)
                raise _refused(
                    path, "is not a regular file (pass it opened, as a file object)", error
                )
            mode = stat.S_IMODE(found.st_mode) & 0o777
        directory, name = os.path.split(target)
        for _ in range(_NAME_TRIES):
            candidate = os.path.join(directory, f".{name}.{secrets.token_hex(4)}.part")
            try:
                # Created with O_EXCL (never someone else's file, never through a link);
                # 0o666 lets the umask (and a default ACL) decide, as open(path, "wb") does.
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                continue
            except OSError as exc:
                raise _refused(path, "cannot be written (its temporary file)", exc) from exc
            made = cls(fd, candidate, target)
            if mode is not None:
                try:
                    os.fchmod(fd, mode)  # the replaced file's permissions, before any byte
                except OSError as exc:
                    os.close(fd)
                    made.discard(None)
                    raise _refused(path, "cannot be written (its temporary file)", exc) from exc
            return made
        taken = FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), directory)
        raise _refused(path, "has no free name for its temporary file", taken)

    def replace(self, file: IO[bytes]) -> None:
        """Flush the whole export to disk and rename it over the target (blocking)."""
        try:
            file.flush()
            os.fsync(file.fileno())
            written = os.fstat(file.fileno())
        finally:
            file.close()
        try:
            now = os.stat(self.name)
        except FileNotFoundError:
            raise FileNotFoundError(
                errno.ENOENT, "its temporary file vanished before it was complete", self.name
            ) from None
        if (now.st_dev, now.st_ino) != (written.st_dev, written.st_ino):
            raise FileNotFoundError(
                errno.ENOENT, "its temporary file was replaced by another", self.name
            )
        os.replace(self.name, self.target)

    def discard(self, file: IO[bytes] | None) -> None:
        """Close and remove the temporary file, as far as can be (blocking)."""
        if file is not None:
            with contextlib.suppress(OSError):
                file.close()
        with contextlib.suppress(OSError):
            os.unlink(self.name)


def _refused(path: str, what: str, cause: OSError) -> DestinationError:
    return DestinationError(
        f"The export's destination {path!r} {what}: {_reason(cause)}.", cause=cause
    )


def _reason(cause: OSError) -> str:
    return cause.strerror or str(cause) or type(cause).__name__


def _position(file: Any) -> int | None:
    try:
        if file.seekable():
            return int(file.tell())
    except (AttributeError, OSError, ValueError):
        pass
    return None

"""Which HTTP transport carries requests, decided on first use by the running event loop.

- asyncio, with the ``fast`` extra installed (aiohttp + httpx-aiohttp): an aiohttp-backed
  transport. httpx's own asyncio pool degrades sharply with many concurrent requests
  (encode/httpx#3215); aiohttp's does not.
- trio (aiohttp is asyncio-only), or without the extra: httpx's own transport, pool-sized to
  ``max_concurrency`` (the pipeline's limiter keeps excess requests out of the pool).

Both are built with no retries of their own: tenacity in ``_retry`` is the only retry
layer. The aiohttp transport's errors are re-mapped here, precisely: httpx-aiohttp maps
every ``aiohttp.ClientConnectionError`` — a server disconnecting after it read the request
included — to ``httpx.ConnectTimeout``, which would tell the pipeline "never sent" about a
send the server may have performed.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import httpx

__all__ = ["AutoTransport", "fast_transport_available"]


def fast_transport_available() -> bool:
    """Whether the ``fast`` extra (aiohttp + httpx-aiohttp) is importable."""
    try:
        import aiohttp  # noqa: F401
        import httpx_aiohttp  # noqa: F401
    except ImportError:
        return False
    return True


def _on_asyncio() -> bool:
    # Not sniffio: anyio no longer guarantees it. Under trio no asyncio loop is running.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _precise(exc: httpx.TransportError) -> httpx.TransportError:
    import aiohttp

    cause = exc.__cause__
    message = str(exc) or type(cause).__name__
    # Order matters: the more specific aiohttp classes first.
    if isinstance(cause, getattr(aiohttp, "ConnectionTimeoutError", ())):
        return httpx.ConnectTimeout(message)
    if isinstance(cause, aiohttp.ClientConnectorError):
        return httpx.ConnectError(message)  # no connection: nothing was sent
    if isinstance(cause, (aiohttp.ServerTimeoutError, TimeoutError)):
        return httpx.ReadTimeout(message)
    if isinstance(cause, aiohttp.ServerDisconnectedError):
        return httpx.RemoteProtocolError(message)
    if isinstance(cause, (aiohttp.ClientPayloadError, aiohttp.ClientOSError)):
        return httpx.ReadError(message)
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)) and cause is not None:
        # Anything else httpx-aiohttp called a connect failure is not proven to be one.
        return httpx.ReadError(message)
    return exc


@contextmanager
def _precise_errors() -> Iterator[None]:
    try:
        yield
    except httpx.TransportError as exc:
        mapped = _precise(exc)
        if mapped is exc:
            raise
        raise mapped from exc.__cause__


class _PreciseStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream) -> None:
        self._inner = inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _precise_errors():
            async for chunk in self._inner:
                yield chunk

    async def aclose(self) -> None:
        with _precise_errors():
            await self._inner.aclose()


class _AiohttpTransport(httpx.AsyncBaseTransport):
    """httpx-aiohttp's transport with errors that say whether the request may have left."""

    def __init__(self, *, verify: bool | str | ssl.SSLContext, limits: httpx.Limits) -> None:
        from httpx_aiohttp import AiohttpTransport

        self._inner = AiohttpTransport(verify=verify, limits=limits, trust_env=False)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        with _precise_errors():
            response = await self._inner.handle_async_request(request)
        assert isinstance(response.stream, httpx.AsyncByteStream)
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_PreciseStream(response.stream),
            extensions=response.extensions,
            request=request,
        )

    async def aclose(self) -> None:
        await self._inner.aclose()


class AutoTransport(httpx.AsyncBaseTransport):
    """Builds the best transport for the event loop that first uses it (see module doc).

    ``prefer`` is ``"auto"``, ``"httpx"`` (always httpx's own) or ``"aiohttp"`` (asyncio only;
    an error without the extra).
    """

    def __init__(
        self,
        *,
        verify: bool | str | ssl.SSLContext,
        limits: httpx.Limits,
        prefer: str = "auto",
    ) -> None:
        if prefer not in ("auto", "httpx", "aiohttp"):
            raise ValueError(f"unknown transport {prefer!r}")
        if prefer == "aiohttp" and not fast_transport_available():
            raise ImportError('transport="aiohttp" needs the extra: pip install "smscx[fast]"')
        self._verify = verify
        self._limits = limits
        self._prefer = prefer
        self._inner: httpx.AsyncBaseTransport | None = None
        self.kind: str | None = None

    def _build(self) -> httpx.AsyncBaseTransport:
        if _on_asyncio() and self._prefer != "httpx" and fast_transport_available():
            self.kind = "aiohttp"
            return _AiohttpTransport(verify=self._verify, limits=self._limits)
        self.kind = "httpx"
        return httpx.AsyncHTTPTransport(verify=self._verify, limits=self._limits, retries=0)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        inner = self._inner
        if inner is None:
            inner = self._inner = self._build()
        return await inner.handle_async_request(request)

    async def aclose(self) -> None:
        if self._inner is not None:
            await self._inner.aclose()

    def __repr__(self) -> str:
        return f"AutoTransport(kind={self.kind!r})"

"""What every namespace shares: the client it belongs to, and the way it calls the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from smscx._download import Destination, DownloadSink
from smscx._paging import AsyncPaginator
from smscx._pipeline import Endpoint

if TYPE_CHECKING:
    from smscx._client import AsyncSmsClient

__all__ = ["Resource"]

R = TypeVar("R")


class Resource:
    """A namespace of an :class:`~smscx.AsyncSmsClient` (or of a ``with_options`` copy: its
    calls take that copy's settings)."""

    __slots__ = ("_client",)

    def __init__(self, client: AsyncSmsClient) -> None:
        self._client = client

    async def _call(self, endpoint: Endpoint[R], **arguments: Any) -> R:
        client = self._client
        return await client._pipeline.call(endpoint, client._options, **arguments)

    def _pages(
        self,
        endpoint: Endpoint[Any],
        query: Mapping[str, object],
        *,
        next: str | None,
        previous: str | None,
        path_id: object = None,
    ) -> AsyncPaginator[Any]:
        """A paged list: the first page from the caller's ``next`` or ``previous`` cursor
        (or the start), each later one from the page before's ``next``; ``query`` is the
        rest of the query (``limit``, filters), the same on every page."""

        async def fetch(cursor: str | None) -> Any:
            cursors = {"next": next, "previous": previous} if cursor is None else {"next": cursor}
            return await self._call(endpoint, path_id=path_id, query={**query, **cursors})

        return AsyncPaginator(fetch, route=f"{endpoint.method} {endpoint.path}")

    async def _download(
        self,
        endpoint: Endpoint[Any],
        to: Destination | None,
        *,
        path_id: object = None,
        query: Mapping[str, object] | None = None,
    ) -> bytes | int:
        """An export: its bytes when ``to`` is ``None``, else the number of bytes written."""
        client = self._client
        options = client._options
        sink = DownloadSink(to, limit=options.max_response_size)
        complete = False
        try:
            await client._pipeline.download(endpoint, options, sink, path_id=path_id, query=query)
            complete = True
        finally:
            await sink.close(complete=complete)
        return sink.value() if to is None else sink.written

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

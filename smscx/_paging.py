"""Cursor paging: one page of a list route, and every item across its pages.

A list method returns an :class:`AsyncPaginator`: awaited, it is the first page
(:class:`AsyncPage`: ``.data``, ``.info``, ``.paging``, and ``next_page()``); iterated with
``async for``, it is every item of every page, each page fetched only when the one before
is used up. A page is an ordinary call of the pipeline: retried, rate-limited, bounded,
with typed errors. :class:`~smscx.SmsClient` gets the blocking face of the same pages.

A walk ends even when the server's cursors do not: each page knows the ``next`` cursors
followed to reach it, and a page whose ``next`` is one of them is an
:class:`~smscx.APIResponseValidationError` (naming the cursor and the route) instead of a
fetch. The check is in :meth:`AsyncPage.next_page`, so ``async for``, a loop of
``next_page()`` calls and the blocking pages all have it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Sequence
from typing import Any, Generic, Protocol, TypeVar

from .errors import APIResponseValidationError, excerpt
from .models import Paging

__all__ = ["AsyncPage", "AsyncPaginator", "PagedResponse"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class PagedResponse(Protocol[T_co]):
    """What a list route answers: its items and where they sit."""

    @property
    def data(self) -> Sequence[T_co]: ...

    @property
    def paging(self) -> Paging: ...


#: Fetch the page at a cursor (``None``: the first page).
Fetch = Callable[[str | None], Awaitable[PagedResponse[T]]]


class AsyncPage(Generic[T]):
    """One page of a list: ``data`` (its items), ``response`` (the whole answer, with its
    ``info`` and metadata) and ``paging``; :meth:`next_page` fetches the one after."""

    __slots__ = ("_fetch", "_followed", "_route", "response")

    def __init__(
        self,
        response: PagedResponse[T],
        fetch: Fetch[T],
        *,
        route: str | None = None,
        followed: frozenset[str] = frozenset(),
    ) -> None:
        self.response = response
        self._fetch = fetch
        self._route = route
        # The cursors followed from the first page of the walk to this one. Each page has
        # its own set, not one shared by the walk: walking on from the same page twice (a
        # second ``async for``, ``next_page()`` called again after a failure) is no loop.
        self._followed = followed

    @property
    def data(self) -> Sequence[T]:
        """The items of this page."""
        return self.response.data

    @property
    def paging(self) -> Paging:
        """The cursors of the pages around this one."""
        return self.response.paging

    @property
    def info(self) -> Any:
        """The list's ``info`` (totals and the like), as the route answers it."""
        return getattr(self.response, "info", None)

    def has_next_page(self) -> bool:
        """Whether a page follows this one."""
        return bool(self.response.paging.next)

    async def next_page(self) -> AsyncPage[T] | None:
        """The next page, fetched now; ``None`` after the last one.

        A ``next`` cursor already followed on the way to this page would walk the same pages
        for ever: it is an :class:`~smscx.APIResponseValidationError`, and nothing is fetched.
        """
        cursor = self.response.paging.next
        if not cursor:
            return None
        if cursor in self._followed:
            raise self._repeated(cursor)
        return AsyncPage(
            await self._fetch(cursor),
            self._fetch,
            route=self._route,
            followed=self._followed | {cursor},
        )

    def _repeated(self, cursor: str) -> APIResponseValidationError:
        meta = getattr(self.response, "meta", None)
        return APIResponseValidationError(
            f"{self._route or 'A list'}: the page's next cursor {cursor!r:.80} was followed "
            "before in this walk; the pages would repeat for ever.",
            status_code=getattr(meta, "status_code", None) or 200,
            request_id=getattr(meta, "request_id", None),
            body_excerpt=excerpt(repr(self.paging)),
        )

    def __aiter__(self) -> AsyncIterator[T]:
        """Every item from this page on, fetching each next page when it is needed."""
        return _Items(self)

    def __repr__(self) -> str:
        return f"AsyncPage({len(self.data)} items, next={self.paging.next!r})"


class AsyncPaginator(Generic[T]):
    """What a list method returns: ``await`` it for the first page, ``async for`` over it for
    every item of every page. ``route`` (``"GET /optouts"``) names the list in errors."""

    __slots__ = ("_fetch", "_route")

    def __init__(self, fetch: Fetch[T], *, route: str | None = None) -> None:
        self._fetch = fetch
        self._route = route

    async def _first(self) -> AsyncPage[T]:
        return AsyncPage(await self._fetch(None), self._fetch, route=self._route)

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._first().__await__()

    def __aiter__(self) -> AsyncIterator[T]:
        return _Items(None, self._first)


class _Items(AsyncIterator[T]):
    """The items of a page and the pages after it. A class, not an async generator: a
    loop that stops early leaves nothing to finalise (trio warns about a generator that
    is collected unfinished)."""

    __slots__ = ("_first", "_index", "_page")

    def __init__(
        self, page: AsyncPage[T] | None, first: Callable[[], Awaitable[AsyncPage[T]]] | None = None
    ) -> None:
        self._page = page
        self._first = first
        self._index = 0

    async def __anext__(self) -> T:
        if self._page is None:
            if self._first is None:
                raise StopAsyncIteration
            self._page, self._first = await self._first(), None
        while self._index >= len(self._page.data):
            following = await self._page.next_page()
            if following is None:
                self._first = None
                raise StopAsyncIteration
            self._page, self._index = following, 0
        item = self._page.data[self._index]
        self._index += 1
        return item

"""What every namespace shares: the async class's base, its blocking twin's, and the twins.

A namespace module declares its endpoints, then its async class (a :class:`Namespace`), then
the blocking twin (a :class:`BlockingNamespace`), whose every method is one line::

    class BlockingAccountApi(BlockingNamespace):
        get_account_balance = blocking(AccountApi.get_account_balance)

:func:`blocking` keeps the async method's signature and docstring and runs the same
coroutine on the :class:`~smscx.SmsClient`'s loop; ``tests/test_layout.py`` checks that no
method is missing a twin.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Coroutine, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar

from smscx._download import Destination, DownloadSink
from smscx._migration import unexpected_argument
from smscx._paging import AsyncPage, AsyncPaginator
from smscx._pipeline import Endpoint
from smscx._validation import given
from smscx.models import Paging

if TYPE_CHECKING:
    from smscx._blocking import SmsClient
    from smscx._client import AsyncSmsClient

__all__ = [
    "BlockingNamespace",
    "Namespace",
    "SyncPage",
    "blocking",
    "blocking_export",
    "blocking_pages",
    "keywords",
    "on_client",
]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
NamespaceT = TypeVar("NamespaceT", bound="Namespace")


def keywords(names: dict[str, Any]) -> dict[str, Any]:
    """A method's keyword arguments that were given (not ``None``: left to the API's
    default), from its ``locals()``, without ``self`` and ``request``."""
    return given(**{k: v for k, v in names.items() if k not in ("self", "request")})


class Namespace:
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


class BlockingNamespace:
    """A namespace of a :class:`~smscx.SmsClient`: the blocking face of an async one."""

    __slots__ = ("_sms",)

    def __init__(self, sms: SmsClient) -> None:
        self._sms = sms

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._sms!r})"


def _namespace_of(method: Callable[..., Any]) -> type[Namespace]:
    """The async class that defines ``method``. Twins are declared in the same module,
    after it, so the class already exists when :func:`blocking` looks it up."""
    owner = getattr(sys.modules[method.__module__], method.__qualname__.split(".")[0], None)
    if not (isinstance(owner, type) and issubclass(owner, Namespace)):
        raise TypeError(f"{method.__qualname__} is not a method of a Namespace class")
    return owner


def _runner(
    method: Callable[..., Coroutine[Any, Any, R]],
) -> Callable[..., Coroutine[Any, Any, R]]:
    """``method`` as the blocking face runs it: on the loop's client, on its namespace."""
    namespace = _namespace_of(method)

    def on(client: AsyncSmsClient, /, *args: Any, **kwargs: Any) -> Coroutine[Any, Any, R]:
        return method(namespace(client), *args, **kwargs)

    on.__name__ = method.__name__
    on.__qualname__ = method.__qualname__
    return on


def blocking(
    method: Callable[Concatenate[NamespaceT, P], Coroutine[Any, Any, R]],
) -> Callable[Concatenate[BlockingNamespace, P], R]:
    """The blocking twin of a namespace's ``method``: the same signature, the same
    coroutine, run on the client's loop against that loop's client (with the copy's
    settings)."""
    on = _runner(method)

    @functools.wraps(method)
    def call(self: BlockingNamespace, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return self._sms._run(on, *args, **kwargs)

    call.__doc__ = f"Blocking ``{method.__qualname__}``.\n\n{method.__doc__ or ''}"
    return call


def blocking_export(
    method: Callable[..., Coroutine[Any, Any, Any]],
) -> Callable[..., Any]:
    """The blocking twin of an export: its text or bytes, or with ``to`` the number of
    bytes written. (An export's overloads do not survive ``ParamSpec``.)"""
    return blocking(method)


def blocking_pages(
    method: Callable[Concatenate[NamespaceT, P], AsyncPaginator[T]],
) -> Callable[Concatenate[BlockingNamespace, P], SyncPage[T]]:
    """The blocking twin of a list method: its first page, fetched, as a :class:`SyncPage`."""
    namespace = _namespace_of(method)

    async def first(client: AsyncSmsClient, /, *args: Any, **kwargs: Any) -> AsyncPage[T]:
        return await method(namespace(client), *args, **kwargs)  # type: ignore[arg-type]

    first.__name__ = method.__name__
    first.__qualname__ = method.__qualname__

    @functools.wraps(method)
    def call(self: BlockingNamespace, /, *args: P.args, **kwargs: P.kwargs) -> SyncPage[T]:
        return SyncPage(self._sms._run(first, *args, **kwargs), self._sms)

    call.__doc__ = f"Blocking ``{method.__qualname__}``: the first page.\n\n{method.__doc__ or ''}"
    return call


def on_client(
    method: Callable[Concatenate[NamespaceT, P], Coroutine[Any, Any, R]],
    attribute: str,
) -> Callable[Concatenate[AsyncSmsClient, P], Coroutine[Any, Any, R]]:
    """``method`` of the client's namespace ``attribute``, offered on the client itself, as
    ``client.send_sms`` is ``client.sms.send_sms``: the same signature and docstring."""

    @functools.wraps(method)
    def call(self: AsyncSmsClient, /, *args: P.args, **kwargs: P.kwargs) -> Coroutine[Any, Any, R]:
        try:
            return method(getattr(self, attribute), *args, **kwargs)
        except TypeError as exc:  # binding failed: name the method as the caller spelled it
            owner = method.__qualname__.split(".")[0]
            renamed = str(exc).replace(f"{owner}.", "AsyncSmsClient.", 1)
            raise unexpected_argument(TypeError(renamed), kwargs, "AsyncSmsClient") from None

    call.__qualname__ = f"AsyncSmsClient.{method.__name__}"
    return call


class SyncPage(Generic[T]):
    """One page of a list, for :class:`~smscx.SmsClient`: ``data``, ``info``, ``paging``,
    :meth:`next_page`; a plain ``for`` over it walks every item from it on, each next page
    fetched on the client's loop when it is needed."""

    __slots__ = ("_page", "_sms")

    def __init__(self, page: AsyncPage[T], sms: SmsClient) -> None:
        self._page = page
        self._sms = sms

    @property
    def data(self) -> Sequence[T]:
        """The items of this page."""
        return self._page.data

    @property
    def paging(self) -> Paging:
        """The cursors of the pages around this one."""
        return self._page.paging

    @property
    def info(self) -> Any:
        """The list's ``info``, as the route answers it."""
        return self._page.info

    @property
    def response(self) -> Any:
        """The whole answer of this page, with its metadata."""
        return self._page.response

    def has_next_page(self) -> bool:
        """Whether a page follows this one."""
        return self._page.has_next_page()

    def next_page(self) -> SyncPage[T] | None:
        """The next page, fetched now; ``None`` after the last one."""
        if not self._page.has_next_page():
            return None

        def fetch(client: AsyncSmsClient) -> Coroutine[Any, Any, AsyncPage[T] | None]:
            return self._page.next_page()

        following = self._sms._run(fetch)
        return None if following is None else SyncPage(following, self._sms)

    def __iter__(self) -> Iterator[T]:
        page: SyncPage[T] | None = self
        while page is not None:
            yield from page.data
            page = page.next_page()

    def __repr__(self) -> str:
        return f"SyncPage({len(self.data)} items, next={self.paging.next!r})"

"""``ShortlinksApi``: tracked short links, and who visited them."""

from __future__ import annotations

import urllib.parse
from typing import TypeVar, overload

import attrs

from smscx._download import Destination
from smscx._migration import migration_hints
from smscx._paging import AsyncPaginator
from smscx._pipeline import Endpoint
from smscx._validation import given, request_from
from smscx.errors import ValidationError
from smscx.models import (
    DataShortlinkDetail,
    ShortlinkDeleteResponse,
    ShortlinkDetailsResponse,
    ShortlinkNewRequest,
    ShortlinkNewResponse,
    ShortlinksListResponse,
    ShortlinkUpdateRequest,
    ShortlinkUpdateResponse,
)

from ._namespace import BlockingNamespace, Namespace, blocking, blocking_export, blocking_pages

__all__ = ["BlockingShortlinksApi", "ShortlinksApi", "for_link"]

R = TypeVar("R")

GET_SHORTLINKS_LIST = Endpoint("GET", "/shortlinks", ShortlinksListResponse)
CREATE_SHORTLINK = Endpoint(
    "POST", "/shortlinks", ShortlinkNewResponse, ShortlinkNewRequest, creates=True
)
# A short link's id is a short string ("KgTX"), neither a UUID nor a number: each method
# fills ``{shortId}`` itself, through for_link.
GET_SHORTLINK_HITS = Endpoint("GET", "/shortlinks/{shortId}", ShortlinkDetailsResponse)
UPDATE_SHORTLINK = Endpoint(
    "PATCH",
    "/shortlinks/{shortId}",
    ShortlinkUpdateResponse,
    ShortlinkUpdateRequest,
    creates=True,
    no_content=True,
)
DELETE_SHORTLINK = Endpoint("DELETE", "/shortlinks/{shortId}", ShortlinkDeleteResponse)
EXPORT_SHORTLINK_HITS_CSV = Endpoint("GET", "/shortlinks/{shortId}/csv", bytes)
EXPORT_SHORTLINK_HITS_XLSX = Endpoint("GET", "/shortlinks/{shortId}/xlsx", bytes)


def for_link(endpoint: Endpoint[R], value: object, field: str) -> Endpoint[R]:
    """``endpoint`` with its path's one ``{...}`` filled by the id ``value`` of a short link
    or an attachment: a non-empty string, percent-encoded (it goes into the URL path)."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            f"`{field}` must be the link's id (a non-empty str), got {value!r:.40}.",
            field=field,
        )
    head, _, rest = endpoint.path.partition("{")
    path = head + urllib.parse.quote(value.strip(), safe="") + rest.partition("}")[2]
    return attrs.evolve(endpoint, path=path)


class ShortlinksApi(Namespace):
    """Tracked short links (``client.shortlinks``): the vendor's ``ShortlinksApi``.

    ::

        link = await client.shortlinks.create_shortlink(url="https://shop.example/sale")
        text = "Sale: {{shortlink:" + link.info.id + "}}"
        await client.send_sms(to=["+33612345678"], from_="Shop", text=text)
        async for hit in client.shortlinks.get_shortlink_hits(link.info.id):
            print(hit.phone_number, hit.device, hit.at)

    In a text, ``{{shortlink:ID}}`` becomes a link of each recipient's own, so each visit
    (a *hit*) is known by phone number; the ``shortlink_hit`` callback reports them as they
    happen (:func:`smscx.webhooks.parse_link_hits`).
    """

    __slots__ = ()

    @migration_hints
    async def get_shortlinks_list(self) -> ShortlinksListResponse:
        """Every short link of the account, most recent first: ``GET /shortlinks``.
        **Not charged**.

        :returns: The links (``data``): id, name, short and original URL, hits, date.
        :raises APIStatusError: An error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_SHORTLINKS_LIST)

    @migration_hints
    async def create_shortlink(
        self,
        request: ShortlinkNewRequest | None = None,
        /,
        *,
        url: str | None = None,
        name: str | None = None,
    ) -> ShortlinkNewResponse:
        """Create a short link to ``url``: ``POST /shortlinks``; its id (for
        ``{{shortlink:ID}}``) is ``.info.id``. **Not charged**.

        :param request: A :class:`~smscx.models.ShortlinkNewRequest` instead of the keyword
            fields (or the vendor's ``smscx_client`` model of that name); never both.
        :param url: The long URL the link leads to. Required.
        :param name: The link's name, 3 to 25 characters (the API names it ``Short link
            #N`` when left out).
        :returns: The link: ``info.id``, ``info.name``, ``info.short_url``,
            ``info.original_url``.
        :raises InvalidRequestError: No ``url`` (1401), one that is not a valid URL (1402),
            a name not of 3 to 25 characters (1404), or a short id the account already has
            (1405).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        body = request_from(ShortlinkNewRequest, request, given(url=url, name=name))
        return await self._call(CREATE_SHORTLINK, body=body)

    def get_shortlink_hits(
        self,
        short_id: str,
        *,
        short_response: bool | None = None,
        limit: int | None = None,
        next: str | None = None,
        previous: str | None = None,
    ) -> AsyncPaginator[DataShortlinkDetail]:
        """The visits to a short link, most recent first: ``GET /shortlinks/{shortId}``,
        paged by cursor. **Not charged**.

        ``await`` it for one page (``.info`` is the link, with its total ``hits``);
        ``async for`` over it for every hit.

        :param short_id: The link's id (``info.id`` of :meth:`create_shortlink`).
        :param short_response: ``True``: the link (``.info``) and no hits (API default:
            ``False``).
        :param limit: Items per page (API default: 500).
        :param next: Start at the page after an earlier one: its ``paging.next`` cursor.
        :param previous: Start at the page before an earlier one: its ``paging.previous``
            cursor.
        :returns: The pages: ``await`` it for the first (``.data``, ``.info``, ``.paging``,
            ``.next_page()``), ``async for`` over it for every hit, each page fetched when
            needed. (Blocking: the first page, a :class:`~smscx.SyncPage`.)
        :raises ValidationError: At once, before anything is sent: ``short_id`` is not a
            non-empty string.
        :raises NotFoundError: The account has no short link with this id (1400).
        :raises APIStatusError: When a page is fetched, any other error answer:
            :class:`~smscx.AuthenticationError` (401), :class:`~smscx.RateLimitError` (429),
            :class:`~smscx.ServerError` (5xx) once the retries are spent.
        :raises APIConnectionError: When a page is fetched, no answer once the retries are
            spent (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or while a page was fetched.
        """
        endpoint = for_link(GET_SHORTLINK_HITS, short_id, "short_id")
        flag = None if short_response is None else ("true" if short_response else "false")
        return self._pages(
            endpoint,
            {"short_response": flag, "limit": limit},
            next=next,
            previous=previous,
        )

    @migration_hints
    async def update_shortlink(
        self,
        short_id: str,
        request: ShortlinkUpdateRequest | None = None,
        /,
        *,
        name: str | None = None,
        url: str | None = None,
    ) -> ShortlinkUpdateResponse | None:
        """Rename a short link or point it elsewhere: ``PATCH /shortlinks/{shortId}``; what
        is left out keeps its value. **Not charged**.

        Links already sent lead to the new ``url`` from then on.

        :param short_id: The link's id.
        :param request: A :class:`~smscx.models.ShortlinkUpdateRequest` instead of the
            keyword fields (or the vendor's ``smscx_client`` model); never both.
        :param name: The new name, 3 to 25 characters, not another link's.
        :param url: The new long URL.
        :returns: The link's id (``info.id``); ``None`` when nothing changed (the API
            answers 204: the link already had these values).
        :raises ValidationError: Before anything is sent: ``short_id`` is not a non-empty
            string.
        :raises NotFoundError: The account has no short link with this id (1400).
        :raises InvalidRequestError: Neither ``name`` nor ``url`` (1406), a URL that is empty
            (1401) or not valid (1402), a name not of 3 to 25 characters (1404), or one
            another link of the account has (1407).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        endpoint = for_link(UPDATE_SHORTLINK, short_id, "short_id")
        body = request_from(ShortlinkUpdateRequest, request, given(name=name, url=url))
        return await self._call(endpoint, body=body)

    @migration_hints
    async def delete_shortlink(self, short_id: str) -> ShortlinkDeleteResponse:
        """Delete a short link and its hits: ``DELETE /shortlinks/{shortId}``.
        **Not charged**.

        :param short_id: The link's id.
        :returns: The id of the link deleted (``info.id``).
        :raises ValidationError: Before anything is sent: ``short_id`` is not a non-empty
            string.
        :raises NotFoundError: The account has no short link with this id (1400); with
            ``maybe_sent=True``, an earlier attempt most likely deleted it.
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        endpoint = for_link(DELETE_SHORTLINK, short_id, "short_id")
        return await self._call(endpoint)

    @overload
    async def export_shortlink_hits_to_csv(self, short_id: str, *, to: None = ...) -> str: ...
    @overload
    async def export_shortlink_hits_to_csv(self, short_id: str, *, to: Destination) -> int: ...
    async def export_shortlink_hits_to_csv(
        self, short_id: str, *, to: Destination | None = None
    ) -> str | int:
        """A short link's hits as CSV: ``GET /shortlinks/{shortId}/csv``; the text, or with
        ``to`` (a path, a binary file, an async writer) the bytes streamed there as they
        arrive. **Not charged**. A link without hits gives the header line alone.

        :param short_id: The link's id.
        :param to: Where to write the file as it arrives, never held whole: a path
            (replaced only once the export is whole), a binary file, or an object with an
            async ``write``. ``None``: return it.
        :returns: The CSV text, or with ``to`` the number of bytes written.
        :raises ValidationError: Before anything is sent: ``short_id`` is not a non-empty
            string.
        :raises NotFoundError: The account has no short link with this id (1400).
        :raises DestinationError: ``to`` cannot be written (a directory, no permission, a
            full disk); a path is left as it was.
        :raises APIResponseValidationError: The answer was not the export (another content
            type): nothing was written.
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        endpoint = for_link(EXPORT_SHORTLINK_HITS_CSV, short_id, "short_id")
        got = await self._download(endpoint, to)
        return got.decode("utf-8") if isinstance(got, bytes) else got

    @overload
    async def export_shortlink_hits_to_xlsx(self, short_id: str, *, to: None = ...) -> bytes: ...
    @overload
    async def export_shortlink_hits_to_xlsx(self, short_id: str, *, to: Destination) -> int: ...
    async def export_shortlink_hits_to_xlsx(
        self, short_id: str, *, to: Destination | None = None
    ) -> bytes | int:
        """A short link's hits as an XLSX workbook: ``GET /shortlinks/{shortId}/xlsx``; its
        bytes, or with ``to`` the bytes written there (as for the CSV export).
        **Not charged**.

        :param short_id: The link's id.
        :param to: Where to write the file as it arrives, never held whole: a path
            (replaced only once the export is whole), a binary file, or an object with an
            async ``write``. ``None``: return it.
        :returns: The workbook's bytes, or with ``to`` the number of bytes written.
        :raises ValidationError: Before anything is sent: ``short_id`` is not a non-empty
            string.
        :raises NotFoundError: The account has no short link with this id (1400).
        :raises DestinationError: ``to`` cannot be written (a directory, no permission, a
            full disk); a path is left as it was.
        :raises APIResponseValidationError: The answer was not the export (another content
            type): nothing was written.
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        endpoint = for_link(EXPORT_SHORTLINK_HITS_XLSX, short_id, "short_id")
        return await self._download(endpoint, to)


class BlockingShortlinksApi(BlockingNamespace):
    """``SmsClient.shortlinks``: :class:`~smscx.ShortlinksApi`, blocking."""

    __slots__ = ()

    get_shortlinks_list = blocking(ShortlinksApi.get_shortlinks_list)
    create_shortlink = blocking(ShortlinksApi.create_shortlink)
    get_shortlink_hits = blocking_pages(ShortlinksApi.get_shortlink_hits)
    update_shortlink = blocking(ShortlinksApi.update_shortlink)
    delete_shortlink = blocking(ShortlinksApi.delete_shortlink)
    export_shortlink_hits_to_csv = blocking_export(ShortlinksApi.export_shortlink_hits_to_csv)
    export_shortlink_hits_to_xlsx = blocking_export(ShortlinksApi.export_shortlink_hits_to_xlsx)

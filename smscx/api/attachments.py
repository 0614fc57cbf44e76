"""``AttachmentsApi``: tracked files, and who opened them."""

from __future__ import annotations

from typing import overload

from smscx._download import Destination
from smscx._migration import migration_hints
from smscx._paging import AsyncPaginator
from smscx._pipeline import Endpoint
from smscx.models import (
    AttachmentDeleteResponse,
    AttachmentDetailsResponse,
    AttachmentListResponse,
    DataShortlinkDetail,
)

from ._namespace import BlockingNamespace, Namespace, blocking, blocking_export, blocking_pages
from .shortlinks import for_link

__all__ = ["AttachmentsApi", "BlockingAttachmentsApi"]

GET_ATTACHMENTS_LIST = Endpoint("GET", "/attachments", AttachmentListResponse)
# An attachment's id is a short string: each method fills ``{attachmentId}`` (for_link).
GET_ATTACHMENT_HITS = Endpoint("GET", "/attachments/{attachmentId}", AttachmentDetailsResponse)
DELETE_ATTACHMENT = Endpoint("DELETE", "/attachments/{attachmentId}", AttachmentDeleteResponse)
EXPORT_ATTACHMENT_HITS_CSV = Endpoint("GET", "/attachments/{attachmentId}/csv", bytes)
EXPORT_ATTACHMENT_HITS_XLSX = Endpoint("GET", "/attachments/{attachmentId}/xlsx", bytes)


class AttachmentsApi(Namespace):
    """Tracked files (``client.attachments``): the vendor's ``AttachmentsApi``.

    ::

        listed = await client.attachments.get_attachments_list()
        brochure = listed.data[0]
        text = "Our brochure: {{attachement:" + brochure.id + "}}"
        await client.send_sms(to=["+33612345678"], from_="Shop", text=text)
        async for hit in client.attachments.get_attachment_hits(brochure.id):
            print(hit.phone_number, hit.at)

    Files are uploaded in the dashboard, not through the API. In a text,
    ``{{attachement:ID}}`` (the API's spelling) becomes a link of each recipient's own; the
    ``attachment_hit`` callback reports each visit (:func:`smscx.webhooks.parse_link_hits`).
    """

    __slots__ = ()

    @migration_hints
    async def get_attachments_list(self) -> AttachmentListResponse:
        """Every attachment of the account, most recent first: ``GET /attachments``.
        **Not charged**.

        :returns: The attachments (``data``): id, name, short URL, file URL and type, hits,
            date.
        :raises APIStatusError: An error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_ATTACHMENTS_LIST)

    def get_attachment_hits(
        self,
        attachment_id: str,
        *,
        short_response: bool | None = None,
        limit: int | None = None,
        next: str | None = None,
        previous: str | None = None,
    ) -> AsyncPaginator[DataShortlinkDetail]:
        """The visits to an attachment, most recent first: ``GET
        /attachments/{attachmentId}``, paged by cursor. **Not charged**.

        ``await`` it for one page (``.info`` is the attachment, with its total ``hits``);
        ``async for`` over it for every hit.

        :param attachment_id: The attachment's id (``id`` in :meth:`get_attachments_list`).
        :param short_response: ``True``: the attachment (``.info``) and no hits (API
            default: ``False``).
        :param limit: Items per page (API default: 500).
        :param next: Start at the page after an earlier one: its ``paging.next`` cursor.
        :param previous: Start at the page before an earlier one: its ``paging.previous``
            cursor.
        :returns: The pages: ``await`` it for the first (``.data``, ``.info``, ``.paging``,
            ``.next_page()``), ``async for`` over it for every hit, each page fetched when
            needed. (Blocking: the first page, a :class:`~smscx.SyncPage`.)
        :raises ValidationError: At once, before anything is sent: ``attachment_id`` is not
            a non-empty string.
        :raises NotFoundError: The account has no attachment with this id (1420).
        :raises APIStatusError: When a page is fetched, any other error answer:
            :class:`~smscx.AuthenticationError` (401), :class:`~smscx.RateLimitError` (429),
            :class:`~smscx.ServerError` (5xx) once the retries are spent.
        :raises APIConnectionError: When a page is fetched, no answer once the retries are
            spent (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or while a page was fetched.
        """
        endpoint = for_link(GET_ATTACHMENT_HITS, attachment_id, "attachment_id")
        flag = None if short_response is None else ("true" if short_response else "false")
        return self._pages(
            endpoint,
            {"short_response": flag, "limit": limit},
            next=next,
            previous=previous,
        )

    @migration_hints
    async def delete_attachment(self, attachment_id: str) -> AttachmentDeleteResponse:
        """Delete an attachment and its hits: ``DELETE /attachments/{attachmentId}``.
        **Not charged**.

        :param attachment_id: The attachment's id.
        :returns: The id of the attachment deleted (``info.id``).
        :raises ValidationError: Before anything is sent: ``attachment_id`` is not a
            non-empty string.
        :raises NotFoundError: The account has no attachment with this id (1420); with
            ``maybe_sent=True``, an earlier attempt most likely deleted it.
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        endpoint = for_link(DELETE_ATTACHMENT, attachment_id, "attachment_id")
        return await self._call(endpoint)

    @overload
    async def export_attachment_hits_to_csv(self, attachment_id: str, *, to: None = ...) -> str: ...
    @overload
    async def export_attachment_hits_to_csv(
        self, attachment_id: str, *, to: Destination
    ) -> int: ...
    async def export_attachment_hits_to_csv(
        self, attachment_id: str, *, to: Destination | None = None
    ) -> str | int:
        """An attachment's hits as CSV: ``GET /attachments/{attachmentId}/csv``; the text,
        or with ``to`` (a path, a binary file, an async writer) the bytes streamed there as
        they arrive. **Not charged**. An attachment without hits gives the header line alone.

        :param attachment_id: The attachment's id.
        :param to: Where to write the file as it arrives, never held whole: a path
            (replaced only once the export is whole), a binary file, or an object with an
            async ``write``. ``None``: return it.
        :returns: The CSV text, or with ``to`` the number of bytes written.
        :raises ValidationError: Before anything is sent: ``attachment_id`` is not a
            non-empty string.
        :raises NotFoundError: The account has no attachment with this id (1420).
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
        endpoint = for_link(EXPORT_ATTACHMENT_HITS_CSV, attachment_id, "attachment_id")
        got = await self._download(endpoint, to)
        return got.decode("utf-8") if isinstance(got, bytes) else got

    @overload
    async def export_attachment_hits_to_xlsx(
        self, attachment_id: str, *, to: None = ...
    ) -> bytes: ...
    @overload
    async def export_attachment_hits_to_xlsx(
        self, attachment_id: str, *, to: Destination
    ) -> int: ...
    async def export_attachment_hits_to_xlsx(
        self, attachment_id: str, *, to: Destination | None = None
    ) -> bytes | int:
        """An attachment's hits as an XLSX workbook: ``GET
        /attachments/{attachmentId}/xlsx``; its bytes, or with ``to`` the bytes written
        there (as for the CSV export). **Not charged**.

        :param attachment_id: The attachment's id.
        :param to: Where to write the file as it arrives, never held whole: a path
            (replaced only once the export is whole), a binary file, or an object with an
            async ``write``. ``None``: return it.
        :returns: The workbook's bytes, or with ``to`` the number of bytes written.
        :raises ValidationError: Before anything is sent: ``attachment_id`` is not a
            non-empty string.
        :raises NotFoundError: The account has no attachment with this id (1420).
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
        endpoint = for_link(EXPORT_ATTACHMENT_HITS_XLSX, attachment_id, "attachment_id")
        return await self._download(endpoint, to)


class BlockingAttachmentsApi(BlockingNamespace):
    """``SmsClient.attachments``: :class:`~smscx.AttachmentsApi`, blocking."""

    __slots__ = ()

    get_attachments_list = blocking(AttachmentsApi.get_attachments_list)
    get_attachment_hits = blocking_pages(AttachmentsApi.get_attachment_hits)
    delete_attachment = blocking(AttachmentsApi.delete_attachment)
    export_attachment_hits_to_csv = blocking_export(AttachmentsApi.export_attachment_hits_to_csv)
    export_attachment_hits_to_xlsx = blocking_export(AttachmentsApi.export_attachment_hits_to_xlsx)

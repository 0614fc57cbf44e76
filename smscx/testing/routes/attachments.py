"""``AttachmentsApi``: tracked files, kept by the emulator.

The real service takes attachments as uploads in its dashboard, not through the API, so the
emulator's come from a control (:meth:`AttachmentService.add`, or the ids given to
``Emulator(attachments=...)``). Links, hits, reports and callbacks work as a short link's
(:mod:`.shortlinks`): ``{{attachement:ID}}`` in a text, an ``attachment_hit`` callback per
visit, posted to :attr:`~.shortlinks.LinkService.callback_url`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from smscx.models import (
    AttachmentDeleteResponse,
    AttachmentDetailsResponse,
    AttachmentListResponse,
)
from smscx.testing._callbacks import CallbackPoster
from smscx.testing._shared import SharedState
from smscx.testing.wire.call import Reply
from smscx.testing.wire.codec import dumps, format_date

from . import CSV, XLSX, Route
from .shortlinks import LinkService, TrackedLink

__all__ = ["ROUTES", "Attachment", "AttachmentService"]

FILE_HOST = "https://files.sms.cx/"
"""Where the emulator says an attachment's file is (``fileUrl``)."""


@attrs.define(kw_only=True)
class Attachment(TrackedLink):
    """An attachment: the file at ``file_url``, of ``file_type`` (``pdf``, ``jpg`` ...)."""

    file_url: str
    file_type: str


class AttachmentService(LinkService):
    """The emulator's ``AttachmentsApi``: attachments added by :meth:`add` (as an upload in
    the dashboard would), their hits, and the clicks a test makes (:meth:`click`)."""

    kind = "attachment"
    event = "attachment_hit"
    not_found = 1420

    def __init__(
        self, shared: SharedState, callbacks: CallbackPoster, ids: Iterable[str] = ()
    ) -> None:
        super().__init__(shared, callbacks)
        self._initial = tuple(ids)
        self._add_initial()

    def reset(self) -> None:
        """Back to the attachments given to the emulator, without hits."""
        super().reset()
        self._add_initial()

    def _add_initial(self) -> None:
        # Unchecked: on reset the short links may not have forgotten theirs yet.
        with self._state.lock:
            for attachment_id in self._initial:
                self._add(f"{attachment_id}.pdf", None, attachment_id, checked=False)

    def add(
        self,
        name: str,
        *,
        file_type: str | None = None,
        attachment_id: str | None = None,
    ) -> Attachment:
        """Add an attachment as an upload in the dashboard would: ``name`` is the file's
        name; ``file_type`` defaults to its extension; ``attachment_id``: choose its id
        (``None``: a random one).

        :raises ValueError: A short link or attachment already has ``attachment_id``.
        """
        with self._state.lock:
            return self._add(name, file_type, attachment_id)

    def _add(
        self,
        name: str,
        file_type: str | None,
        attachment_id: str | None,
        *,
        checked: bool = True,
    ) -> Attachment:
        if attachment_id is None:
            attachment_id = self._new_id()
        elif checked and self._book is not None and self._book.taken(attachment_id):
            raise ValueError(f"a link already has the id {attachment_id!r}")
        kind = file_type or (name.rpartition(".")[2].lower() if "." in name else "bin")
        attachment = Attachment(
            id=attachment_id,
            name=name,
            created_at=self._state.now().replace(microsecond=0),
            file_url=f"{FILE_HOST}{attachment_id}/{name}",
            file_type=kind,
        )
        self.by_id[attachment_id] = attachment
        return attachment

    # --- the endpoints -------------------------------------------------------------------

    def list(self) -> Reply:
        with self._state.lock:
            newest_first = list(reversed(self.by_id.values()))
        return Reply(200, dumps({"data": [_info(a) for a in newest_first]}))

    def hits_of(self, attachment_id: str, query: Mapping[str, str]) -> Reply:
        attachment, rest = self._hits_page(attachment_id, query)
        return Reply(200, dumps({"info": _info(attachment), **rest}))


def _info(attachment: TrackedLink) -> dict[str, Any]:
    assert isinstance(attachment, Attachment)
    return {
        "id": attachment.id,
        "name": attachment.name,
        "shortUrl": attachment.short_url,
        "fileUrl": attachment.file_url,
        "fileType": attachment.file_type,
        "hits": len(attachment.hits),
        "dateCreated": format_date(attachment.created_at),
    }


ROUTES: tuple[Route[AttachmentService], ...] = (
    Route(
        "GET", "/attachments", "get_attachments_list", lambda s, c: s.list(),
        response=AttachmentListResponse,
    ),
    Route(
        "GET", "/attachments/{attachmentId}", "get_attachment_hits",
        lambda s, c: s.hits_of(c.param, c.query), response=AttachmentDetailsResponse,
    ),
    Route(
        "DELETE", "/attachments/{attachmentId}", "delete_attachment",
        lambda s, c: s.delete(c.param), response=AttachmentDeleteResponse,
    ),
    Route(
        "GET", "/attachments/{attachmentId}/csv", "export_attachment_hits_to_csv",
        lambda s, c: s.export_hits(c.param, "csv"), response=CSV,
    ),
    Route(
        "GET", "/attachments/{attachmentId}/xlsx", "export_attachment_hits_to_xlsx",
        lambda s, c: s.export_hits(c.param, "xlsx"), response=XLSX,
    ),
)  # fmt: skip

"""Models of ``AttachmentsApi``: tracked files (the vendor's ``api/AttachmentsApi.md``).

Attachments are uploaded in the dashboard, not through the API; a text sends one as
``{{attachement:ID}}`` (the API's spelling), a link of each recipient's own, and its visits
(*hits*) are :class:`~smscx.models.DataShortlinkDetail`, as a short link's are.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from ._common import Paging, _Model, _Result
from .shortlinks import DataShortlinkDetail, InfoId


@attrs.frozen(kw_only=True)
class DataAttachment(_Model):
    """An attachment of the account: its link (``short_url``), the file behind it
    (``file_url``, ``file_type``) and how many visits it had."""

    id: str
    name: str
    short_url: str
    file_url: str
    file_type: str
    hits: int
    date_created: datetime


@attrs.frozen(kw_only=True)
class AttachmentListResponse(_Result):
    """Every attachment of the account, most recent first."""

    data: list[DataAttachment]


@attrs.frozen(kw_only=True)
class InfoAttachment(_Model):
    """The attachment a page of hits belongs to."""

    id: str
    name: str
    short_url: str
    file_url: str
    file_type: str
    date_created: datetime
    hits: int


@attrs.frozen(kw_only=True)
class AttachmentDetailsResponse(_Result):
    """One page of an attachment's hits, most recent first: the attachment (``info``), its
    hits (``data``) and the cursors (``paging``)."""

    info: InfoAttachment
    data: list[DataShortlinkDetail]
    paging: Paging


@attrs.frozen(kw_only=True)
class AttachmentDeleteResponse(_Result):
    """Result of ``delete_attachment``: the id of the attachment deleted, with its hits."""

    info: InfoId

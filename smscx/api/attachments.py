"""``AttachmentsApi``: tracked files."""

from __future__ import annotations

from ._namespace import BlockingNamespace, Namespace

__all__ = ["BlockingAttachmentsApi", "AttachmentsApi"]


class AttachmentsApi(Namespace):
    """Tracked files (``client.attachments``): the vendor's ``AttachmentsApi``."""

    __slots__ = ()


class BlockingAttachmentsApi(BlockingNamespace):
    """``SmsClient.attachments``: :class:`~smscx.AttachmentsApi`, blocking."""

    __slots__ = ()

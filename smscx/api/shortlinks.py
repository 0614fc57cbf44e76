"""``ShortlinksApi``: tracked short links."""

from __future__ import annotations

from ._namespace import BlockingNamespace, Namespace

__all__ = ["BlockingShortlinksApi", "ShortlinksApi"]


class ShortlinksApi(Namespace):
    """Tracked short links (``client.shortlinks``): the vendor's ``ShortlinksApi``."""

    __slots__ = ()


class BlockingShortlinksApi(BlockingNamespace):
    """``SmsClient.shortlinks``: :class:`~smscx.ShortlinksApi`, blocking."""

    __slots__ = ()

"""``ViberApi``: Viber messages and campaigns."""

from __future__ import annotations

from ._namespace import BlockingNamespace, Namespace

__all__ = ["BlockingViberApi", "ViberApi"]


class ViberApi(Namespace):
    """Viber messages and campaigns (``client.viber``): the vendor's ``ViberApi``."""

    __slots__ = ()


class BlockingViberApi(BlockingNamespace):
    """``SmsClient.viber``: :class:`~smscx.ViberApi`, blocking."""

    __slots__ = ()

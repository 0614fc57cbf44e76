"""``MultichannelApi``: one message over several channels."""

from __future__ import annotations

from ._namespace import BlockingNamespace, Namespace

__all__ = ["BlockingMultichannelApi", "MultichannelApi"]


class MultichannelApi(Namespace):
    """One message over several channels (``client.multichannel``): ``MultichannelApi``."""

    __slots__ = ()


class BlockingMultichannelApi(BlockingNamespace):
    """``SmsClient.multichannel``: :class:`~smscx.MultichannelApi`, blocking."""

    __slots__ = ()

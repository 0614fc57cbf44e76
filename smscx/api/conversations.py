"""``ConversationsApi``: two-way threads."""

from __future__ import annotations

from ._namespace import BlockingNamespace, Namespace

__all__ = ["BlockingConversationsApi", "ConversationsApi"]


class ConversationsApi(Namespace):
    """Two-way threads (``client.conversations``): the vendor's ``ConversationsApi``."""

    __slots__ = ()


class BlockingConversationsApi(BlockingNamespace):
    """``SmsClient.conversations``: :class:`~smscx.ConversationsApi`, blocking."""

    __slots__ = ()

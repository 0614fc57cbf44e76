"""``WhatsappApi``: WhatsApp messages."""

from __future__ import annotations

from ._namespace import BlockingNamespace, Namespace

__all__ = ["BlockingWhatsappApi", "WhatsappApi"]


class WhatsappApi(Namespace):
    """WhatsApp messages (``client.whatsapp``): the vendor's ``WhatsappApi``."""

    __slots__ = ()


class BlockingWhatsappApi(BlockingNamespace):
    """``SmsClient.whatsapp``: :class:`~smscx.WhatsappApi`, blocking."""

    __slots__ = ()

"""``TemplatesApi``: Viber and WhatsApp templates."""

from __future__ import annotations

from ._namespace import BlockingNamespace, Namespace

__all__ = ["BlockingTemplatesApi", "TemplatesApi"]


class TemplatesApi(Namespace):
    """Viber and WhatsApp templates (``client.templates``): the vendor's ``TemplatesApi``."""

    __slots__ = ()


class BlockingTemplatesApi(BlockingNamespace):
    """``SmsClient.templates``: :class:`~smscx.TemplatesApi`, blocking."""

    __slots__ = ()

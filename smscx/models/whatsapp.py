"""Models of ``WhatsappApi``: WhatsApp messages from approved templates (the vendor's
``api/WhatsappApi.md``).

Single sends only (no campaigns). A send names an approved, locked WhatsApp template
(``template_id``) and fills its placeholders from ``custom_fields``; every message is one
part. The delete answers :class:`~smscx.models.DeleteScheduledMsg` (``channel``
``"whatsapp"``).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ._common import ModelList, _Result
from .viber import _SendInfo, _SentMessage, _TemplateMessageEstimate


@attrs.frozen(kw_only=True)
class SendWhatsappMessageRequestEstimate(_TemplateMessageEstimate):
    """Body of ``POST /whatsapp/estimate``: what a WhatsApp send would cost, not charged."""


@attrs.frozen(kw_only=True)
class SendWhatsappMessageRequest(SendWhatsappMessageRequestEstimate):
    """Body of ``POST /whatsapp``: one WhatsApp template to a number (charged).

    ``idempotency_id`` (a UUID) makes retries safe; the client generates one when it is
    ``None`` and reuses it on every retry of the call.
    """

    idempotency_id: str | None = None


@attrs.frozen(kw_only=True)
class DataWhatsapp(_SentMessage):
    """One WhatsApp message of a send: its id, status and price (``parts`` is always 1)."""


@attrs.frozen(kw_only=True)
class InfoWhatsapp(_SendInfo):
    """The totals of a WhatsApp send or estimate."""


@attrs.frozen(kw_only=True)
class SendWhatsappMessageResponse(_Result):
    """Result of :meth:`~smscx.WhatsappApi.send_whatsapp_message` and its estimate."""

    info: InfoWhatsapp
    data: Sequence[DataWhatsapp] = attrs.field(factory=ModelList)

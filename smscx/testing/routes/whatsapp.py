"""``WhatsappApi``: WhatsApp messages from approved templates, kept by the emulator.

The Viber machinery (:class:`~.viber.ChannelSends`) for the ``whatsapp`` channel: the same
body rules, billing, scheduling, idempotency and delivery reports, WhatsApp templates and
prices (:data:`DEFAULT_WHATSAPP_PRICES`), and single sends only (the API has no WhatsApp
campaigns).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from smscx.models import (
    DeleteScheduledMsg,
    SendWhatsappMessageRequest,
    SendWhatsappMessageRequestEstimate,
    SendWhatsappMessageResponse,
)

from . import Route
from .viber import ChannelSends

__all__ = ["DEFAULT_WHATSAPP_PRICES", "ROUTES", "WhatsappService"]

DEFAULT_WHATSAPP_PRICES: Mapping[str, float | None] = MappingProxyType({"*": 0.045, "KP": None})
"""Price of one WhatsApp message by ISO country (``"*"``: any other; ``None``: none)."""


class WhatsappService(ChannelSends):
    """The emulator's ``WhatsappApi``: single template sends at WhatsApp prices."""

    channel = "whatsapp"
    default_prices = DEFAULT_WHATSAPP_PRICES


ROUTES: tuple[Route[WhatsappService], ...] = (
    Route(
        "POST", "/whatsapp", "send_whatsapp_message",
        lambda s, c: s.send_message(c.json(), path="/whatsapp", estimate=False),
        SendWhatsappMessageRequest, SendWhatsappMessageResponse,
    ),
    Route(
        "POST", "/whatsapp/estimate", "estimate_whatsapp_message",
        lambda s, c: s.send_message(c.json(), path="/whatsapp", estimate=True),
        SendWhatsappMessageRequestEstimate, SendWhatsappMessageResponse,
    ),
    Route(
        "DELETE", "/whatsapp/scheduled/{msgId}", "delete_scheduled_whatsapp_message",
        lambda s, c: s.delete_message(c.param), response=DeleteScheduledMsg,
    ),
)  # fmt: skip

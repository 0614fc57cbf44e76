"""``WhatsappApi``: WhatsApp messages, kept by the emulator."""

from __future__ import annotations

from . import Route

__all__ = ["ROUTES", "WhatsappService"]


class WhatsappService:
    """The emulator's ``WhatsappApi``."""

    def reset(self) -> None:
        """Forget everything kept."""


ROUTES: tuple[Route[WhatsappService], ...] = ()

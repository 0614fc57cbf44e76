"""``ConversationsApi``: two-way threads, kept by the emulator."""

from __future__ import annotations

from . import Route

__all__ = ["ROUTES", "ConversationService"]


class ConversationService:
    """The emulator's ``ConversationsApi``."""

    def reset(self) -> None:
        """Forget everything kept."""


ROUTES: tuple[Route[ConversationService], ...] = ()

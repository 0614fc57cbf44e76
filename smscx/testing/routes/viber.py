"""``ViberApi``: Viber messages and campaigns, kept by the emulator."""

from __future__ import annotations

from . import Route

__all__ = ["ROUTES", "ViberService"]


class ViberService:
    """The emulator's ``ViberApi``."""

    def reset(self) -> None:
        """Forget everything kept."""


ROUTES: tuple[Route[ViberService], ...] = ()

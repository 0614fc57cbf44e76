"""``ShortlinksApi``: tracked short links, kept by the emulator."""

from __future__ import annotations

from . import Route

__all__ = ["ROUTES", "ShortlinkService"]


class ShortlinkService:
    """The emulator's ``ShortlinksApi``."""

    def reset(self) -> None:
        """Forget everything kept."""


ROUTES: tuple[Route[ShortlinkService], ...] = ()

"""``ApplicationsApi``: the OAuth applications, kept by the emulator."""

from __future__ import annotations

from . import Route

__all__ = ["ROUTES", "ApplicationService"]


class ApplicationService:
    """The emulator's ``ApplicationsApi``."""

    def reset(self) -> None:
        """Forget everything kept."""


ROUTES: tuple[Route[ApplicationService], ...] = ()

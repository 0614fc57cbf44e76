"""``MultichannelApi``: one message over several channels, kept by the emulator."""

from __future__ import annotations

from . import Route

__all__ = ["ROUTES", "MultichannelService"]


class MultichannelService:
    """The emulator's ``MultichannelApi``."""

    def reset(self) -> None:
        """Forget everything kept."""


ROUTES: tuple[Route[MultichannelService], ...] = ()

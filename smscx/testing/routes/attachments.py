"""``AttachmentsApi``: tracked files, kept by the emulator."""

from __future__ import annotations

from . import Route

__all__ = ["ROUTES", "AttachmentService"]


class AttachmentService:
    """The emulator's ``AttachmentsApi``."""

    def reset(self) -> None:
        """Forget everything kept."""


ROUTES: tuple[Route[AttachmentService], ...] = ()

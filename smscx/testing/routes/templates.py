"""``TemplatesApi``: Viber and WhatsApp templates, kept by the emulator."""

from __future__ import annotations

from . import Route

__all__ = ["ROUTES", "TemplateService"]


class TemplateService:
    """The emulator's ``TemplatesApi``."""

    def reset(self) -> None:
        """Forget everything kept."""


ROUTES: tuple[Route[TemplateService], ...] = ()

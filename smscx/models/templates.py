"""Models of ``TemplatesApi``: Viber and WhatsApp templates."""

from __future__ import annotations

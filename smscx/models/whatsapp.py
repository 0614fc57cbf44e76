"""Models of ``WhatsappApi``: WhatsApp messages."""

from __future__ import annotations

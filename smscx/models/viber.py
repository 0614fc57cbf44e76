"""Models of ``ViberApi``: Viber messages and campaigns."""

from __future__ import annotations

"""Models of ``ShortlinksApi``: tracked short links."""

from __future__ import annotations

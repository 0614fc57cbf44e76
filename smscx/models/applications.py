"""Models of ``ApplicationsApi``: the OAuth applications."""

from __future__ import annotations

"""Models of ``ConversationsApi``: two-way threads."""

from __future__ import annotations

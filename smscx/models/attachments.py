"""Models of ``AttachmentsApi``: tracked files."""

from __future__ import annotations

"""Models of ``MultichannelApi``: one message over several channels."""

from __future__ import annotations

"""Cursor paging as the API does it: ``limit``, ``next``, ``previous`` -> ``paging``.

A cursor is opaque to the client: here the list's name and an offset, base64url-encoded. A
cursor of another list, or one that is not a cursor at all, is 400 ``invalid_param`` (the
API documents no code for it; an assumption in docs/testing.md).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from .errors import ApiError

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "page_of"]

T = TypeVar("T")

#: The page size when the request names none, and the largest one (the vendor's default).
DEFAULT_LIMIT = MAX_LIMIT = 500


def _cursor(kind: str, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{offset}".encode()).decode().rstrip("=")


def _offset(kind: str, cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        found, _, number = raw.partition(":")
        if found == kind and number.isdigit():
            return int(number)
    except (ValueError, UnicodeDecodeError):
        pass
    raise ApiError(400, "The paging cursor is not valid or has expired")


def page_of(
    kind: str, items: Sequence[T], query: Mapping[str, str]
) -> tuple[Sequence[T], dict[str, Any]]:
    """The slice of ``items`` the query's ``limit``/``next``/``previous`` name, and the
    ``paging`` object that goes with it. ``kind`` names the list its cursors belong to."""
    raw_limit = query.get("limit")
    if raw_limit is None:
        limit = DEFAULT_LIMIT
    elif raw_limit.isdigit() and 1 <= int(raw_limit) <= MAX_LIMIT:
        limit = int(raw_limit)
    else:
        raise ApiError(400, f"The parameter `limit` must be between 1 and {MAX_LIMIT}")
    if query.get("next"):
        start = _offset(kind, query["next"])
    elif query.get("previous"):
        start = max(0, _offset(kind, query["previous"]) - limit)
    else:
        start = 0
    following = start + limit
    paging = {
        "next": _cursor(kind, following) if following < len(items) else None,
        "previous": _cursor(kind, start) if start > 0 else None,
        "size": limit,
    }
    return items[start:following], paging

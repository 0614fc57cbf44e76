"""One request as a route handler sees it (:class:`Call`), and its answer (:class:`Reply`)."""

from __future__ import annotations

import urllib.parse
from typing import Any

import attrs

from .codec import loads
from .errors import ApiError

__all__ = ["Call", "Reply"]


@attrs.frozen(slots=True)
class Call:
    """One request as a route sees it: its method, path parameters, query and body."""

    method: str
    params: tuple[str, ...]
    query_string: str
    body: bytes

    @property
    def query(self) -> dict[str, str]:
        """The query parameters (the last value of a repeated one)."""
        return dict(urllib.parse.parse_qsl(self.query_string))

    def json(self) -> dict[str, Any]:
        """The body as a JSON object (``{}`` when empty); 400 when it is not one."""
        if not self.body.strip():
            return {}
        try:
            parsed = loads(self.body)
        except ValueError:
            raise ApiError(400, "The request body is not valid JSON") from None
        if not isinstance(parsed, dict):
            raise ApiError(400)
        return parsed

    @property
    def param(self) -> str:
        """The first path parameter."""
        return self.params[0]


@attrs.frozen(slots=True)
class Reply:
    """A successful answer: status, body (JSON unless a header says otherwise), headers."""

    status: int
    body: bytes
    headers: tuple[tuple[bytes, bytes], ...] = ()

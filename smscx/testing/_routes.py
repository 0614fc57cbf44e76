"""The emulator's routing table: fixed paths by one dict lookup, templated ones by segment.

A template such as ``/groups/{}/contacts`` matches a path of as many segments whose fixed
segments are equal; a fixed segment wins over a parameter, so ``GET /optouts/csv`` is the
export and ``DELETE /optouts/17`` the delete. A path that matches with another method is a
405 naming the methods it has; no match at all is a 404. The sends stay one dict lookup
away: this is also the benchmarks' server.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ._wire import ApiError, loads

__all__ = ["Call", "Handler", "Router"]


@attrs.frozen(slots=True)
class Call:
    """One request as an endpoint sees it: its method, path parameters, query and body."""

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


Handler = Callable[[Call], Any]


class Router:
    """Method + path -> (name, handler, path parameters)."""

    def __init__(self) -> None:
        self._fixed: dict[str, dict[str, tuple[str, Handler]]] = {}
        self._templates: dict[
            int, list[tuple[tuple[str | None, ...], dict[str, tuple[str, Handler]]]]
        ]
        self._templates = {}

    def add(self, method: str, template: str, name: str, handler: Handler) -> None:
        """Serve ``method template`` (``{}`` marks a parameter segment) with ``handler``."""
        if "{}" not in template:
            self._fixed.setdefault(template, {})[method] = (name, handler)
            return
        segments = tuple(None if s == "{}" else s for s in template.strip("/").split("/"))
        entries = self._templates.setdefault(len(segments), [])
        for known, methods in entries:
            if known == segments:
                methods[method] = (name, handler)
                return
        entries.append((segments, {method: (name, handler)}))
        # Most fixed segments first: a literal beats a parameter at the same place.
        entries.sort(key=lambda entry: [s is None for s in entry[0]])

    def templates(self) -> list[str]:
        """Every path served, templated ones with ``{}`` (for the OpenAPI document)."""
        paths = list(self._fixed)
        for entries in self._templates.values():
            for segments, _ in entries:
                paths.append("/" + "/".join("{}" if s is None else s for s in segments))
        return paths

    def resolve(
        self, method: str, path: str
    ) -> tuple[Mapping[str, tuple[str, Handler]], tuple[str, ...]] | None:
        """The methods served at ``path`` and its parameters, or ``None`` (404).

        Of the templates that match, the first serving ``method`` wins; when none does, the
        first match (the answer is then 405 with its methods).
        """
        if len(path) > 1:
            path = path.rstrip("/")
        fixed = self._fixed.get(path)
        if fixed is not None:
            return fixed, ()
        parts = path.strip("/").split("/")
        first: tuple[Mapping[str, tuple[str, Handler]], tuple[str, ...]] | None = None
        for segments, methods in self._templates.get(len(parts), ()):
            params: list[str] = []
            for segment, part in zip(segments, parts, strict=True):
                if segment is None:
                    if not part:
                        break
                    params.append(part)  # the server has decoded the path already
                elif segment != part:
                    break
            else:
                if method in methods:
                    return methods, tuple(params)
                if first is None:
                    first = methods, tuple(params)
        return first

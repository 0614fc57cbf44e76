"""The emulator's routing table: fixed paths by one dict lookup, templated ones by segment.

A template such as ``/groups/{groupId}/empty`` matches a path of as many segments whose fixed
segments are equal; a fixed segment wins over a parameter, so ``GET /optouts/csv`` is the
export and ``DELETE /optouts/17`` the delete. A path that matches with another method is a
405 naming the methods it has; no match at all is a 404. The sends stay one dict lookup
away: this is also the benchmarks' server.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from smscx.testing.wire.call import Call, Reply

__all__ = ["Handler", "Router"]


Handler = Callable[[Call], Reply]


class Router:
    """Method + path -> (name, handler, path parameters)."""

    def __init__(self) -> None:
        self._fixed: dict[str, dict[str, tuple[str, Handler]]] = {}
        self._templates: dict[
            int, list[tuple[tuple[str | None, ...], dict[str, tuple[str, Handler]]]]
        ]
        self._templates = {}

    def add(self, method: str, template: str, name: str, handler: Handler) -> None:
        """Serve ``method template`` (a ``{name}`` segment is a parameter) with ``handler``."""
        if "{" not in template:
            self._fixed.setdefault(template, {})[method] = (name, handler)
            return
        segments = tuple(None if s.startswith("{") else s for s in template.strip("/").split("/"))
        entries = self._templates.setdefault(len(segments), [])
        for known, methods in entries:
            if known == segments:
                methods[method] = (name, handler)
                return
        entries.append((segments, {method: (name, handler)}))
        # Most fixed segments first: a literal beats a parameter at the same place.
        entries.sort(key=lambda entry: [s is None for s in entry[0]])

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

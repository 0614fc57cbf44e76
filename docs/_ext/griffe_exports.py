"""A griffe extension: ``from .module import Name as Name`` makes ``Name`` public.

That is how smscx re-exports (``smscx.models`` re-exports every model of its namespace
modules), and how PEP 484 and mypy read an explicit re-export. griffe reads ``__all__``
instead, and only when it is a literal list: ``smscx.models`` computes its ``__all__`` from
those very imports, so without this the reference would render none of the models, and
would render the computed ``__all__`` as if it were an attribute worth documenting.
"""

from __future__ import annotations

import ast
from typing import Any

import griffe


class ExplicitReexports(griffe.Extension):
    """Mark each name imported as itself (``import x as x``) public, so it is rendered, and
    keep a module's ``__all__`` out of the page."""

    def on_alias_instance(self, *, node: ast.AST | Any, alias: griffe.Alias, **kwargs: Any) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)) and any(
            name.asname == alias.name and name.name.rsplit(".", 1)[-1] == alias.name
            for name in node.names
        ):
            alias.public = True

    def on_attribute_instance(self, *, attr: griffe.Attribute, **kwargs: Any) -> None:
        if attr.name == "__all__":
            attr.public = False

"""A griffe extension: ``from .module import Name as Name`` makes ``Name`` public.

That is how smscx re-exports (``smscx.models`` re-exports every model of its namespace
modules), and how PEP 484 and mypy read an explicit re-export. griffe reads ``__all__``
instead, and only when it is a literal list: ``smscx.models`` computes its ``__all__`` from
those very imports, so without this the reference would render none of the models.
"""

from __future__ import annotations

import ast
from typing import Any

import griffe


class RedundantAliasIsPublic(griffe.Extension):
    """Mark each name imported as itself (``import x as x``) public, so it is rendered."""

    def on_alias_instance(self, *, node: ast.AST | Any, alias: griffe.Alias, **kwargs: Any) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)) and any(
            name.asname == alias.name and name.name.rsplit(".", 1)[-1] == alias.name
            for name in node.names
        ):
            alias.public = True

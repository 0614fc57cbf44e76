"""A griffe extension: render smscx's reST-flavoured docstrings as Markdown.

The package's docstrings are written for ``help()`` and Sphinx habits: ``:class:`X``` roles
and ``::`` literal blocks. mkdocstrings renders Markdown, where those show up as noise, so
before rendering each docstring:

- a role pointing at a public object becomes an optional cross-reference (a link where the
  reference renders that object, plain code elsewhere); any other role (private or
  relative targets) becomes plain code;
- a ``::`` literal block becomes a fenced Python block.

Names re-exported from ``smscx`` are linked to where the reference renders them: the public
module that defines (or re-exports) them, ``smscx.models.Name`` for a model of
``smscx.models.sms``; or ``smscx.Name`` for classes defined in private modules (the clients)
and in ``smscx.api`` (the namespaces, documented as ``smscx.AccountApi``).
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|meth|func|mod|attr|exc|data|obj):`(~?)([^`]+)`")


@functools.cache
def _smscx() -> ModuleType:
    try:
        return importlib.import_module("smscx")
    except ImportError:  # not installed: use the checkout this file lives in
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        return importlib.import_module("smscx")


def _public_target(target: str) -> str | None:
    """The identifier the reference renders ``target`` under, or None when it renders none."""
    parts = target.split(".")
    if parts[0] != "smscx" or any(p.startswith("_") for p in parts):
        return None
    if len(parts) >= 2 and parts[1][:1].isupper():
        # smscx.Name[.member]: re-exported; find the module that defines it.
        obj = getattr(_smscx(), parts[1], None)
        module = getattr(obj, "__module__", "")
        if obj is None:
            return None
        package = module.split(".")[1] if module.startswith("smscx.") else "_"
        if not package.startswith("_") and package != "api":
            # The public module that re-exports it (smscx.models, not smscx.models.sms).
            return ".".join(["smscx", package, *parts[1:]])
    return target


def _role(match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2).strip()
    display = target.rsplit(".", 1)[-1] if short else target
    identifier = _public_target(target)
    if identifier is None:
        return f"`{display}`"
    # An optional cross-reference: a link when the reference renders the target, plain code
    # (and no --strict failure) when it does not.
    return f'<autoref identifier="{identifier}" optional><code>{display}</code></autoref>'


def _fence_literal_blocks(text: str) -> str:
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.rstrip()
        if stripped.endswith("::") and not stripped.endswith(":::"):
            lead = stripped[:-2].rstrip()
            if lead:
                out.append(lead + ":")
            indent = len(line) - len(line.lstrip())
            i += 1
            while i < len(lines) and not lines[i].strip():
                i += 1
            block: list[str] = []
            while i < len(lines) and (
                not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent
            ):
                block.append(lines[i])
                i += 1
            while block and not block[-1].strip():
                block.pop()
            if block:
                cut = min(len(b) - len(b.lstrip()) for b in block if b.strip())
                out.append("")
                lang = "text" if any("├" in b or "└" in b for b in block) else "python"
                out.append("```" + lang)
                # In a plain-text block (a drawn tree), ``name`` markup would show as-is.
                out.extend(b[cut:].replace("``", "") if lang == "text" else b[cut:] for b in block)
                out.append("```")
                out.append("")
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def convert(text: str) -> str:
    """A docstring's text, as Markdown."""
    return _ROLE.sub(_role, _fence_literal_blocks(text))


class RstToMarkdown(griffe.Extension):
    """Convert reST roles and literal blocks of every docstring to Markdown."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = convert(obj.docstring.value)

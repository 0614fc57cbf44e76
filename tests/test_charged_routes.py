"""Guards: a charged method is never sent twice by a retry.

Every method's docstring says ``**Charged**`` or ``**Not charged**``
(``tests/unit/test_docstrings.py``). A charged one must call an endpoint that either carries
an idempotency id reused on every attempt (``sends``) or is never repeated once an attempt
may have reached the server (``at_most_once``); a method that says it is not charged must
not declare itself a send. A charged namespace method added without either fails here.
"""

from __future__ import annotations

import importlib
import inspect
import re
from typing import Any

import pytest

from smscx._pipeline import Endpoint
from smscx.api._registry import NAMESPACES

# Charged, and neither kind: the caller's own decision, said in its docstring.
EXEMPT: set[str] = set()


def _methods() -> list[Any]:
    found = []
    for entry in NAMESPACES:
        module = importlib.import_module(entry.module)
        endpoints = {n: v for n, v in vars(module).items() if isinstance(v, Endpoint)}
        cls = getattr(module, entry.vendor)
        for name, function in vars(cls).items():
            if name.startswith("_") or not callable(function):
                continue
            source = inspect.getsource(inspect.unwrap(function))
            used = [
                endpoints[n] for n in re.findall(r"\b[A-Z][A-Z0-9_]+\b", source) if n in endpoints
            ]
            found.append(pytest.param(function, used, id=f"{entry.attribute}.{name}"))
    return found


@pytest.mark.parametrize(("function", "endpoints"), _methods())
def test_a_charged_method_is_idempotent_or_at_most_once(
    function: Any, endpoints: list[Endpoint[Any]]
) -> None:
    doc = inspect.getdoc(function) or ""
    if "**Not charged**" in doc:
        assert not any(e.sends for e in endpoints), "a send that says it is not charged"
        return
    assert "**Charged**" in doc
    if function.__qualname__ in EXEMPT:
        return
    assert endpoints, "a charged method calls no endpoint of its module"
    assert all(e.sends or e.at_most_once for e in endpoints), [
        f"{e.method} {e.path}" for e in endpoints if not (e.sends or e.at_most_once)
    ]

"""Guards on ``smscx.models``: one module per vendor API class, every model exported.

A namespace's models live in ``smscx/models/<namespace>.py``; ``smscx.models`` re-exports each
with ``from .<namespace> import Name as Name``. These tests fail when a model is added to a
module and not exported, defined twice, or made to do I/O.
"""

from __future__ import annotations

import ast
import enum
import importlib
import pickle
import pkgutil
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

import attrs
import attrs.exceptions
import pytest

import smscx.models
from smscx.api._registry import NAMESPACES
from smscx.models import DataSms, ModelList, SendSmsMessageRequest, TextAnalysis
from smscx.models._common import _Request

MODULES: list[ModuleType] = [
    importlib.import_module(f"smscx.models.{info.name}")
    for info in pkgutil.iter_modules(smscx.models.__path__)
]
#: What a models module may import: the standard library's data types, attrs, and its
#: sibling modules.
DATA_IMPORTS = {"__future__", "collections.abc", "datetime", "enum", "typing", "attrs"}
#: Imported inside a function, never at import time: ``to_dict`` uses the converter, and a
#: message of a ``ModelList`` that cannot be built raises the API's response error.
LAZY_IMPORTS = {"smscx._convert", "smscx.errors"}


def defined_in(module: ModuleType) -> dict[str, object]:
    """The public names ``module`` itself defines (classes, and aliases of its classes)."""
    return {
        name: value
        for name, value in vars(module).items()
        if not name.startswith("_")
        and isinstance(value, type)
        and value.__module__ == module.__name__
    }


def public_models() -> dict[str, object]:
    return {name: value for module in MODULES for name, value in defined_in(module).items()}


def test_there_is_a_module_per_vendor_api_class_and_one_for_what_they_share() -> None:
    names = {module.__name__.rsplit(".", 1)[1] for module in MODULES}
    assert names == {"_common"} | {entry.attribute for entry in NAMESPACES}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_public_model_of_a_module_is_exported_by_smscx_models(module: ModuleType) -> None:
    for name, value in defined_in(module).items():
        assert getattr(smscx.models, name, None) is value, f"smscx.models.{name} is not exported"
        assert name in smscx.models.__all__, f"{name} is missing from smscx.models.__all__"


def test_all_is_exactly_the_exported_models() -> None:
    assert sorted(smscx.models.__all__) == sorted(public_models())
    assert len(smscx.models.__all__) == len(set(smscx.models.__all__))


def test_star_import_gives_every_model_and_nothing_else() -> None:
    namespace: dict[str, object] = {}
    exec("from smscx.models import *", namespace)
    namespace.pop("__builtins__")
    assert namespace == public_models()


def test_no_class_is_defined_in_two_modules() -> None:
    where: dict[str, list[str]] = {}
    for module in MODULES:
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                where.setdefault(node.name, []).append(module.__name__)
    assert {name: found for name, found in where.items() if len(found) > 1} == {}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_a_models_module_holds_data_only(module: ModuleType) -> None:
    tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    at_import = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        assert not isinstance(node, (ast.AsyncFunctionDef, ast.Await)), "models do no I/O"
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            continue  # a sibling: smscx.models._common
        names = (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [str(node.module)]
        )
        for name in names:
            allowed = DATA_IMPORTS if id(node) in at_import else DATA_IMPORTS | LAZY_IMPORTS
            assert name in allowed, f"{module.__name__} imports {name} (line {node.lineno})"


def test_every_exported_class_is_a_frozen_slotted_keyword_only_attrs_class() -> None:
    for name, cls in public_models().items():
        if cls is ModelList or (isinstance(cls, type) and issubclass(cls, enum.Enum)):
            continue
        assert isinstance(cls, type)
        assert attrs.has(cls), name
        assert "__slots__" in cls.__dict__, f"{name} is not slotted"
        assert all(field.kw_only for field in attrs.fields(cls)), f"{name} takes positionals"
        blank = object.__new__(cls)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(blank, attrs.fields(cls)[0].name, None)


def test_every_request_body_and_nothing_else_is_a_request() -> None:
    # Being a _Request is what leaves unset options out of to_dict(wire=True) and what the
    # pipeline validates: a body declared as anything else would send nulls in its dict.
    for name, cls in public_models().items():
        body = name.endswith(("Request", "RequestEstimate"))
        assert isinstance(cls, type)
        assert issubclass(cls, _Request) == body, name


def test_a_model_pickles_under_the_module_that_defines_it() -> None:
    request = SendSmsMessageRequest(to="+33612345678", from_="InfoText", text="Hi")
    message = DataSms(
        msg_id="m-1",
        status="ACCEPTED",
        status_code=0,
        created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        cost=0.05,
        to="+33612345678",
        from_="InfoText",
        parts=1,
        text_analysis=TextAnalysis(length=2, unicode=False, parts=1),
    )
    for model in (request, message, ModelList([message])):
        assert pickle.loads(pickle.dumps(model)) == model


def test_a_pickle_that_names_a_model_in_smscx_models_still_loads() -> None:
    # Before the split every model was defined in smscx.models; such pickles name it so.
    assert pickle.loads(b"csmscx.models\nDataSms\n.") is DataSms

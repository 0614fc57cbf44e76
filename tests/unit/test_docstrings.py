"""Every public method says, in its docstring, what each parameter means, what it raises and
whether it is charged: what ``help()``, an IDE's hover and the API reference show.

One style, Sphinx field lists (``:param name:``, ``:returns:``, ``:raises Error:``), which
the reference renders as tables (``mkdocs.yml``: ``docstring_style: sphinx``). Whether a
call costs money is said in one wording, ``**Charged**`` or ``**Not charged**``, so that a
reader (and this test) finds it the same way everywhere.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from smscx import AsyncSmsClient, journal, text, webhooks
from smscx.api._registry import NAMESPACES

#: Whether a call costs money, in the one wording every docstring uses.
CHARGE = re.compile(r"\*\*(Charged|Not charged)\*\*")
PARAM = re.compile(r"^:param (\w+):", re.MULTILINE)
RAISES = re.compile(r"^:raises \w+:", re.MULTILINE)
#: A line that opens a field of the list (a role such as ``:meth:`` opens none).
FIELD = re.compile(r"^:(param |returns:|raises )")

#: The client's own methods (the namespaces' are below); the six SMS methods it offers
#: itself carry their namespace method's docstring.
CLIENT_METHODS = (
    "with_options",
    "aclose",
    "send_bulk",
    "send_many",
    "delivery_status",
    "send_sms",
    "estimate_sms",
    "send_sms_campaign",
    "estimate_sms_campaign",
    "delete_scheduled_sms",
    "delete_scheduled_sms_campaign",
)


def _public_methods(cls: type[Any]) -> Iterator[tuple[str, Callable[..., Any]]]:
    for name, value in vars(cls).items():
        if not name.startswith("_") and callable(value):
            yield name, value


def _api_methods() -> list[Any]:
    methods = [
        pytest.param(method, id=f"{entry.vendor}.{name}")
        for entry in NAMESPACES
        for name, method in _public_methods(entry.classes()[0])
    ]
    methods += [
        pytest.param(getattr(AsyncSmsClient, name), id=f"AsyncSmsClient.{name}")
        for name in CLIENT_METHODS
    ]
    return methods


def _library_functions() -> list[Any]:
    """Public functions and methods of the modules beside the client: journals, webhooks,
    text analysis (local work: nothing to charge)."""
    found = [
        pytest.param(method, id=f"{cls.__name__}.{name}")
        for cls in (journal.Journal, journal.SqliteJournal, journal.RedisJournal)
        for name, method in _public_methods(cls)
        if not isinstance(method, type)
    ]
    for module in (journal, webhooks, text):
        found += [
            pytest.param(value, id=f"{module.__name__}.{name}")
            for name in module.__all__
            if inspect.isfunction(value := getattr(module, name))
        ]
    return found


def _parameters(function: Callable[..., Any]) -> list[str]:
    """Every parameter a caller can give (``**filters`` as ``filters``), without ``self``."""
    return [name for name in inspect.signature(function).parameters if name != "self"]


def _assert_documents_its_parameters(function: Callable[..., Any], doc: str) -> None:
    documented = PARAM.findall(doc)
    missing = [name for name in _parameters(function) if name not in documented]
    assert not missing, f"no `:param {missing[0]}:` in the docstring (missing: {missing})"
    unknown = [name for name in documented if name not in _parameters(function)]
    assert not unknown, f"`:param {unknown[0]}:` documents no parameter of the signature"


@pytest.mark.parametrize("method", _api_methods())
def test_every_api_method_documents_each_parameter(method: Callable[..., Any]) -> None:
    _assert_documents_its_parameters(method, inspect.getdoc(method) or "")


@pytest.mark.parametrize("method", _api_methods())
def test_every_api_method_documents_what_it_raises(method: Callable[..., Any]) -> None:
    assert RAISES.search(inspect.getdoc(method) or ""), "no `:raises Error:` field"


@pytest.mark.parametrize("method", _api_methods())
def test_every_api_method_says_whether_it_is_charged(method: Callable[..., Any]) -> None:
    assert CHARGE.search(inspect.getdoc(method) or ""), "neither **Charged** nor **Not charged**"


def test_the_constructor_documents_each_argument_in_the_class_docstring() -> None:
    # merge_init_into_class: the reference shows the class's docstring with __init__'s
    # signature, and help(AsyncSmsClient) shows the class's first.
    _assert_documents_its_parameters(AsyncSmsClient, inspect.getdoc(AsyncSmsClient) or "")
    assert RAISES.search(inspect.getdoc(AsyncSmsClient) or "")


@pytest.mark.parametrize("function", _library_functions())
def test_every_library_function_documents_each_parameter(function: Callable[..., Any]) -> None:
    _assert_documents_its_parameters(function, inspect.getdoc(function) or "")


@pytest.mark.parametrize("cls", [journal.SqliteJournal, journal.RedisJournal])
def test_a_journal_documents_its_constructor(cls: type[Any]) -> None:
    _assert_documents_its_parameters(cls, inspect.getdoc(cls) or "")


def test_the_field_lists_end_the_docstring() -> None:
    # The Sphinx parser takes every line up to the next field as part of a field: prose
    # after the last field would end up in its description, in the reference's table.
    for param in [*_api_methods(), *_library_functions()]:
        (function,) = param.values
        doc = inspect.getdoc(function) or ""
        lines = doc.splitlines()
        fields = [i for i, line in enumerate(lines) if FIELD.match(line)]
        if not fields:
            continue
        after = lines[fields[0] :]
        stray = [line for line in after if line and not FIELD.match(line) and line[0] != " "]
        assert not stray, f"{param.id}: prose after the field list: {stray[0]!r}"

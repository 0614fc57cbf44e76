"""Guards of the layout: a namespace, an export or a twin half-added fails here, not a user.

Each namespace is one line of ``smscx/api/_registry.py``; these tests check that every
part the line implies exists and agrees: its API module with both classes, the clients'
attributes, the exports, its models module, the emulator's routes, its docs.
"""

from __future__ import annotations

import importlib
import inspect
import re
import types
from pathlib import Path
from typing import Any

import pytest

import smscx
from smscx import AsyncSmsClient, SmsClient
from smscx._pipeline import Endpoint
from smscx.api._namespace import BlockingNamespace, Namespace
from smscx.api._registry import NAMESPACES, Attached, NamespaceEntry

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = [pytest.param(entry, id=entry.attribute) for entry in NAMESPACES]


def _public_methods(cls: type[Any]) -> dict[str, Any]:
    return {
        name: value
        for name, value in vars(cls).items()
        if not name.startswith("_") and callable(value)
    }


def _endpoints(module: types.ModuleType) -> list[Endpoint[Any]]:
    return [value for value in vars(module).values() if isinstance(value, Endpoint)]


def _route(method: str, path: str) -> tuple[str, str]:
    """A route with its parameters unnamed: ``/groups/{groupId}`` -> ``/groups/{}``."""
    return method.upper(), re.sub(r"\{[^}]*\}", "{}", path)


# --- exports ----------------------------------------------------------------------------


def test_star_import_gives_every_name_in_all() -> None:
    namespace: dict[str, Any] = {}
    exec("from smscx import *", namespace)
    assert set(smscx.__all__) <= set(namespace)


def test_all_lists_exactly_the_public_names_the_package_imports() -> None:
    public = {
        name
        for name, value in vars(smscx).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(smscx.__all__) - {"__version__"} == public
    assert len(smscx.__all__) == len(set(smscx.__all__))


@pytest.mark.parametrize("module", ["smscx.errors", "smscx.models", "smscx.journal"])
def test_every_name_in_a_public_modules_all_resolves(module: str) -> None:
    imported = importlib.import_module(module)
    missing = [name for name in imported.__all__ if not hasattr(imported, name)]
    assert missing == []


# --- the registry -----------------------------------------------------------------------


def test_the_registry_lists_each_namespace_once() -> None:
    attributes = [entry.attribute for entry in NAMESPACES]
    vendors = [entry.vendor for entry in NAMESPACES]
    assert len(set(attributes)) == len(attributes)
    assert len(set(vendors)) == len(vendors)


def test_every_api_module_is_in_the_registry() -> None:
    modules = {p.stem for p in (ROOT / "smscx" / "api").glob("*.py") if not p.stem.startswith("_")}
    assert modules == {entry.attribute for entry in NAMESPACES}


@pytest.mark.parametrize("entry", ENTRIES)
def test_a_namespace_module_has_its_async_class_and_its_blocking_twin(
    entry: NamespaceEntry,
) -> None:
    asynchronous, blocking = entry.classes()
    assert issubclass(asynchronous, Namespace)
    assert issubclass(blocking, BlockingNamespace)
    module = importlib.import_module(entry.module)
    assert set(module.__all__) >= {entry.vendor, entry.blocking}


@pytest.mark.parametrize("entry", ENTRIES)
def test_both_classes_of_a_namespace_are_exported(entry: NamespaceEntry) -> None:
    asynchronous, blocking = entry.classes()
    assert getattr(smscx, entry.vendor) is asynchronous
    assert getattr(smscx, entry.blocking) is blocking
    assert {entry.vendor, entry.blocking} <= set(smscx.__all__)


def _attached(cls: type[Any]) -> dict[str, Any]:
    return {name: v.namespace for name, v in vars(cls).items() if isinstance(v, Attached)}


def test_each_client_has_exactly_the_registrys_namespaces() -> None:
    expected_async = {entry.attribute: entry.classes()[0] for entry in NAMESPACES}
    expected_blocking = {entry.attribute: entry.classes()[1] for entry in NAMESPACES}
    assert _attached(AsyncSmsClient) == expected_async
    assert _attached(SmsClient) == expected_blocking


def test_a_namespace_attribute_is_bound_to_its_client_and_shows_its_purpose() -> None:
    client = AsyncSmsClient(api_key="k")
    assert client.account is client.account  # made once per client
    assert client.account._client is client
    copy = client.with_options(timeout=5)
    assert copy.account._client is copy  # a copy's namespaces take the copy's settings
    assert AsyncSmsClient.account.__doc__
    assert SmsClient.account.__doc__


# --- twins ------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_async_method_has_a_blocking_twin_with_its_signature(entry: NamespaceEntry) -> None:
    asynchronous, blocking = entry.classes()
    methods = _public_methods(asynchronous)
    twins = _public_methods(blocking)
    assert set(twins) == set(methods)
    for name, method in methods.items():
        twin = twins[name]
        assert inspect.signature(twin) == inspect.signature(method), name
        assert method.__doc__, name
        assert method.__doc__ in (twin.__doc__ or ""), name


def test_the_blocking_client_has_every_method_of_the_async_client() -> None:
    methods = _public_methods(AsyncSmsClient)
    ignored = {"aclose", "with_options"}  # close() and its own with_options
    for name, method in methods.items():
        if name in ignored:
            continue
        twin = getattr(SmsClient, name)
        assert inspect.signature(twin) == inspect.signature(method), name


def test_the_seed_methods_on_the_client_are_the_sms_namespaces() -> None:
    sms = importlib.import_module("smscx.api.sms")
    for name in _public_methods(sms.SmsApi):
        on_client = getattr(AsyncSmsClient, name)
        assert inspect.signature(on_client) == inspect.signature(getattr(sms.SmsApi, name))
        assert on_client.__qualname__ == f"AsyncSmsClient.{name}"


def test_the_blocking_constructor_has_the_async_constructors_signature() -> None:
    assert inspect.signature(SmsClient) == inspect.signature(AsyncSmsClient)


# --- endpoints and the emulator ---------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_endpoint_has_an_emulator_route_and_every_route_an_endpoint(
    entry: NamespaceEntry,
) -> None:
    from smscx.testing.routes import routes_by_namespace

    declared = {_route(e.method, e.path) for e in _endpoints(importlib.import_module(entry.module))}
    served = {_route(r.method, r.path) for r in routes_by_namespace()[entry.attribute]}
    assert declared == served


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_method_of_a_namespace_is_named_by_an_emulator_route(entry: NamespaceEntry) -> None:
    from smscx.testing.routes import routes_by_namespace

    served = {r.name for r in routes_by_namespace()[entry.attribute]}
    methods = set(_public_methods(entry.classes()[0]))
    assert served <= methods
    # Two methods may share one route (a group's contacts, with or without fields; a
    # vendor misspelling and its alias): the route names the other in `also`.
    also = {name for r in routes_by_namespace()[entry.attribute] for name in r.also}
    assert methods - served <= {"add_contacts_to_group_with_fields"} | also


def test_the_emulator_serves_no_namespace_the_registry_lacks() -> None:
    from smscx.testing.routes import routes_by_namespace

    assert set(routes_by_namespace()) == {entry.attribute for entry in NAMESPACES}


@pytest.mark.parametrize("entry", ENTRIES)
def test_a_namespace_has_its_models_module(entry: NamespaceEntry) -> None:
    models = importlib.import_module(entry.models)
    exported = importlib.import_module("smscx.models")
    names = [
        n
        for n, v in vars(models).items()
        if isinstance(v, type) and v.__module__ == models.__name__ and not n.startswith("_")
    ]
    assert names, f"{entry.models} defines no model"
    assert all(getattr(exported, name) is getattr(models, name) for name in names)


# --- docs -------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES)
def test_a_namespace_has_its_guide_and_its_reference(entry: NamespaceEntry) -> None:
    assert (ROOT / "docs" / entry.page).is_file()
    assert entry.page in (ROOT / "mkdocs.yml").read_text()
    reference = (ROOT / "docs" / "reference" / "client.md").read_text()
    assert f"::: smscx.{entry.vendor}\n" in reference

"""The emulator's OpenAPI document (``/openapi.json``): every route it serves, and schemas
derived from the SDK's models, which this checks against the converter: the same wire
names, the same required fields, and the converter's output fits the schema."""

from __future__ import annotations

import collections.abc
import types
import typing
from datetime import datetime, timezone
from typing import Any

import attrs
import httpx
import pytest

import smscx.models
from smscx._convert import required_keys
from smscx.testing import Emulator
from smscx.testing.routes import (
    INFRASTRUCTURE,
    Route,
    emulator_only_routes,
    routes_by_namespace,
)
from smscx.testing.server.openapi import openapi_document
from tests.emulator.helpers import schema_errors

pytestmark = pytest.mark.anyio

SCHEMAS: dict[str, Any] = openapi_document()["components"]["schemas"]
MODELS = [getattr(smscx.models, name) for name in SCHEMAS if name != "Error"]


def _listed() -> list[Route[Any]]:
    listings = (routes_by_namespace(), emulator_only_routes())
    return [route for listing in listings for routes in listing.values() for route in routes]


async def test_openapi_document_lists_the_implemented_endpoints(api: httpx.AsyncClient) -> None:
    document = (await api.get("/openapi.json")).json()
    documented = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method != "parameters"
    }
    served = {(route.method, route.path) for route in _listed()}
    assert ("POST", "/oauth/token") in served  # the oauth namespace's one route
    assert documented == served
    # One entry per path, each listing its methods.
    assert len(document["paths"]) == len({route.path for route in _listed()})
    assert document["openapi"].startswith("3.")


async def test_every_listed_route_is_served(api: httpx.AsyncClient) -> None:
    # Not the router's 404 (unknown path, code 404) nor its 405: a route's own answer.
    for route in _listed():
        path = "/".join("1" if s.startswith("{") else s for s in route.path.split("/"))
        answer = await api.request(route.method, path, json={} if route.request else None)
        error = answer.json()["error"] if answer.status_code >= 400 else {}
        assert answer.status_code != 405, route
        assert error.get("code") != 404, (route, answer.text)


async def test_the_infrastructure_routes_are_served_without_credentials() -> None:
    emulator = Emulator()
    async with emulator.http_client() as anonymous:
        for method, path, _ in INFRASTRUCTURE:
            answer = await anonymous.request(method, path)
            assert answer.status_code not in (404, 405), path


def test_every_route_has_a_response_model_or_an_exported_file() -> None:
    for routes in routes_by_namespace().values():
        for route in routes:
            assert route.response is not None, route
            assert all(attrs.has(model) for model in route.request), route


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_a_models_schema_has_the_converters_wire_names_and_required_fields(model: type) -> None:
    schema = SCHEMAS[model.__name__]
    wire = _sample(model).to_dict(wire=True)
    if getattr(model, "_WIRE_ROOT", None) is not None:  # the body is a map or a list
        assert "additionalProperties" in schema if schema["type"] == "object" else "items" in schema
        return
    assert set(schema["properties"]) == set(wire)
    assert set(schema.get("required", ())) == required_keys(model)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_what_the_converter_writes_for_a_model_fits_its_schema(model: type) -> None:
    wire = _sample(model).to_dict(wire=True)
    if getattr(model, "_WIRE_ROOT", None) is not None:
        wire = wire[next(iter(wire))]
    assert schema_errors(wire, SCHEMAS[model.__name__], SCHEMAS) == []


def _sample(tp: Any) -> Any:
    """A value of ``tp`` with every field of every model set (none left at its default)."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return _sample(next(arg for arg in args if arg is not type(None)))
    if attrs.has(tp):
        fields = attrs.fields(attrs.resolve_types(tp))
        return tp(**{f.alias: _sample(f.type) for f in fields if f.name != "meta"})
    origin = typing.get_origin(tp)
    if origin in (list, collections.abc.Sequence):
        return [_sample(args[0])]
    if origin in (dict, collections.abc.Mapping):
        return {"key": _sample(args[1])}
    samples = {str: "text", int: 3, float: 0.5, bool: True}
    if tp is datetime:
        return datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
    return samples[tp]

"""The OpenAPI 3.0 document of what the emulator serves, at ``/openapi.json``.

Nothing a model can say is written by hand: every route is listed from
:mod:`smscx.testing.routes`, and its request and response schemas are derived from the SDK's
models (:mod:`smscx.models`) by :func:`schema_of`, field by field, with the wire names the
SDK's converter uses (camelCase, ``from_`` as ``from``, a field's ``wire`` metadata). A field
without a default is required. What no model holds is small and here: the error body, the
OAuth token exchange, the headers and the security schemes.
"""

from __future__ import annotations

import collections.abc
import enum
import functools
import types
import typing
from datetime import datetime
from typing import Any

import attrs

from smscx._convert import wire_name
from smscx._version import __version__
from smscx.testing.routes import XLSX, Route, emulator_only_routes, routes_by_namespace
from smscx.testing.wire.codec import dumps

__all__ = ["openapi_document", "openapi_json", "schema_of", "wire_name"]

_PRIMITIVES: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    datetime: {"type": "string", "pattern": r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"},
    Any: {},
}
_LISTS = (list, tuple, collections.abc.Sequence)
_MAPS = (dict, collections.abc.Mapping)
_UPPER = {"sms", "otp", "csv", "xlsx", "iso"}  # for summaries: "Export optouts to CSV"


def schema_of(tp: Any, components: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema of the type ``tp``; an attrs class is put in ``components`` (by class
    name, once) and referenced."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in args:
        (inner,) = (arg for arg in args if arg is not type(None))
        schema = schema_of(inner, components)
        if "$ref" in schema:  # OpenAPI 3.0 ignores siblings of a $ref
            return {"allOf": [schema], "nullable": True}
        return {**schema, "nullable": True}
    if tp in _PRIMITIVES:
        return dict(_PRIMITIVES[tp])
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"type": "string", "enum": [member.value for member in tp]}
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin in _LISTS:
        return {"type": "array", "items": schema_of(args[0], components)}
    if origin in _MAPS:
        return {"type": "object", "additionalProperties": schema_of(args[1], components)}
    if attrs.has(tp):
        if tp.__name__ not in components:
            components[tp.__name__] = {}  # taken before recursing: a model may contain itself
            components[tp.__name__] = _model_schema(tp, components)
        return {"$ref": f"#/components/schemas/{tp.__name__}"}
    raise TypeError(f"no JSON schema for {tp!r}")


def _model_schema(cls: type, components: dict[str, Any]) -> dict[str, Any]:
    # The converter's own naming: a field whose wire name is None (a result's meta) is in
    # no body.
    fields = [f for f in attrs.fields(attrs.resolve_types(cls)) if wire_name(f) is not None]
    root = getattr(cls, "_WIRE_ROOT", None)
    if root is not None:  # the body is this one field's value (pricing: countries as keys)
        return schema_of(next(f.type for f in fields if f.name == root), components)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {str(wire_name(f)): schema_of(f.type, components) for f in fields},
    }
    required = [str(wire_name(f)) for f in fields if f.default is attrs.NOTHING]
    if required:
        schema["required"] = required
    return schema


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_HEADERS = {
    name: {"schema": {"type": kind}}
    for name, kind in (
        ("X-Request-Id", "string"),
        ("X-Response-Time", "string"),
        ("X-Rate-Limit-Limit", "integer"),
        ("X-Rate-Limit-Remaining", "integer"),
    )
}
_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["type", "code", "message", "uri"],
            "properties": {
                "type": {"type": "string"},
                "code": {"type": "integer"},
                "message": {"type": "string"},
                "uri": {"type": "string"},
                "invalid": {"type": "array", "items": {"type": "string"}},
            },
        }
    },
}


def _errors(*statuses: int) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for status in statuses:
        answer: dict[str, Any] = {
            "description": str(status),
            "content": {"application/json": {"schema": _ref("Error")}},
        }
        if status == 429:
            answer["headers"] = {**_HEADERS, "X-Rate-Limit-Reset": {"schema": {"type": "integer"}}}
        answers[str(status)] = answer
    return answers


def _body(media: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {media: {"schema": schema}}}


def _operation(route: Route[Any], tag: str, components: dict[str, Any]) -> dict[str, Any]:
    words = [w.upper() if w in _UPPER else w for w in route.name.split("_")]
    words[0] = words[0].capitalize()
    headers = dict(_HEADERS)
    if any(any(f.name == "idempotency_id" for f in attrs.fields(m)) for m in route.request):
        headers["X-Idempotency-Id"] = {"schema": {"type": "string", "format": "uuid"}}
    response = route.response
    if isinstance(response, str):  # an exported file
        binary = {"format": "binary"} if response == XLSX else {}
        answer = _body(response, {"type": "string", **binary})
    else:
        schema = schema_of(response, components) if response else {"type": "object"}
        answer = _body("application/json", schema)
    operation: dict[str, Any] = {
        "operationId": route.name,
        "summary": " ".join(words),
        "tags": [tag],
        "security": [{"ApiKeyAuth": []}, {"BearerAuth": []}],
        "responses": {
            str(route.status): {"description": "OK", "headers": headers, **answer},
            **({"204": {"description": "Nothing to do", "headers": headers}}
               if route.no_content else {}),
            **_errors(400, 401, 403, 404, 405, 429, 500),
        },
    }  # fmt: skip
    if route.also:
        operation["description"] = f"Also serves the SDK's {', '.join(route.also)}."
    if route.request:
        schemas = [schema_of(model, components) for model in route.request]
        body = schemas[0] if len(schemas) == 1 else {"oneOf": schemas}
        operation["requestBody"] = {"required": True, **_body("application/json", body)}
    return operation


def _token_operation() -> dict[str, Any]:
    form = {
        "type": "object",
        "required": ["grant_type"],
        "properties": {"grant_type": {"type": "string"}, "scope": {"type": "string"}},
    }
    token = {
        "type": "object",
        "required": ["access_token", "token_type", "expires_in", "scope"],
        "properties": {
            "access_token": {"type": "string"},
            "token_type": {"type": "string"},
            "expires_in": {"type": "integer"},
            "scope": {"type": "string"},
        },
    }
    return {
        "operationId": "get_access_token",
        "summary": "Issue an access token (client credentials)",
        "tags": ["oauth"],
        "security": [{"BasicAuth": []}],
        "requestBody": {"required": True, **_body("application/x-www-form-urlencoded", form)},
        "responses": {
            "200": {"description": "OK", **_body("application/json", token)},
            **_errors(400, 401),
        },
    }


@functools.cache
def openapi_document() -> dict[str, Any]:
    """The document as a dict (built once)."""
    components: dict[str, Any] = {"Error": _ERROR}
    paths: dict[str, Any] = {}
    for listing in (routes_by_namespace(), emulator_only_routes()):
        for tag, routes in listing.items():
            for route in routes:
                item = paths.setdefault(route.path, {})
                names = [part[1:-1] for part in route.path.split("/") if part.startswith("{")]
                if names:
                    item["parameters"] = [
                        {"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
                        for n in names
                    ]
                item[route.method.lower()] = _operation(route, tag, components)
    # A form with Basic auth, not a JSON call: described by hand.
    paths["/oauth/token"] = {"post": _token_operation()}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "SMS.CX emulator (smscx.testing)",
            "version": __version__,
            "description": "The SMS.CX API's routes that smscx covers, as emulated for tests.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(components.items())),
            "securitySchemes": {
                "ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-KEY"},
                "BearerAuth": {"type": "http", "scheme": "bearer"},
                "BasicAuth": {"type": "http", "scheme": "basic"},
            },
        },
    }


@functools.cache
def openapi_json() -> bytes:
    """The document as JSON bytes (built once)."""
    return dumps(openapi_document())

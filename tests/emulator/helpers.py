"""Request bodies and response readers shared by the emulator tests."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import httpx

FR = "+33612345678"
"""A valid French mobile number (price 0.065 by default)."""


def sms(**fields: Any) -> dict[str, Any]:
    """A valid ``POST /sms`` body, with ``fields`` replacing or adding keys."""
    body: dict[str, Any] = {"to": [FR], "from": "InfoText", "text": "Hello"}
    body.update(fields)
    return body


def campaign(**fields: Any) -> dict[str, Any]:
    """A valid ``POST /sms/campaign`` body, with ``fields`` replacing or adding keys."""
    body: dict[str, Any] = {"groups": [1], "from": "InfoText", "text": "Hello"}
    body.update(fields)
    return body


def error_of(response: httpx.Response) -> tuple[int, str, int]:
    """(HTTP status, error type, error code) of an error response."""
    error = response.json()["error"]
    return response.status_code, error["type"], error["code"]


def schema_errors(
    value: Any, schema: Mapping[str, Any], schemas: Mapping[str, Any], at: str = "$"
) -> list[str]:
    """What in ``value`` (a JSON value) does not match ``schema`` (OpenAPI 3.0, ``$ref`` into
    ``schemas``): wrong types, missing required keys, keys the schema does not name."""
    if "$ref" in schema:
        return schema_errors(value, schemas[schema["$ref"].rsplit("/", 1)[1]], schemas, at)
    if value is None:
        return [] if schema.get("nullable") else [f"{at} is null"]
    if "allOf" in schema:
        return [e for part in schema["allOf"] for e in schema_errors(value, part, schemas, at)]
    if "oneOf" in schema:
        fits = [part for part in schema["oneOf"] if not schema_errors(value, part, schemas, at)]
        return [] if len(fits) == 1 else [f"{at} fits {len(fits)} of oneOf"]
    kind = schema.get("type")
    if kind is not None and not _is(value, kind):
        return [f"{at} is {value!r:.40}, not {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{at} is {value!r:.40}, not one of {schema['enum']}"]
    if "pattern" in schema and not re.search(schema["pattern"], value):
        return [f"{at} is {value!r:.40}, not {schema['pattern']}"]
    errors: list[str] = []
    if kind == "array":
        for index, item in enumerate(value):
            errors += schema_errors(item, schema["items"], schemas, f"{at}[{index}]")
    if kind == "object":
        properties = schema.get("properties", {})
        errors += [
            f"{at}.{key} is missing" for key in schema.get("required", ()) if key not in value
        ]
        for key, item in value.items():
            if key in properties:
                errors += schema_errors(item, properties[key], schemas, f"{at}.{key}")
            elif "additionalProperties" in schema:
                errors += schema_errors(
                    item, schema["additionalProperties"], schemas, f"{at}.{key}"
                )
            else:
                errors.append(f"{at}.{key} is not in the schema")
    return errors


_JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "array": list,
    "object": dict,
}


def _is(value: Any, kind: str) -> bool:
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _JSON_TYPES[kind])

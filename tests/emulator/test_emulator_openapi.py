"""The emulator's OpenAPI document (``/openapi.json``): every route it serves."""

from __future__ import annotations

import re

import httpx
import pytest

from smscx.testing.routes import emulator_only_routes, routes_by_namespace

pytestmark = pytest.mark.anyio


async def test_openapi_document_lists_the_implemented_endpoints(api: httpx.AsyncClient) -> None:
    document = (await api.get("/openapi.json")).json()
    documented = {re.sub(r"\{[^}]+\}", "{}", path) for path in document["paths"]}
    listings = (routes_by_namespace(), emulator_only_routes())
    served = {
        re.sub(r"\{[^}]+\}", "{}", route.path)
        for listing in listings
        for routes in listing.values()
        for route in routes
    }
    assert documented == served | {"/oauth/token"}
    assert len(documented) == 43  # the six SMS routes, OAuth, and the 36 after the send
    assert document["openapi"].startswith("3.")

"""The emulator's routing table: a literal segment beats a parameter, the method picks among
templates that match, and a path with no such method is a 405 naming the methods it has."""

from __future__ import annotations

import httpx
import pytest

from smscx.testing.server.router import Router

pytestmark = pytest.mark.anyio


def _router() -> Router:
    router = Router()
    router.add("GET", "/optouts", "list", lambda c: "list")
    router.add("GET", "/optouts/csv", "csv", lambda c: "csv")
    router.add("DELETE", "/optouts/{}", "delete", lambda c: "delete")
    router.add("GET", "/groups/{}/empty", "empty", lambda c: "empty")
    router.add("DELETE", "/groups/{}/{}", "delete_contact", lambda c: "delete_contact")
    router.add("PATCH", "/groups/{}/{}", "update_contact", lambda c: "update_contact")
    return router


@pytest.mark.parametrize(
    ("method", "path", "name", "params"),
    [
        ("GET", "/optouts", "list", ()),
        ("GET", "/optouts/", "list", ()),  # a trailing slash is the same path
        ("GET", "/optouts/csv", "csv", ()),
        ("DELETE", "/optouts/17", "delete", ("17",)),
        ("GET", "/groups/4/empty", "empty", ("4",)),
        ("DELETE", "/groups/4/empty", "delete_contact", ("4", "empty")),  # method decides
        ("PATCH", "/groups/4/abc", "update_contact", ("4", "abc")),
    ],
)
def test_a_path_resolves_to_its_handler_and_parameters(
    method: str, path: str, name: str, params: tuple[str, ...]
) -> None:
    found = _router().resolve(method, path)
    assert found is not None
    methods, got = found
    assert methods[method][0] == name
    assert got == params


def test_no_match_is_none_and_another_method_lists_the_methods() -> None:
    router = _router()
    assert router.resolve("GET", "/nowhere") is None
    assert router.resolve("GET", "/groups//empty") is None  # an empty parameter
    found = router.resolve("POST", "/optouts/17")
    assert found is not None
    assert set(found[0]) == {"DELETE"}


async def test_the_emulator_answers_405_with_allow() -> None:
    from smscx.testing import Emulator

    emulator = Emulator()
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        answer = await api.put("/otp/3328fe13-2b99-4282-b62e-d891f5e452a8")
        missing = await api.get("/no/such/route")
    assert answer.status_code == 405
    assert set(answer.headers["allow"].split(", ")) == {"GET", "POST", "DELETE"}
    assert missing.status_code == 404
    assert isinstance(answer, httpx.Response)

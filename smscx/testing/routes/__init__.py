"""The emulator's routes, one module per namespace of the vendor's API.

Each namespace module (``sms``, ``account`` ...: one per line of the SDK's registry,
:data:`smscx.api._registry.NAMESPACES`) holds that namespace's service (its work, its own
records, their reset) and ``ROUTES``: every route it serves, as a :class:`Route` named by
the vendor's method. Everything that lists routes reads them from here: the emulator's
router (:func:`bind`), its OpenAPI document, and the guard tests
(:func:`routes_by_namespace`)::

    >>> [(r.method, r.path, r.name) for r in routes_by_namespace()["account"]][:2]
    [('GET', '/account/balance', 'get_account_balance'),
     ('GET', '/account/channels/status', 'get_channels_status')]

Adding a namespace is a module here with ``ROUTES`` and a service, and the service built in
:class:`~smscx.testing.Emulator`.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping
from typing import Any, Generic, Protocol, TypeVar

import attrs

from smscx.api._registry import NAMESPACES as _REGISTRY
from smscx.testing.server.router import Router
from smscx.testing.wire.call import Call, Reply

__all__ = [
    "CSV",
    "INFRASTRUCTURE",
    "NAMESPACES",
    "XLSX",
    "Route",
    "Service",
    "bind",
    "emulator_only_routes",
    "routes_by_namespace",
]

_ENTRIES = {entry.attribute: entry for entry in _REGISTRY}
NAMESPACES = tuple(_ENTRIES)
"""The namespaces the emulator serves, by the client's attribute names (``sms``, ``account``
...), in the registry's order."""

INFRASTRUCTURE = (
    ("GET", "/", "index"),
    ("GET", "/openapi.json", "openapi"),
)
"""(method, path, name) of the routes the app answers itself, before credentials are asked
for, in no namespace. (``POST /oauth/token`` is answered by the app too, but is a vendor
route: the ``oauth`` namespace lists it.)"""

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

S = TypeVar("S")


class Service(Protocol):
    """What a namespace's service is besides its routes' work: something that resets."""

    def reset(self) -> None:
        """Forget what the namespace's routes recorded (its own records only)."""


def _models(value: type | tuple[type, ...] | None) -> tuple[type, ...]:
    return () if value is None else value if isinstance(value, tuple) else (value,)


@attrs.frozen
class Route(Generic[S]):
    """``method path`` serves the vendor's method ``name``.

    ``path`` names its parameters (``/groups/{groupId}``). ``handler`` does the work, given
    the namespace's service and the :class:`~smscx.testing.wire.call.Call`. ``request`` is
    the model of the JSON body (a tuple: the body may be any of them), ``response`` the model
    of the answer, or the media type of an exported file. ``also`` names the SDK's other
    methods that this same route serves (``add_contacts_to_group_with_fields``). ``status``
    is its success status (201 where the vendor's pages say so: what it creates), and
    ``no_content`` says it may answer 204 instead (nothing to do, as the pages say).
    """

    method: str
    path: str
    name: str
    handler: Callable[[S, Call], Reply] = attrs.field(repr=False, eq=False)
    request: tuple[type, ...] = attrs.field(default=None, converter=_models)
    response: type | str | None = None
    also: tuple[str, ...] = ()
    status: int = 200
    no_content: bool = False


def _module(name: str) -> Any:
    return importlib.import_module(_ENTRIES[name].routes)


def routes_by_namespace() -> dict[str, tuple[Route[Any], ...]]:
    """Every vendor route the emulator serves, by namespace (in :data:`NAMESPACES` order).

    A route two SDK methods share is listed once, under the vendor's primary name, with
    the other in :attr:`Route.also`. The emulator's own routes (:func:`emulator_only_routes`)
    and :data:`INFRASTRUCTURE` are not in it.
    """
    return {name: tuple(_module(name).ROUTES) for name in NAMESPACES}


def emulator_only_routes() -> dict[str, tuple[Route[Any], ...]]:
    """Routes the vendor does not have (``GET /_emulator/messages``), by namespace."""
    found = {name: tuple(getattr(_module(name), "EMULATOR_ROUTES", ())) for name in NAMESPACES}
    return {name: routes for name, routes in found.items() if routes}


def bind(services: Mapping[str, Service]) -> Router:
    """A router serving every namespace's routes, each with its service from ``services``
    (by namespace name)."""
    router = Router()
    for listing in (routes_by_namespace(), emulator_only_routes()):
        for namespace, routes in listing.items():
            for route in routes:
                handler = functools.partial(route.handler, services[namespace])
                router.add(route.method, route.path, route.name, handler)
    return router

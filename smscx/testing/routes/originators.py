"""``OriginatorsApi``: the account's sender ids, kept by the emulator.

The emulator starts with :data:`DEFAULT_ORIGINATORS`, approved and marked default. A new
originator is pending approval (``approved`` false) until a test approves it with
:meth:`OriginatorService.approve`; sends do not check ``from`` against the list (both
assumptions, listed in docs/testing.md).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

import attrs

from smscx.models import OriginatorNewRequest, OriginatorNewResponse, OriginatorsListResponse
from smscx.testing.wire.call import Reply
from smscx.testing.wire.codec import dumps, format_date
from smscx.testing.wire.errors import ApiError

from . import Route

__all__ = ["DEFAULT_ORIGINATORS", "DEFAULT_SYSTEM_SENDER", "ROUTES", "OriginatorService"]

#: The originators an emulator's account starts with.
DEFAULT_ORIGINATORS = ("InfoText",)
#: What an unapproved ``from`` becomes when the account has no default originator left.
DEFAULT_SYSTEM_SENDER = "InfoText"

_ALPHANUMERIC = re.compile(r"[A-Za-z0-9]+")


@attrs.define
class Originator:
    """One sender id of the account."""

    id: int
    originator: str
    approved: bool
    is_default: bool
    created_at: datetime
    #: Two-way messaging: (type, country ISO, expiry), or ``None`` (the default).
    two_way: tuple[str, str, datetime] | None = None


class OriginatorService:
    """Answers ``GET``/``POST /originators`` and ``DELETE /originators/{id}``."""

    def __init__(
        self, clock: Callable[[], float], defaults: Iterable[str] = DEFAULT_ORIGINATORS
    ) -> None:
        self._clock = clock
        self._defaults = tuple(defaults)
        self._lock = threading.Lock()
        self._by_id: dict[int, Originator] = {}
        self._next = 1
        self.reset()

    def reset(self) -> None:
        """Back to the default originators only."""
        with self._lock:
            self._by_id.clear()
            self._next = 1
            for name in self._defaults:
                self._add(name, approved=True, is_default=True)

    def _add(self, name: str, *, approved: bool, is_default: bool) -> Originator:
        originator = Originator(
            self._next,
            name,
            approved,
            is_default,
            datetime.fromtimestamp(self._clock(), timezone.utc),
        )
        self._by_id[originator.id] = originator
        self._next += 1
        return originator

    def approve(self, name: str) -> None:
        """Mark originator ``name`` approved (what the vendor's review does)."""
        with self._lock:
            for originator in self._by_id.values():
                if originator.originator == name:
                    originator.approved = True

    def set_two_way(self, name: str, *, type: str, country_iso: str, expire_date: datetime) -> None:
        """Give originator ``name`` two-way messaging (a ``type`` such as ``"VLN"``, the
        country it serves, when its subscription ends), as the vendor's dashboard does."""
        with self._lock:
            for originator in self._by_id.values():
                if originator.originator == name:
                    originator.two_way = (type, country_iso, expire_date)

    def sender_for(self, name: str) -> str:
        """The sender a message asked to come from ``name`` goes out with: ``name`` when an
        approved originator has it (in any case), else the default system originator (the
        first default, ``InfoText``), as the vendor's pages say of an unapproved ``from``."""
        wanted = name.lower()
        with self._lock:
            known = [o for o in self._by_id.values() if o.approved]
        if any(o.originator.lower() == wanted for o in known):
            return name
        fallback = next((o.originator for o in known if o.is_default), None)
        return fallback or (self._defaults[0] if self._defaults else DEFAULT_SYSTEM_SENDER)

    def names(self) -> list[str]:
        """The originators' names, in order of creation."""
        with self._lock:
            return [o.originator for o in self._by_id.values()]

    def list(self) -> Reply:
        with self._lock:
            data = [_wire(o) for o in self._by_id.values()]
        return Reply(200, dumps({"data": data}))

    def create(self, body: Mapping[str, Any]) -> Reply:
        name = body.get("originator")
        if not isinstance(name, str) or not name:
            raise ApiError(1301)
        if not _ALPHANUMERIC.fullmatch(name):
            raise ApiError(1303)
        if name.isdigit() and not 3 <= len(name) <= 15:
            raise ApiError(1305)
        if not name.isdigit() and not 3 <= len(name) <= 11:
            raise ApiError(1304)
        with self._lock:
            if any(o.originator.lower() == name.lower() for o in self._by_id.values()):
                raise ApiError(1306)
            created = self._add(name, approved=False, is_default=False)
        return Reply(201, dumps({"info": {"id": created.id, "originator": created.originator}}))

    def delete(self, parameter: str) -> Reply:
        with self._lock:
            originator = self._by_id.pop(int(parameter), None) if parameter.isdigit() else None
        if originator is None:
            raise ApiError(1300)
        return Reply(
            200, dumps({"info": {"id": originator.id, "originator": originator.originator}})
        )


def _wire(originator: Originator) -> dict[str, Any]:
    return {
        "id": originator.id,
        "originator": originator.originator,
        # The page's TwoWay has every field required: an originator without two-way
        # messaging has none at all (null), not an empty object.
        "twoWay": None
        if originator.two_way is None
        else {
            "type": originator.two_way[0],
            "countryIso": originator.two_way[1],
            "expireDate": format_date(originator.two_way[2]),
        },
        "isDefault": originator.is_default,
        "approved": originator.approved,
        "createdAt": format_date(originator.created_at),
    }


ROUTES: tuple[Route[OriginatorService], ...] = (
    Route(
        "GET", "/originators", "get_originators_list", lambda o, c: o.list(),
        response=OriginatorsListResponse,
    ),
    Route(
        "POST", "/originators", "create_originator", lambda o, c: o.create(c.json()),
        OriginatorNewRequest, OriginatorNewResponse, status=201,
    ),
    Route(
        "DELETE", "/originators/{originatorId}", "delete_originator",
        lambda o, c: o.delete(c.param), response=OriginatorNewResponse,
    ),
)  # fmt: skip

"""Faults: make requests fail the ways networks and servers do, on purpose.

Four kinds, chosen per request before anything else happens (they are the network's and the
edge's doing, not the API's):

* ``status``: answer an HTTP error (500, 502, 503, 429 ...) without doing the work;
* ``delay``: wait ``seconds`` before doing the work; a client that gives up first gets
  nothing done (the emulator notices the disconnect and drops the request);
* ``close_before``: cut the connection without doing the work;
* ``close_after_commit``: do the work (bill it, store it for idempotent replay), then cut the
  connection instead of answering: the case idempotency exists for.

A :class:`FaultPlan` holds scripted faults (the next N requests matching a route) and an
optional seeded chaos mode (a probability per kind for every matching request). Scripted
faults take precedence. Everything is thread-safe: the socket server consults the plan from
its own thread.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Sequence
from typing import Literal

import attrs

__all__ = ["Chaos", "Fault", "FaultKind", "FaultPlan", "FiredFault", "parse_fault_spec"]

FaultKind = Literal["status", "delay", "close_before", "close_after_commit"]
_KINDS: tuple[FaultKind, ...] = ("status", "delay", "close_before", "close_after_commit")


@attrs.frozen(slots=True)
class Fault:
    """What happens to one request: a kind and its parameters."""

    kind: FaultKind
    status: int = 503
    seconds: float = 0.0

    def __attrs_post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {_KINDS}")
        if self.kind == "status" and not 400 <= self.status <= 599:
            raise ValueError(f"a status fault needs a 4xx or 5xx status, got {self.status}")
        if self.seconds < 0:
            raise ValueError("a delay cannot be negative")


@attrs.frozen(slots=True)
class FiredFault:
    """A fault that was applied: to which request, and what it was."""

    method: str
    path: str
    fault: Fault


@attrs.frozen(slots=True)
class _Route:
    """``"POST /sms"``, ``"/sms"`` (any method) or ``"DELETE /sms/scheduled/{msgId}"``."""

    method: str | None
    segments: tuple[str, ...] | None

    @classmethod
    def parse(cls, route: str | None) -> _Route:
        if route is None or route.strip() in ("", "*"):
            return cls(None, None)
        method, _, path = route.strip().rpartition(" ")
        method = method.strip().upper()
        return cls(None if method in ("", "*") else method, tuple(path.strip("/").split("/")))

    def matches(self, method: str, segments: tuple[str, ...]) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self.segments is None:
            return True
        return len(self.segments) == len(segments) and all(
            want == got or (want.startswith("{") and want.endswith("}"))
            for want, got in zip(self.segments, segments, strict=True)
        )


@attrs.define(slots=True)
class _Rule:
    route: _Route
    fault: Fault
    remaining: int | None


@attrs.frozen(slots=True)
class Chaos:
    """Random faults: for each matching request, each kind fires with its probability.

    ``statuses`` are drawn uniformly for ``status`` faults and ``delay_seconds`` is the
    length of a ``delay``. ``seed`` makes a run repeatable (given the same request order).
    """

    seed: int | None = 0
    route: str | None = None
    status: float = 0.0
    delay: float = 0.0
    close_before: float = 0.0
    close_after_commit: float = 0.0
    statuses: tuple[int, ...] = (500, 502, 503, 429)
    delay_seconds: float = 0.05

    def __attrs_post_init__(self) -> None:
        total = self.status + self.delay + self.close_before + self.close_after_commit
        if min(self.status, self.delay, self.close_before, self.close_after_commit) < 0:
            raise ValueError("chaos probabilities cannot be negative")
        if total > 1:
            raise ValueError(f"chaos probabilities add up to {total}, more than 1")


class FaultPlan:
    """The faults to come: scripted ones first, then chaos, for requests that match.

    ``route`` is ``"METHOD /path"`` (``{name}`` matches any one path segment), a path alone
    for any method, or ``None`` for every API request. The readiness probe ``GET /`` and
    ``GET /openapi.json`` are never faulted.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[_Rule] = []
        self._chaos: tuple[Chaos, _Route, random.Random] | None = None
        self._fired: list[FiredFault] = []

    def add(
        self,
        kind: FaultKind = "status",
        *,
        route: str | None = None,
        status: int = 503,
        seconds: float = 1.0,
        times: int | None = 1,
    ) -> Fault:
        """Make the next ``times`` matching requests (``None``: all of them) fail this way."""
        if times is not None and times < 1:
            raise ValueError("times must be at least 1 (or None for always)")
        fault = Fault(kind, status=status, seconds=seconds if kind == "delay" else 0.0)
        with self._lock:
            self._rules.append(_Rule(_Route.parse(route), fault, times))
        return fault

    def chaos(self, chaos: Chaos | None = None, /, **options: object) -> None:
        """Turn random faults on (``chaos(Chaos(...))`` or ``chaos(status=0.1, ...)``).

        ``chaos(None)`` with no options turns them off.
        """
        if chaos is None and options:
            chaos = Chaos(**options)  # type: ignore[arg-type]
        with self._lock:
            self._chaos = (
                None
                if chaos is None
                else (chaos, _Route.parse(chaos.route), random.Random(chaos.seed))
            )

    def clear(self) -> None:
        """Forget scripted faults, chaos and history."""
        with self._lock:
            self._rules.clear()
            self._chaos = None
            self._fired.clear()

    @property
    def pending(self) -> int:
        """How many scripted fault uses remain (an unlimited rule counts as one)."""
        with self._lock:
            return sum(r.remaining or 1 for r in self._rules)

    @property
    def fired(self) -> tuple[FiredFault, ...]:
        """Every fault applied so far, oldest first."""
        with self._lock:
            return tuple(self._fired)

    def take(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if any (consuming one use of a scripted fault)."""
        segments = tuple(path.strip("/").split("/"))
        with self._lock:
            if not self._rules and self._chaos is None:
                return None
            fault = self._scripted(method, segments) or self._random(method, segments)
            if fault is not None:
                self._fired.append(FiredFault(method, path, fault))
            return fault

    def _scripted(self, method: str, segments: tuple[str, ...]) -> Fault | None:
        for index, rule in enumerate(self._rules):
            if rule.route.matches(method, segments):
                if rule.remaining is not None:
                    rule.remaining -= 1
                    if rule.remaining == 0:
                        del self._rules[index]
                return rule.fault
        return None

    def _random(self, method: str, segments: tuple[str, ...]) -> Fault | None:
        if self._chaos is None:
            return None
        chaos, route, rng = self._chaos
        if not route.matches(method, segments):
            return None
        roll = rng.random()
        for kind, probability in (
            ("status", chaos.status),
            ("delay", chaos.delay),
            ("close_before", chaos.close_before),
            ("close_after_commit", chaos.close_after_commit),
        ):
            if roll < probability:
                if kind == "status":
                    return Fault("status", status=rng.choice(chaos.statuses))
                if kind == "delay":
                    return Fault("delay", seconds=chaos.delay_seconds)
                return Fault(kind)  # type: ignore[arg-type]
            roll -= probability
        return None


def parse_fault_spec(spec: str) -> dict[str, object]:
    """Read a command-line fault: ``kind=status,status=503,route=POST /sms,times=2``.

    Returns keyword arguments for :meth:`FaultPlan.add`; ``times=always`` is ``None``.
    """
    options: dict[str, object] = {}
    for item in _split(spec):
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ValueError(f"expected key=value in fault spec, got {item!r}")
        value = value.strip()
        if key in ("status",):
            options[key] = int(value)
        elif key == "seconds":
            options[key] = float(value)
        elif key == "times":
            options[key] = None if value in ("always", "forever", "*") else int(value)
        elif key in ("kind", "route"):
            options[key] = value
        else:
            raise ValueError(f"unknown fault option {key!r}")
    return options


def _split(spec: str) -> Sequence[str]:
    return [part for part in spec.split(",") if part.strip()]

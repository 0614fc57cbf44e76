"""The batch journal stores as a pytest fixture: a test that takes ``make_journal`` runs once
on an SQLite file and once on Redis (fakeredis, with the Lua its scripts need)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from smscx.journal import Journal, RedisJournal, SqliteJournal


@pytest.fixture(params=["sqlite", "redis"])
def make_journal(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Journal]:
    """A factory of journals onto one store: each call is another run's (or worker's)."""
    if request.param == "sqlite":
        path = tmp_path / "shared.sqlite"
        return lambda: SqliteJournal(path)
    fakeredis = pytest.importorskip("fakeredis")
    server = fakeredis.FakeServer()
    return lambda: RedisJournal(fakeredis.FakeRedis(server=server))

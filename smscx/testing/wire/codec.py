"""JSON bytes and dates as the API writes them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

__all__ = ["dumps", "format_date", "loads"]

try:  # orjson is the fast extra; the emulator is also the benchmarks' server.
    import orjson

    def dumps(value: Any) -> bytes:
        """Serialise ``value`` to compact JSON bytes (orjson when installed)."""
        return orjson.dumps(value)

    loads: Callable[[bytes], Any] = orjson.loads
except ImportError:  # pragma: no cover - exercised only without the fast extra
    _encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

    def dumps(value: Any) -> bytes:
        """Serialise ``value`` to compact JSON bytes (orjson when installed)."""
        return _encoder.encode(value).encode()

    loads = json.loads


def format_date(moment: datetime) -> str:
    """A UTC date as the API writes it: ``YYYY-MM-DD HH:MM:SS``."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S")

"""Builders for the command-line tests: a client factory over a MockTransport, API bodies."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
from click.testing import Result

from smscx import AsyncSmsClient, RetryPolicy
from smscx.cli._session import Connection, default_client
from tests.helpers import BASE_URL, Handler, data_body, info_body

SECRET_KEY = "sk_live_do-not-print-5e3c9a"


def mock_factory(handler: Handler) -> Callable[[Connection], AsyncSmsClient]:
    """The command line's own client factory, over a MockTransport and without retry waits.

    Credentials still come from --api-key or the environment, exactly as in production.
    """

    def build(connection: Connection) -> AsyncSmsClient:
        if connection.sandbox:
            return default_client(connection)
        return default_client(
            Connection(connection.api_key, connection.base_url or BASE_URL),
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
            retry_policy=RetryPolicy(wait=False),
        )

    return build


def stdout_json(result: Result) -> Any:
    """The JSON a command printed on stdout."""
    return json.loads(result.stdout)


def bulk_response(request: httpx.Request) -> httpx.Response:
    """One accepted message per recipient at 0.01 a part, as the API answers a send."""
    body = json.loads(request.content)
    numbers = body["to"]
    info = info_body(
        totalPhoneNumbers=len(numbers),
        totalValid=len(numbers),
        totalParts=len(numbers),
        totalCost=0.01 * len(numbers),
        phoneNumbersByCountry={"FR": len(numbers)},
    )
    data = [data_body(to=n, msgId=f"00000000-0000-4000-8000-{i:012d}", cost=0.01) for i, n in
            enumerate(numbers)]  # fmt: skip
    return httpx.Response(
        200, json={"info": info, "data": data}, headers={"X-Idempotency-Id": body["idempotencyId"]}
    )


def campaign_response(request: httpx.Request) -> httpx.Response:
    """A campaign to groups 1 and 2, one duplicate removed."""
    info = info_body(
        totalPhoneNumbers=2,
        totalValid=2,
        totalParts=2,
        totalCost=0.1,
        duplicatesRemoved=1,
        groups=[
            {"id": 1, "name": "Customers", "phoneNumbers": 2},
            {"id": 2, "name": "Staff", "phoneNumbers": 1},
        ],
    )
    return httpx.Response(
        200, json={"info": info, "data": [data_body(), data_body(to="+33612345679")]}
    )

"""Builders of API bodies and a scripted MockTransport handler, shared by the unit tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

API_KEY = "test-key-5f1c"
BASE_URL = "http://127.0.0.1"


def info_body(**overrides: Any) -> dict[str, Any]:
    """A minimal valid `info` object of a send response."""
    body: dict[str, Any] = {
        "campaignId": "0b57f5bc-5ce0-4b1b-9a3c-e6a0b47f0d1f",
        "totalPhoneNumbers": 1,
        "totalValid": 1,
        "totalInvalid": 0,
        "totalParts": 1,
        "totalCost": 0.05,
        "dlrCallbackUrl": None,
        "phoneNumbersByCountry": {"FR": 1},
        "scheduled": False,
    }
    body.update(overrides)
    return body


def data_body(**overrides: Any) -> dict[str, Any]:
    """A minimal valid `data[]` item of a send response."""
    body: dict[str, Any] = {
        "msgId": "3328fe13-2b99-4282-b62e-d891f5e452a8",
        "status": "ACCEPTED",
        "statusCode": 100,
        "errorCode": None,
        "createdAt": "2026-11-26 14:54:13",
        "inQuietHours": False,
        "cost": 0.05,
        "to": "+33612345678",
        "countryIso": "FR",
        "from": "InfoText",
        "text": "Hi",
        "parts": 1,
        "textAnalysis": {"length": 2, "unicode": False, "parts": 1},
    }
    body.update(overrides)
    return body


def report_message_body(**overrides: Any) -> dict[str, Any]:
    """A minimal valid message of a report page (``get_campaign_report``'s ``data[]``)."""
    body: dict[str, Any] = {
        "msgId": "msg-0",
        "status": "DELIVERED",
        "statusCode": 200,
        "errorCode": None,
        "inQuietHours": False,
        "createdAt": "2026-11-26 14:54:13",
        "updatedAt": "2026-11-26 14:54:20",
        "cost": 0.05,
        "to": "+33612345678",
        "countryIso": "FR",
        "from": "Shop",
        "text": "Hi",
        "source": "api",
        "channel": "sms",
        "textAnalysis": {"length": 2, "unicode": False, "parts": 1},
    }
    body.update(overrides)
    return body


def send_response(request: httpx.Request, status: int = 200, **headers: str) -> httpx.Response:
    """A 200 send response that echoes the request's idempotency id, as the API does."""
    sent = json.loads(request.content) if request.content else {}
    out = {"X-Request-Id": "req-1", "X-Rate-Limit-Limit": "100", "X-Rate-Limit-Remaining": "99"}
    if "idempotencyId" in sent:
        out["X-Idempotency-Id"] = sent["idempotencyId"]
    out.update(headers)
    return httpx.Response(status, headers=out, json={"info": info_body(), "data": [data_body()]})


def error_response(
    status: int, error_type: str, code: int, message: str = "error", **extra: Any
) -> httpx.Response:
    body: dict[str, Any] = {
        "error": {"type": error_type, "code": code, "message": message, "uri": "https://sms.cx"}
    }
    body.update(extra)
    return httpx.Response(status, json=body, headers={"X-Request-Id": "req-err"})


Handler = Callable[[httpx.Request], Any]


class Recorder:
    """A MockTransport handler that records every request and answers from a script."""

    def __init__(self, *responses: Handler | httpx.Response) -> None:
        self.requests: list[httpx.Request] = []
        self._script = list(responses)

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self._script.pop(0) if len(self._script) > 1 else self._script[0]
        if isinstance(step, httpx.Response):
            return step
        result = step(request)
        if hasattr(result, "__await__"):
            result = await result
        assert isinstance(result, httpx.Response)
        return result

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests]

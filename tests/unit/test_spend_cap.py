"""The spend cap's rules: how ``max_cost`` is read (Decimal, never float), what fits, what
the estimate request is, and that a batch counts what each request was billed."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

from smscx import AsyncSmsClient, SpendLimitError, ValidationError
from smscx._spend import cap_refusal, estimate_request, read_cap
from smscx.models import SendSmsMessageRequest, SendSmsRequestEstimate
from tests.helpers import info_body

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("given", "read"),
    [
        (Decimal("0.13"), Decimal("0.13")),
        ("0.13", Decimal("0.13")),
        (" 5 ", Decimal(5)),
        (0, Decimal(0)),
        (2, Decimal(2)),
        (0.1, Decimal("0.1")),  # the decimal it prints as, not 0.1000000000000000055...
        (None, None),
    ],
)
def test_a_cap_is_read_as_a_decimal(given: Any, read: Decimal | None) -> None:
    assert read_cap(given) == read
    if read is not None:
        assert str(read_cap(given)) == str(read)


@pytest.mark.parametrize("given", [-1, "-0.01", "NaN", "sNaN", "inf", float("nan"), "", "1,5"])
def test_a_cap_that_is_not_a_finite_amount_of_at_least_zero_is_a_validation_error(
    given: Any,
) -> None:
    with pytest.raises(ValidationError) as caught:
        read_cap(given)
    assert caught.value.field == "max_cost"
    assert not isinstance(caught.value, SpendLimitError)


@pytest.mark.parametrize("given", [True, b"1", [1], object()])
def test_a_cap_of_another_type_is_a_validation_error(given: Any) -> None:
    with pytest.raises(ValidationError, match="takes an amount"):
        read_cap(given)


def test_an_estimate_reaching_the_cap_exactly_fits() -> None:
    assert cap_refusal(Decimal("0.13"), Decimal("0.13")) is None
    assert cap_refusal(Decimal("0.07"), Decimal("0.13"), committed=Decimal("0.06")) is None


def test_an_estimate_past_the_cap_is_refused_with_its_figures() -> None:
    refused = cap_refusal(Decimal("0.08"), Decimal("0.13"), committed=Decimal("0.06"), batch=True)
    assert isinstance(refused, SpendLimitError)
    assert (refused.estimate, refused.max_cost, refused.committed) == (
        Decimal("0.08"),
        Decimal("0.13"),
        Decimal("0.06"),
    )
    assert refused.code is None
    assert "max_cost=0.13" in refused.message


def test_floats_that_sum_past_a_cap_in_binary_do_not() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in float: a cap of 0.3 must still hold them.
    assert (
        cap_refusal(Decimal("0.2"), read_cap(0.3) or Decimal(0), committed=Decimal("0.1")) is None
    )


def test_the_estimate_of_a_send_has_its_fields_without_the_idempotency_id() -> None:
    send = SendSmsMessageRequest(
        to=["+33612345678"],
        from_="Shop",
        text="Hi",
        idempotency_id="9a1d6c37-4c2f-4f8a-9d3e-1f2a3b4c5d6e",
        track_data="7b0c8a52-2f6e-4d4a-8e5b-0f8e1d2c3b4a",
    )
    estimate = estimate_request(send, SendSmsRequestEstimate)
    assert isinstance(estimate, SendSmsRequestEstimate)
    assert (estimate.to, estimate.from_, estimate.text, estimate.track_data) == (
        send.to,
        send.from_,
        send.text,
        send.track_data,
    )
    assert estimate.short_response is True  # only the totals are read


class PriceRise:
    """Estimates every request at 0.10 and bills it 0.20: the price rose between the two."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        body = json.loads(request.content)
        cost = 0.10 if request.url.path.endswith("/estimate") else 0.20
        info = info_body(totalCost=cost, totalPhoneNumbers=len(body["to"]))
        headers = {"X-Idempotency-Id": body["idempotencyId"]} if "idempotencyId" in body else {}
        return httpx.Response(200, json={"info": info, "data": []}, headers=headers)


async def test_a_batch_counts_what_each_request_was_billed_not_its_estimate(
    make_client: Any,
) -> None:
    server = PriceRise()
    numbers = [f"+3361{n:07d}" for n in range(5)]
    client: AsyncSmsClient
    async with make_client(server) as client:
        report = await client.send_bulk(
            numbers, text="Hi", from_="Shop", chunk_size=1, concurrency=1, max_cost="0.35"
        )
    # Billed 0.20, then 0.40 committed: the third (0.40 + 0.10) does not fit. Counting only
    # estimates (0.10 each) would have let three through.
    assert server.paths.count("/sms") == 2
    assert report.total_cost_exact == Decimal("0.40")
    assert isinstance(report.stopped_by, SpendLimitError)
    assert report.stopped_by.committed == Decimal("0.40")


async def test_a_single_send_billed_above_its_estimate_is_not_undone(make_client: Any) -> None:
    server = PriceRise()
    async with make_client(server) as client:
        result = await client.send_sms(to="+33612345678", text="Hi", from_="Shop", max_cost="0.1")
    assert server.paths == ["/sms/estimate", "/sms"]
    assert result.info.total_cost == 0.20  # the bill is the send's own answer


async def test_a_failed_request_gives_its_reservation_back(make_client: Any) -> None:
    calls = {"sends": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if request.url.path == "/sms":
            calls["sends"] += 1
            if calls["sends"] == 1:  # refused: surely not sent, nor billed
                return httpx.Response(
                    400,
                    json={"error": {"type": "invalid_param", "code": 1107, "message": "no"}},
                )
            info = info_body(totalCost=0.10)
            return httpx.Response(
                200,
                json={"info": info, "data": []},
                headers={"X-Idempotency-Id": body["idempotencyId"]},
            )
        return httpx.Response(200, json={"info": info_body(totalCost=0.10), "data": []})

    async with make_client(handler) as client:
        report = await client.send_bulk(
            [f"+3361{n:07d}" for n in range(3)],
            text="Hi",
            from_="Shop",
            chunk_size=1,
            concurrency=1,
            max_cost="0.20",
        )
    assert calls["sends"] == 3  # the refused one's 0.10 went back: two more fit
    assert report.stopped_by is None
    assert report.total_cost_exact == Decimal("0.20")


async def test_a_request_model_takes_a_cap_beside_it(make_client: Any) -> None:
    server = PriceRise()
    request = SendSmsMessageRequest(to=["+33612345678"], from_="Shop", text="Hi")
    async with make_client(server) as client:
        with pytest.raises(SpendLimitError):
            await client.send_sms(request, max_cost="0.05")
        await client.send_sms(request, max_cost="0.10")
    assert server.paths == ["/sms/estimate", "/sms/estimate", "/sms"]

"""send_bulk and send_many: chunking, bounded concurrency, resumable ids, complete reports."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import anyio
import httpx
import pytest

from smscx import AsyncSmsClient, BulkProgress, Message, RetryPolicy, SmsClient
from smscx.bulk import idempotency_id_for
from tests.helpers import API_KEY, BASE_URL, data_body, error_response, info_body

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., AsyncSmsClient]


class BulkServer:
    """Answers every send with one accepted message per recipient at 0.01 a part."""

    def __init__(self, fail_chunks: set[int] | None = None, hold_until: int = 0) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.fail_chunks = fail_chunks or set()
        self.in_flight = 0
        self.max_in_flight = 0
        # Hold requests until this many are in flight at once. The very first request is
        # answered at once: the client's rate-limit gate sends it alone, as a probe, and
        # waits for its answer before it lets the rest go.
        self.hold_until = hold_until
        self._full: anyio.Event | None = None

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.bodies.append(body)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self._full is None:
                self._full = anyio.Event()
            if self.in_flight >= self.hold_until:
                self._full.set()
            if len(self.bodies) > 1:
                await self._full.wait()
        finally:
            self.in_flight -= 1
        if len(self.bodies) - 1 in self.fail_chunks:
            return error_response(400, "invalid_param", 1107, "text missing")
        data = [
            data_body(to=number, text=body["text"], cost=0.01, msgId=str(uuid.uuid4()))
            for number in body["to"]
        ]
        info = info_body(
            totalPhoneNumbers=len(data),
            totalValid=len(data),
            totalParts=len(data),
            totalCost=round(0.01 * len(data), 2),
        )
        return httpx.Response(
            200,
            json={"info": info, "data": data},
            headers={"X-Idempotency-Id": body["idempotencyId"]},
        )


def numbers(count: int) -> Iterator[str]:
    return (f"+3361{n:07d}" for n in range(count))


async def test_send_bulk_splits_recipients_into_chunks(make_client: MakeClient) -> None:
    server = BulkServer()
    async with make_client(server) as client:
        report = await client.send_bulk(
            numbers(60_001), text="Sale!", from_="InfoText", batch_id="spring"
        )
    assert sorted(len(body["to"]) for body in server.bodies) == [10_001, 25_000, 25_000]
    assert report.ok
    assert report.messages_sent == 60_001
    assert report.requests_done == 3
    assert report.total_parts == 60_001
    assert report.total_cost == pytest.approx(600.01)
    assert [chunk.index for chunk in report.chunks] == [0, 1, 2]


async def test_every_recipient_has_a_result_with_its_requests_id(make_client: MakeClient) -> None:
    async with make_client(BulkServer()) as client:
        report = await client.send_bulk(
            numbers(5), text="Hi", from_="InfoText", chunk_size=2, batch_id="b"
        )
    results = list(report.results())
    assert [r.to for r in results] == list(numbers(5))
    assert [r.idempotency_id for r in results] == [
        idempotency_id_for("b", "chunk", n) for n in (0, 0, 1, 1, 2)
    ]
    assert all(r.status == "ACCEPTED" and r.cost == 0.01 for r in results)


async def test_kept_results_are_held_as_models_not_as_the_wires_dicts(
    make_client: MakeClient,
) -> None:
    from smscx.models import ModelList

    async with make_client(BulkServer()) as client:
        report = await client.send_bulk(numbers(5), text="Hi", from_="InfoText", chunk_size=2)
    for chunk in report.chunks:
        assert chunk.response is not None
        data = chunk.response.data
        assert isinstance(data, ModelList)
        assert data._pending == 0  # built when recorded: a dict holds ~3x a model's memory
        assert all(item.__class__ is not dict for item in data._items)


async def test_a_kept_message_that_cannot_be_built_does_not_stop_the_batch(
    make_client: MakeClient,
) -> None:
    from smscx import APIResponseValidationError

    class Garbled(BulkServer):
        async def __call__(self, request: httpx.Request) -> httpx.Response:
            response = await super().__call__(request)
            body = json.loads(response.content)
            body["data"][0]["parts"] = "two"
            return httpx.Response(200, json=body, headers=dict(response.headers))

    async with make_client(Garbled()) as client:
        report = await client.send_bulk(numbers(4), text="Hi", from_="InfoText", chunk_size=2)
    assert report.ok
    assert report.messages_sent == 4  # the totals came whole
    with pytest.raises(APIResponseValidationError, match=r"data\[0\]"):
        list(report.results())


async def test_the_same_batch_id_gives_the_same_idempotency_ids(make_client: MakeClient) -> None:
    first, second, other = BulkServer(), BulkServer(), BulkServer()
    for server, batch in ((first, "run-1"), (second, "run-1"), (other, "run-2")):
        async with make_client(server) as client:
            await client.send_bulk(
                numbers(10), text="Hi", from_="InfoText", chunk_size=3, batch_id=batch
            )
    ids = [sorted(b["idempotencyId"] for b in s.bodies) for s in (first, second, other)]
    assert ids[0] == ids[1]
    assert not set(ids[0]) & set(ids[2])
    assert all(uuid.UUID(i).version == 5 for i in ids[0])


async def test_a_generated_batch_id_is_reported_for_resuming(make_client: MakeClient) -> None:
    async with make_client(BulkServer()) as client:
        report = await client.send_bulk(numbers(3), text="Hi", from_="InfoText")
    uuid.UUID(report.batch_id)


async def test_a_failing_chunk_does_not_stop_the_others(make_client: MakeClient) -> None:
    server = BulkServer(fail_chunks={1})
    async with make_client(server) as client:
        report = await client.send_bulk(
            numbers(10), text="Hi", from_="InfoText", chunk_size=2, concurrency=1, batch_id="f"
        )
    assert len(server.bodies) == 5
    assert not report.ok
    assert report.messages_sent == 8
    assert report.messages_failed == 2
    (failure,) = report.failures
    assert failure.index == 1
    assert failure.recipients == ["+33610000002", "+33610000003"]
    assert failure.error is not None
    assert failure.error.idempotency_id == failure.idempotency_id
    assert failure.idempotency_id == idempotency_id_for("f", "chunk", 1)


async def test_fail_fast_stops_sending_after_the_first_failure(make_client: MakeClient) -> None:
    server = BulkServer(fail_chunks={0})
    async with make_client(server) as client:
        report = await client.send_bulk(
            numbers(10), text="Hi", from_="InfoText", chunk_size=2, concurrency=1, fail_fast=True
        )
    assert len(server.bodies) == 1
    assert report.stopped_early
    assert report.requests_failed == 1


async def test_concurrency_bounds_requests_in_flight(make_client: MakeClient) -> None:
    server = BulkServer(hold_until=7)
    async with make_client(server) as client:
        await client.send_bulk(
            numbers(100), text="Hi", from_="InfoText", chunk_size=1, concurrency=7
        )
    assert len(server.bodies) == 100
    assert server.max_in_flight == 7


async def test_the_input_is_read_only_as_fast_as_it_is_sent(make_client: MakeClient) -> None:
    server = BulkServer()
    produced: list[int] = []

    def source() -> Iterator[Message]:
        for n in range(50):
            produced.append(n)
            # Never more than `concurrency` + 1 messages read ahead of those answered.
            assert n - len(server.bodies) <= 3
            yield Message(to=f"+3361{n:07d}", text=f"Your code is {n}")

    async with make_client(server) as client:
        report = await client.send_many(source(), from_="InfoText", concurrency=2)
    assert len(produced) == 50
    assert report.messages_sent == 50


async def test_send_many_sends_each_personalised_message(make_client: MakeClient) -> None:
    server = BulkServer()
    messages = [
        Message(to="+33610000001", text="Hi Ann"),
        Message(to=["+33610000002"], text="Hi Bob", from_="Shop"),
    ]
    async with make_client(server) as client:
        report = await client.send_many(messages, from_="InfoText", batch_id="m", concurrency=1)
    assert [(b["to"], b["text"], b["from"]) for b in server.bodies] == [
        (["+33610000001"], "Hi Ann", "InfoText"),
        (["+33610000002"], "Hi Bob", "Shop"),
    ]
    assert [b["idempotencyId"] for b in server.bodies] == [
        idempotency_id_for("m", "message", 0),
        idempotency_id_for("m", "message", 1),
    ]
    assert report.messages_sent == 2


async def test_send_many_accepts_an_async_iterable(make_client: MakeClient) -> None:
    async def source() -> Any:
        for n in range(5):
            yield Message(to=f"+3361000000{n}", text="Hi")

    async with make_client(BulkServer()) as client:
        report = await client.send_many(source(), from_="InfoText")
    assert report.messages_sent == 5


async def test_a_message_without_a_sender_is_a_reported_failure(make_client: MakeClient) -> None:
    server = BulkServer()
    async with make_client(server) as client:
        report = await client.send_many([Message(to="+33610000001", text="Hi")])
    assert server.bodies == []
    (failure,) = report.failures
    assert type(failure.error).__name__ == "ValidationError"


async def test_progress_is_reported_after_each_request(make_client: MakeClient) -> None:
    seen: list[BulkProgress] = []
    async with make_client(BulkServer()) as client:
        await client.send_bulk(
            numbers(6), text="Hi", from_="InfoText", chunk_size=2, on_progress=seen.append
        )
    assert [p.requests_done for p in seen] == [1, 2, 3]
    assert seen[-1].messages_sent == 6


async def test_keep_results_false_keeps_totals_and_failures_only(make_client: MakeClient) -> None:
    async with make_client(BulkServer(fail_chunks={2})) as client:
        report = await client.send_bulk(
            numbers(10),
            text="Hi",
            from_="InfoText",
            chunk_size=2,
            concurrency=1,
            keep_results=False,
        )
    assert report.chunks == []
    assert list(report.results()) == []
    assert report.messages_sent == 8
    assert len(report.failures) == 1


def test_the_blocking_client_sends_batches() -> None:
    with SmsClient(
        api_key=API_KEY,
        base_url=BASE_URL,
        retry_policy=RetryPolicy(wait=False),
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(BulkServer())),
    ) as client:
        report = client.send_bulk(numbers(7), text="Hi", from_="InfoText", chunk_size=3)
    assert report.messages_sent == 7
    assert report.requests_done == 3


def test_idempotency_ids_follow_one_documented_rule() -> None:
    # The rule scaling-out code relies on: send_bulk's chunk n has the id of ("chunk", n).
    assert idempotency_id_for("b", "chunk", 0) == idempotency_id_for("b", "chunk", 0)
    assert idempotency_id_for("b", "chunk", 0) != idempotency_id_for("b", "message", 0)
    assert idempotency_id_for("b", "chunk", 0) != idempotency_id_for("c", "chunk", 0)
    assert uuid.UUID(idempotency_id_for("b", "chunk", 3)).version == 5
    with pytest.raises(ValueError, match="kind"):
        idempotency_id_for("b", "chunks", 0)  # type: ignore[arg-type]


# --- what happened to each recipient ----------------------------------------------------------


async def test_a_batch_with_numbers_skipped_as_invalid_is_not_ok_and_says_which() -> None:
    # report.ok was True with messages_failed == 2: ok now means every recipient was sent.
    from smscx.testing import Emulator

    async with Emulator().client() as client:
        report = await client.send_bulk(
            ["+33612345678", "12345", "999"], text="Hi", from_="Shop", allow_invalid=True
        )
    assert report.messages_failed == 2
    assert not report.ok
    unsent = list(report.unsent())
    assert [(u.to, u.outcome) for u in unsent] == [("12345", "invalid"), ("999", "invalid")]
    assert all(u.idempotency_id == report.chunks[0].idempotency_id for u in unsent)


async def test_each_number_of_a_refused_request_has_its_own_outcome() -> None:
    from smscx.testing import Emulator

    emulator = Emulator()
    emulator.faults.add("status", route="POST /sms", status=503, times=None)
    async with emulator.client(retry_policy=RetryPolicy(wait=False)) as client:
        refused = await client.send_bulk(
            ["+33612345678", "12345", "+447400123456"], text="Hi", from_="Shop", chunk_size=3
        )
    outcomes = {u.to: u.outcome for u in refused.unsent()}
    # A 503 to a send: performed or not, nobody knows; and no number is named invalid.
    assert outcomes == {"+33612345678": "unknown", "12345": "unknown", "+447400123456": "unknown"}

    async with Emulator().client() as client:
        invalid = await client.send_bulk(
            ["+33612345678", "12345", "+447400123456"], text="Hi", from_="Shop"
        )
    by_number = {u.to: u for u in invalid.unsent()}
    assert by_number["12345"].outcome == "invalid"
    assert by_number["12345"].code == 1207
    assert by_number["+33612345678"].outcome == "not_sent"
    assert "other, invalid numbers" in by_number["+33612345678"].reason
    assert not invalid.ok

"""The retry policy: what is retried, how often, with which waits, and what the caller learns."""

from __future__ import annotations

import logging
from collections.abc import Callable

import anyio
import httpx
import pytest

from smscx import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncSmsClient,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    _retry,
)
from tests.helpers import Recorder, error_response, send_response

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., AsyncSmsClient]
MSG_ID = "3328fe13-2b99-4282-b62e-d891f5e452a8"
SEND = {"to": ["+33612345678"], "from_": "InfoText", "text": "Hi"}


def fail_with(exc: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the waits between attempts instead of sleeping them."""
    recorded: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(_retry, "_sleep", fake_sleep)
    return recorded


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
async def test_retryable_statuses_are_retried_then_succeed(
    make_client: MakeClient, status: int
) -> None:
    recorder = Recorder(error_response(status, "server_error", 0), send_response)
    async with make_client(recorder) as client:
        result = await client.send_sms(**SEND)
    assert len(recorder.requests) == 2
    assert result.attempts == 2


async def test_every_attempt_of_a_send_carries_the_same_idempotency_id(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(
        error_response(503, "server_error", 0),
        fail_with(httpx.ReadError("connection reset")),
        send_response,
    )
    async with make_client(recorder) as client:
        result = await client.send_sms(**SEND)
    ids = {body["idempotencyId"] for body in recorder.bodies()}
    assert len(recorder.requests) == 3
    assert ids == {result.idempotency_id}


async def test_a_callers_idempotency_id_is_never_replaced(make_client: MakeClient) -> None:
    mine = "0f8fad5b-d9cb-469f-a165-70867728950e"
    recorder = Recorder(error_response(500, "server_error", 0), send_response)
    async with make_client(recorder) as client:
        result = await client.send_sms(**SEND, idempotency_id=mine)
    assert [body["idempotencyId"] for body in recorder.bodies()] == [mine, mine]
    assert result.idempotency_id == mine


async def test_default_policy_makes_three_attempts_then_raises_server_error(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(error_response(503, "server_error", 0))
    async with make_client(recorder) as client:
        with pytest.raises(ServerError) as caught:
            await client.send_sms(**SEND)
    assert len(recorder.requests) == 3
    assert caught.value.status_code == 503
    assert caught.value.idempotency_id == recorder.bodies()[0]["idempotencyId"]
    assert caught.value.maybe_sent is True


async def test_max_retries_zero_makes_one_attempt(make_client: MakeClient) -> None:
    recorder = Recorder(error_response(503, "server_error", 0))
    async with make_client(recorder, max_retries=0) as client:
        with pytest.raises(ServerError):
            await client.send_sms(**SEND)
    assert len(recorder.requests) == 1


async def test_with_options_overrides_retries_for_one_call(make_client: MakeClient) -> None:
    recorder = Recorder(error_response(503, "server_error", 0))
    async with make_client(recorder) as client:
        with pytest.raises(ServerError):
            await client.with_options(max_retries=5).send_sms(**SEND)
        assert len(recorder.requests) == 6
        with pytest.raises(ServerError):
            await client.send_sms(**SEND)
    assert len(recorder.requests) == 9


@pytest.mark.parametrize(
    ("status", "error_type", "code"),
    [(400, "invalid_param", 1107), (401, "invalid_api_key", 0), (403, "access_denied", 1118),
     (404, "not_found", 1100), (405, "method_not_allowed", 0)],
)  # fmt: skip
async def test_client_errors_are_never_retried(
    make_client: MakeClient, status: int, error_type: str, code: int
) -> None:
    recorder = Recorder(error_response(status, error_type, code))
    async with make_client(recorder) as client:
        with pytest.raises(APIStatusError) as caught:
            await client.send_sms(**SEND)
    assert len(recorder.requests) == 1
    assert caught.value.status_code == status
    assert caught.value.maybe_sent is False


async def test_a_connection_error_is_retried_and_then_reported(make_client: MakeClient) -> None:
    recorder = Recorder(fail_with(httpx.ReadError("connection reset by peer")))
    async with make_client(recorder) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.send_sms(**SEND)
    assert len(recorder.requests) == 3
    assert caught.value.maybe_sent is True
    assert caught.value.idempotency_id == recorder.bodies()[0]["idempotencyId"]


async def test_a_connection_error_names_the_server_and_the_attempts_made(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(fail_with(httpx.ConnectError("[Errno -2] Name or service not known")))
    async with make_client(recorder, base_url="https://api.example.test") as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.estimate_sms(**SEND)
    assert str(caught.value) == (
        "POST /sms/estimate to api.example.test:443: ConnectError ([Errno -2] Name or "
        "service not known); 3 attempts made."
    )
    async with make_client(recorder, max_retries=0) as client:
        with pytest.raises(APIConnectionError, match=r"; 1 attempt made\.$"):
            await client.estimate_sms(**SEND)


async def test_a_refused_connection_means_not_sent(make_client: MakeClient) -> None:
    recorder = Recorder(fail_with(httpx.ConnectError("connection refused")))
    async with make_client(recorder) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.send_sms(**SEND)
    assert not isinstance(caught.value, APITimeoutError)
    assert caught.value.maybe_sent is False


async def test_a_read_timeout_raises_api_timeout_error_that_may_have_sent(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(fail_with(httpx.ReadTimeout("timed out")))
    async with make_client(recorder) as client:
        with pytest.raises(APITimeoutError) as caught:
            await client.send_sms(**SEND)
    assert len(recorder.requests) == 3
    assert caught.value.maybe_sent is True


async def test_an_uncertain_attempt_keeps_the_call_maybe_sent(make_client: MakeClient) -> None:
    # The first attempt may have reached the server; later ones were refused outright.
    recorder = Recorder(
        fail_with(httpx.ReadTimeout("timed out")),
        fail_with(httpx.ConnectError("refused")),
    )
    async with make_client(recorder) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.send_sms(**SEND)
    assert caught.value.maybe_sent is True


async def test_an_estimate_is_never_maybe_sent(make_client: MakeClient) -> None:
    recorder = Recorder(fail_with(httpx.ReadTimeout("timed out")))
    async with make_client(recorder) as client:
        with pytest.raises(APITimeoutError) as caught:
            await client.estimate_sms(**SEND)
    assert caught.value.maybe_sent is False
    assert caught.value.idempotency_id is None


async def test_a_delete_404_after_an_uncertain_attempt_says_it_may_be_done(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(
        fail_with(httpx.ReadTimeout("timed out")), error_response(404, "not_found", 1100)
    )
    async with make_client(recorder) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.delete_scheduled_sms(MSG_ID)
    assert caught.value.maybe_sent is True


async def test_a_plain_delete_404_is_not_maybe_sent(make_client: MakeClient) -> None:
    recorder = Recorder(error_response(404, "not_found", 1100))
    async with make_client(recorder) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.delete_scheduled_sms(MSG_ID)
    assert caught.value.maybe_sent is False


async def test_backoff_grows_exponentially_within_jitter(
    make_client: MakeClient, waits: list[float]
) -> None:
    policy = RetryPolicy(max_retries=4, initial_backoff=1.0, max_backoff=3.0, jitter=0.5)
    recorder = Recorder(error_response(503, "server_error", 0))
    async with make_client(recorder, retry_policy=policy) as client:
        with pytest.raises(ServerError):
            await client.estimate_sms(**SEND)
    assert len(waits) == 4
    for wait, base in zip(waits, [1.0, 2.0, 3.0, 3.0], strict=True):
        assert base * 0.5 <= wait <= base


async def test_retry_after_is_honoured_when_longer_than_backoff(
    make_client: MakeClient, waits: list[float]
) -> None:
    policy = RetryPolicy(initial_backoff=0.1, jitter=0.0)
    limited = httpx.Response(
        429,
        headers={"Retry-After": "7"},
        json={"error": {"type": "rate_limit", "code": 0, "message": "slow down", "uri": ""}},
    )
    recorder = Recorder(limited, send_response)
    async with make_client(recorder, retry_policy=policy) as client:
        await client.send_sms(**SEND)
    assert waits == [pytest.approx(7.0, abs=0.5)]


async def test_a_rate_limit_reset_beyond_the_cap_is_raised_at_once(
    make_client: MakeClient, waits: list[float]
) -> None:
    policy = RetryPolicy(max_rate_limit_wait=5.0)
    limited = httpx.Response(
        429,
        headers={"Retry-After": "3600"},
        json={"error": {"type": "rate_limit", "code": 0, "message": "slow down", "uri": ""}},
    )
    recorder = Recorder(limited)
    async with make_client(recorder, retry_policy=policy) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.send_sms(**SEND)
    assert len(recorder.requests) == 1
    assert waits == []
    assert caught.value.retry_after == pytest.approx(3600, abs=5)


async def test_backoff_is_never_waited_after_a_400(
    make_client: MakeClient, waits: list[float]
) -> None:
    recorder = Recorder(error_response(400, "invalid_param", 1106))
    async with make_client(recorder, retry_policy=RetryPolicy()) as client:
        with pytest.raises(InvalidRequestError):
            await client.send_sms(**SEND)
    assert waits == []


async def test_the_deadline_bounds_the_whole_call(make_client: MakeClient) -> None:
    async def hang(request: httpx.Request) -> httpx.Response:
        await anyio.sleep(30)
        raise AssertionError("unreachable")

    async with make_client(hang, deadline=0.2) as client:
        with pytest.raises(APITimeoutError) as caught:
            await client.send_sms(**SEND)
    assert "deadline" in str(caught.value)
    assert caught.value.maybe_sent is True
    assert caught.value.idempotency_id is not None


async def test_the_deadline_stops_retrying_when_the_next_wait_would_pass_it(
    make_client: MakeClient, waits: list[float]
) -> None:
    policy = RetryPolicy(max_retries=10, initial_backoff=5.0, jitter=0.0)
    recorder = Recorder(error_response(503, "server_error", 0))
    async with make_client(recorder, retry_policy=policy, deadline=3.0) as client:
        with pytest.raises(ServerError):
            await client.estimate_sms(**SEND)
    assert len(recorder.requests) == 1
    assert waits == []


async def test_cancelling_a_call_stops_retrying_at_once(make_client: MakeClient) -> None:
    recorder = Recorder(error_response(503, "server_error", 0))
    policy = RetryPolicy(max_retries=100, initial_backoff=60.0)
    async with make_client(recorder, retry_policy=policy) as client:
        with anyio.move_on_after(0.2) as scope:
            await client.send_sms(**SEND)
        assert scope.cancelled_caught
        assert len(recorder.requests) == 1
        # The client keeps working after a cancelled call.
        recorder2 = Recorder(send_response)
        async with make_client(recorder2) as other:
            assert (await other.send_sms(**SEND)).attempts == 1


async def test_each_retry_is_logged_without_secrets(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder(error_response(503, "server_error", 0), send_response)
    with caplog.at_level(logging.DEBUG, logger="smscx"):
        async with make_client(recorder) as client:
            result = await client.send_sms(**SEND)
    messages = [r.getMessage() for r in caplog.records if r.name == "smscx"]
    assert any("POST /sms attempt 1/3 failed (HTTP 503); retrying in" in m for m in messages)
    assert any("POST /sms attempt 2 -> 200" in m for m in messages)
    assert all(str(result.idempotency_id) in m for m in messages if "->" in m)
    assert not any("test-key" in m for m in messages)

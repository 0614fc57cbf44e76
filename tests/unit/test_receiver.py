"""The receive side without a server: ``asgi_app`` and ``wsgi_app`` called as a server would,
and ``callback_url``. Real servers and the emulator's callbacks: tests/integration."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import anyio
import pytest

from smscx.webhooks import (
    DeliveryReport,
    DeliveryReportBatch,
    LinkHit,
    NewOptout,
    OtpUpdate,
    ReceivedChatMessage,
    WebhookBatch,
    asgi_app,
    callback_url,
    item_key,
    wsgi_app,
)

pytestmark = pytest.mark.anyio

TOKEN = "s3cr3t-t0ken"
AT = "2026-11-26 14:54:20"


def report(msg_id: str = "m-1", status: str = "DELIVERED", at: str = AT) -> dict[str, Any]:
    return {"campaignId": "c-1", "msgId": msg_id, "statusCode": 200, "status": status,
            "errorCode": None, "datetime": at}  # fmt: skip


def dlr(*items: dict[str, Any]) -> bytes:
    return json.dumps({"event": "dlr_update", "data": list(items)}).encode()


class Asgi:
    """Calls an ASGI app as a server would, recording what it read and answered."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.reads = 0

    async def __call__(
        self,
        body: bytes = b"",
        *,
        method: str = "POST",
        query: str = f"token={TOKEN}",
        chunks: Iterator[bytes] | None = None,
        length: bool = True,
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        pieces = iter(chunks) if chunks is not None else iter([body])
        headers = [(b"content-type", b"application/json")]
        if length and chunks is None:
            headers.append((b"content-length", str(len(body)).encode()))
        scope = {"type": "http", "method": method, "path": "/hook", "headers": headers,
                 "query_string": query.encode()}  # fmt: skip
        answer: dict[str, Any] = {}
        state = {"next": next(pieces, None)}

        async def receive() -> dict[str, Any]:
            self.reads += 1
            piece = state["next"]
            state["next"] = next(pieces, None)
            return {"type": "http.request", "body": piece or b"",
                    "more_body": state["next"] is not None}  # fmt: skip

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                answer["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}
            else:
                answer["body"] = json.loads(message["body"])

        await self.app(scope, receive, send)
        return answer["status"], answer["headers"], answer["body"]


def wsgi_call(
    app: Any, body: bytes = b"", *, method: str = "POST", query: str = f"token={TOKEN}",
    length: str | None = "auto",
) -> tuple[int, dict[str, str], dict[str, Any], io.BytesIO]:  # fmt: skip
    stream = io.BytesIO(body)
    environ: dict[str, Any] = {"REQUEST_METHOD": method, "QUERY_STRING": query,
                               "PATH_INFO": "/hook", "wsgi.input": stream}  # fmt: skip
    if length is not None:
        environ["CONTENT_LENGTH"] = str(len(body)) if length == "auto" else length
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"] = int(status.split()[0])
        seen["headers"] = dict(headers)

    payload = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], json.loads(payload), stream


class Handler:
    def __init__(self, fail: int = 0) -> None:
        self.batches: list[WebhookBatch] = []
        self.fail = fail

    def __call__(self, batch: WebhookBatch) -> None:
        if self.fail:
            self.fail -= 1
            raise RuntimeError("the database is down")
        self.batches.append(batch)

    @property
    def items(self) -> list[Any]:
        return [item for batch in self.batches for item in batch.data]


# --- callback_url -------------------------------------------------------------------------


def test_callback_url_puts_the_token_in_the_query_the_receiver_checks() -> None:
    assert callback_url("https://example.com/sms/dlr", "a b&c") == (
        "https://example.com/sms/dlr?token=a+b%26c"
    )


def test_callback_url_keeps_other_parameters_and_replaces_an_old_token() -> None:
    url = callback_url("https://example.com/dlr?shop=7&token=old", "new")
    assert url == "https://example.com/dlr?shop=7&token=new"


@pytest.mark.parametrize(("base", "token"), [("/dlr", "t"), ("ftp://x/dlr", "t"),
                                             ("https://x/dlr", "")])  # fmt: skip
def test_callback_url_refuses_a_relative_url_or_an_empty_token(base: str, token: str) -> None:
    with pytest.raises(ValueError, match=r"absolute http|non-empty"):
        callback_url(base, token)


async def test_a_token_the_url_carries_is_the_one_the_receiver_accepts() -> None:
    handler = Handler()
    app = Asgi(asgi_app(handler, token="p/q+r=s&t"))
    query = callback_url("https://x/dlr", "p/q+r=s&t").split("?", 1)[1]
    status, _, _ = await app(dlr(report()), query=query)
    assert status == 200
    assert len(handler.items) == 1


# --- the token, before the body -------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "token=wrong", f"token={TOKEN}x", "tok=" + TOKEN,
                                   f"token={TOKEN}&token={TOKEN}"])  # fmt: skip
async def test_a_wrong_or_missing_token_is_403_and_the_body_is_never_read(query: str) -> None:
    handler = Handler()
    app = Asgi(asgi_app(handler, token=TOKEN))
    status, _, body = await app(dlr(report()), query=query)
    assert (status, body) == (403, {"error": "wrong or missing token"})
    assert app.reads == 0
    assert handler.batches == []


def test_a_wrong_token_is_403_under_wsgi_without_reading_the_input() -> None:
    handler = Handler()
    status, _, _, stream = wsgi_call(wsgi_app(handler, token=TOKEN), dlr(report()), query="")
    assert status == 403
    assert stream.tell() == 0
    assert handler.batches == []


async def test_the_token_is_checked_before_the_method() -> None:
    app = Asgi(asgi_app(Handler(), token=TOKEN))
    assert (await app(method="GET", query=""))[0] == 403


async def test_without_a_token_no_query_is_needed() -> None:
    handler = Handler()
    status, _, _ = await Asgi(asgi_app(handler))(dlr(report()), query="")
    assert status == 200
    assert len(handler.items) == 1


def test_the_receivers_repr_shows_no_token() -> None:
    for app in (asgi_app(Handler(), token=TOKEN), wsgi_app(Handler(), token=TOKEN)):
        assert TOKEN not in repr(app)
        assert "token=set" in repr(app)


# --- method, size, shape --------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "PUT", "HEAD", "DELETE"])
async def test_only_post_is_answered_405_with_allow(method: str) -> None:
    handler = Handler()
    app = Asgi(asgi_app(handler, token=TOKEN))
    status, headers, _ = await app(method=method)
    assert (status, headers["allow"]) == (405, "POST")
    assert app.reads == 0
    assert handler.batches == []


async def test_a_declared_length_over_max_body_is_413_before_reading() -> None:
    app = Asgi(asgi_app(Handler(), token=TOKEN, max_body=1000))
    status, headers, body = await app(b"x" * 1001)
    assert (status, headers["connection"]) == (413, "close")
    assert "1000 bytes" in body["error"]
    assert app.reads == 0


async def test_a_streamed_body_is_refused_once_past_max_body() -> None:
    endless = (b"x" * 1000 for _ in range(50_000))  # 50 MB, never all read
    handler = Handler()
    app = Asgi(asgi_app(handler, token=TOKEN, max_body=10_000))
    status, _, _ = await app(chunks=endless)
    assert status == 413
    assert app.reads == 11
    assert handler.batches == []


def test_a_wsgi_body_over_max_body_is_413_before_reading() -> None:
    status, _, _, stream = wsgi_call(wsgi_app(Handler(), max_body=10), b"x" * 11)
    assert status == 413
    assert stream.tell() == 0


def test_a_wsgi_request_without_a_length_is_411() -> None:
    status, _, _, _ = wsgi_call(wsgi_app(Handler()), dlr(report()), query="", length=None)
    assert status == 411


def test_a_wsgi_body_shorter_than_its_length_is_400() -> None:
    handler = Handler()
    status, _, body, _ = wsgi_call(wsgi_app(handler), b"{}", query="", length="100")
    assert status == 400
    assert "shorter" in body["error"]
    assert handler.batches == []


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"[1, 2]", "JSON object"),
        (json.dumps({"event": "dlr_update", "data": [{**report(), "statusCode": "200"}]}),
         "Malformed"),
        (json.dumps({"event": "dlr_update", "data": {"msgId": "m"}}), '"data" list'),
        (json.dumps({"event": ["dlr_update"], "data": []}), '"event" is a string'),
        (json.dumps({"event": "dlr_update", "data": [report()] * 201}), "at most 200"),
        (b"", "not JSON"),
    ],
)  # fmt: skip
async def test_a_malformed_callback_is_400_with_a_short_reason(
    raw: bytes | str, reason: str
) -> None:
    handler = Handler()
    data = raw.encode() if isinstance(raw, str) else raw
    status, _, body = await Asgi(asgi_app(handler, token=TOKEN))(data)
    assert status == 400
    assert reason in body["error"]
    assert len(body["error"]) <= 300
    assert handler.batches == []


# --- once per process -----------------------------------------------------------------------


async def test_the_same_batch_twice_reaches_on_event_once() -> None:
    handler = Handler()
    app = Asgi(asgi_app(handler, token=TOKEN))
    body = dlr(report("m-1"), report("m-2"))
    first = await app(body)
    again = await app(body)
    assert first[2] == {"received": 2, "duplicates": 0}
    assert again[2] == {"received": 0, "duplicates": 2}
    assert [r.msg_id for r in handler.items] == ["m-1", "m-2"]
    assert len(handler.batches) == 1


async def test_a_batch_with_some_repeats_brings_only_the_new_items() -> None:
    handler = Handler()
    app = Asgi(asgi_app(handler, token=TOKEN))
    await app(dlr(report("m-1")))
    status, _, body = await app(dlr(report("m-1"), report("m-2")))
    assert (status, body) == (200, {"received": 1, "duplicates": 1})
    assert isinstance(handler.batches[1], DeliveryReportBatch)
    assert [r.msg_id for r in handler.batches[1].data] == ["m-2"]


async def test_a_new_status_of_the_same_message_is_not_a_repeat() -> None:
    handler = Handler()
    app = Asgi(asgi_app(handler, token=TOKEN))
    await app(dlr(report("m-1", "ENROUTE", "2026-11-26 14:54:10")))
    await app(dlr(report("m-1", "DELIVERED", "2026-11-26 14:54:20")))
    assert [r.status for r in handler.items] == ["ENROUTE", "DELIVERED"]


async def test_the_same_report_delivered_twice_at_once_reaches_on_event_once() -> None:
    entered, release = anyio.Event(), anyio.Event()
    calls: list[int] = []

    async def on_event(batch: WebhookBatch) -> None:
        calls.append(len(batch.data))
        entered.set()
        await release.wait()

    app = Asgi(asgi_app(on_event, token=TOKEN))
    answers: list[dict[str, Any]] = []

    async def deliver() -> None:
        answers.append((await app(dlr(report())))[2])

    async with anyio.create_task_group() as group:
        group.start_soon(deliver)
        await entered.wait()  # the first is inside on_event: its key is claimed
        await deliver()  # the second, meanwhile
        release.set()
    assert calls == [1]
    assert answers == [{"received": 0, "duplicates": 1}, {"received": 1, "duplicates": 0}]


async def test_a_failing_handler_is_500_and_the_retry_reaches_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    handler = Handler(fail=1)
    app = Asgi(asgi_app(handler, token=TOKEN))
    with caplog.at_level(logging.ERROR, logger="smscx"):
        failed = await app(dlr(report()))
    retried = await app(dlr(report()))
    assert failed[:2][0] == 500
    assert retried[2] == {"received": 1, "duplicates": 0}
    assert len(handler.items) == 1
    assert "answered 500" in caplog.text
    assert TOKEN not in caplog.text


async def test_an_async_handler_is_awaited() -> None:
    seen: list[str] = []

    async def on_event(batch: WebhookBatch) -> None:
        seen.extend(item.msg_id for item in batch.data)  # type: ignore[union-attr]

    status, _, _ = await Asgi(asgi_app(on_event, token=TOKEN))(dlr(report()))
    assert status == 200
    assert seen == ["m-1"]


async def test_a_failing_async_handler_is_500() -> None:
    async def on_event(batch: WebhookBatch) -> None:
        raise ValueError("no")

    status, _, body = await Asgi(asgi_app(on_event, token=TOKEN))(dlr(report()))
    assert status == 500
    assert "no" not in body["error"].split()


async def test_the_memory_of_repeats_is_bounded_oldest_forgotten_first() -> None:
    handler = Handler()
    app = Asgi(asgi_app(handler, token=TOKEN, remember=2))
    for msg_id in ("m-1", "m-2", "m-3", "m-1", "m-3"):
        await app(dlr(report(msg_id)))
    assert [r.msg_id for r in handler.items] == ["m-1", "m-2", "m-3", "m-1"]


def test_wsgi_reaches_on_event_once_and_awaits_an_async_one() -> None:
    seen: list[str] = []

    async def on_event(batch: WebhookBatch) -> None:
        seen.extend(item.msg_id for item in batch.data)  # type: ignore[union-attr]

    app = wsgi_app(on_event, token=TOKEN)
    assert wsgi_call(app, dlr(report()))[2] == {"received": 1, "duplicates": 0}
    assert wsgi_call(app, dlr(report()))[2] == {"received": 0, "duplicates": 1}
    assert seen == ["m-1"]


def test_wsgi_a_failing_handler_is_500_and_the_retry_reaches_it() -> None:
    handler = Handler(fail=1)
    app = wsgi_app(handler)
    assert wsgi_call(app, dlr(report()), query="")[0] == 500
    assert wsgi_call(app, dlr(report()), query="")[0] == 200
    assert len(handler.items) == 1


# --- the journal ----------------------------------------------------------------------------


class FakeJournal:
    def __init__(self, fail: bool = False) -> None:
        self.recorded: list[list[str]] = []
        self.fail = fail

    async def record_dlr(self, reports: Any) -> int:
        if self.fail:
            raise OSError("disk full")
        self.recorded.append([r.msg_id for r in reports.data])
        return len(reports.data)


async def test_delivery_reports_are_recorded_before_on_event_and_once() -> None:
    journal = FakeJournal()
    order: list[str] = []

    def on_event(batch: WebhookBatch) -> None:
        order.append(f"handler after {len(journal.recorded)} record(s)")

    app = Asgi(asgi_app(on_event, token=TOKEN, journal=journal))  # type: ignore[arg-type]
    await app(dlr(report("m-1"), report("m-2")))
    await app(dlr(report("m-1"), report("m-2")))
    assert journal.recorded == [["m-1", "m-2"]]
    assert order == ["handler after 1 record(s)"]


async def test_a_failing_journal_is_500_and_on_event_is_not_called() -> None:
    handler = Handler()
    journal = FakeJournal(fail=True)
    app = Asgi(asgi_app(handler, token=TOKEN, journal=journal))  # type: ignore[arg-type]
    assert (await app(dlr(report())))[0] == 500
    assert handler.batches == []


def test_wsgi_records_delivery_reports_in_the_journal() -> None:
    journal = FakeJournal()
    app = wsgi_app(Handler(), journal=journal)  # type: ignore[arg-type]
    wsgi_call(app, dlr(report("m-7")), query="")
    assert journal.recorded == [["m-7"]]


# --- the keys ------------------------------------------------------------------------------


def test_item_keys_are_the_documented_fields() -> None:
    at = datetime(2026, 11, 26, 14, 54, 20, tzinfo=timezone.utc)
    report_ = DeliveryReport(campaign_id="c", msg_id="m", status_code=200, status="DELIVERED",
                             at=at)  # fmt: skip
    otp = OtpUpdate(otp_id="o", phone_number="+33612345678", country_iso="FR", status="PENDING",
                    cost=0.1, parts=1, max_attempts=3, attempts=1, ttl=60, date_created=at,
                    date_expires=at)  # fmt: skip
    chat = ReceivedChatMessage(msg_id="r", from_="+33612345678", received_at=at)
    optout = NewOptout(hit_id=3, optout_id="x", optout_url="u", optout_type="link",
                       country_iso="FR", at=at)  # fmt: skip
    hit = LinkHit(hit_id=4, shortlink_id="s", url="u", at=at)
    assert item_key("dlr_update", report_) == ("dlr_update", "m", "DELIVERED", at)
    assert item_key("otp_update", otp) == ("otp_update", "o", "PENDING", 1)
    assert item_key("receive_viber", chat) == ("receive_viber", "r")
    assert item_key("new_optout", optout) == ("new_optout", "x", 3, at)
    assert item_key("shortlink_hit", hit) == ("shortlink_hit", "s", 4, at)


@pytest.mark.parametrize(
    "options",
    [{"token": ""}, {"max_body": 0}, {"body_timeout": 0}, {"remember": -1}],
)
def test_nonsense_settings_are_refused(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"token|max_body|body_timeout|remember"):
        asgi_app(Handler(), **options)
    with pytest.raises(TypeError):
        wsgi_app("not callable")  # type: ignore[arg-type]

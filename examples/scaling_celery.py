"""One SMS batch spread over many machines with Celery and Redis, each message sent once.

The producer cuts the numbers into chunks of at most 25,000 and enqueues one task per chunk.
Any number of workers, on any number of machines, take the tasks. Each task sends its chunk
with a **deterministic idempotency id**, the one ``send_bulk`` gives the same chunk of the
same batch (``smscx.bulk.idempotency_id_for(batch_id, "chunk", chunk_index)``). Celery is
set for at-least-once delivery (``acks_late``, ``reject_on_worker_lost``): a task whose
worker died, or that was delivered twice, runs again; its send then carries the id it had the
first time, and the API replays the first answer instead of sending (and billing) again.

Run it (from the repository's root, so that ``examples`` is importable)::

    pip install -e ".[examples]"                 # celery[redis]
    redis-server --port 6379 --bind 127.0.0.1    # or any Redis the machines can reach
    export SMSCX_API_KEY=...                     # CELERY_BROKER_URL / CELERY_RESULT_BACKEND
                                                 # name another Redis (default: local)
    celery -A examples.scaling_celery worker --loglevel=INFO     # on every worker machine
    python -m examples.scaling_celery summer-sale-2026 subscribers.csv \\
        --text "Our summer sale starts today {{optoutLink}}" --from Shop --wait

Every worker draws from one rate-limit window, the account's, kept in Redis
(``rate_limit_store``: ``SMSCX_RATE_LIMIT_STORE``, else the result backend's Redis), so that
the workers together keep to the API's limit. Every worker shares a batch journal in Redis
(``smscx.journal.RedisJournal``; the result backend's Redis unless ``SMSCX_JOURNAL_URL``
names another): a chunk a worker sent and recorded is never sent again by a second delivery
of its task, and its result is the one recorded; only a worker killed between the send and
the record leaves the next delivery to send again, which the idempotency id makes a replay.
``client.delivery_status(batch_id, journal=RedisJournal(url))`` then follows the whole batch
to delivery.

The CSV has one number per row, in its first column (``--skip-header`` skips a header row).
Give each batch its own id and keep it: running the producer again with the same id and the
same file (after a crash, or to be sure) sends only what was not sent yet.

Against the emulator instead of the real API (nothing is sent, nothing is billed)::

    python -m smscx.testing --port 8080 --api-key sk_emulator
    export SMSCX_API_KEY=sk_emulator SMSCX_BASE_URL=http://127.0.0.1:8080

then start the worker and the producer as above. ``tests/integration/test_scaling_example.py``
runs this module that way, with a real Redis, real workers, and workers killed mid-batch.
See docs/scaling.md ("Many machines: a batch over a task queue").
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import sys
import threading
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import anyio
from celery import Celery, Task
from celery.result import AsyncResult
from celery.signals import worker_process_shutdown

from smscx import APIConnectionError, RateLimitError, ServerError, SmsClient
from smscx.bulk import idempotency_id_for
from smscx.journal import JournalMismatchError, RedisJournal, fingerprint
from smscx.models import SendSmsMessageRequest

MAX_CHUNK = 25_000  # numbers per request: the API's limit
MAX_RETRIES = 10
MAX_COUNTDOWN = 600  # seconds; keep it well under the broker's visibility timeout

# CELERY_BROKER_URL and CELERY_RESULT_BACKEND, when set, take precedence (Celery reads them).
app = Celery("smscx_scaling", broker="redis://127.0.0.1:6379/0", backend="redis://127.0.0.1:6379/1")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    result_expires=7 * 24 * 3600,
    # With acks_late a worker process holds only the message it is working on: the rest stay
    # in the queue for other workers, and a crash puts back one message, not a prefetched lot.
    worker_prefetch_multiplier=1,
    # Redis: a message taken but not acknowledged (its worker machine died) is given to
    # another worker after this many seconds. A task must finish, retry countdowns included,
    # well within it, or it is delivered again while still running (harmless here: the
    # second send is replayed; but it is wasted work).
    broker_transport_options={"visibility_timeout": 3600},
    broker_connection_retry_on_startup=True,
)

# Worth trying again later, with the same idempotency id: the outcome was unknown or the API
# was busy. smscx has already retried each of these a few times within the call.
RETRYABLE = (APIConnectionError, RateLimitError, ServerError)

_client: SmsClient | None = None
_client_lock = threading.Lock()
_journal: RedisJournal | None = None


def batch_journal() -> RedisJournal:
    """The batch journal every worker shares: in Redis (``SMSCX_JOURNAL_URL``, else the
    result backend's Redis; its keys start with ``smscx:journal``)."""
    global _journal
    with _client_lock:
        if _journal is None:
            import os

            url = (
                os.environ.get("SMSCX_JOURNAL_URL")
                or os.environ.get("CELERY_RESULT_BACKEND")
                or str(app.conf.result_backend)
            )
            _journal = RedisJournal(url)
        return _journal


def rate_limit_store() -> str:
    """Where every worker keeps the account's rate-limit window: ``SMSCX_RATE_LIMIT_STORE``,
    else the result backend's Redis (the same Redis as the journal, other keys)."""
    import os

    return (
        os.environ.get("SMSCX_RATE_LIMIT_STORE")
        or os.environ.get("CELERY_RESULT_BACKEND")
        or str(app.conf.result_backend)
    )


def sms_client() -> SmsClient:
    """This worker process's client (SMSCX_API_KEY, SMSCX_BASE_URL from the environment).

    One per process, made on first use, so that the producer needs no API key and each
    forked worker process gets its own connections. It is thread-safe (``--pool=threads``).
    Every worker's client draws from one rate-limit window, the account's, kept in Redis
    (``rate_limit_store``): together they keep to the API's limit instead of each keeping to
    it alone and overrunning it together.
    """
    global _client
    with _client_lock:
        if _client is None:
            _client = SmsClient(rate_limit_store=rate_limit_store())
        return _client


@worker_process_shutdown.connect
def _close_client(**_: Any) -> None:
    if _client is not None:
        _client.close()


def _countdown(exc: Exception, retries: int) -> float:
    """Seconds before the queue tries a chunk again: the API's hint, or a growing backoff."""
    if isinstance(exc, RateLimitError) and exc.retry_after is not None:
        return min(MAX_COUNTDOWN, exc.retry_after + 1)
    return float(min(MAX_COUNTDOWN, 15 * 2**retries))


@app.task(
    bind=True,
    name="smscx_example.send_chunk",  # stable, whatever the module is imported as
    acks_late=True,  # acknowledge after the task, not when it is taken: at-least-once
    reject_on_worker_lost=True,  # worker process killed mid-task: requeue the message
    max_retries=MAX_RETRIES,
)
def send_chunk(
    self: Task,
    batch_id: str,
    chunk_index: int,
    numbers: list[str],
    text: str,
    sender: str,
) -> dict[str, Any]:
    """Send chunk ``chunk_index`` of batch ``batch_id``; any delivery after the first replays.

    Other errors (an ``InvalidRequestError``, an ``InsufficientCreditError``, an
    ``AuthenticationError``) fail the task: the same request would fail again. Fix the cause
    and run the producer again with the same batch id; chunks already sent are replayed.
    """
    idempotency_id = idempotency_id_for(batch_id, "chunk", chunk_index)
    request = SendSmsMessageRequest(
        to=numbers, from_=sender, text=text, idempotency_id=idempotency_id
    )
    printed = fingerprint(request)
    journal = batch_journal()
    # A chunk the journal has as confirmed (an earlier delivery sent it and recorded it,
    # then its worker died before the acknowledgement) is not sent again: its result is
    # the one recorded.
    known = anyio.run(journal.records, batch_id, chunk_index, chunk_index + 1).get(chunk_index)
    if known is not None and known.fingerprint != printed:
        raise JournalMismatchError(
            f"chunk {chunk_index} of batch {batch_id} differs from what the journal recorded",
            position=chunk_index,
        )
    if known is not None and known.state == "confirmed" and known.info is not None:
        return _summary(batch_id, chunk_index, idempotency_id, known.info, journal=True)
    try:
        # Killed after this and before the record below, the chunk is sent again by the
        # next delivery with the same idempotency id: the API replays the first answer.
        result = sms_client().send_sms(
            to=numbers, from_=sender, text=text, idempotency_id=idempotency_id
        )
    except RETRYABLE as exc:
        raise self.retry(exc=exc, countdown=_countdown(exc, self.request.retries)) from exc
    wire = result.to_dict(wire=True)
    anyio.run(
        functools.partial(
            journal.record,
            batch_id,
            chunk_index,
            idempotency_id=idempotency_id,
            fingerprint=printed,
            body=json.dumps(wire).encode(),
            info=wire["info"],
            campaign_id=result.info.campaign_id,
        )
    )
    return _summary(batch_id, chunk_index, idempotency_id, wire["info"], journal=False)


def _summary(
    batch_id: str, chunk_index: int, idempotency_id: str, info: dict[str, Any], *, journal: bool
) -> dict[str, Any]:
    """What a chunk's task returns, from the API's ``info`` (wire names)."""
    return {
        "batch_id": batch_id,
        "chunk_index": chunk_index,
        "idempotency_id": idempotency_id,
        "campaign_id": info["campaignId"],  # the same on every delivery: one send
        "sent": info["totalValid"],
        "invalid": info["totalInvalid"],
        "parts": info["totalParts"],
        "cost": info["totalCost"],
        "from_journal": journal,
    }


def chunks(numbers: Iterable[str], size: int = MAX_CHUNK) -> Iterator[list[str]]:
    """``numbers`` in lists of ``size`` (the last one shorter), read lazily."""
    if not 1 <= size <= MAX_CHUNK:
        raise ValueError(f"chunk size must be between 1 and {MAX_CHUNK:,}, got {size}")
    iterator = iter(numbers)
    while chunk := list(islice(iterator, size)):
        yield chunk


def enqueue_chunk(
    batch_id: str, chunk_index: int, numbers: list[str], *, text: str, sender: str
) -> AsyncResult:
    """Enqueue one chunk. Enqueuing it again is safe: the second send is replayed."""
    return send_chunk.apply_async(
        kwargs={
            "batch_id": batch_id,
            "chunk_index": chunk_index,
            "numbers": numbers,
            "text": text,
            "sender": sender,
        }
    )


def enqueue_batch(
    batch_id: str,
    numbers: Iterable[str],
    *,
    text: str,
    sender: str,
    chunk_size: int = MAX_CHUNK,
) -> list[AsyncResult]:
    """Cut ``numbers`` into chunks and enqueue one task per chunk; the tasks' results.

    A chunk's idempotency id follows from ``batch_id`` and its position, so the same batch
    must always be cut the same way: same numbers in the same order, same ``chunk_size``
    (then the ids are also those ``send_bulk(..., batch_id=batch_id)`` would use).
    """
    # The batch's shape in the shared journal: the same batch id cut another way is refused
    # here, before anything is enqueued, and `delivery_status` can follow it later.
    anyio.run(batch_journal().begin, batch_id, "send_bulk", chunk_size)
    return [
        enqueue_chunk(batch_id, index, chunk, text=text, sender=sender)
        for index, chunk in enumerate(chunks(numbers, chunk_size))
    ]


def numbers_from_csv(path: str, *, skip_header: bool = False) -> Iterator[str]:
    """The first column of each non-empty row of a CSV file, read lazily."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        if skip_header:
            next(rows, None)
        for row in rows:
            if row and row[0].strip():
                yield row[0].strip()


def main(argv: list[str] | None = None) -> int:
    """The producer: enqueue a CSV file's numbers as one batch (and wait, with ``--wait``)."""
    p = argparse.ArgumentParser(
        prog="python -m examples.scaling_celery",
        description="Enqueue a CSV file's numbers as one SMS batch: one Celery task per chunk.",
        epilog="Workers: celery -A examples.scaling_celery worker. See the module's docstring.",
    )
    p.add_argument("batch_id", help="names the batch; the chunks' idempotency ids derive from it")
    p.add_argument("csv", help="numbers, one per row, in the first column")
    p.add_argument("--text", required=True)
    p.add_argument("--from", dest="sender", required=True, help="the sender id")
    p.add_argument("--chunk-size", type=int, default=MAX_CHUNK)
    p.add_argument("--skip-header", action="store_true", help="the CSV's first row is a header")
    p.add_argument("--wait", action="store_true", help="wait for every chunk, print totals")
    p.add_argument("--timeout", type=float, default=3600.0, help="seconds to wait per chunk")
    args = p.parse_args(argv)

    results = enqueue_batch(
        args.batch_id,
        numbers_from_csv(args.csv, skip_header=args.skip_header),
        text=args.text,
        sender=args.sender,
        chunk_size=args.chunk_size,
    )
    print(f"batch {args.batch_id}: {len(results)} chunk(s) enqueued", file=sys.stderr)
    if not args.wait:
        return 0
    summaries = [r.get(timeout=args.timeout) for r in results]
    totals = {
        "batch_id": args.batch_id,
        "chunks": len(summaries),
        "sent": sum(s["sent"] for s in summaries),
        "invalid": sum(s["invalid"] for s in summaries),
        "cost": round(sum(s["cost"] for s in summaries), 6),
    }
    print(json.dumps(totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())

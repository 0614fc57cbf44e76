"""Batch sending: one text to any number of recipients, or many personalised messages.

``AsyncSmsClient.send_bulk`` splits recipients into requests of at most 25,000 numbers;
``AsyncSmsClient.send_many`` sends one request per :class:`Message`. Both stream their input
(a generator of a million items is never held in memory), keep at most ``concurrency``
requests in flight, and return a :class:`BulkReport`.

Resuming: each request's idempotency id is a UUIDv5 of the ``batch_id`` and the request's
position (chunk number or message number). Running the same batch again, with the same
``batch_id`` and the input in the same order, gives every request the id it had the first
time: what the API already performed is replayed, not repeated (nor billed), and only what
was missing is sent. Change the order or the chunk size and the positions no longer match.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncGenerator, AsyncIterable, Callable, Iterable, Iterator
from contextlib import aclosing
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import anyio
import attrs

from ._convert import structure, with_meta
from ._spend import cap_refusal, estimate_cost, money
from .api.sms import ESTIMATE_SMS, SEND_SMS
from .errors import (
    APIResponseValidationError,
    AuthenticationError,
    ErrorCode,
    InsufficientCreditError,
    InvalidPhoneNumberError,
    SmscxError,
    SpendLimitError,
)
from .journal import Journal, JournalMismatchError, RequestRecord, batch_target, fingerprint
from .models import (
    DataSms,
    ModelList,
    ResponseMeta,
    SendSmsMessageRequest,
    SendSmsMessageResponse,
    Transliteration,
)

if TYPE_CHECKING:
    from ._client import AsyncSmsClient

__all__ = [
    "BulkProgress",
    "BulkReport",
    "ChunkResult",
    "Message",
    "RecipientResult",
    "UnsentRecipient",
    "idempotency_id_for",
]

#: What happened to a recipient that did not get the message (see :class:`UnsentRecipient`).
Outcome = Literal["invalid", "not_sent", "unknown"]

DEFAULT_CONCURRENCY = 8
_NAMESPACE = uuid.UUID("6f0c3b9e-4d8a-5b6e-9a51-3c2d7e8f1a40")


def batch_namespace(batch_id: str) -> uuid.UUID:
    """The UUID namespace a batch's idempotency ids are derived in."""
    return uuid.uuid5(_NAMESPACE, batch_id)


def idempotency_id_for(batch_id: str, kind: Literal["chunk", "message"], position: int) -> str:
    """The idempotency id of request ``position`` (0-based) of a batch: stable across runs.

    ``kind`` is ``"chunk"`` for :meth:`~smscx.AsyncSmsClient.send_bulk`'s requests (chunk
    ``n`` holds recipients ``n * chunk_size`` onwards) and ``"message"`` for
    :meth:`~smscx.AsyncSmsClient.send_many`'s. Sending a batch's requests some other way
    (one task-queue job per chunk, say) with these ids keeps them interchangeable with
    ``send_bulk``'s: whichever runs second is an idempotent replay, billed once.
    """
    if kind not in ("chunk", "message"):
        raise ValueError(f'kind must be "chunk" or "message", got {kind!r}')
    return str(uuid.uuid5(batch_namespace(batch_id), f"{kind}:{position}"))


def check_batch_options(*, concurrency: int, chunk_size: int = 25_000) -> None:
    """Refuse bad batch options at once, before anything is sent (a plain ValueError)."""
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    if not 1 <= chunk_size <= 25_000:
        raise ValueError(f"chunk_size must be between 1 and 25,000, got {chunk_size}")


def _recipients(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


@attrs.frozen(kw_only=True)
class Message:
    """One personalised message for :meth:`~smscx.AsyncSmsClient.send_many`.

    ``from_`` may be left out when ``send_many`` is given a default sender.
    """

    to: list[str] = attrs.field(converter=_recipients)
    text: str
    from_: str | None = None
    country_iso: str | None = None
    scheduled_date: datetime | None = None
    is_utc: bool | None = None
    dlr_callback_url: str | None = None
    track_data: str | None = None
    allow_invalid: bool | None = None
    transliteration: Transliteration | None = None


@attrs.frozen(kw_only=True)
class RecipientResult:
    """What happened to one recipient of a batch."""

    to: str
    msg_id: str
    status: str
    cost: float
    parts: int
    idempotency_id: str


@attrs.frozen(kw_only=True)
class UnsentRecipient:
    """A recipient of a batch that did not get the message, and exactly why.

    ``outcome`` is one of:

    - ``"invalid"``: the API named the number invalid (in the error of a refused request,
      1207/1210, or in ``info.invalid`` of one sent with ``allow_invalid``). Sending it again
      fails again: correct or drop it.
    - ``"not_sent"``: its request was refused (``error``), for a reason that is not this
      number: for 1207/1210, other numbers in the same request were invalid. Nothing was
      sent to it; send it again (with ``allow_invalid=True`` if that was the reason). Also
      every recipient the batch's spend cap left unsent (``error`` is the
      :class:`~smscx.SpendLimitError` that stopped it): resume with a higher ``max_cost``.
    - ``"unknown"``: its request may have been performed (``error.maybe_sent``): retry with
      ``idempotency_id``, which is billed at most once.
    """

    to: str
    outcome: Outcome
    #: Why, in a sentence: the API's message for the number or for its request.
    reason: str
    idempotency_id: str
    #: The error of its request (``None`` for a number listed in ``info.invalid``).
    error: SmscxError | None = None

    @property
    def code(self) -> int | None:
        """The API's error code behind the outcome, when there is one."""
        code = getattr(self.error, "code", None)
        return int(code) if code is not None else None


@attrs.define(kw_only=True)
class ChunkResult:
    """One request of a batch: its position, id, size, and its response or its error."""

    index: int
    idempotency_id: str
    recipients: list[str]
    response: SendSmsMessageResponse | None = None
    error: SmscxError | None = None

    @property
    def ok(self) -> bool:
        """Whether the request succeeded."""
        return self.error is None


@attrs.frozen(kw_only=True)
class BulkProgress:
    """A running count, passed to ``on_progress`` after each request completes."""

    requests_done: int
    requests_failed: int
    messages_sent: int
    messages_failed: int
    total_cost: float


@attrs.define(kw_only=True)
class BulkReport:
    """The outcome of a batch: totals, every failure, and (by default) every result.

    Failures are never dropped: each failed request is in :attr:`failures` with its error and
    the idempotency id to retry it with (or rerun the batch with the same ``batch_id``).
    With ``keep_results=False`` only totals and failures are kept, so memory stays flat
    however large the batch.
    """

    batch_id: str
    chunks: list[ChunkResult] = attrs.field(factory=list)
    failures: list[ChunkResult] = attrs.field(factory=list)
    #: Numbers the API listed as invalid in requests sent with ``allow_invalid``, with the
    #: idempotency id of their request: kept whatever ``keep_results`` says.
    invalid: list[tuple[str, str]] = attrs.field(factory=list)
    requests_done: int = 0
    messages_sent: int = 0
    messages_failed: int = 0
    #: What the batch cost, summed exactly (each response's ``total_cost`` as the decimal
    #: it was written in): no float noise however many requests.
    total_cost_exact: Decimal = Decimal(0)
    total_parts: int = 0
    stopped_early: bool = False
    #: The error that stopped the batch (``stopped_early``): the first failure with
    #: ``fail_fast``, an error of the account, which every later request would meet too
    #: (:class:`~smscx.AuthenticationError`, :class:`~smscx.InsufficientCreditError`), or
    #: the :class:`~smscx.SpendLimitError` of the first request that did not fit in
    #: ``max_cost`` (that request and every later one are in :attr:`failures`, not sent).
    #: ``None`` when the batch ran to its end.
    stopped_by: SmscxError | None = None
    #: Requests taken from the batch's journal (confirmed by an earlier run), not sent.
    resumed: int = 0
    #: Recipients left out because they repeat an earlier one (``send_bulk``'s ``dedupe``).
    duplicates_removed: int = 0

    @property
    def total_cost(self) -> float:
        """:attr:`total_cost_exact` as a float (the nearest one: no summing noise)."""
        return float(self.total_cost_exact)

    @property
    def ok(self) -> bool:
        """True when every recipient was sent: no request failed, no number was invalid,
        and the batch was not stopped early (``--fail-fast``)."""
        return not self.failures and not self.invalid and not self.stopped_early

    def unsent(self) -> Iterator[UnsentRecipient]:
        """Every recipient that did not get the message, and why (see :class:`UnsentRecipient`).

        Failed requests first, in input order, then the numbers listed as invalid in
        requests that went through. Kept whatever ``keep_results`` says.
        """
        for chunk in self.failures:
            error = chunk.error
            assert error is not None
            named = (
                {_digits(n) for n in error.invalid_numbers}
                if isinstance(error, InvalidPhoneNumberError)
                else set()
            )
            message = " ".join(error.message.split())
            for number in chunk.recipients:
                outcome: Outcome
                if isinstance(error, SpendLimitError):
                    outcome, reason = "not_sent", f"not sent, for the spend cap: {message}"
                elif _digits(number) in named:
                    outcome = "invalid"
                    reason = message
                elif error.maybe_sent:
                    outcome, reason = "unknown", f"its request may have been sent: {message}"
                elif named:
                    outcome = "not_sent"
                    reason = f"its request was refused for other, invalid numbers: {message}"
                else:
                    outcome, reason = "not_sent", f"its request was refused: {message}"
                yield UnsentRecipient(
                    to=number,
                    outcome=outcome,
                    reason=reason,
                    idempotency_id=chunk.idempotency_id,
                    error=error,
                )
        for number, idempotency_id in self.invalid:
            yield UnsentRecipient(
                to=number,
                outcome="invalid",
                reason="the API listed it as invalid (skipped with allow_invalid)",
                idempotency_id=idempotency_id,
            )

    @property
    def requests_failed(self) -> int:
        """How many requests failed."""
        return len(self.failures)

    def results(self) -> Iterator[RecipientResult]:
        """One result per recipient sent, of the successful requests (kept results only);
        :meth:`unsent` has the others."""
        for chunk in self.chunks:
            if chunk.response is None:
                continue
            for message in chunk.response.data:
                yield _recipient(message, chunk.idempotency_id)

    def _record(self, chunk: ChunkResult, keep: bool) -> None:
        self.requests_done += 1
        if chunk.error is not None:
            self.failures.append(chunk)
            self.messages_failed += len(chunk.recipients)
        else:
            assert chunk.response is not None
            info = chunk.response.info
            # repr() is the shortest text that reads back as the same float: the decimal the
            # API wrote (0.065, not 0.06500000000000000222...).
            self.total_cost_exact += Decimal(repr(info.total_cost))
            self.total_parts += info.total_parts
            self.messages_sent += info.total_valid
            self.messages_failed += info.total_invalid
            self.invalid.extend((number, chunk.idempotency_id) for number in info.invalid or ())
            if keep:
                # Kept for the batch's lifetime: as models, not as the wire's dicts (a dict of
                # a message holds some 3x the memory of its model). A message that cannot be
                # built stays as it came, to raise when results() reaches it.
                data = chunk.response.data
                if isinstance(data, ModelList):
                    with contextlib.suppress(APIResponseValidationError):
                        data._build_all()
                self.chunks.append(chunk)

    def _not_sent(self, chunk: ChunkResult) -> None:
        # A request the spend cap kept from starting: a failure, not a request done.
        self.failures.append(chunk)
        self.messages_failed += len(chunk.recipients)

    def progress(self) -> BulkProgress:
        """The running counts as a :class:`BulkProgress`."""
        return BulkProgress(
            requests_done=self.requests_done,
            requests_failed=len(self.failures),
            messages_sent=self.messages_sent,
            messages_failed=self.messages_failed,
            total_cost=self.total_cost,
        )


def _digits(number: str) -> str:
    # The API may write a number it names differently from how it was given (spaces,
    # dashes): compare what identifies it.
    return "".join(char for char in number if char.isdigit())


def _recipient(message: DataSms, idempotency_id: str) -> RecipientResult:
    return RecipientResult(
        to=message.to,
        msg_id=message.msg_id,
        status=message.status,
        cost=message.cost,
        parts=message.parts,
        idempotency_id=idempotency_id,
    )


async def _aiter(items: Iterable[Any] | AsyncIterable[Any]) -> AsyncGenerator[Any, None]:
    if isinstance(items, AsyncIterable):
        async for item in items:
            yield item
    else:
        for item in items:
            yield item


#: How many journal records are read at a time when a batch resumes.
_JOURNAL_BLOCK = 1_000


async def run_batch(
    client: AsyncSmsClient,
    requests: AsyncGenerator[tuple[list[str], SendSmsMessageRequest], None],
    *,
    batch_id: str,
    concurrency: int,
    fail_fast: bool,
    keep_results: bool,
    on_progress: Callable[[BulkProgress], object] | None,
    journal: Journal | None = None,
    kind: Literal["chunk", "message"] = "chunk",
    chunk_size: int | None = None,
    max_cost: Decimal | None = None,
) -> BulkReport:
    """Send ``requests`` with at most ``concurrency`` in flight, into one report.

    The next request is read from the input only when a slot is free, so the input is
    consumed at the pace of the sends. With a ``journal``, requests it has as confirmed are
    taken from it; the others are held until every position the journal knows has been
    checked against the input (a mismatch is refused before anything is sent), then sent.

    With ``max_cost``, each request is estimated first (its slot held: estimates run as
    concurrently as sends), and the requests are admitted in the order they started: one
    whose estimate, on top of what the batch has committed (what the journal's requests
    and the answered ones were billed, and the estimates of those in flight), passes the
    cap is not sent, and neither is any later one. The rest of the input is still read, to
    list every request left unsent, but nothing more is estimated or sent.
    """
    report = BulkReport(batch_id=batch_id)
    slots = anyio.Semaphore(concurrency)
    stop = False
    # The first error the journal met recording an outcome (a full disk): no request starts
    # after it, and the batch raises it alone once the requests in flight are done.
    unrecorded: Exception | None = None
    # The first request this run sends goes alone (see start()); set once it has its answer.
    first_answered = anyio.Event()
    started = False
    last_known = -1
    # The spend cap: what the batch has committed, and the SpendLimitError that stopped it.
    committed = Decimal(0)
    capped: SpendLimitError | None = None
    # Requests are admitted to the cap in the order they started: each waits for the
    # decision on the one started before it.
    decided: anyio.Event | None = None
    if journal is not None:
        last_known = await journal.begin(
            batch_id,
            "send_bulk" if kind == "chunk" else "send_many",
            chunk_size,
            target=batch_target(client.base_url, client._pipeline.credentials.identity),
        )

    def cap_stopped() -> bool:
        # A call, not the name: the tasks set `capped` while this frame awaits.
        return capped is not None

    def not_sent(index: int, recipients: list[str], request: SendSmsMessageRequest) -> None:
        """Report a request the spend cap left unsent (it is not journaled: a resume
        sends it)."""
        assert capped is not None
        assert request.idempotency_id is not None
        chunk = ChunkResult(
            index=index, idempotency_id=request.idempotency_id, recipients=recipients
        )
        chunk.error = capped
        report._not_sent(chunk)

    async def admit(
        request: SendSmsMessageRequest, after: anyio.Event | None, mine: anyio.Event
    ) -> Decimal | SmscxError | None:
        """Estimate a request and decide, in its turn, whether it fits in the cap: the
        estimate reserved (committed), the estimate's own error, or ``None``: not sent."""
        nonlocal stop, capped, committed
        assert max_cost is not None
        try:
            try:
                estimate: Decimal | SmscxError = await estimate_cost(client, ESTIMATE_SMS, request)
            except SmscxError as exc:
                estimate = exc
            if after is not None:
                await after.wait()
            if capped is not None:
                return None
            if isinstance(estimate, SmscxError):
                return estimate
            refused = cap_refusal(estimate, max_cost, committed=committed, batch=True)
            if refused is not None:
                capped, stop = refused, True
                if report.stopped_by is None:
                    report.stopped_by = refused
                report.stopped_early = True
                return None
            committed += estimate
            return estimate
        finally:
            mine.set()

    async def send(
        index: int,
        recipients: list[str],
        request: SendSmsMessageRequest,
        printed: str | None,
        turn: tuple[anyio.Event | None, anyio.Event] | None,
    ) -> None:
        nonlocal stop, unrecorded, committed
        assert request.idempotency_id is not None
        chunk = ChunkResult(
            index=index, idempotency_id=request.idempotency_id, recipients=recipients
        )
        body: list[bytes] | None = [] if journal is not None else None
        reserved = Decimal(0)
        try:
            try:
                if turn is not None:
                    admitted = await admit(request, *turn)
                    if admitted is None:
                        not_sent(index, recipients, request)
                        return
                    if isinstance(admitted, SmscxError):
                        raise admitted
                    reserved = admitted
                chunk.response = await client._pipeline.call(
                    SEND_SMS, client._options, body=request, keep_body=body
                )
                # The bill replaces the estimate in what the batch has committed.
                committed += money(chunk.response.info.total_cost) - reserved
            except SmscxError as exc:
                chunk.error = exc
                if not exc.maybe_sent:  # surely not billed: its estimate is free again
                    committed -= reserved
                if not stop and (fail_fast or stops_the_batch(exc)):
                    stop, report.stopped_by = True, exc
            if journal is not None:
                try:
                    await _journal_outcome(
                        journal, batch_id, chunk, printed or fingerprint(request), body
                    )
                except Exception as exc:
                    unrecorded, stop = unrecorded or exc, True
                    return
        finally:
            slots.release()
            first_answered.set()
        report._record(chunk, keep_results)
        if on_progress is not None:
            on_progress(report.progress())

    async def start(
        index: int, recipients: list[str], request: SendSmsMessageRequest, printed: str | None
    ) -> None:
        """Start sending a request. The first request this run sends goes alone: if it is
        refused for the whole batch (a wrong key, no credit, a ``batch_id`` used before),
        no other request has started."""
        nonlocal started, decided
        first, started = not started, True
        turn: tuple[anyio.Event | None, anyio.Event] | None = None
        if max_cost is not None:
            turn = (decided, anyio.Event())
            decided = turn[1]
        tg.start_soon(send, index, recipients, request, printed, turn)
        if first:
            await first_answered.wait()

    async def from_journal(index: int, recipients: list[str], record: RequestRecord) -> None:
        nonlocal committed
        assert journal is not None
        assert record.info is not None
        data = await journal.data(batch_id, index) if keep_results else []
        wire = {"info": record.info, "data": data}
        response = with_meta(structure(wire, SendSmsMessageResponse), ResponseMeta.EMPTY)
        chunk = ChunkResult(
            index=index,
            idempotency_id=record.idempotency_id,
            recipients=recipients,
            response=response,
        )
        report.resumed += 1
        committed += money(response.info.total_cost)  # the cap covers the whole batch
        report._record(chunk, keep_results)
        if on_progress is not None:
            on_progress(report.progress())

    async def flush(held: list[tuple[int, list[str], SendSmsMessageRequest, str]]) -> None:
        """Send the held requests (the journal's unconfirmed ones), as slots free up."""
        for position, (held_index, held_recipients, held_request, held_print) in enumerate(held):
            await slots.acquire()
            if stop:
                slots.release()
                report.stopped_early = True
                if cap_stopped():
                    for left in held[position:]:
                        not_sent(*left[:3])
                return
            await start(held_index, held_recipients, held_request, held_print)

    # aclosing: a fail-fast stop leaves the input generators part-read; close them now
    # rather than at garbage collection (trio warns, and their cleanup would run late).
    async with aclosing(requests), anyio.create_task_group() as tg:
        index = 0
        known: dict[int, RequestRecord] = {}
        block_end = 0
        refused: JournalMismatchError | None = None
        # Requests of positions the journal knows but not as confirmed: sent only once the
        # whole known prefix matched the input.
        held: list[tuple[int, list[str], SendSmsMessageRequest, str]] = []
        async for recipients, request in requests:
            if index <= last_known:
                if index >= block_end:  # the journal is read a block at a time: flat memory
                    assert journal is not None
                    block_end = index + _JOURNAL_BLOCK
                    known = await journal.records(batch_id, index, block_end)
                record = known.get(index)
                printed = fingerprint(request)
                if record is not None and record.fingerprint != printed:
                    refused = JournalMismatchError(
                        f"request {index} of batch {batch_id} differs from what its journal "
                        "recorded (other recipients, text or options): nothing was sent. Use "
                        "another batch_id for a new batch.",
                        position=index,
                    )
                    break
                if record is not None and record.state == "confirmed":
                    await from_journal(index, recipients, record)
                else:
                    held.append((index, recipients, request, printed))
                index += 1
                continue
            if held:
                await flush(held)
                held = []
            if cap_stopped():  # read on only to list what the cap left unsent
                not_sent(index, recipients, request)
                index += 1
                continue
            await slots.acquire()
            if stop:
                slots.release()
                report.stopped_early = True
                if not cap_stopped():
                    break
                not_sent(index, recipients, request)
                index += 1
                continue
            await start(index, recipients, request, None)
            index += 1
        if refused is None and index <= last_known:
            refused = JournalMismatchError(
                f"batch {batch_id} has {index} request(s) here but its journal recorded "
                f"{last_known + 1}: nothing was sent. Use another batch_id for a new batch.",
            )
        if refused is None and held and not report.stopped_early:
            await flush(held)  # else nothing of this run is sent
        elif refused is None and cap_stopped():
            for left in held:
                not_sent(*left[:3])
    if refused is not None:
        raise refused
    if unrecorded is not None:
        raise unrecorded
    report.chunks.sort(key=lambda c: c.index)
    report.failures.sort(key=lambda c: c.index)
    return report


async def _journal_outcome(
    journal: Journal, batch_id: str, chunk: ChunkResult, printed: str, body: list[bytes] | None
) -> None:
    """Commit one request's outcome (shielded: a cancel mid-write must not lose it).

    A confirmed request is stored as the API's own body, not re-serialised from the models
    (a 25,000-message answer would cost more to write back out than it took to read); its
    recipients get rows of their own only when delivery is first asked for.
    """
    response = chunk.response
    with anyio.CancelScope(shield=True):
        if response is not None:
            await journal.record(
                batch_id,
                chunk.index,
                idempotency_id=chunk.idempotency_id,
                fingerprint=printed,
                body=body[0] if body else None,
                info=response.info.to_dict(wire=True),
                campaign_id=response.info.campaign_id,
            )
        else:
            error = chunk.error
            await journal.record(
                batch_id,
                chunk.index,
                idempotency_id=chunk.idempotency_id,
                fingerprint=printed,
                error=f"{type(error).__name__}: {error}",
            )


def stops_the_batch(error: SmscxError) -> bool:
    """Whether every later request of a batch would meet ``error`` too, so that the batch
    stops at it rather than send (and fail, or worse) the rest: the account's errors (a
    credential refused, 401; no credit left, 1113 and 1114) and 1111 on an idempotency id
    (the batch's ids are all made alike: the API refusing one means the ``batch_id`` was
    used before for other requests, and its later ids may well be new to it, so they would
    be performed and billed again; see docs/batch.md)."""
    if isinstance(error, (AuthenticationError, InsufficientCreditError)):
        return True
    return getattr(error, "code", None) == ErrorCode.IDEMPOTENCY_ID_INVALID


class Duplicates:
    """Which numbers a batch has had, to leave out a repeat (counted in ``removed``).

    Numbers are compared by their digits, as the API reads them: ``+33 6 12 34 56 78`` and
    ``+33612345678`` are one recipient. A number written in another form (``0033...``, or
    national with ``country_iso``) is not recognised as a repeat, and is sent.
    """

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self.removed = 0

    def is_repeat(self, number: str) -> bool:
        key = _digits(number)
        if key and key in self._seen:
            self.removed += 1
            return True
        self._seen.add(key)
        return False


async def bulk_requests(
    to: Iterable[str] | AsyncIterable[str],
    *,
    batch_id: str,
    chunk_size: int,
    fields: dict[str, Any],
    duplicates: Duplicates | None = None,
) -> AsyncGenerator[tuple[list[str], SendSmsMessageRequest], None]:
    """The requests of ``send_bulk``: ``chunk_size`` recipients each, ids by position;
    repeated numbers left out when ``duplicates`` tracks them."""
    position = 0
    chunk: list[str] = []
    async with aclosing(_aiter([to] if isinstance(to, str) else to)) as numbers:
        async for number in numbers:
            if duplicates is not None and duplicates.is_repeat(number):
                continue
            chunk.append(number)
            if len(chunk) == chunk_size:
                yield chunk, _request(chunk, batch_id, "chunk", position, fields)
                position += 1
                chunk = []
    if chunk:
        yield chunk, _request(chunk, batch_id, "chunk", position, fields)


async def message_requests(
    messages: Iterable[Message] | AsyncIterable[Message],
    *,
    batch_id: str,
    from_: str | None,
) -> AsyncGenerator[tuple[list[str], SendSmsMessageRequest], None]:
    """The requests of ``send_many``: one per message, ids by position."""
    position = 0
    async with aclosing(_aiter(messages)) as items:
        async for message in items:
            fields = {
                k: v for k, v in attrs.asdict(message, recurse=False).items() if v is not None
            }
            fields.setdefault("from_", from_)
            yield message.to, _request(message.to, batch_id, "message", position, fields)
            position += 1


def _request(
    to: list[str],
    batch_id: str,
    kind: Literal["chunk", "message"],
    position: int,
    fields: dict[str, Any],
) -> SendSmsMessageRequest:
    fields = {**fields, "to": to}
    return SendSmsMessageRequest(
        idempotency_id=idempotency_id_for(batch_id, kind, position), **fields
    )

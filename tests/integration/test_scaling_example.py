"""The Celery example of docs/scaling.md, for real: Redis, Celery workers, the emulator.

A real ``redis-server`` on a free loopback port is the broker and the result backend; the
emulator serves the API on a loopback socket; ``examples/scaling_celery.py`` runs in real
Celery worker processes. Celery delivers at least once, and the tests make it deliver twice
at the worst moment, after the chunk was sent (and billed) but before the message was
acknowledged:

- a worker *process* dies (prefork child killed): Celery requeues the message at once
  (``reject_on_worker_lost``) and the new process sends the chunk again;
- a whole *worker* dies (killed outright): the message stays unacknowledged in Redis until
  the visibility timeout, then another worker gets it;
- a chunk is enqueued twice (a producer that ran again).

Every time, the second send carries the chunk's deterministic idempotency id, so the API
replays the first answer: the emulator's ledger shows one charge per chunk, each number
billed once, and the replayed answers name the first send's campaign.

Skipped when the ``redis-server`` binary is missing (Debian: ``apt-get install
redis-server``); .ci/run installs it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from smscx import SmsClient
from smscx.bulk import idempotency_id_for
from smscx.testing import Emulator

pytest.importorskip("celery", reason="celery is not installed (pip install -e '.[examples]')")
redis = pytest.importorskip("redis", reason="redis-py is not installed (celery[redis])")

from examples import scaling_celery as example  # noqa: E402  (needs celery)

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

REPO = Path(__file__).resolve().parents[2]
API_KEY = "sk_scaling_example_test"
TEXT = "Our summer sale starts today"
SENDER = "Shop"
NUMBERS = [f"+3361{n:07d}" for n in range(7)]  # chunks of 3: 3 + 3 + 1
CHUNK = 3
WAIT = 30.0  # seconds, an upper bound for every wait (each takes a second or two)

# The worker, as `celery -A examples.scaling_celery worker` runs it, with the example's
# client wrapped by a test hook. After each send the hook appends the API's answer to a
# journal (one JSON line per send, from every worker process); after the send of the chunk
# named by TEST_CRASH_AFTER_ID, the first time only, it kills the worker process: the chunk
# was sent and billed, the task has not returned, its message is not acknowledged. That is
# the moment at-least-once delivery is about.
WORKER = r"""
import json, os, signal
from celery import current_task
import examples.scaling_celery as example
from examples.scaling_celery import app

journal = os.environ["TEST_JOURNAL"]
crash_after = os.environ.get("TEST_CRASH_AFTER_ID")
real_client = example.sms_client

class Hooked:
    def send_sms(self, **kwargs):
        result = real_client().send_sms(**kwargs)
        run = {
            "idempotency_id": kwargs["idempotency_id"],
            "campaign_id": result.info.campaign_id,
            "task_id": current_task.request.id,
            "pid": os.getpid(),
        }
        fd = os.open(journal, os.O_CREAT | os.O_APPEND | os.O_WRONLY)
        os.write(fd, (json.dumps(run) + "\n").encode())
        os.close(fd)
        if kwargs["idempotency_id"] == crash_after:
            try:  # the first delivery only
                os.close(os.open(journal + ".crashed", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                return result
            os.kill(os.getpid(), signal.SIGKILL)
        return result

example.sms_client = Hooked

# After the journal recorded the chunk named by TEST_CRASH_AFTER_RECORD_ID (the first time
# only), kill the process: sent, recorded, not acknowledged. The next delivery must find it
# in the journal and send nothing.
crash_after_record = os.environ.get("TEST_CRASH_AFTER_RECORD_ID")
from smscx.journal import RedisJournal
real_record = RedisJournal.record

async def record(self, batch_id, position, **kwargs):
    await real_record(self, batch_id, position, **kwargs)
    if kwargs["idempotency_id"] == crash_after_record:
        try:
            os.close(os.open(journal + ".recorded", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        os.kill(os.getpid(), signal.SIGKILL)

RedisJournal.record = record

if os.environ.get("TEST_VISIBILITY_TIMEOUT"):  # Redis gives unacknowledged messages back
    app.conf.broker_transport_options = {
        "visibility_timeout": float(os.environ["TEST_VISIBILITY_TIMEOUT"]),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }

app.worker_main([
    "worker",
    "--pool=" + os.environ["TEST_POOL"],
    "--concurrency=1",
    "--loglevel=INFO",
    "--without-gossip",
    "--without-mingle",
    "--without-heartbeat",
    "--hostname=" + os.environ["TEST_WORKER_NAME"] + "@127.0.0.1",
])
"""


# --- processes ------------------------------------------------------------------------------


def _die_with_parent() -> Callable[[], None] | None:
    """On Linux, a child is SIGKILLed if the test run itself dies (no leaked servers)."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).prctl
    pr_set_pdeathsig, sigkill = 1, int(signal.SIGKILL)  # resolved here, not in the child

    def set_pdeathsig() -> None:
        prctl(pr_set_pdeathsig, sigkill)

    return set_pdeathsig


def _spawn(argv: list[str], *, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            argv,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: prefork children included
            preexec_fn=_die_with_parent(),
        )


def _stop(process: subprocess.Popen) -> None:
    """Stop a process we started and its process group: politely, then for sure."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):  # what is left of the group
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _log_tail(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:] if log.exists() else "(no log)"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on a free loopback port, for this module's tests."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip(
            "redis-server is not installed (Debian: apt-get install redis-server): "
            "the Celery scaling example needs a real Redis broker"
        )
    workdir = tmp_path_factory.mktemp("redis")
    log = workdir / "redis.log"
    for _ in range(3):  # another process may take the free port before redis binds it
        port = _free_port()
        server = _spawn(
            [
                *(binary, "--port", str(port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--protected-mode", "yes"),
                *("--dir", str(workdir)),
            ],
            log=log,
        )
        try:
            if _wait_for_redis(server, port):
                yield f"redis://127.0.0.1:{port}"
                return
        finally:
            _stop(server)
    pytest.fail(f"redis-server did not start:\n{_log_tail(log)}")


def _wait_for_redis(server: subprocess.Popen, port: int) -> bool:
    deadline = time.monotonic() + 10
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1)
    try:
        while time.monotonic() < deadline and server.poll() is None:
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    return True
            time.sleep(0.05)
        return False
    finally:
        client.close()


@pytest.fixture(scope="module")
def broker(redis_url: str) -> Iterator[dict[str, str]]:
    """The example's Celery app, here and in workers, pointed at the test's Redis."""
    urls = {"CELERY_BROKER_URL": f"{redis_url}/0", "CELERY_RESULT_BACKEND": f"{redis_url}/1"}
    with pytest.MonkeyPatch.context() as mp:  # Celery reads these over its configuration
        for name, value in urls.items():
            mp.setenv(name, value)
        try:
            yield urls
        finally:
            example.app.close()
            with contextlib.suppress(Exception):
                example.app.backend.client.connection_pool.disconnect()


@pytest.fixture
def emulator(broker: dict[str, str], redis_url: str) -> Iterator[tuple[Emulator, str]]:
    """The API on a loopback socket; Redis emptied for the test."""
    client = redis.Redis.from_url(redis_url)
    try:
        client.flushall()
    finally:
        client.close()
    with Emulator(api_keys=API_KEY, balance=1000.0, dlr=False) as emu, emu.serve_sync() as url:
        yield emu, url


@contextlib.contextmanager
def worker(
    name: str,
    *,
    base_url: str,
    urls: dict[str, str],
    tmp_path: Path,
    pool: str,
    crash_after_id: str | None = None,
    crash_after_record_id: str | None = None,
    visibility_timeout: float | None = None,
) -> Iterator[subprocess.Popen]:
    """A Celery worker process running the example, against the emulator at ``base_url``."""
    env = {
        **os.environ,
        **urls,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "SMSCX_API_KEY": API_KEY,
        "SMSCX_BASE_URL": base_url,
        "TEST_POOL": pool,
        "TEST_WORKER_NAME": name,
        "TEST_JOURNAL": str(tmp_path / "journal.jsonl"),
    }
    if crash_after_id is not None:
        env["TEST_CRASH_AFTER_ID"] = crash_after_id
    if crash_after_record_id is not None:
        env["TEST_CRASH_AFTER_RECORD_ID"] = crash_after_record_id
    if visibility_timeout is not None:
        env["TEST_VISIBILITY_TIMEOUT"] = str(visibility_timeout)
    process = _spawn([sys.executable, "-c", WORKER], log=tmp_path / "worker.log", env=env)
    try:
        yield process
    finally:
        _stop(process)


# --- checks ---------------------------------------------------------------------------------


def sends(tmp_path: Path, batch_id: str, expected: dict[int, int]) -> dict[int, list[Any]]:
    """Wait until each chunk was sent at least ``expected[chunk]`` times; the sends by chunk.

    At least: with the short visibility timeout of the second test, Redis may hand a slow
    task's message to a worker once more while it runs. That is at-least-once delivery too,
    and changes nothing to what is billed.
    """
    journal, log = tmp_path / "journal.jsonl", tmp_path / "worker.log"
    chunk_of = {idempotency_id_for(batch_id, "chunk", i): i for i in range(3)}
    deadline = time.monotonic() + WAIT
    while True:
        runs: dict[int, list[Any]] = {chunk: [] for chunk in range(3)}
        if journal.exists():
            for line in journal.read_text().splitlines():
                run = json.loads(line)
                runs[chunk_of[run["idempotency_id"]]].append(run)
        counts = {chunk: len(r) for chunk, r in runs.items()}
        if all(counts[chunk] >= n for chunk, n in expected.items()):
            return runs
        if time.monotonic() > deadline:
            pytest.fail(f"sends {counts}, expected {expected}\nworker log:\n{_log_tail(log)}")
        time.sleep(0.05)


def results(pending: list[Any], tmp_path: Path) -> list[dict[str, Any]]:
    """The tasks' results, as the producer gets them from the result backend."""
    try:
        return [r.get(timeout=WAIT) for r in pending]
    except Exception as exc:
        log = _log_tail(tmp_path / "worker.log")
        pytest.fail(f"a chunk did not complete: {exc!r}\nworker log:\n{log}")


def assert_billed_once(emulator: Emulator, batch_id: str) -> None:
    """One charge per chunk, under the chunk's id; every number billed once, nothing else."""
    expected = [idempotency_id_for(batch_id, "chunk", i) for i in range(3)]
    sends = emulator.ledger.sends()
    assert sorted(c.idempotency_id or "" for c in sends) == sorted(expected)
    for idempotency_id in expected:
        assert len(emulator.ledger.sends(idempotency_id)) == 1
    billed = sorted(m.to for m in emulator.ledger.messages.values())
    assert billed == sorted(NUMBERS)
    assert emulator.balance == pytest.approx(1000.0 - sum(c.amount for c in sends))


def assert_replayed(runs: list[Any], emulator: Emulator) -> str:
    """Several sends of one chunk, one charge: each got the first send's answer. Its campaign."""
    assert len({run["idempotency_id"] for run in runs}) == 1
    campaigns = {run["campaign_id"] for run in runs}
    assert len(campaigns) == 1  # a second send would have made a second campaign
    (charge,) = emulator.ledger.sends(runs[0]["idempotency_id"])
    assert charge.campaign_id in campaigns
    return charge.campaign_id


def assert_send_bulk_replays(emulator: Emulator, url: str, batch_id: str) -> None:
    """The chunks' ids are send_bulk's: the same batch through send_bulk sends nothing new."""
    charges = len(emulator.ledger.charges)
    with SmsClient(api_key=API_KEY, base_url=url) as client:
        report = client.send_bulk(
            NUMBERS, text=TEXT, from_=SENDER, batch_id=batch_id, chunk_size=CHUNK
        )
    assert report.ok
    assert report.messages_sent == len(NUMBERS)
    assert len(emulator.ledger.charges) == charges  # replayed, not billed again


# --- the tests ------------------------------------------------------------------------------


def test_a_chunk_redelivered_after_its_worker_process_died_is_billed_once(
    emulator: tuple[Emulator, str], broker: dict[str, str], tmp_path: Path
) -> None:
    emu, url = emulator
    batch_id = "scaling-example-prefork"

    pending = example.enqueue_batch(batch_id, NUMBERS, text=TEXT, sender=SENDER, chunk_size=CHUNK)
    assert len(pending) == 3
    # A producer that ran twice, or a broker that delivered twice: chunk 2 is queued again.
    duplicate = example.enqueue_chunk(batch_id, 2, NUMBERS[6:], text=TEXT, sender=SENDER)

    # Prefork: the pool process that sends chunk 1 is killed right after the send; the worker
    # sees it lost, requeues the message (reject_on_worker_lost), and a new process runs it.
    with worker(
        "prefork",
        base_url=url,
        urls=broker,
        tmp_path=tmp_path,
        pool="prefork",
        crash_after_id=idempotency_id_for(batch_id, "chunk", 1),
    ):
        runs = sends(tmp_path, batch_id, {0: 1, 1: 2, 2: 1})
        summaries = results([*pending, duplicate], tmp_path)

    assert (tmp_path / "journal.jsonl.crashed").exists()
    # Killed between its send and the journal's record: the next delivery sent it again,
    # and the API replayed the first answer.
    assert len({run["pid"] for run in runs[1]}) >= 2  # two worker processes sent chunk 1
    assert summaries[1]["campaign_id"] == assert_replayed(runs[1], emu)
    # Enqueued twice: the second task found chunk 2 in the shared journal and sent nothing.
    assert len(runs[2]) == 1
    assert summaries[3]["from_journal"] is True
    assert summaries[2]["campaign_id"] == summaries[3]["campaign_id"] == runs[2][0]["campaign_id"]
    assert [s["chunk_index"] for s in summaries] == [0, 1, 2, 2]
    assert [s["sent"] for s in summaries] == [3, 3, 1, 1]
    assert_billed_once(emu, batch_id)
    assert_send_bulk_replays(emu, url, batch_id)


def test_a_chunk_recorded_before_its_worker_died_is_not_sent_again(
    emulator: tuple[Emulator, str], broker: dict[str, str], tmp_path: Path
) -> None:
    emu, url = emulator
    batch_id = "scaling-example-recorded"
    pending = example.enqueue_batch(batch_id, NUMBERS, text=TEXT, sender=SENDER, chunk_size=CHUNK)
    # The pool process that sends chunk 1 is killed right after the shared journal recorded
    # it: sent, billed, recorded, not acknowledged. Celery delivers the task again.
    with worker(
        "recorded",
        base_url=url,
        urls=broker,
        tmp_path=tmp_path,
        pool="prefork",
        crash_after_record_id=idempotency_id_for(batch_id, "chunk", 1),
    ):
        summaries = results(pending, tmp_path)
        runs = sends(tmp_path, batch_id, {0: 1, 1: 1, 2: 1})

    assert (tmp_path / "journal.jsonl.recorded").exists()
    assert len(runs[1]) == 1  # sent once: the redelivery took it from the journal
    assert summaries[1]["from_journal"] is True
    assert summaries[1]["campaign_id"] == runs[1][0]["campaign_id"]  # its results, not lost
    assert [s["sent"] for s in summaries] == [3, 3, 1]
    assert_billed_once(emu, batch_id)
    # The workers drew from the account's one rate-limit window, kept in the result
    # backend's Redis (rate_limit_store), not each from a window of its own.
    store = redis.Redis.from_url(broker["CELERY_RESULT_BACKEND"])
    try:
        assert len(store.keys("smscx:ratelimit:*:flying")) == 1
    finally:
        store.close()


def test_a_chunk_whose_whole_worker_died_is_sent_by_another_worker_and_billed_once(
    emulator: tuple[Emulator, str], broker: dict[str, str], tmp_path: Path
) -> None:
    emu, url = emulator
    batch_id = "scaling-example-worker-lost"
    subscribers = tmp_path / "subscribers.csv"
    subscribers.write_text("phone,name\n" + "".join(f"{n},someone\n" for n in NUMBERS))

    numbers = example.numbers_from_csv(str(subscribers), skip_header=True)
    pending = example.enqueue_batch(batch_id, numbers, text=TEXT, sender=SENDER, chunk_size=CHUNK)

    # The first worker (solo pool: the task runs in the worker itself) dies right after
    # sending chunk 0: a machine lost mid-task. Its message stays unacknowledged in Redis.
    with worker(
        "first",
        base_url=url,
        urls=broker,
        tmp_path=tmp_path,
        pool="solo",
        crash_after_id=idempotency_id_for(batch_id, "chunk", 0),
        visibility_timeout=1,
    ) as first:
        try:
            first.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the first worker did not die:\n{_log_tail(tmp_path / 'worker.log')}")
    assert first.returncode == -signal.SIGKILL
    assert len(emu.ledger.sends()) == 1  # chunk 0 was sent; nothing else was taken

    # Past the visibility timeout Redis gives the message back, and a second worker runs it
    # and the chunks that were still queued.
    with worker(
        "second", base_url=url, urls=broker, tmp_path=tmp_path, pool="solo", visibility_timeout=1
    ):
        runs = sends(tmp_path, batch_id, {0: 2, 1: 1, 2: 1})
        summaries = results(pending, tmp_path)

    assert len({run["pid"] for run in runs[0]}) >= 2  # both workers sent chunk 0
    assert summaries[0]["campaign_id"] == assert_replayed(runs[0], emu)
    assert [s["sent"] for s in summaries] == [3, 3, 1]
    assert_billed_once(emu, batch_id)
    assert_send_bulk_replays(emu, url, batch_id)

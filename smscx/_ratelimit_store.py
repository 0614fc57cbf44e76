"""One rate-limit window shared by every client of an account, kept in Redis.

The API's rate limit covers the whole account, while a :class:`~smscx._ratelimit.RateLimitGate`
sees only its own client's traffic: four worker processes, each keeping under the limit by
itself, together overrun it. :class:`SharedRateLimitGate` keeps the gate's view of the window
(limit, remaining, reset, the window's length, who is probing) in one Redis hash per account,
read and written by one Lua script, so that every client of the account, in any process on
any machine, draws its requests from the same count, atomically. The server's
``X-Rate-Limit-*`` headers still teach it the real limit and reset, as they teach the local
gate.

Why a script on redis-py rather than a rate-limiting library (``limits`` and its Redis
storage): the limit is not ours to configure, it is learnt from the server's answers (a
count, and a reset only a 429 states), which a limiter of fixed quotas cannot take in; and
redis-py's blocking client in a worker thread (as :class:`~smscx.journal.RedisJournal` uses
it) works on asyncio and trio alike, where async Redis clients are asyncio's only. One script
call per request, one round trip: a few hundred microseconds on a local network, against a
send's tens of milliseconds.

The store never stops a send: when it does not answer (down, unreachable, slower than
:data:`STORE_TIMEOUT`), the client falls back to its own gate, says so once at WARNING, and
asks the store again :data:`RETRY_AFTER` seconds later. The account's key in the store is an
HMAC of the base URL and the credential's identity (itself never the secret).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import anyio
import anyio.to_thread

from ._ratelimit import _RESET_MARGIN, RateLimitGate
from .errors import ConfigurationError
from .models import RateLimitSnapshot

__all__ = ["STORE_ENV", "SharedRateLimitGate", "gate_for", "open_store", "store_key"]

logger = logging.getLogger("smscx")

#: The environment variable that names a store when ``rate_limit_store`` is not given.
STORE_ENV = "SMSCX_RATE_LIMIT_STORE"
#: What every key starts with.
KEY_PREFIX = "smscx:ratelimit"
#: The longest a request waits for the store before going by its own gate instead.
STORE_TIMEOUT = 1.0
#: After the store failed, how long the client goes by its own gate before asking it again.
RETRY_AFTER = 5.0
#: How long a probe holds the account's window before another client may probe instead (the
#: probe's process may have died with it).
PROBE_LEASE = 2.0
#: How often a client waiting for another process's probe looks at the store again.
PROBE_POLL = 0.02
#: A key left alone this long (no client of the account sent anything) expires.
KEY_TTL_MS = 3_600_000
#: The observations a client keeps before writing them to the store with its next request.
_MAX_PENDING = 16

_KEY_SALT = b"smscx rate-limit store account v1"

# KEYS[1]: the account's hash; KEYS[2]: its clients' requests in flight, by client.
# ARGV: now, the requests wanted (0: observations only), probe lease, key TTL (ms), probe
# poll, this client's id and its requests in flight, then five per observation: limit,
# remaining, reset ("" when absent), whether it answered the probe ("1"/"0"), and when it
# was observed. An answer observed before the current window began (or just after: the
# server may have counted it before) is about an older window: its count is not this
# one's, although a client sends it later with its next question.
# Returns {granted, delay, probing}: how many of the wanted requests may leave now; when
# none, the seconds to wait before asking again; probing 1 when the one granted is the probe.
# The same rules as RateLimitGate (see smscx/_ratelimit.py), for the whole account.
_STEP = """
local key = KEYS[1]
local now = tonumber(ARGV[1])
local lease = tonumber(ARGV[3])
local s = redis.call('HMGET', key, 'heard', 'limit', 'remaining', 'reset', 'period', 'last',
  'probe', 'start')
local heard = s[1] == '1'
local limit, remaining, reset = tonumber(s[2]), tonumber(s[3]), tonumber(s[4])
local period, last, probe, start = tonumber(s[5]), tonumber(s[6]), tonumber(s[7]), tonumber(s[8])
redis.call('HSET', KEYS[2], ARGV[6], ARGV[7] .. ' ' .. ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
-- The account's requests in flight, by what each client last said (within 5 s).
local function flying()
  local total = 0
  local all = redis.call('HGETALL', KEYS[2])
  for j = 1, #all, 2 do
    local n, t = string.match(all[j + 1], '(%S+) (%S+)')
    if tonumber(t) > now - 5 then
      total = total + tonumber(n)
    else
      redis.call('HDEL', KEYS[2], all[j])
    end
  end
  return total
end
local i = 8
while ARGV[i] ~= nil do
  local l, r, z = tonumber(ARGV[i]), tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local answered_probe = ARGV[i + 3] == '1'
  local stale = start ~= nil and tonumber(ARGV[i + 4]) < start + 0.05
  heard = true
  if l then limit = l end
  if z and reset and z < reset - 1e-6 then
    -- a 429 of a window already over: nothing to learn
  elseif z then
    if last and z > last + 1e-6 then
      local d = z - last
      if period == nil or d < period then period = d end
    end
    if last == nil or z > last then last = z end
    local new_window = reset == nil or math.abs(z - reset) > 1e-6
    reset = z
    if r then
      if new_window or remaining == nil then
        remaining = r
      else
        remaining = math.min(remaining, r)
      end
    end
  elseif r and not stale then
    local known = reset ~= nil and now < reset
    if answered_probe and not known then
      -- The freshest count, but requests that left before the probe may reach the server
      -- after it: count every request in flight as spent too.
      remaining = math.max(0, r - flying())
    elseif remaining == nil then
      remaining = r
    else
      remaining = math.min(remaining, r)
    end
  end
  if answered_probe then probe = nil end
  i = i + 5
end
local want = tonumber(ARGV[2])
local granted, delay, probing = 0, 0, 0
if want > 0 then
  if reset and now >= reset then
    remaining = limit
    start = reset
    if period then
      reset = reset + (math.floor((now - reset) / period) + 1) * period
    else
      reset = nil
    end
  end
  if heard and remaining == nil then
    granted = want
  elseif heard and remaining > 0 then
    granted = math.min(want, remaining)
    remaining = remaining - granted
  elseif heard and reset then
    delay = reset - now
  elseif probe == nil or now >= probe then
    probe = now + lease
    granted, probing = 1, 1
  else
    delay = math.min(probe - now, tonumber(ARGV[5]))
  end
end
local fields = {heard = heard and '1' or nil, limit = limit, remaining = remaining,
  reset = reset, period = period, last = last, probe = probe, start = start}
local gone = {}
for _, name in ipairs({'heard', 'limit', 'remaining', 'reset', 'period', 'last', 'probe',
    'start'}) do
  local value = fields[name]
  if value == nil then
    table.insert(gone, name)
  else
    redis.call('HSET', key, name, string.format('%.17g', tonumber(value) or 1))
  end
end
if #gone > 0 then redis.call('HDEL', key, unpack(gone)) end
redis.call('PEXPIRE', key, ARGV[4])
return {granted, string.format('%.6f', delay), probing}
"""

#: How long requests granted together stay good for the tasks they were asked for (who
#: were waiting right then): a grant left over must not spill into the next window.
_GRANT_LIFE = 0.1


def store_key(base_url: str, identity: str) -> str:
    """The account's key in the store: an HMAC of where the API is and who the account is,
    so that neither the credential nor its identity appears in Redis."""
    digest = hmac.new(_KEY_SALT, f"{base_url}\n{identity}".encode(), hashlib.sha256)
    # In braces: the window and its requests in flight hash to one Redis Cluster slot.
    return f"{KEY_PREFIX}:{{{digest.hexdigest()[:32]}}}"


def open_store(store: object) -> Any:
    """A redis-py client for ``store``: a ``redis://`` (``rediss://``, ``unix://``) URL, or a
    client of yours (anything with ``register_script``), used as it is.

    A client built here gives up on a dead store quickly (short timeouts, no retries of its
    own): the gate falls back to the client's own view rather than hold sends.
    """
    if isinstance(store, str):
        if not store.startswith(("redis://", "rediss://", "unix://")):
            raise ConfigurationError(
                "rate_limit_store must be a redis://, rediss:// or unix:// URL, or a "
                f"redis.Redis client; got {store.split('://')[0]!r:.20} URL."
            )
        try:
            import redis as redis_py
            from redis.backoff import NoBackoff
            from redis.retry import Retry
        except ImportError:
            raise ConfigurationError(
                'rate_limit_store needs redis-py: pip install "smscx-async[redis]".'
            ) from None
        return redis_py.Redis.from_url(
            store,
            socket_timeout=STORE_TIMEOUT / 2,
            socket_connect_timeout=STORE_TIMEOUT / 2,
            retry=Retry(NoBackoff(), 0),
        )
    if not callable(getattr(store, "register_script", None)):
        raise ConfigurationError(
            "rate_limit_store must be a redis://, rediss:// or unix:// URL, or a redis.Redis "
            f"client; got {type(store).__name__}."
        )
    return store


class SharedRateLimitGate(RateLimitGate):
    """A :class:`RateLimitGate` whose window is the account's, kept in a Redis store.

    The client's requests ask the store together: one task asks (one script call, in a
    worker thread) for itself and every task waiting behind it, and hands out what was
    granted; when nothing was, they all wait for the reset (or the probe) the store named,
    without asking again meanwhile. The answers' headers go back to the store with this
    client's next question, or at once when they end a probe or carry a reset. The local
    gate's own state keeps learning from the same headers, so that it takes over, informed,
    whenever the store does not answer.
    """

    shared = True

    def __init__(
        self, redis: Any, key: str, clock: Callable[[], float] = time.time, *, owned: bool
    ) -> None:
        super().__init__(clock)
        self._redis = redis
        self._owned = owned
        self._key = key
        self._id = uuid.uuid4().hex  # this client, among the account's
        self._script = redis.register_script(_STEP)
        self._pending: list[str] = []
        self._urgent = False
        self._probes: set[anyio.Event] = set()
        self._down_until: float | None = None
        self._warned = False
        self._limiter: anyio.CapacityLimiter | None = None
        # Requests granted by the store for tasks that were waiting (and when), the task
        # asking the store now (the others wait for its answer), how many wait for it, and
        # until when the store said to wait.
        self._granted = 0
        self._granted_at = 0.0
        self._asking: anyio.Event | None = None
        self._parked = 0
        self._hold_until: float | None = None
        #: How many times the store did not answer (for tests and metrics).
        self.store_failures = 0

    def __repr__(self) -> str:
        return f"SharedRateLimitGate(key={self._key!r})"

    # --- the store ------------------------------------------------------------------------

    def _run_script(self, args: list[str]) -> Any:
        return self._script(keys=[self._key, self._key + ":flying"], args=args)

    async def _step(self, want: int) -> tuple[int, float, bool] | None:
        """One script call: the pending observations, then ``want`` requests' turn (none:
        observations only). ``(granted, delay, probing)``, or ``None`` when the store did not
        answer (the caller goes by its own gate)."""
        now = self._clock()
        if self._down_until is not None:
            if now < self._down_until:
                return None
            self._down_until = None
        pending, self._pending, self._urgent = self._pending, [], False
        args = [
            repr(now),
            str(want),
            repr(PROBE_LEASE),
            str(KEY_TTL_MS),
            repr(PROBE_POLL),
            self._id,
            str(self._in_flight),
            *pending,
        ]
        if self._limiter is None:
            # A few threads are plenty: a script call takes well under a millisecond.
            self._limiter = anyio.CapacityLimiter(4)
        try:
            with anyio.fail_after(STORE_TIMEOUT):
                answer = await anyio.to_thread.run_sync(
                    self._run_script, args, abandon_on_cancel=True, limiter=self._limiter
                )
            granted, delay, probing = int(answer[0]), float(answer[1]), answer[2] == 1
        except Exception as exc:  # whatever the store or its client raised: never a send's
            self._store_failed(exc)
            return None
        if self._warned and self.store_failures and not self._down_until:
            logger.info("the rate-limit store answers again: the account's window is shared")
            self.store_failures = 0
        return granted, delay, probing

    def _store_failed(self, exc: BaseException) -> None:
        self.store_failures += 1
        self._down_until = self._clock() + RETRY_AFTER
        level = logging.DEBUG if self._warned else logging.WARNING
        self._warned = True
        # The exception's type only: a Redis URL's password could be in its message.
        logger.log(
            level,
            "the rate-limit store did not answer (%s): this client goes by its own view of "
            "the rate limit, and asks the store again in %.0fs",
            type(exc).__name__,
            RETRY_AFTER,
        )

    # --- the gate ---------------------------------------------------------------------------

    async def wait_turn(self, max_wait: float | None = None) -> anyio.Event | None:
        while True:
            now = self._clock()
            if self._granted:
                if now - self._granted_at <= _GRANT_LIFE:
                    self._granted -= 1
                    self._in_flight += 1
                    return None
                self._granted = 0  # its window may be over: ask again
            hold = self._hold_until
            if hold is not None and now < hold:
                if max_wait is not None and hold - now > max_wait + PROBE_POLL:
                    self.reset_at = hold
                    self._heard = True
                    self.remaining = 0
                    return await super().wait_turn(max_wait)  # raises RateLimitError at once
                self.waits += 1
                await self._waited(hold - now)
                continue
            if self._asking is not None:
                self._parked += 1
                try:
                    await self._asking.wait()
                finally:
                    self._parked -= 1
                continue
            asking = self._asking = anyio.Event()
            try:
                answer = await self._step(1 + self._parked)
            finally:
                self._asking = None
                asking.set()
            if answer is None:
                return await super().wait_turn(max_wait)
            granted, delay, probing = answer
            if probing:
                token = anyio.Event()
                self._probes.add(token)
                self._in_flight += 1
                return token
            if granted:
                self._granted, self._granted_at = granted - 1, now
                self._in_flight += 1
                return None
            self._hold_until = now + delay + (_RESET_MARGIN if delay > PROBE_POLL else 0.0)

    async def _waited(self, seconds: float) -> None:
        await anyio.sleep(seconds)

    def observe(
        self, headers: Mapping[str, str], token: anyio.Event | None = None
    ) -> RateLimitSnapshot | None:
        snapshot = super().observe(headers, token)
        answered_probe = token is not None and token in self._probes
        if answered_probe:
            assert token is not None
            self._probes.discard(token)
        self._note(snapshot, answered_probe)
        return snapshot

    def finished(self, token: anyio.Event | None) -> None:
        super().finished(token)
        if token is not None and token in self._probes:
            # A probe that got no answer: the others need not wait out its lease.
            self._probes.discard(token)
            self._note(None, True)

    def _note(self, snapshot: RateLimitSnapshot | None, answered_probe: bool) -> None:
        limit = remaining = reset = ""
        if snapshot is not None:
            limit = "" if snapshot.limit is None else str(snapshot.limit)
            remaining = "" if snapshot.remaining is None else str(snapshot.remaining)
            reset = "" if snapshot.reset_at is None else repr(snapshot.reset_at.timestamp())
        when = repr(self._clock())
        self._pending += (limit, remaining, reset, "1" if answered_probe else "0", when)
        if answered_probe or reset or len(self._pending) >= 5 * _MAX_PENDING:
            self._urgent = True

    async def settle(self) -> None:
        """Write to the store now what others must know at once: a probe's answer, a reset."""
        if self._urgent:
            await self._step(0)

    async def aclose(self) -> None:
        """Write what is pending, and close the connections of a store built from a URL."""
        if self._pending:
            await self._step(0)
        if self._owned:
            close = getattr(self._redis, "close", None)
            if close is not None:
                await anyio.to_thread.run_sync(close)


def gate_for(store: object, base_url: str, identity: str | None) -> SharedRateLimitGate | None:
    """The gate of a client configured with ``rate_limit_store=store`` (checked here).

    ``None`` (the client's own gate, with a warning) when the credential does not name its
    account: a bearer token obtained elsewhere says nothing of whose it is.
    """
    redis = open_store(store)
    if identity is None:
        logger.warning(
            "rate_limit_store is ignored with an access token, which does not name its "
            "account: use api_key or client_id to share the account's rate limit"
        )
        return None
    return SharedRateLimitGate(redis, store_key(base_url, identity), owned=isinstance(store, str))

"""What every namespace shares: the account and its prices, the ledger, the clock, ids.

Money is kept in integer micro-units (millionths of the account currency) so that a
thousand sends and their refunds add up exactly; it becomes a float only on the wire.

Each namespace keeps its own records (:mod:`.routes`); what they all touch is here, behind
one lock. Handlers may run in the socket server's thread while a test reads the ledger from
its own: every mutation happens under :attr:`SharedState.lock` (a plain ``threading.Lock``;
handlers never await while holding it), which the namespaces' own records use too, so that
a send reads the groups and the opt-out list as one moment saw them.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Literal

import attrs

from .wire.errors import ApiError

__all__ = [
    "DEFAULT_PRICES",
    "MICRO",
    "Account",
    "Charge",
    "Ledger",
    "ManualClock",
    "Message",
    "SharedState",
]

MICRO = 1_000_000
"""Micro-units per unit of currency."""

DEFAULT_PRICES: Mapping[str, float | None] = MappingProxyType(
    {
        "*": 0.05,  # every country not listed
        "US": 0.0085,
        "CA": 0.0095,
        "GB": 0.037,
        "FR": 0.065,
        "DE": 0.075,
        "IT": 0.062,
        "ES": 0.058,
        "NL": 0.088,
        "RO": 0.041,
        "BG": 0.089,
        "IN": 0.0035,
        "KP": None,  # no coverage: a restricted destination, for 1119 and NO COVERAGE
    }
)
"""Price per message part by ISO country (``"*"``: any other); ``None`` means no coverage."""


@attrs.define(slots=True)
class Account:
    """The account every credential of an emulator bills: its balance and credit terms.

    ``credit_limit`` ``None`` is a prepaid account (a send above the balance is 1113); a
    number is a postpaid one that may go that far below zero (beyond it: 1114).
    """

    currency: Literal["eur", "usd"]
    balance_micros: int
    credit_limit_micros: int | None = None

    @property
    def balance(self) -> float:
        """The balance in the account currency."""
        return self.balance_micros / MICRO

    def can_afford(self, cost_micros: int) -> bool:
        """Whether a charge of ``cost_micros`` stays within the balance or credit limit."""
        floor = -(self.credit_limit_micros or 0)
        return self.balance_micros - cost_micros >= floor


MessageStatus = Literal["ACCEPTED", "SCHEDULED", "NO COVERAGE", "REJECTED"]


@attrs.define(slots=True)
class Message:
    """One message the emulator accepted (sent, or scheduled), as the ledger keeps it."""

    msg_id: str
    campaign_id: str
    idempotency_id: str | None
    to: str
    country_iso: str
    sender: str
    text: str
    parts: int
    cost_micros: int
    status: MessageStatus
    created_at: datetime
    scheduled_at: datetime | None = None
    track_data: str | None = None
    deleted: bool = False
    #: The text's length in characters and whether it is Unicode (UCS-2), for reports.
    length: int = 0
    unicode: bool = False
    #: What its delivery report says, chosen at send time: (status, error code), or
    #: ``None`` when no report will come (it stays SENT).
    report: tuple[str, int | None] | None = ("DELIVERED", None)
    #: ``time.monotonic()`` after which an immediate message has its report (reports and
    #: callbacks agree); a scheduled one has it ``dlr_delay`` after its time on the clock.
    report_due: float = 0.0

    @property
    def cost(self) -> float:
        """What this message was billed, in the account currency."""
        return self.cost_micros / MICRO

    def is_pending(self, now: datetime) -> bool:
        """Whether it is still scheduled (not yet sent, not deleted) at ``now``."""
        return self.scheduled_at is not None and not self.deleted and self.scheduled_at > now


@attrs.frozen(slots=True)
class Charge:
    """One movement of the balance: a send billed (``amount`` > 0) or credit returned (< 0).
    A number's rent and setup fee are ``rent`` charges."""

    kind: Literal["send", "refund", "lookup", "rent"]
    campaign_id: str
    idempotency_id: str | None
    msg_ids: tuple[str, ...]
    parts: int
    amount_micros: int
    at: datetime

    @property
    def amount(self) -> float:
        """The amount in the account currency (negative for a refund)."""
        return self.amount_micros / MICRO


class Ledger:
    """What was billed: every charge and refund, every message, by idempotency id.

    This is what exactly-once tests assert on: after retries and faults, one idempotency id
    has exactly one ``send`` charge. Reads return snapshots, safe from any thread.
    """

    def __init__(self, lock: threading.Lock) -> None:
        self._lock = lock
        self._charges: list[Charge] = []
        self._messages: dict[str, Message] = {}
        self._campaigns: dict[str, list[str]] = {}

    @property
    def charges(self) -> tuple[Charge, ...]:
        """Every charge and refund, oldest first."""
        with self._lock:
            return tuple(self._charges)

    @property
    def messages(self) -> Mapping[str, Message]:
        """Every accepted message by ``msgId`` (a snapshot)."""
        with self._lock:
            return dict(self._messages)

    def message(self, msg_id: str) -> Message | None:
        """The message with this ``msgId``, if the emulator accepted one."""
        with self._lock:
            return self._messages.get(msg_id)

    def campaign(self, campaign_id: str) -> tuple[Message, ...]:
        """The messages of one send or campaign, in send order."""
        with self._lock:
            return tuple(self._messages[m] for m in self._campaigns.get(campaign_id, ()))

    def sends(self, idempotency_id: str | None = None) -> tuple[Charge, ...]:
        """The ``send`` charges, all or those of one idempotency id (exactly-once: one)."""
        with self._lock:
            return tuple(
                c
                for c in self._charges
                if c.kind == "send"
                and (idempotency_id is None or c.idempotency_id == idempotency_id)
            )

    def billed(self, idempotency_id: str) -> float:
        """The net amount billed for one idempotency id (sends minus refunds)."""
        with self._lock:
            micros = sum(
                c.amount_micros for c in self._charges if c.idempotency_id == idempotency_id
            )
        return micros / MICRO

    @property
    def total(self) -> float:
        """The net amount billed overall (sends minus refunds)."""
        with self._lock:
            return sum(c.amount_micros for c in self._charges) / MICRO

    # --- mutations: callers hold the lock ----------------------------------------------

    def _record(self, charge: Charge, messages: Iterable[Message]) -> None:
        self._charges.append(charge)
        ids = self._campaigns.setdefault(charge.campaign_id, [])
        for message in messages:
            self._messages[message.msg_id] = message
            ids.append(message.msg_id)

    def _refund(self, charge: Charge) -> None:
        self._charges.append(charge)

    def _clear(self) -> None:
        self._charges.clear()
        self._messages.clear()
        self._campaigns.clear()


class ManualClock:
    """Unix time that stands still until :meth:`advance` moves it.

    Pass it as ``Emulator(clock=...)`` to make scheduled messages "sent", tokens expire or
    rate-limit windows roll over, without sleeping and without flaky timing.
    """

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move the clock forward by ``seconds``; the new time."""
        if seconds < 0:
            raise ValueError("a clock only moves forward")
        with self._lock:
            self._now += seconds
            return self._now


class SharedState:
    """The account, prices, ledger, clock and seeded ids of one emulator, behind one lock.

    Built from the emulator's configuration; :meth:`reset` restores the starting balance and
    forgets the ledger (each namespace resets its own records).
    """

    def __init__(
        self,
        *,
        balance: float,
        currency: Literal["eur", "usd"],
        credit_limit: float | None,
        prices: Mapping[str, float | None],
        seed: int | None,
        clock: Callable[[], float],
    ) -> None:
        if currency not in ("eur", "usd"):
            raise ValueError(f"currency must be 'eur' or 'usd', got {currency!r}")
        self.lock = threading.Lock()
        self.clock = clock
        self.ledger = Ledger(self.lock)
        self._start = (balance, currency, credit_limit)
        merged = {**DEFAULT_PRICES, **prices}
        self.prices: Mapping[str, int | None] = MappingProxyType(
            {k: None if v is None else round(v * MICRO) for k, v in merged.items()}
        )
        self._seed = seed
        self.account = self._account()
        self.random = random.Random(seed)

    def _account(self) -> Account:
        balance, currency, credit_limit = self._start
        return Account(
            currency=currency,
            balance_micros=round(balance * MICRO),
            credit_limit_micros=None if credit_limit is None else round(credit_limit * MICRO),
        )

    def now(self) -> datetime:
        """The emulator's clock as an aware UTC datetime."""
        return datetime.fromtimestamp(self.clock(), timezone.utc)

    def price_micros(self, country_iso: str) -> int | None:
        """The price of one part to ``country_iso`` (``None``: no coverage)."""
        prices = self.prices
        return prices[country_iso] if country_iso in prices else prices.get("*")

    def new_id(self) -> str:
        """A random UUID v4 string, from the seeded generator (callers hold the lock)."""
        return str(uuid.UUID(int=self.random.getrandbits(128), version=4))

    def check_credit(self, cost_micros: int) -> None:
        """Raise 1113 (prepaid) or 1114 (credit limit) unless the account can pay
        ``cost_micros`` (callers hold the lock)."""
        account = self.account
        if not account.can_afford(cost_micros):
            raise ApiError(1114 if account.credit_limit_micros else 1113)

    def bill(self, charge: Charge, messages: Iterable[Message]) -> None:
        """Take ``charge`` from the balance and record it (callers hold the lock)."""
        self.account.balance_micros -= charge.amount_micros
        self.ledger._record(charge, messages)

    def refund(self, charge: Charge) -> None:
        """Return credit (``charge.amount_micros`` < 0) and record it (callers hold the lock)."""
        self.account.balance_micros -= charge.amount_micros
        self.ledger._refund(charge)

    def reset(self) -> None:
        """Back to the starting balance, an empty ledger and the seed's first ids."""
        with self.lock:
            self.account = self._account()
            self.random = random.Random(self._seed)
            self.ledger._clear()

"""What the emulator remembers: the account, prices, groups, the ledger, tokens and windows.

Money is kept in integer micro-units (millionths of the account currency) so that a
thousand sends and their refunds add up exactly; it becomes a float only on the wire.

The state is mutated by the app's handlers, which may run in the socket server's thread
while a test reads the ledger from its own: every mutation happens under :attr:`State.lock`
(a plain ``threading.Lock``; handlers never await while holding it).
"""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any, Literal

import attrs

from ._numbers import parse_number

__all__ = [
    "DEFAULT_GROUPS",
    "DEFAULT_PRICES",
    "MICRO",
    "Account",
    "Campaign",
    "Charge",
    "Contact",
    "Group",
    "Ledger",
    "Message",
    "State",
    "StoredResponse",
    "Token",
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
class Optout:
    """A contact on the opt-out list: how it got there (``admin`` or ``link``) and when."""

    id: int
    phone_number: str
    country_iso: str
    optout_from: str
    at: datetime


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


def _copy_fields(fields: Mapping[str, str]) -> dict[str, str]:
    return dict(fields)


def _contacts(contacts: Iterable[Contact]) -> tuple[Contact, ...]:
    return tuple(contacts)


@attrs.frozen(slots=True)
class Contact:
    """A contact of a group: a number and the fields campaign placeholders draw from.

    ``fields`` holds ``field1`` ... ``field5`` and custom fields by name; ``{{name}}`` in a
    campaign text becomes the contact's value (empty when the contact lacks it).
    """

    phone_number: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    fields: Mapping[str, str] = attrs.field(factory=dict, converter=_copy_fields)
    #: The contact's ``phoneNumberId`` (a UUID), given when the emulator stores it.
    id: str = ""
    #: When it was added to its group (set when the emulator stores it).
    added_at: datetime | None = None

    def placeholder_values(self) -> dict[str, str]:
        """The placeholder names this contact fills, with their values."""
        return {
            **self.fields,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "email": self.email,
        }


@attrs.frozen(slots=True)
class Group:
    """A group of contacts that campaigns send to, by id."""

    id: int
    name: str
    contacts: tuple[Contact, ...] = attrs.field(converter=_contacts, default=())
    #: When the group was created (set when the emulator stores it).
    created_at: datetime | None = None


def _default_groups() -> tuple[Group, ...]:
    return (
        Group(
            1,
            "Customers",
            (
                Contact("+33612345678", "Amélie", "Martin", "amelie@example.com", {"field1": "A"}),
                Contact("+447400123456", "Oliver", "Smith", "oliver@example.com"),
                Contact("+4915123456789", "Lena", "Schmidt"),
            ),
        ),
        Group(
            2,
            "Staff",
            (
                Contact("+447400123456", "Oliver", "Smith", "oliver@example.com"),
                Contact("+12015550123", "Ava", "Johnson"),
            ),
        ),
        Group(3, "Empty", ()),
    )


DEFAULT_GROUPS: tuple[Group, ...] = _default_groups()
"""Groups an emulator has unless told otherwise: 1 (3 contacts), 2 (2, one shared with 1),
3 (empty), so campaigns, ``duplicatesRemoved`` and 1102 work out of the box."""

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
class Campaign:
    """A campaign sent to contact groups, as ``GET /reports/campaigns`` lists it."""

    id: str
    name: str
    sender: str
    text: str
    groups: tuple[tuple[int, str, int], ...]
    created_at: datetime
    scheduled_at: datetime | None


@attrs.frozen(slots=True)
class Charge:
    """One movement of the balance: a send billed (``amount`` > 0) or credit returned (< 0)."""

    kind: Literal["send", "refund", "lookup"]
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


@attrs.frozen(slots=True)
class StoredResponse:
    """A successful idempotent send, kept to be replayed byte for byte."""

    fingerprint: bytes
    status: int
    body: bytes


@attrs.frozen(slots=True)
class Token:
    """An access token issued by ``/oauth/token``."""

    value: str
    scopes: frozenset[str]
    expires_at: float


_EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _valid_group(group: Group) -> Group:
    contacts = []
    for index, contact in enumerate(group.contacts, start=1):
        number = parse_number(contact.phone_number, None)
        if number is None:
            raise ValueError(
                f"group {group.id}: {contact.phone_number!r} is not a valid E.164 number"
            )
        contacts.append(
            attrs.evolve(
                contact,
                phone_number=number.e164,
                # Stable across resets: from the group's id and the position.
                id=contact.id or str(uuid.UUID(int=(group.id << 32) + index, version=4)),
                added_at=contact.added_at or group.created_at or _EPOCH,
            )
        )
    return attrs.evolve(group, contacts=tuple(contacts), created_at=group.created_at or _EPOCH)


class State:
    """Everything one emulator remembers, behind one lock.

    Built from the emulator's configuration and rebuilt by :meth:`reset`, which restores
    the starting balance and forgets messages, tokens and idempotent responses.
    """

    def __init__(
        self,
        *,
        balance: float,
        currency: Literal["eur", "usd"],
        credit_limit: float | None,
        prices: Mapping[str, float | None],
        groups: Iterable[Group],
        seed: int | None,
    ) -> None:
        if currency not in ("eur", "usd"):
            raise ValueError(f"currency must be 'eur' or 'usd', got {currency!r}")
        self.lock = threading.Lock()
        self.ledger = Ledger(self.lock)
        self._start = (balance, currency, credit_limit)
        merged = {**DEFAULT_PRICES, **prices}
        self.prices: Mapping[str, int | None] = MappingProxyType(
            {k: None if v is None else round(v * MICRO) for k, v in merged.items()}
        )
        self._start_groups = {g.id: _valid_group(g) for g in groups}
        #: The contact groups by id; the API's group routes change them (under the lock).
        self.groups: dict[int, Group] = dict(self._start_groups)
        self._seed = seed
        self.account = self._account()
        self.random = random.Random(seed)
        self.idempotent: dict[str, StoredResponse] = {}
        self.tokens: dict[str, Token] = {}
        #: The opt-out list by E.164 number; sends to these are REJECTED at no cost.
        self.optouts: dict[str, Optout] = {}
        self.next_optout_id = 1
        #: Campaigns sent to groups, by id, in send order.
        self.campaigns: dict[str, Campaign] = {}
        #: OTPs and number lookups by id (their services define the records).
        self.otps: dict[str, Any] = {}
        self.lookups: dict[str, Any] = {}
        self.bulk_lookups: dict[str, Any] = {}

    def next_group_id(self) -> int:
        """An id no group has (callers hold the lock)."""
        return max(self.groups, default=0) + 1

    def _account(self) -> Account:
        balance, currency, credit_limit = self._start
        return Account(
            currency=currency,
            balance_micros=round(balance * MICRO),
            credit_limit_micros=None if credit_limit is None else round(credit_limit * MICRO),
        )

    def price_micros(self, country_iso: str) -> int | None:
        """The price of one part to ``country_iso`` (``None``: no coverage)."""
        prices = self.prices
        return prices[country_iso] if country_iso in prices else prices.get("*")

    def new_id(self) -> str:
        """A random UUID v4 string, from the seeded generator (callers hold the lock)."""
        return str(uuid.UUID(int=self.random.getrandbits(128), version=4))

    def bill(self, charge: Charge, messages: Iterable[Message]) -> None:
        """Take ``charge`` from the balance and record it (callers hold the lock)."""
        self.account.balance_micros -= charge.amount_micros
        self.ledger._record(charge, messages)

    def refund(self, charge: Charge) -> None:
        """Return credit (``charge.amount_micros`` < 0) and record it (callers hold the lock)."""
        self.account.balance_micros -= charge.amount_micros
        self.ledger._refund(charge)

    def reset(self) -> None:
        """Back to the configured starting point."""
        with self.lock:
            self.account = self._account()
            self.random = random.Random(self._seed)
            self.ledger._clear()
            self.idempotent.clear()
            self.optouts.clear()
            self.next_optout_id = 1
            self.tokens.clear()
            self.groups = dict(self._start_groups)
            self.campaigns.clear()
            self.otps.clear()
            self.lookups.clear()
            self.bulk_lookups.clear()

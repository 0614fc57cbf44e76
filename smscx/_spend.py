"""The spend cap (``max_cost=``): a charged send is estimated first, and refused when the
estimate passes the cap.

One implementation for every send: :func:`capped_send` is what ``send_sms``, the campaigns,
and the Viber, WhatsApp and multichannel sends call when given ``max_cost``; a batch uses
:func:`read_cap`, :func:`estimate_cost` and :func:`cap_refusal` request by request
(``smscx.bulk``). Money is compared as :class:`~decimal.Decimal` only: an API float becomes
the decimal it was written as (``repr``), never a binary fraction.

The cap guards the *estimate*. The estimate route answers what the send would cost at that
moment; if the price changes between the two calls the bill (the send's own
``info.total_cost``) may differ from it, and the send is not undone.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .errors import SpendLimitError, ValidationError

if TYPE_CHECKING:
    from ._client import AsyncSmsClient
    from ._pipeline import Endpoint

R = TypeVar("R")

#: The estimate route of each charged route that has one (see :func:`estimated_by`).
_ESTIMATES: dict[Endpoint[Any], Endpoint[Any]] = {}

#: What ``max_cost`` accepts: a Decimal, or a number or its text read as one.
MaxCost = Decimal | int | float | str


def read_cap(value: object) -> Decimal | None:
    """``max_cost`` as a Decimal (``None``: no cap), or a :class:`~smscx.ValidationError`
    for a value that is not a finite amount of at least 0. A float is read as the decimal
    it prints as (``0.1`` is ``Decimal("0.1")``, not its binary neighbour)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float, str)):
        raise ValidationError(
            f"`max_cost` takes an amount (a Decimal, a number or its text), got "
            f"{type(value).__name__}.",
            field="max_cost",
        )
    try:
        if isinstance(value, Decimal):
            cap = value
        elif isinstance(value, float):
            cap = money(value)
        else:
            cap = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(
            f"`max_cost` must be an amount, got {value!r}.", field="max_cost"
        ) from None
    if not cap.is_finite():
        raise ValidationError(
            f"`max_cost` must be a finite amount, got {value!r}.", field="max_cost"
        )
    if cap < 0:
        raise ValidationError(f"`max_cost` cannot be negative, got {value!r}.", field="max_cost")
    return cap


def estimated_by(send: Endpoint[Any], estimate: Endpoint[Any]) -> None:
    """Declare ``estimate`` the route that prices ``send``, beside the two declarations.

    A send method then names only its charged route (``capped_send(client, SEND_SMS, ...)``):
    the estimate is free and read-only, and the guard that every route a charged method
    names is retried safely (``tests/test_charged_routes.py``) keeps its meaning.
    """
    _ESTIMATES[send] = estimate


def money(value: float) -> Decimal:
    """An amount the API wrote (a JSON float) as the decimal it was written as."""
    # repr() is the shortest text that reads back as the same float: 0.065, not
    # 0.06500000000000000222...
    return Decimal(repr(value))


def estimate_request(body: Any, estimate_type: type[Any]) -> Any:
    """The estimate of a send's request: the same fields, less those an estimate does not
    take (``idempotency_id``), with ``short_response`` on where the route has it: only the
    totals are read, so the answer need not list every recipient."""
    fields = {
        field.name: getattr(body, field.name)
        for field in attrs.fields(estimate_type)
        if hasattr(body, field.name)
    }
    if "short_response" in attrs.fields_dict(estimate_type):
        fields["short_response"] = True
    return estimate_type(**fields)


async def estimate_cost(client: AsyncSmsClient, endpoint: Endpoint[Any], body: Any) -> Decimal:
    """What the estimate route ``endpoint`` says the send of ``body`` would cost (the
    estimate is not charged; its errors are the send's own, raised as they come)."""
    assert endpoint.request_type is not None
    answer = await client._pipeline.call(
        endpoint, client._options, body=estimate_request(body, endpoint.request_type)
    )
    return money(answer.info.total_cost)


def cap_refusal(
    estimate: Decimal, cap: Decimal, *, committed: Decimal = Decimal(0), batch: bool = False
) -> SpendLimitError | None:
    """The error for a request whose estimate, on top of ``committed``, passes ``cap``;
    ``None`` when it fits (exactly reaching the cap fits)."""
    if committed + estimate <= cap:
        return None
    if batch:
        message = (
            f"The batch's spend cap (max_cost={cap}) would be passed: this request is "
            f"estimated at {estimate} on top of {committed} spent or in flight. It and the "
            "rest of the batch were not sent."
        )
    else:
        message = (
            f"The send is estimated at {estimate}, more than max_cost={cap}: nothing was sent."
        )
    return SpendLimitError(message, estimate=estimate, max_cost=cap, committed=committed)


async def capped_send(client: AsyncSmsClient, send: Endpoint[R], body: Any, max_cost: object) -> R:
    """Call ``send`` with ``body``; with a ``max_cost``, only after its estimate (the route
    declared with :func:`estimated_by`) fits the cap (one estimate call more, not charged),
    else :class:`~smscx.SpendLimitError`."""
    cap = read_cap(max_cost)
    if cap is not None:
        refused = cap_refusal(await estimate_cost(client, _ESTIMATES[send], body), cap)
        if refused is not None:
            raise refused
    return await client._pipeline.call(send, client._options, body=body)

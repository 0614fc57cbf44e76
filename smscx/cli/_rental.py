"""``smscx numbers search|rent|cancel`` and ``smscx inbound``: renting numbers that receive
SMS, and reading what they received.

Registered by :mod:`._app` once its ``cli`` group, its ``numbers`` group and
``api_command`` exist (this module imports them from there).
"""

from __future__ import annotations

import json
from typing import Any

import click

from smscx._client import AsyncSmsClient
from smscx.models import DataReceiveSms

from . import _render
from ._app import api_command, cli, numbers
from ._errors import OptionError
from ._session import Session

__all__ = ["inbound", "numbers_cancel", "numbers_rent", "numbers_search"]


def _print(session: Session, line: str) -> None:
    session.out.print(line, markup=False, highlight=False)


@numbers.command("search")
@click.argument("country_iso", metavar="COUNTRY")
@click.option(
    "--features",
    type=click.IntRange(1, 3),
    help="Only numbers that receive (1), send (2), or both (3).",
)
@click.option("--type", "number_type", type=click.Choice(["mobile", "landline"]), help="Kind.")
@click.option("--include", metavar="DIGITS", help="Only numbers containing these digits.")
@click.option("--exclude", metavar="DIGITS", help="Only numbers without these digits.")
@api_command
def numbers_search(
    session: Session,
    country_iso: str,
    features: int | None,
    number_type: str | None,
    include: str | None,
    exclude: str | None,
) -> None:
    """The numbers COUNTRY (two letters: GB, FR) offers for rent, with their prices."""
    result = session.call(
        lambda client: client.numbers.get_available_numbers(
            country_iso,
            features=features,
            number_type=number_type,
            include=include,
            exclude=exclude,
        )
    )
    if session.as_json:
        session.emit_json(_render.jsonable(result))
        return
    for offer in result.data:
        prices = ", ".join(f"{c.days}d {c.cost:g}" for c in offer.rent_cost)
        setup = f", setup {offer.setup_cost:g}" if offer.setup_cost else ""
        _print(
            session,
            f"{offer.number_id}  {offer.phone_number or '(picked at rent)'}  {offer.number_type}  "
            f"{_features(offer.features)}  {prices}{setup}",
        )
    session.note(f"{len(result.data):,} numbers; rent one with: smscx numbers rent NUMBER_ID")


@numbers.command("rent")
@click.argument("number_id")
@click.option(
    "--days",
    type=click.Choice(["1", "7", "30"]),
    required=True,
    help="The rental period, at least the number's minimum.",
)
@click.option("--auto-renew", is_flag=True, help="Renew at the end of each period.")
@click.option(
    "--callback-url",
    metavar="URL",
    help="Where the SMS it receives are POSTed (receive_sms webhooks).",
)
@api_command
def numbers_rent(
    session: Session, number_id: str, days: str, auto_renew: bool, callback_url: str | None
) -> None:
    """Rent NUMBER_ID (from `smscx numbers search`) for --days (charged)."""
    result = session.call(
        lambda client: client.numbers.rent_number(
            number_id=number_id,
            rent_period=int(days),
            auto_renew=auto_renew or None,
            callback_url=callback_url,
        )
    )
    if session.as_json:
        session.emit_json(_render.jsonable(result))
        return
    info = result.info
    _print(session, f"{info.rent_id}  {info.phone_number}  until {_render.jsonable(info.rent_end)}")
    cost = info.rent_cost + info.setup_cost
    session.note(f"charged {cost:g}; cancel within 30 minutes with: smscx numbers cancel RENT_ID")


@numbers.command("cancel")
@click.argument("rent_id")
@api_command
def numbers_cancel(session: Session, rent_id: str) -> None:
    """Cancel rental RENT_ID, within 30 minutes of its start and before it received an SMS:
    the rent is returned (a setup fee is not)."""
    result = session.call(lambda client: client.numbers.cancel_rent(rent_id))
    if session.as_json:
        session.emit_json(_render.jsonable(result))
        return
    info = result.info
    _print(session, f"cancelled {info.phone_number}: {info.credit_returned:g} returned")


@cli.command()
@click.argument("number", required=False)
@click.option("--limit", type=click.IntRange(1), help="At most this many messages.")
@api_command
def inbound(session: Session, number: str | None, limit: int | None) -> None:
    """The SMS your rented numbers received, newest first: those of NUMBER (the phone number
    or its rental id) or of every rental. With --json, one JSON object per line."""

    async def work(client: AsyncSmsClient) -> list[DataReceiveSms]:
        rentals = (await client.numbers.get_rented_numbers()).data
        chosen = [r for r in rentals if number in (None, r.phone_number, r.rent_id)]
        if number is not None and not chosen:
            session.fail(OptionError(f"{number} is not one of your rented numbers."))
        found: list[DataReceiveSms] = []
        for rental in chosen:
            async for sms in client.numbers.get_inbound_sms(rental.rent_id):
                found.append(sms)
                if limit is not None and len(found) >= limit and len(chosen) == 1:
                    break
        found.sort(key=lambda sms: sms.received_at, reverse=True)
        return found[:limit] if limit is not None else found

    received = session.call(work)
    for sms in received:
        if session.as_json:  # JSON Lines, as every list of the command line
            click.echo(json.dumps(_render.jsonable(sms), ensure_ascii=False))
        else:
            when = _render.jsonable(sms.received_at)
            _print(session, f"{when}  {sms.from_} -> {sms.to}  {sms.text}")
    if not session.as_json:
        session.note(f"{len(received):,} messages")


def _features(value: int) -> str:
    names: list[Any] = [name for bit, name in ((1, "receive"), (2, "send")) if value & bit]
    return "+".join(names) or "-"

"""``smscx shortlinks``: create tracked short links, list them, and see who clicked.

Registered by :mod:`._app` once its ``cli`` group and ``api_command`` exist (this module
imports them from there).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from smscx._client import AsyncSmsClient

from . import _render
from ._app import api_command, cli
from ._errors import OptionError
from ._session import Session

__all__ = ["shortlinks"]


@cli.group()
def shortlinks() -> None:
    """Tracked short links: put {{shortlink:ID}} in a text and each recipient gets a link of
    their own, so every click (a hit) is known by phone number."""


@shortlinks.command("list")
@api_command
def shortlinks_list(session: Session) -> None:
    """Every short link of the account, most recent first, with its hits."""
    result = session.call(lambda client: client.shortlinks.get_shortlinks_list())
    if session.as_json:
        session.emit_json(_render.jsonable(result))
        return
    for link in result.data:
        session.out.print(
            f"{link.id}  {link.name}  {link.short_url} -> {link.original_url}  {link.hits:,} hits",
            markup=False,
            highlight=False,
        )
    session.note(f"{len(result.data):,} short links")


@shortlinks.command("create")
@click.argument("url")
@click.option("--name", metavar="NAME", help="Its name, 3 to 25 characters (Short link #N).")
@api_command
def shortlinks_create(session: Session, url: str, name: str | None) -> None:
    """Create a short link to URL; prints its id, for {{shortlink:ID}} in a text."""
    result = session.call(lambda client: client.shortlinks.create_shortlink(url=url, name=name))
    if session.as_json:
        session.emit_json(_render.jsonable(result))
        return
    info = result.info
    session.out.print(f"{info.id}  {info.short_url}  {info.name}", markup=False, highlight=False)
    session.note("use {{shortlink:" + info.id + "}} in a text to track each recipient")


@shortlinks.command("hits")
@click.argument("short_id")
@click.option("--xlsx", is_flag=True, help="The report as an XLSX workbook (needs --output).")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report (CSV, or XLSX with --xlsx) to this file.",
)
@api_command
def shortlinks_hits(session: Session, short_id: str, xlsx: bool, output: Path | None) -> None:
    """Who clicked short link SHORT_ID, most recent first.

    The CSV report on stdout, or with --output written to a file (replaced only once whole).
    With --json and no --output, one JSON object per hit per line (JSON Lines).
    """
    if xlsx and output is None:
        session.fail(OptionError("--xlsx writes a workbook: give it --output PATH."))
    if output is not None:
        target = output

        async def export(client: AsyncSmsClient) -> int:
            api = client.shortlinks
            if xlsx:
                return await api.export_shortlink_hits_to_xlsx(short_id, to=target)
            return await api.export_shortlink_hits_to_csv(short_id, to=target)

        written = session.call(export)
        if session.as_json:
            session.emit_json({"path": str(target), "bytes": written})
        else:
            session.note(f"wrote {written:,} bytes to {target}")
        return
    if session.as_json:

        async def walk(client: AsyncSmsClient) -> int:
            count = 0
            async for hit in client.shortlinks.get_shortlink_hits(short_id):
                count += 1
                click.echo(json.dumps(_render.jsonable(hit), ensure_ascii=False))
            return count

        session.call(walk)
        return
    report = session.call(lambda client: client.shortlinks.export_shortlink_hits_to_csv(short_id))
    click.echo(report, nl=False)

"""``smscx listen``: a callback receiver on a socket that prints every callback as it arrives.

The way to see callbacks while developing, as ``stripe listen`` is for Stripe's: give
SMS.CX (or ``smscx serve``, the emulator) the callback URL it prints, and each item of each
callback is printed as a line (``--json``: a JSON line), then, with ``--forward-to``, the
body is posted unchanged to the application's own endpoint. It is
:func:`smscx.webhooks.asgi_app` under uvicorn, so it answers as a receiver built with it
does: 403 without the token, 400 for a malformed callback, each report printed once.

The forward target's answer decides the listener's: a 2xx is 200, anything else (or no
answer) is 502, so that SMS.CX sends the callback again, as it would have to the target.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timezone
from typing import Any

import click
import httpx

from smscx import _convert
from smscx.webhooks import (
    DeliveryReport,
    LinkHit,
    NewOptout,
    NumberLookupResult,
    OtpUpdate,
    ReceivedChatMessage,
    ReceivedSms,
    WebhookBatch,
    asgi_app,
    callback_url,
)

__all__ = ["describe", "listen"]

_FORWARD_TIMEOUT = 10.0
"""Seconds the forward target has to answer before the callback is answered 502."""


def describe(item: object) -> str:
    """One item of a callback as a short readable line (without its event)."""
    if isinstance(item, DeliveryReport):
        code = f" (error {item.error_code})" if item.error_code is not None else ""
        return f"{item.msg_id} {item.status}{code}"
    if isinstance(item, OtpUpdate):
        return f"{item.otp_id} {item.status} ({item.attempts}/{item.max_attempts} attempts)"
    if isinstance(item, NumberLookupResult):
        return f"{item.phone_number} {item.status}"
    if isinstance(item, (ReceivedSms, ReceivedChatMessage)):
        return f"{item.msg_id} from {item.from_}: {item.text!r}"
    if isinstance(item, NewOptout):
        return f"{item.phone_number or item.optout_id} opted out ({item.optout_type})"
    if isinstance(item, LinkHit):
        return f"{item.shortlink_id} hit {item.hit_id} ({item.url})"
    return repr(item)  # pragma: no cover - every parsed item is one of the above


def _printer(as_json: bool) -> Any:
    def on_event(batch: WebhookBatch) -> None:
        now = datetime.now(timezone.utc)
        for item in batch.data:
            if as_json:
                line = json.dumps(
                    {
                        "received": now.strftime("%Y-%m-%d %H:%M:%S"),
                        "event": batch.event,
                        "data": _convert.to_wire(item),
                    },
                    ensure_ascii=False,
                )
            else:
                line = f"{now:%H:%M:%S}  {batch.event:<16}  {describe(item)}"
            click.echo(line)

    return on_event


def _forwarder(url: str) -> Any:
    async def forward(body: bytes) -> None:
        try:
            async with httpx.AsyncClient(timeout=_FORWARD_TIMEOUT) as client:
                answer = await client.post(
                    url, content=body, headers={"content-type": "application/json"}
                )
        except httpx.HTTPError as exc:
            click.echo(f"  -> {url}: not reached ({type(exc).__name__})", err=True)
            raise RuntimeError(
                f"the forward target was not reached ({type(exc).__name__})"
            ) from None
        click.echo(f"  -> {url}: {answer.status_code}", err=True)
        if not answer.is_success:
            raise RuntimeError(f"the forward target answered {answer.status_code}")

    return forward


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8090, show_default=True, type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free one).",
)  # fmt: skip
@click.option(
    "--token",
    metavar="TOKEN",
    help="The secret callbacks must carry in their token parameter (default: a random one).",
)
@click.option(
    "--forward-to",
    "forward_to",
    metavar="URL",
    help="Also POST each callback's body, unchanged, to URL (your application's endpoint).",
)
@click.option("--json", "as_json", is_flag=True, help="Print each item as a JSON line.")
def listen(host: str, port: int, token: str | None, forward_to: str | None, as_json: bool) -> None:
    """Receive SMS.CX callbacks and print each one as it arrives (Ctrl-C stops).

    Prints the callback URL to give SMS.CX (dlr_callback_url=..., otp_callback_url=...)
    on standard error; each item goes to standard output as a line, or a JSON line.
    """
    try:
        from smscx.testing.server.socket_server import SocketServer
    except ImportError as exc:
        missing = f" (no {exc.name})" if exc.name else ""
        raise click.ClickException(
            f'listen needs the testing extra: pip install "smscx-async[testing]"{missing}'
        ) from exc
    if forward_to is not None:
        try:
            callback_url(forward_to, "x")
        except ValueError:
            raise click.BadParameter("an absolute http(s) URL", param_hint="--forward-to") from None
    if token is not None and not token:
        raise click.BadParameter("a non-empty secret", param_hint="--token")
    secret = token if token is not None else secrets.token_urlsafe(16)
    app = asgi_app(_printer(as_json), token=secret)
    if forward_to is not None:
        app._after = _forwarder(forward_to)
    try:
        server = SocketServer(app, host=host, port=port)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    click.echo(f"Listening for SMS.CX callbacks on {server.base_url}", err=True)
    click.echo(f"Callback URL: {callback_url(server.base_url + '/', secret)}", err=True)
    if forward_to is not None:
        click.echo(f"Forwarding each callback to {forward_to}", err=True)
    server.serve_forever()

"""``python -m smscx.testing``: serve the emulator on a socket for demos and manual tests.

::

    python -m smscx.testing --port 8080 --api-key KEY --balance 1000 \\
        --fault "kind=status,status=503,route=POST /sms,times=2" \\
        --dlr-delay 2 --dlr-fail-rate 0.1 --dlr-error-code 4001

It listens on loopback unless told otherwise, prints its base URL and credentials (a random
API key and OAuth application when none are given), and serves until interrupted. Delivery
reports go to loopback ``dlrCallbackUrl`` receivers only; those still pending when it stops
are dropped.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import sys
from collections.abc import Sequence
from typing import Any

import attrs

from ._delivery_reports import random_failures
from ._emulator import Emulator
from .server.faults import Chaos, parse_fault_spec
from .server.socket_server import SocketServer

__all__ = ["main", "parser"]


def parser() -> argparse.ArgumentParser:
    """The command line's arguments."""
    p = argparse.ArgumentParser(
        prog="python -m smscx.testing",
        description="Serve an emulator of the SMS.CX SMS API (smscx.testing).",
    )
    p.add_argument("--host", default="127.0.0.1", help="interface (default: loopback only)")
    p.add_argument(
        "--port", type=int, default=8080, help="port, 0 for any free one (default: 8080)"
    )
    p.add_argument(
        "--api-key",
        action="append",
        dest="api_keys",
        metavar="KEY",
        default=None,
        help="an API key the emulator accepts (repeatable; default: one random key, printed "
        "at start)",
    )
    p.add_argument("--client-id", help="OAuth application id (random when not given)")
    p.add_argument("--client-secret", help="OAuth application secret (random when not given)")
    p.add_argument(
        "--token-lifetime",
        type=int,
        default=3600,
        metavar="SECONDS",
        help="lifetime of the OAuth access tokens it issues (default: 3600)",
    )
    p.add_argument(
        "--balance", type=float, default=1000.0, help="the account's balance (default: 1000.0)"
    )
    p.add_argument(
        "--currency",
        choices=("eur", "usd"),
        default="eur",
        help="the account's currency (default: eur)",
    )
    p.add_argument(
        "--credit-limit",
        type=float,
        default=None,
        help="postpaid credit limit (default: none, a prepaid account)",
    )
    p.add_argument(
        "--rate-limit", type=int, default=10_000, help="requests per window (default: 10000)"
    )
    p.add_argument(
        "--rate-limit-window",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="the rate limit's window (default: 1.0)",
    )
    p.add_argument("--seed", type=int, default=None, help="repeatable ids and placeholders")
    p.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help='scripted fault, e.g. "kind=close_after_commit,route=POST /sms,times=1"',
    )
    p.add_argument(
        "--chaos",
        metavar="SPEC",
        help='random faults, e.g. "seed=1,status=0.1,close_after_commit=0.05"',
    )
    p.add_argument(
        "--dlr-delay",
        type=float,
        default=0.5,
        metavar="SECONDS",
        help="delay of delivery reports to a loopback dlrCallbackUrl (default: 0.5)",
    )
    p.add_argument(
        "--dlr-fail-rate",
        type=float,
        default=0.0,
        metavar="RATE",
        help="share of reports that say FAILED, from 0 to 1 (repeatable with --seed)",
    )
    p.add_argument(
        "--dlr-error-code",
        type=int,
        default=1,
        metavar="CODE",
        help="errorCode of a FAILED report (default: 1)",
    )
    p.add_argument("--no-dlr", action="store_true", help="send no delivery reports")
    p.add_argument(
        "--log-level",
        default="info",
        choices=("critical", "error", "warning", "info"),
        help="the server's log level (default: info)",
    )
    return p


def _chaos(spec: str) -> Chaos:
    options: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        key, _, value = item.partition("=")
        key = key.strip()
        if key == "seed":
            options[key] = int(value)
        elif key == "route":
            options[key] = value.strip()
        elif key == "statuses":
            options[key] = tuple(int(s) for s in value.split("/"))
        else:
            options[key] = float(value)
    known = {field.name for field in attrs.fields(Chaos)}
    unknown = sorted(set(options) - known)
    if unknown:
        raise ValueError(
            f"unknown --chaos key(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )
    return Chaos(**options)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build(args: argparse.Namespace) -> Emulator:
    """The emulator the arguments describe, faults included."""
    applications = None
    if args.client_id or args.client_secret:
        if not (args.client_id and args.client_secret):
            raise SystemExit("--client-id and --client-secret go together")
        applications = {args.client_id: args.client_secret}
    emulator = Emulator(
        api_keys=args.api_keys,
        balance=args.balance,
        currency=args.currency,
        credit_limit=args.credit_limit,
        rate_limit=args.rate_limit,
        rate_limit_window=args.rate_limit_window,
        applications=applications,
        token_lifetime=args.token_lifetime,
        seed=args.seed,
        dlr=not args.no_dlr,
        dlr_delay=args.dlr_delay,
        dlr_outcome=(
            random_failures(args.dlr_fail_rate, error_code=args.dlr_error_code, seed=args.seed)
            if args.dlr_fail_rate
            else None
        ),
    )
    for spec in args.fault:
        emulator.faults.add(**parse_fault_spec(spec))  # type: ignore[arg-type]
    if args.chaos:
        emulator.faults.chaos(_chaos(args.chaos))
    return emulator


def main(argv: Sequence[str] | None = None, *, prog: str | None = None) -> int:
    """Parse arguments, print where and how to connect, serve until interrupted.

    Bad options and a port that cannot be had end in one ``error:`` line, not a traceback.
    """
    command = parser()
    if prog is not None:
        command.prog = prog
    args = command.parse_args(argv)
    try:
        emulator = build(args)
    except (ValueError, TypeError) as exc:  # TypeError: an unknown --chaos or --fault key
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        _serve(emulator, args)
    except OSError as exc:  # the port is taken, or the host is not this machine's
        print(
            f"error: the emulator cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr
        )
        return 1
    finally:
        emulator.close()  # pending delivery reports are dropped
    return 0


def _reports_line(args: argparse.Namespace) -> str:
    if args.no_dlr:
        return "off"
    line = f"{args.dlr_delay:g} s after sending, to loopback dlrCallbackUrl only"
    if args.dlr_fail_rate:
        line += f" ({args.dlr_fail_rate:.0%} FAILED, errorCode {args.dlr_error_code})"
    return line


def _serve(emulator: Emulator, args: argparse.Namespace) -> None:
    """Print where and how to connect, and serve until interrupted."""
    server = SocketServer(emulator.app, host=args.host, port=args.port, log_level=args.log_level)
    lines = [
        f"SMS.CX emulator listening on {server.base_url}",
        *(f"  API key:         {key}" for key in emulator.api_keys),
        f"  OAuth client:    {emulator.client_id}",
        f"  OAuth secret:    {emulator.client_secret}",
        f"  Balance:         {emulator.balance:.2f} {args.currency}",
        f"  OpenAPI:         {server.base_url}/openapi.json",
        f"  SDK:             AsyncSmsClient(api_key=..., base_url={server.base_url!r})",
        f"  DLR reports:     {_reports_line(args)}",
    ]
    if not _is_loopback(args.host):
        lines.append(f"  WARNING: listening on {args.host}, not only on this machine")
    print("\n".join(lines), flush=True)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a demo server ends
        server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())

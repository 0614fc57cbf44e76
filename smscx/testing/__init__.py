"""``smscx.testing``: an emulator of the SMS.CX API, to test code that sends SMS.

Install with ``pip install "smscx-async[testing]"``. The emulator behaves like SMS.CX on every
route of the vendor's API (its 101 methods): it validates requests with the API's error codes,
bills an account, schedules and deletes, replays idempotent sends, limits the request rate,
posts delivery reports to loopback ``dlrCallbackUrl`` receivers, and fails on command (HTTP
errors, delays, dropped connections) so retry and idempotency code can be tested for real::

    from smscx.testing import Emulator

    async def test_welcome_sms_is_sent_once():
        emulator = Emulator(balance=10)
        emulator.faults.add("close_after_commit", route="POST /sms")  # billed, then cut
        async with emulator.client() as client:
            await client.send_sms(to=["+33612345678"], from_="Shop", text="Welcome!")
        assert len(emulator.ledger.sends()) == 1  # the retry was replayed, not re-billed

In-process (:meth:`Emulator.client`, :meth:`Emulator.transport`) nothing touches the
network but delivery reports, which only ever go to loopback receivers;
:meth:`Emulator.serve` puts it on a loopback socket, and ``python -m
smscx.testing`` serves it for demos. The pytest fixtures ``smscx_emulator`` and
``smscx_server`` come with :mod:`smscx.testing.pytest_plugin`.
"""

import sys as _sys

try:
    import phonenumbers  # noqa: F401  # the emulator validates numbers as SMS.CX does
except ImportError:  # pragma: no cover  (exercised in a subprocess without it)
    _MISSING = 'smscx.testing needs the testing extra: pip install "smscx-async[testing]"'
    if getattr(_sys, "orig_argv", [])[1:3] == ["-m", __name__]:
        # `python -m smscx.testing`: runpy imports this package before __main__, and would
        # print a traceback for an ImportError raised here. One line is what a person needs.
        print(f"error: {_MISSING}", file=_sys.stderr)
        raise SystemExit(2) from None
    raise ImportError(_MISSING) from None

from ._delivery_reports import DLR_STATUS_CODES, ReportDelivery, ReportOutcome
from ._emulator import IN_PROCESS_URL, Emulator
from ._shared import DEFAULT_PRICES, Account, Charge, Ledger, ManualClock, Message
from .routes.groups import DEFAULT_GROUPS, Contact, Group
from .routes.shortlinks import Visitor
from .routes.viber import DEFAULT_VIBER_PRICES
from .routes.whatsapp import DEFAULT_WHATSAPP_PRICES
from .server.app import ABORT_EXTENSION, EmulatorApp
from .server.faults import Chaos, Fault, FaultKind, FaultPlan, FiredFault
from .server.in_process import InProcessTransport

__all__ = [
    "ABORT_EXTENSION",
    "DEFAULT_GROUPS",
    "DEFAULT_PRICES",
    "DEFAULT_VIBER_PRICES",
    "DEFAULT_WHATSAPP_PRICES",
    "DLR_STATUS_CODES",
    "IN_PROCESS_URL",
    "Account",
    "Chaos",
    "Charge",
    "Contact",
    "Emulator",
    "EmulatorApp",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "FiredFault",
    "Group",
    "InProcessTransport",
    "Ledger",
    "ManualClock",
    "Message",
    "ReportDelivery",
    "ReportOutcome",
    "Visitor",
]

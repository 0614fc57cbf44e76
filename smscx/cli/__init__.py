"""The ``smscx`` command line: send, estimate, bulk-send and delete SMS, analyse a text, and
run the emulator.

::

    smscx send --sandbox --to +33612345678 --from InfoText --text "Hello"
    smscx estimate --to +33612345678 --from InfoText --text "Hello"
    smscx campaign send --group 1 --from InfoText --text "Hi {{firstName}}"
    smscx bulk numbers.csv --from InfoText --text "Hello" --failures failures.csv
    smscx delete MSG_ID / smscx delete-campaign CAMPAIGN_ID
    smscx text "Zażółć gęślą jaźń"
    smscx serve --port 8080

Needs the ``cli`` extra (``pip install "smscx-async[cli]"``: Click and Rich). Layout: ``_app``
declares the commands, ``_session`` makes the client and runs the call, ``_render`` shows
results, ``_errors`` turns failures into a line and an exit status, ``_numbers_file`` reads
the batch command's file of numbers, ``_bulk`` its progress, summary and failures file,
``_serve`` hands over to the emulator.
"""

from __future__ import annotations

import sys

__all__ = ["main"]

_MISSING_EXTRA = 'the smscx command needs the cli extra: pip install "smscx-async[cli]"'


def main() -> None:
    """Run the command line (the ``smscx`` entry point)."""
    try:
        from ._app import cli
    except ImportError as exc:
        if exc.name in ("click", "rich"):
            sys.exit(f"error: {_MISSING_EXTRA} ({exc.name} is missing)")
        raise
    cli(prog_name="smscx")

"""``smscx serve``: the emulator on a real socket, exactly as ``python -m smscx.testing``.

The options are the emulator's own: everything after ``serve`` goes unchanged to
``smscx.testing.__main__.main``, so the two command lines can never drift apart
(``smscx serve --help`` lists them).
"""

from __future__ import annotations

import click

__all__ = ["serve"]


@click.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def serve(args: tuple[str, ...]) -> None:
    """Run the SMS.CX emulator on a socket (the options of python -m smscx.testing; --help).

    Loopback and port 8080 by default; prints the base URL and the credentials to use.
    """
    try:
        from smscx.testing.__main__ import main
    except ImportError as exc:
        missing = f" (no {exc.name})" if exc.name else ""
        raise click.ClickException(
            f'the emulator needs the testing extra: pip install "smscx-async[testing]"{missing}'
        ) from exc
    # A busy port or a bad option is one error line from main itself, with its status.
    status = main(list(args), prog="smscx serve")
    if status:
        raise click.exceptions.Exit(status)

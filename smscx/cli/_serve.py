"""``smscx serve``: the emulator on a real socket, exactly as ``python -m smscx.testing``.

The options are the emulator's own: everything after ``serve`` goes unchanged to
``smscx.testing.__main__.main``, so the two command lines can never drift apart. Its help
is the emulator's parser too, shown with every default and a description for each option
(where the emulator's parser gives none, the one below).
"""

from __future__ import annotations

import argparse

import click

__all__ = ["serve"]

#: Descriptions of the emulator's options that its parser leaves without one.
_DESCRIPTIONS = {
    "--api-key": "an API key the emulator accepts; repeat for more (default: one random key, "
    "printed at start)",
    "--token-lifetime": "seconds an OAuth access token lives",
    "--balance": "the account's starting balance",
    "--currency": "the account's currency",
    "--rate-limit-window": "seconds of one rate-limit window",
}


def _help() -> str:
    """The emulator's help, each option with a description and its default."""
    from smscx.testing.__main__ import parser

    command = parser()
    command.prog = "smscx serve"
    for action in command._actions:  # argparse's list of options; help is theirs to change
        text = action.help
        if text is None:
            names = [name for name in action.option_strings if name in _DESCRIPTIONS]
            text = _DESCRIPTIONS[names[0]] if names else ""
        default = action.default  # by identity: 0 and 0.0 are defaults worth showing
        unset = default is None or default is False or default is argparse.SUPPRESS
        shown = not unset and default != []
        if shown and action.option_strings and "default" not in text:
            text = f"{text} (default: %(default)s)" if text else "default: %(default)s"
        action.help = text
    return command.format_help()


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
    if "-h" in args or "--help" in args:
        click.echo(_help(), nl=False)
        return
    # A busy port or a bad option is one error line from main itself, with its status.
    status = main(list(args), prog="smscx serve")
    if status:
        raise click.exceptions.Exit(status)

"""``python -m smscx.cli``: the same as the ``smscx`` command."""

from . import main

main()

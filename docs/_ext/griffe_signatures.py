"""A griffe extension: ``SmsClient`` is rendered with ``AsyncSmsClient``'s constructor.

``SmsClient.__init__`` is written ``(*args, **kwargs)`` and takes its real signature from
``AsyncSmsClient.__init__`` at run time (``__wrapped__``, for ``inspect.signature`` and
``help()``); griffe reads the source, so without this the reference would show
``SmsClient(*args, **kwargs)``.
"""

from __future__ import annotations

from typing import Any

import griffe


class BlockingSignature(griffe.Extension):
    """Give ``SmsClient.__init__`` the parameters of ``AsyncSmsClient.__init__``."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        if pkg.name != "smscx":
            return
        blocking = pkg["_blocking"]["SmsClient"]["__init__"]
        blocking.parameters = pkg["_client"]["AsyncSmsClient"]["__init__"].parameters

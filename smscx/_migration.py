"""Spellings of the vendor's generated client (``smscx_client``), met with a pointer.

Code migrating from ``smscx_client`` replaces ``api_instance.`` with ``client.`` and the
call reads the same, but for a few keyword arguments the generated client adds to every
method. Passed here, Python's bare "unexpected keyword argument" says nothing of what to
write instead; :func:`migration_hints` says it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, ParamSpec, TypeVar

__all__ = ["migration_hints", "unexpected_argument"]

P = ParamSpec("P")
R = TypeVar("R")

_HINTED = "smscx_client's spelling"
_NO_EQUIVALENT = "nothing: smscx always returns typed models, checked as they are read"

#: The generated client's keyword arguments, and what smscx takes instead.
VENDOR_SPELLINGS: Mapping[str, str] = {
    "_from": "from_=",
    "_request_timeout": "timeout= on the client, or client.with_options(timeout=...) for a call",
    "async_req": "await the same method of AsyncSmsClient (no thread pool is needed)",
    "_preload_content": _NO_EQUIVALENT,
    "_return_http_data_only": _NO_EQUIVALENT,
    "_check_input_type": "nothing: requests are validated before they are sent",
    "_check_return_type": _NO_EQUIVALENT,
    "_content_type": "nothing: requests are JSON",
    "_host_index": "base_url= on the client",
    "_spec_property_naming": "nothing: fields are snake_case keywords",
}


def unexpected_argument(exc: TypeError, kwargs: Mapping[str, object], face: str) -> TypeError:
    """The TypeError to raise for a call whose arguments did not bind.

    ``face`` is the class the caller used (``SmsClient`` for the blocking face, whose calls
    bind ``AsyncSmsClient``'s methods).
    """
    message = str(exc).replace("AsyncSmsClient.", f"{face}.", 1)
    if _HINTED in message:
        return TypeError(message)  # the blocking face re-raising the async method's error
    for name in kwargs:
        hint = VENDOR_SPELLINGS.get(name)
        if hint is not None:
            message += f" ({name}= is {_HINTED}; here: {hint}; see docs/migrating.md)"
            break
    return TypeError(message)


def migration_hints(
    method: Callable[P, Coroutine[Any, Any, R]],
) -> Callable[P, Coroutine[Any, Any, R]]:
    """``method`` (an ``async def``), whose argument errors point migrating code the way.

    Calling an ``async def`` only binds its arguments and makes the coroutine, so a
    TypeError here is a binding error, never one from the method's body.
    """

    @functools.wraps(method)
    def bind(*args: P.args, **kwargs: P.kwargs) -> Coroutine[Any, Any, R]:
        try:
            return method(*args, **kwargs)
        except TypeError as exc:
            raise unexpected_argument(exc, kwargs, "AsyncSmsClient") from None

    return bind

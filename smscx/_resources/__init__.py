"""The API's namespaces beyond the six SMS methods, named after the vendor's API classes.

Each namespace is a class of short declarations (an :class:`~smscx._pipeline.Endpoint` and
the method that calls it) over the client's one pipeline, so every route gets the same
retries, rate-limit gate, timeouts, size cap and typed errors as the sends. The client
exposes each as an attribute named after the vendor's class (``client.account`` for
``AccountApi``), with the vendor's method names; :class:`~smscx.SmsClient` gets the blocking
face of each from the same declarations (``smscx._sync``).
"""

from .account import AccountApi
from .groups import GroupsApi
from .numbers import NumbersApi
from .optouts import OptoutsApi
from .originators import OriginatorsApi
from .otp import OtpApi
from .reports import ReportsApi

__all__ = [
    "AccountApi",
    "GroupsApi",
    "NumbersApi",
    "OptoutsApi",
    "OriginatorsApi",
    "OtpApi",
    "ReportsApi",
]

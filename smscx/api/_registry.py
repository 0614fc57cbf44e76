"""The namespaces, one line each: what lists, builds or checks namespaces reads this.

A line names the client attribute and the vendor's API class; the rest follows from them by
convention, and ``tests/test_layout.py`` fails when any part is missing:

- ``smscx/api/<attribute>.py``: the endpoints, ``<Vendor>`` (async) and ``Blocking<Vendor>``;
- ``smscx/models/<attribute>.py``: its models, re-exported by :mod:`smscx.models`;
- ``smscx/testing/routes/<attribute>.py``: the emulator's routes, one per endpoint;
- ``docs/<page>``: its guide, and its classes in ``docs/reference/client.md``;
- ``AsyncSmsClient.<attribute>`` and ``SmsClient.<attribute>``: :class:`Attached` lines;
- both classes exported by ``smscx``.

See CONTRIBUTING.md, "Adding a namespace".
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

import attrs

__all__ = ["NAMESPACES", "Attached", "NamespaceEntry"]

T = TypeVar("T")


@attrs.frozen
class NamespaceEntry:
    """One namespace: ``client.<attribute>`` is the vendor's ``<vendor>`` class."""

    attribute: str
    vendor: str
    page: str

    @property
    def module(self) -> str:
        return f"smscx.api.{self.attribute}"

    @property
    def blocking(self) -> str:
        return f"Blocking{self.vendor}"

    @property
    def models(self) -> str:
        return f"smscx.models.{self.attribute}"

    @property
    def routes(self) -> str:
        return f"smscx.testing.routes.{self.attribute}"

    def classes(self) -> tuple[type[Any], type[Any]]:
        """The async class and its blocking twin."""
        module = importlib.import_module(self.module)
        return getattr(module, self.vendor), getattr(module, self.blocking)


NAMESPACES: tuple[NamespaceEntry, ...] = (
    NamespaceEntry("sms", "SmsApi", page="sending.md"),
    NamespaceEntry("reports", "ReportsApi", page="reports.md"),
    NamespaceEntry("account", "AccountApi", page="account.md"),
    NamespaceEntry("numbers", "NumbersApi", page="numbers.md"),
    NamespaceEntry("otp", "OtpApi", page="otp.md"),
    NamespaceEntry("optouts", "OptoutsApi", page="optouts.md"),
    NamespaceEntry("groups", "GroupsApi", page="groups.md"),
    NamespaceEntry("originators", "OriginatorsApi", page="originators.md"),
    NamespaceEntry("templates", "TemplatesApi", page="templates.md"),
    NamespaceEntry("viber", "ViberApi", page="viber.md"),
    NamespaceEntry("whatsapp", "WhatsappApi", page="whatsapp.md"),
    NamespaceEntry("multichannel", "MultichannelApi", page="multichannel.md"),
    NamespaceEntry("shortlinks", "ShortlinksApi", page="shortlinks.md"),
    NamespaceEntry("attachments", "AttachmentsApi", page="attachments.md"),
    NamespaceEntry("conversations", "ConversationsApi", page="conversations.md"),
    NamespaceEntry("applications", "ApplicationsApi", page="applications.md"),
    NamespaceEntry("oauth", "OauthApi", page="authentication.md"),
)


class Attached(Generic[T]):
    """A client's namespace attribute: ``account = Attached(AccountApi)`` makes
    ``client.account`` an ``AccountApi`` bound to that client.

    With ``cache`` (the async client) the namespace is made once per client and kept in its
    ``__dict__``; the blocking client makes one per access, since its ``with_options``
    copies share their original's ``__dict__``.
    """

    def __init__(self, make: Callable[[Any], T], *, cache: bool = True) -> None:
        self._make = make
        self._cache = cache
        self._name = ""
        first_line = (make.__doc__ or "").strip().split("\n", 1)[0]
        self.__doc__ = first_line

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> Attached[T]: ...

    @overload
    def __get__(self, instance: object, owner: type[Any]) -> T: ...

    def __get__(self, instance: object | None, owner: type[Any]) -> Attached[T] | T:
        if instance is None:
            return self
        namespace = self._make(instance)
        if self._cache:
            instance.__dict__[self._name] = namespace  # later reads skip this descriptor
        return namespace

    @property
    def namespace(self) -> Callable[[Any], T]:
        """The class this attribute makes."""
        return self._make

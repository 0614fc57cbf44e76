"""``ApplicationsApi``: the OAuth applications."""

from __future__ import annotations

from ._namespace import BlockingNamespace, Namespace

__all__ = ["BlockingApplicationsApi", "ApplicationsApi"]


class ApplicationsApi(Namespace):
    """The OAuth applications (``client.applications``): the vendor's ``ApplicationsApi``."""

    __slots__ = ()


class BlockingApplicationsApi(BlockingNamespace):
    """``SmsClient.applications``: :class:`~smscx.ApplicationsApi`, blocking."""

    __slots__ = ()

"""``ApplicationsApi``: the account's OAuth applications, their settings and scopes."""

from __future__ import annotations

import re

import attrs

from smscx._migration import migration_hints
from smscx._pipeline import Endpoint
from smscx.errors import ValidationError
from smscx.models import ApplicationSettingsResponse, ApplicationsListResponse, Scopes

from ._namespace import BlockingNamespace, Namespace, blocking

__all__ = ["ApplicationsApi", "BlockingApplicationsApi"]

GET_APPLICATIONS_LIST = Endpoint("GET", "/applications", ApplicationsListResponse)
GET_SCOPES = Endpoint("GET", "/applications/scopes", Scopes)
# The id is filled in by _application_path (an application id is neither a UUID nor a number).
GET_APPLICATION_SETTINGS = Endpoint(
    "GET", "/applications/{applicationId}", ApplicationSettingsResponse
)

_APPLICATION_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")


def _application_path(application_id: str) -> str:
    """``/applications/{applicationId}``, the id checked: it goes into the path as it is."""
    if not isinstance(application_id, str) or not _APPLICATION_ID.fullmatch(application_id):
        raise ValidationError(
            "`application_id` must be an application id (letters, digits, '_' or '-'), "
            f"got {application_id!r:.60}.",
            field="applicationId",
        )
    # Only the path's own segment: "scopes" is another route, not an application.
    if application_id == "scopes":
        raise ValidationError("`application_id` cannot be 'scopes'.", field="applicationId")
    return f"/applications/{application_id}"


class ApplicationsApi(Namespace):
    """The OAuth applications (``client.applications``): the vendor's ``ApplicationsApi``.

    Read-only: applications are made and configured in the dashboard. Their settings are the
    defaults a request falls back on (callbacks, quiet hours, transliteration, OTP).

    ::

        applications = await client.applications.get_applications_list()
        first = applications.data[0]
        settings = await client.applications.get_application_settings(first.application_id)
        print(settings.settings.otp.pin_length, (await client.applications.get_scopes()).scopes)
    """

    __slots__ = ()

    @migration_hints
    async def get_applications_list(self) -> ApplicationsListResponse:
        """Every OAuth application of the account: ``GET /applications``. **Not charged**.

        The answer holds each application's secret (``application_secret``, left out of the
        model's ``repr``): keep it as you would an API key.

        :returns: The applications, most recent first (``data``): ``id``,
            ``application_id``, ``application_secret``, ``application_name``, ``scopes``
            (space-separated), ``token_expiration``, ``created_at``.
        :raises APIStatusError: An error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_APPLICATIONS_LIST)

    @migration_hints
    async def get_application_settings(self, application_id: str) -> ApplicationSettingsResponse:
        """An application's settings: ``GET /applications/{applicationId}``.
        **Not charged**.

        :param application_id: The application's id (``application_id`` in
            :meth:`get_applications_list`, the OAuth client id).
        :returns: The application (``application_id``, ``name``, ``scopes``,
            ``token_expiration``) and its ``settings`` by channel and feature: callbacks,
            quiet hours, SMS transliteration, OTP defaults, the multichannel ``ttl``.
        :raises ValidationError: Before anything is sent: ``application_id`` is not a string
            of letters, digits, ``_`` or ``-``.
        :raises NotFoundError: No application of the account has this id (1500).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        path = _application_path(application_id)
        return await self._call(attrs.evolve(GET_APPLICATION_SETTINGS, path=path))

    @migration_hints
    async def get_scopes(self) -> Scopes:
        """The scopes an application (and a token) may have: ``GET /applications/scopes``.
        **Not charged**.

        :returns: The scopes (``scopes``, a list of names such as ``"sms"``, ``"groups"``),
            what ``AsyncSmsClient(scopes=...)`` may ask for.
        :raises APIStatusError: An error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_SCOPES)


class BlockingApplicationsApi(BlockingNamespace):
    """``SmsClient.applications``: :class:`~smscx.ApplicationsApi`, blocking."""

    __slots__ = ()

    get_applications_list = blocking(ApplicationsApi.get_applications_list)
    get_application_settings = blocking(ApplicationsApi.get_application_settings)
    get_scopes = blocking(ApplicationsApi.get_scopes)

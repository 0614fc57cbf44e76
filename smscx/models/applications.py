"""Models of ``ApplicationsApi``: the account's OAuth applications and their settings (the
vendor's ``api/ApplicationsApi.md``).

The vendor names the settings of each channel ``Sms``, ``Viber`` ...; here they end in
``AppSettings`` (``SmsAppSettings``), which says what they are beside the send models.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from ._common import _Model, _Result


@attrs.frozen(kw_only=True)
class DataApplicationsList(_Model):
    """An OAuth application: its id and secret (the credentials of ``/oauth/token``), its
    scopes (space-separated) and how long its tokens live.

    The secret is left out of the ``repr``.
    """

    id: int
    application_id: str
    application_secret: str = attrs.field(repr=False)
    application_name: str
    scopes: str
    token_expiration: str
    created_at: str


@attrs.frozen(kw_only=True)
class ApplicationsListResponse(_Result):
    """Result of ``get_applications_list``: the applications, most recent first."""

    data: list[DataApplicationsList]


@attrs.frozen(kw_only=True)
class QuietHours(_Model):
    """The daily interval (``HH:MM``, destination time) in which messages are held back
    until ``stop``."""

    start: str
    stop: str


@attrs.frozen(kw_only=True)
class TransliterationAppSettings(_Model):
    """The transliteration an SMS gets when its request does not ask for one."""

    alphabet: str
    remove_emojis: bool = False


@attrs.frozen(kw_only=True)
class SmsAppSettings(_Model):
    """SMS defaults: the sender forced on every message (if any), callbacks, quiet hours and
    transliteration."""

    enforce_originator: str | None
    dlr_callback: str | None
    receive_callback: str | None
    quiet_hours: QuietHours
    transliteration: TransliterationAppSettings


@attrs.frozen(kw_only=True)
class ViberAppSettings(_Model):
    """Viber defaults: callbacks and quiet hours."""

    dlr_callback: str | None
    receive_callback: str | None
    quiet_hours: QuietHours


@attrs.frozen(kw_only=True)
class WhatsappAppSettings(_Model):
    """WhatsApp defaults: callbacks and quiet hours."""

    dlr_callback: str | None
    receive_callback: str | None
    quiet_hours: QuietHours


@attrs.frozen(kw_only=True)
class MultichannelAppSettings(_Model):
    """Multichannel defaults: callbacks, quiet hours, and each step's ``ttl`` (seconds)."""

    dlr_callback: str | None
    receive_callback: str | None
    quiet_hours: QuietHours
    ttl: int
    expire_after_ttl: bool


@attrs.frozen(kw_only=True)
class ShortlinksAppSettings(_Model):
    """Where ``shortlink_hit`` callbacks go."""

    shortlinks_callback: str | None


@attrs.frozen(kw_only=True)
class AttachmentsAppSettings(_Model):
    """Where ``attachment_hit`` callbacks go."""

    attachments_callback: str | None


@attrs.frozen(kw_only=True)
class OptoutsAppSettings(_Model):
    """Where opt-out callbacks go."""

    optouts_callback: str | None


@attrs.frozen(kw_only=True)
class LookupAppSettings(_Model):
    """Where ``number_lookup`` callbacks go."""

    lookup_callback: str | None


@attrs.frozen(kw_only=True)
class OtpAppSettings(_Model):
    """What an OTP request falls back on for what it leaves out."""

    template: str
    from_: str
    pin_type: str
    pin_length: int
    ttl: int
    max_attempts: int
    otp_callback: str | None


@attrs.frozen(kw_only=True)
class AppSettings(_Model):
    """An application's settings, by channel and feature (the vendor's ``Settings``)."""

    sms: SmsAppSettings
    viber: ViberAppSettings
    whatsapp: WhatsappAppSettings
    multichannel: MultichannelAppSettings
    shortlinks: ShortlinksAppSettings
    attachments: AttachmentsAppSettings
    optouts: OptoutsAppSettings
    lookup: LookupAppSettings
    otp: OtpAppSettings


@attrs.frozen(kw_only=True)
class ApplicationSettingsResponse(_Result):
    """Result of ``get_application_settings``: one application and all its settings."""

    application_id: str
    name: str
    scopes: str
    token_expiration: str
    settings: AppSettings


@attrs.frozen(kw_only=True)
class Scopes(_Result):
    """Result of ``get_scopes``: the scopes an application may be given (the body is the
    bare list)."""

    #: The body is the list itself (no ``scopes`` key on the wire).
    _WIRE_ROOT: ClassVar[str] = "scopes"

    scopes: list[str]

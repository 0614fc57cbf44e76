"""Models of ``OriginatorsApi``: the account's sender ids (the vendor's
``api/OriginatorsApi.md``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._common import _Model, _Request, _Result


@attrs.frozen(kw_only=True)
class OriginatorNewRequest(_Request):
    """Body of ``POST /originators``: a sender id to submit for approval.

    Letters and digits only: 3 to 11 characters with a letter, 3 to 15 digits otherwise.
    """

    originator: str


@attrs.frozen(kw_only=True)
class TwoWay(_Model):
    """Two-way messaging on an originator: the number's type (VLN, short code, 10DLC), its
    country and when its subscription ends (UTC). An originator without two-way messaging
    has ``two_way`` ``None``."""

    type: str
    country_iso: str
    expire_date: datetime


@attrs.frozen(kw_only=True)
class DataOriginatorsList(_Model):
    """One originator (sender id) of the account: what ``from_`` may be in a send."""

    id: int
    originator: str
    is_default: bool
    approved: bool
    created_at: datetime
    two_way: TwoWay | None = None


@attrs.frozen(kw_only=True)
class OriginatorsListResponse(_Result):
    """Result of ``get_originators_list``: every originator of the account."""

    data: list[DataOriginatorsList]


@attrs.frozen(kw_only=True)
class InfoOriginator(_Model):
    """An originator created or deleted: its id and name."""

    id: int
    originator: str


@attrs.frozen(kw_only=True)
class OriginatorNewResponse(_Result):
    """Result of ``create_originator`` and ``delete_originator``."""

    info: InfoOriginator

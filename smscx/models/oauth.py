"""Models of ``OauthApi``: the access token an OAuth application's credentials buy."""

from __future__ import annotations

import attrs

from ._common import _Result


@attrs.frozen(kw_only=True)
class OauthTokenResponse(_Result):
    """An access token (``get_access_token``). The token is a credential: it is left out of
    the repr, so that printing or logging the result shows nothing usable."""

    access_token: str = attrs.field(repr=False)
    #: Seconds the token stays valid.
    expires_in: int
    #: The scopes granted, space-delimited.
    scope: str
    token_type: str = "Bearer"

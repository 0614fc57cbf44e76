"""``OriginatorsApi``: the sender ids (``from``) of the account."""

from __future__ import annotations

from smscx._migration import migration_hints
from smscx._pipeline import Endpoint
from smscx._validation import given, request_from
from smscx.models import OriginatorNewRequest, OriginatorNewResponse, OriginatorsListResponse

from ._namespace import BlockingNamespace, Namespace, blocking

__all__ = ["BlockingOriginatorsApi", "OriginatorsApi"]

GET_ORIGINATORS_LIST = Endpoint("GET", "/originators", OriginatorsListResponse)
CREATE_ORIGINATOR = Endpoint(
    "POST", "/originators", OriginatorNewResponse, OriginatorNewRequest, creates=True
)
DELETE_ORIGINATOR = Endpoint(
    "DELETE", "/originators/{id}", OriginatorNewResponse, id_field="originatorId", id_kind="int"
)


class OriginatorsApi(Namespace):
    """The sender ids (``client.originators``): the vendor's ``OriginatorsApi``.

    ::

        created = await client.originators.create_originator(originator="MyShop")
        for originator in (await client.originators.get_originators_list()).data:
            print(originator.id, originator.originator, originator.approved)
    """

    __slots__ = ()

    @migration_hints
    async def get_originators_list(self) -> OriginatorsListResponse:
        """Every originator of the account, with its approval: ``GET /originators``."""
        return await self._call(GET_ORIGINATORS_LIST)

    @migration_hints
    async def create_originator(
        self, request: OriginatorNewRequest | None = None, /, *, originator: str | None = None
    ) -> OriginatorNewResponse:
        """Submit a sender id for approval: ``POST /originators``.

        Letters and digits only (3 to 11 characters with a letter, 3 to 15 digits): other
        names are a :class:`~smscx.ValidationError` before sending; one that exists is an
        :class:`~smscx.InvalidRequestError` with code 1306. Retried like every call: if an
        attempt's outcome was unknown and a retry then gets 1306, the error has
        ``maybe_sent=True`` (that attempt most likely created it).
        """
        body = request_from(OriginatorNewRequest, request, given(originator=originator))
        return await self._call(CREATE_ORIGINATOR, body=body)

    @migration_hints
    async def delete_originator(self, originator_id: int) -> OriginatorNewResponse:
        """Delete an originator by its id: ``DELETE /originators/{originatorId}``.

        An unknown id is a :class:`~smscx.NotFoundError` (1300); after an attempt of unknown
        outcome, one with ``maybe_sent=True`` (that attempt most likely deleted it).
        """
        return await self._call(DELETE_ORIGINATOR, path_id=originator_id)


class BlockingOriginatorsApi(BlockingNamespace):
    """``SmsClient.originators``: :class:`~smscx.OriginatorsApi`, blocking."""

    __slots__ = ()

    get_originators_list = blocking(OriginatorsApi.get_originators_list)
    create_originator = blocking(OriginatorsApi.create_originator)
    delete_originator = blocking(OriginatorsApi.delete_originator)

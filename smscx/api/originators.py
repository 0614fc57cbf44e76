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
        """Every originator of the account, with its approval: ``GET /originators``.
        **Not charged**.

        :returns: The originators, most recent first (``data``): ``id``, ``originator``,
            ``approved``, ``is_default``.
        :raises APIStatusError: An error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_ORIGINATORS_LIST)

    @migration_hints
    async def create_originator(
        self, request: OriginatorNewRequest | None = None, /, *, originator: str | None = None
    ) -> OriginatorNewResponse:
        """Submit a sender id for approval: ``POST /originators``. **Not charged**.

        Letters and digits only (3 to 11 characters with a letter, 3 to 15 digits): other
        names are a :class:`~smscx.ValidationError` before sending; one that exists is an
        :class:`~smscx.InvalidRequestError` with code 1306. Retried like every call: if an
        attempt's outcome was unknown and a retry then gets 1306, the error has
        ``maybe_sent=True`` (that attempt most likely created it).

        :param request: A :class:`~smscx.models.OriginatorNewRequest` instead of
            ``originator`` (or the vendor's ``smscx_client`` model of that name); never
            both.
        :param originator: The sender id: letters and digits only, 3 to 11 characters with
            a letter, or 3 to 15 digits. Required.
        :returns: The originator submitted (``info.id``, ``info.originator``), to be approved.
        :raises ValidationError: Before anything is sent: no originator (1301), a character
            other than a letter or a digit (1303), a length out of range (1304, 1305).
        :raises InvalidRequestError: The account has this originator already (1306).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        body = request_from(OriginatorNewRequest, request, given(originator=originator))
        return await self._call(CREATE_ORIGINATOR, body=body)

    @migration_hints
    async def delete_originator(self, originator_id: int) -> OriginatorNewResponse:
        """Delete an originator by its id: ``DELETE /originators/{originatorId}``.
        **Not charged**.

        An unknown id is a :class:`~smscx.NotFoundError` (1300); after an attempt of unknown
        outcome, one with ``maybe_sent=True`` (that attempt most likely deleted it).

        :param originator_id: The originator's id (a whole number, ``id`` in
            :meth:`get_originators_list`).
        :returns: The originator deleted (``info.id``, ``info.originator``).
        :raises ValidationError: Before anything is sent: ``originator_id`` is not a whole
            number of at least 1.
        :raises NotFoundError: No originator of the account has this id (1300); with
            ``maybe_sent=True``, an earlier attempt most likely deleted it.
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(DELETE_ORIGINATOR, path_id=originator_id)


class BlockingOriginatorsApi(BlockingNamespace):
    """``SmsClient.originators``: :class:`~smscx.OriginatorsApi`, blocking."""

    __slots__ = ()

    get_originators_list = blocking(OriginatorsApi.get_originators_list)
    create_originator = blocking(OriginatorsApi.create_originator)
    delete_originator = blocking(OriginatorsApi.delete_originator)

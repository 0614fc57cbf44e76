"""``NumbersApi``: phone number validation (lookup and rental are not covered yet)."""

from __future__ import annotations

from collections.abc import Iterable

from smscx._migration import migration_hints
from smscx._pipeline import Endpoint
from smscx._validation import given, request_from
from smscx.models import NumbersValidateRequest, NumbersValidateResponse, NumberValidateResponse

from ._base import Resource

__all__ = ["NumbersApi"]

VALIDATE_NUMBER = Endpoint(
    "GET",
    "/numbers/validate/{id}",
    NumberValidateResponse,
    id_field="phoneNumber",
    id_kind="phone",
)
VALIDATE_NUMBERS = Endpoint(
    "POST", "/numbers/validate", NumbersValidateResponse, NumbersValidateRequest
)


class NumbersApi(Resource):
    """Phone numbers (``client.numbers``): the vendor's ``NumbersApi``, validation so far.

    ::

        valid = await client.numbers.validate_number("+33612345678")
        print(valid.data.country_iso, valid.data.network_operator)
    """

    __slots__ = ()

    @migration_hints
    async def validate_number(self, phone_number: str) -> NumberValidateResponse:
        """Validate one number in E.164 (the ``+`` may be left out):
        ``GET /numbers/validate/{phoneNumber}``. Not charged.

        An invalid number is an :class:`~smscx.InvalidPhoneNumberError` (1207).
        """
        return await self._call(VALIDATE_NUMBER, path_id=phone_number)

    @migration_hints
    async def validate_numbers(
        self,
        request: NumbersValidateRequest | None = None,
        /,
        *,
        phone_numbers: str | Iterable[str] | None = None,
        country_iso: str | None = None,
    ) -> NumbersValidateResponse:
        """Validate up to 40,000 numbers at once: ``POST /numbers/validate``. Not charged.

        Every number is answered, in the order given, invalid ones with ``invalid=True``.
        """
        numbers = [phone_numbers] if isinstance(phone_numbers, str) else phone_numbers
        fields = given(phone_numbers=numbers, country_iso=country_iso)
        body = request_from(NumbersValidateRequest, request, fields)
        return await self._call(VALIDATE_NUMBERS, body=body)

"""Conformance with a client none of us wrote: the vendor's generated ``smscx-client``.

It validates responses against the API's OpenAPI models (required fields, types, UUID
patterns, enums), so a 200 it accepts is a response the real API could have sent.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smscx.testing import Emulator

smscx_client = pytest.importorskip("smscx_client")
from smscx_client.api import sms_api  # noqa: E402
from smscx_client.exceptions import InvalidPhoneNumberException  # noqa: E402
from smscx_client.model.send_sms_message_request import SendSmsMessageRequest  # noqa: E402
from smscx_client.model.send_sms_request_estimate import SendSmsRequestEstimate  # noqa: E402

pytestmark = pytest.mark.integration

FR = "+33612345678"


@pytest.fixture
def vendor() -> Iterator[tuple[Emulator, sms_api.SmsApi]]:
    emulator = Emulator()
    with emulator.serve_sync() as url:
        configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
        with smscx_client.ApiClient(configuration) as api_client:
            yield emulator, sms_api.SmsApi(api_client)


def test_vendor_client_sends(vendor: tuple[Emulator, sms_api.SmsApi]) -> None:
    emulator, api = vendor
    response = api.send_sms(SendSmsMessageRequest(to=[FR], _from="InfoText", text="Hello"))
    assert response.data[0].to == FR
    assert response.data[0].status == "ACCEPTED"
    assert len(emulator.ledger.sends()) == 1


def test_vendor_client_estimates(vendor: tuple[Emulator, sms_api.SmsApi]) -> None:
    emulator, api = vendor
    response = api.estimate_sms(SendSmsRequestEstimate(to=[FR], _from="InfoText", text="Hi"))
    assert response.info.total_cost == 0.065
    assert emulator.ledger.charges == ()


def test_vendor_client_gets_its_invalid_phone_number_exception(
    vendor: tuple[Emulator, sms_api.SmsApi],
) -> None:
    _, api = vendor
    with pytest.raises(InvalidPhoneNumberException):
        api.send_sms(SendSmsMessageRequest(to=["+3361"], _from="InfoText", text="Hello"))


def test_vendor_client_decodes_a_transliteration_analysis(
    vendor: tuple[Emulator, sms_api.SmsApi],
) -> None:
    # Its schema types totalCostSaved as an int, and its client checks: a float failed with
    # ApiTypeError ("Invalid type for variable 'total_cost_saved'").
    from smscx_client.model.transliteration import Transliteration

    _, api = vendor
    response = api.send_sms(
        SendSmsMessageRequest(
            to=["+33612345678"],
            _from="InfoText",
            text="ł" * 100,
            transliteration=Transliteration(alphabet="NON_GSM", remove_emojis=False),
        )
    )
    assert response.info.transliteration_analysis.total_parts_saved == 1

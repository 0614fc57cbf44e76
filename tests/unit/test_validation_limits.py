"""Refused before sending: a text that cannot fit 10 parts, a ``track_data`` the API would
silently drop; and every message names the keyword the caller wrote (``from_``,
``pin_length``), not the API's spelling of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from smscx import AsyncSmsClient, Transliteration, ValidationError
from tests.helpers import Recorder, send_response

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., AsyncSmsClient]
SEND: dict[str, Any] = {"to": ["+33612345678"], "from_": "InfoText"}


async def _refused(make_client: MakeClient, **fields: Any) -> ValidationError:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        with pytest.raises(ValidationError) as info:
            await client.send_sms(**{**SEND, **fields})
    assert recorder.requests == []  # nothing sent, nothing billed
    return info.value


async def _sent(make_client: MakeClient, **fields: Any) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        await client.send_sms(**{**SEND, **fields})
    assert len(recorder.requests) == 1


@pytest.mark.parametrize(
    ("longest", "too_long"),
    [("a" * 1530, "a" * 1531), ("ж" * 670, "ж" * 671), ("€" * 760, "€" * 761)],
    ids=["gsm7", "unicode", "gsm7-extension"],
)
async def test_a_text_past_ten_parts_is_refused_and_ten_parts_are_sent(
    make_client: MakeClient, longest: str, too_long: str
) -> None:
    await _sent(make_client, text=longest)
    error = await _refused(make_client, text=too_long)
    assert error.field == "text"
    assert "at most 10" in error.message


async def test_a_50000_character_text_is_refused_not_billed_as_327_parts(
    make_client: MakeClient,
) -> None:
    error = await _refused(make_client, text="a" * 50_000)
    assert "327 message parts" in error.message


async def test_placeholders_are_measured_only_for_what_is_sure(make_client: MakeClient) -> None:
    # Without its placeholders the text fits: what they fill in is the API's to judge.
    await _sent(make_client, text="a" * 1500 + " {{optoutLink}} {{numbers:20}}")
    # Too long even if every placeholder filled in nothing: refused, and said so.
    error = await _refused(make_client, text="a" * 1531 + " {{optoutLink}}")
    assert "without its placeholders" in error.message


async def test_a_text_to_transliterate_is_left_to_the_api(make_client: MakeClient) -> None:
    # Transliterated, 700 Cyrillic letters may fit GSM-7's 10 parts: not refused here.
    await _sent(make_client, text="ж" * 700, transliteration=Transliteration(alphabet="NON_GSM"))


async def test_a_track_data_that_is_not_a_uuid_is_refused_with_why(
    make_client: MakeClient,
) -> None:
    error = await _refused(make_client, text="Hi", track_data="order-42")
    assert error.field == "trackData"
    assert error.message.startswith("`track_data` must be a UUID (v1-v5)")
    assert "silently drops" in error.message
    await _sent(make_client, text="Hi", track_data="0b57f5bc-5ce0-4b1b-9a3c-e6a0b47f0d1f")


async def test_messages_name_the_keyword_the_caller_wrote(make_client: MakeClient) -> None:
    sender = await _refused(make_client, from_="ab", text="Hi")
    assert sender.message.startswith("`from_` must be 3 to 15 characters")
    assert sender.field == "from"  # the API's spelling stays on .field
    url = await _refused(make_client, text="Hi", dlr_callback_url="not a url")
    assert url.message.startswith("`dlr_callback_url` must be")
    async with make_client(Recorder(send_response)) as client:
        with pytest.raises(ValidationError) as info:
            await client.otp.new_otp(
                phone_number="+33612345678", from_="InfoText", country_iso="FR", pin_length=99
            )
        with pytest.raises(ValidationError) as by_id:
            await client.delete_scheduled_sms("not-a-uuid")
    assert info.value.message.startswith("`pin_length` must be at most")
    assert by_id.value.message.startswith("`msg_id` must be a UUID")

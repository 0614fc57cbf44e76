"""``client.reports`` (the vendor's ReportsApi) against the emulator, on every stack and face.

Every message sent is in the reports with the status its delivery report gave it, after
``dlr_delay``, whether or not the send named a callback URL; a campaign of 1,200 messages
read 500 at a time is exactly 1,200 distinct messages in three pages, on both faces.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import anyio
import pytest

from smscx import (
    ErrorCode,
    InvalidRequestError,
    NotFoundError,
    SmsClient,
    ValidationError,
)
from smscx.testing import Contact, Emulator, Group, ManualClock
from tests.served import client_on
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

FR = [f"+336{n:08d}" for n in range(1_200)]
BIG = Group(9, "Twelve hundred", tuple(Contact(number) for number in FR))
TODAY = datetime.now(timezone.utc).strftime("%Y-%m")


def _emulator(**options: object) -> Emulator:
    options.setdefault("dlr_delay", 0.05)
    options.setdefault("groups", [BIG])
    return Emulator(**options)  # type: ignore[arg-type]


@pytest.fixture
async def served() -> AsyncIterator[tuple[Emulator, str]]:
    emulator = _emulator(dlr_outcome={FR[1]: ("FAILED", 4001), FR[2]: None})
    async with emulator.serve() as url:
        yield emulator, url


@pytest.fixture
def served_sync() -> Iterator[tuple[Emulator, str]]:
    emulator = _emulator()
    with emulator.serve_sync() as url:
        yield emulator, url


async def _settle(seconds: float = 0.15) -> None:
    await anyio.sleep(seconds)


async def test_a_message_reads_accepted_then_its_delivery_reports_status_without_a_callback(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        sent = await client.send_sms(to=[*FR[:3], "+8501912345678"], from_="Shop", text="Hi")
        ids = [m.msg_id for m in sent.data]
        before = [(await client.reports.get_single_report(i)).data for i in ids]
        await _settle()
        after = [(await client.reports.get_single_report(i)).data for i in ids]
    assert [r.status for r in before] == ["ACCEPTED", "ACCEPTED", "ACCEPTED", "NO COVERAGE"]
    assert [r.status for r in after] == ["DELIVERED", "FAILED", "SENT", "NO COVERAGE"]
    assert [r.error_code for r in after] == [None, 4001, None, None]
    assert [r.is_final for r in after] == [True, True, False, True]
    assert after[0].updated_at is not None
    assert after[0].updated_at >= after[0].created_at
    assert after[0].cost == sent.data[0].cost
    assert after[3].cost == 0
    # "Shop" is no approved originator: it went out as the default system sender.
    assert (after[0].text, after[0].from_, after[0].text_analysis.parts) == ("Hi", "InfoText", 1)


async def test_reports_and_callbacks_carry_the_same_outcome(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        sent = await client.send_sms(
            to=FR[:2], from_="Shop", text="Hi", dlr_callback_url="http://127.0.0.1:9/dlr"
        )
        callbacks = await emulator.wait_for_reports(2)
        reports = [(await client.reports.get_single_report(m.msg_id)).data for m in sent.data]
    by_id = {c.msg_id: (c.status, c.error_code) for c in callbacks}
    assert {r.msg_id: (r.status, r.error_code) for r in reports} == by_id


async def test_a_scheduled_message_is_scheduled_until_the_clock_passes_it() -> None:
    clock = ManualClock(datetime(2030, 1, 1, 9, tzinfo=timezone.utc).timestamp())
    emulator = _emulator(clock=clock, dlr_delay=1)
    async with emulator.client() as client:
        sent = await client.send_sms(
            to=FR[:1],
            from_="Shop",
            text="Later",
            scheduled_date=datetime(2030, 1, 1, 10, tzinfo=timezone.utc),
        )
        msg_id = sent.data[0].msg_id
        first = (await client.reports.get_single_report(msg_id)).data.status
        clock.advance(3600)
        gone_out = (await client.reports.get_single_report(msg_id)).data.status
        clock.advance(1)
        reported = (await client.reports.get_single_report(msg_id)).data
    assert (first, gone_out, reported.status) == ("SCHEDULED", "ACCEPTED", "DELIVERED")
    assert reported.scheduled_at == datetime(2030, 1, 1, 10, tzinfo=timezone.utc)


async def test_a_deleted_scheduled_message_is_not_in_the_reports() -> None:
    emulator = _emulator()
    async with emulator.client() as client:
        sent = await client.send_sms(
            to=FR[:1],
            from_="Shop",
            text="Later",
            scheduled_date=datetime.now(timezone.utc) + timedelta(days=1),
        )
        await client.delete_scheduled_sms(sent.data[0].msg_id)
        with pytest.raises(NotFoundError) as gone:
            await client.reports.get_single_report(sent.data[0].msg_id)
    assert gone.value.code == ErrorCode.REPORT_NOT_FOUND


async def test_a_campaign_of_1200_read_500_at_a_time_is_3_pages_of_distinct_messages(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        sent = await client.send_sms_campaign(
            groups=[9], from_="Shop", text="Hi", short_response=True
        )
        campaign = sent.info.campaign_id
        first = await client.reports.get_campaign_report(campaign, limit=500)
        pages = [first]
        while (following := await pages[-1].next_page()) is not None:
            pages.append(following)
        walked = [m async for m in client.reports.get_campaign_report(campaign, limit=500)]
        back = await client.reports.get_campaign_report(
            campaign, limit=500, previous=pages[1].paging.previous
        )
        listed = [c async for c in client.reports.get_campaigns_list()]
        with_status = await client.reports.get_campaigns_list(delivery_reports=True)
    assert [len(p.data) for p in pages] == [500, 500, 200]
    assert listed[0].status is None  # data.status only when delivery_reports is true
    assert with_status.data[0].status is not None
    assert with_status.data[0].status.accepted + with_status.data[0].status.delivered > 0
    assert len({m.msg_id for m in walked}) == len(walked) == 1_200
    assert {m.to for m in walked} == set(FR)
    assert [m.to for m in walked] == [m.to for m in emulator.ledger.campaign(campaign)]
    assert [m.msg_id for m in back.data] == [m.msg_id for m in first.data]
    assert first.info.total_phone_numbers == 1_200
    assert first.info.campaign_name == "Twelve hundred"
    assert first.info.total_cost == pytest.approx(sent.info.total_cost)
    assert [c.id for c in listed] == [campaign]
    assert (listed[0].total_phone_numbers, listed[0].groups[0].id) == (1_200, 9)


async def test_the_advanced_report_filters_and_totals(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        await client.send_sms(to=[*FR[:3], "+447400123456"], from_="Shop", text="Hi")
        await _settle()
        everything = await client.reports.get_advanced_report(TODAY)
        failed = await client.reports.get_advanced_report(TODAY, delivery_report="failed")
        british = await client.reports.get_advanced_report(
            start_date=date.today(), end_date=date.today(), country_iso="gb"
        )
        totals = await client.reports.get_advanced_report(TODAY, short_response=True)
        last_year = await client.reports.get_advanced_report(str(date.today().year - 1))
        summary = await client.reports.get_summary_reports("delivery", TODAY)
        countries = await client.reports.get_summary_reports("country", TODAY)
    assert everything.info.total_phone_numbers == 4 == len(everything.data)
    assert [m.to for m in failed.data] == [FR[1]]
    assert [m.to for m in british.data] == ["+447400123456"]
    assert (totals.data, totals.info.total_parts) == ([], 4)
    assert last_year.info.total_phone_numbers == 0
    today = summary.data[date.today().isoformat()]
    assert (today.delivered.parts, today.failed.parts, today.accepted.parts) == (2, 1, 1)
    assert countries.data["FR"].phone_numbers == 3
    assert countries.data["GB"].cost_parts == pytest.approx(0.037)


@pytest.fixture
async def quiet() -> AsyncIterator[tuple[Emulator, str]]:
    """Reports an hour away: every immediate send stays ACCEPTED whatever the test's speed."""
    emulator = Emulator(dlr_delay=3600)
    async with emulator.serve() as url:
        yield emulator, url


async def test_a_summary_by_delivery_is_keyed_by_day_and_split_by_status(
    quiet: tuple[Emulator, str], transport: Transport
) -> None:
    later = datetime.now(timezone.utc) + timedelta(days=1)
    async with client_on(quiet, transport) as client:
        await client.send_sms(to=FR[:3], from_="Shop", text="Hi")
        await client.send_sms(to=[FR[3]], from_="Shop", text="Later", scheduled_date=later)
        month = await client.reports.get_summary_reports("delivery", TODAY)
    today = date.today()
    assert sorted(month.data)[0] == today.replace(day=1).isoformat()  # every day of the month
    row = month.data[today.isoformat()]
    assert (row.accepted.parts, row.delivered.parts, row.failed.parts) == (3, 0, 0)
    assert row.accepted.cost_parts == pytest.approx(3 * 0.065)
    assert (row.scheduled.parts, row.no_coverage.parts) == (1, 0)


async def test_a_summary_by_traffic_of_a_year_is_keyed_by_month(
    quiet: tuple[Emulator, str], transport: Transport
) -> None:
    year = str(date.today().year)
    async with client_on(quiet, transport) as client:
        await client.send_sms(to=FR[:2], from_="Shop", text="Hi")
        traffic = await client.reports.get_summary_reports("traffic", year)
    assert list(traffic.data) == [f"{year}-{m:02d}" for m in range(1, 13)]
    assert traffic.data[TODAY].phone_numbers == 2
    assert sum(v.phone_numbers for v in traffic.data.values()) == 2


async def test_summary_rows_by_source_and_channel_carry_their_value(
    quiet: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(quiet, transport) as client:
        await client.send_sms(to=FR[:1], from_="Shop", text="Hi")
        source = await client.reports.get_summary_reports("source", TODAY)
        channel = await client.reports.get_summary_reports("channel", TODAY)
    assert {k: v.value for k, v in source.data.items()} == {"api": "api"}
    assert {k: v.value for k, v in channel.data.items()} == {"sms": "sms"}


async def test_a_summary_keeps_to_its_limit_and_is_empty_without_traffic(
    quiet: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(quiet, transport) as client:
        nothing = await client.reports.get_summary_reports("delivery", TODAY)
        await client.send_sms(to=FR[:1], from_="Shop", text="Hi")
        three = await client.reports.get_summary_reports("delivery", TODAY, limit=3)
    assert nothing.data == {}
    assert len(three.data) == 3


async def test_every_error_row_the_emulator_can_be_made_to_answer(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    reports_of = {
        1820: {"period": "2026-13"},
        1821: {"start_date": "2026-02-30", "end_date": "2026-03-01"},
        1822: {"start_date": "2026-03-01", "end_date": "yesterday"},
        1823: {"start_date": "2026-03-02", "end_date": "2026-03-01"},
        1825: {"period": "2026", "source": "pigeon"},
        1826: {"period": "2026", "delivery_report": "lost"},
        1827: {"period": "2026", "country_iso": "XX"},
        1828: {"period": "2026", "channel": "fax"},
    }
    async with client_on(served, transport) as client:
        codes = {}
        for code, query in reports_of.items():
            call = (
                client.reports.export_advanced_report_to_csv(**query)
                if code == 1828
                else client.reports.get_advanced_report(**query)
            )
            with pytest.raises(InvalidRequestError) as raised:
                await call
            codes[code] = raised.value.code
        with pytest.raises(NotFoundError) as unknown_campaign:
            await client.reports.get_campaign_report("3328fe13-2b99-4282-b62e-d891f5e452a8")
        with pytest.raises(NotFoundError) as unknown_message:
            await client.reports.get_single_report("3328fe13-2b99-4282-b62e-d891f5e452a8")
        with pytest.raises(NotFoundError) as unknown_export:
            await client.reports.export_campaign_report_to_csv(
                "3328fe13-2b99-4282-b62e-d891f5e452a8"
            )
        with pytest.raises(InvalidRequestError, match="cursor"):
            await client.reports.get_advanced_report(TODAY, next="not-a-cursor")
    assert codes == {code: code for code in reports_of}
    assert unknown_campaign.value.code == ErrorCode.CAMPAIGN_NOT_FOUND
    assert unknown_message.value.code == ErrorCode.REPORT_NOT_FOUND
    assert unknown_export.value.code == ErrorCode.REPORT_NOT_FOUND


async def test_what_the_api_would_refuse_is_refused_before_sending() -> None:
    emulator = _emulator()
    async with emulator.client() as client:
        with pytest.raises(ValidationError) as no_dates:
            await client.reports.get_advanced_report(start_date="2026-01-01")
        with pytest.raises(ValidationError) as bad_id:
            await client.reports.get_single_report("not-a-uuid")
        with pytest.raises(ValidationError) as bad_campaign:
            await client.reports.get_campaign_report("not-a-uuid")
        with pytest.raises(ValidationError) as bad_dimension:
            await client.reports.get_summary_reports("weather", "2026")
    assert no_dates.value.code == ErrorCode.REPORT_DATES_MISSING
    assert bad_id.value.code == ErrorCode.REPORT_ID_INVALID
    assert bad_campaign.value.code == ErrorCode.CAMPAIGN_ID_INVALID
    assert bad_dimension.value.code == ErrorCode.REPORT_DIMENSION_INVALID
    assert emulator.ledger.charges == ()


async def test_exports_as_text_bytes_and_streamed_to_files(
    quiet: tuple[Emulator, str], transport: Transport, tmp_path: Path
) -> None:
    # Reports an hour away: no status changes between two exports compared byte for byte.
    async with client_on(quiet, transport) as client:
        sent = await client.send_sms(to=FR[:3], from_="Shop", text="Hi, there")
        campaign = sent.info.campaign_id
        text = await client.reports.export_campaign_report_to_csv(campaign)
        workbook = await client.reports.export_campaign_report_to_xlsx(campaign)
        path = tmp_path / "report.csv"
        written = await client.reports.export_advanced_report_to_csv(TODAY, to=path)
        memory = io.BytesIO(b"kept:")
        memory.seek(0, io.SEEK_END)
        to_file = await client.reports.export_campaign_report_to_xlsx(campaign, to=memory)
        async with await anyio.open_file(tmp_path / "async.csv", "wb") as handle:
            to_async = await client.reports.export_campaign_report_to_csv(campaign, to=handle)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["to"] for r in rows] == FR[:3]
    assert rows[0]["text"] == "Hi, there"
    assert rows[0]["campaignId"] == campaign
    assert written == path.stat().st_size
    assert path.read_text().startswith("msgId,")
    with zipfile.ZipFile(io.BytesIO(workbook)) as book:
        assert "xl/worksheets/sheet1.xml" in book.namelist()
        assert FR[0] in book.read("xl/worksheets/sheet1.xml").decode()
    assert memory.getvalue() == b"kept:" + workbook
    assert to_file == len(workbook)
    assert (tmp_path / "async.csv").read_bytes().decode() == text
    assert to_async == len(text)


def test_the_blocking_face_reads_the_same_reports(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        sent = client.send_sms_campaign(groups=[9], from_="Shop", text="Hi", short_response=True)
        page = client.reports.get_campaign_report(sent.info.campaign_id, limit=500)
        walked = [m.msg_id for m in page]
        second = page.next_page()
        single = client.reports.get_single_report(walked[0])
        summary = client.reports.get_summary_reports("country", TODAY)
        text = client.reports.export_campaign_report_to_csv(sent.info.campaign_id)
    assert len(page.data) == 500
    assert second is not None
    assert len(second.data) == 500
    assert len(walked) == len(set(walked)) == 1_200
    assert single.data.msg_id == walked[0]
    assert summary.data["FR"].phone_numbers == 1_200
    assert len(text.splitlines()) == 1_201


def test_the_vendors_client_decodes_the_emulators_reports(
    served_sync: tuple[Emulator, str],
) -> None:
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import reports_api

    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as ours:
        sent = ours.send_sms_campaign(groups=[9], from_="Shop", text="Hi", short_response=True)
        single = ours.send_sms(to=FR[:1], from_="Shop", text="Hello")
    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = reports_api.ReportsApi(smscx_client.ApiClient(configuration))
    campaign = api.get_campaign_report(sent.info.campaign_id, limit=2)
    assert len(campaign.data) == 2
    assert campaign.paging.next
    assert api.get_single_report(single.data[0].msg_id).data.to == FR[0]
    assert len(api.get_campaigns_list().data) == 1
    year = str(date.today().year)
    assert api.get_advanced_report(year, "2026-01-01", "2026-12-31", limit=3).info
    # The package cannot decode any summary (a oneOf of five identical shapes: "multiple
    # oneOf schemas matched"), so its raw answer is checked against the documented shape.
    raw = api.get_summary_reports(
        "country", year, "2026-01-01", "2026-12-31", _preload_content=False
    )
    row = json.loads(raw.data)["data"]["FR"]
    assert set(row) == {"phoneNumbers", "parts", "costParts"}
    raw = api.get_summary_reports("delivery", year, "", "", _preload_content=False)
    days = json.loads(raw.data)["data"]
    assert set(days[f"{year}-01"]) == {"accepted", "delivered", "failed", "scheduled", "noCoverage"}
    assert set(days[f"{year}-01"]["accepted"]) == {"parts", "costParts"}
    assert api.export_campaign_report_to_csv(sent.info.campaign_id).startswith("msgId")

"""The vendor's generated client downloads every export the emulator serves: CSV as text,
XLSX as a file (the package's ``file_type``), each the same bytes smscx gets."""

from __future__ import annotations

from typing import Any

import pytest

from smscx import SmsClient
from smscx.testing import Emulator
from tests.served import served_sync

__all__ = ["served_sync"]  # fixtures

pytestmark = pytest.mark.integration


def test_every_export_through_the_vendors_client(served_sync: tuple[Emulator, str]) -> None:
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import groups_api, numbers_api, optouts_api, reports_api

    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as ours:
        campaign = ours.send_sms_campaign(groups=[1], from_="Shop", text="Hi").info.campaign_id
        ours.optouts.add_contact_to_optouts_list(phone_numbers=["+4915123456789"])
        bulk = ours.numbers.lookup_numbers(phone_numbers=["+33612345678"]).info.lookup_bulk_id
        expected: dict[str, Any] = {
            "advanced csv": ours.reports.export_advanced_report_to_csv("2026"),
            "advanced xlsx": ours.reports.export_advanced_report_to_xlsx("2026"),
            "campaign csv": ours.reports.export_campaign_report_to_csv(campaign),
            "campaign xlsx": ours.reports.export_campaign_report_to_xlsx(campaign),
            "optouts csv": ours.optouts.export_optouts_to_csv(),
            "optouts xlsx": ours.optouts.export_optouts_to_xlsx(),
            "group csv": ours.groups.export_group_to_csv(1),
            "group xlsx": ours.groups.export_group_to_xlsx(1),
            "lookup csv": ours.numbers.export_number_lookup_report_to_csv(bulk),
            "lookup xlsx": ours.numbers.export_number_lookup_report_to_xlsx(bulk),
        }
    client = smscx_client.ApiClient(smscx_client.Configuration(host=url, api_key=emulator.api_key))
    reports = reports_api.ReportsApi(client)
    optouts = optouts_api.OptoutsApi(client)
    groups = groups_api.GroupsApi(client)
    numbers = numbers_api.NumbersApi(client)
    dates = ("2026", "2026-01-01", "2026-12-31")
    got = {
        "advanced csv": reports.export_advanced_report_to_csv(*dates),
        "advanced xlsx": reports.export_advanced_report_to_xlsx(*dates),
        "campaign csv": reports.export_campaign_report_to_csv(campaign),
        "campaign xlsx": reports.export_campaign_report_to_xlsx(campaign),
        "optouts csv": optouts.export_optouts_to_csv(),
        "optouts xlsx": optouts.export_optouts_to_xlsx(),
        "group csv": groups.export_group_to_csv(1),
        "group xlsx": groups.export_group_to_xlsx(1),
        "lookup csv": numbers.export_number_lookup_report_to_csv(bulk),
        "lookup xlsx": numbers.export_number_lookup_report_to_xlsx(bulk),
    }
    for name, answer in got.items():
        if name.endswith("xlsx"):
            with answer:
                answer = answer.read()
            assert answer[:2] == b"PK", name
        assert answer == expected[name], name

"""Every route the emulator serves, in one table: method, path template, handler.

``{}`` in a path is a parameter (``Call.params``, in order). The table is also what the
emulator's ``/openapi.json`` lists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from ._account import AccountService, pricing
from ._groups import GroupService
from ._lookup import LookupService
from ._optouts import OptoutService
from ._originators import OriginatorService
from ._otp import OtpService
from ._reports import ReportService
from ._routes import Call, Router
from ._sms import Reply, SmsService
from ._state import State
from ._validate import ValidationService

__all__ = ["Services", "build_router"]


def _bound(export: Callable[[str, str], Reply], kind: str) -> Callable[[Call], Reply]:
    """A handler calling ``export(kind, first path parameter)``."""
    return lambda call: export(kind, call.param)


def _with_query(
    export: Callable[[str, Mapping[str, str]], Reply], kind: str
) -> Callable[[Call], Reply]:
    """A handler calling ``export(kind, query)``."""
    return lambda call: export(kind, call.query)


def _nothing(call: Call) -> Reply:  # pragma: no cover - answered by the app itself
    raise AssertionError("answered by the app")


@attrs.frozen
class Services:
    """The emulator's services, each owning a part of the API."""

    state: State
    sms: SmsService
    account: AccountService
    originators: OriginatorService
    optouts: OptoutService
    validation: ValidationService
    reports: ReportService
    groups: GroupService
    otp: OtpService
    lookups: LookupService


def build_router(s: Services) -> Router:
    """The routing table over ``s``."""
    r = Router()
    # Answered by the app before credentials are asked for.
    r.add("GET", "/", "index", _nothing)
    r.add("GET", "/openapi.json", "openapi", _nothing)
    r.add("POST", "/oauth/token", "token", _nothing)
    # SmsApi (the seed's six routes).
    sms = s.sms
    r.add("POST", "/sms", "send_sms", lambda c: sms.send_sms(c.json(), estimate=False))
    r.add("POST", "/sms/estimate", "estimate_sms", lambda c: sms.send_sms(c.json(), estimate=True))
    r.add(
        "POST",
        "/sms/campaign",
        "send_campaign",
        lambda c: sms.send_campaign(c.json(), estimate=False),
    )
    r.add(
        "POST",
        "/sms/campaign/estimate",
        "estimate_campaign",
        lambda c: sms.send_campaign(c.json(), estimate=True),
    )
    r.add("DELETE", "/sms/scheduled/{}", "delete_message", lambda c: sms.delete_message(c.param))
    r.add(
        "DELETE",
        "/sms/scheduled/campaign/{}",
        "delete_campaign",
        lambda c: sms.delete_campaign(c.param),
    )
    # AccountApi.
    account, state = s.account, s.state
    r.add("GET", "/account/balance", "account_balance", lambda c: account.balance())
    r.add("GET", "/account/channels/status", "channels_status", lambda c: account.channels_status())
    r.add(
        "GET",
        "/account/pricing/{}/{}",
        "channel_pricing",
        lambda c: pricing(state, c.params[0], c.params[1], None),
    )
    r.add(
        "GET",
        "/account/pricing/{}/{}/{}",
        "channel_pricing_by_country",
        lambda c: pricing(state, *c.params),
    )
    # OriginatorsApi.
    originators = s.originators
    r.add("GET", "/originators", "originators", lambda c: originators.list())
    r.add("POST", "/originators", "create_originator", lambda c: originators.create(c.json()))
    r.add("DELETE", "/originators/{}", "delete_originator", lambda c: originators.delete(c.param))
    # OptoutsApi.
    optouts = s.optouts
    r.add("GET", "/optouts", "optouts", lambda c: optouts.list(c.query))
    r.add("POST", "/optouts", "add_optouts", lambda c: optouts.add(c.json()))
    r.add("DELETE", "/optouts/{}", "delete_optout", lambda c: optouts.delete(c.param))
    r.add("GET", "/optouts/csv", "export_optouts_csv", lambda c: optouts.export("csv"))
    r.add("GET", "/optouts/xlsx", "export_optouts_xlsx", lambda c: optouts.export("xlsx"))
    # NumbersApi: validation and lookups.
    validation, lookups = s.validation, s.lookups
    r.add(
        "POST",
        "/numbers/validate",
        "validate_numbers",
        lambda c: validation.validate_many(c.json()),
    )
    r.add(
        "GET", "/numbers/validate/{}", "validate_number", lambda c: validation.validate_one(c.param)
    )
    r.add("GET", "/numbers/lookup", "lookup_campaigns", lambda c: lookups.campaigns(c.query))
    r.add("POST", "/numbers/lookup", "lookup_numbers", lambda c: lookups.lookup_many(c.json()))
    r.add("GET", "/numbers/lookup/{}", "lookup_number", lambda c: lookups.lookup_one(c.param))
    r.add("GET", "/numbers/lookup/lookupId/{}", "single_lookup", lambda c: lookups.single(c.param))
    r.add(
        "GET",
        "/numbers/lookup/lookupBulkId/{}",
        "bulk_lookup",
        lambda c: lookups.bulk(c.param, c.query),
    )
    for kind in ("csv", "xlsx"):
        r.add(
            "GET",
            f"/numbers/lookup/lookupBulkId/{{}}/{kind}",
            f"export_lookup_{kind}",
            _bound(lookups.export, kind),
        )
    # ReportsApi.
    reports = s.reports
    r.add("GET", "/reports", "advanced_report", lambda c: reports.advanced(c.query))
    r.add("GET", "/reports/single/{}", "single_report", lambda c: reports.single(c.param))
    r.add("GET", "/reports/campaigns", "campaigns_list", lambda c: reports.campaigns(c.query))
    r.add(
        "GET",
        "/reports/campaigns/{}",
        "campaign_report",
        lambda c: reports.campaign(c.param, c.query),
    )
    r.add(
        "GET",
        "/reports/summary/{}",
        "summary_report",
        lambda c: reports.summary(c.param, c.query),
    )
    for kind in ("csv", "xlsx"):
        r.add(
            "GET",
            f"/reports/{kind}",
            f"export_report_{kind}",
            _with_query(reports.export_advanced, kind),
        )
        r.add(
            "GET",
            f"/reports/campaigns/{{}}/{kind}",
            f"export_campaign_{kind}",
            _bound(reports.export_campaign, kind),
        )
    # GroupsApi.
    groups = s.groups
    r.add("GET", "/groups", "groups", lambda c: groups.list())
    r.add("POST", "/groups", "create_group", lambda c: groups.create(c.json()))
    r.add("GET", "/groups/{}", "group_details", lambda c: groups.details(c.param, c.query))
    r.add("POST", "/groups/{}", "add_contacts", lambda c: groups.add(c.param, c.json()))
    r.add("DELETE", "/groups/{}", "delete_group", lambda c: groups.delete(c.param))
    r.add("GET", "/groups/{}/empty", "empty_group", lambda c: groups.empty(c.param))
    for kind in ("csv", "xlsx"):
        r.add("GET", f"/groups/{{}}/{kind}", f"export_group_{kind}", _bound(groups.export, kind))
    r.add(
        "DELETE",
        "/groups/{}/{}",
        "delete_contact",
        lambda c: groups.delete_contact(*c.params),
    )
    r.add(
        "PATCH",
        "/groups/{}/{}",
        "update_contact",
        lambda c: groups.update_contact(c.params[0], c.params[1], c.json()),
    )
    # OtpApi.
    otp = s.otp
    r.add("POST", "/otp", "new_otp", lambda c: otp.new(c.json()))
    r.add("GET", "/otp/{}", "otp_status", lambda c: otp.status(c.param))
    r.add("POST", "/otp/{}", "verify_otp", lambda c: otp.verify(c.param, c.json()))
    r.add("DELETE", "/otp/{}", "cancel_otp", lambda c: otp.cancel(c.param))
    # Emulator-only: what a phone would have received (for tests in another process).
    r.add(
        "GET",
        "/_emulator/messages",
        "emulator_messages",
        lambda c: sms.messages_to(c.query.get("to", "")),
    )
    return r

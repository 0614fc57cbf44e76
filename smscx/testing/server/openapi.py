"""The OpenAPI 3.0 document of what the emulator implements, served at ``/openapi.json``.

Written by hand from the seed and the API notes (there is no framework to derive it from),
so it describes the six SMS endpoints and ``/oauth/token`` in full (request and response
schemas, the error shape, the headers, both authentication schemes), and every other route
the emulator serves by its summary and the vendor model it answers.
"""

from __future__ import annotations

import functools
from typing import Any

from smscx._version import __version__
from smscx.testing.wire.codec import dumps
from smscx.text import ALPHABETS

__all__ = ["openapi_document", "openapi_json"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(required: list[str], **properties: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


_STR = {"type": "string"}
_INT = {"type": "integer"}
_NUM = {"type": "number", "format": "double"}
_BOOL = {"type": "boolean"}
_DATE = {"type": "string", "example": "2026-11-26 14:54:13"}
_UUID = {"type": "string", "format": "uuid"}

_RATE_HEADERS = {
    "X-Request-Id": {"schema": _STR},
    "X-Response-Time": {"schema": _STR},
    "X-Rate-Limit-Limit": {"schema": _INT},
    "X-Rate-Limit-Remaining": {"schema": _INT},
}


def _errors(*statuses: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for status in statuses:
        response: dict[str, Any] = {
            "description": str(status),
            "content": {"application/json": {"schema": _ref("Error")}},
        }
        if status == 429:
            response["headers"] = {**_RATE_HEADERS, "X-Rate-Limit-Reset": {"schema": _INT}}
        out[str(status)] = response
    return out


def _send_fields(*, campaign: bool, idempotent: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "from": {"type": "string", "minLength": 3, "maxLength": 15},
        "text": {"type": "string", "maxLength": 1530},
        "scheduledDate": _DATE,
        "isUtc": _BOOL,
        "dlrCallbackUrl": {"type": "string", "format": "uri"},
        "shortResponse": _BOOL,
        "noTextDetails": _BOOL,
        "showTimezone": _BOOL,
        "transliteration": _ref("Transliteration"),
    }
    if campaign:
        fields = {"groups": {"type": "array", "items": _INT, "minItems": 1}, **fields}
    else:
        fields = {
            "to": {"type": "array", "items": _STR, "minItems": 1, "maxItems": 25000},
            **fields,
            "countryIso": {"type": "string", "minLength": 2, "maxLength": 2},
            "allowInvalid": _BOOL,
            "trackData": _UUID,
        }
    if idempotent:
        fields["idempotencyId"] = _UUID
    return fields


def _endpoint(
    summary: str, request: str | None, response: str, *errors: int, idempotent: bool = False
) -> dict[str, Any]:
    headers = dict(_RATE_HEADERS)
    if idempotent:
        headers["X-Idempotency-Id"] = {"schema": _UUID}
    operation: dict[str, Any] = {
        "summary": summary,
        "security": [{"ApiKeyAuth": []}, {"BearerAuth": []}],
        "responses": {
            "200": {
                "description": "OK",
                "headers": headers,
                "content": {"application/json": {"schema": _ref(response)}},
            },
            **_errors(*errors, 401, 405, 429, 500),
        },
    }
    if request is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(request)}},
        }
    return operation


def _path_id(name: str) -> list[dict[str, Any]]:
    return [{"name": name, "in": "path", "required": True, "schema": _UUID}]


@functools.cache
def openapi_document() -> dict[str, Any]:
    """The document as a dict (built once)."""
    data_sms = _obj(
        ["msgId", "status", "statusCode", "errorCode", "createdAt", "inQuietHours", "cost"],
        msgId=_UUID,
        status={"type": "string", "enum": ["ACCEPTED", "SCHEDULED", "REJECTED", "NO COVERAGE"]},
        statusCode=_INT,
        errorCode={"type": "integer", "nullable": True},
        createdAt=_DATE,
        inQuietHours=_BOOL,
        cost=_NUM,
        to=_STR,
        countryIso=_STR,
        **{"from": _STR},
        text=_STR,
        parts=_INT,
        textAnalysis=_obj(["length", "unicode", "parts"], length=_INT, unicode=_BOOL, parts=_INT),
        trackData=_UUID,
        scheduledAt=_DATE,
        timezone=_STR,
    )
    text_side = _obj([], text=_STR, length=_INT, parts=_INT, encoding=_STR)
    info_fields: dict[str, Any] = {
        "campaignId": _UUID,
        "totalPhoneNumbers": _INT,
        "totalValid": _INT,
        "totalInvalid": _INT,
        "totalParts": _INT,
        "totalCost": _NUM,
        "dlrCallbackUrl": {"type": "string", "nullable": True},
        "phoneNumbersByCountry": {"type": "object", "additionalProperties": _INT},
        "scheduled": _BOOL,
        "totalInQuietHours": _INT,
        "invalid": {"type": "array", "items": _STR},
        "transliterationAnalysis": _obj(
            [],
            totalOriginalCost=_NUM,
            totalOriginalParts=_INT,
            totalReplacedCost=_NUM,
            totalReplacedParts=_INT,
            totalCostSaved=_INT,  # as the vendor's schema declares it
            totalPartsSaved=_INT,
            text=_obj(
                [],
                original=text_side,
                replaced={
                    **text_side,
                    "properties": {
                        **text_side["properties"],
                        "characters": {"type": "object", "additionalProperties": _INT},
                    },
                },
            ),
        ),
    }
    info_required = [
        "campaignId",
        "totalPhoneNumbers",
        "totalValid",
        "totalInvalid",
        "totalParts",
        "totalCost",
        "dlrCallbackUrl",
        "phoneNumbersByCountry",
        "scheduled",
    ]
    schemas: dict[str, Any] = {
        "Transliteration": _obj(
            [],
            alphabet={"type": "string", "enum": list(ALPHABETS)},
            removeEmojis=_BOOL,
        ),
        "SendSmsMessageRequest": _obj(
            ["to", "from", "text"], **_send_fields(campaign=False, idempotent=True)
        ),
        "SendSmsRequestEstimate": _obj(
            ["to", "from", "text"], **_send_fields(campaign=False, idempotent=False)
        ),
        "SendSmsCampaignRequest": _obj(
            ["groups", "from", "text"], **_send_fields(campaign=True, idempotent=True)
        ),
        "SendSmsCampaignRequestEstimate": _obj(
            ["groups", "from", "text"], **_send_fields(campaign=True, idempotent=False)
        ),
        "DataSms": data_sms,
        "Info": _obj(info_required, **info_fields),
        "InfoCampaign": _obj(
            [*info_required, "duplicatesRemoved", "groups"],
            **info_fields,
            duplicatesRemoved=_INT,
            groups={
                "type": "array",
                "items": _obj(
                    ["id", "name", "phoneNumbers"], id=_INT, name=_STR, phoneNumbers=_INT
                ),
            },
        ),
        "SendSmsMessageResponse": _obj(
            ["info", "data"], info=_ref("Info"), data={"type": "array", "items": _ref("DataSms")}
        ),
        "SendSmsCampaignResponse": _obj(
            ["info", "data"],
            info=_ref("InfoCampaign"),
            data={"type": "array", "items": _ref("DataSms")},
        ),
        "DeleteScheduledMsg": _obj(
            ["info"],
            info=_obj(
                ["msgId", "parts", "creditReturned", "channel"],
                msgId=_UUID,
                parts=_INT,
                creditReturned=_NUM,
                channel=_STR,
            ),
        ),
        "AccountBalance": _obj(
            ["balance", "currency", "billing"],
            balance=_NUM,
            currency={"type": "string", "enum": ["eur", "usd"]},
            billing={"type": "string", "enum": ["prepaid", "postpaid"]},
        ),
        "NumberValidateResponse": _obj(
            ["data"],
            data=_obj(
                ["phoneNumber", "countryIso", "networkOperator", "timezone"],
                phoneNumber=_STR,
                countryIso=_STR,
                networkOperator=_STR,
                timezone=_STR,
            ),
        ),
        "NumbersValidateRequest": _obj(
            ["phoneNumbers"], phoneNumbers={"type": "array", "items": _STR}, countryIso=_STR
        ),
        "NumbersValidateResponse": _obj(
            ["info", "data"],
            info=_obj(
                ["totalPhoneNumbers", "totalValid", "totalInvalid", "phoneNumbersByCountry"],
                totalPhoneNumbers=_INT,
                totalValid=_INT,
                totalInvalid=_INT,
                phoneNumbersByCountry={"type": "object", "additionalProperties": _INT},
            ),
            data={
                "type": "array",
                "items": _obj(
                    ["phoneNumber", "invalid"],
                    phoneNumber=_STR,
                    invalid=_BOOL,
                    countryIso=_STR,
                    networkOperator=_STR,
                    timezone=_STR,
                ),
            },
        ),
        "AddContactsToGroupRequest": _obj(
            ["phoneNumbers"],
            phoneNumbers={"type": "array", "items": _STR},
            countryIso=_STR,
            allowInvalid=_BOOL,
        ),
        "OptoutsListResponse": _obj(
            ["info", "data", "paging"],
            info=_obj(["id", "link", "total"], id=_STR, link=_STR, total=_INT),
            data={
                "type": "array",
                "items": _obj(
                    ["id", "phoneNumber", "countryIso", "optoutFrom", "datetime"],
                    id=_INT,
                    phoneNumber=_STR,
                    countryIso=_STR,
                    optoutFrom={"type": "string", "enum": ["admin", "link"]},
                    datetime=_DATE,
                    campaignId={"type": "string", "nullable": True},
                    groupId={"type": "string", "nullable": True},
                    groupName={"type": "string", "nullable": True},
                    campaignName={"type": "string", "nullable": True},
                ),
            },
            paging=_obj(
                ["next", "previous", "size"],
                next={"type": "string", "nullable": True},
                previous={"type": "string", "nullable": True},
                size=_INT,
            ),
        ),
        "OptoutsNewResponse": _obj(
            ["info"],
            info=_obj(
                ["totalValid", "totalInvalid", "totalDuplicates", "totalPhoneNumbers"],
                totalValid=_INT,
                totalInvalid=_INT,
                totalDuplicates=_INT,
                totalPhoneNumbers=_INT,
                phoneNumbersByCountry={"type": "object", "additionalProperties": _INT},
                invalid={"type": "array", "items": _STR},
            ),
        ),
        "OptoutsDeleteResponse": _obj(
            ["info"], info=_obj(["id", "phoneNumber"], id=_STR, phoneNumber=_STR)
        ),
        "OriginatorNewRequest": _obj(["originator"], originator=_STR),
        "OriginatorNewResponse": _obj(
            ["info"], info=_obj(["id", "originator"], id=_INT, originator=_STR)
        ),
        "OriginatorsListResponse": _obj(
            ["data"],
            data={
                "type": "array",
                "items": _obj(
                    ["id", "originator", "twoWay", "isDefault", "approved", "createdAt"],
                    id=_INT,
                    originator=_STR,
                    twoWay={"type": "object"},
                    isDefault=_BOOL,
                    approved=_BOOL,
                    createdAt=_DATE,
                ),
            },
        ),
        "ChannelsStatus": _obj(
            ["sms", "viber", "whatsapp", "multichannel"],
            sms=_BOOL,
            viber=_BOOL,
            whatsapp=_BOOL,
            multichannel=_BOOL,
        ),
        "DeleteScheduledCampaign": _obj(
            ["info"],
            info=_obj(
                [
                    "campaignId",
                    "totalPhoneNumbers",
                    "totalParts",
                    "phoneNumbersDeleted",
                    "partsDeleted",
                    "creditReturned",
                    "channel",
                ],
                campaignId=_UUID,
                totalPhoneNumbers=_INT,
                totalParts=_INT,
                phoneNumbersDeleted=_INT,
                partsDeleted=_INT,
                creditReturned=_NUM,
                channel=_STR,
            ),
        ),
        "AccessToken": _obj(
            ["access_token", "token_type", "expires_in", "scope"],
            access_token=_STR,
            token_type=_STR,
            expires_in=_INT,
            scope=_STR,
        ),
        "Error": _obj(
            ["error"],
            error=_obj(
                ["type", "code", "message", "uri"],
                type=_STR,
                code=_INT,
                message=_STR,
                uri=_STR,
                invalid={"type": "array", "items": _STR},
            ),
        ),
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "SMS.CX emulator (smscx.testing)",
            "version": __version__,
            "description": "The SMS.CX API's routes that smscx covers, as emulated for tests.",
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/sms": {
                "post": _endpoint(
                    "Send SMS",
                    "SendSmsMessageRequest",
                    "SendSmsMessageResponse",
                    400,
                    403,
                    idempotent=True,
                )
            },
            "/sms/estimate": {
                "post": _endpoint(
                    "Estimate new SMS", "SendSmsRequestEstimate", "SendSmsMessageResponse", 400, 403
                )
            },
            "/sms/campaign": {
                "post": _endpoint(
                    "Send SMS campaign",
                    "SendSmsCampaignRequest",
                    "SendSmsCampaignResponse",
                    400,
                    403,
                    idempotent=True,
                )
            },
            "/sms/campaign/estimate": {
                "post": _endpoint(
                    "Estimate SMS campaign",
                    "SendSmsCampaignRequestEstimate",
                    "SendSmsCampaignResponse",
                    400,
                    403,
                )
            },
            "/sms/scheduled/{msgId}": {
                "parameters": _path_id("msgId"),
                "delete": _endpoint(
                    "Delete scheduled SMS", None, "DeleteScheduledMsg", 400, 403, 404
                ),
            },
            "/sms/scheduled/campaign/{campaignId}": {
                "parameters": _path_id("campaignId"),
                "delete": _endpoint(
                    "Delete scheduled SMS campaign", None, "DeleteScheduledCampaign", 400, 403, 404
                ),
            },
            "/account/balance": {
                "get": _endpoint("Get account balance", None, "AccountBalance", 403)
            },
            "/account/channels/status": {
                "get": _endpoint("Get status of all channels", None, "ChannelsStatus", 403)
            },
            "/numbers/validate/{phoneNumber}": {
                "parameters": [
                    {"name": "phoneNumber", "in": "path", "required": True, "schema": _STR}
                ],
                "get": _endpoint("Validate number", None, "NumberValidateResponse", 400, 403),
            },
            "/numbers/validate": {
                "post": _endpoint(
                    "Validate numbers in bulk",
                    "NumbersValidateRequest",
                    "NumbersValidateResponse",
                    400,
                    403,
                )
            },
            "/optouts": {
                "get": {
                    **_endpoint("Get optouts list", None, "OptoutsListResponse", 400, 403),
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": _INT},
                        {"name": "next", "in": "query", "schema": _STR},
                        {"name": "previous", "in": "query", "schema": _STR},
                    ],
                },
                "post": _endpoint(
                    "Add contact to optouts list",
                    "AddContactsToGroupRequest",
                    "OptoutsNewResponse",
                    400,
                    403,
                ),
            },
            "/optouts/{optoutId}": {
                "parameters": [
                    {"name": "optoutId", "in": "path", "required": True, "schema": _INT}
                ],
                "delete": _endpoint(
                    "Delete contact from optouts list", None, "OptoutsDeleteResponse", 403, 404
                ),
            },
            "/originators": {
                "get": _endpoint("Get originators list", None, "OriginatorsListResponse", 403),
                "post": _endpoint(
                    "Create new originator",
                    "OriginatorNewRequest",
                    "OriginatorNewResponse",
                    400,
                    403,
                ),
            },
            "/originators/{originatorId}": {
                "parameters": [
                    {"name": "originatorId", "in": "path", "required": True, "schema": _INT}
                ],
                "delete": _endpoint("Delete originator", None, "OriginatorNewResponse", 403, 404),
            },
            "/oauth/token": {
                "post": {
                    "summary": "Issue an access token (client credentials)",
                    "security": [{"BasicAuth": []}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {
                                "schema": _obj(["grant_type"], grant_type=_STR, scope=_STR)
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {"application/json": {"schema": _ref("AccessToken")}},
                        },
                        **_errors(400, 401),
                    },
                }
            },
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-KEY"},
                "BearerAuth": {"type": "http", "scheme": "bearer"},
                "BasicAuth": {"type": "http", "scheme": "basic"},
            },
        },
    }


# The routes after the send, summarised: (method, path, summary, vendor model of the answer,
# the answer's media type). Their schemas are the vendor's (docs/testing.md links them);
# the document names each so that a reader knows which.
_JSON = "application/json"
_CSV = "text/csv"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MORE_ROUTES: tuple[tuple[str, str, str, str, str], ...] = (
    ("get", "/account/pricing/{channel}/{trafficType}", "Get channels pricing",
     "GetChannelPricing200Response", _JSON),
    ("get", "/account/pricing/{channel}/{trafficType}/{countryIso}",
     "Get pricing for channel by country iso", "GetChannelPricing200Response", _JSON),
    ("get", "/optouts/csv", "Export optouts to CSV", "str", _CSV),
    ("get", "/optouts/xlsx", "Export optouts to XLSX", "file", _XLSX),
    ("get", "/numbers/lookup", "Get list of bulk lookup campaigns",
     "BulkLookupCampaignsResponse", _JSON),
    ("post", "/numbers/lookup", "Lookup numbers in bulk (charged)", "NumbersLookupResponse",
     _JSON),
    ("get", "/numbers/lookup/{phoneNumber}", "Lookup number (charged)", "NumberLookupResponse",
     _JSON),
    ("get", "/numbers/lookup/lookupId/{lookupId}", "Get Single Lookup result",
     "DataNumberLookup", _JSON),
    ("get", "/numbers/lookup/lookupBulkId/{lookupBulkId}", "Get Bulk Lookup result",
     "NumbersBulkLookupResult", _JSON),
    ("get", "/numbers/lookup/lookupBulkId/{lookupBulkId}/csv",
     "Export number lookup campaign to CSV", "str", _CSV),
    ("get", "/numbers/lookup/lookupBulkId/{lookupBulkId}/xlsx",
     "Export number lookup campaign to XLSX", "file", _XLSX),
    ("get", "/reports", "Get advanced report", "ReportsAdvancedResponse", _JSON),
    ("get", "/reports/csv", "Export advanced report to CSV", "str", _CSV),
    ("get", "/reports/xlsx", "Export advanced report to XLSX", "file", _XLSX),
    ("get", "/reports/single/{msgId}", "Get report for single SMS", "ReportSingleResponse",
     _JSON),
    ("get", "/reports/campaigns", "Get list of sent campaigns", "ReportsCampaignsRespone",
     _JSON),
    ("get", "/reports/campaigns/{campaignId}", "Get campaign report",
     "ReportsCampaignResponse", _JSON),
    ("get", "/reports/campaigns/{campaignId}/csv", "Export campaign report to CSV", "str",
     _CSV),
    ("get", "/reports/campaigns/{campaignId}/xlsx", "Export campaign report to XLSX", "file",
     _XLSX),
    ("get", "/reports/summary/{dimension}", "Get summary reports for a dimension",
     "GetSummaryReports200Response", _JSON),
    ("get", "/groups", "Get list of groups", "GroupsList", _JSON),
    ("post", "/groups", "Create new group", "NewGroupResponse", _JSON),
    ("get", "/groups/{groupId}", "Get group details", "GroupDetailsResponse", _JSON),
    ("post", "/groups/{groupId}", "Add contacts to group (with fields)",
     "AddContactsToGroupResponse", _JSON),
    ("delete", "/groups/{groupId}", "Delete group", "DeleteGroup", _JSON),
    ("get", "/groups/{groupId}/empty", "Empty group", "GroupResponse", _JSON),
    ("get", "/groups/{groupId}/csv", "Export group to CSV", "str", _CSV),
    ("get", "/groups/{groupId}/xlsx", "Export group to XLSX", "file", _XLSX),
    ("delete", "/groups/{groupId}/{phoneNumberId}", "Delete contact from group",
     "DeleteContact", _JSON),
    ("patch", "/groups/{groupId}/{phoneNumberId}", "Update contact from group",
     "UpdateNumberResponse", _JSON),
    ("post", "/otp", "New OTP (charged)", "NewOtpResponse", _JSON),
    ("get", "/otp/{otpId}", "Get OTP status", "DataOtp", _JSON),
    ("post", "/otp/{otpId}", "Verify OTP", "VerifyPinResponse", _JSON),
    ("delete", "/otp/{otpId}", "Cancel OTP", "CancelOtpResponse", _JSON),
    ("get", "/_emulator/messages", "Emulator only: the messages sent to ?to=NUMBER",
     "EmulatorMessages", _JSON),
)  # fmt: skip


def _more_paths() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for method, path, summary, model, media in _MORE_ROUTES:
        item = paths.setdefault(path, {})
        names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
        if names:
            item["parameters"] = [
                {"name": name, "in": "path", "required": True, "schema": _STR} for name in names
            ]
        schema = (
            {"type": "string", "format": "binary"} if media == _XLSX else
            {"type": "string"} if media == _CSV else
            {"type": "object", "description": f"The vendor's {model} model."}
        )  # fmt: skip
        operation: dict[str, Any] = {
            "summary": summary,
            "security": [{"ApiKeyAuth": []}, {"BearerAuth": []}],
            "responses": {
                "200": {
                    "description": "OK",
                    "headers": dict(_RATE_HEADERS),
                    "content": {media: {"schema": schema}},
                },
                **_errors(400, 401, 403, 404, 405, 429, 500),
            },
        }
        if method in ("post", "patch"):
            operation["requestBody"] = {
                "required": True,
                "content": {_JSON: {"schema": {"type": "object"}}},
            }
        item[method] = operation
    return paths


@functools.cache
def openapi_json() -> bytes:
    """The document as JSON bytes (built once)."""
    document = dict(openapi_document())
    document["paths"] = {**document["paths"], **_more_paths()}
    return dumps(document)

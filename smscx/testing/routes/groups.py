"""``GroupsApi``: the contact groups that ``POST /sms/campaign`` sends to.

Groups live in this namespace's records, so a group created and filled through the API is
the one a campaign addresses by id, its contacts' fields filling the text's placeholders. A
contact's fields are ``firstName``, ``lastName``, ``email``, ``field1``..``field5`` and any
``customFields`` by name (``{{name}}`` in a campaign text).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

import attrs

from smscx.models import (
    AddContactsToGroupRequest,
    AddContactsToGroupResponse,
    AddContactsToGroupWithFieldsRequest,
    DeleteContact,
    DeleteGroup,
    GroupDetailsResponse,
    GroupResponse,
    GroupsList,
    NewGroupRequest,
    NewGroupResponse,
    UpdateNumberRequest,
    UpdateNumberResponse,
)
from smscx.testing._shared import MICRO, SharedState
from smscx.testing.wire.call import Reply
from smscx.testing.wire.checks import parse_number
from smscx.testing.wire.codec import dumps, format_date
from smscx.testing.wire.errors import ApiError
from smscx.testing.wire.exports import export
from smscx.testing.wire.paging import page_of

from . import CSV, XLSX, Route
from .optouts import OptoutService

__all__ = ["DEFAULT_GROUPS", "ROUTES", "Contact", "Group", "GroupService"]

_FIELDS = ("field1", "field2", "field3", "field4", "field5")
_NAMED = {"firstName": "first_name", "lastName": "last_name", "email": "email"}
_UPDATABLE = ("phoneNumber", "firstName", "lastName", "email", *_FIELDS, "customFields")


def _copy_fields(fields: Mapping[str, str]) -> dict[str, str]:
    return dict(fields)


def _contacts(contacts: Iterable[Contact]) -> tuple[Contact, ...]:
    return tuple(contacts)


@attrs.frozen(slots=True)
class Contact:
    """A contact of a group: a number and the fields campaign placeholders draw from.

    ``fields`` holds ``field1`` ... ``field5`` and custom fields by name; ``{{name}}`` in a
    campaign text becomes the contact's value (empty when the contact lacks it).
    """

    phone_number: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    fields: Mapping[str, str] = attrs.field(factory=dict, converter=_copy_fields)
    #: The contact's ``phoneNumberId`` (a UUID), given when the emulator stores it.
    id: str = ""
    #: When it was added to its group (set when the emulator stores it).
    added_at: datetime | None = None

    def placeholder_values(self) -> dict[str, str]:
        """The placeholder names this contact fills, with their values."""
        return {
            **self.fields,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "email": self.email,
        }


@attrs.frozen(slots=True)
class Group:
    """A group of contacts that campaigns send to, by id."""

    id: int
    name: str
    contacts: tuple[Contact, ...] = attrs.field(converter=_contacts, default=())
    #: When the group was created (set when the emulator stores it).
    created_at: datetime | None = None


def _default_groups() -> tuple[Group, ...]:
    return (
        Group(
            1,
            "Customers",
            (
                Contact("+33612345678", "Amélie", "Martin", "amelie@example.com", {"field1": "A"}),
                Contact("+447400123456", "Oliver", "Smith", "oliver@example.com"),
                Contact("+4915123456789", "Lena", "Schmidt"),
            ),
        ),
        Group(
            2,
            "Staff",
            (
                Contact("+447400123456", "Oliver", "Smith", "oliver@example.com"),
                Contact("+12015550123", "Ava", "Johnson"),
            ),
        ),
        Group(3, "Empty", ()),
    )


DEFAULT_GROUPS: tuple[Group, ...] = _default_groups()
"""Groups an emulator has unless told otherwise: 1 (3 contacts), 2 (2, one shared with 1),
3 (empty), so campaigns, ``duplicatesRemoved`` and 1102 work out of the box."""


_EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _valid_group(group: Group) -> Group:
    contacts = []
    for index, contact in enumerate(group.contacts, start=1):
        number = parse_number(contact.phone_number, None)
        if number is None:
            raise ValueError(
                f"group {group.id}: {contact.phone_number!r} is not a valid E.164 number"
            )
        contacts.append(
            attrs.evolve(
                contact,
                phone_number=number.e164,
                # Stable across resets: from the group's id and the position.
                id=contact.id or str(uuid.UUID(int=(group.id << 32) + index, version=4)),
                added_at=contact.added_at or group.created_at or _EPOCH,
            )
        )
    return attrs.evolve(group, contacts=tuple(contacts), created_at=group.created_at or _EPOCH)


def _text(value: object) -> str:
    return "" if value is None else str(value)


class GroupService:
    """The group routes; it keeps the groups, by id (under the shared lock)."""

    def __init__(
        self, shared: SharedState, optouts: OptoutService, groups: Iterable[Group]
    ) -> None:
        self._state = shared
        self._optouts = optouts
        self._start = {g.id: _valid_group(g) for g in groups}
        #: The contact groups by id (campaigns read them too).
        self.by_id: dict[int, Group] = dict(self._start)

    def reset(self) -> None:
        """Back to the configured groups."""
        with self._state.lock:
            self.by_id = dict(self._start)

    def _now(self) -> datetime:
        return self._state.now()

    def _group(self, raw_id: str) -> Group:
        """The group of a path's ``{groupId}`` (callers hold the lock); 1200 if none."""
        group = self.by_id.get(int(raw_id)) if raw_id.isdigit() else None
        if group is None:
            raise ApiError(1200)
        return group

    def _cost_micros(self, contacts: tuple[Contact, ...]) -> int:
        """What one single-part SMS to every contact costs (opted-out ones excluded)."""
        total = 0
        for contact in contacts:
            if contact.phone_number in self._optouts.by_number:
                continue
            number = parse_number(contact.phone_number, None)
            price = self._state.price_micros(number.country_iso) if number else None
            total += price or 0
        return total

    def _summary(self, group: Group) -> dict[str, Any]:
        optouts = sum(1 for c in group.contacts if c.phone_number in self._optouts.by_number)
        return {
            "id": group.id,
            "name": group.name,
            "totalPhoneNumbers": len(group.contacts),
            "totalCost": round(self._cost_micros(group.contacts) / MICRO, 6),
            "totalOptouts": optouts,
            "createdAt": format_date(group.created_at or self._now()),
        }

    # --- groups --------------------------------------------------------------------------

    def list(self) -> Reply:
        """``GET /groups``."""
        with self._state.lock:
            data = [self._summary(g) for g in sorted(self.by_id.values(), key=_by_id)]
        return Reply(200, dumps({"data": data}))

    def create(self, body: Mapping[str, Any]) -> Reply:
        """``POST /groups``."""
        name = body.get("name")
        if name is None or name == "":
            raise ApiError(1204)
        if not isinstance(name, str) or not 3 <= len(name.strip()) <= 60:
            raise ApiError(1206)
        name = name.strip()
        with self._state.lock:
            if any(g.name.lower() == name.lower() for g in self.by_id.values()):
                raise ApiError(1211)
            group = Group(max(self.by_id, default=0) + 1, name, (), created_at=self._now())
            self.by_id[group.id] = group
        return Reply(201, dumps({"info": {"id": group.id, "name": group.name}}))

    def details(self, raw_id: str, query: Mapping[str, str]) -> Reply:
        """``GET /groups/{groupId}``: the group and its contacts, paged, oldest first
        (``short_response=true``: the group, no contacts)."""
        with self._state.lock:
            group = self._group(raw_id)
            info = self._summary(group)
            short = query.get("short_response", "").lower() == "true"
            contacts = () if short else group.contacts
            page, paging = page_of(f"group-{group.id}", contacts, query)
            data = [self._contact(group, c) for c in page]
        return Reply(200, dumps({"info": info, "data": data, "paging": paging}))

    def _contact(self, group: Group, contact: Contact) -> dict[str, Any]:
        fields = contact.fields
        custom = {k: v for k, v in fields.items() if k not in _FIELDS}
        number = parse_number(contact.phone_number, None)
        item: dict[str, Any] = {
            "id": contact.id,
            "phoneNumber": contact.phone_number,
            "countryIso": number.country_iso if number else "",
            "firstName": contact.first_name or None,
            "lastName": contact.last_name or None,
            "email": contact.email or None,
            **{name: fields.get(name) or None for name in _FIELDS},
            "groupId": group.id,
            "optout": contact.phone_number in self._optouts.by_number,
            "dateAdded": format_date(contact.added_at or self._now()),
        }
        if custom:
            item["customFields"] = custom
        return item

    def delete(self, raw_id: str) -> Reply:
        """``DELETE /groups/{groupId}``."""
        with self._state.lock:
            group = self._group(raw_id)
            del self.by_id[group.id]
        info = {"id": group.id, "name": group.name, "totalPhoneNumbers": len(group.contacts)}
        return Reply(200, dumps({"info": info}))

    def empty(self, raw_id: str) -> Reply:
        """``GET /groups/{groupId}/empty``: remove every contact, keep the group."""
        with self._state.lock:
            group = self._group(raw_id)
            if not group.contacts:
                return Reply(204, b"")  # "already empty", as the vendor's page says
            self.by_id[group.id] = attrs.evolve(group, contacts=())
        return Reply(200, dumps({"info": {"id": group.id, "name": group.name}}))

    def export(self, kind: str, raw_id: str) -> Reply:
        """``GET /groups/{groupId}/csv`` and ``/xlsx``."""
        with self._state.lock:
            group = self._group(raw_id)
            items = [self._contact(group, c) for c in group.contacts]
        header = ["id", "phoneNumber", "countryIso", "firstName", "lastName", "email", *_FIELDS]
        header += ["optout", "dateAdded"]
        rows = [[item.get(name) for name in header] for item in items]
        return export(kind, f"group-{group.id}", header, rows)

    # --- contacts ------------------------------------------------------------------------

    def add(self, raw_id: str, body: Mapping[str, Any]) -> Reply:
        """``POST /groups/{groupId}``: numbers (strings) or contacts with fields (objects)."""
        with self._state.lock:
            self._group(raw_id)
        entries = body.get("phoneNumbers")
        if entries is None or entries == []:
            raise ApiError(1203)
        if not isinstance(entries, list) or not all(
            isinstance(e, str) or (isinstance(e, Mapping) and isinstance(e.get("phoneNumber"), str))
            for e in entries
        ):
            raise ApiError(1208)
        default_country = body.get("countryIso")
        default_country = default_country if isinstance(default_country, str) else None
        parsed: list[tuple[str, Mapping[str, Any], Any]] = []
        for entry in entries:
            fields: Mapping[str, Any] = entry if isinstance(entry, Mapping) else {}
            raw = entry if isinstance(entry, str) else str(entry["phoneNumber"])
            country = fields.get("countryIso")
            country = country if isinstance(country, str) else default_country
            parsed.append((raw, fields, parse_number(raw.strip(), country)))
        invalid = [raw for raw, _, number in parsed if number is None]
        if invalid and body.get("allowInvalid") is not True:
            if len(entries) == 1:
                raise ApiError(1207, invalid=invalid)
            raise ApiError(1210, invalid=invalid)
        by_country: dict[str, int] = {}
        added: list[Contact] = []
        duplicates = 0
        now = self._now()
        with self._state.lock:
            group = self._group(raw_id)  # it may have gone meanwhile
            present = {c.phone_number for c in group.contacts}
            for _, fields, number in parsed:
                if number is None:
                    continue
                if number.e164 in present:
                    duplicates += 1
                    continue
                present.add(number.e164)
                added.append(_new_contact(number.e164, fields, self._state.new_id(), now))
                by_country[number.country_iso] = by_country.get(number.country_iso, 0) + 1
            self.by_id[group.id] = attrs.evolve(group, contacts=(*group.contacts, *added))
            cost = self._cost_micros(tuple(added))
        info = {
            "totalCost": round(cost / MICRO, 6),
            "totalValid": len(added),
            "totalInvalid": len(invalid),
            "totalDuplicates": duplicates,
            "totalPhoneNumbers": len(entries),
            "phoneNumbersByCountry": by_country,
            "invalid": invalid,
        }
        return Reply(200, dumps({"info": info}))

    def delete_contact(self, raw_id: str, raw_contact: str) -> Reply:
        """``DELETE /groups/{groupId}/{phoneNumberId}``."""
        with self._state.lock:
            group = self._group(raw_id)
            contact = _find(group, raw_contact)
            kept = tuple(c for c in group.contacts if c.id != contact.id)
            self.by_id[group.id] = attrs.evolve(group, contacts=kept)
        number = parse_number(contact.phone_number, None)
        info = {
            "id": contact.id,
            "phoneNumber": contact.phone_number,
            "countryIso": number.country_iso if number else "",
        }
        return Reply(200, dumps({"info": info}))

    def update_contact(self, raw_id: str, raw_contact: str, body: Mapping[str, Any]) -> Reply:
        """``PATCH /groups/{groupId}/{phoneNumberId}``: change the fields given."""
        if not any(body.get(name) is not None for name in _UPDATABLE):
            raise ApiError(1213)
        with self._state.lock:
            group = self._group(raw_id)
            contact = _find(group, raw_contact)
            changes: dict[str, Any] = {}
            raw_number = body.get("phoneNumber")
            if raw_number is not None:
                number = parse_number(str(raw_number).strip(), None)
                if number is None:
                    raise ApiError(1207, invalid=[str(raw_number)])
                if any(
                    c.phone_number == number.e164 and c.id != contact.id for c in group.contacts
                ):
                    raise ApiError(1215)
                changes["phone_number"] = number.e164
            for wire, attribute in _NAMED.items():
                if body.get(wire) is not None:
                    changes[attribute] = _text(body[wire])
            fields = dict(contact.fields)
            for name in _FIELDS:
                if body.get(name) is not None:
                    fields[name] = _text(body[name])
            custom = body.get("customFields")
            if isinstance(custom, Mapping):
                fields.update({str(k): _text(v) for k, v in custom.items()})
            changes["fields"] = fields
            updated = attrs.evolve(contact, **changes)
            if updated == contact:
                return Reply(204, b"")  # "nothing to update, same data", as the page says
            contacts = tuple(updated if c.id == contact.id else c for c in group.contacts)
            self.by_id[group.id] = attrs.evolve(group, contacts=contacts)
        return Reply(200, dumps({"info": {"id": contact.id, "groupId": str(group.id)}}))


def _by_id(group: Group) -> int:
    return group.id


def _find(group: Group, raw_contact: str) -> Contact:
    wanted = raw_contact.lower()
    for contact in group.contacts:
        if contact.id == wanted:
            return contact
    raise ApiError(1202)


def _new_contact(e164: str, fields: Mapping[str, Any], contact_id: str, now: datetime) -> Contact:
    extra = {name: _text(fields[name]) for name in _FIELDS if fields.get(name) is not None}
    custom = fields.get("customFields")
    if isinstance(custom, Mapping):
        extra.update({str(k): _text(v) for k, v in custom.items()})
    return Contact(
        e164,
        _text(fields.get("firstName")),
        _text(fields.get("lastName")),
        _text(fields.get("email")),
        extra,
        id=contact_id,
        added_at=now,
    )


ROUTES: tuple[Route[GroupService], ...] = (
    Route("GET", "/groups", "get_groups_list", lambda g, c: g.list(), response=GroupsList),
    Route(
        "POST", "/groups", "create_group", lambda g, c: g.create(c.json()),
        NewGroupRequest, NewGroupResponse, status=201,
    ),
    Route(
        "GET", "/groups/{groupId}", "get_group_details", lambda g, c: g.details(c.param, c.query),
        response=GroupDetailsResponse,
    ),
    Route(
        "POST", "/groups/{groupId}", "add_contacts_to_group", lambda g, c: g.add(c.param, c.json()),
        (AddContactsToGroupRequest, AddContactsToGroupWithFieldsRequest),
        AddContactsToGroupResponse,
        also=("add_contacts_to_group_with_fields",),
    ),
    Route(
        "DELETE", "/groups/{groupId}", "delete_group", lambda g, c: g.delete(c.param),
        response=DeleteGroup,
    ),
    Route(
        "GET", "/groups/{groupId}/empty", "empty_group", lambda g, c: g.empty(c.param),
        response=GroupResponse, no_content=True,
    ),
    Route(
        "GET", "/groups/{groupId}/csv", "export_group_to_csv",
        lambda g, c: g.export("csv", c.param), response=CSV,
    ),
    Route(
        "GET", "/groups/{groupId}/xlsx", "export_group_to_xlsx",
        lambda g, c: g.export("xlsx", c.param), response=XLSX,
    ),
    Route(
        "DELETE", "/groups/{groupId}/{phoneNumberId}", "delete_contact_from_group",
        lambda g, c: g.delete_contact(*c.params), response=DeleteContact,
    ),
    Route(
        "PATCH", "/groups/{groupId}/{phoneNumberId}", "update_contact_from_group",
        lambda g, c: g.update_contact(c.params[0], c.params[1], c.json()),
        UpdateNumberRequest, UpdateNumberResponse, no_content=True,
    ),
)  # fmt: skip

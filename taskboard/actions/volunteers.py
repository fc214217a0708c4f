"""Volunteer actions: add, edit, remove and restore a person on the roster.

One function per thing a coordinator does to a volunteer, used by
`taskboard volunteer …` and by the roster screen alike; linking two records of
one person (`link_volunteers`) and the phone numbers that suggest it too. Each takes the store
and plain values, makes the change under the store's lock (skills, groups or
availability another window added a moment ago stay), lets the store write
the history entry and returns the undoable `Edit` it made: the board keeps it
for undo, the CLI prints what it says. Importing a roster file is
`taskboard.roster.importing`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from taskboard.board.edits import Edit, apply_fields
from taskboard.i18n import _
from taskboard.model import Volunteer
from taskboard.model.errors import describe_validation_error
from taskboard.model.rules import people, phone_digits
from taskboard.store import InvalidRecord, NotFound, Store
from taskboard.store.records import DELETED
from taskboard.store.tables import Table

Changes = Mapping[str, Any] | Callable[[Volunteer], Mapping[str, Any]]
"""Fields to set, or a function making them from the volunteer as it is under the lock."""


def live_volunteer(store: Store, volunteer_id: str) -> Volunteer:
    """The volunteer with this id as stored now (callers found them live a moment ago:
    one removed since is named as removed meanwhile)."""
    doc = store.volunteers.get(volunteer_id)
    if doc is None:
        raise NotFound(_("no volunteer {ref}").format(ref=repr(volunteer_id)))
    if doc.get(DELETED):
        raise NotFound(_("{ref} was removed meanwhile").format(ref=doc["ref"]))
    return store.volunteers.model(doc)


def _valid(fields: Mapping[str, Any]) -> Volunteer:
    try:
        return Volunteer.model_validate(dict(fields))
    except ValidationError as error:
        raise InvalidRecord(describe_validation_error(error)) from error


def add_volunteer(store: Store, fields: Volunteer | Mapping[str, Any]) -> Edit:
    """Put a new person on the roster (from `fields` or a form's `Volunteer`, whose id
    and reference are the store's to give); their home site is this file's unless
    `fields` say.

    Undo removes them again, redo brings them back.
    """
    if isinstance(fields, Volunteer):
        fields = fields.model_dump(mode="json", exclude={"id", "ref"})
    person = store.volunteers.create(_valid({"site": store.site, **fields}))
    label = _("add {ref}").format(ref=person.ref)
    return Edit(Table.VOLUNTEERS, person.id, {DELETED: True}, {DELETED: False}, label, "created")


def edit_volunteer(
    store: Store,
    volunteer_id: str,
    changes: Changes,
    *,
    base: Volunteer | Mapping[str, Any] | None = None,
) -> Edit:
    """Change some fields of a volunteer; every other field, and others' edits, stay.

    `changes` may be a function of the volunteer as stored under the lock (the
    CLI adds a skill to the skills as they are then); `base` is the volunteer a
    form showed, each field then rebased on what is stored now.
    """
    build = changes if callable(changes) else (lambda _person: changes)
    if isinstance(base, Volunteer):
        base = base.model_dump(mode="json")
    with store.transaction():
        person = live_volunteer(store, volunteer_id)
        fields = dict(build(person))
        replaced, written = apply_fields(
            store, Table.VOLUNTEERS, person.id, fields, "edited", base=dict(base) if base else None
        )
    label = _("edit {ref}").format(ref=person.ref)
    return Edit(Table.VOLUNTEERS, person.id, replaced, written, label, "edited")


def remove_volunteer(store: Store, volunteer_id: str) -> Edit:
    """Take someone off the roster softly: they can be restored, and the removal syncs."""
    with store.transaction():
        person = live_volunteer(store, volunteer_id)
        replaced, written = apply_fields(
            store, Table.VOLUNTEERS, person.id, {DELETED: True}, "deleted"
        )
    label = _("remove {ref}").format(ref=person.ref)
    return Edit(Table.VOLUNTEERS, person.id, replaced, written, label, "deleted")


def restore_volunteer(store: Store, volunteer: str) -> Edit:
    """Bring a removed volunteer back (given by reference, id, exact name or phone)."""
    with store.transaction():
        doc = store.find_volunteer(volunteer, removed=True)
        replaced, written = apply_fields(
            store, Table.VOLUNTEERS, doc["id"], {DELETED: False}, "restored"
        )
    label = _("restore {ref}").format(ref=doc["ref"])
    return Edit(Table.VOLUNTEERS, doc["id"], replaced, written, label, "restored")


# One person, several records ----------------------------------------------------------
def link_volunteers(store: Store, first_id: str, second_id: str) -> Edit:
    """Say that two volunteer records are one person (registered at two sites, or moved).

    Each record lists the other in `links`, a set that merges element by element,
    so links made at several sites in any order end the same everywhere; the
    rules then judge the person across both records (`model.rules.people`).
    One undo takes back both halves.
    """
    with store.transaction():
        first, second = _pair(store, first_id, second_id)
        if second.id in first.links and first.id in second.links:
            raise InvalidRecord(
                _("{first} and {second} are already linked").format(
                    first=first.ref, second=second.ref
                )
            )
        parts = [_set_links(store, first, {*first.links, second.id}, "linked")]
        parts.append(_set_links(store, second, {*second.links, first.id}, "linked"))
    label = _("link {first} and {second}").format(first=first.ref, second=second.ref)
    return Edit.group(parts, label, "linked")


def unlink_volunteers(store: Store, first_id: str, second_id: str) -> Edit:
    """Take back a link: the two records are different people again (unless other links
    still join them). Syncs like any edit; one undo restores the link."""
    with store.transaction():
        first, second = _pair(store, first_id, second_id)
        if second.id not in first.links and first.id not in second.links:
            raise InvalidRecord(
                _("{first} and {second} are not linked").format(first=first.ref, second=second.ref)
            )
        parts = [_set_links(store, first, set(first.links) - {second.id}, "unlinked")]
        parts.append(_set_links(store, second, set(second.links) - {first.id}, "unlinked"))
    label = _("unlink {first} and {second}").format(first=first.ref, second=second.ref)
    return Edit.group(parts, label, "unlinked")


def _pair(store: Store, first_id: str, second_id: str) -> tuple[Volunteer, Volunteer]:
    first, second = live_volunteer(store, first_id), live_volunteer(store, second_id)
    if first.id == second.id:
        raise InvalidRecord(_("{ref} cannot be linked to itself").format(ref=first.ref))
    return first, second


def _set_links(store: Store, person: Volunteer, links: set[str], action: str) -> Edit:
    replaced, written = apply_fields(
        store, Table.VOLUNTEERS, person.id, {"links": sorted(links)}, action
    )
    return Edit(Table.VOLUNTEERS, person.id, replaced, written, person.ref, action)


def other_records(store: Store, volunteer_id: str) -> list[dict[str, Any]]:
    """The live records of the same person as `volunteer_id`, besides it, by reference."""
    docs = {doc["id"]: doc for doc in store.volunteers.live()}
    person_of = people({record: doc.get("links") or () for record, doc in docs.items()})
    person = person_of.get(volunteer_id)
    return sorted(
        (
            doc
            for record, doc in docs.items()
            if record != volunteer_id and person_of[record] == person
        ),
        key=lambda doc: str(doc["ref"]),
    )


def shared_phones(store: Store) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Pairs of live records with the same phone number (its digits) that are not yet
    one person: most likely one person registered twice, to be linked by a coordinator.

    Only suggested: family members often give one phone, so a shared number does
    not link records by itself."""
    docs = sorted(store.volunteers.live(), key=lambda doc: str(doc["ref"]))
    person_of = people({doc["id"]: doc.get("links") or () for doc in docs})
    by_phone: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        digits = phone_digits(doc.get("phone"))
        if digits:
            by_phone.setdefault(digits, []).append(doc)
    pairs = []
    for same in by_phone.values():
        for i, first in enumerate(same):
            for second in same[i + 1 :]:
                if person_of[first["id"]] != person_of[second["id"]]:
                    pairs.append((first, second))
    return pairs


def link_hint(first: Mapping[str, Any], second: Mapping[str, Any]) -> str:
    """`王建国 funing-v3 and jingshan-v7 share phone 138…; link them with …`."""
    shown = phone_digits(first.get("phone"))[:3] + "…"  # the rest stays off the screen
    return _(
        "{name} {first} and {second} share phone {phone}; link them with"
        " `taskboard volunteer link {first} {second}`"
    ).format(name=first.get("name", ""), first=first["ref"], second=second["ref"], phone=shown)

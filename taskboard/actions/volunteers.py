"""Volunteer actions: add, edit, remove and restore a person on the roster.

One function per thing a coordinator does to a volunteer, used by
`taskboard volunteer …` and by the roster screen alike. Each takes the store
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

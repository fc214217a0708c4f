"""Residents' suggestion actions: add, edit, link and unlink a task, decline, reopen.

One function per thing a coordinator does to a suggestion, used by
`taskboard suggestion …` and by the suggestions screen alike. Each takes the
store and plain values, makes the change under the store's lock (a link
another window added a moment ago stays), lets the store write the history
entry and returns the undoable `Edit` it made. How far a suggestion got is not
set here: it is read from the linked tasks (`taskboard.model.suggestion.progress`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from taskboard.board.edits import Edit, apply_fields
from taskboard.i18n import _
from taskboard.model import Decision, Suggestion
from taskboard.model.errors import describe_validation_error
from taskboard.store import Ambiguous, InvalidRecord, NotFound, Store
from taskboard.store.records import DELETED
from taskboard.store.tables import Doc, Table

EDITABLE = frozenset(
    {"number", "text", "raised_by", "date", "source", "place", "photos", "decision"}
)
"""Fields `edit_suggestion` changes; links and declines have their own actions."""


def find_suggestion(store: Store, ref: str) -> Doc:
    """The live suggestion `ref` names: a reference (`funing-s3`), an id, or the number
    this site's meeting gave it (`#7`). One removed is named as such."""
    wanted = ref.strip()
    if wanted.startswith("#"):
        return _by_number(store, wanted)
    try:
        return store.suggestions.find(wanted)
    except NotFound:
        doc = store.suggestions.get(wanted)
        if doc is not None and doc.get(DELETED):
            raise NotFound(_("suggestion {ref} was removed").format(ref=repr(doc["ref"]))) from None
        raise


def _by_number(store: Store, wanted: str) -> Doc:
    number = wanted[1:]
    found = [
        doc
        for doc in store.suggestions.live()
        if doc["site"] == store.site and number.isdigit() and doc.get("number") == int(number)
    ]
    if not found:
        raise NotFound(_("no suggestion {number} at this site").format(number=wanted))
    if len(found) > 1:
        refs = ", ".join(sorted(str(doc["ref"]) for doc in found))
        raise Ambiguous(
            _("{count} suggestions are numbered {number}: {refs}; give the reference").format(
                count=len(found), number=wanted, refs=refs
            )
        )
    return found[0]


def live_suggestion(store: Store, ref: str) -> Suggestion:
    """The live suggestion `ref` names (see `find_suggestion`), as its model."""
    return store.suggestions.model(find_suggestion(store, ref))


def _valid(fields: Mapping[str, Any]) -> Suggestion:
    try:
        return Suggestion.model_validate(dict(fields))
    except ValidationError as error:
        raise InvalidRecord(describe_validation_error(error)) from error


def add_suggestion(store: Store, fields: Mapping[str, Any]) -> Edit:
    """Record a suggestion residents made; this site's unless `fields` say.

    A suggestion is added received or accepted; declining needs `decline_suggestion`
    (with the reason residents are told). Undo removes it, redo brings it back.
    """
    wanted = {"site": store.site, **fields}
    if str(wanted.get("decision") or "") == Decision.DECLINED:
        raise InvalidRecord(_("add the suggestion first, then decline it with a reason"))
    wish = store.suggestions.create(_valid(wanted))
    label = _("Added {ref}").format(ref=wish.ref)
    return Edit(Table.SUGGESTIONS, wish.id, {DELETED: True}, {DELETED: False}, label, "created")


def edit_suggestion(
    store: Store, ref: str, changes: Mapping[str, Any], *, base: Mapping[str, Any] | None = None
) -> Edit:
    """Change the words, who raised it, when, where, photos, or the decision by hand.

    Setting the decision back to received or accepted reopens a declined
    suggestion (its reason is cleared); declining goes through `decline_suggestion`.
    """
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise InvalidRecord(
            _("a suggestion's {field} is not changed by an edit").format(field=", ".join(unknown))
        )
    fields = dict(changes)
    if "decision" in fields:
        decision = Decision(fields["decision"])
        if decision is Decision.DECLINED:
            raise InvalidRecord(_("a suggestion is declined with a reason: use decline"))
        fields["decision"] = decision.value
        fields["reason"] = ""
    with store.transaction():
        wish = live_suggestion(store, ref)
        replaced, written = apply_fields(
            store, Table.SUGGESTIONS, wish.id, fields, "edited", base=dict(base) if base else None
        )
    label = _("Edited {ref}").format(ref=wish.ref)
    return Edit(Table.SUGGESTIONS, wish.id, replaced, written, label, "edited")


def link_task(store: Store, ref: str, task_ref: str) -> Edit:
    """Say that a task answers the suggestion; its progress then follows that task."""
    with store.transaction():
        wish = live_suggestion(store, ref)
        task = store.tasks.find(task_ref)
        if wish.decision is Decision.DECLINED:
            raise InvalidRecord(
                _("{ref} was declined: reopen it before linking work to it").format(ref=wish.ref)
            )
        if task["id"] in wish.tasks:
            raise InvalidRecord(
                _("{task} is already linked to {ref}").format(task=task["ref"], ref=wish.ref)
            )
        fields = {"tasks": sorted([*wish.tasks, task["id"]])}
        replaced, written = apply_fields(
            store, Table.SUGGESTIONS, wish.id, fields, "linked", base={"tasks": wish.tasks}
        )
    label = _("Linked {task} to {ref}").format(task=task["ref"], ref=wish.ref)
    return Edit(Table.SUGGESTIONS, wish.id, replaced, written, label, "linked")


def unlink_task(store: Store, ref: str, task_ref: str) -> Edit:
    """Take a task off the suggestion (a removed task too, by reference or id)."""
    with store.transaction():
        wish = live_suggestion(store, ref)
        task = store.tasks.find(task_ref, removed=True)
        if task["id"] not in wish.tasks:
            raise InvalidRecord(
                _("{task} is not linked to {ref}").format(task=task["ref"], ref=wish.ref)
            )
        fields = {"tasks": [task_id for task_id in wish.tasks if task_id != task["id"]]}
        replaced, written = apply_fields(
            store, Table.SUGGESTIONS, wish.id, fields, "unlinked", base={"tasks": wish.tasks}
        )
    label = _("Unlinked {task} from {ref}").format(task=task["ref"], ref=wish.ref)
    return Edit(Table.SUGGESTIONS, wish.id, replaced, written, label, "unlinked")


def decline_suggestion(store: Store, ref: str, reason: str) -> Edit:
    """Decline a suggestion; `reason` is required (residents read it on the notice)."""
    if not reason.strip():
        raise InvalidRecord(_("declining needs a reason: residents are told why"))
    with store.transaction():
        wish = live_suggestion(store, ref)
        fields = {"decision": Decision.DECLINED.value, "reason": reason}
        replaced, written = apply_fields(store, Table.SUGGESTIONS, wish.id, fields, "declined")
    label = _("Declined {ref}").format(ref=wish.ref)
    return Edit(Table.SUGGESTIONS, wish.id, replaced, written, label, "declined")


def reopen_suggestion(store: Store, ref: str, decision: Decision | str = Decision.ACCEPTED) -> Edit:
    """Take back a decline: the suggestion is accepted (or received) again, its reason cleared."""
    wanted = Decision(decision)
    if wanted is Decision.DECLINED:
        raise InvalidRecord(_("reopening makes a suggestion received or accepted"))
    with store.transaction():
        wish = live_suggestion(store, ref)
        if wish.decision is not Decision.DECLINED:
            raise InvalidRecord(_("{ref} is not declined").format(ref=wish.ref))
        fields = {"decision": wanted.value, "reason": ""}
        replaced, written = apply_fields(store, Table.SUGGESTIONS, wish.id, fields, "reopened")
    label = _("Reopened {ref}").format(ref=wish.ref)
    return Edit(Table.SUGGESTIONS, wish.id, replaced, written, label, "reopened")

"""Checklist actions: tick a household (or any item), write its note, add an item.

The rules of a checklist live here and nowhere else, so `taskboard task check`
and the task screen's keys always store the same thing:

- done and "not home" (`retry`) each count one more attempt (a visit made);
- "not home" without a note of its own gets the standard note ("Not home",
  stored in the language the coordinator works in: 不在家 in Chinese); a note
  the user wrote is kept;
- done clears a standard "not home" note (in any language), since the visit
  has now been made; a note the user wrote is kept, and a note given with the
  tick replaces either;
- an item counts as left (for moving its task to Done) while it is to do or
  "not home"; done and skipped items are finished;
- every visit counted (done or "not home") is also kept as a `Visit` record
  with its day and who went (a volunteer on the roster, else the name given,
  else the coordinator), so a household's attempts can be told one by one.

Each action reads the task under the store's lock, changes only its own item,
writes one history entry and returns the undoable `Edit` it made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from taskboard import model as models
from taskboard.actions.lookup import live_task
from taskboard.board.edits import Edit, apply_fields
from taskboard.i18n import LANGUAGES, _
from taskboard.model import ChecklistState
from taskboard.settings import current_day
from taskboard.store import InvalidRecord, NotFound, Store, StoreError
from taskboard.store.records import DELETED
from taskboard.store.tables import Table

if TYPE_CHECKING:
    from taskboard.model import ChecklistItem, Task

COUNTING_STATES = (ChecklistState.DONE, ChecklistState.RETRY)
"""Checklist states that count one more attempt (a visit made)."""

LEFT_STATES = (ChecklistState.TODO, ChecklistState.RETRY)
"""States of items still to be done: their task is not finished."""

NOT_HOME = "Not home"
"""The standard note of a household nobody answered at (English source text)."""


def not_home_note() -> str:
    """The standard "not home" note in the active language (不在家 in Chinese)."""
    return _(NOT_HOME)


def is_not_home_note(note: str | None) -> bool:
    """True when `note` is the standard "not home" note, in any language."""
    return bool(note) and note in {NOT_HOME, *(c.get(NOT_HOME) for c in LANGUAGES.values())}


def items_left(task: Task) -> int:
    """How many of the task's checklist items are still to do or "not home"."""
    return sum(1 for item in task.checklist if item.state in LEFT_STATES)


def find_item(task: Task, wanted: str) -> int:
    """Index of the item given by number (1-based), id, or exact text."""
    if wanted.isdigit() and 1 <= int(wanted) <= len(task.checklist):
        return int(wanted) - 1
    for index, item in enumerate(task.checklist):
        if wanted in (item.id, item.text):
            return index
    if not task.checklist:
        raise NotFound(
            _("task {ref} has no checklist; add items with `task edit --item TEXT`").format(
                ref=task.ref
            )
        )
    raise NotFound(
        _(
            "task {ref} has no checklist item {item} (give a number 1–{count} or the exact text)"
        ).format(ref=task.ref, item=repr(wanted), count=len(task.checklist))
    )


def checked_item(item: ChecklistItem, state: ChecklistState, note: str | None) -> dict[str, Any]:
    """The item (as stored JSON) after setting `state`, and `note` when one is given."""
    changed = item.model_dump(mode="json")
    changed["state"] = state.value
    if state in COUNTING_STATES:
        changed["attempts"] = item.attempts + 1
    if note is not None:
        changed["note"] = note.strip()
    elif state is ChecklistState.RETRY and not item.note:
        changed["note"] = not_home_note()
    elif state is ChecklistState.DONE and is_not_home_note(item.note):
        changed["note"] = ""
    return changed


def _with_item(
    task: Task, wanted: str, change: Callable[[ChecklistItem], dict[str, Any]]
) -> dict[str, Any]:
    """The checklist change that replaces one item (found in `task` as stored now) by `change`."""
    number = find_item(task, wanted)
    checklist = [item.model_dump(mode="json") for item in task.checklist]
    checklist[number] = change(task.checklist[number])
    return {"checklist": checklist}


def _change_checklist(
    store: Store,
    task_id: str,
    build: Callable[[Task], dict[str, Any]],
    label: Callable[[Task], str],
    action: str,
) -> Edit:
    """Apply `build` (made from the task as it is under the lock) as one undoable edit.

    `build` runs once on the copy read before locking, so that a wrong item is
    refused before anything (a backup, the journal) is written, and again on
    the task as it is under the lock.
    """
    build(live_task(store, task_id))
    with store.transaction():
        task = live_task(store, task_id)
        changes = build(task)
        replaced, written = apply_fields(store, Table.TASKS, task.id, changes, action)
        return Edit(Table.TASKS, task.id, replaced, written, label(task), action)


def check_item(
    store: Store,
    task_id: str,
    item: str,
    state: ChecklistState,
    note: str | None = None,
    *,
    on: dt.date | None = None,
    by: str | None = None,
) -> Edit:
    """Set one item's state (and note), by the rules in this module's docstring.

    `item` is the item's number (1…), id or exact text; `note` None leaves the
    note to the rules, "" clears it. A visit (done or not home) is recorded on
    day `on` (default today) by `by` (a volunteer's name, reference or phone, or
    any name; default the coordinator); the visit and the tick are one undo.
    """

    def build(task: Task) -> dict[str, Any]:
        return _with_item(task, item, lambda old: checked_item(old, state, note))

    def label(task: Task) -> str:
        text = task.checklist[find_item(task, item)].text
        return _("{item}: {state}").format(item=text, state=_(state))

    if state not in COUNTING_STATES:
        return _change_checklist(store, task_id, build, label, "checked")
    visitor = _visitor(store, by)
    day = on or current_day()
    with store.transaction():
        edit = _change_checklist(store, task_id, build, label, "checked")
        task = live_task(store, edit.record_id)
        wanted = task.checklist[find_item(task, item)]
        visit = store.visits.create(
            models.Visit(task=task.id, item=wanted.id, on=day, state=state, **visitor)
        )
    made = Edit(Table.VISITS, visit.id, {DELETED: True}, {DELETED: False}, "", "created")
    return Edit.group([edit, made], edit.label, "checked")


def _visitor(store: Store, by: str | None) -> dict[str, Any]:
    """Who made a visit: a volunteer on the roster by id, else the name as given."""
    wanted = (by or "").strip() or store.who
    with contextlib.suppress(StoreError):
        return {"volunteer": store.find_volunteer(wanted)["id"], "by": ""}
    return {"volunteer": None, "by": wanted}


def set_note(store: Store, task_id: str, item: str, note: str) -> Edit:
    """Write one item's note ("" clears it); its state and attempts stay."""

    def build(task: Task) -> dict[str, Any]:
        def noted(old: ChecklistItem) -> dict[str, Any]:
            return {**old.model_dump(mode="json"), "note": note.strip()}

        return _with_item(task, item, noted)

    def label(task: Task) -> str:
        text = task.checklist[find_item(task, item)].text
        return _("Note on {item}").format(item=text)

    return _change_checklist(store, task_id, build, label, "checked")


def add_item(store: Store, task_id: str, text: str) -> Edit:
    """Add an item with `text` at the end of the checklist."""
    wanted = text.strip()
    if not wanted:
        raise InvalidRecord(_("a checklist item needs a text"))

    def build(task: Task) -> dict[str, Any]:
        checklist = [entry.model_dump(mode="json") for entry in task.checklist]
        checklist.append(models.ChecklistItem(text=wanted).model_dump(mode="json"))
        return {"checklist": checklist}

    def label(_task: Task) -> str:
        return _("Added checklist item {item}").format(item=wanted)

    return _change_checklist(store, task_id, build, label, "edited")

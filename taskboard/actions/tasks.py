"""Task actions: create, edit, move, reorder, remove and restore a task.

One function per thing a coordinator does to a task, used by `taskboard task …`
and by the board alike. Each takes the store and plain values, checks the
rules, makes the change under the store's lock (so a change saved meanwhile by
another window or process is never lost), writes its history entry and
returns the undoable `Edit` it made; the board keeps it for undo, the CLI
prints what it says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from taskboard import model as models
from taskboard.actions.checklist import items_left
from taskboard.actions.lookup import live_task
from taskboard.board.edits import Edit, apply_fields
from taskboard.i18n import _, ngettext
from taskboard.i18n.words import status_title
from taskboard.model import Kind, Status
from taskboard.model.errors import describe_validation_error
from taskboard.model.rules import crew_leader as leader_rule
from taskboard.store import InvalidRecord, Store, StoreError
from taskboard.store.queries import crew_leader
from taskboard.store.records import DELETED
from taskboard.store.tables import Table

if TYPE_CHECKING:
    from taskboard.model import Task

Changes = Mapping[str, Any] | Callable[["Task"], Mapping[str, Any]]
"""Fields to set, or a function making them from the task as it is under the lock."""


class ItemsLeft(StoreError):
    """Moving a task to Done while checklist items (households) are not done."""

    def __init__(self, task: Task, left: int) -> None:
        noun = (
            ngettext(
                "{count} household is not done yet", "{count} households are not done yet", left
            )
            if task.kind == Kind.VISITS
            else ngettext(
                "{count} checklist item is not done yet",
                "{count} checklist items are not done yet",
                left,
            )
        )
        super().__init__(
            _("{ref}: {left} (to do or not home)").format(
                ref=task.ref, left=noun.format(count=left)
            )
        )
        self.task = task
        self.left = left


def _valid_task(fields: Mapping[str, Any]) -> Task:
    from pydantic import ValidationError

    try:
        return models.Task.model_validate(dict(fields))
    except ValidationError as error:
        raise InvalidRecord(describe_validation_error(error)) from error


def new_task_status(column: Status | str) -> Status:
    """Where a task made on the board starts: Suggested from that column, else Open.

    New work is never born staffed, under way or done because the cursor
    happened to be in that column.
    """
    return Status.SUGGESTED if column == Status.SUGGESTED else Status.OPEN


def passed_warning(task: Task, today: dt.date) -> str | None:
    """What to tell a coordinator who just scheduled or staffed a task whose date has passed."""
    if not task.passed(today):
        return None
    day = task.end.date() if task.end else task.due
    return _("{ref}: its date ({day}) has passed; check the schedule").format(ref=task.ref, day=day)


def check_fund(store: Store, fields: Mapping[str, Any], site: str) -> None:
    """A task's fund must be one of its site's funds (`Site.funds`): the money's source
    is reported per fund, so a misspelt one would be a fund of its own."""
    from taskboard.actions.funds import site_funds  # the site model: not before first use

    fund = fields.get("fund")
    where = str(fields.get("site") or site)
    if fund and fund not in site_funds(store, where):
        known = ", ".join(site_funds(store, where)) or "-"
        raise InvalidRecord(
            _("{site} has no fund {fund} (its funds: {known})").format(
                site=where, fund=repr(fund), known=known
            )
        )


def check_leader(store: Store, fields: Mapping[str, Any], task: Task) -> None:
    """A leader being set must be a live volunteer on the task's crew (`rules.crew_leader`)."""
    leader = fields.get("leader")
    if not leader:
        return
    doc = store.volunteers.get(str(leader))
    if doc is None:
        raise InvalidRecord(_("no volunteer {ref}").format(ref=repr(leader)))
    states = [a["state"] for a in store.assignments_of_task(task.id) if a["volunteer"] == leader]
    breach = leader_rule(str(doc.get("name") or doc["ref"]), not doc.get(DELETED), states)
    if breach is not None:
        raise InvalidRecord(f"{task.ref}: {breach.text(_)}")


def create_task(store: Store, fields: Task | Mapping[str, Any], *, top: bool = False) -> Edit:
    """Store a new task from `fields` (or a form's `Task`): this site's, open, at the
    bottom (or `top`) of its column.

    Undo removes it again, redo brings it back.
    """
    given = fields.model_dump(mode="json") if isinstance(fields, models.Task) else fields
    wanted = {"site": store.site, "status": Status.OPEN, **given}
    wanted.pop("rank", None)
    made = _valid_task({**wanted, "rank": 0.0})  # refused before anything is written
    check_fund(store, wanted, store.site)
    check_leader(store, wanted, made)  # nobody is on a new task's crew yet
    with store.transaction():  # the column's end as it is under the lock
        status = str(wanted["status"])
        wanted["rank"] = store.column_end(status, top=top)
        task = store.tasks.create(_valid_task(wanted))
    label = _("Created {ref}").format(ref=task.ref)
    return Edit(Table.TASKS, task.id, {DELETED: True}, {DELETED: False}, label, "created")


def edit_task(
    store: Store, task_id: str, changes: Changes, *, base: Task | Mapping[str, Any] | None = None
) -> Edit:
    """Change some fields of a task; every other field, and others' edits, stay.

    `base` is the task a form showed: each field is then rebased on what is
    stored now (see `board.edits.rebased`). A status is changed by `move_task`.
    """
    if isinstance(base, models.Task):
        base = base.model_dump(mode="json")
    build = changes if callable(changes) else (lambda _task: changes)
    if "status" in build(live_task(store, task_id)):
        raise InvalidRecord(_("a task changes column by a move, not an edit"))
    with store.transaction():
        task = live_task(store, task_id)
        fields = dict(build(task))
        check_fund(store, fields, task.site)
        check_leader(store, fields, task)
        replaced, written = apply_fields(
            store, Table.TASKS, task.id, fields, "edited", base=dict(base) if base else None
        )
    label = _("Edited {ref}").format(ref=task.ref)
    return Edit(Table.TASKS, task.id, replaced, written, label, "edited")


def set_leader(store: Store, task_id: str, volunteer_id: str | None) -> Edit:
    """Make a volunteer on the task's crew its leader (None: no leader); one undo."""
    edit = edit_task(store, task_id, {"leader": volunteer_id})
    task = live_task(store, task_id)
    label = (
        _("Crew leader of {ref} set").format(ref=task.ref)
        if volunteer_id
        else _("Crew leader of {ref} cleared").format(ref=task.ref)
    )
    return replace(edit, label=label)


def leader_summary(store: Store, task: Task, assignments: list[dict[str, Any]]) -> str:
    """`李建国 (funing-v1) · 138…`: the crew leader as the task screen and `task show` say it;
    one who has left the crew is named as such (sheets no longer show them); "" for none."""
    if not task.leader:
        return ""
    doc = crew_leader(store, task.model_dump(mode="json"), assignments)
    if doc is not None:
        phone = f" · {doc['phone']}" if doc.get("phone") else ""
        return f"{doc['name']} ({doc['ref']}){phone}"
    stored = store.volunteers.get(task.leader) or {}
    name = stored.get("name") or task.leader
    return f"{name} — " + _("not on the crew now (not shown on sheets)")


def move_task(
    store: Store, task_id: str, status: Status | str, *, top: bool = False, force: bool = False
) -> Edit:
    """Put a task in another column, at its bottom (or `top`).

    Done is refused while checklist items are left (`ItemsLeft`), unless `force`.
    """
    status = Status(status)
    _check_done(live_task(store, task_id), status, force)
    with store.transaction():
        task = live_task(store, task_id)
        _check_done(task, status, force)
        rank = store.column_end(status, top=top)
        fields = {"status": status.value, "rank": rank}
        replaced, written = apply_fields(store, Table.TASKS, task.id, fields, "moved")
    label = _("Moved {ref} to {status}").format(ref=task.ref, status=status_title(status))
    return Edit(Table.TASKS, task.id, replaced, written, label, "moved")


def _check_done(task: Task, status: Status, force: bool) -> None:
    left = items_left(task)
    if status is Status.DONE and task.status != Status.DONE and left and not force:
        raise ItemsLeft(task, left)


def reorder_task(store: Store, task_id: str, rank: float) -> Edit:
    """Put a task at `rank` within its column (the board computes it from the neighbours)."""
    live_task(store, task_id)  # an unknown task is refused before anything is written
    with store.transaction():
        task = live_task(store, task_id)
        replaced, written = apply_fields(store, Table.TASKS, task.id, {"rank": rank}, "reordered")
    up = rank < float(replaced.get("rank") or 0.0)
    label = (_("Moved {ref} up") if up else _("Moved {ref} down")).format(ref=task.ref)
    return Edit(Table.TASKS, task.id, replaced, written, label, "reordered")


def remove_task(store: Store, task_id: str) -> Edit:
    """Remove a task softly: it can be restored, and the removal syncs."""
    live_task(store, task_id)  # an unknown task is refused before anything is written
    with store.transaction():
        task = live_task(store, task_id)
        replaced, written = apply_fields(store, Table.TASKS, task.id, {DELETED: True}, "deleted")
    label = _("Removed {ref}").format(ref=task.ref)
    return Edit(Table.TASKS, task.id, replaced, written, label, "deleted")


def restore_task(store: Store, task_id: str) -> Edit:
    """Bring back a removed task (given by reference or id)."""
    store.tasks.find(task_id, removed=True)  # refused before anything is written
    with store.transaction():
        doc = store.tasks.find(task_id, removed=True)
        replaced, written = apply_fields(
            store, Table.TASKS, doc["id"], {DELETED: False}, "restored"
        )
    label = _("Restored {ref}").format(ref=doc["ref"])
    return Edit(Table.TASKS, doc["id"], replaced, written, label, "restored")

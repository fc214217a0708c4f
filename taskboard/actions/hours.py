"""Hours actions: log hours on an assignment, mark it done or a no-show.

Used by `taskboard hours …` and by the board's hours form alike. The
assignment's state changes through `assignments.set_state`, so the task's
history tells it ("刘佳怡 did not come for painting") and the staffing rule
follows: a no-show frees the slot, and a staffed task no longer full goes back
to Open. What happened on the day may be recorded from a proposal never
confirmed, and "done" from a decline (`assignments.ON_THE_DAY`); recording the
state an assignment already has changes nothing.

The entry, the state change and any card it moved are one save and one undo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from taskboard.actions.assignments import WORKED, Applied, set_state
from taskboard.actions.lookup import find_assignment
from taskboard.board.edits import Edit
from taskboard.i18n import _
from taskboard.model import AssignmentState, HoursEntry
from taskboard.reports.hours import new_hours_entry
from taskboard.settings import MatchSettings
from taskboard.store import NotFound, Store
from taskboard.store.records import DELETED
from taskboard.store.tables import Table

ON_THE_DAY = (AssignmentState.DONE, AssignmentState.NO_SHOW)
"""The states `mark_assignment` records."""


@dataclass(frozen=True)
class Logged:
    """What logging hours stored: the entry, the state change (if any) and the undo unit."""

    entry: HoursEntry
    state: Applied | None
    edit: Edit


def mark_assignment(
    store: Store,
    task_ref: str,
    volunteer: str,
    state: AssignmentState,
    *,
    skill: str | None = None,
    today: dt.date,
    settings: MatchSettings | None = None,
) -> Applied:
    """Record that the person did the work (done) or did not come (no-show).

    Nothing changes (the result has no `edit`) when the assignment already is so.
    """
    if state not in ON_THE_DAY:
        raise ValueError(f"not a state of the day: {state}")
    with store.transaction():
        doc = find_assignment(store, task_ref, volunteer, skill)
        if doc["state"] == state:
            return Applied(state=state)
        return _set(store, doc, state, today, settings)


def _set(
    store: Store,
    doc: dict[str, object],
    state: AssignmentState,
    today: dt.date,
    settings: MatchSettings | None,
) -> Applied:
    return set_state(
        store,
        str(doc["task"]),
        str(doc["volunteer"]),
        state,
        skill=str(doc["skill"]),
        today=today,
        settings=settings,
        offer_next=False,
        on_the_day=True,
    )


def log_hours(
    store: Store,
    assignment_id: str,
    *,
    day: dt.date,
    hours: float,
    verified_by: str = "",
    note: str = "",
    mark_done: bool = True,
    today: dt.date,
    settings: MatchSettings | None = None,
) -> Logged:
    """Record hours worked on an assignment and (unless not `mark_done`) mark it done."""
    with store.transaction():
        doc = store.assignments.get(assignment_id)
        if doc is None or doc.get(DELETED):
            raise NotFound(_("the assignment was removed meanwhile; no hours were logged"))
        entry = new_hours_entry(doc, day=day, hours=hours, verified_by=verified_by, note=note)
        store.hours.create(entry)
        store.tasks.note(
            doc["task"],
            WORKED,
            {
                "volunteer": (doc["volunteer"], doc["volunteer"]),
                "skill": (doc["skill"], doc["skill"]),
                "hours": (None, entry.hours),
                "date": (None, entry.date.isoformat()),
            },
        )
        task = store.tasks.docs().get(doc["task"], {})
        label = _("Logged {hours} h on {ref}").format(
            hours=f"{entry.hours:g}", ref=task.get("ref", "?")
        )
        changes = [Edit(Table.HOURS, entry.id, {DELETED: True}, {DELETED: False}, label, "created")]
        applied = None
        if mark_done and doc["state"] != AssignmentState.DONE:
            applied = _set(store, doc, AssignmentState.DONE, today, settings)
            changes += applied.changes
    return Logged(entry, applied, Edit.group(changes, label))

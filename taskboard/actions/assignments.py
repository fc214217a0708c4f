"""Assignment actions: assign, unassign, move an assignment along, accept a proposal.

One function per thing a coordinator does, used by the CLI and by the board
alike. Each re-reads the store and re-checks the hard rules inside one
transaction (a draft made a minute ago cannot store a slot taken since, or a
person who has since gone away), writes the task's history in words ("王建国
proposed for welding"), applies the staffing rule (`staffing.py`) and returns
what it did as ONE undoable `Edit`: undo takes back every assignment and every
card it moved.

Assignment states run proposed → confirmed → done / no-show, or declined; a
declined slot is offered to the next candidate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from taskboard.actions.lookup import find_assignment
from taskboard.actions.staffing import frees_slot, restaff
from taskboard.board.edits import Edit
from taskboard.i18n import _, language, ngettext
from taskboard.matching.fit import FitContext
from taskboard.matching.reasons import Reason, joined
from taskboard.matching.rules import Placement, breaches, joint_breaches
from taskboard.matching.snapshot import Job, NeedSpec, Person, Snapshot
from taskboard.matching.suggest import Candidate, next_candidate
from taskboard.model import Assignment, AssignmentState, HistoryEntry
from taskboard.settings import MatchSettings
from taskboard.store import Store, StoreError
from taskboard.store.records import DELETED
from taskboard.store.tables import Table

NEXT_STATES: dict[str, frozenset[str]] = {
    AssignmentState.PROPOSED: frozenset({AssignmentState.CONFIRMED, AssignmentState.DECLINED}),
    AssignmentState.CONFIRMED: frozenset(
        {AssignmentState.DONE, AssignmentState.NO_SHOW, AssignmentState.DECLINED}
    ),
    AssignmentState.DECLINED: frozenset({AssignmentState.PROPOSED, AssignmentState.CONFIRMED}),
    AssignmentState.DONE: frozenset({AssignmentState.NO_SHOW}),
    AssignmentState.NO_SHOW: frozenset({AssignmentState.DONE}),
}
"""Allowed moves; done and no-show may be swapped to correct a mistake."""
ON_THE_DAY: dict[str, frozenset[str]] = {
    AssignmentState.PROPOSED: frozenset({AssignmentState.DONE, AssignmentState.NO_SHOW}),
    AssignmentState.DECLINED: frozenset({AssignmentState.DONE}),
}
"""More moves allowed when recording what happened on the day (hours, done, no-show):
a proposal never confirmed, the person came or did not; someone who declined came
after all. `assignment set` keeps to `NEXT_STATES`."""
CHECKED_STATES = frozenset({AssignmentState.PROPOSED, AssignmentState.CONFIRMED})
"""Moving into these re-checks the hard rules (a confirmation now counts to the cap)."""
UNASSIGNED = "unassigned"
"""The task-history action of taking someone off a task."""
WORKED = "worked"
"""The task-history action of logging someone's hours on it."""
EVENT_WORDS: dict[str, str] = {
    AssignmentState.PROPOSED: "{name} proposed for {skill}",
    AssignmentState.CONFIRMED: "{name} confirmed for {skill}",
    AssignmentState.DECLINED: "{name} declined {skill}",
    AssignmentState.DONE: "{name} did {skill}",
    AssignmentState.NO_SHOW: "{name} did not come for {skill}",
    UNASSIGNED: "{name} taken off {skill}",
    WORKED: "{name} worked {hours} h on {date} ({skill})",
}
"""How the task's history words each assignment event (translated when shown)."""


class MatchRefused(StoreError):
    """The change would break a hard rule (or makes no sense); nothing was saved."""


@dataclass
class Applied:
    """What one action stored, and the undoable unit that takes it back."""

    label: str = ""
    """What the action was, for the notification after undo/redo."""
    changes: list[Edit] = field(default_factory=list)
    """Every record changed, in order, as undo steps."""
    assignments: list[str] = field(default_factory=list)
    """Ids of the assignments created or brought back."""
    skipped: list[tuple[Placement, Reason]] = field(default_factory=list)
    """Placements refused because they now break a rule."""
    staffed: list[str] = field(default_factory=list)
    """References of tasks moved to staffed."""
    reopened: list[str] = field(default_factory=list)
    """References of tasks moved back to open."""
    state: str = ""
    """The state the action stored (or `unassigned`)."""
    offered: Candidate | None = None
    """After a decline: who the slot was offered to."""

    @property
    def edit(self) -> Edit | None:
        """The whole action as one undoable unit (None when nothing changed)."""
        return Edit.group(self.changes, self.label) if self.changes else None


# Accepting a proposal, storing picks --------------------------------------------------------------
def accept_proposal(
    store: Store,
    placements: Sequence[Placement],
    *,
    task: str | None = None,
    state: str = AssignmentState.PROPOSED,
    today: dt.date,
    settings: MatchSettings | None = None,
) -> Applied:
    """Store a whole-board proposal's lines (or, with `task` — an id — that task's only).

    Lines that now break a rule, judged together, are skipped with the reason;
    the rest is one undo. A backup is taken first, as for any change of many records.
    """
    chosen = [p for p in placements if task is None or p.task == task]
    applied = _store(store, chosen, state, today, settings, offer=True, label="", bulk=True)
    count = len(applied.assignments)
    applied.label = ngettext(
        "Accepted {n} proposed assignment", "Accepted {n} proposed assignments", count
    ).format(n=count)
    return applied


def store_picks(
    store: Store,
    placements: Sequence[Placement],
    *,
    state: str = AssignmentState.PROPOSED,
    today: dt.date,
    settings: MatchSettings | None = None,
) -> Applied:
    """Store the people a coordinator picked by hand (past declines are no obstacle)."""
    applied = _store(store, placements, state, today, settings, offer=False, label="")
    count = len(applied.assignments)
    applied.label = ngettext("Assigned {n} volunteer", "Assigned {n} volunteers", count).format(
        n=count
    )
    return applied


def _store(
    store: Store,
    placements: Sequence[Placement],
    state: str,
    today: dt.date,
    settings: MatchSettings | None,
    *,
    offer: bool,
    label: str,
    bulk: bool = False,
) -> Applied:
    """Store placements that still pass every rule jointly; report the others as skipped."""
    applied = Applied(label=label, state=state)
    with store.transaction(bulk=bulk):
        snapshot = Snapshot.from_store(store, today)
        broken = joint_breaches(placements, snapshot, offer=offer)
        for position, placement in enumerate(placements):
            if position in broken:
                applied.skipped.append((placement, broken[position]))
            else:
                _put(store, placement, state, applied)
        _restaff(store, {p.task for p in placements}, settings, applied, freed=set())
    return applied


def _put(store: Store, placement: Placement, state: str, applied: Applied) -> None:
    """Create the assignment, or bring back one declined, missed or removed before."""
    record = Assignment(
        task=placement.task,
        volunteer=placement.person,
        skill=placement.skill,
        state=AssignmentState(state),
    )
    label = _assignment_label(store, placement)
    old = store.assignments.get(record.id)
    if old is None:
        store.assignments.create(record)
        change = Edit(
            Table.ASSIGNMENTS, record.id, {DELETED: True}, {DELETED: False}, label, "created"
        )
        was = None
    else:
        was = None if old.get(DELETED) else str(old["state"])
        before = {DELETED: bool(old.get(DELETED)), "state": old["state"]}
        if old.get(DELETED):
            store.assignments.restore(record.id)
        store.assignments.update(record.id, {"state": state})
        change = Edit(
            Table.ASSIGNMENTS, record.id, before, {DELETED: False, "state": state}, label, "edited"
        )
    applied.changes.append(change)
    applied.assignments.append(record.id)
    _record_event(store, placement, was, state)


def _restaff(
    store: Store,
    task_ids: set[str],
    settings: MatchSettings | None,
    applied: Applied,
    *,
    freed: set[str],
) -> None:
    moved = restaff(store, task_ids, settings or MatchSettings(), freed=freed)
    applied.changes += moved.changes
    applied.staffed += moved.staffed
    applied.reopened += moved.reopened


def _assignment_label(store: Store, placement: Placement) -> str:
    """`funing-22 door-to-door visits: 江海燕`: the skill by its label in the active
    language, as `task show` names it, never by its stored key."""
    task = store.tasks.get(placement.task) or {}
    person = store.volunteers.get(placement.person) or {}
    skill = store.skills.get(placement.skill)
    name = store.skills.model(skill).label(language()) if skill else placement.skill
    return f"{task.get('ref', '?')} {name}: {person.get('name', '?')}"


# The task's history ------------------------------------------------------------------------------
def _record_event(store: Store, placement: Placement, before: str | None, after: str) -> None:
    """Write on the task who was proposed, confirmed, declined, … for which skill.

    The volunteer is recorded by id, never by name: a task's history travels in
    redacted exports, and the name is looked up where the entry is shown.
    """
    changes = {
        "volunteer": (placement.person, placement.person),
        "skill": (placement.skill, placement.skill),
        "state": (before, None if after == UNASSIGNED else after),
    }
    store.tasks.note(placement.task, after, changes)


def event_names(store: Store, entries: Sequence[HistoryEntry]) -> dict[str, str]:
    """Volunteer id → name for the assignment events and crew leaders among `entries`."""
    ids = {str(e.changes["volunteer"][1]) for e in entries if "volunteer" in e.changes}
    ids |= {str(e.changes["leader"][1]) for e in entries if "leader" in e.changes}
    docs = store.volunteers.docs()
    return {i: str(docs[i].get("name") or "?") for i in ids if i in docs}


def event_text(
    entry: HistoryEntry, labels: dict[str, str] | None = None, names: dict[str, str] | None = None
) -> str | None:
    """`王建国 proposed for welding`: an assignment event on a task's history, in words
    (skills by their `labels` in the language shown, people by `names`: see `event_names`).

    None for any other entry (its changes are shown field by field).
    """
    words = EVENT_WORDS.get(entry.action)
    if words is None or entry.table != Table.TASKS or "volunteer" not in entry.changes:
        return None
    person = str(entry.changes["volunteer"][1])
    key = str(entry.changes.get("skill", (None, "?"))[1])
    skill = (labels or {}).get(key, key)
    hours, day = (entry.changes.get(name, (None, ""))[1] for name in ("hours", "date"))
    text = _(words).format(
        name=(names or {}).get(person, person),
        skill=skill,
        hours=f"{float(hours or 0):g}",
        date=day,
    )
    was = entry.changes.get("state", (None, None))[0]
    if was and entry.action != UNASSIGNED:
        text += " " + _("(was {state})").format(state=_(was))
    return text


# One person, one task -------------------------------------------------------------------------
def assign(
    store: Store,
    task_ref: str,
    volunteer: str,
    *,
    skill: str | None = None,
    state: str = AssignmentState.PROPOSED,
    today: dt.date,
    settings: MatchSettings | None = None,
) -> Applied:
    """Put a volunteer on a task by hand; refused with the reason when a hard rule is in the way.

    A past decline is no obstacle here: the coordinator knows the person changed their mind.
    """
    with store.transaction():
        task_id = store.tasks.find(task_ref)["id"]
        person_id = store.find_volunteer(volunteer)["id"]
        snapshot = Snapshot.from_store(store, today)
        job, person = snapshot.job(task_id), snapshot.by_id[person_id]
        need = _chosen_need(snapshot, job, person, skill)
        _refuse_if_broken(snapshot, job, person, need)
        placement = Placement(task_id, need.skill, person_id)
        applied = _store(store, [placement], state, today, settings, offer=False, label="")
    applied.label = _("Assigned {label}").format(label=_assignment_label(store, placement))
    return applied


def _chosen_need(snapshot: Snapshot, job: Job, person: Person, skill: str | None) -> NeedSpec:
    """The need `--skill` names, or the only one the person could fill."""
    if skill is not None:
        need = job.need(skill)
        if need is None:
            raise MatchRefused(
                _("task {ref} does not need {skill} (it needs: {needs})").format(
                    ref=job.ref, skill=skill, needs=_needs_list(job)
                )
            )
        return need
    own = [need for need in job.needs if need.skill in person.skills]
    if not own:
        raise MatchRefused(
            _("{name} has none of the skills {ref} needs ({needs})").format(
                name=person.label, ref=job.ref, needs=_needs_list(job)
            )
        )
    fitting = [n for n in own if not breaches(person, job, n, snapshot, offer=False)]
    choices = [n for n in fitting if snapshot.open_count(job, n)] or fitting
    if len(own) == 1 or not choices:
        return own[0]  # the rules' reasons will say what is in the way
    if len(choices) == 1:
        return choices[0]
    raise MatchRefused(
        _("{name} could fill {choices} on {ref}: say which with --skill").format(
            name=person.label, choices=", ".join(n.skill for n in choices), ref=job.ref
        )
    )


def _needs_list(job: Job) -> str:
    return ", ".join(need.skill for need in job.needs) or "-"


def _refuse_if_broken(snapshot: Snapshot, job: Job, person: Person, need: NeedSpec) -> None:
    found = breaches(person, job, need, snapshot, offer=False)
    if found:
        raise MatchRefused(
            _("{name} cannot take {skill} on {ref}: {reasons}").format(
                name=person.label,
                skill=snapshot.skill(need.skill).label,
                ref=job.ref,
                reasons=joined(found),
            )
        )
    if not snapshot.open_count(job, need):
        raise MatchRefused(
            _("every {skill} slot of {ref} is filled ({count}/{count})").format(
                skill=snapshot.skill(need.skill).label, ref=job.ref, count=need.count
            )
        )


def unassign(
    store: Store,
    task_ref: str,
    volunteer: str,
    *,
    skill: str | None = None,
    settings: MatchSettings | None = None,
) -> Applied:
    """Take a volunteer off a task (a removal that syncs and can be undone)."""
    with store.transaction():
        doc = find_assignment(store, task_ref, volunteer, skill)
        placement = Placement(doc["task"], doc["skill"], doc["volunteer"])
        label = _assignment_label(store, placement)
        applied = Applied(label=_("Unassigned {label}").format(label=label), state=UNASSIGNED)
        store.assignments.delete(doc["id"])
        applied.changes.append(
            Edit(Table.ASSIGNMENTS, doc["id"], {DELETED: False}, {DELETED: True}, label, "deleted")
        )
        _record_event(store, placement, doc["state"], UNASSIGNED)
        freed = {doc["task"]} if frees_slot(doc["state"], None) else set()
        _restaff(store, {doc["task"]}, settings, applied, freed=freed)
    return applied


def set_state(
    store: Store,
    task_ref: str,
    volunteer: str,
    state: str,
    *,
    skill: str | None = None,
    today: dt.date,
    settings: MatchSettings | None = None,
    offer_next: bool = True,
    on_the_day: bool = False,
) -> Applied:
    """Move an assignment to `state`; a decline offers the slot to the next candidate.

    `on_the_day` records what happened (done, no-show) and also allows `ON_THE_DAY`.
    """
    settings = settings or MatchSettings()
    with store.transaction():
        doc = find_assignment(store, task_ref, volunteer, skill)
        _check_move(store, doc, state, today, on_the_day=on_the_day)
        placement = Placement(doc["task"], doc["skill"], doc["volunteer"])
        label = _assignment_label(store, placement)
        applied = Applied(label=f"{label} → {_(state)}", state=state)
        store.assignments.update(doc["id"], {"state": state})
        applied.changes.append(
            Edit(
                Table.ASSIGNMENTS,
                doc["id"],
                {"state": doc["state"]},
                {"state": state},
                label,
                "edited",
            )
        )
        _record_event(store, placement, doc["state"], state)
        if state == AssignmentState.DECLINED and offer_next:
            applied.offered = _offer_next(store, doc, today, settings, applied)
        freed = {doc["task"]} if frees_slot(doc["state"], state) else set()
        _restaff(store, {doc["task"]}, settings, applied, freed=freed)
    return applied


def _check_move(
    store: Store, doc: dict[str, Any], state: str, today: dt.date, *, on_the_day: bool = False
) -> None:
    """Refuse moves the state machine does not allow, or that would break a hard rule."""
    current = doc["state"]
    if state == current:
        raise MatchRefused(_("the assignment is already {state}").format(state=_(state)))
    moves = NEXT_STATES.get(current, frozenset())
    if on_the_day:
        moves |= ON_THE_DAY.get(current, frozenset())
    if state not in moves:
        allowed = ", ".join(_(s) for s in sorted(moves))
        raise MatchRefused(
            _("a {current} assignment cannot become {state} (allowed: {allowed})").format(
                current=_(current), state=_(state), allowed=allowed or "-"
            )
        )
    if state in CHECKED_STATES:
        snapshot = Snapshot.focused(store, today, doc["task"], doc["volunteer"], ignore=[doc["id"]])
        job, person = snapshot.job(doc["task"]), snapshot.by_id.get(doc["volunteer"])
        need = job.need(doc["skill"])
        if person is None or need is None:
            raise MatchRefused(_("task, volunteer or skill no longer exists"))
        _refuse_if_broken(snapshot, job, person, need)


def _offer_next(
    store: Store, doc: dict[str, Any], today: dt.date, settings: MatchSettings, applied: Applied
) -> Candidate | None:
    """Propose the declined slot to the best eligible person left, if there is one."""
    snapshot = Snapshot.from_store(store, today)
    found = next_candidate(FitContext.build(snapshot, settings), doc["task"], doc["skill"])
    if found is not None:
        placement = Placement(doc["task"], doc["skill"], found.person.id)
        _put(store, placement, AssignmentState.PROPOSED, applied)
    return found

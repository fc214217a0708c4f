"""Storing matches: assignments made, undone and moved through their states.

Every change re-reads the store and re-checks the hard rules first, inside
one transaction, so a draft made a minute ago cannot store a slot that has
since been taken or a person who has since gone away. Each call returns the
changes it made (before and after values) so the board can offer undo.

Assignment states run proposed → confirmed → done / no-show, or declined; a
declined slot is offered to the next candidate. With `auto_staff` (settings)
an open task whose every slot is filled moves to staffed, and a staffed task
that loses someone moves back to open.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from taskboard.board.edits import Edit
from taskboard.i18n import _
from taskboard.matching.fit import FitContext
from taskboard.matching.reasons import Reason, joined
from taskboard.matching.rules import Placement, breaches, joint_breaches
from taskboard.matching.snapshot import Job, NeedSpec, Person, Snapshot
from taskboard.matching.suggest import Candidate, next_candidate
from taskboard.model import Assignment, AssignmentState, Status
from taskboard.settings import MatchSettings
from taskboard.store import Store, StoreError
from taskboard.store.queries import FILLING_STATES, next_rank
from taskboard.store.records import DELETED

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
CHECKED_STATES = frozenset({AssignmentState.PROPOSED, AssignmentState.CONFIRMED})
"""Moving into these re-checks the hard rules (a confirmation now counts to the cap)."""


class MatchRefused(StoreError):
    """The change would break a hard rule (or makes no sense); nothing was saved."""


@dataclass
class Applied:
    """What a call stored."""

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


@dataclass
class StateChange:
    """An assignment's new state, and who the slot went to when it was declined."""

    applied: Applied
    state: str
    offered: Candidate | None = None


# Storing placements -----------------------------------------------------------------------------
def store_placements(
    store: Store,
    placements: Sequence[Placement],
    *,
    state: str = AssignmentState.PROPOSED,
    today: dt.date,
    settings: MatchSettings | None = None,
    offer: bool = True,
) -> Applied:
    """Store placements that still pass every rule jointly; report the others as skipped."""
    applied = Applied()
    with store.transaction(bulk=True):  # a backup first: a whole proposal can be undone
        snapshot = Snapshot.from_store(store, today)
        broken = joint_breaches(placements, snapshot, offer=offer)
        for position, placement in enumerate(placements):
            if position in broken:
                applied.skipped.append((placement, broken[position]))
            else:
                _put(store, placement, state, applied)
        _auto_staff(store, {p.task for p in placements}, settings or MatchSettings(), applied)
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
    old = store.doc("assignments", record.id)
    if old is None:
        store.create("assignments", record)
        change = Edit("assignments", record.id, {DELETED: True}, {DELETED: False}, label, "created")
    else:
        before = {DELETED: bool(old.get(DELETED)), "state": old["state"]}
        if old.get(DELETED):
            store.restore("assignments", record.id)
        store.update("assignments", record.id, {"state": state})
        change = Edit(
            "assignments", record.id, before, {DELETED: False, "state": state}, label, "edited"
        )
    applied.changes.append(change)
    applied.assignments.append(record.id)


def _assignment_label(store: Store, placement: Placement) -> str:
    task = store.doc("tasks", placement.task) or {}
    person = store.doc("volunteers", placement.person) or {}
    return f"{task.get('ref', '?')} {placement.skill}: {person.get('name', '?')}"


def _auto_staff(
    store: Store,
    task_ids: set[str],
    settings: MatchSettings,
    applied: Applied,
    *,
    reopen: bool = False,
) -> None:
    """Open → staffed when every slot is filled; with `reopen`, staffed → open when one is not.

    Only freeing a slot (unassign, decline, no-show) reopens a task: assigning
    someone to a task the coordinator put in "staffed" by hand leaves it there.
    """
    if not settings.auto_staff:
        return
    filled: dict[str, Counter[str]] = {task_id: Counter() for task_id in task_ids}
    for doc in store.live("assignments"):
        if doc["task"] in filled and doc["state"] in FILLING_STATES:
            filled[doc["task"]][doc["skill"]] += 1
    for task_id in sorted(task_ids):
        task = store.doc("tasks", task_id)
        if task is None or task.get(DELETED):
            continue
        full = all(filled[task_id][n["skill"]] >= n.get("count", 1) for n in task["needs"])
        if task["status"] == Status.OPEN and full and task["needs"]:
            _move(store, task, Status.STAFFED, applied)
            applied.staffed.append(task["ref"])
        elif reopen and task["status"] == Status.STAFFED and not full:
            _move(store, task, Status.OPEN, applied)
            applied.reopened.append(task["ref"])


def _move(store: Store, task: dict[str, Any], status: str, applied: Applied) -> None:
    before = {"status": task["status"], "rank": task.get("rank", 0.0)}
    after = {"status": status, "rank": next_rank(store, status)}
    store.update("tasks", task["id"], after, action="moved")
    label = f"{task['ref']} → {_(status)}"
    applied.changes.append(Edit("tasks", task["id"], before, after, label, "moved"))


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
        task_id = store.find("tasks", task_ref)["id"]
        person_id = store.find_volunteer(volunteer)["id"]
        snapshot = Snapshot.from_store(store, today)
        job, person = snapshot.job(task_id), snapshot.by_id[person_id]
        need = _chosen_need(snapshot, job, person, skill)
        _refuse_if_broken(snapshot, job, person, need)
        placement = Placement(task_id, need.skill, person_id)
        return store_placements(
            store, [placement], state=state, today=today, settings=settings, offer=False
        )


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


def find_assignment(
    store: Store, task_ref: str, volunteer: str, skill: str | None = None
) -> dict[str, Any]:
    """The live assignment of a volunteer on a task (by skill when they hold several)."""
    task = store.find("tasks", task_ref)
    person = store.find_volunteer(volunteer)
    found = [
        doc
        for doc in store.assignments_of_task(task["id"])
        if doc["volunteer"] == person["id"] and (skill is None or doc["skill"] == skill)
    ]
    if not found:
        raise MatchRefused(
            _("{name} is not assigned to {ref}").format(name=person["name"], ref=task["ref"])
        )
    if len(found) > 1:
        skills = ", ".join(doc["skill"] for doc in found)
        raise MatchRefused(
            _("{name} is on {ref} for {skills}: say which with --skill").format(
                name=person["name"], ref=task["ref"], skills=skills
            )
        )
    return found[0]


def unassign(
    store: Store,
    task_ref: str,
    volunteer: str,
    *,
    skill: str | None = None,
    settings: MatchSettings | None = None,
) -> Applied:
    """Take a volunteer off a task (a removal that syncs and can be undone)."""
    applied = Applied()
    with store.transaction():
        doc = find_assignment(store, task_ref, volunteer, skill)
        store.delete("assignments", doc["id"])
        label = _assignment_label(store, Placement(doc["task"], doc["skill"], doc["volunteer"]))
        applied.changes.append(
            Edit("assignments", doc["id"], {DELETED: False}, {DELETED: True}, label, "deleted")
        )
        _auto_staff(store, {doc["task"]}, settings or MatchSettings(), applied, reopen=True)
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
) -> StateChange:
    """Move an assignment to `state`; a decline offers the slot to the next candidate."""
    settings = settings or MatchSettings()
    with store.transaction():
        doc = find_assignment(store, task_ref, volunteer, skill)
        _check_move(store, doc, state, today)
        applied = Applied()
        store.update("assignments", doc["id"], {"state": state})
        label = _assignment_label(store, Placement(doc["task"], doc["skill"], doc["volunteer"]))
        applied.changes.append(
            Edit(
                "assignments", doc["id"], {"state": doc["state"]}, {"state": state}, label, "edited"
            )
        )
        offered = None
        if state == AssignmentState.DECLINED and offer_next:
            offered = _offer_next(store, doc, today, settings, applied)
        _auto_staff(store, {doc["task"]}, settings, applied, reopen=True)
    return StateChange(applied, state, offered)


def _check_move(store: Store, doc: dict[str, Any], state: str, today: dt.date) -> None:
    """Refuse moves the state machine does not allow, or that would break a hard rule."""
    current = doc["state"]
    if state == current:
        raise MatchRefused(_("the assignment is already {state}").format(state=_(state)))
    if state not in NEXT_STATES.get(current, frozenset()):
        allowed = ", ".join(_(s) for s in sorted(NEXT_STATES.get(current, ())))
        raise MatchRefused(
            _("a {current} assignment cannot become {state} (allowed: {allowed})").format(
                current=_(current), state=_(state), allowed=allowed or "-"
            )
        )
    if state in CHECKED_STATES:
        snapshot = Snapshot.from_store(store, today, ignore=[doc["id"]])
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

"""The hard rules judged on a snapshot: who may take a slot at all, and if not, why not.

The rules themselves live in `taskboard.model.rules`, the one place the store
also calls; this module reads each rule's values from a `Snapshot` (the
person, the job and the bookings) and gives the breach back as a `Reason` in
the active language. No suggestion, proposal or manual assignment ever breaks
them. Tasks with only a due date have no fixed time, so availability, away
periods and overlaps do not apply to them; their hours count in the due
date's week.

The fast candidate index and the solver are tested against these checks, and
every proposal is verified with them before it is shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from taskboard.matching.reasons import Reason, from_breach, reason
from taskboard.matching.snapshot import (
    REFUSED_STATES,
    Bookings,
    Job,
    NeedSpec,
    Person,
    Snapshot,
)
from taskboard.model import rules
from taskboard.model.rules import Breach, Window
from taskboard.store.queries import FILLING_STATES


@dataclass(frozen=True, slots=True)
class Check:
    """What one rule is judged on."""

    person: Person
    job: Job
    need: NeedSpec
    snapshot: Snapshot
    bookings: Bookings


Rule = Callable[[Check], Breach | None]


def _active(c: Check) -> Breach | None:
    return rules.active(c.person.active)


def _skill(c: Check) -> Breach | None:
    label = c.snapshot.skill(c.need.skill).label
    return rules.skill_level(label, c.person.skills.get(c.need.skill), c.need.min_level)


def _adult(c: Check) -> Breach | None:
    info = c.snapshot.skill(c.need.skill)
    return rules.adult_only(c.person.minor, {info.label: info.adult_only})


def _certificate(c: Check) -> Breach | None:
    info = c.snapshot.skill(c.need.skill)
    if not info.needs_cert:
        return None
    expires = c.person.certs.get(c.need.skill)
    return rules.certificate(info.label, True, expires, c.job.cert_day(c.snapshot.today))


def _away(c: Check) -> Breach | None:
    timing = c.job.timing
    if timing.day is None or timing.last_day is None or not timing.timed:
        return None
    return rules.away(c.person.away, timing.day, timing.last_day)


def _available(c: Check) -> Breach | None:
    return rules.availability(c.job.slots, c.person.availability)


def _held(c: Check) -> tuple[str, str] | None:
    return c.snapshot.on_task.get(c.job.id, {}).get(c.person.id)


def _on_task(c: Check) -> Breach | None:
    held = _held(c)
    if held is None or held[1] not in FILLING_STATES:
        return None
    return rules.on_task(c.snapshot.skill(held[0]).label)


def _refused(c: Check) -> Breach | None:
    held = _held(c)
    return rules.refused(held[1]) if held is not None and held[1] in REFUSED_STATES else None


def _overlap(c: Check) -> Breach | None:
    booking = c.bookings.conflict(c.person.id, c.job)
    if booking is None:
        return None
    return rules.overlap(booking.ref, Window(booking.start, booking.end))


def _cap(c: Check) -> Breach | None:
    week = c.job.timing.week
    if c.person.max_hours is None or week is None:
        return None
    booked = c.bookings.hours(c.person.id, week)
    return rules.weekly_cap(c.person.max_hours, booked, c.job.timing.hours)


HARD_RULES: tuple[Rule, ...] = (
    _active,
    _skill,
    _adult,
    _certificate,
    _away,
    _available,
    _on_task,
    _overlap,
    _cap,
)
"""Every hard rule, cheapest and most telling first."""
OFFER_RULES: tuple[Rule, ...] = (*HARD_RULES[:7], _refused, *HARD_RULES[7:])
"""The hard rules plus: nobody is offered a task they declined or missed.

A coordinator may still assign such a person by hand (they changed their mind).
"""


def breaches(
    person: Person,
    job: Job,
    need: NeedSpec,
    snapshot: Snapshot,
    bookings: Bookings | None = None,
    *,
    offer: bool = True,
) -> list[Reason]:
    """Every rule `person` would break by taking a `need` slot of `job` (empty = eligible).

    `bookings` defaults to the stored ones; pass a copy with a run's proposals
    added to judge them jointly. `offer=False` is a manual assignment: a past
    decline on this task is no obstacle then.
    """
    check = Check(person, job, need, snapshot, bookings or snapshot.bookings)
    chosen = OFFER_RULES if offer else HARD_RULES
    return [from_breach(found) for rule in chosen if (found := rule(check)) is not None]


def is_eligible(
    person: Person,
    job: Job,
    need: NeedSpec,
    snapshot: Snapshot,
    bookings: Bookings | None = None,
    *,
    offer: bool = True,
) -> bool:
    """True when `person` breaks no rule by taking the slot (stops at the first breach)."""
    check = Check(person, job, need, snapshot, bookings or snapshot.bookings)
    chosen = OFFER_RULES if offer else HARD_RULES
    return all(rule(check) is None for rule in chosen)


@dataclass(frozen=True, slots=True)
class Placement:
    """One person in one slot, as a proposal or a batch of picks holds it."""

    task: str
    skill: str
    person: str


def joint_breaches(
    placements: Sequence[Placement], snapshot: Snapshot, *, offer: bool = True
) -> dict[int, Reason]:
    """Placements (by position) that break a rule given the ones before them.

    Judged together, as they would be stored: no person (any record of them) twice on one task or in
    two overlapping windows, weekly caps counting every placement, and no more
    people on a need than it has open slots.
    """
    bookings = snapshot.bookings.copy()
    taken: Counter[tuple[str, str]] = Counter()
    seen: set[tuple[str, str]] = set()
    found: dict[int, Reason] = {}
    for position, placement in enumerate(placements):
        problem = _joint_breach(placement, snapshot, bookings, taken, seen, offer=offer)
        if problem is not None:
            found[position] = problem
            continue
        job = snapshot.job(placement.task)
        bookings.add(placement.person, job)
        taken[placement.task, placement.skill] += 1
        seen.add((placement.task, snapshot.person_key(placement.person)))
    return found


def _joint_breach(
    placement: Placement,
    snapshot: Snapshot,
    bookings: Bookings,
    taken: Counter[tuple[str, str]],
    seen: set[tuple[str, str]],
    *,
    offer: bool,
) -> Reason | None:
    person = snapshot.by_id.get(placement.person)
    job = snapshot.job(placement.task) if placement.task in snapshot.tasks else None
    need = job.need(placement.skill) if job is not None else None
    if person is None or job is None or need is None:
        return reason("unknown", "task, volunteer or skill no longer exists")
    twice = rules.on_task(need.skill) if (job.id, snapshot.person_key(person.id)) in seen else None
    if twice is not None:
        return from_breach(twice)
    if taken[job.id, need.skill] >= snapshot.open_count(job, need):
        return reason("full", "no open {skill} slot left", skill=snapshot.skill(need.skill).label)
    found = breaches(person, job, need, snapshot, bookings, offer=offer)
    return found[0] if found else None

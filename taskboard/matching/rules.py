"""The hard rules: who may take a slot at all, and if not, why not.

No suggestion, proposal or manual assignment ever breaks these:

- the volunteer is active;
- has the skill at the needed minimum level;
- holds a certificate valid on the task's day where the skill needs one;
- is an adult where the skill is adult-only (no minor welds);
- is free in the task's window: weekly availability covers every part of the
  day the window touches, and no away period falls on it;
- is not booked on another task whose window overlaps;
- stays within their weekly hour cap, counting confirmed work.

Tasks with only a due date have no fixed time, so availability and overlaps
do not apply to them; their hours count in the due date's week.

This module is the reference: the fast candidate index and the solver are
tested against it, and every proposal is verified with it before it is shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from taskboard.matching.reasons import Reason, hours_text, reason, slots_text, window_text
from taskboard.matching.snapshot import (
    HOURS_SLACK,
    REFUSED_STATES,
    Bookings,
    Job,
    NeedSpec,
    Person,
    Snapshot,
)
from taskboard.store.queries import FILLING_STATES


@dataclass(frozen=True, slots=True)
class Check:
    """What one rule is judged on."""

    person: Person
    job: Job
    need: NeedSpec
    snapshot: Snapshot
    bookings: Bookings


Rule = Callable[[Check], Reason | None]


def _active(c: Check) -> Reason | None:
    return None if c.person.active else reason("inactive", "not active")


def _skill(c: Check) -> Reason | None:
    level = c.person.skills.get(c.need.skill)
    label = c.snapshot.skill(c.need.skill).label
    if level is None:
        return reason("skill", "no {skill} skill", skill=label)
    if level < c.need.min_level:
        return reason(
            "level",
            "{skill} level {level} < {needed}",
            skill=label,
            level=level,
            needed=c.need.min_level,
        )
    return None


def _adult(c: Check) -> Reason | None:
    info = c.snapshot.skill(c.need.skill)
    if info.adult_only and c.person.minor:
        return reason("adult_only", "minor: {skill} is adult-only", skill=info.label)
    return None


def _certificate(c: Check) -> Reason | None:
    info = c.snapshot.skill(c.need.skill)
    if not info.needs_cert:
        return None
    expires = c.person.certs.get(c.need.skill)
    day = c.job.cert_day(c.snapshot.today)
    if expires is None:
        return reason("cert", "no {skill} certificate", skill=info.label)
    if expires < day:
        return reason(
            "cert",
            "{skill} certificate expired {expires} (needed on {day})",
            skill=info.label,
            expires=expires,
            day=day,
        )
    return None


def _away(c: Check) -> Reason | None:
    timing = c.job.timing
    if timing.day is None or timing.last_day is None or not timing.timed:
        return None
    period = c.person.away_during(timing.day, timing.last_day)
    if period is None:
        return None
    return reason("away", "away {start} – {end}", start=period[0], end=period[1])


def _available(c: Check) -> Reason | None:
    missing = c.job.slots - c.person.availability
    if not missing:
        return None
    return reason("availability", "not free on {slots}", slots=slots_text(missing))


def _on_task(c: Check) -> Reason | None:
    held = c.snapshot.on_task.get(c.job.id, {}).get(c.person.id)
    if held is None or held[1] not in FILLING_STATES:
        return None
    label = c.snapshot.skill(held[0]).label
    return reason("on_task", "already on this task ({skill})", skill=label)


def _refused(c: Check) -> Reason | None:
    held = c.snapshot.on_task.get(c.job.id, {}).get(c.person.id)
    if held is None or held[1] not in REFUSED_STATES:
        return None
    if held[1] == "declined":
        return reason("declined", "declined this task")
    return reason("no_show", "did not show up for this task")


def _overlap(c: Check) -> Reason | None:
    booking = c.bookings.conflict(c.person.id, c.job)
    if booking is None:
        return None
    return reason(
        "overlap",
        "booked on {ref} at {when}",
        ref=booking.ref,
        when=window_text(booking.start, booking.end),
    )


def _cap(c: Check) -> Reason | None:
    cap, week = c.person.max_hours, c.job.timing.week
    if cap is None or week is None:
        return None
    booked = c.bookings.hours(c.person.id, week)
    if booked + c.job.timing.hours <= cap + HOURS_SLACK:
        return None
    return reason(
        "cap",
        "weekly cap {cap} h: {booked} h booked + {hours} h",
        cap=hours_text(cap),
        booked=hours_text(booked),
        hours=hours_text(c.job.timing.hours),
    )


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
    rules = OFFER_RULES if offer else HARD_RULES
    return [found for rule in rules if (found := rule(check)) is not None]


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
    rules = OFFER_RULES if offer else HARD_RULES
    return all(rule(check) is None for rule in rules)


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

    Judged together, as they would be stored: no person twice on one task or in
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
        seen.add((placement.task, placement.person))
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
    if (job.id, person.id) in seen:
        return reason("on_task", "already on this task ({skill})", skill=need.skill)
    if taken[job.id, need.skill] >= snapshot.open_count(job, need):
        return reason("full", "no open {skill} slot left", skill=snapshot.skill(need.skill).label)
    found = breaches(person, job, need, snapshot, bookings, offer=offer)
    return found[0] if found else None

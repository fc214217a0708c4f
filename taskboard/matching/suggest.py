"""One task: a ranked list of eligible volunteers per needed skill, and why not the others.

The reference rules judge each person who has the skill at all (whoever lacks
it is only counted), so the reasons shown are exactly the rules' words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from taskboard.matching.fit import Fit, FitContext, fit
from taskboard.matching.reasons import Reason
from taskboard.matching.rules import breaches, is_eligible
from taskboard.matching.snapshot import Bookings, Job, NeedSpec, Person


@dataclass(frozen=True, slots=True)
class Candidate:
    """An eligible volunteer, with the fit score and its reasons."""

    person: Person
    fit: Fit


@dataclass(frozen=True, slots=True)
class Ineligible:
    """A volunteer with the skill who may not take the slot, and every rule in the way."""

    person: Person
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class NeedMatch:
    """Candidates for one needed skill of a task."""

    need: NeedSpec
    label: str
    filled: int
    open: int
    """Slots still to fill."""
    candidates: tuple[Candidate, ...]
    """Eligible people, best fit first."""
    ineligible: tuple[Ineligible, ...]
    """People with the skill who may not take it (only when asked why not)."""
    without_skill: int
    """How many active volunteers lack the skill altogether (not listed)."""


@dataclass(frozen=True, slots=True)
class TaskMatch:
    """The whole answer for one task."""

    job: Job
    needs: tuple[NeedMatch, ...]


def suggest(ctx: FitContext, task_id: str, *, why_not: bool = False) -> TaskMatch:
    """Ranked candidates for every need of the task; the ineligible too when `why_not`."""
    job = ctx.snapshot.job(task_id)
    return TaskMatch(job, tuple(match_need(ctx, job, need, why_not=why_not) for need in job.needs))


def match_need(
    ctx: FitContext,
    job: Job,
    need: NeedSpec,
    *,
    why_not: bool = False,
    bookings: Bookings | None = None,
    taken: Collection[str] = (),
) -> NeedMatch:
    """Candidates for one need; `bookings` and `taken` (person ids already placed on the
    task) let a draft proposal ask for alternatives that fit beside its other lines."""
    snapshot = ctx.snapshot
    holders = [person for person in snapshot.people if need.skill in person.skills]
    ranked, refused = [], []
    for person in holders:
        if person.id in taken:
            continue
        if why_not:
            found = breaches(person, job, need, snapshot, bookings)
            if found:
                refused.append(Ineligible(person, tuple(found)))
                continue
        elif not is_eligible(person, job, need, snapshot, bookings):
            continue
        ranked.append(Candidate(person, fit(person, job, need, ctx)))
    ranked.sort(key=lambda c: (-c.fit.score, c.person.ref, c.person.id))
    refused.sort(key=lambda i: (-i.person.skills.get(need.skill, 0), i.person.ref))
    active = sum(1 for person in snapshot.people if person.active)
    return NeedMatch(
        need=need,
        label=snapshot.skill(need.skill).label,
        filled=snapshot.filled.get(job.id, Counter())[need.skill],
        open=snapshot.open_count(job, need),
        candidates=tuple(ranked),
        ineligible=tuple(refused),
        without_skill=active - sum(1 for p in holders if p.active),
    )


def next_candidate(ctx: FitContext, task_id: str, skill: str) -> Candidate | None:
    """The best eligible person for a slot that has just been declined, if any."""
    job = ctx.snapshot.job(task_id)
    need = job.need(skill)
    if need is None:
        return None
    found = match_need(ctx, job, need).candidates
    return found[0] if found else None

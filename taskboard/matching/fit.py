"""The soft preferences: how well an eligible volunteer fits a slot, as a score and in words.

The score is a weighted sum of five parts, each between 0 and 1, with the
weights from `[match]` in the settings:

- level: one level above the minimum 0.5, two levels 1 — unless the person's
  level is scarce (no more such people than open slots that need that level),
  then -0.5: the only expert is kept for the slot only an expert can do;
- home site: 1 when the volunteer's community is the task's;
- fairness: 1 / (1 + h / 8) for h hours logged in the last 30 days, so the
  work spreads to those who did less;
- group: 1 when the volunteer is in the group the task prefers;
- continuity: 1 when they are already on a related task (same community and
  kind with a shared skill, or a shared tag) that is not finished.

The solver computes the same sum over arrays; `score` adds the parts in the
same order so that both give bit-for-bit the same number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, overload

from taskboard.i18n import group_name, language
from taskboard.matching.reasons import Reason, hours_text, reason
from taskboard.matching.snapshot import Job, NeedSpec, Person, Snapshot
from taskboard.model import Status
from taskboard.settings import MatchSettings
from taskboard.store.queries import FILLING_STATES

LEVEL_TERMS = (0.0, 0.5, 1.0)
"""Level part by how many levels above the minimum (0, 1, 2)."""
WASTE_TERM = -0.5
"""Level part for a scarce higher level spent on an easier slot."""
FAIR_HALF_HOURS = 8.0
"""Recent hours at which the fairness part halves."""
LIVE_WORK = frozenset({Status.OPEN, Status.STAFFED, Status.IN_PROGRESS})
"""Statuses of tasks whose people count for continuity."""

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]


def level_term(surplus: int, wasted: bool) -> float:
    """The level part for a person `surplus` levels above the minimum."""
    if wasted:
        return WASTE_TERM
    return LEVEL_TERMS[min(max(surplus, 0), len(LEVEL_TERMS) - 1)]


@overload
def fairness_term(hours: float) -> float: ...


@overload
def fairness_term(hours: FloatArray) -> FloatArray: ...


def fairness_term(hours: float | FloatArray) -> float | FloatArray:
    """1 with no recent hours, 0.5 at `FAIR_HALF_HOURS`; works on numbers and arrays alike."""
    return 1.0 / (1.0 + hours / FAIR_HALF_HOURS)


@dataclass
class FitContext:
    """What scoring needs beyond one person and one slot, computed once per snapshot."""

    snapshot: Snapshot
    weights: MatchSettings
    scarce: frozenset[tuple[str, int]]
    """(skill, level) pairs with no more such people than open slots needing that level."""
    _related: dict[tuple[str, str, str], set[str]] | None = None
    _continuing: dict[str, dict[str, str]] = field(default_factory=dict)
    _by_keys: dict[frozenset[tuple[str, str, str]], tuple[frozenset[str], dict[str, str]]] = field(
        default_factory=dict
    )
    _said: dict[str, dict[tuple[object, ...], Reason]] = field(default_factory=dict)

    @classmethod
    def build(cls, snapshot: Snapshot, weights: MatchSettings | None = None) -> FitContext:
        """The context for `snapshot` with `weights` (defaults from the settings model)."""
        return cls(snapshot, weights or MatchSettings(), scarce_levels(snapshot))

    def said(self) -> dict[tuple[object, ...], Reason]:
        """Reasons already put in words in the active language, by what they say."""
        return self._said.setdefault(language(), {})

    def wasted(self, person: Person, need: NeedSpec) -> bool:
        """True when a scarce higher level would be spent on an easier slot."""
        level = person.skills.get(need.skill, 0)
        return level > need.min_level and (need.skill, level) in self.scarce

    def continuing(self, job: Job) -> dict[str, str]:
        """Person id → reference of a related unfinished task they are on."""
        found = self._continuing.get(job.id)
        if found is None:
            found = self._continuing[job.id] = self._find_continuing(job)
        return found

    def _find_continuing(self, job: Job) -> dict[str, str]:
        """Tasks with the same community and kind and a shared skill, or a shared tag, share
        the answer (700 keys for 7,000 open district tasks): it is found once per key,
        and again only for a task that is itself among the related ones."""
        if not self.weights.continuity:
            return {}
        index = self._related_index()
        keys = [(job.site, job.kind, need.skill) for need in job.needs]
        keys += [(job.site, "#", tag) for tag in job.tags]
        shared = frozenset(keys)
        found = self._by_keys.get(shared)
        if found is None:
            related = frozenset().union(*(index.get(key, set()) for key in keys))
            found = self._by_keys[shared] = (related, self._people_on(related))
        related, people = found
        return self._people_on(related - {job.id}) if job.id in related else people

    def _people_on(self, tasks: Iterable[str]) -> dict[str, str]:
        """Person id → reference of the first of `tasks` (by id) they fill a slot on."""
        people: dict[str, str] = {}
        for task_id in sorted(tasks):
            ref = self.snapshot.tasks[task_id].get("ref", "")
            for person_id, (_skill, state) in self.snapshot.on_task.get(task_id, {}).items():
                if state in FILLING_STATES:
                    people.setdefault(person_id, ref)
        return people

    def _related_index(self) -> dict[tuple[str, str, str], set[str]]:
        """(site, kind, skill) and (site, `#`, tag) → unfinished tasks with people on them."""
        if self._related is None:
            self._related = {}
            for task_id in self.snapshot.on_task:
                doc = self.snapshot.tasks[task_id]
                if doc.get("status") not in LIVE_WORK:
                    continue
                site = doc.get("site", "")
                for need in doc.get("needs") or ():
                    key = (site, doc.get("kind", ""), need["skill"])
                    self._related.setdefault(key, set()).add(task_id)
                for tag in doc.get("tags") or ():
                    self._related.setdefault((site, "#", tag), set()).add(task_id)
        return self._related


def scarce_levels(snapshot: Snapshot) -> frozenset[tuple[str, int]]:
    """(skill, level) where open slots needing at least that level use up everyone who has it."""
    supply: Counter[tuple[str, int]] = Counter()
    for person in snapshot.people:
        if person.active:
            for skill, level in person.skills.items():
                for at_least in range(2, level + 1):
                    supply[skill, at_least] += 1
    demand: Counter[tuple[str, int]] = Counter()
    for job in snapshot.open_jobs():
        for need in job.needs:
            for at_least in range(2, need.min_level + 1):
                demand[need.skill, at_least] += snapshot.open_count(job, need)
    return frozenset(key for key, wanted in demand.items() if wanted >= supply[key])


@dataclass(frozen=True, slots=True)
class Fit:
    """A candidate's score and the reasons behind it."""

    score: float
    reasons: tuple[Reason, ...]


def score(person: Person, job: Job, need: NeedSpec, ctx: FitContext) -> float:
    """The fit score (the same number the solver uses)."""
    w = ctx.weights
    level = level_term(person.skills.get(need.skill, 0) - need.min_level, ctx.wasted(person, need))
    same_site = 1.0 if person.site == job.site else 0.0
    fair = fairness_term(ctx.snapshot.recent_hours.get(person.id, 0.0))
    in_group = 1.0 if job.prefer_group and job.prefer_group in person.groups else 0.0
    continues = 1.0 if person.id in ctx.continuing(job) else 0.0
    return (
        w.level * level
        + w.home_site * same_site
        + w.fairness * fair
        + w.group * in_group
        + w.continuity * continues
    )


def fit(person: Person, job: Job, need: NeedSpec, ctx: FitContext) -> Fit:
    """The score and why: `welding level 3 ≥ 2 · same community · 4 h in the last 30 days`."""
    return Fit(score(person, job, need, ctx), fit_reasons(person, job, need, ctx))


def fit_reasons(person: Person, job: Job, need: NeedSpec, ctx: FitContext) -> tuple[Reason, ...]:
    """Why `person` fits the slot, in words (`fit` without the score, for lines whose
    score the solver already has).

    Each reason is made once per context and language for what it says (the same
    level, community, hours, group, related task or due date) and then reused: a
    district's 24,000 lines say the same few thousand things."""
    said = ctx.said()
    level = person.skills.get(need.skill, 0)
    key: tuple[object, ...] = ("level", need.skill, level, need.min_level, ctx.wasted(person, need))
    reasons = [said.get(key) or said.setdefault(key, _level_reason(person, need, ctx))]
    key = ("site", person.site, person.site == job.site)
    reasons.append(said.get(key) or said.setdefault(key, _site_reason(person, job, ctx)))
    hours = ctx.snapshot.recent_hours.get(person.id, 0.0)
    key = ("hours", hours)
    reasons.append(
        said.get(key)
        or said.setdefault(
            key, reason("recent_hours", "{hours} h in the last 30 days", hours=hours_text(hours))
        )
    )
    reasons += _group_reasons(person, job)
    related = ctx.continuing(job).get(person.id)
    if related is not None:
        key = ("continuity", related)
        reasons.append(
            said.get(key)
            or said.setdefault(key, reason("continuity", "continues {ref}", ref=related))
        )
    if not job.timing.timed:
        key = ("due", job.timing.due)
        reasons.append(said.get(key) or said.setdefault(key, _no_fixed_time(job)))
    return tuple(reasons)


def _level_reason(person: Person, need: NeedSpec, ctx: FitContext) -> Reason:
    label = ctx.snapshot.skill(need.skill).label
    level = person.skills.get(need.skill, 0)
    if ctx.wasted(person, need):
        return reason(
            "waste",
            "{skill} level {level} ≥ {needed}, but level {level} is scarce: kept for harder slots",
            skill=label,
            level=level,
            needed=need.min_level,
        )
    return reason(
        "level", "{skill} level {level} ≥ {needed}", skill=label, level=level, needed=need.min_level
    )


def _site_reason(person: Person, job: Job, ctx: FitContext) -> Reason:
    if person.site == job.site:
        return reason("home_site", "same community")
    home = ctx.snapshot.sites.get(person.site or "", person.site or "?")
    return reason("other_site", "from {site}", site=home)


def _group_reasons(person: Person, job: Job) -> list[Reason]:
    if not job.prefer_group:
        return []
    if job.prefer_group in person.groups:
        return [reason("group", "in {group}", group=group_name(job.prefer_group))]
    return [reason("no_group", "not in {group}", group=group_name(job.prefer_group))]


def _no_fixed_time(job: Job) -> Reason:
    if job.timing.due is not None:
        return reason("no_fixed_time", "no fixed time (due {due})", due=job.timing.due)
    return reason("no_fixed_time", "no fixed time")

"""The whole board at once: a draft that fills as many open slots as possible, best fit first.

How the proposal is made:

1. Shrink. For every open slot, the candidate index keeps only the people who
   break no hard rule against what is stored (most pairs fail on skill alone),
   and their fit is scored over arrays.
2. Split. Tasks whose windows overlap, directly or through a chain, form a
   time group; a task without a fixed time is a group of its own. A person is
   used at most once per group, so overlaps can never be proposed.
3. Solve. Each group is an exact maximum-value bipartite matching (SciPy's
   sparse LAPJV, `min_weight_full_bipartite_matching`): most filled slots
   first, then the highest total fit.
4. Repair. Weekly hour caps tie groups together, which a matching cannot say.
   A person proposed past their cap keeps their best lines; they are barred
   from the groups of the others, and those groups are solved again with
   everyone's remaining hours known. This repeats until no cap is passed.
5. Fill up. A greedy pass offers slots still empty to anyone eligible beside
   the lines already proposed (a chain of windows can fit one person twice).
6. Compare. A plain greedy pass (most urgent task first, best free candidate
   per slot) runs on the same data; its result is kept instead whenever it
   fills more slots, or as many with a higher total fit, and the output says so.
7. Verify. Every line is checked against every hard rule jointly with the
   other lines before the draft is shown; nothing is stored until the
   coordinator accepts it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from taskboard.i18n import _, ngettext
from taskboard.matching.candidates import CandidateIndex, CandidateMasks
from taskboard.matching.fit import FitContext, fit_reasons
from taskboard.matching.reasons import Reason, reason, slots_text, window_text
from taskboard.matching.rules import Placement, joint_breaches
from taskboard.matching.snapshot import (
    HOURS_SLACK,
    Job,
    NeedSpec,
    Snapshot,
    Timing,
    Week,
    job_order,
)
from taskboard.matching.solver import KEEP, Bars, Demand, FitArrays, solve_group
from taskboard.store.storage import gc_paused

if TYPE_CHECKING:
    from taskboard.matching.solver import BoolArray, FloatArray, IntArray

MAX_REPAIR_ROUNDS = 8
"""Re-solves for weekly caps before the remaining over-cap lines are simply dropped."""

SOLVER = "solver"
GREEDY = "greedy"


@dataclass(frozen=True, slots=True)
class Line:
    """One proposed volunteer in one slot."""

    task: str
    ref: str
    title: str
    skill: str
    skill_label: str
    person: str
    person_ref: str
    name: str
    fit: float
    reasons: tuple[Reason, ...]

    @property
    def placement(self) -> Placement:
        """The line as the rules judge it."""
        return Placement(self.task, self.skill, self.person)


@dataclass(frozen=True, slots=True)
class Unfilled:
    """Slots of one need that the proposal leaves empty, and why."""

    task: str
    ref: str
    title: str
    skill: str
    skill_label: str
    missing: int
    reason: Reason


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one method achieved: slots filled, total fit, seconds taken."""

    method: str
    filled: int
    fit: float
    seconds: float


@dataclass
class Proposal:
    """The draft the coordinator reviews."""

    lines: list[Line]
    unfilled: list[Unfilled]
    slots: int
    """Open slots on the open tasks."""
    method: str
    """`solver` or `greedy`: whose lines these are."""
    solver: Outcome
    greedy: Outcome
    prepare_seconds: float
    """Reading candidates and scoring fits, shared by both methods."""
    notes: list[str] = field(default_factory=list)

    @property
    def filled(self) -> int:
        """Slots the draft fills."""
        return len(self.lines)

    @property
    def fit(self) -> float:
        """Total fit of the draft."""
        return sum(line.fit for line in self.lines)


Picks = dict[int, list[tuple[int, float]]]
"""Demand position → (person index, fit) placed on it."""


@dataclass
class _Board:
    """The shrunk problem: demands, their time groups, and the people's caps."""

    snapshot: Snapshot
    demands: list[Demand]
    groups: list[list[int]]
    """Demand positions of each time group."""
    group_of: list[int]
    """Time group of each demand."""
    past: list[Demand]
    """Demands of tasks whose window has passed: never proposed."""
    order: list[int] = field(init=False)
    """Demand positions in greedy order (`_greedy_key`): worked out once for every pass."""
    rank: list[int] = field(init=False)
    """Each demand's place in `order`."""

    def __post_init__(self) -> None:
        keys = [(_greedy_key(demand), p) for p, demand in enumerate(self.demands)]
        self.order = [p for _key, p in sorted(keys)]
        self.rank = [0] * len(self.order)
        for place, position in enumerate(self.order):
            self.rank[position] = place

    def in_order(self, positions: Iterable[int]) -> list[int]:
        """`positions` in greedy order."""
        return sorted(positions, key=self.rank.__getitem__)


# Entry point --------------------------------------------------------------------------------
def propose(ctx: FitContext, *, index: CandidateIndex | None = None) -> Proposal:
    """The whole-board draft for every open task in `ctx.snapshot`."""
    with gc_paused(freeze=False):
        return _propose(ctx, index)


def _propose(ctx: FitContext, index: CandidateIndex | None) -> Proposal:
    started = time.perf_counter()
    index = index or CandidateIndex(ctx.snapshot)
    board = shrink(ctx, index)
    prepared = time.perf_counter()
    solved, solver_notes = _solve(board)
    solver_time = time.perf_counter() - prepared
    greedy_started = time.perf_counter()
    greedy = fill_greedily(board, {})
    greedy_time = time.perf_counter() - greedy_started
    solver_outcome = Outcome(SOLVER, _count(solved), _total(solved), solver_time)
    greedy_outcome = Outcome(GREEDY, _count(greedy), _total(greedy), greedy_time)
    use_greedy = _better(greedy_outcome, solver_outcome)
    chosen = greedy if use_greedy else solved
    notes = solver_notes + [_choice_note(use_greedy, solver_outcome, greedy_outcome)]
    lines = _lines(ctx, board, chosen)
    lines, dropped = _verified(lines, ctx.snapshot)
    if dropped:
        notes.append(
            ngettext(
                "{n} line failed the final rule check and was left out",
                "{n} lines failed the final rule check and were left out",
                dropped,
            ).format(n=dropped)
        )
    return Proposal(
        lines=lines,
        unfilled=_unfilled(board, index, lines),
        slots=sum(d.open for d in board.demands) + sum(d.open for d in board.past),
        method=GREEDY if use_greedy else SOLVER,
        solver=solver_outcome,
        greedy=greedy_outcome,
        prepare_seconds=prepared - started,
        notes=notes,
    )


def greedy_proposal(ctx: FitContext, *, index: CandidateIndex | None = None) -> list[Line]:
    """The plain greedy pass alone (the baseline the solver is measured against)."""
    board = shrink(ctx, index or CandidateIndex(ctx.snapshot))
    return _lines(ctx, board, fill_greedily(board, {}))


def _better(challenger: Outcome, incumbent: Outcome) -> bool:
    """More slots filled, or as many with a higher total fit."""
    if challenger.filled != incumbent.filled:
        return challenger.filled > incumbent.filled
    return challenger.fit > incumbent.fit + 1e-9


def _choice_note(use_greedy: bool, solver: Outcome, greedy: Outcome) -> str:
    if use_greedy:
        return ngettext(
            "greedy pass kept: it filled {g} slot (fit {gf}), the solver {s} (fit {sf})",
            "greedy pass kept: it filled {g} slots (fit {gf}), the solver {s} (fit {sf})",
            greedy.filled,
        ).format(g=greedy.filled, gf=f"{greedy.fit:.2f}", s=solver.filled, sf=f"{solver.fit:.2f}")
    return ngettext(
        "solver kept: {s} slot (fit {sf}); a greedy pass fills {g} (fit {gf})",
        "solver kept: {s} slots (fit {sf}); a greedy pass fills {g} (fit {gf})",
        solver.filled,
    ).format(s=solver.filled, sf=f"{solver.fit:.2f}", g=greedy.filled, gf=f"{greedy.fit:.2f}")


def _count(picks: Picks) -> int:
    return sum(len(placed) for placed in picks.values())


def _total(picks: Picks) -> float:
    return sum(value for placed in picks.values() for _person, value in placed)


# 1–2. Shrink and split -----------------------------------------------------------------------
def shrink(ctx: FitContext, index: CandidateIndex, *, keep: int = KEEP) -> _Board:
    """The open slots, each with its eligible people ranked (the best `keep` at hand),
    split into time groups.

    Slots whose needs have the same person rules (skill, level, adult-only,
    certificate day), at the same site and preferring the same group, are ranked
    together (`FitArrays.rank_alike`); each job's own rules are read once, for
    all its needs."""
    snapshot = ctx.snapshot
    arrays = FitArrays(ctx)
    masks = CandidateMasks(index)
    demands: list[Demand] = []
    past: list[Demand] = []
    alike: dict[tuple[int, str, str | None], _Alike] = {}
    for job in snapshot.open_jobs():
        for need in job.needs:
            demand = Demand(job, need, snapshot.open_count(job, need))
            if not demand.open:
                continue
            if _has_passed(job, snapshot.today):
                past.append(demand)
                continue
            passing = masks.passing(job, need)
            key = (id(passing), job.site, job.prefer_group)
            found = alike.get(key)
            if found is None:
                found = alike[key] = _Alike(passing)
            found.demands.append(demand)
            found.free.append(masks.for_job(job)[passing])
            found.refills.append(partial(arrays.pool, job, need, partial(masks.people, job, need)))
            demands.append(demand)
    for found in alike.values():
        arrays.rank_alike(found.demands, found.passing, found.free, found.refills, keep=keep)
    groups = _time_groups(demands)
    group_of = [0] * len(demands)
    for number, members in enumerate(groups):
        for position in members:
            group_of[position] = number
    return _Board(snapshot, demands, groups, group_of, past)


@dataclass
class _Alike:
    """Slots alike but for their job (`FitArrays.rank_alike`): who passes their person
    rules, and per slot who also passes its job's rules and how to make its whole pool
    again."""

    passing: IntArray
    demands: list[Demand] = field(default_factory=list)
    free: list[BoolArray] = field(default_factory=list)
    refills: list[Callable[[], tuple[Any, Any]]] = field(default_factory=list)


def _has_passed(job: Job, today: dt.date) -> bool:
    end = job.timing.end
    return end is not None and end.date() < today


def _time_groups(demands: Sequence[Demand]) -> list[list[int]]:
    """Demand positions grouped by overlapping windows; an untimed task is its own group."""
    by_task: dict[str, list[int]] = {}
    for position, demand in enumerate(demands):
        by_task.setdefault(demand.job.id, []).append(position)
    untimed: list[list[int]] = []
    timed: list[tuple[dt.datetime, dt.datetime, list[int]]] = []
    for positions in by_task.values():
        timing = demands[positions[0]].job.timing
        if timing.start is None or timing.end is None:
            untimed.append(positions)
        else:
            timed.append((timing.start, timing.end, positions))
    timed.sort(key=lambda item: (item[0], item[1]))
    groups: list[list[int]] = []
    reach: dt.datetime | None = None
    for start, end, positions in timed:
        if reach is None or start >= reach:
            groups.append([])
            reach = end
        groups[-1].extend(positions)
        reach = max(reach, end)
    return groups + untimed


# 3–5. Solve, repair caps, fill up ---------------------------------------------------------
class _CapUse:
    """Hours the run has put on each capped person per week, kept up to date as groups change.

    Who has no room left for a demand is asked person by person, as the solver
    reads down a ranking (`_Barred`), instead of listing everyone over their
    cap for every demand of every round: the answer is the same, and only the
    few people read are looked at. Beside the dicts, each week's hours and
    rooms are kept as arrays over `Snapshot.people`, so that a long ranking is
    asked all at once (`_Barred.among`), with the same numbers.
    """

    def __init__(self, board: _Board) -> None:
        self.board = board
        self.used: dict[Week, dict[int, float]] = {}
        self._room: dict[tuple[int, Week], float] = {}
        self._arrays: dict[Week, tuple[FloatArray, BoolArray, FloatArray]] = {}
        self._rows: IntArray | None = None

    def change(self, position: int, placed: Iterable[tuple[int, float]], sign: float) -> None:
        """Add (`sign` 1) or take away (-1) the hours of `placed` on demand `position`."""
        timing = self.board.demands[position].job.timing
        if timing.week is None or not timing.hours:
            return
        people, rows = self.board.snapshot.people, self.board.snapshot.rows
        week = self.used.setdefault(timing.week, {})
        arrays = self._arrays.get(timing.week)
        for person, _value in placed:
            if people[person].max_hours is not None:
                row = rows[person]  # hours count per person, across their linked records
                week[row] = week.get(row, 0.0) + sign * timing.hours
                if arrays is not None:
                    arrays[0][row] = week[row]
                    arrays[1][row] = True

    def room(self, person: int, week: Week) -> float:
        """`_headroom`, worked out once per person and week."""
        key = (person, week)
        found = self._room.get(key)
        if found is None:
            found = self._room[key] = _headroom(self.board, person, week)
        return found

    def arrays(self, week: Week) -> tuple[FloatArray, BoolArray, FloatArray]:
        """The week's hours by person row, whether the run has any there, and each
        record's room (`_headroom`), as arrays."""
        found = self._arrays.get(week)
        if found is None:
            import numpy as np

            snapshot = self.board.snapshot
            size = len(snapshot.people)
            used = np.zeros(size)
            present = np.zeros(size, dtype=np.bool_)
            for row, hours in self.used.get(week, {}).items():
                used[row], present[row] = hours, True
            room = np.full(size, np.inf)
            for person in snapshot.people:
                if person.max_hours is not None:
                    room[person.index] = _headroom(self.board, person.index, week)
            found = self._arrays[week] = used, present, room
        return found

    def rows_of(self, people: IntArray) -> IntArray:
        """`Snapshot.rows` of `people` (themselves, unless records are linked)."""
        if not self.board.snapshot.linked_rows:
            return people
        if self._rows is None:
            import numpy as np

            self._rows = np.asarray(self.board.snapshot.rows, dtype=np.int64)
        return self._rows[people]

    def barred(self, position: int, banned: set[int]) -> Container[int]:
        """`banned`, and the capped people without room left for this demand's hours,
        given the run so far."""
        timing = self.board.demands[position].job.timing
        if timing.week is None:
            return banned
        return _Barred(self, banned, self.used.setdefault(timing.week, {}), timing)


class _Barred(Bars):
    """`person in barred`: banned from the demand, or the run's hours that week plus the
    demand's pass their cap."""

    __slots__ = ("banned", "hours", "rows", "usage", "used", "week")

    def __init__(
        self, usage: _CapUse, banned: set[int], used: dict[int, float], timing: Timing
    ) -> None:
        self.usage = usage
        self.rows = usage.board.snapshot.rows
        self.banned = banned
        self.used = used
        self.week: Week = timing.week  # type: ignore[assignment]
        self.hours = timing.hours

    def __contains__(self, person: object) -> bool:
        if person in self.banned:
            return True
        used = self.used.get(self.rows[person])  # type: ignore[call-overload]
        if used is None:
            return False
        room = self.usage.room(person, self.week)  # type: ignore[arg-type]
        return bool(used + self.hours > room + HOURS_SLACK)

    def among(self, people: IntArray) -> BoolArray:
        """`person in self` for each of `people` at once."""
        import numpy as np

        used, present, room = self.usage.arrays(self.week)
        rows = self.usage.rows_of(people)
        found = present[rows] & (used[rows] + self.hours > room[people] + HOURS_SLACK)
        if self.banned:
            found |= np.isin(people, list(self.banned))
        return found


def _solve(board: _Board) -> tuple[Picks, list[str]]:
    """The solver's lines, and notes on how they were made."""
    banned: list[set[int]] = [set() for _ in board.demands]
    picks: Picks = {}
    usage = _CapUse(board)
    dirty = set(range(len(board.groups)))
    heuristic: set[int] = set()
    rounds = 0
    while dirty and rounds <= MAX_REPAIR_ROUNDS:
        rounds += 1
        for group in sorted(dirty):
            if not _solve_one(board, group, picks, banned, usage):
                heuristic.add(group)
        dirty = _repair_caps(board, picks, banned) | _repair_people(board, picks, banned)
    _drop_doubles(board, picks)
    _drop_over_cap(board, picks)
    before = _count(picks)
    picks = fill_greedily(board, picks)
    return picks, _solver_notes(rounds, len(heuristic), _count(picks) - before)


def _solver_notes(rounds: int, heuristic: int, topped_up: int) -> list[str]:
    notes = [_("exact matching per time group (SciPy min_weight_full_bipartite_matching)")]
    if rounds > 1:
        notes.append(_("weekly caps settled in {n} rounds").format(n=rounds))
    if heuristic:
        notes.append(
            ngettext(
                "{n} time group was too large for the exact model and was filled greedily",
                "{n} time groups were too large for the exact model and were filled greedily",
                heuristic,
            ).format(n=heuristic)
        )
    if topped_up:
        notes.append(
            ngettext(
                "a greedy pass filled {n} more slot",
                "a greedy pass filled {n} more slots",
                topped_up,
            ).format(n=topped_up)
        )
    return notes


def _solve_one(
    board: _Board, group: int, picks: Picks, banned: list[set[int]], usage: _CapUse
) -> bool:
    """Solve one time group into `picks`; False when it was too large and filled greedily."""
    members = board.groups[group]
    for position in members:
        usage.change(position, picks.pop(position, []), -1.0)
    demands = [board.demands[position] for position in members]
    bars = [usage.barred(position, banned[position]) for position in members]
    found = solve_group(demands, bars)
    if found is None:
        filled = fill_greedily(board, picks, only=members)
        picks.clear()
        picks.update(filled)
    else:
        for local, person, value in found:
            picks.setdefault(members[local], []).append((person, value))
    for position in members:
        usage.change(position, picks.get(position, []), 1.0)
    return found is not None


def _week_hours(board: _Board, picks: Picks) -> dict[tuple[int, Week], float]:
    """(person, week) → hours of the run's lines that week (a person by `Snapshot.rows`)."""
    hours: dict[tuple[int, Week], float] = {}
    for position, placed in picks.items():
        timing = board.demands[position].job.timing
        if timing.week is None or not timing.hours:
            continue
        for person, _value in placed:
            key = (board.snapshot.rows[person], timing.week)
            hours[key] = hours.get(key, 0.0) + timing.hours
    return hours


def _headroom(board: _Board, person: int, week: Week) -> float:
    """Hours `person` may still take in `week` beside their stored confirmed work."""
    who = board.snapshot.people[person]
    if who.max_hours is None:
        return float("inf")
    return who.max_hours - board.snapshot.bookings.hours(who.id, week)


def _repair_caps(board: _Board, picks: Picks, banned: list[set[int]]) -> set[int]:
    """Keep each over-cap person's best lines; bar them from the rest. Returns groups to redo."""
    dirty: set[int] = set()
    for (person, week), used in _week_hours(board, picks).items():
        room = _headroom(board, person, week)
        if used <= room + HOURS_SLACK:
            continue
        for position in _lines_to_drop(board, picks, person, week, room):
            banned[position].update(board.snapshot.linked_rows.get(person, (person,)))
            dirty.add(board.group_of[position])
    return dirty


def _lines_to_drop(board: _Board, picks: Picks, person: int, week: Week, room: float) -> list[int]:
    """Positions of `person`'s lines in `week` that do not fit under the cap, best kept."""
    mine = [
        (value, position)
        for position, placed in picks.items()
        if board.demands[position].job.timing.week == week
        for who, value in placed
        if board.snapshot.rows[who] == person
    ]
    mine.sort(key=lambda item: (-item[0], item[1]))
    dropped, used = [], 0.0
    for _value, position in mine:
        hours = board.demands[position].job.timing.hours
        if used + hours <= room + HOURS_SLACK:
            used += hours
        else:
            dropped.append(position)
    return dropped


def _doubles(board: _Board, picks: Picks) -> list[tuple[int, int]]:
    """(position, person index) of lines that put a person a second time on one task or
    in an overlapping window through another of their linked records; the better line
    of each clash is kept. The solver keeps each record once per time group, and only
    linked records can clash this way (overlapping windows share a time group)."""
    linked = board.snapshot.linked_rows
    if not linked:
        return []
    rows = board.snapshot.rows
    mine: dict[tuple[int, int], list[tuple[float, int, int]]] = {}
    for position, placed in picks.items():
        for person, value in placed:
            if person in linked:
                key = (board.group_of[position], rows[person])
                mine.setdefault(key, []).append((-value, position, person))
    clashes = []
    for lines in mine.values():
        kept: list[int] = []
        for _value, position, person in sorted(lines):
            job = board.demands[position].job
            if any(_clash(job, board.demands[other].job) for other in kept):
                clashes.append((position, person))
            else:
                kept.append(position)
    return clashes


def _clash(job: Job, other: Job) -> bool:
    """One person cannot take both: the same task, or windows that overlap."""
    start, end = other.timing.start, other.timing.end
    if job.id == other.id:
        return True
    return start is not None and end is not None and job.timing.overlaps(start, end)


def _repair_people(board: _Board, picks: Picks, banned: list[set[int]]) -> set[int]:
    """Bar a person's linked records from the lines that clash with their better line."""
    dirty: set[int] = set()
    for position, person in _doubles(board, picks):
        banned[position].update(board.snapshot.linked_rows[person])
        dirty.add(board.group_of[position])
    return dirty


def _drop_doubles(board: _Board, picks: Picks) -> None:
    """Last resort after the repair rounds: remove lines that still clash."""
    for position, person in _doubles(board, picks):
        picks[position] = [(p, v) for p, v in picks[position] if p != person]


def _drop_over_cap(board: _Board, picks: Picks) -> None:
    """Last resort after the repair rounds: remove lines that still pass a cap."""
    for (person, week), used in _week_hours(board, picks).items():
        room = _headroom(board, person, week)
        if used > room + HOURS_SLACK:
            for position in _lines_to_drop(board, picks, person, week, room):
                rows = board.snapshot.rows
                picks[position] = [(p, v) for p, v in picks[position] if rows[p] != person]


def fill_greedily(board: _Board, start: Picks, *, only: Iterable[int] | None = None) -> Picks:
    """Offer every empty slot, most urgent task first, to its best candidate still free.

    Free means: not on the task already, no overlapping window and room under
    the weekly cap, counting every line in `start` and those placed so far.
    With an empty `start` this is the greedy baseline; after the solver it
    fills what is left. `only` limits it to some demands (a group too large
    for the exact model).
    """
    demands = board.demands
    picks: Picks = {position: list(placed) for position, placed in start.items()}
    plan = _Plan(board.snapshot)
    for position, placed in picks.items():
        for person, _value in placed:
            plan.book(person, demands[position].job)
    for position in board.order if only is None else board.in_order(only):
        demand = demands[position]
        placed = picks.setdefault(position, [])
        if len(placed) >= demand.open:
            continue
        for person, value in demand.candidates():
            if len(placed) >= demand.open:
                break
            if plan.fits(person, demand.job):
                plan.book(person, demand.job)
                placed.append((person, value))
    return picks


def _greedy_key(demand: Demand) -> tuple[int, dt.date, str, int]:
    """Greedy's order: most urgent and soonest task first, harder needs of a task first."""
    priority, day, ref = job_order(demand.job)
    return priority, day, ref, -demand.need.min_level


class _Plan:
    """The run's lines per person, to keep greedy choices within the joint rules."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.tasks: dict[int, set[str]] = {}
        self.windows: dict[int, list[Timing]] = {}
        """Only the fixed windows: a task without one overlaps nothing."""
        self.hours: dict[tuple[int, Week], float] = {}

    def book(self, person: int, job: Job) -> None:
        """Count a line of `person` on `job` (for the person, across their linked records)."""
        person = self.snapshot.rows[person]
        self.tasks.setdefault(person, set()).add(job.id)
        timing = job.timing
        if timing.start is not None and timing.end is not None:
            self.windows.setdefault(person, []).append(timing)
        week = timing.week
        if week is not None:
            self.hours[person, week] = self.hours.get((person, week), 0.0) + timing.hours

    def fits(self, person: int, job: Job) -> bool:
        """Not on the job yet, no overlap with their other lines, and room under the cap."""
        timing = job.timing
        row = self.snapshot.rows[person]
        if job.id in self.tasks.get(row, ()):
            return False
        if timing.start is not None:
            for other in self.windows.get(row, ()):
                if timing.overlaps(other.start, other.end):  # type: ignore[arg-type]
                    return False
        who = self.snapshot.people[person]
        if who.max_hours is None or timing.week is None:
            return True
        used = self.hours.get((row, timing.week), 0.0)
        booked = self.snapshot.bookings.hours(who.id, timing.week)
        return booked + used + timing.hours <= who.max_hours + HOURS_SLACK


# 7. Lines, verification, what stays empty -------------------------------------------------
def _lines(ctx: FitContext, board: _Board, picks: Picks) -> list[Line]:
    """The picks as lines with reasons, in board order (task, then skill, then fit)."""
    lines = []
    people = ctx.snapshot.people
    for position in board.in_order(picks):
        job, need = board.demands[position].job, board.demands[position].need
        label = ctx.snapshot.skill(need.skill).label
        for person_index, value in sorted(picks[position], key=lambda item: -item[1]):
            person = people[person_index]
            why = fit_reasons(person, job, need, ctx)
            lines.append(
                Line(
                    task=job.id,
                    ref=job.ref,
                    title=job.title,
                    skill=need.skill,
                    skill_label=label,
                    person=person.id,
                    person_ref=person.ref,
                    name=person.name,
                    fit=value,
                    reasons=why,
                )
            )
    return lines


def _verified(lines: list[Line], snapshot: Snapshot) -> tuple[list[Line], int]:
    """The lines that pass every hard rule jointly, and how many did not."""
    broken = joint_breaches([line.placement for line in lines], snapshot)
    return [line for i, line in enumerate(lines) if i not in broken], len(broken)


def _unfilled(board: _Board, index: CandidateIndex, lines: Iterable[Line]) -> list[Unfilled]:
    placed: dict[tuple[str, str], int] = {}
    for line in lines:
        placed[line.task, line.skill] = placed.get((line.task, line.skill), 0) + 1
    found = [_entry(board.snapshot, d, d.open, _passed_reason(d)) for d in board.past]
    for demand in board.demands:
        missing = demand.open - placed.get((demand.job.id, demand.need.skill), 0)
        if missing > 0:
            here = demand.open - missing
            why = empty_slot_reason(index, demand.job, demand.need, demand.count, here)
            found.append(_entry(board.snapshot, demand, missing, why))
    return found


def _entry(snapshot: Snapshot, demand: Demand, missing: int, why: Reason) -> Unfilled:
    job = demand.job
    label = snapshot.skill(demand.need.skill).label
    return Unfilled(job.id, job.ref, job.title, demand.need.skill, label, missing, why)


def _passed_reason(demand: Demand) -> Reason:
    timing = demand.job.timing
    assert timing.start is not None and timing.end is not None
    return reason(
        "passed", "the window has passed ({when})", when=window_text(timing.start, timing.end)
    )


def empty_slot_reason(
    index: CandidateIndex, job: Job, need: NeedSpec, eligible: int, placed: int = 0
) -> Reason:
    """Why a slot stays empty: the first filter that leaves nobody, in words.

    `eligible` people passed every rule; `placed` of them are on this need already.
    """
    label = index.snapshot.skill(need.skill).label
    values = {"skill": label, "level": need.min_level, "slots": slots_text(job.slots)}
    for stage in index.stages(job, need):
        if not stage.left:
            return reason(stage.code, _EMPTY_STAGE[stage.code], **values)
    if eligible <= placed:
        few = ngettext(
            "only {n} person with {skill} ≥ {level} is eligible",
            "only {n} people with {skill} ≥ {level} are eligible",
            eligible,
        )
        return Reason("few", few.format(n=eligible, **values))
    taken = ngettext(
        "the {n} eligible person is proposed for other slots or would pass their weekly cap",
        "the {n} eligible people are proposed for other slots or would pass their weekly cap",
        eligible,
    )
    return Reason("taken", taken.format(n=eligible))


_EMPTY_STAGE = {
    "level": "no active volunteer has {skill} ≥ {level}",
    "adult_only": "no adult has {skill} ≥ {level}",
    "cert": "no one with {skill} ≥ {level} holds a valid certificate",
    "availability": "no one with {skill} ≥ {level} is free on {slots}",
    "booked": "everyone with {skill} ≥ {level} free on {slots} is away or booked then",
    "cap": (
        "no one with {skill} ≥ {level} is left: all are on this task, declined it,"
        " or at their weekly cap"
    ),
}
"""Why a slot is empty, by the first filter that leaves nobody."""

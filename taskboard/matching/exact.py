"""The exact whole-board optimum as a MILP, for measuring the solver on small boards.

Every joint rule is a linear constraint here — one person per slot and per
task, no two overlapping windows for one person, weekly caps across tasks —
so the optimum is exact, but HiGHS needs seconds where the solver needs
milliseconds. The benchmark and the tests use it to report the solver's gap.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from taskboard.matching.candidates import CandidateIndex
from taskboard.matching.fit import FitContext
from taskboard.matching.propose import Outcome, shrink
from taskboard.matching.rules import Placement
from taskboard.matching.snapshot import HOURS_SLACK
from taskboard.matching.solver import Demand

EXACT = "milp"


@dataclass
class _Model:
    """Variables (demand, person) and the rows of the constraint matrix."""

    variables: list[tuple[int, int]]
    rows: list[dict[int, float]]
    limits: list[float]

    def add(self, coefficients: dict[int, float], limit: float) -> None:
        if coefficients:
            self.rows.append(coefficients)
            self.limits.append(limit)


def exact_proposal(
    ctx: FitContext, *, index: CandidateIndex | None = None, time_limit: float = 60.0
) -> tuple[Outcome, list[Placement]]:
    """The MILP optimum: most slots filled, then highest total fit."""
    started = time.perf_counter()
    board = shrink(ctx, index or CandidateIndex(ctx.snapshot))
    model = _build(board.demands, ctx)
    chosen = _solve(model, board.demands, time_limit)
    fits = {(d, p): v for d, demand in enumerate(board.demands) for p, v in _fit_map(demand)}
    placements = [
        Placement(board.demands[d].job.id, board.demands[d].need.skill, ctx.snapshot.people[p].id)
        for d, p in chosen
    ]
    total = sum(fits[d, p] for d, p in chosen)
    return Outcome(EXACT, len(chosen), total, time.perf_counter() - started), placements


def _fit_map(demand: Demand) -> list[tuple[int, float]]:
    return list(zip(demand.people, demand.fits, strict=True))


def _build(demands: list[Demand], ctx: FitContext) -> _Model:
    variables = [(d, p) for d, demand in enumerate(demands) for p in demand.people]
    model = _Model(variables, [], [])
    by_job_person: dict[tuple[str, int], list[int]] = {}
    by_demand: dict[int, list[int]] = {}
    rows = ctx.snapshot.rows  # linked records are one person
    for column, (d, p) in enumerate(variables):
        by_job_person.setdefault((demands[d].job.id, rows[p]), []).append(column)
        by_demand.setdefault(d, []).append(column)
    for d, columns in by_demand.items():
        model.add(dict.fromkeys(columns, 1.0), demands[d].open)
    for columns in by_job_person.values():
        if len(columns) > 1:
            model.add(dict.fromkeys(columns, 1.0), 1.0)
    _overlaps(model, demands, by_job_person)
    _caps(model, demands, by_job_person, ctx)
    return model


def _overlaps(
    model: _Model, demands: list[Demand], by_job_person: dict[tuple[str, int], list[int]]
) -> None:
    """One person in at most one of two tasks whose windows overlap."""
    jobs = {demand.job.id: demand.job for demand in demands}
    timed = [job for job in jobs.values() if job.timing.start is not None]
    for i, first in enumerate(timed):
        for second in timed[i + 1 :]:
            start, end = second.timing.start, second.timing.end
            if start is None or end is None or not first.timing.overlaps(start, end):
                continue
            for (job_id, person), columns in by_job_person.items():
                if job_id == first.id and (second.id, person) in by_job_person:
                    both = columns + by_job_person[second.id, person]
                    model.add(dict.fromkeys(both, 1.0), 1.0)


def _caps(
    model: _Model,
    demands: list[Demand],
    by_job_person: dict[tuple[str, int], list[int]],
    ctx: FitContext,
) -> None:
    """Each capped person's hours per week, stored confirmed work included."""
    snapshot = ctx.snapshot
    jobs = {demand.job.id: demand.job for demand in demands}
    per_week: dict[tuple[int, tuple[int, int]], dict[int, float]] = {}
    for (job_id, person), columns in by_job_person.items():
        job = jobs[job_id]
        if snapshot.people[person].max_hours is None or job.timing.week is None:
            continue
        row = per_week.setdefault((person, job.timing.week), {})
        for column in columns:
            row[column] = job.timing.hours
    for (person, week), row in per_week.items():
        who = snapshot.people[person]
        assert who.max_hours is not None
        room = who.max_hours - snapshot.bookings.hours(who.id, week) + HOURS_SLACK
        model.add(row, room)


def _solve(model: _Model, demands: list[Demand], time_limit: float) -> list[tuple[int, int]]:
    import numpy as np
    from scipy.optimize import LinearConstraint, milp  # type: ignore[import-untyped]
    from scipy.sparse import lil_array  # type: ignore[import-untyped]

    if not model.variables:
        return []
    fits = {(d, p): v for d, demand in enumerate(demands) for p, v in _fit_map(demand)}
    values = [fits[key] for key in model.variables]
    low = min(values)
    slots = sum(demand.open for demand in demands)
    fill_bonus = slots * (max(values) - low + 1.0) + 1.0
    cost = -np.asarray([fill_bonus + (v - low) + 1.0 for v in values])
    matrix = lil_array((len(model.rows), len(model.variables)))
    for r, row in enumerate(model.rows):
        for column, coefficient in row.items():
            matrix[r, column] = coefficient
    constraint = LinearConstraint(matrix.tocsr(), -np.inf, np.asarray(model.limits))
    result = milp(
        cost,
        constraints=[constraint],
        integrality=np.ones(len(values)),
        bounds=(0, 1),
        options={"time_limit": time_limit},
    )
    if result.x is None:
        return []
    return [key for key, x in zip(model.variables, result.x, strict=True) if x > 0.5]

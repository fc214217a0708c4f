"""The numeric core of the whole-board proposal: fit scores over arrays and exact matching.

NumPy and SciPy are imported inside these functions only: together they take
about half a second to load, which the CLI and the board must not pay at
start-up. The board runs matching in a worker thread; SciPy releases the GIL
while it solves.

The model for one time group (tasks whose windows chain into each other, or a
single task without a fixed time) is a bipartite matching: a row per open slot,
a column per volunteer, each volunteer in at most one row of the group, which
also keeps one person to one slot per task and out of two overlapping windows.
Edge values put filling a slot before any difference in fit, so the optimum
fills as many slots as possible and then has the highest total fit. Each row
keeps only its `rows` best candidates: a row of an optimal matching using
someone further down could swap to one of them left free by the other rows
without losing value, so the pruning loses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from taskboard.matching.fit import LEVEL_TERMS, WASTE_TERM, FitContext, fairness_term
from taskboard.matching.snapshot import Job, NeedSpec

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.int64]

DUMMY_VALUE = 0.5
"""Value of leaving a row unfilled: non-zero, as the sparse solver needs, below any fill."""
MAX_EDGES = 4_000_000
"""Largest matching solved exactly; a bigger group is filled greedily (and the output says so)."""


@dataclass
class Demand:
    """Open slots of one need of one task, with its eligible people ranked best first."""

    job: Job
    need: NeedSpec
    open: int
    people: list[int] = field(default_factory=list)
    """`Person.index` of each eligible person, best fit first."""
    fits: list[float] = field(default_factory=list)
    """Their fit scores, in the same order."""


class FitArrays:
    """Every person's fit parts as arrays, so a slot scores all its candidates at once."""

    def __init__(self, ctx: FitContext) -> None:
        import numpy as np

        self.ctx = ctx
        snapshot = ctx.snapshot
        people = snapshot.people
        hours = np.array([snapshot.recent_hours.get(p.id, 0.0) for p in people], dtype=np.float64)
        self.fair: FloatArray = fairness_term(hours)
        codes: dict[str | None, int] = {}
        self.site: IntArray = np.array(
            [codes.setdefault(p.site, len(codes)) for p in people], dtype=np.int64
        )
        self._site_codes = codes
        self._levels: dict[str, IntArray] = {}
        self._groups: dict[str, FloatArray] = {}

    def levels(self, skill: str) -> IntArray:
        """Everyone's level in `skill` (0 without it)."""
        import numpy as np

        found = self._levels.get(skill)
        if found is None:
            people = self.ctx.snapshot.people
            found = np.array([p.skills.get(skill, 0) for p in people], dtype=np.int64)
            self._levels[skill] = found
        return found

    def in_group(self, group: str) -> FloatArray:
        """1.0 for members of `group`, else 0.0."""
        import numpy as np

        found = self._groups.get(group)
        if found is None:
            people = self.ctx.snapshot.people
            found = np.array([1.0 if group in p.groups else 0.0 for p in people])
            self._groups[group] = found
        return found

    def scores(self, job: Job, need: NeedSpec, people: IntArray) -> FloatArray:
        """Fit scores of `people` for the slot, summed in the order `fit.score` uses."""
        import numpy as np

        w = self.ctx.weights
        levels = self.levels(need.skill)[people]
        scarce = np.array([(need.skill, lvl) in self.ctx.scarce for lvl in range(4)] + [False])
        wasted = (levels > need.min_level) & scarce[np.minimum(levels, 4)]
        surplus = np.clip(levels - need.min_level, 0, len(LEVEL_TERMS) - 1)
        level = np.where(wasted, WASTE_TERM, np.asarray(LEVEL_TERMS)[surplus])
        site_code = self._site_codes.get(job.site, -1)
        same_site = (self.site[people] == site_code).astype(np.float64)
        if job.prefer_group:
            group = self.in_group(job.prefer_group)[people]
        else:
            group = np.zeros(len(people))
        continues = self._continuing(job, people)
        return (  # type: ignore[no-any-return]
            w.level * level
            + w.home_site * same_site
            + w.fairness * self.fair[people]
            + w.group * group
            + w.continuity * continues
        )

    def _continuing(self, job: Job, people: IntArray) -> FloatArray:
        import numpy as np

        related = self.ctx.continuing(job)
        if not related:
            return np.zeros(len(people))
        by_id = self.ctx.snapshot.by_id
        marks = np.zeros(len(self.site), dtype=np.float64)
        marks[[by_id[p].index for p in related if p in by_id]] = 1.0
        return marks[people]

    def rank(self, demand: Demand, eligible: set[int]) -> None:
        """Fill `demand.people` and `demand.fits` with `eligible`, best fit first."""
        import numpy as np

        if not eligible:
            return
        people = np.fromiter(eligible, dtype=np.int64, count=len(eligible))
        fits = self.scores(demand.job, demand.need, people)
        order = np.lexsort((people, -fits))
        demand.people = people[order].tolist()
        demand.fits = fits[order].tolist()


def best_people(demand: Demand, limit: int, banned: set[int]) -> tuple[list[int], list[float]]:
    """The demand's `limit` best candidates not in `banned`, in rank order."""
    people: list[int] = []
    fits: list[float] = []
    for person, value in zip(demand.people, demand.fits, strict=True):
        if person in banned:
            continue
        people.append(person)
        fits.append(value)
        if len(people) == limit:
            break
    return people, fits


def solve_group(
    demands: Sequence[Demand], banned: Sequence[set[int]]
) -> list[tuple[int, int, float]] | None:
    """The optimal (demand position, person, fit) triples for one time group.

    `banned[i]` are people demand `i` may not use. Returns None when the group
    is too large for the exact model.
    """
    rows = sum(d.open for d in demands)
    kept = [best_people(d, rows, ban) for d, ban in zip(demands, banned, strict=True)]
    if len(demands) == 1:  # one need alone: its best people are the optimum
        people, fits = kept[0]
        return list(zip([0] * demands[0].open, people, fits, strict=False))
    edges = sum(d.open * len(people) for d, (people, _f) in zip(demands, kept, strict=True))
    if edges > MAX_EDGES:
        return None
    return _match(demands, kept, rows)


def _match(
    demands: Sequence[Demand], kept: Sequence[tuple[list[int], list[float]]], rows: int
) -> list[tuple[int, int, float]]:
    """Maximum-value full matching of the group's slots, each row with its own dummy column."""
    import numpy as np
    from scipy.sparse import csr_array  # type: ignore[import-untyped]
    from scipy.sparse.csgraph import (  # type: ignore[import-untyped]
        min_weight_full_bipartite_matching,
    )

    all_fits = [value for _people, fits in kept for value in fits]
    low = min(all_fits, default=0.0)
    spread = max(all_fits, default=0.0) - low + 1.0
    fill_bonus = rows * spread + 1.0
    columns = sorted({person for people, _fits in kept for person in people})
    column_of = {person: i for i, person in enumerate(columns)}
    row_of: list[int] = []
    data: list[float] = []
    cols: list[int] = []
    indptr = [0]
    for position, (demand, (people, fits)) in enumerate(zip(demands, kept, strict=True)):
        values = [fill_bonus + (value - low) + 1.0 for value in fits]
        targets = [column_of[person] for person in people]
        for _slot in range(demand.open):
            dummy = len(columns) + len(row_of)
            row_of.append(position)
            cols.extend([*targets, dummy])
            data.extend([*values, DUMMY_VALUE])
            indptr.append(len(cols))
    shape = (rows, len(columns) + rows)
    matrix = csr_array(
        (np.asarray(data), np.asarray(cols, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=shape,
    )
    matched_rows, matched_cols = min_weight_full_bipartite_matching(matrix, maximize=True)
    fit_of = [dict(zip(people, fits, strict=True)) for people, fits in kept]
    return _triples(matched_rows, matched_cols, row_of, columns, fit_of)


def _triples(
    matched_rows: Any,
    matched_cols: Any,
    row_of: list[int],
    columns: list[int],
    fit_of: list[dict[int, float]],
) -> list[tuple[int, int, float]]:
    """The matched rows that got a real volunteer (not their dummy column)."""
    found = []
    for row, column in zip(matched_rows.tolist(), matched_cols.tolist(), strict=True):
        if column < len(columns):
            demand, person = row_of[row], columns[column]
            found.append((demand, person, fit_of[demand][person]))
    return found

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

from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from taskboard.matching.fit import LEVEL_TERMS, WASTE_TERM, FitContext, fairness_term
from taskboard.matching.snapshot import Job, NeedSpec

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

DUMMY_VALUE = 0.5
"""Value of leaving a row unfilled: non-zero, as the sparse solver needs, below any fill."""
HEAD_SIZE = 32
"""People of a ranking first turned into Python values; the rest follow as they are read."""
KEEP = 256
"""People kept per slot after scoring, best first; more are scored again if read."""
MAX_EDGES = 4_000_000
"""Largest matching solved exactly; a bigger group is filled greedily (and the output says so)."""


@dataclass(slots=True)
class Demand:
    """Open slots of one need of one task, with its eligible people ranked best first.

    The ranking is kept as arrays, and only its best part: at district size a
    slot has about 1,350 eligible people, but the solver and the greedy pass
    read only the first few. The order is by fit, best first, ties by
    `Person.index`; Python lists are made for a growing prefix (`head`,
    `candidates`) and for the whole ranking only when asked (`people`, `fits`).
    """

    job: Job
    need: NeedSpec
    open: int
    pool: Any = None
    """`Person.index` of eligible people, best first (an int array), or None: everyone,
    or only the best of them (ties at the edge included) until more is read."""
    pool_fits: Any = None
    """Their fit scores, in the same order (a float array), or None."""
    eligible: int = 0
    """How many people are eligible."""
    refill: Callable[[], tuple[Any, Any]] | None = None
    """Makes the whole pool (people, fits) again, when more is read than `pool` holds."""
    _head: tuple[list[int], list[float]] = field(default_factory=lambda: ([], []))

    @property
    def count(self) -> int:
        """How many people are eligible."""
        return self.eligible

    def set_pool(
        self, people: Any, fits: Any, keep: int, refill: Callable[[], tuple[Any, Any]]
    ) -> None:
        """Everyone eligible (ascending) and their fits. Only the best `keep` (ties at
        the edge included) are kept, so that 12,000 slots of 1,350 people each do not
        hold 260 MB of arrays, and ranked now: the solver reads every demand's head.
        `refill` makes the rest again on the rare read past them."""
        import numpy as np

        self.eligible = count = len(people)
        if count > keep:
            bound = np.partition(fits, count - keep)[count - keep]
            inside = (fits >= bound).nonzero()[0]
            people, fits = people[inside], fits[inside]
            self.refill = refill
        self._rank(people, fits)

    def _rank(self, people: Any, fits: Any) -> None:
        """`people` (ascending) and their fits as the pool, best fit first, ties by person."""
        import numpy as np

        order = np.argsort(-fits, kind="stable")  # people ascend: ties stay in their order
        self.pool, self.pool_fits = people[order], fits[order]

    def _ranked(self, size: int) -> tuple[Any, Any]:
        """The pool and its fits, holding at least the `size` best (or everyone)."""
        if size > len(self.pool) and self.refill is not None:
            self._rank(*self.refill())
            self.refill = None
        return self.pool, self.pool_fits

    def head(self, size: int) -> tuple[list[int], list[float]]:
        """At least the first `size` people and fits (all when fewer are eligible), as lists."""
        people, fits = self._head
        if len(people) < size and len(people) < self.count:
            ranked, values = self._ranked(size)
            people, fits = ranked[:size].tolist(), values[:size].tolist()
            self._head = people, fits
        return people, fits

    def candidates(self) -> Iterator[tuple[int, float]]:
        """(person, fit) best first; the lists grow only as far as the caller reads."""
        at, size = 0, HEAD_SIZE
        while True:
            people, fits = self.head(size)
            while at < len(people):
                yield people[at], fits[at]
                at += 1
            if at >= self.count:
                return
            size = 4 * len(people)

    @property
    def people(self) -> list[int]:
        """Everyone eligible, best fit first."""
        return self.head(self.count)[0]

    @property
    def fits(self) -> list[float]:
        """Their fit scores, in the same order."""
        return self.head(self.count)[1]


class FitArrays:
    """Every person's fit parts as arrays, so a slot scores all its candidates at once.

    Each part is kept weighted over all people (per skill and level, per site,
    per group, per job for continuity), so a slot only gathers its candidates'
    entries and adds them in the order `fit.score` uses: the same number to the bit.
    """

    def __init__(self, ctx: FitContext) -> None:
        import numpy as np

        self.ctx = ctx
        snapshot = ctx.snapshot
        people = snapshot.people
        self.size = len(people)
        hours = np.array([snapshot.recent_hours.get(p.id, 0.0) for p in people], dtype=np.float64)
        self.fair: FloatArray = fairness_term(hours)
        self._fair_part: FloatArray = ctx.weights.fairness * self.fair
        codes: dict[str | None, int] = {}
        self.site: IntArray = np.array(
            [codes.setdefault(p.site, len(codes)) for p in people], dtype=np.int64
        )
        self._site_codes = codes
        self._levels: dict[str, IntArray] = {}
        self._groups: dict[str, FloatArray] = {}
        self._parts: dict[tuple[str, str | int | None, int], FloatArray] = {}
        weight = ctx.weights.continuity
        self._cont_values = weight * np.zeros(1), weight * np.ones(1)
        self._cont: FloatArray = np.full(self.size, self._cont_values[0][0])
        self._cont_rows: IntArray = np.zeros(0, dtype=np.int64)
        self._cont_job: str | None = None
        self._rows: dict[int, tuple[dict[str, str], IntArray]] = {}

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

    def _level_part(self, skill: str, min_level: int) -> FloatArray:
        """The weighted level part of everyone for a need of `skill` at `min_level`."""
        import numpy as np

        key = ("level", skill, min_level)
        found = self._parts.get(key)
        if found is None:
            levels = self.levels(skill)
            scarce = np.array([(skill, lvl) in self.ctx.scarce for lvl in range(4)] + [False])
            wasted = (levels > min_level) & scarce[np.minimum(levels, 4)]
            surplus = np.clip(levels - min_level, 0, len(LEVEL_TERMS) - 1)
            level = np.where(wasted, WASTE_TERM, np.asarray(LEVEL_TERMS)[surplus])
            found = self._parts[key] = self.ctx.weights.level * level
        return found

    def _site_part(self, site: str) -> FloatArray:
        """The weighted home-site part of everyone for a task at `site`."""
        import numpy as np

        key = ("site", site, 0)
        found = self._parts.get(key)
        if found is None:
            same_site = (self.site == self._site_codes.get(site, -1)).astype(np.float64)
            found = self._parts[key] = self.ctx.weights.home_site * same_site
        return found

    def _group_part(self, group: str | None) -> FloatArray:
        """The weighted group part of everyone for a task preferring `group` (or none)."""
        import numpy as np

        key = ("group", group, 0)
        found = self._parts.get(key)
        if found is None:
            member = self.in_group(group) if group else np.zeros(self.size)
            found = self._parts[key] = self.ctx.weights.group * member
        return found

    def _rows_of(self, related: dict[str, str]) -> IntArray:
        """`Person.index` of the people in `related` (tasks sharing their related work share
        the same dict, so each is looked up once)."""
        import numpy as np

        found = self._rows.get(id(related))
        if found is None or found[0] is not related:
            by_id = self.ctx.snapshot.by_id
            rows = [by_id[p].index for p in related if p in by_id]
            found = self._rows[id(related)] = (related, np.array(rows, dtype=np.int64))
        return found[1]

    def scores(self, job: Job, need: NeedSpec, people: IntArray) -> FloatArray:
        """Fit scores of `people` for the slot, summed in the order `fit.score` uses. A
        part that is zero for everyone (no preferred group, nobody on related work) adds
        nothing: adding 0.0 changes no number, so the sum is the same to the bit."""
        found = (
            self._level_part(need.skill, need.min_level)[people]
            + self._site_part(job.site)[people]
            + self._fair_part[people]
        )
        if job.prefer_group:
            found += self._group_part(job.prefer_group)[people]
        continuity = self._continuity_part(job)
        if continuity is not None:
            found += continuity[people]
        return found

    def _continuity_part(self, job: Job) -> FloatArray | None:
        """The weighted continuity part of everyone for `job`, or None when it is zero for
        everyone (kept for the job's other needs).

        One array serves every job: the previous job's related people are set back to
        the weighted zero and this job's set to the weighted one."""
        if self._cont_job != job.id:
            part = self._cont
            part[self._cont_rows] = self._cont_values[0]
            self._cont_rows = self._rows_of(self.ctx.continuing(job))
            part[self._cont_rows] = self._cont_values[1]
            self._cont_job = job.id
        return self._cont if len(self._cont_rows) else None

    def pool(
        self, job: Job, need: NeedSpec, eligible: Callable[[], IntArray]
    ) -> tuple[IntArray, FloatArray]:
        """Everyone `eligible()` names (ascending) and their fits for a `need` slot of `job`:
        one demand's whole pool, made again when more of it is read than was kept."""
        people = eligible()
        return people, self.scores(job, need, people)

    def rank_alike(
        self,
        demands: Sequence[Demand],
        passing: IntArray,
        free: Sequence[BoolArray],
        refills: Sequence[Callable[[], tuple[Any, Any]]],
        *,
        keep: int = KEEP,
    ) -> None:
        """Rank demands alike in all but their job's own rules and related work: the same
        person rules (skill, level, adult-only, certificate day), the same site and the
        same preferred group.

        `passing` are the people (ascending) who pass those rules; `free[i]` marks
        which of them also pass the rules of demand `i`'s job (its time, its people,
        the caps). The fit parts they share are summed once for all of them; each
        demand adds its continuity and keeps its best `keep` (ties at the edge
        included), ranked best fit first and ties by person, with `refills[i]` to
        make its whole pool when more is read. The parts are added in `scores`'
        order, so every fit is the same to the bit."""

        if not len(passing):
            return  # nobody passes: every pool stays empty
        job, need = demands[0].job, demands[0].need
        shared = (
            self._level_part(need.skill, need.min_level)[passing]
            + self._site_part(job.site)[passing]
            + self._fair_part[passing]
        )
        if job.prefer_group:
            shared += self._group_part(job.prefer_group)[passing]
        for demand, chosen, refill in zip(demands, free, refills, strict=True):
            at = chosen.nonzero()[0]
            if not len(at):
                continue
            people, fits = passing[at], shared[at]
            continuity = self._continuity_part(demand.job)
            if continuity is not None:
                fits += continuity[people]
            demand.set_pool(people, fits, keep, refill)


class Bars(Container[int]):
    """People a demand may not use, asked one by one or for a whole ranking at once."""

    def among(self, people: IntArray) -> BoolArray:
        """`person in self` for each of `people`."""
        raise NotImplementedError


ONE_BY_ONE = 16
"""Up to this many people wanted, a ranking is read person by person; past it, the
bars are asked for a whole stretch of it at once."""


def best_people(
    demand: Demand, limit: int, banned: Container[int]
) -> tuple[list[int], list[float]]:
    """The demand's `limit` best candidates not in `banned`, in rank order."""
    people: list[int] = []
    fits: list[float] = []
    if limit <= 0 or not demand.count:
        return people, fits
    if limit > ONE_BY_ONE and isinstance(banned, Bars):
        return _best_unbarred(demand, limit, banned)
    at, size = 0, max(HEAD_SIZE, limit)
    while True:
        ranked, values = demand.head(size)
        for position in range(at, len(ranked)):
            person = ranked[position]
            if person in banned:
                continue
            people.append(person)
            fits.append(values[position])
            if len(people) == limit:
                return people, fits
        at = len(ranked)
        if at >= demand.count:
            return people, fits
        size = 4 * at


def _best_unbarred(demand: Demand, limit: int, bars: Bars) -> tuple[list[int], list[float]]:
    """`best_people` over arrays: a stretch of the ranking twice as long as wanted, the
    barred left out, longer again only when too many were barred."""
    import numpy as np

    size = 2 * limit
    while True:
        ranked, values = demand._ranked(size)
        people = ranked[:size]
        free = np.flatnonzero(~bars.among(people))[:limit]
        if len(free) == limit or len(people) >= demand.count:
            return people[free].tolist(), values[free].tolist()
        size = 4 * size


def solve_group(
    demands: Sequence[Demand], banned: Sequence[Container[int]]
) -> list[tuple[int, int, float]] | None:
    """The optimal (demand position, person, fit) triples for one time group.

    `banned[i]` are people demand `i` may not use. Returns None when the group
    is too large for the exact model.
    """
    rows = sum(d.open for d in demands)
    kept = [best_people(d, rows, ban) for d, ban in zip(demands, banned, strict=True)]
    tops = _own_bests(demands, kept)
    if tops is not None:
        return tops
    edges = sum(d.open * len(people) for d, (people, _f) in zip(demands, kept, strict=True))
    if edges > MAX_EDGES:
        return None
    return _match(demands, kept, rows)


def _own_bests(
    demands: Sequence[Demand], kept: Sequence[tuple[list[int], list[float]]]
) -> list[tuple[int, int, float]] | None:
    """Each demand's own best people, when no one is among the best of two demands.

    No matching can fill more slots or score higher than every demand taking its
    own best, so when those choices share no one they are the optimum and the
    matching need not be built (most groups at district size: a task's needs of
    different skills rarely want the same person first). None when they share
    someone.
    """
    chosen: set[int] = set()
    found: list[tuple[int, int, float]] = []
    for position, (demand, (people, fits)) in enumerate(zip(demands, kept, strict=True)):
        best = people[: demand.open]
        chosen.update(best)
        if len(chosen) < len(found) + len(best):
            return None
        found.extend(zip([position] * len(best), best, fits, strict=False))
    return found


def _match(
    demands: Sequence[Demand], kept: Sequence[tuple[list[int], list[float]]], rows: int
) -> list[tuple[int, int, float]]:
    """Maximum-value full matching of the group's slots, each row with its own dummy column.

    A row per open slot holds its demand's kept people (columns numbered by person,
    ascending) and then the row's dummy; the matrix is built with array operations,
    as a district has a few hundred such groups of up to a hundred slots."""
    import numpy as np
    from scipy.sparse import csr_array  # type: ignore[import-untyped]
    from scipy.sparse.csgraph import (  # type: ignore[import-untyped]
        min_weight_full_bipartite_matching,
    )

    sizes = np.array([len(people) for people, _fits in kept], dtype=np.int64)
    people = np.array([person for found, _fits in kept for person in found], dtype=np.int64)
    fits = np.array([value for _people, found in kept for value in found], dtype=np.float64)
    if not len(people):
        return []
    low = fits.min()
    spread = fits.max() - low + 1.0
    fill_bonus = rows * spread + 1.0  # filling a slot outweighs any difference in fit
    values = fill_bonus + (fits - low) + 1.0
    columns, targets = np.unique(people, return_inverse=True)
    row_of = np.repeat(np.arange(len(demands)), [demand.open for demand in demands])
    row_sizes = sizes[row_of] + 1  # its people and its dummy
    indptr = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(row_sizes, out=indptr[1:])
    entry_row = np.repeat(np.arange(rows), row_sizes)
    within = np.arange(indptr[-1]) - indptr[entry_row]
    dummy = within == row_sizes[entry_row] - 1
    source = np.minimum((np.cumsum(sizes) - sizes)[row_of][entry_row] + within, len(people) - 1)
    matrix = csr_array(
        (
            np.where(dummy, DUMMY_VALUE, values[source]),
            np.where(dummy, len(columns) + entry_row, targets[source]),
            indptr,
        ),
        shape=(rows, len(columns) + rows),
    )
    matched_rows, matched_cols = min_weight_full_bipartite_matching(matrix, maximize=True)
    real = matched_cols < len(columns)
    found = []
    for row, column in zip(matched_rows[real].tolist(), matched_cols[real].tolist(), strict=True):
        demand, person = int(row_of[row]), int(columns[column])
        candidates, candidate_fits = kept[demand]
        found.append((demand, person, candidate_fits[candidates.index(person)]))
    return found

"""Who is eligible for a slot, fast: the hard rules as set algebra over indexes.

Checking every rule for each of 10,000 volunteers against each of 2,000 slots
is twenty million checks. Most pairs fail on the skill alone, so the index
starts from the people with the skill at the level and removes whole sets at
a time (minors, the uncertified, the unavailable, the away, the booked, those
at their cap), each set built once and shared by every slot that asks for it.

The rules themselves live in `taskboard.model.rules`; `rules.breaches` applies
them one person at a time and stays the reference: a property test checks on
random rosters that both pick the same people, and the whole-board proposal
is verified with the rules before it is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from taskboard.matching.snapshot import (
    HOURS_SLACK,
    REFUSED_STATES,
    Job,
    NeedSpec,
    Snapshot,
    Timing,
    Week,
)
from taskboard.store.queries import FILLING_STATES

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    BoolArray = npt.NDArray[np.bool_]
    IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Stage:
    """One filter step and the people left after it (for saying why a slot stays empty)."""

    code: str
    left: frozenset[int]


class CandidateIndex:
    """Eligible people (by `Person.index`) per task and need."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._by_level: dict[tuple[str, int], set[int]] = {}
        self._available: dict[str, set[int]] = {}
        self._minors: set[int] = set()
        self._certs: dict[str, list[tuple[int, dt.date]]] = {}
        for person in snapshot.people:
            self._index_person(person.index)
        self._away = [
            (person.index, start, end) for person in snapshot.people for start, end in person.away
        ]
        self._capped = sorted(
            (person.max_hours, person.index)
            for person in snapshot.people
            if person.max_hours is not None
        )
        self._week_booked = self._index_week_hours()
        self.bookings_by_day = self._index_bookings()
        self._cert_ok: dict[tuple[str, dt.date], set[int]] = {}
        self._overlapping: dict[tuple[dt.datetime, dt.datetime], list[tuple[int, str]]] = {}
        self._over_cap: dict[tuple[Week, float], set[int]] = {}

    def _index_person(self, index: int) -> None:
        person = self.snapshot.people[index]
        if person.minor:
            self._minors.add(index)
        for slot in person.availability:
            self._available.setdefault(slot, set()).add(index)
        for skill, expires in person.certs.items():
            self._certs.setdefault(skill, []).append((index, expires))
        if not person.active:
            return
        for skill, level in person.skills.items():
            for at_least in range(1, level + 1):
                self._by_level.setdefault((skill, at_least), set()).add(index)

    def _index_bookings(self) -> dict[dt.date, list[tuple[int, str, dt.datetime, dt.datetime]]]:
        """Day → (person, task, start, end) of every booked window touching that day."""
        by_day: dict[dt.date, list[tuple[int, str, dt.datetime, dt.datetime]]] = {}
        for person_id, bookings in self.snapshot.bookings.windows.items():
            index = self.snapshot.by_id[person_id].index
            for booking in bookings:
                day = booking.start.date()
                while dt.datetime.combine(day, dt.time()) < booking.end:
                    entry = (index, booking.task, booking.start, booking.end)
                    by_day.setdefault(day, []).append(entry)
                    day += dt.timedelta(days=1)
        return by_day

    def _index_week_hours(self) -> dict[Week, list[tuple[int, float, float]]]:
        """Week → (person, confirmed hours, cap) of capped people with work that week."""
        by_week: dict[Week, list[tuple[int, float, float]]] = {}
        by_id = self.snapshot.by_id
        for (person_id, week), hours in self.snapshot.bookings.week_hours.items():
            person = by_id[person_id]
            if person.max_hours is not None:
                by_week.setdefault(week, []).append((person.index, hours, person.max_hours))
        return by_week

    # Sets shared by many slots ----------------------------------------------------------
    def minors(self) -> set[int]:
        """People under 18 (kept off adult-only skills)."""
        return self._minors

    def with_level(self, skill: str, level: int) -> set[int]:
        """Active people with `skill` at `level` or above."""
        return self._by_level.get((skill, max(1, level)), set())

    def certified(self, skill: str, day: dt.date) -> set[int]:
        """People whose `skill` certificate is valid on `day`."""
        key = (skill, day)
        found = self._cert_ok.get(key)
        if found is None:
            holders = self._certs.get(skill, [])
            found = self._cert_ok[key] = {index for index, until in holders if until >= day}
        return found

    def free_for(self, job: Job) -> set[int]:
        """People whose weekly availability covers every slot the window touches."""
        groups = [self._available.get(slot, set()) for slot in job.slots]
        return set.intersection(*groups) if groups else set()

    def away_for(self, job: Job) -> set[int]:
        """People away on a day of the window."""
        first, last = job.timing.day, job.timing.last_day
        if first is None or last is None:
            return set()
        return {index for index, start, end in self._away if start <= last and first <= end}

    def booked_for(self, job: Job) -> set[int]:
        """People booked on another task whose window overlaps the job's."""
        timing = job.timing
        if timing.start is None or timing.end is None or timing.last_day is None:
            return set()
        return {index for index, task in self._booked_during(timing) if task != job.id}

    def _booked_during(self, timing: Timing) -> list[tuple[int, str]]:
        """(person, task) of every booked window overlapping `timing`'s (shared by the
        many tasks of a district that have the same window)."""
        assert timing.start is not None and timing.end is not None
        assert timing.last_day is not None
        key = (timing.start, timing.end)
        found = self._overlapping.get(key)
        if found is None:
            found = []
            day = timing.start.date()
            while day <= timing.last_day:
                for index, task, start, end in self.bookings_by_day.get(day, ()):
                    if timing.overlaps(start, end):
                        found.append((index, task))
                day += dt.timedelta(days=1)
            self._overlapping[key] = found
        return found

    def over_cap(self, week: Week | None, hours: float) -> set[int]:
        """People whose confirmed hours that week plus `hours` pass their cap."""
        if week is None:
            return set()
        key = (week, hours)
        found = self._over_cap.get(key)
        if found is None:
            found = {index for cap, index in self._capped if hours > cap + HOURS_SLACK}
            found.update(
                index
                for index, booked, cap in self._week_booked.get(week, ())
                if booked + hours > cap + HOURS_SLACK
            )
            self._over_cap[key] = found
        return found

    def on_task(self, job: Job, *, offer: bool = True) -> set[int]:
        """People on the task already (and, when offering, those who declined or missed it)."""
        shut = FILLING_STATES | REFUSED_STATES if offer else FILLING_STATES
        by_id = self.snapshot.by_id
        return {
            by_id[person_id].index
            for person_id, (_skill, state) in self.snapshot.on_task.get(job.id, {}).items()
            if state in shut
        }

    # Per slot -------------------------------------------------------------------------------
    def stages(self, job: Job, need: NeedSpec, *, offer: bool = True) -> list[Stage]:
        """The filter steps in rule order, with the people left after each."""
        info = self.snapshot.skill(need.skill)
        left = set(self.with_level(need.skill, need.min_level))
        steps = [Stage("level", frozenset(left))]
        if info.adult_only:
            left -= self._minors
            steps.append(Stage("adult_only", frozenset(left)))
        if info.needs_cert:
            left &= self.certified(need.skill, job.cert_day(self.snapshot.today))
            steps.append(Stage("cert", frozenset(left)))
        if job.timing.timed:
            left &= self.free_for(job)
            steps.append(Stage("availability", frozenset(left)))
            left -= self.away_for(job)
            left -= self.booked_for(job)
            steps.append(Stage("booked", frozenset(left)))
        left -= self.on_task(job, offer=offer)
        left -= self.over_cap(job.timing.week, job.timing.hours)
        steps.append(Stage("cap", frozenset(left)))
        return steps

    def eligible(self, job: Job, need: NeedSpec, *, offer: bool = True) -> set[int]:
        """Everyone who breaks no hard rule by taking a `need` slot of `job`."""
        info = self.snapshot.skill(need.skill)
        left = set(self.with_level(need.skill, need.min_level))
        if info.adult_only:
            left -= self._minors
        if info.needs_cert:
            left &= self.certified(need.skill, job.cert_day(self.snapshot.today))
        if job.timing.timed:
            left &= self.free_for(job)
            left -= self.away_for(job)
            left -= self.booked_for(job)
        left -= self.on_task(job, offer=offer)
        left -= self.over_cap(job.timing.week, job.timing.hours)
        return left


class CandidateMasks:
    """The index's eligibility as boolean arrays over `Snapshot.people`, for the whole board.

    The whole-board proposal asks for about 12,000 slots at district size; as
    sets, each would copy and cut a set of thousands of people. Here every set
    the index shares between slots becomes an array once (per skill and level,
    per certificate day, per availability pattern, per away period, per week
    and hours), and a job's time rules are combined once for all its needs, so
    a slot costs a few array operations. The result is exactly `eligible`'s set;
    `tests/test_matching_propose.py` checks that on random rosters.
    NumPy loads only here, never for one task's ranking.
    """

    def __init__(self, index: CandidateIndex) -> None:
        self.index = index
        self.size = len(index.snapshot.people)
        self._shared: dict[tuple[object, ...], BoolArray] = {}
        self._job: tuple[str, bool, BoolArray] | None = None
        self._people: dict[tuple[str, int], tuple[BoolArray, IntArray]] = {}
        self._windows: dict[tuple[dt.datetime, dt.datetime], tuple[IntArray, IntArray]] = {}
        self._days: dict[dt.date, tuple[IntArray, IntArray, Any, Any]] = {}
        self._task_codes: dict[str, int] = {}

    def _array(self, members: Iterable[int], *, value: bool = True) -> BoolArray:
        """A mask that is `value` for `members` and the opposite elsewhere."""
        import numpy as np

        mask = np.full(self.size, not value, dtype=np.bool_)
        chosen = list(members)
        if chosen:
            mask[chosen] = value
        return mask

    def _kept(
        self, key: tuple[object, ...], members: Callable[[], set[int]], *, value: bool
    ) -> BoolArray:
        found = self._shared.get(key)
        if found is None:
            found = self._shared[key] = self._array(members(), value=value)
        return found

    def for_need(self, job: Job, need: NeedSpec) -> BoolArray:
        """Who passes the person rules for `need`: level, adult-only, certificate."""
        index = self.index
        info = index.snapshot.skill(need.skill)
        day = job.cert_day(index.snapshot.today) if info.needs_cert else None
        key = ("need", need.skill, need.min_level, info.adult_only, day)
        found = self._shared.get(key)
        if found is None:
            found = self._array(index.with_level(need.skill, need.min_level))
            if info.adult_only:
                found &= self._kept(("minors",), index.minors, value=False)
            if day is not None:
                found &= self._kept(
                    ("cert", need.skill, day), lambda: index.certified(need.skill, day), value=True
                )
            self._shared[key] = found
        return found

    def for_job(self, job: Job, *, offer: bool = True) -> BoolArray:
        """Who passes the rules of the job's time and people: free, not away or booked,
        not on the task (or refused it, when offering), under the weekly cap."""
        if self._job is not None and self._job[:2] == (job.id, offer):
            return self._job[2]
        index = self.index
        timing = job.timing
        if timing.timed:
            free = self._kept(("free", job.slots), lambda: index.free_for(job), value=True)
            away = self._kept(
                ("away", timing.day, timing.last_day), lambda: index.away_for(job), value=False
            )
            mask = free & away
            booked = self._booked(job)
            if len(booked):
                mask[booked] = False
        else:
            mask = self._array((), value=False)
        taken = list(index.on_task(job, offer=offer))
        if taken:
            mask[taken] = False
        mask &= self._kept(
            ("cap", timing.week, timing.hours),
            lambda: index.over_cap(timing.week, timing.hours),
            value=False,
        )
        self._job = (job.id, offer, mask)
        return mask

    def _booked(self, job: Job) -> IntArray:
        """`CandidateIndex.booked_for` as person indexes (some twice).

        The bookings of each day are arrays once (person, task, start, end), so a
        window finds its overlaps with a few array operations instead of a check per
        booking (a district day holds a hundred or more); a job takes out its own
        bookings only when it has any. The set version stays for one task's ranking,
        which loads no NumPy; `tests/test_matching_propose.py` holds the two equal."""
        import numpy as np

        timing = job.timing
        if timing.start is None or timing.end is None or timing.last_day is None:
            return np.zeros(0, dtype=np.int64)
        key = (timing.start, timing.end)
        found = self._windows.get(key)
        if found is None:
            start, end = np.datetime64(timing.start, "us"), np.datetime64(timing.end, "us")
            whose, which = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
            day = timing.start.date()
            while day <= timing.last_day:
                on_day = self._bookings_on(day)
                hit = (on_day[2] < end) & (start < on_day[3])  # `Timing.overlaps`
                whose.append(on_day[0][hit])
                which.append(on_day[1][hit])
                day += dt.timedelta(days=1)
            found = self._windows[key] = (np.concatenate(whose), np.concatenate(which))
        people, tasks = found
        own = self._task_codes.get(job.id)
        return people if own is None else people[tasks != own]

    def _bookings_on(self, day: dt.date) -> tuple[IntArray, IntArray, Any, Any]:
        """The bookings touching `day` as arrays: person, task (a number per task id),
        start, end."""
        import numpy as np

        found = self._days.get(day)
        if found is None:
            entries = self.index.bookings_by_day.get(day, ())
            codes = self._task_codes
            found = self._days[day] = (
                np.array([person for person, _task, _start, _end in entries], dtype=np.int64),
                np.array(
                    [codes.setdefault(task, len(codes)) for _p, task, _s, _e in entries],
                    dtype=np.int64,
                ),
                np.array([start for _p, _t, start, _e in entries], dtype="datetime64[us]"),
                np.array([end for _p, _t, _s, end in entries], dtype="datetime64[us]"),
            )
        return found

    def eligible(self, job: Job, need: NeedSpec, *, offer: bool = True) -> BoolArray:
        """`CandidateIndex.eligible` as a mask: True for everyone who may take the slot."""
        return self.for_need(job, need) & self.for_job(job, offer=offer)

    def passing(self, job: Job, need: NeedSpec) -> IntArray:
        """`for_need` as the `Person.index` of everyone it marks, ascending; the same array
        for every need with the same person rules."""
        import numpy as np

        mask = self.for_need(job, need)
        key = ("need people", id(mask))
        found = self._people.get(key)
        if found is None or found[0] is not mask:
            found = self._people[key] = (mask, np.flatnonzero(mask))
        return found[1]

    def people(self, job: Job, need: NeedSpec, *, offer: bool = True) -> IntArray:
        """`eligible` as the `Person.index` of everyone it marks, ascending: the job's
        rules read only for those who pass the need's (a few in ten at district size)."""
        passing = self.passing(job, need)
        return passing[self.for_job(job, offer=offer)[passing]]

"""What matching needs from the data file, read once from the raw records.

Matching runs over a district's 10,000 volunteers and 20,000 tasks, where
validating every record as a pydantic model would cost seconds. A `Snapshot`
reads the stored dicts directly into small frozen records (`Person`, `Job`)
and precomputes the bookings every hard rule looks at, so that the rules, the
single-task ranking and the whole-board solver all judge the same state.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from taskboard.i18n import language
from taskboard.model import DAYS, AssignmentState, Status, rules
from taskboard.model.kinds import PART_HOURS, wall_clock
from taskboard.model.rules import HOURS_SLACK as HOURS_SLACK  # the solver counts caps alike
from taskboard.model.text import DATE_REASON, in_range
from taskboard.store import InvalidRecord, Store
from taskboard.store.queries import FILLING_STATES
from taskboard.store.storage import gc_paused

Doc = dict[str, Any]
Week = tuple[int, int]
"""ISO (year, week number): the period a weekly hour cap applies to."""

RECENT_DAYS = 30
"""How far back logged hours count for spreading work fairly."""
CAPPED_STATES = frozenset({AssignmentState.CONFIRMED, AssignmentState.DONE})
"""Assignment states whose hours count towards the weekly cap (confirmed work)."""
REFUSED_STATES = frozenset({AssignmentState.DECLINED, AssignmentState.NO_SHOW})
"""States after which the person is not offered the same task again."""
MAX_WINDOW_DAYS = 8
"""Past a week, a window touches every weekday, so longer ones stop adding slots."""
_DAY_START = PART_HOURS["morning"][0]
_DAY_END = PART_HOURS["evening"][1]


# Time -----------------------------------------------------------------------------------
def parse_datetime(value: Any) -> dt.datetime | None:
    """A stored ISO date-time (or None)."""
    if not value:
        return None
    return wall_clock(value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value))


def parse_date(value: Any) -> dt.date | None:
    """A stored ISO date (or None)."""
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def day_parts(start: float, end: float) -> list[str]:
    """Parts of the day an interval of clock hours touches.

    Hours before 8:00 count as morning and after 22:00 as evening: an early
    start still needs someone who keeps their mornings free.
    """
    low = min(max(start, _DAY_START), _DAY_END)
    high = min(max(end, _DAY_START), _DAY_END)
    if low >= high:
        return ["morning" if high <= _DAY_START else "evening"]
    return [part for part, (first, last) in PART_HOURS.items() if low < last and high > first]


def touched_slots(start: dt.datetime, end: dt.datetime) -> frozenset[str]:
    """Weekly availability slots (`sat:morning`) a window touches, day by day."""
    slots: set[str] = set()
    day = start.date()
    for _ in range(MAX_WINDOW_DAYS):
        midnight = dt.datetime.combine(day, dt.time())
        low = max(start, midnight)
        high = min(end, midnight + dt.timedelta(days=1))
        if low >= high:
            break
        clock = (low - midnight).total_seconds() / 3600, (high - midnight).total_seconds() / 3600
        weekday = DAYS[day.weekday()]
        slots.update(f"{weekday}:{part}" for part in day_parts(*clock))
        day += dt.timedelta(days=1)
    return frozenset(slots)


def week_of(day: dt.date) -> Week:
    """The ISO week `day` falls in."""
    iso = day.isocalendar()
    return iso.year, iso.week


@dataclass(frozen=True, slots=True)
class Timing:
    """When a task happens: a fixed window, or only a due date, or nothing yet."""

    start: dt.datetime | None = None
    end: dt.datetime | None = None
    due: dt.date | None = None
    hours: float = 0.0
    """Hours per person: the estimate, else the window's length."""
    day: dt.date | None = None
    """The first day of the window, else the due date."""
    last_day: dt.date | None = None
    """The last day the window reaches into (an end at midnight stays on the day before)."""
    week: Week | None = None
    """The ISO week whose hour cap the task counts towards."""

    @classmethod
    def of(
        cls,
        start: dt.datetime | None,
        end: dt.datetime | None,
        due: dt.date | None,
        hours: float | None,
    ) -> Timing:
        """A timing with its days and week worked out once (they are read in every rule)."""
        if start is None or end is None:
            start = end = None
        if hours is None and start is not None and end is not None:
            hours = (end - start).total_seconds() / 3600
        day = start.date() if start is not None else due
        last = (end - dt.timedelta(microseconds=1)).date() if end is not None else due
        week = week_of(day) if day is not None else None
        return cls(start, end, due, float(hours or 0.0), day, last, week)

    @classmethod
    def from_doc(cls, doc: Doc) -> Timing:
        """The timing of a stored task.

        A task stored before dates were bounded may be dated 9999-12-31, where the
        first day added overflows: it is refused by name, to be corrected by an edit."""
        start, end = parse_datetime(doc.get("start")), parse_datetime(doc.get("end"))
        due = parse_date(doc.get("due"))
        for name, value in (("start", start), ("end", end), ("due", due)):
            day = value.date() if isinstance(value, dt.datetime) else value
            if day is not None and not in_range(day):
                raise InvalidRecord(
                    f"task {doc.get('ref') or doc.get('id')}: {name}: {DATE_REASON}"
                    f" (got {day}); correct it with `taskboard task edit`"
                )
        return cls.of(start, end, due, doc.get("hours"))

    @property
    def timed(self) -> bool:
        """True when the task has a fixed window (availability and overlaps apply)."""
        return self.start is not None

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        """True when the window shares time with [start, end)."""
        return (
            self.start is not None
            and self.end is not None
            and self.start < end
            and start < self.end
        )


# Records --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Person:
    """A volunteer as the rules see them (read from the stored record, not validated)."""

    index: int
    """Position in `Snapshot.people`: a row of the solver's arrays."""
    id: str
    ref: str
    name: str
    site: str | None
    skills: Mapping[str, int]
    certs: Mapping[str, dt.date]
    minor: bool
    active: bool
    availability: frozenset[str]
    away: tuple[tuple[dt.date, dt.date], ...]
    max_hours: float | None
    groups: frozenset[str]

    @classmethod
    def from_doc(cls, index: int, doc: Doc) -> Person:
        """Take the fields the rules need from a stored volunteer."""
        certs = {skill: parse_date(day) for skill, day in (doc.get("certs") or {}).items()}
        away = tuple(
            (parse_date(period["start"]), parse_date(period["end"]))
            for period in doc.get("away") or ()
        )
        max_hours = doc.get("max_hours")
        return cls(
            index=index,
            id=doc["id"],
            ref=doc.get("ref", ""),
            name=doc.get("name", ""),
            site=doc.get("site"),
            skills=dict(doc.get("skills") or {}),
            certs={k: v for k, v in certs.items() if v is not None},
            minor=bool(doc.get("minor")),
            active=bool(doc.get("active", True)),
            availability=frozenset(doc.get("availability") or ()),
            away=tuple((a, b) for a, b in away if a is not None and b is not None),
            max_hours=float(max_hours) if max_hours is not None else None,
            groups=frozenset(doc.get("groups") or ()),
        )

    @property
    def label(self) -> str:
        """`李建国 (funing-v1)`."""
        return f"{self.name} ({self.ref})"


@dataclass(frozen=True, slots=True)
class NeedSpec:
    """One needed skill of a job: how many people and the minimum level."""

    skill: str
    count: int
    min_level: int


@dataclass(frozen=True, slots=True)
class Job:
    """A task as matching sees it."""

    id: str
    ref: str
    title: str
    site: str
    status: str
    kind: str
    priority: str
    timing: Timing
    needs: tuple[NeedSpec, ...]
    prefer_group: str | None
    tags: frozenset[str]
    slots: frozenset[str]
    """Weekly availability slots the window touches (empty without a window)."""

    @classmethod
    def from_doc(cls, doc: Doc) -> Job:
        """Take the fields matching needs from a stored task."""
        timing = Timing.from_doc(doc)
        slots = (
            touched_slots(timing.start, timing.end)
            if timing.start is not None and timing.end is not None
            else frozenset()
        )
        needs = tuple(
            NeedSpec(need["skill"], int(need.get("count", 1)), int(need.get("min_level", 1)))
            for need in doc.get("needs") or ()
        )
        return cls(
            id=doc["id"],
            ref=doc.get("ref", ""),
            title=doc.get("title", ""),
            site=doc.get("site", ""),
            status=doc.get("status", Status.OPEN),
            kind=doc.get("kind", ""),
            priority=doc.get("priority", "normal"),
            timing=timing,
            needs=needs,
            prefer_group=doc.get("prefer_group"),
            tags=frozenset(doc.get("tags") or ()),
            slots=slots,
        )

    def need(self, skill: str) -> NeedSpec | None:
        """The need for `skill`, if the task has one."""
        for need in self.needs:
            if need.skill == skill:
                return need
        return None

    def cert_day(self, today: dt.date) -> dt.date:
        """The day a certificate must still be valid: the window's last day, else the
        due date or today, whichever is later (overdue work is done from today on)."""
        if self.timing.timed and self.timing.last_day is not None:
            return self.timing.last_day
        due = self.timing.due
        return max(due, today) if due is not None else today


@dataclass(frozen=True, slots=True)
class SkillInfo:
    """The catalogue's rules for one skill and its label in the active language."""

    key: str
    label: str
    adult_only: bool = False
    needs_cert: bool = False


# Bookings -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Booking:
    """A person's place on a task with a fixed window."""

    task: str
    ref: str
    start: dt.datetime
    end: dt.datetime


@dataclass
class Bookings:
    """Who is already where: fixed windows, and confirmed hours per ISO week.

    Proposals of one run are added with `add` so that the run's own lines are
    judged jointly: one person, two overlapping tasks; one cap, many tasks.
    A booking of one record of a person with several linked records is booked
    on each of them (`aliases`), so every rule and index that reads a record's
    bookings sees the person's.
    """

    windows: dict[str, list[Booking]] = field(default_factory=dict)
    """Person id → windows of tasks they fill a slot on (proposed, confirmed or done)."""
    week_hours: dict[tuple[str, Week], float] = field(default_factory=dict)
    """(person id, week) → hours of their confirmed and done work that week."""
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Volunteer id → every record of the same person (only for linked records)."""

    def add(self, person_id: str, job: Job, *, capped: bool = True) -> None:
        """Book `person_id` on `job`: its window, and its hours if they count to the cap."""
        self.add_timing(person_id, job.id, job.ref, job.timing, capped=capped)

    def add_timing(
        self, person_id: str, task_id: str, ref: str, timing: Timing, *, capped: bool = True
    ) -> None:
        """`add` from a task's timing alone (no `Job` needed for tasks that are not matched)."""
        records = self.aliases.get(person_id) or (person_id,)
        if timing.start is not None and timing.end is not None:
            booking = Booking(task_id, ref, timing.start, timing.end)
            for record in records:
                self.windows.setdefault(record, []).append(booking)
        week = timing.week
        if capped and week is not None and timing.hours:
            for record in records:
                key = (record, week)
                self.week_hours[key] = self.week_hours.get(key, 0.0) + timing.hours

    def conflict(self, person_id: str, job: Job) -> Booking | None:
        """A booking of `person_id` on another task whose window overlaps `job`'s."""
        timing = job.timing
        if timing.start is None or timing.end is None:
            return None
        for booking in self.windows.get(person_id, ()):
            if booking.task != job.id and timing.overlaps(booking.start, booking.end):
                return booking
        return None

    def hours(self, person_id: str, week: Week) -> float:
        """Hours already counted towards `person_id`'s cap in `week`."""
        return self.week_hours.get((person_id, week), 0.0)

    def copy(self) -> Bookings:
        """An independent copy to add a run's proposals to."""
        return Bookings(
            {person: list(items) for person, items in self.windows.items()},
            dict(self.week_hours),
            self.aliases,
        )


# The snapshot ---------------------------------------------------------------------------
@dataclass
class Snapshot:
    """Everything the rules, the ranking and the solver read, taken at one moment."""

    today: dt.date
    people: list[Person]
    skills: dict[str, SkillInfo]
    sites: dict[str, str]
    """Site id → name."""
    tasks: dict[str, Doc]
    """Live task records by id (raw, read only)."""
    bookings: Bookings
    filled: dict[str, Counter[str]]
    """Task id → skill → slots taken (proposed, confirmed or done)."""
    on_task: dict[str, dict[str, tuple[str, str]]]
    """Task id → person id → (skill, state) of their live assignment there."""
    recent_hours: dict[str, float]
    """Person id → hours logged in the last `RECENT_DAYS` days."""
    person_of: dict[str, str] = field(default_factory=dict)
    """Volunteer id → the id naming their person (`model.rules.people`): itself unless
    linked to other records."""
    by_id: dict[str, Person] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)
    """`Person.index` → the index of the record naming their person (itself unless
    linked): the solver counts overlaps and caps per person by it."""
    linked_rows: dict[int, tuple[int, ...]] = field(default_factory=dict)
    """`Person.index` of a linked record → the indexes of all records of the person."""
    _jobs: dict[str, Job] = field(default_factory=dict)
    _timings: dict[str, Timing] = field(default_factory=dict)
    _open: list[Job] | None = None

    def __post_init__(self) -> None:
        self.by_id = {person.id: person for person in self.people}
        by_id = self.by_id
        self.rows = [
            by_id[self.person_of.get(p.id, p.id)].index if p.id in self.person_of else p.index
            for p in self.people
        ]
        for record, group in self.bookings.aliases.items():
            if record in by_id:
                self.linked_rows[by_id[record].index] = tuple(
                    by_id[member].index for member in group if member in by_id
                )

    @classmethod
    def from_store(cls, store: Store, today: dt.date, *, ignore: Iterable[str] = ()) -> Snapshot:
        """Read the store; assignments whose ids are in `ignore` are left out
        (a confirmation re-checks the rules as if its own slot were free)."""
        with store.reading(), gc_paused(freeze=False):
            return cls._read(store, today, frozenset(ignore))

    @classmethod
    def focused(
        cls,
        store: Store,
        today: dt.date,
        task_id: str,
        volunteer_id: str,
        *,
        ignore: Iterable[str] = (),
    ) -> Snapshot:
        """Enough of the store to judge one volunteer for one task, and no more.

        Holds every record of the volunteer's person with all their assignments
        and hours (their bookings, caps and overlaps), and the task with everyone
        on it (its fill counts and who is there already), but not the rest of the
        district: checking one answer from the phone page or one `assignment set`
        costs what that person and that task hold, not a walk through tens of
        thousands of records. Only for the hard rules of that one placement: other
        people's bookings are incomplete here.
        """
        with store.reading(), gc_paused(freeze=False):
            return cls._read(store, today, frozenset(ignore), focus=(task_id, volunteer_id))

    @classmethod
    def _read(
        cls,
        store: Store,
        today: dt.date,
        skipped: frozenset[str],
        focus: tuple[str, str] | None = None,
    ) -> Snapshot:
        tasks = {doc["id"]: doc for doc in store.tasks.live()}
        docs = list(store.volunteers.live())
        person_of = rules.people({doc["id"]: doc.get("links") or () for doc in docs})
        assignments: Iterable[Doc] = store.assignments.live()
        if focus is not None:
            docs, assignments = _focus(store, docs, person_of, *focus)
        people = [Person.from_doc(i, doc) for i, doc in enumerate(docs)]
        aliases = _aliases(person_of)
        recent = _recent_hours(store, today, {doc["id"] for doc in docs} if focus else None)
        if aliases:
            records = {p.id: p for p in people}
            people = [_as_person(p, records, aliases) for p in people]
            recent = _person_hours(recent, aliases)
        snapshot = cls(
            today=today,
            people=people,
            skills=_skill_infos(store),
            sites={doc["id"]: doc.get("name") or doc["id"] for doc in store.sites.live()},
            tasks=tasks,
            bookings=Bookings(aliases=aliases),
            filled={},
            on_task={},
            recent_hours=recent,
            person_of=person_of,
        )
        for doc in assignments:
            if doc["id"] not in skipped:
                snapshot._take(doc)
        return snapshot

    def _take(self, doc: Doc) -> None:
        """Count one stored assignment into the bookings and fill counts."""
        task_id, person_id, state = doc["task"], doc["volunteer"], doc["state"]
        if task_id not in self.tasks or person_id not in self.by_id:
            return
        held = self.on_task.get(task_id)
        if held is None:
            held = self.on_task[task_id] = {}
        for record in self.bookings.aliases.get(person_id) or (person_id,):
            held[record] = (doc["skill"], state)
        if state not in FILLING_STATES:
            return
        counts = self.filled.get(task_id)
        if counts is None:
            counts = self.filled[task_id] = Counter()
        counts[doc["skill"]] += 1
        task = self.tasks[task_id]
        timing = self._timings.get(task_id)
        if timing is None:
            timing = self._timings[task_id] = Timing.from_doc(task)
        capped = state in CAPPED_STATES
        self.bookings.add_timing(person_id, task_id, task.get("ref", ""), timing, capped=capped)

    def person_key(self, person_id: str) -> str:
        """The id naming the person `person_id` is a record of."""
        return self.person_of.get(person_id, person_id)

    def job(self, task_id: str) -> Job:
        """The task `task_id` as a `Job` (built on first use)."""
        job = self._jobs.get(task_id)
        if job is None:
            job = self._jobs[task_id] = Job.from_doc(self.tasks[task_id])
        return job

    def skill(self, key: str) -> SkillInfo:
        """Catalogue rules for `key`; an unknown skill has no special rules."""
        return self.skills.get(key) or SkillInfo(key, key)

    def open_count(self, job: Job, need: NeedSpec) -> int:
        """Slots of `need` still to fill."""
        counts = self.filled.get(job.id)
        return max(0, need.count - (counts[need.skill] if counts else 0))

    def open_jobs(self) -> list[Job]:
        """Open tasks with slots still to fill, most urgent and soonest first (worked out
        once: the snapshot does not change after it is read)."""
        if self._open is not None:
            return list(self._open)
        jobs = [
            self.job(task_id)
            for task_id, doc in self.tasks.items()
            if doc.get("status") == Status.OPEN and doc.get("needs")
        ]
        jobs = [job for job in jobs if any(self.open_count(job, n) for n in job.needs)]
        jobs.sort(key=job_order)
        self._open = jobs
        return list(jobs)


PRIORITY_ORDER = {"urgent": 0, "high": 1, "normal": 2, "low": 3}


def job_order(job: Job) -> tuple[int, dt.date, str]:
    """Most urgent first, then soonest, then by reference: the order greedy fills in."""
    day = job.timing.day or dt.date.max
    return PRIORITY_ORDER.get(job.priority, 2), day, job.ref


def _skill_infos(store: Store) -> dict[str, SkillInfo]:
    lang = language()
    infos = {}
    for doc in store.skills.live():
        label = doc.get("label_zh") if lang.startswith("zh") else doc.get("label_en")
        infos[doc["key"]] = SkillInfo(
            doc["key"],
            str(label or doc["key"]),
            bool(doc.get("adult_only")),
            bool(doc.get("needs_cert")),
        )
    return infos


def _focus(
    store: Store, docs: list[Doc], person_of: Mapping[str, str], task_id: str, volunteer_id: str
) -> tuple[list[Doc], list[Doc]]:
    """(volunteer records, assignments) a focused snapshot reads: every record of the
    volunteer's person and of the people on the task; the person's assignments and
    the task's."""
    on_task = store.assignments_of_task(task_id)
    wanted = {person_of.get(volunteer_id, volunteer_id)}
    wanted |= {person_of.get(doc["volunteer"], doc["volunteer"]) for doc in on_task}
    chosen = [doc for doc in docs if person_of.get(doc["id"], doc["id"]) in wanted]
    mine = {person_of.get(volunteer_id, volunteer_id)}
    found = {doc["id"]: doc for doc in on_task}
    for doc in chosen:
        if person_of.get(doc["id"], doc["id"]) in mine:
            found.update((a["id"], a) for a in store.assignments_of_volunteer(doc["id"]))
    return chosen, list(found.values())


def _recent_hours(store: Store, today: dt.date, only: set[str] | None = None) -> dict[str, float]:
    """Person id → hours logged in the `RECENT_DAYS` days up to today (of `only`, if given)."""
    since = (today - dt.timedelta(days=RECENT_DAYS)).isoformat()
    until = today.isoformat()
    totals: dict[str, float] = {}
    entries: Iterable[Doc] = (
        store.hours.live()
        if only is None
        else (doc for person in only for doc in store.hours_of_volunteer(person))
    )
    for doc in entries:
        if since < str(doc["date"]) <= until:
            totals[doc["volunteer"]] = totals.get(doc["volunteer"], 0.0) + float(doc["hours"])
    return totals


# One person, several records ------------------------------------------------------------
def _aliases(person_of: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Volunteer id → all records of their person, for the records linked to others."""
    groups: dict[str, list[str]] = {}
    for record, person in person_of.items():
        if record != person:
            groups.setdefault(person, [person]).append(record)
    return {record: tuple(group) for group in groups.values() for record in group}


def _as_person(
    record: Person, records: Mapping[str, Person], aliases: Mapping[str, tuple[str, ...]]
) -> Person:
    """`record` judged as the person it belongs to: free when any record says so, away
    when any says so, and the strictest weekly cap of them all."""
    group = aliases.get(record.id)
    if group is None:
        return record
    others = [records[member] for member in group]
    return replace(
        record,
        availability=frozenset().union(*(p.availability for p in others)),
        away=tuple(sorted({period for p in others for period in p.away})),
        max_hours=rules.cap_of(p.max_hours for p in others),
    )


def _person_hours(
    recent: Mapping[str, float], aliases: Mapping[str, tuple[str, ...]]
) -> dict[str, float]:
    """Recent hours per record, each linked record holding their person's total."""
    totals = dict(recent)
    for record, group in aliases.items():
        totals[record] = sum(recent.get(member, 0.0) for member in group)
    return totals

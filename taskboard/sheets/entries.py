"""What a sheet is made of: one line per assignment, read from the stored records.

Sheets are read far more often than they are written and are handed to people
who do not use the app, so each line carries everything needed to turn up at
the right place and time — the task, the place, the window, the part the person
plays (the skill) and whom to ask at the community office — already resolved
to names in the active language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from taskboard.i18n import language
from taskboard.model import AssignmentState, Status
from taskboard.store import NotFound, Store
from taskboard.store.queries import assignments_by_task, crew_leader
from taskboard.store.records import STAMPS, VECTOR

RECENT_DAYS = 30
"""How far back a volunteer's sheet lists finished work."""
HIDDEN_STATES = frozenset({AssignmentState.DECLINED})
"""Assignments a person said no to are not on their sheet (the calendar cancels them)."""
DAY_SHEET_STATUSES = frozenset({Status.OPEN, Status.STAFFED, Status.IN_PROGRESS, Status.DONE})
"""Columns whose tasks are real work on a given day (not mere suggestions or archive)."""

Doc = dict[str, Any]


@dataclass(frozen=True)
class Person:
    """Who a sheet is about or who is in a crew."""

    id: str
    ref: str
    name: str
    phone: str


@dataclass(frozen=True)
class AssignmentLine:
    """One assignment with its task resolved: the unit of every sheet and calendar event."""

    assignment: str
    """The assignment's id: stable across sites, so it names the calendar event."""
    state: AssignmentState
    person: Person
    skill: str
    skill_label: str
    task: str
    ref: str
    title: str
    kind: str
    status: str
    description: str
    site: str
    site_name: str
    place: str
    start: dt.datetime | None
    end: dt.datetime | None
    due: dt.date | None
    contact: str
    """The community office to ask: the site's name and the coordinator."""
    hours: float
    """Hours logged on this assignment so far."""
    changed: int
    """Latest change stamp of the task or the assignment (hybrid clock value)."""
    leader: Person | None = None
    """The task's crew leader while on its crew (`store.queries.crew_leader`)."""

    @property
    def day(self) -> dt.date | None:
        """The day the work starts or is due."""
        return self.start.date() if self.start else self.due

    @property
    def last_day(self) -> dt.date | None:
        """The day the work ends (the same as `day` except for multi-day windows)."""
        return self.end.date() if self.end else self.due

    def sort_key(self) -> tuple[dt.date, dt.time, str]:
        """Soonest first; undated work last."""
        start = self.start.time() if self.start else dt.time.max
        return self.day or dt.date.max, start, self.ref

    def as_json(self) -> dict[str, Any]:
        """The line as `--json` prints it."""
        return {
            "assignment": self.assignment,
            "state": self.state.value,
            "volunteer": self.person.ref,
            "volunteer_name": self.person.name,
            "skill": self.skill,
            "skill_label": self.skill_label,
            "task": self.task,
            "ref": self.ref,
            "title": self.title,
            "site": self.site,
            "site_name": self.site_name,
            "place": self.place,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "due": self.due.isoformat() if self.due else None,
            "contact": self.contact,
            "hours": self.hours,
            "leader": _person_json(self.leader),
        }


def _person_json(person: Person | None) -> dict[str, str] | None:
    if person is None:
        return None
    return {"ref": person.ref, "name": person.name, "phone": person.phone}


@dataclass(frozen=True)
class Schedule:
    """A volunteer's sheet: what is coming and what was done lately."""

    person: Person
    today: dt.date
    upcoming: tuple[AssignmentLine, ...]
    recent: tuple[AssignmentLine, ...]
    cancelled: tuple[AssignmentLine, ...]
    """Declined assignments: left off the sheet, cancelled in the calendar."""
    contact: str = ""
    """Whom to call with questions: the volunteer's site's coordinator and phone."""

    def as_json(self) -> dict[str, Any]:
        """The schedule as `--json` prints it."""
        return {
            "volunteer": {"id": self.person.id, "ref": self.person.ref, "name": self.person.name},
            "today": self.today.isoformat(),
            "upcoming": [line.as_json() for line in self.upcoming],
            "recent": [line.as_json() for line in self.recent],
            "contact": self.contact,
        }


@dataclass(frozen=True)
class Crew:
    """One task and the people on it."""

    task: Doc
    site_name: str
    contact: str
    lines: tuple[AssignmentLine, ...]
    needs: tuple[tuple[str, int, int], ...]
    """(skill label, filled, needed) for each needed skill."""
    leader: Person | None = None
    """Who leads the crew, while on it (`store.queries.crew_leader`)."""


class LineReader:
    """Builds `AssignmentLine`s, looking names up once per sheet rather than once per line."""

    def __init__(self, store: Store) -> None:
        self.store = store
        lang = language()
        self.skill_labels = {key: skill.label(lang) for key, skill in store.skills.models().items()}
        self.site_names = {site_id: site.name for site_id, site in store.sites.models().items()}
        self.local_site = str(store.meta.get("site") or "")
        self.coordinator = str(store.meta.get("coordinator") or "")
        self.hours = store.hours_by_assignment()
        self._by_task: dict[str, list[Doc]] | None = None

    def leader(self, task: Doc) -> Person | None:
        """The task's crew leader while on its crew; assignments are grouped once per
        sheet, and only when a task has a leader."""
        if not task.get("leader"):
            return None
        if self._by_task is None:
            self._by_task = assignments_by_task(self.store)
        doc = crew_leader(self.store, task, self._by_task.get(task["id"], []))
        return None if doc is None else self.person(doc)

    def contact(self, site: str) -> str:
        """`阜宁社区 李主任`: the office and the person to ask there.

        The file knows only its own coordinator; for work of another site
        (merged in from its bundle) the office's name is all it can say.
        """
        coordinator = self.coordinator if site == self.local_site else ""
        return " ".join(part for part in (self.site_names.get(site, site), coordinator) if part)

    def person(self, doc: Doc) -> Person:
        """The volunteer record as a sheet shows them."""
        return Person(doc["id"], doc.get("ref", ""), doc["name"], doc.get("phone") or "")

    def line(self, assignment: Doc, task: Doc, volunteer: Doc) -> AssignmentLine:
        """One assignment with everything a sheet says about it."""
        skill = assignment["skill"]
        return AssignmentLine(
            assignment=assignment["id"],
            state=AssignmentState(assignment["state"]),
            person=self.person(volunteer),
            skill=skill,
            skill_label=str(self.skill_labels.get(skill, skill)),
            task=task["id"],
            ref=task.get("ref", ""),
            title=task["title"],
            kind=task.get("kind", ""),
            status=task["status"],
            description=task.get("description", ""),
            site=task["site"],
            site_name=str(self.site_names.get(task["site"], task["site"])),
            place=task.get("place", ""),
            start=_datetime(task.get("start")),
            end=_datetime(task.get("end")),
            due=dt.date.fromisoformat(task["due"]) if task.get("due") else None,
            contact=self.contact(task["site"]),
            hours=self.hours.get(assignment["id"], 0.0),
            changed=max(last_change(task), last_change(assignment)),
            leader=self.leader(task),
        )

    def lines(self, assignments: Iterable[Doc]) -> list[AssignmentLine]:
        """Lines for the assignments whose task and volunteer are still there."""
        found = []
        for assignment in assignments:
            task = _live(self.store.tasks.get(assignment["task"]))
            volunteer = _live(self.store.volunteers.get(assignment["volunteer"]))
            if task is not None and volunteer is not None:
                found.append(self.line(assignment, task, volunteer))
        found.sort(key=AssignmentLine.sort_key)
        return found


def volunteer_schedule(store: Store, query: str, today: dt.date) -> Schedule:
    """The sheet of the volunteer found by reference, id, exact name or phone number."""
    return schedule_of(store, store.find_volunteer(query), today)


PHONE_END_DIGITS = 4
"""How many of the phone number's last digits the kiosk asks for besides the name."""


def kiosk_schedule(store: Store, name: str, phone_end: str, today: dt.date) -> Schedule:
    """The sheet of the live volunteer called exactly `name` whose phone ends in `phone_end`.

    The kiosk stands where anyone can type, and a sheet says where and when a
    person (perhaps a minor) will be; a name alone is easy to know, a reference
    easy to guess. Asking for the last four digits of the phone as well keeps
    the sheet to its owner. Every miss (unknown name, wrong digits, no phone on
    file) raises the same `NotFound`, so the answer never tells whether the
    name exists."""
    wanted = name.strip()
    digits = "".join(ch for ch in phone_end if ch.isdigit())
    if not wanted or len(digits) != PHONE_END_DIGITS:
        raise NotFound("no match")
    matches = [
        doc
        for doc in store.volunteers.live()
        if doc.get("name") == wanted
        and "".join(ch for ch in doc.get("phone") or "" if ch.isdigit()).endswith(digits)
    ]
    if len(matches) != 1:
        raise NotFound("no match")  # two with the same name and digits: the office helps
    return schedule_of(store, matches[0], today)


def schedule_of(store: Store, volunteer: Doc, today: dt.date) -> Schedule:
    """The sheet of one volunteer (a stored record): upcoming and recent work."""
    reader = LineReader(store)
    person = reader.person(volunteer)
    lines = reader.lines(store.assignments_of_volunteer(person.id))
    shown = [line for line in lines if line.state not in HIDDEN_STATES]
    since = today - dt.timedelta(days=RECENT_DAYS)
    return Schedule(
        person=person,
        today=today,
        upcoming=tuple(line for line in shown if _is_upcoming(line, today)),
        recent=tuple(
            line
            for line in reversed(shown)
            if not _is_upcoming(line, today) and line.last_day and line.last_day >= since
        ),
        cancelled=tuple(line for line in lines if line.state in HIDDEN_STATES),
        contact=site_contact(store, store.volunteers.get(person.id)),
    )


def site_contact(store: Store, volunteer: Doc | None) -> str:
    """The volunteer's site's contact line (the local site's for someone of no site)."""
    site_id = (volunteer or {}).get("site") or store.site
    doc = store.sites.get(site_id)
    return store.sites.model(doc).contact() if doc and not doc.get("deleted") else ""


def _is_upcoming(line: AssignmentLine, today: dt.date) -> bool:
    """Still to come or going on; undated work is upcoming until it is done."""
    if line.last_day is None:
        return line.state not in (AssignmentState.DONE, AssignmentState.NO_SHOW)
    return line.last_day >= today


def task_crew(store: Store, ref: str, reader: LineReader | None = None) -> Crew:
    """The task given by reference or id and everyone on it (declined ones left out)."""
    reader = reader or LineReader(store)
    task = store.tasks.find(ref)
    return _crew(reader, task, store.assignments_of_task(task["id"]))


def _crew(reader: LineReader, task: Doc, assignments: list[Doc]) -> Crew:
    """The crew of `task` from its assignments; filled counts as the board counts them."""
    lines = [line for line in reader.lines(assignments) if line.state not in HIDDEN_STATES]
    lines.sort(key=lambda line: (line.skill, line.person.name))
    filling = (AssignmentState.PROPOSED, AssignmentState.CONFIRMED, AssignmentState.DONE)
    needs = tuple(
        (
            reader.skill_labels.get(need["skill"], need["skill"]),
            sum(1 for line in lines if line.skill == need["skill"] and line.state in filling),
            int(need["count"]),
        )
        for need in task.get("needs", [])
    )
    return Crew(
        task=task,
        site_name=str(reader.site_names.get(task["site"], task["site"])),
        contact=reader.contact(task["site"]),
        lines=tuple(lines),
        needs=needs,
        leader=reader.leader(task),
    )


def day_crews(store: Store, day: dt.date, site: str | None = None) -> list[Crew]:
    """Every task happening (or due) on `day`, with its crew: who goes where that day."""
    if site is not None and site not in store.sites.docs():
        known = ", ".join(sorted(store.sites.docs()))
        raise NotFound(f"no site {site!r} (known: {known})")
    reader = LineReader(store)
    tasks = [
        task
        for task in store.tasks.live()
        if task["status"] in DAY_SHEET_STATUSES
        and (site is None or task["site"] == site)
        and _happens_on(task, day)
    ]
    tasks.sort(key=lambda task: (task.get("start") or "~", task["site"], task.get("ref", "")))
    grouped = assignments_by_task(store)
    return [_crew(reader, task, grouped.get(task["id"], [])) for task in tasks]


def _happens_on(task: Doc, day: dt.date) -> bool:
    """True when the window covers `day` (windows may span days), or the task is due then."""
    start, end = _datetime(task.get("start")), _datetime(task.get("end"))
    if start is not None and end is not None:
        return start.date() <= day <= end.date()
    return bool(task.get("due")) and dt.date.fromisoformat(task["due"]) == day


def last_change(doc: Doc) -> int:
    """The newest change stamp a record carries (0 for a record without stamps)."""
    stamps = [int(stamp[1]) for stamp in doc.get(STAMPS, {}).values()]
    stamps += [int(value) for value in doc.get(VECTOR, {}).values()]
    return max(stamps, default=0)


def _datetime(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _live(doc: Doc | None) -> Doc | None:
    return None if doc is None or doc.get("deleted") else doc

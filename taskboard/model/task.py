"""Tasks on the board, assignments of volunteers to them, and logged hours."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from taskboard.model.common import (
    AssignmentState,
    ChecklistState,
    Day,
    Group,
    Key,
    Kind,
    Label,
    Level,
    Line,
    Moment,
    Name,
    Priority,
    Record,
    Slug,
    Status,
    Text,
    new_id,
    wall_clock,
)


class Need(Record):
    """A skill the task needs, how many people, and the minimum level."""

    skill: Slug
    count: int = Field(default=1, ge=1, le=200)
    min_level: Level = 1


class Origin(Record):
    """Where the task came from, e.g. a resident's suggestion at a meeting."""

    source: Name
    """Who raised it, e.g. `朱庆花园南区居民代表`."""
    date: Day | None = None
    note: Text = ""


class Headcount(Record):
    """How many people an event expects or had: adults and minors counted apart
    (a story afternoon is parents and children; the district asks for both)."""

    adults: int = Field(default=0, ge=0, le=100_000)
    minors: int = Field(default=0, ge=0, le=100_000)

    @property
    def total(self) -> int:
        """Adults and minors together."""
        return self.adults + self.minors

    def text(self) -> str:
        """`12+19`: adults + minors, as the card and the task screen show it."""
        return f"{self.adults}+{self.minors}"


Money = Annotated[float, Field(ge=0, le=100_000_000)]
"""An amount in yuan: never negative; cents allowed."""


class ChecklistItem(Record):
    """One step or one household; `retry` counts another attempt."""

    id: Key = Field(default_factory=new_id)
    text: Name
    state: ChecklistState = ChecklistState.TODO
    attempts: int = Field(default=0, ge=0, le=1000)
    """How many times it was tried (a household not home gets another visit)."""
    note: Text = ""


class Task(Record):
    """A piece of renovation or service work on the board."""

    id: Key = Field(default_factory=new_id)
    ref: Key = ""
    """Short reference unique across sites, e.g. `funing-12`, assigned when stored."""
    title: Name
    description: Text = ""
    kind: Kind = Kind.RENOVATION
    status: Status = Status.OPEN
    site: Slug
    """The site the work belongs to."""
    place: Line = Field(default="", max_length=200)
    """Where exactly, e.g. `朱庆花园南区 3栋旁`."""
    priority: Priority = Priority.NORMAL
    start: Moment | None = None
    end: Moment | None = None
    due: Day | None = None
    hours: float | None = Field(default=None, gt=0, le=1000)
    """Estimated hours per person."""
    needs: list[Need] = Field(default_factory=list)
    origin: Origin | None = None
    tags: list[Label] = Field(default_factory=list)
    checklist: list[ChecklistItem] = Field(default_factory=list)
    prefer_group: Group | None = None
    """A group the matcher should prefer, e.g. `military-spouse-association`."""
    rank: float = 0.0
    """Position within its board column (smaller is higher)."""
    expected: Headcount | None = None
    """Events: how many adults and minors are expected."""
    attended: Headcount | None = None
    """Events: how many adults and minors came."""
    cost_estimate: Money | None = None
    """What the work is expected to cost, in yuan."""
    cost: Money | None = None
    """What it cost, in yuan."""
    fund: Label | None = None
    """The funding source, one of its site's funds (`Site.funds`)."""
    series: Key | None = None
    """The series (`model.series.Series`) this task is an occurrence of; None for one-off work."""
    leader: Key | None = None
    """The volunteer (id) who leads the crew on this task, one of its assignees when set
    (`model.rules.crew_leader`); shown on the crew and day sheets and the phone page
    only while they are on the task (see `rules.leader_shown`)."""

    @field_validator("tags")
    @classmethod
    def _sorted_tags(cls, value: list[str]) -> list[str]:
        return sorted(set(value))

    @field_validator("needs")
    @classmethod
    def _one_need_per_skill(cls, value: list[Need]) -> list[Need]:
        """One need per skill, kept in skill order.

        Every site must store a task's needs in the same order, or merging two
        equal copies would look like an edit; skill order is what a merge writes.
        """
        seen = [need.skill for need in value]
        duplicates = sorted({skill for skill in seen if seen.count(skill) > 1})
        if duplicates:
            raise ValueError(f"skill {', '.join(duplicates)} is needed twice; merge the counts")
        return sorted(value, key=lambda need: need.skill)

    @field_validator("checklist")
    @classmethod
    def _checklist_in_id_order(cls, value: list[ChecklistItem]) -> list[ChecklistItem]:
        """Items in id order: ids are minted in increasing order, so this is the order
        they were added in, and it is the order a merge writes at every site."""
        return sorted(value, key=lambda item: item.id)

    @model_validator(mode="after")
    def _window_in_order(self) -> Task:
        if self.start and self.end and wall_clock(self.end) <= wall_clock(self.start):
            raise ValueError(f"end ({self.end}) must be after start ({self.start})")
        if (self.start is None) != (self.end is None):
            raise ValueError("a schedule window needs both a start and an end")
        if self.kind != Kind.EVENT and (self.expected or self.attended):
            raise ValueError("attendance is counted for events only (kind event)")
        return self

    @property
    def slots(self) -> int:
        """How many people the task needs in all."""
        return sum(need.count for need in self.needs)

    def passed(self, today: dt.date) -> bool:
        """True when its window (or, without one, its due date) ended before `today`
        while the work is not done: scheduling or staffing it is likely a mistake."""
        if self.status in (Status.DONE, Status.ARCHIVED):
            return False
        if self.end is not None:
            return self.end.date() < today
        return self.due is not None and self.due < today

    def when(self) -> dt.date | None:
        """The day the work happens or is due, for sorting and overdue checks."""
        if self.start is not None:
            return self.start.date()
        return self.due


EDITABLE_FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "kind",
    "site",
    "place",
    "priority",
    "start",
    "end",
    "due",
    "hours",
    "needs",
    "tags",
    "origin",
    "prefer_group",
    "expected",
    "attended",
    "cost_estimate",
    "cost",
    "fund",
)
"""The task fields a coordinator edits in the form. The column (`status`) and the
place in it (`rank`) change by a move, the checklist by its own actions."""


def assignment_id(task_id: str, volunteer_id: str, skill: str) -> str:
    """Deterministic id: two sites assigning the same person to the same slot agree."""
    digest = hashlib.blake2b(f"{task_id}|{volunteer_id}|{skill}".encode(), digest_size=13)
    return "a" + digest.hexdigest()


class Assignment(Record):
    """A volunteer in one skill slot of a task."""

    id: Key = ""
    task: Key
    """Task id."""
    volunteer: Key
    """Volunteer id."""
    skill: Slug
    state: AssignmentState = AssignmentState.PROPOSED

    @model_validator(mode="after")
    def _derive_id(self) -> Assignment:
        expected = assignment_id(self.task, self.volunteer, self.skill)
        if not self.id:
            self.id = expected
        elif self.id != expected:
            raise ValueError("assignment id does not match its task, volunteer and skill")
        return self


class HoursEntry(Record):
    """Hours a volunteer worked on one assignment on one day.

    Entries are separate records (not a number on the assignment) so that hours
    logged at two sites add up once each when their files are merged.
    """

    id: Key = Field(default_factory=new_id)
    assignment: Key
    task: Key
    volunteer: Key
    date: Day
    hours: float = Field(gt=0, le=24)
    verified_by: Line = ""
    note: Text = ""

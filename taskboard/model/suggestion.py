"""Residents' suggestions: what a meeting asked for, and what became of it.

A suggestion is its own record, not a field of a task: one suggestion may need
several tasks (a fence is welded, then painted), and some are declined with a
reason and never become work. The coordinator decides by hand whether a
suggestion is received, accepted or declined (`decision`); how far the work got
is read from the linked tasks by `progress`, the one place that rule lives, so
moving a card on the board moves its suggestion along without a second write.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field, StringConstraints, field_validator, model_validator

from taskboard.model.common import Day, Key, Line, Record, Slug, Text, new_id
from taskboard.model.text import PlainText


class Decision(enum.StrEnum):
    """What the coordinator decided about a suggestion (set by hand)."""

    RECEIVED = "received"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class SuggestionStatus(enum.StrEnum):
    """Where a suggestion stands, in the order it gets there (`progress` derives it)."""

    RECEIVED = "received"
    ACCEPTED = "accepted"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DECLINED = "declined"


SuggestionText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    PlainText(required=True),
]
"""The residents' words: one line, never blank (`小区内围墙生锈`)."""

PhotoPath = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), PlainText()
]
"""A photo's file path as the coordinator gave it (the file itself is not copied)."""


TaskId = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z_-]{1,64}$")]
"""A linked task's id: no dots, since each one is an element of a set in sync paths."""


class Suggestion(Record):
    """One resident suggestion, e.g. #1 of the July meeting: `小区内围墙生锈`."""

    id: Key = Field(default_factory=new_id)
    ref: Key = ""
    """Short reference unique across sites, e.g. `funing-s3`, assigned when stored."""
    site: Slug
    number: int | None = Field(default=None, ge=1, le=9999)
    """The number the meeting gave it (#7), if it had one."""
    text: SuggestionText
    raised_by: Line = Field(default="", max_length=120)
    """Who raised it: `朱庆花园南区居民代表`, `3栋 张阿姨`."""
    date: Day | None = None
    """When it was raised."""
    source: Line = Field(default="", max_length=120)
    """Where it was raised: `7月居民议事会`, the suggestion box."""
    place: Line = Field(default="", max_length=200)
    photos: list[PhotoPath] = Field(default_factory=list)
    decision: Decision = Decision.RECEIVED
    reason: Text = ""
    """Why it was declined (required then); told to residents on the notice."""
    tasks: list[TaskId] = Field(default_factory=list)
    """Ids of the tasks that answer it, in id order."""

    @field_validator("tasks")
    @classmethod
    def _sorted_tasks(cls, value: list[str]) -> list[str]:
        return sorted(set(value))

    @model_validator(mode="after")
    def _reason_when_declined(self) -> Suggestion:
        if self.decision == Decision.DECLINED and not self.reason.strip():
            raise ValueError("a declined suggestion needs a reason (residents are told it)")
        return self


FINISHED = frozenset({"done", "archived"})
"""Task statuses whose work is finished (an archived card was done, then put away)."""
UNDER_WAY = frozenset({"staffed", "in_progress"})
"""Task statuses where people are booked or at work."""


@dataclass(frozen=True)
class Progress:
    """Where a suggestion stands, and the linked tasks it was read from."""

    status: SuggestionStatus
    linked: int
    """Live linked tasks (removed ones do not count)."""
    done: int
    """Of those, finished (Done or Archived)."""
    last_day: dt.date | None = None
    """When all of it is done: the latest day of the linked work."""
    next_day: dt.date | None = None
    """While work is left: the earliest day of the work not yet finished."""


def progress(suggestion: Mapping[str, Any], tasks: Mapping[str, Mapping[str, Any]]) -> Progress:
    """The rule: where a suggestion stands, from its decision and its linked tasks.

    `suggestion` and `tasks` (id → task) are stored records or model dumps.
    - declined: declined, whatever is linked;
    - no live linked task: the decision (received or accepted);
    - every linked task Done (or Archived): done;
    - one is Staffed or In progress, or some but not all are Done: in progress;
    - otherwise (linked tasks all Suggested or Open): planned.
    Linking a task to a received suggestion thus plans it: a coordinator who
    turned it into work has accepted it.
    """
    linked = [
        task
        for task_id in suggestion.get("tasks") or ()
        if (task := tasks.get(task_id)) is not None and not task.get("deleted")
    ]
    done = [task for task in linked if task.get("status") in FINISHED]
    if str(suggestion.get("decision")) == Decision.DECLINED:
        return Progress(SuggestionStatus.DECLINED, len(linked), len(done))
    if not linked:
        return Progress(SuggestionStatus(str(suggestion.get("decision") or "received")), 0, 0)
    if len(done) == len(linked):
        last = max(_days(done), default=None)
        return Progress(SuggestionStatus.DONE, len(linked), len(done), last_day=last)
    left = [task for task in linked if task.get("status") not in FINISHED]
    upcoming = min(_days(left), default=None)
    if done or any(task.get("status") in UNDER_WAY for task in linked):
        status = SuggestionStatus.IN_PROGRESS
    else:
        status = SuggestionStatus.PLANNED
    return Progress(status, len(linked), len(done), next_day=upcoming)


def _days(tasks: Iterable[Mapping[str, Any]]) -> Iterable[dt.date]:
    """The day each task's work happens (start) or is due, where it has one."""
    for task in tasks:
        when = task.get("start") or task.get("due")
        if isinstance(when, dt.datetime):
            yield when.date()
        elif isinstance(when, dt.date):
            yield when
        elif isinstance(when, str) and when:
            yield dt.date.fromisoformat(when[:10])

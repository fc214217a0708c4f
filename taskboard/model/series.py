"""Recurring work: a task series (`Series`), its repeat rule, and its occurrences' ids.

A series is a record of its own holding the rule (`weekly:wed`), the first
day, an optional last day and the standing crew; each occurrence is an
ordinary task carrying the series' id in `Task.series`, with its own slots
and assignments. An occurrence's id and reference come from the series and
its date (`occurrence_id`, `occurrence_ref`), so two sites that extend the
same series make the same records and a merge joins them instead of
doubling them (as assignments derive theirs from task, volunteer and skill).

The repeat grammar (`model.repeat.parse_repeat`, the one place it lives, with the
days a rule falls on, readable without pydantic):

- `daily` (`每天`)
- `weekly:DAY[,DAY…]`, DAY `mon`…`sun` or `周一`…`周日` / `星期三`
  (`weekly:wed`, `weekly:周三`, `weekly:tue,thu`); `每周三` is `weekly:wed`
- `monthly:N`, N from 1 to 31 (`monthly:15`, `每月15日`); a month without day N
  has its occurrence on its last day
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, field_validator, model_validator

from taskboard.model.common import Day, Key, Name, Record, Slug, Status, new_id
from taskboard.model.repeat import (
    HORIZON_DAYS,
    REPEAT_PATTERN,
    due_dates,
    occurrence_id,
    occurrence_ref,
    parse_repeat,
)
from taskboard.model.task import Task

Repeat = Annotated[str, StringConstraints(pattern=REPEAT_PATTERN), AfterValidator(parse_repeat)]
"""A repeat rule in its written form (what `parse_repeat` makes of what was typed)."""
CrewEntry = Annotated[str, StringConstraints(pattern=r"^[0-9a-z]{1,40}:[a-z0-9_]{1,40}$")]
"""`VOLUNTEER_ID:skill`."""


PER_OCCURRENCE = ("attended", "cost", "leader")
"""What happened at one occurrence, or who led its crew; a new occurrence starts without it
(a leader is chosen among an occurrence's own crew: `rules.crew_leader`)."""

SERIES_FIELDS = ("title",)
"""Task fields the series itself holds for every occurrence to come: an occurrence takes
them from the series, not from the occurrence it copies, and "this and following"
(`actions.series.edit_following`) writes them to the series too."""


def _template_day(doc: Mapping[str, Any]) -> dt.date | None:
    start, due = doc.get("start"), doc.get("due")
    if start:
        return dt.datetime.fromisoformat(str(start)).date()
    return dt.date.fromisoformat(str(due)) if due else None


def _shift(value: Any, days: int) -> Any:
    if not value:
        return value
    text = str(value)
    if "T" in text:
        return (dt.datetime.fromisoformat(text) + dt.timedelta(days=days)).isoformat()
    return (dt.date.fromisoformat(text) + dt.timedelta(days=days)).isoformat()


def occurrence_of(series: Series, template: Mapping[str, Any], day: dt.date) -> Task:
    """The occurrence of `series` on `day`, shaped like `template` (a task's fields) moved
    to that day, with the series' own fields (`SERIES_FIELDS`): its own id, reference
    and checklist ids, open, nobody on it yet."""
    base = _template_day(template) or day
    shift = (day - base).days
    task_id = occurrence_id(series.id, day)
    fields = {
        key: value
        for key, value in template.items()
        if not key.startswith("_") and key != "deleted" and key in Task.model_fields
    }
    fields.update(
        id=task_id,
        ref=occurrence_ref(series.ref, day),
        series=series.id,
        status=Status.OPEN.value,
        rank=float(day.toordinal()),
        start=_shift(fields.get("start"), shift),
        end=_shift(fields.get("end"), shift),
        due=_shift(fields.get("due"), shift),
        checklist=[
            {"id": f"{task_id}-{number:03d}", "text": item["text"]}
            for number, item in enumerate(fields.get("checklist") or [], 1)
        ],
        **dict.fromkeys(PER_OCCURRENCE),
        **series_fields(series),
    )
    return Task.model_validate(fields)  # ValidationError when the template breaks a rule


def series_fields(series: Series) -> dict[str, Any]:
    """The values an occurrence of `series` takes from the series itself (`SERIES_FIELDS`)."""
    return {name: getattr(series, name) for name in SERIES_FIELDS}


class Series(Record):
    """Work that repeats: the rule, its days and the standing crew; occurrences are tasks."""

    id: Key = Field(default_factory=new_id)
    ref: Key = ""
    """`yuecheng-r1`, assigned when stored; occurrences are `yuecheng-r1-261209`."""
    site: Slug
    title: Name
    repeat: Repeat
    first: Day
    """The first occurrence's day."""
    until: Day | None = None
    """The last day an occurrence may fall on; None: keep going, 8 weeks ahead at a time."""
    crew: list[CrewEntry] = Field(default_factory=list)
    """Standing crew, `VOLUNTEER_ID:skill` each: proposed for every upcoming occurrence."""

    @field_validator("crew")
    @classmethod
    def _sorted_crew(cls, value: list[str]) -> list[str]:
        """One entry per person and skill, in one order at every site (a set when merged)."""
        return sorted(set(value))

    @model_validator(mode="after")
    def _until_after_first(self) -> Series:
        if self.until is not None and self.until < self.first:
            raise ValueError(
                f"until ({self.until}) must not be before the first day ({self.first})"
            )
        return self

    def due_dates(self, today: dt.date, horizon: int = HORIZON_DAYS) -> list[dt.date]:
        """The days occurrences should exist for (`repeat.due_dates`)."""
        return due_dates(self.repeat, self.first, self.until, today, horizon)

    def crew_members(self) -> list[tuple[str, str]]:
        """(volunteer id, skill) of each standing crew member."""
        return [(entry.partition(":")[0], entry.partition(":")[2]) for entry in self.crew]

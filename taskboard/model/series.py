"""Recurring work: a task series (`Series`), its repeat rule, and its occurrences' ids.

A series is a record of its own holding the rule (`weekly:wed`), the first
day, an optional last day and the standing crew; each occurrence is an
ordinary task carrying the series' id in `Task.series`, with its own slots
and assignments. An occurrence's id and reference come from the series and
its date (`occurrence_id`, `occurrence_ref`), so two sites that extend the
same series make the same records and a merge joins them instead of
doubling them (as assignments derive theirs from task, volunteer and skill).

The repeat grammar (`parse_repeat`, the one place it lives):

- `daily` (`每天`)
- `weekly:DAY[,DAY…]`, DAY `mon`…`sun` or `周一`…`周日` / `星期三`
  (`weekly:wed`, `weekly:周三`, `weekly:tue,thu`); `每周三` is `weekly:wed`
- `monthly:N`, N from 1 to 31 (`monthly:15`, `每月15日`); a month without day N
  has its occurrence on its last day
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, field_validator, model_validator

from taskboard.model.common import DAYS, Day, Key, Name, Record, Slug, Status, new_id
from taskboard.model.task import Task

HORIZON_DAYS = 56
"""Occurrences are made this far ahead of today (8 weeks), or up to the series' last day."""
MAX_OCCURRENCES = 400
"""Most occurrences one series makes at once (a daily series over a year and a month)."""

ZH_DAYS = {"一": "mon", "二": "tue", "三": "wed", "四": "thu", "五": "fri", "六": "sat"}
ZH_DAYS |= {"日": "sun", "天": "sun", "七": "sun"}
_ZH_WEEKDAY = re.compile(r"^(?:周|星期|礼拜)([一二三四五六日天七])$")
_EVERY_WEEK = re.compile(r"^每(?:周|星期|礼拜)([一二三四五六日天七])$")
_EVERY_MONTH = re.compile(r"^每月([0-9]{1,2})[日号]?$")
REPEAT_SHAPE = "daily, weekly:DAY[,DAY] (mon…sun or 周一…周日) or monthly:N (1–31)"


def weekday(text: str) -> str:
    """`wed`, `Wednesday`, `周三`, `星期三` → `wed`; ValueError otherwise."""
    word = text.strip().lower()
    found = _ZH_WEEKDAY.match(word)
    if found:
        return ZH_DAYS[found.group(1)]
    if word[:3] in DAYS and (
        len(word) == 3 or calendar.day_name[DAYS.index(word[:3])].lower() == word
    ):
        return word[:3]
    raise ValueError(f"{text!r} is not a day of the week (mon…sun or 周一…周日)")


def parse_repeat(text: str) -> str:
    """A repeat rule as typed → its one written form (`weekly:wed`); ValueError with the
    shapes taken otherwise."""
    value = text.strip().lower().replace("：", ":").replace("，", ",").replace("、", ",")
    if value in ("daily", "每天", "每日"):
        return "daily"
    if found := _EVERY_WEEK.match(value):
        return f"weekly:{ZH_DAYS[found.group(1)]}"
    if found := _EVERY_MONTH.match(value):
        value = f"monthly:{found.group(1)}"
    kind, _colon, rest = value.partition(":")
    if kind == "weekly" and rest:
        days = {weekday(part) for part in rest.split(",") if part.strip()}
        if days:
            return "weekly:" + ",".join(day for day in DAYS if day in days)
    if kind == "monthly" and rest.isdigit() and 1 <= int(rest) <= 31:
        return f"monthly:{int(rest)}"
    raise ValueError(f"repeat {text!r}: expected {REPEAT_SHAPE}")


_DAY = "(?:mon|tue|wed|thu|fri|sat|sun)"
REPEAT_PATTERN = rf"^(?:daily|weekly:{_DAY}(?:,{_DAY})*|monthly:(?:[1-9]|[12][0-9]|3[01]))$"
Repeat = Annotated[str, StringConstraints(pattern=REPEAT_PATTERN), AfterValidator(parse_repeat)]
"""A repeat rule in its written form (what `parse_repeat` makes of what was typed)."""
CrewEntry = Annotated[str, StringConstraints(pattern=r"^[0-9a-z]{1,40}:[a-z0-9_]{1,40}$")]
"""`VOLUNTEER_ID:skill`."""


def repeat_word(rule: str) -> str:
    """`weekly`, `daily` or `monthly`: the mark a card shows (`↻ weekly`)."""
    return rule.partition(":")[0]


def dates(rule: str, first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """Every day from `first` to `last` (both included) the rule falls on."""
    kind, _colon, rest = parse_repeat(rule).partition(":")
    if kind == "daily":
        days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
        yield from days
    elif kind == "weekly":
        wanted = {DAYS.index(day) for day in rest.split(",")}
        day = first
        while day <= last:
            if day.weekday() in wanted:
                yield day
            day += dt.timedelta(days=1)
    else:
        number = int(rest)
        year, month = first.year, first.month
        while True:
            length = calendar.monthrange(year, month)[1]
            day = dt.date(year, month, min(number, length))
            if day > last:
                return
            if day >= first:
                yield day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def occurrence_id(series_id: str, day: dt.date) -> str:
    """Deterministic task id of a series' occurrence on `day`: two sites agree."""
    digest = hashlib.blake2b(f"{series_id}|{day.isoformat()}".encode(), digest_size=13)
    return "o" + digest.hexdigest()


def occurrence_ref(series_ref: str, day: dt.date) -> str:
    """`yuecheng-r1-261209`: the series' reference and the day, the same at every site."""
    return f"{series_ref}-{day:%y%m%d}"


def crew_entry(volunteer_id: str, skill: str) -> str:
    """One standing crew member as the series stores it (a set element): `ID:skill`."""
    return f"{volunteer_id}:{skill}"


PER_OCCURRENCE = ("attended", "cost", "leader")
"""What happened at one occurrence, or who led its crew; a new occurrence starts without it
(a leader is chosen among an occurrence's own crew: `rules.crew_leader`)."""


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
    to that day: its own id, reference and checklist ids, open, nobody on it yet."""
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
    )
    return Task.model_validate(fields)  # ValidationError when the template breaks a rule


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
        """The days occurrences should exist for: from the first day up to today plus
        the horizon (or the last day, whichever is sooner)."""
        end = today + dt.timedelta(days=horizon)
        if self.until is not None:
            end = min(end, self.until)
        found = []
        for day in dates(self.repeat, self.first, end):
            found.append(day)
            if len(found) >= MAX_OCCURRENCES:
                break
        return found

    def crew_members(self) -> list[tuple[str, str]]:
        """(volunteer id, skill) of each standing crew member."""
        return [(entry.partition(":")[0], entry.partition(":")[2]) for entry in self.crew]

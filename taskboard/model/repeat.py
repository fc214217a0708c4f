"""Recurring work's days, from the stored records alone (no model class, no pydantic).

The repeat grammar (`parse_repeat`, the one place it lives) and the days a rule
falls on; `model.series` builds the `Series` record on them. Kept apart so the
board can ask at start-up whether any occurrence is missing (`missing_days`)
by reading the stored series, without loading the models.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from taskboard.model.kinds import DAYS

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


def due_dates(
    rule: str, first: dt.date, until: dt.date | None, today: dt.date, horizon: int = HORIZON_DAYS
) -> list[dt.date]:
    """The days a series' occurrences should exist for: from its first day up to today
    plus the horizon (or its last day, whichever is sooner)."""
    end = today + dt.timedelta(days=horizon)
    if until is not None:
        end = min(end, until)
    found = []
    for day in dates(rule, first, end):
        found.append(day)
        if len(found) >= MAX_OCCURRENCES:
            break
    return found


def missing_days(
    series: Iterable[Mapping[str, Any]], tasks: Mapping[str, Any], today: dt.date
) -> dict[str, list[dt.date]]:
    """Series id → the days from today on whose occurrence is not among `tasks` (by id,
    removed ones included, so a cancelled occurrence stays cancelled), read from the
    stored series records."""
    wanted: dict[str, list[dt.date]] = {}
    for doc in series:
        until = dt.date.fromisoformat(doc["until"]) if doc.get("until") else None
        first = dt.date.fromisoformat(doc["first"])
        days = [
            day
            for day in due_dates(doc["repeat"], first, until, today)
            if day >= today and occurrence_id(doc["id"], day) not in tasks
        ]
        if days:
            wanted[doc["id"]] = days
    return wanted

"""Volunteer hours: logging them on an assignment, the office's hours report, totals.

Hours are separate records, one per assignment and day, so that two sites that
log hours for the same work and merge their files count each entry once; every
figure here is a sum over those records, never a number kept on the assignment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from taskboard.model import HoursEntry
from taskboard.model.errors import describe_validation_error
from taskboard.store import InvalidRecord, Store

MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
TOTALS_BY = ("volunteer", "month", "site", "group")
NO_GROUP = ""
"""Group key of volunteers who belong to no group."""

Doc = dict[str, Any]


# Finding and changing assignments ------------------------------------------------------
def new_hours_entry(
    assignment: Doc, *, day: dt.date, hours: float, verified_by: str = "", note: str = ""
) -> HoursEntry:
    """A validated entry for `assignment`; `InvalidRecord` says what is wrong."""
    try:
        return HoursEntry(
            assignment=assignment["id"],
            task=assignment["task"],
            volunteer=assignment["volunteer"],
            date=day,
            hours=hours,
            verified_by=verified_by.strip(),
            note=note.strip(),
        )
    except ValidationError as error:
        raise InvalidRecord(describe_validation_error(error)) from error


# The hours report ----------------------------------------------------------------------
@dataclass(frozen=True)
class HoursRow:
    """One line of the hours report, in the shape an office files."""

    date: dt.date
    volunteer: str
    ref: str
    task_ref: str
    task: str
    site: str
    hours: float
    verified_by: str
    note: str

    def as_json(self) -> dict[str, Any]:
        """The row as `--json` prints it."""
        return {
            "date": self.date.isoformat(),
            "volunteer": self.volunteer,
            "ref": self.ref,
            "task_ref": self.task_ref,
            "task": self.task,
            "site": self.site,
            "hours": self.hours,
            "verified_by": self.verified_by,
            "note": self.note,
        }


def check_month(text: str) -> str:
    """`2026-11` as given; anything else is a `ValueError` naming the shape wanted."""
    value = text.strip()
    if not MONTH_PATTERN.match(value):
        raise ValueError(f"{text!r}: expected a month like 2026-11")
    return value


def hours_rows(store: Store, month: str | None = None) -> list[HoursRow]:
    """Every logged entry (of `month`, when given), by date, then volunteer and task."""
    people, tasks = store.volunteers.docs(), store.tasks.docs()
    rows = []
    for entry in store.hours.live():
        if month and not str(entry["date"]).startswith(month):
            continue
        person = people.get(entry["volunteer"], {})
        task = tasks.get(entry["task"], {})
        rows.append(
            HoursRow(
                date=dt.date.fromisoformat(entry["date"]),
                volunteer=person.get("name", "?"),
                ref=person.get("ref") or entry["volunteer"],
                task_ref=task.get("ref") or entry["task"],
                task=task.get("title", "?"),
                site=task.get("site", ""),
                hours=float(entry["hours"]),
                verified_by=entry.get("verified_by", ""),
                note=entry.get("note", ""),
            )
        )
    rows.sort(key=lambda row: (row.date, row.ref, row.task_ref))
    return rows


# Totals --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Total:
    """Hours summed under one key (a volunteer, a month, a site or a group)."""

    key: str
    label: str
    hours: float
    entries: int

    def as_json(self) -> dict[str, Any]:
        """The total as `--json` prints it."""
        return {"key": self.key, "label": self.label, "hours": self.hours, "entries": self.entries}


def hours_totals(store: Store, by: str) -> list[Total]:
    """Hours per volunteer, month, site (where the work was) or group.

    A volunteer in two groups counts toward both, so group totals can add up
    to more than the hours logged; the other totals add up exactly.
    """
    if by not in TOTALS_BY:
        raise ValueError(f"totals by {by!r}: expected one of {', '.join(TOTALS_BY)}")
    sums: dict[str, list[float]] = {}
    labels = _labels(store, by)
    for entry in store.hours.live():
        for key in _keys(store, entry, by):
            total = sums.setdefault(key, [0.0, 0])
            total[0] += float(entry["hours"])
            total[1] += 1
    found = [
        Total(key, labels.get(key, key), round(hours, 2), int(count))
        for key, (hours, count) in sums.items()
    ]
    found.sort(key=lambda total: (-total.hours, total.key) if by != "month" else (total.key,))
    return found


def _keys(store: Store, entry: Doc, by: str) -> Iterable[str]:
    """Where an entry counts: one key, or each of the volunteer's groups."""
    if by == "month":
        return [str(entry["date"])[:7]]
    if by == "site":
        return [store.tasks.docs().get(entry["task"], {}).get("site", "")]
    person = store.volunteers.docs().get(entry["volunteer"], {})
    if by == "group":
        return person.get("groups") or [NO_GROUP]
    return [person.get("ref") or entry["volunteer"]]


def _labels(store: Store, by: str) -> dict[str, str]:
    if by == "site":
        return {doc["id"]: doc["name"] for doc in store.sites.docs().values()}
    if by == "volunteer":
        return {doc.get("ref", ""): doc["name"] for doc in store.volunteers.docs().values()}
    return {}

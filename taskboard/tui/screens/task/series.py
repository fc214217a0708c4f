"""The series part of an occurrence's task screen: what `taskboard series show` prints.

An occurrence of recurring work shows, above its assignments, its series'
rule, first and last day, the standing crew and the upcoming occurrences, so
the coordinator manages the whole run from the rehearsal in front of them
(the keys are on `TaskScreen`: add to the crew, remove from it, stop).
"""

from __future__ import annotations

import datetime as dt

from rich.console import Group
from rich.text import Text

from taskboard.actions.series import FINISHED, check_until, find_series, occurrences
from taskboard.i18n import _
from taskboard.i18n.words import repeat_text
from taskboard.model import DAYS, Series, Task
from taskboard.model.values import date
from taskboard.store import Store, StoreError
from taskboard.store.queries import task_day
from taskboard.store.records import DELETED
from taskboard.tui.screens.task.fields import BOLD, section
from taskboard.tui.screens.task.text import TextTable

UPCOMING_SHOWN = 10
"""Upcoming occurrences listed; a daily series says how many more follow."""
UPCOMING_COLUMNS = ("Occurrence", "Day", "Status")


def series_of(store: Store, task: Task) -> Series | None:
    """The live series `task` is an occurrence of, or None."""
    if task.series is None:
        return None
    doc = store.series.get(task.series)
    if doc is None or doc.get(DELETED):
        return None
    return store.series.model(doc)


def until_of(text: str) -> dt.date:
    """The day typed as a series' last day (checked by `until_refused` first)."""
    return date(_("Last day"), text)


def until_refused(store: Store, series_id: str, text: str) -> str:
    """Why `text` cannot be the series' new last day, as `taskboard series until` says it
    (not a date, before the first occurrence, the day it has); "" when it can."""
    try:
        check_until(find_series(store, series_id), until_of(text))
    except (ValueError, StoreError) as error:
        return str(error)
    return ""


def crew_names(store: Store, series: Series, labels: dict[str, str]) -> list[tuple[str, str]]:
    """(volunteer id, `陈玉珍 (performance)`) of each standing crew member."""
    found = []
    for volunteer, skill in series.crew_members():
        name = (store.volunteers.get(volunteer) or {}).get("name", volunteer)
        found.append((volunteer, f"{name} ({labels.get(skill, skill)})"))
    return found


def upcoming(store: Store, series: Series, today: dt.date) -> list[tuple[str, dt.date, str]]:
    """(reference, day, status) of the live occurrences from today on, in day order."""
    return [
        (str(doc["ref"]), day, str(doc["status"]))
        for doc in occurrences(store, series.id)
        if (day := task_day(doc)) is not None and day >= today
    ]


def next_open(store: Store, series: Series, task: Task, today: dt.date) -> str:
    """The occurrence a crew candidate is judged against: this one when it is still to
    come, else the next one to come that is not done (else this one)."""
    day = task.when()
    if day is not None and day >= today and task.status not in FINISHED:
        return task.id
    for doc in occurrences(store, series.id):
        found = task_day(doc)
        if found is not None and found >= today and doc["status"] not in FINISHED:
            return str(doc["id"])
    return task.id


def series_part(
    store: Store, series: Series, task: Task, today: dt.date, labels: dict[str, str]
) -> Group:
    """The heading, rule and days, the standing crew and the upcoming occurrences."""
    days = _("{rule} · from {first}").format(rule=repeat_text(series.repeat), first=series.first)
    if series.until is not None:
        days += " " + _("until {until}").format(until=series.until)
    crew = ", ".join(name for _id, name in crew_names(store, series, labels)) or "-"
    head = Text.assemble(
        (f"{series.ref} ", BOLD),
        f"{series.title}\n",
        f"{_('Repeat')}: {days}\n",
        f"{_('Standing crew')}: {crew}",
    )
    rows = [
        [
            Text(ref + (" ←" if ref == task.ref else "")),
            Text(f"{day} {_(DAYS[day.weekday()])}"),
            Text(_(status)),
        ]
        for ref, day, status in upcoming(store, series, today)
    ]
    parts: list[Text | TextTable] = [section("Series"), head]
    if rows:
        header = [Text(_(column), style=BOLD) for column in UPCOMING_COLUMNS]
        parts += [Text(""), TextTable(rows[:UPCOMING_SHOWN], header=header)]
        if len(rows) > UPCOMING_SHOWN:
            more = _("… {count} more").format(count=len(rows) - UPCOMING_SHOWN)
            parts.append(Text(more))
    return Group(*parts)

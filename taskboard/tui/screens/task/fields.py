"""What the task's fields say, and the part of the screen above the checklist."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from rich.console import Group
from rich.style import Style
from rich.text import Text

from taskboard.actions.tasks import leader_summary
from taskboard.i18n import _, group_name
from taskboard.model import DAYS, Task
from taskboard.store import Store
from taskboard.store.queries import FILLING_STATES, is_overdue
from taskboard.tui.screens.task.lookups import Doc
from taskboard.tui.screens.task.text import TextTable

FIELD_ROWS = (
    ("ref", "Ref"),
    ("status", "Status"),
    ("kind", "Kind"),
    ("priority", "Priority"),
    ("site", "Site"),
    ("place", "Place"),
    ("schedule", "Schedule"),
    ("due", "Due"),
    ("needs", "Needs"),
    ("hours", "Estimated hours"),
    ("origin", "Origin"),
    ("group", "Preferred group"),
    ("leader", "Crew leader"),
    ("tags", "Tags"),
)
"""(key, English label) of the task's fields, in the order they are shown."""

FIELD_NAME_WIDTH = 17
"""Cells given to the fields' names, before the values."""

EMPTY = "-"

BOLD = Style(bold=True)
"""The task's title, the section headings and the tables' column names."""


# What the fields say -------------------------------------------------------------------
def schedule_text(task: Task) -> str:
    """`2026-12-05 周六 09:00–11:00`; the end's date too when the window spans days."""
    if task.start is None or task.end is None:
        return EMPTY
    weekday = _(DAYS[task.start.weekday()])
    end = (
        f"{task.end:%H:%M}"
        if task.end.date() == task.start.date()
        else f"{task.end:%Y-%m-%d %H:%M}"
    )
    return f"{task.start:%Y-%m-%d} {weekday} {task.start:%H:%M}–{end}"


def needs_summary(task: Task, filled: Counter[str], labels: dict[str, str]) -> str:
    """`welding 1/2 (level ≥ 2) · painting 0/3`: filled of needed, and any minimum level."""
    if not task.needs:
        return EMPTY
    return " · ".join(
        f"{labels.get(need.skill, need.skill)} {filled[need.skill]}/{need.count}"
        + (f" ({_('level')} ≥ {need.min_level})" if need.min_level > 1 else "")
        for need in task.needs
    )


def filled(assignments: list[Doc]) -> Counter[str]:
    """Skill → how many of the task's `assignments` fill that need."""
    return Counter(doc["skill"] for doc in assignments if doc["state"] in FILLING_STATES)


def origin_text(task: Task) -> str:
    """Who suggested the task, when, and any note."""
    origin = task.origin
    if origin is None:
        return EMPTY
    when = f", {origin.date}" if origin.date else ""
    note = f" — {origin.note}" if origin.note else ""
    return f"{origin.source}{when}{note}"


def section(title: str) -> Text:
    """A section's heading, after a blank line."""
    return Text.assemble("\n", (_(title), BOLD))


def task_summary(
    store: Store,
    task: Task,
    today: dt.date,
    labels: dict[str, str],
    assignments: list[Doc],
    *,
    name_style: Style,
    overdue_style: Style,
) -> Group:
    """The title, every field, the description and the checklist's heading."""
    overdue = is_overdue(task.model_dump(mode="json"), today)
    values = field_values(store, task, overdue, labels, assignments)
    late_style = overdue_style if overdue else Style()
    fields = TextTable(
        [
            [
                Text(_(name), style=name_style),
                Text(values[key], style=late_style if key in ("schedule", "due") else ""),
            ]
            for key, name in FIELD_ROWS
        ],
        widths=(FIELD_NAME_WIDTH,),
        gap=1,
    )
    return Group(
        Text(""),
        Text(f"{task.ref}  {task.title}", style=BOLD),
        Text(""),
        fields,
        section("Description"),
        Text(task.description or EMPTY),
        section("Checklist"),
    )


def field_values(
    store: Store, task: Task, overdue: bool, labels: dict[str, str], assignments: list[Doc]
) -> dict[str, str]:
    """Each field's value as shown, by the keys of `FIELD_ROWS`."""
    site = store.sites.models().get(task.site)
    late = f"  ({_('overdue')})" if overdue else ""
    return {
        "ref": task.ref,
        "status": _(task.status),
        "kind": _(task.kind),
        "priority": _(task.priority),
        "site": f"{task.site} ({site.name})" if site else task.site,
        "place": task.place or EMPTY,
        "schedule": schedule_text(task) + (late if task.start else ""),
        "due": f"{task.due}{late}" if task.due else EMPTY,
        "needs": needs_summary(task, filled(assignments), labels),
        "hours": f"{task.hours:g}" if task.hours else EMPTY,
        "origin": origin_text(task),
        "group": group_name(task.prefer_group) if task.prefer_group else EMPTY,
        "leader": leader_summary(store, task, assignments) or EMPTY,
        "tags": ", ".join(task.tags) or EMPTY,
    }

"""The assignments and the history, the part of the screen below the checklist."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from taskboard.actions import event_names
from taskboard.actions.campaigns import visit_descriptions
from taskboard.actions.describe import history_line
from taskboard.i18n import _
from taskboard.model import HistoryEntry
from taskboard.store import Store
from taskboard.store.queries import LEADER_MARK, crew_leader
from taskboard.tui.screens.task.campaign import campaign_part, campaign_summary
from taskboard.tui.screens.task.fields import BOLD, section
from taskboard.tui.screens.task.lookups import Doc, lookups
from taskboard.tui.screens.task.text import TextTable

ASSIGNMENT_COLUMNS = ("Volunteer", "Skill", "State", "Hours")
HISTORY_COLUMNS = ("When", "Site", "Who", "Action", "Changes")


def history_row(
    entry: HistoryEntry,
    labels: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
    visits: dict[str, str] | None = None,
) -> list[Text]:
    """One history line in words: when, site, who, what was done and how."""
    return [Text(cell) for cell in history_line(entry, labels, names, visits)]


def task_records(
    store: Store, task_id: str, labels: dict[str, str], assignments: list[Doc]
) -> Group:
    """The assignments and the history, each as a table under its heading."""
    hours = lookups(store).hours(store)
    task = store.tasks.get(task_id)
    leader = crew_leader(store, task, assignments) if task is not None else None
    people = []
    for doc in assignments:
        person = store.volunteers.get(doc["volunteer"]) or {}
        skill: str = doc["skill"]
        mark = f"{LEADER_MARK} " if leader is not None and leader["id"] == person.get("id") else ""
        people.append(
            [
                Text(f"{mark}{person.get('name', '?')} ({person.get('ref', '?')})"),
                Text(labels.get(skill, skill)),
                Text(_(doc["state"])),
                Text(f"{hours.get(doc['id'], 0.0):g}"),
            ]
        )
    found = lookups(store)
    visits = visit_descriptions(store, store.tasks.model(task)) if task is not None else {}
    history = found.history(store, task_id)
    for visit_id in visits:
        history += found.history(store, visit_id)
    history.sort(key=lambda entry: (entry.at, entry.id))
    names = event_names(store, history)
    summary = campaign_summary(store, task_id)
    return Group(
        *([campaign_part(summary, task_id)] if summary is not None else []),
        section("Assignments"),
        TextTable(people, header=_header(ASSIGNMENT_COLUMNS)),
        section("History"),
        TextTable(
            [history_row(entry, labels, names, visits) for entry in history],
            header=_header(HISTORY_COLUMNS),
        ),
    )


def _header(columns: tuple[str, ...]) -> list[Text]:
    return [Text(_(column), style=BOLD) for column in columns]

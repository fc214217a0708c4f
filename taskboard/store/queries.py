"""Read-only questions about the board, answered from raw records (fast at district size).

The CLI and the TUI both use these so that a card and `task list` always
agree on what "filled" or "matches the search" means.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from taskboard.i18n import _, ngettext
from taskboard.model import AssignmentState, Status
from taskboard.model.rules import on_crew
from taskboard.store.records import DELETED, public
from taskboard.store.store import Store

FILLING_STATES = frozenset(
    {AssignmentState.PROPOSED, AssignmentState.CONFIRMED, AssignmentState.DONE}
)
"""Assignment states that take a slot; declined and no-show ones free it."""
BOARD_STATUSES = tuple(status for status in Status if status is not Status.ARCHIVED)

Doc = dict[str, Any]


def filled_slots(store: Store) -> dict[str, Counter[str]]:
    """Task id → skill → how many people fill that need."""
    filled: dict[str, Counter[str]] = {}
    for doc in store.live("assignments"):
        if doc["state"] in FILLING_STATES:
            filled.setdefault(doc["task"], Counter())[doc["skill"]] += 1
    return filled


LEADER_MARK = "★"
"""Marks the crew leader in a crew's table (sheets, the task screen) and its leader line."""


def crew_leader(store: Store, task: Doc, assignments: Iterable[Doc] | None = None) -> Doc | None:
    """The volunteer record of the task's crew leader while they lead it: live and on its
    crew (`rules.on_crew`); None when it has none, or the one set has left the crew.

    `assignments`: the task's live assignments when the caller has them already.
    """
    leader = task.get("leader")
    if not leader:
        return None
    doc = store.volunteers.get(str(leader))
    if doc is None or doc.get(DELETED):
        return None
    found = store.assignments_of_task(task["id"]) if assignments is None else assignments
    states = [a["state"] for a in found if a["volunteer"] == leader]
    return doc if on_crew(states) else None


def needs_text(task: Doc, filled: Counter[str] | None, label: dict[str, str]) -> str:
    """`welding 1/2 · painting 3/3`: each needed skill with filled/needed counts."""
    filled = filled or Counter()
    return " · ".join(
        f"{label.get(need['skill'], need['skill'])} {filled[need['skill']]}/{need['count']}"
        for need in task.get("needs", [])
    )


FINISHED_ITEMS = frozenset({"done", "skipped"})
"""Checklist states that need no further visit (as stored)."""


def checklist_progress(task: Doc) -> tuple[int, int] | None:
    """(finished, total) of the task's checklist items; None without a checklist."""
    items = task.get("checklist")
    if not items:
        return None
    return sum(item["state"] in FINISHED_ITEMS for item in items), len(items)


def progress_text(task: Doc) -> str:
    """`18/40 households` for a visits task, `3/5 done` for another checklist, else ""."""
    progress = checklist_progress(task)
    if progress is None:
        return ""
    finished, total = progress
    words = (
        ngettext("{done}/{total} household", "{done}/{total} households", total)
        if task["kind"] == "visits"
        else _("{done}/{total} done")
    )
    return words.format(done=finished, total=total)


def task_day(task: Doc) -> dt.date | None:
    """The day a task happens (window start) or is due."""
    if task.get("start"):
        return dt.datetime.fromisoformat(task["start"]).date()
    if task.get("due"):
        return dt.date.fromisoformat(task["due"])
    return None


def is_overdue(task: Doc, today: dt.date) -> bool:
    """Not done yet and its day has passed."""
    day = task_day(task)
    return day is not None and day < today and task["status"] not in ("done", "archived")


@dataclass(frozen=True)
class TaskFilter:
    """What `task list` and the board's filter panel narrow tasks by; empty = any."""

    statuses: frozenset[str] = frozenset()
    skill: str | None = None
    site: str | None = None
    kind: str | None = None
    text: str | None = None
    include_archived: bool = False

    def matches(self, task: Doc) -> bool:
        """True when `task` passes every set criterion."""
        status = task["status"]
        if self.statuses:
            if status not in self.statuses:
                return False
        elif status == Status.ARCHIVED and not self.include_archived:
            return False
        if self.site and task["site"] != self.site:
            return False
        if self.kind and task["kind"] != self.kind:
            return False
        if self.skill and all(need["skill"] != self.skill for need in task.get("needs", [])):
            return False
        return not self.text or self.text.casefold() in search_text(task)


def search_text(task: Doc) -> str:
    """Everything a text search looks at, case-folded: title, description, place, tags, ref."""
    parts = [task["title"], task.get("description", ""), task.get("place", ""), task["ref"]]
    return " ".join([*parts, *task.get("tags", [])]).casefold()


def select_tasks(store: Store, wanted: TaskFilter) -> list[Doc]:
    """Live tasks passing `wanted`, in board order (column, then rank)."""
    order = {status: i for i, status in enumerate(Status)}
    found = [doc for doc in store.live("tasks") if wanted.matches(doc)]
    found.sort(key=lambda doc: (order[doc["status"]], doc.get("rank", 0.0), doc["ref"]))
    return found


def task_json(task: Doc, assignments: Iterable[Doc], hours: dict[str, float]) -> Doc:
    """A task as `--json` prints it: the stored fields plus its assignments.

    Assignments are listed by skill and volunteer, not in the order this file
    happens to store them, so every site prints a synced task alike.
    """
    data = public(task)
    data.pop("deleted", None)
    progress = checklist_progress(task)
    data["progress"] = (
        {"finished": progress[0], "total": progress[1]} if progress is not None else None
    )
    data["assignments"] = [
        {
            "id": a["id"],
            "volunteer": a["volunteer"],
            "skill": a["skill"],
            "state": a["state"],
            "hours": hours.get(a["id"], 0.0),
        }
        for a in sorted(assignments, key=lambda a: (a["skill"], a["volunteer"], a["id"]))
    ]
    return data


def assignments_by_task(store: Store) -> dict[str, list[Doc]]:
    """Task id → its live assignments."""
    grouped: dict[str, list[Doc]] = {}
    for doc in store.live("assignments"):
        grouped.setdefault(doc["task"], []).append(doc)
    return grouped


def volunteers_matching(
    store: Store, *, skill: str | None = None, site: str | None = None, group: str | None = None
) -> Iterator[Doc]:
    """Live volunteers with `skill`, from `site`, in `group` (each optional)."""
    for doc in store.live("volunteers"):
        if skill and skill not in doc.get("skills", {}):
            continue
        if site and doc.get("site") != site:
            continue
        if group and group not in doc.get("groups", []):
            continue
        yield doc


@dataclass(frozen=True)
class SeriesView:
    """How the board and `task list` show recurring work compactly."""

    hidden: frozenset[str]
    """Occurrences not shown: upcoming ones after each series' next."""
    more: dict[str, int]
    """Shown next occurrence → how many upcoming occurrences after it are hidden."""
    repeat: dict[str, str]
    """Shown next occurrence → its series' rule word (`weekly`), for the `↻` mark."""
    members: dict[str, set[str]] = field(default_factory=dict)
    """Series id → its live occurrences in any status: what the board looks at again
    when one of them changes, instead of every task."""


def series_view(store: Store, today: dt.date, tasks: Iterable[Doc] | None = None) -> SeriesView:
    """The one rule for showing a series compactly: of its upcoming (today or later) live
    occurrences that are not done, only the next is shown, with "+N more"; past and
    finished occurrences show as the cards they are.

    `tasks` are the records to look at (every live task when None): the board
    passes one series' occurrences after one of them changed."""
    upcoming: dict[str, list[tuple[dt.date, str]]] = {}
    members: dict[str, set[str]] = {}
    for doc in store.live("tasks") if tasks is None else tasks:
        series = doc.get("series")
        if not series or doc.get(DELETED):
            continue
        members.setdefault(str(series), set()).add(doc["id"])
        if doc["status"] in (Status.DONE, Status.ARCHIVED):
            continue
        day = task_day(doc)
        if day is not None and day >= today:
            upcoming.setdefault(str(series), []).append((day, doc["id"]))
    hidden: set[str] = set()
    more: dict[str, int] = {}
    repeat: dict[str, str] = {}
    for series, found in upcoming.items():
        found.sort()
        first = found[0][1]
        hidden.update(task_id for _day, task_id in found[1:])
        more[first] = len(found) - 1
        rule = store.doc("series", series)
        repeat[first] = (
            str(rule["repeat"]).partition(":")[0] if rule and not rule.get(DELETED) else ""
        )
    return SeriesView(frozenset(hidden), more, repeat, members)

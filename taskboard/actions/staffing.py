"""Staffing: when assignments move a task between Open and Staffed, and when they never do.

The rule, in one place (docs/architecture.md, "Staffing", says it in words):

- A task moves **Open → Staffed** when every slot of every need is filled. A
  slot is filled by a proposed, confirmed or done assignment — the same count
  the card shows (`welding 2/2`) and the matcher uses: once someone is proposed,
  nobody else is looked for.
- A task moves **Staffed → Open** only when a slot is *freed*: someone is taken
  off, declines, or did not come (no-show), and the task is no longer full.
  Confirming, marking done, or assigning someone to a task the coordinator put
  in Staffed by hand never moves it back.
- Assignments never move a task in any other column (in progress, done,
  archived): past Staffed the coordinator decides.
- With `auto_staff = false` (settings) assignments move no card at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from taskboard.board.edits import Edit
from taskboard.i18n import _
from taskboard.model import Status
from taskboard.settings import MatchSettings
from taskboard.store import Store
from taskboard.store.queries import FILLING_STATES
from taskboard.store.records import DELETED
from taskboard.store.tables import Table


def frees_slot(before: str | None, after: str | None) -> bool:
    """True when an assignment going from state `before` to `after` (None: absent) frees a slot."""
    return before in FILLING_STATES and after not in FILLING_STATES


@dataclass
class Staffing:
    """The cards assignments moved, as undo steps and as references to report."""

    changes: list[Edit] = field(default_factory=list)
    staffed: list[str] = field(default_factory=list)
    """References of tasks moved to Staffed."""
    reopened: list[str] = field(default_factory=list)
    """References of tasks moved back to Open."""


def restaff(
    store: Store, task_ids: set[str], settings: MatchSettings, *, freed: set[str]
) -> Staffing:
    """Apply the staffing rule to `task_ids` after their assignments changed.

    `freed` holds the tasks on which the change freed a slot: only these may
    move back to Open.
    """
    moved = Staffing()
    if not settings.auto_staff or not task_ids:
        return moved
    filled: dict[str, Counter[str]] = {task_id: Counter() for task_id in task_ids}
    for doc in store.assignments.live():
        if doc["task"] in filled and doc["state"] in FILLING_STATES:
            filled[doc["task"]][doc["skill"]] += 1
    for task_id in sorted(task_ids):
        task = store.tasks.get(task_id)
        if task is None or task.get(DELETED) or not task.get("needs"):
            continue
        full = all(filled[task_id][n["skill"]] >= n.get("count", 1) for n in task["needs"])
        if task["status"] == Status.OPEN and full:
            moved.changes.append(_move(store, task, Status.STAFFED))
            moved.staffed.append(task["ref"])
        elif task["status"] == Status.STAFFED and not full and task_id in freed:
            moved.changes.append(_move(store, task, Status.OPEN))
            moved.reopened.append(task["ref"])
    return moved


def _move(store: Store, task: dict[str, Any], status: str) -> Edit:
    """Put the card on top of its new column; the undo step that takes it back."""
    before = {"status": task["status"], "rank": task.get("rank", 0.0)}
    after = {"status": status, "rank": store.column_end(status)}
    store.tasks.update(task["id"], after, action="moved")
    return Edit(Table.TASKS, task["id"], before, after, f"{task['ref']} → {_(status)}", "moved")

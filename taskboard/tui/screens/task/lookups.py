"""One task's assignments, hours and history, grouped once per change of their table."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from taskboard.model import HistoryEntry
from taskboard.store import Store
from taskboard.store.tables import Table

Doc = dict[str, Any]
"""A stored record."""

Revision = tuple[int, int]
"""What `Store.revision` returns: changes whenever a table may have changed."""


# Reading other tables ------------------------------------------------------------------
class TaskLookups:
    """One task's assignments, their hours and its history, without reading every record.

    The store finds these by a pass over the whole table, which at district size
    was most of the time it took to open a task. Here each table is grouped once
    and the grouping kept until the table changes (`Store.revision`).
    """

    def __init__(self) -> None:
        self._assignments: tuple[Revision, dict[str, list[Doc]]] | None = None
        self._hours: tuple[Revision, dict[str, float]] | None = None
        self._history: tuple[Revision, dict[str, list[Doc]]] | None = None

    def assignments(self, store: Store, task_id: str) -> list[Doc]:
        """The task's live assignments, in stored order."""
        revision = store.assignments.revision()
        if self._assignments is None or self._assignments[0] != revision:
            self._assignments = (revision, _grouped(store, Table.ASSIGNMENTS, "task"))
        return self._assignments[1].get(task_id, [])

    def hours(self, store: Store) -> dict[str, float]:
        """Logged hours summed per assignment id."""
        revision = store.hours.revision()
        if self._hours is None or self._hours[0] != revision:
            self._hours = (revision, store.hours_by_assignment())
        return self._hours[1]

    def history(self, store: Store, record_id: str) -> list[HistoryEntry]:
        """The record's history, oldest first."""
        revision = store.history.revision()
        if self._history is None or self._history[0] != revision:
            self._history = (revision, _grouped(store, Table.HISTORY, "record"))
        entries = sorted(self._history[1].get(record_id, []), key=lambda d: (d["at"], d["id"]))
        return [store.history.model(doc) for doc in entries]


def _grouped(store: Store, table: str, field: str) -> dict[str, list[Doc]]:
    grouped: dict[str, list[Doc]] = {}
    for doc in store.live(table):
        grouped.setdefault(doc[field], []).append(doc)
    return grouped


_LOOKUPS: WeakKeyDictionary[Store, TaskLookups] = WeakKeyDictionary()


def lookups(store: Store) -> TaskLookups:
    """The lookups kept for `store` (made on first use, gone with the store)."""
    found = _LOOKUPS.get(store)
    if found is None:
        found = _LOOKUPS[store] = TaskLookups()
    return found

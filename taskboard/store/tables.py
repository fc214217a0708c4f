"""The store's tables by name, and typed access to each one (`store.tasks`, `store.volunteers`…).

Code outside the store and sync never spells a table name as a string: it
says `store.tasks.live()` or `Table.TASKS`, so a misspelt table is a type
error, not an empty result. Each accessor is typed by its model: `create`,
`update`, `modify` and `load` take and return that model. The fast raw paths
stay: `live`, `docs` and `get` hand out the stored records (plain dicts shaped
by the model, read only) because the board and sync scan thousands of them per
key press, where building models would cost seconds.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

if TYPE_CHECKING:  # the model classes load when a record is first built or checked
    from pydantic import BaseModel

    from taskboard.model import HistoryEntry
    from taskboard.store.store import Store

M = TypeVar("M", bound="BaseModel")

Doc = dict[str, Any]
"""A stored record as read: its model's fields dumped to JSON, plus merge stamps. Read only."""


class Table(enum.StrEnum):
    """Every table of records a data file holds (also the names in the file and in bundles)."""

    SITES = "sites"
    SKILLS = "skills"
    VOLUNTEERS = "volunteers"
    TASKS = "tasks"
    ASSIGNMENTS = "assignments"
    HOURS = "hours"
    SUGGESTIONS = "suggestions"
    HISTORY = "history"
    CAMPAIGNS = "campaigns"
    VISITS = "visits"
    SERIES = "series"


MODEL_NAME: dict[Table, str] = {
    Table.SITES: "Site",
    Table.SKILLS: "Skill",
    Table.VOLUNTEERS: "Volunteer",
    Table.TASKS: "Task",
    Table.ASSIGNMENTS: "Assignment",
    Table.HOURS: "HoursEntry",
    Table.SUGGESTIONS: "Suggestion",
    Table.HISTORY: "HistoryEntry",
    Table.CAMPAIGNS: "Campaign",
    Table.VISITS: "Visit",
    Table.SERIES: "Series",
}
"""The model each table's records validate against, by its name in `taskboard.model`.

By name, so that opening a data file and painting the board import no model
class (nor pydantic): they read the stored records as they are."""


def model_of(table: str) -> type[BaseModel]:
    """The model class of `table`'s records (imported on first use)."""
    cls: type[BaseModel] = getattr(import_module("taskboard.model"), MODEL_NAME[Table(table)])
    return cls


class Records(Generic[M]):
    """One table of a store, read and changed through its model.

    Every change goes through the store (`Store.create`, `update`…): the
    rules, merge stamps, history and the one-writer lock live there.
    """

    def __init__(self, store: Store, table: Table) -> None:
        self._store = store
        self.table = table

    @property
    def cls(self) -> type[M]:
        """The model of this table's records."""
        return cast("type[M]", model_of(self.table))

    # Reading ---------------------------------------------------------------------
    def docs(self) -> dict[str, Doc]:
        """Every stored record by id, removed ones included."""
        return self._store.docs(self.table)

    def live(self) -> Iterator[Doc]:
        """Records that are not removed."""
        return self._store.live(self.table)

    def get(self, record_id: str) -> Doc | None:
        """One stored record by id, or None."""
        return self._store.doc(self.table, record_id)

    def find(self, ref: str, *, removed: bool = False) -> Doc:
        """A live record by reference or id (with `removed`, a removed one too)."""
        return self._store.find(self.table, ref, removed=removed)

    def model(self, doc: Doc) -> M:
        """A stored record as its model."""
        return self._store.model(self.table, doc, self.cls)

    def load(self, ref: str, *, removed: bool = False) -> M:
        """A record by reference or id, as its model."""
        return self.model(self.find(ref, removed=removed))

    def models(self) -> dict[str, M]:
        """Every live record as its model, by id (by key for skills)."""
        key = "key" if self.table is Table.SKILLS else "id"
        return {doc[key]: self.model(doc) for doc in self.live()}

    def revision(self) -> tuple[int, int]:
        """Changes whenever the table may have changed: a cache key for derived views."""
        return self._store.revision(self.table)

    # Changing --------------------------------------------------------------------
    def create(self, model: M, *, action: str = "created") -> M:
        """Store a new record (with a new reference where the table uses them)."""
        return self._store.create(self.table, model, action=action)

    def create_many(self, models: Iterable[M], *, action: str | None = "created") -> int:
        """Store many new records in one batch (generated or imported data)."""
        return self._store.create_many(self.table, models, action=action)

    def update(self, record_id: str, changes: dict[str, Any], *, action: str = "edited") -> M:
        """Change some fields of a record, checked against the whole model."""
        model = self._store.update(self.table, record_id, changes, action=action)
        assert isinstance(model, self.cls)
        return model

    def modify(
        self, record_id: str, change: Callable[[M], dict[str, Any]], *, action: str = "edited"
    ) -> M:
        """Change a record by a function of it as it is under the lock (see `Store.modify`)."""
        return self._store.modify(self.cls, record_id, change, action=action)

    def delete(self, record_id: str) -> None:
        """Remove a record softly (a tombstone that sync carries)."""
        self._store.delete(self.table, record_id)

    def restore(self, record_id: str) -> None:
        """Bring a removed record back."""
        self._store.restore(self.table, record_id)

    def note(self, record_id: str, action: str, changes: dict[str, Any]) -> None:
        """A history entry on a record that something else changed (see `Store.note`)."""
        self._store.note(self.table, record_id, action, changes)

    def check(self, model: M) -> None:
        """The rules across records this record must keep; raises if it breaks one."""
        self._store.check(self.table, model)


class HistoryRecords(Records["HistoryEntry"]):
    """The history table: entries written by the store, read per record."""

    def of(self, record_id: str) -> list[HistoryEntry]:
        """A record's history, oldest first."""
        entries = [doc for doc in self.live() if doc["record"] == record_id]
        entries.sort(key=lambda doc: (doc["at"], doc["id"]))
        return [self.model(doc) for doc in entries]

"""Changes made from the board, and undoing and redoing them within a session.

Every change is a set of field values before and after. Undo writes the
"before" values back as a new edit (so it is stamped, logged and synced like
any other change); it does not rewind the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from taskboard.store import Store
from taskboard.store.records import DELETED, public

UNDO_LIMIT = 200


@dataclass(frozen=True)
class Edit:
    """One undoable change of one record."""

    table: str
    record_id: str
    before: dict[str, Any]
    after: dict[str, Any]
    label: str
    """What the change was, for the notification after undo/redo."""
    action: str = "edited"
    """The history action (`moved`, `edited`, `deleted`, …)."""


def apply_fields(
    store: Store, table: str, record_id: str, fields: dict[str, Any], action: str
) -> None:
    """Write `fields` to a record; `deleted` True/False removes or restores it."""
    fields = dict(fields)
    deleted = fields.pop(DELETED, None)
    with store.transaction():
        if deleted is False:
            store.restore(table, record_id)
        if fields:
            store.update(table, record_id, fields, action=action)
        if deleted is True:
            store.delete(table, record_id)


def edit_of(
    store: Store,
    table: str,
    record_id: str,
    changes: dict[str, Any],
    label: str,
    action: str = "edited",
) -> Edit:
    """An `Edit` that sets `changes`, remembering the current values to undo to."""
    current = public(store.docs(table)[record_id])
    before = {name: current.get(name, False if name == DELETED else None) for name in changes}
    return Edit(table, record_id, before, dict(changes), label, action)


@dataclass
class EditHistory:
    """The session's undo and redo stacks."""

    store: Store
    done: list[Edit] = field(default_factory=list)
    undone: list[Edit] = field(default_factory=list)

    def do(self, edit: Edit) -> None:
        """Make the change and remember it for undo (clearing redo)."""
        apply_fields(self.store, edit.table, edit.record_id, edit.after, edit.action)
        self.record(edit)

    def record(self, edit: Edit) -> None:
        """Remember a change that was already made (a newly created record)."""
        self.done.append(edit)
        del self.done[:-UNDO_LIMIT]
        self.undone.clear()

    def undo(self) -> Edit | None:
        """Write back what the last change replaced; None when there is nothing to undo."""
        if not self.done:
            return None
        edit = self.done.pop()
        apply_fields(self.store, edit.table, edit.record_id, edit.before, "undone")
        self.undone.append(edit)
        return edit

    def redo(self) -> Edit | None:
        """Make the last undone change again."""
        if not self.undone:
            return None
        edit = self.undone.pop()
        apply_fields(self.store, edit.table, edit.record_id, edit.after, "redone")
        self.done.append(edit)
        return edit

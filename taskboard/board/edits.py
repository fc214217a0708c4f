"""Changes made from the board, and undoing and redoing them within a session.

Every change is a set of field values before and after. Undo writes the
"before" values back as a new edit (so it is stamped, logged and synced like
any other change); it does not rewind the file. One user action that changes
several records (accepting a proposal for forty tasks, with the cards it moved
to staffed) is one `Edit` made of parts: one undo takes back all of it, in one
transaction.

A change is made on the record as it is under the store's lock, never on the
copy a screen or form showed: another window or the CLI may have saved since.
Only the fields the change names are written, so their other edits stay; and a
set of tags, groups or slots, or a map of skills, takes only the entries this
change added, changed or removed, so an entry someone else added meanwhile
stays too.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from taskboard.i18n import _
from taskboard.store import NotFound, Store
from taskboard.store.records import DELETED, public
from taskboard.store.tables import Table

UNDO_LIMIT = 200


@dataclass(frozen=True)
class Edit:
    """One undoable change of one record."""

    table: str
    record_id: str
    before: dict[str, Any]
    """The values the change was made against (what a form showed); after it is
    made, the values it replaced as stored."""
    after: dict[str, Any]
    label: str
    """What the change was, for the notification after undo/redo."""
    action: str = "edited"
    """The history action (`moved`, `edited`, `deleted`, …)."""
    parts: tuple[Edit, ...] = ()
    """For one action that changed several records: each record's change, in the
    order made (`table`, `record_id`, `before` and `after` are then empty)."""

    @classmethod
    def group(cls, parts: list[Edit], label: str, action: str = "edited") -> Edit:
        """One undoable unit of several changes; a single change stays itself (with `label`).

        The unit names the first task it changed (else its first record), so
        the board knows which card to show after undo or redo.
        """
        if len(parts) == 1:
            return replace(parts[0], label=label)
        first = next((p for p in parts if p.table == Table.TASKS), parts[0] if parts else None)
        table, record_id = (first.table, first.record_id) if first else ("", "")
        return cls(table, record_id, {}, {}, label, action, tuple(parts))

    def steps(self) -> tuple[Edit, ...]:
        """The single-record changes this edit is made of, in the order made."""
        return self.parts if self.parts else (self,)

    def records(self, table: str) -> list[str]:
        """Ids of the records of `table` this edit changes (each once, in order)."""
        return list(dict.fromkeys(s.record_id for s in self.steps() if s.table == table))


def rebased(base: Any, mine: Any, fresh: Any) -> Any:
    """The value to store when a change took a field from `base` to `mine` and the
    store now holds `fresh`.

    Nobody else changed the field: `mine`. Otherwise a map (skills, certificates)
    gets the keys this change set or removed, and a list of plain values (tags,
    groups, availability) the values it added or removed; anything else (a title,
    the needs) takes `mine`: the last one saved wins, as the user asked.
    """
    if fresh == base or mine == base:
        return fresh if mine == base else mine
    if isinstance(base, dict) and isinstance(mine, dict) and isinstance(fresh, dict):
        merged = {key: value for key, value in fresh.items() if key in mine or key not in base}
        merged.update({key: value for key, value in mine.items() if base.get(key) != value})
        return merged
    if _plain_list(base) and _plain_list(mine) and _plain_list(fresh):
        removed = [value for value in base if value not in mine]
        added = [value for value in mine if value not in base and value not in fresh]
        return [value for value in fresh if value not in removed] + added
    return mine


def _plain_list(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, str | int | float | bool) for item in value
    )


def stored_values(store: Store, table: str, record_id: str, names: Any) -> dict[str, Any]:
    """The record's values of the fields `names`, as stored now (`deleted` as a flag)."""
    doc = store.docs(table).get(record_id)
    if doc is None:
        raise NotFound(f"no record {record_id} in {table}")
    current = public(doc)
    return {name: current.get(name, False if name == DELETED else None) for name in names}


def apply_fields(
    store: Store,
    table: str,
    record_id: str,
    fields: dict[str, Any],
    action: str,
    *,
    base: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Write `fields` to the record as it is under the lock; `deleted` True/False removes
    or restores it.

    With `base` (the values the change was made against), each field is
    `rebased` on what is stored now. Returns (the values replaced, the values
    written), both read under the same lock: exactly what undo must write back
    and redo write again.
    """
    with store.transaction():
        replaced = stored_values(store, table, record_id, fields)
        written = {
            name: value if base is None else rebased(base.get(name), value, replaced[name])
            for name, value in fields.items()
        }
        changes = {name: value for name, value in written.items() if name != DELETED}
        deleted = written.get(DELETED)
        if changes and deleted is None and store.docs(table)[record_id].get(DELETED):
            raise NotFound(
                _("{ref} was removed meanwhile").format(ref=_ref(store, table, record_id))
            )
        if deleted is False:
            store.restore(table, record_id)
        if changes:
            store.update(table, record_id, changes, action=action)
        if deleted is True:
            store.delete(table, record_id)
    return replaced, written


def _ref(store: Store, table: str, record_id: str) -> str:
    doc = store.docs(table).get(record_id) or {}
    return str(doc.get("ref") or doc.get("name") or record_id)


def edit_of(
    store: Store,
    table: str,
    record_id: str,
    changes: dict[str, Any],
    label: str,
    action: str = "edited",
    *,
    base: dict[str, Any] | None = None,
) -> Edit:
    """An `Edit` that sets `changes`, made against `base` (the record a form showed).

    Without `base`, against the record as the store holds it now.
    """
    if base is None:
        before = stored_values(store, table, record_id, changes)
    else:
        before = {name: base.get(name, False if name == DELETED else None) for name in changes}
    return Edit(table, record_id, before, dict(changes), label, action)


@dataclass
class EditHistory:
    """The session's undo and redo stacks."""

    store: Store
    done: list[Edit] = field(default_factory=list)
    undone: list[Edit] = field(default_factory=list)

    def do(self, edit: Edit) -> Edit:
        """Make the change and remember it for undo (clearing redo); returns it as made.

        What is remembered is what was really replaced and written under the
        lock, not what the form showed.
        """
        made: list[Edit] = []
        with self.store.transaction():
            for step in edit.steps():
                replaced, written = apply_fields(
                    self.store,
                    step.table,
                    step.record_id,
                    step.after,
                    step.action,
                    base=step.before,
                )
                made.append(replace(step, before=replaced, after=written))
        done = replace(edit, parts=tuple(made)) if edit.parts else made[0]
        self.record(done)
        return done

    def record(self, edit: Edit) -> None:
        """Remember a change that was already made (a newly created record)."""
        self.done.append(edit)
        del self.done[:-UNDO_LIMIT]
        self.undone.clear()

    def undo(self) -> Edit | None:
        """Write back what the last change replaced; None when there is nothing to undo.

        Only its own part is taken back: a tag someone else added since stays.
        """
        if not self.done:
            return None
        edit = self.done.pop()
        with self.store.transaction():  # all of it, or (on an error) none of it
            for step in reversed(edit.steps()):
                apply_fields(
                    self.store, step.table, step.record_id, step.before, "undone", base=step.after
                )
        self.undone.append(edit)
        return edit

    def redo(self) -> Edit | None:
        """Make the last undone change again."""
        if not self.undone:
            return None
        edit = self.undone.pop()
        with self.store.transaction():
            for step in edit.steps():
                apply_fields(
                    self.store, step.table, step.record_id, step.after, "redone", base=step.before
                )
        self.done.append(edit)
        return edit

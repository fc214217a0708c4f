"""Resolving a sync conflict: keep the value shown, take the other site's, or type one.

Used by `taskboard conflicts resolve` and by the board's conflicts screen alike.
The resolution itself is sync's (`taskboard.sync.resolve`: an edit with a new
stamp that replaces every value the resolver saw, and a history entry); this
action also returns the undoable `Edit`: undo writes back the value the field
showed before, as a new edit (the conflict itself does not come back).
"""

from __future__ import annotations

from dataclasses import dataclass

from taskboard.board.edits import Edit, stored_values
from taskboard.i18n import _
from taskboard.store import Store
from taskboard.sync import Conflict, resolve
from taskboard.sync.conflicts import find_conflict


@dataclass(frozen=True)
class Resolved:
    """The conflict settled, and the undo unit that takes the chosen value back."""

    conflict: Conflict
    edit: Edit


def resolve_conflict(
    store: Store,
    conflict_id: str,
    *,
    keep: bool = False,
    take_other: bool = False,
    typed: str | None = None,
) -> Resolved:
    """Settle one open conflict (by its id) with the value chosen."""
    with store.transaction():
        conflict = find_conflict(store, conflict_id)
        field = conflict.path.split(".", 1)[0]  # a map's key: undo takes back the whole map's part
        before = stored_values(store, conflict.table, conflict.record, [field])
        resolve(store, conflict.id, keep=keep, take_other=take_other, typed=typed)
        after = stored_values(store, conflict.table, conflict.record, [field])
    label = _("Resolved {field} of {ref}").format(field=conflict.path, ref=conflict.ref)
    edit = Edit(conflict.table, conflict.record, before, after, label, "resolved")
    return Resolved(conflict, edit)

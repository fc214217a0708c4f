"""Which fields an edit changed: the one comparison behind every "save only what changed".

A form shows a record and comes back with the record as the user left it; a
roster file row describes a volunteer as they should be. Only the fields that
differ go to the edit action, so that its undo takes back exactly those and a
field someone else changed meanwhile is left alone (see `board.edits.rebased`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel


def changed_fields(before: BaseModel, after: BaseModel, editable: Iterable[str]) -> dict[str, Any]:
    """The `editable` fields whose stored (JSON) value differs, with their new values.

    Compared as stored, so that a value the model normalises (sorted tags, a
    date typed another way) counts as unchanged when it is stored the same.
    """
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    return {name: new[name] for name in editable if new[name] != old.get(name)}

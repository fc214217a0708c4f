"""How the app tells its screens that the data file changed elsewhere."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Reloadable(Protocol):
    """A screen that can show the store's current data again.

    The app's file watcher calls `reload` on every open screen that has it when
    the CLI, a merge or another window saved to the file; the screen keeps its
    cursor, filters and anything typed but not stored.
    """

    def reload(self) -> None:
        """Read the store again and show what changed."""

"""Where each board column starts and ends: the lowest and highest rank per status.

A task moved or added to a column goes to its top or bottom, so every move
needs the column's end. Scanning 20,000 tasks for it costs milliseconds per key
press at district size; this index is built once per change from elsewhere (a
merge, another process's save) and kept up to date across the store's own writes.
The ends may be wider than the column really is (a task that left it still
counts): a rank beyond them is still beyond every card, which is all a move needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Revision = tuple[int, int]
Ends = dict[str, tuple[float, float]]


class ColumnEnds:
    """The lowest and highest rank of each status, as of a tasks-table revision."""

    def __init__(self) -> None:
        self._revision: Revision | None = None
        self._ends: Ends = {}

    def ends(self, revision: Revision, tasks: Callable[[], Iterable[dict[str, Any]]]) -> Ends:
        """The ends at `revision`, scanning `tasks()` only when the index is not current."""
        if revision != self._revision:
            ends: Ends = {}
            for doc in tasks():
                _widen(ends, doc)
            self._revision, self._ends = revision, ends
        return self._ends

    def written(self, before: Revision, after: Revision, docs: Iterable[dict[str, Any]]) -> None:
        """The store put `docs` into the tasks table, taking it from `before` to `after`.

        Only when the index was current just before does it stay current;
        otherwise the next lookup rebuilds it.
        """
        if self._revision != before:
            return
        for doc in docs:
            if not doc.get("deleted"):
                _widen(self._ends, doc)
        self._revision = after


def _widen(ends: Ends, doc: dict[str, Any]) -> None:
    rank = float(doc.get("rank", 0.0))
    low_high = ends.get(doc["status"])
    if low_high is None:
        ends[doc["status"]] = (rank, rank)
    elif rank < low_high[0] or rank > low_high[1]:
        ends[doc["status"]] = (min(low_high[0], rank), max(low_high[1], rank))

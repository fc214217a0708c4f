"""What the board shows and where the cursor is, kept apart from any drawing.

`BoardState` turns the store's task records into per-column lists of `Card`s,
applies the search and filters, tracks the cursor, and performs moves. It
never imports Textual, so it is tested and benchmarked on its own, and the
widget that draws it only asks for the cards it has room for.

Cards are cached per task record: a record is replaced (not mutated) when it
changes, so an identical record object means an identical card.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from taskboard.model import Status
from taskboard.store import Store
from taskboard.store.queries import BOARD_STATUSES, FILLING_STATES, search_text, task_day
from taskboard.store.records import SIBLINGS

PRIORITY_ORDER = {"low": 0, "normal": 1, "high": 2, "urgent": 3}


@dataclass(frozen=True)
class NeedCount:
    """One needed skill on a card: `welding 1/2`."""

    skill: str
    filled: int
    count: int

    @property
    def unfilled(self) -> bool:
        """Fewer people than needed."""
        return self.filled < self.count


@dataclass(frozen=True)
class Card:
    """The display data of one task, computed once per stored version of it."""

    id: str
    ref: str
    title: str
    status: str
    site: str
    place: str
    kind: str
    priority: str
    rank: float
    day: dt.date | None
    needs: tuple[NeedCount, ...]
    tags: tuple[str, ...]
    conflict: bool
    haystack: str

    @property
    def unfilled(self) -> bool:
        """Some needed skill still lacks people."""
        return any(need.unfilled for need in self.needs)

    def overdue(self, today: dt.date) -> bool:
        """Its day has passed and it is not done."""
        return (
            self.day is not None
            and self.day < today
            and self.status not in (Status.DONE, Status.ARCHIVED)
        )


@dataclass(frozen=True)
class BoardFilter:
    """The board's search and filters; empty fields do not filter."""

    text: str = ""
    skill: str | None = None
    site: str | None = None
    kind: str | None = None
    priority: str | None = None
    tag: str | None = None
    volunteer: str | None = None
    """A volunteer id: only tasks this person is assigned to."""
    overdue: bool = False

    @property
    def active(self) -> bool:
        """True when anything narrows the board."""
        return self != BoardFilter()


def _card(doc: dict[str, Any], filled: Counter[str] | None) -> Card:
    filled = filled or Counter()
    return Card(
        id=doc["id"],
        ref=doc["ref"],
        title=doc["title"],
        status=doc["status"],
        site=doc["site"],
        place=doc.get("place", ""),
        kind=doc["kind"],
        priority=doc["priority"],
        rank=float(doc.get("rank", 0.0)),
        day=task_day(doc),
        needs=tuple(
            NeedCount(need["skill"], filled[need["skill"]], need["count"])
            for need in doc.get("needs", [])
        ),
        tags=tuple(doc.get("tags", [])),
        conflict=bool(doc.get(SIBLINGS)),
        haystack=search_text(doc),
    )


@dataclass
class Cursor:
    """Which column and which card in it is selected."""

    column: int = 0
    row: int = 0


@dataclass
class BoardState:
    """Columns of cards, the filter and the cursor."""

    store: Store
    today: dt.date
    show_archived: bool = False
    filter: BoardFilter = field(default_factory=BoardFilter)
    cursor: Cursor = field(default_factory=Cursor)
    columns: list[list[Card]] = field(default_factory=list)
    _cards: dict[str, tuple[dict[str, Any], Card]] = field(default_factory=dict)
    _filled: dict[str, Counter[str]] = field(default_factory=dict)
    _filled_key: tuple[int, int] | None = None
    _assigned: dict[str, set[str]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    """Live tasks per status, ignoring filters (column counts and WIP limits)."""

    def __post_init__(self) -> None:
        self.rebuild()

    # Building ----------------------------------------------------------------------
    @property
    def statuses(self) -> tuple[str, ...]:
        """The columns, left to right."""
        return (*BOARD_STATUSES, Status.ARCHIVED) if self.show_archived else BOARD_STATUSES

    def rebuild(self) -> None:
        """Recompute every column from the store, keeping the selected task selected."""
        keep = self.selected()
        self._refresh_assignments()
        by_status: dict[str, list[Card]] = {status: [] for status in self.statuses}
        totals: Counter[str] = Counter()
        cards = self._cards
        for doc in self.store.live("tasks"):
            cached = cards.get(doc["id"])
            card = cached[1] if cached and cached[0] is doc else self._remember(doc)
            totals[card.status] += 1
            column = by_status.get(card.status)
            if column is not None and self._passes(card):
                column.append(card)
        self.totals = dict(totals)
        self.columns = [sorted(cs, key=_order) for cs in by_status.values()]
        self._select(keep.id if keep else None)

    def _remember(self, doc: dict[str, Any]) -> Card:
        card = _card(doc, self._filled.get(doc["id"]))
        self._cards[doc["id"]] = (doc, card)
        return card

    def _refresh_assignments(self) -> None:
        key = self.store.revision("assignments")
        if key == self._filled_key:
            return
        filled: dict[str, Counter[str]] = {}
        assigned: dict[str, set[str]] = {}
        for doc in self.store.live("assignments"):
            if doc["state"] in FILLING_STATES:
                filled.setdefault(doc["task"], Counter())[doc["skill"]] += 1
            assigned.setdefault(doc["volunteer"], set()).add(doc["task"])
        changed = {
            task_id
            for task_id in filled.keys() | self._filled.keys()
            if filled.get(task_id) != self._filled.get(task_id)
        }
        for task_id in changed:
            self._cards.pop(task_id, None)
        self._filled, self._assigned, self._filled_key = filled, assigned, key

    def _passes(self, card: Card) -> bool:
        wanted = self.filter
        if not wanted.active:
            return True
        checks = (
            not wanted.text or wanted.text.casefold() in card.haystack,
            not wanted.skill or any(need.skill == wanted.skill for need in card.needs),
            not wanted.site or card.site == wanted.site,
            not wanted.kind or card.kind == wanted.kind,
            not wanted.priority or card.priority == wanted.priority,
            not wanted.tag or wanted.tag in card.tags,
            not wanted.volunteer or card.id in self._assigned.get(wanted.volunteer, ()),
            not wanted.overdue or card.overdue(self.today),
        )
        return all(checks)

    def set_filter(self, wanted: BoardFilter) -> None:
        """Show only the cards `wanted` lets through."""
        self.filter = wanted
        self.rebuild()

    def search(self, text: str) -> None:
        """Search-as-you-type: title, description, place, tags and reference."""
        self.set_filter(replace(self.filter, text=text))

    # Cursor ------------------------------------------------------------------------
    def selected(self) -> Card | None:
        """The card under the cursor, if its column has any."""
        if not self.columns:
            return None
        column = self.columns[self.cursor.column]
        return column[self.cursor.row] if column else None

    def move_cursor(self, columns: int = 0, rows: int = 0) -> None:
        """Move the selection; it stops at the edges."""
        self.cursor.column = _clamp(self.cursor.column + columns, len(self.columns) - 1)
        self.cursor.row = _clamp(self.cursor.row + rows, len(self.columns[self.cursor.column]) - 1)

    def select(self, column: int, row: int) -> None:
        """Put the cursor on a given card (mouse clicks)."""
        self.cursor.column = _clamp(column, len(self.columns) - 1)
        self.cursor.row = _clamp(row, len(self.columns[self.cursor.column]) - 1)

    def _select(self, task_id: str | None) -> None:
        if task_id is not None:
            for c, column in enumerate(self.columns):
                for r, card in enumerate(column):
                    if card.id == task_id:
                        self.cursor = Cursor(c, r)
                        return
        self.move_cursor()

    def select_task(self, task_id: str) -> None:
        """Put the cursor on a task wherever it is (after a move or an undo)."""
        self._select(task_id)

    # Moves (these change the store) ------------------------------------------------
    def move_target(self, step: int) -> tuple[Card, str, float] | None:
        """Where moving the selected card `step` columns goes: (card, status, rank)."""
        card = self.selected()
        target = self.cursor.column + step
        if card is None or not 0 <= target < len(self.columns):
            return None
        top = self.columns[target][0].rank - 1.0 if self.columns[target] else 1.0
        return card, self.statuses[target], top

    def reorder_target(self, step: int) -> tuple[Card, float] | None:
        """The new rank that moves the selected card `step` (±1) places within its column."""
        card = self.selected()
        column = self.columns[self.cursor.column] if self.columns else []
        index = self.cursor.row + step
        if card is None or not 0 <= index < len(column):
            return None
        neighbour = column[index]
        beyond = index + step
        if 0 <= beyond < len(column):
            rank = (neighbour.rank + column[beyond].rank) / 2
        else:
            rank = neighbour.rank + step
        return card, rank

    def column_count(self, column: int) -> int:
        """Cards shown in a column (after filters)."""
        return len(self.columns[column])


def _order(card: Card) -> tuple[float, str]:
    return card.rank, card.ref


def _clamp(value: int, highest: int) -> int:
    return max(0, min(value, highest))

"""What the board shows and where the cursor is, kept apart from any drawing.

`BoardState` orders the store's tasks into columns, applies the search and
filters, tracks the cursor and computes where moves go. It never imports
Textual, so it is tested and benchmarked on its own.

It is built for a district's 20,000 tasks:

- columns hold task ids sorted by (rank, ref), which needs only two fields of
  each record; a `Card` (the display data) is built the first time a task is
  drawn or filtered, and cached until its stored record is replaced;
- a change made on the board updates one task's place (`update_task`)
  instead of re-sorting everything; only a reload from disk rebuilds;
- filtering walks the already sorted columns, so it never sorts.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from taskboard.model import Status
from taskboard.store import Store
from taskboard.store.queries import (
    BOARD_STATUSES,
    FILLING_STATES,
    SeriesView,
    checklist_progress,
    search_text,
    series_view,
    task_day,
)
from taskboard.store.records import DELETED, SIBLINGS

Doc = dict[str, Any]
_FILLING = frozenset(str(state) for state in FILLING_STATES)
"""The assignment states that fill a need, as stored (plain text: the quickest lookup)."""
SortKey = tuple[float, str, str]


class NeedCount(NamedTuple):
    """One needed skill on a card: `welding 1/2`."""

    skill: str
    filled: int
    needed: int

    @property
    def unfilled(self) -> bool:
        """Fewer people than needed."""
        return self.filled < self.needed


class Card(NamedTuple):
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
    progress: tuple[int, int] | None = None
    """(finished, total) checklist items, e.g. households visited; None without a checklist."""
    attendance: tuple[str, int] | None = None
    """An event's attendance for the meta line: ("came", 31) or ("expected", 35)."""
    series: tuple[str, int] | None = None
    """A series' next occurrence: its rule word and how many upcoming ones are hidden
    (`↻ weekly +7`); None for one-off work."""

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


def make_card(doc: Doc, filled: Mapping[str, int] | None) -> Card:
    """A task record's display data, with how many people fill each need."""
    filled = filled or {}
    return Card(
        doc["id"],
        doc["ref"],
        doc["title"],
        doc["status"],
        doc["site"],
        doc.get("place", ""),
        doc["kind"],
        doc["priority"],
        float(doc.get("rank", 0.0)),
        task_day(doc),
        tuple(
            NeedCount(need["skill"], filled.get(need["skill"], 0), need["count"])
            for need in doc.get("needs", [])
        ),
        tuple(doc.get("tags", [])),
        bool(doc.get(SIBLINGS)),
        search_text(doc),
        checklist_progress(doc) if doc.get("checklist") else None,
        attendance_of(doc),
    )


def attendance_of(doc: Doc) -> tuple[str, int] | None:
    """An event's attendance for its card: how many came, else how many are expected."""
    if doc.get("kind") != "event":
        return None
    for word, count in (("came", doc.get("attended")), ("expected", doc.get("expected"))):
        if count:
            return word, count["adults"] + count["minors"]
    return None


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


@dataclass
class Cursor:
    """Which column and which card in it is selected."""

    column: int = 0
    row: int = 0


def _sort_key(doc: Doc) -> SortKey:
    return float(doc.get("rank", 0.0)), doc["ref"], doc["id"]


@dataclass
class BoardState:
    """Columns of task ids, the filter and the cursor."""

    store: Store
    today: dt.date
    show_archived: bool = False
    filter: BoardFilter = field(default_factory=BoardFilter)
    cursor: Cursor = field(default_factory=Cursor)
    columns: list[list[str]] = field(default_factory=list)
    """Task ids shown per column, top to bottom (after filters)."""
    totals: dict[str, int] = field(default_factory=dict)
    """Live tasks per status, ignoring filters (column counts and WIP limits)."""
    _sorted: dict[str, list[SortKey]] = field(default_factory=dict)
    _placed: dict[str, tuple[str, SortKey]] = field(default_factory=dict)
    _cards: dict[str, tuple[Doc, Card]] = field(default_factory=dict)
    _filled: dict[str, dict[str, int]] = field(default_factory=dict)
    _filled_key: tuple[int, int] | None = None
    _assigned: dict[str, set[str]] | None = None
    _by_column: dict[str, list[Card]] = field(default_factory=dict)
    _column_key: tuple[object, ...] | None = None
    """Task ids per volunteer: built when a volunteer filter first needs it."""
    _series: SeriesView = field(default_factory=lambda: SeriesView(frozenset(), {}, {}))
    """Which occurrences of series are hidden behind their next one (`series_view`);
    its `more`, `repeat` and `members` are kept up to date by `update_task`."""
    _hidden: set[str] = field(default_factory=set)
    """The series' hidden occurrences, kept up to date by `update_task`."""
    _series_of: dict[str, str] = field(default_factory=dict)
    """Occurrence → its series (`_series.members` the other way round)."""

    def __post_init__(self) -> None:
        self.rebuild()

    @property
    def statuses(self) -> tuple[str, ...]:
        """The columns, left to right."""
        return (*BOARD_STATUSES, Status.ARCHIVED) if self.show_archived else BOARD_STATUSES

    # Cards ---------------------------------------------------------------------------
    def card(self, task_id: str, docs: dict[str, Doc] | None = None) -> Card:
        """The display data of a task (built on first use, cached per stored version)."""
        doc = (docs or self.store.tasks.docs())[task_id]
        cached = self._cards.get(task_id)
        if cached is not None and cached[0] is doc:
            return cached[1]
        card = make_card(doc, self._filled.get(task_id))
        if task_id in self._series.more:
            card = card._replace(
                series=(self._series.repeat.get(task_id, ""), self._series.more[task_id])
            )
        self._cards[task_id] = (doc, card)
        return card

    def warm(self, limit: int) -> bool:
        """Build up to `limit` not-yet-built cards; True while some remain.

        Called in idle moments after the first paint, so that the first search
        or filter at district size does not have to build every card at once.
        """
        docs = self.store.tasks.docs()
        built = 0
        for keys in self._sorted.values():
            for key in keys:
                cached = self._cards.get(key[2])
                if cached is None or cached[0] is not docs.get(key[2]):
                    self.card(key[2], docs)
                    built += 1
                    if built >= limit:
                        return True
        return False

    def cards(self, column: int) -> list[Card]:
        """Every card shown in a column (builds all of them: for tests and small boards)."""
        return [self.card(task_id) for task_id in self.columns[column]]

    # Building ------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Re-read every task from the store, keeping the selected task selected."""
        keep = self.selected_id()
        self._refresh_assignments()
        old = self._series
        self._series = view = series_view(self.store, self.today)
        for task_id in old.more.keys() | view.more.keys():  # their `+N more` may have changed
            self._cards.pop(task_id, None)
        self._hidden = hidden = set(view.hidden)
        self._series_of = {task: name for name, ids in view.members.items() for task in ids}
        by_status: dict[str, list[SortKey]] = {status: [] for status in Status}
        placed: dict[str, tuple[str, SortKey]] = {}
        for task_id, doc in self.store.tasks.docs().items():
            if not doc.get(DELETED) and task_id not in hidden:
                status = doc["status"]
                key = (float(doc.get("rank", 0.0)), doc["ref"], task_id)
                by_status[status].append(key)
                placed[task_id] = (status, key)
        for keys in by_status.values():
            keys.sort()
        self._sorted, self._placed = by_status, placed
        self._by_column.clear()
        self.totals = {status: len(keys) for status, keys in by_status.items() if keys}
        self._apply_filter(keep)

    def update_task(self, task_id: str) -> None:
        """One task changed here: move just its entry, keeping the cursor on it.

        Only the columns it left and entered are recomputed (a key press at
        district size must not walk 20,000 tasks).
        """
        self._refresh_assignments()
        self._by_column.clear()
        docs = self.store.tasks.docs()
        moved = self._series_changed(task_id, docs) | {task_id}
        touched: set[str] = set()
        for changed in moved:
            touched |= self._place(changed, docs)
        self._apply_filter(task_id, only=touched)

    def _place(self, task_id: str, docs: dict[str, Doc]) -> set[str]:
        """Put one task's entry where its stored record now belongs (or take it out
        when it is removed or hidden behind its series' next); the statuses touched."""
        touched = set()
        old = self._placed.pop(task_id, None)
        if old is not None:
            status, key = old
            keys = self._sorted[status]
            del keys[bisect.bisect_left(keys, key)]
            self.totals[status] -= 1
            touched.add(status)
        doc = docs.get(task_id)
        if doc is not None and not doc.get(DELETED) and task_id not in self._hidden:
            key = _sort_key(doc)
            bisect.insort(self._sorted[doc["status"]], key)
            self._placed[task_id] = (doc["status"], key)
            self.totals[doc["status"]] = self.totals.get(doc["status"], 0) + 1
            touched.add(doc["status"])
        return touched

    def _series_changed(self, task_id: str, docs: dict[str, Doc]) -> set[str]:
        """A task of a series (or one that was) changed: which occurrence is next may
        have too. Applies `series_view` to that series' occurrences only and returns
        them, for `update_task` to place again; an empty set for one-off work."""
        doc = docs.get(task_id)
        now = str(doc["series"]) if doc and doc.get("series") and not doc.get(DELETED) else None
        before = self._series_of.pop(task_id, None)
        names = {name for name in (before, now) if name is not None}
        if not names:
            return set()
        view, members = self._series, self._series.members
        redo = {task_id}
        for name in names:
            redo |= members.get(name, set())
        found = (docs[member] for member in redo if member in docs)
        part = series_view(self.store, self.today, found)
        for member in redo:
            view.more.pop(member, None)
            view.repeat.pop(member, None)
            self._hidden.discard(member)
            self._cards.pop(member, None)  # its `+N more` may have changed
        for name in names:
            members[name] = part.members.get(name, set())
            self._series_of.update(dict.fromkeys(members[name], name))
        view.more.update(part.more)
        view.repeat.update(part.repeat)
        self._hidden |= part.hidden
        return redo

    def _refresh_assignments(self) -> None:
        """How many people fill each need, counted again when assignments changed.

        Runs before the first paint at district size (tens of thousands of
        assignments): plain dicts and no per-volunteer index, which only the
        volunteer filter needs (`_tasks_of`)."""
        key = self.store.assignments.revision()
        if key == self._filled_key:
            return
        filled: dict[str, dict[str, int]] = {}
        filling = _FILLING
        for doc in self.store.assignments.docs().values():
            if doc["state"] in filling and not doc.get(DELETED):
                counts = filled.get(doc["task"])
                if counts is None:
                    counts = filled[doc["task"]] = {}
                skill = doc["skill"]
                counts[skill] = counts.get(skill, 0) + 1
        old = self._filled
        if self._cards:  # none are built before the first paint: nothing to compare
            for task_id in filled.keys() | old.keys():
                if filled.get(task_id) != old.get(task_id):
                    self._cards.pop(task_id, None)
        self._filled, self._assigned, self._filled_key = filled, None, key

    def _tasks_of(self, volunteer: str) -> set[str] | tuple[()]:
        """The tasks a volunteer is assigned to (in any state)."""
        if self._assigned is None:
            assigned: dict[str, set[str]] = {}
            for doc in self.store.assignments.live():
                assigned.setdefault(doc["volunteer"], set()).add(doc["task"])
            self._assigned = assigned
        return self._assigned.get(volunteer, ())

    def _apply_filter(self, keep: str | None, only: set[str] | None = None) -> None:
        """Recompute the shown columns (those in `only`, or all) and put the cursor back."""
        wanted = self.filter
        docs = self.store.tasks.docs()
        needle = wanted.text.casefold()
        columns = self.columns if only is not None else [[] for _ in self.statuses]
        for index, status in enumerate(self.statuses):
            if only is not None and status not in only:
                continue
            if wanted.active:
                ids = self._shown(status, docs, wanted, needle)
            else:
                ids = [key[2] for key in self._sorted.get(status, [])]
            columns[index] = ids
        self.columns = columns
        self._select(keep)

    def _column_cards(self, status: str, docs: dict[str, Doc]) -> list[Card]:
        """Every card of a column in order, kept until a task or assignment changes.

        Each letter typed into the search filters the whole board again: with
        the cards of each column at hand, that is one pass over a list."""
        key = (self.store.tasks.revision(), self._filled_key)
        if key != self._column_key:
            self._by_column.clear()
            self._column_key = key
        found = self._by_column.get(status)
        if found is None:
            cards, card = self._cards, self.card
            found = []
            for _rank, _ref, task_id in self._sorted.get(status, []):
                cached = cards.get(task_id)
                if cached is None or cached[0] is not docs[task_id]:
                    found.append(card(task_id, docs))
                else:
                    found.append(cached[1])
            self._by_column[status] = found
        return found

    def _shown(
        self, status: str, docs: dict[str, Doc], wanted: BoardFilter, needle: str
    ) -> list[str]:
        """The ids of the column's cards that pass `wanted`, in order."""
        found = self._column_cards(status, docs)
        if needle:
            found = [c for c in found if needle in c.haystack]
        if replace(wanted, text="").active:
            found = [c for c in found if self._passes(c, wanted, "")]
        return [c.id for c in found]

    def _passes(self, card: Card, wanted: BoardFilter, needle: str) -> bool:
        if needle and needle not in card.haystack:
            return False
        if wanted.skill and all(need.skill != wanted.skill for need in card.needs):
            return False
        if wanted.site and card.site != wanted.site:
            return False
        if wanted.kind and card.kind != wanted.kind:
            return False
        if wanted.priority and card.priority != wanted.priority:
            return False
        if wanted.tag and wanted.tag not in card.tags:
            return False
        if wanted.volunteer and card.id not in self._tasks_of(wanted.volunteer):
            return False
        return not wanted.overdue or card.overdue(self.today)

    def set_filter(self, wanted: BoardFilter) -> None:
        """Show only the cards `wanted` lets through.

        The selected card keeps the cursor while it still passes; once it is
        filtered out the cursor goes to the first match (the top card of the
        first column that has any), so Enter after a search opens what was found."""
        self.filter = wanted
        keep = self.selected_id()
        self._apply_filter(keep)
        if keep is None or self.selected_id() != keep:
            self.select_first()

    def select_first(self) -> None:
        """Put the cursor on the first card shown (leaving it be when none is)."""
        for index, column in enumerate(self.columns):
            if column:
                self.cursor = Cursor(index, 0)
                return

    def search(self, text: str) -> None:
        """Search-as-you-type: title, description, place, tags and reference."""
        self.set_filter(replace(self.filter, text=text))

    def set_show_archived(self, shown: bool) -> None:
        """Show or hide the archived column."""
        self.show_archived = shown
        self._apply_filter(self.selected_id())

    # Cursor ----------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        """The id of the task under the cursor, if its column has any."""
        if not self.columns:
            return None
        column = self.columns[min(self.cursor.column, len(self.columns) - 1)]
        return column[self.cursor.row] if 0 <= self.cursor.row < len(column) else None

    def selected(self) -> Card | None:
        """The card under the cursor, if its column has any."""
        task_id = self.selected_id()
        return self.card(task_id) if task_id else None

    def move_cursor(self, columns: int = 0, rows: int = 0) -> None:
        """Move the selection; it stops at the edges."""
        self.select(self.cursor.column + columns, self.cursor.row + rows)

    def select(self, column: int, row: int) -> None:
        """Put the cursor on a given place (clamped to the cards there)."""
        self.cursor.column = _clamp(column, len(self.columns) - 1)
        self.cursor.row = _clamp(row, len(self.columns[self.cursor.column]) - 1)

    def _select(self, task_id: str | None) -> None:
        placed = self._placed.get(task_id) if task_id is not None else None
        if task_id is not None and placed is not None and placed[0] in self.statuses:
            c = self.statuses.index(placed[0])
            with contextlib.suppress(ValueError):  # filtered out of its column
                self.cursor = Cursor(c, self.columns[c].index(task_id))
                return
        self.move_cursor()

    def select_task(self, task_id: str) -> None:
        """Put the cursor on a task wherever it is shown."""
        self._select(task_id)

    def column_count(self, column: int) -> int:
        """Cards shown in a column (after filters)."""
        return len(self.columns[column])

    # Where moves go --------------------------------------------------------------------
    def move_target(self, step: int) -> tuple[Card, str, float] | None:
        """Where moving the selected card `step` columns goes: (card, status, rank at top)."""
        card = self.selected()
        target = self.cursor.column + step
        if card is None or not 0 <= target < len(self.columns):
            return None
        status = self.statuses[target]
        return card, status, self.top_rank(status)

    def top_rank(self, status: str) -> float:
        """A rank that puts a task at the top of the `status` column."""
        keys = self._sorted.get(status)
        return keys[0][0] - 1.0 if keys else 1.0

    def reorder_target(self, step: int) -> tuple[Card, float] | None:
        """The new rank that moves the selected card `step` (±1) places within its column."""
        card = self.selected()
        column = self.columns[self.cursor.column] if self.columns else []
        index = self.cursor.row + step
        if card is None or not 0 <= index < len(column):
            return None
        neighbour = self.card(column[index]).rank
        beyond = index + step
        if 0 <= beyond < len(column):
            return card, (neighbour + self.card(column[beyond]).rank) / 2
        return card, neighbour + step


def _clamp(value: int, highest: int) -> int:
    return max(0, min(value, highest))

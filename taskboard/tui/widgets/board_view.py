"""The kanban board: every column in one focused widget that draws only what is visible.

One widget per card makes a board of a few hundred cards take seconds per key
press; this widget renders lines on demand (Textual's Line API) from the
`BoardState`, so a district's 20,000 tasks cost no more to draw than thirty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from taskboard.board.state import BoardState, Card, NeedCount
from taskboard.i18n import _
from taskboard.i18n.words import status_title
from taskboard.model import DAYS
from taskboard.model.text import visible
from taskboard.tui.translate import translate_bindings

CARD_HEIGHT = 5
"""Four lines of card and one blank line between cards."""
HEADER_HEIGHT = 2
PRIORITY_MARK = {"low": "·", "normal": " ", "high": "!", "urgent": "‼"}
PRIORITY_STYLE = {"urgent": "board--overdue", "high": "board--warning"}


def column_title(status: str) -> str:
    """The column's title in the active language (`Open`, 待认领)."""
    return status_title(status)


def clip(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells (wide characters counted as two), with `…`.

    Every text of a card passes here: control characters from the data are written
    out (`\\u001b`), never sent to the terminal."""
    if width <= 0:
        return ""
    text = visible(text, lines=False)
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class BoardView(Widget, can_focus=True):
    """Columns of cards with a cursor; keys move the cursor and the cards."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "cursor(-1, 0)", "Left", show=False, id="board.cursor_left"),
        Binding("right,l", "cursor(1, 0)", "Right", show=False, id="board.cursor_right"),
        Binding("up,k", "cursor(0, -1)", "Up", show=False, id="board.cursor_up"),
        Binding("down,j", "cursor(0, 1)", "Down", show=False, id="board.cursor_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="board.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="board.page_down"),
        Binding("home,g", "edge(-1)", "First card", show=False, id="board.first"),
        Binding("end,G", "edge(1)", "Last card", show=False, id="board.last"),
        Binding(
            "H,shift+left",
            "move_card(-1)",
            "Move ←",
            tooltip="Move the card to the previous column",
            id="board.move_left",
        ),
        Binding(
            "L,shift+right",
            "move_card(1)",
            "Move →",
            tooltip="Move the card to the next column",
            id="board.move_right",
        ),
        Binding(
            "K,shift+up",
            "reorder(-1)",
            "Up in column",
            show=False,
            tooltip="Move the card up within its column",
            id="board.move_up",
        ),
        Binding(
            "J,shift+down",
            "reorder(1)",
            "Down in column",
            show=False,
            tooltip="Move the card down within its column",
            id="board.move_down",
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "board--header",
        "board--title",
        "board--dim",
        "board--selected",
        "board--warning",
        "board--overdue",
        "board--full",
        "board--rule",
        "board--card",
    }

    DEFAULT_CSS = """
    BoardView { height: 1fr; }
    BoardView > .board--header { text-style: bold; }
    BoardView > .board--title { text-style: bold; }
    BoardView > .board--dim { color: $text-muted; }
    BoardView > .board--card { background: $boost; }
    BoardView > .board--selected { background: $accent 30%; }
    BoardView:focus > .board--selected { background: $accent 55%; }
    BoardView > .board--warning { color: $warning; }
    BoardView > .board--overdue { color: $error; text-style: bold; }
    BoardView > .board--full { color: $success; }
    BoardView > .board--rule { color: $primary; }
    """

    @dataclass
    class MoveRequested(Message):
        """The user asked to move the selected card `step` columns (−1 or 1)."""

        step: int

    @dataclass
    class ReorderRequested(Message):
        """The user asked to move the selected card `step` places within its column."""

        step: int

    @dataclass
    class OpenRequested(Message):
        """The user asked to open the task with this id."""

        task_id: str

    @dataclass
    class SelectionChanged(Message):
        """The cursor moved to another card (or to none)."""

        task_id: str | None

    def __init__(
        self,
        state: BoardState,
        *,
        wip_limits: dict[str, int] | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        translate_bindings(self)
        self.state = state
        self.wip_limits = wip_limits or {}
        self._offsets: list[int] = [0] * len(state.statuses)
        self.skill_labels: dict[str, str] = {}
        """Skill key → label in the user's language, for the needs line."""
        self._cache: dict[tuple[Card, int, bool, int], list[Segment]] = {}
        """Drawn card lines by (card, line, selected, column width)."""

    # Geometry ----------------------------------------------------------------------
    @property
    def column_width(self) -> int:
        """Cells per column, gaps excluded."""
        count = max(1, len(self.state.columns))
        return max(8, (self.size.width - (count - 1)) // count)

    @property
    def visible_cards(self) -> int:
        """How many cards fit in a column."""
        return max(1, (self.size.height - HEADER_HEIGHT) // CARD_HEIGHT)

    def scroll_to_cursor(self) -> None:
        """Adjust the cursor column's offset so the selected card is on screen."""
        if len(self._offsets) != len(self.state.columns):
            self._offsets = [0] * len(self.state.columns)
        cursor = self.state.cursor
        offset = self._offsets[cursor.column]
        if cursor.row < offset:
            offset = cursor.row
        elif cursor.row >= offset + self.visible_cards:
            offset = cursor.row - self.visible_cards + 1
        self._offsets[cursor.column] = offset
        for column in range(len(self._offsets)):
            most = max(0, self.state.column_count(column) - self.visible_cards)
            self._offsets[column] = min(self._offsets[column], most)

    def changed(self) -> None:
        """The state changed: keep the cursor in view, repaint, and tell the screen."""
        self.scroll_to_cursor()
        self.refresh()
        card = self.state.selected()
        self.post_message(self.SelectionChanged(card.id if card else None))

    def on_resize(self) -> None:
        """A new size: drop the lines drawn for the old one and redraw every column.

        Textual may have painted the new size before this event arrives; the
        cache key holds the column width, so that paint already used fresh
        lines, and this refresh repaints whatever was drawn in between."""
        self._cache.clear()
        self.scroll_to_cursor()
        self.refresh()

    # Drawing -----------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        """One screen line across all columns."""
        width = self.size.width
        if y == 0:
            return self._header_line(width)
        if y == 1:
            return Strip([Segment("─" * width, self._style("board--rule"))], width)
        slot, line = divmod(y - HEADER_HEIGHT, CARD_HEIGHT)
        segments: list[Segment] = []
        column_width = self.column_width
        gap = Segment("│", self._style("board--rule"))
        for index, column in enumerate(self.state.columns):
            if index:
                segments.append(gap)
            row = self._offsets[index] + slot if index < len(self._offsets) else slot
            if line < CARD_HEIGHT - 1 and row < len(column):
                selected = self.state.cursor.column == index and self.state.cursor.row == row
                card = self.state.card(column[row])
                segments.extend(self._card_line(card, line, column_width, selected))
            else:
                segments.append(Segment(" " * column_width))
        return Strip(segments).adjust_cell_length(width)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name)

    def _ink(self, name: str) -> Style:
        """A component's text colour and weight only, so the card's background shows through."""
        style = self.get_component_rich_style(name)
        return Style(color=style.color, bold=style.bold, italic=style.italic)

    def _header_line(self, width: int) -> Strip:
        column_width = self.column_width
        totals = self.state.totals
        segments: list[Segment] = []
        for index, status in enumerate(self.state.statuses):
            if index:
                segments.append(Segment("│", self._style("board--rule")))
            shown = self.state.column_count(index)
            total = totals.get(status, 0)
            limit = self.wip_limits.get(status)
            over = limit is not None and total > limit
            count = f"{total}/{limit}{' ⚑' if over else ''}" if limit is not None else f"{total}"
            if shown != total:
                count = _("{shown} of {count}").format(shown=shown, count=count)
            text = f" {column_title(status)} {count}"
            if cell_len(text) > column_width:  # narrow: the title gives way, the count stays
                title = clip(column_title(status), column_width - cell_len(count) - 2)
                text = f" {title} {count}"
            text = clip(text, column_width)
            style = self._style("board--warning" if over else "board--header")
            segments.append(Segment(text, style))
        return Strip(segments).adjust_cell_length(width)

    def _card_line(self, card: Card, line: int, width: int, selected: bool) -> list[Segment]:
        key = (card, line, selected, width)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._draw_card_line(card, line, width, selected)
            if len(self._cache) > 20_000:
                self._cache.clear()
            self._cache[key] = cached
        return cached

    def _draw_card_line(self, card: Card, line: int, width: int, selected: bool) -> list[Segment]:
        base = self._style("board--selected" if selected else "board--card")
        inner = width - 2
        if line == 0:
            mark = PRIORITY_MARK.get(card.priority, " ")
            flag = "◆" if card.conflict else ""
            title = clip(f"{card.title}{flag}", inner)
            mark_style = self._ink(PRIORITY_STYLE.get(card.priority, "board--dim"))
            return [
                Segment(mark, base + mark_style),
                Segment(title, base + self._ink("board--title")),
                Segment(" ", base),
            ]
        if line == 1:
            return [
                Segment(" ", base),
                Segment(clip(_where(card), inner), base + self._ink("board--dim")),
                Segment(" ", base),
            ]
        if line == 2:
            return self._meta_line(card, inner, base)
        return self._needs_line(card, inner, base)

    def _meta_line(self, card: Card, inner: int, base: Style) -> list[Segment]:
        today = self.state.today
        text, day = _meta_texts(card, today, inner)
        date_style = self._ink("board--overdue") if card.overdue(today) else self._ink("board--dim")
        left = clip(text, max(0, inner - cell_len(day) - 1))
        return [
            Segment(" ", base),
            Segment(left + " ", base + self._ink("board--dim")),
            Segment(clip(day, inner - cell_len(left) - 1), base + date_style),
            Segment(" ", base),
        ]

    def _needs_line(self, card: Card, inner: int, base: Style) -> list[Segment]:
        segments = [Segment(" ", base)]
        used = 0
        labels = [self.skill_labels.get(need.skill, need.skill) for need in card.needs]
        for text, unfilled in needs_parts(card.needs, labels, inner):
            style = self._ink("board--warning") if unfilled else self._ink("board--full")
            segments.append(Segment(text, base + style))
            used += cell_len(text)
        segments.append(Segment(" " * (inner - used + 1), base))
        return segments

    # Keys --------------------------------------------------------------------------
    def action_cursor(self, columns: int, rows: int) -> None:
        """Move the cursor between cards and columns."""
        self.state.move_cursor(columns, rows)
        self.changed()

    def action_page(self, direction: int) -> None:
        """Move the cursor by a screenful."""
        self.state.move_cursor(0, direction * self.visible_cards)
        self.changed()

    def action_edge(self, direction: int) -> None:
        """Jump to the first or last card of the column."""
        self.state.move_cursor(0, direction * 10**9)
        self.changed()

    def action_move_card(self, step: int) -> None:
        """Ask the screen to move the card to another column."""
        self.post_message(self.MoveRequested(step))

    def action_reorder(self, step: int) -> None:
        """Ask the screen to move the card within its column."""
        self.post_message(self.ReorderRequested(step))

    # Mouse -------------------------------------------------------------------------
    def _card_at(self, x: int, y: int) -> tuple[int, int] | None:
        if y < HEADER_HEIGHT:
            return None
        column = min(x // (self.column_width + 1), len(self.state.columns) - 1)
        slot, line = divmod(y - HEADER_HEIGHT, CARD_HEIGHT)
        row = self._offsets[column] + slot
        if line == CARD_HEIGHT - 1 or row >= self.state.column_count(column):
            return None
        return column, row

    def on_click(self, event: events.Click) -> None:
        """Click selects a card; double-click opens it."""
        spot = self._card_at(event.x, event.y)
        if spot is None:
            return
        self.state.select(*spot)
        self.changed()
        card = self.state.selected()
        if event.chain >= 2 and card is not None:
            self.post_message(self.OpenRequested(card.id))

    def _scroll_column(self, x: int, step: int) -> None:
        column = min(x // (self.column_width + 1), len(self.state.columns) - 1)
        most = max(0, self.state.column_count(column) - self.visible_cards)
        self._offsets[column] = max(0, min(most, self._offsets[column] + step))
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        """The wheel scrolls the column under the pointer."""
        self._scroll_column(event.x, 1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        """The wheel scrolls the column under the pointer."""
        self._scroll_column(event.x, -1)


def _where(card: Card) -> str:
    """`funing-3 · 朱庆花园南区`: the reference, the site if the reference hides it, the place."""
    parts = [card.ref]
    if not card.ref.startswith(f"{card.site}-"):
        parts.append(card.site)
    if card.place:
        parts.append(card.place)
    return " · ".join(parts)


def _day_text(day: dt.date | None, today: dt.date, *, weekday: bool = True) -> str:
    if day is None:
        return ""
    if day.year != today.year:
        return day.isoformat()
    text = f"{day.month:02d}-{day.day:02d}"
    return f"{text} {_(DAYS[day.weekday()])}" if weekday else text


def _meta_texts(card: Card, today: dt.date, width: int) -> tuple[str, str]:
    """Kind (and priority) and date for a card line `width` cells wide.

    A narrow card drops the priority word first (the title line marks it with
    `!`/`‼`), then the weekday, then a visits card's household count and a
    series' rule word (its `↻` mark stays), so the kind stays readable."""
    kind = _(card.kind)
    progress = "" if card.progress is None else f" {card.progress[0]}/{card.progress[1]}"
    mark = ""  # a series' mark, kept on the narrowest card: `renovation ↻+7`
    if card.series is not None:  # `service ↻ weekly +7`
        word, more = card.series
        progress += f" ↻ {_(word)}" + (f" +{more}" if more else "")
        mark = " ↻" + (f"+{more}" if more else "")
    if card.attendance is not None:  # `event · 31 came`
        word, count = card.attendance
        came = _("{n} came") if word == "came" else _("~{n} expected")
        progress += " · " + came.format(n=count)
    priority = "" if card.priority == "normal" else f" · {_(card.priority)}"
    day = _day_text(card.day, today)
    short_day = _day_text(card.day, today, weekday=False)
    for text, shown_day in (
        (kind + progress + priority, day),  # `visits 18/40 · urgent`: households visited
        (kind + progress, day),
        (kind + progress, short_day),
        (kind + mark, day),
        (kind + mark, short_day),
        (kind, short_day),
    ):
        if cell_len(text) + 1 + cell_len(shown_day) <= width:
            break
    return text, shown_day


MIN_LABEL = 3
"""Fewest cells a skill label is cut to (`电…`, `we…`) before the counts are summed."""


def needs_parts(
    needs: tuple[NeedCount, ...], labels: list[str], width: int
) -> list[tuple[str, bool]]:
    """The needs line as (text, unfilled) parts that fit `width` cells, counts always kept.

    Wide enough: `welding 1/2 · painting 0/3`. Narrower: the labels are cut and
    every count stays (`wel… 1/2 · pai… 0/3`). Too narrow for that: the first
    label and the sums (`welding+1 1/5`). A coordinator reads the counts at a
    glance, so they are the last thing a small terminal takes away."""
    if not needs:
        return []
    counts = [f"{need.filled}/{need.needed}" for need in needs]
    full = [f"{label} {count}" for label, count in zip(labels, counts, strict=True)]
    if cell_len(" · ".join(full)) <= width:
        return _joined(full, needs)
    fixed = sum(cell_len(count) + 1 for count in counts) + 3 * (len(needs) - 1)
    per_label = (width - fixed) // len(needs)
    if per_label >= MIN_LABEL:
        cut = [
            f"{clip(label, per_label).rstrip()} {count}"
            for label, count in zip(labels, counts, strict=True)
        ]
        return _joined(cut, needs)
    total = f"{sum(n.filled for n in needs)}/{sum(n.needed for n in needs)}"
    more = f"+{len(needs) - 1}" if len(needs) > 1 else ""
    room = width - cell_len(total) - cell_len(more) - 1
    label = clip(labels[0], room).rstrip() + more if room >= MIN_LABEL else ""
    text = f"{label} {total}" if label else total
    return [(clip(text, width), any(need.unfilled for need in needs))]


def _joined(parts: list[str], needs: tuple[NeedCount, ...]) -> list[tuple[str, bool]]:
    return [
        (f"{' · ' if index else ''}{part}", need.unfilled)
        for index, (part, need) in enumerate(zip(parts, needs, strict=True))
    ]

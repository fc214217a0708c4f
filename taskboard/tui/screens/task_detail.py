"""One task in full: its fields, checklist, assignments and history.

This is where the day's work is ticked off — a census visit done, a household
not home and to be tried again — so the checklist keys act at once on the item
under the cursor. Each key calls the same action as `taskboard task check` or
`task note` (taskboard/actions/checklist.py, where the rules live), and the
`Edit` it returns goes into the board's `EditHistory`, so the board's undo
takes back a tick or an edit made here too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar
from weakref import WeakKeyDictionary

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.styles import RulesMap
from textual.message import Message
from textual.render import measure
from textual.screen import ModalScreen, Screen
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, Static

from taskboard.actions import event_names
from taskboard.actions.checklist import add_item, check_item, set_note
from taskboard.actions.describe import history_line
from taskboard.actions.tasks import edit_task
from taskboard.board.edits import Edit, EditHistory
from taskboard.i18n import _, group_name, language
from taskboard.model import DAYS, ChecklistState, HistoryEntry, Task
from taskboard.store import Store, StoreError
from taskboard.store.queries import FILLING_STATES, is_overdue
from taskboard.store.records import DELETED
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.key_bar import KeyBar

FIELD_ROWS = (
    ("ref", "Ref"),
    ("status", "Status"),
    ("kind", "Kind"),
    ("priority", "Priority"),
    ("site", "Site"),
    ("place", "Place"),
    ("schedule", "Schedule"),
    ("due", "Due"),
    ("needs", "Needs"),
    ("hours", "Estimated hours"),
    ("origin", "Origin"),
    ("group", "Preferred group"),
    ("tags", "Tags"),
)
"""(key, English label) of the task's fields, in the order they are shown."""

CHECKLIST_COLUMNS = ("#", "Item", "State", "Attempts", "Note")
ASSIGNMENT_COLUMNS = ("Volunteer", "Skill", "State", "Hours")
HISTORY_COLUMNS = ("When", "Site", "Who", "Action", "Changes")

FIELD_NAME_WIDTH = 17
"""Cells given to the fields' names, before the values."""

EMPTY = "-"

BOLD = Style(bold=True)
"""The task's title, the section headings and the tables' column names."""

Doc = dict[str, Any]
"""A stored record."""

Revision = tuple[int, int]
"""What `Store.revision` returns: changes whenever a table may have changed."""


# What the fields say -------------------------------------------------------------------
def schedule_text(task: Task) -> str:
    """`2026-12-05 周六 09:00–11:00`; the end's date too when the window spans days."""
    if task.start is None or task.end is None:
        return EMPTY
    weekday = _(DAYS[task.start.weekday()])
    end = (
        f"{task.end:%H:%M}"
        if task.end.date() == task.start.date()
        else f"{task.end:%Y-%m-%d %H:%M}"
    )
    return f"{task.start:%Y-%m-%d} {weekday} {task.start:%H:%M}–{end}"


def needs_summary(task: Task, filled: Counter[str], labels: dict[str, str]) -> str:
    """`welding 1/2 (level ≥ 2) · painting 0/3`: filled of needed, and any minimum level."""
    if not task.needs:
        return EMPTY
    return " · ".join(
        f"{labels.get(need.skill, need.skill)} {filled[need.skill]}/{need.count}"
        + (f" ({_('level')} ≥ {need.min_level})" if need.min_level > 1 else "")
        for need in task.needs
    )


def filled(assignments: list[Doc]) -> Counter[str]:
    """Skill → how many of the task's `assignments` fill that need."""
    return Counter(doc["skill"] for doc in assignments if doc["state"] in FILLING_STATES)


def origin_text(task: Task) -> str:
    """Who suggested the task, when, and any note."""
    origin = task.origin
    if origin is None:
        return EMPTY
    when = f", {origin.date}" if origin.date else ""
    note = f" — {origin.note}" if origin.note else ""
    return f"{origin.source}{when}{note}"


def history_row(
    entry: HistoryEntry, labels: dict[str, str] | None = None, names: dict[str, str] | None = None
) -> list[Text]:
    """One history line in words: when, site, who, what was done and how."""
    return [Text(cell) for cell in history_line(entry, labels, names)]


# Reading other tables ------------------------------------------------------------------
class TaskLookups:
    """One task's assignments, their hours and its history, without reading every record.

    The store finds these by a pass over the whole table, which at district size
    was most of the time it took to open a task. Here each table is grouped once
    and the grouping kept until the table changes (`Store.revision`).
    """

    def __init__(self) -> None:
        self._assignments: tuple[Revision, dict[str, list[Doc]]] | None = None
        self._hours: tuple[Revision, dict[str, float]] | None = None
        self._history: tuple[Revision, dict[str, list[Doc]]] | None = None

    def assignments(self, store: Store, task_id: str) -> list[Doc]:
        """The task's live assignments, in stored order."""
        revision = store.revision("assignments")
        if self._assignments is None or self._assignments[0] != revision:
            self._assignments = (revision, _grouped(store, "assignments", "task"))
        return self._assignments[1].get(task_id, [])

    def hours(self, store: Store) -> dict[str, float]:
        """Logged hours summed per assignment id."""
        revision = store.revision("hours")
        if self._hours is None or self._hours[0] != revision:
            self._hours = (revision, store.hours_by_assignment())
        return self._hours[1]

    def history(self, store: Store, record_id: str) -> list[HistoryEntry]:
        """The record's history, oldest first."""
        revision = store.revision("history")
        if self._history is None or self._history[0] != revision:
            self._history = (revision, _grouped(store, "history", "record"))
        entries = sorted(self._history[1].get(record_id, []), key=lambda d: (d["at"], d["id"]))
        return [store.model("history", doc, HistoryEntry) for doc in entries]


def _grouped(store: Store, table: str, field: str) -> dict[str, list[Doc]]:
    grouped: dict[str, list[Doc]] = {}
    for doc in store.live(table):
        grouped.setdefault(doc[field], []).append(doc)
    return grouped


_LOOKUPS: WeakKeyDictionary[Store, TaskLookups] = WeakKeyDictionary()


def lookups(store: Store) -> TaskLookups:
    """The lookups kept for `store` (made on first use, gone with the store)."""
    found = _LOOKUPS.get(store)
    if found is None:
        found = _LOOKUPS[store] = TaskLookups()
    return found


# Drawing -------------------------------------------------------------------------------
class TextTable:
    """Rows of text in columns, drawn with a few cells between columns and no borders.

    Every column but the last is as wide as its widest cell (or as `widths` says);
    the last takes the rest of the line and wraps. A much lighter thing to draw
    than a `rich.table.Table`, which measures and pads every cell on every draw.
    """

    GAP = 2
    """Cells between columns."""

    LAST_MIN = 12
    """The last column's least width; the others shrink to leave it that much."""

    def __init__(
        self,
        rows: list[list[Text]],
        *,
        header: list[Text] | None = None,
        widths: tuple[int, ...] = (),
        gap: int = GAP,
    ) -> None:
        self.rows = rows
        self.header = header
        self.widths = widths
        self.gap = gap

    def _column_widths(self, rows: list[list[Text]], width: int) -> list[int]:
        columns = len(rows[0])
        fixed = list(self.widths[: columns - 1])
        for column in range(len(fixed), columns - 1):
            fixed.append(max(row[column].cell_len for row in rows))
        room = width - self.gap * (columns - 1) - self.LAST_MIN
        if sum(fixed) > room:
            scale = max(room, columns - 1) / max(sum(fixed), 1)
            fixed = [max(int(cells * scale), 1) for cells in fixed]
        last = max(width - sum(fixed) - self.gap * (columns - 1), 1)
        return [*fixed, last]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = ([self.header] if self.header else []) + self.rows
        if not rows or not rows[0]:
            return
        widths = self._column_widths(rows, options.max_width)
        last = len(widths) - 1
        gap = Segment(" " * self.gap)
        for row in rows:
            cells = [
                _cell_lines(console, cell, width) for cell, width in zip(row, widths, strict=True)
            ]
            for index in range(max(len(lines) for lines in cells)):
                for column, lines in enumerate(cells):
                    if column:
                        yield gap
                    used = 0
                    if index < len(lines):
                        line = lines[index]
                        style = console.get_style(line.style) if line.style else None
                        yield from Segment.apply_style(line.render(console), style)
                        used = line.cell_len
                    if column < last and used < widths[column]:
                        yield Segment(" " * (widths[column] - used))
                yield Segment.line()


def _cell_lines(console: Console, cell: Text, width: int) -> list[Text]:
    """A cell's lines at `width`: itself when it fits, else wrapped (long words folded)."""
    if cell.cell_len <= width and "\n" not in cell.plain:
        return [cell]
    return list(cell.wrap(console, width, overflow="fold"))


# Widgets -------------------------------------------------------------------------------
class RenderedRich(Visual):
    """A Rich renderable drawn once for each width it is shown at, then reused.

    Textual draws a Rich renderable once to learn its height and again to paint
    it, at every layout; for the task's text that was most of a layout's time.
    The lines are kept without the widget's own colours, which are laid under
    them when painted, and carry the offsets that mouse selection needs.
    """

    WIDTHS_KEPT = 4
    """Widths whose lines are kept (with and without a scrollbar, say)."""

    def __init__(self, widget: Widget, renderable: RenderableType) -> None:
        self._widget = widget
        self._renderable = renderable
        self._lines: dict[int, list[Strip]] = {}

    def lines(self, width: int) -> list[Strip]:
        """The renderable's lines at `width` cells, unstyled."""
        width = max(width, 1)
        lines = self._lines.get(width)
        if lines is None:
            app = self._widget.app
            options = app.console_options.update(width=width, height=None, highlight=False)
            rendered = app.console.render_lines(self._renderable, options, pad=False)
            lines = [Strip(line) for line in rendered]
            if len(self._lines) >= self.WIDTHS_KEPT:
                self._lines.clear()
            self._lines[width] = lines
        return lines

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        console = self._widget.app.console
        return measure(console, self._renderable, container_width, container_width=container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        base = style.rich_style
        selection, selected = options.selection, options.selection_style
        highlight = None
        if selection is not None and selected is not None:
            blended = (style + selected).rich_style
            shows_colour = selected.foreground is not None and selected.foreground.a > 0
            highlight = Style(
                bgcolor=blended.bgcolor, color=blended.color if shows_colour else None
            )
        strips = []
        for y, line in enumerate(self.lines(width)[:height]):
            span = selection.get_span(y) if selection is not None else None
            if span is not None and highlight is not None:
                line = _stylize_characters(line, *span, highlight)
            strips.append(line.apply_offsets(0, y).apply_style(base))
        return strips


def _stylize_characters(line: Strip, start: int, end: int, style: Style) -> Strip:
    """`line` with `style` over its characters `start` to `end` (-1: to the end)."""
    if end < 0:
        end = len(line.text)
    segments = []
    offset = 0
    for text, segment_style, control in line:
        first, last = offset, offset + len(text)
        offset = last
        if control or last <= start or first >= end:
            segments.append(Segment(text, segment_style, control))
            continue
        cut_start, cut_end = max(start - first, 0), min(end, last) - first
        selected = (segment_style or Style()) + style
        for part, part_style in (
            (text[:cut_start], segment_style),
            (text[cut_start:cut_end], selected),
            (text[cut_end:], segment_style),
        ):
            if part:
                segments.append(Segment(part, part_style))
    return Strip(segments, line.cell_length)


class TaskText(Static):
    """Read-only text of the task screen: one Rich renderable, drawn once per width."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def show(self, renderable: RenderableType) -> None:
        """Show `renderable` in place of what was shown."""
        self.update(RenderedRich(self, renderable))

    @property
    def lines(self) -> list[str]:
        """The text as shown, line by line, at the widget's current width."""
        visual = self.visual
        if not isinstance(visual, RenderedRich):
            return str(self.content).splitlines()
        return [line.text.rstrip() for line in visual.lines(self.content_region.width)]

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text, for copying."""
        return selection.extract("\n".join(self.lines)), "\n"


class ChecklistTable(DataTable[Text]):
    """The task's checklist; its keys set the state of the item under the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space,x",
            "set_state('done')",
            "Mark done",
            tooltip="Mark the item done (counts an attempt)",
            id="task.check_done",
        ),
        Binding(
            "r",
            "set_state('retry')",
            "Not home",
            tooltip="Nobody was home: visit again later (counts an attempt)",
            id="task.check_retry",
        ),
        Binding(
            "s",
            "set_state('skipped')",
            "Skip",
            tooltip="Skip the item (no visit needed)",
            id="task.check_skip",
        ),
        Binding(
            "t",
            "set_state('todo')",
            "To do",
            tooltip="Put the item back to do",
            id="task.check_todo",
        ),
        Binding(
            "n",
            "note",
            "Note",
            tooltip="Write or change the item's note",
            id="task.check_note",
        ),
    ]

    @dataclass
    class StateChosen(Message):
        """The user set the checklist item at `index` to `state`."""

        index: int
        state: ChecklistState

    @dataclass
    class NoteRequested(Message):
        """The user wants to write the note of the checklist item at `index`."""

        index: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        translate_bindings(self)

    def action_set_state(self, state: str) -> None:
        """Ask the screen to set the item under the cursor to `state`."""
        if self.row_count:
            self.post_message(self.StateChosen(self.cursor_row, ChecklistState(state)))

    def action_note(self) -> None:
        """Ask the screen for a note on the item under the cursor."""
        if self.row_count:
            self.post_message(self.NoteRequested(self.cursor_row))


class NewChecklistItem(ModalScreen[str | None]):
    """Asks for the text of a new checklist item; dismisses with it, or None."""

    DEFAULT_CSS = """
    NewChecklistItem {
        align: center middle;
    }
    NewChecklistItem > Vertical {
        width: 60;
        height: auto;
        padding: 1 2;
        border: thick $primary;
        background: $surface;
    }
    NewChecklistItem #item-error {
        display: none;
        color: $error;
    }
    NewChecklistItem #item-error.-shown {
        display: block;
    }
    NewChecklistItem Horizontal {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    NewChecklistItem Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Close without adding an item",
            id="task.add_item_cancel",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("New checklist item"))
            yield Input(placeholder=_("e.g. building 5, flat 302"), max_length=120, id="item-text")
            yield Label(_("Write what the item is first."), id="item-error")
            with Horizontal():
                yield Button(_("Add"), id="item-add", variant="primary")
                yield Button(_("Cancel"), id="item-cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#item-add")
    def add_item(self) -> None:
        """Close with the text; an empty item is refused with a word why."""
        text = self.query_one("#item-text", Input).value.strip()
        self.query_one("#item-error", Label).set_class(not text, "-shown")
        if text:
            self.dismiss(text)

    @on(Button.Pressed, "#item-cancel")
    def cancel_from_button(self) -> None:
        """The Cancel button does what escape does."""
        self.action_cancel()

    def action_cancel(self) -> None:
        """Close without adding anything."""
        self.dismiss(None)


class ItemNote(ModalScreen[str | None]):
    """Asks for a checklist item's note, showing the one it has; dismisses with it, or None.

    An empty note clears it.
    """

    DEFAULT_CSS = """
    ItemNote {
        align: center middle;
    }
    ItemNote > Vertical {
        width: 60;
        height: auto;
        padding: 1 2;
        border: thick $primary;
        background: $surface;
    }
    ItemNote Horizontal {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ItemNote Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Close without changing the note",
            id="task.note_cancel",
        ),
    ]

    def __init__(self, item: str, note: str) -> None:
        super().__init__()
        translate_bindings(self)
        self._item = item
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Note on {item}").format(item=self._item), markup=False)
            yield Input(
                self._note,
                placeholder=_("e.g. back after 6 pm"),
                max_length=200,
                id="note-text",
            )
            with Horizontal():
                yield Button(_("Save"), id="note-save", variant="primary")
                yield Button(_("Cancel"), id="note-cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#note-save")
    def save_note(self) -> None:
        """Close with the note as typed (empty: no note)."""
        self.dismiss(self.query_one("#note-text", Input).value.strip())

    @on(Button.Pressed, "#note-cancel")
    def cancel_from_button(self) -> None:
        """The Cancel button does what escape does."""
        self.action_cancel()

    def action_cancel(self) -> None:
        """Close without changing the note."""
        self.dismiss(None)


class TaskScreen(Screen[None]):
    """Every field of one task, its checklist, assignments and history.

    Everything that is only read — the title, the fields, the description, the
    assignments and the history — is text in two `TaskText` widgets, one above
    the checklist and one below it; only the checklist is a widget of its own,
    since its keys act on the item under the cursor. A handful of widgets mount
    and style in a few milliseconds, where one widget per field and per table
    took most of the time it used to take to open a task.
    """

    DEFAULT_CSS = """
    TaskScreen #task-body {
        padding: 0 1;
    }
    TaskScreen DataTable {
        height: auto;
        max-height: 20;
    }
    TaskScreen > .task-screen--field-name {
        color: $text-muted;
    }
    TaskScreen > .task-screen--overdue {
        color: $error;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"task-screen--field-name", "task-screen--overdue"}

    AUTO_FOCUS = "#checklist"
    """The checklist has the focus from the start, so its keys work at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the board", id="task.back"),
        Binding("e", "edit", "Edit", tooltip="Edit the task's fields", id="task.edit"),
        Binding(
            "a",
            "add_item",
            "Add item",
            tooltip="Add an item to the checklist",
            id="task.add_item",
        ),
        Binding("m", "match", "Match", tooltip="Find volunteers for this task", id="task.match"),
        Binding("o", "log_hours", "Log hours", tooltip="Log hours worked", id="task.log_hours"),
    ]

    def __init__(self, store: Store, task_id: str, history: EditHistory, *, today: dt.date) -> None:
        super().__init__()
        translate_bindings(self)
        self._store = store
        self._history = history
        self._today = today
        self._current = store.task(task_id)
        self._removed = False
        self._shown_keys: tuple[tuple[object, ...], ...] | None = None

    @property
    def shown_task(self) -> Task:
        """The task as last read from the store."""
        return self._current

    # Layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with VerticalScroll(id="task-body"):
            yield TaskText(id="task-summary")
            yield ChecklistTable(id="checklist")
            yield TaskText(id="task-records")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#checklist", ChecklistTable).add_columns(*map(_, CHECKLIST_COLUMNS))
        self._show()
        self.app.theme_changed_signal.subscribe(self, self._restyle)

    def on_unmount(self) -> None:
        self.app.theme_changed_signal.unsubscribe(self)

    def _restyle(self, _theme: object) -> None:
        """Draw the text again in the new theme's colours."""
        self._show_text()

    def refresh_bindings(self) -> None:
        """Tell the key bar the keys changed, unless they are the ones it already shows.

        Focusing the checklist asks again once the screen has been drawn, with the
        same keys; redrawing the bar for that would cost opening the task one more frame.
        """
        if not self.is_current:
            self._shown_keys = None
            super().refresh_bindings()
            return
        keys = tuple(
            (key, active.node, active.binding, active.enabled)
            for key, active in self.active_bindings.items()
        )
        if keys != self._shown_keys:
            self._shown_keys = keys
            super().refresh_bindings()

    # Showing -----------------------------------------------------------------------------
    def _show(self) -> None:
        """Put the current task, its checklist, assignments and history on screen."""
        self._show_text()
        self._show_checklist()

    def _show_text(self) -> None:
        """Redraw the read-only parts: one update of each `TaskText`, so one layout."""
        labels = self._skill_labels()
        assignments = lookups(self._store).assignments(self._store, self._current.id)
        self.query_one("#task-summary", TaskText).show(self._summary(labels, assignments))
        self.query_one("#task-records", TaskText).show(self._records(labels, assignments))

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"task-screen--{name}")

    def _section(self, title: str) -> Text:
        """A section's heading, after a blank line."""
        return Text.assemble("\n", (_(title), BOLD))

    def _summary(self, labels: dict[str, str], assignments: list[Doc]) -> Group:
        """The title, every field, the description and the checklist's heading."""
        task = self._current
        overdue = is_overdue(task.model_dump(mode="json"), self._today)
        values = self._field_values(overdue, labels, assignments)
        name_style = self._style("field-name")
        late_style = self._style("overdue") if overdue else Style()
        fields = TextTable(
            [
                [
                    Text(_(name), style=name_style),
                    Text(values[key], style=late_style if key in ("schedule", "due") else ""),
                ]
                for key, name in FIELD_ROWS
            ],
            widths=(FIELD_NAME_WIDTH,),
            gap=1,
        )
        return Group(
            Text(""),
            Text(f"{task.ref}  {task.title}", style=BOLD),
            Text(""),
            fields,
            self._section("Description"),
            Text(task.description or EMPTY),
            self._section("Checklist"),
        )

    def _records(self, labels: dict[str, str], assignments: list[Doc]) -> Group:
        """The assignments and the history, each as a table under its heading."""
        hours = lookups(self._store).hours(self._store)
        people = []
        for doc in assignments:
            person = self._store.doc("volunteers", doc["volunteer"]) or {}
            skill: str = doc["skill"]
            people.append(
                [
                    Text(f"{person.get('name', '?')} ({person.get('ref', '?')})"),
                    Text(labels.get(skill, skill)),
                    Text(_(doc["state"])),
                    Text(f"{hours.get(doc['id'], 0.0):g}"),
                ]
            )
        history = lookups(self._store).history(self._store, self._current.id)
        names = event_names(self._store, history)
        return Group(
            self._section("Assignments"),
            TextTable(people, header=self._header(ASSIGNMENT_COLUMNS)),
            self._section("History"),
            TextTable(
                [history_row(entry, labels, names) for entry in history],
                header=self._header(HISTORY_COLUMNS),
            ),
        )

    def _header(self, columns: tuple[str, ...]) -> list[Text]:
        return [Text(_(column), style=BOLD) for column in columns]

    def _field_values(
        self, overdue: bool, labels: dict[str, str], assignments: list[Doc]
    ) -> dict[str, str]:
        task = self._current
        site = self._store.sites().get(task.site)
        late = f"  ({_('overdue')})" if overdue else ""
        return {
            "ref": task.ref,
            "status": _(task.status),
            "kind": _(task.kind),
            "priority": _(task.priority),
            "site": f"{task.site} ({site.name})" if site else task.site,
            "place": task.place or EMPTY,
            "schedule": schedule_text(task) + (late if task.start else ""),
            "due": f"{task.due}{late}" if task.due else EMPTY,
            "needs": needs_summary(task, filled(assignments), labels),
            "hours": f"{task.hours:g}" if task.hours else EMPTY,
            "origin": origin_text(task),
            "group": group_name(task.prefer_group) if task.prefer_group else EMPTY,
            "tags": ", ".join(task.tags) or EMPTY,
        }

    def _skill_labels(self) -> dict[str, str]:
        lang = language()
        return {key: skill.label(lang) for key, skill in self._store.skills().items()}

    def _show_checklist(self) -> None:
        table = self.query_one("#checklist", ChecklistTable)
        row = table.cursor_row
        table.clear()
        for number, item in enumerate(self._current.checklist, 1):
            table.add_row(
                Text(str(number)),
                Text(item.text),
                Text(_(item.state)),
                Text(str(item.attempts)),
                Text(item.note or ""),
                key=item.id,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    # Keeping up with the store -----------------------------------------------------------
    def refresh_from_store(self) -> None:
        """Read the task again after the data file changed elsewhere (live reload).

        A task removed meanwhile cannot be shown: the screen says so and closes,
        at once or, when a form is open on top of it, as soon as that closes.
        """
        doc = self._store.doc("tasks", self._current.id)
        if doc is None or doc.get(DELETED):
            self._leave_removed()
            return
        self._current = self._store.model("tasks", doc, Task)
        self._show()

    def _leave_removed(self) -> None:
        if not self._removed:
            self.notify(
                _("Task {ref} was removed.").format(ref=self._current.ref), severity="warning"
            )
        self._removed = True
        if self.is_active:
            self.dismiss(None)

    def on_screen_resume(self) -> None:
        """Close on return from a form when the task was removed meanwhile."""
        if self._removed:
            self.dismiss(None)

    def _change(self, action: Callable[[], Edit]) -> None:
        """Run one action on the task and remember what it made, as one undoable edit.

        The action reads the task under the store's lock, after catching up with
        other processes, so a tick here never writes back a checklist that another
        window or the CLI changed a moment ago.
        """
        if self._removed:
            return
        try:
            edit = action()
        except StoreError as error:
            self.notify(str(error), title=_("error"), severity="error")
        else:
            if edit.after != edit.before:
                self._history.record(edit)
        self.refresh_from_store()

    # Actions -----------------------------------------------------------------------------
    def action_back(self) -> None:
        """Back to wherever the task was opened from."""
        self.dismiss(None)

    def action_edit(self) -> None:
        """Open the form on the task; what it returns is saved as one undoable edit.

        The form's module is loaded on first use, as the board does, so that
        opening a task does not wait for it.
        """
        from taskboard.tui.screens.task_form import TaskForm

        shown = self._current
        form = TaskForm(self._store, shown, default_site=shown.site)
        self.app.push_screen(form, lambda changes: self._save_form_changes(shown, changes))

    def _save_form_changes(self, shown: Task, changes: dict[str, Any] | None) -> None:
        """Save the fields the form changed, made against the task it showed."""
        if changes:
            base = shown.model_dump(mode="json")
            self._change(lambda: edit_task(self._store, shown.id, changes, base=base))

    @on(ChecklistTable.StateChosen)
    def set_item_state(self, event: ChecklistTable.StateChosen) -> None:
        """Set one checklist item's state as `task check` would."""
        items = self._current.checklist
        if not 0 <= event.index < len(items):
            return
        item_id = items[event.index].id
        self._change(lambda: check_item(self._store, self._current.id, item_id, event.state))

    @on(ChecklistTable.NoteRequested)
    def ask_note(self, event: ChecklistTable.NoteRequested) -> None:
        """Ask for the note of the item under the cursor, showing the one it has."""
        items = self._current.checklist
        if not 0 <= event.index < len(items):
            return
        item = items[event.index]
        self.app.push_screen(
            ItemNote(item.text, item.note), lambda note: self._save_note(item.id, note)
        )

    def _save_note(self, item_id: str, note: str | None) -> None:
        if note is not None:
            self._change(lambda: set_note(self._store, self._current.id, item_id, note))

    def action_add_item(self) -> None:
        """Ask for a new item's text and add it to the end of the checklist."""
        self.app.push_screen(NewChecklistItem(), self._add_item)

    def _add_item(self, text: str | None) -> None:
        if not text:
            return
        self._change(lambda: add_item(self._store, self._current.id, text))
        table = self.query_one("#checklist", ChecklistTable)
        table.move_cursor(row=table.row_count - 1)

    def action_match(self) -> None:
        """Ranked volunteers for this task, to pick and confirm."""
        from taskboard.tui.screens.match import MatchScreen

        screen = MatchScreen(self._store, self._current.id, self._history, today=self._today)
        self.app.push_screen(screen, lambda _result: self.refresh_from_store())

    def action_log_hours(self) -> None:
        """Log hours for one of the task's assignments (and mark it done)."""
        from taskboard.tui.screens.hours_form import HoursForm

        if not self._store.assignments_of_task(self._current.id):
            self.notify(_("Nobody is assigned to this task yet: press m to match people."))
            return
        form = HoursForm(self._store, self._current.id, today=self._today)
        self.app.push_screen(form, self._save_hours)

    def _save_hours(self, result: dict[str, Any] | None) -> None:
        from taskboard.tui.screens.hours_form import save_hours
        from taskboard.tui.screens.match import match_settings

        if not result:
            return
        try:
            logged = save_hours(
                self._store, result, today=self._today, settings=match_settings(self)
            )
        except StoreError as error:
            self.notify(str(error), title=_("error"), severity="error")
            return
        self._history.record(logged.edit)
        self.notify(logged.edit.label)
        self.refresh_from_store()

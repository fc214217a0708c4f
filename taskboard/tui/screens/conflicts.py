"""The conflicts screen: every open conflict, both values side by side, resolved with a key.

Resolving writes the chosen value as a new edit (see `taskboard.sync.conflicts`),
so it syncs like any other change and clears the conflict at the other sites
once they merge this site's bundle.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Static

from taskboard.actions.conflicts import resolve_conflict
from taskboard.board.edits import EditHistory
from taskboard.i18n import _, ngettext
from taskboard.model.text import visible
from taskboard.store import Store, StoreError
from taskboard.sync import Conflict, list_conflicts
from taskboard.sync.conflicts import Value
from taskboard.tui.plain import cell
from taskboard.tui.screens.popup import PopUp
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.key_bar import KeyBar

COLUMNS = ("Id", "Record", "Field", "Shown", "Other")


def value_label(path: str, value: Value) -> str:
    """The value as the coordinator reads it."""
    if path == "deleted":
        return _("removed") if value.value is True else _("kept (edited)")
    if value.hidden:
        return _("(withheld)")
    if value.absent:
        return _("(none)")
    return visible(value.value if isinstance(value.value, str) else repr(value.value))


def value_card(title: str, path: str, value: Value) -> Text:
    """One side of the comparison: the value, then who, where and when."""
    text = Text()
    text.append(f"{title}\n", style="bold")
    text.append(f"{value_label(path, value)}\n\n")
    text.append(f"{_('Who')}: {value.who or '-'}\n", style="dim")
    text.append(f"{_('Site')}: {value.site}\n", style="dim")
    text.append(f"{_('When')}: {value.at.astimezone():%Y-%m-%d %H:%M}", style="dim")
    return text


class ValuePrompt(PopUp[str | None]):
    """Asks for a new value; dismisses with the text, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", tooltip="Keep the conflict open", id="conflicts.cancel"
        )
    ]

    def __init__(self, conflict: Conflict) -> None:
        super().__init__()
        translate_bindings(self)
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        with Vertical(id="value-prompt"):
            yield Label(
                _("New value for {field} of {ref}").format(
                    field=self.conflict.path, ref=self.conflict.ref
                ),
                markup=False,
            )
            yield Input(
                value=value_label(self.conflict.path, self.conflict.shown), id="value-input"
            )

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        """Enter: use the typed value."""
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Escape: no change."""
        self.dismiss(None)


class ConflictsScreen(Screen[None]):
    """Open conflicts in a table; the highlighted one's values side by side."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "keep", "Keep shown", tooltip="Keep the value shown now", id="conflicts.keep"),
        Binding(
            "o",
            "take_other",
            "Take other",
            tooltip="Take the other site's value",
            id="conflicts.take_other",
        ),
        Binding("v", "type_value", "New value", tooltip="Type a new value", id="conflicts.value"),
        Binding("escape", "back", "Back", tooltip="Back to where you were", id="conflicts.back"),
    ]

    DEFAULT_CSS = """
    ConflictsScreen #conflicts-count { padding: 0 2; color: $text-muted; }
    ConflictsScreen #conflicts-table { height: 1fr; }
    ConflictsScreen #conflicts-sides { height: 12; }
    ConflictsScreen .conflict-side { width: 1fr; padding: 1 2; border: round $primary; }
    ValuePrompt { align: center middle; }
    ValuePrompt #value-prompt { width: 60; height: auto; padding: 1 2; border: thick $primary; }
    """

    def __init__(self, store: Store, history: EditHistory, *, today: dt.date) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.history = history
        self.today = today
        self.conflicts: list[Conflict] = []
        """The open conflicts, in table order."""

    def compose(self) -> ComposeResult:
        yield Label(_("Conflicts"), id="conflicts-title")
        yield Static(id="conflicts-count")
        table: DataTable[Text] = DataTable(
            id="conflicts-table", cursor_type="row", zebra_stripes=True
        )
        yield table
        with Horizontal(id="conflicts-sides"):
            yield Static(id="conflict-shown", classes="conflict-side")
            yield Static(id="conflict-other", classes="conflict-side")
        yield KeyBar()

    def on_mount(self) -> None:
        """Fill the table."""
        table: DataTable[Text] = self.query_one("#conflicts-table", DataTable)
        table.add_columns(*(_(name) for name in COLUMNS))
        self.reload()
        table.focus()

    def reload(self) -> None:
        """Read the conflicts again (after a resolution or a merge)."""
        self.conflicts = list_conflicts(self.store)
        table: DataTable[Text] = self.query_one("#conflicts-table", DataTable)
        table.clear()
        for c in self.conflicts:
            others = " | ".join(value_label(c.path, o) for o in c.others)
            shown = value_label(c.path, c.shown)
            table.add_row(*map(cell, (c.id, f"{_(c.table)} {c.ref}", c.path, shown, others)))
        count = len(self.conflicts)
        text = (
            ngettext("{count} open conflict", "{count} open conflicts", count)
            if count
            else _("No open conflicts.")
        )
        self.query_one("#conflicts-count", Static).update(text.format(count=count))
        self._show_sides()

    @property
    def current(self) -> Conflict | None:
        """The highlighted conflict."""
        table: DataTable[Text] = self.query_one("#conflicts-table", DataTable)
        if not self.conflicts or table.cursor_row >= len(self.conflicts):
            return None
        return self.conflicts[table.cursor_row]

    @on(DataTable.RowHighlighted)
    def _show_sides(self) -> None:
        conflict = self.current
        shown, other = (
            self.query_one("#conflict-shown", Static),
            self.query_one("#conflict-other", Static),
        )
        if conflict is None:
            shown.update("")
            other.update("")
            return
        shown.update(value_card(_("Shown"), conflict.path, conflict.shown))
        others = [value_card(_("Other"), conflict.path, value) for value in conflict.others]
        other.update(Text("\n\n").join(others))

    # Resolving ----------------------------------------------------------------------------
    def action_keep(self) -> None:
        """Keep the value shown now."""
        self._resolve(keep=True)

    def action_take_other(self) -> None:
        """Take the other site's (newest other) value."""
        self._resolve(take_other=True)

    def action_type_value(self) -> None:
        """Ask for a new value, then write it."""
        conflict = self.current
        if conflict is None:
            return
        self.app.push_screen(ValuePrompt(conflict), self._typed)

    def _typed(self, value: str | None) -> None:
        if value is not None:
            self._resolve(typed=value)

    def _resolve(
        self, *, keep: bool = False, take_other: bool = False, typed: str | None = None
    ) -> None:
        conflict = self.current
        if conflict is None:
            return
        try:
            resolved = resolve_conflict(
                self.store, conflict.id, keep=keep, take_other=take_other, typed=typed
            )
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.history.record(resolved.edit)
        self.notify(resolved.edit.label)
        self.reload()

    def action_back(self) -> None:
        """Leave the screen."""
        self.dismiss(None)

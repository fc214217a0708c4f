"""The checklist: its table, whose keys act on the item under the cursor, and its prompts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Label

from taskboard.i18n import _
from taskboard.model import ChecklistItem, ChecklistState
from taskboard.tui.screens.popup import PopUp
from taskboard.tui.translate import translate_bindings

CHECKLIST_COLUMNS = ("#", "Item", "State", "Attempts", "Note")


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

    def show(self, checklist: list[ChecklistItem]) -> None:
        """Show `checklist`, keeping the cursor on the same row where there still is one."""
        row = self.cursor_row
        self.clear()
        for number, item in enumerate(checklist, 1):
            self.add_row(
                Text(str(number)),
                Text(item.text),
                Text(_(item.state)),
                Text(str(item.attempts)),
                Text(item.note or ""),
                key=item.id,
            )
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))
        self._size_now()

    def _size_now(self) -> None:
        """Work out the table's size at once, as Textual's `DataTable` does when idle:
        the task screen decides on its scrollbar before the layout (`TaskBody`), from
        the height of what it shows, this table's included."""
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)

    def action_set_state(self, state: str) -> None:
        """Ask the screen to set the item under the cursor to `state`."""
        if self.row_count:
            self.post_message(self.StateChosen(self.cursor_row, ChecklistState(state)))

    def action_note(self) -> None:
        """Ask the screen for a note on the item under the cursor."""
        if self.row_count:
            self.post_message(self.NoteRequested(self.cursor_row))


class NewChecklistItem(PopUp[str | None]):
    """Asks for the text of a new checklist item; dismisses with it, or None."""

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


class ItemNote(PopUp[str | None]):
    """Asks for a checklist item's note, showing the one it has; dismisses with it, or None.

    An empty note clears it.
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

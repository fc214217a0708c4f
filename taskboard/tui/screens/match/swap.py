"""Choosing one person for a slot: swapping a line of the whole-board draft, or adding
someone to a series' standing crew.

The people come ranked (the ranking is made once, by whoever opens the picker);
typing narrows the list by name or reference without ranking anyone again, so
each key press only hides rows, even with hundreds of people at district size.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Input

from taskboard.i18n import _
from taskboard.matching.reasons import joined
from taskboard.matching.suggest import Candidate
from taskboard.tui.plain import cell
from taskboard.tui.screens.popup import PopUp
from taskboard.tui.translate import translate_bindings


class SwapScreen(PopUp[str | None]):
    """Eligible people for one slot, best fit first (other people for a line of the draft,
    a new member of a series' crew); dismisses with a person id, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", tooltip="Keep the current person", id="match.swap_cancel"
        ),
        Binding(
            "enter",
            "choose",
            "Choose",
            tooltip="Put this person in the slot",
            id="match.swap_choose",
            priority=True,
        ),
        Binding("up", "move(-1)", "Cursor up", show=False, tooltip="Up", id="match.swap_up"),
        Binding("down", "move(1)", "Cursor down", show=False, tooltip="Down", id="match.swap_down"),
    ]

    def __init__(self, candidates: tuple[Candidate, ...], *, title: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self._candidates = candidates
        self._title = title
        """What the person is chosen for, on the border (a series' crew, say)."""
        self._rows: list[tuple[str, str, tuple[Text, Text, Text]]] = []
        """(what typing matches, person id, cells) per candidate, best first: made once."""

    def compose(self) -> ComposeResult:
        with Vertical(id="swap-box"):
            yield Input(placeholder=_("Type to narrow: name or reference"), id="swap-search")
            yield DataTable[Text](id="swap-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#swap-table", DataTable)
        table.add_columns(_("Volunteer"), _("Fit"), _("Reasons"))
        if self._title:
            self.query_one("#swap-box").border_title = self._title
        self._rows = [
            (
                candidate.person.label.casefold(),
                candidate.person.id,
                (
                    cell(candidate.person.label),
                    cell(f"{candidate.fit.score:.2f}"),
                    cell(joined(candidate.fit.reasons)),
                ),
            )
            for candidate in self._candidates
        ]
        self._show("")
        self.query_one("#swap-search", Input).focus()

    @on(Input.Changed, "#swap-search")
    def narrow(self, event: Input.Changed) -> None:
        """Each letter typed shows the people whose name or reference holds the text, in
        the order they were ranked in."""
        self._show(event.value.strip().casefold())

    def _show(self, needle: str) -> None:
        table = self.query_one("#swap-table", DataTable)
        table.clear()
        for haystack, person, cells in self._rows:
            if needle in haystack:
                table.add_row(*cells, key=person)

    def action_move(self, rows: int) -> None:
        """Up and down move through the list while the letters go to the search box."""
        table = self.query_one("#swap-table", DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.cursor_row + rows, table.row_count - 1)))

    def action_choose(self) -> None:
        """Close with the person under the cursor (nothing happens while the text typed
        matches nobody: the coordinator corrects it)."""
        table = self.query_one("#swap-table", DataTable)
        if not table.row_count:
            if not self.query_one("#swap-search", Input).value.strip():
                self.dismiss(None)
            return
        self.dismiss(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_cancel(self) -> None:
        """Close without a change."""
        self.dismiss(None)

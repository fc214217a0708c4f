"""Swapping the person on one line of the whole-board draft."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

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
    ]

    def __init__(self, candidates: tuple[Candidate, ...], *, title: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self._candidates = candidates
        self._title = title
        """What the person is chosen for, on the table's border (a series' crew, say)."""

    def compose(self) -> ComposeResult:
        yield DataTable[Text](id="swap-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#swap-table", DataTable)
        table.add_columns(_("Volunteer"), _("Fit"), _("Reasons"))
        if self._title:
            table.border_title = self._title
        for candidate in self._candidates:
            table.add_row(
                cell(candidate.person.label),
                cell(f"{candidate.fit.score:.2f}"),
                cell(joined(candidate.fit.reasons)),
                key=candidate.person.id,
            )
        table.focus()

    def action_choose(self) -> None:
        """Close with the person under the cursor."""
        table = self.query_one("#swap-table", DataTable)
        if not table.row_count:
            self.dismiss(None)
            return
        self.dismiss(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_cancel(self) -> None:
        """Close without a change."""
        self.dismiss(None)

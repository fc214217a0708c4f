"""Choosing one person for a slot: swapping a line of the whole-board draft, or adding
someone to a series' standing crew.

The people are ranked once: given ranked, or ranked in a thread as the picker
opens (a series' crew at district size takes a second or two to rank, and the
picker is on screen and takes typing meanwhile). Typing narrows the list by name
or reference without ranking anyone again, so each key press only hides rows,
even with hundreds of people.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState

from taskboard.i18n import _
from taskboard.matching.reasons import joined
from taskboard.matching.suggest import Candidate
from taskboard.tui.plain import cell
from taskboard.tui.screens.popup import PopUp
from taskboard.tui.translate import translate_bindings
from taskboard.tui.workers import WorkerError

Ranking = Callable[[], tuple[Candidate, ...]]
"""Ranks the people for the slot (run in a thread)."""


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

    class Ranked(Message):
        """The thread has ranked the people."""

        def __init__(self, candidates: tuple[Candidate, ...]) -> None:
            super().__init__()
            self.candidates = candidates

    def __init__(
        self, candidates: tuple[Candidate, ...] | Ranking, *, title: str = "", nobody: str = ""
    ) -> None:
        """`candidates` ranked, or what ranks them; `nobody` is said (and the picker
        closes) when the ranking finds nobody."""
        super().__init__()
        translate_bindings(self)
        ranked = isinstance(candidates, tuple)
        self._candidates: tuple[Candidate, ...] = (
            candidates if isinstance(candidates, tuple) else ()
        )
        self._ranking: Ranking | None = None if isinstance(candidates, tuple) else candidates
        self._ranked = ranked
        self._nobody = nobody
        self._title = title
        """What the person is chosen for, on the border (a series' crew, say)."""
        self._rows: list[tuple[str, str, tuple[Text, Text, Text]]] = []
        """(what typing matches, person id, cells) per candidate, best first: made once."""

    def compose(self) -> ComposeResult:
        with Vertical(id="swap-box"):
            yield Input(placeholder=_("Type to narrow: name or reference"), id="swap-search")
            if not self._ranked:
                yield Static(_("Ranking volunteers…"), id="swap-status", markup=False)
            yield DataTable[Text](id="swap-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#swap-table", DataTable)
        table.add_columns(_("Volunteer"), _("Fit"), _("Reasons"))
        if self._title:
            self.query_one("#swap-box").border_title = self._title
        self.query_one("#swap-search", Input).focus()
        if self._ranking is not None:
            self._rank(self._ranking)
            return
        self._fill()

    @work(thread=True, exclusive=True, group="swap-rank", exit_on_error=False)
    def _rank(self, ranking: Ranking) -> None:
        self.post_message(self.Ranked(ranking()))

    @on(Ranked)
    def ranked(self, message: Ranked) -> None:
        """Show the people ranked, narrowed by what was typed meanwhile; or, when
        there is nobody, say so and close."""
        self._ranked = True
        if not message.candidates:
            self.notify(self._nobody, severity="warning")
            self.dismiss(None)
            return
        self._candidates = message.candidates
        self.query_one("#swap-status").display = False
        self._fill()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A ranking that failed is told by the App (`WorkerError`); the picker closes."""
        if event.state is WorkerState.ERROR:
            self.app.post_message(WorkerError(event.worker.error))
            self.dismiss(None)

    def _fill(self) -> None:
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
        self._show(self.query_one("#swap-search", Input).value.strip().casefold())

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
            if self._ranked and not self.query_one("#swap-search", Input).value.strip():
                self.dismiss(None)
            return
        self.dismiss(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_cancel(self) -> None:
        """Close without a change."""
        self.dismiss(None)

"""The whole-board draft: every open task proposed at once, to review and accept."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Static

from taskboard.actions import accept_proposal
from taskboard.board.edits import EditHistory
from taskboard.i18n import _, ngettext
from taskboard.matching.fit import FitContext, fit
from taskboard.matching.propose import Line, Proposal, propose
from taskboard.matching.reasons import joined
from taskboard.matching.snapshot import Snapshot
from taskboard.matching.suggest import Candidate, match_need
from taskboard.model import AssignmentState
from taskboard.store import Store, StoreError
from taskboard.tui.plain import cell
from taskboard.tui.screens.match.common import match_settings, notify_applied, record_changes
from taskboard.tui.screens.match.swap import SwapScreen
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.key_bar import KeyBar
from taskboard.tui.workers import WorkerScreen

LINE_COLUMNS = ("Ref", "Task", "Skill", "Volunteer", "Fit", "Reasons")
UNFILLED_COLUMNS = ("Ref", "Task", "Skill", "Missing", "Why")


class ProposalScreen(WorkerScreen):
    """The whole-board draft: accept all or per task, drop a line, swap a person."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back; the draft is not stored", id="match.back"),
        Binding(
            "a",
            "accept_all",
            "Accept all",
            tooltip="Store every line of the draft",
            id="match.accept_all",
        ),
        Binding(
            "t",
            "accept_task",
            "Accept task",
            tooltip="Store the lines of the task under the cursor",
            id="match.accept_task",
        ),
        Binding(
            "d,delete", "drop", "Drop", tooltip="Drop the line under the cursor", id="match.drop"
        ),
        Binding(
            "s", "swap", "Swap", tooltip="Put another eligible person in this slot", id="match.swap"
        ),
        Binding(
            "c",
            "toggle_state",
            "Proposed/confirmed",
            tooltip="Store accepted lines as proposed or as confirmed",
            id="match.state",
        ),
    ]

    @dataclass
    class Proposed(Message):
        """The worker finished the draft."""

        proposal: Proposal | None
        ctx: FitContext | None
        error: str = ""

    def __init__(self, store: Store, history: EditHistory, *, today: dt.date) -> None:
        super().__init__()
        translate_bindings(self)
        self._store = store
        self._history = history
        self._today = today
        self._proposal: Proposal | None = None
        self._ctx: FitContext | None = None
        self._draft: list[Line] = []
        self._state: str = AssignmentState.PROPOSED

    @property
    def draft(self) -> list[Line]:
        """The lines still to review."""
        return self._draft

    @property
    def proposal(self) -> Proposal | None:
        """The proposal as the solver made it (None until the worker is done)."""
        return self._proposal

    def compose(self) -> ComposeResult:
        yield Static(_("Working out a proposal for every open task…"), id="proposal-summary")
        yield Static(id="proposal-notes", markup=False)
        yield DataTable[Text](id="proposal-lines", cursor_type="row", zebra_stripes=True)
        yield Static(_("Unfilled"), id="unfilled-title", markup=False)
        yield DataTable[Text](id="proposal-unfilled", cursor_type="row")
        yield KeyBar()

    def on_mount(self) -> None:
        lines = self.query_one("#proposal-lines", DataTable)
        lines.add_columns(*(_(column) for column in LINE_COLUMNS))
        self.query_one("#proposal-unfilled", DataTable).add_columns(
            *(_(column) for column in UNFILLED_COLUMNS)
        )
        lines.focus()
        self._propose()

    @work(thread=True, exclusive=True, group="match-board", exit_on_error=False)
    def _propose(self) -> None:
        try:
            snapshot = Snapshot.from_store(self._store, self._today)
            ctx = FitContext.build(snapshot, match_settings(self))
            self.post_message(self.Proposed(propose(ctx), ctx))
        except (StoreError, ImportError) as error:
            self.post_message(self.Proposed(None, None, str(error)))

    @on(Proposed)
    def show_proposal(self, message: Proposed) -> None:
        """Show the worker's draft."""
        if message.proposal is None:
            self.notify(message.error, severity="error", title=_("Match"))
            return
        self._proposal, self._ctx = message.proposal, message.ctx
        self._draft = list(message.proposal.lines)
        self.query_one("#proposal-notes", Static).update("\n".join(message.proposal.notes))
        self._fill_unfilled(message.proposal)
        self._fill_lines()

    def _fill_lines(self) -> None:
        table = self.query_one("#proposal-lines", DataTable)
        row = table.cursor_row
        table.clear()
        for number, line in enumerate(self._draft):
            table.add_row(
                cell(line.ref),
                cell(line.title),
                cell(line.skill_label),
                cell(f"{line.name} ({line.person_ref})"),
                cell(f"{line.fit:.2f}"),
                cell(joined(line.reasons)),
                key=str(number),
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_summary()

    def _fill_unfilled(self, proposal: Proposal) -> None:
        table = self.query_one("#proposal-unfilled", DataTable)
        table.clear()
        for entry in proposal.unfilled:
            table.add_row(
                cell(entry.ref),
                cell(entry.title),
                cell(entry.skill_label),
                cell(str(entry.missing)),
                cell(entry.reason.text),
            )

    def _show_summary(self) -> None:
        proposal = self._proposal
        slots = proposal.slots if proposal else 0
        total = sum(line.fit for line in self._draft)
        lines = ngettext("{n} line", "{n} lines", len(self._draft)).format(n=len(self._draft))
        text = ngettext(
            "Draft: {lines} for {slots} open slot, total fit {fit}",
            "Draft: {lines} for {slots} open slots, total fit {fit}",
            slots,
        ).format(lines=lines, slots=slots, fit=f"{total:.2f}")
        state = _("store as {state}").format(state=_(self._state))
        self.query_one("#proposal-summary", Static).update(f"{text} · {state}")

    def _cursor_line(self) -> int | None:
        table = self.query_one("#proposal-lines", DataTable)
        return table.cursor_row if table.row_count else None

    def action_accept_all(self) -> None:
        """Store every line still in the draft."""
        self._accept(None)

    def action_accept_task(self) -> None:
        """Store the lines of the task under the cursor."""
        current = self._cursor_line()
        if current is None:
            return
        self._accept(self._draft[current].task)

    def _accept(self, task: str | None) -> None:
        lines = [line for line in self._draft if task is None or line.task == task]
        if not lines:
            self.notify(_("Nothing to accept"), severity="warning")
            return
        try:
            applied = accept_proposal(
                self._store,
                [line.placement for line in self._draft],
                task=task,
                state=self._state,
                today=self._today,
                settings=match_settings(self),
            )
        except StoreError as error:
            self.notify(str(error), severity="error", title=_("Not stored"))
            return
        record_changes(self._history, applied)
        notify_applied(self, applied, self._state)
        stored = {(p.task, p.skill, p.person) for p in (line.placement for line in lines)}
        stored -= {(p.task, p.skill, p.person) for p, _why in applied.skipped}
        self._draft = [
            line for line in self._draft if (line.task, line.skill, line.person) not in stored
        ]
        self._fill_lines()

    def action_drop(self) -> None:
        """Take the line under the cursor out of the draft."""
        current = self._cursor_line()
        if current is not None:
            del self._draft[current]
            self._fill_lines()

    def action_swap(self) -> None:
        """Offer the other eligible people for this slot, judged beside the rest of the draft."""
        current = self._cursor_line()
        if current is None or self._ctx is None:
            return
        candidates = self._alternatives(current)
        if not candidates:
            self.notify(_("No one else is eligible for this slot."), severity="warning")
            return

        def replace(person_id: str | None) -> None:
            if person_id is not None:
                self._swap(current, person_id)

        self.app.push_screen(SwapScreen(candidates), replace)

    def _alternatives(self, position: int) -> tuple[Candidate, ...]:
        assert self._ctx is not None
        snapshot = self._ctx.snapshot
        line = self._draft[position]
        bookings = snapshot.bookings.copy()
        taken = {line.person}
        for number, other in enumerate(self._draft):
            if number == position:
                continue
            bookings.add(other.person, snapshot.job(other.task))
            if other.task == line.task:
                taken.add(other.person)
        job = snapshot.job(line.task)
        need = job.need(line.skill)
        if need is None:
            return ()
        return match_need(self._ctx, job, need, bookings=bookings, taken=taken).candidates

    def _swap(self, position: int, person_id: str) -> None:
        assert self._ctx is not None
        snapshot = self._ctx.snapshot
        line = self._draft[position]
        person = snapshot.by_id[person_id]
        job = snapshot.job(line.task)
        need = job.need(line.skill)
        assert need is not None
        found = fit(person, job, need, self._ctx)
        self._draft[position] = Line(
            task=line.task,
            ref=line.ref,
            title=line.title,
            skill=line.skill,
            skill_label=line.skill_label,
            person=person.id,
            person_ref=person.ref,
            name=person.name,
            fit=found.score,
            reasons=found.reasons,
        )
        self._fill_lines()

    def action_toggle_state(self) -> None:
        """Switch between storing accepted lines as proposed and as confirmed."""
        confirmed = self._state == AssignmentState.CONFIRMED
        self._state = AssignmentState.PROPOSED if confirmed else AssignmentState.CONFIRMED
        self._show_summary()

    def action_back(self) -> None:
        """Leave; lines not accepted are not stored."""
        self.dismiss(None)

"""Matching on screen: candidates for one task, and the whole-board draft to review.

Both screens compute in a thread worker (a district's roster takes a few
hundred milliseconds to read, the whole-board solver loads SciPy) and fill
their tables when the worker posts its result. Nothing is stored until the
coordinator confirms. Storing goes through `taskboard.actions` — the same
functions the CLI calls — and each action is one step of the board's undo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from taskboard.actions import Applied, accept_proposal, set_state, store_picks, unassign
from taskboard.board.edits import EditHistory
from taskboard.i18n import _
from taskboard.matching.fit import FitContext, fit
from taskboard.matching.propose import Line, Proposal, propose
from taskboard.matching.reasons import joined, when_text
from taskboard.matching.rules import Placement
from taskboard.matching.snapshot import Snapshot
from taskboard.matching.suggest import Candidate, NeedMatch, TaskMatch, match_need, suggest
from taskboard.model import AssignmentState
from taskboard.settings import MatchSettings
from taskboard.store import Store, StoreError
from taskboard.tui.plain import cell
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.key_bar import KeyBar
from taskboard.tui.workers import WorkerScreen

PICKED = "✓"
ASSIGNED = "●"
CANDIDATE_COLUMNS = ("", "Skill", "Volunteer", "Fit", "Reasons")
LINE_COLUMNS = ("Ref", "Task", "Skill", "Volunteer", "Fit", "Reasons")
UNFILLED_COLUMNS = ("Ref", "Task", "Skill", "Missing", "Why")


def record_changes(history: EditHistory, applied: Applied) -> None:
    """Put what the action stored on the undo stack as one step (one undo takes it all back)."""
    if applied.edit is not None:
        history.record(applied.edit)


def match_settings(screen: Screen[None]) -> MatchSettings:
    """The app's matching settings (defaults in a host app without settings)."""
    settings = getattr(screen.app, "settings", None)
    found = getattr(settings, "match", None)
    return found if isinstance(found, MatchSettings) else MatchSettings()


# One task ---------------------------------------------------------------------------------------
@dataclass
class Picks:
    """Who the coordinator has picked, per needed skill, in pick order."""

    by_skill: dict[str, list[str]] = field(default_factory=dict)

    def holds(self, person_id: str) -> str | None:
        """The skill `person_id` is picked for, if any."""
        return next((s for s, people in self.by_skill.items() if person_id in people), None)

    def toggle(self, skill: str, person_id: str) -> bool:
        """Pick or unpick; True when now picked."""
        people = self.by_skill.setdefault(skill, [])
        if person_id in people:
            people.remove(person_id)
            return False
        people.append(person_id)
        return True

    def placements(self, task_id: str) -> list[Placement]:
        """The picks as placements to store."""
        return [
            Placement(task_id, skill, person)
            for skill, people in self.by_skill.items()
            for person in people
        ]


class MatchScreen(WorkerScreen):
    """Ranked candidates for each needed skill of one task; pick, then confirm. The people
    already on the task are listed below them, to confirm, decline, mark done or no-show,
    or take off."""

    DEFAULT_CSS = """
    MatchScreen #match-title {
        text-style: bold;
        padding: 0 1;
    }
    MatchScreen #match-status {
        color: $text-muted;
        padding: 0 1;
    }
    MatchScreen DataTable {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back without storing anything", id="match.back"),
        Binding(
            "space",
            "pick",
            "Pick",
            tooltip="Pick or unpick the volunteer under the cursor",
            id="match.pick",
        ),
        Binding(
            "enter,ctrl+s",
            "confirm",
            "Confirm",
            tooltip="Store the picked volunteers",
            id="match.confirm",
            priority=True,
        ),
        Binding(
            "i",
            "toggle_ineligible",
            "Why not",
            tooltip="Show or hide who may not, and why",
            id="match.why_not",
        ),
        Binding(
            "c",
            "toggle_state",
            "Proposed/confirmed",
            tooltip="Store picks as proposed or as confirmed",
            id="match.state",
        ),
        Binding(
            "y",
            "set_state('confirmed')",
            "Confirmed",
            tooltip="The assigned person under the cursor said yes",
            id="match.confirmed",
        ),
        Binding(
            "x",
            "set_state('declined')",
            "Declined",
            tooltip="The assigned person under the cursor declined: offer the slot to the next",
            id="match.declined",
        ),
        Binding(
            "g",
            "set_state('done')",
            "Done",
            tooltip="The assigned person under the cursor did the work",
            id="match.done",
        ),
        Binding(
            "n",
            "set_state('no_show')",
            "No-show",
            tooltip="The assigned person under the cursor did not come",
            id="match.no_show",
        ),
        Binding(
            "delete",
            "unassign",
            "Unassign",
            tooltip="Take the assigned person under the cursor off the task",
            id="match.unassign",
        ),
    ]

    @dataclass
    class Ranked(Message):
        """The worker ranked the task's candidates."""

        found: TaskMatch | None
        error: str = ""

    def __init__(self, store: Store, task_id: str, history: EditHistory, *, today: dt.date) -> None:
        super().__init__()
        translate_bindings(self)
        self._store = store
        self._task_id = task_id
        self._history = history
        self._today = today
        self._found: TaskMatch | None = None
        self._picks = Picks()
        self._show_ineligible = False
        self._state: str = AssignmentState.PROPOSED

    @property
    def found(self) -> TaskMatch | None:
        """The latest ranking (None until the worker is done)."""
        return self._found

    @property
    def picks(self) -> Picks:
        """The volunteers picked so far."""
        return self._picks

    def compose(self) -> ComposeResult:
        yield Static(id="match-title", markup=False)
        yield Static(_("Ranking volunteers…"), id="match-status", markup=False)
        yield DataTable[Text](id="match-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#match-table", DataTable)
        table.add_columns(*(_(column) for column in CANDIDATE_COLUMNS))
        table.focus()
        self.reload()

    def reload(self) -> None:
        """Rank again from the store (after a save elsewhere), keeping the picks."""
        self._rank()

    @work(thread=True, exclusive=True, group="match-task", exit_on_error=False)
    def _rank(self) -> None:
        try:
            snapshot = Snapshot.from_store(self._store, self._today)
            ctx = FitContext.build(snapshot, match_settings(self))
            self.post_message(self.Ranked(suggest(ctx, self._task_id, why_not=True)))
        except (StoreError, KeyError) as error:
            self.post_message(self.Ranked(None, str(error) or _("the task is gone")))

    @on(Ranked)
    def show_ranking(self, message: Ranked) -> None:
        """Fill the table with the worker's ranking."""
        if message.found is None:
            self.notify(message.error, severity="error", title=_("Match"))
            return
        self._found = message.found
        job, timing = message.found.job, message.found.job.timing
        when = when_text(timing.start, timing.end, timing.due)
        self.query_one("#match-title", Static).update(f"{job.ref}  {job.title} · {when}")
        self._fill()

    def _fill(self) -> None:
        table = self.query_one("#match-table", DataTable)
        row = table.cursor_row
        table.clear()
        for match in self._found.needs if self._found else ():
            self._add_need(table, match)
        self._add_assigned(table)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_status()

    def _add_assigned(self, table: DataTable[Text]) -> None:
        """The people on the task now, with their state (y, x, g, n and delete act on them)."""
        labels = {m.need.skill: m.label for m in self._found.needs} if self._found else {}
        for doc in self._store.assignments_of_task(self._task_id):
            person = self._store.doc("volunteers", doc["volunteer"]) or {}
            table.add_row(
                cell(ASSIGNED, "bold"),
                cell(labels.get(doc["skill"], doc["skill"])),
                cell(f"{person.get('name', '?')} ({person.get('ref', '?')})"),
                cell("–"),
                cell(_("on this task: {state}").format(state=_(doc["state"]))),
                key=f"on|{doc['skill']}|{doc['volunteer']}",
            )

    def _add_need(self, table: DataTable[Text], match: NeedMatch) -> None:
        picked = self._picks.by_skill.get(match.need.skill, [])
        for candidate in match.candidates:
            person = candidate.person
            table.add_row(
                cell(PICKED if person.id in picked else ""),
                cell(match.label),
                cell(person.label),
                cell(f"{candidate.fit.score:.2f}"),
                cell(joined(candidate.fit.reasons)),
                key=f"ok|{match.need.skill}|{person.id}",
            )
        if self._show_ineligible:
            for refused in match.ineligible:
                table.add_row(
                    cell("✗", "dim"),
                    cell(match.label, "dim"),
                    cell(refused.person.label, "dim"),
                    cell("–", "dim"),
                    cell(joined(refused.reasons), "dim"),
                    key=f"no|{match.need.skill}|{refused.person.id}",
                )

    def _show_status(self) -> None:
        parts = []
        for match in self._found.needs if self._found else ():
            picked = len(self._picks.by_skill.get(match.need.skill, []))
            parts.append(
                _("{skill} {filled}/{count}, picked {picked}").format(
                    skill=match.label, filled=match.filled, count=match.need.count, picked=picked
                )
            )
        state = _("store as {state}").format(state=_(self._state))
        self.query_one("#match-status", Static).update(" · ".join([*parts, state]))

    def _row_key(self) -> tuple[str, str, str] | None:
        table = self.query_one("#match-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        kind, skill, person = key.split("|", 2)
        return kind, skill, person

    def action_pick(self) -> None:
        """Pick or unpick the volunteer under the cursor (eligible ones, up to the open slots)."""
        found = self._row_key()
        if found is None or self._found is None:
            return
        kind, skill, person = found
        if kind == "on":
            self.notify(_("Already on this task"), severity="warning")
            return
        if kind != "ok":
            self.notify(_("Not eligible: see the reasons"), severity="warning")
            return
        problem = self._pick_problem(skill, person)
        if problem:
            self.notify(problem, severity="warning")
            return
        self._picks.toggle(skill, person)
        self._fill()

    def _pick_problem(self, skill: str, person: str) -> str:
        already = self._picks.holds(person)
        if already is not None and already != skill:
            return _("Already picked for {skill}: one slot per person").format(skill=already)
        match = next(m for m in self._found.needs if m.need.skill == skill) if self._found else None
        picked = self._picks.by_skill.get(skill, [])
        if match is not None and person not in picked and len(picked) >= match.open:
            return _("All {n} open {skill} slots are picked").format(
                n=match.open, skill=match.label
            )
        return ""

    def action_toggle_ineligible(self) -> None:
        """Show or hide the volunteers who may not take a slot, with why not."""
        self._show_ineligible = not self._show_ineligible
        self._fill()

    def action_toggle_state(self) -> None:
        """Switch between storing the picks as proposed and as confirmed."""
        confirmed = self._state == AssignmentState.CONFIRMED
        self._state = AssignmentState.PROPOSED if confirmed else AssignmentState.CONFIRMED
        self._show_status()

    def action_confirm(self) -> None:
        """Store the picks (rules checked again), record them for undo, and go back."""
        placements = self._picks.placements(self._task_id)
        if not placements:
            self.notify(_("Pick someone first (space)"), severity="warning")
            return
        try:
            applied = store_picks(
                self._store,
                placements,
                state=self._state,
                today=self._today,
                settings=match_settings(self),
            )
        except StoreError as error:
            self.notify(str(error), severity="error", title=_("Not stored"))
            return
        record_changes(self._history, applied)
        notify_applied(self, applied, self._state)
        self.dismiss(None)

    def _assigned(self) -> tuple[str, str] | None:
        """(skill, person id) of the assigned person under the cursor, if it is one."""
        found = self._row_key()
        if found is None or found[0] != "on":
            self.notify(_("Put the cursor on someone assigned to this task"), severity="warning")
            return None
        return found[1], found[2]

    def action_set_state(self, state: str) -> None:
        """Move the assignment under the cursor along (a decline offers the slot to the next)."""
        found = self._assigned()
        if found is None:
            return
        skill, person = found
        try:
            applied = set_state(
                self._store,
                self._task_id,
                person,
                state,
                skill=skill,
                today=self._today,
                settings=match_settings(self),
            )
        except StoreError as error:
            self.notify(str(error), severity="error", title=_("Not stored"))
            return
        self._stored(applied)

    def action_unassign(self) -> None:
        """Take the assigned person under the cursor off the task; undo brings them back."""
        found = self._assigned()
        if found is None:
            return
        skill, person = found
        try:
            applied = unassign(
                self._store, self._task_id, person, skill=skill, settings=match_settings(self)
            )
        except StoreError as error:
            self.notify(str(error), severity="error", title=_("Not stored"))
            return
        self._stored(applied)

    def _stored(self, applied: Applied) -> None:
        """Remember the change for undo, say what happened, and rank again."""
        record_changes(self._history, applied)
        lines = [applied.label]
        if applied.state == AssignmentState.DECLINED:
            offered = applied.offered
            lines.append(
                _("Offered the slot to {name}").format(name=offered.person.label)
                if offered
                else _("No one else is eligible for this slot.")
            )
        if applied.staffed:
            lines.append(_("Now staffed: {refs}").format(refs=", ".join(applied.staffed)))
        if applied.reopened:
            lines.append(_("Open again: {refs}").format(refs=", ".join(applied.reopened)))
        self.notify("\n".join(lines), title=_("Match"))
        self._fill()
        self._rank()

    def action_back(self) -> None:
        """Leave without storing anything."""
        self.dismiss(None)


def notify_applied(screen: Screen[None], applied: Applied, state: str) -> None:
    """Say what was stored, what was skipped and which tasks changed column."""
    lines = [
        _("Stored {n} assignments as {state}.").format(n=len(applied.assignments), state=_(state))
    ]
    lines += [f"{p.skill}: {why.text}" for p, why in applied.skipped]
    if applied.staffed:
        lines.append(_("Now staffed: {refs}").format(refs=", ".join(applied.staffed)))
    if applied.reopened:
        lines.append(_("Open again: {refs}").format(refs=", ".join(applied.reopened)))
    severity: SeverityLevel = "warning" if applied.skipped else "information"
    screen.notify("\n".join(lines), severity=severity, title=_("Match"))


# Swapping one line -------------------------------------------------------------------------------
class SwapScreen(ModalScreen[str | None]):
    """Other eligible people for one slot of the draft; dismisses with a person id, or None."""

    DEFAULT_CSS = """
    SwapScreen {
        align: center middle;
    }
    SwapScreen > DataTable {
        width: 90%;
        height: 70%;
        border: thick $primary;
        background: $surface;
    }
    """

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

    def __init__(self, candidates: tuple[Candidate, ...]) -> None:
        super().__init__()
        translate_bindings(self)
        self._candidates = candidates

    def compose(self) -> ComposeResult:
        yield DataTable[Text](id="swap-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#swap-table", DataTable)
        table.add_columns(_("Volunteer"), _("Fit"), _("Reasons"))
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


# The whole board --------------------------------------------------------------------------------
class ProposalScreen(WorkerScreen):
    """The whole-board draft: accept all or per task, drop a line, swap a person."""

    DEFAULT_CSS = """
    ProposalScreen #proposal-summary {
        text-style: bold;
        padding: 0 1;
    }
    ProposalScreen #proposal-notes, ProposalScreen #unfilled-title {
        color: $text-muted;
        padding: 0 1;
    }
    ProposalScreen #proposal-lines {
        height: 2fr;
    }
    ProposalScreen #proposal-unfilled {
        height: 1fr;
    }
    """

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
        text = _("Draft: {lines} lines for {slots} open slots, total fit {fit}").format(
            lines=len(self._draft), slots=slots, fit=f"{total:.2f}"
        )
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

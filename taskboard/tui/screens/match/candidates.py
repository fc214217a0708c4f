"""Ranked candidates for one task, and the people already on it."""

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

from taskboard.actions import Applied, set_state, store_picks, unassign
from taskboard.board.edits import EditHistory
from taskboard.i18n import _, ngettext
from taskboard.matching.fit import FitContext
from taskboard.matching.reasons import joined, when_text
from taskboard.matching.snapshot import Snapshot
from taskboard.matching.suggest import NeedMatch, TaskMatch, suggest
from taskboard.model import AssignmentState
from taskboard.store import Store, StoreError
from taskboard.tui.plain import cell
from taskboard.tui.screens.match.common import match_settings, notify_applied, record_changes
from taskboard.tui.screens.match.picks import Picks
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.key_bar import KeyBar
from taskboard.tui.workers import WorkerScreen

PICKED = "✓"
ASSIGNED = "●"
CANDIDATE_COLUMNS = ("", "Skill", "Volunteer", "Fit", "Reasons")


class MatchScreen(WorkerScreen):
    """Ranked candidates for each needed skill of one task; pick, then confirm. The people
    already on the task are listed below them, to confirm, decline, mark done or no-show,
    or take off."""

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
            person = self._store.volunteers.get(doc["volunteer"]) or {}
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
            return ngettext(
                "The {n} open {skill} slot is picked",
                "All {n} open {skill} slots are picked",
                match.open,
            ).format(n=match.open, skill=match.label)
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

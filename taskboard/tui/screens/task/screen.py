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
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import ScreenResume
from textual.screen import Screen

from taskboard.actions.campaigns import (
    HouseholdsLeft,
    campaign_of_task,
    close_campaign,
    evening_of,
    next_round,
    next_round_day,
)
from taskboard.actions.checklist import add_item, check_item, set_note
from taskboard.actions.fields import changed_fields
from taskboard.actions.tasks import edit_task, set_leader
from taskboard.board.edits import Edit, EditHistory
from taskboard.i18n import _, language, ngettext
from taskboard.model import Task
from taskboard.model.rules import on_crew
from taskboard.model.task import EDITABLE_FIELDS
from taskboard.settings import CampaignSettings
from taskboard.store import Store, StoreError
from taskboard.store.records import DELETED
from taskboard.store.tables import Table
from taskboard.tui.screens.confirm import Confirm
from taskboard.tui.screens.task.checklist import (
    CHECKLIST_COLUMNS,
    ChecklistTable,
    ItemNote,
    NewChecklistItem,
)
from taskboard.tui.screens.task.fields import task_summary
from taskboard.tui.screens.task.lookups import lookups
from taskboard.tui.screens.task.records import task_records
from taskboard.tui.screens.task.series import (
    crew_names,
    next_open,
    series_of,
    series_part,
    until_of,
    until_refused,
)
from taskboard.tui.screens.task.text import TaskBody, TaskText
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from textual.app import App

    from taskboard.actions.series import Made
    from taskboard.matching.suggest import Candidate
    from taskboard.model import Series
    from taskboard.tui.screens.hours_form import HoursToLog

SERIES_ACTIONS = frozenset({"add_to_crew", "remove_from_crew", "stop_series", "series_until"})
"""Keys that act on the series of an occurrence (shown on occurrences only)."""

NO_LEADER = "-"
"""The choice that clears the crew leader (no volunteer id is `-`)."""

KEPT_SCREEN = "taskboard-task"
"""The name the task screen is kept under between opens."""


class TaskScreen(Screen[None]):
    """Every field of one task, its checklist, assignments and history.

    Everything that is only read — the title, the fields, the description, the
    assignments and the history — is text in two `TaskText` widgets, one above
    the checklist and one below it; only the checklist is a widget of its own,
    since its keys act on the item under the cursor. A handful of widgets mount
    and style in a few milliseconds, where one widget per field and per table
    took most of the time it used to take to open a task.
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
        Binding("L", "set_leader", "Leader", tooltip="Choose who leads the crew", id="task.leader"),
        Binding(
            "R",
            "next_round",
            "Next round",
            tooltip="Close this round; households left go to an evening round",
            id="task.next_round",
        ),
        Binding(
            "C",
            "close_campaign",
            "Close campaign",
            tooltip="Close the campaign this round belongs to",
            id="task.close_campaign",
        ),
        Binding(
            "c",
            "add_to_crew",
            "Add to crew",
            tooltip="Add a volunteer to the standing crew, proposed for each occurrence to come",
            id="task.crew_add",
        ),
        Binding(
            "X",
            "remove_from_crew",
            "Leave crew",
            tooltip="Take a volunteer out of the series' standing crew",
            id="task.crew_remove",
        ),
        Binding(
            "T",
            "stop_series",
            "Stop series",
            tooltip="End the series on a day; later occurrences still to come are cancelled",
            id="task.stop_series",
        ),
        Binding(
            "D",
            "series_until",
            "Last day",
            tooltip="Change the series' last day: later makes occurrences, earlier cancels them",
            id="task.series_until",
        ),
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
        self._styled_for: tuple[int, bool] | None = None
        self._drawn_for: tuple[object, ...] | None = None

    def show_task(self, task_id: str) -> None:
        """Point this screen at another task: the screen is kept between opens
        (see `open_task_screen`), so it starts again at the top of the new task."""
        self._current = self._store.task(task_id)
        self._removed = False
        if self.is_mounted:
            self.query_one("#checklist", ChecklistTable).move_cursor(row=0, animate=False)
            body = self.query_one("#task-body", VerticalScroll)
            body.scroll_home(animate=False, immediate=True, force=True)  # in the same frame
            self._restyle_if_stale()
            self._show()
            self._draw_keys()

    def shows(self, store: Store, history: EditHistory, today: dt.date) -> bool:
        """True when this screen can be kept for a task of `store`, undone in `history`."""
        return self._store is store and self._history is history and self._today == today

    @property
    def shown_task(self) -> Task:
        """The task as last read from the store."""
        return self._current

    # Layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with TaskBody(id="task-body"):
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
        self._drawn_for = None
        self._show_text()

    def refresh_bindings(self) -> None:
        """Tell the key bar the keys changed, unless they are the ones it already shows.

        Opening the screen and focusing the checklist ask again once the task is
        drawn, mostly with the keys the bar shows; redrawing it for that would cost
        opening the task one more frame. The bar redraws only on the top screen
        (`KeyBar`), so below another one the keys it shows are left as they were.
        """
        if self.app.screen is not self:
            super().refresh_bindings()
            return
        keys = self._keys()
        if keys != self._shown_keys:
            self._shown_keys = keys
            super().refresh_bindings()

    def _keys(self) -> tuple[tuple[object, ...], ...]:
        return tuple(
            (key, active.node, active.binding, active.enabled)
            for key, active in self.active_bindings.items()
        )

    def _draw_keys(self) -> None:
        """Have the key bar show the new task's keys before the screen opens.

        A campaign round or an occurrence of a series has keys a plain task has
        not; drawn now, the bar is ready with the rest of the screen, instead of
        being drawn again a frame after the task is on screen.
        """
        keys = self._keys()
        if keys != self._shown_keys:
            self._shown_keys = keys
            self.query_one(KeyBar).refresh()

    # Showing -----------------------------------------------------------------------------
    def _show(self) -> None:
        """Put the current task, its checklist, assignments and history on screen.

        Opening again the task shown last, with nothing changed in the data since,
        keeps what is drawn: no text to build, nothing to lay out or draw again.
        """
        drawn_for = self._drawn_key()
        if drawn_for == self._drawn_for:
            return
        self._drawn_for = drawn_for
        self._show_text()
        self._show_checklist()
        self.query_one("#task-body", TaskBody).expect_scrollbar()

    def _drawn_key(self) -> tuple[object, ...]:
        """All that the screen's text and checklist are drawn from: the task, every
        table's revision (names, skills, history…), the day, the language, the styles."""
        store = self._store
        revisions = tuple(store.revision(table) for table in Table)
        return (self._current.id, revisions, self._today, language(), self._styles_stamp())

    def _show_text(self) -> None:
        """Redraw the read-only parts: one update of each `TaskText`, so one layout."""
        labels = self._skill_labels()
        assignments = lookups(self._store).assignments(self._store, self._current.id)
        summary = task_summary(
            self._store,
            self._current,
            self._today,
            labels,
            assignments,
            name_style=self._style("field-name"),
            overdue_style=self._style("overdue"),
        )
        self.query_one("#task-summary", TaskText).show(summary)
        records: RenderableType = task_records(self._store, self._current.id, labels, assignments)
        series = series_of(self._store, self._current)
        if series is not None:
            part = series_part(self._store, series, self._current, self._today, labels)
            records = Group(part, records)
        self.query_one("#task-records", TaskText).show(records)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"task-screen--{name}")

    def _skill_labels(self) -> dict[str, str]:
        lang = language()
        return {key: skill.label(lang) for key, skill in self._store.skills.models().items()}

    def _show_checklist(self) -> None:
        self.query_one("#checklist", ChecklistTable).show(self._current.checklist)

    # Keeping up with the store -----------------------------------------------------------
    def reload(self) -> None:
        """Read the task again after the data file changed elsewhere (live reload).

        A task removed meanwhile cannot be shown: the screen says so and closes,
        at once or, when a form is open on top of it, as soon as that closes.
        """
        doc = self._store.tasks.get(self._current.id)
        if doc is None or doc.get(DELETED):
            self._leave_removed()
            return
        self._current = self._store.tasks.model(doc)
        self._show()

    def _leave_removed(self) -> None:
        if not self._removed:
            self.notify(
                _("Task {ref} was removed.").format(ref=self._current.ref), severity="warning"
            )
        self._removed = True
        if self.is_active:
            self.dismiss(None)

    def on_screen_resume(self, event: ScreenResume) -> None:
        """Close on return from a form when the task was removed meanwhile.

        Textual styles every widget of a screen again each time it comes back on
        top; for the kept task screen nothing has changed unless the app's styles
        have (another theme) or the terminal's focus has since it was last styled.
        Styling it again cost time and redrew the checklist a frame after the
        task was on screen, so it is done only then.
        """
        if self._removed:
            self.dismiss(None)
            return
        if self._styled_for == self._styles_stamp():
            event.refresh_styles = False
        self._styled_for = self._styles_stamp()

    def _styles_stamp(self) -> tuple[int, bool]:
        """What the screen's styles depend on beyond its own widgets: the app's
        stylesheet (Textual counts its changes) and whether the terminal has focus."""
        return (self.app._css_update_count, self.app.app_focus)

    def _restyle_if_stale(self) -> None:
        """Style the kept screen again if the theme changed while it was closed.

        Textual restyles only the screens open at the time; done before the task is
        drawn, its text takes the new theme's colours too, not only its widgets.
        """
        if self._styled_for != self._styles_stamp():
            self._styled_for = self._styles_stamp()
            self.update_node_styles(animate=False)

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
            if edit.parts or edit.after != edit.before:
                self._history.record(edit)
        self.reload()

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
        self.app.push_screen(
            form, lambda edited: self._save_form_changes(shown, edited, following=form.following)
        )

    def _save_form_changes(self, shown: Task, edited: Task | None, *, following: bool) -> None:
        """Save the fields the form changed, made against the task it showed; on the later
        occurrences of its series too when the form was told so (`task edit --following`)."""
        from taskboard.actions.series import edit_following

        changes = changed_fields(shown, edited, EDITABLE_FIELDS) if edited else {}
        if changes and following:
            self._series_change(lambda: edit_following(self._store, shown.id, lambda _t: changes))
        elif changes:
            self._change(lambda: edit_task(self._store, shown.id, changes, base=shown))

    @on(ChecklistTable.StateChosen)
    def set_item_state(self, event: ChecklistTable.StateChosen) -> None:
        """Set one checklist item's state as `task check` would."""
        items = self._current.checklist
        if not 0 <= event.index < len(items):
            return
        item_id = items[event.index].id
        self._change(
            lambda: check_item(self._store, self._current.id, item_id, event.state, on=self._today)
        )

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The campaign keys only on a round of an open campaign, the series keys only on
        an occurrence of a live series."""
        if action in ("next_round", "close_campaign"):
            campaign = campaign_of_task(self._store, self._current.id)
            return campaign is not None and not campaign.closed
        if action in SERIES_ACTIONS:
            return series_of(self._store, self._current) is not None
        return True

    # The series of an occurrence (`taskboard series crew/stop`) ---------------------------
    def palette_commands(self) -> list[tuple[str, Callable[[], object], str]]:
        """The series' commands for the palette (ctrl+p), on an occurrence only."""
        if series_of(self._store, self._current) is None:
            return []
        return [
            (
                _("series: add to the standing crew"),
                self.action_add_to_crew,
                _("Proposed for each occurrence to come"),
            ),
            (
                _("series: remove from the standing crew"),
                self.action_remove_from_crew,
                _("Assignments already made stay"),
            ),
            (
                _("series: stop on a day"),
                self.action_stop_series,
                _("Occurrences after it still to come are cancelled"),
            ),
            (
                _("series: change the last day"),
                self.action_series_until,
                _("Later makes the occurrences; earlier cancels those after it"),
            ),
        ]

    def _series_change(self, action: Callable[[], Made]) -> None:
        """Run one series action; its `Made` is one undo; say what it did and skipped."""
        if self._removed:
            return
        try:
            made = action()
        except StoreError as error:
            self.notify(str(error), title=_("error"), severity="error")
            return
        self._made(made)

    def _made(self, made: Made) -> None:
        """Remember a series action as one undo; say what it did and skipped."""
        if made.edit is not None:
            self._history.record(made.edit)
        self.notify("\n".join(made.lines()))
        self.reload()

    def action_add_to_crew(self) -> None:
        """Pick the slot (when the occurrence has several) and then the person."""
        from taskboard.tui.screens.suggestions.form import Ask

        series = series_of(self._store, self._current)
        if series is None:
            return
        skills = [need.skill for need in self._current.needs]
        if not skills:
            self.notify(_("{ref} needs nobody: no slot for a crew").format(ref=self._current.ref))
            return
        if len(skills) == 1:
            self._pick_crew(series.id, skills[0])
            return
        labels = self._skill_labels()
        choices = [(labels.get(skill, skill), skill) for skill in skills]
        question = _("Which slot does the new crew member of {ref} fill?").format(ref=series.ref)
        self.app.push_screen(
            Ask(question, choices=choices),
            lambda skill: self._pick_crew(series.id, skill) if skill else None,
        )

    def _pick_crew(self, series_id: str, skill: str) -> None:
        """Eligible people for the slot at the next occurrence to come, best fit first, as
        the match screen ranks them; the one chosen joins the crew (`series crew add`).

        The picker opens at once and ranks in a thread (a second or two at district
        size): the snapshot of everyone's work and the fit of each person."""
        from taskboard.actions.series import add_crew
        from taskboard.tui.screens.match.common import match_settings
        from taskboard.tui.screens.match.swap import SwapScreen

        store, today, settings = self._store, self._today, match_settings(self)
        series = store.series.load(series_id)
        occurrence = next_open(store, series, self._current, today)
        crew = {volunteer for volunteer, held in series.crew_members() if held == skill}

        def rank() -> tuple[Candidate, ...]:
            from taskboard.matching.fit import FitContext
            from taskboard.matching.snapshot import Snapshot
            from taskboard.matching.suggest import match_need

            snapshot = Snapshot.from_store(store, today)
            job = snapshot.job(occurrence)
            need = job.need(skill)
            ctx = FitContext.build(snapshot, settings)
            return match_need(ctx, job, need, taken=crew).candidates if need else ()

        label = self._skill_labels().get(skill, skill)
        ref = store.task(occurrence).ref
        title = _("Standing crew of {ref}: {skill}").format(ref=series.ref, skill=label)
        nobody = _("Nobody else can take {skill} on {ref}").format(skill=label, ref=ref)

        def chosen(person: str | None) -> None:
            if person:
                self._series_change(
                    lambda: add_crew(self._store, series_id, person, skill, today=self._today)
                )

        self.app.push_screen(SwapScreen(rank, title=title, nobody=nobody), chosen)

    def action_set_leader(self) -> None:
        """Choose the crew leader among the people on the crew, or none (`--leader`)."""
        from taskboard.tui.screens.suggestions.form import Ask

        crew = self._crew_choices()
        if not crew:
            self.notify(
                _("Nobody is on the crew of {ref} yet: assign someone first").format(
                    ref=self._current.ref
                )
            )
            return
        current = self._current.leader
        choices = sorted(crew, key=lambda choice: choice[1] != current)  # the leader first
        if current:
            choices.append((_("No crew leader"), NO_LEADER))
        question = _("Who leads the crew of {ref}?").format(ref=self._current.ref)

        def chosen(volunteer: str | None) -> None:
            if volunteer:
                leader = None if volunteer == NO_LEADER else volunteer
                task_id = self._current.id
                self._change(lambda: set_leader(self._store, task_id, leader))

        self.app.push_screen(Ask(question, choices=choices), chosen)

    def _crew_choices(self) -> list[tuple[str, str]]:
        """(`李建国 (funing-v1) · welding`, volunteer id) of each person on the crew."""
        labels = self._skill_labels()
        seen: dict[str, tuple[str, str]] = {}
        for doc in lookups(self._store).assignments(self._store, self._current.id):
            person = self._store.volunteers.get(doc["volunteer"])
            if person is None or person.get(DELETED) or not on_crew([doc["state"]]):
                continue
            skill = labels.get(doc["skill"], doc["skill"])
            label = f"{person['name']} ({person['ref']}) · {skill}"
            seen.setdefault(person["id"], (label, person["id"]))
        return list(seen.values())

    def action_remove_from_crew(self) -> None:
        """Choose a member of the standing crew to take out (their assignments stay)."""
        from taskboard.actions.series import remove_crew
        from taskboard.tui.screens.suggestions.form import Ask

        series = series_of(self._store, self._current)
        if series is None:
            return
        members = crew_names(self._store, series, self._skill_labels())
        if not members:
            self.notify(_("{ref} has no standing crew yet").format(ref=series.ref))
            return
        choices = [(name, volunteer) for volunteer, name in members]
        question = _("Who leaves the standing crew of {ref}?").format(ref=series.ref)

        def chosen(volunteer: str | None) -> None:
            if volunteer:
                self._series_change(lambda: remove_crew(self._store, series.id, volunteer))

        self.app.push_screen(Ask(question, choices=choices), chosen)

    def action_stop_series(self) -> None:
        """Ask for the series' last day; later occurrences not done are removed."""
        from taskboard.tui.screens.task_form.text import DATE_SHAPE

        series = series_of(self._store, self._current)
        if series is not None:
            question = _(
                "Last day of {ref} ({shape}); occurrences after it still to come are cancelled"
            ).format(ref=series.ref, shape=DATE_SHAPE)
            self._ask_until(series, question, "")

    def action_series_until(self) -> None:
        """Ask for a new last day of the series, starting from the one it has."""
        from taskboard.tui.screens.task_form.text import DATE_SHAPE

        series = series_of(self._store, self._current)
        if series is not None:
            question = _(
                "New last day of {ref} ({shape}): later makes the occurrences, "
                "earlier cancels those after it"
            ).format(ref=series.ref, shape=DATE_SHAPE)
            self._ask_until(series, question, str(series.until or ""))

    def _ask_until(self, series: Series, question: str, value: str) -> None:
        """The last-day prompt of `T` and `D`: checked as `series until` checks it, the
        reason shown under the field; cancelling confirmed occurrences asks first."""
        from taskboard.tui.screens.suggestions.form import Ask

        def answered(text: str | None) -> None:
            if text:
                self._set_until(series.id, until_of(text))

        ask = Ask(
            question,
            empty=_("Write the last day first."),
            value=value,
            check=lambda text: until_refused(self._store, series.id, text),
        )
        self.app.push_screen(ask, answered)

    def _set_until(self, series_id: str, until: dt.date, force: bool = False) -> None:
        """`series until`; when volunteers have confirmed for occurrences it cancels, ask."""
        from taskboard.actions.series import ConfirmedCrew, set_until

        try:
            made = set_until(self._store, series_id, until, today=self._today, force=force)
        except ConfirmedCrew as error:
            question = ngettext(
                "{confirmed} of the {cancelled} occurrences after {until} has confirmed "
                "volunteers. Cancel them and end {ref} on {until}?",
                "{confirmed} of the {cancelled} occurrences after {until} have confirmed "
                "volunteers. Cancel them and end {ref} on {until}?",
                error.confirmed,
            ).format(
                confirmed=error.confirmed,
                cancelled=error.cancelled,
                until=until,
                ref=error.series.ref,
            )

            def answered(yes: bool | None) -> None:
                if yes:
                    self._set_until(series_id, until, force=True)

            self.app.push_screen(Confirm(question, _("Cancel them")), answered)
            return
        except StoreError as error:
            self.notify(str(error), title=_("error"), severity="error")
            return
        self._made(made)

    def action_next_round(self) -> None:
        """Close this round; the households left become the next round, in the evening."""
        campaign = campaign_of_task(self._store, self._current.id)
        if campaign is None:
            return
        settings = getattr(self.app, "settings", None)
        evening = settings.campaigns if settings is not None else CampaignSettings()
        day = next_round_day(self._store, campaign, self._today)
        start, end = evening_of(day, evening.evening_window())
        try:
            result = next_round(self._store, campaign.id, start=start, end=end)
        except StoreError as error:
            self.notify(str(error), title=_("error"), severity="error")
            return
        self._history.record(result.edit)
        self.notify(result.edit.label)
        self.reload()

    def action_close_campaign(self, force: bool = False) -> None:
        """Close the campaign; with households left, ask first."""
        campaign = campaign_of_task(self._store, self._current.id)
        if campaign is None:
            return
        try:
            edit = close_campaign(self._store, campaign.id, force=force)
        except HouseholdsLeft as error:
            question = ngettext(
                "{count} household is not visited yet. Close {ref} anyway?",
                "{count} households are not visited yet. Close {ref} anyway?",
                error.left,
            ).format(count=error.left, ref=campaign.ref)

            def answered(yes: bool | None) -> None:
                if yes:
                    self.action_close_campaign(force=True)

            self.app.push_screen(Confirm(question, _("Close campaign")), answered)
            return
        except StoreError as error:
            self.notify(str(error), title=_("error"), severity="error")
            return
        self._history.record(edit)
        self.notify(edit.label)
        self.reload()

    def action_match(self) -> None:
        """Ranked volunteers for this task, to pick and confirm."""
        from taskboard.tui.screens.match.candidates import MatchScreen

        screen = MatchScreen(self._store, self._current.id, self._history, today=self._today)
        self.app.push_screen(screen, lambda _result: self.reload())

    def action_log_hours(self) -> None:
        """Log hours for one of the task's assignments (and mark it done)."""
        from taskboard.tui.screens.hours_form import HoursForm

        if not self._store.assignments_of_task(self._current.id):
            self.notify(_("Nobody is assigned to this task yet: press m to match people."))
            return
        form = HoursForm(self._store, self._current.id, today=self._today)
        self.app.push_screen(form, self._save_hours)

    def _save_hours(self, result: HoursToLog | None) -> None:
        from taskboard.tui.screens.hours_form import save_hours
        from taskboard.tui.screens.match.common import match_settings

        if result is None:
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
        self.reload()


def open_task_screen(
    app: App[None],
    store: Store,
    task_id: str,
    history: EditHistory,
    *,
    today: dt.date,
    callback: Callable[[None], None] | None = None,
) -> None:
    """Show one task, reusing the task screen from the last time a task was opened.

    Building the screen (its widgets, their styles, mounting them) was most of
    what opening a task cost; a kept screen only shows the new task's text.
    """
    kept = app.get_screen(KEPT_SCREEN) if app.is_screen_installed(KEPT_SCREEN) else None
    if isinstance(kept, TaskScreen) and kept.shows(store, history, today):
        if kept not in app.screen_stack:
            kept.show_task(task_id)
            app.push_screen(kept, callback=callback)
            return
        app.push_screen(TaskScreen(store, task_id, history, today=today), callback=callback)
        return
    if kept is not None:
        app.uninstall_screen(KEPT_SCREEN)
    screen = TaskScreen(store, task_id, history, today=today)
    app.install_screen(screen, KEPT_SCREEN)
    app.push_screen(screen, callback=callback)

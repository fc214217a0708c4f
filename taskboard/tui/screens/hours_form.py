"""The form for logging hours on a task: whose assignment, how long, which day, verified by whom.

The form checks the values exactly as `taskboard hours log` does (the CLI's
own parsers, then the `HoursEntry` model) and writes what is wrong next to the
field, so the caller only ever receives an entry the store accepts. It returns
the `HoursEntry` and whether to mark the assignment done (`HoursToLog`);
`save_hours` stores them by the action the CLI uses (one save and one undo: the
entry, and the assignment marked done).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select

from taskboard.actions.hours import Logged, log_hours
from taskboard.i18n import _, language
from taskboard.model import HoursEntry, values
from taskboard.reports import new_hours_entry
from taskboard.settings import MatchSettings
from taskboard.store import Store
from taskboard.tui.screens.popup import PopUp
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.check import Check


@dataclass(frozen=True)
class HoursToLog:
    """What the form returns: the checked entry, and the form's one choice that is not
    a field of it."""

    entry: HoursEntry
    mark_done: bool
    """Also mark the assignment done (the usual case)."""


TEXT_FIELDS = ("hours", "date", "verified_by", "note")
MAX_HOURS = 24
"""One entry is one day's work (the model refuses more)."""


def assignment_options(store: Store, task_id: str) -> list[tuple[str, str]]:
    """(label, assignment id) for each live assignment on the task, by name."""
    people = store.volunteers.docs()
    skills = {key: skill.label(language()) for key, skill in store.skills.models().items()}
    options = []
    for assignment in store.assignments_of_task(task_id):
        person = people.get(assignment["volunteer"], {})
        skill = skills.get(assignment["skill"], assignment["skill"])
        label = f"{person.get('name', '?')} · {skill} · {_(assignment['state'])}"
        options.append((label, assignment["id"]))
    return sorted(options)


def save_hours(
    store: Store,
    result: HoursToLog,
    *,
    today: dt.date | None = None,
    settings: MatchSettings | None = None,
) -> Logged:
    """Store what the form returned by the same action as `taskboard hours log`
    (`today` defaults to the day worked)."""
    entry = result.entry
    return log_hours(
        store,
        entry.assignment,
        day=entry.date,
        hours=entry.hours,
        verified_by=entry.verified_by,
        note=entry.note,
        mark_done=result.mark_done,
        today=today or entry.date,
        settings=settings,
    )


def parse_hours(text: str, problems: dict[str, str]) -> float | None:
    """Hours worked in one day: more than 0, at most 24."""
    try:
        hours = values.number("", text)
    except values.OptionError:
        problems["hours"] = _("expected a number of hours above 0, e.g. 2.5")
        return None
    if hours > MAX_HOURS:
        problems["hours"] = _("at most 24 hours in one day")
        return None
    return hours


def parse_day(text: str, problems: dict[str, str]) -> dt.date | None:
    """The day worked, as an ISO date."""
    try:
        return values.date("", text)
    except values.OptionError:
        problems["date"] = _("expected a date like 2026-12-05")
        return None


class HoursForm(PopUp[HoursToLog | None]):
    """Log hours for one of the task's assignments; dismisses with the entry, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Check and log the hours", id="hours.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without logging", id="hours.cancel"),
    ]

    def __init__(
        self,
        store: Store,
        task_id: str,
        *,
        today: dt.date,
        assignment_id: str | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.task_doc = store.tasks.find(task_id)
        self.today = today
        self.options = assignment_options(store, self.task_doc["id"])
        ids = [assignment for _label, assignment in self.options]
        self.preselected = assignment_id if assignment_id in ids else (ids[0] if ids else None)

    def compose(self) -> ComposeResult:
        task = self.task_doc
        with Vertical():
            title = _("Log hours: {ref} {title}").format(ref=task["ref"], title=task["title"])
            yield Label(title, id="hours-title", markup=False)
            yield Label(_("Assignment"), classes="form-label")
            yield Select(
                self.options,
                value=self.preselected if self.preselected else Select.NULL,
                allow_blank=not self.options,
                prompt=_("Nobody is assigned to this task yet."),
                id="hours-assignment",
            )
            yield Label("", id="error-assignment", classes="field-error")
            yield from self._field("hours", _("Hours"), self._default_hours(), "2.5")
            yield from self._field("date", _("Date"), self.today.isoformat(), "2026-12-05")
            yield from self._field("verified_by", _("Verified by"), self.store.who, "")
            yield from self._field("note", _("Note"), "", "")
            yield Check(_("Mark the assignment done"), value=True, id="hours-mark-done")
            with Horizontal(id="hours-buttons"):
                yield Button(_("Save"), variant="primary", id="hours-save")
                yield Button(_("Cancel"), id="hours-cancel")

    def _field(self, key: str, label: str, value: str, placeholder: str) -> ComposeResult:
        widget_id = key.replace("_", "-")
        yield Label(label, classes="form-label")
        yield Input(value=value, placeholder=placeholder, id=f"hours-{widget_id}")
        yield Label("", id=f"error-{widget_id}", classes="field-error")

    def _default_hours(self) -> str:
        """The task's estimate per person, the usual answer."""
        estimate = self.task_doc.get("hours")
        return f"{float(estimate):g}" if estimate else ""

    def on_mount(self) -> None:
        self.query_one("#hours-hours", Input).focus()

    # Checking ----------------------------------------------------------------------------
    def _text(self, key: str) -> str:
        return self.query_one(f"#hours-{key.replace('_', '-')}", Input).value.strip()

    def _show_problems(self, problems: dict[str, str]) -> None:
        for key in ("assignment", *TEXT_FIELDS):
            label = self.query_one(f"#error-{key.replace('_', '-')}", Label)
            label.update(problems.get(key, ""))
            label.set_class(key in problems, "-shown")

    def check(self) -> tuple[HoursToLog | None, dict[str, str]]:
        """The result to dismiss with, or the problems per field."""
        problems: dict[str, str] = {}
        chosen = self.query_one("#hours-assignment", Select).value
        if not isinstance(chosen, str):
            problems["assignment"] = _("Choose whose hours these are.")
        hours = parse_hours(self._text("hours"), problems)
        day = parse_day(self._text("date"), problems)
        if not isinstance(chosen, str) or hours is None or day is None or problems:
            return None, problems
        entry = new_hours_entry(
            self.store.assignments.docs()[chosen],
            day=day,
            hours=hours,
            verified_by=self._text("verified_by"),
            note=self._text("note"),
        )
        return HoursToLog(entry, self.query_one("#hours-mark-done", Check).value), {}

    # Actions -----------------------------------------------------------------------------
    @on(Button.Pressed, "#hours-save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        """Close with the entry when every field is right; else say what is wrong where."""
        result, problems = self.check()
        self._show_problems(problems)
        if result is not None:
            self.dismiss(result)

    @on(Button.Pressed, "#hours-cancel")
    def action_cancel(self) -> None:
        """Close without logging anything."""
        self.dismiss(None)

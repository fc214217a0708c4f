"""The form that creates a task or edits one: its layout, reading it, and checking it.

The form returns the validated `Task` and never saves: the caller hands it to
`create_task`, or the fields it changed (`actions.fields.changed_fields`) to
`edit_task` (taskboard/actions/tasks.py), the same actions as `taskboard task
add` and `task edit`, and keeps the `Edit` for undo. It does check everything
before closing — the model's own rules and the store's cross-record ones
(known site, known skills) — so a coordinator never leaves the form with
something the store would then refuse, and each reason appears under the field
it is about (`errors.py`). Its styles are in `tui/app.tcss`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, TextArea

from taskboard.actions.fields import changed_fields
from taskboard.actions.funds import fund_name
from taskboard.actions.series import SeriesRefused, occurrences, plan_series
from taskboard.i18n import _, group_name, language
from taskboard.model import Kind, Priority, Status, Task
from taskboard.model.repeat import parse_repeat
from taskboard.model.task import EDITABLE_FIELDS
from taskboard.store import InvalidRecord, Store, StoreError
from taskboard.store.names import skill_reader
from taskboard.store.queries import task_day
from taskboard.tui.screens.confirm import close_form
from taskboard.tui.screens.popup import PopUp
from taskboard.tui.screens.task_form.errors import (
    MODEL_FIELD_WIDGET,
    Errors,
    file_error,
    model_error_place,
    store_error_widget,
)
from taskboard.tui.screens.task_form.following import FollowingChoice
from taskboard.tui.screens.task_form.text import (
    DATE_SHAPE,
    DATETIME_SHAPE,
    form_text,
    optional,
    parse_date,
    parse_form,
)
from taskboard.tui.translate import translate_bindings

SELECTS = ("kind", "status", "site", "priority")
TEXT_INPUTS = (
    *(
        MODEL_FIELD_WIDGET[name]
        for name in EDITABLE_FIELDS
        if name not in (*SELECTS, "description", "origin")
    ),
    "origin-source",
    "origin-date",
)
"""Ids of the form's one-line inputs and choice lists (the description is a TextArea)."""
SERIES_INPUTS = ("repeat", "until")
"""A new task's Repeat and Until: not task fields, they make it a series."""
REPEAT_EXAMPLES = "weekly:wed, 每周三, daily, monthly:15"


@dataclass(frozen=True)
class Repeating:
    """What a new task's Repeat and Until fields ask for: a series made of the task,
    by `actions.series.create_series` as `task add --repeat RULE --until DAY` does."""

    rule: str
    """The rule in its written form (`weekly:wed`)."""
    until: dt.date | None


class TaskForm(PopUp[Task | None]):
    """Create a task (`task=None`) or edit one; dismisses with the task as the form
    describes it, checked by the model and the store, or None when cancelled.

    A new task comes with a rank at the bottom of its column; an edited one keeps
    every field the form does not show (checklist, status, rank, origin note), so
    `changed_fields(task, result, EDITABLE_FIELDS)` is exactly what was edited.

    Two answers go beside the task, for the caller to read once the form closed:
    `repeating` (a new task with a Repeat rule: make a series of it) and
    `following` (an edited occurrence of a series: change it and every later one).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Check the task and save it",
            id="task_form.save",
            priority=True,
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Close the form; asks first when something was changed",
            id="task_form.cancel",
        ),
    ]

    def __init__(
        self,
        store: Store,
        task: Task | None,
        *,
        default_site: str,
        default_status: str = "open",
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self._store = store
        self._editing = task
        self._original: dict[str, Any] = task.model_dump(mode="json") if task else {}
        self._initial = form_text(task, default_site=default_site, default_status=default_status)
        if task is None:
            self._initial |= dict.fromkeys(SERIES_INPUTS, "")
        self.repeating: Repeating | None = None
        """Set on save when a new task's Repeat field holds a rule."""
        self.following = False
        """Set on save when an occurrence's edit is to go to the later occurrences too."""

    # Layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        heading = _("New task") if self._editing is None else _("Edit {ref}")
        with Vertical(id="task-form"):
            yield Label(
                heading.format(ref=self._editing.ref if self._editing else ""), id="form-heading"
            )
            with VerticalScroll(id="form-fields"):
                yield from self._text_fields()
                yield from self._choice_fields()
                yield from self._schedule_fields()
                yield from self._staffing_fields()
                yield from self._origin_fields()
                yield from self._event_and_money_fields()
            yield self._error_label("form")
            with Horizontal(id="form-buttons"):
                yield Button(_("Save"), id="save", variant="primary", tooltip=_("Save (ctrl+s)"))
                yield Button(_("Cancel"), id="cancel", tooltip=_("Cancel (escape)"))

    def on_mount(self) -> None:
        """Open on the title, cursor at its end: typing writes, Enter does not scroll."""
        self.query_one("#title", Input).focus()

    def _field(self, key: str, label: str, widget: Widget, hint: str = "") -> Vertical:
        children: list[Widget] = [Label(label, classes="field-label"), widget]
        if hint:
            children.append(Label(Text(hint), classes="hint", id=f"hint-{key}"))
        children.append(self._error_label(key))
        return Vertical(*children, classes="field", id=f"field-{key}")

    def _error_label(self, key: str) -> Label:
        return Label("", id=f"error-{key}", classes="field-error", markup=False)

    def _input(self, key: str, *, placeholder: str = "", max_length: int = 0) -> Input:
        return Input(
            self._initial[key],
            id=key,
            placeholder=placeholder,
            max_length=max_length,
            # typing adds to a list; the title is focused as the form opens, and a
            # selected title would be replaced by the first key
            select_on_focus=key not in ("needs", "tags", "title"),
        )

    def _select(self, key: str, options: Iterable[tuple[str | Text, str]]) -> Select[str]:
        return Select(list(options), value=self._initial[key], allow_blank=False, id=key)

    def _text_fields(self) -> ComposeResult:
        yield self._field("title", _("Title"), self._input("title", max_length=120))
        description = TextArea(self._initial["description"], id="description", soft_wrap=True)
        yield self._field("description", _("Description"), description)
        place = self._input("place", placeholder=_("e.g. beside building 3"), max_length=200)
        yield self._field("place", _("Place"), place)

    def _choice_fields(self) -> ComposeResult:
        kinds = self._select("kind", ((_(kind), kind.value) for kind in Kind))
        priorities = self._select("priority", ((_(p), p.value) for p in Priority))
        pair = [self._field("kind", _("Kind"), kinds)]
        pair.append(self._field("priority", _("Priority"), priorities))
        if self._editing is None:
            statuses = self._select("status", ((_(s), s.value) for s in Status))
            pair.append(self._field("status", _("Status"), statuses))
        yield Horizontal(*pair, classes="pair")
        yield self._field("site", _("Site"), self._select("site", self._site_options()))

    def _site_options(self) -> list[tuple[str | Text, str]]:
        sites = self._store.sites.models()
        options: list[tuple[str | Text, str]] = [
            (Text(f"{site.name} ({site_id})"), site_id) for site_id, site in sorted(sites.items())
        ]
        if self._initial["site"] not in sites:
            options.append((Text(self._initial["site"]), self._initial["site"]))
        return options

    def _schedule_fields(self) -> ComposeResult:
        start = self._field("start", _("Start"), self._input("start", placeholder=DATETIME_SHAPE))
        end = self._field("end", _("End"), self._input("end", placeholder=DATETIME_SHAPE))
        yield Horizontal(start, end, classes="pair")
        due = self._field("due", _("Due"), self._input("due", placeholder=DATE_SHAPE))
        hours = self._field("hours", _("Estimated hours"), self._input("hours", placeholder="2.5"))
        yield Horizontal(due, hours, classes="pair")
        if self._editing is None:
            yield from self._repeat_fields()

    def _repeat_fields(self) -> ComposeResult:
        """Repeat and Until: a new task made a series (its start or due is the first day)."""
        rule = self._input("repeat", placeholder=REPEAT_EXAMPLES, max_length=60)
        hint = _("empty: once; the start or due day is the first occurrence")
        until = self._input("until", placeholder=DATE_SHAPE)
        yield Horizontal(
            self._field("repeat", _("Repeat"), rule, hint=hint),
            self._field("until", _("Until (last day)"), until),
            classes="pair",
        )

    def _staffing_fields(self) -> ComposeResult:
        needs = self._input("needs", placeholder="welding:2:2, painting:3")
        yield self._field("needs", _("Needs"), needs, hint=self._skills_hint())
        tags = self._input("tags", placeholder="dance, census")
        group = self._input("prefer-group", placeholder=group_name("party-member"))
        yield Horizontal(
            self._field("tags", _("Tags"), tags),
            self._field("prefer-group", _("Preferred group"), group),
            classes="pair",
        )

    def _skills_hint(self) -> str:
        lang = language()
        known = [
            key if skill.label(lang) == key else f"{key} ({skill.label(lang)})"
            for key, skill in sorted(self._store.skills.models().items())
        ]
        return _("SKILL:COUNT[:LEVEL]; known skills: {skills}").format(skills=", ".join(known))

    def _origin_fields(self) -> ComposeResult:
        source = self._input(
            "origin-source", placeholder=_("e.g. residents of building 3"), max_length=120
        )
        when = self._input("origin-date", placeholder=DATE_SHAPE)
        yield Horizontal(
            self._field("origin-source", _("Suggested by"), source),
            self._field("origin-date", _("Suggested on"), when),
            classes="pair",
        )

    def _event_and_money_fields(self) -> ComposeResult:
        expected = self._input("expected", placeholder="20:15")
        attended = self._input("attended", placeholder="12:19")
        yield Horizontal(
            self._field("expected", _("Expected (adults:minors, events)"), expected),
            self._field("attended", _("Attended (adults:minors, events)"), attended),
            classes="pair",
        )
        estimate = self._input("cost-estimate", placeholder="1200")
        cost = self._input("cost", placeholder="980")
        yield Horizontal(
            self._field("cost-estimate", _("Estimated cost (yuan)"), estimate),
            self._field("cost", _("Spent (yuan)"), cost),
            classes="pair",
        )
        funds = {fund for site in self._store.sites.models().values() for fund in site.funds}
        hint = _("one of the site's funds: {funds}").format(funds=", ".join(sorted(funds)) or "-")
        yield self._field("fund", _("Fund"), self._input("fund", max_length=40), hint=hint)

    # Reading the widgets -----------------------------------------------------------------
    def _text(self) -> dict[str, str]:
        """Every widget's current text, keyed like `form_text`."""
        inputs = TEXT_INPUTS + (SERIES_INPUTS if self._editing is None else ())
        text = {key: self.query_one(f"#{key}", Input).value for key in inputs}
        text["description"] = self.query_one("#description", TextArea).text
        for key in SELECTS:
            if key == "status" and self._editing is not None:
                text[key] = self._initial[key]
                continue
            value = self.query_one(f"#{key}", Select).value
            text[key] = value if isinstance(value, str) else ""
        return text

    @property
    def edited(self) -> bool:
        """True when something was typed or chosen since the form opened."""
        return self._text() != self._initial

    # Saving ------------------------------------------------------------------------------
    def action_save(self) -> None:
        """Check the form; close with the task, or show what is wrong."""
        errors: Errors = {}
        kept_origin = self._original.get("origin")
        text = self._text()
        fields = parse_form(text, errors, new=self._editing is None, origin=kept_origin)
        repeating = self._repeating(text, errors) if self._editing is None else None
        task = self._validate(fields, errors) if not errors else None
        if task is not None and repeating is not None and not self._plan(task, repeating, errors):
            task = None
        self._show_errors(errors)
        if task is None:
            return
        self.repeating = repeating
        later = self._later_occurrences(task)
        if later and self._editing is not None:
            self._ask_following(task, self._editing.ref, later)
        else:
            self.dismiss(task)

    def _repeating(self, text: dict[str, str], errors: Errors) -> Repeating | None:
        """The Repeat rule and Until day as typed (shapes only), or None for a single task."""
        typed = text["repeat"].strip()
        until = optional(text, "until", parse_date, errors)
        if not typed:
            if text["until"].strip():
                file_error(errors, "until", _("goes with Repeat: the last day of a series"))
            return None
        try:
            rule = parse_repeat(typed)  # the grammar of `task add --repeat`
        except ValueError:
            reason = _("“{value}” is not a repeat rule: {examples}")
            file_error(errors, "repeat", reason.format(value=typed, examples=REPEAT_EXAMPLES))
            return None
        return Repeating(rule, dt.date.fromisoformat(until) if until else None)

    def _plan(self, task: Task, repeating: Repeating, errors: Errors) -> bool:
        """Check the series as `create_series` will (`plan_series`); file why not under
        the field it is about. True when it can be made."""
        try:
            plan_series(self._store, task, repeating.rule, until=repeating.until)
        except SeriesRefused as error:
            reason = str(error)
            if error.field == "start":
                reason = _("a repeating task needs a first day: a start and end, or a due day")
            file_error(errors, error.field, reason)
            return False
        except StoreError as error:
            file_error(errors, "form", str(error))
            return False
        return True

    def _later_occurrences(self, task: Task) -> int:
        """How many live occurrences follow the edited one when something was changed
        (0 for a task that is no occurrence, or an unchanged one)."""
        shown = self._editing
        if shown is None or shown.series is None:
            return 0
        if not changed_fields(shown, task, EDITABLE_FIELDS):
            return 0
        day = shown.when()
        if day is None:
            return 0
        docs = occurrences(self._store, shown.series)
        return sum(1 for doc in docs if (task_day(doc) or day) > day)

    def _ask_following(self, task: Task, ref: str, later: int) -> None:
        """Occurrence `ref` only, or it and the `later` ones after it? Escape: back to the form."""

        def answered(following: bool | None) -> None:
            if following is None:
                return
            self.following = following
            self.dismiss(task)

        self.app.push_screen(FollowingChoice(ref, later), answered)

    def _validate(self, fields: dict[str, Any], errors: Errors) -> Task | None:
        """The task the form describes, or None after filing every reason it is refused."""
        data = {**self._original, **fields}
        key = skill_reader(self._store)  # `电焊:2` means welding, as the hint shows
        data["needs"] = [{**need, "skill": key(need["skill"])} for need in data.get("needs") or []]
        if self._editing is None:
            data["rank"] = self._store.column_end(data["status"])
        try:
            task = Task.model_validate(data)
        except ValidationError as error:
            for detail in error.errors():
                widget, reason = model_error_place(
                    detail, fields, editing=self._editing is not None
                )
                file_error(errors, widget, reason)
            return None
        try:
            self._store.tasks.check(task)
        except InvalidRecord as error:
            file_error(errors, store_error_widget(str(error)), str(error))
            return None
        if task.fund:  # a part of its name, as in `task edit --fund 专项资金`
            try:
                task.fund = fund_name(self._store, task.site, task.fund)
            except StoreError as error:
                file_error(errors, "fund", str(error))
                return None
        return task

    def _show_errors(self, errors: Errors) -> None:
        """Fill each field's error label (clearing the rest) and focus the first bad field."""
        first: Widget | None = None
        for label in self.query(".field-error").results(Label):
            key = (label.id or "").removeprefix("error-")
            reasons = errors.get(key, [])
            label.update("; ".join(reasons))
            label.set_class(bool(reasons), "-shown")
            if reasons and first is None and key != "form":
                first = self.query_one(f"#{key}")
        if first is not None:
            first.focus()

    # Closing -----------------------------------------------------------------------------
    @on(Button.Pressed, "#save")
    def save_from_button(self) -> None:
        """The Save button does what ctrl+s does."""
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_from_button(self) -> None:
        """The Cancel button does what escape does."""
        self.action_cancel()

    def action_cancel(self) -> None:
        """Close without saving; asks first when there are edits to lose."""
        close_form(self, edited=self.edited)

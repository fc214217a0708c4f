"""The form that creates a task or edits one, and the question before throwing edits away.

The form returns the validated `Task` and never saves: the caller hands it to
`create_task`, or the fields it changed (`actions.fields.changed_fields`) to
`edit_task` (taskboard/actions/tasks.py), the same actions as `taskboard task
add` and `task edit`, and keeps the `Edit` for undo. It does check everything
before closing — the model's own rules and the store's cross-record ones
(known site, known skills) — so a coordinator never leaves the form with
something the store would then refuse, and each reason appears under the field
it is about.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, TextArea

from taskboard.i18n import _, group_name, language
from taskboard.model import Kind, Priority, Status, Task, values
from taskboard.model.errors import form_reason, plain_message
from taskboard.store import InvalidRecord, Store
from taskboard.store.queries import next_rank
from taskboard.tui.screens.confirm import close_form
from taskboard.tui.translate import translate_bindings

MODEL_FIELD_WIDGET = {
    "title": "title",
    "description": "description",
    "kind": "kind",
    "status": "status",
    "site": "site",
    "place": "place",
    "priority": "priority",
    "start": "start",
    "end": "end",
    "due": "due",
    "hours": "hours",
    "needs": "needs",
    "tags": "tags",
    "prefer_group": "prefer-group",
}
"""Task field → id of the form widget whose error label shows problems with it."""

SEPARATORS = re.compile(r"[\s,，、;；]+")
"""Between list entries: commas, spaces, and the Chinese comma and enumeration mark."""

DATETIME_EXAMPLE = "2026-12-05 09:00"
DATE_EXAMPLE = "2026-12-05"
"""Examples quoted in error messages."""
DATETIME_SHAPE = "YYYY-MM-DD HH:MM"
DATE_SHAPE = "YYYY-MM-DD"
"""What empty date inputs show: a shape, so an example is never mistaken for a value."""

TEXT_INPUTS = (
    "title",
    "place",
    "start",
    "end",
    "due",
    "hours",
    "needs",
    "tags",
    "origin-source",
    "origin-date",
    "prefer-group",
)
SELECTS = ("kind", "status", "site", "priority")
"""Ids of the form's one-line inputs and choice lists (the description is a TextArea)."""


def split_list(text: str) -> list[str]:
    """Entries of a comma- or space-separated field, empty ones dropped."""
    return [part for part in SEPARATORS.split(text.strip()) if part]


def needs_text(task: Task | None) -> str:
    """Needs as the form shows them: `welding:2:2, painting:3` (level only when above 1)."""
    if task is None:
        return ""
    return ", ".join(
        f"{need.skill}:{need.count}" + (f":{need.min_level}" if need.min_level > 1 else "")
        for need in task.needs
    )


def parse_needs(text: str) -> list[dict[str, Any]]:
    """`welding:2:2, painting:3` → need records; raises `OptionError` with a readable reason."""
    needs: list[dict[str, Any]] = []
    for entry in split_list(text):
        try:
            skill, count, level = values.need("", entry)
        except values.OptionError:
            raise values.OptionError(
                _("“{value}”: expected SKILL:COUNT or SKILL:COUNT:LEVEL, e.g. welding:2:2").format(
                    value=entry
                )
            ) from None
        if count < 1:
            raise values.OptionError(
                _("“{value}”: at least one person is needed").format(value=entry)
            )
        needs.append({"skill": skill, "count": count, "min_level": level})
    return needs


def datetime_text(value: dt.datetime | None) -> str:
    """A window start or end as the form shows it, to the minute when that loses nothing."""
    if value is None:
        return ""
    timespec = "minutes" if value.second == 0 and value.microsecond == 0 else "auto"
    return value.isoformat(sep=" ", timespec=timespec)


def form_text(task: Task | None, *, default_site: str, default_status: str) -> dict[str, str]:
    """What each widget starts with: the task's values, or the defaults of a new task.

    Kept so that Cancel can tell whether anything was typed since.
    """
    origin = task.origin if task else None
    return {
        "title": task.title if task else "",
        "description": task.description if task else "",
        "kind": str(task.kind if task else Kind.RENOVATION),
        "status": str(task.status if task else default_status),
        "site": task.site if task else default_site,
        "place": task.place if task else "",
        "priority": str(task.priority if task else Priority.NORMAL),
        "start": datetime_text(task.start if task else None),
        "end": datetime_text(task.end if task else None),
        "due": task.due.isoformat() if task and task.due else "",
        "hours": f"{task.hours:g}" if task and task.hours else "",
        "needs": needs_text(task),
        "tags": ", ".join(task.tags) if task else "",
        "origin-source": origin.source if origin else "",
        "origin-date": origin.date.isoformat() if origin and origin.date else "",
        "prefer-group": group_name(task.prefer_group or "") if task else "",
    }


class TaskForm(ModalScreen[Task | None]):
    """Create a task (`task=None`) or edit one; dismisses with the task as the form
    describes it, checked by the model and the store, or None when cancelled.

    A new task comes with a rank at the bottom of its column; an edited one keeps
    every field the form does not show (checklist, status, rank, origin note), so
    `changed_fields(task, result, EDITABLE_FIELDS)` is exactly what was edited.
    """

    DEFAULT_CSS = """
    TaskForm {
        align: center middle;
    }
    TaskForm > #task-form {
        width: 90%;
        max-width: 110;
        height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    TaskForm #form-heading {
        text-style: bold;
        padding: 0 1;
        width: 1fr;
    }
    TaskForm #form-fields {
        height: 1fr;
    }
    TaskForm .field {
        height: auto;
        width: 1fr;
        padding: 0 1;
    }
    TaskForm .pair {
        height: auto;
    }
    TaskForm .field-label {
        color: $text-muted;
    }
    TaskForm #description {
        height: 6;
    }
    TaskForm .hint {
        width: 1fr;
        color: $text-muted;
    }
    TaskForm .field-error {
        display: none;
        width: 1fr;
        color: $error;
    }
    TaskForm .field-error.-shown {
        display: block;
    }
    TaskForm #form-buttons {
        height: auto;
        align-horizontal: right;
    }
    TaskForm #form-buttons Button {
        margin-left: 1;
    }
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
            yield self._error_label("form")
            with Horizontal(id="form-buttons"):
                yield Button(_("Save"), id="save", variant="primary", tooltip=_("Save (ctrl+s)"))
                yield Button(_("Cancel"), id="cancel", tooltip=_("Cancel (escape)"))

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
            select_on_focus=key not in ("needs", "tags"),  # typing adds to a list
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

    # Reading the widgets -----------------------------------------------------------------
    def _text(self) -> dict[str, str]:
        """Every widget's current text, keyed like `form_text`."""
        text = {key: self.query_one(f"#{key}", Input).value for key in TEXT_INPUTS}
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
        errors: dict[str, list[str]] = {}
        fields = self._parse(self._text(), errors)
        task = self._validate(fields, errors) if not errors else None
        self._show_errors(errors)
        if task is not None:
            self.dismiss(task)

    def _parse(self, text: dict[str, str], errors: dict[str, list[str]]) -> dict[str, Any]:
        """Form text → task field values; shape problems go to `errors` by widget."""
        fields: dict[str, Any] = {
            key: text[key] for key in ("title", "description", "kind", "site", "place", "priority")
        }
        if self._editing is None:
            fields["status"] = text["status"]
        fields["prefer_group"] = text["prefer-group"].strip() or None
        fields["tags"] = split_list(text["tags"])
        fields["start"] = _optional(text, "start", _parse_datetime, errors)
        fields["end"] = _optional(text, "end", _parse_datetime, errors)
        fields["due"] = _optional(text, "due", _parse_date, errors)
        fields["hours"] = _optional(text, "hours", _parse_hours, errors)
        fields["needs"] = _optional(text, "needs", parse_needs, errors) or []
        fields["origin"] = self._origin(text, errors)
        return fields

    def _origin(self, text: dict[str, str], errors: dict[str, list[str]]) -> dict[str, Any] | None:
        """Who suggested the task and when, keeping a note the form does not show."""
        source = text["origin-source"].strip()
        when = _optional(text, "origin-date", _parse_date, errors)
        if not source and when is None:
            return None
        kept = self._original.get("origin") or {}
        return {**kept, "source": source, "date": when}

    def _validate(self, fields: dict[str, Any], errors: dict[str, list[str]]) -> Task | None:
        """The task the form describes, or None after filing every reason it is refused."""
        data = {**self._original, **fields}
        if self._editing is None:
            data["rank"] = next_rank(self._store, data["status"])
        try:
            task = Task.model_validate(data)
        except ValidationError as error:
            for detail in error.errors():
                self._file_model_error(detail, fields, errors)
            return None
        try:
            self._store.tasks.check(task)
        except InvalidRecord as error:
            _file(errors, _store_error_widget(str(error)), str(error))
            return None
        return task

    def _file_model_error(
        self, error: ErrorDetails, fields: dict[str, Any], errors: dict[str, list[str]]
    ) -> None:
        """Put one pydantic error under the widget it is about, in plain words."""
        loc = error["loc"]
        if not loc:  # the only whole-task rules are about the schedule window
            widget, reason = _window_error(fields, error)
        elif loc[0] == "origin":
            widget = "origin-date" if len(loc) > 1 and loc[1] == "date" else "origin-source"
            reason = _reason(error)
        else:
            widget = MODEL_FIELD_WIDGET.get(str(loc[0]), "form")
            reason = _reason(error)
        if widget == "status" and self._editing is not None:
            widget = "form"
        _file(errors, widget, reason)

    def _show_errors(self, errors: dict[str, list[str]]) -> None:
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


def _optional(
    text: dict[str, str],
    key: str,
    parse: Callable[[str], Any],
    errors: dict[str, list[str]],
) -> Any:
    """`parse` of a field's text, None when it is empty or (with a filed reason) malformed."""
    value = text[key].strip()
    if not value:
        return None
    try:
        return parse(value)
    except values.OptionError as error:
        _file(errors, key, str(error))
        return None


def _parse_datetime(value: str) -> str:
    try:
        return values.datetime("", value).isoformat()
    except values.OptionError:
        raise values.OptionError(
            _("expected a date and time like {example}").format(example=DATETIME_EXAMPLE)
        ) from None


def _parse_date(value: str) -> str:
    try:
        return values.date("", value).isoformat()
    except values.OptionError:
        raise values.OptionError(
            _("expected a date like {example}").format(example=DATE_EXAMPLE)
        ) from None


def _parse_hours(value: str) -> float:
    try:
        return values.number("", value)
    except values.OptionError:
        raise values.OptionError(_("expected a number of hours above 0, e.g. 2.5")) from None


def _reason(error: ErrorDetails) -> str:
    """A translated reason for the common errors; the domain's own words otherwise."""
    reason = form_reason(error)
    if reason is None:
        return plain_message(error)
    given = error.get("input")
    if tuple(error["loc"][:1]) == ("tags",) and isinstance(given, str):
        return f"“{given}”: {_(reason)}"  # which of several tags
    return _(reason)


def _window_error(fields: dict[str, Any], error: ErrorDetails) -> tuple[str, str]:
    """Which schedule field a whole-task error belongs to, and why."""
    if fields.get("start") and fields.get("end"):
        return "end", _("must be after the start")
    if fields.get("start") or fields.get("end"):
        missing = "end" if fields.get("start") else "start"
        return missing, _("a schedule needs both a start and an end")
    return "form", plain_message(error)


def _store_error_widget(message: str) -> str:
    """The field a store rule (unknown site or skill) concerns."""
    if message.startswith("unknown skill"):
        return "needs"
    if message.startswith("unknown site"):
        return "site"
    return "form"


def _file(errors: dict[str, list[str]], widget: str, reason: str) -> None:
    errors.setdefault(widget, []).append(reason)

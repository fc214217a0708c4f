"""The form for adding or editing one volunteer: its layout, reading it, and checking it.

The form parses what was typed (`text.py`), then checks the result exactly as
the store will: the model's rules first, then the rules that need other
records. Whatever is wrong is written next to the field concerned
(`errors.py`) and nothing leaves the form until it is right, so the caller
only ever saves a volunteer the store accepts. It returns that `Volunteer`;
for an edit the caller saves the fields that changed
(`actions.fields.changed_fields`). Its styles are in `tui/app.tcss`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, TextArea

from taskboard.i18n import _, group_name
from taskboard.model import DAYS, PARTS, Volunteer, values
from taskboard.model.volunteer import EDITABLE_FIELDS
from taskboard.store import InvalidRecord, Store
from taskboard.store.names import skill_reader
from taskboard.tui.screens.confirm import close_form
from taskboard.tui.screens.popup import PopUp
from taskboard.tui.screens.volunteer_form.errors import (
    Problems,
    rule_problem,
    validation_problems,
)
from taskboard.tui.screens.volunteer_form.text import (
    parse_away,
    parse_certs,
    parse_max_hours,
    parse_skills,
    slot_id,
    split_list,
    volunteer_texts,
)
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.check import Check

FIELDS = EDITABLE_FIELDS
"""The volunteer fields the form edits, in the order they appear."""
LIST_FIELDS = frozenset({"skills", "certs", "groups", "away"})
"""Fields holding a list: focus puts the cursor at the end, so typing adds an entry
instead of replacing them all."""


class VolunteerForm(PopUp[Volunteer | None]):
    """Every field of one volunteer; dismisses with the volunteer, or None when cancelled.

    An edited volunteer keeps its id and reference, so what changed is
    `changed_fields(volunteer, result, EDITABLE_FIELDS)`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Check and save the volunteer", id="form.save"),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Close without saving (asks when there are changes)",
            id="form.cancel",
        ),
    ]

    def __init__(self, store: Store, volunteer: Volunteer | None, *, default_site: str) -> None:
        super().__init__()
        self.store = store
        self.volunteer = volunteer
        """The volunteer being edited; None for a new one."""
        self.default_site = default_site
        """Home site a new volunteer starts with (usually this file's own site)."""
        translate_bindings(self)
        self._initial: tuple[Any, ...] = ()

    # Layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        person = self.volunteer
        texts = volunteer_texts(person)
        with Vertical():
            yield Label(self._title(), id="form-title")
            with VerticalScroll():
                yield from self._text_field("name", _("Name"), texts, "")
                yield from self._text_field("phone", _("Phone"), texts, "138 0000 0000")
                yield from self._text_field("skills", _("Skills"), texts, "welding:3, painting:1")
                yield from self._text_field(
                    "certs", _("Certifications"), texts, "welding:2027-06-30"
                )
                groups = f"{group_name('party-member')}, {group_name('youth')}"
                yield from self._text_field("groups", _("Groups"), texts, groups)
                yield from self._availability(set(person.availability if person else ()))
                yield from self._text_field(
                    "away", _("Periods away"), texts, "2026-12-01:2026-12-10, …"
                )
                yield from self._site_field()
                yield from self._text_field("max_hours", _("Max hours/week"), texts, "8")
                yield from self._flags(person)
                yield Label(_("Notes"), classes="form-label")
                yield TextArea(person.notes if person else "", id="form-notes")
                yield self._error_label("notes")
                yield self._error_label("record")
            with Horizontal(id="form-buttons"):
                yield Button(_("Save"), variant="primary", id="form-save")
                yield Button(_("Cancel"), id="form-cancel")

    def _title(self) -> str:
        if self.volunteer is None:
            return _("New volunteer")
        return _("Edit {ref} {name}").format(ref=self.volunteer.ref, name=self.volunteer.name)

    def _text_field(
        self, field: str, label: str, texts: dict[str, str], example: str
    ) -> Iterable[Widget]:
        yield Label(label, classes="form-label")
        placeholder = _("e.g. {example}").format(example=example) if example else ""
        yield Input(
            texts.get(field, ""),
            placeholder=placeholder,
            id=f"form-{field}",
            select_on_focus=field not in LIST_FIELDS and field != "name",  # focused at open
        )
        yield self._error_label(field)

    def _error_label(self, field: str) -> Label:
        return Label("", id=f"error-{field}", classes="field-error")

    def _availability(self, chosen: set[str]) -> Iterable[Widget]:
        yield Label(_("Weekly availability"), classes="form-label")
        with Grid(id="form-availability"):
            for day in DAYS:
                yield Label(_(day))
                for part in PARTS:
                    slot = f"{day}:{part}"
                    yield Check(_(part), slot in chosen, id=slot_id(slot))
        yield self._error_label("availability")

    def _site_field(self) -> Iterable[Widget]:
        yield Label(_("Home site"), classes="form-label")
        sites = self.store.sites.models()
        options = [(f"{site.name} ({site.id})", site.id) for site in sites.values()]
        wanted = self.volunteer.site if self.volunteer else self.default_site
        value = wanted if wanted in sites else Select.NULL
        yield Select(options, prompt=_("No home site"), value=value, id="form-site")
        yield self._error_label("site")

    def _flags(self, person: Volunteer | None) -> Iterable[Widget]:
        with Horizontal(id="form-flags"):
            yield Check(_("Minor (under 18)"), person.minor if person else False, id="form-minor")
            yield Check(
                _("Consents to sharing details"),
                person.consent if person else False,
                id="form-consent",
            )
            yield Check(_("Active"), person.active if person else True, id="form-active")
        for flag in ("minor", "consent", "active"):
            yield self._error_label(flag)

    def on_mount(self) -> None:
        """Remember the starting values so that Escape knows whether anything changed."""
        self._initial = self._snapshot()
        self.query_one("#form-name", Input).focus()

    # Reading the widgets --------------------------------------------------------------
    def _text(self, field: str) -> str:
        return self.query_one(f"#form-{field}", Input).value

    def _checked(self, widget_id: str) -> bool:
        return self.query_one(f"#{widget_id}", Check).value

    def _slots(self) -> list[str]:
        every = (f"{day}:{part}" for day in DAYS for part in PARTS)
        return [slot for slot in every if self._checked(slot_id(slot))]

    def _site(self) -> str | None:
        value = self.query_one("#form-site", Select).value
        return value if isinstance(value, str) else None

    def _snapshot(self) -> tuple[Any, ...]:
        """Everything the user can change, as the widgets hold it."""
        texts = tuple(self._text(f) for f in ("name", "phone", "skills", "certs", "groups"))
        more = (self._text("away"), self._text("max_hours"), self._site(), tuple(self._slots()))
        flags = tuple(self._checked(f"form-{f}") for f in ("minor", "consent", "active"))
        return (*texts, *more, *flags, self.query_one("#form-notes", TextArea).text)

    @property
    def has_changes(self) -> bool:
        """True when a field differs from what the form opened with."""
        return self._snapshot() != self._initial

    def _parsed(self) -> tuple[dict[str, Any], Problems]:
        """The fields as the model takes them, and the text fields that do not parse."""
        fields: dict[str, Any] = {
            "name": self._text("name"),
            "phone": self._text("phone").strip() or None,
            "minor": self._checked("form-minor"),
            "groups": split_list(self._text("groups")),
            "availability": self._slots(),
            "site": self._site(),
            "consent": self._checked("form-consent"),
            "active": self._checked("form-active"),
            "notes": self.query_one("#form-notes", TextArea).text,
        }
        problems: Problems = {}
        parsers: dict[str, Callable[[str], Any]] = {
            "skills": parse_skills,
            "certs": parse_certs,
            "away": parse_away,
            "max_hours": parse_max_hours,
        }
        for field, parse in parsers.items():
            try:
                fields[field] = parse(self._text(field))
            except values.OptionError as error:
                problems[field] = str(error)
        key = skill_reader(self.store)  # `粉刷:2` means painting, as the hint shows
        for field in ("skills", "certs"):
            if field in fields:
                fields[field] = {key(name): value for name, value in fields[field].items()}
        return fields, problems

    # Checking -------------------------------------------------------------------------
    def check(self) -> tuple[Volunteer | None, Problems]:
        """The volunteer the fields describe, or the reasons it cannot be saved.

        Fields that do not parse are left out of the model check, so that every
        field's problem shows at once instead of one round per field.
        """
        fields, problems = self._parsed()
        base = self.volunteer.model_dump(mode="json") if self.volunteer else {}
        try:
            person = Volunteer.model_validate({**base, **fields})
        except ValidationError as error:
            return None, {**validation_problems(error), **problems}
        if problems:
            return None, problems
        try:
            self.store.volunteers.check(person)
        except InvalidRecord as error:
            field, reason = rule_problem(self.store, person, error)
            return None, {field: reason}
        return person, {}

    def show_problems(self, problems: Problems) -> None:
        """Write each reason under its field (clearing the others) and go to the first."""
        for field in (*FIELDS, "record"):
            with_reason = problems.get(field, "")
            label = self.query_one(f"#error-{field}", Label)
            label.update(with_reason)
            label.set_class(bool(with_reason), "-shown")
        first = next((f for f in FIELDS if f in problems), None)
        if first is not None:
            self._focus_field(first)

    def _focus_field(self, field: str) -> None:
        target = {"availability": slot_id("mon:morning"), "notes": "form-notes"}.get(
            field, f"form-{field}"
        )
        widget = self.query_one(f"#{target}")
        widget.focus()
        widget.scroll_visible()

    # Actions --------------------------------------------------------------------------
    def action_save(self) -> None:
        """Close with the volunteer when valid; otherwise say what is wrong."""
        person, problems = self.check()
        self.show_problems(problems)
        if person is not None:
            self.dismiss(person)

    def action_cancel(self) -> None:
        """Close without saving, asking first when something was changed."""
        close_form(self, edited=self.has_changes)

    @on(Button.Pressed, "#form-save")
    def save_by_button(self) -> None:
        """The Save button does what Ctrl+S does."""
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def cancel_by_button(self) -> None:
        """The Cancel button does what Escape does."""
        self.action_cancel()

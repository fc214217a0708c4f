"""The suggestion form, and the two small questions the suggestions screen asks.

The form checks the values as `taskboard suggestion add/edit` does (the same
date parser, then the `Suggestion` model) and writes what is wrong next to the
field, so the caller only ever receives fields the action accepts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select

from taskboard.i18n import _, pgettext
from taskboard.model import Decision, Suggestion, values
from taskboard.model.errors import form_reason, plain_message
from taskboard.tui.screens.confirm import close_form
from taskboard.tui.screens.volunteer_form.text import split_list
from taskboard.tui.translate import translate_bindings

TEXT_FIELDS = ("number", "text", "raised_by", "date", "source", "place", "photos")
"""The form's text inputs, in the order they appear."""
LABELS = {
    "number": "No.",
    "text": "Suggestion",
    "raised_by": "Raised by",
    "date": "Date",
    "source": "Source",
    "place": "Place",
    "photos": "Photos",
}
DECISIONS = (Decision.RECEIVED, Decision.ACCEPTED)
"""Decisions set in the form; declining asks for the reason on its own."""

Fields = dict[str, Any]


def suggestion_texts(wish: Suggestion | None) -> dict[str, str]:
    """Each field as the form shows it."""
    if wish is None:
        return {}
    return {
        "number": str(wish.number or ""),
        "text": wish.text,
        "raised_by": wish.raised_by,
        "date": wish.date.isoformat() if wish.date else "",
        "source": wish.source,
        "place": wish.place,
        "photos": ", ".join(wish.photos),
    }


class SuggestionForm(ModalScreen[Fields | None]):
    """One suggestion's fields; dismisses with the fields to save (only the changed
    ones for an edit), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Check and save the suggestion", id="form.save"),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Close without saving (asks when there are changes)",
            id="form.cancel",
        ),
    ]

    DEFAULT_CSS = """
    SuggestionForm { align: center middle; }
    SuggestionForm > Vertical {
        width: 80; max-width: 100%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    SuggestionForm #form-title { text-style: bold; padding: 0 1; }
    SuggestionForm VerticalScroll { height: 1fr; }
    SuggestionForm .form-label { margin-top: 1; color: $text-muted; }
    SuggestionForm .field-error { display: none; color: $error; }
    SuggestionForm .field-error.-shown { display: block; }
    SuggestionForm #form-buttons { height: auto; align-horizontal: right; }
    SuggestionForm #form-buttons Button { margin-left: 2; }
    """

    def __init__(self, site: str, wish: Suggestion | None) -> None:
        super().__init__()
        self.site = site
        """The site a new suggestion belongs to."""
        self.wish = wish
        """The suggestion being edited; None for a new one."""
        translate_bindings(self)
        self._initial: tuple[Any, ...] = ()

    def compose(self) -> ComposeResult:
        texts = suggestion_texts(self.wish)
        title = (
            _("New suggestion") if self.wish is None else _("Edit {ref}").format(ref=self.wish.ref)
        )
        with Vertical():
            yield Label(title, id="form-title")
            with VerticalScroll():
                for field in TEXT_FIELDS:
                    yield from self._text_field(field, texts.get(field, ""))
                yield Label(_("Decision"), classes="form-label")
                current = self.wish.decision if self.wish else Decision.RECEIVED
                yield Select(
                    [(pgettext("suggestion", d.value), d.value) for d in DECISIONS],
                    value=current.value if current in DECISIONS else Select.BLANK,
                    allow_blank=current not in DECISIONS,
                    id="form-decision",
                )
                yield self._error_label("record")
            with Horizontal(id="form-buttons"):
                yield Button(_("Cancel"), id="form-cancel")
                yield Button(_("Save"), variant="primary", id="form-save")

    def _text_field(self, field: str, value: str) -> Iterable[Widget]:
        yield Label(_(LABELS[field]), classes="form-label")
        yield Input(value, id=f"form-{field}")
        yield self._error_label(field)

    def _error_label(self, field: str) -> Label:
        return Label("", id=f"error-{field}", classes="field-error")

    def on_mount(self) -> None:
        """Remember what was shown, to ask before throwing edits away."""
        self._initial = self._snapshot()
        self.query_one("#form-text", Input).focus()

    def _text(self, field: str) -> str:
        return self.query_one(f"#form-{field}", Input).value.strip()

    def _decision(self) -> str | None:
        value = self.query_one("#form-decision", Select).value
        return value if isinstance(value, str) else None

    def _snapshot(self) -> tuple[Any, ...]:
        return (*(self._text(field) for field in TEXT_FIELDS), self._decision())

    @property
    def has_changes(self) -> bool:
        """True when something differs from what the form opened with."""
        return self._snapshot() != self._initial

    def check(self) -> tuple[Suggestion | None, dict[str, str]]:
        """The suggestion the fields describe, or the problems per field."""
        problems: dict[str, str] = {}
        fields: Fields = {field: self._text(field) for field in TEXT_FIELDS}
        number = fields.pop("number").removeprefix("#")
        if number and not number.isdigit():
            problems["number"] = _("expected the meeting's number, e.g. 7")
        fields["number"] = int(number) if number.isdigit() else None
        day = fields.pop("date")
        try:
            fields["date"] = values.date("", day) if day else None
        except values.OptionError:
            problems["date"] = _("expected a date such as 2026-07-18")
        fields["photos"] = split_list(fields["photos"])
        base = self.wish.model_dump() if self.wish else {"site": self.site}
        if self._decision() is not None:
            fields["decision"] = self._decision()
        if problems:
            return None, problems
        try:
            return Suggestion.model_validate({**base, **fields}), {}
        except ValidationError as error:
            for detail in error.errors():
                field = str(detail["loc"][0]) if detail["loc"] else "record"
                where = field if field in TEXT_FIELDS else "record"
                problems[where] = _(form_reason(detail) or plain_message(detail))
            return None, problems

    def show_problems(self, problems: dict[str, str]) -> None:
        """Write each problem under its field; clear the others."""
        for field in (*TEXT_FIELDS, "record"):
            label = self.query_one(f"#error-{field}", Label)
            label.update(problems.get(field, ""))
            label.set_class(field in problems, "-shown")

    def result_fields(self, wish: Suggestion) -> Fields:
        """All fields for a new suggestion; only the changed ones for an edit."""
        editable = (*TEXT_FIELDS, "decision")
        new = {k: v for k, v in wish.model_dump(mode="json").items() if k in editable}
        if self.wish is None:
            return new
        old = self.wish.model_dump(mode="json")
        return {name: value for name, value in new.items() if old.get(name) != value}

    def action_save(self) -> None:
        """Close with the fields when they are valid; otherwise say what is wrong."""
        wish, problems = self.check()
        self.show_problems(problems)
        if wish is not None:
            self.dismiss(self.result_fields(wish))

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


class Ask(ModalScreen[str | None]):
    """One question: a line of text (a reason), or one choice from a list (a task).

    Dismisses with the text or the chosen value; None when cancelled. An empty
    answer to a text question is refused in place (a decline needs its reason).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without an answer", id="ask.cancel"),
    ]

    DEFAULT_CSS = """
    Ask { align: center middle; }
    Ask > Vertical {
        width: 80; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    Ask #ask-error { color: $error; }
    Ask #ask-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    Ask #ask-buttons Button { margin-left: 2; }
    """

    def __init__(
        self,
        question: str,
        *,
        choices: list[tuple[str, str]] | None = None,
        empty: str = "",
        value: str = "",
        check: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.choices = choices
        """(label, value) to pick from; None asks for text."""
        self.empty = empty
        """What to say when the text answer is empty."""
        self.value = value
        """The text the answer starts from."""
        self.check = check
        """Why a text answer is refused ("" when it is taken): shown under the field, which
        stays open, so a wrong date is put right in place."""
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="ask-question")
            if self.choices is None:
                yield Input(self.value, id="ask-text")
            else:
                yield Select(self.choices, allow_blank=False, id="ask-choice")
            yield Label("", id="ask-error")
            with Horizontal(id="ask-buttons"):
                yield Button(_("Cancel"), id="ask-cancel")
                yield Button(_("OK"), variant="primary", id="ask-ok")

    def on_mount(self) -> None:
        """The answer field takes the keys at once."""
        self.query_one("#ask-text" if self.choices is None else "#ask-choice").focus()

    @on(Input.Submitted, "#ask-text")
    @on(Button.Pressed, "#ask-ok")
    def answer(self) -> None:
        """Close with the answer; an empty text is refused with `empty`."""
        if self.choices is not None:
            value = self.query_one("#ask-choice", Select).value
            self.dismiss(value if isinstance(value, str) else None)
            return
        text = self.query_one("#ask-text", Input).value.strip()
        refused = self.empty if not text else self.check(text) if self.check else ""
        if refused:
            self.query_one("#ask-error", Label).update(refused)
            return
        self.dismiss(text)

    @on(Button.Pressed, "#ask-cancel")
    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)

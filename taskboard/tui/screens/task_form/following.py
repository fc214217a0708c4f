"""Saving an edit of one occurrence of a series: this one only, or this and the following.

Asked when Save is pressed, not kept as a switch in the form: the question is
about what was just changed, it comes only when there is something to apply
to later occurrences, and a coordinator who edits a single rehearsal cannot
leave a switch set from last time and change the whole run by accident. It
is the question phone calendars ask, so it reads as expected.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from taskboard.i18n import _
from taskboard.tui.screens.popup import PopUp
from taskboard.tui.translate import translate_bindings


class FollowingChoice(PopUp[bool | None]):
    """Dismisses with False (this occurrence), True (this and every later one), or None
    (back to the form, nothing saved)."""

    DEFAULT_CSS = """
    FollowingChoice {
        align: center middle;
    }
    FollowingChoice > Vertical {
        width: 64;
        height: auto;
        padding: 1 2;
        border: thick $primary;
        background: $surface;
    }
    FollowingChoice #following-question {
        width: 100%;
    }
    FollowingChoice Horizontal {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    FollowingChoice Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "o",
            "answer(False)",
            "This one",
            tooltip="Save the change on this occurrence only",
            id="following.one",
        ),
        Binding(
            "f",
            "answer(True)",
            "This and following",
            tooltip="Save the change on this occurrence and every later one",
            id="following.all",
        ),
        Binding("escape", "back", "Back", tooltip="Back to the form", id="following.back"),
    ]

    def __init__(self, ref: str, later: int) -> None:
        super().__init__()
        translate_bindings(self)
        self.ref = ref
        self.later = later

    def compose(self) -> ComposeResult:
        question = _(
            "{ref} is one occurrence of a series, with {count} more after it. "
            "Save the change on this one only, or on this one and the following?"
        ).format(ref=self.ref, count=self.later)
        with Vertical():
            yield Label(question, id="following-question", markup=False)
            with Horizontal():
                yield Button(_("This one (o)"), id="following-one", variant="primary")
                yield Button(_("This and following (f)"), id="following-all")

    def on_mount(self) -> None:
        """Changing only the occurrence opened is the smaller change: it has the focus."""
        self.query_one("#following-one", Button).focus()

    @on(Button.Pressed)
    def answer_from_button(self, event: Button.Pressed) -> None:
        """Either button answers."""
        self.dismiss(event.button.id == "following-all")

    def action_answer(self, following: bool) -> None:
        """Close with the answer."""
        self.dismiss(following)

    def action_back(self) -> None:
        """Back to the form; nothing is saved."""
        self.dismiss(None)

"""The question every form asks before throwing typed edits away."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from taskboard.i18n import _
from taskboard.tui.screens.popup import PopUp
from taskboard.tui.translate import translate_bindings


class ConfirmDiscard(PopUp[bool]):
    """Asks before typed edits are thrown away; True means discard them."""

    DEFAULT_CSS = """
    ConfirmDiscard {
        align: center middle;
    }
    ConfirmDiscard > Vertical {
        width: auto;
        min-width: 40;
        height: auto;
        padding: 1 2;
        border: thick $warning;
        background: $surface;
    }
    ConfirmDiscard Horizontal {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ConfirmDiscard Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "y",
            "answer(True)",
            "Yes",
            tooltip="Throw the changes away and close the form",
            id="discard.yes",
        ),
        Binding(
            "n,escape",
            "answer(False)",
            "No",
            tooltip="Go back to the form and keep the changes",
            id="discard.no",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Discard your changes?"), id="discard-question")
            with Horizontal():
                yield Button(_("Discard"), id="discard-yes", variant="error")
                yield Button(_("Keep editing"), id="discard-no", variant="primary")

    def on_mount(self) -> None:
        """Keeping the edits is the safe answer, so it has the focus."""
        self.query_one("#discard-no", Button).focus()

    @on(Button.Pressed)
    def answer_from_button(self, event: Button.Pressed) -> None:
        """Discard closes the form, Keep editing goes back to it."""
        self.dismiss(event.button.id == "discard-yes")

    def action_answer(self, discard: bool) -> None:
        """Close with the answer."""
        self.dismiss(discard)


def close_form(form: ModalScreen[Any], *, edited: bool) -> None:
    """Close `form` without a result, asking first when it holds edits to lose."""
    if not edited:
        form.dismiss(None)
        return

    def close_if_discarded(discard: bool | None) -> None:
        if discard:
            form.dismiss(None)

    form.app.push_screen(ConfirmDiscard(), close_if_discarded)


class Confirm(PopUp[bool]):
    """Asks a yes/no question before a change the rules warn about; True means go ahead."""

    DEFAULT_CSS = """
    Confirm {
        align: center middle;
    }
    Confirm > Vertical {
        width: 60;
        height: auto;
        padding: 1 2;
        border: thick $warning;
        background: $surface;
    }
    Confirm Horizontal {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    Confirm Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", tooltip="Go ahead", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", tooltip="Leave it as it is", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="confirm-question", markup=False)
            with Horizontal():
                yield Button(self.yes, id="confirm-yes", variant="warning")
                yield Button(_("Cancel"), id="confirm-no", variant="primary")

    def on_mount(self) -> None:
        """Leaving things as they are is the safe answer, so it has the focus."""
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def answer_from_button(self, event: Button.Pressed) -> None:
        """The first button goes ahead, Cancel does not."""
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)

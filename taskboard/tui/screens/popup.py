"""The base of every pop-up: its own keys in the footer, and `?` for all of them.

A `ModalScreen` covers the screen beneath but Textual leaves that screen's
footer showing and does not pass the app's `?` down to it, so a pop-up's own
keys (ctrl+s to save, y/n to answer) were only in tooltips. A pop-up built on
`PopUp` docks its own key bar at the bottom and answers `?` with its keys — or
F1 while a text box has the focus, since `?` then types a question mark.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from taskboard.tui.widgets.key_bar import KeyBar

ResultType = TypeVar("ResultType")


class PopUp(ModalScreen[ResultType]):
    """A modal screen with its own footer of keys and a help key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "app.help", "Help", tooltip="Show every key", id="popup.help"),
    ]

    def on_mount(self) -> None:
        """Add the key bar once; subclasses compose their own content."""
        if not self.query(KeyBar):
            self.mount(KeyBar())

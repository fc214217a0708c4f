"""The help screen, generated from the bindings that are active where `?` was pressed.

Because it reads the live bindings (after the user's keymap is applied), it
always shows the keys that really work.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from taskboard.i18n import _
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.key_bar import KeyBar, key_label


def help_rows(bindings: Iterable[ActiveBinding]) -> list[tuple[str, str, str, str]]:
    """(keys, action, explanation, binding id) rows, keys of the same action joined.

    The id is what `settings.toml` `[keymap]` uses to give an action other keys.
    """
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for active in bindings:
        binding = active.binding
        if binding.system or not binding.description:
            continue
        tip = _(binding.tooltip) if binding.tooltip else ""
        title = (_(binding.description), tip, binding.id or "")
        grouped.setdefault(title, []).append(key_label(binding.key))
    return [(" ".join(keys), title, tip, ref) for (title, tip, ref), keys in grouped.items()]


class HelpScreen(ModalScreen[None]):
    """Every key that works on the screen below, with what it does."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 120; max-height: 90%; height: auto;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    HelpScreen DataTable { height: auto; }
    """

    def __init__(self, bindings: Iterable[ActiveBinding]) -> None:
        super().__init__()
        translate_bindings(self)
        self.rows = help_rows(bindings)

    def compose(self) -> ComposeResult:
        """A table of keys."""
        with VerticalScroll():
            yield Label(_("Keys"), classes="title")
            table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True)
            headers = (_("Key"), _("Action"), _("What it does"), _("Id for [keymap]"))
            table.add_columns(*(Text(header) for header in headers))
            table.add_rows(self.rows)
            yield table
            yield Label(
                _("ctrl+p opens the command palette; give an action other keys in settings.toml:")
                + '\n  [keymap]\n  "board.move_right" = "L,shift+right"',
                markup=False,
            )
        yield KeyBar()

    def on_mount(self) -> None:
        """The table has the focus, so the arrows scroll the keys."""
        self.query_one(DataTable).focus()

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss(None)

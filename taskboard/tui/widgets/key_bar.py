"""A one-line footer of the keys that work here, drawn as a single widget.

Textual's `Footer` mounts one widget per key and restyles them all whenever
a screen opens or closes; with a dozen keys that was most of the time it took
to open a task. This bar renders the same hints as one line of text, is
rebuilt from the live bindings (so remapped keys show), and runs a key's
action when its hint is clicked.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget

KEY_NAMES = {
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "shift+left": "shift+←",
    "shift+right": "shift+→",
    "shift+up": "shift+↑",
    "shift+down": "shift+↓",
    "question_mark": "?",
    "slash": "/",
    "escape": "Esc",
    "enter": "Enter",
    "delete": "Del",
}


def key_label(key: str) -> str:
    """A key as people write it (`shift+→`, `?`)."""
    return KEY_NAMES.get(key, key)


HELP_ACTIONS = frozenset({"help", "app.help"})
"""Actions that open the help screen; their hint is never dropped."""
WAY_OUT_ACTIONS = frozenset({"back", "quit", "app.quit"})
"""Going back and quitting: their hints are never dropped either, so that on any
screen, in any language, a coordinator sees how to get out of it."""


class KeyBar(Widget):
    """`⏎ Open  n New  e Edit …` for the bindings shown in the footer."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, Binding, DOMNode]] = []

    def on_mount(self) -> None:
        """Rebuild whenever the screen's bindings change (focus moved, keymap applied)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        """Stop listening once gone."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        """Redraw when this bar's screen is the one on top.

        Not `Screen.is_current`, which is also true of the screen just under the
        top one: the board's keys change as a task screen opens over it, and
        redrawing its bar there made Textual paint the task screen once more, a
        frame after the task was on screen. The bar is drawn again anyway when
        its screen comes back on top.
        """
        if self.app.screen is self.screen:
            self.refresh()

    def _shown(self) -> list[tuple[Binding, DOMNode]]:
        seen: set[str] = set()
        shown = []
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            shown.append((binding, active.node))
        return shown

    def _fitting(self) -> list[tuple[Binding, DOMNode]]:
        """The hints that fit the bar's width, `? Help` always among them and last.

        On a small terminal (or in a language with longer words) the hints at
        the end give way first; help stays, since it lists every key the bar has
        no room for, and so do Back and Quit (`WAY_OUT_ACTIONS`), wherever they
        come: their room is set aside before the other hints take theirs."""
        shown = self._shown()
        helps = [hint for hint in shown if hint[0].action in HELP_ACTIONS]
        others = [hint for hint in shown if hint[0].action not in HELP_ACTIONS]
        room = self.size.width or 10**6
        kept: list[tuple[Binding, DOMNode]] = []
        always = [*helps, *(hint for hint in others if hint[0].action in WAY_OUT_ACTIONS)]
        used = sum(self._hint_width(binding) for binding, _owner in always)
        full = False
        for hint in others:
            if hint[0].action in WAY_OUT_ACTIONS:
                kept.append(hint)
                continue
            used += self._hint_width(hint[0])
            full = full or used > room
            if not full:
                kept.append(hint)
        return kept + helps

    def _hint_width(self, binding: Binding) -> int:
        key = binding.key_display or self.app.get_key_display(binding)
        return cell_len(f" {key_label(key)} {binding.description}  ")

    def render(self) -> Text:
        """The hints, key highlighted, description plain."""
        text = Text(no_wrap=True, overflow="ellipsis")
        spans: list[tuple[int, int, Binding, DOMNode]] = []
        key_style = self.get_component_rich_style("key-bar--key")
        for binding, owner in self._fitting():
            start = len(text)
            key = binding.key_display or self.app.get_key_display(binding)
            text.append(f" {key_label(key)} ", style=key_style)
            text.append(f"{binding.description} ")
            spans.append((start, len(text), binding, owner))
            text.append(" ")
        self._spans = spans
        return text

    async def on_click(self, event: events.Click) -> None:
        """Clicking a hint does what pressing its key does."""
        for start, end, binding, owner in self._spans:
            if start <= event.x < end:
                await self.app.run_action(binding.action, owner)
                return

"""The board's top line: where you are on the left, what narrows the board on the right."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class TitleBar(Widget):
    """One line, repainted (never re-laid-out) when the filter summary changes.

    Typing a search updates the summary on every key, so this must be cheap.
    """

    DEFAULT_CSS = """
    TitleBar {
        height: 1;
        background: $primary;
        color: $text;
        text-style: bold;
    }
    TitleBar > .title-bar--summary {
        color: $warning;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"title-bar--summary"}

    title: reactive[str] = reactive("", layout=False)
    """Where you are: app, site."""
    summary: reactive[str] = reactive("", layout=False)
    """What narrows the board (search and filters), empty when nothing does."""

    def render(self) -> Text:
        """Title left, summary right."""
        width = self.size.width
        gap = max(1, width - cell_len(self.title) - cell_len(self.summary))
        text = Text(self.title + " " * gap, no_wrap=True, overflow="ellipsis")
        text.append(self.summary, style=self.get_component_rich_style("title-bar--summary"))
        return text

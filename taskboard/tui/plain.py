"""Text from the data file, made safe to draw: never read as markup, no control characters.

Titles, names and values from other sites' bundles may hold `[` (Textual markup:
`[@click=app.quit]` runs an action) or, in files written before the models
refused them, control characters that would reach the terminal as they are.
"""

from __future__ import annotations

from rich.text import Text

from taskboard.model.text import visible


def cell(value: str, style: str = "") -> Text:
    """A table cell: one line of literal text, cut with `…` when too wide."""
    return Text(visible(value, lines=False), style=style, no_wrap=True, overflow="ellipsis", end="")

"""A checkbox whose state shows without colour.

Textual's checkbox draws `▐X▌` whether it is on or off and tells them apart
by colour alone, which a colour-blind coordinator, a monochrome terminal or a
screen in sunlight cannot see. This one draws `▐✓▌` when on and `▐ ▌` when off.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox

ON = "✓"
OFF = " "


class Check(Checkbox):
    """A `Checkbox` that shows a tick when on and nothing when off."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = ON if self.value else OFF
        return super()._button

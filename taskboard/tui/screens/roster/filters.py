"""What the roster's search box and filter selects narrow it by."""

from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import Select

from taskboard.tui.screens.roster.rows import RosterRow

ACTIVITY = ("all", "active", "inactive")


@dataclass(frozen=True)
class RosterFilter:
    """What the search box and the filter selects narrow the roster by; empty means any."""

    text: str = ""
    """Case-folded search text."""
    skill: str | None = None
    min_level: int = 1
    """Level the chosen skill (or, with no skill chosen, any skill) must reach."""
    group: str | None = None
    site: str | None = None
    slot: str | None = None
    """Weekly availability slot `DAY:PART`."""
    active: str = "all"
    """`all`, `active` or `inactive`."""

    def matches(self, row: RosterRow) -> bool:
        """True when `row` passes every set criterion."""
        if self.text and self.text not in row.haystack:
            return False
        if not self._skill_ok(row):
            return False
        if self.group and self.group not in row.groups:
            return False
        if self.site and row.site != self.site:
            return False
        if self.slot and self.slot not in row.slots:
            return False
        return self.active == "all" or row.active == (self.active == "active")

    def _skill_ok(self, row: RosterRow) -> bool:
        if self.skill:
            return row.skills.get(self.skill, 0) >= self.min_level
        return self.min_level <= 1 or any(lvl >= self.min_level for lvl in row.skills.values())


def chosen(select: Select[str]) -> str | None:
    """A select's value, None when nothing is chosen."""
    value = select.value
    return value if isinstance(value, str) else None

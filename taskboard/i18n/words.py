"""Words for stored codes that people read: a status as its board column is titled.

Reports, the board and the CLI's descriptions all say `In progress` (进行中), never
the stored `in_progress`."""

from __future__ import annotations

from enum import StrEnum

from taskboard.i18n import _, pgettext

STATUS_TITLES = {
    "suggested": "Suggested",
    "open": "Open",
    "staffed": "Staffed",
    "in_progress": "In progress",
    "done": "Done",
    "archived": "Archived",
}
"""Each status as its board column is titled (English source text)."""


def status_title(status: StrEnum | str) -> str:
    """The column's title in the active language (`Staffed`, 已配人)."""
    return pgettext("column", STATUS_TITLES[str(status)])


def repeat_text(rule: str) -> str:
    """A series' written rule (`weekly:wed,sat`) as people say it: `weekly on wed, sat`,
    每周三、周六; `daily` 每天; `monthly:15` `monthly on day 15` 每月15日."""
    kind, _colon, rest = rule.partition(":")
    if kind == "daily":
        return _("every day")
    if kind == "weekly" and rest:
        days = pgettext("list separator", ", ").join(_(day) for day in rest.split(","))
        return _("weekly on {days}").format(days=days)
    if kind == "monthly" and rest:
        return _("monthly on day {n}").format(n=rest)
    return rule

"""Words for stored codes that people read: a status as its board column is titled.

Reports, the board and the CLI's descriptions all say `In progress` (进行中), never
the stored `in_progress`."""

from __future__ import annotations

from enum import StrEnum

from taskboard.i18n import pgettext

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

"""Domain types: pydantic models of sites, skills, volunteers, tasks, residents'
suggestions and their history.

This package never imports Textual; the CLI and the TUI both build on it.

The names below load on first use (PEP 562): the board paints from raw
records and its first screen needs only the plain enumerations
(`model.kinds`), so importing one of them must not import pydantic and build
every model class.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from taskboard.model.kinds import (
    DAYS,
    PARTS,
    AssignmentState,
    ChecklistState,
    Kind,
    Priority,
    Status,
    new_id,
)

if TYPE_CHECKING:
    from taskboard.model.campaign import Campaign, Household, Round, Visit
    from taskboard.model.history import HistoryEntry
    from taskboard.model.series import Series
    from taskboard.model.site import DEFAULT_SKILLS, Site, Skill
    from taskboard.model.suggestion import Decision, Suggestion, SuggestionStatus
    from taskboard.model.task import (
        Assignment,
        ChecklistItem,
        Headcount,
        HoursEntry,
        Need,
        Origin,
        Task,
        assignment_id,
    )
    from taskboard.model.volunteer import Away, Volunteer

_LAZY = {
    "Campaign": "campaign",
    "Household": "campaign",
    "Round": "campaign",
    "Visit": "campaign",
    "HistoryEntry": "history",
    "Series": "series",
    "DEFAULT_SKILLS": "site",
    "Site": "site",
    "Skill": "site",
    "Decision": "suggestion",
    "Suggestion": "suggestion",
    "SuggestionStatus": "suggestion",
    "Assignment": "task",
    "ChecklistItem": "task",
    "Headcount": "task",
    "HoursEntry": "task",
    "Need": "task",
    "Origin": "task",
    "Task": "task",
    "assignment_id": "task",
    "Away": "volunteer",
    "Volunteer": "volunteer",
}
"""Names that live in a pydantic module, and that module (loaded on first use)."""


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DAYS",
    "DEFAULT_SKILLS",
    "PARTS",
    "Assignment",
    "Campaign",
    "Household",
    "Round",
    "Visit",
    "AssignmentState",
    "Away",
    "ChecklistItem",
    "ChecklistState",
    "Decision",
    "Headcount",
    "HistoryEntry",
    "HoursEntry",
    "Kind",
    "Need",
    "Origin",
    "Priority",
    "Series",
    "Site",
    "Skill",
    "Status",
    "Suggestion",
    "SuggestionStatus",
    "Task",
    "Volunteer",
    "assignment_id",
    "new_id",
]

"""Domain types: pydantic models of sites, skills, volunteers, tasks, residents'
suggestions and their history.

This package never imports Textual; the CLI and the TUI both build on it.
"""

from taskboard.model.campaign import Campaign, Household, Round, Visit
from taskboard.model.common import (
    DAYS,
    PARTS,
    AssignmentState,
    ChecklistState,
    Kind,
    Priority,
    Status,
    new_id,
)
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

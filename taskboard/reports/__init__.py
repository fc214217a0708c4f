"""Reports: progress per site and status, the skills gap, hours, suggestions turned into work.

Headless (never imports Textual): the CLI writes the reports, the TUI's
reports screen charts the same `Figures`.
"""

from taskboard.reports.figures import (
    Figures,
    SiteStatus,
    SkillGap,
    SuggestionProgress,
    collect_figures,
    hours_by_month,
    skills_gap,
    status_by_site,
    suggestion_progress,
)
from taskboard.reports.hours import (
    TOTALS_BY,
    HoursRow,
    Total,
    check_month,
    hours_rows,
    hours_totals,
    new_hours_entry,
)
from taskboard.reports.render import (
    hours_csv,
    hours_markdown,
    hours_xlsx,
    number,
    readable,
    report_csv,
    report_html,
    report_markdown,
)

__all__ = [
    "TOTALS_BY",
    "Figures",
    "HoursRow",
    "SiteStatus",
    "SkillGap",
    "SuggestionProgress",
    "Total",
    "check_month",
    "collect_figures",
    "hours_by_month",
    "hours_csv",
    "hours_markdown",
    "hours_rows",
    "hours_totals",
    "hours_xlsx",
    "new_hours_entry",
    "number",
    "readable",
    "report_csv",
    "report_html",
    "report_markdown",
    "skills_gap",
    "status_by_site",
    "suggestion_progress",
]

"""The notice to residents (公示): each suggestion and what became of it.

Community offices post it on the notice board and in the buildings' chat
groups after a round of work, so residents see that every suggestion was
answered: done on which day, in progress, planned, or declined and why. Text
for chat messages, one self-contained HTML page that prints on A4 and reads on
a phone (no fonts, scripts or images fetched from anywhere; every piece of
user text escaped). The words are the active language's, like the rest of the
app: Chinese on the Chinese UI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from taskboard.i18n import _, ngettext
from taskboard.model.suggestion import SuggestionStatus
from taskboard.reports.suggestions import (
    SuggestionView,
    count_statuses,
    day_text,
    outcome_text,
    status_text,
)
from taskboard.sheets.html import html_page

SUMMARY_ORDER = (
    SuggestionStatus.DONE,
    SuggestionStatus.IN_PROGRESS,
    SuggestionStatus.PLANNED,
    SuggestionStatus.ACCEPTED,
    SuggestionStatus.RECEIVED,
    SuggestionStatus.DECLINED,
)
"""The order the summary line counts statuses in: what is finished first."""

NOTICE_CSS = """
table.notice td.no { white-space: nowrap; width: 3.5em; }
table.notice td.outcome { width: 40%; }
.mark { font-weight: bold; margin-right: .3em; }
.done .mark { color: #1a7f37; }
.in_progress .mark, .planned .mark { color: #9a6700; }
.declined .mark { color: #555; }
p.summary { font-size: 1.05em; }
@media (max-width: 34em) {
  table.notice, table.notice tbody, table.notice tr, table.notice td {
    display: block; width: auto;
  }
  table.notice thead { display: none; }
  table.notice tr { border: 1px solid #999; margin: .5em 0; padding: .3em .5em; }
  table.notice td { border: none; padding: .1em 0; }
  table.notice td.no { font-weight: bold; }
}
"""
"""Added to the sheets' page styles: the table turns into one card per suggestion on a phone."""

MARKS = {
    SuggestionStatus.DONE: "✓",
    SuggestionStatus.IN_PROGRESS: "…",
    SuggestionStatus.PLANNED: "○",
    SuggestionStatus.ACCEPTED: "○",
    SuggestionStatus.RECEIVED: "·",
    SuggestionStatus.DECLINED: "×",
}
"""A mark before each outcome, so a printed black-and-white notice still reads at a glance."""


@dataclass(frozen=True)
class Notice:
    """What a notice says, in the active language."""

    title: str
    summary: str
    rows: list[tuple[str, str, str, SuggestionStatus]]
    """(number or reference, the residents' words, what became of it, status)."""
    footer: str


def notice_of(site_name: str, views: list[SuggestionView], today: dt.date) -> Notice:
    """The notice for one site's suggestions, as of `today`."""
    counts = count_statuses(views)
    parts = [
        _("{status} {count}").format(status=status_text(status), count=counts[status.value])
        for status in SUMMARY_ORDER
        if counts[status.value]
    ]
    summary = ngettext(
        "{total} suggestion: {parts}", "{total} suggestions: {parts}", len(views)
    ).format(total=len(views), parts=_(", ").join(parts) if parts else "-")
    rows = [
        (view.number or view.ref, str(view.doc["text"]), outcome_text(view), view.progress.status)
        for view in views
    ]
    title = _("{site}: residents' suggestions and what became of them").format(site=site_name)
    footer = _("{site} · as of {day}").format(site=site_name, day=day_text(today))
    return Notice(title, summary, rows, footer)


def notice_text(notice: Notice) -> str:
    """Plain text for a chat message or a plain printer."""
    lines = [notice.title, notice.summary, ""]
    if not notice.rows:
        lines.append(_("No suggestions recorded yet."))
    for number, words, outcome, status in notice.rows:
        lines.append(f"{number}  {words}")
        lines.append(f"    {MARKS[status]} {outcome}")
    lines += ["", notice.footer]
    return "\n".join(lines) + "\n"


def notice_html(notice: Notice) -> str:
    """One self-contained, printable page (A4) that also reads on a phone."""
    headers = (_("No."), _("Suggestion"), _("What became of it"))
    head = "".join(f"<th>{escape(header)}</th>" for header in headers)
    body = "".join(
        f'<tr class="{status.value}"><td class="no">{escape(number)}</td>'
        f"<td>{escape(words)}</td>"
        f'<td class="outcome"><span class="mark">{MARKS[status]}</span>{escape(outcome)}</td>'
        "</tr>\n"
        for number, words, outcome, status in notice.rows
    )
    table = (
        f'<table class="notice"><thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody></table>\n'
        if notice.rows
        else f'<p class="empty">{escape(_("No suggestions recorded yet."))}</p>\n'
    )
    page = (
        f"<h1>{escape(notice.title)}</h1>\n"
        f'<p class="summary">{escape(notice.summary)}</p>\n'
        f"{table}<footer>{escape(notice.footer)}</footer>\n"
    )
    return html_page(notice.title, page).replace("</style>", f"{NOTICE_CSS}</style>", 1)

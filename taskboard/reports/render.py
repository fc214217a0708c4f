"""The district report and the hours report as Markdown, CSV and HTML.

CSV files are what offices keep in spreadsheets: UTF-8 with a BOM and CRLF
line ends when written to a file (Excel and WPS then show the Chinese text),
cells that look like formulas defused. The report's CSV is one long table
(figure, key, label, measure, value) so that a spreadsheet can pivot it any
way the district asks for.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from html import escape

from taskboard.i18n import _, pgettext
from taskboard.i18n.words import status_title
from taskboard.model import Status
from taskboard.reports.figures import Figures, Spending
from taskboard.reports.hours import HoursRow
from taskboard.reports.svg import bar_chart, series_of
from taskboard.sheets import fields_html, html_page, markdown_table, table_html
from taskboard.store.workbooks import xlsx_bytes

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REPORT_CSV_COLUMNS = ("figure", "key", "label", "measure", "value")
HOURS_COLUMNS = (
    "Date",
    "Volunteer",
    "Reference",
    "Task ref",
    "Task",
    "Site",
    "Hours",
    "Verified by",
    "Note",
)
"""The hours report's columns (English source text; headers come out translated)."""
TOTAL_KEYS = (
    ("tasks", "Tasks"),
    ("open_slots", "Open slots"),
    ("volunteers", "Active volunteers"),
    ("hours", "Hours logged"),
    ("suggestions", "Residents' suggestions"),
    ("suggestions_done", "Suggestions done"),
    ("expected_adults", "Expected at events: adults"),
    ("expected_minors", "Expected at events: minors"),
    ("attended_adults", "Came to events: adults"),
    ("attended_minors", "Came to events: minors"),
    ("cost_estimate", "Estimated cost (yuan)"),
    ("cost", "Spent (yuan)"),
)


def number(value: float) -> str:
    """A figure as a machine reads it back: `1000000`, `1234567.5`, `2.5`, `0.3`, `3`.

    Money and hours are kept to the fen (2 decimals), written without trailing
    zeros and never in scientific notation (`:g` wrote a million as `1e+06`
    and rounded 1234567 to `1.23457e+06`). No thousands separators: this is
    what the CSV files hold, and a spreadsheet or script must read it as a number.
    """
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def readable(value: float) -> str:
    """A figure as people read it (Markdown, HTML, the terminal): `number` with
    thousands separators, `1,000,000`, `1,234,567.5`, as amounts are written on
    a Chinese office's forms too."""
    whole, point, fraction = number(value).partition(".")
    return f"{int(whole):,}{point}{fraction}"


def defused(cell: str) -> str:
    """A leading quote keeps spreadsheets from running a cell as a formula (CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Rows as CSV with CRLF line ends, every cell defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([defused(cell) for cell in row] for row in rows)
    return buffer.getvalue()


# Tables shared by every format -----------------------------------------------------------
def _table_totals(figures: Figures) -> tuple[list[str], list[list[str]]]:
    rows = [[_(label), readable(figures.totals.get(key, 0.0))] for key, label in TOTAL_KEYS]
    return [_("Figure"), _("Value")], rows


def _table_status(figures: Figures) -> tuple[list[str], list[list[str]]]:
    headers = [_("Site"), *(status_title(status) for status in Status), _("Total")]
    rows = [
        [
            site.name,
            *(readable(site.counts[status.value]) for status in Status),
            readable(site.total),
        ]
        for site in figures.status_by_site
    ]
    return headers, rows


def _table_gap(figures: Figures) -> tuple[list[str], list[list[str]]]:
    headers = [_("Skill"), _("Open slots"), _("Volunteers with the skill"), _("Short")]
    rows = [
        [gap.label, readable(gap.open_slots), readable(gap.volunteers), readable(gap.short)]
        for gap in figures.skills_gap
    ]
    return headers, rows


def _table_months(figures: Figures) -> tuple[list[str], list[list[str]]]:
    return [_("Month"), _("Hours")], [[month, readable(h)] for month, h in figures.hours_by_month]


def _table_suggestions(figures: Figures) -> tuple[list[str], list[list[str]]]:
    headers = [
        _("Site"),
        _("Suggestions"),
        _("In work"),
        _("Done"),
        pgettext("suggestion", "Declined"),
        _("Hours"),
    ]
    rows = [
        [
            item.name,
            readable(item.suggestions),
            readable(item.in_work),
            readable(item.done),
            readable(item.declined),
            readable(item.hours),
        ]
        for item in figures.suggestions
    ]
    return headers, rows


def _spending(items: list[Spending], first: str) -> tuple[list[str], list[list[str]]]:
    headers = [_(first), _("Tasks"), _("Estimated (yuan)"), _("Spent (yuan)")]
    rows = [
        [item.label, readable(item.tasks), readable(item.estimated), readable(item.spent)]
        for item in items
    ]
    return headers, rows


def _table_funds(figures: Figures) -> tuple[list[str], list[list[str]]]:
    """Each site's funds apart: one row per (site, fund), the site named first."""
    headers, rows = _spending(figures.by_fund, "Fund")
    sites = [item.site_name for item in figures.by_fund]
    return [_("Site"), *headers], [[site, *row] for site, row in zip(sites, rows, strict=True)]


def _table_suggestion_spending(figures: Figures) -> tuple[list[str], list[list[str]]]:
    return _spending(figures.by_suggestion, "Suggestion")


SECTIONS = (
    ("Summary", _table_totals),
    ("Tasks per status and site", _table_status),
    ("Skills needed and volunteers who have them", _table_gap),
    ("Volunteer hours per month", _table_months),
    ("Residents' suggestions turned into work", _table_suggestions),
    ("Spending per fund", _table_funds),
    ("Spending per residents' suggestion", _table_suggestion_spending),
)
"""(heading, table builder) of each part of the report, in order."""


def _report_facts(today: dt.date, site_name: str) -> list[tuple[str, str]]:
    return [(_("Data file of"), site_name), (_("As of"), today.isoformat())]


# Markdown ----------------------------------------------------------------------------------
def report_markdown(figures: Figures, *, today: dt.date, site_name: str) -> str:
    """The report as Markdown tables."""
    lines = [f"# {_('Volunteer work report')}", ""]
    lines += [f"- **{label}:** {value}" for label, value in _report_facts(today, site_name)]
    for heading, build in SECTIONS:
        headers, rows = build(figures)
        lines += ["", f"## {_(heading)}", ""]
        lines += markdown_table(headers, rows) if rows else [_("Nothing yet.")]
    return "\n".join(lines) + "\n"


# CSV ---------------------------------------------------------------------------------------
def report_rows(figures: Figures) -> list[list[str]]:
    """The report as (figure, key, label, measure, value) rows."""
    rows = [
        ["totals", key, _(label), "value", number(figures.totals.get(key, 0.0))]
        for key, label in TOTAL_KEYS
    ]
    for site in figures.status_by_site:
        rows += [
            ["tasks_by_status", site.site, site.name, status, str(count)]
            for status, count in site.counts.items()
        ]
    for gap in figures.skills_gap:
        rows.append(["skills_gap", gap.skill, gap.label, "open_slots", str(gap.open_slots)])
        rows.append(["skills_gap", gap.skill, gap.label, "volunteers", str(gap.volunteers)])
    rows += [["hours_by_month", m, m, "hours", number(h)] for m, h in figures.hours_by_month]
    for item in figures.suggestions:
        for measure, value in (
            ("suggestions", item.suggestions),
            ("in_work", item.in_work),
            ("done", item.done),
            ("declined", item.declined),
            ("hours", item.hours),
        ):
            rows.append(["suggestions", item.site, item.name, measure, number(value)])
    for figure, items in (
        ("spending_by_fund", figures.by_fund),
        ("spending_by_suggestion", figures.by_suggestion),
    ):
        for spent in items:
            for measure, amount in (
                ("tasks", float(spent.tasks)),
                ("estimated", spent.estimated),
                ("spent", spent.spent),
            ):
                rows.append([figure, spent.key, spent.title, measure, number(amount)])
    return rows


def report_csv(figures: Figures) -> str:
    """The report as one long CSV table."""
    return csv_text(REPORT_CSV_COLUMNS, report_rows(figures))


# HTML --------------------------------------------------------------------------------------
def report_charts(figures: Figures) -> dict[str, str]:
    """SVG charts by section heading (the summary has none)."""
    status_series = series_of(
        [
            (
                status_title(status),
                [float(site.counts[status.value]) for site in figures.status_by_site],
            )
            for status in Status
        ]
    )
    gap_series = series_of(
        [
            (_("Open slots"), [float(gap.open_slots) for gap in figures.skills_gap]),
            (_("Volunteers with the skill"), [float(gap.volunteers) for gap in figures.skills_gap]),
        ]
    )
    month_series = series_of([(_("Hours"), [hours for _m, hours in figures.hours_by_month])])
    suggestion_series = series_of(
        [
            (_("Suggestions"), [float(item.suggestions) for item in figures.suggestions]),
            (_("Done"), [float(item.done) for item in figures.suggestions]),
        ]
    )
    return {
        "Tasks per status and site": bar_chart(
            _("Tasks per status and site"),
            [site.name for site in figures.status_by_site],
            status_series,
            stacked=True,
        ),
        "Skills needed and volunteers who have them": bar_chart(
            _("Skills needed and volunteers who have them"),
            [gap.label for gap in figures.skills_gap],
            gap_series,
        ),
        "Volunteer hours per month": bar_chart(
            _("Volunteer hours per month"),
            [month for month, _h in figures.hours_by_month],
            month_series,
        ),
        "Residents' suggestions turned into work": bar_chart(
            _("Residents' suggestions turned into work"),
            [item.name for item in figures.suggestions],
            suggestion_series,
        ),
    }


def report_html(figures: Figures, *, today: dt.date, site_name: str) -> str:
    """The report as one page: each figure as a chart (inline SVG) above its table."""
    charts = report_charts(figures)
    title = _("Volunteer work report")
    facts = fields_html(_report_facts(today, site_name))
    parts = [f"<header>\n<h1>{escape(title)}</h1>\n{facts}</header>\n"]
    for heading, build in SECTIONS:
        headers, rows = build(figures)
        parts.append(f"<section>\n<h2>{escape(_(heading))}</h2>\n")
        if heading in charts and rows:
            parts.append(f"<figure>\n{charts[heading]}</figure>\n")
        numeric = _numeric_columns(headers, rows)
        parts.append(table_html(headers, rows, numeric) if rows else _nothing())
        parts.append("</section>\n")
    return html_page(title, "".join(parts))


def _numeric_columns(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> frozenset[int]:
    """Columns after the first whose every cell is a number: those are right-aligned,
    and names (a site, a fund) in any other column stay left-aligned."""
    return frozenset(
        index
        for index in range(1, len(headers))
        if all(_NUMBER.fullmatch(row[index]) for row in rows)
    )


_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
"""A cell written by `readable` (or `number`)."""


def _nothing() -> str:
    return f'<p class="empty">{escape(_("Nothing yet."))}</p>\n'


# The hours report --------------------------------------------------------------------------
def hours_table(
    rows: list[HoursRow], shown: Callable[[float], str] = number
) -> tuple[list[str], list[list[str]]]:
    """Headers (translated) and cells of the hours report, hours written by `shown`
    (`number` for the CSV file, `readable` for people)."""
    cells = [
        [
            row.date.isoformat(),
            row.volunteer,
            row.ref,
            row.task_ref,
            row.task,
            row.site,
            shown(row.hours),
            row.verified_by,
            row.note,
        ]
        for row in rows
    ]
    return [_(column) for column in HOURS_COLUMNS], cells


def hours_csv(rows: list[HoursRow]) -> str:
    """The hours report as CSV, one logged entry per row."""
    headers, cells = hours_table(rows)
    return csv_text(headers, cells)


def hours_xlsx(rows: list[HoursRow], *, month: str | None) -> bytes:
    """The hours report as an Excel workbook: hours as numbers, every other cell as text.

    References and dates stay text cells, so the spreadsheet keeps them as
    written; a last row gives the total, as the Markdown report does.
    """
    headers, _cells = hours_table(rows)
    cells: list[list[str | float]] = [
        [
            row.date.isoformat(),
            row.volunteer,
            row.ref,
            row.task_ref,
            row.task,
            row.site,
            row.hours,
            row.verified_by,
            row.note,
        ]
        for row in rows
    ]
    total = round(sum(row.hours for row in rows), 2)
    cells.append([_("Total"), "", "", "", "", "", total, "", ""])
    title = _("Volunteer hours") + (f" {month}" if month else "")
    return xlsx_bytes(headers, cells, title=title)


def hours_markdown(rows: list[HoursRow], *, month: str | None) -> str:
    """The hours report as a Markdown table with the total under it."""
    title = _("Volunteer hours")
    if month:
        title += f" {month}"
    headers, cells = hours_table(rows, readable)
    lines = [f"# {title}", ""]
    lines += markdown_table(headers, cells) if cells else [_("No hours logged.")]
    total = readable(sum(row.hours for row in rows))
    lines += ["", f"**{_('Total')}:** {_('{hours} h').format(hours=total)}"]
    return "\n".join(lines) + "\n"

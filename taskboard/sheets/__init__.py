"""Sheets for people who do not use the app: a volunteer's, a crew's and a day's.

Headless (never imports Textual): the CLI prints and writes them, the kiosk
screen shows the same lines. Formats: plain text and Markdown for chat
messages, a printable HTML page, and an iCalendar file for phones.
"""

from __future__ import annotations

import datetime as dt

from taskboard.sheets.document import (
    Document,
    Entry,
    Section,
    crew_document,
    day_document,
    day_text,
    schedule_document,
    window_text,
)
from taskboard.sheets.entries import (
    PHONE_END_DIGITS,
    AssignmentLine,
    Crew,
    LineReader,
    Person,
    Schedule,
    day_crews,
    kiosk_schedule,
    task_crew,
    volunteer_schedule,
)
from taskboard.sheets.html import fields_html, html_page, page_lang, render_html, table_html
from taskboard.sheets.ics import event_uid, render_ics
from taskboard.sheets.text import markdown_table, render_markdown, render_text
from taskboard.store import Store

SHEET_FORMATS = ("text", "md", "html")
"""Formats every sheet comes in; a volunteer's also comes as `ics`."""


def render_document(document: Document, fmt: str) -> str:
    """The document in `fmt` (`text`, `md` or `html`)."""
    renderers = {"text": render_text, "md": render_markdown, "html": render_html}
    return renderers[fmt](document)


def render_schedule(schedule: Schedule, fmt: str, *, link: str = "") -> str:
    """A volunteer's sheet in `fmt` (`text`, `md`, `html` or `ics`), with their
    phone-page `link` and its QR code when given (not in `ics`: a calendar has no page)."""
    if fmt == "ics":
        return render_ics(schedule)
    return render_document(schedule_document(schedule, link=link), fmt)


def volunteer_sheet(store: Store, query: str, today: dt.date, fmt: str) -> str:
    """The sheet of the volunteer given by reference, name or phone, in `fmt`."""
    return render_schedule(volunteer_schedule(store, query, today), fmt)


def crew_sheet(store: Store, ref: str, fmt: str, *, phones: bool = False) -> str:
    """The sheet of one task's crew in `fmt`; phone numbers only when asked for."""
    return render_document(crew_document(task_crew(store, ref), phones=phones), fmt)


def day_sheet(
    store: Store, day: dt.date, fmt: str, *, site: str | None = None, phones: bool = False
) -> str:
    """Who goes where on `day` (at one site or all) in `fmt`."""
    crews = day_crews(store, day, site)
    return render_document(day_document(day, crews, site=site, phones=phones), fmt)


__all__ = [
    "SHEET_FORMATS",
    "AssignmentLine",
    "Crew",
    "Document",
    "Entry",
    "LineReader",
    "Person",
    "Schedule",
    "Section",
    "crew_document",
    "crew_sheet",
    "day_crews",
    "day_document",
    "day_sheet",
    "day_text",
    "event_uid",
    "fields_html",
    "html_page",
    "markdown_table",
    "page_lang",
    "render_document",
    "render_html",
    "render_ics",
    "render_markdown",
    "render_schedule",
    "render_text",
    "schedule_document",
    "table_html",
    "task_crew",
    "PHONE_END_DIGITS",
    "kiosk_schedule",
    "volunteer_schedule",
    "volunteer_sheet",
    "window_text",
]

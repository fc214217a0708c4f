"""Sheets as plain documents: a title, a few facts, sections of entries.

The three sheets (a volunteer's, a crew's, a day's) are built into this one
shape in the active language, so that the text, Markdown and HTML renderers
are written once and a sheet looks alike whichever way it is handed out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from taskboard.i18n import _
from taskboard.model import DAYS
from taskboard.sheets.entries import AssignmentLine, Crew, Schedule
from taskboard.store.queries import LEADER_MARK

Field = tuple[str, str]
"""(label, value), both ready to print."""


@dataclass(frozen=True)
class Entry:
    """One thing on a sheet: an assignment, or a person in a crew."""

    title: str
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Section:
    """A heading, a few facts about it, and its entries."""

    heading: str
    entries: tuple[Entry, ...]
    facts: tuple[Field, ...] = ()
    empty: str = ""
    """Said when there are no entries."""
    compact: bool = False
    """One line per entry (people in a crew), a table in HTML."""
    title_label: str = ""
    """Column heading of the entry titles when the section is a table."""


@dataclass(frozen=True)
class Document:
    """A whole sheet."""

    title: str
    facts: tuple[Field, ...]
    sections: tuple[Section, ...]
    footer: str = ""
    link: str = ""
    """The volunteer's phone-page link, printed with its QR code (`--with-link`)."""


# Dates and windows ---------------------------------------------------------------------
def day_text(day: dt.date) -> str:
    """`2026-11-28 周六`: the date with its weekday, as people plan by weekday."""
    return f"{day.isoformat()} {_(DAYS[day.weekday()])}"


def window_text(start: dt.datetime | None, end: dt.datetime | None, due: dt.date | None) -> str:
    """`2026-11-28 周六 08:30–12:00`, `by 2026-12-07 周一`, or `no date yet`."""
    if start is not None and end is not None:
        until = (
            f"{end:%H:%M}" if end.date() == start.date() else f"{day_text(end.date())} {end:%H:%M}"
        )
        return f"{day_text(start.date())} {start:%H:%M}–{until}"
    if due is not None:
        return _("by {day}").format(day=day_text(due))
    return _("no date yet")


def line_window(line: AssignmentLine) -> str:
    """The window of an assignment's task."""
    return window_text(line.start, line.end, line.due)


def place_text(place: str, site_name: str) -> str:
    """`朱庆花园南区 东侧围墙 (阜宁社区)`; the site once only when the place names it."""
    if not place:
        return site_name
    return place if site_name in place else f"{place} ({site_name})"


# A volunteer's sheet -------------------------------------------------------------------
def schedule_document(schedule: Schedule, *, link: str = "") -> Document:
    """The volunteer's sheet: what is coming, then what was done lately (and, when
    given, their phone-page link to scan)."""
    person = schedule.person
    upcoming = Section(
        heading=_("Upcoming"),
        entries=tuple(_assignment_entry(line) for line in schedule.upcoming),
        empty=_("Nothing planned yet."),
    )
    recent = Section(
        heading=_("Recently"),
        entries=tuple(_assignment_entry(line, past=True) for line in schedule.recent),
        empty=_("Nothing in the last 30 days."),
    )
    return Document(
        title=_("Assignments of {name} ({ref})").format(name=person.name, ref=person.ref),
        facts=((_("As of"), day_text(schedule.today)),),
        sections=(upcoming, recent),
        footer=contact_footer(schedule.contact),
        link=link,
    )


def link_heading() -> str:
    """The words over the phone-page link on a sheet."""
    return _("Your phone page: scan the code or open the link")


def contact_footer(contact: str) -> str:
    """The line under a volunteer's schedule: whom to call, when the site says."""
    if contact:
        return _("Questions? Call {contact}.").format(contact=contact)
    return _("Questions? Ask your community office.")


def _assignment_entry(line: AssignmentLine, *, past: bool = False) -> Entry:
    fields: list[Field] = [
        (_("Place"), place_text(line.place, line.site_name)),
        (_("Your part"), line.skill_label),
        (_("State"), _(line.state.value)),
        (_("Contact"), line.contact),
    ]
    leader = line.leader
    if not past and leader is not None and leader.id != line.person.id:
        phone = f" · {leader.phone}" if leader.phone else ""
        fields.append((_("Crew leader"), f"{leader.name}{phone}"))  # their own sheet: a phone
    if past and line.hours:
        fields.append((_("Hours"), f"{line.hours:g}"))
    return Entry(title=f"{line_window(line)} · {line.title} ({line.ref})", fields=tuple(fields))


# A crew's and a day's sheets -----------------------------------------------------------
def crew_document(crew: Crew, *, phones: bool = False) -> Document:
    """One task and everyone on it: for the crew lead or the notice board."""
    task = crew.task
    facts = [*_task_facts(crew, phones=phones)]
    if task.get("description"):
        facts.append((_("Description"), task["description"]))
    return Document(
        title=f"{task['title']} ({task.get('ref', '')})",
        facts=tuple(facts),
        sections=(_crew_section(crew, _("Crew"), phones=phones, facts=False),),
        footer=_("Questions? Ask your community office."),
    )


def day_document(day: dt.date, crews: list[Crew], *, site: str | None, phones: bool) -> Document:
    """Who goes where on `day`: one section per task, its crew in it."""
    facts = [(_("Date"), day_text(day))]
    if site:
        facts.append((_("Site"), site))
    sections = tuple(
        _crew_section(crew, f"{crew.task['title']} ({crew.task.get('ref', '')})", phones=phones)
        for crew in crews
    )
    if not sections:
        sections = (Section(heading=_("Tasks"), entries=(), empty=_("No work on this day.")),)
    return Document(
        title=_("Who goes where on {day}").format(day=day_text(day)),
        facts=tuple(facts),
        sections=sections,
    )


def _task_facts(crew: Crew, *, phones: bool) -> list[Field]:
    task = crew.task
    start = dt.datetime.fromisoformat(task["start"]) if task.get("start") else None
    end = dt.datetime.fromisoformat(task["end"]) if task.get("end") else None
    due = dt.date.fromisoformat(task["due"]) if task.get("due") else None
    needs = " · ".join(f"{label} {filled}/{count}" for label, filled, count in crew.needs)
    facts = [
        (_("When"), window_text(start, end, due)),
        (_("Place"), place_text(task.get("place", ""), crew.site_name)),
        (_("Contact"), crew.contact),
    ]
    if needs:
        facts.append((_("Needs"), needs))
    if crew.leader is not None:
        facts.append((_("Crew leader"), _leader_text(crew, phones=phones)))
    return facts


def _leader_text(crew: Crew, *, phones: bool) -> str:
    """`★ 郑秀兰 (funing-v9) · 13800138000`: the phone only where the sheet shows phones
    (a sheet without them may go on a notice board)."""
    leader = crew.leader
    assert leader is not None
    phone = f" · {leader.phone}" if phones and leader.phone else ""
    return f"{LEADER_MARK} {leader.name} ({leader.ref}){phone}"


def _crew_section(crew: Crew, heading: str, *, phones: bool, facts: bool = True) -> Section:
    """The crew as a table; on a day sheet with the task's time and place above it."""
    return Section(
        heading=heading,
        facts=tuple(_task_facts(crew, phones=phones)) if facts else (),
        entries=tuple(_crew_entry(line, crew, phones=phones) for line in crew.lines),
        empty=_("Nobody assigned yet."),
        compact=True,
        title_label=_("Volunteer"),
    )


def _crew_entry(line: AssignmentLine, crew: Crew, *, phones: bool) -> Entry:
    fields: list[Field] = [(_("Skill"), line.skill_label), (_("State"), _(line.state.value))]
    if phones:
        fields.append((_("Phone"), line.person.phone or "-"))
    leads = crew.leader is not None and crew.leader.id == line.person.id
    mark = f"{LEADER_MARK} " if leads else ""
    return Entry(title=f"{mark}{line.person.name} ({line.person.ref})", fields=tuple(fields))

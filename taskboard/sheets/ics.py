"""A volunteer's assignments as an iCalendar file (RFC 5545) a phone calendar imports.

Each event's UID is the assignment's id, which every site derives the same way,
so importing a newer file updates the events instead of adding copies; an
assignment the person declined comes back as a cancelled event, which takes it
off the calendar. DTSTAMP and LAST-MODIFIED are the time of the last change to
the task or the assignment (not the time of export), so exporting unchanged
data twice gives the same bytes, and SEQUENCE grows with every change.

Times are local to the community offices (China Standard Time, no daylight
saving), sent with their TZID and a matching VTIMEZONE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from taskboard.i18n import _
from taskboard.model import AssignmentState
from taskboard.sheets.document import place_text
from taskboard.sheets.entries import RECENT_DAYS, AssignmentLine, Schedule
from taskboard.store.clock import hlc_datetime

PRODID = "-//taskboard//volunteer assignments//EN"
UID_DOMAIN = "taskboard"
TZID = "Asia/Shanghai"
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    f"X-LIC-LOCATION:{TZID}",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "DTSTART:19700101T000000",
    "END:STANDARD",
    "END:VTIMEZONE",
)
"""China Standard Time: UTC+8 all year round."""
MAX_OCTETS = 75
"""Longest content line RFC 5545 allows before folding, in octets (CRLF not counted)."""
SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
"""SEQUENCE counts seconds from here: it grows with each change and fits 32 bits until 2088."""
STATUS = {
    AssignmentState.PROPOSED: "TENTATIVE",
    AssignmentState.CONFIRMED: "CONFIRMED",
    AssignmentState.DONE: "CONFIRMED",
    AssignmentState.NO_SHOW: "CONFIRMED",
    AssignmentState.DECLINED: "CANCELLED",
}


# Lines -----------------------------------------------------------------------------------
def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped (RFC 5545 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces, never inside a UTF-8 character."""
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # the leading space counts
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def utc_stamp(moment: dt.datetime) -> str:
    """`20261120T083000Z`."""
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def local_time(moment: dt.datetime) -> str:
    """`20261128T083000` (the office's local time, paired with TZID)."""
    return moment.strftime("%Y%m%dT%H%M%S")


# Events ----------------------------------------------------------------------------------
def event_uid(assignment_id: str) -> str:
    """The event's UID: the same wherever and however often the file is made."""
    return f"{assignment_id}@{UID_DOMAIN}"


def event_lines(line: AssignmentLine) -> list[str]:
    """One VEVENT for an assignment whose task has a window or a due date."""
    changed = hlc_datetime(line.changed)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(line.assignment)}",
        f"DTSTAMP:{utc_stamp(changed)}",
        f"LAST-MODIFIED:{utc_stamp(changed)}",
        f"SEQUENCE:{max(0, int((changed - SEQUENCE_EPOCH).total_seconds()))}",
        *_when(line),
        f"SUMMARY:{escape_text(f'{line.title} · {line.skill_label}')}",
        f"LOCATION:{escape_text(place_text(line.place, line.site_name))}",
        f"DESCRIPTION:{escape_text(_description(line))}",
        f"STATUS:{STATUS[line.state]}",
        "END:VEVENT",
    ]
    return lines


def _when(line: AssignmentLine) -> list[str]:
    """A timed event for a window; an all-day event on the due day otherwise."""
    if line.start is not None and line.end is not None:
        return [
            f"DTSTART;TZID={TZID}:{local_time(line.start)}",
            f"DTEND;TZID={TZID}:{local_time(line.end)}",
        ]
    assert line.due is not None
    after = line.due + dt.timedelta(days=1)
    return [f"DTSTART;VALUE=DATE:{line.due:%Y%m%d}", f"DTEND;VALUE=DATE:{after:%Y%m%d}"]


def _description(line: AssignmentLine) -> str:
    parts = [
        f"{line.ref} {line.title}",
        _("{label}: {value}").format(label=_("Your part"), value=line.skill_label),
        _("{label}: {value}").format(label=_("Contact"), value=line.contact),
    ]
    if line.start is None:
        parts.append(_("Due by this day."))
    if line.description:
        parts += ["", line.description]
    return "\n".join(parts)


def calendar_lines(lines: Iterable[AssignmentLine], name: str) -> list[str]:
    """A whole VCALENDAR: the time zone, then one event per dated assignment."""
    events = [event_lines(line) for line in lines if line.start is not None or line.due]
    return [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
        *(line for event in events for line in event),
        "END:VCALENDAR",
    ]


def render_ics(schedule: Schedule) -> str:
    """The volunteer's calendar: upcoming and recent work, declined work as cancelled."""
    since = schedule.today - dt.timedelta(days=RECENT_DAYS)
    cancelled = [
        line for line in schedule.cancelled if line.last_day is not None and line.last_day >= since
    ]
    lines = sorted([*schedule.upcoming, *schedule.recent, *cancelled], key=AssignmentLine.sort_key)
    name = _("Assignments of {name} ({ref})").format(
        name=schedule.person.name, ref=schedule.person.ref
    )
    return "".join(fold(line) + "\r\n" for line in calendar_lines(lines, name))

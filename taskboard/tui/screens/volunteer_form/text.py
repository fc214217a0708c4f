"""The volunteer form's text and the values it stands for, both ways.

Coordinators type the compact notations they know from the CLI
(`welding:3, painting:1`, `welding:2027-06-30`, `2026-12-01:2026-12-10`),
parsed by the same parsers (`model/values.py`); each parser raises
`OptionError` with a reason a coordinator can act on.
"""

from __future__ import annotations

import re

from taskboard.i18n import _, group_name
from taskboard.model import Volunteer, values

LIST_SEPARATORS = re.compile(r"[,，、;；]")
"""Items of a list field may be separated the English or the Chinese way."""


def split_list(text: str) -> list[str]:
    """The non-empty items of a comma-separated field."""
    return [item.strip() for item in LIST_SEPARATORS.split(text) if item.strip()]


def slot_label(slot: str) -> str:
    """`sat:morning` as people say it: `sat morning`, `周六上午`."""
    day, _sep, part = slot.partition(":")
    return _("{day} {part}").format(day=_(day), part=_(part))


def slot_id(slot: str) -> str:
    """The widget id of the availability checkbox for `slot`."""
    return "slot-" + slot.replace(":", "-")


def parse_skills(text: str) -> dict[str, int]:
    """`welding:3, painting` → {"welding": 3, "painting": 1}."""
    skills: dict[str, int] = {}
    for item in split_list(text):
        try:
            skill, level = values.skill_level("", item)
        except values.OptionError:
            raise values.OptionError(
                _("“{value}”: expected SKILL:LEVEL, e.g. painting:2").format(value=item)
            ) from None
        skills[skill] = level
    return skills


def parse_certs(text: str) -> dict[str, str]:
    """`welding:2027-06-30` → {"welding": "2027-06-30"}; `welding:none` is left out."""
    certs: dict[str, str] = {}
    for item in split_list(text):
        try:
            skill, expiry = values.cert("", item)
        except values.OptionError:
            raise values.OptionError(
                _("“{value}”: expected SKILL:EXPIRY, e.g. welding:2027-06-30").format(value=item)
            ) from None
        if expiry is not None:
            certs[skill] = expiry.isoformat()
    return certs


def parse_away(text: str) -> list[dict[str, str]]:
    """`2026-12-01:2026-12-10, …` → away periods as stored."""
    periods = []
    for item in split_list(text):
        try:
            start, end = values.period("", item)
        except values.OptionError:
            raise values.OptionError(
                _("“{value}”: expected FROM:TO, e.g. 2026-12-01:2026-12-10").format(value=item)
            ) from None
        periods.append({"start": start.isoformat(), "end": end.isoformat()})
    return periods


def parse_max_hours(text: str) -> float | None:
    """An empty field means no weekly cap."""
    if not text.strip():
        return None
    try:
        return values.number("", text)
    except values.OptionError:
        raise values.OptionError(_("expected a number of hours above 0, e.g. 2.5")) from None


def skills_text(skills: dict[str, int]) -> str:
    """The skills field as typed: `welding:3, painting:1`."""
    return ", ".join(f"{key}:{level}" for key, level in skills.items())


def volunteer_texts(volunteer: Volunteer | None) -> dict[str, str]:
    """The text fields' starting values."""
    if volunteer is None:
        return {}
    return {
        "name": volunteer.name,
        "phone": volunteer.phone or "",
        "skills": skills_text(volunteer.skills),
        "certs": ", ".join(f"{key}:{day.isoformat()}" for key, day in volunteer.certs.items()),
        "groups": ", ".join(group_name(group) for group in volunteer.groups),
        "away": ", ".join(f"{p.start.isoformat()}:{p.end.isoformat()}" for p in volunteer.away),
        "max_hours": f"{volunteer.max_hours:g}" if volunteer.max_hours else "",
    }

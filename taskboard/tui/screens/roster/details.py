"""The details panel: everything about the highlighted volunteer and their assignments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from rich.text import Text

from taskboard.actions.phone_links import Access
from taskboard.actions.volunteers import other_records
from taskboard.i18n import _, group_name
from taskboard.model import Volunteer
from taskboard.store import Store, StoreError
from taskboard.tui.screens.roster.rows import RosterLabels
from taskboard.tui.screens.volunteer_form import slot_label


def _yes_no(flag: bool) -> str:
    return _("yes") if flag else _("no")


def _certs_text(person: Volunteer, labels: RosterLabels, today: dt.date) -> str:
    parts = []
    for key, expires in person.certs.items():
        note = "" if expires >= today else f" ({_('expired')})"
        parts.append(f"{labels.skills.get(key, key)} → {expires.isoformat()}{note}")
    return ", ".join(parts)


def person_lines(
    person: Volunteer, labels: RosterLabels, hours: float, today: dt.date
) -> Iterator[tuple[str, str]]:
    """(label, value) pairs describing one volunteer."""
    yield _("Phone"), person.phone or "-"
    yield _("Site"), labels.sites.get(person.site or "", person.site or "-")
    yield _("Skills"), labels.skill_levels(person.skills) or "-"
    yield _("Certifications"), _certs_text(person, labels, today) or "-"
    yield _("Groups"), ", ".join(group_name(group) for group in person.groups) or "-"
    yield _("Availability"), " ".join(slot_label(slot) for slot in person.availability) or "-"
    yield _("Away"), ", ".join(f"{p.start}–{p.end}" for p in person.away) or "-"
    yield _("Max hours/week"), f"{person.max_hours:g}" if person.max_hours else "-"
    yield _("Hours this month"), f"{hours:g}"
    yield _("Minor"), _yes_no(person.minor)
    yield _("Consent"), _yes_no(person.consent)
    yield _("Active"), _yes_no(person.active)
    yield _("Notes"), person.notes or "-"


def phone_link_text(store: Store, volunteer_id: str) -> str:
    """Whether the volunteer has a phone-page link, and since when (the link itself is
    kept only as a hash: `p` makes a new one to show)."""
    if store.path is None:
        return "-"
    try:
        issued = Access.beside(store.path).issued(volunteer_id)
    except StoreError as error:
        return str(error)
    if issued is None:
        return _("no link (p makes one)")
    if not issued:
        return _("has a link")
    since = dt.datetime.fromtimestamp(issued).strftime("%Y-%m-%d %H:%M")
    return _("link since {time}").format(time=since)


def assignment_lines(store: Store, volunteer_id: str, labels: RosterLabels) -> list[str]:
    """`funing-1 围墙除锈 · 电焊 · 已确认` for each live assignment of the volunteer."""
    lines = []
    for assignment in store.assignments.live():
        if assignment["volunteer"] != volunteer_id:
            continue
        task = store.tasks.get(assignment["task"]) or {}
        skill = labels.skills.get(assignment["skill"], assignment["skill"])
        lines.append(
            f"{task.get('ref', '?')} {task.get('title', '?')} · {skill} · {_(assignment['state'])}"
        )
    return sorted(lines)


def details_text(
    store: Store, doc: dict[str, Any], labels: RosterLabels, hours: float, today: dt.date
) -> Text:
    """Everything about one volunteer and what they are assigned to, for the side panel."""
    person = store.volunteers.model(doc)
    text = Text(end="")
    text.append(f"{person.ref}  {person.name}\n", style="bold")
    others = [str(other["ref"]) for other in other_records(store, person.id)]
    if others:  # the same person registered elsewhere too (双报到), or moved
        text.append(_("also {refs}").format(refs=", ".join(others)) + "\n", style="italic")
    for label, value in person_lines(person, labels, hours, today):
        text.append(f"{label}: ", style="dim")
        text.append(f"{value}\n")
    text.append(f"{_('Phone page')}: ", style="dim")
    text.append(f"{phone_link_text(store, person.id)}\n")
    text.append(f"\n{_('Assignments')}\n", style="bold")
    lines = assignment_lines(store, person.id, labels)
    text.append("\n".join(f"• {line}" for line in lines) if lines else _("No assignments."))
    return text

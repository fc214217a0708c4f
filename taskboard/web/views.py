"""What the phone page shows, read from the store: plain values for the templates.

Headless and free of Starlette, so the pages' content can be tested (and a
load check can build it) without a server. Every text is resolved in the
active language here; the templates only lay it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from taskboard.i18n import _, language
from taskboard.i18n.words import status_title
from taskboard.model import AssignmentState, Status
from taskboard.sheets import AssignmentLine, Crew, day_crews, day_text, window_text
from taskboard.sheets.document import place_text
from taskboard.sheets.entries import Doc, schedule_of
from taskboard.store import Store
from taskboard.store.queries import assignments_by_task

FILLING = frozenset({AssignmentState.PROPOSED, AssignmentState.CONFIRMED, AssignmentState.DONE})
BOARD_COLUMNS = (Status.SUGGESTED, Status.OPEN, Status.STAFFED, Status.IN_PROGRESS, Status.DONE)
"""The coordinator view's columns (the archive stays on the laptop)."""


@dataclass(frozen=True)
class Work:
    """One of the volunteer's upcoming assignments, as the page shows it."""

    assignment: str
    title: str
    ref: str
    place: str
    when: str
    part: str
    state: str
    state_label: str
    contact: str
    """The site coordinator's name and phone (whom to call)."""
    leader: str = ""
    """The crew leader's name, when the task has one and it is not the volunteer."""
    leader_phone: str = ""
    """Their phone, for a `tel:` link ("" when none is on file)."""

    @property
    def proposed(self) -> bool:
        """Still waiting for the volunteer's yes or no."""
        return self.state == AssignmentState.PROPOSED


@dataclass(frozen=True)
class VolunteerPage:
    """Everything on one volunteer's page."""

    name: str
    upcoming: tuple[Work, ...]
    hours_month: float
    hours_year: float
    contact: str


def volunteer_page(store: Store, volunteer: Doc, today: dt.date) -> VolunteerPage:
    """The volunteer's upcoming work and hours; nothing about anyone else."""
    schedule = schedule_of(store, volunteer, today)
    contacts = site_contacts(store)
    month, year = today.strftime("%Y-%m"), today.strftime("%Y")
    entries = store.hours_of_volunteer(volunteer["id"])
    return VolunteerPage(
        name=str(volunteer["name"]),
        upcoming=tuple(_work(line, contacts) for line in schedule.upcoming),
        hours_month=_total(entries, month),
        hours_year=_total(entries, year),
        contact=schedule.contact,
    )


def site_contacts(store: Store) -> dict[str, str]:
    """Site id → `李主任 0756-2212345 (阜宁社区)`, for the sites that name a contact."""
    return {
        site_id: site.contact() for site_id, site in store.sites.models().items() if site.contact()
    }


def _work(line: AssignmentLine, contacts: dict[str, str]) -> Work:
    leader = line.leader if line.leader and line.leader.id != line.person.id else None
    return Work(
        assignment=line.assignment,
        title=line.title,
        ref=line.ref,
        place=place_text(line.place, line.site_name),
        when=window_text(line.start, line.end, line.due),
        part=line.skill_label,
        state=line.state.value,
        state_label=_(line.state.value),
        contact=contacts.get(line.site, line.contact),
        leader=leader.name if leader else "",
        leader_phone=leader.phone if leader else "",
    )


def _total(entries: list[Doc], prefix: str) -> float:
    return round(sum(float(doc["hours"]) for doc in entries if doc["date"].startswith(prefix)), 1)


def tel_href(phone: str) -> str:
    """`tel:+8613800138000`-style link target: the number's digits (and a leading +) only."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"tel:{'+' if phone.strip().startswith('+') else ''}{digits}"


def hours_text(hours: float) -> str:
    """`3` or `2.5`: hours as people write them."""
    return f"{hours:g}"


# The coordinator view ------------------------------------------------------------------------
@dataclass(frozen=True)
class Card:
    """One task on the read-only board."""

    ref: str
    title: str
    place: str
    when: str
    needs: str


@dataclass(frozen=True)
class Column:
    """One board column and its cards, in board order."""

    title: str
    cards: tuple[Card, ...]


def board_columns(store: Store) -> list[Column]:
    """The board as the laptop shows it, column by column, read only."""
    grouped = assignments_by_task(store)
    labels = {key: skill.label(language()) for key, skill in store.skills.models().items()}
    sites = {key: site.name for key, site in store.sites.models().items()}
    tasks = sorted(store.tasks.live(), key=lambda doc: float(doc.get("rank", 0.0)))
    return [
        Column(
            title=status_title(status),
            cards=tuple(
                _card(task, grouped.get(task["id"], []), labels, sites)
                for task in tasks
                if task["status"] == status
            ),
        )
        for status in BOARD_COLUMNS
    ]


def _card(task: Doc, assignments: list[Doc], labels: dict[str, str], sites: dict[str, str]) -> Card:
    needs = []
    for need in task.get("needs", []):
        skill = need["skill"]
        filled = sum(1 for a in assignments if a["skill"] == skill and a["state"] in FILLING)
        needs.append(f"{labels.get(skill, skill)} {filled}/{need['count']}")
    start = dt.datetime.fromisoformat(task["start"]) if task.get("start") else None
    end = dt.datetime.fromisoformat(task["end"]) if task.get("end") else None
    due = dt.date.fromisoformat(task["due"]) if task.get("due") else None
    return Card(
        ref=str(task.get("ref", "")),
        title=str(task["title"]),
        place=place_text(str(task.get("place", "")), str(sites.get(task["site"], task["site"]))),
        when=window_text(start, end, due),
        needs=" · ".join(needs),
    )


@dataclass(frozen=True)
class CrewView:
    """One task of the day and who goes."""

    ref: str
    title: str
    place: str
    when: str
    people: tuple[tuple[str, str, str, str], ...]
    """(name, part, state, phone) of each person on it."""


def day_view(store: Store, day: dt.date) -> tuple[str, list[CrewView]]:
    """The day's title and its crews: who goes where."""
    return day_text(day), [_crew_view(crew) for crew in day_crews(store, day)]


def _crew_view(crew: Crew) -> CrewView:
    task = crew.task
    start = dt.datetime.fromisoformat(task["start"]) if task.get("start") else None
    end = dt.datetime.fromisoformat(task["end"]) if task.get("end") else None
    due = dt.date.fromisoformat(task["due"]) if task.get("due") else None
    return CrewView(
        ref=str(task.get("ref", "")),
        title=str(task["title"]),
        place=place_text(str(task.get("place", "")), crew.site_name),
        when=window_text(start, end, due),
        people=tuple(
            (line.person.name, line.skill_label, _(line.state.value), line.person.phone)
            for line in crew.lines
        ),
    )

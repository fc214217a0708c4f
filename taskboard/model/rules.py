"""The hard rules across records, in one place: who may hold or take which work.

A volunteer record, an assignment and a match all meet the same rules:

- the volunteer is active;
- has the skill at the needed minimum level;
- holds a certificate valid on the task's day where the skill needs one;
- is an adult where the skill is adult-only (no minor welds);
- is not away on a day of the task's window;
- is free in the window: weekly availability covers every part of the day it touches;
- is not already on the task (and, when offered work, did not decline or miss it);
- is not booked on another task whose window overlaps;
- stays within their weekly hour cap, counting confirmed work.

A person may have several volunteer records (registered where they live and
where they work, or moved between communities); records linked by a
coordinator are one person (`people`), and availability, away periods,
bookings, caps and hours are judged for the person across all of them.

Each rule is one function of plain values that returns None (kept) or a
`Breach`: a stable code, the English sentence (the translation catalogue's
key) and the values to fill in. The store raises a breach as its refusal
(`RuleBroken`, in English like every store error); matching turns the same
breach into a why-not reason in the active language. So a refusal and a
why-not reason cannot drift apart: both are the text of one breach.

This module depends only on the model, so that the store and every package
above it can call it. Reading the records into
these values is the caller's part: the store from one record, matching from
its snapshot (`taskboard.matching.rules`), and matching's fast candidate index
(`taskboard.matching.candidates`) applies the same rules as set algebra and is
tested against this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from taskboard.model.kinds import AssignmentState

HOURS_SLACK = 1e-9
"""Rounding allowance when adding hours up to a weekly cap."""


@dataclass(frozen=True, slots=True)
class Window:
    """A fixed time window, as a value of a breach (shown as dates and times)."""

    start: dt.datetime
    end: dt.datetime

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}–{self.end:%Y-%m-%d %H:%M}"


def plain(value: object) -> str:
    """A breach's value in plain English: slots (a set) and skills (a tuple) comma
    separated, hours without trailing zeros."""
    if isinstance(value, str):
        return value
    if isinstance(value, frozenset):
        return ", ".join(sorted(str(item) for item in value))
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, float):
        return f"{round(value, 2):g}"
    return str(value)


def _same(message: str) -> str:
    return message


class Breach(NamedTuple):
    """One rule broken: a stable code, its sentence and the values to fill in.

    A named tuple, not a dataclass: matching makes one for every rule every
    person breaks on a why-not list, and a tuple is the cheapest to make."""

    code: str
    message: str
    """The English sentence with `{name}` places; also the key of its translation."""
    values: Mapping[str, object] = MappingProxyType({})
    """Numbers and dates are kept as text already (they read alike in every language);
    slots, windows, skill lists and hours are shown by the caller."""
    fields: tuple[str, ...] = ()
    """The volunteer fields the rule is about, for a form or a sheet to point at."""

    def text(
        self, translate: Callable[[str], str] = _same, show: Callable[[object], str] = plain
    ) -> str:
        """The sentence filled in: in English by default, or translated and shown by the caller."""
        values = self.values
        for value in values.values():
            if type(value) is not str:  # slots, a window, skills or hours: show them
                values = {k: v if type(v) is str else show(v) for k, v in values.items()}
                break
        return translate(self.message).format_map(values)


def active(is_active: bool) -> Breach | None:
    """Only active volunteers are given work."""
    return None if is_active else Breach("inactive", "not active")


def skill_level(skill: str, level: int | None, needed: int) -> Breach | None:
    """The volunteer has `skill` at `needed` or above (`level` None: not at all)."""
    if level is None:
        return Breach("skill", "no {skill} skill", {"skill": skill})
    if level < needed:
        return Breach(
            "level",
            "{skill} level {level} < {needed}",
            {"skill": skill, "level": str(level), "needed": str(needed)},
        )
    return None


def adult_only(minor: bool, skills: Mapping[str, bool]) -> Breach | None:
    """A minor never holds or takes an adult-only skill (welding, electrical work).

    `skills` maps each skill in question, by the name to show, to whether the
    skill catalogue marks it adult-only.
    """
    if not minor:
        return None
    adult = sorted(name for name, only_adults in skills.items() if only_adults)
    if not adult:
        return None
    return Breach(
        "adult_only", "minor: {skill} is adult-only", {"skill": tuple(adult)}, ("skills", "minor")
    )


def certificate(
    skill: str, needs_cert: bool, expires: dt.date | None, day: dt.date
) -> Breach | None:
    """Where the skill needs a certificate, one valid on `day` (the task's last day)."""
    if not needs_cert:
        return None
    if expires is None:
        return Breach("cert", "no {skill} certificate", {"skill": skill}, ("certs",))
    if expires < day:
        return Breach(
            "cert",
            "{skill} certificate expired {expires} (needed on {day})",
            {"skill": skill, "expires": expires.isoformat(), "day": day.isoformat()},
            ("certs",),
        )
    return None


def away(
    periods: Iterable[tuple[dt.date, dt.date]], first: dt.date, last: dt.date
) -> Breach | None:
    """No away period falls on a day of [first, last]."""
    for start, end in periods:
        if start <= last and first <= end:
            return Breach(
                "away",
                "away {start} – {end}",
                {"start": start.isoformat(), "end": end.isoformat()},
                ("away",),
            )
    return None


def availability(needed: frozenset[str], free: frozenset[str]) -> Breach | None:
    """Weekly availability covers every slot (`sat:morning`) the window touches."""
    missing = needed - free
    if not missing:
        return None
    return Breach("availability", "not free on {slots}", {"slots": missing}, ("availability",))


def on_task(skill: str | None) -> Breach | None:
    """Nobody holds two slots of one task (`skill`: the one they hold, None: none)."""
    if skill is None:
        return None
    return Breach("on_task", "already on this task ({skill})", {"skill": skill})


def refused(state: str | None) -> Breach | None:
    """Nobody is offered a task they declined or did not show up for (`state`: theirs on it).

    A coordinator may still assign such a person by hand: they changed their mind.
    """
    if state == AssignmentState.DECLINED:
        return Breach("declined", "declined this task")
    if state == AssignmentState.NO_SHOW:
        return Breach("no_show", "did not show up for this task")
    return None


def overlap(ref: str, booked: Window | None) -> Breach | None:
    """Nobody is booked on two tasks whose windows overlap (`booked`: the other one's)."""
    if booked is None:
        return None
    return Breach("overlap", "booked on {ref} at {when}", {"ref": ref, "when": booked})


def weekly_cap(cap: float | None, booked: float, hours: float) -> Breach | None:
    """Confirmed hours in the week plus the task's stay within the weekly cap (None: no cap)."""
    if cap is None or booked + hours <= cap + HOURS_SLACK:
        return None
    return Breach(
        "cap",
        "weekly cap {cap} h: {booked} h booked + {hours} h",
        {"cap": float(cap), "booked": float(booked), "hours": float(hours)},
        ("max_hours",),
    )


# One person, several records -----------------------------------------------------------
def people(links: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Volunteer id → the id naming their person: the smallest id among the records
    linked to it, directly or through others.

    `links` holds each live record's `links` field. A link counts when either
    record lists the other (one side may not have merged the other's half yet),
    and links to records not in `links` (removed, or not here yet) are ignored.
    Taking the smallest id makes the answer a function of the links alone: two
    sites that linked in different orders name the same person the same way.
    """
    parent = {record: record for record in links}

    def root(record: str) -> str:
        while parent[record] != record:
            parent[record] = parent[parent[record]]
            record = parent[record]
        return record

    for record, others in links.items():
        for other in others:
            if other in parent:
                low, high = sorted((root(record), root(other)))
                parent[high] = low
    return {record: root(record) for record in links}


def phone_digits(phone: str | None) -> str:
    """A phone number's digits alone (`138 0013-8000` → `13800138000`), the form two
    records are compared in; "" for no phone."""
    return "".join(ch for ch in phone or "" if ch.isdigit())


def cap_of(caps: Iterable[float | None]) -> float | None:
    """A person's weekly cap from their records' caps: the strictest one set (None: none)."""
    set_caps = [cap for cap in caps if cap is not None]
    return min(set_caps) if set_caps else None


# A task's crew leader ------------------------------------------------------------------
CREW_STATES = frozenset({AssignmentState.PROPOSED, AssignmentState.CONFIRMED, AssignmentState.DONE})
"""Assignment states that put someone on a task's crew (declined and no-show do not)."""


def on_crew(states: Iterable[str]) -> bool:
    """True when one of a volunteer's assignments on a task (`states`) puts them on its crew."""
    return any(state in CREW_STATES for state in states)


def crew_leader(name: str, live: bool, states: Iterable[str]) -> Breach | None:
    """A task's crew leader is a live volunteer on its crew: assigned to it and not
    declined or absent (`states`: their assignments' states on the task).

    Checked when a coordinator sets the leader. Unassigning, a decline or removing the
    volunteer later leaves the stored leader alone (an undo or a restore brings them
    back as leader): `on_crew` decides whether the sheets and pages show them.
    """
    if not live:
        return Breach("leader_removed", "{name} has been removed from the roster", {"name": name})
    if not on_crew(states):
        return Breach(
            "leader_off_crew",
            "{name} is not on this task's crew; assign them first",
            {"name": name},
        )
    return None

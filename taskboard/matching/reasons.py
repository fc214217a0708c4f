"""Reasons in words: why someone fits a slot, or why they may not take it.

Each reason carries a stable `code` (for `--json` and tests) and its text in
the active language, so the coordinator reads `welding level 3 ≥ 2 · same
community` and a script reads `level`, `home_site`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from taskboard.i18n import _
from taskboard.model.kinds import DAYS, SLOT_ORDER
from taskboard.model.rules import Breach, Window, plain

SEPARATOR = " · "


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: a stable code and its text in the active language."""

    code: str
    text: str

    def as_json(self) -> dict[str, str]:
        """`{"code": …, "text": …}` for `--json`."""
        return {"code": self.code, "text": self.text}


def joined(reasons: Iterable[Reason]) -> str:
    """`welding level 3 ≥ 2 · same community · 4 h in the last 30 days`."""
    return SEPARATOR.join(reason.text for reason in reasons)


def reason(code: str, message: str, **values: object) -> Reason:
    """A reason whose text is `message` translated, then filled in."""
    return Reason(code, _(message).format(**values))


def from_breach(breach: Breach) -> Reason:
    """A broken hard rule (`taskboard.model.rules`) as a reason in the active language."""
    return Reason(breach.code, breach.text(_, shown))


def shown(value: object) -> str:
    """A breach's value for a reader: slots and windows in the active language."""
    if isinstance(value, Window):
        return window_text(value.start, value.end)
    if isinstance(value, frozenset):
        return slots_text(value)
    return plain(value)


def hours_text(hours: float) -> str:
    """`4`, `2.5`: hours without trailing zeros."""
    return plain(float(hours))


def slot_text(slot: str) -> str:
    """`sat:morning` → `sat morning` (`周六 上午`)."""
    day, _sep, part = slot.partition(":")
    return f"{_(day)} {_(part)}"


def slots_text(slots: Iterable[str]) -> str:
    """Slots in week order, comma separated."""

    in_week = sorted(slots, key=lambda slot: SLOT_ORDER.get(slot, len(SLOT_ORDER)))
    return ", ".join(slot_text(slot) for slot in in_week)


def window_text(start: dt.datetime, end: dt.datetime) -> str:
    """`2026-12-06 sat 08:30–11:30` (the end's date too when it is another day)."""
    weekday = _(DAYS[start.weekday()])
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
    return f"{start:%Y-%m-%d} {weekday} {start:%H:%M}–{until}"


def when_text(start: dt.datetime | None, end: dt.datetime | None, due: dt.date | None) -> str:
    """A task's window, or its due date and that it has no fixed time."""
    if start is not None and end is not None:
        return window_text(start, end)
    if due is not None:
        return _("due {due}, no fixed time").format(due=due)
    return _("no date")

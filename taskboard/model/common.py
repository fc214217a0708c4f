"""Shared field types and the enumerations every record uses."""

from __future__ import annotations

import datetime as dt
import enum
import os
import re
import threading
import time
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from taskboard.model.text import DayRange, PlainText, shown

SLUG_PATTERN = r"^[a-z][a-z0-9_-]{0,31}$"

Slug = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, pattern=SLUG_PATTERN),
]
"""A short lower-case key such as a site id (`funing`) or a skill (`door_to_door`)."""

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
LABEL_PATTERN = rf"^[a-z{_HAN}][a-z0-9_{_HAN}-]{{0,31}}$"

Label = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, pattern=LABEL_PATTERN),
]
"""A group or tag people name themselves: one word of up to 32 lower-case letters,
digits, `-` or `_`, or Chinese characters (`party-member`, `fence`, `舞蹈队`).

No spaces, dots, commas or semicolons: labels are list items in CSV cells and set
elements in sync paths. Written as explicit ranges so that pydantic's regex engine
and Python's `re` (the sync plain test) agree on every character."""

GROUP_NAMES = {
    "party-member": "党员",
    "military-spouse-association": "军嫂协会",
    "youth": "青少年",
    "veterans": "退役军人",
    "dance-troupe": "舞蹈队",
}
"""Groups the app knows by key, with their Chinese names."""
_GROUP_BY_NAME = {name: key for key, name in GROUP_NAMES.items()}


def group_key(label: str) -> str:
    """A known group's Chinese name (`党员`) → its key (`party-member`); others unchanged."""
    return _GROUP_BY_NAME.get(label, label)


Group = Annotated[Label, AfterValidator(group_key)]
"""A group label: `党员` typed at one site and `party-member` at another are one group."""

Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
    PlainText(required=True),
]
"""A person's, site's or task's display name: never empty or blank, one screen line."""

Line = Annotated[str, PlainText()]

PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 \-]{4,19}$")


def phone_number(value: str) -> str:
    """A phone number as written (`0756-2212345`, `138 0013 8000`); refused unless it is one."""
    if not PHONE_PATTERN.match(value):
        raise ValueError(f"phone {shown(value)} must be digits, spaces or dashes (5–20 chars)")
    return value


Phone = Annotated[Line, AfterValidator(phone_number)]
"""Optional one-line text (a place, a street, who verified hours): may be empty."""

Text = Annotated[str, StringConstraints(max_length=4000), PlainText(lines=True)]
"""Free text such as a description or notes: the one kind that may hold newlines."""

Key = Annotated[str, PlainText()]
"""An id or a reference held as text (`01m89x…`, `funing-12`); the store makes them."""

Day = Annotated[dt.date, DayRange()]
"""A calendar date within the years taskboard plans for (`model.text.FIRST_DAY`–`LAST_DAY`)."""

Moment = Annotated[dt.datetime, DayRange()]
"""A date and time whose day lies within the same years as `Day`."""

Level = Annotated[int, Field(ge=1, le=3)]
"""Skill level: 1 = can help, 2 = experienced, 3 = expert / can lead."""


class Record(BaseModel):
    """Base for stored records: strict about unknown fields so typos surface."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class Kind(enum.StrEnum):
    """What sort of work a task is."""

    RENOVATION = "renovation"
    SERVICE = "service"
    EVENT = "event"
    VISITS = "visits"


class Status(enum.StrEnum):
    """Board columns, in the order work flows through them."""

    SUGGESTED = "suggested"
    OPEN = "open"
    STAFFED = "staffed"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ARCHIVED = "archived"


class Priority(enum.StrEnum):
    """How urgent a task is; ordered from least to most."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class AssignmentState(enum.StrEnum):
    """Life of one volunteer's slot on a task."""

    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    DONE = "done"
    NO_SHOW = "no_show"


class ChecklistState(enum.StrEnum):
    """State of one checklist item; `retry` means another attempt is needed."""

    TODO = "todo"
    DONE = "done"
    RETRY = "retry"
    SKIPPED = "skipped"


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS = ("morning", "afternoon", "evening")
PART_HOURS = {"morning": (8, 12), "afternoon": (12, 18), "evening": (18, 22)}
"""Clock hours each part of the day covers, used to test availability."""


def wall_clock(moment: dt.datetime) -> dt.datetime:
    """`moment` as the office's clock shows it: times are compared without a time zone."""
    return moment.replace(tzinfo=None)


_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
_id_lock = threading.Lock()
_last_id: list[int] = [0, 0]


def _base32(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def new_id() -> str:
    """A 26-character, time-ordered id that two offline sites can never both mint.

    48 bits of milliseconds and 80 random bits (ULID layout); ids minted in the
    same millisecond by this process increase so that sorting keeps creation order.
    """
    with _id_lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_id[0]:
            ms = _last_id[0]
            rand = _last_id[1] + 1
        else:
            rand = int.from_bytes(os.urandom(10), "big") >> 1
        _last_id[0], _last_id[1] = ms, rand
    return _base32(ms, 10) + _base32(rand, 16)

"""The plain enumerations and constants every record uses, without pydantic.

The board paints its first screen from raw records and needs only these:
keeping them apart from the pydantic field types (`model.common`) lets it
start without importing pydantic or building a model class.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import threading
import time

SLUG_PATTERN = r"^[a-z][a-z0-9_-]{0,31}$"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
LABEL_PATTERN = rf"^[a-z{_HAN}][a-z0-9_{_HAN}-]{{0,31}}$"

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


def in_language(lang: str, english: str, chinese: str) -> str:
    """`chinese` when `lang` is Chinese (`zh…`), else `english`: a skill's label, for one."""
    return chinese if lang.startswith("zh") else english


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
SLOT_ORDER = {
    f"{day}:{part}": n for n, (day, part) in enumerate((d, p) for d in DAYS for p in PARTS)
}
"""Slot `DAY:PART` → its place in the week (Monday morning first)."""


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

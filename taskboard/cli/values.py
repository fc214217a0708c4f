"""Parsing the compact option values of the CLI (`welding:2:3`, `sat:morning`, …).

Each parser raises `OptionError` naming the option and the expected shape, so
the user sees one line saying exactly which argument to fix.
"""

from __future__ import annotations

import datetime as dt

from taskboard.model import DAYS, PARTS

CLEAR = "none"
"""Value that clears an optional field in `edit` commands (`--due none`)."""


class OptionError(ValueError):
    """A command-line value has the wrong shape."""


def need(option: str, value: str) -> tuple[str, int, int]:
    """`SKILL:COUNT[:MINLEVEL]` → (skill, count, min level); count 0 removes the need."""
    parts = value.split(":")
    if len(parts) not in (2, 3) or not parts[0]:
        raise OptionError(f"{option} {value!r}: expected SKILL:COUNT[:MINLEVEL], e.g. welding:2:2")
    count = _int(option, value, parts[1], "COUNT")
    level = _int(option, value, parts[2], "MINLEVEL") if len(parts) == 3 else 1
    return parts[0].strip().lower(), count, level


def skill_level(option: str, value: str) -> tuple[str, int]:
    """`SKILL[:LEVEL]` → (skill, level); level defaults to 1, 0 removes the skill."""
    name, _, level = value.partition(":")
    if not name:
        raise OptionError(f"{option} {value!r}: expected SKILL:LEVEL, e.g. painting:2")
    return name.strip().lower(), _int(option, value, level, "LEVEL") if level else 1


def slots(option: str, value: str) -> list[str]:
    """`DAY:PART` → availability slots; `DAY:all` gives the whole day, `weekend:PART` both days."""
    day, _, part = value.lower().partition(":")
    days = {"weekend": ["sat", "sun"], "weekdays": list(DAYS[:5])}.get(day, [day])
    parts = list(PARTS) if part in ("all", "*") else [part]
    if any(d not in DAYS for d in days) or any(p not in PARTS for p in parts):
        raise OptionError(
            f"{option} {value!r}: expected DAY:PART with DAY in {'/'.join(DAYS)}"
            f" and PART in {'/'.join(PARTS)} (or all)"
        )
    return [f"{d}:{p}" for d in days for p in parts]


def period(option: str, value: str) -> tuple[dt.date, dt.date]:
    """`FROM:TO` (ISO dates) → an inclusive period."""
    start, sep, end = value.partition(":")
    if not sep:
        start, sep, end = value.partition("..")
    if not sep:
        raise OptionError(f"{option} {value!r}: expected FROM:TO, e.g. 2026-12-01:2026-12-10")
    return date(option, start), date(option, end)


def cert(option: str, value: str) -> tuple[str, dt.date | None]:
    """`SKILL:EXPIRY` → (skill, expiry date); EXPIRY `none` removes the certificate."""
    name, _, expiry = value.partition(":")
    if not name or not expiry:
        raise OptionError(f"{option} {value!r}: expected SKILL:EXPIRY, e.g. welding:2027-06-30")
    if expiry.lower() == CLEAR:
        return name.strip().lower(), None
    return name.strip().lower(), date(option, expiry)


def date(option: str, value: str) -> dt.date:
    """An ISO date (2026-12-05)."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise OptionError(f"{option} {value!r}: expected a date like 2026-12-05") from None


def datetime(option: str, value: str) -> dt.datetime:
    """An ISO local date and time (2026-12-05T09:00 or '2026-12-05 09:00')."""
    try:
        return dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise OptionError(
            f"{option} {value!r}: expected a date and time like 2026-12-05T09:00"
        ) from None


def number(option: str, value: str) -> float:
    """A positive number of hours."""
    try:
        result = float(value)
    except ValueError:
        raise OptionError(f"{option} {value!r}: expected a number, e.g. 2.5") from None
    if result <= 0:
        raise OptionError(f"{option} {value!r}: must be more than 0")
    return result


def _int(option: str, value: str, part: str, name: str) -> int:
    try:
        return int(part)
    except ValueError:
        raise OptionError(f"{option} {value!r}: {name} must be a whole number") from None

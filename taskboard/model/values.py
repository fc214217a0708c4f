"""Parsing the compact values a user types (`welding:2:3`, `painting:2`, `2026-12-05`, …).

The CLI's options and the board's form fields take the same shapes, so both
parse them here: a headless module under the models, which neither the CLI nor
the board owns (the board must not import the CLI). Each parser raises
`OptionError` naming the option (or field) and the expected shape, so the user
sees one line saying exactly which value to fix.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from taskboard.model.errors import Phrase
from taskboard.model.text import DATE_REASON, in_range, shown

D = TypeVar("D", bound=dt.date)

CLEAR = "none"
"""Value that clears an optional field in `edit` commands (`--due none`)."""


class OptionError(ValueError):
    """A typed value (a command-line option or a form field) has the wrong shape."""


def need(option: str, value: str) -> tuple[str, int, int]:
    """`SKILL:COUNT[:MINLEVEL]` → (skill, count, min level); count 0 removes the need."""
    parts = value.split(":")
    if len(parts) not in (2, 3) or not parts[0]:
        raise OptionError(
            Phrase(
                "{option} {value}: expected SKILL:COUNT[:MINLEVEL], e.g. welding:2:2",
                option=option,
                value=shown(value),
            )
        )
    count = _int(option, value, parts[1], "COUNT")
    level = _int(option, value, parts[2], "MINLEVEL") if len(parts) == 3 else 1
    return parts[0].strip().lower(), count, level


def skill_level(option: str, value: str) -> tuple[str, int]:
    """`SKILL[:LEVEL]` → (skill, level); level defaults to 1, 0 removes the skill."""
    name, _, level = value.partition(":")
    if not name:
        raise OptionError(
            Phrase(
                "{option} {value}: expected SKILL:LEVEL, e.g. painting:2",
                option=option,
                value=shown(value),
            )
        )
    return name.strip().lower(), _int(option, value, level, "LEVEL") if level else 1


def period(option: str, value: str) -> tuple[dt.date, dt.date]:
    """`FROM:TO` (ISO dates) → an inclusive period."""
    start, sep, end = value.partition(":")
    if not sep:
        start, sep, end = value.partition("..")
    if not sep:
        raise OptionError(
            Phrase(
                "{option} {value}: expected FROM:TO, e.g. 2026-12-01:2026-12-10",
                option=option,
                value=shown(value),
            )
        )
    return date(option, start), date(option, end)


def cert(option: str, value: str) -> tuple[str, dt.date | None]:
    """`SKILL:EXPIRY` → (skill, expiry date); EXPIRY `none` removes the certificate."""
    name, _, expiry = value.partition(":")
    if not name or not expiry:
        raise OptionError(
            Phrase(
                "{option} {value}: expected SKILL:EXPIRY, e.g. welding:2027-06-30",
                option=option,
                value=shown(value),
            )
        )
    if expiry.lower() == CLEAR:
        return name.strip().lower(), None
    return name.strip().lower(), date(option, expiry)


def date(option: str, value: str) -> dt.date:
    """An ISO date (2026-12-05), within the dates a record may hold."""
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise OptionError(
            Phrase(
                "{option} {value}: expected a date like 2026-12-05",
                option=option,
                value=shown(value),
            )
        ) from None
    return bounded(option, value, day)


def datetime(option: str, value: str) -> dt.datetime:
    """An ISO local date and time (2026-12-05T09:00 or '2026-12-05 09:00'), in range too."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise OptionError(
            Phrase(
                "{option} {value}: expected a date and time like 2026-12-05T09:00",
                option=option,
                value=shown(value),
            )
        ) from None
    return bounded(option, value, moment)


def bounded(option: str, value: str, day: D) -> D:
    """`day` when the models would take it: the same bound for every date option, so
    `--today 0001-01-01` is refused here rather than overflowing deep in a command."""
    if not in_range(day.date() if isinstance(day, dt.datetime) else day):
        raise OptionError(
            Phrase(
                "{option} {value}: {reason}",
                option=option,
                value=shown(value),
                reason=Phrase(DATE_REASON),
            )
        )
    return day


def number(option: str, value: str) -> float:
    """A positive number of hours."""
    try:
        result = float(value)
    except ValueError:
        raise OptionError(
            Phrase(
                "{option} {value}: expected a number, e.g. 2.5", option=option, value=shown(value)
            )
        ) from None
    if result <= 0:
        raise OptionError(
            Phrase("{option} {value}: must be more than 0", option=option, value=shown(value))
        )
    return result


def _int(option: str, value: str, part: str, name: str) -> int:
    try:
        return int(part)
    except ValueError:
        raise OptionError(
            Phrase(
                "{option} {value}: {name} must be a whole number",
                option=option,
                value=shown(value),
                name=Phrase(name),
            )
        ) from None


def window(option: str, value: str) -> tuple[dt.time, dt.time]:
    """`HH:MM-HH:MM` (also `～`, `~` or `至` between) → the start and end of a time of day."""
    text = value.strip()
    for dash in ("～", "~", "至", "–", "-"):
        start, sep, end = text.partition(dash)
        if sep:
            break
    try:
        begins, ends = dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())
    except ValueError:
        raise OptionError(
            f"{option} {shown(value)}: expected HH:MM-HH:MM, e.g. 18:30-20:30"
        ) from None
    if ends <= begins:
        raise OptionError(f"{option} {shown(value)}: the end must be after the start")
    return begins, ends


def headcount(option: str, value: str) -> dict[str, int]:
    """`ADULTS:MINORS` (`20:15`; `20` alone: adults only) → a headcount's fields.

    The colon may be Chinese (`20：15`) or a `+` (`12+19`, as the card shows it)."""
    text = value.strip().replace("：", ":").replace("+", ":")
    adults, _sep, minors = text.partition(":")
    counts = (
        _int(option, value, adults.strip(), "ADULTS"),
        _int(option, value, minors.strip() or "0", "MINORS"),
    )
    if min(counts) < 0 or max(counts) > 100_000:
        raise OptionError(
            f"{option} {shown(value)}: expected ADULTS:MINORS, two counts from 0 to 100000,"
            " e.g. 20:15"
        )
    return {"adults": counts[0], "minors": counts[1]}


def amount(option: str, value: str) -> float:
    """An amount in yuan: 0 or more, cents at most (`1200`, `980.50`, `¥980`)."""
    text = value.strip().lstrip("¥￥").replace(",", "").removesuffix("元").strip()
    try:
        result = float(text)
    except ValueError:
        raise OptionError(
            f"{option} {shown(value)}: expected an amount in yuan, e.g. 980"
        ) from None
    if not 0 <= result <= 100_000_000 or round(result, 2) != result:
        raise OptionError(
            f"{option} {shown(value)}: expected an amount from 0 to 100000000 yuan, cents at most"
        )
    return result

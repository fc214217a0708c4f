"""The CLI's option values: the shared parsers of `taskboard.model.values`, plus the
shapes only the command line takes (`sat:morning` availability slots).

The board's forms parse the same shapes through `taskboard.model.values`, never
through this module (the board does not import the CLI).
"""

from __future__ import annotations

import argparse
import enum
import getpass
import sys
from collections.abc import Callable, Iterable

from taskboard.i18n import _, read_choice
from taskboard.model import DAYS, PARTS
from taskboard.model.text import shown
from taskboard.model.values import (
    CLEAR,
    OptionError,
    amount,
    bounded,
    cert,
    date,
    datetime,
    headcount,
    need,
    number,
    period,
    skill_level,
    window,
)

__all__ = [
    "CLEAR",
    "OptionError",
    "amount",
    "headcount",
    "bounded",
    "choice",
    "cert",
    "date",
    "datetime",
    "need",
    "number",
    "period",
    "skill_level",
    "window",
    "slots",
]


def slots(option: str, value: str) -> list[str]:
    """`DAY:PART` → availability slots; `DAY:all` gives the whole day, `weekend:PART` both days."""
    day, _, part = value.lower().partition(":")
    days = {"weekend": ["sat", "sun"], "weekdays": list(DAYS[:5])}.get(day, [day])
    parts = list(PARTS) if part in ("all", "*") else [part]
    if any(d not in DAYS for d in days) or any(p not in PARTS for p in parts):
        raise OptionError(
            f"{option} {shown(value)}: expected DAY:PART with DAY in {'/'.join(DAYS)}"
            f" and PART in {'/'.join(PARTS)} (or all)"
        )
    return [f"{d}:{p}" for d in days for p in parts]


def choice(of: type[enum.StrEnum] | Iterable[str]) -> Callable[[str], str]:
    """An argparse `type` taking one of the values (an enum's, or those given) in English
    or Chinese (`--status 进行中`, `--kind "door to door"`); the stored value comes out."""
    values = [str(member.value) if isinstance(member, enum.Enum) else member for member in of]

    def read(typed: str) -> str:
        found = read_choice(values, typed)
        if found is None:
            listed = ", ".join(
                f"{value} ({_(value)})" if _(value) != value else value for value in values
            )
            raise argparse.ArgumentTypeError(
                _("{value}: expected one of {choices}").format(value=shown(typed), choices=listed)
            )
        return found

    return read


def _both(value: str) -> str:
    """`in_progress (进行中)` in Chinese, `in_progress` alone in English."""
    return f"{value} ({_(value)})" if _(value) != value else value


def read_secret(prompt: str) -> str:
    """One line typed without echo at a terminal (a PIN, a password), or read from piped
    input, so scripts and tests can give it on stdin."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")

"""What a text or a date may hold, and how any text is shown safely.

Names, titles and notes arrive from forms, commands, roster files and other
sites' bundles, and end up printed on a terminal. A control character in them
(ESC, the C1 controls, a bell) would let a value move the cursor, rewrite the
window title or hide text, so the models refuse them; `visible` escapes those
that older files may still hold at the moment they are printed.

The rules are objects put inside `Annotated[...]` field types (see
`model.common`): pydantic checks them, and the sync plain record test
(`sync.canonical`) reads the same objects, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pydantic loads only when a model is validated, not for showing text
    from pydantic import GetCoreSchemaHandler, ValidationInfo
    from pydantic_core import core_schema

STORED: dict[str, Any] = {"taskboard.stored": True}
"""Validation context for reading a record back from the data file.

Records are checked when they are written; one written by an older taskboard
may hold a value today's rules refuse, and must still open, show and be fixed
by an edit. Reading with this context relaxes the text and date rules (and only
those): a date out of range is read as it is, and a text with control
characters is read with them written out (`visible`), so every screen and
form shows it harmlessly, and saving the form stores that visible text."""

_CONTROL = "\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029"
"""C0 controls but tab, DEL, C1 controls, and the Unicode line and paragraph separators."""
ONE_LINE_BAD = re.compile(f"[\t{_CONTROL}]")
"""Characters a one-line text may not hold."""
LINES_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""Characters a multi-line text may not hold: all of the above but newline and tab."""
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters and symbols that draw nothing (Hangul fillers, the blank Braille pattern)."""
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})
"""Unicode categories that draw nothing on their own: controls, format characters
(zero-width space, joiners, direction marks), spaces, and combining marks."""


@lru_cache(maxsize=4096)
def _draws(char: str) -> bool:
    return char not in _FILLERS and unicodedata.category(char) not in _INVISIBLE


def has_visible(text: str) -> bool:
    """True when some character of `text` draws something on the screen."""
    return any(_draws(char) for char in text)


@dataclass(frozen=True)
class PlainText:
    """The rule for a text field: never a control character.

    `lines` allows newlines and tabs (descriptions and notes); every other text
    is one line, since `task list` and the board show it on one. `required`
    asks for at least one character that can be seen: a title made only of
    spaces or zero-width characters looks empty everywhere it is shown.
    """

    lines: bool = False
    required: bool = False

    def problem(self, value: str) -> tuple[str, str] | None:
        """(error type, reason) when `value` breaks the rule; None when it is fine."""
        bad = (LINES_BAD if self.lines else ONE_LINE_BAD).search(value)
        if bad is not None:
            char = bad.group()
            if char in "\n\r\u2028\u2029":
                return "one_line", "must be one line"
            reason = f"must not hold control characters (found U+{ord(char):04X})"
            return "control_character", reason
        if self.required and value and not has_visible(value):
            return "invisible_text", "must hold visible characters"
        return None

    def accepts(self, value: str) -> bool:
        """True when `value` keeps the rule (the plain record test calls this)."""
        return self.problem(value) is None

    def _check(self, value: str, info: ValidationInfo) -> str:
        if self.lines and "\r\n" in value:
            value = value.replace("\r\n", "\n")  # pasted from Windows: one kind of line end
        problem = self.problem(value)
        if problem is None:
            return value
        if _stored(info):
            return visible(value, lines=self.lines)
        from pydantic_core import PydanticCustomError

        raise PydanticCustomError(*problem)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        return core_schema.with_info_after_validator_function(self._check, handler(source))


FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
"""The dates a record may hold. Work is planned, logged and certified within this
century; a day outside it is a typing slip or a hostile file, and one near the
calendar's ends (9999-12-31) overflows the moment a week is added to it."""
DATE_REASON = f"must be a date between {FIRST_DAY} and {LAST_DAY}"


def in_range(day: dt.date) -> bool:
    """True when `day` (or the day of a date and time) lies within the dates allowed."""
    return FIRST_DAY <= day <= LAST_DAY


@dataclass(frozen=True)
class DayRange:
    """The rule for a date or a date-and-time field: its day lies in `first`–`last`."""

    first: dt.date = FIRST_DAY
    last: dt.date = LAST_DAY

    def _check(self, value: dt.date, info: ValidationInfo) -> dt.date:
        day = value.date() if isinstance(value, dt.datetime) else value
        if not self.first <= day <= self.last and not _stored(info):
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError(
                "date_out_of_range",
                "must be a date between {first} and {last}",
                {"first": self.first.isoformat(), "last": self.last.isoformat()},
            )
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        return core_schema.with_info_after_validator_function(self._check, handler(source))


def _stored(info: ValidationInfo) -> bool:
    context = info.context
    return isinstance(context, dict) and bool(context.get("taskboard.stored"))


# Showing text ---------------------------------------------------------------------------
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]|\r(?!\n)")
"""What a terminal must never receive from data: every control character but newline,
tab and the carriage return of a CRLF line end (calendar files and CSV use them)."""
_UNSAFE_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""The same for one line of text, where newlines and tabs too would break the layout."""


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str, *, lines: bool = True) -> str:
    """`text` with every control character written out as `\\u001b`, so that no value,
    however it got into a file, can drive the terminal it is printed on; with
    `lines=False` newlines and tabs too (a table cell, a card, a one-line field).

    The `\\uXXXX` form is also a JSON escape: JSON output passed through here stays
    valid JSON with the same values."""
    return (_UNSAFE if lines else _UNSAFE_IN_LINE).sub(_escape, text)


ECHO_LIMIT = 60
"""Characters of a given value repeated in a message."""


def shown(value: object, limit: int = ECHO_LIMIT) -> str:
    """`value` quoted for a message (`'funing-12'`), cut to `limit` characters.

    Messages repeat what was given so the user sees what to fix; a value can be a
    whole file (a 200 MB bundle, a pasted page), and the message must stay one
    readable line. `repr` also writes control characters out."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value)} characters)"
    if isinstance(value, list | dict):  # never walk a hostile structure to show it
        return f"{'a list' if isinstance(value, list) else 'an object'} of {len(value)}"
    text = repr(value)
    return text if len(text) <= limit + 2 else f"{text[:limit]}…"

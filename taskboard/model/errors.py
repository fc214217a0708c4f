"""Turn pydantic's validation errors into one line a coordinator can read."""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import ErrorDetails

_PLAIN = {
    "string_too_short": "must not be empty",
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "string_pattern_mismatch": "must be a short lower-case key (letters, digits, - or _)",
    "date_from_datetime_parsing": "must be a date like 2026-12-05",
    "date_parsing": "must be a date like 2026-12-05",
    "datetime_parsing": "must be a date and time like 2026-12-05T09:00",
    "datetime_from_date_parsing": "must be a date and time like 2026-12-05T09:00",
    "float_parsing": "must be a number",
    "int_parsing": "must be a whole number",
}


def field_name(error: ErrorDetails) -> str:
    """The dotted location of an error (`needs.0.count`), or `record` for whole-model rules."""
    parts = [str(part) for part in error["loc"]]
    return ".".join(parts) or "record"


def plain_message(error: ErrorDetails) -> str:
    """The reason in words; pydantic's own text where it is already plain."""
    message = _PLAIN.get(error["type"])
    if message is None:
        message = error["msg"].removeprefix("Value error, ")
        message = message[0].lower() + message[1:] if message else message
    given = error.get("input")
    if isinstance(given, str):
        shown = given != "" and repr(given) not in message  # not when the reason quotes it
    else:
        shown = isinstance(given, int | float)
    if shown and error["type"] not in ("missing", "extra_forbidden"):
        message += f" (got {given!r})"
    return message


def describe_validation_error(error: ValidationError) -> str:
    """All problems of one record on one line: `title: must not be empty; hours: …`."""
    return "; ".join(f"{field_name(e)}: {plain_message(e)}" for e in error.errors())

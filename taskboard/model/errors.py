"""Turn pydantic's validation errors into one line a coordinator can read."""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from taskboard.model.common import LABEL_PATTERN
from taskboard.model.text import DATE_REASON, shown

KEY_REASON = "must be a short lower-case key (letters, digits, - or _)"
LABEL_REASON = "must be one word: lower-case letters, digits, - or _, or Chinese characters"
"""Why a key (site, skill) or a label (group, tag) was refused."""

FORM_REASONS = {
    "string_too_short": "must not be empty",
    "string_too_long": "is too long",
    "missing": "is required",
    "greater_than": "must be more than 0",
    "greater_than_equal": "is too small",
    "less_than_equal": "is too large",
    "control_character": "must not hold control characters",
    "one_line": "must be one line",
    "invisible_text": "must hold visible characters",
    "date_out_of_range": DATE_REASON,
}
"""Plain, translatable reasons for the validation errors the forms can cause."""

_PLAIN = {
    "string_too_short": "must not be empty",
    "missing": "is required",
    "extra_forbidden": "is not a known field",
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


def pattern_reason(error: ErrorDetails) -> str | None:
    """For a text that missed its pattern: what a key or a label must look like."""
    if error["type"] != "string_pattern_mismatch":
        return None
    return LABEL_REASON if error.get("ctx", {}).get("pattern") == LABEL_PATTERN else KEY_REASON


def form_reason(error: ErrorDetails) -> str | None:
    """The untranslated reason a form shows for a common error; None for the rest."""
    return pattern_reason(error) or FORM_REASONS.get(error["type"])


def plain_message(error: ErrorDetails) -> str:
    """The reason in words; pydantic's own text where it is already plain."""
    message = pattern_reason(error) or _PLAIN.get(error["type"])
    if message is None:
        message = error["msg"].removeprefix("Value error, ")
        message = message[0].lower() + message[1:] if message else message
    given = error.get("input")
    if isinstance(given, str):
        echo = given != "" and repr(given) not in message  # not when the reason quotes it
    else:
        echo = isinstance(given, int | float)
    if echo and error["type"] not in ("missing", "extra_forbidden"):
        message += f" (got {shown(given)})"
    return message


def describe_validation_error(error: ValidationError) -> str:
    """All problems of one record on one line: `title: must not be empty; hours: …`."""
    return "; ".join(f"{field_name(e)}: {plain_message(e)}" for e in error.errors())

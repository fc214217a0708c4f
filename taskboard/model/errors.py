"""Turn pydantic's validation errors into one line a coordinator can read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from taskboard.model.common import LABEL_PATTERN
from taskboard.model.text import DATE_REASON, shown

Translate = Callable[[str], str]
"""A language's lookup (`taskboard.i18n._`); the model layer sits below it and takes one."""


def _same(text: str) -> str:
    return text


class Phrase(str):
    """An English message that remembers its template and values, to be said in another language.

    The model and store raise errors before the language is known to them (the
    model sits below the catalogue). A `Phrase` reads as its English text
    everywhere, and `translated(_)` gives it in the active language, values
    (themselves phrases, like the kind of record) translated too:
    `Phrase("no {what} {ref}", what=Phrase("task"), ref="'funing-99'")`.
    """

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Phrase:
        made = super().__new__(cls, template.format(**values) if values else template)
        made.template = template
        made.values = values
        return made

    def translated(self, translate: Translate) -> str:
        """The message in the language of `translate`."""
        values = {
            key: value.translated(translate) if isinstance(value, Phrase) else value
            for key, value in self.values.items()
        }
        return translate(self.template).format(**values)


def error_words(error: BaseException, translate: Translate = _same) -> str:
    """An error's message, in the language of `translate` when it was raised as a `Phrase`."""
    if isinstance(error, ValidationError):
        return describe_validation_error(error, translate)
    message = error.args[0] if error.args else ""
    return message.translated(translate) if isinstance(message, Phrase) else str(error)


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


def plain_message(error: ErrorDetails, translate: Translate = _same) -> str:
    """The reason in words; pydantic's own text where it is already plain.

    With `translate`, the reasons this module words itself are given in that
    language; pydantic's own wording (rare: the models check most things with
    their own reasons) stays as pydantic wrote it."""
    reason = pattern_reason(error) or _PLAIN.get(error["type"])
    if reason is not None:
        message = translate(reason)
    else:
        message = error["msg"].removeprefix("Value error, ")
        message = message[0].lower() + message[1:] if message else message
        message = translate(message)
    given = error.get("input")
    if isinstance(given, str):
        echo = given != "" and repr(given) not in message  # not when the reason quotes it
    else:
        echo = isinstance(given, int | float)
    if echo and error["type"] not in ("missing", "extra_forbidden"):
        message += translate(" (got {value})").format(value=shown(given))
    return message


def describe_validation_error(error: ValidationError, translate: Translate = _same) -> str:
    """All problems of one record on one line: `title: must not be empty; hours: …`.

    Without `translate` the English line is a `Phrase` that keeps the error, so
    an error raised with it (`InvalidRecord(describe_validation_error(e))`) is
    still said in the user's language where the language is known."""
    if translate is not _same:
        return _described(error, translate)
    return _Described.of(error)


def _described(error: ValidationError, translate: Translate) -> str:
    return translate("; ").join(
        f"{field_name(e)}: {plain_message(e, translate)}" for e in error.errors()
    )


class _Described(Phrase):
    """The English description of a validation error that can be said in another language."""

    error: ValidationError

    @classmethod
    def of(cls, error: ValidationError) -> _Described:
        made = cls(_described(error, _same))
        made.error = error
        return made

    def translated(self, translate: Translate) -> str:
        return _described(self.error, translate)

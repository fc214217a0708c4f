"""Which field of the task form an error belongs to, and the reason in plain words.

The form shows every reason under the widget it is about: shape problems found
while reading the text, the model's rules (pydantic), and the store's
cross-record rules (an unknown site or skill). Whole-task rules are about the
schedule window and go under the start or end.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails

from taskboard.i18n import _
from taskboard.model.errors import form_reason, plain_message
from taskboard.model.task import EDITABLE_FIELDS

Errors = dict[str, list[str]]
"""Widget id → the reasons shown under it (`form` is the line above the buttons)."""

MODEL_FIELD_WIDGET = {name: name.replace("_", "-") for name in ("status", *EDITABLE_FIELDS)}
"""Task field → id of the form widget whose error label shows problems with it."""


def file_error(errors: Errors, widget: str, reason: str) -> None:
    """Add a reason under `widget`."""
    errors.setdefault(widget, []).append(reason)


def model_error_place(
    error: ErrorDetails, fields: dict[str, Any], *, editing: bool
) -> tuple[str, str]:
    """The widget one pydantic error goes under, and the reason in plain words.

    An edit shows no status choice: a status error then goes to the form's line.
    """
    loc = error["loc"]
    if not loc and "attendance" in plain_message(error):  # counted for events only
        widget = "expected" if fields.get("expected") else "attended"
        reason = _("attendance is counted for events only (kind event)")
    elif not loc:  # the other whole-task rules are about the schedule window
        widget, reason = window_error(fields, error)
    elif loc[0] == "origin":
        widget = "origin-date" if len(loc) > 1 and loc[1] == "date" else "origin-source"
        reason = reason_of(error)
    else:
        widget = MODEL_FIELD_WIDGET.get(str(loc[0]), "form")
        reason = reason_of(error)
    if widget == "status" and editing:
        widget = "form"
    return widget, reason


def reason_of(error: ErrorDetails) -> str:
    """A translated reason for the common errors; the domain's own words otherwise."""
    reason = form_reason(error)
    if reason is None:
        return plain_message(error)
    given = error.get("input")
    if tuple(error["loc"][:1]) == ("tags",) and isinstance(given, str):
        return f"“{given}”: {_(reason)}"  # which of several tags
    return _(reason)


def window_error(fields: dict[str, Any], error: ErrorDetails) -> tuple[str, str]:
    """Which schedule field a whole-task error belongs to, and why."""
    if fields.get("start") and fields.get("end"):
        return "end", _("must be after the start")
    if fields.get("start") or fields.get("end"):
        missing = "end" if fields.get("start") else "start"
        return missing, _("a schedule needs both a start and an end")
    return "form", plain_message(error)


def store_error_widget(message: str) -> str:
    """The field a store rule (unknown site or skill) concerns."""
    if message.startswith("unknown skill"):
        return "needs"
    if message.startswith("unknown site"):
        return "site"
    return "form"

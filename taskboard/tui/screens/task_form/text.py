"""The task form's text and the values it stands for, both ways.

What each widget starts with (`form_text`), and how typed text becomes task
values: lists split the English or the Chinese way, needs as
`welding:2:2, painting:3`, dates and times in ISO form. Each parser raises
`OptionError` with a reason a coordinator can act on; `optional` files it
under the widget instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from taskboard.i18n import _, group_name
from taskboard.model import Kind, Priority, Task, values
from taskboard.tui.screens.task_form.errors import Errors, file_error

SEPARATORS = re.compile(r"[\s,，、;；]+")
"""Between list entries: commas, spaces, and the Chinese comma and enumeration mark."""

DATETIME_EXAMPLE = "2026-12-05 09:00"
DATE_EXAMPLE = "2026-12-05"
"""Examples quoted in error messages."""
DATETIME_SHAPE = "YYYY-MM-DD HH:MM"
DATE_SHAPE = "YYYY-MM-DD"
"""What empty date inputs show: a shape, so an example is never mistaken for a value."""


def split_list(text: str) -> list[str]:
    """Entries of a comma- or space-separated field, empty ones dropped."""
    return [part for part in SEPARATORS.split(text.strip()) if part]


def needs_text(task: Task | None) -> str:
    """Needs as the form shows them: `welding:2:2, painting:3` (level only when above 1)."""
    if task is None:
        return ""
    return ", ".join(
        f"{need.skill}:{need.count}" + (f":{need.min_level}" if need.min_level > 1 else "")
        for need in task.needs
    )


def parse_needs(text: str) -> list[dict[str, Any]]:
    """`welding:2:2, painting:3` → need records; raises `OptionError` with a readable reason."""
    needs: list[dict[str, Any]] = []
    for entry in split_list(text):
        try:
            skill, count, level = values.need("", entry)
        except values.OptionError:
            raise values.OptionError(
                _("“{value}”: expected SKILL:COUNT or SKILL:COUNT:LEVEL, e.g. welding:2:2").format(
                    value=entry
                )
            ) from None
        if count < 1:
            raise values.OptionError(
                _("“{value}”: at least one person is needed").format(value=entry)
            )
        needs.append({"skill": skill, "count": count, "min_level": level})
    return needs


def datetime_text(value: dt.datetime | None) -> str:
    """A window start or end as the form shows it, to the minute when that loses nothing."""
    if value is None:
        return ""
    timespec = "minutes" if value.second == 0 and value.microsecond == 0 else "auto"
    return value.isoformat(sep=" ", timespec=timespec)


def form_text(task: Task | None, *, default_site: str, default_status: str) -> dict[str, str]:
    """What each widget starts with: the task's values, or the defaults of a new task.

    Kept so that Cancel can tell whether anything was typed since.
    """
    origin = task.origin if task else None
    return {
        "title": task.title if task else "",
        "description": task.description if task else "",
        "kind": str(task.kind if task else Kind.RENOVATION),
        "status": str(task.status if task else default_status),
        "site": task.site if task else default_site,
        "place": task.place if task else "",
        "priority": str(task.priority if task else Priority.NORMAL),
        "start": datetime_text(task.start if task else None),
        "end": datetime_text(task.end if task else None),
        "due": task.due.isoformat() if task and task.due else "",
        "hours": f"{task.hours:g}" if task and task.hours else "",
        "needs": needs_text(task),
        "tags": ", ".join(task.tags) if task else "",
        "origin-source": origin.source if origin else "",
        "origin-date": origin.date.isoformat() if origin and origin.date else "",
        "prefer-group": group_name(task.prefer_group or "") if task else "",
        "expected": task.expected.text() if task and task.expected else "",
        "attended": task.attended.text() if task and task.attended else "",
        "cost-estimate": money_text(task.cost_estimate if task else None),
        "cost": money_text(task.cost if task else None),
        "fund": task.fund or "" if task else "",
    }


def money_text(value: float | None) -> str:
    """An amount in yuan as the form shows it: `1200`, `980.5`."""
    return "" if value is None else f"{value:g}"


def parse_form(
    text: dict[str, str], errors: Errors, *, new: bool, origin: dict[str, Any] | None
) -> dict[str, Any]:
    """Form text (keyed like `form_text`) → task field values; shape problems go to
    `errors` by widget. Only a new task takes its status from the form; `origin` is
    the edited task's, whose note the form does not show and keeps."""
    fields: dict[str, Any] = {
        key: text[key] for key in ("title", "description", "kind", "site", "place", "priority")
    }
    if new:
        fields["status"] = text["status"]
    fields["prefer_group"] = text["prefer-group"].strip() or None
    fields["tags"] = split_list(text["tags"])
    fields["start"] = optional(text, "start", parse_datetime, errors)
    fields["end"] = optional(text, "end", parse_datetime, errors)
    fields["due"] = optional(text, "due", parse_date, errors)
    fields["hours"] = optional(text, "hours", parse_hours, errors)
    fields["needs"] = optional(text, "needs", parse_needs, errors) or []
    fields["origin"] = _origin(text, errors, origin or {})
    fields["expected"] = optional(text, "expected", parse_headcount, errors)
    fields["attended"] = optional(text, "attended", parse_headcount, errors)
    fields["cost_estimate"] = optional(text, "cost-estimate", parse_amount, errors)
    fields["cost"] = optional(text, "cost", parse_amount, errors)
    fields["fund"] = text["fund"].strip() or None
    return fields


def parse_headcount(value: str) -> dict[str, int]:
    try:
        return values.headcount("", value)
    except values.OptionError:
        raise values.OptionError(
            _("expected ADULTS:MINORS, two whole numbers, e.g. 20:15")
        ) from None


def parse_amount(value: str) -> float:
    try:
        return values.amount("", value)
    except values.OptionError:
        raise values.OptionError(_("expected an amount in yuan, e.g. 980")) from None


def _origin(text: dict[str, str], errors: Errors, kept: dict[str, Any]) -> dict[str, Any] | None:
    """Who suggested the task and when, keeping a note the form does not show."""
    source = text["origin-source"].strip()
    when = optional(text, "origin-date", parse_date, errors)
    if not source and when is None:
        return None
    return {**kept, "source": source, "date": when}


def optional(
    text: dict[str, str],
    key: str,
    parse: Callable[[str], Any],
    errors: Errors,
) -> Any:
    """`parse` of a field's text, None when it is empty or (with a filed reason) malformed."""
    value = text[key].strip()
    if not value:
        return None
    try:
        return parse(value)
    except values.OptionError as error:
        file_error(errors, key, str(error))
        return None


def parse_datetime(value: str) -> str:
    try:
        return values.datetime("", value).isoformat()
    except values.OptionError:
        raise values.OptionError(
            _("expected a date and time like {example}").format(example=DATETIME_EXAMPLE)
        ) from None


def parse_date(value: str) -> str:
    try:
        return values.date("", value).isoformat()
    except values.OptionError:
        raise values.OptionError(
            _("expected a date like {example}").format(example=DATE_EXAMPLE)
        ) from None


def parse_hours(value: str) -> float:
    try:
        return values.number("", value)
    except values.OptionError:
        raise values.OptionError(_("expected a number of hours above 0, e.g. 2.5")) from None

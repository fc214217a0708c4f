"""Which field of the volunteer form a refusal belongs to, and the reason in plain words.

The model's rules come as pydantic errors, the rules that need other records
(known skills and sites, no adult-only skill for a minor) as the store's
refusal; each is written under the field it is about.
"""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from taskboard.i18n import _, language
from taskboard.model import Volunteer
from taskboard.model.errors import form_reason, plain_message
from taskboard.model.rules import plain
from taskboard.model.volunteer import EDITABLE_FIELDS as FIELDS
from taskboard.store import InvalidRecord, RuleBroken, Store

Problems = dict[str, str]
"""Field name → the reason it is refused."""

FIELD_REASONS = {
    ("phone", "value_error"): "must be digits, spaces or dashes (5 to 20 characters)",
    ("skills", "greater_than_equal"): "levels go from 1 to 3",
    ("skills", "less_than_equal"): "levels go from 1 to 3",
    ("max_hours", "less_than_equal"): "must be at most 80 hours a week",
    ("away", "value_error"): "a period ends before it starts",
}
"""Reasons that read better when the field is known."""
NAMED_ENTRIES = frozenset({"skills", "certs", "groups"})
"""Fields holding several entries: the reason quotes the entry at fault."""


def problem_field(error_location: tuple[int | str, ...]) -> str:
    """The form field a pydantic error belongs to; whole-record rules go to the bottom."""
    first = str(error_location[0]) if error_location else ""
    return first if first in FIELDS else "record"


def reason_of(field: str, error: ErrorDetails) -> str:
    """A translated reason for the errors a form can cause; the domain's own words otherwise."""
    reason = FIELD_REASONS.get((field, error["type"])) or form_reason(error)
    if reason is None:
        return plain_message(error)
    given = error.get("input")
    if field in NAMED_ENTRIES and isinstance(given, str):
        return f"“{given}”: {_(reason)}"
    return _(reason)


def validation_problems(error: ValidationError) -> Problems:
    """Each field's reasons, in words a coordinator can act on."""
    problems: Problems = {}
    for detail in error.errors():
        field = problem_field(tuple(detail["loc"]))
        message = reason_of(field, detail)
        problems[field] = f"{problems[field]}; {message}" if field in problems else message
    return problems


def rule_problem(store: Store, person: Volunteer, error: InvalidRecord) -> tuple[str, str]:
    """The field a store rule refused and why: a site or skill it does not know, or a
    hard rule across records (an adult-only skill for a minor) in its own words."""
    catalogue = store.skills.docs()
    if person.site and person.site not in store.sites.docs():
        return "site", _("unknown site {site}").format(site=person.site)
    for field, keys in (("skills", person.skills), ("certs", person.certs)):
        unknown = sorted(key for key in keys if key not in catalogue)
        if unknown:
            known = " ".join(sorted(catalogue))
            return field, _("unknown skill {skills} (known: {known})").format(
                skills=", ".join(unknown), known=known
            )
    if isinstance(error, RuleBroken) and error.breach.fields:
        labels = store.skills.models()

        def show(value: object) -> str:
            if isinstance(value, tuple):  # skill keys, shown by their labels
                return ", ".join(labels[key].label(language()) for key in value)
            return plain(value)

        return error.breach.fields[0], error.breach.text(_, show)
    return "record", str(error)

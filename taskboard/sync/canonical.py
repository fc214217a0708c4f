"""Recognising, without the models, records that are valid and already in canonical form.

A merge must check every new or changed record against its model and make sure
it is stored exactly as the model writes it (`validate.check_fields`). Through
pydantic that costs 3–18 µs a record, most of a large merge. Records written by
taskboard are nearly always canonical already, so each table gets a plain
Python test built from its model's fields: exact JSON types, bounds, patterns,
lengths, stripped text, ISO dates, and a twin for every validator of the model.

The test only ever says "certainly fine" or "ask the model": a record it does
not accept goes through pydantic as before, which names the problem. So it may
be stricter than the model (an int where a float is stored, a date with a time
zone: the model decides those) but never looser; the tests hold it to that on
random records. A model with a field type or a validator this module does not
know gets no test, and all its records go through pydantic.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
import types
import typing
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import annotated_types
from pydantic import BaseModel, StringConstraints
from pydantic.fields import FieldInfo
from pydantic.functional_validators import AfterValidator

from taskboard.model.campaign import Campaign, Household, Round, address_key
from taskboard.model.common import PHONE_PATTERN, group_key, phone_number
from taskboard.model.repeat import parse_repeat
from taskboard.model.series import Series
from taskboard.model.site import Site
from taskboard.model.suggestion import Decision, Suggestion
from taskboard.model.task import Assignment, ChecklistItem, Task, assignment_id
from taskboard.model.text import DayRange, PlainText
from taskboard.model.volunteer import SLOT_ORDER, Away, Volunteer, check_slot
from taskboard.store.records import BOOKKEEPING, DELETED, STAMPS
from taskboard.store.store import MODELS

Check = Callable[[Any], bool]
"""True when a value is certainly valid and canonical (False: ask the model)."""

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")
"""The forms the models write dates and (naive, whole-second) times in."""
_RECORD_EXTRAS = BOOKKEEPING | {DELETED}
"""Keys a stored record has besides its model's fields."""


class _Unknown(Exception):
    """A field type or validator without a plain test: the model keeps the whole check."""


@cache
def record_check(table: str) -> Check | None:
    """The plain test for stored records of `table` (bookkeeping allowed), or None."""
    builder = _Builder()
    try:
        builder.model(MODELS[table], "d", 0, _RECORD_EXTRAS)
    except _Unknown:
        return None
    builder.emit(0, f"deleted = d.get({DELETED!r}, False)")
    builder.fail_unless(0, "deleted is True or deleted is False")
    return builder.function()


# Validator twins ---------------------------------------------------------------------------
def _increasing(values: list[Any]) -> bool:
    return all(a < b for a, b in zip(values, values[1:], strict=False))


def _window_in_order(doc: dict[str, Any]) -> bool:
    start, end = doc["start"], doc["end"]
    # Both in the one ISO form `_DATETIME` allows, so text order is time order.
    if doc["kind"] != "event" and (doc["expected"] or doc["attended"]):
        return False  # attendance is counted for events only
    return (start is None) == (end is None) and (start is None or end > start)


def _canonical_repeat(rule: str) -> bool:
    try:
        return parse_repeat(rule) == rule
    except ValueError:
        return False


def _one_need_per_skill(needs: list[dict[str, Any]]) -> bool:
    return _increasing([need["skill"] for need in needs])


def _checklist_in_id_order(items: list[dict[str, Any]]) -> bool:
    ids = [item["id"] for item in items]
    return all(a <= b for a, b in zip(ids, ids[1:], strict=False))


def _week_order(slots: list[str]) -> bool:
    return _increasing([SLOT_ORDER[slot] for slot in slots])


def _sorted_away(periods: list[dict[str, Any]]) -> bool:
    spans = [(period["start"], period["end"]) for period in periods]
    return all(a <= b for a, b in zip(spans, spans[1:], strict=False))


def _one_per_address(households: list[dict[str, Any]]) -> bool:
    addresses = [address_key(h["building"], h["unit"], h["room"]) for h in households]
    return len(set(addresses)) == len(addresses)


def _valid_phone(phone: str | None) -> bool:
    return phone is None or (phone != "" and PHONE_PATTERN.match(phone) is not None)


_FIELD_TWINS: dict[tuple[type[BaseModel], str], Check] = {
    (Task, "_sorted_tags"): _increasing,
    (Task, "_one_need_per_skill"): _one_need_per_skill,
    (Task, "_checklist_in_id_order"): _checklist_in_id_order,
    (Volunteer, "_valid_phone"): _valid_phone,
    (Volunteer, "_sorted_groups"): _increasing,
    (Volunteer, "_sorted_links"): _increasing,
    (Volunteer, "_week_order"): _week_order,
    (Volunteer, "_sorted_away"): _sorted_away,
    (Suggestion, "_sorted_tasks"): _increasing,
    (Household, "_valid_phone"): _valid_phone,
    (Campaign, "_one_per_address"): _one_per_address,
    (Site, "_sorted_funds"): _increasing,
    (Series, "_sorted_crew"): _increasing,
}
"""(model, field validator) → the same rule on the stored value, which is canonical
only if the validator would leave it as it is."""
_MODEL_TWINS: dict[tuple[type[BaseModel], str], Check] = {
    (Task, "_window_in_order"): _window_in_order,
    (Away, "_end_after_start"): lambda doc: doc["end"] >= doc["start"],
    (Assignment, "_derive_id"): lambda doc: (
        doc["id"] == assignment_id(doc["task"], doc["volunteer"], doc["skill"])
    ),
    (Series, "_until_after_first"): lambda doc: (
        doc["until"] is None or doc["until"] >= doc["first"]
    ),
    (Suggestion, "_reason_when_declined"): lambda doc: (
        doc["decision"] != Decision.DECLINED or doc["reason"].strip() != ""
    ),
}
"""(model, model validator) → the same rule on the stored fields."""
_VALUE_TWINS: dict[Callable[..., Any], Check] = {
    check_slot: SLOT_ORDER.__contains__,
    group_key: lambda label: group_key(label) == label,
    phone_number: lambda phone: PHONE_PATTERN.match(phone) is not None,
    parse_repeat: _canonical_repeat,
}
"""`AfterValidator` functions → the same rule."""
_PAIRWISE = {
    _increasing,
    _one_need_per_skill,
    _checklist_in_id_order,
    _week_order,
    _sorted_away,
    _one_per_address,
}
"""Twins about order or repetition, true of lists shorter than two (not called for them)."""
_SYNC_RULES: dict[tuple[type[BaseModel], str], Check] = {
    (ChecklistItem, "id"): lambda item_id: "." not in item_id,
    (Household, "id"): lambda item_id: "." not in item_id,
    (Round, "task"): lambda task_id: "." not in task_id,
}
"""Rules of the merge itself: checklist item ids are parts of field paths."""


# Building the tests ------------------------------------------------------------------------
# A table's test is generated as the source of one function (as `dataclasses` does):
# one call per record, with the nested lists and models checked in loops inside it.
MEMO_SIZE = 4096
"""How many texts and dates that passed a pattern or calendar test are remembered per
field (skills, sites, days recur in every record)."""


class _Builder:
    """Writes and compiles a record test; `_Unknown` when a part has no plain test."""

    def __init__(self) -> None:
        self.space: dict[str, Any] = {"isfinite": math.isfinite}
        self.lines: list[str] = []
        self.count = 0

    def name(self, value: Any) -> str:
        """A new name for `value` in the generated code's namespace."""
        self.count += 1
        self.space[f"_h{self.count}"] = value
        return f"_h{self.count}"

    def variable(self) -> str:
        self.count += 1
        return f"v{self.count}"

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def fail_unless(self, depth: int, test: str) -> None:
        self.emit(depth, f"if not ({test}): return False")

    def function(self) -> Check:
        """Compile the lines written so far as `def check(d)`."""
        source = "def check(d):\n" + "".join(f"    {line}\n" for line in self.lines)
        source += "    return True\n"
        scope: dict[str, Any] = {}
        exec(compile(source, "<canonical>", "exec"), self.space, scope)  # noqa: S102
        check: Check = scope["check"]
        return check

    def model(
        self,
        model: type[BaseModel],
        v: str,
        depth: int,
        extras: frozenset[str] = frozenset(),
    ) -> None:
        """`v` holds exactly `model`'s fields (and any of `extras`)."""
        field_rules, model_rules = _twins(model)
        names = self.name(frozenset(model.model_fields))
        keys = self.variable()
        self.fail_unless(depth, f"type({v}) is dict")
        self.emit(depth, f"{keys} = {v}.keys()")
        count = len(model.model_fields)
        same = f"len({keys}) == {count}"
        if extras:  # most stored records have one: their creation stamp
            same = (
                f"({same} or (len({keys}) == {count + 1} and {STAMPS!r} in {keys})"
                f" or {keys} - {names} <= {self.name(extras)})"
            )
        self.fail_unless(depth, f"{keys} >= {names} and {same}")
        for name, info in model.model_fields.items():
            if info.alias or info.validation_alias or info.serialization_alias or info.exclude:
                raise _Unknown(model, name)
            value = self.variable()
            self.emit(depth, f"{value} = {v}[{name!r}]")
            self.value(info.annotation, list(info.metadata), value, depth)
            for rule in field_rules.pop(name, []):
                short = f"len({value}) < 2 or " if rule in _PAIRWISE else ""
                self.fail_unless(depth, f"{short}{self.name(rule)}({value})")
        if field_rules:
            raise _Unknown(model, field_rules)
        for rule in model_rules:
            self.fail_unless(depth, f"{self.name(rule)}({v})")

    def value(self, annotation: Any, metadata: list[Any], v: str, depth: int) -> None:
        """`v` is a certainly fine value of `annotation` with the constraints in `metadata`."""
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            self.value(args[0], [*metadata, *annotation.__metadata__], v, depth)
        elif origin in (typing.Union, types.UnionType):
            others = [arg for arg in args if arg is not type(None)]
            if len(others) != 1 or len(args) != 2:
                raise _Unknown(annotation)
            self.emit(depth, f"if {v} is not None:")
            self.value(others[0], metadata, v, depth + 1)
        elif origin is list and not list(_flatten(metadata)):
            item = self.variable()
            self.fail_unless(depth, f"type({v}) is list")
            self.emit(depth, f"for {item} in {v}:")
            self.value(args[0], [], item, depth + 1)
        elif origin is dict and not list(_flatten(metadata)):
            key, item = self.variable(), self.variable()
            self.fail_unless(depth, f"type({v}) is dict")
            self.emit(depth, f"for {key}, {item} in {v}.items():")
            self.value(args[0], [], key, depth + 1)
            self.value(args[1], [], item, depth + 1)
        elif origin is tuple and args == (Any, Any) and not metadata:
            self.fail_unless(depth, f"type({v}) is list and len({v}) == 2")
        elif annotation is Any and not metadata:
            self.emit(depth, "pass")
        elif origin is not None:
            raise _Unknown(annotation, metadata)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and not metadata:
            self.model(annotation, v, depth)
        elif isinstance(annotation, type):
            self.plain(annotation, metadata, v, depth)
        else:
            raise _Unknown(annotation)

    def plain(self, kind: type, metadata: list[Any], v: str, depth: int) -> None:
        if kind is str:
            self.text(metadata, v, depth)
        elif kind is bool and not metadata:
            self.fail_unless(depth, f"{v} is True or {v} is False")
        elif kind in (int, float):
            test = f"type({v}) is {kind.__name__}"
            if kind is float:
                test += f" and isfinite({v})"
            self.fail_unless(depth, test + self.bounds(metadata, v))
        elif kind in (dt.datetime, dt.date):
            self.remembered(v, depth, self.day(kind, metadata, v))
        elif issubclass(kind, enum.Enum) and not metadata:
            values = frozenset(member.value for member in kind)
            if not all(type(value) is str for value in values):
                raise _Unknown(kind)
            self.fail_unless(depth, f"type({v}) is str and {v} in {self.name(values)}")
        else:
            raise _Unknown(kind, metadata)

    def day(self, kind: type, metadata: list[Any], v: str) -> list[str]:
        """Tests that `v` is a date (or a date and time) in ISO form, within the model's range.

        ISO text in one fixed form sorts as the dates do, so the range is compared as text."""
        tests = [f"{self.name(_is_datetime if kind is dt.datetime else _is_date)}({v})"]
        for item in _flatten(metadata):
            if not isinstance(item, DayRange):
                raise _Unknown(kind, item)
            first, last = item.first.isoformat(), item.last.isoformat()
            if kind is dt.datetime:
                first, last = f"{first}T00:00:00", f"{last}T23:59:59"
            tests.append(f"{first!r} <= {v} <= {last!r}")
        return tests

    def remembered(self, v: str, depth: int, tests: list[str]) -> None:
        """`v` is text passing `tests`, looked up first among the texts that passed before."""
        memo = self.name(set())
        self.fail_unless(depth, f"type({v}) is str")
        self.emit(depth, f"if {v} not in {memo}:")
        self.fail_unless(depth + 1, " and ".join(tests))
        self.emit(depth + 1, f"if len({memo}) < {MEMO_SIZE}: {memo}.add({v})")

    def text(self, metadata: list[Any], v: str, depth: int) -> None:
        """Text that stripping (every record model strips) and lower- or upper-casing
        would leave as it is, within its lengths and pattern."""
        shortest, longest = 0, None
        tests = [f"{v}.strip() == {v}"]
        costly = False
        for item in _flatten(metadata):
            if isinstance(item, StringConstraints):
                if item.strict or item.ascii_only:
                    raise _Unknown(item)
                shortest = max(shortest, item.min_length or 0)
                longest = _tighter(longest, item.max_length)
                if item.to_lower:
                    tests.append(f"{v}.lower() == {v}")
                if item.to_upper:
                    tests.append(f"{v}.upper() == {v}")
                if item.pattern is not None:
                    if not isinstance(item.pattern, str):
                        raise _Unknown(item)
                    # `$` also matches before a final newline in Python, not in the model
                    search = self.name(re.compile(item.pattern).search)
                    tests.append(f"'\\n' not in {v} and {search}({v}) is not None")
                    costly = True
            elif isinstance(item, annotated_types.MinLen):
                shortest = max(shortest, item.min_length)
            elif isinstance(item, annotated_types.MaxLen):
                longest = _tighter(longest, item.max_length)
            elif isinstance(item, PlainText):
                tests.append(f"{self.name(item.accepts)}({v})")
            elif isinstance(item, AfterValidator) and item.func in _VALUE_TWINS:
                tests.append(f"{self.name(_VALUE_TWINS[item.func])}({v})")
                costly = True
            else:
                raise _Unknown(item)
        if shortest or longest is not None:
            top = "" if longest is None else f" <= {longest}"
            tests.insert(0, f"{shortest} <= len({v}){top}")
        if costly:
            self.remembered(v, depth, tests)
        else:
            self.fail_unless(depth, " and ".join([f"type({v}) is str", *tests]))

    def bounds(self, metadata: list[Any], v: str) -> str:
        """` and <bound>` for each numeric bound in `metadata`."""
        text = ""
        for item in _flatten(metadata):
            if isinstance(item, annotated_types.Ge):
                text += f" and {v} >= {self.name(item.ge)}"
            elif isinstance(item, annotated_types.Gt):
                text += f" and {v} > {self.name(item.gt)}"
            elif isinstance(item, annotated_types.Le):
                text += f" and {v} <= {self.name(item.le)}"
            elif isinstance(item, annotated_types.Lt):
                text += f" and {v} < {self.name(item.lt)}"
            else:
                raise _Unknown(item)
        return text


def _twins(model: type[BaseModel]) -> tuple[dict[str, list[Check]], list[Check]]:
    """The plain rules standing in for `model`'s validators: by field, and on the whole."""
    decorators = model.__pydantic_decorators__
    if (
        model.model_config.get("extra") != "forbid"
        or decorators.validators
        or decorators.root_validators
        or decorators.field_serializers
        or decorators.model_serializers
    ):
        raise _Unknown(model)
    by_field: dict[str, list[Check]] = {}
    for name, field_validator in decorators.field_validators.items():
        twin = _FIELD_TWINS.get((model, name))
        if twin is None or field_validator.info.mode != "after":
            raise _Unknown(model, name)
        for field in field_validator.info.fields:
            by_field.setdefault(field, []).append(twin)
    for (owner, field), rule in _SYNC_RULES.items():
        if owner is model:
            by_field.setdefault(field, []).append(rule)
    whole: list[Check] = []
    for name, model_validator in decorators.model_validators.items():
        twin = _MODEL_TWINS.get((model, name))
        if twin is None or model_validator.info.mode != "after":
            raise _Unknown(model, name)
        whole.append(twin)
    return by_field, whole


def _tighter(limit: int | None, other: int | None) -> int | None:
    """The smaller of two upper limits, either of which may be missing."""
    return other if limit is None else limit if other is None else min(limit, other)


def _flatten(metadata: Iterable[Any]) -> Iterable[Any]:
    """Constraints, with those wrapped in a `Field(...)` inside `Annotated` taken out."""
    for item in metadata:
        if isinstance(item, FieldInfo):
            yield from _flatten(item.metadata)
        else:
            yield item


def _iso_test(form: re.Pattern[str], parse: Callable[[str], object]) -> Check:
    """True for text in exactly `form` that `parse` (a calendar check) accepts."""

    def test(value: str) -> bool:
        if form.fullmatch(value) is None:
            return False
        try:
            parse(value)
        except ValueError:
            return False
        return True

    return test


_is_date = _iso_test(_DATE, dt.date.fromisoformat)
_is_datetime = _iso_test(_DATETIME, dt.datetime.fromisoformat)

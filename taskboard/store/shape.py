"""What every stored record must hold, checked whenever a data file, journal or backup is read.

The rest of taskboard reads records straight from the tables (`doc["status"]`),
so a record that lacks a field or holds the wrong kind of value would crash a
command far from the file it came from. Running every record through pydantic
at start-up would cost seconds at district size; instead each table gets one
plain Python test, built once from its model: every field the model writes is
present and holds the JSON kind the model writes it as (text, number,
true/false, list, map, one of an enum's values; items of nested models alike).
Only a record that fails the test is looked at again, to name what is wrong.

Values are not checked against every rule of the model here (patterns,
bounds, dates as text only): the model checks those where a record is changed
or arrives from another site.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from taskboard.store.tables import MODEL_OF

MODELS: dict[str, type[BaseModel]] = {str(table): cls for table, cls in MODEL_OF.items()}
"""Every synced table and the model its records validate against."""
META_TABLE = "_meta"
META_ID = "meta"
HLC_LIMIT = 2**63
"""Clock stamps are whole numbers below this (they are written as 64-bit integers)."""

Test = Callable[[Any], bool]


class ShapeError(ValueError):
    """A record or the file's settings are not what taskboard writes; says which and why."""


# Building the tests ----------------------------------------------------------------------
class _Builder:
    """Turns model annotations into one Python expression per model."""

    def __init__(self) -> None:
        self.constants: dict[str, object] = {"_NUMBER": (int, float)}
        self._names = 0

    def constant(self, value: object) -> str:
        self._names += 1
        name = f"_C{self._names}"
        self.constants[name] = value
        return name

    def model(self, model: type[BaseModel], expr: str, depth: int) -> str:
        """True when `expr` is a dict holding every field of `model`, each of its kind."""
        fields = self.constant(frozenset(model.model_fields))
        parts = [f"type({expr}) is dict", f"{expr}.keys() >= {fields}"]
        for name, info in model.model_fields.items():
            test = self.value(info.annotation, f"{expr}[{name!r}]", depth)
            if test is not None:
                parts.append(test)
        return "(" + " and ".join(parts) + ")"

    def value(self, annotation: Any, expr: str, depth: int) -> str | None:
        """True when `expr` has the JSON kind `annotation` is written as; None: no test."""
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            return self.value(args[0], expr, depth)
        if origin in (typing.Union, types.UnionType):
            others = [arg for arg in args if arg is not type(None)]
            if len(others) != 1:
                return None
            inner = self.value(others[0], expr, depth)
            optional = type(None) in args
            return f"({expr} is None or {inner})" if inner and optional else inner
        if origin is list:
            item = args[0] if args else Any
            each = self.value(item, f"x{depth}", depth + 1) if _is_model(item) else None
            if each is None:
                return f"type({expr}) is list"
            return f"(type({expr}) is list and (not {expr} or all({each} for x{depth} in {expr})))"
        if origin is dict:
            return f"type({expr}) is dict"
        if _is_model(annotation):
            return self.model(annotation, expr, depth)
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            values = self.constant(frozenset(str(member.value) for member in annotation))
            return f"(type({expr}) is str and {expr} in {values})"
        plain = _PLAIN.get(annotation)
        return plain(expr) if plain is not None else None

    def function(self, model: type[BaseModel]) -> Test:
        source = f"def test(d):\n    return {self.model(model, 'd', 0)}\n"
        namespace: dict[str, Any] = dict(self.constants)
        exec(compile(source, f"<shape of {model.__name__}>", "exec"), namespace)
        test: Test = namespace["test"]
        return test


_PLAIN: dict[Any, Callable[[str], str | None]] = {
    str: lambda expr: f"type({expr}) is str",
    bool: lambda expr: f"type({expr}) is bool",
    int: lambda expr: f"type({expr}) is int",
    float: lambda expr: f"type({expr}) in _NUMBER",
    dt.date: lambda expr: f"type({expr}) is str",
    dt.datetime: lambda expr: f"type({expr}) is str",
}
"""Plain types and the Python type their JSON value has (dates are ISO text)."""


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


@cache
def record_test(table: str) -> Test:
    """The test a stored record of `table` must pass (bookkeeping keys may be present)."""
    return _Builder().function(MODELS[table])


# Checking ----------------------------------------------------------------------------------
def check_tables(data: dict[str, dict[str, Any]], where: Path | str) -> None:
    """Refuse tables (a whole file, or one journal line) that taskboard did not write.

    Raises ShapeError naming the first wrong record or setting; `where` names the
    file in the message.
    """
    meta = data.get(META_TABLE)
    if meta is not None:
        _check_meta(meta.get(META_ID), where)
    for table, model in MODELS.items():
        docs = data.get(table)
        if not docs:
            continue
        test = record_test(table)
        for doc_id, doc in docs.items():
            if not test(doc) and not (fill_missing(table, doc) and test(doc)):
                raise ShapeError(f"{where}: {table} record {_short(doc_id)} {_what(model, doc)}")


ADDED: dict[str, tuple[str, ...]] = {
    "sites": ("coordinator", "phone", "funds"),  # schema 2; funds: schema 3
    "tasks": (
        "expected",
        "attended",
        "cost_estimate",
        "cost",
        "fund",
        "series",
        "leader",
    ),  # schema 3
    "volunteers": ("links",),  # schema 3
}
"""Fields models gained after the first schema, by table: a record written before may
lack them and gets their default. Add a field here when a model gains one (with a
default), and raise `schema.SCHEMA_VERSION` with `schema.fill_defaults` as its step.
Any other missing field is damage."""


@cache
def added_fields(table: str) -> dict[str, Any]:
    """The `ADDED` fields of `table`, at their defaults as JSON."""
    fields = MODELS[table].model_fields
    return {
        name: TypeAdapter(Any).dump_python(
            fields[name].get_default(call_default_factory=True), mode="json"
        )
        for name in ADDED.get(table, ())
    }


def fill_missing(table: str, doc: Any) -> bool:
    """Give a record written by an older taskboard the fields added since, at their defaults.

    True when anything was filled in (the caller then tests the record again).
    Only the slow path of a record that failed its test comes here.
    """
    if type(doc) is not dict:
        return False
    missing = added_fields(table).keys() - doc.keys()
    for name in missing:
        doc[name] = copy.deepcopy(added_fields(table)[name])
    return bool(missing)


def _check_meta(meta: Any, where: Path | str) -> None:
    if not isinstance(meta, dict):
        raise ShapeError(f"{where}: the file's settings ({META_TABLE}) are damaged")
    hlc = meta.get("hlc", 0)
    if type(hlc) is not int or not 0 <= hlc < HLC_LIMIT:
        raise ShapeError(
            f"{where}: {META_TABLE}.hlc {_short(hlc)} is not a clock stamp"
            " (a whole number from 0 to 2^63-1)"
        )
    for name in ("site", "generation", "retired_journal"):
        if name in meta and type(meta[name]) is not str:
            raise ShapeError(f"{where}: {META_TABLE}.{name} {_short(meta[name])} is not text")


def _what(model: type[BaseModel], doc: Any) -> str:
    """Why `doc` fails its model's test: the first missing or wrong field (slow path)."""
    if not isinstance(doc, dict):
        return "is not a record"
    missing = [name for name in model.model_fields if name not in doc]
    if missing:
        return f"has no {missing[0]}"
    for name, info in model.model_fields.items():
        builder = _Builder()
        test = builder.value(info.annotation, "d", 0)
        if test is None:
            continue
        namespace: dict[str, Any] = dict(builder.constants)
        if not eval(test, namespace, {"d": doc[name]}):  # built from our models only
            return f"has a damaged {name}: {_short(doc[name])}"
    return "is damaged"


def _short(value: Any, limit: int = 40) -> str:
    """A value for a message: its repr (control characters escaped), cut to `limit`."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"

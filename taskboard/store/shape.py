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
import hashlib
import json
import types
import typing
from collections.abc import Callable, Iterator, MutableMapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskboard.store.tables import MODEL_NAME, model_of

if TYPE_CHECKING:
    from pydantic import BaseModel


class _Models(MutableMapping[str, "type[BaseModel]"]):
    """Table name → model class, in table order; the classes load on the first look at one.

    Opening a file and painting the board only iterate the table names."""

    def __init__(self) -> None:
        self._names = [str(table) for table in MODEL_NAME]
        self._classes: dict[str, type[BaseModel]] | None = None

    def _loaded(self) -> dict[str, type[BaseModel]]:
        if self._classes is None:
            self._classes = {name: model_of(name) for name in self._names}
        return self._classes

    def __getitem__(self, table: str) -> type[BaseModel]:
        return self._loaded()[table]

    def __setitem__(self, table: str, cls: type[BaseModel]) -> None:
        self._loaded()[table] = cls

    def __delitem__(self, table: str) -> None:
        del self._loaded()[table]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names if self._classes is None else self._classes)

    def __len__(self) -> int:
        return len(self._names if self._classes is None else self._classes)

    def __contains__(self, table: object) -> bool:
        return table in (self._names if self._classes is None else self._classes)


MODELS: MutableMapping[str, type[BaseModel]] = _Models()
"""Every synced table and the model its records validate against."""
META_TABLE = "_meta"
META_ID = "meta"
HLC_LIMIT = 2**63
"""Clock stamps are whole numbers below this (they are written as 64-bit integers)."""

Test = Callable[[Any], bool]
Spec = Any
"""What a model's records must hold, as plain JSON values (see `describe`)."""
SHAPES_FILE = Path(__file__).with_name("record_shapes.json")
"""Every table's `Spec`, written from the models by `python -m taskboard.store shapes`.

Read instead of the models at start-up, so that opening a file imports no
pydantic; used only while `FINGERPRINT` matches the model sources, so a
model changed without writing it again is still checked right (just slower)."""


class ShapeError(ValueError):
    """A record or the file's settings are not what taskboard writes; says which and why."""


# Describing the models ---------------------------------------------------------------------
def describe(model: type[BaseModel]) -> Spec:
    """What a record of `model` must hold: `{"fields": {name: field spec or None}}`.

    A field spec is `["str"]`, `["bool"]`, `["int"]`, `["number"]`, `["dict"]`,
    `["enum", [values]]`, `["optional", spec]`, `["list", item model spec or None]`
    or `["model", spec]`; None means no test (a union of several kinds)."""
    return {"fields": {name: _kind(info.annotation) for name, info in model.model_fields.items()}}


def _kind(annotation: Any) -> Spec:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _kind(args[0])
    if origin in (typing.Union, types.UnionType):
        others = [arg for arg in args if arg is not type(None)]
        if len(others) != 1:
            return None
        inner = _kind(others[0])
        return ["optional", inner] if inner is not None and type(None) in args else inner
    if origin is list:
        item = args[0] if args else Any
        return ["list", _kind(item) if _is_model(item) else None]
    if origin is dict:
        return ["dict"]
    if _is_model(annotation):
        return ["model", describe(annotation)]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return ["enum", sorted(str(member.value) for member in annotation)]
    return _PLAIN.get(annotation)


_PLAIN: dict[Any, Spec] = {
    str: ["str"],
    bool: ["bool"],
    int: ["int"],
    float: ["number"],
    dt.date: ["str"],
    dt.datetime: ["str"],
}
"""Plain types and the kind of JSON value they are written as (dates are ISO text)."""


def fingerprint() -> str:
    """A digest of the model sources and of this module: changes when a spec may change."""
    digest = hashlib.sha256()
    folder = Path(__file__).resolve().parent.parent / "model"
    for source in [*sorted(folder.glob("*.py")), Path(__file__).resolve()]:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def written_shapes() -> str:
    """The text of `SHAPES_FILE` as the models make it now."""
    tables = {table: describe(MODELS[table]) for table in MODELS}
    shapes = {"fingerprint": fingerprint(), "tables": tables}
    return json.dumps(shapes, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


@cache
def _written() -> dict[str, Spec]:
    """The specs in `SHAPES_FILE` while it matches the models; else none."""
    try:
        shapes = json.loads(SHAPES_FILE.read_bytes())
    except (OSError, ValueError):
        return {}
    if isinstance(shapes, dict) and shapes.get("fingerprint") == fingerprint():
        tables: dict[str, Spec] = shapes["tables"]
        return tables
    return {}


@cache
def spec_of(table: str) -> Spec:
    """`table`'s spec: from `SHAPES_FILE` while it is current, else from the model."""
    written = _written().get(table)
    return written if written is not None else describe(MODELS[table])


# Building the tests ----------------------------------------------------------------------
class _Builder:
    """Turns specs into one Python expression per model."""

    def __init__(self) -> None:
        self.constants: dict[str, object] = {"_NUMBER": (int, float)}
        self._names = 0

    def constant(self, value: object) -> str:
        self._names += 1
        name = f"_C{self._names}"
        self.constants[name] = value
        return name

    def model(self, spec: Spec, expr: str, depth: int) -> str:
        """True when `expr` is a dict holding every field of `spec`, each of its kind."""
        fields = self.constant(frozenset(spec["fields"]))
        parts = [f"type({expr}) is dict", f"{expr}.keys() >= {fields}"]
        for name, kind in spec["fields"].items():
            test = self.value(kind, f"{expr}[{name!r}]", depth)
            if test is not None:
                parts.append(test)
        return "(" + " and ".join(parts) + ")"

    def value(self, kind: Spec, expr: str, depth: int) -> str | None:
        """True when `expr` has the JSON kind `kind` says; None: no test."""
        if kind is None:
            return None
        name = kind[0]
        if name == "optional":
            inner = self.value(kind[1], expr, depth)
            return f"({expr} is None or {inner})" if inner else None
        if name == "list":
            each = self.value(kind[1], f"x{depth}", depth + 1)
            if each is None:
                return f"type({expr}) is list"
            return f"(type({expr}) is list and (not {expr} or all({each} for x{depth} in {expr})))"
        if name == "model":
            return self.model(kind[1], expr, depth)
        if name == "enum":
            values = self.constant(frozenset(kind[1]))
            return f"(type({expr}) is str and {expr} in {values})"
        if name == "number":
            return f"type({expr}) in _NUMBER"
        return f"type({expr}) is {name}"  # str, bool, int, dict

    def function(self, spec: Spec, label: str) -> Test:
        source = f"def test(d):\n    return {self.model(spec, 'd', 0)}\n"
        namespace: dict[str, Any] = dict(self.constants)
        exec(compile(source, f"<shape of {label}>", "exec"), namespace)
        test: Test = namespace["test"]
        return test


def _is_model(annotation: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


@cache
def record_test(table: str) -> Test:
    """The test a stored record of `table` must pass (bookkeeping keys may be present)."""
    return _Builder().function(spec_of(table), table)


# Checking ----------------------------------------------------------------------------------
def check_tables(data: dict[str, dict[str, Any]], where: Path | str) -> None:
    """Refuse tables (a whole file, or one journal line) that taskboard did not write.

    Raises ShapeError naming the first wrong record or setting; `where` names the
    file in the message.
    """
    meta = data.get(META_TABLE)
    if meta is not None:
        _check_meta(meta.get(META_ID), where)
    for table in MODELS:
        docs = data.get(table)
        if not docs:
            continue
        test = record_test(table)
        for doc_id, doc in docs.items():
            if not test(doc) and not (fill_missing(table, doc) and test(doc)):
                raise ShapeError(f"{where}: {table} record {_short(doc_id)} {_what(table, doc)}")


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
    from pydantic import TypeAdapter

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


def _what(table: str, doc: Any) -> str:
    """Why `doc` fails its table's test: the first missing or wrong field (slow path)."""
    if not isinstance(doc, dict):
        return "is not a record"
    fields = spec_of(table)["fields"]
    missing = [name for name in fields if name not in doc]
    if missing:
        return f"has no {missing[0]}"
    for name, kind in fields.items():
        builder = _Builder()
        test = builder.value(kind, "d", 0)
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


def write_shapes() -> Path:
    """Write `SHAPES_FILE` from the models (`python -m taskboard.store shapes`)."""
    SHAPES_FILE.write_text(written_shapes(), encoding="utf-8")
    return SHAPES_FILE

"""The plain record test: never accepts what the models would refuse or rewrite."""

from __future__ import annotations

import copy
import datetime as dt
import math
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import field_validator

from taskboard.demo import district_dataset, fill_store, story_dataset
from taskboard.model import Task
from taskboard.store import Store
from taskboard.store.records import BOOKKEEPING
from taskboard.store.store import MODELS
from taskboard.sync.bundle import SYNCED_TABLES
from taskboard.sync.canonical import record_check
from taskboard.sync.errors import BundleError
from taskboard.sync.validate import check_fields

DAY = dt.date(2026, 11, 25)


@cache
def stored() -> dict[str, list[dict[str, Any]]]:
    """Records as taskboard stores them: the story, a small district, some deleted."""
    tables: dict[str, list[dict[str, Any]]] = {table: [] for table in MODELS}
    for dataset in (story_dataset(DAY), district_dataset(DAY, seed=3, tasks=300, volunteers=150)):
        store = Store.memory(who="测试员")
        store.initialise(dataset.site, coordinator="李主任")
        fill_store(store, dataset)
        for table in MODELS:
            tables[table] += [copy.deepcopy(doc) for doc in store.docs(table).values()]
    gone = copy.deepcopy(tables["tasks"][0])
    gone["deleted"] = True
    tables["tasks"].append(gone)
    return tables


def model_accepts(table: str, doc: dict[str, Any]) -> bool:
    try:
        check_fields(table, doc, "test")
    except BundleError:
        return False
    return True


def test_every_synced_table_has_a_plain_test() -> None:
    # A new field type or validator without a twin in `canonical` sends every record
    # of its table through the model: merges of that table get several times slower.
    missing = [table for table in SYNCED_TABLES if record_check(table) is None]
    assert missing == []


@pytest.mark.parametrize("table", sorted(MODELS))
def test_records_taskboard_writes_pass_without_the_model(table: str) -> None:
    docs = stored()[table]
    assert docs or table == "history"
    test = record_check(table)
    assert test is not None
    refused = [doc for doc in docs if not test(doc)]
    assert refused == []
    assert all(model_accepts(table, doc) for doc in docs[:200])


NEAR_MISSES = [
    ("tasks", "title", " 入户走访"),
    ("tasks", "title", ""),
    ("tasks", "title", "x" * 121),
    ("tasks", "site", "Funing"),
    ("tasks", "site", "funing\n"),
    ("tasks", "status", "Open"),
    ("tasks", "start", "2026-11-20T09:00:00Z"),
    ("tasks", "start", "2026-11-20 09:00:00"),
    ("tasks", "due", "2026-02-30"),
    ("tasks", "hours", 2),
    ("tasks", "hours", -1.0),
    ("tasks", "rank", float("nan")),
    ("tasks", "tags", ["b", "a"]),
    ("tasks", "tags", ["a", "a"]),
    ("tasks", "needs", [{"skill": "cleaning", "count": 1}]),
    ("tasks", "needs", [{"skill": "cleaning", "count": True, "min_level": 1}]),
    (
        "tasks",
        "checklist",
        [{"id": "a.b", "text": "x", "state": "todo", "attempts": 0, "note": ""}],
    ),
    ("tasks", "deleted", 1),
    ("tasks", "unknown", 1),
    ("volunteers", "availability", ["sun:evening", "mon:morning"]),
    ("volunteers", "availability", ["mon:noon"]),
    ("volunteers", "phone", ""),
    ("volunteers", "phone", "call me"),
    ("volunteers", "skills", {"electrical": 4}),
    ("volunteers", "certs", {"electrical": "2026-13-01"}),
    ("volunteers", "minor", 0),
    ("assignments", "id", "a0000"),
    ("hours", "hours", 25.0),
    ("hours", "date", "20261009"),
]


@pytest.mark.parametrize(("table", "field", "value"), NEAR_MISSES)
def test_near_misses_are_left_to_the_model(table: str, field: str, value: Any) -> None:
    doc = copy.deepcopy(stored()[table][-1])
    doc[field] = value
    test = record_check(table)
    assert test is not None and not test(doc)


SCALARS = [
    None, True, False, 0, 1, 2, 3, 4, -1, 200, 201, 1000, 1001, 0.0, -0.0, 0.5, 1.0, 2.5,
    24.0, 25.0, 80.0, 81.0, 1e308, "", " ", "a", "A", " a", "a ", "a\n", "\u3000a", "a\x1f",
    "open", "OPEN", "done", "todo", "urgent", "proposed", "renovation", "x" * 121,
    "2026-01-01", "2026-1-01", "2026-02-30", "0000-01-01", "2026-01-01T00:00:00",
    "2026-01-01T00:00:00Z", "2026-01-01 00:00:00", "2026-01-01T24:00:00",
    "2026-01-01T08:00:00.5", "mon:morning", "sun:evening", "mon:noon", "Mon:morning",
    "+86 138 0013", "138-0013-8000", "12", "electrical", "Electrical", "a" * 33, "a.b",
]  # fmt: skip
VALUES = st.recursive(
    st.one_of(
        st.sampled_from(SCALARS),
        st.text(max_size=4),
        st.integers(-3, 1003),
        st.floats(width=32),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["skill", "count", "a", "A", " b", "electrical"]), inner),
    ),
    max_leaves=6,
)


def tweaks(value: Any) -> list[Any]:
    """Values near `value`: the same with a space, another case, another type or sign."""
    near: list[Any] = [None, str(value)]
    if isinstance(value, str):
        near += [f" {value}", f"{value} ", f"{value}\n", value.upper(), value.title(), ""]
        near += [value * 40, value.replace("T", " "), f"{value}Z", value[:-1]]
    elif isinstance(value, bool):
        near += [int(value), not value]
    elif isinstance(value, int):
        near += [float(value), value + 1, value - 1, -value, value * 1000, True]
    elif isinstance(value, float) and math.isfinite(value):
        near += [int(value), -value, value * 1000, value + 0.5, 0.0, float("inf")]
    elif isinstance(value, list):
        near += [value[::-1], value + value, [], [None], value[:1] * 2]
    elif isinstance(value, dict):
        near += [{}, {key.upper(): item for key, item in value.items()}, list(value)]
    return near


def paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside a record's fields (bookkeeping left out)."""
    found = [here] if here else []
    if isinstance(value, dict):
        for key, item in value.items():
            if not (not here and key in BOOKKEEPING):
                found += paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*here, index))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A stored record with one to three changes: a value replaced, a key dropped or
    added, a list reordered or an item repeated."""
    table = draw(st.sampled_from(["tasks", "volunteers", "assignments", "hours", "sites"]))
    doc = copy.deepcopy(draw(st.sampled_from(stored()[table])))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(paths(doc)))
        parent = doc
        for step in where[:-1]:
            parent = parent[step]
        last = where[-1]
        action = draw(st.sampled_from(["tweak", "tweak", "replace", "drop", "add", "reorder"]))
        target = parent[last]
        if action == "tweak":
            parent[last] = draw(st.sampled_from(tweaks(target)))
        elif action == "drop" and isinstance(parent, dict):
            del parent[last]
        elif action == "add" and isinstance(target, dict):
            target[draw(st.sampled_from(["note", "extra", "id", "_x"]))] = draw(VALUES)
        elif action == "add" and isinstance(target, list) and target:
            target.append(copy.deepcopy(draw(st.sampled_from(target))))
        elif action == "reorder" and isinstance(target, list):
            target.reverse()
        else:
            parent[last] = draw(VALUES)
    return table, doc


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_whatever_the_plain_test_accepts_the_model_accepts_unchanged(
    case: tuple[str, dict[str, Any]],
) -> None:
    table, doc = case
    test = record_check(table)
    assert test is not None
    if test(doc):
        assert model_accepts(table, doc), doc


def test_a_validator_without_a_twin_leaves_the_table_to_the_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Stricter(Task):
        @field_validator("title")
        @classmethod
        def _no_shouting(cls, value: str) -> str:
            if value.isupper():
                raise ValueError("no shouting")
            return value

    monkeypatch.setitem(MODELS, "tasks", Stricter)
    record_check.cache_clear()
    try:
        assert record_check("tasks") is None
        assert record_check("hours") is not None
    finally:
        monkeypatch.undo()
        record_check.cache_clear()
    assert record_check("tasks") is not None

"""Stored records, and the same damaged at random, for the sync tests (no tests here)."""

from __future__ import annotations

import copy
import datetime as dt
import math
from functools import cache
from typing import Any

from hypothesis import strategies as st
from test_sync_support import bundle_of, site_store

from taskboard.demo import district_dataset, fill_store, story_dataset
from taskboard.model import ChecklistItem, Task, Volunteer
from taskboard.store import Store
from taskboard.store.records import BOOKKEEPING
from taskboard.store.store import MODELS
from taskboard.sync.merge import merge_bundles

DAY = dt.date(2026, 11, 25)
Damaged = tuple[str, str, dict[str, Any], dict[str, Any]]
"""(table, id, the record as stored, the record damaged)."""
TABLES = ("tasks", "volunteers", "assignments", "hours", "sites")
"""The tables damaged records are drawn from."""


@cache
def stored() -> dict[str, list[dict[str, Any]]]:
    """Records as taskboard stores them: the story, a small district, a removed task
    edited at two sites at once (conflict and counter bookkeeping), and Chinese labels."""
    tables: dict[str, list[dict[str, Any]]] = {table: [] for table in MODELS}
    for dataset in (story_dataset(DAY), district_dataset(DAY, seed=3, tasks=300, volunteers=150)):
        store = Store.memory(who="测试员")
        store.initialise(dataset.site, coordinator="李主任")
        fill_store(store, dataset)
        for table in MODELS:
            tables[table] += [copy.deepcopy(doc) for doc in store.docs(table).values()]
    funing, xingye = site_store("funing"), site_store("xingye")
    item = ChecklistItem(text="3栋 201")
    task = funing.tasks.create(
        Task(title="围墙", site="funing", checklist=[item], prefer_group="舞龙队")
    )
    person = funing.volunteers.create(Volunteer(name="王芳", groups=["party-member", "舞龙队"]))
    merge_bundles(xingye, [bundle_of(funing)])
    funing.tasks.update(task.id, {"title": "围墙除锈", "tags": ["fence", "围墙"]})
    xingye.tasks.update(task.id, {"title": "围墙刷漆"})
    xingye.tasks.delete(task.id)
    merge_bundles(funing, [bundle_of(xingye)])
    tables["tasks"].append(copy.deepcopy(funing.tasks.docs()[task.id]))
    tables["volunteers"].append(copy.deepcopy(funing.volunteers.docs()[person.id]))
    return tables


SCALARS = [
    None, True, False, 0, 1, 2, 3, 4, -1, 200, 201, 1000, 1001, 0.0, -0.0, 0.5, 1.0, 2.5,
    24.0, 25.0, 80.0, 81.0, 1e308, "", " ", "a", "A", " a", "a ", "a\n", "\u3000a", "a\x1f",
    "open", "OPEN", "done", "todo", "urgent", "proposed", "renovation", "x" * 121,
    "2026-01-01", "2026-1-01", "2026-02-30", "0000-01-01", "2026-01-01T00:00:00",
    "2026-01-01T00:00:00Z", "2026-01-01 00:00:00", "2026-01-01T24:00:00",
    "2026-01-01T08:00:00.5", "mon:morning", "sun:evening", "mon:noon", "Mon:morning",
    "+86 138 0013", "138-0013-8000", "12", "electrical", "Electrical", "a" * 33, "a.b",
    "funing", "舞龙队", "党员", "舞龙 队", "ｙｏｕｔｈ", "队-2", ["funing", 1], {"funing": 1},
    "a\x1bb", "a\x9bb", "a\tb", "a\nb", "a\r\nb", "\u200b", "a\u2028b", "\u3164",
    "1999-12-31", "2000-01-01", "2100-12-31", "2101-01-01", "9999-12-31",
    "2100-12-31T23:59:59", "2101-01-01T00:00:00", "1999-12-31T23:59:59",
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
        near += [float(value), value + 1, value - 1, -value, value * 1000, True, 2**64]
    elif isinstance(value, float) and math.isfinite(value):
        near += [int(value), -value, value * 1000, value + 0.5, 0.0, float("inf")]
    elif isinstance(value, list):
        near += [value[::-1], value + value, [], [None], value[:1] * 2]
    elif isinstance(value, dict):
        near += [{}, {key.upper(): item for key, item in value.items()}, list(value)]
    return near


def paths(value: Any, *, bookkeeping: bool, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside a record (its bookkeeping too, when asked)."""
    found = [here] if here else []
    if isinstance(value, dict):
        for key, item in value.items():
            if bookkeeping or here or key not in BOOKKEEPING:
                found += paths(item, bookkeeping=bookkeeping, here=(*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, bookkeeping=bookkeeping, here=(*here, index))
    return found


@st.composite
def damaged(draw: st.DrawFn, *, bookkeeping: bool = False) -> Damaged:
    """A stored record with one to three changes: a value replaced or nudged, a key
    dropped or added, a list reordered or an item repeated.

    Every value put in is a fresh copy: `SCALARS` holds a list and a dict, and a later
    change must never reach them (or put a dict inside itself)."""
    table = draw(st.sampled_from(TABLES))
    original = draw(st.sampled_from(stored()[table]))
    doc = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(paths(doc, bookkeeping=bookkeeping)))
        parent = doc
        for step in where[:-1]:
            parent = parent[step]
        last = where[-1]
        action = draw(st.sampled_from(["tweak", "tweak", "replace", "drop", "add", "reorder"]))
        target = parent[last]
        if action == "tweak":
            parent[last] = copy.deepcopy(draw(st.sampled_from(tweaks(target))))
        elif action == "drop" and isinstance(parent, dict):
            del parent[last]
        elif action == "add" and isinstance(target, dict):
            key = draw(st.sampled_from(["note", "extra", "id", "_x"]))
            target[key] = copy.deepcopy(draw(VALUES))
        elif action == "add" and isinstance(target, list) and target:
            target.append(copy.deepcopy(draw(st.sampled_from(target))))
        elif action == "reorder" and isinstance(target, list):
            target.reverse()
        else:
            parent[last] = copy.deepcopy(draw(VALUES))
    return table, str(original["id"]), original, doc

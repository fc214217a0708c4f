"""The plain record test: never accepts what the models would refuse or rewrite."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from damaged_records import SCALARS, Damaged, damaged, stored
from hypothesis import HealthCheck, given, settings
from pydantic import field_validator

from taskboard.model import Task
from taskboard.store.store import MODELS
from taskboard.sync.bundle import SYNCED_TABLES
from taskboard.sync.canonical import record_check
from taskboard.sync.errors import BundleError
from taskboard.sync.validate import check_fields


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
    ("tasks", "tags", ["南区 围墙"]),
    ("tasks", "tags", ["fence.east"]),
    ("tasks", "prefer_group", "Youth"),
    ("tasks", "prefer_group", "军嫂协会"),
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
    ("volunteers", "groups", ["舞龙队", "party-member"]),
    ("volunteers", "groups", ["舞龙队;党员"]),
    ("volunteers", "groups", ["ｙｏｕｔｈ"]),
    ("volunteers", "groups", ["党员"]),
    ("assignments", "id", "a0000"),
    ("hours", "hours", 25.0),
    ("hours", "date", "20261009"),
    # control characters, line breaks and invisible text: what a terminal would obey
    ("tasks", "title", "围墙\x1b]0;x\x07"),
    ("tasks", "title", "围墙\x9b2J"),
    ("tasks", "title", "南区\n围墙"),
    ("tasks", "title", "南区\u2028围墙"),
    ("tasks", "title", "南区\t围墙"),
    ("tasks", "title", "\u200b\u200d"),
    ("tasks", "title", "\u3164"),
    ("tasks", "place", "3栋\r旁"),
    ("tasks", "description", "先除锈\x1b[2J"),
    ("tasks", "description", "先除锈\r\n再补焊"),
    ("tasks", "ref", "funing-1\x1b"),
    ("tasks", "origin", {"source": "居民\x1b", "date": None, "note": ""}),
    (
        "tasks",
        "checklist",
        [{"id": "a", "text": "1栋\x07", "state": "todo", "attempts": 0, "note": ""}],
    ),
    ("volunteers", "name", "王\x7f芳"),
    ("volunteers", "notes", "\x9d8;;http://x\x9c"),
    ("sites", "name", "阜宁\x00"),
    ("assignments", "volunteer", "v\x1b"),
    ("hours", "verified_by", "李\n主任"),
    # dates the calendar arithmetic overflows on, and the edges of the range
    ("tasks", "due", "9999-12-31"),
    ("tasks", "due", "1999-12-31"),
    ("tasks", "due", "2101-01-01"),
    ("tasks", "start", "0001-01-01T00:00:00"),
    ("volunteers", "certs", {"welding": "9999-12-31"}),
    ("volunteers", "away", [{"start": "1999-12-31", "end": "2026-01-01"}]),
    ("hours", "date", "2101-01-01"),
]

EDGES = [
    ("tasks", "due", "2000-01-01"),
    ("tasks", "due", "2100-12-31"),
    ("tasks", "description", "先除锈\n\t再补焊"),
    ("tasks", "title", "[red]围墙[/]"),
    ("volunteers", "name", "王芳\u200d"),
]
"""Values just inside the rules: the plain test takes them, and so does the model."""


@pytest.mark.parametrize(("table", "field", "value"), EDGES)
def test_values_just_inside_the_rules_pass_both(table: str, field: str, value: Any) -> None:
    doc = copy.deepcopy(stored()[table][-1])
    doc[field] = value
    test = record_check(table)
    assert test is not None and test(doc)
    assert model_accepts(table, doc)


@pytest.mark.parametrize(("table", "field", "value"), NEAR_MISSES)
def test_near_misses_are_left_to_the_model(table: str, field: str, value: Any) -> None:
    doc = copy.deepcopy(stored()[table][-1])
    doc[field] = value
    test = record_check(table)
    assert test is not None and not test(doc)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_whatever_the_plain_test_accepts_the_model_accepts_unchanged(
    case: Damaged,
) -> None:
    table, _id, _original, doc = case
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


PRISTINE = copy.deepcopy(SCALARS)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged(bookkeeping=True))
def test_damage_never_reaches_the_shared_values_or_loops(case: Damaged) -> None:
    _table, _id, _original, doc = case
    assert SCALARS == PRISTINE
    json.dumps(doc)  # raises on a dict or list that holds itself

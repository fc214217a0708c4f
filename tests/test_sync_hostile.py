"""Hostile and broken bundles: each gives one clear message and changes nothing."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import pytest
from damaged_records import Damaged, damaged
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from test_sync_support import site_store, state

from taskboard.model import Task, Volunteer
from taskboard.store import Store
from taskboard.sync import bundle as bundle_module
from taskboard.sync import validate
from taskboard.sync.bundle import build_bundle, encode_bundle
from taskboard.sync.errors import BundleError
from taskboard.sync.merge import merge_bundles
from taskboard.sync.validate import parse_bundle, read_bundle


@pytest.fixture
def world() -> tuple[Store, Store, dict[str, Any]]:
    funing, xingye = site_store("funing"), site_store("xingye")
    funing.tasks.create(Task(title="围墙", site="funing"))
    funing.volunteers.create(Volunteer(name="张伟"))
    raw, _info = build_bundle(funing)
    return funing, xingye, orjson.loads(encode_bundle(raw))


def refused(target: Store, raw: Any, message: str) -> None:
    before = state(target)
    with pytest.raises(BundleError) as caught:
        merge_bundles(target, [parse_bundle(orjson.dumps(raw), "evil.json", {})])
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert state(target) == before


def first(raw: dict[str, Any], table: str) -> tuple[str, dict[str, Any]]:
    doc_id = next(iter(raw["records"][table]))
    return doc_id, raw["records"][table][doc_id]


def test_wrong_types_name_record_and_field(world: Any) -> None:
    _, xingye, raw = world
    doc_id, doc = first(raw, "tasks")
    doc["priority"] = 7
    refused(xingye, raw, f"evil.json: tasks {doc_id}: priority:")


def test_unknown_record_type(world: Any) -> None:
    _, xingye, raw = world
    raw["records"]["passwords"] = {}
    refused(xingye, raw, "unknown record type 'passwords'")


def test_unknown_field(world: Any) -> None:
    _, xingye, raw = world
    doc_id, doc = first(raw, "volunteers")
    doc["salary"] = 1
    refused(xingye, raw, f"volunteers {doc_id}: salary: is not a known field")


def test_id_colliding_with_another_type_in_the_bundle(world: Any) -> None:
    _, xingye, raw = world
    task_id, task = first(raw, "tasks")
    _vid, volunteer = first(raw, "volunteers")
    forged = {**volunteer, "id": task_id}
    raw["records"]["volunteers"][task_id] = forged
    refused(xingye, raw, f"{task_id}: the id is already used by a record of")


def test_id_colliding_with_a_local_record_of_another_type(world: Any) -> None:
    funing, xingye, raw = world
    local = xingye.tasks.create(Task(title="本地", site="xingye"))
    _vid, volunteer = first(raw, "volunteers")
    raw["records"]["volunteers"] = {local.id: {**volunteer, "id": local.id}}
    refused(xingye, raw, "the id is already used by a record of tasks")


def test_broken_bookkeeping(world: Any) -> None:
    _, xingye, raw = world
    doc_id, doc = first(raw, "tasks")
    doc["_s"][""] = ["funing", "yesterday"]
    refused(xingye, raw, f"tasks {doc_id}: _s: damaged merge bookkeeping")


def test_integer_too_large_for_a_stamp(world: Any) -> None:
    _, _xingye, raw = world
    payload = orjson.dumps(raw).replace(b'"covers":{', b'"covers":{"evil":123456789012345678901,')
    with pytest.raises(BundleError) as caught:
        parse_bundle(payload, "evil.json", {})
    assert "evil.json" in str(caught.value)


def test_deeply_nested_sibling_value(world: Any) -> None:
    _, xingye, raw = world
    _doc_id, doc = first(raw, "tasks")
    value: Any = "x"
    for _ in range(50):
        value = [value]
    doc["_mv"] = {"title": [[value, "jingshan", 1]]}
    refused(xingye, raw, "_mv.title: damaged merge bookkeeping")


def test_a_forged_stamp_of_the_receiving_site_far_in_the_future(world: Any) -> None:
    _, xingye, raw = world
    doc_id, doc = first(raw, "tasks")
    doc["_vv"] = {"funing": doc["_s"][""][1], "xingye": 2**62}
    refused(xingye, raw, "stamped by this site (xingye) in the future")


def test_oversized_file_is_refused_before_reading(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _xingye, raw = world
    path = tmp_path / "big.json"
    path.write_bytes(orjson.dumps(raw))
    monkeypatch.setattr(validate, "MAX_BUNDLE_BYTES", 100)
    with pytest.raises(BundleError, match="too large"):
        read_bundle(path, {})


def test_canonical_form_is_required(world: Any) -> None:
    _, xingye, raw = world
    doc_id, doc = first(raw, "tasks")
    doc["title"] = "  围墙  "
    refused(xingye, raw, f"tasks {doc_id}: title: not in the form taskboard writes it")


def test_a_window_with_and_without_a_time_zone(world: Any) -> None:
    _, xingye, raw = world
    doc_id, doc = first(raw, "tasks")
    doc["start"], doc["end"] = "2026-12-05T12:00:00Z", "2026-12-05T11:00:00"
    refused(xingye, raw, f"evil.json: tasks {doc_id}: record: end (2026-12-05 11:00:00) must be")


def test_older_bundle_versions_are_migrated(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _, xingye, raw = world
    old = copy.deepcopy(raw)
    old["version"] = 0
    old["entries"] = old.pop("records")

    def rename_records(bundle: dict[str, Any]) -> dict[str, Any]:
        bundle["records"] = bundle.pop("entries")
        return bundle

    monkeypatch.setitem(bundle_module.MIGRATIONS, 0, rename_records)
    monkeypatch.setattr(bundle_module, "VERSION", 1)
    parsed = parse_bundle(orjson.dumps(old), "old.json", {})
    merge_bundles(xingye, [parsed])
    assert len(xingye.tasks.docs()) == 1


def test_version_without_migration_is_refused(world: Any) -> None:
    _, _xingye, raw = world
    raw["version"] = 0
    with pytest.raises(
        BundleError,
        match=rf"unknown bundle version 0 \(this taskboard reads version {bundle_module.VERSION}\)",
    ):
        parse_bundle(orjson.dumps(raw), "old.json", {})


def test_a_version_1_bundle_without_site_contacts_merges(world: Any) -> None:
    """Bundles of the version before sites had a coordinator and phone still merge."""
    _, xingye, raw = world
    raw["version"] = 1
    for site in raw["records"]["sites"].values():
        del site["coordinator"], site["phone"]
    merge_bundles(xingye, [parse_bundle(orjson.dumps(raw), "funing.json", {})])
    assert xingye.sites.models()["funing"].phone is None


def test_malformed_list_items_on_a_record_held_here(world: Any) -> None:
    funing, xingye, raw = world
    merge_bundles(xingye, [parse_bundle(orjson.dumps(raw), "funing.json", {})])
    doc_id, doc = first(raw, "tasks")
    doc["checklist"] = [{"text": "一号"}, 7]
    refused(xingye, raw, f"tasks {doc_id}: checklist")


@cache
def empty_bundle() -> dict[str, Any]:
    raw, _info = build_bundle(site_store("funing"))
    loaded: dict[str, Any] = orjson.loads(encode_bundle(raw))
    return loaded


def with_record(table: str, doc_id: str, doc: dict[str, Any]) -> bytes | None:
    """A bundle carrying one record (None: JSON cannot hold it, e.g. a 65-bit int)."""
    raw = copy.deepcopy(empty_bundle())
    raw["records"].setdefault(table, {})[doc_id] = doc
    try:
        return orjson.dumps(raw)
    except orjson.JSONEncodeError:
        return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged(bookkeeping=True), st.booleans())
def test_any_damaged_record_is_merged_or_refused_with_one_line(
    case: Damaged, held_here: bool
) -> None:
    table, doc_id, original, doc = case
    # A site none of the drawn records was ever edited at: the records carry edits
    # stamped by funing and xingye, which a xingye that never made them rightly refuses.
    target = site_store("nanping")
    if held_here:
        payload = with_record(table, doc_id, original)
        assert payload is not None
        merge_bundles(target, [parse_bundle(payload, "good.json", {})])
    before = state(target)
    payload = with_record(table, doc_id, doc)
    assume(payload is not None)
    assert payload is not None
    try:
        merge_bundles(target, [parse_bundle(payload, "evil.json", {})])
        event("merged")
    except BundleError as error:
        event("refused")
        assert str(error).startswith("evil.json"), error
        assert "\n" not in str(error)
        assert state(target) == before

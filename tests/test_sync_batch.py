"""Checking many records at once: in chunks, with the outcome of checking one by one."""

from __future__ import annotations

from typing import Any

import pytest
from test_sync_support import bundle_of, site_store, state

from taskboard.model import Task, Volunteer
from taskboard.store import Store
from taskboard.store.clock import MAX_SKEW_MS, hlc_from_ms
from taskboard.sync import batch
from taskboard.sync.batch import check_chunks
from taskboard.sync.errors import BundleError
from taskboard.sync.merge import Merger, merge_bundles
from taskboard.sync.validate import check_fields, check_record


@pytest.fixture
def funing(monkeypatch: pytest.MonkeyPatch) -> Store:
    """Twelve tasks and eight volunteers, checked in chunks of three."""
    monkeypatch.setattr(batch, "BATCH", 3)
    store = site_store("funing")
    store.tasks.create_many([Task(title=f"入户走访 {n}", site="funing") for n in range(12)])
    store.volunteers.create_many([Volunteer(name=f"志愿者{n}") for n in range(8)])
    return store


def work_of(store: Store) -> list[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    records = bundle_of(store).records
    return [(table, list(records[table].items())) for table in ("tasks", "volunteers")]


def problem(work: Any) -> str:
    with pytest.raises(BundleError) as caught:
        check_chunks(work, "funing.json")
    return str(caught.value)


def one_by_one(work: Any) -> str:
    """The first problem, checking each record on its own."""
    with pytest.raises(BundleError) as caught:
        for table, items in work:
            for doc_id, doc in items:
                where = f"funing.json: {table} {doc_id}"
                check_record(table, doc_id, doc, where)
                check_fields(table, doc, where)
    return str(caught.value)


def test_the_first_problem_in_order_wins(funing: Store) -> None:
    work = work_of(funing)
    late_task_id, late_task = work[0][1][-1]  # last chunk of the first table
    work[1][1][0][1]["name"] = ""  # first chunk of the second table
    work[1][1][-1][1]["skills"] = {"welding": 9}
    late_task["priority"] = "soon"
    message = problem(work)
    assert message == one_by_one(work)
    assert message.startswith(f"funing.json: tasks {late_task_id}: priority:")


def test_a_problem_in_the_middle_of_a_chunk_is_named(funing: Store) -> None:
    work = work_of(funing)
    doc_id, doc = work[1][1][4]
    doc["availability"] = ["mon:noon"]
    assert problem(work) == one_by_one(work)
    assert f"volunteers {doc_id}: availability" in problem(work)


def test_a_record_stored_in_another_json_form_of_the_same_values_is_taken(
    funing: Store,
) -> None:
    bundle = bundle_of(funing)
    doc_id, doc = next(iter(bundle.records["tasks"].items()))
    doc["rank"] = int(doc["rank"])  # 1 for 1.0: the plain test leaves it to the model
    xingye = site_store("xingye")
    merge_bundles(xingye, [bundle])
    assert xingye.tasks.docs()[doc_id]["rank"] == doc["rank"]
    assert state(xingye)["volunteers"] == state(funing)["volunteers"]


def test_progress_counts_every_record_merged_and_checked(funing: Store) -> None:
    calls: list[tuple[int, int]] = []
    merge_bundles(site_store("xingye"), [bundle_of(funing)], progress=lambda *c: calls.append(c))
    done = [d for d, _total in calls]
    total = calls[-1][1]
    assert done == sorted(done), "progress never goes back"
    assert calls[-1] == (total, total)
    assert total == 2 * bundle_of(funing).count()


def test_a_bad_record_stops_the_merge_before_anything_is_merged(
    funing: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    merged: list[object] = []
    real_merge = Merger._merge_incoming

    def merge_incoming(self: Merger, *args: Any) -> None:
        merged.append(args)
        real_merge(self, *args)

    monkeypatch.setattr(Merger, "_merge_incoming", merge_incoming)
    bundle = bundle_of(funing)
    doc_id, doc = list(bundle.records["volunteers"].items())[-1]
    doc["checklist"] = 7
    xingye = site_store("xingye")
    before = state(xingye)
    with pytest.raises(BundleError, match=f"volunteers {doc_id}: checklist"):
        merge_bundles(xingye, [bundle])
    assert merged == []
    assert state(xingye) == before


def test_stamps_of_the_last_records_reach_the_clock_check(funing: Store) -> None:
    nanping = site_store("nanping")
    nanping.tasks.create_many([Task(title=f"栽树 {n}", site="nanping") for n in range(6)])
    nanping.clock.last = hlc_from_ms(nanping.clock._wall_ms() + 30 * MAX_SKEW_MS)
    nanping.volunteers.create(Volunteer(name="钟表慢了的人"))  # the last record checked
    xingye = site_store("xingye")
    before = xingye.clock.last

    summary = merge_bundles(xingye, [bundle_of(nanping)])

    assert any("clock of site nanping" in warning for warning in summary.warnings)
    assert before <= xingye.clock.last < nanping.clock.last

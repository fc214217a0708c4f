"""Checking many records at once: the same outcome with or without a helper process."""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any

import pytest
from test_sync_support import bundle_of, site_store, state

from taskboard.model import Task, Volunteer
from taskboard.store import Store
from taskboard.store.clock import MAX_SKEW_MS, hlc_from_ms
from taskboard.sync import batch
from taskboard.sync.batch import FieldCheck
from taskboard.sync.errors import BundleError
from taskboard.sync.merge import Merger, merge_bundles


@pytest.fixture
def funing() -> Store:
    store = site_store("funing")
    store.create_many("tasks", [Task(title=f"入户走访 {n}", site="funing") for n in range(12)])
    store.create_many("volunteers", [Volunteer(name=f"志愿者{n}") for n in range(8)])
    return store


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Checks run in chunks of three records with a helper; the list records the helpers."""
    started: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(batch, "BATCH", 3)
    monkeypatch.setattr(batch, "PARALLEL_FROM", 1)
    monkeypatch.setattr(batch, "_can_fork", lambda: True)
    monkeypatch.setattr(os, "fork", fork)
    return started


@pytest.fixture
def slow_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """This process checks its chunks slowly, so the helper takes most of them.

    The list holds the first record id of every chunk this process checked.
    """
    checked: list[str] = []
    parent = os.getpid()
    real_check = batch.chunk_problem

    def chunk_problem(chunk: Any, source: str, latest: dict[str, int]) -> Any:
        if os.getpid() == parent:
            checked.append(chunk[1][0][0])
            time.sleep(0.1)
        return real_check(chunk, source, latest)

    monkeypatch.setattr(batch, "chunk_problem", chunk_problem)
    return checked


def work_of(store: Store) -> list[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    records = bundle_of(store).records
    return [(table, list(records[table].items())) for table in ("tasks", "volunteers")]


def check_tables(work: Any) -> None:
    with FieldCheck(work, "funing.json") as check:
        check.finish()


def problem(work: Any) -> str:
    with pytest.raises(BundleError) as caught:
        check_tables(work)
    return str(caught.value)


def serial_problem(work: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as serial:
        serial.setattr(batch, "PARALLEL_FROM", 10**9)
        return problem(work)


def test_a_merge_checked_with_a_helper_equals_one_checked_alone(
    funing: Store, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    helped, alone = site_store("xingye"), site_store("xingye")
    merge_bundles(helped, [bundle_of(funing)])
    assert forks, "no helper process was started"
    with monkeypatch.context() as serial:
        serial.setattr(batch, "PARALLEL_FROM", 10**9)
        merge_bundles(alone, [bundle_of(funing)])
    for table in ("tasks", "volunteers"):
        assert state(helped)[table] == state(alone)[table] == state(funing)[table]


def test_a_problem_found_by_the_helper_is_reported_as_alone(
    funing: Store, forks: list[int], slow_here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    work = work_of(funing)
    doc_id, doc = work[1][1][-1]
    doc["name"] = ""
    message = problem(work)
    last_chunk = work[1][1][-2][0]
    assert last_chunk not in slow_here, "the helper should have checked the last chunk"
    assert message == serial_problem(work, monkeypatch)
    assert message.startswith(f"funing.json: volunteers {doc_id}: name:")


def test_the_first_problem_in_order_wins(
    funing: Store, forks: list[int], slow_here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    work = work_of(funing)
    late_task_id, late_task = work[0][1][-1]  # last chunk of the first table
    early_volunteer = work[1][1][0][1]  # first chunk of the second table: the helper's
    late_task["priority"] = "soon"
    early_volunteer["name"] = ""
    message = problem(work)
    assert message == serial_problem(work, monkeypatch)
    assert f"tasks {late_task_id}: priority" in message


def test_a_helper_that_cannot_start_changes_only_the_time(
    funing: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise OSError("out of processes")

    monkeypatch.setattr(batch, "BATCH", 3)
    monkeypatch.setattr(batch, "PARALLEL_FROM", 1)
    monkeypatch.setattr(batch, "_can_fork", lambda: True)
    monkeypatch.setattr(os, "fork", no_fork)
    work = work_of(funing)
    check_tables(work)
    doc_id, doc = work[1][1][-1]
    doc["skills"] = {"welding": 9}
    assert f"volunteers {doc_id}: skills" in problem(work)


def test_a_helper_that_dies_is_replaced_by_the_work_done_here(
    funing: Store, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def die(*_args: Any, **_kwargs: Any) -> Any:
        os._exit(3)

    work = work_of(funing)
    doc_id, doc = work[0][1][-1]
    doc["status"] = "lost"
    real_check = batch.chunk_problem

    def chunk_problem(chunk: Any, source: str, latest: dict[str, int]) -> Any:
        if os.getpid() != parent:
            die()
        return real_check(chunk, source, latest)

    parent = os.getpid()
    monkeypatch.setattr(batch, "chunk_problem", chunk_problem)
    assert f"tasks {doc_id}: status" in problem(work)
    assert forks


def test_progress_counts_every_record_merged_and_checked(funing: Store, forks: list[int]) -> None:
    calls: list[tuple[int, int]] = []
    merge_bundles(site_store("xingye"), [bundle_of(funing)], progress=lambda *c: calls.append(c))
    done = [d for d, _total in calls]
    total = calls[-1][1]
    assert done == sorted(done), "progress never goes back"
    assert calls[-1] == (total, total)
    assert total == 2 * bundle_of(funing).count()


def test_a_merge_that_stumbles_reports_the_bad_record_not_the_stumble(
    funing: Store, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def stumble(*_args: Any) -> None:
        raise RuntimeError("the merge met something it cannot take")

    monkeypatch.setattr(Merger, "_merge_incoming", stumble)
    bundle = bundle_of(funing)
    doc_id, doc = next(iter(bundle.records["tasks"].items()))
    doc["checklist"] = 7
    with pytest.raises(BundleError, match=f"tasks {doc_id}: checklist"):
        merge_bundles(site_store("xingye"), [bundle])
    with pytest.raises(RuntimeError, match="cannot take"):  # every record is fine: a bug
        merge_bundles(site_store("xingye"), [bundle_of(funing)])


def test_stamps_the_helper_saw_reach_the_clock_check(
    forks: list[int], slow_here: list[str]
) -> None:
    nanping = site_store("nanping")
    nanping.create_many("tasks", [Task(title=f"栽树 {n}", site="nanping") for n in range(6)])
    nanping.clock.last = hlc_from_ms(nanping.clock._wall_ms() + 30 * MAX_SKEW_MS)
    nanping.create("volunteers", Volunteer(name="钟表慢了的人"))  # the last record: the helper's
    xingye = site_store("xingye")
    before = xingye.clock.last

    summary = merge_bundles(xingye, [bundle_of(nanping)])

    assert any("clock of site nanping" in warning for warning in summary.warnings)
    assert before <= xingye.clock.last < nanping.clock.last


def test_no_helper_with_threads_running_or_too_much_memory_held(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("a helper is only ever forked on Linux with two cores")
    assert batch._can_fork()
    monkeypatch.setattr(batch, "HELPER_UP_TO_BYTES", batch._resident_bytes() // 2)
    assert not batch._can_fork(), "the helper's copied pages would not fit"
    monkeypatch.undo()
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        assert not batch._can_fork(), "a fork beside another thread could deadlock"
    finally:
        release.set()
        waiting.join()

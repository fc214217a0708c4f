"""One writer at a time: a merge running in a worker thread and a card moved on the
board never share a transaction. The second waits for the first to end; a failure
in the first rolls back only its own changes."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from pathlib import Path

from taskboard.model import Status, Task
from taskboard.store import Store
from taskboard.store.storage import gc_paused

WAIT_S = 0.3
"""Long enough for a transaction that joined the open one to have finished.

No wait below has a timeout: under `faketime` (CI's second run) a timed wait on a
thread lock never ends; `time.sleep` and untimed waits are fine."""


class MergeFailed(Exception):
    """The error the worker's transaction ends with."""


def two_tasks(store: Store) -> tuple[str, str]:
    merged = store.tasks.create(Task(title="楼道清理", site="funing"))
    moved = store.tasks.create(Task(title="绿化种植", site="funing"))
    return merged.id, moved.id


def in_thread(work: Callable[[], None]) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, errors


def test_a_transaction_in_another_thread_waits_and_survives_a_failed_one(
    store: Store, db_path: Path
) -> None:
    merged_id, moved_id = two_tasks(store)
    inside, finish = threading.Event(), threading.Event()

    def failing_merge() -> None:
        with store.transaction():
            store.tasks.update(merged_id, {"title": "合并中"})
            inside.set()
            finish.wait()
            raise MergeFailed("bundle damaged")

    moved = threading.Event()

    def move_card() -> None:
        with store.transaction():
            store.tasks.update(moved_id, {"status": Status.STAFFED})
        moved.set()

    merge, merge_errors = in_thread(failing_merge)
    inside.wait()
    mover, mover_errors = in_thread(move_card)
    time.sleep(WAIT_S)
    assert mover.is_alive() and not moved.is_set()  # it waits for the merge to end
    assert store.task(moved_id).status is Status.OPEN  # and has changed nothing yet

    finish.set()
    merge.join()
    mover.join()
    assert [type(error) for error in merge_errors] == [MergeFailed]
    assert mover_errors == []
    on_disk = Store.open(db_path)
    assert on_disk.task(merged_id).title == "楼道清理"  # the failed merge left nothing
    assert on_disk.task(moved_id).status is Status.STAFFED  # the move was its own save
    assert store.task(moved_id).status is Status.STAFFED


def test_transactions_of_one_thread_still_nest(memory_store: Store) -> None:
    with memory_store.transaction():
        task = memory_store.tasks.create(Task(title="楼道清理", site="funing"))
        with memory_store.transaction():
            memory_store.tasks.update(task.id, {"title": "楼道清理二"})
        assert memory_store.storage.in_transaction
    assert not memory_store.storage.in_transaction
    assert memory_store.task(task.id).title == "楼道清理二"


def test_refresh_during_another_threads_transaction_is_skipped_not_waited_for(
    store: Store,
) -> None:
    inside, finish = threading.Event(), threading.Event()

    def long_merge() -> None:
        with store.transaction():
            inside.set()
            finish.wait()

    merge, errors = in_thread(long_merge)
    inside.wait()
    started = time.monotonic()
    assert store.refresh() is False
    assert time.monotonic() - started < 2  # at once, not after the merge: the poll never blocks
    finish.set()
    merge.join()
    assert errors == []


def test_gc_is_left_alone_by_worker_threads() -> None:
    seen: list[bool] = []

    def work() -> None:
        with gc_paused():
            seen.append(gc.isenabled())

    frozen = gc.get_freeze_count()
    thread, errors = in_thread(work)
    thread.join()
    assert errors == [] and seen == [gc.isenabled()]
    assert gc.get_freeze_count() == frozen

"""A full disk while saving: the save fails loudly, nothing is half-written or lost."""

from __future__ import annotations

import builtins
import errno
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest

from taskboard.model import Task
from taskboard.store import SaveFailed, Store, storage
from taskboard.store.backups import list_backups, read_backup

NO_SPACE = "No space left on device"


def no_space() -> OSError:
    return OSError(errno.ENOSPC, NO_SPACE)


class FillingFile:
    """A file on a disk that fills up: a write gets half its bytes in, then fails."""

    def __init__(self, handle: IO[bytes], disk: Disk) -> None:
        self._handle = handle
        self._disk = disk

    def write(self, data: bytes) -> int:
        self._disk.faults += 1
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        raise no_space()

    def __enter__(self) -> FillingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


class Disk:
    """Turns the storage's writes of chosen files, or every fsync, into ENOSPC."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch
        self._full: Callable[[str], bool] | None = None
        self._fsync_fails = False
        self.faults = 0
        """How many writes or fsyncs failed."""
        real_open, real_fsync = builtins.open, os.fsync

        def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = real_open(file, mode, *args, **kwargs)
            if self._full is not None and mode != "rb" and self._full(Path(file).name):
                return FillingFile(handle, self)
            return handle

        def fsync(fd: int) -> None:
            if self._fsync_fails:
                self.faults += 1
                raise no_space()
            real_fsync(fd)

        monkeypatch.setattr(storage, "open", open_, raising=False)
        monkeypatch.setattr(os, "fsync", fsync)

    def fill_writes(self, pattern: str) -> None:
        """Writes of files whose name matches `pattern` fail from now on."""
        self._full = lambda name: re.fullmatch(pattern, name) is not None

    def fail_fsync(self) -> None:
        """Every fsync fails from now on (delayed allocation finding no room)."""
        self._fsync_fails = True

    def free(self) -> None:
        self._full = None
        self._fsync_fails = False


JOURNAL = r"board\.json\.journal"
SNAPSHOT_TEMP = r"\.board\.json\.[0-9a-f]{8}\.tmp"
JOURNAL_TEMP = r"\.board\.json\.journal\.[0-9a-f]{8}\.tmp"


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Disk:
    return Disk(monkeypatch)


@pytest.fixture
def task(store: Store) -> Task:
    """A task, created after the first backup so that no backup is due."""
    task = store.tasks.create(Task(title="before", site="funing"))
    assert list_backups(store.path or Path()) != []
    return task


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def make_rewrite_due(store: Store, db_path: Path, task: Task, monkeypatch: Any) -> None:
    """Grow the journal until the next save rewrites the snapshot."""
    monkeypatch.setattr(storage, "MIN_JOURNAL_BYTES", 0)
    journal = db_path.with_name(db_path.name + ".journal")
    for number in range(100):
        if journal.stat().st_size > db_path.stat().st_size // 8:
            return
        store.tasks.update(task.id, {"title": "before", "place": f"place {number}"})
    raise AssertionError("the journal never grew past its threshold")


def title_on_disk(db_path: Path, task: Task) -> str:
    return Store.open(db_path).task(task.ref).title


def assert_failed_cleanly(
    error: SaveFailed, store: Store, db_path: Path, task: Task, before: dict[str, bytes]
) -> None:
    assert str(db_path) in str(error)
    assert NO_SPACE in str(error)
    assert files_under(db_path.parent) == before  # not a byte changed
    assert temp_files(db_path.parent) == []
    assert title_on_disk(db_path, task) == "before"
    assert store.task(task.ref).title == "before"  # the failed change is gone from memory too


@pytest.mark.parametrize("fault", ["write", "fsync"])
def test_disk_full_during_a_journal_append(
    store: Store, db_path: Path, task: Task, disk: Disk, fault: str
) -> None:
    before = files_under(db_path.parent)
    history = len(store.history.of(task.id))
    if fault == "write":
        disk.fill_writes(JOURNAL)
    else:
        disk.fail_fsync()

    with pytest.raises(SaveFailed) as caught:
        store.tasks.update(task.id, {"title": "lost to the full disk"})

    assert disk.faults == 1
    assert_failed_cleanly(caught.value, store, db_path, task, before)
    assert len(store.history.of(task.id)) == history

    disk.free()
    store.tasks.update(task.id, {"title": "after freeing space"})

    journal = db_path.with_name(db_path.name + ".journal")
    old_journal = before[journal.name]
    assert journal.read_bytes().startswith(old_journal)  # the half line was cut off
    assert journal.read_bytes().count(b"\n") == old_journal.count(b"\n") + 1
    assert title_on_disk(db_path, task) == "after freeing space"
    assert len(Store.open(db_path).history.of(task.id)) == history + 1


@pytest.mark.parametrize("fault", ["write", "fsync"])
def test_disk_full_during_a_snapshot_rewrite(
    store: Store,
    db_path: Path,
    task: Task,
    disk: Disk,
    fault: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_rewrite_due(store, db_path, task, monkeypatch)
    before = files_under(db_path.parent)
    history = len(store.history.of(task.id))
    if fault == "write":
        disk.fill_writes(SNAPSHOT_TEMP)
    else:
        disk.fail_fsync()

    with pytest.raises(SaveFailed) as caught:
        store.tasks.update(task.id, {"title": "lost to the full disk"})

    assert disk.faults == 1
    assert_failed_cleanly(caught.value, store, db_path, task, before)
    assert len(store.history.of(task.id)) == history

    disk.free()
    inode = db_path.stat().st_ino
    store.tasks.update(task.id, {"title": "after freeing space"})

    assert db_path.stat().st_ino != inode  # the rewrite went through this time
    assert title_on_disk(db_path, task) == "after freeing space"
    assert len(Store.open(db_path).history.of(task.id)) == history + 1


def test_disk_full_while_restoring_a_backup(
    store: Store, db_path: Path, task: Task, disk: Disk
) -> None:
    (backup,) = list_backups(db_path)
    data = read_backup(db_path, backup.name)
    disk.fill_writes(SNAPSHOT_TEMP)
    before = files_under(db_path.parent)

    with pytest.raises(SaveFailed) as caught:
        store.replace_all(data)

    assert disk.faults == 1
    assert NO_SPACE in str(caught.value) and str(db_path) in str(caught.value)
    after = files_under(db_path.parent)
    new_files = set(after) - set(before)
    assert all(name.startswith("board.json.backups/") for name in new_files)  # taken first
    assert {k: v for k, v in after.items() if k in before} == before
    assert temp_files(db_path.parent) == []
    assert store.task(task.ref).title == "before"
    assert title_on_disk(db_path, task) == "before"

    disk.free()
    store.replace_all(data)

    assert list(Store.open(db_path).tasks.live()) == []


def test_disk_full_right_after_the_snapshot_was_replaced(
    store: Store,
    db_path: Path,
    task: Task,
    disk: Disk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The new snapshot holds the change; only the fresh journal could not be started."""
    make_rewrite_due(store, db_path, task, monkeypatch)
    disk.fill_writes(JOURNAL_TEMP)

    store.tasks.update(task.id, {"title": "in the new snapshot"})

    assert disk.faults == 1
    assert temp_files(db_path.parent) == []
    assert store.task(task.ref).title == "in the new snapshot"
    assert title_on_disk(db_path, task) == "in the new snapshot"

    # while the disk stays full, the next change fails and changes nothing
    before = files_under(db_path.parent)
    with pytest.raises(SaveFailed, match=NO_SPACE):
        store.tasks.update(task.id, {"title": "lost to the full disk"})
    assert files_under(db_path.parent) == before
    assert store.task(task.ref).title == "in the new snapshot"
    assert title_on_disk(db_path, task) == "in the new snapshot"

    disk.free()
    store.tasks.update(task.id, {"title": "after freeing space"})
    store.tasks.update(task.id, {"place": "3栋"})

    reopened = Store.open(db_path)
    assert reopened.task(task.ref).title == "after freeing space"
    assert reopened.task(task.ref).place == "3栋"

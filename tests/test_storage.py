"""The data file on disk: journal, rewrites, damage, schema, sharing, locking, backups."""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from taskboard.model import Site, Task, Volunteer
from taskboard.store import (
    Busy,
    CorruptFile,
    NotFound,
    NotInitialised,
    Store,
    TooNew,
    backups,
    schema,
    storage,
)
from taskboard.store.backups import backup_dir, list_backups, read_backup

JOURNAL_SUFFIX = ".journal"
CURRENT = schema.SCHEMA_VERSION
NEXT = CURRENT + 1
"""Schema versions for the migration tests: this one, and a next one they make up."""


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + JOURNAL_SUFFIX)


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (lock files aside) with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def add_task(store: Store, title: str = "楼道清理") -> Task:
    return store.tasks.create(Task(title=title, site="funing"))


def title_on_disk(path: Path, task_id: str) -> str:
    """The title a freshly opened store shows."""
    doc = Store.open(path).tasks.get(task_id)
    assert doc is not None
    return str(doc["title"])


def journal_lines(path: Path) -> list[bytes]:
    return journal_of(path).read_bytes().split(b"\n")


def journal_line(changes: dict[str, Any], *, crc: int | None = None) -> bytes:
    body = orjson.dumps(changes)
    return f"{zlib.crc32(body) if crc is None else crc:08x} ".encode() + body + b"\n"


def header_generation(path: Path) -> str:
    header = orjson.loads(journal_lines(path)[0])
    return str(header["snapshot"])


def snapshot_generation(path: Path) -> str:
    return str(orjson.loads(path.read_bytes())["_meta"]["meta"]["generation"])


# Journal and rewrites ------------------------------------------------------------------


def test_saved_edit_is_visible_to_a_freshly_opened_store(store: Store, db_path: Path) -> None:
    task = add_task(store)

    store.tasks.update(task.id, {"title": "楼道清理（三楼）", "place": "3栋"})

    fresh = Store.open(db_path)
    assert fresh.task(task.ref).title == "楼道清理（三楼）"
    assert fresh.task(task.ref).place == "3栋"
    assert [entry.action for entry in fresh.history.of(task.id)] == ["created", "edited"]


def test_small_edits_go_to_the_journal_only(store: Store, db_path: Path) -> None:
    task = add_task(store)
    snapshot = db_path.read_bytes()
    journal_size = journal_of(db_path).stat().st_size

    store.tasks.update(task.id, {"title": "楼道清理（三楼）"})

    assert db_path.read_bytes() == snapshot
    assert journal_of(db_path).stat().st_size > journal_size
    assert b"\xe4\xb8\x89\xe6\xa5\xbc" in journal_of(db_path).read_bytes()  # 三楼
    assert title_on_disk(db_path, task.id) == "楼道清理（三楼）"


def test_journal_past_its_threshold_is_folded_into_a_rewrite(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "MIN_JOURNAL_BYTES", 2_000)
    task = add_task(store)
    rewrites = 0
    for number in range(1, 60):
        inode = db_path.stat().st_ino
        snapshot_size = db_path.stat().st_size
        journal_size = journal_of(db_path).stat().st_size
        due = journal_size > max(2_000, snapshot_size // 8)

        store.tasks.update(task.id, {"title": f"edit {number}"})

        rewritten = db_path.stat().st_ino != inode
        assert rewritten == due, f"edit {number}: journal {journal_size} B"
        if rewritten:
            rewrites += 1
            # the journal starts over with only its header, naming the new snapshot
            assert journal_lines(db_path)[1:] == [b""]
            assert header_generation(db_path) == snapshot_generation(db_path)
            assert title_on_disk(db_path, task.id) == f"edit {number}"
            assert orjson.loads(db_path.read_bytes())["tasks"][task.id]["title"] == (
                f"edit {number}"
            )
    assert rewrites >= 2
    fresh = Store.open(db_path)
    assert fresh.task(task.ref).title == "edit 59"
    assert len(fresh.history.of(task.id)) == 60


@pytest.mark.parametrize("tear", ["half line", "bad checksum"])
def test_torn_last_journal_line_is_ignored_and_cut_off(
    store: Store, db_path: Path, tear: str
) -> None:
    task = add_task(store)
    store.tasks.update(task.id, {"title": "saved"})
    good = journal_of(db_path).read_bytes()
    doc = store.tasks.get(task.id)
    assert doc is not None
    phantom = journal_line({"tasks": {task.id: {**doc, "title": "never acknowledged"}}})
    if tear == "half line":
        phantom = phantom[: len(phantom) // 2]
    else:
        phantom = journal_line({"tasks": {task.id: {**doc, "title": "never acknowledged"}}}, crc=0)
    journal_of(db_path).write_bytes(good + phantom)

    reopened = Store.open(db_path)
    assert reopened.task(task.ref).title == "saved"

    reopened.tasks.update(task.id, {"title": "after the crash"})

    after = journal_of(db_path).read_bytes()
    assert after.startswith(good)
    assert b"never acknowledged" not in after
    assert after.count(b"\n") == good.count(b"\n") + 1
    assert title_on_disk(db_path, task.id) == "after the crash"


def test_damage_before_the_end_of_the_journal_is_refused(store: Store, db_path: Path) -> None:
    task = add_task(store)
    store.tasks.update(task.id, {"title": "edit 1"})
    store.tasks.update(task.id, {"title": "edit 2"})
    lines = journal_lines(db_path)
    (middle,) = [n for n, line in enumerate(lines) if b'"title":"edit 1"' in line]
    assert middle < len(lines) - 2  # the second edit's line comes after it
    lines[middle] = lines[middle].replace(b'"title":"edit 1"', b'"title":"edit X"', 1)
    journal_of(db_path).write_bytes(b"\n".join(lines))
    before = files_under(db_path.parent)

    with pytest.raises(CorruptFile) as caught:
        Store.open(db_path)

    assert str(journal_of(db_path)) in str(caught.value)
    assert "untouched" in str(caught.value)
    assert files_under(db_path.parent) == before


def test_stale_journal_from_before_a_rewrite_is_ignored(store: Store, db_path: Path) -> None:
    task = add_task(store)
    store.tasks.update(task.id, {"title": "old edit"})
    stale = journal_of(db_path).read_bytes()
    with store.transaction():
        store.tasks.update(task.id, {"title": "newest"})
        store.storage.mark_rewrite()
    assert journal_lines(db_path)[1:] == [b""]
    # a crash between the snapshot's rename and the journal's leaves the old journal
    journal_of(db_path).write_bytes(stale)

    reopened = Store.open(db_path)
    assert reopened.task(task.ref).title == "newest"

    reopened.tasks.update(task.id, {"title": "next"})
    assert header_generation(db_path) == snapshot_generation(db_path)
    assert b"old edit" not in journal_of(db_path).read_bytes()
    assert title_on_disk(db_path, task.id) == "next"


# Files that are not ours ---------------------------------------------------------------

META = {"format": "taskboard", "schema": 1, "site": "funing"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"_meta": {"meta": ', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b'{"tasks": {}}', "not a taskboard data file"),
        (b"[1, 2, 3]", "not a taskboard data file"),
        (b'{"_meta": {"meta": {"format": "something else"}}}', "not a taskboard data file"),
        (orjson.dumps({"_meta": {"meta": META}, "tasks": [1, 2]}), "table 'tasks' is damaged"),
        (orjson.dumps({"_meta": {"meta": META}, "tasks": {"x": 5}}), "table 'tasks' is damaged"),
    ],
    ids=["cut", "binary", "other-json", "list", "other-format", "table-list", "doc-not-dict"],
)
def test_foreign_or_damaged_file_is_refused_and_left_alone(
    db_path: Path, content: bytes, expected: str
) -> None:
    db_path.write_bytes(content)

    with pytest.raises(CorruptFile) as caught:
        Store.open(db_path)

    assert str(db_path) in str(caught.value)
    assert expected in str(caught.value)
    assert files_under(db_path.parent) == {db_path.name: content}


def test_missing_file_says_how_to_create_one(db_path: Path) -> None:
    with pytest.raises(NotInitialised) as caught:
        Store.open(db_path)

    assert "taskboard init" in str(caught.value)
    assert str(db_path) in str(caught.value)
    assert not db_path.exists()


# Schema versions -----------------------------------------------------------------------


def test_file_from_a_newer_taskboard_is_refused(store: Store, db_path: Path) -> None:
    data = orjson.loads(db_path.read_bytes())
    data["_meta"]["meta"]["schema"] = 99
    db_path.write_bytes(orjson.dumps(data))
    before = files_under(db_path.parent)

    with pytest.raises(TooNew) as caught:
        Store.open(db_path)

    message = str(caught.value)
    assert "upgrade taskboard" in message
    assert "schema 99" in message
    assert str(db_path) in message
    assert files_under(db_path.parent) == before


def test_old_file_is_migrated_on_open_and_saved_at_the_next_change(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = store.tasks.create(Task(title="围墙补焊", site="funing", tags=["fence"]))
    steps: list[int] = []

    def tag_every_task(data: storage.Tables) -> None:
        steps.append(1)
        for doc in data.get("tasks", {}).values():
            doc["tags"] = sorted({*doc.get("tags", []), "v2"})

    monkeypatch.setattr(schema, "SCHEMA_VERSION", NEXT)
    monkeypatch.setitem(schema.MIGRATIONS, CURRENT, tag_every_task)
    before = files_under(db_path.parent)

    migrated = Store.open(db_path)

    assert steps == [1]
    assert migrated.task(task.ref).tags == ["fence", "v2"]
    assert files_under(db_path.parent) == before  # opening alone writes nothing

    migrated.volunteers.create(Volunteer(name="张伟"))

    def must_not_run(data: storage.Tables) -> None:
        raise AssertionError("migrated twice")

    monkeypatch.setitem(schema.MIGRATIONS, CURRENT, must_not_run)
    reopened = Store.open(db_path)
    assert reopened.meta["schema"] == NEXT
    assert reopened.task(task.ref).tags == ["fence", "v2"]
    assert reopened.volunteer("张伟").name == "张伟"
    snapshot = orjson.loads(db_path.read_bytes())
    assert snapshot["_meta"]["meta"]["schema"] == NEXT
    assert snapshot["tasks"][task.id]["tags"] == ["fence", "v2"]


def test_backup_before_migration_holds_the_original(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = store.tasks.create(Task(title="围墙补焊", site="funing", tags=["fence"]))

    def tag_every_task(data: storage.Tables) -> None:
        for doc in data.get("tasks", {}).values():
            doc["tags"] = sorted({*doc.get("tags", []), "v2"})

    monkeypatch.setattr(schema, "SCHEMA_VERSION", NEXT)
    monkeypatch.setitem(schema.MIGRATIONS, CURRENT, tag_every_task)
    monkeypatch.setattr(backups, "INTERVAL", dt.timedelta(days=1))
    migrated = Store.open(db_path)
    migrated.volunteers.create(Volunteer(name="张伟"))

    original = backups.read_backup(db_path, backups.list_backups(db_path)[0].name)
    assert original["_meta"]["meta"]["schema"] == CURRENT
    assert original["tasks"][task.id]["tags"] == ["fence"]


def test_tables_read_again_from_disk_are_migrated_too(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = store.tasks.create(Task(title="围墙补焊", site="funing", tags=["fence"]))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", NEXT)
    monkeypatch.setitem(
        schema.MIGRATIONS, CURRENT, lambda data: data["tasks"][task.id].update(tags=["fence", "v2"])
    )
    migrated = Store.open(db_path)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", CURRENT)  # an older copy of the app saves
    store.tasks.update(task.id, {"title": "围墙补焊(东侧)"})
    monkeypatch.setattr(schema, "SCHEMA_VERSION", NEXT)

    assert migrated.refresh()
    assert migrated.task(task.ref).tags == ["fence", "v2"]
    assert migrated.task(task.ref).title == "围墙补焊(东侧)"


def test_temp_files_left_by_a_crash_are_cleared_at_the_next_save(
    store: Store, db_path: Path
) -> None:
    stale = db_path.with_name(f".{db_path.name}.dead1234.tmp")
    stale.write_bytes(b'{"half": ')
    store.volunteers.create(Volunteer(name="张伟"))
    assert not stale.exists()


# Two copies of the app on one file -----------------------------------------------------


@pytest.mark.parametrize("min_journal", [64 * 1024, 0], ids=["journal", "rewrites"])
def test_two_stores_on_one_file_lose_no_update(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch, min_journal: int
) -> None:
    monkeypatch.setattr(storage, "MIN_JOURNAL_BYTES", min_journal)
    task = add_task(store)
    other = Store.open(db_path, who="王")

    for round_ in range(1, 13):
        store.tasks.update(task.id, {"title": f"title {round_}"})
        other.tasks.update(task.id, {"place": f"place {round_}"})
        with store.transaction():  # read-modify-write sees the other's latest save
            tags = store.task(task.ref).tags
            store.tasks.update(task.id, {"tags": [*tags, f"a{round_}"]})
        with other.transaction():
            tags = other.task(task.ref).tags
            other.tasks.update(task.id, {"tags": [*tags, f"b{round_}"]})

    store.refresh()
    for view in (store, other, Store.open(db_path)):
        shown = view.task(task.ref)
        assert shown.title == "title 12"
        assert shown.place == "place 12"
        assert len(shown.tags) == 24
        assert len(view.history.of(task.id)) == 1 + 4 * 12


def test_refresh_picks_up_what_the_other_store_saved(store: Store, db_path: Path) -> None:
    task = add_task(store)
    other = Store.open(db_path)
    assert other.refresh() is False

    store.tasks.update(task.id, {"title": "changed elsewhere"})
    volunteer = store.volunteers.create(Volunteer(name="李小红"))

    assert other.task(task.ref).title == "楼道清理"
    assert other.refresh() is True
    assert other.task(task.ref).title == "changed elsewhere"
    assert other.volunteer(volunteer.ref).name == "李小红"
    assert other.refresh() is False


# Locking -------------------------------------------------------------------------------

HOLD_LOCK = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
sys.stdin.readline()
lock.release()
"""


@contextlib.contextmanager
def lock_held_elsewhere(db_path: Path) -> Iterator[int]:
    """Another process holds the write lock of `db_path` inside the block."""
    lock = db_path.with_name(db_path.name + ".lock")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder.pid
    finally:
        holder.stdin.close()  # the holder reads EOF, releases and exits
        holder.wait(timeout=10)


def test_write_while_another_process_saves_is_busy_but_reads_work(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = add_task(store)
    monkeypatch.setattr(storage, "LOCK_TIMEOUT_S", 0.2)
    before = files_under(db_path.parent)

    with lock_held_elsewhere(db_path):
        started = time.monotonic()
        with pytest.raises(Busy) as caught:
            store.tasks.update(task.id, {"title": "blocked"})
        waited = time.monotonic() - started

        assert 0.2 <= waited < 3
        assert str(db_path) in str(caught.value)
        assert "try again" in str(caught.value)
        assert store.task(task.ref).title == "楼道清理"
        assert files_under(db_path.parent) == before
        reader = Store.open(db_path)
        assert reader.task(task.ref).title == "楼道清理"
        assert reader.refresh() is False

    store.tasks.update(task.id, {"title": "after the lock"})
    assert title_on_disk(db_path, task.id) == "after the lock"


# Transactions --------------------------------------------------------------------------


def test_failed_transaction_leaves_memory_and_disk_as_before(store: Store, db_path: Path) -> None:
    task = add_task(store)
    memory = orjson.dumps(store.storage.data)
    disk = files_under(db_path.parent)

    with pytest.raises(RuntimeError, match="changed my mind"), store.transaction():
        add_task(store, "一")
        add_task(store, "二")
        store.tasks.update(task.id, {"title": "renamed"})
        store.tasks.delete(task.id)
        raise RuntimeError("changed my mind")

    assert orjson.dumps(store.storage.data) == memory
    assert files_under(db_path.parent) == disk
    assert store.task(task.ref).title == "楼道清理"
    assert add_task(store, "三").ref == "funing-2"  # refs minted in the failed change are free
    fresh = Store.open(db_path)
    assert sorted(t["title"] for t in fresh.tasks.live()) == ["三", "楼道清理"]


# Backups -------------------------------------------------------------------------------


def test_first_change_takes_a_backup(store: Store, db_path: Path) -> None:
    assert not backup_dir(db_path).exists()  # creating the file is not a change to undo

    add_task(store)

    assert store.last_backup is not None
    assert store.last_backup.parent == db_path.with_name("board.json.backups")
    infos = list_backups(db_path)
    assert [(info.tasks, info.volunteers) for info in infos] == [(0, 0)]
    assert infos[0].path == store.last_backup
    assert infos[0].size == store.last_backup.stat().st_size

    add_task(store, "二")  # the next change within the interval needs none
    assert store.last_backup is None
    assert len(list_backups(db_path)) == 1


def test_backups_are_rotated_keeping_the_newest(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backups, "INTERVAL", dt.timedelta(0))
    monkeypatch.setattr(backups, "KEEP", 3)

    for number in range(1, 7):
        add_task(store, f"task {number}")
        store.volunteers.create(Volunteer(name=f"志愿者 {number}"))

    infos = list_backups(db_path)
    # one backup before each of the 12 changes; the newest is from before the last one,
    # and the first of the day (the state before the day's work) is kept beside them
    assert [(info.tasks, info.volunteers) for info in infos] == [(6, 5), (5, 5), (5, 4), (0, 0)]
    assert len(list(backup_dir(db_path).iterdir())) == 4


def test_backups_within_one_second_are_numbered_and_rotated_in_order(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backups, "KEEP", 3)
    now = dt.datetime(2026, 11, 25, 9, 30, 0)
    for count in range(12):
        tasks = [Task(title=f"{n}", site="funing").model_dump(mode="json") for n in range(count)]
        data = {"_meta": {"meta": META}, "tasks": {task["id"]: task for task in tasks}}
        backups.make_backup(db_path, data, now=now)

    infos = list_backups(db_path)

    assert [info.name for info in infos] == [
        "20261125-093000-12",
        "20261125-093000-11",
        "20261125-093000-10",
        "20261125-093000",  # the first of the day
    ]
    assert [info.tasks for info in infos] == [11, 10, 9, 0]


def test_restoring_a_backup_backs_up_the_current_state_first(store: Store, db_path: Path) -> None:
    first = add_task(store, "一")
    (oldest,) = list_backups(db_path)  # the state before the first change
    add_task(store, "二")
    store.tasks.update(first.id, {"title": "一（改）"})

    before = store.replace_all(read_backup(db_path, oldest.name))

    assert before is not None
    assert list(store.tasks.live()) == []
    assert store.site == "funing"
    fresh = Store.open(db_path)
    assert list(fresh.tasks.live()) == []
    infos = list_backups(db_path)
    assert infos[0].path == before and infos[0].tasks == 2

    store.replace_all(read_backup(db_path, before.stem))  # undo the restore

    fresh = Store.open(db_path)
    assert sorted(t["title"] for t in fresh.tasks.live()) == ["一（改）", "二"]
    assert add_task(fresh, "三").ref == "funing-3"


def test_unknown_backup_name_lists_the_known_ones(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backups, "INTERVAL", dt.timedelta(0))
    add_task(store, "一")
    add_task(store, "二")
    names = [info.name for info in list_backups(db_path)]
    assert len(names) == 2

    with pytest.raises(NotFound) as caught:
        read_backup(db_path, "20000101-000000")

    assert "20000101-000000" in str(caught.value)
    for name in names:
        assert name in str(caught.value)


def test_unknown_backup_name_without_backups_says_none(db_path: Path) -> None:
    store = Store.open(db_path, must_exist=False)
    store.initialise(Site(id="funing", name="阜宁社区"))

    with pytest.raises(NotFound, match="none"):
        read_backup(db_path, "latest")


def test_a_rewrite_between_reading_the_file_and_its_journal_is_read_again(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process may rewrite the file and start a new journal while this one reads:
    the new journal names a version this one did not read, which is a race, not damage."""
    add_task(store, "一")
    other = Store.open(db_path)
    real = storage.decode_snapshot
    raced: list[bool] = []

    def rewritten_meanwhile(payload: bytes, path: Path, **options: bool) -> Any:
        data = real(payload, path, **options)
        if not raced:
            raced.append(True)
            other.storage.mark_rewrite()
            add_task(other, "二")  # a whole new file and a journal naming it
        return data

    monkeypatch.setattr(storage, "decode_snapshot", rewritten_meanwhile)
    reader = Store.open(db_path)

    assert raced
    assert sorted(doc["title"] for doc in reader.tasks.live()) == ["一", "二"]


def snapshot_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Records each time a data file (not a journal line) is checked record by record."""
    checked: list[Path] = []
    real = storage._check_tables

    def counting(data: Any, source: Path, damaged: Path, line: int | None = None) -> None:
        if source.suffix == ".json":
            checked.append(source)
        real(data, source, damaged, line)

    monkeypatch.setattr(storage, "_check_tables", counting)
    return checked


def test_a_file_as_taskboard_wrote_it_opens_without_a_second_check(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.storage.mark_rewrite()
    add_task(store, "一")  # a fresh file; the journal names its bytes
    add_task(store, "二")  # and a save in the journal
    checked = snapshot_checks(monkeypatch)

    reopened = Store.open(db_path)

    assert checked == []
    assert sorted(doc["title"] for doc in reopened.tasks.live()) == ["一", "二"]


def test_a_file_changed_on_disk_is_checked_again_and_its_damage_refused(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.storage.mark_rewrite()
    task = add_task(store, "楼道清理")
    checked = snapshot_checks(monkeypatch)
    edited = db_path.read_bytes().replace("楼道清理".encode(), "楼梯扶手".encode())
    db_path.write_bytes(edited)  # same generation, other bytes

    assert Store.open(db_path).tasks.get(task.id)["title"] == "楼梯扶手"  # type: ignore[index]
    assert checked == [db_path]

    damaged = orjson.loads(edited)
    del damaged["tasks"][task.id]["status"]
    db_path.write_bytes(orjson.dumps(damaged))
    journal = journal_of(db_path).read_bytes()
    with pytest.raises(CorruptFile, match="has no status"):
        Store.open(db_path)
    assert journal_of(db_path).read_bytes() == journal

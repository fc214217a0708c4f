"""The data can only be lost by asking for it: output files, damaged files, backups, odd paths.

Every test runs `taskboard` end to end against files in its own folder, the way
a coordinator meets the problem.
"""

from __future__ import annotations

import datetime as dt
import os
import zlib
from pathlib import Path
from typing import Any

import orjson
import pytest
from cli_harness import Cli, tree

from taskboard.store import Store, backups
from taskboard.store.backups import backup_dir, list_backups

SITE = "funing"


def companion(db: Path, suffix: str) -> Path:
    return db.with_name(db.name + suffix)


@pytest.fixture
def story(story_cli: Cli) -> Cli:
    """The story's data in a folder of its own, with one backup (the empty file)."""
    cli = story_cli
    cli.ok("task", "add", "--title", "楼道清理")  # folds the story into the data file
    cli.ok("task", "add", "--title", "楼梯扶手")  # the journal holds a save
    assert companion(cli.db, ".journal").stat().st_size > 100
    assert len(list_backups(cli.db)) == 1
    return cli


@pytest.fixture
def board(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    """A fresh file of site funing in a folder of its own."""
    folder = tmp_path / "data"
    folder.mkdir()
    cli = Cli(capsys, folder / "board.json")
    cli.ok("init", "--site", SITE, "--name", "阜宁社区", "--coordinator", "李主任")
    return cli


# Output files never overwrite the data -----------------------------------------------------
OUTPUT_COMMANDS: dict[str, tuple[str, ...]] = {
    "export": ("export", "-o", "{}"),
    "volunteer export": ("volunteer", "export", "{}"),
    "report": ("report", "--format", "md", "-o", "{}"),
    "assignments": ("assignments", "郑秀兰", "--format", "text", "-o", "{}"),
    "crew": ("crew", "funing-1", "--format", "text", "-o", "{}"),
    "day": ("day", "sat", "--format", "html", "-o", "{}"),
    "hours report": ("hours", "report", "--format", "csv", "-o", "{}"),
}
"""Every command that writes a file the user names (`{}`: where the name goes)."""


def command(name: str, target: Path | str) -> list[str]:
    return [str(target) if part == "{}" else part for part in OUTPUT_COMMANDS[name]]


@pytest.mark.parametrize("name", OUTPUT_COMMANDS)
def test_output_commands_refuse_the_data_and_everything_beside_it(
    story: Cli, tmp_path: Path, name: str
) -> None:
    db = story.db
    other = tmp_path / "elsewhere" / "other.json"  # another site's data file
    other.parent.mkdir()
    story.ok("--db", str(other), "init", "--site", "xingye", "--name", "兴业社区")
    story.ok("--db", str(other), "task", "add", "--title", "路灯")
    (backup,) = backup_dir(db).iterdir()
    refused = {
        db: "it is the data file",
        companion(db, ".journal"): f"it is the journal of {db}",
        companion(db, ".lock"): f"it is the lock file of {db}",
        companion(db, ".backups"): "it is a folder",
        backup: f"it is in the backups of {db}",
        companion(db, ".backups") / "new.json": f"it is in the backups of {db}",
        other: "it is taskboard data",
        companion(other, ".journal"): "it is the journal of the taskboard data file",
        companion(other, ".backups") / "x.json": "it is in the backups of the taskboard data",
        tmp_path / "data" / ".." / "data" / "board.json": "it is the data file",
    }
    before = tree(tmp_path)

    for target, reason in refused.items():
        message = story.fails(*command(name, target))
        assert message.startswith(f"taskboard: error: refusing to write {target}: {reason}")
        assert message.endswith("; choose another file")

    assert tree(tmp_path) == before
    assert story.data("task", "show", "funing-1")["ref"] == "funing-1"


@pytest.mark.parametrize("name", OUTPUT_COMMANDS)
def test_output_commands_refuse_a_copy_of_a_data_file_by_its_content(
    story: Cli, tmp_path: Path, name: str
) -> None:
    copy = tmp_path / "copy-of-the-board.csv"  # any name: the first bytes tell
    copy.write_bytes(story.db.read_bytes())
    journal = tmp_path / "old-journal.txt"
    journal.write_bytes(companion(story.db, ".journal").read_bytes())

    for target in (copy, journal):
        message = story.fails(*command(name, target))
        assert message == (
            f"taskboard: error: refusing to write {target}: it is taskboard data"
            " (a data file, backup or journal); choose another file"
        )
    assert copy.read_bytes() == story.db.read_bytes()


@pytest.mark.parametrize("name", OUTPUT_COMMANDS)
def test_output_commands_replace_an_ordinary_file_atomically(
    story: Cli, tmp_path: Path, name: str
) -> None:
    target = tmp_path / "data" / "out.html"
    target.write_text("an older sheet\n")
    inode = target.stat().st_ino
    data = tree(tmp_path / "data")

    story.ok(*command(name, target))

    assert target.read_bytes() != b"an older sheet\n"
    assert target.stat().st_ino != inode  # written beside it, then renamed over it
    after = tree(tmp_path / "data")
    assert sorted(after) == sorted(data)  # no temp file left behind
    assert {k: v for k, v in after.items() if k != "out.html"} == {
        k: v for k, v in data.items() if k != "out.html"
    }


def test_output_to_a_pipe_is_not_read_to_judge_it(story: Cli, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)  # reading it to see whether it is data would wait for a writer forever

    story.ok("report", "--format", "md", "-o", str(pipe))

    assert pipe.read_text(encoding="utf-8").startswith("# ")


def test_readme_tour_exports_beside_the_data_without_touching_it(
    board: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = Path(__file__).parents[1] / "README.md"
    tour = readme.read_text(encoding="utf-8")
    assert "export TASKBOARD_DB=funing.json" in tour
    (line,) = [row for row in tour.splitlines() if row.startswith("taskboard export -o")]
    bundle = line.split()[3]
    assert bundle != "funing.json"
    monkeypatch.chdir(board.db.parent)
    monkeypatch.setenv("TASKBOARD_DB", "funing.json")
    for args in (
        ("init", "--site", SITE, "--name", "阜宁社区"),
        ("task", "add", "--title", "南区围墙除锈补焊"),
    ):
        assert board.run(*args, db=False).code == 0
    data = Path("funing.json").read_bytes()

    assert board.run("export", "-o", bundle, db=False).code == 0

    assert Path("funing.json").read_bytes() == data
    assert Path(bundle).read_bytes().startswith(b'{"format":"taskboard-bundle"')
    assert board.run("export", "-o", "funing.json", db=False).code == 1


# A journal that cannot be trusted is refused ------------------------------------------------
def journal_lines(db: Path) -> list[bytes]:
    return companion(db, ".journal").read_bytes().split(b"\n")


def three_saves(cli: Cli) -> list[bytes]:
    for title in ("一号楼", "二号楼", "三号楼"):
        cli.ok("task", "add", "--title", title)
    lines = journal_lines(cli.db)
    assert len(lines) >= 5  # header, the story's save, three saves, and the end
    return lines


@pytest.mark.parametrize(
    "header",
    [
        b"garbage",
        b'{"journal": 1}',
        b'["journal", 1]',
        b'{"journal": 1, "snapshot": "0123456789abcdef"}',  # names no snapshot of this file
        b'{"journal": 7, "snapshot": "GENERATION"}',
    ],
    ids=["not-json", "no-snapshot", "a-list", "another-snapshot", "unknown-format"],
)
def test_a_journal_with_a_damaged_header_is_refused_and_never_overwritten(
    story: Cli, header: bytes
) -> None:
    lines = three_saves(story)
    generation = orjson.loads(story.db.read_bytes())["_meta"]["meta"]["generation"]
    lines[0] = header.replace(b"GENERATION", generation.encode())
    journal = companion(story.db, ".journal")
    journal.write_bytes(b"\n".join(lines))

    for args in (("task", "list"), ("task", "add", "--title", "四号楼")):
        message = story.fails(*args)
        assert message.startswith(f"taskboard: error: {journal}")
        assert "left untouched" in message
    assert journal.read_bytes() == b"\n".join(lines)


def test_a_journal_without_a_whole_header_line_is_refused(story: Cli) -> None:
    journal = companion(story.db, ".journal")
    journal.write_bytes(b'{"journal": 1, "snap')

    message = story.fails("task", "list")

    assert message == (
        f"taskboard: error: {journal}: its first line is damaged; it was left untouched"
        " — see `taskboard backup list` to restore a good copy"
    )


def test_a_journal_left_from_before_a_rewrite_is_still_ignored(story: Cli) -> None:
    three_saves(story)
    stale = companion(story.db, ".journal").read_bytes()
    store = Store.open(story.db)
    with store.transaction():
        store.storage.mark_rewrite()  # the saves are folded into the data file
    companion(story.db, ".journal").write_bytes(stale)  # as if the crash came just then

    titles = [task["title"] for task in story.data("task", "list")]

    assert {"一号楼", "二号楼", "三号楼"} <= set(titles)
    story.ok("task", "add", "--title", "四号楼")
    assert b"\xe5\x9b\x9b" in companion(story.db, ".journal").read_bytes()  # 四


# Damaged content is refused at load, before anything is written -----------------------------
def journal_line(body: bytes) -> bytes:
    return f"{zlib.crc32(body):08x} ".encode() + body


def stored(db: Path) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(db.read_bytes())
    return data


def first_task(data: dict[str, Any]) -> dict[str, Any]:
    return next(iter(data["tasks"].values()))  # type: ignore[no-any-return]


def _journal_body(db: Path, body: bytes) -> Path:
    journal = companion(db, ".journal")
    journal.write_bytes(journal.read_bytes() + journal_line(body) + b"\n")
    return journal


def damage(db: Path, how: str) -> tuple[Path, str]:
    """Damage the story's files as `how` says; returns the damaged file and the message."""
    data = stored(db)
    task = first_task(data)
    if how == "journal-list":
        return _journal_body(db, b"[1, 2, 3]"), "a save in it is not a change taskboard writes"
    if how == "journal-not-json":
        return _journal_body(db, b"{not json"), "a save in it is not a change taskboard writes"
    if how == "journal-record":
        body = orjson.dumps({"tasks": {task["id"]: {**task, "status": ["open"]}}})
        return _journal_body(db, body), f"tasks record '{task['id']}' has a damaged status"
    if how == "no-status":
        del task["status"]
        message = f"tasks record '{task['id']}' has no status"
    elif how == "hlc-text":
        data["_meta"]["meta"]["hlc"] = "abc"
        message = "_meta.hlc 'abc' is not a clock stamp (a whole number from 0 to 2^63-1)"
    elif how == "hlc-huge":
        data["_meta"]["meta"]["hlc"] = 2**64 + 5
        message = "_meta.hlc 1.8446744073709552e+19 is not a clock stamp"
    else:
        task["needs"] = [{"skill": "welding"}]
        message = f"tasks record '{task['id']}' has a damaged needs"
    payload = orjson.dumps(data) if how != "hlc-huge" else _with_huge_hlc(data)
    db.write_bytes(payload)
    return db, message


def _with_huge_hlc(data: dict[str, Any]) -> bytes:
    """orjson cannot write a number above 64 bits; the json module can."""
    import json

    return json.dumps(data, ensure_ascii=False).encode()


@pytest.mark.parametrize(
    "how",
    [
        "journal-list",
        "journal-not-json",
        "journal-record",
        "no-status",
        "hlc-text",
        "hlc-huge",
        "need-without-count",
    ],
)
def test_damaged_content_is_one_clear_line_and_nothing_is_written(story: Cli, how: str) -> None:
    folder = backup_dir(story.db)
    for old in folder.iterdir():
        old.unlink()
    folder.rmdir()  # so that a backup taken before failing would show
    damaged, what = damage(story.db, how)
    before = tree(story.db.parent)

    for args in (
        ("task", "list"),
        ("task", "add", "--title", "四号楼"),
        ("match", "--apply"),
        ("export", "-o", str(story.db.parent / "bundle.json")),
    ):
        message = story.fails(*args)
        assert message.startswith(f"taskboard: error: {damaged}")
        assert what in message
        assert message.endswith("see `taskboard backup list` to restore a good copy")

    assert tree(story.db.parent) == before
    assert not backup_dir(story.db).exists()


# Backups before bulk changes and once a day ---------------------------------------------------
def backup_names(cli: Cli) -> list[str]:
    return [info["name"] for info in cli.data("backup", "list")]


def restored_titles(cli: Cli, name: str) -> set[str]:
    data = backups.read_backup(cli.db, name)
    return {doc["title"] for doc in data.get("tasks", {}).values() if not doc.get("deleted")}


State = tuple[frozenset[str], frozenset[str], int]


def state_of(tables: dict[str, dict[str, dict[str, Any]]]) -> State:
    """Task titles, volunteer names and the number of assignments in `tables`."""

    def live(table: str) -> list[dict[str, Any]]:
        return [doc for doc in tables.get(table, {}).values() if not doc.get("deleted")]

    return (
        frozenset(doc["title"] for doc in live("tasks")),
        frozenset(doc["name"] for doc in live("volunteers")),
        len(live("assignments")),
    )


def backup_state(cli: Cli, name: str) -> State:
    return state_of(backups.read_backup(cli.db, name))


def live_state(cli: Cli) -> State:
    return state_of(Store.open(cli.db).storage.data)


def test_every_bulk_change_is_backed_up_first(board: Cli, tmp_path: Path) -> None:
    board.ok("task", "add", "--title", "第一件事")  # the first change: the empty file's backup
    assert len(backup_names(board)) == 1
    roster = tmp_path / "roster.csv"
    roster.write_text("name,skills\n王芳,painting:2\n", encoding="utf-8")
    other = tmp_path / "xingye.json"
    board.ok("--db", str(other), "init", "--site", "xingye", "--name", "兴业社区")
    board.ok("--db", str(other), "task", "add", "--title", "兴业的任务")
    bundle = tmp_path / "xingye-bundle.json"
    board.ok("--db", str(other), "export", "-o", str(bundle))
    board.ok("task", "add", "--title", "刷漆", "--need", "painting:1", "--status", "open")
    shared = tmp_path / "shared"
    shared.mkdir()
    board.ok("--db", str(other), "task", "add", "--title", "兴业的第二个任务")
    board.ok("--db", str(other), "sync", str(shared))

    steps: list[tuple[str, ...]] = [
        ("volunteer", "import", str(roster)),
        ("merge", str(bundle)),
        ("match", "--apply"),
        ("sync", str(shared)),
        ("demo", "--force"),
        ("backup", "restore", "OLDEST"),
    ]
    for step in steps:
        names = backup_names(board)
        state = live_state(board)
        board.ok(*[names[-1] if part == "OLDEST" else part for part in step], quiet=False)
        after = backup_names(board)
        assert len(after) == len(names) + 1, step
        assert backup_state(board, after[0]) == state, step
        assert live_state(board) != state, step  # each step changed something


def test_a_bulk_change_of_an_unchanged_state_adds_no_second_backup(
    board: Cli, tmp_path: Path
) -> None:
    board.ok("task", "add", "--title", "第一件事")
    other = tmp_path / "xingye.json"
    board.ok("--db", str(other), "init", "--site", "xingye", "--name", "兴业社区")
    bundle = tmp_path / "xingye-bundle.json"
    board.ok("--db", str(other), "export", "-o", str(bundle))
    board.ok("merge", str(bundle))
    board.ok("merge", str(bundle))  # backs up the state the first merge made
    names = backup_names(board)
    assert len(names) == 3

    board.ok("merge", str(bundle))  # the same state again: the newest backup holds it
    board.ok("merge", str(bundle))

    assert backup_names(board) == names


def test_a_backup_is_taken_on_every_day_of_use_and_the_first_of_each_day_is_kept(
    board: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in range(12):
        for hour in range(4):  # four sessions a day, two hours apart
            when = dt.datetime(2026, 11, 1 + day, 9 + 2 * hour, 0)
            monkeypatch.setattr(backups, "clock", lambda when=when: when)
            board.ok("task", "add", "--title", f"day {day + 1} session {hour + 1}")

    names = backup_names(board)

    last_ten = [f"202611{12 - n // 4:02d}-{9 + 2 * (3 - n % 4):02d}0000" for n in range(10)]
    first_of_days = [f"202611{day:02d}-090000" for day in range(10, 5, -1)]
    assert names == last_ten + first_of_days
    assert len(names) == backups.KEEP + 5  # days 6-10 (11 and 12 are among the newest)


# backup restore works on a damaged file ------------------------------------------------------
def test_restore_keeps_a_damaged_data_file_aside_and_says_where(story: Cli) -> None:
    (name,) = backup_names(story)
    damaged_bytes = b'{"_meta": {"meta": {"format": "taskboard"'
    story.db.write_bytes(damaged_bytes)
    journal = companion(story.db, ".journal").read_bytes()
    assert "not valid JSON" in story.fails("task", "list")

    result = story.ok("backup", "restore", name)

    (kept, kept_journal) = sorted(story.db.parent.glob("board.json*.damaged-*"))
    assert kept.name.startswith("board.json.damaged-")
    assert kept.read_bytes() == damaged_bytes
    assert kept_journal.name.startswith("board.json.journal.damaged-")
    assert kept_journal.read_bytes() == journal
    assert result.out == (
        f"Restored backup {name}\nThe damaged file was kept as {kept}\n"
        f"The damaged file was kept as {kept_journal}\n"
    )
    assert story.data("task", "list") == []  # the backup of the empty file
    assert story.fails("export", "-o", str(kept)).endswith(
        f"it is a damaged copy of {story.db} kept aside; choose another file"
    )


def test_restore_keeps_a_damaged_journal_aside_and_backs_up_the_data_file(story: Cli) -> None:
    (empty,) = backup_names(story)
    lines = three_saves(story)
    lines[0] = b"garbage"
    companion(story.db, ".journal").write_bytes(b"\n".join(lines))
    alone = {task["title"] for task in stored(story.db).get("tasks", {}).values()}

    restored = story.data("backup", "restore", empty)

    (kept,) = story.db.parent.glob("board.json.journal.damaged-*")
    assert kept.read_bytes() == b"\n".join(lines)
    assert restored["damaged_kept_as"] == [str(kept)]
    assert restored_titles(story, restored["backup_of_previous"]) == alone  # the data file's
    assert story.data("task", "list") == []


def test_restore_refuses_a_damaged_backup_and_changes_nothing(story: Cli) -> None:
    (name,) = backup_names(story)
    path = backup_dir(story.db) / f"{name}.json"
    data = stored(path)
    data["_meta"]["meta"]["hlc"] = "abc"
    path.write_bytes(orjson.dumps(data))
    story.db.write_bytes(b"damaged")
    before = tree(story.db.parent)

    message = story.fails("backup", "restore", name)

    assert message.startswith(f"taskboard: error: {path}: _meta.hlc 'abc' is not a clock stamp")
    assert tree(story.db.parent) == before


# Paths of the wrong kind -----------------------------------------------------------------------
def test_db_that_is_a_folder_is_one_clear_line(board: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    for args in (("task", "list"), ("init", "--site", SITE, "--name", "阜宁社区")):
        result = board.run("--db", str(folder), *args, db=False)
        assert result.code == 1
        assert result.err == (
            f"taskboard: error: {folder} is a folder, not a taskboard data file;"
            " move it away or give another --db\n"
        )
    assert list(folder.iterdir()) == []


def test_db_below_a_file_is_one_clear_line(board: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    inside = blocker / "board.json"

    for args, expected in (
        (("init", "--site", SITE, "--name", "阜宁社区"), f"{blocker} is a file, not a folder"),
        (("task", "list"), f"cannot read {inside}: Not a directory"),
    ):
        result = board.run("--db", str(inside), *args, db=False)
        assert (result.code, result.err) == (1, f"taskboard: error: {expected}\n")
    assert blocker.read_text() == "a file"


@pytest.mark.parametrize(
    ("suffix", "args", "expected"),
    [
        (".journal", ("task", "list"), "is a folder, not the journal of"),
        (".journal", ("task", "add", "--title", "x"), "is a folder, not the journal of"),
        (".lock", ("task", "add", "--title", "x"), "is a folder, not the lock file of"),
    ],
)
def test_journal_or_lock_that_is_a_folder_is_one_clear_line(
    board: Cli, suffix: str, args: tuple[str, ...], expected: str
) -> None:
    path = companion(board.db, suffix)
    if path.exists():
        path.unlink()
    path.mkdir()

    message = board.fails(*args)

    assert message.startswith(f"taskboard: error: {path} {expected} {board.db}")
    assert path.is_dir() and list(path.iterdir()) == []


def test_backups_that_is_a_file_is_one_clear_line(board: Cli) -> None:
    path = companion(board.db, ".backups")
    path.write_text("not a folder")
    expected = (
        f"taskboard: error: {path} is not a folder: taskboard keeps the backups of"
        f" {board.db} there; move it away"
    )

    assert board.fails("task", "add", "--title", "x") == expected
    assert board.fails("backup", "list") == expected
    assert board.data("task", "list") == []  # reading needs no backups


def test_settings_path_that_is_a_folder_is_one_clear_line(
    board: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "settings-folder"
    folder.mkdir()
    monkeypatch.setenv("TASKBOARD_CONFIG", str(folder))

    message = board.fails("task", "list")

    assert message == f"taskboard: error: {folder} is a folder, not a settings file"

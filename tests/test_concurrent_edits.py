"""Two taskboards saving to one file at once lose nothing that either acknowledged.

Every command that changes a record from its current values (add a tag, tick an
item, mark an assignment done) must read those values under the file's lock,
after catching up with the other process. Two kinds of test:

- real processes: two `taskboard` processes each run many edits of the same
  task and volunteer at the same time; every one of them must be in the file;
- a fixed interleaving: another process saves right between this command's
  reading of the file and its taking of the lock (`saved_meanwhile`), every time.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_harness import Cli

from taskboard.cli import main
from taskboard.model import Site, Task, Volunteer
from taskboard.store import NotFound, Store
from taskboard.store.storage import AtomicJSONStorage

ROUNDS = 20
"""Edits of each kind per process: enough that the old code lost some every run."""

WORKER = """
import sys
from taskboard.cli import main

db, mark, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
for n in range(rounds):
    label = f"{mark}{n}"
    edits = (
        ["task", "edit", "funing-1", "--tag", label, "--item", label],
        ["volunteer", "edit", "funing-v1", "--group", label],
    )
    for edit in edits:
        if main(["--db", db, *edit]) != 0:
            sys.exit(1)
"""


def test_two_processes_editing_at_once_keep_every_edit(tmp_path: Path) -> None:
    db = tmp_path / "board.json"
    assert main(["--db", str(db), "init", "--site", "funing", "--name", "阜宁社区"]) == 0
    assert main(["--db", str(db), "task", "add", "--title", "楼道清理"]) == 0
    assert main(["--db", str(db), "volunteer", "add", "--name", "王海涛"]) == 0
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db), mark, str(ROUNDS)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for mark in ("a", "b")
    ]
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    labels = {f"{mark}{n}" for mark in ("a", "b") for n in range(ROUNDS)}
    store = Store.open(db)
    task = store.task("funing-1")
    assert set(task.tags) == labels
    assert sorted(item.text for item in task.checklist) == sorted(labels)
    assert set(store.volunteer("funing-v1").groups) == labels
    edits = [entry for entry in store.history.of(task.id) if entry.action == "edited"]
    assert len(edits) == 2 * ROUNDS


# One fixed interleaving -----------------------------------------------------------------------
@pytest.fixture
def cli(story_cli: Cli) -> Cli:
    """The story's data in a file of its own folder, coordinator 李主任."""
    return story_cli


def saved_meanwhile(monkeypatch: pytest.MonkeyPatch, save: Callable[[], None]) -> None:
    """Make another process's `save` land just before the next command takes the lock.

    That is the moment between a command reading the file and changing it: the
    command has read the record, the other process saves, then the command locks
    and catches up. `save` runs once, on the first lock taken from now on.
    """
    begin = AtomicJSONStorage._begin
    pending = [save]

    def begin_after_other_save(storage: AtomicJSONStorage) -> None:
        if pending:
            pending.pop()()
        begin(storage)

    monkeypatch.setattr(AtomicJSONStorage, "_begin", begin_after_other_save)


def other(cli: Cli) -> Store:
    """The data file as another process opens it."""
    return Store.open(cli.db, who="王阿姨")


def test_task_edit_keeps_a_tag_and_a_field_saved_meanwhile(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def save() -> None:
        store = other(cli)
        store.modify(Task, store.task("funing-1").id, lambda t: {"tags": [*t.tags, "夜班"]})
        store.tasks.update(store.task("funing-1").id, {"place": "北侧围墙"})

    saved_meanwhile(monkeypatch, save)
    cli.ok("task", "edit", "funing-1", "--tag", "焊接", "--item", "买油漆")
    task = Store.open(cli.db).task("funing-1")
    assert {"夜班", "焊接", "micro-renovation"} <= set(task.tags)
    assert task.place == "北侧围墙"
    assert [item.text for item in task.checklist] == ["买油漆"]


def test_task_edit_untag_and_need_apply_to_the_lists_as_saved_meanwhile(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def save() -> None:
        store = other(cli)
        task = store.task("funing-1")
        needs = [*(n.model_dump() for n in task.needs), {"skill": "painting", "count": 2}]
        store.tasks.update(task.id, {"tags": ["夜班", *task.tags], "needs": needs})

    saved_meanwhile(monkeypatch, save)
    cli.ok("task", "edit", "funing-1", "--untag", "micro-renovation", "--need", "cleaning:0")
    task = Store.open(cli.db).task("funing-1")
    assert task.tags == ["夜班"]
    assert [(n.skill, n.count) for n in task.needs] == [("painting", 2), ("welding", 2)]


def test_task_check_keeps_ticks_saved_meanwhile(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    census = Store.open(cli.db).task("xingye-1")
    assert [item.state for item in census.checklist[6:9]] == ["todo", "skipped", "todo"]
    attempts = census.checklist[6].attempts

    def save() -> None:
        store = other(cli)
        task = store.task("xingye-1")
        checklist = [item.model_dump(mode="json") for item in task.checklist]
        checklist[8]["state"] = "done"
        checklist[6].update(state="retry", attempts=attempts + 1, note="邻居说周末在家")
        store.tasks.update(task.id, {"checklist": checklist}, action="checked")

    saved_meanwhile(monkeypatch, save)
    item = cli.data("task", "check", "xingye-1", "7", "--state", "done")
    note = "邻居说周末在家"  # written by the user: done keeps it
    assert (item["state"], item["attempts"], item["note"]) == ("done", attempts + 2, note)
    checklist = Store.open(cli.db).task("xingye-1").checklist
    assert [item.state for item in checklist[6:9]] == ["done", "skipped", "done"]


def test_task_edit_refuses_a_task_removed_meanwhile(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def save() -> None:
        store = other(cli)
        store.tasks.delete(store.task("funing-1").id)

    saved_meanwhile(monkeypatch, save)
    result = cli.run("task", "edit", "funing-1", "--title", "东侧围墙")
    assert result.code == 1
    assert result.err == "taskboard: error: task 'funing-1' was removed\n"
    removed = Store.open(cli.db).tasks.find("funing-1", removed=True)
    assert removed["title"] != "东侧围墙"


def test_task_move_puts_the_task_below_one_moved_there_meanwhile(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def save() -> None:
        cli.ok("task", "move", "funing-2", "done")

    saved_meanwhile(monkeypatch, save)
    cli.ok("task", "move", "funing-3", "done")
    done = [task for task in Store.open(cli.db).tasks.live() if task["status"] == "done"]
    ranked = [task["ref"] for task in sorted(done, key=lambda task: task["rank"])]
    assert ranked[-2:] == ["funing-2", "funing-3"]


def test_task_add_goes_below_a_task_added_meanwhile(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def save() -> None:
        cli.ok("task", "add", "--title", "楼道清理")

    saved_meanwhile(monkeypatch, save)
    cli.ok("task", "add", "--title", "修理路灯")
    by_title = {doc["title"]: doc for doc in Store.open(cli.db).tasks.live()}
    assert by_title["修理路灯"]["rank"] > by_title["楼道清理"]["rank"]


def test_volunteer_edit_keeps_what_was_saved_meanwhile(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def save() -> None:
        store = other(cli)
        person = store.volunteer("funing-v9")
        store.volunteers.update(
            person.id,
            {
                "skills": {**person.skills, "painting": 1},
                "groups": [*person.groups, "youth-mentors"],
                "availability": [*person.availability, "sun:evening"],
                "phone": "139 1234 5678",
            },
        )

    saved_meanwhile(monkeypatch, save)
    cli.ok(
        "volunteer", "edit", "funing-v9",
        "--skill", "welding:2", "--skill", "publicity:0", "--group", "夕阳红",
        "--unavailable", "mon:morning", "--cert", "welding:2027-06-30",
    )  # fmt: skip
    person = Store.open(cli.db).volunteer("funing-v9")
    assert person.skills == {"cleaning": 2, "painting": 1, "welding": 2}
    assert set(person.groups) == {"party-member", "youth-mentors", "夕阳红"}
    assert person.availability == ["wed:morning", "sat:morning", "sun:evening"]
    assert person.certs == {"welding": dt.date(2027, 6, 30)}
    assert person.phone == "139 1234 5678"


def test_volunteer_edit_refuses_a_volunteer_removed_meanwhile(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def save() -> None:
        store = other(cli)
        store.volunteers.delete(store.volunteer("funing-v9").id)

    saved_meanwhile(monkeypatch, save)
    result = cli.run("volunteer", "edit", "funing-v9", "--phone", "139 1234 5678")
    assert result.err == "taskboard: error: funing-v9 was removed meanwhile\n"
    assert Store.open(cli.db).volunteers.find("funing-v9", removed=True)["phone"] != (
        "139 1234 5678"
    )


def test_hours_done_marks_done_after_a_no_show_saved_meanwhile(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.ok("hours", "done", "funing-11", "刘佳怡")

    def save() -> None:
        cli.ok("hours", "no-show", "funing-11", "刘佳怡")

    saved_meanwhile(monkeypatch, save)
    assert cli.data("hours", "done", "funing-11", "刘佳怡")["state"] == "done"
    store = Store.open(cli.db)
    person = store.find_volunteer("刘佳怡")["id"]
    mine = store.assignments_of_task(store.tasks.find("funing-11")["id"])
    assert [doc["state"] for doc in mine if doc["volunteer"] == person] == ["done"]


def test_hours_log_refuses_an_assignment_removed_meanwhile(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    hours = len(list(Store.open(cli.db).hours.live()))

    def save() -> None:
        cli.ok("unassign", "funing-11", "刘佳怡")

    saved_meanwhile(monkeypatch, save)
    result = cli.run("hours", "log", "funing-11", "刘佳怡", "2")
    assert result.code == 1
    assert result.err == (
        "taskboard: error: the assignment was removed meanwhile; no hours were logged\n"
    )
    assert len(list(Store.open(cli.db).hours.live())) == hours


def test_demo_never_replaces_tasks_saved_meanwhile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = Cli(capsys, tmp_path / "board.json")
    cli.ok("init", "--site", "funing", "--name", "阜宁社区")

    def save() -> None:
        store = other(cli)
        store.tasks.create(Task(title="楼道清理", site="funing"))

    saved_meanwhile(monkeypatch, save)
    result = cli.run("demo")
    assert result.code == 1
    assert "already holds 1 task; add --force to replace it" in result.err
    assert [doc["title"] for doc in Store.open(cli.db).tasks.live()] == ["楼道清理"]


def test_second_init_at_the_same_moment_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = Cli(capsys, tmp_path / "board.json")

    def save() -> None:
        store = Store.open(cli.db, must_exist=False)
        store.initialise(Site(id="xingye", name="兴业社区"))

    saved_meanwhile(monkeypatch, save)
    result = cli.run("init", "--site", "funing", "--name", "阜宁社区")
    assert result.code == 1
    assert "already belongs to site 'xingye'; use another --db" in result.err
    assert Store.open(cli.db).site == "xingye"


def test_modify_hands_over_the_record_as_saved_by_another_process(store: Store) -> None:
    task = store.tasks.create(Task(title="楼道清理", site="funing", tags=["a"]))
    assert store.path is not None
    elsewhere = Store.open(store.path, who="王阿姨")
    elsewhere.tasks.update(task.id, {"tags": ["a", "b"]})
    seen: list[list[str]] = []

    def add_c(fresh: Task) -> dict[str, list[str]]:
        seen.append(fresh.tags)
        return {"tags": [*fresh.tags, "c"]}

    assert store.modify(Task, task.id, add_c).tags == ["a", "b", "c"]
    assert seen == [["a", "b"]]
    assert store.modify(Task, task.id, lambda _fresh: {}).tags == ["a", "b", "c"]
    assert len(store.history.of(task.id)) == 3


def test_modify_refuses_a_removed_record_and_saves_nothing_when_the_change_raises(
    store: Store,
) -> None:
    person = store.volunteers.create(Volunteer(name="王海涛", site="funing"))

    def refuse(_fresh: Volunteer) -> dict[str, str]:
        raise ValueError("no")

    with pytest.raises(ValueError):
        store.modify(Volunteer, person.id, refuse)
    store.volunteers.delete(person.id)
    with pytest.raises(NotFound, match="volunteer 'funing-v1' was removed"):
        store.modify(Volunteer, person.id, lambda _fresh: {"name": "王"})
    assert store.volunteers.docs()[person.id]["name"] == "王海涛"

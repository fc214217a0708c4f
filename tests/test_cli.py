"""The `taskboard` command line: every command, its JSON output and its error messages.

Most tests call `taskboard.cli.main` in-process; a few run the installed console
script and `python -m taskboard` to prove the entry points, exit codes and stderr.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_harness import Cli as HarnessCli
from cli_harness import folder_files

from taskboard.cli.output import cell_width
from taskboard.demo import story_dataset

SITE = "funing"
TASK_KEYS = {"id", "ref", "title", "kind", "status", "priority", "site", "place", "needs"}
ASSIGNMENT_KEYS = {"volunteer", "skill", "state", "hours"}
VOLUNTEER_KEYS = {"id", "ref", "name", "skills", "minor", "site", "groups", "active"}


class Cli(HarnessCli):
    """The shared harness plus shortcuts for the commands these tests use most."""

    def files(self) -> dict[str, bytes]:
        """Every file beside the data file, byte for byte."""
        return folder_files(self.db.parent)

    def add_task(self, *args: str) -> dict[str, Any]:
        options = args if "--title" in args else ("--title", "南区围墙除锈补焊", *args)
        created: dict[str, Any] = self.data("task", "add", *options)
        return created

    def add_volunteer(self, *args: str) -> dict[str, Any]:
        options = args if "--name" in args else ("--name", "李建国", *args)
        created: dict[str, Any] = self.data("volunteer", "add", *options)
        return created

    def refs(self, *args: str) -> list[str]:
        return [item["ref"] for item in self.data(*args)]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    """A CLI whose data file does not exist yet."""
    return Cli(capsys, tmp_path / "board.json")


@pytest.fixture
def board(cli: Cli) -> Cli:
    """A CLI on a fresh file of site funing, which also knows site jingshan."""
    cli.ok("init", "--site", SITE, "--name", "阜宁社区", "--coordinator", "李主任")
    cli.ok("site", "add", "jingshan", "--name", "景山社区")
    return cli


@pytest.fixture
def story(cli: Cli) -> Cli:
    """A CLI on the story's example data."""
    cli.ok("demo")
    return cli


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# Entry points, data file, output placement ------------------------------------------------------
def test_console_script_exit_codes_and_stderr(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("taskboard")
    db = tmp_path / "script.json"
    env = {**os.environ, "TASKBOARD_DB": str(db)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), *args], capture_output=True, text=True, env=env, timeout=60
        )

    created = run("init", "--site", SITE, "--name", "阜宁社区")
    assert created.returncode == 0, created.stderr
    assert f"Created {db} for site funing (阜宁社区)" in created.stdout
    added = run("--json", "task", "add", "--title", "凉亭座椅维修", "--need", "carpentry:1")
    assert added.returncode == 0
    assert json.loads(added.stdout)["ref"] == "funing-1"
    missing = run("task", "show", "funing-99")
    assert missing.returncode == 1
    assert missing.stdout == ""
    assert missing.stderr == "taskboard: error: no task 'funing-99'\n"


def test_python_dash_m_entry_point(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "taskboard", "--db", str(tmp_path / "m.json"), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("taskboard ")
    usage = run("task", "move", "funing-1", "finished")
    assert usage.returncode == 2
    assert usage.stdout == ""
    assert len(usage.stderr.splitlines()) == 1
    assert "argument STATUS: 'finished': expected one of suggested, open" in usage.stderr
    not_there = run("task", "list")
    assert not_there.returncode == 1
    assert "no taskboard data at" in not_there.stderr
    assert not (tmp_path / "m.json").exists()


def test_taskboard_db_env_var_and_db_option(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_env = tmp_path / "from-env.json"
    monkeypatch.setenv("TASKBOARD_DB", str(from_env))
    assert cli.run("init", "--site", SITE, "--name", "阜宁社区", db=False).code == 0
    assert from_env.exists()
    assert cli.run("task", "add", "--title", "环境变量里的任务", db=False).code == 0
    cli.ok("init", "--site", "jingshan", "--name", "景山社区")
    cli.ok("task", "add", "--title", "选项里的任务")

    listed = cli.run("--json", "task", "list", db=False)
    assert [t["title"] for t in listed.json()] == ["环境变量里的任务"]
    assert [t["title"] for t in cli.data("task", "list")] == ["选项里的任务"]
    after_command = cli.run("task", "list", "--json", "--db", str(cli.db), db=False)
    assert [t["site"] for t in after_command.json()] == ["jingshan"]


def test_json_before_or_after_the_command_is_the_same(story: Cli) -> None:
    before = story.ok("--json", "task", "list", "--status", "open").out
    after = story.ok("task", "list", "--status", "open", "--json").out
    assert before == after
    assert isinstance(json.loads(before), list)
    shown = story.ok("task", "show", "funing-1", "--json").json()
    assert isinstance(shown, dict)
    assert shown["ref"] == "funing-1"


def test_no_command_shows_the_board(story: Cli) -> None:
    out = story.ok().out
    assert out.splitlines()[0].split()[:3] == ["Ref", "Status", "Priority"]
    assert "funing-1" in out


def test_command_on_a_missing_file_says_how_to_create_it(cli: Cli) -> None:
    message = cli.fails("task", "list")
    assert message == (
        f"taskboard: error: no taskboard data at {cli.db}: create it with"
        " `taskboard init --site ID --name NAME` or `taskboard demo`"
    )
    assert not cli.db.exists()


def test_usage_errors_are_one_line_with_exit_code_2(board: Cli) -> None:
    message = board.fails("task", "add", code=2)
    assert "the following arguments are required: --title" in message
    assert "see taskboard task add --help" in message
    assert "'sometimes': expected one of renovation, service, event, visits" in board.fails(
        "task", "list", "--kind", "sometimes", code=2
    )
    assert "--lang" in board.fails("--lang", "fr", "task", "list", code=2)


# init ------------------------------------------------------------------------------------------
def test_init_creates_a_file_for_one_site(cli: Cli) -> None:
    made = cli.data("init", "--site", SITE, "--name", "阜宁社区", "--coordinator", "李主任")
    assert made == {"path": str(cli.db), "site": SITE, "name": "阜宁社区"}
    assert cli.data("task", "list") == []
    assert [site["id"] for site in cli.data("site", "list")] == [SITE]
    assert "welding" in {skill["key"] for skill in cli.data("skill", "list")}


def test_init_refuses_a_second_site_and_bad_ids(board: Cli, tmp_path: Path) -> None:
    again = board.fails("init", "--site", "jingshan", "--name", "景山社区")
    assert again == (
        f"taskboard: error: {board.db} already belongs to site 'funing';"
        " use another --db for a new site"
    )
    fresh = Cli(board.capsys, tmp_path / "other.json")
    message = fresh.fails("init", "--site", "Fu Ning", "--name", "阜宁社区")
    assert message.startswith("taskboard: error: id: must be a short lower-case key")
    assert "'Fu Ning'" in message
    assert not fresh.db.exists()
    assert "--name" in fresh.fails("init", "--site", SITE, code=2)


# demo and backups ------------------------------------------------------------------------------
def test_demo_loads_the_story_and_refuses_to_overwrite(cli: Cli, today: dt.date) -> None:
    expected = story_dataset(today)
    loaded = cli.data("demo")
    assert loaded["size"] == "story"
    assert (loaded["tasks"], loaded["volunteers"]) == (
        len(expected.tasks),
        len(expected.volunteers),
    )
    message = cli.fails("demo")
    assert message == (
        f"taskboard: error: {cli.db} already holds {len(expected.tasks)} tasks;"
        " add --force to replace them (a backup is kept)"
    )


def test_demo_force_replaces_and_keeps_a_backup_that_restores(board: Cli) -> None:
    board.add_task("--title", "我自己的任务")
    assert "already holds 1 task; add --force to replace it (a backup" in board.fails("demo")
    text = board.ok("demo", "--force").out
    assert text.startswith("Loaded the story example:")
    titles = {t["title"] for t in board.data("task", "list", "--all")}
    assert "我自己的任务" not in titles
    assert len(titles) > 10

    backups = board.data("backup", "list")
    mine = [b for b in backups if (b["tasks"], b["volunteers"]) == (1, 0)]
    assert len(mine) == 1
    restored = board.data("backup", "restore", mine[0]["name"])
    assert restored["restored"] == mine[0]["name"]
    assert [t["title"] for t in board.data("task", "list")] == ["我自己的任务"]

    undo = board.ok("backup", "restore", restored["backup_of_previous"]).out
    assert undo.startswith(f"Restored backup {restored['backup_of_previous']};")
    assert {t["title"] for t in board.data("task", "list", "--all")} == titles


def test_backup_list_when_empty_and_unknown_backup(cli: Cli) -> None:
    cli.ok("init", "--site", SITE, "--name", "阜宁社区")
    assert cli.ok("backup", "list").out == "No backups yet.\n"
    assert cli.data("backup", "list") == []
    cli.add_task()
    listed = cli.ok("backup", "list").out.splitlines()
    assert listed[0].split() == ["Backup", "Taken", "Size", "Tasks", "Volunteers"]
    name = cli.data("backup", "list")[0]["name"]
    message = cli.fails("backup", "restore", "20200101-000000")
    assert message == f"taskboard: error: no backup named '20200101-000000' (backups: {name})"


# sites and skills ------------------------------------------------------------------------------
def test_site_add_and_list(board: Cli) -> None:
    added = board.data(
        "site",
        "add",
        "xingye",
        "--name",
        "兴业社区",
        "--street",
        "翠香街道",
        "--district",
        "香洲区",
    )
    assert added == {
        "id": "xingye",
        "name": "兴业社区",
        "street": "翠香街道",
        "district": "香洲区",
        "coordinator": None,
        "phone": None,
        "funds": [],
    }
    assert [site["id"] for site in board.data("site", "list")] == [SITE, "jingshan", "xingye"]
    rows = board.ok("site", "list").out.splitlines()
    assert rows[3].split() == ["xingye", "兴业社区", "翠香街道", "香洲区"]
    assert board.add_task("--site", "xingye")["site"] == "xingye"


def test_site_add_errors(board: Cli) -> None:
    assert board.fails("site", "add", "jingshan", "--name", "景山") == (
        "taskboard: error: site jingshan already exists"
    )
    message = board.fails("site", "add", "Xing Ye", "--name", "兴业社区")
    assert message.startswith("taskboard: error: id: must be a short lower-case key")
    assert "--name" in board.fails("site", "add", "xingye", code=2)


def test_skill_add_and_list(board: Cli) -> None:
    added = board.data(
        "skill", "add", "plumbing", "--en", "plumbing", "--zh", "水管维修", "--adult-only", "--cert"
    )
    assert added["key"] == "plumbing"
    assert (added["adult_only"], added["needs_cert"]) == (True, True)
    listed = {skill["key"]: skill for skill in board.data("skill", "list")}
    assert listed["plumbing"]["label_zh"] == "水管维修"
    assert listed["welding"]["adult_only"] is True
    assert "水管维修" in board.ok("skill", "list").out
    assert board.ok("skill", "list").out.split()[:2] == ["Skill", "Label"]
    assert board.ok("--lang", "zh", "skill", "list").out.split()[:2] == ["技能", "名称"]
    task = board.add_task("--need", "plumbing:1:2")
    assert task["needs"] == [{"skill": "plumbing", "count": 1, "min_level": 2}]
    message = board.fails("volunteer", "add", "--name", "小明", "--minor", "--skill", "plumbing:1")
    assert message == "taskboard: error: 小明: minor: plumbing is adult-only"


def test_skill_add_errors(board: Cli) -> None:
    assert (
        board.fails("skill", "add", "welding") == "taskboard: error: skill welding already exists"
    )
    message = board.fails("skill", "add", "Pipe Work")
    assert message.startswith("taskboard: error: key: must be a short lower-case key")


# task add ------------------------------------------------------------------------------------
def test_task_add_with_every_option(board: Cli) -> None:
    task = board.add_task(
        "--title", "岳城社区 绘本故事会",
        "--kind", "service",
        "--site", "jingshan",
        "--place", "社区图书室",
        "--need", "storytelling:2:2",
        "--need", "Publicity:1",
        "--priority", "high",
        "--start", "2026-12-05T15:00",
        "--end", "2026-12-05 17:00",
        "--due", "2026-12-05",
        "--hours", "2.5",
        "--tag", "children",
        "--tag", "reading",
        "--description", "为30多名孩子讲绘本故事",
    )  # fmt: skip
    assert task.keys() >= TASK_KEYS
    assert task["ref"] == "funing-1"
    assert (task["kind"], task["site"], task["place"]) == ("service", "jingshan", "社区图书室")
    assert task["needs"] == [
        {"skill": "publicity", "count": 1, "min_level": 1},
        {"skill": "storytelling", "count": 2, "min_level": 2},
    ]  # in skill order, as every site stores them
    assert (task["priority"], task["status"]) == ("high", "open")
    assert (task["start"], task["end"], task["due"]) == (
        "2026-12-05T15:00:00",
        "2026-12-05T17:00:00",
        "2026-12-05",
    )
    assert task["hours"] == 2.5
    assert task["tags"] == ["children", "reading"]
    assert task["description"] == "为30多名孩子讲绘本故事"
    assert task["assignments"] == []


def test_task_add_text_output_and_defaults(board: Cli) -> None:
    out = board.ok("task", "add", "--title", "清理天台杂物").out
    assert out == "Created task funing-1: 清理天台杂物\n"
    task = board.data("task", "show", "funing-1")
    assert (task["site"], task["kind"], task["priority"], task["status"]) == (
        SITE,
        "renovation",
        "normal",
        "open",
    )
    assert board.add_task("--status", "suggested")["status"] == "suggested"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--need", "welding"], "--need 'welding': expected SKILL:COUNT[:MINLEVEL]"),
        (["--need", "welding:2:2:2"], "--need 'welding:2:2:2': expected SKILL:COUNT[:MINLEVEL]"),
        (["--need", ":2"], "--need ':2': expected SKILL:COUNT[:MINLEVEL]"),
        (["--need", "welding:two"], "--need 'welding:two': COUNT must be a whole number"),
        (["--need", "welding:1:high"], "--need 'welding:1:high': MINLEVEL must be a whole number"),
        (["--need", "welding:0"], "--need 'welding:0': COUNT must be at least 1"),
        (["--need", "welding:1:4"], "needs.0.min_level: input should be less than or equal to 3"),
        (["--need", "welding:-1"], "needs.0.count: input should be greater than or equal to 1"),
        (["--need", "weldin:1"], "unknown skill 'weldin' (known: carpentry (木工), cctv"),
        (["--site", "nowhere"], "unknown site 'nowhere' (known: funing (阜宁社区), jingshan ("),
        (["--site", "Bad Site"], "unknown site 'Bad Site' (known: funing (阜宁社区)"),
        (["--due", "2026-13-01"], "--due '2026-13-01': expected a date like 2026-12-05"),
        (["--due", "next week"], "--due 'next week': expected a date like 2026-12-05"),
        (["--start", "tomorrow"], "--start 'tomorrow': expected a date and time"),
        (
            ["--start", "2026-12-05T10:00", "--end", "2026-12-05T09:00"],
            "end (2026-12-05 09:00:00) must be after start (2026-12-05 10:00:00)",
        ),
        (["--end", "2026-12-05T09:00"], "a schedule window needs"),
        (["--hours", "0"], "--hours '0': must be more than 0"),
        (["--hours", "a few"], "--hours 'a few': expected a number"),
        (["--tag", "Bad Tag"], "tags.0: must be one word: lower-case letters, digits"),
        (["--title", ""], "title: must not be empty"),
        (["--title", "x" * 121], "title: string should have at most 120 characters"),
    ],
)
def test_task_add_bad_input(board: Cli, args: list[str], expected: str) -> None:
    options = args if "--title" in args else ["--title", "围墙", *args]
    message = board.fails("task", "add", *options)
    assert message.startswith("taskboard: error: ")
    assert expected in message
    assert board.data("task", "list") == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--kind", "party"], "argument --kind: 'party': expected one of renovation"),
        (["--priority", "asap"], "argument --priority: 'asap': expected one of low, normal"),
        (["--status", "waiting"], "argument --status: 'waiting': expected one of suggested"),
        (["--colour", "red"], "unrecognized arguments: --colour red"),
    ],
)
def test_task_add_usage_errors(board: Cli, args: list[str], expected: str) -> None:
    assert expected in board.fails("task", "add", "--title", "围墙", *args, code=2)


# task list ------------------------------------------------------------------------------------
@pytest.fixture
def tasks(board: Cli) -> Cli:
    """funing-1 welding at funing; funing-2 storytelling at jingshan; funing-3 archived."""
    board.add_task("--need", "welding:2:2", "--need", "cleaning:1", "--tag", "fence")
    board.add_task(
        "--title", "绘本故事会", "--kind", "service", "--site", "jingshan",
        "--place", "社区图书室", "--need", "storytelling:2", "--priority", "high",
    )  # fmt: skip
    board.add_task("--title", "旧任务", "--status", "archived")
    return board


def test_task_list_filters(tasks: Cli) -> None:
    assert tasks.refs("task", "list") == ["funing-1", "funing-2"]
    assert tasks.refs("task", "list", "--all") == ["funing-1", "funing-2", "funing-3"]
    assert tasks.refs("task", "list", "--status", "archived") == ["funing-3"]
    assert tasks.refs("task", "list", "--status", "open", "--status", "archived") == [
        "funing-1",
        "funing-2",
        "funing-3",
    ]
    assert tasks.refs("task", "list", "--skill", "welding") == ["funing-1"]
    assert tasks.refs("task", "list", "--site", "jingshan") == ["funing-2"]
    assert tasks.refs("task", "list", "--kind", "service") == ["funing-2"]
    assert tasks.refs("task", "list", "--text", "图书室") == ["funing-2"]
    assert tasks.refs("task", "list", "--text", "FENCE") == ["funing-1"]
    assert tasks.refs("task", "list", "--text", "FUNING-2") == ["funing-2"]
    assert tasks.refs("task", "list", "--skill", "welding", "--site", "jingshan") == []
    assert tasks.ok("task", "list", "--kind", "event").out == "No tasks match.\n"


def test_task_list_text_table(tasks: Cli) -> None:
    lines = tasks.ok("task", "list").out.splitlines()
    assert lines[0].split() == [
        "Ref", "Status", "Priority", "Kind", "Date", "Title", "Site", "Needs", "Progress"
    ]  # fmt: skip
    assert lines[1].split()[:5] == ["funing-1", "open", "normal", "renovation", "-"]
    assert "cleaning 0/1 · welding 0/2" in lines[1]
    assert "绘本故事会" in lines[2]


def test_task_list_json_keys(story: Cli) -> None:
    listed = story.data("task", "list")
    assert listed
    for item in listed:
        assert TASK_KEYS | {"assignments"} <= item.keys()
        for need in item["needs"]:
            assert set(need) == {"skill", "count", "min_level"}
        for assignment in item["assignments"]:
            assert assignment.keys() >= ASSIGNMENT_KEYS
    people = {v["id"] for v in story.data("volunteer", "list", "--all")}
    assigned = [a for item in listed for a in item["assignments"]]
    assert assigned
    assert {a["volunteer"] for a in assigned} <= people
    assert any(a["hours"] > 0 for a in assigned)
    assert all(not key.startswith("_") and key != "deleted" for key in listed[0])


def test_chinese_labels_with_lang_zh(tasks: Cli) -> None:
    out = tasks.ok("--lang", "zh", "task", "list").out
    header = out.splitlines()[0].split()
    assert header[:2] == ["编号", "状态"]
    assert "待认领" in out
    assert "电焊 0/2" in out
    shown = tasks.ok("--lang", "zh", "task", "show", "funing-1").out
    assert "状态: 待认领" in shown
    assert "所需技能: 清洁 0/1 · 电焊 0/2" in shown
    people = tasks.ok("--lang", "zh", "volunteer", "list").out
    assert people == "没有符合条件的志愿者。\n"
    message = tasks.fails("--lang", "zh", "task", "show", "funing-9")
    assert message == "taskboard: 错误: 没有任务 'funing-9'"


def test_wide_characters_keep_columns_aligned(tasks: Cli) -> None:
    header, *rows = tasks.ok("task", "list").out.splitlines()
    site_at = cell_width(header[: header.index("Site")])
    for row, site in zip(rows, ["funing", "jingshan"], strict=True):
        assert cell_width(row[: row.index(f" {site} ") + 1]) == site_at


# task show / edit / move / rm / restore --------------------------------------------------------
def test_task_show_text_and_json(story: Cli) -> None:
    out = story.ok("task", "show", "funing-1").out
    lines = out.splitlines()
    assert lines[0].startswith("funing-1  ")
    assert any(line.strip().startswith("Status: ") for line in lines)
    assert "Site: funing (阜宁社区)" in out
    data = story.data("task", "show", "funing-1")
    assert TASK_KEYS | {"assignments", "history"} <= data.keys()
    by_id = story.data("task", "show", data["id"])
    assert by_id["ref"] == "funing-1"
    assert story.data("task", "show", "FUNING-1")["id"] == data["id"]


def test_task_show_unknown_ref(board: Cli) -> None:
    assert board.fails("task", "show", "funing-7") == "taskboard: error: no task 'funing-7'"
    assert "REF" in board.fails("task", "show", code=2)


def test_task_edit_changes_only_given_fields(tasks: Cli) -> None:
    before = tasks.data("task", "show", "funing-1")
    edited = tasks.data(
        "task", "edit", "funing-1",
        "--title", "南区围墙补焊(二期)",
        "--need", "welding:0",
        "--need", "painting:3:2",
        "--need", "cleaning:2",
        "--due", "2026-12-20",
        "--tag", "phase-2",
        "--untag", "fence",
    )  # fmt: skip
    assert edited["title"] == "南区围墙补焊(二期)"
    assert edited["needs"] == [
        {"skill": "cleaning", "count": 2, "min_level": 1},
        {"skill": "painting", "count": 3, "min_level": 2},
    ]
    assert edited["due"] == "2026-12-20"
    assert edited["tags"] == ["phase-2"]
    assert (edited["id"], edited["ref"], edited["site"]) == (
        before["id"],
        before["ref"],
        before["site"],
    )
    cleared = tasks.data("task", "edit", "funing-1", "--due", "none")
    assert cleared["due"] is None
    assert tasks.ok("task", "edit", "funing-1", "--priority", "urgent").out == (
        "Updated task funing-1\n"
    )


def test_task_edit_errors(tasks: Cli) -> None:
    assert tasks.fails("task", "edit", "funing-1") == (
        "taskboard: error: task edit: give at least one field to change (see --help)"
    )
    assert tasks.fails("task", "edit", "funing-9", "--title", "x") == (
        "taskboard: error: no task 'funing-9'"
    )
    tasks.ok("task", "edit", "funing-1", "--start", "2026-12-05T09:00", "--end", "2026-12-05T11:00")
    message = tasks.fails("task", "edit", "funing-1", "--end", "2026-12-05T08:00")
    assert "end (2026-12-05 08:00:00) must be after start (2026-12-05 09:00:00)" in message
    assert "unknown site 'xiangzhou'" in tasks.fails(
        "task", "edit", "funing-1", "--site", "xiangzhou"
    )
    assert "unknown skill 'weldin'" in tasks.fails("task", "edit", "funing-1", "--need", "weldin:1")
    assert "--due 'someday'" in tasks.fails("task", "edit", "funing-1", "--due", "someday")


def test_task_move(tasks: Cli) -> None:
    moved = tasks.data("task", "move", "funing-1", "staffed")
    assert moved["status"] == "staffed"
    assert tasks.refs("task", "list", "--status", "staffed") == ["funing-1"]
    assert tasks.ok("task", "move", "funing-2", "in_progress").out == (
        "Moved funing-2 to in_progress\n"
    )
    assert tasks.ok("--lang", "zh", "task", "move", "funing-2", "done").out == (
        "已将 funing-2 移到「已完成」\n"
    )
    message = tasks.fails("task", "move", "funing-1", "finished", code=2)
    assert "argument STATUS: 'finished': expected one of suggested" in message
    assert tasks.fails("task", "move", "funing-9", "done") == "taskboard: error: no task 'funing-9'"


def test_task_rm_says_how_to_undo_and_restore_brings_it_back(tasks: Cli) -> None:
    out = tasks.ok("task", "rm", "funing-1").out
    assert out == "Removed task funing-1. Undo with: taskboard task restore funing-1\n"
    assert tasks.refs("task", "list", "--all") == ["funing-2", "funing-3"]
    assert (
        tasks.fails("task", "show", "funing-1") == "taskboard: error: task 'funing-1' was removed"
    )
    assert tasks.fails("task", "rm", "funing-1") == "taskboard: error: task 'funing-1' was removed"
    restored = tasks.data("task", "restore", "funing-1")
    assert restored["deleted"] is False
    assert tasks.refs("task", "list") == ["funing-1", "funing-2"]
    removed = tasks.data("task", "rm", "funing-2")
    assert removed == {"id": removed["id"], "ref": "funing-2", "deleted": True}
    assert tasks.ok("task", "restore", removed["id"]).out == "Restored task funing-2\n"
    assert tasks.fails("task", "restore", "funing-9") == "taskboard: error: no task 'funing-9'"
    assert tasks.fails("task", "rm", "funing-9") == "taskboard: error: no task 'funing-9'"


# task check / history -------------------------------------------------------------------------
def test_task_check_counts_attempts_on_retry(board: Cli) -> None:
    board.add_task(
        "--title", "人口普查入户登记", "--kind", "visits", "--item", "3栋101", "--item", "3栋102"
    )
    first = board.data("task", "check", "funing-1", "1", "--state", "retry", "--note", "不在家")
    assert first["attempts"] == 1
    assert (first["state"], first["note"], first["text"]) == ("retry", "不在家", "3栋101")
    assert board.data("task", "check", "funing-1", "3栋101", "--state", "retry")["attempts"] == 2
    assert board.ok("task", "check", "funing-1", "1").out == ("funing-1: item 3栋101 is now done\n")
    skipped = board.data("task", "check", "funing-1", "2", "--state", "skipped")
    assert (skipped["state"], skipped["attempts"]) == ("skipped", 0)

    checklist = board.data("task", "show", "funing-1")["checklist"]
    assert [(i["text"], i["state"], i["attempts"]) for i in checklist] == [
        ("3栋101", "done", 3),
        ("3栋102", "skipped", 0),
    ]
    shown = board.ok("task", "show", "funing-1").out.splitlines()
    item = next(line for line in shown if "3栋101" in line)
    assert item.strip().startswith("1. [done] 3栋101")
    assert "3" in item.replace("3栋101", "")
    assert item.endswith("(attempts: 3)")  # done cleared the "not home" note
    assert board.data("task", "check", "funing-1", "1", "--state", "todo")["attempts"] == 3


def test_task_check_errors(board: Cli) -> None:
    board.add_task("--item", "除锈", "--item", "补焊")
    board.add_task("--title", "没有清单的任务")
    assert board.fails("task", "check", "funing-1", "3") == (
        "taskboard: error: task funing-1 has no checklist item '3'"
        " (give a number 1–2 or the exact text)"
    )
    assert board.fails("task", "check", "funing-1", "刷漆") == (
        "taskboard: error: task funing-1 has no checklist item '刷漆'"
        " (give a number 1–2 or the exact text)"
    )
    assert board.fails("task", "check", "funing-2", "1") == (
        "taskboard: error: task funing-2 has no checklist; add items with `task edit --item TEXT`"
    )
    message = board.fails("task", "check", "funing-1", "1", "--state", "maybe", code=2)
    assert "argument --state: 'maybe': expected one of" in message
    assert board.fails("task", "check", "funing-9", "1") == "taskboard: error: no task 'funing-9'"


def test_task_history_says_who_where_and_what(board: Cli) -> None:
    board.add_task("--item", "3栋101")
    board.ok("task", "move", "funing-1", "staffed")
    board.ok("--who", "王主任", "task", "edit", "funing-1", "--title", "南区围墙补焊")
    board.ok("task", "check", "funing-1", "1", "--state", "retry", "--note", "不在家")

    lines = board.ok("task", "history", "funing-1").out.splitlines()
    assert lines[0].split() == ["When", "Site", "Who", "Action", "Changes"]
    rows = [line.split(maxsplit=5) for line in lines[1:]]
    assert [(r[2], r[3], r[4]) for r in rows] == [
        (SITE, "李主任", "created"),
        (SITE, "李主任", "moved"),
        (SITE, "王主任", "edited"),
        (SITE, "李主任", "checked"),
        (SITE, "李主任", "visited"),
    ]
    assert rows[4][5] == "3栋101: not home — 李主任, 2026-11-25"  # who went: the coordinator
    assert rows[1][5] == "moved to Staffed"
    assert "Title: 南区围墙除锈补焊 → 南区围墙补焊" in rows[2][5]
    assert rows[3][5] == "3栋101: not home (attempt 1), note: 不在家"

    entries = board.data("task", "history", "funing-1")
    assert [e["action"] for e in entries] == ["created", "moved", "edited", "checked"]
    assert entries[1]["changes"]["status"] == ["open", "staffed"]
    assert {e["site"] for e in entries} == {SITE}
    assert entries[2]["who"] == "王主任"
    assert "操作人" in board.ok("--lang", "zh", "task", "history", "funing-1").out
    assert board.fails("task", "history", "funing-9") == "taskboard: error: no task 'funing-9'"


# volunteers -------------------------------------------------------------------------------------
def test_volunteer_add_with_every_option(board: Cli) -> None:
    person = board.add_volunteer(
        "--name", "李建国",
        "--phone", "138 0013 8000",
        "--skill", "welding:3",
        "--skill", "painting",
        "--cert", "welding:2027-06-30",
        "--group", "party-member",
        "--group", "military-spouse-association",
        "--site", "jingshan",
        "--available", "sat:morning",
        "--available", "weekend:afternoon",
        "--away", "2026-12-01:2026-12-10",
        "--max-hours", "8",
        "--consent",
        "--notes", "会开车",
    )  # fmt: skip
    assert person.keys() >= VOLUNTEER_KEYS
    assert person["ref"] == "funing-v1"
    assert person["skills"] == {"welding": 3, "painting": 1}
    assert person["certs"] == {"welding": "2027-06-30"}
    assert person["groups"] == ["military-spouse-association", "party-member"]
    assert person["availability"] == ["sat:morning", "sat:afternoon", "sun:afternoon"]
    assert person["away"] == [{"start": "2026-12-01", "end": "2026-12-10"}]
    assert (person["site"], person["max_hours"], person["minor"]) == ("jingshan", 8.0, False)
    assert (person["consent"], person["active"], person["phone"]) == (True, True, "138 0013 8000")
    assert board.ok("volunteer", "add", "--name", "王小红", "--minor").out == (
        "Added volunteer funing-v2: 王小红\n"
    )
    assert board.data("volunteer", "show", "王小红")["site"] == SITE


def test_groups_and_tags_may_be_chinese_and_known_groups_keep_their_key(board: Cli) -> None:
    person = board.add_volunteer("--group", "党员", "--group", "舞龙队", "--group", "youth")
    assert person["groups"] == ["party-member", "youth", "舞龙队"]
    edited = board.data("volunteer", "edit", "funing-v1", "--ungroup", "青少年")
    assert edited["groups"] == ["party-member", "舞龙队"]
    shown = board.ok("--lang", "zh", "volunteer", "show", "funing-v1").out
    assert "党员, 舞龙队" in shown
    assert "party-member" not in shown
    task = board.add_task("--tag", "围墙", "--tag", "fence", "--group", "军嫂协会")
    assert task["tags"] == ["fence", "围墙"]
    assert task["prefer_group"] == "military-spouse-association"
    assert [found["ref"] for found in board.data("task", "list", "--text", "围墙")] == [task["ref"]]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--phone", "abc"], "phone: phone 'abc' must be digits, spaces or dashes"),
        (["--phone", "12"], "phone: phone '12' must be digits"),
        (["--skill", "painting:4"], "skills.painting: input should be less than or equal to 3"),
        (["--skill", "painting:0"], "--skill 'painting:0': LEVEL must be 1–3"),
        (["--skill", "painting:x"], "--skill 'painting:x': LEVEL must be a whole number"),
        (["--skill", ":2"], "--skill ':2': expected SKILL:LEVEL"),
        (["--skill", "weldin:1"], "unknown skill 'weldin' (known: carpentry"),
        (["--cert", "weldin:2027-01-01"], "unknown skill 'weldin'"),
        (["--minor", "--skill", "welding:1"], "小明: minor: welding is adult-only"),
        (["--minor", "--skill", "electrical:2"], "小明: minor: electrical is adult-only"),
        (["--available", "sat:noon"], "--available 'sat:noon': expected DAY:PART"),
        (["--available", "someday:all"], "--available 'someday:all': expected DAY:PART"),
        (["--away", "2026-12-10:2026-12-01"], "away.0: away period ends (2026-12-01) before"),
        (["--away", "2026-12-10"], "--away '2026-12-10': expected FROM:TO"),
        (["--away", "2026-12-01:soon"], "--away 'soon': expected a date like 2026-12-05"),
        (["--max-hours", "100"], "max_hours: input should be less than or equal to 80"),
        (["--max-hours", "0"], "--max-hours '0': must be more than 0"),
        (["--cert", "welding"], "--cert 'welding': expected SKILL:EXPIRY"),
        (["--cert", "welding:2026-02-30"], "--cert '2026-02-30': expected a date"),
        (["--site", "nowhere"], "unknown site 'nowhere' (known: funing (阜宁社区), jingshan ("),
        (["--group", "党员 协会"], "groups.0: must be one word: lower-case letters, digits"),
        (["--name", ""], "name: must not be empty"),
    ],
)
def test_volunteer_add_bad_input(board: Cli, args: list[str], expected: str) -> None:
    options = args if "--name" in args else ["--name", "小明", *args]
    message = board.fails("volunteer", "add", *options)
    assert message.startswith("taskboard: error: ")
    assert expected in message
    assert board.data("volunteer", "list", "--all") == []


def test_volunteer_add_usage_errors(board: Cli) -> None:
    assert "--name" in board.fails("volunteer", "add", "--phone", "13800138000", code=2)
    assert "not allowed with argument" in board.fails(
        "volunteer", "add", "--name", "小明", "--minor", "--adult", code=2
    )


@pytest.fixture
def roster(board: Cli) -> Cli:
    """v1 李建国 (welder, funing), v2 张伟 (painter, jingshan), v3 张伟 (minor, youth)."""
    board.add_volunteer(
        "--phone", "13800138000", "--skill", "welding:3", "--group", "party-member",
        "--cert", "welding:2027-06-30",
    )  # fmt: skip
    board.add_volunteer("--name", "张伟", "--skill", "painting:2", "--site", "jingshan")
    board.add_volunteer("--name", "张伟", "--minor", "--skill", "painting:1", "--group", "youth")
    return board


def test_volunteer_list_filters_and_json_keys(roster: Cli) -> None:
    listed = roster.data("volunteer", "list")
    assert [v["ref"] for v in listed] == ["funing-v1", "funing-v3", "funing-v2"]
    for person in listed:
        assert person.keys() >= VOLUNTEER_KEYS
        assert all(not key.startswith("_") and key != "deleted" for key in person)
    assert roster.refs("volunteer", "list", "--skill", "painting") == ["funing-v3", "funing-v2"]
    assert roster.refs("volunteer", "list", "--site", "jingshan") == ["funing-v2"]
    assert roster.refs("volunteer", "list", "--group", "youth") == ["funing-v3"]
    assert roster.refs("volunteer", "list", "--skill", "welding", "--group", "youth") == []
    lines = roster.ok("volunteer", "list").out.splitlines()
    assert lines[0].split() == ["Ref", "Name", "Site", "Skills", "Groups", "Minor"]
    assert lines[2].split() == ["funing-v3", "张伟", "funing", "painting", "1", "youth", "yes"]
    assert roster.ok("volunteer", "list", "--skill", "cctv").out == "No volunteers match.\n"


def test_volunteer_show_by_ref_id_name_and_phone(roster: Cli) -> None:
    person = roster.data("volunteer", "show", "funing-v1")
    assert person["name"] == "李建国"
    assert person["assignments"] == []
    assert roster.data("volunteer", "show", person["id"])["ref"] == "funing-v1"
    assert roster.data("volunteer", "show", "李建国")["ref"] == "funing-v1"
    assert roster.data("volunteer", "show", "13800138000")["ref"] == "funing-v1"
    out = roster.ok("volunteer", "show", "funing-v1").out
    assert out.splitlines()[0] == "funing-v1  李建国"
    assert "  Certifications: welding → 2027-06-30" in out
    assert "  Minor: no" in out
    assert "电话: 13800138000" in roster.ok("--lang", "zh", "volunteer", "show", "funing-v1").out


def test_volunteer_with_assignments_shows_them(story: Cli) -> None:
    tasks = story.data("task", "list")
    assignment = next(a for t in tasks for a in t["assignments"])
    person = story.data("volunteer", "show", assignment["volunteer"])
    assert assignment["id"] in {a["id"] for a in person["assignments"]}
    assert "Assignments:" in story.ok("volunteer", "show", person["ref"]).out


def test_volunteer_found_by_phone_as_shown(board: Cli) -> None:
    board.add_volunteer("--phone", "138 0013 8000")
    assert board.data("volunteer", "show", "138 0013 8000")["ref"] == "funing-v1"


def test_ambiguous_name_lists_every_match(roster: Cli) -> None:
    expected = (
        "taskboard: error: 2 volunteers are called '张伟':"
        " funing-v2 (jingshan), funing-v3 (funing); use a reference"
    )
    assert roster.fails("volunteer", "show", "张伟") == expected
    assert roster.fails("volunteer", "edit", "张伟", "--notes", "x") == expected
    assert roster.fails("volunteer", "rm", "张伟") == expected
    assert roster.fails("volunteer", "show", "王五") == (
        "taskboard: error: no volunteer '王五' (try a reference like funing-v3, a name or a phone)"
    )


def test_volunteer_edit(roster: Cli) -> None:
    edited = roster.data(
        "volunteer", "edit", "李建国",
        "--phone", "139-0000-1111",
        "--skill", "painting:2",
        "--skill", "welding:0",
        "--cert", "welding:none",
        "--group", "youth",
        "--ungroup", "party-member",
        "--available", "sun:all",
        "--away", "2026-12-24:2026-12-26",
        "--max-hours", "6",
        "--inactive",
    )  # fmt: skip
    assert edited["ref"] == "funing-v1"
    assert edited["phone"] == "139-0000-1111"
    assert edited["skills"] == {"painting": 2}
    assert edited["certs"] == {}
    assert edited["groups"] == ["youth"]
    assert edited["availability"] == ["sun:morning", "sun:afternoon", "sun:evening"]
    assert edited["away"] == [{"start": "2026-12-24", "end": "2026-12-26"}]
    assert (edited["max_hours"], edited["active"]) == (6.0, False)
    assert "funing-v1" not in roster.refs("volunteer", "list")
    assert "funing-v1" in roster.refs("volunteer", "list", "--all")
    cleared = roster.data(
        "volunteer", "edit", "funing-v1", "--phone", "none", "--max-hours", "none", "--clear-away"
    )
    assert (cleared["phone"], cleared["max_hours"], cleared["away"]) == (None, None, [])
    assert roster.ok("volunteer", "edit", "funing-v1", "--active").out == (
        "Updated volunteer funing-v1\n"
    )


def test_volunteer_edit_errors(roster: Cli) -> None:
    assert roster.fails("volunteer", "edit", "funing-v1") == (
        "taskboard: error: volunteer edit: give at least one field to change (see --help)"
    )
    assert roster.fails("volunteer", "edit", "funing-v1", "--minor") == (
        "taskboard: error: 李建国: minor: welding is adult-only"
    )
    assert roster.fails("volunteer", "edit", "funing-v3", "--skill", "welding:1") == (
        "taskboard: error: 张伟: minor: welding is adult-only"
    )
    message = roster.fails("volunteer", "edit", "funing-v1", "--phone", "call me")
    assert "phone 'call me' must be digits, spaces or dashes" in message
    assert "--unavailable 'sat:noon'" in roster.fails(
        "volunteer", "edit", "funing-v1", "--unavailable", "sat:noon"
    )
    assert roster.fails("volunteer", "edit", "funing-v9", "--notes", "x").startswith(
        "taskboard: error: no volunteer 'funing-v9'"
    )


def test_volunteer_rm_and_restore(roster: Cli) -> None:
    out = roster.ok("volunteer", "rm", "李建国").out
    assert out == "Removed volunteer funing-v1. Undo with: taskboard volunteer restore funing-v1\n"
    assert "funing-v1" not in roster.refs("volunteer", "list", "--all")
    removed = (
        "taskboard: error: volunteer {!r} was removed;"
        " undo with: taskboard volunteer restore funing-v1"
    )
    assert roster.fails("volunteer", "show", "funing-v1") == removed.format("funing-v1")
    assert roster.fails("volunteer", "edit", "李建国", "--notes", "x") == removed.format("李建国")
    assert roster.fails("volunteer", "rm", "13800138000") == removed.format("13800138000")
    assert roster.ok("volunteer", "restore", "funing-v1").out == "Restored volunteer funing-v1\n"
    assert "funing-v1" in roster.refs("volunteer", "list")

    roster.ok("volunteer", "rm", "13800138000")
    restored = roster.data("volunteer", "restore", "李建国")
    assert restored == {"id": restored["id"], "ref": "funing-v1", "deleted": False}
    roster.ok("volunteer", "rm", "funing-v2")
    roster.ok("volunteer", "rm", "funing-v3")
    assert roster.fails("volunteer", "restore", "张伟") == (
        "taskboard: error: 2 removed volunteers are called '张伟':"
        " funing-v2 (jingshan), funing-v3 (funing); use a reference"
    )
    assert roster.fails("volunteer", "restore", "王五").startswith(
        "taskboard: error: no volunteer '王五'"
    )


# roster CSV ------------------------------------------------------------------------------------
def test_export_opens_cleanly_in_a_spreadsheet(roster: Cli, tmp_path: Path) -> None:
    target = tmp_path / "roster.csv"
    assert roster.ok("volunteer", "export", str(target)).out == (
        f"Exported 3 volunteers to {target}\n"
    )
    raw = target.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    assert raw.count(b"\r\n") == 4
    assert b"\n" not in raw.replace(b"\r\n", b"")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [row["name"] for row in rows] == ["李建国", "张伟", "张伟"]
    assert rows[0]["phone"] == "13800138000"
    assert rows[0]["skills"] == "welding:3"
    assert rows[1]["minor"] == "yes"

    redacted = tmp_path / "redacted.csv"
    assert roster.data("volunteer", "export", str(redacted), "--redact") == {
        "exported": 3,
        "file": str(redacted),
    }
    assert b"13800138000" not in redacted.read_bytes()


def test_reimporting_an_export_updates_instead_of_duplicating(roster: Cli, tmp_path: Path) -> None:
    target = tmp_path / "roster.csv"
    roster.ok("volunteer", "export", str(target))
    assert roster.data("volunteer", "import", str(target)) == {
        "file": "roster.csv",
        "rows": 3,
        "added": 0,
        "updated": 0,
        "unchanged": 3,
        "fields": {},
        "withheld": 0,
        "saved": True,
    }

    text = target.read_bytes().decode("utf-8-sig").replace("13800138000", "13912345678")
    text += "funing-v9,王五,13700000000,cleaning:2,,no,,sat:morning,,funing,,yes,yes,\r\n"
    target.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    out = roster.ok("volunteer", "import", str(target)).out
    assert out == "Volunteers updated: 1 (phone 1); added: 1; unchanged: 2\n"
    listed = roster.data("volunteer", "list", "--all")
    assert [v["ref"] for v in listed] == ["funing-v1", "funing-v3", "funing-v9", "funing-v2"]
    assert roster.data("volunteer", "show", "funing-v1")["phone"] == "13912345678"
    assert roster.data("volunteer", "show", "王五")["skills"] == {"cleaning": 2}


def test_import_gbk_csv_with_chinese_headers(board: Cli, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "花名册.csv",
        "姓名,电话,技能,小组,空闲时间,未成年\n"
        "王海涛,13800000001,电焊:2;粉刷,party-member,周六上午,否\n"
        "刘小雨,,讲故事,youth,星期日下午,是\n",
        encoding="gbk",
    )
    summary = board.data("volunteer", "import", str(source))
    assert (summary["added"], summary["updated"], summary["rows"]) == (2, 0, 2)
    first = board.data("volunteer", "show", "王海涛")
    assert first["skills"] == {"welding": 2, "painting": 1}
    assert first["availability"] == ["sat:morning"]
    assert first["site"] == SITE
    second = board.data("volunteer", "show", "刘小雨")
    assert (second["minor"], second["skills"], second["groups"]) == (
        True,
        {"storytelling": 1},
        ["youth"],
    )


def test_import_utf8_bom_csv(board: Cli, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "bom.csv",
        "name,phone,skills,site\r\n赵六,13800000002,cleaning:1,jingshan\r\n",
        encoding="utf-8-sig",
    )
    assert source.read_bytes().startswith(codecs.BOM_UTF8)
    out = board.ok("volunteer", "import", str(source)).out
    assert out == "Volunteers added: 1; unchanged: 0\n"
    person = board.data("volunteer", "show", "赵六")
    assert (person["name"], person["site"], person["skills"]) == (
        "赵六",
        "jingshan",
        {"cleaning": 1},
    )


def test_bad_csv_reports_every_row_and_writes_nothing(roster: Cli, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "bad.csv",
        "name,phone,skills,availability\n"
        "王五,abc,painting:1,\n"
        "赵六,13800000000,weldin:2,\n"
        "钱七,13800000001,painting:5,周八上午\n"
        "孙八,13800000002,cleaning:1,\n"
        ",13800000003,painting:1,\n",
    )
    before = roster.files()
    result = roster.run("volunteer", "import", str(source))
    assert result.code == 1
    assert result.out == ""
    lines = result.err.splitlines()
    assert lines[0] == "taskboard: 4 bad rows in bad.csv"
    assert lines[1:] == [
        "  row 2, column \"phone\": phone 'abc' must be digits, spaces or dashes (5–20 chars)",
        '  row 3, column "skills": unknown skill "weldin" (known: carpentry, cctv, cleaning,'
        " door_to_door, electrical, first_aid, painting, performance, planting, publicity,"
        " storytelling, welding)",
        '  row 4, column "skills": level 5 for painting must be 1–3',
        "  row 4, column \"availability\": availability '周八上午' must be DAY:PART with DAY in"
        " mon/tue/wed/thu/fri/sat/sun and PART in morning/afternoon/evening",
        '  row 6, column "name": name is empty',
    ]
    assert roster.files() == before
    assert len(roster.data("volunteer", "list", "--all")) == 3


def test_csv_rows_breaking_rules_across_records_name_row_and_column(
    board: Cli, tmp_path: Path
) -> None:
    source = write_csv(
        tmp_path / "rules.csv",
        "name,skills,minor,site\n王小明,welding:1,yes,\n赵六,painting:2,no,nowhere\n孙八,cleaning:1,no,\n",
    )
    before = board.files()
    result = board.run("volunteer", "import", str(source))
    assert result.code == 1
    assert result.err.splitlines() == [
        "taskboard: 2 bad rows in rules.csv",
        '  row 2, column "skills": 王小明: minor: welding is adult-only',
        "  row 3, column \"site\": unknown site 'nowhere'"
        " (known: funing (阜宁社区), jingshan (景山社区))",
    ]
    assert board.files() == before
    assert board.data("volunteer", "list") == []


def test_import_file_problems(board: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"
    assert board.fails("volunteer", "import", str(missing)) == (
        f"taskboard: error: no file {missing}"
    )
    assert board.fails("volunteer", "import", str(tmp_path)) == (
        f"taskboard: error: {tmp_path} is a folder, not a CSV file"
    )
    workbook = tmp_path / "roster.csv"
    workbook.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    before = board.files()
    result = board.run("volunteer", "import", str(workbook))
    assert result.code == 1
    assert result.err.splitlines() == [
        "taskboard: cannot read roster.csv",
        "  the file is an Excel workbook (.xlsx), not CSV;"
        ' save it from the spreadsheet as "CSV UTF-8"',
    ]
    assert board.files() == before


def test_output_cut_short_by_the_reader_ends_quietly(story_path: Path) -> None:
    """`taskboard task list | head -1`: the reader leaving early is no error."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "taskboard", "--db", str(story_path), "task", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err, err

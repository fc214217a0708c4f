"""Task and checklist actions as a coordinator meets them in the CLI.

The board meets the same actions in tests/tui/test_task_actions_board.py; the
rules themselves live in taskboard/actions/checklist.py and tasks.py.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from cli_harness import Cli

from taskboard.actions.tasks import reorder_task
from taskboard.demo import fill_store, story_dataset
from taskboard.store import Store

CENSUS = "xingye-1"
"""Door-to-door census: items 3 and 5 "not home" (不在家), 7 and 9 to do, 8 skipped."""


@pytest.fixture
def story(capsys: pytest.CaptureFixture[str], tmp_path: Path, today: dt.date) -> Cli:
    """A CLI on the story's example data, in a folder of its own."""
    folder = tmp_path / "data"
    folder.mkdir()
    dataset = story_dataset(today)
    store = Store.open(folder / "board.json", who="测试员", must_exist=False)
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset)
    return Cli(capsys, folder / "board.json")


def item(cli: Cli, number: int) -> tuple[str, int, str]:
    """(state, attempts, note) of one checklist item of the census, as stored."""
    stored = Store.open(cli.db).task(CENSUS).checklist[number - 1]
    return stored.state, stored.attempts, stored.note


def test_counting_states_are_defined_once() -> None:
    package = Path(__file__).parent.parent / "taskboard"
    defining = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(r"^COUNTING_STATES\b.*=", path.read_text(encoding="utf-8"), re.M)
    )
    assert defining == ["actions/checklist.py"]


def test_not_home_without_a_note_gets_the_standard_note(story: Cli) -> None:
    story.ok("task", "check", CENSUS, "7", "--state", "retry")
    assert item(story, 7) == ("retry", 1, "Not home")
    story.ok("--lang", "zh", "task", "check", CENSUS, "9", "--state", "retry")
    assert item(story, 9) == ("retry", 1, "不在家")
    story.ok("task", "check", CENSUS, "7", "--state", "retry")  # a second visit keeps it
    assert item(story, 7) == ("retry", 2, "Not home")
    story.ok("task", "check", CENSUS, "2", "--state", "retry")  # a note the user wrote stays
    assert item(story, 2) == ("retry", 3, "第二次上门登记完成")


def test_done_clears_the_not_home_note_and_keeps_a_written_one(story: Cli) -> None:
    assert item(story, 3) == ("retry", 2, "不在家")
    assert story.data("task", "check", CENSUS, "3")["note"] == ""
    assert item(story, 3) == ("done", 3, "")
    story.ok("task", "check", CENSUS, "7", "--state", "retry")
    story.ok("task", "check", CENSUS, "7")
    assert item(story, 7) == ("done", 2, "")  # the English standard note goes too
    story.ok("task", "check", CENSUS, "5", "--note", "周末补登")
    assert item(story, 5) == ("done", 2, "周末补登")
    story.ok("task", "check", CENSUS, "8")
    assert item(story, 8) == ("done", 2, "空置房,已登记为空户")


def test_move_to_done_with_households_left_needs_force(story: Cli) -> None:
    assert story.fails("task", "move", CENSUS, "done") == (
        "taskboard: error: xingye-1: 4 households are not done yet (to do or not home);"
        " add --force to move it to done anyway"
    )
    assert story.fails("--lang", "zh", "task", "move", CENSUS, "done") == (
        "taskboard: 错误: xingye-1:还有 4 户未完成(待办或不在家);如仍要移到「已完成」,请加 --force"
    )
    story.ok("task", "move", CENSUS, "staffed")  # any other column needs nothing
    assert story.ok("task", "move", CENSUS, "done", "--force").out == "Moved xingye-1 to done\n"
    assert Store.open(story.db).task(CENSUS).status == "done"
    story.ok("task", "move", "funing-2", "done")  # no checklist, nothing left


def test_done_when_every_household_is_done_or_skipped(story: Cli) -> None:
    for number in ("3", "5", "7", "9"):
        story.ok("task", "check", CENSUS, number)
    story.ok("task", "move", CENSUS, "done")
    assert Store.open(story.db).task(CENSUS).status == "done"


def test_history_tells_moves_removals_and_visits_in_words(story: Cli) -> None:
    story.ok("task", "move", CENSUS, "staffed")
    store = Store.open(story.db, who="测试员")
    census = store.task(CENSUS)
    reorder_task(store, census.id, census.rank + 100.0)
    reorder_task(store, census.id, census.rank - 100.0)
    story.ok("task", "rm", CENSUS)
    story.ok("task", "restore", CENSUS)
    story.ok("task", "check", CENSUS, "7", "--state", "retry")
    story.ok("task", "check", CENSUS, "7", "--state", "retry")  # not home again
    story.ok("task", "check", CENSUS, "3")

    out = story.ok("task", "history", CENSUS).out
    rows = [line.split(maxsplit=5) for line in out.splitlines()[-11:]]
    assert [row[4:] for row in rows] == [
        ["moved", "moved to Staffed"],
        ["reordered", "moved down"],
        ["reordered", "moved up"],
        ["removed", "-"],
        ["restored", "-"],
        ["checked", "3栋402: not home (attempt 1), note: Not home"],
        ["visited", "3栋402: not home — 李主任, 2026-11-25"],
        ["checked", "3栋402: not home (attempt 2)"],
        ["visited", "3栋402: not home — 李主任, 2026-11-25"],
        ["checked", "1栋201: done (attempt 3), note cleared"],
        ["visited", "1栋201: done — 李主任, 2026-11-25"],
    ]
    for internal in ("rank", "deleted", "True", "state", "attempts 2"):
        assert internal not in out

    zh = story.ok("--lang", "zh", "task", "history", CENSUS).out
    words = [line.split(maxsplit=5)[4:] for line in zh.splitlines()[-11:]]
    assert words[:5] == [
        ["移动", "移到「已配人」"],
        ["调整顺序", "下移"],
        ["调整顺序", "上移"],
        ["已删除", "-"],
        ["恢复", "-"],
    ]
    assert words[9] == ["勾选清单", "1栋201:已完成(第 3 次上门),备注已清除"]
    assert words[10] == ["上门", "1栋201:已完成 — 李主任,2026-11-25"]


def test_task_note_writes_and_clears_a_note_without_a_visit(story: Cli) -> None:
    assert story.ok("task", "note", CENSUS, "7", "晚上六点后在家").out == (
        "xingye-1: note on 3栋402 saved\n"
    )
    assert item(story, 7) == ("todo", 0, "晚上六点后在家")
    assert story.data("task", "note", CENSUS, "3", "")["note"] == ""
    assert item(story, 3) == ("retry", 2, "")
    assert story.fails("task", "note", CENSUS, "12", "x") == (
        "taskboard: error: task xingye-1 has no checklist item '12'"
        " (give a number 1–9 or the exact text)"
    )

"""Counted texts agree with their count: "1 household", "2 households"; Chinese has one form."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_harness import Cli

from taskboard.i18n import set_language
from taskboard.store import Store
from taskboard.store.queries import progress_text

TWO_FLATS = "楼栋,房号\n1,101\n1,102\n"


@pytest.fixture
def xingye(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    """兴业's office: one volunteer and a campaign whose first round visits two flats."""
    cli = Cli(capsys, tmp_path / "board.json")
    cli.ok("init", "--site", "xingye", "--name", "兴业社区", "--coordinator", "罗文珍")
    cli.ok("volunteer", "add", "--name", "田芳", "--skill", "door_to_door:2", "--consent")
    cli.ok("campaign", "new", "--title", "人口普查夜间入户核实", "--place", "兴业社区 1栋")
    (tmp_path / "two.csv").write_text(TWO_FLATS, encoding="utf-8")
    cli.ok("campaign", "import", "xingye-c1", str(tmp_path / "two.csv"))
    cli.ok("campaign", "round", "xingye-c1", "--need", "door_to_door:1")
    return cli


def test_moving_a_round_to_done_counts_the_households_left(xingye: Cli) -> None:
    assert xingye.fails("task", "move", "xingye-1", "done") == (
        "taskboard: error: xingye-1: 2 households are not done yet (to do or not home);"
        " add --force to move it to done anyway"
    )
    xingye.ok("task", "check", "xingye-1", "1", "--by", "田芳")
    assert xingye.fails("task", "move", "xingye-1", "done") == (
        "taskboard: error: xingye-1: 1 household is not done yet (to do or not home);"
        " add --force to move it to done anyway"
    )
    chinese = xingye.fails("--lang", "zh", "task", "move", "xingye-1", "done")
    assert chinese.startswith("taskboard: 错误: xingye-1:还有 1 户未完成")


def test_a_household_list_imported_is_counted_in_the_history(xingye: Cli, tmp_path: Path) -> None:
    one = tmp_path / "one.csv"
    one.write_text("楼栋,房号\n1,103\n", encoding="utf-8")
    xingye.ok("campaign", "import", "xingye-c1", str(one))
    out = xingye.ok("campaign", "show", "xingye-c1", "--all").out
    history = [line.split(": ", 1)[1] for line in out[out.index("History:") :].splitlines()[1:]]
    assert history[1:4] == [
        "imported; 2 households added",
        "new round; opened round 1",
        "imported; 1 household added",
    ]
    chinese = xingye.ok("--lang", "zh", "campaign", "show", "xingye-c1", "--all").out
    assert "导入; 新增 2 户" in chinese and "导入; 新增 1 户" in chinese


def test_exported_volunteers_are_counted(xingye: Cli, tmp_path: Path) -> None:
    one, two = tmp_path / "one.csv", tmp_path / "two-people.csv"
    assert xingye.ok("volunteer", "export", str(one)).out == f"Exported 1 volunteer to {one}\n"
    chinese = xingye.ok("--lang", "zh", "volunteer", "export", str(tmp_path / "zh.csv")).out
    assert chinese == f"已导出 1 名志愿者到 {tmp_path / 'zh.csv'}\n"
    xingye.ok("volunteer", "add", "--name", "石磊", "--skill", "door_to_door:1", "--consent")
    assert xingye.ok("volunteer", "export", str(two)).out == f"Exported 2 volunteers to {two}\n"


def test_the_proposal_counts_its_slots_and_tasks(xingye: Cli) -> None:
    xingye.ok("volunteer", "edit", "田芳", "--available", "thu:evening")
    first = xingye.ok("match").out.splitlines()[0]
    assert first.startswith("Proposal: 1 of 1 open slot filled on 1 task, total fit ")
    xingye.ok("task", "edit", "xingye-1", "--need", "door_to_door:2")
    first = xingye.ok("match").out.splitlines()[0]
    assert first.startswith("Proposal: 1 of 2 open slots filled on 1 task, total fit ")
    chinese = xingye.ok("--lang", "zh", "match").out.splitlines()[0]
    assert chinese.startswith("建议方案:1 个任务的 2 个空缺中填了 1 个,总匹配度 ")


def test_expected_attendance_counts_adults_and_minors(story_cli: Cli) -> None:
    story_cli.ok("task", "edit", "jingshan-3", "--expect", "1:2")
    shown = story_cli.ok("task", "show", "jingshan-3").out
    assert "  Expected: 1 adult, 2 minors (3 in all)" in shown.splitlines()
    story_cli.ok("task", "edit", "jingshan-3", "--expect", "2:1")
    shown = story_cli.ok("task", "show", "jingshan-3").out
    assert "  Expected: 2 adults, 1 minor (3 in all)" in shown.splitlines()
    chinese = story_cli.ok("--lang", "zh", "task", "show", "jingshan-3").out
    assert "成人 2 人,未成年人 1 人(共 3 人)" in chinese


def test_a_round_card_counts_households_after_the_total(xingye: Cli) -> None:
    round_1 = Store.open(xingye.db).tasks.find("xingye-1")
    assert progress_text(round_1) == "0/2 households"
    one = {**round_1, "checklist": round_1["checklist"][:1]}
    assert progress_text(one) == "0/1 household"
    set_language("zh")
    assert progress_text(one) == "0/1 户"

"""Counted texts on the board agree with their count; Chinese has one form for every count."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_harness import Cli
from textual.widgets import Label

from taskboard.i18n import set_language
from taskboard.store import Store
from taskboard.tui.screens.confirm import Confirm

from .hosts import roster_opened, task_opened
from .test_task_detail import SIZE, shown


@pytest.fixture
def one_flat(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    """兴业's office: one volunteer and a campaign whose first round visits one flat."""
    cli = Cli(capsys, tmp_path / "board.json")
    cli.ok("init", "--site", "xingye", "--name", "兴业社区", "--coordinator", "罗文珍")
    cli.ok("volunteer", "add", "--name", "田芳", "--skill", "door_to_door:2", "--consent")
    cli.ok("campaign", "new", "--title", "人口普查夜间入户核实", "--place", "兴业社区 1栋")
    (tmp_path / "one.csv").write_text("楼栋,房号\n1,101\n", encoding="utf-8")
    cli.ok("campaign", "import", "xingye-c1", str(tmp_path / "one.csv"))
    cli.ok("campaign", "round", "xingye-c1")
    return cli.db


async def closing_question(path: Path) -> str:
    """What the board asks when `C` closes campaign xingye-c1 from its first round."""
    async with task_opened(path, "xingye-1", size=SIZE) as host:
        await host.pilot.press("C")
        await host.pilot.pause()
        assert isinstance(host.app.screen, Confirm)
        return host.app.screen.question


async def test_one_household_left_is_said_in_the_singular(one_flat: Path) -> None:
    async with task_opened(one_flat, "xingye-1", size=SIZE) as host:
        await host.pilot.pause()
        lines = shown(host.screen, "task-records")
        assert lines[lines.index("Campaign") + 2] == "0/1 household · 1 of 1 household left"
    assert await closing_question(one_flat) == (
        "1 household is not visited yet. Close xingye-c1 anyway?"
    )
    set_language("zh")
    assert await closing_question(one_flat) == "还有 1 户未走访到。仍要结束 xingye-c1 吗?"


async def test_two_households_left_are_said_in_the_plural(
    one_flat: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cli = Cli(capsys, one_flat)
    (tmp_path / "two.csv").write_text("楼栋,房号\n1,101\n1,102\n", encoding="utf-8")
    cli.ok("campaign", "import", "xingye-c1", str(tmp_path / "two.csv"))
    cli.ok("campaign", "round", "xingye-c1")
    assert await closing_question(one_flat) == (
        "2 households are not visited yet. Close xingye-c1 anyway?"
    )


async def test_the_roster_counts_its_volunteers(
    one_flat: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async def count() -> str:
        async with roster_opened(Store.open(one_flat), size=SIZE) as host:
            await host.pilot.pause()
            return str(host.screen.query_one("#roster-count", Label).content)

    assert await count() == "1 of 1 volunteer"
    set_language("zh")
    assert await count() == "1 / 共 1 名志愿者"
    set_language("en")
    Cli(capsys, one_flat).ok("volunteer", "add", "--name", "石磊", "--consent")
    assert await count() == "2 of 2 volunteers"

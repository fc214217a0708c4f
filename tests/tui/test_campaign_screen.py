"""A campaign round's task screen: where the campaign stands, the next round, closing it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from taskboard.board.state import make_card
from taskboard.demo import fill_store, story_dataset
from taskboard.store import Store
from taskboard.tui.screens.confirm import Confirm

from .hosts import task_opened
from .test_task_detail import SIZE, shown, text_table

ROUND_2 = "xingye-3"
"""兴业's evening follow-up: round 2 of campaign xingye-c1, four households left of nine."""


@pytest.fixture
def story_path(tmp_path: Path, today: dt.date) -> Path:
    dataset = story_dataset(today)
    store = Store.open(tmp_path / "story.json", who="测试员", must_exist=False)
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset)
    return tmp_path / "story.json"


async def test_a_round_shows_its_campaign_and_who_is_left(story_path: Path) -> None:
    async with task_opened(story_path, ROUND_2, size=SIZE) as host:
        pilot = host.pilot
        await pilot.pause()
        lines = shown(host.screen, "task-records")
        start = lines.index("Campaign")
        assert lines[start + 1] == "xingye-c1 人口普查入户核实(1—4栋) · round 2 (under way)"
        assert lines[start + 2] == "5/9 households · 4 of 9 households left"
        rows = text_table(host.screen, "Campaign")[2:]  # after the progress and the header
        assert rows[0] == [
            "1栋201",
            "to visit again",
            "2",
            "11-23 田芳: not home; 11-25 石磊: not home",
        ]
        assert [row[:3] for row in rows[2:]] == [
            ["3栋402", "not visited yet", "0"],
            ["4栋603", "not visited yet", "0"],
        ]


async def test_next_round_goes_to_the_evening_and_is_one_undo(story_path: Path) -> None:
    async with task_opened(story_path, ROUND_2, size=SIZE) as host:
        app, pilot = host.app, host.pilot
        await pilot.press("R")
        await pilot.pause()
        store = Store.open(story_path)
        assert store.task(ROUND_2).status == "done"
        third = store.campaigns.load("xingye-c1").current_round()
        assert third is not None and third.number == 3
        task = store.task(third.task)
        # round 2 is on Thursday 2026-11-26: round 3 is the next weekday's evening
        assert (task.start, task.end) == (
            dt.datetime(2026, 11, 27, 18, 30),
            dt.datetime(2026, 11, 27, 20, 30),
        )
        assert [item.text for item in task.checklist] == ["1栋201", "2栋502", "3栋402", "4栋603"]
        assert app.history.undo() is not None
        store = Store.open(story_path)
        assert store.task(ROUND_2).status == "open"
        assert len(store.campaigns.load("xingye-c1").rounds) == 2
        assert store.tasks.get(task.id)["deleted"] is True  # type: ignore[index]


async def test_closing_a_campaign_with_households_left_asks_first(story_path: Path) -> None:
    async with task_opened(story_path, ROUND_2, size=SIZE) as host:
        app, pilot = host.app, host.pilot
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert app.screen.question == ("4 households are not visited yet. Close xingye-c1 anyway?")
        await pilot.press("n")
        await pilot.pause()
        assert not Store.open(story_path).campaigns.load("xingye-c1").closed
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        store = Store.open(story_path)
        assert store.campaigns.load("xingye-c1").closed
        assert store.task(ROUND_2).status == "done"
        assert (
            "closed"
            in shown(host.screen, "task-records")[
                shown(host.screen, "task-records").index("Campaign") + 1
            ]
        )


async def test_closing_a_campaign_on_the_board_closes_round_1_still_in_progress_too(
    story_path: Path,
) -> None:
    assert Store.open(story_path).task("xingye-1").status == "in_progress"
    async with task_opened(story_path, ROUND_2, size=SIZE) as host:
        app, pilot = host.app, host.pilot
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        store = Store.open(story_path)
        assert [store.task(ref).status for ref in ("xingye-1", ROUND_2)] == ["done", "done"]
        assert app.history.undo() is not None
        store = Store.open(story_path)
        assert [store.task(ref).status for ref in ("xingye-1", ROUND_2)] == ["in_progress", "open"]
        assert not store.campaigns.load("xingye-c1").closed


async def test_campaign_keys_only_on_a_round(story_path: Path) -> None:
    async with task_opened(story_path, "funing-1", size=SIZE) as host:
        pilot = host.pilot
        await pilot.press("R")
        await pilot.pause()
        assert "Campaign" not in shown(host.screen, "task-records")
        assert len(Store.open(story_path).task("xingye-3").checklist) == 2
        enabled = {b.binding.action for b in host.screen.active_bindings.values() if b.enabled}
        assert "edit" in enabled and "next_round" not in enabled


def test_visits_cards_show_households_visited(story_path: Path) -> None:
    store = Store.open(story_path)
    assert make_card(store.tasks.find("xingye-1"), None).progress == (5, 9)
    assert make_card(store.tasks.find(ROUND_2), None).progress == (0, 2)
    assert make_card(store.tasks.find("funing-1"), None).progress is None


async def test_the_history_on_screen_tells_the_visits(story_path: Path) -> None:
    async with task_opened(story_path, "xingye-1", size=SIZE) as host:
        pilot = host.pilot
        await pilot.pause()
        rows = text_table(host.screen, "History")
        visited = [row for row in rows if row[3] == "visited"]
        assert ["1栋201: not home — 田芳, 2026-11-23"] in [row[4:] for row in visited]

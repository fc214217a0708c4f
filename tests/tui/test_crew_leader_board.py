"""The crew leader on the task screen: `L` chooses them among the crew (or none), the
fields and the assignments show them, and the board's undo takes the choice back."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select

from taskboard.store import Store
from taskboard.tui.screens.suggestions.form import Ask
from taskboard.tui.screens.task.screen import NO_LEADER, TaskScreen

from .hosts import task_opened
from .test_task_detail import shown, value

SIZE = (140, 50)
FENCE = "funing-1"
"""李建国 leads the welding job in the story; 郑秀兰 cleans on it."""


async def test_the_leader_is_chosen_among_the_crew_shown_and_undone(story_path: Path) -> None:
    zheng = Store.open(story_path).find_volunteer("郑秀兰")
    async with task_opened(story_path, FENCE, size=SIZE) as host:
        pilot, app = host.pilot, host.app
        screen = app.screen
        assert isinstance(screen, TaskScreen)
        li = Store.open(story_path).find_volunteer("李建国")
        assert value(screen, "Crew leader") == f"李建国 (funing-v1) · {li['phone']}"
        assert any(
            line.strip().startswith("★ 李建国 (funing-v1)")
            for line in shown(screen, "task-records")
        )

        await pilot.press("L")
        await pilot.pause()
        ask = app.screen
        assert isinstance(ask, Ask)
        assert ask.choices is not None
        assert [label for label, _ in ask.choices] == [
            "李建国 (funing-v1) · welding",  # the leader first
            "王海涛 (funing-v2) · welding",
            "郑秀兰 (funing-v9) · cleaning",
            "No crew leader",
        ]
        ask.query_one("#ask-choice", Select).value = zheng["id"]
        await pilot.click("#ask-ok")
        await pilot.pause()
        assert app.screen is screen
        assert Store.open(story_path).tasks.find(FENCE)["leader"] == zheng["id"]
        assert value(screen, "Crew leader") == f"郑秀兰 (funing-v9) · {zheng['phone']}"
        assert any("leader set to 郑秀兰" in line for line in shown(screen, "task-records"))

        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        app.screen.query_one("#ask-choice", Select).value = NO_LEADER
        await pilot.click("#ask-ok")
        await pilot.pause()
        assert Store.open(story_path).tasks.find(FENCE)["leader"] is None
        assert value(screen, "Crew leader") == "-"

        await pilot.press("escape", "u")  # the board's undo: the leader is back
        await pilot.pause()
        assert Store.open(story_path).tasks.find(FENCE)["leader"] == zheng["id"]

"""A key press reaches the screen in as few paints as it needs: each paint of a
160x48 board costs milliseconds, and the time a key takes is until its last one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from taskboard.store import Store
from taskboard.tui.app import TaskboardApp, make_app
from taskboard.tui.screens.task.screen import TaskScreen


class Paints:
    """Counts the screen updates the app writes."""

    def __init__(self, app: TaskboardApp) -> None:
        self.count = 0
        display = app._display

        def counted(*args: Any, **kwargs: Any) -> None:
            display(*args, **kwargs)
            self.count += 1

        app._display = counted  # type: ignore[method-assign]


async def test_a_letter_typed_in_search_and_the_narrowed_board_are_painted_at_once(
    story_path: Path, today: dt.date
) -> None:
    app = make_app(Store.open(story_path), today=today, watch=False)
    async with app.run_test(size=(160, 48)) as pilot:
        before = sum(map(len, app.board_state.columns))
        await pilot.press("slash")
        await pilot.pause()
        paints = Paints(app)
        layouts = app.screen._layout_updates
        await pilot.press("电")
        await pilot.pause()
        assert app.board_state.filter.text == "电"
        assert 0 < sum(map(len, app.board_state.columns)) < before
        assert paints.count == 1  # the letter and the narrowed board in one frame
        assert app.screen._layout_updates == layouts  # and no layout of the screen


async def test_the_board_is_painted_again_when_a_task_is_closed(
    story_path: Path, today: dt.date
) -> None:
    """Opening a task skips repainting the board under it; closing it shows the board
    as it was, cursor and all."""
    app = make_app(Store.open(story_path), today=today, watch=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("l", "j")
        await pilot.pause()
        board = app.export_screenshot()
        for _ in range(2):  # the first open builds the task screen, the second reuses it
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, TaskScreen)
            assert app.export_screenshot() != board
            await pilot.press("escape")
            await pilot.pause()
            assert app.export_screenshot() == board

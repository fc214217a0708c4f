"""Pop-ups show their own keys in the footer and answer `?` with them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Checkbox

from taskboard.demo import fill_store, story_dataset
from taskboard.i18n import set_language
from taskboard.settings import current_day
from taskboard.store import Store
from taskboard.tui.app import TaskboardApp, make_app
from taskboard.tui.screens.board import BoardScreen
from taskboard.tui.screens.confirm import ConfirmDiscard
from taskboard.tui.screens.filters import FilterScreen
from taskboard.tui.screens.help import HelpScreen
from taskboard.tui.widgets.check import Check
from taskboard.tui.widgets.key_bar import KeyBar

SIZE = (160, 45)


@pytest.fixture
def story_path(tmp_path: Path, today: dt.date) -> Path:
    """A data file holding the story's example data."""
    dataset = story_dataset(today)
    fresh = Store.memory(who="test")
    fresh.initialise(dataset.site, coordinator="李主任")
    fill_store(fresh, dataset, history=False)
    path = tmp_path / "story.json"
    Store.open(path, must_exist=False).replace_all(fresh.storage.data)
    return path


def app_for(path: Path) -> TaskboardApp:
    """The app on a freshly opened store, without the file watcher's timer."""
    return make_app(Store.open(path, who="测试员"), today=current_day(), watch=False)


def footer(app: TaskboardApp) -> str:
    """The key bar of the screen on top, as text."""
    return str(app.screen.query_one(KeyBar).render())


async def test_filter_popup_shows_its_keys_and_applies_with_ctrl_s(story_path: Path) -> None:
    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        shown = footer(app)
        assert "^s Apply" in shown and "esc Cancel" in shown and "? Help" in shown
        assert "New" not in shown  # not the board's keys
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert any(row[1] == "Apply" and row[0] == "ctrl+s" for row in app.screen.rows)
        await pilot.press("escape")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_discard_question_shows_yes_and_no_keys(story_path: Path) -> None:
    set_language("zh")
    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        answers: list[bool | None] = []
        app.push_screen(ConfirmDiscard(), answers.append)
        await pilot.pause()
        shown = footer(app)
        assert "y 是" in shown and "n 否" in shown, shown
        await pilot.press("y")
        await pilot.pause()
        assert answers == [True]


async def test_checkbox_state_shows_without_colour(story_path: Path) -> None:
    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        box = app.screen.query_one("#overdue", Check)
        assert str(box.render()).startswith("▐ ▌")
        box.toggle()
        await pilot.pause()
        assert str(box.render()).startswith("▐✓▌")
        assert all(type(b) is not Checkbox for b in app.screen.query(Checkbox))

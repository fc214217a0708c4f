"""The residents' suggestions screen driven through Pilot: list, add, link, decline, open."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest
from textual.widgets import Input, Label, Select, Static

from taskboard.demo import fill_store, story_dataset
from taskboard.i18n import set_language
from taskboard.settings import current_day
from taskboard.store import Store
from taskboard.tui.app import TaskboardApp, make_app
from taskboard.tui.commands import board_commands
from taskboard.tui.screens.board import BoardScreen
from taskboard.tui.screens.suggestions.form import Ask, SuggestionForm
from taskboard.tui.screens.suggestions.screen import SuggestionsScreen
from taskboard.tui.screens.task.screen import TaskScreen

from .hosts import Opened, opened

SIZE = (160, 48)


def suggestions_opened(store: Store) -> AbstractAsyncContextManager[Opened[SuggestionsScreen]]:
    """The suggestions screen opened over the board, with the session's undo history."""

    def screen(app: TaskboardApp) -> SuggestionsScreen:
        return SuggestionsScreen(app.store, app.history, today=app.today)

    return opened(store, screen, size=SIZE)


def suggestions(app: TaskboardApp) -> SuggestionsScreen:
    """The suggestions screen (it stays below any form or task)."""
    return next(s for s in app.screen_stack if isinstance(s, SuggestionsScreen))


def row(screen: SuggestionsScreen, number: str) -> list[str]:
    """The cells of the row of suggestion `number` (`#7`)."""
    table = screen.table
    for index in range(table.row_count):
        cells = [str(cell) for cell in table.get_row_at(index)]
        if cells[0] == number:
            return cells
    raise AssertionError(f"no row {number}")


def cursor_to(screen: SuggestionsScreen, number: str) -> None:
    table = screen.table
    numbers = [str(table.get_row_at(index)[0]) for index in range(table.row_count)]
    table.move_cursor(row=numbers.index(number))


def details(screen: SuggestionsScreen) -> str:
    return str(screen.query_one("#suggestions-details-text", Static).content)


async def test_every_suggestion_with_its_status_and_progress(story_store: Store) -> None:
    async with suggestions_opened(story_store) as host:
        app, pilot = host.app, host.pilot
        await pilot.pause()
        screen = suggestions(app)
        assert screen.table.row_count == 21
        count = str(screen.query_one("#suggestions-count", Label).content)
        assert count == "Suggestions done 9/21"
        assert row(screen, "#1")[1:4] == ["小区内围墙生锈", "in progress", "0/2"]
        assert row(screen, "#2")[2] == "done"
        assert row(screen, "#15")[2:5] == ["declined", "-", row(screen, "#15")[4]]
        assert row(screen, "#15")[4].startswith("declined: 小区道路窄")
        cursor_to(screen, "#10")
        await pilot.pause()
        shown = details(screen)
        assert "角落的水泥墩斑驳难看" in shown and "青少年粉刷小区角落水泥墩" in shown


async def test_add_link_decline_and_undo_through_the_screen(story_store: Store) -> None:
    async with suggestions_opened(story_store) as host:
        app, pilot = host.app, host.pilot
        await pilot.pause()
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, SuggestionForm)
        form.query_one("#form-number", Input).value = "22"
        form.query_one("#form-text", Input).value = "希望在南门加装雨棚"
        form.query_one("#form-date", Input).value = "2026-13-01"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SuggestionForm)  # a bad date is said next to the field
        assert "2026-07-18" in str(form.query_one("#error-date", Label).content)
        form.query_one("#form-date", Input).value = "2026-11-20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = suggestions(app)
        assert row(screen, "#22")[1:3] == ["希望在南门加装雨棚", "received"]
        wish = next(d for d in story_store.suggestions.live() if d.get("number") == 22)
        assert wish["ref"] == "funing-s22" and wish["date"] == "2026-11-20"

        cursor_to(screen, "#22")
        await pilot.press("l")
        ask = app.screen
        assert isinstance(ask, Ask)
        choice: Select[str] = ask.query_one("#ask-choice", Select)
        funing_14 = story_store.tasks.find("funing-14")["id"]
        choice.value = funing_14
        await pilot.click("#ask-ok")
        await pilot.pause()
        assert story_store.suggestions.get(wish["id"])["tasks"] == [funing_14]  # type: ignore[index]
        assert row(screen, "#22")[2:4] == ["planned", "0/1"]

        await pilot.press("x")
        assert isinstance(app.screen, Ask)
        await pilot.press("enter")  # no reason: refused in place
        assert isinstance(app.screen, Ask)
        app.screen.query_one("#ask-text", Input).value = "南门是消防通道,不能加装"
        await pilot.press("enter")
        await pilot.pause()
        assert row(screen, "#22")[2] == "declined"

        await pilot.press("u")
        await pilot.pause()
        assert row(screen, "#22")[2] == "planned"
        assert story_store.suggestions.get(wish["id"])["decision"] == "received"  # type: ignore[index]


async def test_enter_opens_the_linked_task_and_escape_comes_back(story_store: Store) -> None:
    async with suggestions_opened(story_store) as host:
        app, pilot = host.app, host.pilot
        await pilot.pause()
        cursor_to(suggestions(app), "#2")
        await pilot.press("enter")
        await pilot.pause()
        task_screen = app.screen
        assert isinstance(task_screen, TaskScreen)
        assert task_screen.shown_task.ref == "funing-3"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is suggestions(app)

        cursor_to(suggestions(app), "#1")  # two tasks: which one is asked
        await pilot.press("t")
        assert isinstance(app.screen, Ask)


async def test_a_card_moved_elsewhere_moves_its_suggestion(story_store: Store) -> None:
    async with suggestions_opened(story_store) as host:
        app, pilot = host.app, host.pilot
        await pilot.pause()
        assert row(suggestions(app), "#12")[2] == "planned"
        from taskboard.actions.tasks import move_task

        move_task(story_store, story_store.tasks.find("funing-14")["id"], "done")
        suggestions(app).reload()
        await pilot.pause()
        assert row(suggestions(app), "#12")[2] == "done"
        count = str(suggestions(app).query_one("#suggestions-count", Label).content)
        assert count == "Suggestions done 10/21"


async def test_the_screen_speaks_chinese(story_store: Store) -> None:
    set_language("zh")
    async with suggestions_opened(story_store) as host:
        app, pilot = host.app, host.pilot
        await pilot.pause()
        screen = suggestions(app)
        assert row(screen, "#2")[2] == "已落实"
        assert row(screen, "#15")[4].startswith("暂不采纳:")
        assert str(screen.query_one("#suggestions-count", Label).content) == "已落实建议 9/21"


@pytest.fixture
def story_path(tmp_path: Path, today: dt.date) -> Path:
    dataset = story_dataset(today)
    fresh = Store.memory(who="test")
    fresh.initialise(dataset.site, coordinator="李主任")
    fill_store(fresh, dataset)
    path = tmp_path / "story.json"
    Store.open(path, must_exist=False).replace_all(fresh.storage.data)
    return path


async def test_s_on_the_board_and_the_palette_open_the_screen(story_path: Path) -> None:
    app = make_app(Store.open(story_path, who="测试员"), None, today=current_day(), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        board = app.screen_stack[0]
        assert isinstance(board, BoardScreen)
        titles = [title for title, _callback, _help in board_commands(board)]
        assert "suggestions: open" in titles
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SuggestionsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is board

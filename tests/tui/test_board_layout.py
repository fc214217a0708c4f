"""The board as a coordinator meets it: redraws after a width change, the cursor after a search."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from taskboard.demo import fill_store, story_dataset
from taskboard.i18n import set_language
from taskboard.settings import current_day
from taskboard.store import Store
from taskboard.tui.app import TaskboardApp, make_app
from taskboard.tui.screens.task.screen import TaskScreen
from taskboard.tui.widgets.board_view import BoardView, column_title


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


def screen_lines(app: TaskboardApp) -> list[str]:
    """What the terminal shows now, line by line (what was painted, not what would be)."""
    return [
        "".join(segment.text for segment in line)
        for line in app.screen._compositor.render_update(full=True).strips  # type: ignore[union-attr]
    ]


def rule_positions(line: str) -> list[int]:
    """Cells where column separators (`│`) are drawn (Chinese characters take two)."""
    return [cell_len(line[:index]) for index, char in enumerate(line) if char == "│"]


async def test_cards_redraw_at_the_new_width_after_a_resize(story_path: Path) -> None:
    app = app_for(story_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(100, 45)
        await pilot.pause()
        await pilot.pause()
        view = app.screen.query_one(BoardView)
        width = view.column_width
        top = view.region.y
        card_line = screen_lines(app)[top + 2]
        header_line = screen_lines(app)[top]
        assert rule_positions(card_line) == rule_positions(header_line)
        assert rule_positions(card_line)[0] == width


async def test_cards_redraw_when_the_archived_column_appears(story_path: Path) -> None:
    app = app_for(story_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        before = app.screen.query_one(BoardView).column_width
        await pilot.press("a")
        await pilot.pause()
        view = app.screen.query_one(BoardView)
        assert view.column_width < before
        lines = screen_lines(app)
        top = view.region.y
        for y in (top + 2, top + 3, top + 7):
            assert rule_positions(lines[y]) == rule_positions(lines[top]), lines[y]


async def test_enter_after_a_search_opens_the_match(story_path: Path) -> None:
    app = app_for(story_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        state = app.board_state
        # the cursor starts in the first column; the match lives in another one
        refs = [card.ref for index in range(len(state.columns)) for card in state.cards(index)]
        target = next(card for card in state.cards(2) if sum(card.ref in ref for ref in refs) == 1)
        assert target.id not in state.columns[0]
        await pilot.press("slash", *target.ref, "enter")
        await pilot.pause()
        selected = state.selected()
        assert selected is not None and selected.ref == target.ref
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TaskScreen)
        assert app.screen.shown_task.id == target.id


@pytest.mark.parametrize(
    ("lang", "help_hint", "kinds"),
    [("en", "? Help", ("event", "visits")), ("zh", "? 帮助", ("活动", "走访"))],
)
async def test_small_terminal_keeps_columns_counts_kinds_and_help(
    story_path: Path, lang: str, help_hint: str, kinds: tuple[str, ...]
) -> None:
    set_language(lang)
    app = app_for(story_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        view = app.screen.query_one(BoardView)
        top = view.region.y
        for status in app.board_state.statuses:  # every column with its count
            assert f"{column_title(status)} {app.board_state.totals[status]}" in lines[top]
        for slot in range(view.visible_cards):
            kind_line, needs_line = lines[top + 4 + slot * 5], lines[top + 5 + slot * 5]
            cells = needs_line.split("│")
            assert all(re.search(r"\d+/\d+ *$", cell) for cell in cells if cell.strip())
            assert "…" not in "".join(cell[:3] for cell in kind_line.split("│"))
        assert any(kind in lines[top + 4] for kind in kinds)
        assert lines[-1].rstrip().endswith(help_hint)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_small_terminal_roster_shows_whole_skill_names(story_path: Path, lang: str) -> None:
    set_language(lang)
    app = app_for(story_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert ("welding 3 · electrical 2" if lang == "en" else "电焊 3 · 电工 2") in text


@pytest.mark.parametrize("width", [24, 26, 40])
def test_a_series_card_keeps_its_mark_however_narrow(width: int) -> None:
    """`renovation ↻ weekly +7` does not fit a 140-column board's card with its date:
    the rule word goes before the `↻` mark does, so the card still says it repeats."""
    from taskboard.board.state import Card
    from taskboard.tui.widgets.board_view import _meta_texts

    day = dt.date(2026, 12, 2)
    card = Card(
        "t1", "funing-r1-261202", "周三清扫", "open", "funing", "", "renovation", "normal",
        0.0, day, (), (), False, "", series=("weekly", 7),
    )  # fmt: skip
    text, shown_day = _meta_texts(card, dt.date(2026, 11, 25), width)
    assert "↻" in text and "+7" in text
    assert cell_len(text) + 1 + cell_len(shown_day) <= width

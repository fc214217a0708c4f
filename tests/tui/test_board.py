"""The board screen driven through Pilot: moves, undo, search, filters, live reload, keys."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from taskboard.board.state import BoardFilter, Card
from taskboard.demo import fill_store, story_dataset
from taskboard.i18n import set_language
from taskboard.settings import Settings, current_day
from taskboard.store import Store
from taskboard.tui.app import TaskboardApp, make_app
from taskboard.tui.screens.board import BoardScreen
from taskboard.tui.screens.confirm import Confirm
from taskboard.tui.screens.filters import FilterScreen
from taskboard.tui.screens.help import HelpScreen
from taskboard.tui.widgets.board_view import BoardView

SIZE = (150, 45)


@pytest.fixture
def story_path(tmp_path: Path, today: dt.date) -> Path:
    """A data file holding the story's example data."""
    dataset = story_dataset(today)
    fresh = Store.memory(who="test")
    fresh.initialise(dataset.site, coordinator="李主任")
    fill_store(fresh, dataset)
    path = tmp_path / "story.json"
    Store.open(path, must_exist=False).replace_all(fresh.storage.data)
    return path


def app_for(path: Path, settings: Settings | None = None) -> TaskboardApp:
    """The app on a freshly opened store, without the file watcher's timer."""
    return make_app(Store.open(path, who="测试员"), settings, today=current_day(), watch=False)


def board(app: TaskboardApp) -> BoardScreen:
    """The board screen (the app's base screen)."""
    screen = app.screen_stack[0]
    assert isinstance(screen, BoardScreen)
    return screen


def column_refs(app: TaskboardApp, status: str) -> list[str]:
    """References shown in one column, top to bottom."""
    state = app.board_state
    return [card.ref for card in state.cards(state.statuses.index(status))]


def all_cards(app: TaskboardApp) -> list[Card]:
    """Every card shown on the board."""
    state = app.board_state
    return [card for index in range(len(state.columns)) for card in state.cards(index)]


async def test_board_shows_columns_with_counts(story_path: Path) -> None:
    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.query_one(BoardView)
        header = view.render_line(0).text
        # Open: ten one-off tasks and the next weekly rehearsal (the one after it is hidden)
        assert "Suggested 4" in header and "Open 11" in header and "Done 8" in header
        assert "Archived" not in header
        text = "\n".join(view.render_line(y).text for y in range(2, 12))
        assert "南区东侧围墙铁栏杆除锈补" in text  # Chinese titles are drawn
        assert "welding 2/2" in text


async def test_move_card_saves_status_and_undo_restores(story_path: Path) -> None:
    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")  # the Open column
        ref = app.board_state.selected().ref  # type: ignore[union-attr]
        await pilot.press("L")
        await pilot.pause()
        assert Store.open(story_path).task(ref).status == "staffed"
        assert column_refs(app, "staffed")[0] == ref
        assert app.board_state.selected().ref == ref  # type: ignore[union-attr]
        await pilot.press("u")
        await pilot.pause()
        assert Store.open(story_path).task(ref).status == "open"
        await pilot.press("U")
        await pilot.pause()
        assert Store.open(story_path).task(ref).status == "staffed"
        history = [
            entry.action for entry in Store.open(story_path).history.of(app.store.task(ref).id)
        ]
        assert history[-3:] == ["moved", "undone", "redone"]


async def test_shift_arrows_move_and_reorder(story_path: Path) -> None:
    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        first, second = column_refs(app, "open")[:2]
        await pilot.press("shift+down")
        await pilot.pause()
        assert column_refs(app, "open")[:2] == [second, first]
        await pilot.press("shift+left")
        await pilot.pause()
        assert Store.open(story_path).task(first).status == "suggested"


async def test_search_narrows_as_you_type(story_path: Path) -> None:
    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        for letter in "围墙":
            await pilot.press(letter)
        await pilot.pause()
        shown = all_cards(app)
        assert shown and all("围墙" in card.haystack for card in shown)
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert sum(len(c) for c in app.board_state.columns) == 35


async def test_filter_panel_by_skill_and_overdue(story_path: Path, today: dt.date) -> None:
    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        app.screen.dismiss(BoardFilter(skill="welding"))
        await pilot.pause()
        shown = all_cards(app)
        assert shown and all(any(n.skill == "welding" for n in c.needs) for c in shown)
        board(app).apply_filter(BoardFilter(overdue=True))
        await pilot.pause()
        overdue = all_cards(app)
        assert overdue and all(card.overdue(today) for card in overdue)


async def test_filter_by_volunteer_shows_their_tasks(story_path: Path) -> None:
    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        person = app.store.find_volunteer("罗文珍")
        board(app).apply_filter(BoardFilter(volunteer=person["id"]))
        await pilot.pause()
        shown = {card.ref for card in all_cards(app)}
        assert shown == {"xingye-1", "xingye-2"}


async def test_live_reload_picks_up_outside_change(story_path: Path) -> None:
    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "j")
        selected = app.board_state.selected().ref  # type: ignore[union-attr]
        board(app).apply_filter(BoardFilter(site="funing"))
        other = Store.open(story_path, who="另一窗口")
        other.tasks.update(other.task("funing-10").id, {"status": "done"})
        app.check_outside_changes()
        await pilot.pause()
        assert "funing-10" in column_refs(app, "done")
        assert app.board_state.filter.site == "funing"
        assert app.board_state.selected().ref == selected  # type: ignore[union-attr]


async def test_wip_limit_warns_but_moves(story_path: Path) -> None:
    app = app_for(story_path, Settings(wip_limits={"staffed": 7}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "L")
        await pilot.pause()
        assert app.board_state.totals["staffed"] == 8
        assert any("over its limit" in n.message for n in app._notifications)
        header = app.screen.query_one(BoardView).render_line(0).text
        assert "Staffed 8/7 ⚑" in header


async def test_delete_and_undo(story_path: Path) -> None:
    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        card = app.board_state.selected()
        assert card is not None
        await pilot.press("d")
        await pilot.pause()
        assert card.ref not in column_refs(app, "suggested")
        tombstone = Store.open(story_path).tasks.get(card.id)
        assert tombstone is not None and tombstone["deleted"] is True
        await pilot.press("u")
        await pilot.pause()
        assert card.ref in column_refs(app, "suggested")


async def test_help_lists_real_keys_and_keymap(story_path: Path) -> None:
    settings = Settings(keymap={"board.move_right": "greater_than_sign"})
    app = app_for(story_path, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {action: keys for keys, action, _tip, _id in app.screen.rows}
        ids = {action: ref for _keys, action, _tip, ref in app.screen.rows}
        assert ids["Move →"] == "board.move_right"
        assert rows["Move →"] == "greater_than_sign"
        assert rows["Move ←"] == "H shift+←"
        await pilot.press("escape", "l", "greater_than_sign")
        await pilot.pause()
        assert sum(1 for _ in column_refs(app, "staffed")) == 8


async def test_mouse_click_selects_card(story_path: Path) -> None:
    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(BoardView)
        await pilot.click(BoardView, offset=(view.column_width + 3, 2 + 5 + 1))
        await pilot.pause()
        assert (app.board_state.cursor.column, app.board_state.cursor.row) == (1, 1)


async def test_chinese_labels(story_path: Path) -> None:
    set_language("zh")
    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = app.screen.query_one(BoardView).render_line(0).text
        assert "建议 4" in header and "待认领 11" in header and "已完成 8" in header
        text = "\n".join(app.screen.query_one(BoardView).render_line(y).text for y in range(2, 8))
        assert "电焊 2/2" in text


async def test_theme_is_remembered(story_path: Path, tmp_path: Path, today: dt.date) -> None:
    settings_file = tmp_path / "settings.toml"
    app = make_app(
        Store.open(story_path), Settings(), today=today, watch=False, settings_path=settings_file
    )
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert 'theme = "nord"' in settings_file.read_text(encoding="utf-8")


async def test_board_opens_match_proposal_and_reports(story_path: Path) -> None:
    from taskboard.tui.screens.match.candidates import MatchScreen
    from taskboard.tui.screens.match.proposal import ProposalScreen
    from taskboard.tui.screens.reports import ReportsScreen

    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "m")
        await pilot.pause()
        assert isinstance(app.screen, MatchScreen)
        await pilot.press("escape", "M")
        await pilot.pause()
        assert isinstance(app.screen, ProposalScreen)
        await pilot.press("escape", "R")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)


async def test_task_screen_logs_hours_and_undo_removes_them(story_path: Path) -> None:
    from taskboard.tui.screens.hours_form import HoursForm
    from taskboard.tui.screens.task.screen import TaskScreen

    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        task = app.store.task("funing-1")
        board(app).open_task(task.id)
        await pilot.pause()
        assert isinstance(app.screen, TaskScreen)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, HoursForm)
        before = sum(1 for _ in app.store.hours.live())
        app.screen.query_one("#hours-hours", Input).value = "2.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TaskScreen)
        assert sum(1 for _ in Store.open(story_path).hours.live()) == before + 1
        app.history.undo()
        assert sum(1 for _ in Store.open(story_path).hours.live()) == before


async def test_j_and_k_move_in_tables_too(story_path: Path) -> None:
    from textual.widgets import DataTable

    from taskboard.tui.screens.match.candidates import MatchScreen

    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "m")
        await pilot.pause()
        assert isinstance(app.screen, MatchScreen)
        table = app.screen.query_one(DataTable)
        table.focus()
        await pilot.press("j", "j", "k")
        assert table.cursor_row == 1


async def test_board_opens_sync_and_conflicts(story_path: Path) -> None:
    from taskboard.tui.screens.conflicts import ConflictsScreen
    from taskboard.tui.screens.sync import SyncScreen

    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, SyncScreen)
        await pilot.press("escape", "C")
        await pilot.pause()
        assert isinstance(app.screen, ConflictsScreen)


async def test_moving_visits_with_households_left_to_done_asks_first(story_path: Path) -> None:
    app = app_for(story_path)
    census = app.store.task("xingye-1")
    assert census.status == "in_progress"
    async with app.run_test(size=SIZE) as pilot:
        app.board_state.select_task(census.id)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        question = str(app.screen.query_one("#confirm-question", Label).render())
        assert question == (
            "xingye-1: 4 households are not done yet (to do or not home). Move it to Done anyway?"
        )
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert Store.open(story_path).task("xingye-1").status == "in_progress"
        assert app.history.done == []
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert Store.open(story_path).task("xingye-1").status == "done"
        assert column_refs(app, "done")[0] == "xingye-1"
        await pilot.press("u")
        await pilot.pause()
        assert Store.open(story_path).task("xingye-1").status == "in_progress"


@pytest.mark.parametrize(
    ("ref", "starts_in"), [("funing-13", "open"), ("funing-7", "open"), ("funing-8", "suggested")]
)
async def test_a_new_task_starts_in_suggested_or_open_whatever_the_column(
    story_path: Path, ref: str, starts_in: str
) -> None:
    from textual.widgets import Select

    from taskboard.tui.screens.task_form import TaskForm

    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        task = app.store.task(ref)
        app.board_state.select_task(task.id)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TaskForm)
        assert app.screen.query_one("#status", Select).value == starts_in, task.status


async def test_saving_a_task_whose_date_has_passed_warns(story_path: Path, today: dt.date) -> None:
    from taskboard.tui.screens.task_form import TaskForm

    app = app_for(story_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        form.query_one("#title", Input).value = "补登记"
        form.query_one("#due", Input).value = (today - dt.timedelta(days=3)).isoformat()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        shown = [n.message for n in app._notifications]
        assert any("has passed; check the schedule" in message for message in shown), shown

"""The task screen driven through Pilot: fields, checklist keys, editing, undo, live reload."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rich.text import Text
from textual.app import App
from textual.widgets import DataTable, Input, Label, Static

from taskboard.board.edits import EditHistory
from taskboard.demo import fill_store, story_dataset
from taskboard.i18n import LANGUAGES, set_language
from taskboard.i18n.zh_cn_task import CATALOGUE as TASK_ZH
from taskboard.store import Store
from taskboard.tui.screens.task_detail import ChecklistTable, NewChecklistItem, TaskScreen
from taskboard.tui.screens.task_form import TaskForm

TODAY = dt.date(2026, 11, 25)
SIZE = (140, 50)
CENSUS = "xingye-1"
"""Door-to-door census visits: nine households, item 7 (3栋402) still to do."""


@pytest.fixture
def story_path(tmp_path: Path) -> Path:
    """A data file holding the story's example data (local site funing)."""
    dataset = story_dataset(TODAY)
    store = Store.open(tmp_path / "story.json", who="测试员", must_exist=False)
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset)
    return tmp_path / "story.json"


class _Host(App[None]):
    """Shows one task's screen over a store, as the board would."""

    def __init__(self, path: Path, ref: str) -> None:
        super().__init__()
        self.store = Store.open(path, who="测试员")
        self.history = EditHistory(self.store)
        self.ref = ref
        self.closed = False

    def on_mount(self) -> None:
        task_id = self.store.task(self.ref).id
        screen = TaskScreen(self.store, task_id, self.history, today=TODAY)
        self.push_screen(screen, lambda _result: setattr(self, "closed", True))

    @property
    def task_screen(self) -> TaskScreen:
        screen = self.screen
        assert isinstance(screen, TaskScreen)
        return screen


def value(screen: TaskScreen, key: str) -> str:
    return str(screen.query_one(f"#value-{key}", Static).content)


def rows(screen: TaskScreen, table_id: str) -> list[list[str]]:
    table: DataTable[Text] = screen.query_one(f"#{table_id}", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_every_field_is_shown(story_path: Path) -> None:
    app = _Host(story_path, "funing-1")
    async with app.run_test(size=SIZE):
        screen = app.task_screen
        assert str(screen.query_one("#task-title", Static).content) == (
            "funing-1  南区东侧围墙铁栏杆除锈补焊"
        )
        assert value(screen, "status") == "staffed"
        assert value(screen, "site") == "funing (阜宁社区)"
        assert value(screen, "place") == "朱庆花园南区 东侧围墙"
        assert value(screen, "schedule") == "2026-11-28 sat 08:30–11:30"
        assert value(screen, "needs") == "welding 2/2 (level ≥ 2) · cleaning 1/1"
        assert value(screen, "hours") == "3"
        assert value(screen, "origin").startswith(
            "朱庆花园南区居民代表, 2026-07-18 — 居民建议第1条"
        )
        assert value(screen, "tags") == "micro-renovation"
        assert "焊工须持有效电焊作业证" in value(screen, "description")
        assert not screen.query_one("#value-schedule").has_class("overdue")
        people = rows(screen, "assignments")
        assert len(people) == 3
        assert all(row[0].endswith(")") and "(funing-v" in row[0] for row in people)
        assert {row[1] for row in people} == {"welding", "cleaning"}


async def test_overdue_date_is_marked(story_path: Path) -> None:
    app = _Host(story_path, "funing-5")  # in progress, due three days ago
    async with app.run_test(size=SIZE):
        screen = app.task_screen
        assert value(screen, "due") == "2026-11-22  (overdue)"
        assert screen.query_one("#value-due").has_class("overdue")


async def test_checklist_table_lists_items_with_attempts(story_path: Path) -> None:
    app = _Host(story_path, CENSUS)
    async with app.run_test(size=SIZE):
        items = rows(app.task_screen, "checklist")
        assert len(items) == 9
        assert items[2] == ["3", "1栋201", "retry", "2", "不在家"]
        assert items[6] == ["7", "3栋402", "todo", "0", ""]
        assert app.task_screen.focused is app.task_screen.query_one(ChecklistTable)


async def test_not_home_counts_an_attempt_and_asks_for_a_retry(story_path: Path) -> None:
    app = _Host(story_path, CENSUS)
    async with app.run_test(size=SIZE) as pilot:
        app.task_screen.query_one(ChecklistTable).move_cursor(row=6)
        await pilot.press("r")
        await pilot.pause()
        item = Store.open(story_path).task(CENSUS).checklist[6]
        assert (item.state, item.attempts, item.note) == ("retry", 1, "Not home")
        assert rows(app.task_screen, "checklist")[6] == ["7", "3栋402", "retry", "1", "Not home"]
        assert app.task_screen.query_one(ChecklistTable).cursor_row == 6
        await pilot.press("r")  # a second visit keeps the note and counts again
        await pilot.pause()
        item = Store.open(story_path).task(CENSUS).checklist[6]
        assert (item.state, item.attempts, item.note) == ("retry", 2, "Not home")


async def test_space_marks_done_and_undo_takes_it_back(story_path: Path) -> None:
    app = _Host(story_path, CENSUS)
    async with app.run_test(size=SIZE) as pilot:
        app.task_screen.query_one(ChecklistTable).move_cursor(row=2)
        await pilot.press("space")
        await pilot.pause()
        item = Store.open(story_path).task(CENSUS).checklist[2]
        assert (item.state, item.attempts, item.note) == ("done", 3, "不在家")
        assert app.history.undo() is not None
        app.task_screen.refresh_from_store()
        item = Store.open(story_path).task(CENSUS).checklist[2]
        assert (item.state, item.attempts) == ("retry", 2)
        assert rows(app.task_screen, "checklist")[2][2] == "retry"


async def test_tick_keeps_a_tick_saved_elsewhere_meanwhile(story_path: Path) -> None:
    app = _Host(story_path, CENSUS)
    async with app.run_test(size=SIZE) as pilot:
        other = Store.open(story_path, who="cli")
        task = other.task(CENSUS)
        checklist = [item.model_dump(mode="json") for item in task.checklist]
        checklist[8]["state"] = "done"
        other.update("tasks", task.id, {"checklist": checklist}, action="checked")
        app.task_screen.query_one(ChecklistTable).move_cursor(row=6)
        await pilot.press("space")
        await pilot.pause()
        states = [item.state for item in Store.open(story_path).task(CENSUS).checklist]
        assert (states[6], states[8]) == ("done", "done")
        assert rows(app.task_screen, "checklist")[8][2] == "done"


async def test_skip_and_back_to_todo_count_no_attempt(story_path: Path) -> None:
    app = _Host(story_path, CENSUS)
    async with app.run_test(size=SIZE) as pilot:
        app.task_screen.query_one(ChecklistTable).move_cursor(row=8)
        await pilot.press("s")
        await pilot.pause()
        item = Store.open(story_path).task(CENSUS).checklist[8]
        assert (item.state, item.attempts) == ("skipped", 0)
        await pilot.press("t")
        await pilot.pause()
        item = Store.open(story_path).task(CENSUS).checklist[8]
        assert (item.state, item.attempts) == ("todo", 0)
        await pilot.press("x")
        await pilot.pause()
        item = Store.open(story_path).task(CENSUS).checklist[8]
        assert (item.state, item.attempts) == ("done", 1)
        assert len(app.history.done) == 3


async def test_add_checklist_item(story_path: Path) -> None:
    app = _Host(story_path, "funing-1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NewChecklistItem)
        await pilot.press("enter")  # nothing typed: refused, the dialog stays
        await pilot.pause()
        assert isinstance(app.screen, NewChecklistItem)
        assert app.screen.query_one("#item-error", Label).has_class("-shown")
        await pilot.press(*"weld", "space", *"gate")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TaskScreen)
        checklist = Store.open(story_path).task("funing-1").checklist
        assert [(item.text, item.state) for item in checklist] == [("weld gate", "todo")]
        assert rows(app.task_screen, "checklist") == [["1", "weld gate", "todo", "0", ""]]
        assert app.history.undo() is not None
        assert Store.open(story_path).task("funing-1").checklist == []


async def test_edit_saves_through_the_history_and_undo_restores(story_path: Path) -> None:
    app = _Host(story_path, "funing-1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        form.query_one("#title", Input).value = "东侧围墙补焊"
        form.query_one("#needs", Input).value = "welding:3:2, painting:2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.task_screen
        stored = Store.open(story_path).task("funing-1")
        assert stored.title == "东侧围墙补焊"
        assert [(n.skill, n.count, n.min_level) for n in stored.needs] == [
            ("welding", 3, 2),
            ("painting", 2, 1),
        ]
        assert str(screen.query_one("#task-title", Static).content) == "funing-1  东侧围墙补焊"
        assert value(screen, "needs") == "welding 2/3 (level ≥ 2) · painting 0/2"
        last = rows(screen, "history")[-1]
        assert last[1:4] == ["funing", "测试员", "edited"]
        assert "title: 南区东侧围墙铁栏杆除锈补焊 → 东侧围墙补焊" in last[4]
        assert "needs +painting" in last[4]
        assert app.history.undo() is not None
        screen.refresh_from_store()
        restored = Store.open(story_path).task("funing-1")
        assert restored.title == "南区东侧围墙铁栏杆除锈补焊"
        assert [n.skill for n in restored.needs] == ["welding", "cleaning"]
        assert rows(screen, "history")[-1][3] == "undone"


async def test_cancelled_edit_changes_nothing(story_path: Path) -> None:
    app = _Host(story_path, "funing-1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TaskScreen)
        assert app.history.done == []


async def test_history_shows_status_changes(story_path: Path) -> None:
    other = Store.open(story_path, who="王阿姨")
    other.update("tasks", other.task("funing-2").id, {"status": "staffed"}, action="moved")
    app = _Host(story_path, "funing-2")
    async with app.run_test(size=SIZE):
        history = rows(app.task_screen, "history")
        assert history[0][3] == "created"
        assert history[-1][2:] == ["王阿姨", "moved", "status: open → staffed"]


async def test_live_reload_shows_changes_made_elsewhere(story_path: Path) -> None:
    app = _Host(story_path, "funing-2")
    async with app.run_test(size=SIZE) as pilot:
        other = Store.open(story_path, who="cli")
        other.update("tasks", other.task("funing-2").id, {"place": "北侧围墙"})
        assert app.store.refresh()
        app.task_screen.refresh_from_store()
        await pilot.pause()
        assert value(app.task_screen, "place") == "北侧围墙"


async def test_live_reload_closes_when_the_task_was_removed(story_path: Path) -> None:
    app = _Host(story_path, "funing-2")
    async with app.run_test(size=SIZE) as pilot:
        other = Store.open(story_path, who="cli")
        other.delete("tasks", other.task("funing-2").id)
        app.store.refresh()
        app.task_screen.refresh_from_store()
        await pilot.pause()
        assert app.closed
        assert not isinstance(app.screen, TaskScreen)
        assert any("funing-2 was removed" in n.message for n in app._notifications)


async def test_removed_while_the_form_is_open_closes_after_it(story_path: Path) -> None:
    app = _Host(story_path, "funing-2")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.task_screen
        await pilot.press("e")
        await pilot.pause()
        other = Store.open(story_path, who="cli")
        other.delete("tasks", other.task("funing-2").id)
        app.store.refresh()
        screen.refresh_from_store()
        assert isinstance(app.screen, TaskForm)
        app.screen.query_one("#title", Input).value = "changed"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.closed
        assert app.history.done == []


async def test_escape_goes_back(story_path: Path) -> None:
    app = _Host(story_path, "funing-1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.closed


async def test_labels_in_chinese(story_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(LANGUAGES, "zh", {**LANGUAGES["zh"], **TASK_ZH})
    set_language("zh")
    app = _Host(story_path, CENSUS)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.task_screen
        assert str(screen.query_one("#name-status", Label).content) == "状态"
        assert str(screen.query_one("#checklist-heading", Label).content) == "清单"
        assert value(screen, "status") == "进行中"
        assert value(screen, "needs") == "入户走访 4/4"
        table = screen.query_one(ChecklistTable)
        assert [str(column.label) for column in table.columns.values()][3] == "上门次数"
        assert rows(screen, "checklist")[0][2] == "已完成"
        assert screen.active_bindings["r"].binding.description == "不在家"
        table.move_cursor(row=6)
        await pilot.press("r")
        await pilot.pause()
        assert Store.open(story_path).task(CENSUS).checklist[6].note == "不在家"
    set_language("en")

"""The task screen driven through Pilot: fields, checklist keys, editing, undo, live reload.

The fields, description, assignments and history are drawn as text in two
widgets; the tests read that text as drawn on screen, line by line.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.color import Color
from textual.geometry import Offset, Region
from textual.screen import Screen
from textual.selection import Selection
from textual.strip import Strip
from textual.widgets import DataTable, Input, Label, Static

from taskboard.actions.tasks import edit_task, move_task, remove_task, reorder_task, restore_task
from taskboard.i18n import set_language
from taskboard.model import HoursEntry
from taskboard.settings import current_day
from taskboard.store import Store
from taskboard.tui.app import make_app
from taskboard.tui.screens.help import HelpScreen
from taskboard.tui.screens.task.checklist import ChecklistTable, ItemNote, NewChecklistItem
from taskboard.tui.screens.task.screen import TaskScreen
from taskboard.tui.screens.task.text import TaskBody, TaskText
from taskboard.tui.screens.task_form import TaskForm
from taskboard.tui.widgets.key_bar import KeyBar

from .hosts import task_opened

SIZE = (140, 50)
CENSUS = "xingye-1"
"""Door-to-door census visits: nine households, item 7 (3栋402) still to do."""


def drawn(screen: TaskScreen, widget_id: str) -> list[Strip]:
    """The lines of one widget as painted on screen."""
    widget = screen.query_one(f"#{widget_id}", Static)
    return widget.render_lines(Region(0, 0, *widget.size))


def shown(screen: TaskScreen, widget_id: str) -> list[str]:
    """The text of one widget as painted on screen, line by line."""
    return [strip.text.rstrip() for strip in drawn(screen, widget_id)]


def value(screen: TaskScreen, name: str) -> str:
    """The value shown against the field called `name`, its wrapped lines joined."""
    lines = shown(screen, "task-summary")
    for index, line in enumerate(lines):
        if line.startswith(f"{name} "):
            parts = [line[len(name) :].strip()]
            for more in lines[index + 1 :]:
                if not more.startswith(" ") or not more.strip():
                    break
                parts.append(more.strip())
            return " ".join(parts)
    raise AssertionError(f"no field {name!r} in {lines}")


def value_style(screen: TaskScreen, name: str) -> Style:
    """The style the value of field `name` is painted in."""
    for strip in drawn(screen, "task-summary"):
        if strip.text.startswith(f"{name} "):
            segments = [segment for segment in strip if segment.text.strip()]
            style = segments[-1].style
            assert style is not None
            return style
    raise AssertionError(f"no field {name!r}")


def is_error_colour(app: App[None], style: Style) -> bool:
    error = Color.parse(app.theme_variables["error"])
    return bool(style.bold and style.color and style.color.triplet == error.rich_color.triplet)


def text_table(screen: TaskScreen, heading: str) -> list[list[str]]:
    """The rows of the table under `heading` in the lower text, cells split at wide gaps."""
    lines = shown(screen, "task-records")
    rows: list[list[str]] = []
    for line in lines[lines.index(heading) + 2 :]:
        if not line.strip():
            break
        if line.startswith(" "):  # the last cell, wrapped
            rows[-1][-1] += " " + line.strip()
        else:
            rows.append(re.split(r" {2,}", line.strip()))
    return rows


def rows(screen: TaskScreen, table_id: str) -> list[list[str]]:
    table: DataTable[Text] = screen.query_one(f"#{table_id}", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_every_field_is_shown(story_path: Path) -> None:
    async with task_opened(story_path, "funing-1", size=SIZE) as host:
        app = host.app
        screen = host.screen
        summary = shown(screen, "task-summary")
        assert "funing-1  南区东侧围墙铁栏杆除锈补焊" in summary
        assert value(screen, "Ref") == "funing-1"
        assert value(screen, "Status") == "staffed"
        assert value(screen, "Kind") == "renovation"
        assert value(screen, "Priority") == "high"
        assert value(screen, "Site") == "funing (阜宁社区)"
        assert value(screen, "Place") == "朱庆花园南区 东侧围墙"
        assert value(screen, "Schedule") == "2026-11-28 sat 08:30–11:30"
        assert value(screen, "Due") == "-"
        assert value(screen, "Needs") == "cleaning 1/1 · welding 2/2 (level ≥ 2)"
        assert value(screen, "Estimated hours") == "3"
        assert value(screen, "Origin").startswith(
            "朱庆花园南区居民代表, 2026-07-18 — 居民建议第1条"
        )
        assert value(screen, "Preferred group") == "-"
        assert value(screen, "Tags") == "micro-renovation"
        description = summary[summary.index("Description") + 1]
        assert "焊工须持有效电焊作业证" in description
        assert not is_error_colour(app, value_style(screen, "Schedule"))
        people = text_table(screen, "Assignments")
        assert len(people) == 3
        assert all(row[0].endswith(")") and "(funing-v" in row[0] for row in people)
        assert {row[1] for row in people} == {"welding", "cleaning"}


async def test_overdue_date_is_marked(story_path: Path) -> None:
    async with task_opened(
        story_path, "funing-5", size=SIZE
    ) as host:  # in progress, due three days ago
        app = host.app
        screen = host.screen
        assert value(screen, "Due") == "2026-11-22  (overdue)"
        assert is_error_colour(app, value_style(screen, "Due"))
        assert not is_error_colour(app, value_style(screen, "Status"))


async def test_checklist_table_lists_items_with_attempts(story_path: Path) -> None:
    async with task_opened(story_path, CENSUS, size=SIZE) as host:
        items = rows(host.screen, "checklist")
        assert len(items) == 9
        assert items[2] == ["3", "1栋201", "retry", "2", "不在家"]
        assert items[6] == ["7", "3栋402", "todo", "0", ""]
        assert host.screen.focused is host.screen.query_one(ChecklistTable)


async def test_not_home_counts_an_attempt_and_asks_for_a_retry(story_path: Path) -> None:
    async with task_opened(story_path, CENSUS, size=SIZE) as host:
        pilot = host.pilot
        host.screen.query_one(ChecklistTable).move_cursor(row=6)
        await pilot.press("r")
        await pilot.pause()
        item = Store.open(story_path).task(CENSUS).checklist[6]
        assert (item.state, item.attempts, item.note) == ("retry", 1, "Not home")
        assert rows(host.screen, "checklist")[6] == ["7", "3栋402", "retry", "1", "Not home"]
        assert host.screen.query_one(ChecklistTable).cursor_row == 6
        await pilot.press("r")  # a second visit keeps the note and counts again
        await pilot.pause()
        item = Store.open(story_path).task(CENSUS).checklist[6]
        assert (item.state, item.attempts, item.note) == ("retry", 2, "Not home")


async def test_space_marks_done_clears_not_home_and_undo_takes_it_back(story_path: Path) -> None:
    async with task_opened(story_path, CENSUS, size=SIZE) as host:
        app, pilot = host.app, host.pilot
        host.screen.query_one(ChecklistTable).move_cursor(row=2)
        await pilot.press("space")
        await pilot.pause()
        item = Store.open(story_path).task(CENSUS).checklist[2]
        assert (item.state, item.attempts, item.note) == ("done", 3, "")  # 不在家 is cleared
        assert rows(host.screen, "checklist")[2] == ["3", "1栋201", "done", "3", ""]
        assert app.history.undo() is not None
        host.screen.reload()
        await pilot.pause()
        item = Store.open(story_path).task(CENSUS).checklist[2]
        assert (item.state, item.attempts, item.note) == ("retry", 2, "不在家")
        assert rows(host.screen, "checklist")[2][2] == "retry"


async def test_tick_keeps_a_tick_saved_elsewhere_meanwhile(story_path: Path) -> None:
    async with task_opened(story_path, CENSUS, size=SIZE) as host:
        pilot = host.pilot
        other = Store.open(story_path, who="cli")
        task = other.task(CENSUS)
        checklist = [item.model_dump(mode="json") for item in task.checklist]
        checklist[8]["state"] = "done"
        other.tasks.update(task.id, {"checklist": checklist}, action="checked")
        host.screen.query_one(ChecklistTable).move_cursor(row=6)
        await pilot.press("space")
        await pilot.pause()
        states = [item.state for item in Store.open(story_path).task(CENSUS).checklist]
        assert (states[6], states[8]) == ("done", "done")
        assert rows(host.screen, "checklist")[8][2] == "done"


async def test_skip_and_back_to_todo_count_no_attempt(story_path: Path) -> None:
    async with task_opened(story_path, CENSUS, size=SIZE) as host:
        app, pilot = host.app, host.pilot
        host.screen.query_one(ChecklistTable).move_cursor(row=8)
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
    async with task_opened(story_path, "funing-1", size=SIZE) as host:
        app, pilot = host.app, host.pilot
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
        assert rows(host.screen, "checklist") == [["1", "weld gate", "todo", "0", ""]]
        assert app.history.undo() is not None
        assert Store.open(story_path).task("funing-1").checklist == []


async def test_edit_saves_through_the_history_and_undo_restores(story_path: Path) -> None:
    async with task_opened(story_path, "funing-1", size=SIZE) as host:
        app, pilot = host.app, host.pilot
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        form.query_one("#title", Input).value = "东侧围墙补焊"
        form.query_one("#needs", Input).value = "welding:3:2, painting:2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = host.screen
        stored = Store.open(story_path).task("funing-1")
        assert stored.title == "东侧围墙补焊"
        assert [(n.skill, n.count, n.min_level) for n in stored.needs] == [
            ("painting", 2, 1),
            ("welding", 3, 2),
        ]
        assert "funing-1  东侧围墙补焊" in shown(screen, "task-summary")
        assert value(screen, "Needs") == "painting 0/2 · welding 2/3 (level ≥ 2)"
        last = text_table(screen, "History")[-1]
        assert last[1:4] == ["funing", "测试员", "edited"]
        assert "Title: 南区东侧围墙铁栏杆除锈补焊 → 东侧围墙补焊" in last[4]
        assert "Needs: +painting 2, welding 2 → 3, -cleaning" in last[4]
        assert app.history.undo() is not None
        screen.reload()
        await pilot.pause()
        restored = Store.open(story_path).task("funing-1")
        assert restored.title == "南区东侧围墙铁栏杆除锈补焊"
        assert [n.skill for n in restored.needs] == ["cleaning", "welding"]
        assert text_table(screen, "History")[-1][3] == "undone"
        assert "funing-1  南区东侧围墙铁栏杆除锈补焊" in shown(screen, "task-summary")


async def test_cancelled_edit_changes_nothing(story_path: Path) -> None:
    async with task_opened(story_path, "funing-1", size=SIZE) as host:
        app, pilot = host.app, host.pilot
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TaskScreen)
        assert app.history.done == []


async def test_history_shows_status_changes(story_path: Path) -> None:
    other = Store.open(story_path, who="王阿姨")
    other.tasks.update(other.task("funing-2").id, {"status": "staffed"}, action="moved")
    async with task_opened(story_path, "funing-2", size=SIZE) as host:
        history = text_table(host.screen, "History")
        assert history[0][3] == "created"
        assert history[-1][2:] == ["王阿姨", "moved", "moved to Staffed"]


async def test_live_reload_shows_changes_made_elsewhere(story_path: Path) -> None:
    async with task_opened(story_path, "funing-2", size=SIZE) as host:
        app, pilot = host.app, host.pilot
        other = Store.open(story_path, who="cli")
        other.tasks.update(other.task("funing-2").id, {"place": "北侧围墙"})
        assert app.store.refresh()
        host.screen.reload()
        await pilot.pause()
        assert value(host.screen, "Place") == "北侧围墙"


async def test_file_watcher_reloads_the_open_task_screen(story_path: Path) -> None:
    """The app's watcher tells the task screen of a save made elsewhere, as it tells the board."""
    store = Store.open(story_path, who="测试员")
    app = make_app(store, None, today=current_day(), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        app.board_state.select_task(store.task("funing-2").id)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TaskScreen)
        other = Store.open(story_path, who="cli")
        other.tasks.update(other.task("funing-2").id, {"place": "北侧围墙"})
        app.check_outside_changes()
        await pilot.pause()
        assert value(screen, "Place") == "北侧围墙"


async def test_live_reload_closes_when_the_task_was_removed(story_path: Path) -> None:
    async with task_opened(story_path, "funing-2", size=SIZE) as host:
        app, pilot = host.app, host.pilot
        other = Store.open(story_path, who="cli")
        other.tasks.delete(other.task("funing-2").id)
        app.store.refresh()
        host.screen.reload()
        await pilot.pause()
        assert host.closed
        assert not isinstance(app.screen, TaskScreen)
        assert any("funing-2 was removed" in n.message for n in app._notifications)


async def test_removed_while_the_form_is_open_closes_after_it(story_path: Path) -> None:
    async with task_opened(story_path, "funing-2", size=SIZE) as host:
        app, pilot = host.app, host.pilot
        screen = host.screen
        await pilot.press("e")
        await pilot.pause()
        other = Store.open(story_path, who="cli")
        other.tasks.delete(other.task("funing-2").id)
        app.store.refresh()
        screen.reload()
        assert isinstance(app.screen, TaskForm)
        app.screen.query_one("#title", Input).value = "changed"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert host.closed
        assert app.history.done == []


async def test_escape_goes_back(story_path: Path) -> None:
    async with task_opened(story_path, "funing-1", size=SIZE) as host:
        pilot = host.pilot
        await pilot.press("escape")
        await pilot.pause()
        assert host.closed


async def test_labels_in_chinese(story_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("zh")
    async with task_opened(story_path, CENSUS, size=SIZE) as host:
        pilot = host.pilot
        screen = host.screen
        summary = shown(screen, "task-summary")
        assert "清单" in summary
        assert "说明" in summary
        headings = ("人员安排", "变更记录")
        assert [line for line in shown(screen, "task-records") if line in headings] == [*headings]
        assert value(screen, "状态") == "进行中"
        assert value(screen, "所需技能") == "入户走访 4/4"
        assert text_table(screen, "变更记录")[0][3] == "创建"
        table = screen.query_one(ChecklistTable)
        assert [str(column.label) for column in table.columns.values()][3] == "上门次数"
        assert rows(screen, "checklist")[0][2] == "已完成"
        assert screen.active_bindings["r"].binding.description == "不在家"
        table.move_cursor(row=6)
        await pilot.press("r")
        await pilot.pause()
        assert Store.open(story_path).task(CENSUS).checklist[6].note == "不在家"
    set_language("en")


async def test_long_values_wrap_under_their_column(story_path: Path) -> None:
    async with task_opened(story_path, "funing-1", size=(50, 50)) as host:
        app = host.app
        screen = host.screen
        summary = shown(screen, "task-summary")
        origin = next(i for i, line in enumerate(summary) if line.startswith("Origin "))
        assert summary[origin + 1].startswith(" " * 18)  # the value goes on under itself
        origin_note = app.store.task("funing-1").origin
        assert origin_note is not None
        written = f"{origin_note.source}, {origin_note.date} — {origin_note.note}"
        assert "".join(value(screen, "Origin").split()) == "".join(written.split())  # all of it


async def test_theme_change_recolours_the_overdue_date(story_path: Path) -> None:
    async with task_opened(story_path, "funing-5", size=SIZE) as host:
        app, pilot = host.app, host.pilot
        dark_error = app.theme_variables["error"]
        app.theme = "nord"
        await pilot.pause()
        assert app.theme_variables["error"] != dark_error
        assert is_error_colour(app, value_style(host.screen, "Due"))


async def test_text_can_be_selected_and_copied(story_path: Path) -> None:
    async with task_opened(story_path, "funing-1", size=SIZE) as host:
        pilot = host.pilot
        screen = host.screen
        summary = screen.query_one("#task-summary", TaskText)
        line = summary.lines.index("Place             朱庆花园南区 东侧围墙")
        selection = Selection(Offset(18, line), Offset(24, line))
        assert summary.get_selection(selection) == ("朱庆花园南区", "\n")
        screen.selections = {summary: selection}
        await pilot.pause()
        place = drawn(screen, "task-summary")[line]
        background = {segment.text: segment.style and segment.style.bgcolor for segment in place}
        assert background["朱庆花园南区"] != background[" 东侧围墙"]
        assert [segment.style and segment.style.meta.get("offset") for segment in place][3:5] == [
            (18, line),
            (24, line),
        ]


async def test_key_bar_shows_the_checklist_keys_where_they_work(story_path: Path) -> None:
    async with task_opened(story_path, CENSUS, size=SIZE) as host:
        pilot = host.pilot
        bar = host.screen.query_one(KeyBar)
        assert "Mark done" in str(bar.render())
        await pilot.press("tab")  # the body, where the checklist keys do nothing
        await pilot.pause()
        assert host.screen.focused is not host.screen.query_one(ChecklistTable)
        assert "Mark done" not in str(bar.render())
        assert "Edit" in str(bar.render())
        await pilot.press("shift+tab")
        await pilot.pause()
        assert "Mark done" in str(bar.render())


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("ref", ["funing-1", "yuecheng-r1-261209", CENSUS])
async def test_key_bar_always_shows_back_and_quit(
    story_path: Path, language: str, ref: str
) -> None:
    """At 140x45, where the task screen has more keys than room, Back and Quit stay in the
    key bar (with Help) in English and in Chinese; the keys after them give way."""
    set_language(language)
    back, quit_, help_ = ("Back", "Quit", "Help") if language == "en" else ("返回", "退出", "帮助")
    async with task_opened(story_path, ref, size=(140, 45)) as host:
        await host.pilot.pause()
        bar = host.screen.query_one(KeyBar)
        shown = str(bar.render())
        assert f"esc {back}" in shown and f"^q {quit_}" in shown, shown
        assert shown.rstrip().endswith(f"? {help_}")
        assert cell_len(shown.rstrip()) <= 140
        await host.pilot.resize_terminal(80, 24)
        await host.pilot.pause()
        shown = str(bar.render())
        assert f"esc {back}" in shown and f"^q {quit_}" in shown, shown
        assert cell_len(shown.rstrip()) <= 80


async def test_the_screen_is_a_handful_of_widgets(story_path: Path) -> None:
    """Opening a task stays quick: the text is drawn in two widgets, not one per field."""
    async with task_opened(story_path, CENSUS, size=SIZE) as host:
        body = host.screen.query_one("#task-body")
        assert [type(child) for child in body.children] == [TaskText, ChecklistTable, TaskText]


async def test_live_reload_shows_assignments_and_hours_changed_elsewhere(
    story_path: Path, today: dt.date
) -> None:
    async with task_opened(story_path, "funing-1", size=SIZE) as host:
        app, pilot = host.app, host.pilot
        other = Store.open(story_path, who="cli")
        task_id = other.task("funing-1").id
        welder = next(
            doc
            for doc in other.assignments_of_task(task_id)
            if doc["skill"] == "welding" and doc["state"] != "done"
        )
        other.assignments.update(welder["id"], {"state": "declined"})
        entry = HoursEntry(
            assignment=welder["id"],
            task=task_id,
            volunteer=welder["volunteer"],
            date=today,
            hours=2.5,
        )
        other.hours.create(entry)
        assert app.store.refresh()
        host.screen.reload()
        await pilot.pause()
        assert value(host.screen, "Needs") == "cleaning 1/1 · welding 1/2 (level ≥ 2)"
        volunteer = other.volunteers.get(welder["volunteer"]) or {}
        row = next(
            row for row in text_table(host.screen, "Assignments") if volunteer["ref"] in row[0]
        )
        assert row[2:] == ["declined", "2.5"]


async def test_n_writes_and_clears_an_items_note(story_path: Path) -> None:
    async with task_opened(story_path, CENSUS, size=SIZE) as host:
        app, pilot = host.app, host.pilot
        host.screen.query_one(ChecklistTable).move_cursor(row=6)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ItemNote)
        assert app.screen.query_one("#note-text", Input).value == ""
        app.screen.query_one("#note-text", Input).value = "晚上六点后在家"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TaskScreen)
        item = Store.open(story_path).task(CENSUS).checklist[6]
        note = "晚上六点后在家"
        assert (item.state, item.attempts, item.note) == ("todo", 0, note)
        assert rows(host.screen, "checklist")[6] == ["7", "3栋402", "todo", "0", note]
        host.screen.query_one(ChecklistTable).move_cursor(row=2)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ItemNote)
        assert app.screen.query_one("#note-text", Input).value == "不在家"
        app.screen.query_one("#note-text", Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert Store.open(story_path).task(CENSUS).checklist[2].note == ""
        await pilot.press("n", "escape")  # escape changes nothing
        await pilot.pause()
        assert isinstance(app.screen, TaskScreen)
        assert len(app.history.done) == 2
        assert app.history.undo() is not None
        assert Store.open(story_path).task(CENSUS).checklist[2].note == "不在家"
        history = text_table(host.screen, "History")
        assert history[-2][3:] == ["checked", "3栋402: note: 晚上六点后在家"]


async def test_note_key_is_in_the_help(story_path: Path) -> None:
    store = Store.open(story_path, who="测试员")
    app = make_app(store, None, today=current_day(), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        app.board_state.select_task(store.task(CENSUS).id)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TaskScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows_by_action = {action: keys for keys, action, _tip, _id in app.screen.rows}
        assert rows_by_action["Note"] == "n"


async def test_history_on_the_task_screen_is_in_words(story_path: Path) -> None:
    other = Store.open(story_path, who="王阿姨")
    census = other.task(CENSUS)
    move_task(other, census.id, "staffed", force=True)
    reorder_task(other, census.id, other.task(CENSUS).rank - 10.0)
    remove_task(other, census.id)
    restore_task(other, census.id)
    async with task_opened(story_path, CENSUS, size=SIZE) as host:
        pilot = host.pilot
        host.screen.query_one(ChecklistTable).move_cursor(row=6)
        await pilot.press("r")
        await pilot.pause()
        history = [row[3:] for row in text_table(host.screen, "History")[-6:]]
        assert history == [
            ["moved", "moved to Staffed"],
            ["reordered", "moved up"],
            ["removed", "-"],
            ["restored", "-"],
            ["checked", "3栋402: not home (attempt 1), note: Not home"],
            ["visited", "3栋402: not home — 测试员, 2026-11-25"],
        ]
        text = "\n".join(shown(host.screen, "task-records"))
        assert "rank" not in text and "deleted" not in text and "True" not in text
    set_language("zh")
    try:
        async with task_opened(story_path, CENSUS, size=SIZE) as host:
            history = [row[3:] for row in text_table(host.screen, "变更记录")[-6:]]
            assert history[:2] == [["移动", "移到「已配人」"], ["调整顺序", "上移"]]
            assert history[-2] == ["勾选清单", "3栋402:不在家(第 1 次上门),备注:Not home"]
            assert history[-1] == ["上门", "3栋402:不在家 — 测试员,2026-11-25"]
    finally:
        set_language("en")


async def test_opening_another_task_shows_it_from_the_top(story_path: Path) -> None:
    """The board keeps the task screen between opens: the next task opened shows its
    own fields and checklist from the first item, never the last task's."""
    app = make_app(Store.open(story_path, who="测试员"), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        app.board_state.select_task(app.store.task(CENSUS).id)
        await pilot.press("enter")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, TaskScreen) and first.shown_task.ref == CENSUS
        await pilot.press("j", "j", "j")
        assert first.query_one("#checklist", ChecklistTable).cursor_row == 3
        await pilot.press("escape")
        await pilot.pause()
        other = app.store.task("funing-2")
        app.board_state.select_task(other.id)
        await pilot.press("enter")
        await pilot.pause()
        second = app.screen
        assert isinstance(second, TaskScreen) and second.shown_task.ref == "funing-2"
        assert any(other.title in line for line in shown(second, "task-summary"))
        assert not any(
            app.store.task(CENSUS).title in line for line in shown(second, "task-summary")
        )
        assert second.query_one("#checklist", ChecklistTable).row_count == len(other.checklist)
        assert second.query_one("#checklist", ChecklistTable).cursor_row == 0
        await pilot.press("escape")
        await pilot.pause()
        assert app.board_state.selected_id() == other.id


async def test_opening_a_task_paints_it_in_one_frame(
    story_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a task is done when the task is on screen: no second paint a frame
    later (the board's key bar under it, the checklist styled again, a text taller
    than the last task's laid out again, the scrollbar coming or going between two
    tasks), each of which made opening a task wait for one more frame of the
    screen's update timer."""
    frame = [0]
    on_timer_update = Screen._on_timer_update

    def next_frame(screen: Screen[object]) -> None:
        frame[0] += 1
        on_timer_update(screen)

    monkeypatch.setattr(Screen, "_on_timer_update", next_frame)
    app = make_app(Store.open(story_path, who="测试员"), watch=False)
    # the census round needs a scrollbar at 140x45, the plain tasks do not
    async with app.run_test(size=(140, 45)) as pilot:
        painted: list[int] = []
        display = app._display

        def counted(screen: Screen[object], renderable: object) -> None:
            painted.append(frame[0])
            display(screen, renderable)

        monkeypatch.setattr(app, "_display", counted)
        # the first open builds the screen; then it is kept, and shows in turn a census
        # round (campaign keys, a long checklist), a plain task, the round again
        for index, ref in enumerate(("funing-1", CENSUS, "funing-2", CENSUS, "funing-2")):
            app.board_state.select_task(app.store.task(ref).id)
            await pilot.pause()
            painted.clear()
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, TaskScreen) and screen.shown_task.ref == ref
            body = screen.query_one("#task-body", TaskBody)
            assert body.show_vertical_scrollbar == (ref == CENSUS)
            assert body.scroll_y == 0  # each task from its top
            if index:
                assert painted and len(set(painted)) == 1, f"{ref} painted in frames {painted}"
            if ref == CENSUS:  # read to the end before going back
                body.scroll_end(animate=False, immediate=True)
                await pilot.pause()
                assert body.scroll_y == body.max_scroll_y > 0
            await pilot.press("escape")
            await pilot.pause()


async def test_a_theme_chosen_while_the_task_screen_was_closed_shows_on_reopening(
    story_path: Path,
) -> None:
    """The task screen kept between opens is styled again when it opens after the
    theme changed, and only then: its text and checklist take the new colours."""
    app = make_app(Store.open(story_path, who="测试员"), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        app.board_state.select_task(app.store.task("funing-5").id)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        dark_error = app.theme_variables["error"]
        app.theme = "nord"
        await pilot.pause()
        assert app.theme_variables["error"] != dark_error
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TaskScreen) and screen.shown_task.ref == "funing-5"
        assert is_error_colour(app, value_style(screen, "Due"))
        table = screen.query_one(ChecklistTable)
        assert table.styles.background == Color.parse(app.theme_variables["surface"])


async def test_reopening_a_task_keeps_its_drawing_until_the_data_changes(story_path: Path) -> None:
    """Opening again the task shown last draws nothing again; a change made while the
    screen was closed (here a title edited elsewhere) is shown on the next open."""
    app = make_app(Store.open(story_path, who="测试员"), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        task = app.store.task(CENSUS)
        app.board_state.select_task(task.id)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TaskScreen)
        summary = screen.query_one("#task-summary", TaskText)
        drawn_before = summary.visual
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and summary.visual is drawn_before
        await pilot.press("escape")
        await pilot.pause()
        edit_task(Store.open(story_path, who="别处"), task.id, {"title": "Census, second pass"})
        app.store.refresh()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and summary.visual is not drawn_before
        assert any("Census, second pass" in line for line in shown(screen, "task-summary"))

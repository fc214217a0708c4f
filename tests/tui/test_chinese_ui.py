"""Everything the Chinese UI can show is in Chinese: keys, help, history, errors, charts.

The catalogue test walks the bindings of every screen and widget of the board
and the kiosk, and of the Textual widgets they put on screen (their keys show
on the help screen), and fails on any description or tooltip without a
Chinese text.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from cli_harness import Cli
from textual.app import App
from textual.dom import DOMNode
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

import taskboard.tui
from taskboard.actions.describe import history_line
from taskboard.demo import fill_store, story_dataset
from taskboard.i18n import LANGUAGES, set_language
from taskboard.model import HistoryEntry
from taskboard.settings import current_day
from taskboard.store import Store
from taskboard.tui.app import make_app
from taskboard.tui.screens.help import HelpScreen
from taskboard.tui.screens.reports import ReportsScreen, skill_ticks
from taskboard.tui.screens.task_form import TaskForm

ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def shown_classes() -> set[type[DOMNode]]:
    """Every screen and widget class the app's modules define or put on screen."""
    found: set[type[DOMNode]] = {App, SelectOverlay}
    for module in pkgutil.walk_packages(taskboard.tui.__path__, "taskboard.tui."):
        loaded = importlib.import_module(module.name)
        for _name, value in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(value, DOMNode):
                found.add(value)
    return found


def test_every_key_description_and_tooltip_has_a_chinese_text() -> None:
    chinese = LANGUAGES["zh"]
    missing = set()
    for cls in shown_classes():
        for bindings in cls._merge_bindings().key_to_bindings.values():
            for binding in bindings:
                for text in (binding.description, binding.tooltip):
                    if text and text not in chinese:
                        missing.add(f"{cls.__name__} {binding.key}: {text!r}")
    assert not missing, "\n".join(sorted(missing))


@pytest.fixture
def story_path(tmp_path: Path, today: dt.date) -> Path:
    dataset = story_dataset(today)
    fresh = Store.memory(who="test")
    fresh.initialise(dataset.site, coordinator="李主任")
    fill_store(fresh, dataset, history=False)
    path = tmp_path / "story.json"
    Store.open(path, must_exist=False).replace_all(fresh.storage.data)
    return path


async def test_help_screen_is_all_chinese(story_path: Path) -> None:
    set_language("zh")
    app = make_app(Store.open(story_path), today=current_day(), watch=False)
    async with app.run_test(size=(160, 45)) as pilot:
        for keys in ([], ["f"], ["r"]):  # the board, the filter pop-up, the roster
            await pilot.press(*keys, "question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            english = [
                row
                for row in app.screen.rows
                if ENGLISH_WORD.search((row[1] + row[2]).replace("taskboard", ""))
            ]
            assert not english, english
            await pilot.press("escape", "escape")
            await pilot.pause()


def test_history_never_shows_stored_flags(today: dt.date) -> None:
    set_language("zh")
    entry = HistoryEntry(
        table="volunteers",
        record="x1",
        action="edited",
        at=dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC),
        site="funing",
        who="李主任",
        changes={"deleted": (None, True), "active": (True, False), "minor": (False, True)},
    )
    line = history_line(entry)
    assert "True" not in line.changes and "False" not in line.changes
    assert "deleted" not in line.changes and "否" in line.changes


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("task", "show", "funing-99"), "没有任务 'funing-99'"),
        (("task", "edit", "funing-1", "--hours", "-3"), "必须大于 0"),
        (("task", "add", "--title", ""), "不能为空"),
        (("task", "add", "--title", "x", "--need", "welding:x"), "须为整数"),
        (("assignments", "无名氏"), "没有志愿者 '无名氏'"),
    ],
)
def test_cli_errors_are_all_chinese(story_cli: Cli, args: tuple[str, ...], words: str) -> None:
    line = story_cli.fails("--lang", "zh", *args)
    assert line.startswith("taskboard: 错误: ") and words in line
    said = line.removeprefix("taskboard: 错误: ")
    typed = {"funing", "welding", "title", "hours", "need", "taskboard"}  # options, values typed
    leftover = [w for w in ENGLISH_WORD.findall(said) if w not in typed]
    assert not leftover, line


def test_cli_errors_stay_english_in_english(story_cli: Cli) -> None:
    assert story_cli.fails("task", "show", "funing-99") == "taskboard: error: no task 'funing-99'"


def test_chart_ticks_never_show_skill_keys() -> None:
    assert skill_ticks(["welding", "door-to-door visits"]) == (
        ["welding", "door-to-door visits"],
        "",
    )
    ticks, key = skill_ticks(["电焊", "入户走访"])
    assert ticks == ["1", "2"] and key == "2 入户走访 · 1 电焊"


async def test_reports_screen_names_skills_in_chinese(story_path: Path) -> None:
    set_language("zh")
    app = make_app(Store.open(story_path), today=current_day(), watch=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)
        subtitle = str(app.screen.query_one("#chart-gap").border_subtitle)
        assert "入户走访" in subtitle and "door_to_door" not in subtitle


async def test_task_form_dropdowns_show_chinese_names(story_path: Path) -> None:
    set_language("zh")
    store = Store.open(story_path)
    app = make_app(store, today=current_day(), watch=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await app.push_screen(TaskForm(store, None, default_site=store.site))
        await pilot.pause()
        for key in ("status", "kind", "priority"):
            options = [
                str(label) for label, _value in app.screen.query_one(f"#{key}", Select)._options
            ]
            assert options and not any(ENGLISH_WORD.search(o) for o in options), options


def test_option_values_are_refused_in_the_chosen_language(story_cli: Cli) -> None:
    """The language is chosen before the arguments are read (argparse's own words,
    `argument STATUS`, stay English)."""
    message = story_cli.fails("--lang", "zh", "task", "move", "funing-1", "finished", code=2)
    assert "应为以下之一" in message and "已完成" in message
    message = story_cli.fails("task", "move", "funing-1", "finished", code=2)
    assert "expected one of" in message

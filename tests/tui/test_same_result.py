"""The CLI and the board store the same result for the same task or checklist action.

Each case does one thing twice, on two copies of the story's data: once with
`taskboard …` and once with the board's keys (Pilot). The stored task and the
history entry the action wrote, in words, must be the same. Only what the
caller chooses may differ: where in the column a moved card lands (the board
puts it at the top, where the user is looking; the CLI at the bottom), the new
checklist item's id, and who made the change.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cli_harness import Cli
from textual.pilot import Pilot
from textual.widgets import Input

from taskboard.actions.describe import history_line
from taskboard.demo import fill_store, story_dataset
from taskboard.settings import current_day
from taskboard.store import NotFound, Store
from taskboard.store.records import public
from taskboard.store.storage import Tables
from taskboard.tui.app import TaskboardApp, make_app
from taskboard.tui.screens.task.checklist import ChecklistTable, ItemNote, NewChecklistItem
from taskboard.tui.screens.task_form import TaskForm

SIZE = (150, 45)
CENSUS = "xingye-1"
"""Door-to-door census: items 3 and 5 "not home" (不在家), 7 and 9 to do, 8 skipped."""

BoardSteps = Callable[[TaskboardApp, Pilot[None], str], Awaitable[None]]


@dataclass(frozen=True)
class Case:
    """One action: the task it is on, the command, and the keys on the board."""

    ref: str
    cli: tuple[str, ...]
    board: BoardSteps
    placed: bool = False
    """The action moves the card: its place in the column is the caller's choice."""
    created: str = ""
    """The reference of the task the action creates (its id is new in each run)."""


async def select(app: TaskboardApp, pilot: Pilot[None], ref: str) -> None:
    app.board_state.select_task(app.store.task(ref).id)
    await pilot.pause()


def card_keys(*keys: str) -> BoardSteps:
    """Press `keys` on the board with the task's card selected."""

    async def steps(app: TaskboardApp, pilot: Pilot[None], ref: str) -> None:
        await select(app, pilot, ref)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()

    return steps


def item_key(row: int, key: str) -> BoardSteps:
    """Open the task and press `key` on checklist row `row`."""

    async def steps(app: TaskboardApp, pilot: Pilot[None], ref: str) -> None:
        await select(app, pilot, ref)
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one(ChecklistTable).move_cursor(row=row)
        await pilot.press(key)
        await pilot.pause()

    return steps


def typed(open_keys: tuple[str, ...], screen: type[Any], widget: str, text: str) -> BoardSteps:
    """Open the task, press `open_keys`, type `text` into the dialog's `widget` and save."""

    async def steps(app: TaskboardApp, pilot: Pilot[None], ref: str) -> None:
        await select(app, pilot, ref)
        for key in open_keys:
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, screen)
        app.screen.query_one(f"#{widget}", Input).value = text
        await pilot.press("ctrl+s" if screen is TaskForm else "enter")
        await pilot.pause()

    return steps


CASES = {
    "done": Case(CENSUS, ("task", "check", CENSUS, "3"), item_key(2, "space")),
    "not home": Case(CENSUS, ("task", "check", CENSUS, "7", "--state", "retry"), item_key(6, "r")),
    "not home again": Case(
        CENSUS, ("task", "check", CENSUS, "5", "--state", "retry"), item_key(4, "r")
    ),
    "skip": Case(CENSUS, ("task", "check", CENSUS, "9", "--state", "skipped"), item_key(8, "s")),
    "back to do": Case(CENSUS, ("task", "check", CENSUS, "3", "--state", "todo"), item_key(2, "t")),
    "note": Case(
        CENSUS,
        ("task", "note", CENSUS, "3", "晚上再来"),
        typed(("enter", "down", "down", "n"), ItemNote, "note-text", "晚上再来"),
    ),
    "add item": Case(
        "funing-1",
        ("task", "edit", "funing-1", "--item", "北门铁栏"),
        typed(("enter", "a"), NewChecklistItem, "item-text", "北门铁栏"),
    ),
    "edit": Case(
        "funing-2",
        ("task", "edit", "funing-2", "--place", "北侧围墙"),
        typed(("e",), TaskForm, "place", "北侧围墙"),
    ),
    "move": Case("funing-2", ("task", "move", "funing-2", "staffed"), card_keys("L"), True),
    "move to done": Case(
        CENSUS, ("task", "move", CENSUS, "done", "--force"), card_keys("L", "y"), True
    ),
    "remove": Case("funing-2", ("task", "rm", "funing-2"), card_keys("d")),
    "create": Case(
        "funing-2",  # the board makes it in the column of the selected card: Open
        ("task", "add", "--title", "北门清理"),
        typed(("n",), TaskForm, "title", "北门清理"),
        placed=True,
        created="funing-22",  # after the story's 21 tasks at funing
    ),
}


@pytest.fixture(scope="module")
def story_data(today: dt.date) -> Tables:
    """The story's data, made once and laid down in a file of its own for each run."""
    dataset = story_dataset(today)
    store = Store.memory(who="测试员")
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset)
    return store.storage.data


def lay_down(data: Tables, folder: Path) -> Path:
    """A data file in `folder` holding `data`."""
    folder.mkdir()
    path = folder / "board.json"
    Store.open(path, must_exist=False).replace_all(copy.deepcopy(data))
    return path


def outcome(path: Path, case: Case) -> tuple[dict[str, Any], tuple[str, str]] | None:
    """The stored task (without bookkeeping) and its last history entry in words."""
    store = Store.open(path)
    try:
        doc = store.tasks.find(case.created or case.ref, removed=True)
    except NotFound:
        return None
    task = public(doc)
    if case.created:
        task.pop("id")
    for item in task.get("checklist", []):
        item.pop("id")
    if case.placed:
        task.pop("rank")
    last = history_line(store.history.of(doc["id"])[-1])
    return task, (last.action, last.changes)


@pytest.mark.parametrize("name", list(CASES))
async def test_cli_and_board_store_the_same(
    name: str,
    story_data: Tables,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = CASES[name]
    original = lay_down(story_data, tmp_path / "original")
    by_cli = lay_down(story_data, tmp_path / "cli")
    Cli(capsys, by_cli).ok(*case.cli)

    by_board = lay_down(story_data, tmp_path / "board")
    app = make_app(Store.open(by_board, who="测试员"), None, today=current_day(), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await case.board(app, pilot, case.ref)
        assert len(app.history.done) == 1

    after = outcome(by_cli, case)
    assert after is not None
    assert outcome(original, case) != after  # the action did something
    assert outcome(by_board, case) == after

"""The CLI and the board store the same result for the same volunteer or hours action.

Each case does one thing twice, on two copies of the story's data: once with
`taskboard …` and once on the board (Pilot: the roster screen, the task's
hours form). The stored record and the history entry the action wrote must be
the same; only who made the change and a new record's id may differ.
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
from textual.widgets import Checkbox, DataTable, Input, Select

from taskboard.actions.describe import history_line
from taskboard.demo import fill_store, story_dataset
from taskboard.settings import current_day
from taskboard.store import Store
from taskboard.store.records import public
from taskboard.store.storage import Tables
from taskboard.tui.app import TaskboardApp, make_app
from taskboard.tui.screens.hours_form import HoursForm
from taskboard.tui.screens.roster.screen import RosterScreen
from taskboard.tui.screens.volunteer_form import VolunteerForm

SIZE = (160, 48)

BoardSteps = Callable[[TaskboardApp, Pilot[None]], Awaitable[None]]
Outcome = Callable[[Store], Any]


async def roster_at(app: TaskboardApp, pilot: Pilot[None], ref: str | None) -> RosterScreen:
    """Open the roster from the board, the cursor on volunteer `ref`."""
    await pilot.press("r")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RosterScreen)
    if ref is not None:
        table = screen.query_one("#roster-table", DataTable)
        refs = [str(table.get_row_at(index)[0]) for index in range(table.row_count)]
        table.move_cursor(row=refs.index(ref))
        await pilot.pause()
    return screen


def volunteer_form(
    key: str, ref: str | None, texts: dict[str, str], flags: dict[str, bool] | None = None
) -> BoardSteps:
    """Open the roster, press `key` (new or edit) on `ref`, fill the form and save."""

    async def steps(app: TaskboardApp, pilot: Pilot[None]) -> None:
        await roster_at(app, pilot, ref)
        await pilot.press(key)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, VolunteerForm)
        for field, text in texts.items():
            form.query_one(f"#form-{field}", Input).value = text
        for flag, value in (flags or {}).items():
            form.query_one(f"#form-{flag}", Checkbox).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()

    return steps


def roster_key(ref: str, key: str) -> BoardSteps:
    async def steps(app: TaskboardApp, pilot: Pilot[None]) -> None:
        await roster_at(app, pilot, ref)
        await pilot.press(key)
        await pilot.pause()

    return steps


def hours_form(task: str, person: str, hours: str, *, mark_done: bool = True) -> BoardSteps:
    """Open the task, press o, choose `person`'s assignment, type the hours and save."""

    async def steps(app: TaskboardApp, pilot: Pilot[None]) -> None:
        app.board_state.select_task(app.store.task(task).id)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, HoursForm)
        select = form.query_one("#hours-assignment", Select)
        (chosen,) = [value for label, value in form.options if label.startswith(person)]
        select.value = chosen
        form.query_one("#hours-hours", Input).value = hours
        form.query_one("#hours-mark-done", Checkbox).value = mark_done
        await pilot.press("ctrl+s")
        await pilot.pause()

    return steps


def volunteer_outcome(ref: str) -> Outcome:
    """The stored volunteer (without its id) and its last history entry in words."""

    def outcome(store: Store) -> Any:
        doc = store.volunteers.find(ref, removed=True)
        person = public(doc)
        person.pop("id")
        last = history_line(store.history.of(doc["id"])[-1])
        return person, (last.action, last.changes)

    return outcome


def hours_outcome(task: str, person: str) -> Outcome:
    """The person's hours entries on the task, their assignment's state and the task's
    last history entry in words."""

    def outcome(store: Store) -> Any:
        task_id = store.tasks.find(task)["id"]
        who = store.find_volunteer(person)["id"]
        (assignment,) = [a for a in store.assignments_of_task(task_id) if a["volunteer"] == who]
        entries = sorted(
            (e["date"], e["hours"], e["note"])
            for e in store.hours.live()
            if e["assignment"] == assignment["id"]
        )
        last = history_line(store.history.of(task_id)[-1])
        return entries, assignment["state"], store.tasks.find(task)["status"], last.changes

    return outcome


@dataclass(frozen=True)
class Case:
    cli: tuple[str, ...]
    board: BoardSteps
    outcome: Outcome


CASES = {
    "add volunteer": Case(
        ("volunteer", "add", "--name", "周小梅", "--skill", "planting:2", "--skill", "cleaning:1"),
        volunteer_form("n", None, {"name": "周小梅", "skills": "planting:2, cleaning:1"}),
        volunteer_outcome("funing-v18"),
    ),
    "edit volunteer": Case(
        ("volunteer", "edit", "funing-v9", "--phone", "139 1234 5678", "--group", "youth"),
        volunteer_form(
            "e", "funing-v9", {"phone": "139 1234 5678", "groups": "party-member, youth"}
        ),
        volunteer_outcome("funing-v9"),
    ),
    "deactivate volunteer": Case(
        ("volunteer", "edit", "funing-v9", "--inactive"),
        volunteer_form("e", "funing-v9", {}, {"active": False}),
        volunteer_outcome("funing-v9"),
    ),
    "remove volunteer": Case(
        ("volunteer", "rm", "funing-v2"),
        roster_key("funing-v2", "d"),
        volunteer_outcome("funing-v2"),
    ),
    "log hours": Case(
        ("hours", "log", "funing-11", "刘佳怡", "2.5"),
        hours_form("funing-11", "刘佳怡", "2.5"),
        hours_outcome("funing-11", "刘佳怡"),
    ),
    "log hours, keep the state": Case(
        ("hours", "log", "funing-11", "刘佳怡", "2.5", "--keep-state"),
        hours_form("funing-11", "刘佳怡", "2.5", mark_done=False),
        hours_outcome("funing-11", "刘佳怡"),
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
    folder.mkdir()
    path = folder / "board.json"
    Store.open(path, must_exist=False).replace_all(copy.deepcopy(data))
    return path


@pytest.mark.parametrize("name", list(CASES))
async def test_cli_and_board_store_the_same(
    name: str, story_data: Tables, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES[name]
    original = lay_down(story_data, tmp_path / "original")
    by_cli = lay_down(story_data, tmp_path / "cli")
    Cli(capsys, by_cli).ok(*case.cli)

    by_board = lay_down(story_data, tmp_path / "board")
    app = make_app(Store.open(by_board, who="测试员"), None, today=current_day(), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await case.board(app, pilot)
        assert len(app.history.done) == 1  # one undo takes it back

    after = case.outcome(Store.open(by_cli))
    if name != "add volunteer":  # the original has no such volunteer to compare with
        assert case.outcome(Store.open(original)) != after  # the action did something
    assert case.outcome(Store.open(by_board)) == after


async def test_one_undo_takes_back_the_hours_the_state_and_the_card(
    story_data: Tables, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = lay_down(story_data, tmp_path / "board")
    Cli(capsys, path).ok("hours", "no-show", "funing-11", "刘佳怡")  # the card went back to Open
    before = hours_outcome("funing-11", "刘佳怡")(Store.open(path))
    app = make_app(Store.open(path, who="测试员"), None, today=current_day(), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await hours_form("funing-11", "刘佳怡", "2")(app, pilot)
        entries, state, status, _words = hours_outcome("funing-11", "刘佳怡")(app.store)
        assert (len(entries), state, status) == (len(before[0]) + 1, "done", "staffed")
        assert app.history.undo() is not None
    entries, state, status, _words = hours_outcome("funing-11", "刘佳怡")(Store.open(path))
    assert (entries, state, status) == before[:3]

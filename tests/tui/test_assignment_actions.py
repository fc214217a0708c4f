"""Assignment actions on the board (Pilot): one undo per action, the task's history, and the
same result as the CLI for the same action."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest
from cli_harness import Cli
from rich.text import Text
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable

from taskboard.board.edits import EditHistory
from taskboard.demo import fill_store, story_dataset
from taskboard.settings import current_day
from taskboard.store import Store
from taskboard.tui.app import TaskboardApp, make_app
from taskboard.tui.screens.match.candidates import MatchScreen
from taskboard.tui.screens.match.proposal import ProposalScreen
from taskboard.tui.screens.task.screen import TaskScreen
from taskboard.tui.screens.task.text import TaskText

from .hosts import Opened, opened, task_opened

SIZE = (160, 50)


@pytest.fixture
def story_path(tmp_path: Path, today: dt.date) -> Path:
    dataset = story_dataset(today)
    store = Store.open(tmp_path / "story" / "story.json", who="测试员", must_exist=False)
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset)
    return tmp_path / "story" / "story.json"


def copy_of(path: Path, name: str) -> Path:
    """The same data file (same ids) in another folder."""
    folder = path.parent.parent / name
    shutil.copytree(path.parent, folder)
    return folder / path.name


def assignments(store: Store) -> set[tuple[str, str, str, str]]:
    """(task ref, volunteer ref, skill, state) of every live assignment."""
    store.refresh()
    tasks = {doc["id"]: doc["ref"] for doc in store.tasks.live()}
    people = {doc["id"]: doc["ref"] for doc in store.volunteers.live()}
    return {
        (tasks[d["task"]], people[d["volunteer"]], d["skill"], d["state"])
        for d in store.assignments.live()
    }


def statuses(store: Store) -> dict[str, str]:
    store.refresh()
    return {doc["ref"]: doc["status"] for doc in store.tasks.live()}


def outcome(path: Path) -> dict[str, Any]:
    """What an action leaves behind: assignments, task statuses and the whole history."""
    store = Store.open(path)
    history = sorted(store.history.live(), key=lambda doc: (doc["at"], doc["id"]))
    return {
        "assignments": assignments(store),
        "statuses": statuses(store),
        "history": [
            (e["table"], e["record"], e["ref"], e["action"], e["who"], e["changes"])
            for e in history
        ],
    }


# One undo takes back "Accept all" -------------------------------------------------------------
async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_undo_after_accept_all_takes_back_every_assignment_and_move(
    story_path: Path,
) -> None:
    app = make_app(Store.open(story_path, who="测试员"), None, today=current_day(), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        before_assignments, before_statuses = assignments(app.store), statuses(app.store)
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, ProposalScreen)
        await pilot.press("a")
        await pilot.press("escape")
        await pilot.pause()
        after = assignments(app.store)
        assert len(after - before_assignments) >= 10
        moved = {ref for ref, s in statuses(app.store).items() if s != before_statuses[ref]}
        assert len(moved) >= 2  # tasks now staffed
        await pilot.press("u")
        await pilot.pause()
        assert assignments(app.store) == before_assignments
        assert statuses(app.store) == before_statuses
        state = app.board_state
        staffed = state.statuses.index("staffed")
        assert not {card.ref for card in state.cards(staffed)} & moved  # the cards went back
        await pilot.press("U")
        await pilot.pause()
        assert assignments(app.store) == after


# The task screen shows assignment events -------------------------------------------------------
async def test_task_screen_history_tells_assignment_events(
    story_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(capsys, story_path)
    cli.ok("assign", "funing-9", "funing-v2", "--skill", "carpentry")
    cli.ok("assignment", "set", "funing-9", "funing-v8", "declined")
    async with task_opened(story_path, "funing-9", size=(200, 60)) as host:
        app, pilot = host.app, host.pilot
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TaskScreen)
        widget = screen.query_one("#task-records", TaskText)
        text = "\n".join(strip.text for strip in widget.render_lines(widget.region.reset_offset))
        assert "王海涛 proposed for carpentry" in text
        assert "何伟 declined carpentry (was proposed)" in text


# The CLI and the board give the same result ----------------------------------------------------
def screen_opened(
    path: Path, screen: Callable[[Store, EditHistory], Screen[None]], *, size: tuple[int, int]
) -> AbstractAsyncContextManager[Opened[Screen[None]]]:
    """One match screen opened over the board, as the board would."""
    return opened(Store.open(path), lambda app: screen(app.store, app.history), size=size)


BoardAction = Callable[[Pilot[None]], Awaitable[None]]


def _match_screen(ref: str) -> Callable[[Store, EditHistory], Screen[None]]:
    def make(store: Store, history: EditHistory) -> Screen[None]:
        return MatchScreen(store, store.task(ref).id, history, today=current_day())

    return make


def _proposal_screen(store: Store, history: EditHistory) -> Screen[None]:
    return ProposalScreen(store, history, today=current_day())


def _cursor_to(screen: Screen[None], table_id: str, found: Callable[[str], bool]) -> None:
    table: DataTable[Text] = screen.query_one(f"#{table_id}", DataTable)
    for row in range(table.row_count):
        if found(str(table.coordinate_to_cell_key((row, 0)).row_key.value)):
            table.move_cursor(row=row)
            return
    raise AssertionError(f"no such row in {table_id}")


async def _pick(pilot: Pilot[None], person_ref: str, *keys: str) -> None:
    screen, app = pilot.app.screen, pilot.app
    assert isinstance(screen, MatchScreen) and isinstance(app, TaskboardApp)
    person = app.store.find_volunteer(person_ref)["id"]
    _cursor_to(screen, "match-table", lambda key: key == f"ok|carpentry|{person}")
    await pilot.press("space", *keys, "enter")


def _on(person_ref: str, skill: str, key: str) -> BoardAction:
    """Press `key` on the row of someone already on the task."""

    async def act(pilot: Pilot[None]) -> None:
        screen, app = pilot.app.screen, pilot.app
        assert isinstance(screen, MatchScreen) and isinstance(app, TaskboardApp)
        person = app.store.find_volunteer(person_ref)["id"]
        _cursor_to(screen, "match-table", lambda row: row == f"on|{skill}|{person}")
        await pilot.press(key)

    return act


async def _accept_all(pilot: Pilot[None]) -> None:
    await pilot.press("a")


async def _accept_task(pilot: Pilot[None]) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, ProposalScreen)
    first = next(i for i, line in enumerate(screen.draft) if line.ref == "funing-9")
    screen.query_one("#proposal-lines", DataTable).move_cursor(row=first)
    await pilot.press("t")


PARITY: dict[str, tuple[list[str], Callable[[Store, EditHistory], Screen[None]], BoardAction]] = {
    "assign proposed": (
        ["assign", "funing-9", "funing-v2", "--skill", "carpentry"],
        _match_screen("funing-9"),
        lambda pilot: _pick(pilot, "funing-v2"),
    ),
    "assign confirmed": (
        ["assign", "funing-9", "funing-v2", "--skill", "carpentry", "--state", "confirmed"],
        _match_screen("funing-9"),
        lambda pilot: _pick(pilot, "funing-v2", "c"),
    ),
    "confirm": (
        ["assignment", "set", "funing-9", "funing-v8", "confirmed"],
        _match_screen("funing-9"),
        _on("funing-v8", "carpentry", "y"),
    ),
    "decline (the slot is offered on)": (
        ["assignment", "set", "funing-9", "funing-v8", "declined"],
        _match_screen("funing-9"),
        _on("funing-v8", "carpentry", "x"),
    ),
    "done": (
        ["assignment", "set", "funing-1", "funing-v1", "done"],
        _match_screen("funing-1"),
        _on("funing-v1", "welding", "g"),
    ),
    "no-show (reopens the task)": (
        ["assignment", "set", "funing-1", "funing-v1", "no_show"],
        _match_screen("funing-1"),
        _on("funing-v1", "welding", "n"),
    ),
    "unassign": (
        ["unassign", "funing-1", "funing-v9"],
        _match_screen("funing-1"),
        _on("funing-v9", "cleaning", "delete"),
    ),
    "accept the whole proposal": (["match", "--apply"], _proposal_screen, _accept_all),
    "accept one task's lines": (
        ["match", "--apply", "--only", "funing-9"],
        _proposal_screen,
        _accept_task,
    ),
}


@pytest.mark.parametrize("action", sorted(PARITY))
async def test_the_cli_and_the_board_give_the_same_result(
    action: str, story_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, screen, act = PARITY[action]
    by_cli, by_board = copy_of(story_path, "cli"), copy_of(story_path, "board")
    Cli(capsys, by_cli).ok(*args)
    async with screen_opened(by_board, screen, size=SIZE) as host:
        pilot = host.pilot
        await settle(pilot)
        await act(pilot)
        await pilot.pause()
    board, cli = outcome(by_board), outcome(by_cli)
    assert board["assignments"] != outcome(story_path)["assignments"]  # it did something
    assert board == cli

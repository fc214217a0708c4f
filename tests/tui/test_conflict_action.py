"""Resolving a sync conflict: the CLI and the board's conflicts screen store the same
result, and on the board one undo takes the chosen value back."""

from __future__ import annotations

import shutil
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest
from cli_harness import Cli

from taskboard.actions.describe import history_line
from taskboard.model import Task
from taskboard.store import Store
from taskboard.sync import list_conflicts
from taskboard.tui.app import TaskboardApp
from taskboard.tui.screens.conflicts import ConflictsScreen

from .hosts import Opened, opened
from .sync_sites import exchange, make_store

SIZE = (150, 45)


@pytest.fixture
def conflicted(tmp_path: Path) -> Path:
    """Funing's file after both sites changed one task's title: one open conflict."""
    bundles = tmp_path / "bundles"
    bundles.mkdir()
    funing = make_store(tmp_path / "funing.json", "funing")
    xingye = make_store(tmp_path / "xingye.json", "xingye")
    task = funing.tasks.create(Task(title="原标题", site="funing"))
    exchange(funing, xingye, bundles)
    funing.tasks.update(task.id, {"title": "阜宁的"})
    xingye.tasks.update(task.id, {"title": "兴业的"})
    exchange(xingye, funing, bundles)
    assert len(list_conflicts(funing)) == 1
    return tmp_path / "funing.json"


def copy_of(path: Path, name: str) -> Path:
    """The same data file (with its journal of recent edits) in a folder of its own."""
    folder = path.parent / name
    folder.mkdir()
    for part in path.parent.glob(f"{path.name}*"):
        if part.is_file() and not part.name.endswith(".lock"):
            shutil.copy(part, folder / part.name)
    return folder / path.name


def outcome(path: Path) -> tuple[Any, ...]:
    """The task's title, the conflicts left, and the last history entry in words."""
    store = Store.open(path)
    (task,) = store.tasks.live()
    last = history_line(store.history.of(task["id"])[-1])
    return task["title"], list_conflicts(store), last.action, last.changes


def conflicts_opened(store: Store) -> AbstractAsyncContextManager[Opened[ConflictsScreen]]:
    """The conflicts screen opened over the board, sharing the session's undo history."""

    def conflicts(app: TaskboardApp) -> ConflictsScreen:
        return ConflictsScreen(app.store, app.history, today=app.today)

    return opened(store, conflicts, size=SIZE)


@pytest.mark.parametrize(("option", "key"), [("--take-other", "o"), ("--keep", "k")])
async def test_cli_and_board_resolve_the_same(
    conflicted: Path, capsys: pytest.CaptureFixture[str], option: str, key: str
) -> None:
    by_cli, by_board = copy_of(conflicted, "cli"), copy_of(conflicted, "board")
    (conflict,) = list_conflicts(Store.open(by_cli))
    Cli(capsys, by_cli).ok("conflicts", "resolve", conflict.id, option)

    async with conflicts_opened(Store.open(by_board, who="测试员")) as host:
        app, pilot = host.app, host.pilot
        await pilot.press(key)
        await pilot.pause()
        assert len(app.history.done) == 1

    after = outcome(by_cli)
    assert after[1] == [] and after[2] == "resolved"
    assert outcome(by_board) == after


async def test_undo_takes_the_chosen_value_back(conflicted: Path) -> None:
    store = Store.open(conflicted, who="测试员")
    (conflict,) = list_conflicts(store)
    shown = conflict.shown.value
    async with conflicts_opened(store) as host:
        app, pilot = host.app, host.pilot
        await pilot.press("o")
        await pilot.pause()
        assert next(iter(store.tasks.live()))["title"] != shown
        assert app.history.undo() is not None
    assert next(iter(Store.open(conflicted).tasks.live()))["title"] == shown

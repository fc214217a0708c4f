"""The sync and conflicts screens driven through Pilot."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from taskboard.model import Task
from taskboard.store import Store
from taskboard.sync import export_bytes, list_conflicts, sync_folder
from taskboard.tui.app import TaskboardApp
from taskboard.tui.screens.conflicts import ConflictsScreen
from taskboard.tui.screens.sync import SyncScreen

from .hosts import opened
from .sync_sites import exchange, make_store

SIZE = (120, 40)


@contextlib.asynccontextmanager
async def opened_on(
    store: Store, which: str, size: tuple[int, int] = SIZE
) -> AsyncIterator[tuple[TaskboardApp, Pilot[None]]]:
    """The sync or conflicts screen opened over the board, as its key would."""

    def screen(app: TaskboardApp) -> SyncScreen | ConflictsScreen:
        kind = SyncScreen if which == "sync" else ConflictsScreen
        return kind(app.store, app.history, today=app.today)

    async with opened(store, screen, size=size) as host:
        yield host.app, host.pilot


async def test_merge_from_the_sync_screen_shows_the_summary(tmp_path: Path) -> None:
    funing = make_store(tmp_path / "funing.json", "funing")
    xingye = make_store(tmp_path / "xingye.json", "xingye")
    funing.tasks.create(Task(title="南区围墙补焊", site="funing"))
    bundle = tmp_path / "funing.bundle"
    bundle.write_bytes(export_bytes(funing)[0])

    async with opened_on(xingye, "sync") as (app, pilot):
        screen = app.screen
        assert isinstance(screen, SyncScreen)
        screen.query_one("#sync-path", Input).value = str(bundle)
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.last_summary is not None
        assert screen.last_summary.tables["tasks"].new == 1
        assert "Merged" in str(screen.query_one("#sync-status", Static).content)
    assert [t["title"] for t in xingye.tasks.live()] == ["南区围墙补焊"]


async def test_letter_keys_work_besides_the_function_keys(tmp_path: Path) -> None:
    funing = make_store(tmp_path / "funing.json", "funing")
    xingye = make_store(tmp_path / "xingye.json", "xingye")
    funing.tasks.create(Task(title="南区围墙补焊", site="funing"))
    bundle = tmp_path / "funing.bundle"
    bundle.write_bytes(export_bytes(funing)[0])
    async with opened_on(xingye, "sync") as (app, pilot):
        screen = app.screen
        assert isinstance(screen, SyncScreen)
        await pilot.press("p", *str(bundle))  # letters type into the path box…
        assert screen.query_one("#sync-path", Input).value == str(bundle)
        assert screen.last_summary is None
        await pilot.press("escape")  # …until it is left
        assert isinstance(app.screen, SyncScreen)
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.last_summary is not None and not list(xingye.tasks.live())
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [t["title"] for t in xingye.tasks.live()] == ["南区围墙补焊"]
        keys = {a.binding.key for a in screen.active_bindings.values()}
        assert {"e", "m", "d", "s", "c", "f2", "f3", "f4", "f5", "f6"} <= keys
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConflictsScreen)


async def test_a_bad_file_shows_one_line_and_changes_nothing(tmp_path: Path) -> None:
    xingye = make_store(tmp_path / "xingye.json", "xingye")
    bad = tmp_path / "bad.bundle"
    bad.write_bytes(b"\xff not a bundle")
    before = (tmp_path / "xingye.json").read_bytes()

    async with opened_on(xingye, "sync") as (app, pilot):
        screen = app.screen
        screen.query_one("#sync-path", Input).value = str(bad)
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "not UTF-8" in str(screen.query_one("#sync-status", Static).content)
    assert (tmp_path / "xingye.json").read_bytes() == before


async def test_shared_folder_and_export_from_the_screen(tmp_path: Path) -> None:
    funing = make_store(tmp_path / "funing.json", "funing")
    stick = tmp_path / "usb"
    stick.mkdir()
    async with opened_on(funing, "sync") as (app, pilot):
        screen = app.screen
        await pilot.press("p")
        screen.query_one("#sync-path", Input).value = str(stick)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert list((stick / "funing").glob("*-full.json"))


async def test_conflicts_screen_lists_and_resolves(tmp_path: Path) -> None:
    funing = make_store(tmp_path / "funing.json", "funing")
    xingye = make_store(tmp_path / "xingye.json", "xingye")
    task = funing.tasks.create(Task(title="原标题", site="funing"))
    exchange(funing, xingye, tmp_path)
    funing.tasks.update(task.id, {"title": "阜宁的"})
    xingye.tasks.update(task.id, {"title": "兴业的"})
    exchange(xingye, funing, tmp_path)
    assert len(list_conflicts(funing)) == 1

    async with opened_on(funing, "conflicts") as (app, pilot):
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        table = screen.query_one("#conflicts-table", DataTable)
        assert table.row_count == 1
        sides = str(screen.query_one("#conflict-other", Static).content)
        assert "阜宁的" in sides or "兴业的" in sides
        await pilot.press("o")
        await pilot.pause()
        assert table.row_count == 0
    assert list_conflicts(funing) == []
    assert funing.tasks.get(task.id)["title"] in ("阜宁的", "兴业的")


async def test_typing_a_new_value(tmp_path: Path) -> None:
    funing = make_store(tmp_path / "funing.json", "funing")
    xingye = make_store(tmp_path / "xingye.json", "xingye")
    task = funing.tasks.create(Task(title="原标题", site="funing"))
    exchange(funing, xingye, tmp_path)
    funing.tasks.update(task.id, {"title": "甲"})
    xingye.tasks.update(task.id, {"title": "乙"})
    exchange(xingye, funing, tmp_path)

    async with opened_on(funing, "conflicts") as (app, pilot):
        await pilot.press("v")
        await pilot.pause()
        prompt = app.screen.query_one("#value-input", Input)
        prompt.value = "商量后的"
        await pilot.press("enter")
        await pilot.pause()
    assert funing.tasks.get(task.id)["title"] == "商量后的"
    assert list_conflicts(funing) == []


async def test_markup_in_conflicting_values_is_shown_as_written(tmp_path: Path) -> None:
    """Titles are text, never markup: `[@click=…]` must not become an action, and a
    stray `[/b]` once stopped the whole screen."""
    funing = make_store(tmp_path / "funing.json", "funing")
    xingye = make_store(tmp_path / "xingye.json", "xingye")
    task = funing.tasks.create(Task(title="原标题", site="funing"))
    exchange(funing, xingye, tmp_path)
    funing.tasks.update(task.id, {"title": "[@click=app.quit]阜宁[/]"})
    xingye.tasks.update(task.id, {"title": "[red]兴业[/] [/b]"})
    exchange(xingye, funing, tmp_path)

    async with opened_on(funing, "conflicts", (160, 40)) as (app, pilot):
        table = app.screen.query_one("#conflicts-table", DataTable)
        await pilot.pause()
        row = "".join(segment.text for segment in table.render_line(1))
        assert "[red]兴业[/] [/b]" in row and "[@click=app.quit]阜宁[/]" in row
        sides = str(app.screen.query_one("#conflict-other", Static).content)
        assert "[@click=app.quit]阜宁[/]" in sides


async def test_watching_a_folder_merges_arrivals_and_refreshes_the_board(tmp_path: Path) -> None:
    funing = make_store(tmp_path / "funing.json", "funing")
    xingye = make_store(tmp_path / "xingye.json", "xingye")
    stick = tmp_path / "usb"
    stick.mkdir()
    async with opened_on(funing, "sync") as (app, pilot):
        screen = app.screen
        assert isinstance(screen, SyncScreen)
        screen.query_one("#sync-path", Input).value = str(stick)
        await pilot.press("f7")
        assert screen.watching == stick
        xingye.tasks.create(Task(title="兴业的任务", site="xingye"))
        sync_folder(xingye, stick)
        reloads: list[int] = []
        board = app.screen_stack[0]
        original = board.reload  # type: ignore[attr-defined]
        board.reload = lambda: (reloads.append(1), original())  # type: ignore[attr-defined]
        for _ in range(100):
            await pilot.pause(0.1)
            if reloads:
                break
        peers = str(screen.query_one("#sync-peers", Static).content)
        assert "xingye: last bundle today" in peers
        assert screen.last_summary is not None and screen.last_summary.tables["tasks"].new == 1
        assert reloads  # the board under the sync screen showed the merged task by itself
        await pilot.press("f7")
        assert screen.watching is None
        assert "Stopped watching" in str(screen.query_one("#sync-status", Static).content)
        await app.workers.wait_for_complete()
    assert [t["title"] for t in funing.tasks.live()] == ["兴业的任务"]

"""A failing worker (a matching snapshot, a merge) shows one notification, from the App,
and the board keeps running with nothing half saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from taskboard.matching.snapshot import Snapshot
from taskboard.model import Site
from taskboard.store import Store
from taskboard.tui.app import make_app
from taskboard.tui.screens.board import BoardScreen
from taskboard.tui.screens.match.proposal import ProposalScreen
from taskboard.tui.screens.sync import SyncScreen
from taskboard.tui.screens.task.screen import TaskScreen

from .hosts import task_opened

SIZE = (120, 40)


def broken_snapshot(*_args: object, **_kwargs: object) -> Snapshot:
    raise RuntimeError("snapshot broke\nwhile reading volunteers")


async def test_a_worker_error_shows_one_notification_and_the_app_keeps_running(
    story_store: Store, today: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Snapshot, "from_store", broken_snapshot)
    app = make_app(story_store, today=today, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ProposalScreen(story_store, app.history, today=today))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [(n.title, n.message, n.severity) for n in app._notifications]
        assert messages == [("Failed", "RuntimeError: snapshot broke", "error")]
        assert app.is_running and isinstance(app.screen, ProposalScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)  # the board still answers keys
    assert app.return_code in (None, 0)


async def test_a_failed_merge_is_told_once(tmp_path: Path, today: dt.date) -> None:
    path = tmp_path / "xingye.json"
    store = Store.open(path, who="兴业主任", must_exist=False)
    store.initialise(Site(id="xingye", name="兴业社区"))
    bad = tmp_path / "bad.bundle"
    bad.write_bytes(b"\xff not a bundle")
    before = path.read_bytes()
    app = make_app(store, today=today, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SyncScreen(store, app.history, today=today))
        await pilot.pause()
        app.screen.query_one("#sync-path", Input).value = str(bad)
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert len(notes) == 1 and "not UTF-8" in notes[0]
        assert "not UTF-8" in str(app.screen.query_one("#sync-status", Static).content)
    assert path.read_bytes() == before


async def test_a_crew_ranking_that_fails_is_told_once_and_closes_the_picker(
    story_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Snapshot, "from_store", broken_snapshot)
    async with task_opened(story_path, "yuecheng-r1-261209", size=SIZE) as host:
        pilot, app = host.pilot, host.app
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [(n.title, n.message, n.severity) for n in app._notifications]
        assert messages == [("Failed", "RuntimeError: snapshot broke", "error")]
        assert isinstance(app.screen, TaskScreen)

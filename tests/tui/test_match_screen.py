"""The match screens driven through Pilot: ranking, picking, confirming, undo; the draft."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from pathlib import Path

from rich.text import Text
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Static

from taskboard.store import Store
from taskboard.tui.app import TaskboardApp
from taskboard.tui.screens.match.candidates import MatchScreen
from taskboard.tui.screens.match.proposal import ProposalScreen
from taskboard.tui.screens.match.swap import SwapScreen

from .hosts import Opened, opened

SIZE = (160, 50)


def match_opened(
    path: Path, ref: str | None = None, *, size: tuple[int, int]
) -> AbstractAsyncContextManager[Opened[Screen[None]]]:
    """The candidates for task `ref` (or the whole-board draft) opened over the board."""

    def match_screen(app: TaskboardApp) -> Screen[None]:
        if ref is None:
            return ProposalScreen(app.store, app.history, today=app.today)
        return MatchScreen(app.store, app.store.task(ref).id, app.history, today=app.today)

    return opened(Store.open(path, who="测试员"), match_screen, size=size)


async def settle(pilot: Pilot[None]) -> None:
    """Let the screen's worker finish and its result be shown."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def rows(screen: Screen[None], table_id: str) -> list[list[str]]:
    table: DataTable[Text] = screen.query_one(f"#{table_id}", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def states(store: Store, ref: str) -> dict[str, str]:
    store.refresh()
    refs = {doc["id"]: doc["ref"] for doc in store.volunteers.live()}
    task = store.task(ref)
    return {refs[d["volunteer"]]: d["state"] for d in store.assignments_of_task(task.id)}


async def test_candidates_ranked_per_skill_with_reasons(story_path: Path) -> None:
    async with match_opened(story_path, "funing-9", size=SIZE) as host:
        app, pilot = host.app, host.pilot
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MatchScreen)
        title = str(screen.query_one("#match-title", Static).content)
        assert title.startswith("funing-9  休息区长椅制作与安装 · 2026-12-06")
        shown = rows(screen, "match-table")
        assert [row[1:3] for row in shown] == [
            ["carpentry", "王海涛 (funing-v2)"],
            ["painting", "许诺 (funing-v17)"],
            ["carpentry", "何伟 (funing-v8)"],  # already on the task
        ]
        assert "carpentry level 2 ≥ 2 · same community" in shown[0][4]
        assert shown[2][0] == "●" and shown[2][4] == "on this task: proposed"


async def test_why_not_shows_the_ineligible_with_their_reasons(story_path: Path) -> None:
    async with match_opened(story_path, "funing-9", size=SIZE) as host:
        app, pilot = host.app, host.pilot
        await settle(pilot)
        await pilot.press("i")
        shown = rows(app.screen, "match-table")
        refused = [row for row in shown if row[0] == "✗"]
        assert ["painting", "高美玲 (funing-v11)", "–", "not free on sun morning"] in [
            row[1:] for row in refused
        ]
        await pilot.press("i")
        assert len(rows(app.screen, "match-table")) == 3


async def test_pick_confirm_staffs_the_task_and_undo_takes_it_back(story_path: Path) -> None:
    async with match_opened(story_path, "funing-9", size=SIZE) as host:
        app, pilot = host.app, host.pilot
        await settle(pilot)
        await pilot.press("space", "down", "space")
        screen = app.screen
        assert isinstance(screen, MatchScreen)
        assert [row[0] for row in rows(screen, "match-table")] == ["✓", "✓", "●"]
        await pilot.press("c", "enter")
        await pilot.pause()
        assert host.closed
        assert states(app.store, "funing-9") == {
            "funing-v8": "proposed",
            "funing-v2": "confirmed",
            "funing-v17": "confirmed",
        }
        assert app.store.task("funing-9").status == "staffed"
        [edit] = app.history.done  # one action, one undo
        assert [step.table for step in edit.steps()] == ["assignments", "assignments", "tasks"]
        assert app.history.undo() is edit
        assert states(app.store, "funing-9") == {"funing-v8": "proposed"}
        assert app.store.task("funing-9").status == "open"


async def test_picking_is_limited_to_open_slots_and_eligible_people(story_path: Path) -> None:
    async with match_opened(story_path, "funing-9", size=SIZE) as host:
        app, pilot = host.app, host.pilot
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MatchScreen)
        await pilot.press("i")
        table: DataTable[Text] = screen.query_one("#match-table", DataTable)
        refused = next(i for i, row in enumerate(rows(screen, "match-table")) if row[0] == "✗")
        table.move_cursor(row=refused)
        await pilot.press("space")
        assert screen.picks.by_skill == {}
        await pilot.press("enter")
        assert not host.closed  # nothing picked: nothing to confirm
        await pilot.press("escape")
        assert host.closed
        assert states(app.store, "funing-9") == {"funing-v8": "proposed"}


async def test_whole_board_draft_accept_drop_and_swap(story_path: Path) -> None:
    async with match_opened(story_path, size=SIZE) as host:
        app, pilot = host.app, host.pilot
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProposalScreen)
        proposal = screen.proposal
        assert proposal is not None and proposal.filled == len(screen.draft) > 0
        assert len(rows(screen, "proposal-lines")) == proposal.filled
        unfilled = rows(screen, "proposal-unfilled")
        assert any(row[0] == "yuecheng-2" and "eligible" in row[4] for row in unfilled)

        first = screen.draft[0]
        await pilot.press("t")  # accept the first task's lines
        assert all(line.task != first.task for line in screen.draft)
        assert states(app.store, first.ref)

        count = len(screen.draft)
        await pilot.press("d")
        assert len(screen.draft) == count - 1

        funing2 = next(i for i, line in enumerate(screen.draft) if line.ref == "funing-2")
        before = screen.draft[funing2].person
        table: DataTable[Text] = screen.query_one("#proposal-lines", DataTable)
        table.move_cursor(row=funing2)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SwapScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.draft[funing2].person != before

        await pilot.press("a")
        assert screen.draft == []
        assert app.store.task("funing-9").status == "staffed"
        await pilot.press("escape")
        assert host.closed

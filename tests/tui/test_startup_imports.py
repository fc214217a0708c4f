"""The board's start-up loads only what its first paint needs; what it leaves out
still works when first used. Checked in a fresh interpreter, where `sys.modules`
shows what starting the board really loaded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from textual.command import CommandList, CommandPalette

from taskboard.store import Store
from taskboard.tui.app import make_app

IMPORT_AND_LIST = """
import json, sys
import taskboard.tui.app
from taskboard.model import Task
later = ("taskboard.matching", "taskboard.tui.commands", "taskboard.actions.assignments")
print(json.dumps({
    "loaded": sorted(m for m in later if m in sys.modules),
    "task_schema_built": Task.__pydantic_complete__,
}))
"""


def test_importing_the_app_loads_neither_matching_nor_the_palette_commands() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_AND_LIST], capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert found == {"loaded": [], "task_schema_built": False}


async def test_palette_offers_the_board_commands_loaded_on_first_use(story_path: Path) -> None:
    app = make_app(Store.open(story_path, who="测试员"), watch=False)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"open task")
        await pilot.pause(0.3)
        hits = app.screen.query_one(CommandList)
        shown = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        assert any("board: open task" in line for line in shown), shown

"""The headless layers never load Textual: the CLI, sync and matching stay fast and UI-free."""

from __future__ import annotations

import subprocess
import sys

HEADLESS = [
    "taskboard.model",
    "taskboard.store",
    "taskboard.store.queries",
    "taskboard.roster",
    "taskboard.matching",
    "taskboard.sheets",
    "taskboard.reports",
    "taskboard.sync",
    "taskboard.board.state",
    "taskboard.board.edits",
    "taskboard.demo",
    "taskboard.settings",
    "taskboard.i18n",
    "taskboard.cli",
]


def test_headless_modules_do_not_import_textual() -> None:
    script = (
        "import importlib, sys\n"
        f"for name in {HEADLESS!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""

"""The layers hold: the headless packages never load Textual (the CLI, sync and matching
stay fast and UI-free), and the import contracts in pyproject.toml are kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEADLESS = [
    "taskboard.model",
    "taskboard.model.values",
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


def test_import_contracts_are_kept() -> None:
    """model < i18n < store < settings < domain < cli / tui; the board never imports the
    CLI (its forms parse values through `taskboard.model.values`); nothing headless
    imports Textual. The same check CI runs."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 broken." in result.stdout


def test_board_forms_and_cli_share_one_parser() -> None:
    """The CLI's option values are the shared parsers, not a copy of them."""
    from taskboard.cli import values as cli_values
    from taskboard.model import values

    assert cli_values.need is values.need
    assert cli_values.OptionError is values.OptionError

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


TABLE_NAMES = {"sites", "skills", "volunteers", "tasks", "assignments", "hours", "history"}
STORE_CALLS = {"docs", "live", "doc", "find", "create", "create_many", "update", "delete"}
STORE_CALLS |= {"restore", "revision", "note", "check", "model", "table", "Edit", "apply_fields"}


def _table_names_spelt_out(path: Path) -> list[str]:
    """Calls into the store (or an `Edit`) that name a table as a string."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in STORE_CALLS:
            continue
        for arg in node.args[:2]:
            if isinstance(arg, ast.Constant) and arg.value in TABLE_NAMES:
                where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
                found.append(f"{where}:{node.lineno}: {name}({arg.value!r}…)")
    return found


def test_only_the_store_and_sync_spell_table_names() -> None:
    """Everything else says `store.tasks.live()` or `Table.TASKS`: a typo is a type error."""
    package = ROOT / "taskboard"
    found = [
        line
        for path in sorted(package.rglob("*.py"))
        if path.relative_to(package).parts[0] not in {"store", "sync"}
        for line in _table_names_spelt_out(path)
    ]
    assert found == []


def test_the_table_check_sees_a_spelt_out_name(tmp_path: Path) -> None:
    """The check above would catch the old spelling (it is not vacuous)."""
    sample = tmp_path / "sample.py"
    sample.write_text('store.live("tasks")\nEdit("volunteers", "x", {}, {}, "", "edited")\n')
    assert len(_table_names_spelt_out(sample)) == 2

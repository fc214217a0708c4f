"""One-shot commands load only what they use: `--version` neither Textual nor pydantic;
`--help` and `task list` not Textual, SciPy or the sync package. Checked in a fresh
interpreter, where `sys.modules` shows what a user's command really loaded."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest

from taskboard import cli
from taskboard.cli import COMMANDS, build_parser, command_in, parse

HEAVY = (
    "textual",
    "pydantic",
    "scipy",
    "numpy",
    "taskboard.sync",
    "taskboard.tui",
    "taskboard.web",
    "starlette",
    "uvicorn",
    "jinja2",
    "segno",
)

RUN_AND_LIST = """
import contextlib, io, json, sys
from taskboard.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        code = main(sys.argv[1:])
    except SystemExit as done:
        code = done.code
heavy = {heavy!r}
loaded = sorted(h for h in heavy if any(m == h or m.startswith(h + ".") for m in sys.modules))
print(json.dumps({{"code": code, "out": out.getvalue(), "loaded": loaded}}))
"""


def loaded_by(*argv: str) -> tuple[int, str, list[str]]:
    """Exit code, output and the heavy packages loaded by `taskboard ARGV` in a new process."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST.format(heavy=HEAVY), *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(done.stdout.splitlines()[-1])
    return found["code"], found["out"], found["loaded"]


def test_version_loads_neither_textual_nor_pydantic() -> None:
    code, out, loaded = loaded_by("--version")
    assert code == 0
    assert out.startswith("taskboard ")
    assert loaded == []


def test_help_loads_no_command_module() -> None:
    code, out, loaded = loaded_by("--help")
    assert code == 0
    assert "match               rank volunteers for a task" in out
    assert "hours               log hours" in out
    assert loaded == []


def test_task_list_loads_neither_textual_scipy_nor_sync(tmp_path: Path) -> None:
    db = str(tmp_path / "board.json")
    assert loaded_by("--db", db, "init", "--site", "funing", "--name", "阜宁社区")[0] == 0
    added = loaded_by("--db", db, "task", "add", "--title", "清扫楼道", "--need", "cleaning:1")
    assert added[0] == 0
    code, out, loaded = loaded_by("--db", db, "task", "list")
    assert code == 0
    assert "清扫楼道" in out
    assert not {"textual", "scipy", "numpy", "taskboard.sync", "taskboard.tui"} & set(loaded)
    assert not {"taskboard.web", "starlette", "uvicorn", "jinja2", "segno"} & set(loaded)


def test_the_whole_board_match_loads_no_model_class(story_path: Path) -> None:
    """Matching reads raw records and checks them with the rules: validating through
    pydantic is for the edges (input, import, merge), and loading it costs a tenth of
    a second of every `match`. Its JSON is the proposal, and it states why a slot
    stays empty (the reason that names the week's slots)."""
    code, out, loaded = loaded_by("--db", str(story_path), "--json", "match")
    assert code == 0
    proposal = json.loads(out)
    assert proposal["lines"] and proposal["unfilled"]
    assert "numpy" in loaded
    assert not {"pydantic", "textual", "taskboard.sync", "taskboard.tui"} & set(loaded)


@pytest.mark.parametrize("module", sorted({module for module, _help in COMMANDS.values()}))
def test_the_command_table_matches_the_command_modules(module: str) -> None:
    """`--help` lists each command from the table; the table says what the modules define."""
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command")
    common = argparse.ArgumentParser(add_help=False)
    import_module(f"taskboard.cli.{module}").register(commands, common)
    defined = {action.dest: action.help for action in commands._choices_actions}
    listed = {name: text for name, (owner, text) in COMMANDS.items() if owner == module}
    assert defined == listed


def test_command_modules_do_not_import_textual() -> None:
    script = (
        "import importlib, sys\n"
        f"for module in {sorted({m for m, _h in COMMANDS.values()})!r}:\n"
        "    importlib.import_module('taskboard.cli.' + module)\n"
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["task", "list"], "task"),
        (["--db", "match", "task", "list"], "task"),  # a value that looks like a command
        (["--db=x.json", "--json", "match"], "match"),
        (["--lang", "zh", "--who", "hours", "hours", "totals"], "hours"),
        (["--d", "crew", "day", "sat"], "day"),  # an abbreviated option takes its value too
        (["--version"], None),
        (["nosuch"], None),
    ],
)
def test_the_command_is_found_before_parsing(argv: list[str], command: str | None) -> None:
    assert command_in(argv) == command
    if command is not None:
        assert parse(argv).command == command


def test_a_command_the_scan_misses_is_parsed_with_its_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli, "command_in", lambda argv: None)
    args = parse(["task", "list", "--status", "open"])
    assert args.func is not None
    assert args.status == ["open"]
    listed = build_parser(None).parse_args(["task", "list"])
    assert listed.func is None  # only listed: the fallback parses again with the module


FIRST_PAINT = """
import asyncio, datetime as dt, json, sys
from taskboard.tui.app import TaskboardApp, make_app
after_import = sorted(m for m in sys.modules)
from taskboard.store import Store
from taskboard.settings import load_settings
at_paint = []
extend = TaskboardApp.extend_series
def extend_after_paint(self):  # recurring work is extended once the board shows
    at_paint.append(sorted(sys.modules))
    extend(self)
TaskboardApp.extend_series = extend_after_paint
app = make_app(Store.open(sys.argv[1]), load_settings(), today=dt.date(2026, 11, 25), watch=False)
found = {}
async def paint():
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        found["title"] = str(app.screen.query_one("#board-bar").title)
        found["screen"] = app.export_screenshot()
asyncio.run(paint())
settled = sorted(sys.modules)
print(json.dumps({"import": after_import, "paint": at_paint[0], "settled": settled, **found}))
"""

FIRST_PAINT_HEAVY = (
    "pydantic",
    "pydantic_core",
    "scipy",
    "numpy",
    "taskboard.model.task",
    "taskboard.matching",
    "taskboard.roster",
    "taskboard.sync",
)


def _heavy(modules: list[str]) -> list[str]:
    return sorted(
        h for h in FIRST_PAINT_HEAVY if any(m == h or m.startswith(h + ".") for m in modules)
    )


def test_the_board_imports_and_paints_without_pydantic(story_path: Path, tmp_path: Path) -> None:
    """The board paints from the stored records: neither importing it, nor reading the
    data file and the settings file, nor its first screen loads pydantic or a model class.
    The story's rehearsal series is extended after that first paint."""
    (tmp_path / "settings.toml").write_text('theme = "nord"\n[match]\nlevel = 2\n')
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(story_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert _heavy(found["import"]) == []
    assert _heavy(found["paint"]) == []
    # Every occurrence due is there already: finding that out loads no model either.
    assert _heavy(found["settled"]) == []
    assert "阜宁社区" in found["title"]  # painted from the data file
    assert "停车棚和后门监控" in found["screen"]

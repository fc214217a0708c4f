"""The `taskboard` command: every core action, scriptable, with `--json` output.

Without a command it shows the board. Errors are one line on stderr and a
non-zero exit code; nothing is written when a command fails.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING, NoReturn, cast

from taskboard import __version__

if TYPE_CHECKING:
    from taskboard.cli.context import Context
    from taskboard.roster import RosterCSVError

EXIT_ERROR = 1
EXIT_USAGE = 2

COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("admin_commands", "create a data file for one site"),
    "demo": ("admin_commands", "fill the data file with example data"),
    "site": ("admin_commands", "sites this file knows about"),
    "skill": ("admin_commands", "the skill catalogue"),
    "backup": ("admin_commands", "list and restore backups"),
    "task": ("task_commands", "add, list, show, edit and move tasks"),
    "volunteer": ("volunteer_commands", "the roster of volunteers"),
    "suggestion": ("suggestion_commands", "residents' suggestions"),
    "campaign": ("campaign_commands", "visit campaigns in rounds"),
    "fund": ("fund_commands", "funding sources of each site"),
    "series": ("series_commands", "recurring work: series of tasks"),
    "export": ("sync_commands", "write a bundle for other sites"),
    "merge": ("sync_commands", "merge bundles from other sites"),
    "sync": ("sync_commands", "sync through a shared folder"),
    "conflicts": ("sync_commands", "list and settle conflicts"),
    "key": ("sync_commands", "signing keys and trusted sites"),
    "match": ("match_commands", "rank volunteers for a task, or propose for every open task"),
    "assign": ("match_commands", "put a volunteer on a task (rules checked)"),
    "unassign": ("match_commands", "take a volunteer off a task"),
    "assignment": ("match_commands", "change an assignment's state"),
    "assignments": ("view_commands", "a volunteer's upcoming and recent assignments"),
    "crew": ("view_commands", "one task and everyone on it"),
    "day": ("view_commands", "who goes where on one day"),
    "hours": ("view_commands", "log hours, mark done or no-show, totals, report"),
    "report": ("view_commands", "figures for the district office"),
    "kiosk": ("view_commands", "volunteers look up their own work"),
    "serve": ("web_commands", "the phone page for volunteers on the office Wi-Fi"),
}
"""Command → the module in `taskboard.cli` that defines it, and its line in `--help`.

A command's module (and what it imports: the store, matching, sync, reports)
loads only when that command runs; `--help` and `--version` load none of them.
`tests/test_cli.py` checks this table against the modules' own parsers."""
TOP_OPTIONS_WITH_VALUES = ("--db", "--lang", "--who")
"""Options before the command that take a value (the value is not the command)."""


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error on one line instead of a usage dump."""

    def error(self, message: str) -> NoReturn:
        """Print `taskboard: error: …` with a pointer to --help and exit 2.

        A message can repeat what was typed; its control characters are written out."""
        from taskboard.i18n import _
        from taskboard.model.text import visible

        line = f"{self.prog}: {_('error')}: {message} (see {self.prog} --help)\n"
        sys.stderr.write(visible(line))
        raise SystemExit(EXIT_USAGE)


def command_in(argv: Sequence[str]) -> str | None:
    """The command `argv` names (the first word that is not a top-level option or its
    value), if it is one of `COMMANDS`."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "--":
            continue
        elif word.startswith("-"):
            skip = "=" not in word and any(
                len(word) > 2 and option.startswith(word) for option in TOP_OPTIONS_WITH_VALUES
            )
        else:
            return word if word in COMMANDS else None
    return None


def build_parser(command: str | None = None) -> Parser:
    """The whole command tree; only `command`'s module is loaded, the others are listed."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="JSON output"
    )
    common.add_argument("--db", default=argparse.SUPPRESS, help="data file (or $TASKBOARD_DB)")
    parser = Parser(
        prog="taskboard",
        description="Offline-first volunteer task board. Without a command, shows the board.",
    )
    parser.add_argument(
        "--db", metavar="PATH", help="data file (default: $TASKBOARD_DB or the user data folder)"
    )
    parser.add_argument(
        "--lang", choices=["en", "zh", "zh_CN"], help="language of labels and messages"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--who", help="your name for the history (default: from settings)")
    parser.add_argument("--version", action="version", version=f"taskboard {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    wanted = COMMANDS[command][0] if command in COMMANDS else None
    for module in dict.fromkeys(module for module, _help in COMMANDS.values()):
        if module == wanted:
            import_module(f"taskboard.cli.{module}").register(commands, common)
            continue
        for name, (owner, text) in COMMANDS.items():
            if owner == module:
                listed = commands.add_parser(name, help=text, add_help=False)
                listed.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
                listed.set_defaults(func=None)
    return parser


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The parsed arguments, with the named command's own parser."""
    words = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(command_in(words)).parse_args(words)
    if args.command is not None and getattr(args, "func", None) is None:
        args = build_parser(args.command).parse_args(words)  # a command `command_in` missed
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (0 on success).

    All it prints goes through `escaped_output`: values from the data file, a
    bundle or a roster file never reach the terminal as control characters.
    `--help` and `--version` print fixed text before anything else loads."""
    early_language(argv)
    args = parse(argv)
    from taskboard.cli.output import escaped_output

    try:
        with escaped_output():
            return run(args)
    except BrokenPipeError:  # `taskboard … | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return 0


def early_language(argv: Sequence[str] | None) -> None:
    """Choose the language before the arguments are read, so that refusals of
    option values (`--status finished`) are said in it too; `run` chooses again
    with the parsed arguments. `--help` and `--version` print fixed English
    text and load nothing more."""
    words = list(sys.argv[1:] if argv is None else argv)
    if {"--version", "--help", "-h"} & set(words):
        return
    from taskboard.i18n import detect, set_language
    from taskboard.settings import SettingsError, load_settings

    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    known, _rest = pre.parse_known_args(words)
    try:
        settings_lang = load_settings().lang
    except SettingsError:
        settings_lang = None  # `run` reports it
    set_language(detect(known.lang, settings_lang))


def run(args: argparse.Namespace) -> int:
    """The parsed command, its errors turned into one line on stderr."""
    from taskboard.cli.context import Context
    from taskboard.cli.values import OptionError
    from taskboard.i18n import _, detect, set_language
    from taskboard.model.errors import error_words, validation_error
    from taskboard.settings import SettingsError, load_settings
    from taskboard.store import StoreError

    try:
        settings = load_settings()
        set_language(detect(args.lang, settings.lang))
        ctx = Context(args=args, settings=settings)
        if args.command is None:
            return show_board(ctx)
        code: int = args.func(ctx)
        return code
    except roster_error() as error:
        sys.stderr.write(f"taskboard: {error.summary}\n")
        for problem in error.problems:
            sys.stderr.write(f"  {problem}\n")
        return EXIT_ERROR
    except (validation_error(), StoreError, OptionError, SettingsError) as error:
        return fail(error_words(error, _))
    except KeyboardInterrupt:
        return fail("interrupted; nothing was saved")


def roster_error() -> type[RosterCSVError]:
    """`RosterCSVError` for an `except` clause, without importing the roster (and pydantic)
    for commands that never read a roster file (see `model.errors.validation_error`)."""
    module = sys.modules.get("taskboard.roster.csv_format")
    return cast("type[RosterCSVError]", module.RosterCSVError if module else _NeverRaised)


class _NeverRaised(Exception):
    """Stands for the roster's error while the roster is not loaded: nothing raised it."""


def fail(message: str) -> int:
    """Print one error line on stderr and give the error exit code."""
    from taskboard.cli.output import error_line
    from taskboard.i18n import _

    sys.stderr.write(f"taskboard: {_('error')}: {error_line(message)}\n")
    return EXIT_ERROR


def show_board(ctx: Context) -> int:
    """`taskboard` with no command: the board in the terminal UI.

    When output is not a terminal (a pipe, a script) the board's tasks are
    listed instead, column by column.
    """
    store = ctx.store()
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from taskboard.cli import task_commands

        ctx.args.status, ctx.args.skill, ctx.args.site = None, None, None
        ctx.args.kind, ctx.args.text, ctx.args.all = None, None, False
        return task_commands.list_tasks(ctx)
    from taskboard.tui.app import make_app  # Textual loads only when the board opens

    make_app(store, ctx.settings).run()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

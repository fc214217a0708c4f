"""The `taskboard` command: every core action, scriptable, with `--json` output.

Without a command it shows the board. Errors are one line on stderr and a
non-zero exit code; nothing is written when a command fails.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from pydantic import ValidationError

from taskboard import __version__
from taskboard.cli import (
    admin_commands,
    match_commands,
    sync_commands,
    task_commands,
    view_commands,
    volunteer_commands,
)
from taskboard.cli.context import Context
from taskboard.cli.output import error_line, escaped_output
from taskboard.cli.values import OptionError
from taskboard.i18n import _, detect, set_language
from taskboard.model.errors import error_words
from taskboard.roster import RosterCSVError
from taskboard.settings import SettingsError, load_settings
from taskboard.store import StoreError

EXIT_ERROR = 1
EXIT_USAGE = 2


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error on one line instead of a usage dump."""

    def error(self, message: str) -> NoReturn:
        """Print `taskboard: error: …` with a pointer to --help and exit 2."""
        sys.stderr.write(f"{self.prog}: {_('error')}: {message} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> Parser:
    """The whole command tree."""
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
    admin_commands.register(commands, common)
    task_commands.register(commands, common)
    volunteer_commands.register(commands, common)
    sync_commands.register(commands, common)
    match_commands.register(commands, common)
    view_commands.register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (0 on success).

    All it prints goes through `escaped_output`: values from the data file, a
    bundle or a roster file never reach the terminal as control characters."""
    with escaped_output():
        early_language(argv)
        return run(build_parser().parse_args(argv))


def early_language(argv: Sequence[str] | None) -> None:
    """Choose the language before the arguments are read, so that refusals of
    option values (`--status finished`) are said in it too; `run` chooses again
    with the parsed arguments. `--version` prints nothing to translate."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--version" in args:
        return
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    known, _rest = pre.parse_known_args(args)
    try:
        settings_lang = load_settings().lang
    except SettingsError:
        settings_lang = None  # `run` reports it
    set_language(detect(known.lang, settings_lang))


def run(args: argparse.Namespace) -> int:
    """The parsed command, its errors turned into one line on stderr."""
    try:
        settings = load_settings()
        set_language(detect(args.lang, settings.lang))
        ctx = Context(args=args, settings=settings)
        if args.command is None:
            return show_board(ctx)
        code: int = args.func(ctx)
        return code
    except RosterCSVError as error:
        sys.stderr.write(f"taskboard: {error.summary}\n")
        for problem in error.problems:
            sys.stderr.write(f"  {problem}\n")
        return EXIT_ERROR
    except (ValidationError, StoreError, OptionError, SettingsError) as error:
        return fail(error_words(error, _))
    except KeyboardInterrupt:
        return fail("interrupted; nothing was saved")


def fail(message: str) -> int:
    """Print one error line on stderr and give the error exit code."""
    sys.stderr.write(f"taskboard: {_('error')}: {error_line(message)}\n")
    return EXIT_ERROR


def show_board(ctx: Context) -> int:
    """`taskboard` with no command: the board in the terminal UI.

    When output is not a terminal (a pipe, a script) the board's tasks are
    listed instead, column by column.
    """
    store = ctx.store()
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        ctx.args.status, ctx.args.skill, ctx.args.site = None, None, None
        ctx.args.kind, ctx.args.text, ctx.args.all = None, None, False
        return task_commands.list_tasks(ctx)
    from taskboard.tui.app import make_app  # Textual loads only when the board opens

    make_app(store, ctx.settings).run()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

"""What every command gets: parsed arguments, settings, language and the store."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from taskboard.actions.tasks import passed_warning
from taskboard.cli.names import read_names
from taskboard.cli.output import print_json
from taskboard.i18n import _
from taskboard.model import Task
from taskboard.settings import Settings, default_db_path
from taskboard.store import Store
from taskboard.store.storage import make_folder


@dataclass
class Context:
    """One CLI invocation."""

    args: argparse.Namespace
    settings: Settings
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    _store: Store | None = None

    @property
    def db_path(self) -> Path:
        """`--db`, else `$TASKBOARD_DB`, else the default data file."""
        given = getattr(self.args, "db", None)
        return Path(given).expanduser() if given else default_db_path()

    @property
    def json(self) -> bool:
        """True when `--json` asked for machine-readable output."""
        return bool(getattr(self.args, "json", False))

    @property
    def who(self) -> str | None:
        """The coordinator's name for history: `--who`, else settings."""
        return getattr(self.args, "who", None) or self.settings.coordinator

    def store(self, *, must_exist: bool = True) -> Store:
        """The data file, opened once per invocation."""
        if self._store is None:
            if not must_exist:
                make_folder(self.db_path.parent)
            self._store = Store.open(self.db_path, who=self.who, must_exist=must_exist)
            if self._store.initialised:
                read_names(self.args, self._store)
        return self._store

    def echo(self, text: str = "") -> None:
        """Print one human-readable line (or block)."""
        self.out.write(text + "\n")

    def say(self, message: str, **values: Any) -> None:
        """Print a translated message with `{placeholders}` filled in."""
        self.echo(_(message).format(**values))

    def warn(self, text: str) -> None:
        """One line on stderr that does not stop the command: `taskboard: warning: …`."""
        self.err.write(f"taskboard: {_('warning')}: {text}\n")

    def warn_if_passed(self, task: Task, today: dt.date) -> None:
        """Warn when scheduling or staffing a task whose window has already passed."""
        warning = passed_warning(task, today)
        if warning:
            self.warn(warning)

    def emit(self, value: Any) -> None:
        """Print JSON output."""
        print_json(value, self.out)

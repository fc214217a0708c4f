"""Running `taskboard` in-process in tests: what a command printed, and checks on it."""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from taskboard.cli import main


@dataclass(frozen=True)
class Result:
    """What one command printed and returned."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (backups included), byte for byte."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def sheet(path: Path, text: str) -> Path:
    """A roster spreadsheet as Excel and WPS save it (UTF-8 with a byte-order mark)."""
    path.write_bytes(codecs.BOM_UTF8 + text.encode())
    return path


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every file directly in `folder`, byte for byte (the data file, its journal, …)."""
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


class Cli:
    """Runs `taskboard` in-process against one data file."""

    def __init__(self, capsys: pytest.CaptureFixture[str], db: Path) -> None:
        self.capsys = capsys
        self.db = db

    def run(self, *args: str, db: bool = True) -> Result:
        argv = ["--db", str(self.db), *args] if db else list(args)
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def ok(self, *args: str, quiet: bool = True) -> Result:
        """A command that must succeed (and, when `quiet`, print nothing on stderr)."""
        result = self.run(*args)
        assert result.code == 0, result.err
        if quiet:
            assert result.err == ""
        return result

    def data(self, *args: str) -> Any:
        """The `--json` output of a command that must succeed."""
        return self.ok("--json", *args).json()

    def fails(self, *args: str, code: int = 1) -> str:
        """The one error line of a command that must fail without writing any file."""
        before = folder_files(self.db.parent)
        result = self.run(*args)
        assert result.code == code, (result.out, result.err)
        assert result.out == ""
        lines = result.err.splitlines()
        assert len(lines) == 1, result.err
        assert folder_files(self.db.parent) == before
        return lines[0]


def person(cli: Cli, who: str) -> dict[str, Any]:
    """A volunteer as `volunteer show --json` prints it, without the assignments."""
    found: dict[str, Any] = cli.data("volunteer", "show", who)
    found.pop("assignments")
    return found

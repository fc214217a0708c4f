"""The README's walkthroughs ("A day at 阜宁", "A night at 兴业", …) run as written.

Each `## ` section of README.md with a ```console block is one scenario: every
`$ taskboard …` line in it runs, in order, against a fresh `taskboard demo` file
(as of the suite's day, 2026-11-25), in a folder of its own where the files the
commands write land. A command exits 0 unless the README shows its error line;
every output line the README shows (a line of only `…` stands for lines left
out) must appear in what the command printed, in that order. A fenced block
whose info string names a file (```csv households.csv) is written to the
folder first, as the coordinator's spreadsheet. So when the product and the
README drift apart, this test says where.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from taskboard.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"
ELLIPSIS = "…"
ERROR_PREFIX = "taskboard: error:"
FENCE = re.compile(r"^```(\S*)\s*(\S*)\s*$")


@dataclass
class Command:
    """One `$ taskboard …` line of a console block and the output shown under it."""

    text: str
    shown: list[str] = field(default_factory=list)

    @property
    def argv(self) -> list[str]:
        """The words after `taskboard`, quoted and commented as a shell reads them."""
        words = shlex.split(self.text, comments=True)
        assert words and words[0] == "taskboard", f"not a taskboard command: {self.text}"
        return words[1:]

    @property
    def fails(self) -> bool:
        """Whether the README shows this command refusing (its error line)."""
        return any(line.startswith(ERROR_PREFIX) for line in self.shown)


@dataclass
class Walkthrough:
    """A README section: its console commands in order and the files it brings."""

    title: str
    commands: list[Command] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)


def sections(text: str) -> dict[str, list[str]]:
    """The README's `## ` sections by title, each as its lines (a `## ` line inside
    a fenced block is output, such as the report's headings, not a title)."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    fenced = False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            fenced = not fenced
        if line.startswith("## ") and not fenced:
            current = found.setdefault(line[3:].strip(), [])
        elif current is not None:
            current.append(line)
    return found


def blocks(lines: list[str]) -> list[tuple[str, str, list[str]]]:
    """The fenced blocks of a section: (language, file name or "", lines)."""
    found: list[tuple[str, str, list[str]]] = []
    inside: tuple[str, str, list[str]] | None = None
    for line in lines:
        fence = FENCE.match(line.strip())
        if fence and inside is None:
            inside = (fence.group(1), fence.group(2), [])
        elif line.strip() == "```" and inside is not None:
            found.append(inside)
            inside = None
        elif inside is not None:
            inside[2].append(line)
    return found


def console_commands(lines: list[str]) -> list[Command]:
    """The `$ ` commands of a console block, `\\` continuations joined, with their output."""
    commands: list[Command] = []
    continued = False
    for line in lines:
        if continued:
            commands[-1].text += " " + line.strip().removesuffix("\\")
            continued = line.rstrip().endswith("\\")
        elif line.startswith("$ "):
            commands.append(Command(line[2:].strip().removesuffix("\\")))
            continued = line.rstrip().endswith("\\")
        else:
            assert commands, f"output before any command: {line!r}"
            commands[-1].shown.append(line)
    return commands


def walkthroughs() -> list[Walkthrough]:
    """Every README section with a console block, in the README's order."""
    found: list[Walkthrough] = []
    for title, lines in sections(README.read_text(encoding="utf-8")).items():
        walk = Walkthrough(title)
        for language, name, body in blocks(lines):
            if language == "console":
                walk.commands.extend(console_commands(body))
            elif name:
                walk.files[name] = "\n".join(body) + "\n"
        if walk.commands:
            found.append(walk)
    return found


def missing(shown: list[str], printed: list[str]) -> str | None:
    """The first line shown that does not follow, in order, in what was printed."""
    rest = iter(line.rstrip() for line in printed)
    for line in shown:
        wanted = line.rstrip()
        if wanted.strip() in ("", ELLIPSIS):
            continue
        if not any(got == wanted for got in rest):
            return wanted
    return None


WALKTHROUGHS = walkthroughs()


def test_the_readme_has_a_walkthrough_per_community() -> None:
    titles = " ".join(walk.title for walk in WALKTHROUGHS)
    for community in ("阜宁", "兴业", "春晖", "岳城", "景山"):
        assert community in titles


def test_every_readme_command_belongs_to_a_walkthrough() -> None:
    """No `$ taskboard` line is lost by the parsing (and so silently never run)."""
    written = [
        line
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith("$ taskboard")
    ]
    assert len(written) == sum(len(walk.commands) for walk in WALKTHROUGHS)


@pytest.mark.parametrize("walk", WALKTHROUGHS, ids=[walk.title for walk in WALKTHROUGHS])
def test_walkthrough_runs_as_the_readme_shows(
    walk: Walkthrough,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    today: dt.date,
) -> None:
    assert today == dt.date(2026, 11, 25)  # the day the README's output is as of
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TASKBOARD_DB", str(tmp_path / "board.json"))
    for name, content in walk.files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    assert main(["demo"]) == 0
    capsys.readouterr()
    for command in walk.commands:
        try:
            code = main(command.argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        printed = captured.out.splitlines() + captured.err.splitlines()
        said = f"$ {command.text}\n{captured.out}{captured.err}"
        assert (code != 0) == command.fails, said
        gone = missing(command.shown, printed)
        assert gone is None, f"the README shows {gone!r}, the command printed:\n{said}"

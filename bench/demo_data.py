"""The data the benches measure on: what `taskboard demo` writes, history included.

A bench that builds a leaner variant (no history, fewer open slots) measures a
board no user has; these files are made by the command users run.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

TODAY = dt.date(2026, 11, 25)
"""The day the demo data is made for and judged on (`$TASKBOARD_TODAY`)."""
SIZES = ("story", "district")


def code_root(code: Path | None = None) -> Path:
    """The checkout whose code a measured process runs: `code`, or this one."""
    return (code or Path(__file__).resolve().parent.parent).resolve()


def environment(code: Path | None = None) -> dict[str, str]:
    """The environment of a measured process: a fixed today, and the code under `code`
    (another checkout, to measure before and after in one run) or this one.

    Run the process in `code_root(code)` too: `python -m` and `python -c` put the
    working folder before PYTHONPATH."""
    env = dict(os.environ, TASKBOARD_TODAY=TODAY.isoformat())
    env["PYTHONPATH"] = str(code_root(code))
    # An installed taskboard has its bytecode compiled, as its libraries do: a shell that
    # sets PYTHONDONTWRITEBYTECODE would have every measured process compile taskboard's
    # sources again (~50 ms of a start). The bytecode goes to a folder of its own.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "taskboard-bench-bytecode")
    return env


def make_demo(size: str, folder: Path, code: Path | None = None) -> Path:
    """`taskboard --db FOLDER/SIZE.json demo --size SIZE`, run by the code under `code`
    (default: this checkout); returns the data file.

    Measuring against an older checkout, make the data with that one: a newer
    taskboard opens an older schema (migrating in memory, writing nothing), an
    older one refuses a newer schema."""
    path = folder / f"{size}.json"
    command = [sys.executable, "-m", "taskboard", "--db", str(path), "demo", "--size", size]
    subprocess.run(
        command, env=environment(code), cwd=code_root(code), check=True, capture_output=True
    )
    return path


@dataclass(frozen=True)
class Timing:
    """Seconds of a process: on the wall clock, and on the CPU (user + system).

    On a shared machine the wall clock also counts waiting for a core; the CPU
    time does not, so it moves less when others run."""

    wall: float
    cpu: float


def process_seconds(argv: Sequence[str], code: Path | None = None) -> Timing:
    """Seconds of one new Python process running `argv` (output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, *argv],
        env=environment(code),
        cwd=code_root(code),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Timing(wall, cpu)


def median_seconds(runs: Sequence[Timing]) -> Timing:
    """Medians of `runs`, wall and CPU apart."""
    return Timing(
        statistics.median(run.wall for run in runs), statistics.median(run.cpu for run in runs)
    )


def interleaved(commands: Sequence[Callable[[], Timing]], repeat: int) -> list[Timing]:
    """The median timing of each command, run `repeat` times in turn (one of each, then
    again), so that a busy moment on a shared machine does not fall on one of them only."""
    runs: list[list[Timing]] = [[] for _ in commands]
    for _ in range(repeat):
        for found, command in zip(runs, commands, strict=True):
            found.append(command())
    return [median_seconds(found) for found in runs]


PARSE_FLOOR = """
import sys
import orjson
with open(sys.argv[1], "rb") as file:
    orjson.loads(file.read())
"""
"""A new Python process that reads and parses the data file and does nothing else."""

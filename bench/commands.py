"""One-shot commands, start to exit: `--version`, `--help`, `task list` on the demo data.

Usage: python bench/commands.py [--repeat N] [--against DIR]

Each command runs in a new process, `--repeat` times in turn with the floor (a
bare `python -c pass`) and, with `--against DIR` (another checkout, e.g.
`git worktree add /tmp/old main`), with that code; the table shows medians,
wall and CPU seconds. `task list` runs on the story data `taskboard demo` writes.
"""

from __future__ import annotations

import argparse
import tempfile
from functools import partial
from pathlib import Path

from demo_data import Timing, interleaved, make_demo, process_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another checkout to time the same with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        story = make_demo("story", Path(folder))
        commands = {
            "--version": ["--version"],
            "--help": ["--help"],
            "task list": ["--db", str(story), "task", "list"],
        }
        floor = ["-c", "pass"]
        print(f"one-shot commands, new process, median of {args.repeat}: wall s (CPU s)")
        header = f"  {'command':<10} {'floor':>12} {'now':>12}"
        if args.against is not None:
            header += f" {'before':>12} {'speed-up':>8}"
        print(header)
        for name, argv in commands.items():
            runs = [
                partial(process_seconds, floor),
                partial(process_seconds, ["-m", "taskboard", *argv]),
            ]
            if args.against is not None:
                runs.append(partial(process_seconds, ["-m", "taskboard", *argv], args.against))
            base, now, *before = interleaved(runs, args.repeat)
            row = f"  {name:<10} {_s(base)} {_s(now)}"
            if before:
                row += f" {_s(before[0])} {before[0].wall / now.wall:7.2f}x"
            print(row)


def _s(timing: Timing) -> str:
    return f"{timing.wall:5.2f} ({timing.cpu:4.2f})"


if __name__ == "__main__":
    main()

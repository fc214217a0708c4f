"""The board's speed, headless: first paint and key presses at story and district size.

Usage: python bench/board.py [--repeat N] [--size 160x48] [--against DIR] [--profile]

The data is what `taskboard demo` writes, history included, at story size and
at district size (50 sites, 20,000 tasks, 10,000 volunteers; about 27 MB);
nothing is left out to make it lighter. Measures in one run:

- first paint: from starting a Python process to the first painted screen,
  for an empty Textual app (the floor), for the empty app after it has read
  and parsed the data file (the floor with that data: no board can paint
  sooner), and for the board on the story data and on the district data, with
  the ratio to the empty app; with `--against DIR`
  (another checkout, e.g. `git worktree add /tmp/old main`) the board's first
  paint with that code too, in the same run, on the demo data that code makes
  (an older taskboard refuses a newer file);
- per key press (key → handled → repainted), at story and district size:
  move a card to the next column (and back), move the cursor, open a task
  (closing is not counted), type one letter of a search. A key press is
  timed from sending the key to the last screen update it caused.

`--profile` profiles opening the district board up to its first paint, in
this process, and prints the functions that take the most time.

Targets: district first paint within 2.0x of the empty app; a key press at
district size under 50 ms and within 1.5x of the same key at story size.
Compare ratios measured in one run; absolute times move on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from demo_data import SIZES, TODAY, code_root, environment, make_demo
from textual.pilot import Pilot

from taskboard.store import Store
from taskboard.tui.app import TaskboardApp, make_app

PAINT_SCRIPT = """
import asyncio, sys, time
kind, path, cols, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
if kind in ("empty", "parse"):
    from textual.app import App
    from textual.widgets import Static

    class Empty(App):
        def compose(self):
            yield Static("taskboard")

    if kind == "parse":  # the floor with data: the same app, after parsing the data file
        import gc
        import orjson

        gc.disable()  # as the store reads: no collection amid a million new objects,
        with open(path, "rb") as file:  # which are frozen afterwards
            data = orjson.loads(file.read())
        gc.enable()
        gc.freeze()
    app = Empty()
else:
    import datetime as dt
    from taskboard.store import Store
    from taskboard.tui.app import TaskboardApp, make_app

    app = make_app(Store.open(path), today=dt.date(2026, 11, 25), watch=False)

async def paint():
    async with app.run_test(size=(cols, rows)) as pilot:
        await pilot.pause()
        print(time.time(), flush=True)

asyncio.run(paint())
"""


def first_paint(
    kind: str, path: Path | None, screen: tuple[int, int], code: Path | None = None
) -> float:
    """Milliseconds from starting a new Python process to its first painted screen.

    Measured across the whole process (interpreter, imports, opening the data
    file, building the board, painting), as a person starting the app waits;
    `code` is another checkout to run instead of this one.
    """
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", PAINT_SCRIPT, kind, str(path or ""), *map(str, screen)],
        capture_output=True,
        text=True,
        check=True,
        env=environment(code),
        cwd=code_root(code),
    )
    return (float(done.stdout.split()[0]) - start) * 1000


def profile_paint(path: Path, screen: tuple[int, int]) -> None:
    """Opening the board on `path` up to its first paint, under cProfile (this process)."""

    async def paint() -> None:
        app = make_app(Store.open(path), today=TODAY, watch=False)
        async with app.run_test(size=screen) as pilot:
            await pilot.pause()

    profiler = cProfile.Profile()
    profiler.enable()
    asyncio.run(paint())
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


class PaintClock:
    """Notes when the app last wrote a screen update (the moment a person sees it)."""

    def __init__(self, app: TaskboardApp) -> None:
        self.last = 0.0
        display = app._display

        def timed_display(*args: Any, **kwargs: Any) -> None:
            display(*args, **kwargs)
            self.last = time.perf_counter()

        app._display = timed_display  # type: ignore[method-assign]


async def timed_keys(pilot: Pilot[None], clock: PaintClock, keys: list[str], repeat: int) -> float:
    """Median milliseconds from a key press to the last screen update it caused.

    The test driver waits for the app to go idle after each key; that wait is
    not counted, only the time until the resulting paint.
    """
    samples = []
    for _ in range(repeat):
        for key in keys:
            start = time.perf_counter()
            clock.last = 0.0
            await pilot.press(key)
            await pilot.pause()
            if clock.last > start:
                samples.append((clock.last - start) * 1000)
    return statistics.median(samples) if samples else float("nan")


async def key_presses(path: Path, repeat: int, screen: tuple[int, int]) -> dict[str, float]:
    """Per-key times on a board opened on `path`, after its cards are prepared."""
    store = Store.open(path, who="bench")
    app = make_app(store, today=TODAY, watch=False)
    results: dict[str, float] = {}
    async with app.run_test(size=screen) as pilot:
        clock = PaintClock(app)
        await pilot.pause()
        while app.board_state.warm(5000):
            pass
        await pilot.press("l")  # the Open column
        results["move card"] = await timed_keys(pilot, clock, ["L", "H"], repeat)
        results["cursor"] = await timed_keys(pilot, clock, ["j", "k"], repeat)
        results["open task"] = await _open_close(pilot, clock, repeat)
        await pilot.press("slash")
        results["search letter"] = await timed_keys(pilot, clock, ["a", "backspace"], repeat)
    return results


async def _open_close(pilot: Pilot[None], clock: PaintClock, repeat: int) -> float:
    """Open a task (timed), close it and go down to the next card (not timed): each open
    is of another task, as a coordinator reads down a column (the task screen keeps
    what it drew for the task shown last, so reopening one task would time that)."""
    samples = []
    for _ in range(repeat):
        samples.append(await timed_keys(pilot, clock, ["enter"], 1))
        await pilot.press("escape")
        await pilot.press("down")
        await pilot.pause()
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    """Make the demo data, measure, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", default="160x48", help="terminal size COLSxROWS")
    parser.add_argument("--against", type=Path, help="another checkout to time first paint with")
    parser.add_argument("--profile", action="store_true", help="profile the district first paint")
    args = parser.parse_args(argv)
    cols, rows = (int(n) for n in args.size.split("x"))
    screen = (cols, rows)
    repeat = args.repeat
    with tempfile.TemporaryDirectory() as tmp:
        paths = {size: make_demo(size, Path(tmp)) for size in SIZES}
        older: dict[str, Path] = {}  # the other checkout's own demo data (it may not read ours)
        if args.against is not None:
            (Path(tmp) / "before").mkdir()
            older = {size: make_demo(size, Path(tmp) / "before", args.against) for size in SIZES}
        if args.profile:
            profile_paint(paths["district"], screen)
        runs: dict[str, list[float]] = {}
        for _ in range(repeat):  # in turn, so a busy moment does not fall on one of them only
            runs.setdefault("empty", []).append(first_paint("empty", None, screen))
            for size, path in paths.items():
                runs.setdefault(size, []).append(first_paint("board", path, screen))
                runs.setdefault(f"parse {size}", []).append(first_paint("parse", path, screen))
                if args.against is not None:
                    paint = first_paint("board", older[size], screen, args.against)
                    runs.setdefault(f"before {size}", []).append(paint)
        medians = {name: statistics.median(values) for name, values in runs.items()}
        empty = medians["empty"]
        paints = {size: medians[size] for size in paths}
        before = {size: medians[f"before {size}"] for size in paths if args.against is not None}
        sizes = {size: path.stat().st_size / 1e6 for size, path in paths.items()}
        older_sizes = {size: path.stat().st_size / 1e6 for size, path in older.items()}
        keys = {
            size: asyncio.run(key_presses(path, repeat, screen)) for size, path in paths.items()
        }
    print(f"first paint ({cols}x{rows}), `taskboard demo` data, median of {repeat}")
    header = f"  {'data':<18} {'MB':>5} {'ms':>7} {'x empty':>8}"
    if before:
        header += f" {'before MB':>10} {'before ms':>10} {'x empty':>8}"
    print(header)
    print(f"  {'empty app (floor)':<18} {'':>5} {empty:7.0f} {1:7.2f}x")
    for size, value in paints.items():
        floor = medians[f"parse {size}"]
        print(f"  {'+ parse ' + size:<18} {sizes[size]:5.1f} {floor:7.0f} {floor / empty:7.2f}x")
        row = f"  {size:<18} {sizes[size]:5.1f} {value:7.0f} {value / empty:7.2f}x"
        if before:
            row += f" {older_sizes[size]:10.1f} {before[size]:10.0f} {before[size] / empty:7.2f}x"
        print(row)
    print("  + parse: the empty app painted after reading and parsing the data file (orjson),")
    print("  the least any board on that file can take")
    print()
    print(f"{'key press':<16} {'story ms':>9} {'district ms':>12} {'district/story':>15}")
    for key in keys["story"]:
        story, district = keys["story"][key], keys["district"][key]
        print(f"{key:<16} {story:9.1f} {district:12.1f} {district / story:14.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

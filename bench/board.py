"""The board's speed, headless: first paint and key presses at story and district size.

Usage: python bench/board.py [--repeat N] [--size 160x48]

Measures in one run:

- first paint: from starting a Python process to the first painted screen,
  for an empty Textual app (the floor), and for the board on the story data
  and on the district data (20,000 tasks, 10,000 volunteers);
- per key press (key → handled → repainted), at story and district size:
  move a card to the next column (and back), move the cursor, open a task
  (closing is not counted), type one letter of a search. A key press is
  timed from sending the key to the last screen update it caused.

Targets: district first paint within 1.5x of the empty app; a key press at
district size under 50 ms and within 1.5x of the same key at story size.
Compare ratios measured in one run; absolute times move on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from taskboard.demo import dataset_tables, district_dataset, story_dataset
from taskboard.store import Store
from taskboard.tui.app import TaskboardApp, make_app

TODAY = dt.date(2026, 11, 25)


def build(size: str, folder: Path) -> Path:
    """Write the `size` data set to a data file."""
    dataset = story_dataset(TODAY) if size == "story" else district_dataset(TODAY)
    path = folder / f"{size}.json"
    tables = dataset_tables(dataset, who="bench", coordinator="bench", history=False)
    Store.open(path, must_exist=False).replace_all(tables)
    return path


PAINT_SCRIPT = """
import asyncio, sys, time
kind, path, cols, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
if kind == "empty":
    from textual.app import App
    from textual.widgets import Static

    class Empty(App):
        def compose(self):
            yield Static("taskboard")

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


def first_paint(kind: str, path: Path | None, screen: tuple[int, int]) -> float:
    """Milliseconds from starting a new Python process to its first painted screen.

    Measured across the whole process (interpreter, imports, opening the data
    file, building the board, painting), as a person starting the app waits.
    """
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", PAINT_SCRIPT, kind, str(path or ""), *map(str, screen)],
        capture_output=True,
        text=True,
        check=True,
    )
    return (float(done.stdout.split()[0]) - start) * 1000


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
    """Open a task (timed) and close it again (not timed)."""
    samples = []
    for _ in range(repeat):
        samples.append(await timed_keys(pilot, clock, ["enter"], 1))
        await pilot.press("escape")
        await pilot.pause()
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    """Build the data sets, measure, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", default="160x48", help="terminal size COLSxROWS")
    args = parser.parse_args(argv)
    cols, rows = (int(n) for n in args.size.split("x"))
    screen = (cols, rows)
    with tempfile.TemporaryDirectory() as tmp:
        paths = {size: build(size, Path(tmp)) for size in ("story", "district")}
        empty = statistics.median(first_paint("empty", None, screen) for _ in range(args.repeat))
        paints = {
            size: statistics.median(first_paint("board", path, screen) for _ in range(args.repeat))
            for size, path in paths.items()
        }
        keys = {
            size: asyncio.run(key_presses(path, args.repeat, screen))
            for size, path in paths.items()
        }
    print(f"first paint ({cols}x{rows})   ms      x empty")
    print(f"  empty app          {empty:7.0f}   1.00")
    for size, value in paints.items():
        print(f"  {size:<18} {value:7.0f}   {value / empty:4.2f}")
    print()
    print(f"{'key press':<16} {'story ms':>9} {'district ms':>12} {'district/story':>15}")
    for key in keys["story"]:
        story, district = keys["story"][key], keys["district"][key]
        print(f"{key:<16} {story:9.1f} {district:12.1f} {district / story:14.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

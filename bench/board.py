"""The board's speed, headless: first paint and key presses at story and district size.

Usage: python bench/board.py [--repeat N] [--size 160x48]

Measures in one run:

- first paint: from opening the data file to the first painted board, for an
  empty Textual app (the floor), the story data and the district data
  (20,000 tasks, 10,000 volunteers);
- per key press (key → handled → repainted), at story and district size:
  move a card to the next column (and back), move the cursor, open a task
  (and close it), type one letter of a search.

Targets: district first paint within 1.5x of the empty app; a key press at
district size under 50 ms and within 1.5x of the same key at story size.
Compare ratios measured in one run; absolute times move on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from taskboard.demo import district_dataset, fill_store, story_dataset
from taskboard.store import Store
from taskboard.tui.app import make_app

TODAY = dt.date(2026, 11, 25)


class EmptyApp(App[None]):
    """The floor: a Textual app that paints one line."""

    def compose(self) -> ComposeResult:
        """One static line."""
        yield Static("taskboard")


def build(size: str, folder: Path) -> Path:
    """Write the `size` data set to a data file."""
    dataset = story_dataset(TODAY) if size == "story" else district_dataset(TODAY)
    fresh = Store.memory(who="bench")
    fresh.initialise(dataset.site, coordinator="bench")
    fill_store(fresh, dataset, history=False)
    path = folder / f"{size}.json"
    Store.open(path, must_exist=False).replace_all(fresh.storage.data)
    return path


async def first_paint(make: Callable[[], App[None]], screen: tuple[int, int]) -> float:
    """Milliseconds from building the app to its first full paint."""
    start = time.perf_counter()
    app = make()
    async with app.run_test(size=screen) as pilot:
        await pilot.pause()
        return (time.perf_counter() - start) * 1000


async def timed_keys(pilot: Pilot[None], keys: list[str], repeat: int) -> float:
    """Median milliseconds for pressing `keys` (one press each) and repainting."""
    samples = []
    for _ in range(repeat):
        for key in keys:
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


async def key_presses(path: Path, repeat: int, screen: tuple[int, int]) -> dict[str, float]:
    """Per-key times on a board opened on `path`."""
    store = Store.open(path, who="bench")
    app = make_app(store, today=TODAY, watch=False)
    results: dict[str, float] = {}
    async with app.run_test(size=screen) as pilot:
        await pilot.pause()
        await pilot.press("l")  # the Open column
        results["move card"] = await timed_keys(pilot, ["L", "H"], repeat)
        results["cursor"] = await timed_keys(pilot, ["j", "k"], repeat)
        results["open task"] = await timed_keys(pilot, ["enter", "escape"], repeat)
        await pilot.press("slash")
        results["search letter"] = await timed_keys(pilot, ["a", "backspace"], repeat)
    return results


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
        empty = statistics.median(
            asyncio.run(first_paint(EmptyApp, screen)) for _ in range(args.repeat)
        )
        paints = {
            size: statistics.median(
                asyncio.run(
                    first_paint(
                        lambda p=path: make_app(Store.open(p), today=TODAY, watch=False), screen
                    )
                )
                for _ in range(max(1, args.repeat // 2))
            )
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

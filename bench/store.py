"""Open and save times of the data file at story and district size, beside raw JSON.

Usage: python bench/store.py [--repeat N] [--size story|district|both]

Builds the reference data sets (the story; a district: 50 sites, 20,000
tasks, 10,000 volunteers) into a temporary folder, then measures in one run:

- parse:   orjson.loads of the data file's bytes (the floor for opening)
- open:    Store.open (parse, checks, journal replay)
- dump:    orjson.dumps + write + fsync of the same data (the floor for a full save)
- edit:    one task edit saved durably (journal append + fsync), steady state
- rewrite: the periodic full rewrite (atomic temp file + rename)
- first:   the first edit of a session, which also takes a backup

Times are medians in milliseconds; compare the ratios, not the absolute
numbers, on a shared machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from taskboard.demo import dataset_tables, district_dataset, story_dataset
from taskboard.store import Store
from taskboard.store.storage import AtomicJSONStorage, gc_paused

TODAY = dt.date(2026, 11, 25)


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of `action` in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def build(size: str, folder: Path) -> Path:
    """Write the `size` data set to a data file and return its path."""
    dataset = story_dataset(TODAY) if size == "story" else district_dataset(TODAY)
    path = folder / f"{size}.json"
    tables = dataset_tables(dataset, who="bench", coordinator="bench", history=False)
    Store.open(path, must_exist=False).replace_all(tables)
    return path


def raw_dump(data: object, path: Path) -> None:
    """What a bare full save costs: serialise, write, fsync."""
    with open(path, "wb") as handle:
        handle.write(orjson.dumps(data))
        handle.flush()
        os.fsync(handle.fileno())


def measure(size: str, folder: Path, repeat: int) -> dict[str, float]:
    """All numbers for one data set."""
    path = build(size, folder)
    payload = path.read_bytes()

    def parse() -> object:
        with gc_paused():
            return orjson.loads(payload)

    data = parse()
    store = Store.open(path, who="bench")
    task_ids = [doc["id"] for doc in store.tasks.live()][: repeat + 1]
    first = timed(lambda: store.tasks.update(task_ids[0], {"title": "第一次修改"}), 1)
    counter = iter(range(10**6))

    def edit() -> None:
        n = next(counter)
        store.tasks.update(task_ids[n % len(task_ids)], {"title": f"修改 {n}"})

    storage = store.storage
    assert isinstance(storage, AtomicJSONStorage)
    return {
        "MB": len(payload) / 1e6,
        "parse": timed(parse, repeat),
        "open": timed(lambda: Store.open(path), repeat),
        "dump": timed(lambda: raw_dump(data, folder / "raw.json"), repeat),
        "edit": timed(edit, repeat * 5),
        "rewrite": timed(storage.save_snapshot, repeat),
        "first": first,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", choices=["story", "district", "both"], default="both")
    args = parser.parse_args(argv)
    sizes = ["story", "district"] if args.size == "both" else [args.size]
    print(
        f"{'data set':<10} {'file MB':>8} {'parse':>8} {'open':>8} {'open/parse':>10}"
        f" {'dump':>8} {'edit':>7} {'edit/dump':>9} {'rewrite':>8} {'1st edit':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            r = measure(size, Path(tmp), args.repeat)
            print(
                f"{size:<10} {r['MB']:>8.1f} {r['parse']:>8.1f} {r['open']:>8.1f}"
                f" {r['open'] / r['parse']:>9.2f}x {r['dump']:>8.1f} {r['edit']:>7.1f}"
                f" {r['edit'] / r['dump']:>8.3f}x {r['rewrite']:>8.1f} {r['first']:>8.1f}"
            )
    print("times in ms (median); edit = one task edit saved durably; 1st edit includes a backup")
    return 0


if __name__ == "__main__":
    sys.exit(main())

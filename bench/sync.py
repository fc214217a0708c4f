"""Export and merge of two district bundles, beside just parsing and writing the same JSON.

Usage: python bench/sync.py [--size district|large|both] [--repeat N]

Each size runs in its own process (so that peak memory is its own):

- district: two sites' bundles, each 50 sites, 20,000 tasks, 10,000 volunteers
- large:    two bundles of 100,000 tasks and 50,000 volunteers each

Measured in one run, per size:

- export:   build, encode and atomically write one site's bundle
- floor:    orjson.loads of both bundle files, orjson.dumps of both together,
            atomic write — "just parsing and writing the same JSON"
- merge:    file to file, in its own process (for peak memory): read, check
            (signatures, every record against its model), merge into an empty
            data file, save; the target is at most 3x the floor, and under
            10 s and 2 GB for the large size
- again:    merging the same two bundles a second time (nothing changes)

Floor and merge run `--repeat` times (default 3), alternating, each in a
fresh process; the table shows the medians, and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from taskboard.demo import district_dataset, fill_store
from taskboard.model import Site
from taskboard.store import Store
from taskboard.store.storage import gc_paused, write_atomic
from taskboard.sync import export_bytes, merge_bundles, read_bundles

TODAY = dt.date(2026, 11, 25)
SIZES = {"district": (20_000, 10_000), "large": (100_000, 50_000)}
"""Size → (tasks, volunteers) per bundle."""


def seconds(action: Callable[[], object]) -> float:
    """Wall time of one call."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def site_file(folder: Path, site: str, seed: int, tasks: int, volunteers: int) -> Store:
    """A data file of `site` filled with a district data set drawn from `seed`."""
    dataset = district_dataset(TODAY, seed=seed, tasks=tasks, volunteers=volunteers)
    store = Store.open(folder / f"{site}.json", who="bench", must_exist=False)
    store.initialise(Site(id=site, name=site))
    fill_store(store, dataset, history=False)
    return store


def floor(paths: list[Path], target: Path) -> None:
    """Parse both files and write them back as one document: the least a merge must do."""
    with gc_paused():
        parsed = [orjson.loads(path.read_bytes()) for path in paths]
        write_atomic(target, orjson.dumps(parsed))


def make_bundles(size: str, folder: Path) -> dict[str, Any]:
    """Two sites' data files and their exported bundles in `folder`."""
    tasks, volunteers = SIZES[size]
    exports = []
    for site, seed in (("east", 7), ("west", 8)):
        store = site_file(folder, site, seed, tasks, volunteers)
        path = folder / f"{site}.bundle"
        start = time.perf_counter()
        write_atomic(path, export_bytes(store)[0])
        exports.append(time.perf_counter() - start)
    return {"export_s": round(exports[0], 2)}


def bundle_paths(folder: Path) -> list[Path]:
    """The two bundles `make_bundles` wrote."""
    return [folder / "east.bundle", folder / "west.bundle"]


def measure_floor(folder: Path) -> dict[str, Any]:
    """Parse and write the two bundles with orjson alone."""
    return {"floor_s": round(seconds(lambda: floor(bundle_paths(folder), folder / "f.json")), 2)}


def measure_merge(folder: Path) -> dict[str, Any]:
    """Merge both bundles into an empty data file, file to file, then once more."""
    for old in folder.glob("district.json*"):
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink()
    target = Store.open(folder / "district.json", who="bench", must_exist=False)
    target.initialise(Site(id="district", name="district"))

    def merge() -> None:
        merge_bundles(target, read_bundles(target, bundle_paths(folder)))

    merge_s = seconds(merge)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    again_s = seconds(merge)
    records = sum(len(target.docs(t)) for t in ("tasks", "volunteers", "assignments", "hours"))
    return {
        "merge_s": round(merge_s, 2),
        "again_s": round(again_s, 2),
        "peak_mb": peak,
        "records": records,
        "bundle_mb": round(sum(p.stat().st_size for p in bundle_paths(folder)) / 2**20, 1),
    }


def step(name: str, *args: str) -> dict[str, Any]:
    """Run one step in a fresh process, so that its time and memory are its own."""
    out = subprocess.run(
        [sys.executable, __file__, "--step", name, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run_size(size: str, repeat: int) -> dict[str, Any]:
    """Every measurement of one size (medians of `repeat` runs)."""
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as name:
        row: dict[str, Any] = {"size": size}
        row.update(step("make", size, name))
        for _ in range(repeat):
            floor_run = step("floor", size, name)
            runs.append({**floor_run, **step("merge", size, name)})
    for key in ("floor_s", "merge_s", "again_s", "peak_mb"):
        row[key] = statistics.median(run[key] for run in runs)
    row["records"], row["bundle_mb"] = runs[0]["records"], runs[0]["bundle_mb"]
    row["ratio"] = round(row["merge_s"] / row["floor_s"], 2)
    row["spread"] = ", ".join(f"{run['merge_s']}/{run['floor_s']}" for run in runs)
    return row


def main() -> None:
    """Run the sizes asked for and print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", choices=["district", "large", "both"], default="district")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (default 3)")
    parser.add_argument("--step", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        name, size, folder = args.step
        if name == "make":
            result = make_bundles(size, Path(folder))
        else:
            result = measure_floor(Path(folder)) if name == "floor" else measure_merge(Path(folder))
        print(json.dumps(result))
        return
    sizes = ["district", "large"] if args.size == "both" else [args.size]
    rows = [run_size(size, max(1, args.repeat)) for size in sizes]
    print(
        "| size | records merged | 2 bundles | export one | parse+write floor | merge"
        " | merge/floor | merge again | merge peak RSS"
        " | runs: merge/floor s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(
            f"| {r['size']} | {r['records']:,} | {r['bundle_mb']} MB | {r['export_s']} s"
            f" | {r['floor_s']} s | {r['merge_s']} s | {r['ratio']}x | {r['again_s']} s"
            f" | {r['peak_mb']} MB | {r['spread']} |"
        )


if __name__ == "__main__":
    main()

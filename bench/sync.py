"""Export and merge of two district bundles, beside just parsing and writing the same JSON.

Usage: python bench/sync.py [--size district|large|both] [--repeat N]
       python bench/sync.py --folder [--rounds N] [--every S]

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

`--folder`: three sites at district size (each starts from the same district
data set: 50 sites, 20,000 tasks, 10,000 volunteers) meet in a folder kept in
step by three real Syncthing nodes on 127.0.0.1 (a plain shared folder when
`syncthing` is not installed, and the table says so). Every `--every` seconds
each site retitles three tasks and runs `sync`. Printed: how long a change
took from the sync that wrote it to the sync that merged it at another site
(median, max, and changes never delivered during the run), the bytes each
sync wrote to the folder, the time a sync takes, and a last round of syncs
with nothing new (the goal: 0 bytes).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
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
from taskboard.sync import FolderSync, export_bytes, merge_bundles, read_bundles, sync_folder

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


# The folder scenario ---------------------------------------------------------------------
FOLDER_SITES = ("funing", "xingye", "jingshan")
EDITS_PER_SYNC = 3


def folder_sites(folder: Path) -> list[Store]:
    """Three sites that each merged the same district data set."""
    source = site_file(folder, "district", 7, *SIZES["district"])
    bundle = folder / "district.bundle"
    write_atomic(bundle, export_bytes(source)[0])
    stores = []
    for site in FOLDER_SITES:
        store = Store.open(folder / f"{site}.json", who="bench", must_exist=False)
        store.initialise(Site(id=site, name=site))
        merge_bundles(store, read_bundles(store, [bundle]))
        stores.append(store)
    return stores


def written_bytes(result: Any) -> int:
    """What one sync wrote to the folder (older versions always rewrote their whole file)."""
    if hasattr(result, "bytes_written"):
        return int(result.bytes_written)
    written = getattr(result, "written", None)
    return written.stat().st_size if written is not None and written.exists() else 0


class FolderRun:
    """Sites editing and syncing in turn; which change reached which site when."""

    def __init__(self, stores: list[Store], folders: list[Path]) -> None:
        self.stores, self.folders = stores, folders
        ids = sorted(stores[0].tasks.docs())
        self.targets = {s.site: ids[i * 1000 : i * 1000 + 500] for i, s in enumerate(stores)}
        self.pending: list[tuple[str, str, str, float]] = []
        """(origin site, task id, title, when the origin's sync wrote it)."""
        self.arrived: dict[tuple[str, str, str], float] = {}
        self.delays: list[float] = []
        self.bytes: list[int] = []
        self.sync_s: list[float] = []
        self.count = 0

    def edit_and_sync(self, index: int) -> None:
        store = self.stores[index]
        made = []
        for _ in range(EDITS_PER_SYNC):
            self.count += 1
            task_id = self.targets[store.site][self.count % 500]
            title = f"bench {store.site} {self.count}"
            store.tasks.update(task_id, {"title": title})
            made.append((task_id, title))
        self.sync(index)
        now = time.monotonic()
        self.pending += [(store.site, task_id, title, now) for task_id, title in made]

    def sync(self, index: int) -> int:
        store = self.stores[index]
        start = time.perf_counter()
        result = sync_folder(store, self.folders[index])
        self.sync_s.append(time.perf_counter() - start)
        wrote = written_bytes(result)
        self.bytes.append(wrote)
        now = time.monotonic()
        tasks = store.tasks.docs()
        for origin, task_id, title, when in self.pending:
            key = (origin, task_id, store.site)
            if origin == store.site or key in self.arrived:
                continue
            if tasks.get(task_id, {}).get("title") == title or _newer_there(tasks, task_id, title):
                self.arrived[key] = now
                self.delays.append(now - when)
        return wrote

    def undelivered(self) -> int:
        wanted = {(o, t, s.site) for o, t, _title, _w in self.pending for s in self.stores}
        return len({k for k in wanted if k[0] != k[2]} - set(self.arrived))


def _newer_there(tasks: dict[str, Any], task_id: str, title: str) -> bool:
    """A later edit of the same task by the same site arrived (so this one did too)."""
    shown = str(tasks.get(task_id, {}).get("title", ""))
    site, number = title.rsplit(" ", 2)[1:]
    parts = shown.rsplit(" ", 2)
    return len(parts) == 3 and parts[1] == site and int(parts[2]) > int(number)


def run_folder(rounds: int, every: float) -> None:
    """The folder scenario (see the module's docstring); prints its table."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    syncthing_nodes = importlib.import_module("syncthing_nodes").syncthing_nodes  # tests/
    real = shutil.which("syncthing") is not None
    with tempfile.TemporaryDirectory() as name, contextlib.ExitStack() as stack:
        base = Path(name)
        stores = folder_sites(base)
        if real:
            nodes = stack.enter_context(syncthing_nodes(base, list(FOLDER_SITES)))
            folders = [node.folder for node in nodes]
        else:
            shared = base / "shared"
            shared.mkdir()
            folders = [shared] * 3
        run = FolderRun(stores, folders)
        for index in range(3):  # everyone's first full bundle, not counted
            run.sync(index)
        settle(run, every)
        run.delays, run.bytes, run.sync_s, run.pending, run.arrived = [], [], [], [], {}
        for _round in range(rounds):
            start = time.monotonic()
            for index in range(3):
                run.edit_and_sync(index)
            time.sleep(max(0.0, every - (time.monotonic() - start)))
        busy_bytes, busy_s = list(run.bytes), list(run.sync_s)
        settle(run, every)
        idle = [run.sync(index) for index in range(3)]
        print(
            f"Folder: {'3 real Syncthing 1.x nodes on 127.0.0.1' if real else 'one shared folder'},"
            f" 3 sites at district size, {rounds} rounds, a sync every {every:g} s per site,"
            f" {EDITS_PER_SYNC} retitled tasks per sync"
        )
        print(
            "| changes | delivered | delay median | delay max | not delivered"
            " | bytes per busy sync (median / max) | sync time median | idle sync bytes |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        wanted = len(run.pending) * 2
        print(
            f"| {len(run.pending)} | {len(run.delays)}/{wanted}"
            f" | {statistics.median(run.delays) if run.delays else float('nan'):.1f} s"
            f" | {max(run.delays, default=float('nan')):.1f} s | {run.undelivered()}"
            f" | {_size(statistics.median(busy_bytes))} / {_size(max(busy_bytes))}"
            f" | {statistics.median(busy_s):.2f} s | {', '.join(str(b) for b in idle)} |"
        )


def settle(run: FolderRun, every: float, timeout: float = 300) -> None:
    """Sync in turn until every change has arrived everywhere and a whole round of
    syncs wrote nothing (or `timeout` passes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        wrote = [run.sync(index) for index in range(3)]
        if not run.undelivered() and (not any(wrote) or not hasattr(FolderSync, "bytes_written")):
            return  # versions that rewrite their whole file at every sync never write nothing
        time.sleep(every)


def _size(count: float) -> str:
    if count < 1024:
        return f"{count:.0f} B"
    if count < 2**20:
        return f"{count / 1024:.1f} KB"
    return f"{count / 2**20:.1f} MB"


def main() -> None:
    """Run the sizes asked for and print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", choices=["district", "large", "both"], default="district")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (default 3)")
    parser.add_argument("--folder", action="store_true", help="the shared folder scenario")
    parser.add_argument("--rounds", type=int, default=10, help="folder: rounds of edits")
    parser.add_argument("--every", type=float, default=3.0, help="folder: seconds per round")
    parser.add_argument("--step", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.folder:
        run_folder(args.rounds, args.every)
        return
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

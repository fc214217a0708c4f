"""Whole-board matching as users get it: `taskboard --json match` on the demo data.

Usage: python bench/match.py [--repeat N] [--against DIR] [--small N] [--profile]

The data is what `taskboard demo` writes, history included, at story size and
at district size (50 sites, 20,000 tasks, 10,000 volunteers, about 24,000 open
slots); nothing is left out to make it lighter. Measured in one run:

- the command: `taskboard --db FILE --json match` in a new process, start to
  exit (what a coordinator waits for), median of `--repeat`; beside it its
  floor, a new process that only reads and parses the data file (orjson), and
  the ratio. With `--against DIR` (another checkout, e.g. `git worktree add
  /tmp/old main`) the same command with that code, in the same run, and the
  speed-up. Target at district size: 4 s.
- where the time goes, in this process: reading the store, the candidates
  and fits, the solver and the greedy baseline, lines and the final check;
  slots filled and total fit of the solver and of greedy, side by side.
- on small boards (the story, and `--small` generated ones tight on people):
  the solver, greedy and the exact MILP, with the solver's gap to the optimum.

`--profile` profiles the district proposal in this process and prints the
functions that take the most time. Compare ratios measured in one run;
absolute times move on a shared machine.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_data import (  # noqa: E402
    PARSE_FLOOR,
    SIZES,
    TODAY,
    Timing,
    interleaved,
    make_demo,
    process_seconds,
)

from taskboard.demo import district_dataset, fill_store, story_dataset  # noqa: E402
from taskboard.matching.candidates import CandidateIndex  # noqa: E402
from taskboard.matching.exact import exact_proposal  # noqa: E402
from taskboard.matching.fit import FitContext  # noqa: E402
from taskboard.matching.propose import Proposal, propose  # noqa: E402
from taskboard.matching.snapshot import Snapshot  # noqa: E402
from taskboard.store import Store  # noqa: E402

TARGET_S = 4.0
"""The district-wide command, start to exit."""


def command_table(
    paths: dict[str, Path], repeat: int, against: Path | None, theirs: dict[str, Path]
) -> None:
    """The command beside its floor (and beside other code, when asked, on the same demo
    made by that code: an older taskboard cannot open a newer schema)."""
    print(f"taskboard --json match, new process, median of {repeat}: wall s (CPU s)")
    header = f"  {'data':<9} {'MB':>5} {'floor':>12} {'match':>12} {'x floor':>13}"
    if against is not None:
        header += f" {'before':>12} {'x floor':>13} {'speed-up':>13}"
    print(header)
    for size, path in paths.items():
        argv = ["-m", "taskboard", "--db", str(path), "--json", "match"]
        commands = [
            partial(process_seconds, ["-c", PARSE_FLOOR, str(path)]),
            partial(process_seconds, argv),
        ]
        if against is not None:
            old = ["-m", "taskboard", "--db", str(theirs[size]), "--json", "match"]
            commands.append(partial(process_seconds, old, against))
        floor, now, *before = interleaved(commands, repeat)
        megabytes = path.stat().st_size / 1e6
        row = f"  {size:<9} {megabytes:>5.1f} {_s(floor)} {_s(now)} {_x(now, floor)}"
        if before:
            row += f" {_s(before[0])} {_x(before[0], floor)} {_x(before[0], now)}"
        print(row)
    print(f"  floor = a new process that reads and parses the data file; target {TARGET_S:.0f} s")


def _s(timing: Timing) -> str:
    return f"{timing.wall:5.2f} ({timing.cpu:4.2f})"


def _x(timing: Timing, base: Timing) -> str:
    return f"{timing.wall / base.wall:5.2f}x ({timing.cpu / base.cpu:4.1f}x)"


def phases(path: Path) -> None:
    """Where the district proposal's time goes, and solver against greedy."""
    started = time.perf_counter()
    import numpy  # noqa: F401
    import scipy.sparse.csgraph  # type: ignore[import-untyped]  # noqa: F401

    imported = time.perf_counter()
    store = Store.open(path, who="bench")
    snapshot = Snapshot.from_store(store, TODAY)
    ctx = FitContext.build(snapshot)
    index = CandidateIndex(snapshot)
    read = time.perf_counter()
    proposal = propose(ctx, index=index)
    done = time.perf_counter()
    rest = done - read - proposal.prepare_seconds - proposal.solver.seconds
    rest -= proposal.greedy.seconds
    print()
    print(f"District proposal in this process ({proposal.slots:,} open slots), seconds")
    print(f"  NumPy + SciPy import      {imported - started:6.2f}")
    print(f"  open, snapshot, index     {read - imported:6.2f}")
    print(f"  candidates + fits         {proposal.prepare_seconds:6.2f}")
    print(f"  solver (groups, caps)     {proposal.solver.seconds:6.2f}")
    print(f"  greedy baseline           {proposal.greedy.seconds:6.2f}")
    print(f"  lines, final rule check   {rest:6.2f}")
    print()
    print(f"  {'method':<8} {'filled':>15} {'total fit':>11}")
    for outcome in (proposal.solver, proposal.greedy):
        filled = f"{outcome.filled:>6,} / {proposal.slots:<6,}"
        print(f"  {outcome.method:<8} {filled} {outcome.fit:>11.2f}")
    print(f"  kept: {proposal.method}")
    for note in proposal.notes:
        print(f"  note: {note}")


def profile(path: Path) -> None:
    """The district proposal under cProfile: the 30 functions with the most own time."""
    store = Store.open(path, who="bench")
    profiler = cProfile.Profile()
    profiler.enable()
    propose(FitContext.build(Snapshot.from_store(store, TODAY)))
    profiler.disable()
    print()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def load(dataset_name: str, seed: int = 0) -> Store:
    """An in-memory store holding a small board (the story, or a generated tight one)."""
    dataset = (
        story_dataset(TODAY)
        if dataset_name == "story"
        else district_dataset(TODAY, seed=seed, sites=2, tasks=120, volunteers=45)
    )
    store = Store.memory(who="bench")
    store.initialise(dataset.site, coordinator="bench")
    fill_store(store, dataset, history=False)
    return store


def run(store: Store) -> tuple[Proposal, FitContext, CandidateIndex]:
    """The proposal and what it was made from."""
    snapshot = Snapshot.from_store(store, TODAY)
    ctx = FitContext.build(snapshot)
    index = CandidateIndex(snapshot)
    return propose(ctx, index=index), ctx, index


def small_cases(count: int) -> None:
    """Solver, greedy and exact MILP on boards small enough to solve exactly."""
    cases = [("story", load("story"))]
    cases += [(f"small-{seed}", load("small", seed)) for seed in range(1, count + 1)]
    print()
    print("Small boards against the exact MILP (HiGHS via scipy.optimize.milp)")
    header = (
        f"  {'case':<9} {'slots':>5} {'solver':>14} {'greedy':>14} {'kept':>14} {'milp':>14}"
        f" {'gap':>9} {'milp s':>7}"
    )
    print(header)
    for name, store in cases:
        proposal, ctx, index = run(store)
        exact, _placements = exact_proposal(ctx, index=index)
        solver, greedy = proposal.solver, proposal.greedy
        gap = _gap(proposal.filled, proposal.fit, exact.filled, exact.fit)
        print(
            f"  {name:<9} {proposal.slots:>5} {solver.filled:>4} {solver.fit:>9.2f}"
            f" {greedy.filled:>4} {greedy.fit:>9.2f} {proposal.filled:>4} {proposal.fit:>9.2f}"
            f" {exact.filled:>4} {exact.fit:>9.2f} {gap:>9} {exact.seconds:>7.2f}"
        )
    print("  kept = the proposal shown (solver, or greedy where it did better); gap = kept vs milp")


def _gap(filled: int, fit: float, best_filled: int, best_fit: float) -> str:
    if filled < best_filled:
        return f"-{best_filled - filled} slots"
    if best_fit <= 0:
        return "0.0%"
    return f"{max(0.0, 100 * (best_fit - fit) / best_fit):.1f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per process timing")
    parser.add_argument(
        "--against", type=Path, help="another checkout to time the same command with"
    )
    parser.add_argument("--small", type=int, default=3, help="generated small boards")
    parser.add_argument("--profile", action="store_true", help="profile the district proposal")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = {size: make_demo(size, Path(folder)) for size in SIZES}
        theirs: dict[str, Path] = {}
        if args.against is not None:
            (Path(folder) / "before").mkdir()
            for size in SIZES:
                theirs[size] = make_demo(size, Path(folder) / "before", args.against)
        command_table(paths, args.repeat, args.against, theirs)
        phases(paths["district"])
        if args.profile:
            profile(paths["district"])
    small_cases(args.small)


if __name__ == "__main__":
    main()

"""The phone page under load: 200 volunteers refreshing their page against the district data.

Usage: python bench/serve.py [--clients 200] [--seconds 20] [--confirmers 50]
                             [--against DIR] [--profile]

The data is what `taskboard demo --size district` writes (50 sites, 20,000
tasks, 10,000 volunteers; about 27 MB) after `taskboard match --apply` stored
the whole-board proposal (so volunteers have proposals to answer; `--data
FILE` uses such a file made before, copied). The server is the real one, `taskboard
serve` on 127.0.0.1 and a free port, in its own process (as on the office
laptop: the load's clients do not share its core). Each of `--clients`
volunteers who has a proposed assignment gets a personal link
(`Access.new_link`), signs in with it in a client of their own (their own
cookie jar), and then refreshes their page in a loop for `--seconds`. The
first `--confirmers` of them, once early on, confirm one of their proposed
assignments through the page's own form (its CSRF token read from the page).

Reported: requests, requests per second, p50/p95/p99 latency of a page
refresh, errors (any answer other than 2xx/3xx, or no answer), and whether
every confirmation the server accepted is in the data file afterwards (the
file is opened again by a new `Store` once the server has stopped: no lost
confirmation). With `--against DIR` (another checkout, e.g. `git worktree add
/tmp/old main`) the same load runs against that code's server first, on its
own copy of the data, so before and after are measured in one run.
`--profile` profiles 200 page builds of this checkout's `/me` in this process
and prints the functions that take the most time.

Targets: no error and no lost confirmation (the exit status is 1 otherwise);
a page's cost not growing with the district (one volunteer's page reads that
volunteer's records, not every record of the district: see
tests/test_page_cost.py). The server answers one request at a time, so with
every phone refreshing back to back, with no pause, a refresh waits for the
ones ahead of it: p50 is about clients / requests per second, and p95 under
5 s on a shared 2-core machine. Absolute times move on a shared machine:
compare before and after measured in one run.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from demo_data import TODAY, code_root, environment, make_demo

from taskboard.model import AssignmentState
from taskboard.store import Store
from taskboard.web.access import Access

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
PROPOSED = re.compile(r'name="assignment" value="([^"]+)"')
TIMEOUT_S = 60.0


@dataclass
class Load:
    """What the clients saw during one run."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    """Milliseconds of each page refresh that got its page."""
    errors: list[str] = field(default_factory=list)
    confirmed: set[str] = field(default_factory=set)
    """Assignments whose confirmation the server accepted (303 to the page)."""
    refused: list[str] = field(default_factory=list)
    """Confirmations the server answered with a reason (a rule), not a failure."""


def volunteers_with_proposals(path: Path, count: int) -> list[str]:
    """Ids of `count` live volunteers who have an upcoming proposed assignment."""
    store = Store.open(path)
    today = TODAY.isoformat()
    tasks = store.docs("tasks")
    found: dict[str, None] = {}
    for doc in store.assignments.live():
        task = tasks.get(doc["task"]) or {}
        day = str(task.get("start") or task.get("due") or "9999")[:10]
        if doc["state"] == AssignmentState.PROPOSED and day >= today and not task.get("deleted"):
            found.setdefault(str(doc["volunteer"]), None)
    volunteers = [v for v in found if (store.volunteers.get(v) or {}).get("deleted") is not True]
    if len(volunteers) < count:
        raise SystemExit(f"only {len(volunteers)} volunteers have a proposed assignment")
    return volunteers[:count]


def with_proposals(path: Path) -> Path:
    """`taskboard match --apply` on the data, as a coordinator does: proposals to answer.

    The district demo's assignments are all settled (confirmed, done); the page's
    buttons are for proposed ones, so the whole-board proposal is stored first
    (about 24,000 proposed assignments)."""
    subprocess.run(
        [sys.executable, "-m", "taskboard", "--db", str(path), "match", "--apply"],
        env=environment(),
        cwd=code_root(),
        check=True,
        capture_output=True,
    )
    return path


def copy_data(source: Path, path: Path) -> None:
    """The data file and its journal (the saves not yet folded into the file)."""
    shutil.copyfile(source, path)
    journal = source.with_name(source.name + ".journal")
    if journal.exists():
        shutil.copyfile(journal, path.with_name(path.name + ".journal"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(path: Path, code: Path | None) -> tuple[subprocess.Popen[bytes], str]:
    """`taskboard --db PATH serve --port N` of the checkout `code`, once it accepts requests."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "taskboard", "--db", str(path), "serve", "--port", str(port)],
        env=environment(code),
        cwd=code_root(code),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: {process.stderr.read().decode()}")  # type: ignore[union-attr]
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process, f"http://127.0.0.1:{port}"
        time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start within 2 minutes")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def volunteer(
    url: str, token: str, confirm: bool, start: asyncio.Event, stop_at: list[float], load: Load
) -> None:
    """One phone: sign in with the link, then refresh the page until the time is up."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=url, timeout=TIMEOUT_S, limits=limits) as phone:
        try:
            page = await phone.get(f"/v/{token}", follow_redirects=True)
        except httpx.HTTPError as error:
            load.errors.append(f"sign-in: {type(error).__name__}")
            return
        if page.status_code != 200 or "/me" not in str(page.url):
            load.errors.append(f"sign-in: {page.status_code}")
            return
        await start.wait()
        refreshes = 0
        while time.perf_counter() < stop_at[0]:
            began = time.perf_counter()
            try:
                page = await phone.get("/me")
            except httpx.HTTPError as error:
                load.errors.append(f"GET /me: {type(error).__name__}")
                continue
            if page.status_code >= 400:
                load.errors.append(f"GET /me: {page.status_code}")
                continue
            load.latencies.append((time.perf_counter() - began) * 1000)
            refreshes += 1
            if confirm and refreshes == 1:
                await answer(phone, page.text, load)


async def answer(phone: httpx.AsyncClient, page: str, load: Load) -> None:
    """Confirm the first proposed assignment on `page` through its form."""
    token, proposed = CSRF.search(page), PROPOSED.search(page)
    if token is None or proposed is None:
        load.errors.append("confirm: the page shows no proposed assignment")
        return
    form = {"csrf": token.group(1), "assignment": proposed.group(1), "answer": "confirm"}
    try:
        sent = await phone.post("/me/answer", data=form)
    except httpx.HTTPError as error:
        load.errors.append(f"POST /me/answer: {type(error).__name__}")
        return
    if sent.status_code == 303 and "done=confirmed" in sent.headers.get("location", ""):
        load.confirmed.add(proposed.group(1))
    elif sent.status_code == 409:
        load.refused.append(proposed.group(1))
    else:
        load.errors.append(f"POST /me/answer: {sent.status_code}")


async def run_load(url: str, tokens: list[str], confirmers: int, seconds: float) -> Load:
    """All volunteers sign in, then refresh together for `seconds`."""
    load = Load()
    start = asyncio.Event()
    stop_at = [float("inf")]
    phones = [
        asyncio.create_task(volunteer(url, token, n < confirmers, start, stop_at, load))
        for n, token in enumerate(tokens)
    ]
    await asyncio.sleep(0)
    while not all(task.done() for task in phones) and not _all_waiting(phones, start):
        await asyncio.sleep(0.2)
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start.set()
    await asyncio.gather(*phones)
    load.seconds = time.perf_counter() - began
    return load


def _all_waiting(phones: list[asyncio.Task[None]], start: asyncio.Event) -> bool:
    """Whether every phone has signed in (or given up) and waits for the start."""
    waiters = getattr(start, "_waiters", ())
    return len(waiters) + sum(task.done() for task in phones) >= len(phones)


def lost_confirmations(path: Path, confirmed: set[str]) -> int:
    """How many accepted confirmations the data file does not hold (a new Store reads it)."""
    store = Store.open(path)
    kept = {
        doc["id"]
        for doc in store.assignments.live()
        if doc["state"] in (AssignmentState.CONFIRMED, AssignmentState.DONE)
    }
    return len(confirmed - kept)


@dataclass(frozen=True)
class Result:
    """One run's figures."""

    label: str
    requests: int
    per_second: float
    p50: float
    p95: float
    p99: float
    errors: int
    confirmed: int
    refused: int
    lost: int
    first_errors: tuple[str, ...]


def measure(
    label: str, source: Path, folder: Path, args: argparse.Namespace, code: Path | None
) -> Result:
    """Copy the data, make the links, start the server of `code`, load it, check the file."""
    path = folder / label / "district.json"
    path.parent.mkdir(parents=True)
    copy_data(source, path)
    access = Access.beside(path)
    tokens = [access.new_link(v) for v in volunteers_with_proposals(path, args.clients)]
    process, url = start_server(path, code)
    try:
        load = asyncio.run(run_load(url, tokens, args.confirmers, args.seconds))
    finally:
        stop_server(process)
    lost = lost_confirmations(path, load.confirmed)
    quantiles = statistics.quantiles(load.latencies, n=100) if len(load.latencies) > 1 else [0] * 99
    return Result(
        label=label,
        requests=len(load.latencies),
        per_second=len(load.latencies) / load.seconds if load.seconds else 0.0,
        p50=quantiles[49],
        p95=quantiles[94],
        p99=quantiles[98],
        errors=len(load.errors),
        confirmed=len(load.confirmed),
        refused=len(load.refused),
        lost=lost,
        first_errors=tuple(sorted(set(load.errors))[:5]),
    )


def profile_page(source: Path, folder: Path, repeat: int = 200) -> None:
    """`repeat` builds of volunteers' `/me` pages in this process, under cProfile."""
    from starlette.testclient import TestClient

    from taskboard.web.server import make_app

    path = folder / "profile" / "district.json"
    path.parent.mkdir(parents=True)
    copy_data(source, path)
    access = Access.beside(path)
    tokens = [access.new_link(v) for v in volunteers_with_proposals(path, 20)]
    phones = []
    app = make_app(path, today=lambda: TODAY)
    for token in tokens:
        phone = TestClient(app, base_url="http://127.0.0.1")
        phone.get(f"/v/{token}")
        phones.append(phone)
    profiler = cProfile.Profile()
    profiler.enable()
    for n in range(repeat):
        phones[n % len(phones)].get("/me")
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def print_table(results: list[Result], args: argparse.Namespace, megabytes: float) -> None:
    print(
        f"phone page, district data ({megabytes:.1f} MB), {args.clients} volunteers refreshing"
        f" for {args.seconds:g} s, {args.confirmers} of them confirming once"
    )
    print(
        f"  {'server':<8} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
        f" {'errors':>7} {'confirmed':>10} {'refused':>8} {'lost':>5}"
    )
    for r in results:
        print(
            f"  {r.label:<8} {r.requests:9d} {r.per_second:7.1f} {r.p50:7.0f} {r.p95:7.0f}"
            f" {r.p99:7.0f} {r.errors:7d} {r.confirmed:10d} {r.refused:8d} {r.lost:5d}"
        )
        for line in r.first_errors:
            print(f"      {r.label}: {line}")


def main(argv: list[str] | None = None) -> int:
    """Make the district data, load the server (and the `--against` one), print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--confirmers", type=int, default=50)
    parser.add_argument("--against", type=Path, help="another checkout to load first")
    parser.add_argument("--data", type=Path, help="an existing district file (copied, not changed)")
    parser.add_argument("--profile", action="store_true", help="profile /me builds in-process")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = args.data or with_proposals(make_demo("district", folder))
        if args.profile:
            profile_page(source, folder)
        results = []
        if args.against is not None:
            results.append(measure("before", source, folder, args, args.against))
        label = "this" if args.against is None else "after"
        results.append(measure(label, source, folder, args, None))
        megabytes = source.stat().st_size / 1e6
    print_table(results, args, megabytes)
    failed = any(r.errors or r.lost for r in results[-1:])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

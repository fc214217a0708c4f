"""Killing a writer at a random moment leaves the last acknowledged state or the next one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from taskboard.model import Site, Task
from taskboard.store import Store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")

ROUNDS = 40
MAX_DELAY_S = 0.3
CREATE_EVERY = 3
"""Every third change also creates a task, in the same transaction as the edit."""

WRITER = """
import sys
from pathlib import Path

from taskboard.model import Task
from taskboard.store import Store, storage

storage.MIN_JOURNAL_BYTES = 4096  # small, so that rewrites happen between appends
path, task_id = Path(sys.argv[1]), sys.argv[2]
store = Store.open(path)
inode = path.stat().st_ino
print("ready", flush=True)
number = 0
while True:
    number += 1
    with store.transaction():
        store.tasks.update(task_id, {"title": f"edit {number}"})
        if number % CREATE_EVERY == 0:
            store.tasks.create(Task(title=f"extra {number}", site="funing"))
    saved_by = "rewrite" if path.stat().st_ino != inode else "append"
    inode = path.stat().st_ino
    print(f"ack {number} {saved_by}", flush=True)
""".replace("CREATE_EVERY", str(CREATE_EVERY))


def expected_extras(number: int) -> list[str]:
    return sorted(f"extra {n}" for n in range(1, number + 1) if n % CREATE_EVERY == 0)


def run_and_kill(path: Path, task_id: str, delay: float) -> list[tuple[int, str]]:
    """Start a writer, SIGKILL it `delay` seconds after it is ready; its acknowledgements."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), task_id],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    try:
        assert writer.stdout.readline() == "ready\n"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        output = writer.stdout.read()
    finally:
        writer.kill()
        writer.wait()
        writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL, "the writer stopped before it was killed"
    acks = []
    for line in output.splitlines():
        word, number, saved_by = line.split()
        assert word == "ack"
        acks.append((int(number), saved_by))
    assert [n for n, _ in acks] == list(range(1, len(acks) + 1))
    return acks


def test_killed_writer_leaves_a_consistent_file(tmp_path: Path) -> None:
    rng = random.Random(os.environ.get("TASKBOARD_CRASH_SEED", "crash"))
    saved_by: set[str] = set()
    rounds_with_acks = 0
    for round_ in range(ROUNDS):
        path = tmp_path / f"round{round_}.json"
        store = Store.open(path, must_exist=False)
        store.initialise(Site(id="funing", name="阜宁社区"))
        task = store.tasks.create(Task(title="edit 0", site="funing"))
        history = len(list(store.history.live()))

        acks = run_and_kill(path, task.id, rng.uniform(0, MAX_DELAY_S))

        last = acks[-1][0] if acks else 0
        rounds_with_acks += bool(acks)
        saved_by.update(kind for _, kind in acks)
        where = f"round {round_}: last acknowledged edit {last}"
        after = Store.open(path)  # must load, torn journal line or half-done rewrite
        number = int(after.task(task.ref).title.removeprefix("edit "))
        assert number in (last, last + 1), where
        extras = sorted(t["title"] for t in after.tasks.live() if t["id"] != task.id)
        assert extras == expected_extras(number), where
        # every change's history entries were saved with it, no more, no less
        assert len(list(after.history.live())) == history + number + number // CREATE_EVERY

        after.tasks.update(task.id, {"title": "after the crash"})
        assert Store.open(path).task(task.ref).title == "after the crash", where

    # the kills landed while edits were going on, both kinds of save among them
    assert rounds_with_acks >= ROUNDS // 2
    assert saved_by == {"append", "rewrite"}

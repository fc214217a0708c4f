"""Faults during a merge: a killed process or a full disk leaves the file as before."""

from __future__ import annotations

import builtins
import datetime as dt
import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from test_sync_support import state

from taskboard.demo import district_dataset, fill_store
from taskboard.model import Site
from taskboard.store import SaveFailed, Store, storage
from taskboard.sync.bundle import build_bundle, encode_bundle
from taskboard.sync.merge import merge_bundles
from taskboard.sync.validate import parse_bundle

MERGER = """
import os
import sys
import time
from pathlib import Path
from taskboard.store import Store
from taskboard.sync import merge_bundles, read_bundles
store = Store.open(Path(sys.argv[1]))
bundles = read_bundles(store, [Path(sys.argv[2])])
real_fsync = os.fsync
os.fsync = lambda fd: (time.sleep(0.15), real_fsync(fd))[1]  # a slow stick: kills land mid-save
print("ready", flush=True)
merge_bundles(store, bundles)
print("done", flush=True)
"""


def make_site(path: Path, site: str) -> Store:
    store = Store.open(path, who="测试员", must_exist=False)
    store.initialise(Site(id=site, name=site))
    return store


@pytest.fixture
def big_bundle(tmp_path: Path, today: dt.date) -> Path:
    """A bundle of a few thousand records from another site."""
    source = Store.memory(who="x")
    dataset = district_dataset(today, sites=5, tasks=3000, volunteers=1500)
    source.initialise(dataset.site)
    fill_store(source, dataset, history=False)
    raw, _info = build_bundle(source)
    path = tmp_path / "big.bundle"
    path.write_bytes(encode_bundle(raw))
    return path


@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_merge_killed_halfway_leaves_before_or_after(tmp_path: Path, big_bundle: Path) -> None:
    rng = random.Random("merge-kill")
    expected = make_site(tmp_path / "expected.json", "xingye")
    merge_bundles(expected, [parse_bundle(big_bundle.read_bytes(), "big", {})])
    after_tasks = len(expected.tasks.docs())
    outcomes = set()
    for round_ in range(6):
        path = tmp_path / f"round{round_}.json"
        make_site(path, "xingye")
        before = path.read_bytes()
        merger = subprocess.Popen(
            [sys.executable, "-c", MERGER, str(path), str(big_bundle)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert merger.stdout is not None
        assert merger.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0, 1.0))
        merger.send_signal(signal.SIGKILL)
        merger.wait()
        merger.stdout.close()
        reopened = Store.open(path)
        tasks = len(reopened.tasks.docs())
        assert tasks in (0, after_tasks), f"round {round_}: {tasks} tasks"
        if tasks == 0:
            assert path.read_bytes() == before
        outcomes.add(tasks)
    assert 0 in outcomes


def test_full_disk_during_merge_changes_nothing(
    tmp_path: Path, big_bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_site(tmp_path / "board.json", "xingye")
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    before = state(store)
    bundle = parse_bundle(big_bundle.read_bytes(), "big", {})
    real_open = builtins.open

    def full_disk(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wa+"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(storage, "open", full_disk, raising=False)
    with pytest.raises(SaveFailed):
        merge_bundles(store, [bundle])
    monkeypatch.undo()

    assert state(store) == before
    for name, content in files.items():
        assert (tmp_path / name).read_bytes() == content
    assert state(Store.open(tmp_path / "board.json")) == before

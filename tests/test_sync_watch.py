"""`taskboard sync DIR --watch`: stays running, merges files as they arrive, writes this
site's changes after they are saved, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_sync_cli import Site

from taskboard.sync.watch import WatchEvent, folder_signature, watch_folder


@pytest.fixture
def pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Site, Site]:
    funing, xingye = Site(tmp_path, "funing", capsys), Site(tmp_path, "xingye", capsys)
    funing.ok("site", "add", "xingye", "--name", "xingye社区")
    xingye.ok("site", "add", "funing", "--name", "funing社区")
    return funing, xingye


def eventually(test: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if test():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {timeout:.0f} s")


@pytest.fixture
def watcher(pair: tuple[Site, Site], tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    funing, _ = pair
    stick = tmp_path / "usb"
    stick.mkdir()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "taskboard", "--db", str(funing.db), "sync", str(stick),
         "--watch", "--every", "0.2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    yield process
    if process.poll() is None:  # only the process this test started
        process.kill()
        process.wait(timeout=10)


def test_watch_merges_arrivals_exports_local_changes_and_stops_on_ctrl_c(
    pair: tuple[Site, Site], watcher: subprocess.Popen[str], tmp_path: Path
) -> None:
    funing, xingye = pair
    stick = tmp_path / "usb"
    eventually(lambda: any(stick.glob("funing/*-full.json")), "the first file of funing")

    xingye.ok("task", "add", "--title", "兴业的任务")
    xingye.ok("sync", str(stick))
    eventually(lambda: "兴业的任务" in {t["title"] for t in funing.tasks()}, "the merge")

    funing.ok("task", "add", "--title", "阜宁的任务")

    def xingye_has_it() -> bool:
        xingye.ok("sync", str(stick))
        return "阜宁的任务" in {t["title"] for t in xingye.tasks()}

    eventually(xingye_has_it, "funing's local change written and merged at xingye")

    watcher.send_signal(signal.SIGINT)
    out, err = watcher.communicate(timeout=20)

    assert watcher.returncode == 0, err
    assert err == ""
    assert out.startswith(f"Watching {stick}; Ctrl-C stops.")
    assert "Merged 1 file from: xingye 1" in out
    assert out.rstrip().endswith(f"Stopped watching {stick}.")


def test_a_file_still_arriving_is_merged_once_it_has_settled(
    pair: tuple[Site, Site], tmp_path: Path
) -> None:
    funing, xingye = pair
    from taskboard.store import Store

    stick = tmp_path / "usb"
    stick.mkdir()
    xingye.ok("task", "add", "--title", "兴业的任务")
    xingye.ok("sync", str(stick))
    (name,) = (stick / "xingye").iterdir()
    whole = name.read_bytes()
    name.write_bytes(whole[:100])  # Syncthing has written the first part so far
    events: list[WatchEvent] = []
    stop = threading.Event()
    store = Store.open(funing.db)
    thread = threading.Thread(
        target=watch_folder, args=(store, stick, events.append, stop), kwargs={"poll": 0.05}
    )
    thread.start()
    try:
        eventually(lambda: len(events) == 1, "the first sync")
        assert events[0].result is not None and len(events[0].result.skipped) == 1
        before = folder_signature(stick)
        name.write_bytes(whole)
        assert folder_signature(stick) != before
        eventually(lambda: any(e.result and e.result.merged for e in events), "the retry")
    finally:
        stop.set()
        thread.join(timeout=10)
    merged = [e for e in events if e.result and e.result.merged]
    assert merged[0].reason == "folder"
    assert merged[0].result is not None and merged[0].result.skipped == []
    assert "兴业的任务" in {t["title"] for t in funing.tasks()}

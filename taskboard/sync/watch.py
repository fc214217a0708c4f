"""`sync DIR --watch`: sync whenever files arrive in the folder or this site changes.

Polling, not inotify: it works the same on a USB stick, a network share and a
Syncthing folder, needs no extra package, and a look at a few hundred names
every second costs nothing next to a merge. A change starts a sync only once
nothing has changed for `settle` seconds (debounced), so a file that is still
being copied in, or a burst of edits on the board, makes one sync, not many.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from taskboard.store import Store
from taskboard.sync.errors import BundleError
from taskboard.sync.folder import FolderSync, sync_folder

POLL_S = 1.0
SETTLE_S = 1.0

Signature = frozenset[tuple[str, int, int]]


@dataclass(frozen=True)
class WatchEvent:
    """One sync the watcher ran, or the error that stopped it from running."""

    result: FolderSync | None
    error: str | None = None
    reason: str = ""
    """Why it ran: "start", "folder" (files arrived) or "local" (this site changed)."""


def folder_signature(folder: Path) -> Signature:
    """Name, size and time of every file in the folder and its site subfolders."""
    found: set[tuple[str, int, int]] = set()
    for top in _scan(folder):
        if top.is_dir(follow_symlinks=False):
            found.update((f"{top.name}/{e.name}", *_stat(e)) for e in _scan(Path(top.path)))
        else:
            found.add((top.name, *_stat(top)))
    return frozenset(found)


def local_signature(store: Store) -> Signature:
    """Size and time of the data file and its journal: they change with every save."""
    path = store.path
    if path is None:
        return frozenset()
    found = set()
    for candidate in (path, path.with_name(path.name + ".journal")):
        try:
            info = candidate.stat()
        except OSError:
            continue
        found.add((candidate.name, info.st_size, info.st_mtime_ns))
    return frozenset(found)


def watch_folder(
    store: Store,
    folder: Path,
    report: Callable[[WatchEvent], None],
    stop: threading.Event,
    *,
    poll: float = POLL_S,
    settle: float = SETTLE_S,
) -> None:
    """Sync now, then again whenever the folder or the data file changed and settled,
    until `stop` is set. Each sync (or its error) is handed to `report`."""
    _run(store, folder, report, "start")
    seen = (folder_signature(folder), local_signature(store))
    changed_at: float | None = None
    reason = ""
    clock = 0.0
    while not stop.is_set():
        time.sleep(poll)  # not `stop.wait(poll)`: a timed wait never ends under faketime
        if stop.is_set():
            break
        clock += poll
        now = (folder_signature(folder), local_signature(store))
        if now != seen:
            reason = "folder" if now[0] != seen[0] else "local"
            seen, changed_at = now, clock
            continue
        if changed_at is not None and clock - changed_at >= settle:
            changed_at = None
            _run(store, folder, report, reason)
            seen = (folder_signature(folder), local_signature(store))


def _run(store: Store, folder: Path, report: Callable[[WatchEvent], None], reason: str) -> None:
    try:
        store.refresh()
        result = sync_folder(store, folder)
    except BundleError as error:
        report(WatchEvent(None, str(error), reason))
        return
    report(WatchEvent(result, None, reason))


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return [entry for entry in entries if not entry.name.startswith(".")]
    except OSError:
        return []


def _stat(entry: os.DirEntry[str]) -> tuple[int, int]:
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)

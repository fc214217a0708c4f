"""Backups: earlier versions of a data file, kept beside it.

A backup is a complete snapshot (the same format as the data file) of the
state before a change. One is taken

- before the first change when the newest backup is older than INTERVAL (so at
  least once on every day the data is changed), and
- before every change of many records at once (`Store.bulk_change`: roster
  import, merge, sync, demo, backup restore, match --apply), so a bad import
  or a mistaken merge can be undone even after the app was closed;

unless the newest backup already holds exactly that state. The KEEP newest are
kept, and beside them the first backup of each of the last KEEP_DAYS days on
which one was taken (the state at the start of that day's work).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from taskboard.store.errors import NotFound, UnusablePath
from taskboard.store.storage import (
    META_ID,
    META_TABLE,
    RETIRED_JOURNAL,
    Tables,
    decode_snapshot,
    encode,
    read_file,
    write_atomic,
)

KEEP = 10
"""How many of the newest backups are kept."""
KEEP_DAYS = 7
"""Also kept: the first backup of each of this many most recent days with backups."""
INTERVAL = dt.timedelta(minutes=15)
"""A new backup is taken before a change when the newest is older than this."""
FILE_ONLY = ("generation", RETIRED_JOURNAL)
"""Meta keys that belong to one written file, not to the data: left out of backups."""


def clock() -> dt.datetime:
    """The local time backups are named and timed by (one place, so tests can set it)."""
    return dt.datetime.now()


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as `backup list` shows it."""

    name: str
    path: Path
    taken: dt.datetime
    size: int
    tasks: int
    volunteers: int


def backup_dir(data_path: Path) -> Path:
    """The folder beside the data file that holds its backups."""
    return data_path.with_name(data_path.name + ".backups")


def _folder(data_path: Path) -> Path | None:
    """The backup folder if it exists; a file in its place is a one-line error."""
    folder = backup_dir(data_path)
    if folder.is_dir():
        return folder
    if folder.exists() or folder.is_symlink():
        raise UnusablePath(
            f"{folder} is not a folder: taskboard keeps the backups of {data_path} there;"
            " move it away"
        )
    return None


def _files(data_path: Path) -> list[Path]:
    folder = _folder(data_path)
    if folder is None:
        return []
    return sorted(folder.glob("*.json"), key=_taken_order)


_NAME = re.compile(r"(\d{8}-\d{6})(?:-(\d+))?")


def _taken_order(path: Path) -> tuple[str, int]:
    """Oldest first: `…-120000`, `…-120000-2`, …, `…-120000-10` (not by plain name)."""
    match = _NAME.fullmatch(path.stem)
    if match is None:
        return (path.stem, 0)
    return (match[1], int(match[2] or 1))


def _taken_at(path: Path) -> dt.datetime:
    """When a backup was taken, read from its name: the clock that wrote it, not the disk's."""
    match = _NAME.fullmatch(path.stem)
    if match is not None:
        try:
            return dt.datetime.strptime(match[1], "%Y%m%d-%H%M%S")
        except ValueError:
            pass
    return dt.datetime.fromtimestamp(path.stat().st_mtime)


def list_backups(data_path: Path) -> list[BackupInfo]:
    """Backups from newest to oldest, with what each holds."""
    infos = []
    for path in reversed(_files(data_path)):
        try:
            data = decode_snapshot(path.read_bytes(), path)
        except Exception:  # a damaged backup is listed, not fatal
            data = {}
        taken = _taken_at(path)
        infos.append(
            BackupInfo(
                name=path.stem,
                path=path,
                taken=taken,
                size=path.stat().st_size,
                tasks=_live(data, "tasks"),
                volunteers=_live(data, "volunteers"),
            )
        )
    return infos


def _live(data: Tables, table: str) -> int:
    return sum(1 for doc in data.get(table, {}).values() if not doc.get("deleted"))


def backup_due(data_path: Path, now: dt.datetime | None = None) -> bool:
    """True when no backup is younger than INTERVAL."""
    files = _files(data_path)
    if not files:
        return True
    return (now or clock()) - _taken_at(files[-1]) >= INTERVAL


def back_up(
    data_path: Path, data: Tables, *, bulk: bool = False, now: dt.datetime | None = None
) -> Path | None:
    """Before a change: the backup that holds `data`, taken now if one is due.

    Due when the newest backup is older than INTERVAL, and always before a bulk
    change. Returns None when none was due.
    """
    if not bulk and not backup_due(data_path, now):
        return None
    return make_backup(data_path, data, now)


def make_backup(data_path: Path, data: Tables, now: dt.datetime | None = None) -> Path:
    """Write `data` as a new backup (unless the newest holds the same) and rotate.

    Returns the backup that holds `data`.
    """
    folder = backup_dir(data_path)
    if _folder(data_path) is None:
        try:
            folder.mkdir(parents=True)
        except OSError as error:
            raise UnusablePath(f"cannot make {folder}: {error.strerror or error}") from None
    payload = encode(_without_file_keys(data))
    files = _files(data_path)
    if files and _holds(files[-1], payload):
        return files[-1]
    stamp = (now or clock()).strftime("%Y%m%d-%H%M%S")
    # numbered after the newest of this second, even if rotation removed the older ones
    taken = max((n for s, n in map(_taken_order, files) if s == stamp), default=0)
    target = folder / (f"{stamp}-{taken + 1}.json" if taken else f"{stamp}.json")
    write_atomic(target, payload)
    for old in _rotated_out(_files(data_path)):
        old.unlink(missing_ok=True)
    return target


def _without_file_keys(data: Tables) -> Tables:
    """`data` without the meta keys of one written file, so equal data makes equal backups."""
    meta = data.get(META_TABLE, {}).get(META_ID)
    if not isinstance(meta, dict) or not any(key in meta for key in FILE_ONLY):
        return data
    kept = {key: value for key, value in meta.items() if key not in FILE_ONLY}
    return {**data, META_TABLE: {**data[META_TABLE], META_ID: kept}}


def _holds(path: Path, payload: bytes) -> bool:
    """True when the backup at `path` is byte for byte `payload`."""
    try:
        return path.stat().st_size == len(payload) and path.read_bytes() == payload
    except OSError:
        return False


def _rotated_out(files: list[Path]) -> list[Path]:
    """Backups (oldest first) beyond the KEEP newest and the first of the KEEP_DAYS last days."""
    keep = set(files[-KEEP:]) if KEEP > 0 else set()
    first_of_day: dict[str, Path] = {}
    for path in files:
        first_of_day.setdefault(_taken_order(path)[0][:8], path)
    days = sorted(first_of_day)[-KEEP_DAYS:] if KEEP_DAYS > 0 else []
    keep.update(first_of_day[day] for day in days)
    return [path for path in files if path not in keep]


def read_backup(data_path: Path, name: str) -> Tables:
    """The tables of backup `name` (as `backup list` names it), checked like a data file."""
    path = backup_dir(data_path) / f"{Path(name).stem}.json"
    if not path.is_file():
        known = ", ".join(info.name for info in list_backups(data_path)) or "none"
        raise NotFound(f"no backup named {name!r} (backups: {known})")
    data = decode_snapshot(read_file(path), path)
    for key in FILE_ONLY:
        data[META_TABLE][META_ID].pop(key, None)
    return data

"""Files written on request (`export -o`, `report -o`, `volunteer export`): never the data.

Every command that writes a file the user names goes through `write_output`,
the one place that decides what may be overwritten. Refused:

- the data file, its journal, lock file, signing key, backups folder (and
  anything in it) and the damaged copies `backup restore` kept aside;
- the same companions of any other taskboard data file;
- any existing file that is taskboard data by its first bytes (a data file,
  a backup or a journal), wherever it lies and whatever it is called.

Any other file is replaced atomically (temp file, fsync, rename), so a crash
leaves the old file or the new one, never half of each.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from taskboard.store.errors import OutputRefused
from taskboard.store.storage import DAMAGED, companion_paths, is_taskboard_file, write_atomic

SIGNING_KEY = ".signing-key"
"""The site's private key lives beside the data file too (see taskboard.sync.signing)."""
WEB_ACCESS = ".web-access"
"""The phone page's link and code hashes live beside the data file (see taskboard.web.access)."""
COMPANIONS = {
    ".journal": "the journal",
    ".lock": "the lock file",
    SIGNING_KEY: "the signing key",
    WEB_ACCESS: "the phone page's access file",
}
"""Name suffix of a file kept beside a data file → what it is, for the message."""


def write_output(target: Path, payload: bytes, *, data_path: Path | None) -> Path:
    """Write `payload` to the file the user named, unless that would overwrite data.

    `data_path` is the data file the command works on (None for data held in
    memory only). Returns the path written.
    """
    target = target.expanduser()
    check_output(target, data_path)
    write_atomic(target, payload)
    return target


def check_output(target: Path, data_path: Path | None) -> None:
    """Raise OutputRefused when writing `target` could destroy taskboard data."""
    reason = _protected(target, data_path)
    if reason is not None:
        raise OutputRefused(f"refusing to write {target}: it is {reason}; choose another file")


def _protected(target: Path, data_path: Path | None) -> str | None:
    """What `target` is when it must not be overwritten, else None."""
    if target.is_dir():
        return "a folder"
    resolved = target.resolve()
    if data_path is not None:
        reason = _own_file(target, resolved, data_path)
        if reason is not None:
            return reason
    reason = _companion(resolved)
    if reason is not None:
        return reason
    if target.exists() and is_taskboard_file(target):
        return "taskboard data (a data file, backup or journal)"
    return None


def _own_file(target: Path, resolved: Path, data_path: Path) -> str | None:
    """The data file this command works on and what lies beside it, by path."""
    data = data_path.expanduser().resolve()
    companions = companion_paths(data)
    files = {
        data: "the data file",
        companions["journal"]: f"the journal of {data_path}",
        companions["lock"]: f"the lock file of {data_path}",
        data.with_name(data.name + SIGNING_KEY): f"the signing key of {data_path}",
        data.with_name(data.name + WEB_ACCESS): f"the phone page's access file of {data_path}",
    }
    if resolved in files:
        return files[resolved]
    if resolved == companions["backups"] or companions["backups"] in resolved.parents:
        return f"in the backups of {data_path}"
    damaged = (data.name + DAMAGED, companions["journal"].name + DAMAGED)
    if resolved.parent == data.parent and resolved.name.startswith(damaged):
        return f"a damaged copy of {data_path} kept aside"
    if target.exists():
        for path, what in files.items():
            with contextlib.suppress(OSError):
                if path.exists() and os.path.samefile(target, path):
                    return what
    return None


def _companion(resolved: Path) -> str | None:
    """A file or folder beside any other taskboard data file, judged by name and content."""
    name = resolved.name
    for suffix, what in COMPANIONS.items():
        base = resolved.with_name(name[: -len(suffix)]) if name.endswith(suffix) else None
        if base is not None and base.name and is_taskboard_file(base):
            return f"{what} of the taskboard data file {base}"
    if DAMAGED in name:
        base = resolved.with_name(name.split(DAMAGED, 1)[0].removesuffix(".journal"))
        if base.name and base.is_file() and is_taskboard_file(base):
            return f"a damaged copy of {base} kept aside"
    for folder in (resolved, *resolved.parents):
        if folder.name.endswith(".backups"):
            base = folder.with_name(folder.name.removesuffix(".backups"))
            if base.name and is_taskboard_file(base):
                return f"in the backups of the taskboard data file {base}"
    return None

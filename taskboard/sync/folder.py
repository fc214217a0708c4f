"""A shared folder as the meeting point: a USB stick, a network share, a Syncthing folder.

Each site writes its whole state as `DIR/<site>.taskboard-bundle.json`,
atomically (temp file in the folder, then rename), so a reader sees the old
file or the new one. Readers take no lock: a file another program is still
copying in fails to parse and is skipped with a warning until the next sync.
Every other site's bundle is merged first, so the bundle written afterwards
carries everything this site knows.

Anyone who can write to the folder can put anything there, so only regular
files are read: a symbolic link (to /dev/zero, to a file elsewhere), a named
pipe or a device is skipped with its reason, and no file is read past the
size limit. Whether this site's own bundle can be written there is checked
before anything is merged.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskboard.i18n import _
from taskboard.store import Store, StoreError
from taskboard.store.outputs import check_output
from taskboard.store.storage import write_atomic
from taskboard.sync.bundle import Bundle
from taskboard.sync.errors import BundleError, one_line
from taskboard.sync.exchange import export_bytes, trust_roster
from taskboard.sync.merge import MergeSummary, Progress, TableCounts, merge_bundles
from taskboard.sync.peers import known_vector
from taskboard.sync.registers import dominated
from taskboard.sync.validate import not_regular, not_regular_message, read_bundle, symlink_message

SUFFIX = ".taskboard-bundle.json"


@dataclass(frozen=True)
class Skipped:
    """A file of the folder that was not merged, and why (one line naming the file)."""

    file: str
    reason: str

    def as_json(self) -> dict[str, str]:
        """For `sync --json`."""
        return {"file": self.file, "reason": self.reason}


@dataclass
class FolderSync:
    """What one `sync DIR` did."""

    written: Path
    merged: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    summary: MergeSummary = field(default_factory=MergeSummary)
    write_error: str | None = None
    """Set when the merges were saved but this site's bundle could not be written."""

    def as_json(self) -> dict[str, Any]:
        """The folder part of `sync --json` (the merge summary is beside it)."""
        return {
            "written": None if self.write_error else str(self.written),
            "merged": self.merged,
            "unchanged": self.unchanged,
            "skipped": [skipped.as_json() for skipped in self.skipped],
            "write_error": self.write_error,
        }


def bundle_name(site: str) -> str:
    """The file name a site's bundle has in a shared folder."""
    return f"{site}{SUFFIX}"


def sync_folder(
    store: Store,
    folder: Path,
    *,
    progress: Progress | None = None,
    after_restore: bool = False,
) -> FolderSync:
    """Merge every other site's bundle found in `folder`, then write ours there.

    Each bundle is merged (and saved) on its own; one that cannot be merged is
    skipped with its reason. When our bundle cannot be written after that, the
    merges stay saved and `write_error` says what failed.
    """
    if not folder.is_dir():
        raise BundleError(_("{folder} is not a folder").format(folder=folder))
    result = FolderSync(written=folder / bundle_name(store.site))
    check_writable(result.written)
    check_output(result.written, store.path)
    with store.bulk_change():  # one backup before the first bundle merged, not one each
        for bundle in _read_others(store, folder, result):
            try:
                summary = merge_bundles(
                    store, [bundle], progress=progress, after_restore=after_restore
                )
            except BundleError as error:
                result.skipped.append(Skipped(bundle.source, str(error)))
                continue
            result.merged.append(bundle.source)
            _add_summary(result.summary, summary)
    try:
        payload, _info = export_bytes(store)
        write_atomic(result.written, payload)
    except StoreError as error:
        result.write_error = one_line(str(error))
    return result


def check_writable(target: Path) -> None:
    """Refuse, before anything is merged, a bundle path that cannot be written.

    A folder in its place, or a folder that takes no new files (a read-only
    stick, no permission), would otherwise fail only after the merges were saved.
    """
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise BundleError(_cannot_write(target, error)) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise BundleError(
            _(
                "{file} is a folder, so this site's bundle cannot be written there;"
                " nothing was merged (move or rename that folder)"
            ).format(file=target)
        )
    probe = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise BundleError(_cannot_write(target, error)) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        probe.unlink()


def _cannot_write(target: Path, error: OSError) -> str:
    return _("cannot write this site's bundle {file} ({error}); nothing was merged").format(
        file=target, error=error.strerror or error
    )


def _read_others(store: Store, folder: Path, result: FolderSync) -> list[Bundle]:
    roster = trust_roster(store)
    known = known_vector(store)
    bundles = []
    for path in _candidates(folder, bundle_name(store.site), result):
        try:
            bundle = read_bundle(path, roster, follow_links=False)
        except BundleError as error:
            result.skipped.append(Skipped(path.name, str(error)))
            continue
        if bundle.complete and dominated(bundle.covers, known):
            result.unchanged.append(path.name)
            continue
        bundles.append(bundle)
    return bundles


def _candidates(folder: Path, own: str, result: FolderSync) -> list[Path]:
    """Other sites' bundle files in `folder`; links and special files are noted as skipped."""
    found = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda entry: entry.name):
            name = entry.name
            if not name.endswith(SUFFIX) or name == own or name.startswith("."):
                continue
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                continue  # gone since the folder was listed
            if stat.S_ISLNK(mode):
                result.skipped.append(Skipped(name, symlink_message(name)))
                continue
            kind = not_regular(mode)
            if kind is not None:
                result.skipped.append(Skipped(name, not_regular_message(name, kind)))
                continue
            found.append(Path(entry.path))
    return found


def _add_summary(total: MergeSummary, one: MergeSummary) -> None:
    total.bundles += one.bundles
    total.warnings += one.warnings
    for table, counts in one.tables.items():
        total.tables.setdefault(table, TableCounts()).add(counts)

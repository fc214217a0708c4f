"""A shared folder as the meeting point: a USB stick, a network share, a Syncthing folder.

Layout (docs/syncthing.md): each site writes into its own subfolder
`DIR/<site>/` files that are never changed once written, named by the hybrid
clock of when they were written, so names sort in writing order:

- `<hlc>-full.json`: everything the site holds (a snapshot);
- `<hlc>-delta.json`: only what the site's newest earlier file does not hold
  (records whose version vector that file's `covers` does not cover).

A sync writes a file only when this site holds something its files in the
folder do not (its `known` vector is not covered by its newest file's
`covers`), so a sync with nothing new writes nothing. Because no file is ever
replaced, a peer (Syncthing) still pulling an older file never finds it gone
or changed under it. After `COMPACT_AFTER` deltas the next file is a new
snapshot; the site's older files are removed only once every site seen in
the folder has said (by the `covers` of its own files) that it holds them.

Every readable bundle in the folder is merged, whatever its name says:
other sites' files, Syncthing's conflict copies (`…sync-conflict-…`) and the
old layout's single `DIR/<site>.taskboard-bundle.json`. Merging is idempotent
and order-free, so merging a file twice or an older one after a newer one
changes nothing. Files already merged are remembered by name (they never
change) in the data file's `_meta`, so they are not read again. A file that
cannot be read (damaged, or still being copied in) is listed with its reason
and tried again at the next sync.

Anyone who can write to the folder can put anything there, so only regular
files are read: a symbolic link, a named pipe or a device is skipped with its
reason, and no file is read past the size limit. Whether this site's files
can be written there is checked before anything is merged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskboard.i18n import _
from taskboard.settings import current_day
from taskboard.store import Store, StoreError
from taskboard.store.clock import hlc_datetime, hlc_from_ms
from taskboard.store.outputs import check_output
from taskboard.store.storage import META_ID, META_TABLE, write_atomic
from taskboard.sync.bundle import Bundle
from taskboard.sync.errors import BundleError, one_line
from taskboard.sync.exchange import export_bytes, trust_roster
from taskboard.sync.merge import MergeSummary, Progress, TableCounts, merge_bundles
from taskboard.sync.peers import known_vector
from taskboard.sync.registers import Vector, dominated, merge_vectors
from taskboard.sync.validate import (
    not_regular,
    not_regular_message,
    parse_bundle,
    read_regular_file,
    symlink_message,
)

SUFFIX = ".taskboard-bundle.json"
"""The old layout's file name ending (`DIR/<site>.taskboard-bundle.json`), still read."""
FULL, DELTA = "full", "delta"
COMPACT_AFTER = 24
"""Deltas written after a snapshot before the next file is a new snapshot."""
CACHE_KEY = "sync_folder"
"""`_meta` key of the files already merged or written: name → what it holds."""
_CONFLICT = r"(?P<conflict>\.sync-conflict-[A-Za-z0-9-]+)?"
NEW_NAME = re.compile(rf"^(?P<hlc>[0-9]{{20}})-(?P<kind>full|delta){_CONFLICT}\.json$")
OLD_NAME = re.compile(rf"^(?P<site>[^/]+?)\.taskboard-bundle{_CONFLICT}\.json$")
SITE_FOLDER = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Skipped:
    """A file of the folder that was not merged, and why (one line naming the file)."""

    file: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        """For `sync --json`: every skipped file is tried again at the next sync."""
        return {"file": self.file, "reason": self.reason, "retried": True}


@dataclass(frozen=True)
class FolderFile:
    """A bundle file found in the folder."""

    path: Path
    name: str
    """Relative to the folder: `xingye/…-delta.json` or `xingye.taskboard-bundle.json`."""
    site: str
    """The site its name says wrote it (the bundle itself says for sure)."""
    order: int
    """The clock in its name (0 in the old layout)."""
    kind: str
    immutable: bool
    """In the per-site layout: a name is never reused for other bytes."""
    conflict_copy: bool
    key: str
    """How the file is remembered once merged (a mutable file also by size and time)."""


@dataclass(frozen=True)
class PeerStatus:
    """Where one other site stands, as far as this folder tells."""

    site: str
    last_bundle: dt.datetime | None
    days_ago: int | None
    holds_ours_up_to: dt.datetime | None
    holds_all_ours: bool
    unread: list[str]

    def as_json(self) -> dict[str, Any]:
        """For `sync --json`."""
        return {
            "site": self.site,
            "last_bundle": None if self.last_bundle is None else self.last_bundle.isoformat(),
            "days_ago": self.days_ago,
            "holds_all_ours": self.holds_all_ours,
            "holds_ours_up_to": (
                None if self.holds_ours_up_to is None else self.holds_ours_up_to.isoformat()
            ),
            "unread": self.unread,
        }


@dataclass
class FolderSync:
    """What one `sync DIR` did."""

    folder: Path
    written: Path | None = None
    """The file written, None when this site had nothing the folder lacks (or it failed)."""
    bytes_written: int = 0
    merged: list[str] = field(default_factory=list)
    merged_from: dict[str, int] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    peers: list[PeerStatus] = field(default_factory=list)
    summary: MergeSummary = field(default_factory=MergeSummary)
    write_error: str | None = None
    """Set when the merges were saved but this site's bundle could not be written."""

    def as_json(self) -> dict[str, Any]:
        """The folder part of `sync --json` (the merge summary is beside it)."""
        return {
            "written": None if self.written is None else str(self.written),
            "bytes_written": self.bytes_written,
            "merged": self.merged,
            "merged_from": self.merged_from,
            "unchanged": self.unchanged,
            "skipped": [skipped.as_json() for skipped in self.skipped],
            "removed": self.removed,
            "peers": [peer.as_json() for peer in self.peers],
            "write_error": self.write_error,
        }


def bundle_name(site: str) -> str:
    """The file name a site's bundle had in a shared folder in the old layout."""
    return f"{site}{SUFFIX}"


def sync_folder(
    store: Store,
    folder: Path,
    *,
    progress: Progress | None = None,
    after_restore: bool = False,
    today: dt.date | None = None,
) -> FolderSync:
    """Merge every bundle of other sites found in `folder`, then add ours if it is needed.

    Each bundle is merged (and saved) on its own; one that cannot be merged is
    skipped with its reason. When our file cannot be written after that, the
    merges stay saved and `write_error` says what failed.
    """
    if not folder.is_dir():
        raise BundleError(_("{folder} is not a folder").format(folder=folder))
    result = FolderSync(folder=folder)
    own_dir = folder / store.site
    check_writable(own_dir)
    files = _scan(folder, result)
    cache = _cache(store)
    roster = trust_roster(store)
    infos: dict[str, dict[str, Any]] = {}
    others = [f for f in files if f.site != store.site]
    with store.bulk_change():  # one backup before the first bundle merged, not one each
        for file in sorted(others, key=lambda f: (f.order, f.name)):
            info = _merge_file(store, file, cache, roster, result, progress, after_restore)
            if info is not None:
                infos[file.key] = info
    own = [f for f in files if f.site == store.site and not f.conflict_copy]
    infos.update({f.key: info for f in own if (info := _own_info(f, cache, roster)) is not None})
    _write_own(store, own_dir, [f for f in own if f.immutable], infos, result)
    _prune(store, folder, files, infos, result)
    _save_cache(store, cache, infos)
    result.peers = _peers(store, files, infos, result, today or current_day())
    return result


def _merge_file(
    store: Store,
    file: FolderFile,
    cache: dict[str, dict[str, Any]],
    roster: dict[str, str],
    result: FolderSync,
    progress: Progress | None,
    after_restore: bool,
) -> dict[str, Any] | None:
    """Merge one file unless it was merged before; what it holds, None if it could not be read."""
    known = cache.get(file.key)
    if known is not None:
        result.unchanged.append(file.name)
        return known
    try:
        bundle = _read(file, roster)
    except BundleError as error:
        result.skipped.append(Skipped(file.name, _partial(str(error))))
        return None
    info = _info(bundle)
    if bundle.complete and dominated(bundle.covers, known_vector(store)):
        result.unchanged.append(file.name)
        return info
    try:
        summary = merge_bundles(store, [bundle], progress=progress, after_restore=after_restore)
    except BundleError as error:
        result.skipped.append(Skipped(file.name, str(error)))
        return None
    result.merged.append(file.name)
    result.merged_from[bundle.site] = result.merged_from.get(bundle.site, 0) + 1
    _add_summary(result.summary, summary)
    return info


def _partial(reason: str) -> str:
    text = _("{reason} (damaged, or not completely copied yet: tried again at the next sync)")
    return text.format(reason=reason)


def _read(file: FolderFile, roster: dict[str, str]) -> Bundle:
    payload = read_regular_file(file.path, follow_links=False)
    return parse_bundle(payload, file.name, roster)


def _info(bundle: Bundle) -> dict[str, Any]:
    """What a file holds, as remembered: its site, `covers`, export time and kind."""
    return {
        "site": bundle.site,
        "covers": dict(bundle.covers),
        "exported": bundle.exported,
        "full": bundle.base is None and bundle.complete,
    }


def _own_info(
    file: FolderFile, cache: dict[str, dict[str, Any]], roster: dict[str, str]
) -> dict[str, Any] | None:
    """What one of our own files holds (read only when it is not remembered)."""
    known = cache.get(file.key)
    if known is not None:
        return known
    try:
        return _info(_read(file, roster))
    except BundleError:
        return None  # not counted as held: a new file is written in its place


# Writing ------------------------------------------------------------------------------------
def _write_own(
    store: Store,
    own_dir: Path,
    own: list[FolderFile],
    infos: dict[str, dict[str, Any]],
    result: FolderSync,
) -> None:
    """Write a delta (or a snapshot) when this site holds what its files do not."""
    readable = sorted((f for f in own if f.key in infos), key=lambda f: f.order)
    held: Vector | None = None
    if readable:
        held = {}
        for file in readable:
            held = merge_vectors(held, infos[file.key]["covers"])
    known = known_vector(store)
    if held is not None and dominated(known, held):
        return
    fulls = [f for f in readable if infos[f.key].get("full")]
    since_full = [f for f in readable if not fulls or f.order > fulls[-1].order]
    full = held is None or not fulls or len(since_full) >= COMPACT_AFTER
    newest = max((f.order for f in own), default=0)
    name = f"{max(hlc_from_ms(time.time_ns() // 1_000_000), newest + 1):020d}"
    target = own_dir / f"{name}-{FULL if full else DELTA}.json"
    try:
        payload, export = export_bytes(store, base=held)
        if held is not None and not sum(export.counts.values()):
            return  # only the clock moved (stamps seen elsewhere): no record to tell anyone
        if full and held is not None:
            payload, export = export_bytes(store)
        own_dir.mkdir(exist_ok=True)
        check_output(target, store.path)
        write_atomic(target, payload)
    except (StoreError, OSError) as error:
        result.write_error = one_line(str(error))
        return
    result.written, result.bytes_written = target, len(payload)
    infos[_relative(own_dir.parent, target)] = {
        "site": store.site,
        "covers": known,
        "exported": export.exported,
        "full": full,
    }


def check_writable(own_dir: Path) -> None:
    """Refuse, before anything is merged, a folder this site's files cannot be written to.

    A file in the place of the site's subfolder, or a folder that takes no new
    files (a read-only stick, no permission), would otherwise fail only after
    the merges were saved.
    """
    try:
        info = own_dir.lstat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise BundleError(_cannot_write(own_dir, error)) from None
    if info is not None and not stat.S_ISDIR(info.st_mode):
        raise BundleError(
            _(
                "{file} is not a folder, so this site's bundles cannot be written there;"
                " nothing was merged (move or rename that file)"
            ).format(file=own_dir)
        )
    where = own_dir if info is not None else own_dir.parent
    probe = where / f".{own_dir.name}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise BundleError(_cannot_write(where, error)) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        probe.unlink()


def _cannot_write(target: Path, error: OSError) -> str:
    return _("cannot write this site's bundle in {file} ({error}); nothing was merged").format(
        file=target, error=error.strerror or error
    )


# Compaction ---------------------------------------------------------------------------------
def _prune(
    store: Store,
    folder: Path,
    files: list[FolderFile],
    infos: dict[str, dict[str, Any]],
    result: FolderSync,
) -> None:
    """Remove our files older than our newest snapshot once every other site holds them.

    A site "holds" a file when the `covers` of its own files cover the file's
    `covers`. Nothing is removed while any file of the folder could not be read
    (it may be the one that would tell).
    """
    if result.skipped:
        return
    own = [f for f in files if f.site == store.site and not f.conflict_copy]
    written = result.written
    snapshots = [f.order for f in own if f.immutable and infos.get(f.key, {}).get("full")]
    if written is not None and written.name.endswith(f"-{FULL}.json"):
        snapshots.append(int(written.name[:20]))
    if not snapshots:
        return
    newest = max(snapshots)
    peers: dict[str, Vector] = {}
    for file in files:
        info = infos.get(file.key)
        if file.site != store.site and info is not None:
            site = str(info["site"])
            peers[site] = merge_vectors(peers.get(site, {}), info["covers"])
    for file in own:
        info = infos.get(file.key)
        if info is None or info.get("site") != store.site:
            continue
        if file.immutable and file.order >= newest:
            continue
        if all(dominated(info["covers"], holds) for holds in peers.values()):
            with contextlib.suppress(OSError):
                file.path.unlink()
                result.removed.append(file.name)


# Remembering merged files ---------------------------------------------------------------------
def _cache(store: Store) -> dict[str, dict[str, Any]]:
    value = store.meta.get(CACHE_KEY)
    return dict(value) if isinstance(value, dict) else {}


def _save_cache(
    store: Store, cache: dict[str, dict[str, Any]], infos: dict[str, dict[str, Any]]
) -> None:
    """Remember what the files now in the folder hold (and forget files that are gone)."""
    if infos == cache:
        return
    with store.transaction():
        store.storage.put(META_TABLE, {META_ID: {**store.meta, CACHE_KEY: infos}})


# Reading the folder ---------------------------------------------------------------------------
def _scan(folder: Path, result: FolderSync) -> list[FolderFile]:
    """Bundle files in both layouts; links and special files are noted as skipped."""
    found: list[FolderFile] = []
    for entry in _entries(folder):
        name = entry.name
        if name.startswith("."):
            continue
        old = OLD_NAME.match(name)
        if old is not None:
            file = _file(entry, name, old.group("site"), 0, FULL, old, result, immutable=False)
            if file is not None:
                found.append(file)
        elif SITE_FOLDER.match(name) and entry.is_dir(follow_symlinks=False):
            for inner in _entries(Path(entry.path)):
                new = NEW_NAME.match(inner.name)
                if new is None:
                    continue
                relative = f"{name}/{inner.name}"
                order, kind = int(new.group("hlc")), new.group("kind")
                file = _file(inner, relative, name, order, kind, new, result, immutable=True)
                if file is not None:
                    found.append(file)
    return found


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError:
        return []


def _file(
    entry: os.DirEntry[str],
    name: str,
    site: str,
    order: int,
    kind: str,
    match: re.Match[str],
    result: FolderSync,
    *,
    immutable: bool,
) -> FolderFile | None:
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return None  # gone since the folder was listed
    if stat.S_ISLNK(info.st_mode):
        result.skipped.append(Skipped(name, symlink_message(name)))
        return None
    kind_of = not_regular(info.st_mode)
    if kind_of is not None:
        result.skipped.append(Skipped(name, not_regular_message(name, kind_of)))
        return None
    key = name if immutable else f"{name}@{info.st_size}:{info.st_mtime_ns}"
    conflict = match.group("conflict") is not None
    return FolderFile(Path(entry.path), name, site, order, kind, immutable, conflict, key)


def _relative(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix()


# What is missing from whom ---------------------------------------------------------------------
def _peers(
    store: Store,
    files: list[FolderFile],
    infos: dict[str, dict[str, Any]],
    result: FolderSync,
    today: dt.date,
) -> list[PeerStatus]:
    """Each other site: its newest bundle, and how much of ours it has said it holds."""
    own_hlc = known_vector(store).get(store.site, 0)
    covers: dict[str, Vector] = {}
    newest: dict[str, dt.datetime] = {}
    for file in files:
        info = infos.get(file.key)
        if info is None or info["site"] == store.site:
            continue
        site = str(info["site"])
        covers[site] = merge_vectors(covers.get(site, {}), info["covers"])
        when = _when(str(info["exported"]))
        if when is not None and (site not in newest or when > newest[site]):
            newest[site] = when
    unread: dict[str, list[str]] = {}
    by_name = {f.name: f.site for f in files}
    for skipped in result.skipped:
        site = by_name.get(skipped.file) or skipped.file.split("/")[0].split(".")[0]
        unread.setdefault(site, []).append(skipped.file)
    sites = set(covers) | set(unread) | ({doc["id"] for doc in store.sites.live()} - {store.site})
    found = []
    for site in sorted(sites):
        when = newest.get(site)
        theirs = covers.get(site, {}).get(store.site, 0)
        found.append(
            PeerStatus(
                site=site,
                last_bundle=when,
                days_ago=None if when is None else max(0, (today - when.date()).days),
                holds_ours_up_to=hlc_datetime(theirs) if theirs else None,
                holds_all_ours=site in covers and theirs >= own_hlc,
                unread=unread.get(site, []),
            )
        )
    return found


def peer_line(peer: PeerStatus) -> str:
    """`xingye: last bundle 3 days ago (2026-11-22 10:00), holds all of this site's changes`."""
    if peer.last_bundle is None:
        seen = _("no bundle in this folder yet")
    else:
        seen = _("last bundle {age} ({time})").format(
            age=days_ago_text(peer.days_ago or 0), time=f"{peer.last_bundle:%Y-%m-%d %H:%M}"
        )
    if peer.holds_all_ours:
        holds = _("holds all of this site's changes")
    elif peer.holds_ours_up_to is not None:
        holds = _("holds this site's changes up to {time}").format(
            time=f"{peer.holds_ours_up_to.astimezone():%Y-%m-%d %H:%M}"
        )
    else:
        holds = _("holds none of this site's changes yet")
    parts = [seen, holds]
    if peer.unread:
        parts.append(_("{count} of its files could not be read yet").format(count=len(peer.unread)))
    return f"  {peer.site}: " + ", ".join(parts)


def days_ago_text(days: int) -> str:
    """today, yesterday, 3 days ago."""
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return _("{count} days ago").format(count=days)


def _when(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def _add_summary(total: MergeSummary, one: MergeSummary) -> None:
    total.bundles += one.bundles
    total.warnings += one.warnings
    for table, counts in one.tables.items():
        total.tables.setdefault(table, TableCounts()).add(counts)

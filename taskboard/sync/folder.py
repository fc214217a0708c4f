"""A shared folder as the meeting point: a USB stick, a network share, a Syncthing folder.

Each site writes its whole state as `DIR/<site>.taskboard-bundle.json`,
atomically (temp file in the folder, then rename), so a reader sees the old
file or the new one. Readers take no lock: a file another program is still
copying in fails to parse and is skipped with a warning until the next sync.
Every other site's bundle is merged first, so the bundle written afterwards
carries everything this site knows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from taskboard.i18n import _
from taskboard.store import Store
from taskboard.store.storage import write_atomic
from taskboard.sync.bundle import Bundle
from taskboard.sync.errors import BundleError
from taskboard.sync.exchange import export_bytes, trust_roster
from taskboard.sync.merge import MergeSummary, Progress, TableCounts, merge_bundles
from taskboard.sync.peers import known_vector
from taskboard.sync.registers import dominated
from taskboard.sync.validate import read_bundle

SUFFIX = ".taskboard-bundle.json"


@dataclass
class FolderSync:
    """What one `sync DIR` did."""

    written: Path
    merged: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    summary: MergeSummary = field(default_factory=MergeSummary)


def bundle_name(site: str) -> str:
    """The file name a site's bundle has in a shared folder."""
    return f"{site}{SUFFIX}"


def sync_folder(store: Store, folder: Path, *, progress: Progress | None = None) -> FolderSync:
    """Merge every other site's bundle found in `folder`, then write ours there."""
    if not folder.is_dir():
        raise BundleError(_("{folder} is not a folder").format(folder=folder))
    result = FolderSync(written=folder / bundle_name(store.site))
    for bundle in _read_others(store, folder, result):
        try:
            summary = merge_bundles(store, [bundle], progress=progress)
        except BundleError as error:
            result.skipped.append(_("skipped {error}").format(error=error))
            continue
        result.merged.append(bundle.source)
        _add_summary(result.summary, summary)
    payload, _info = export_bytes(store)
    write_atomic(result.written, payload)
    return result


def _read_others(store: Store, folder: Path, result: FolderSync) -> list[Bundle]:
    roster = trust_roster(store)
    known = known_vector(store)
    bundles = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        if path.name == bundle_name(store.site) or path.name.startswith("."):
            continue
        try:
            bundle = read_bundle(path, roster)
        except BundleError as error:
            result.skipped.append(_("skipped {error}").format(error=error))
            continue
        if bundle.complete and dominated(bundle.covers, known):
            result.unchanged.append(path.name)
            continue
        bundles.append(bundle)
    return bundles


def _add_summary(total: MergeSummary, one: MergeSummary) -> None:
    total.bundles += one.bundles
    total.warnings += one.warnings
    for table, counts in one.tables.items():
        total.tables.setdefault(table, TableCounts()).add(counts)

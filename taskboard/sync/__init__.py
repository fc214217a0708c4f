"""Sync between sites without a network: bundle files, merging, conflicts, signing.

Headless: never imports Textual. See docs/sync.md for the file format and
what merging promises.
"""

from taskboard.sync.bundle import Bundle, ExportInfo
from taskboard.sync.conflicts import Conflict, list_conflicts, resolve
from taskboard.sync.errors import BundleError, BundleTooNew, SignatureError, SigningKeyError
from taskboard.sync.exchange import export_bytes, read_bundles, trust_roster
from taskboard.sync.folder import FolderSync, sync_folder
from taskboard.sync.merge import MergeSummary, TableCounts, merge_bundles

__all__ = [
    "Bundle",
    "BundleError",
    "BundleTooNew",
    "Conflict",
    "ExportInfo",
    "FolderSync",
    "MergeSummary",
    "SignatureError",
    "SigningKeyError",
    "TableCounts",
    "export_bytes",
    "list_conflicts",
    "merge_bundles",
    "read_bundles",
    "resolve",
    "sync_folder",
    "trust_roster",
]

"""Storage: the crash-safe TinyDB file, its backups, and typed access to records.

Never imports Textual: the CLI, sync and matching use it directly.
"""

from taskboard.store.errors import (
    Ambiguous,
    Busy,
    CorruptFile,
    NotFound,
    NotInitialised,
    SaveFailed,
    StoreError,
    TooNew,
)
from taskboard.store.store import InvalidRecord, RuleBroken, Store

__all__ = [
    "Ambiguous",
    "Busy",
    "CorruptFile",
    "InvalidRecord",
    "NotFound",
    "NotInitialised",
    "RuleBroken",
    "SaveFailed",
    "Store",
    "StoreError",
    "TooNew",
]

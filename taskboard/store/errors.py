"""Errors the store raises; each message is one line a coordinator can act on."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class: the data file could not be used as asked."""


class NotInitialised(StoreError):
    """There is no data file yet, or it has no site."""


class CorruptFile(StoreError):
    """The file is not valid taskboard data; it is left untouched."""

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path
        """Which file is damaged (the data file or its journal), when known."""


class UnusablePath(StoreError):
    """A file the data needs is a folder (or a folder is a file), or cannot be read."""


class OutputRefused(StoreError):
    """An output file would overwrite the data file, one of its companions or other data."""


class TooNew(StoreError):
    """The file was written by a newer taskboard."""


class Busy(StoreError):
    """Another process holds the write lock for too long."""


class SaveFailed(StoreError):
    """Writing failed (disk full, permissions); the previous data is intact."""


class NotFound(StoreError):
    """No record matches the given reference."""


class Ambiguous(StoreError):
    """A name matches several records; the message lists them."""

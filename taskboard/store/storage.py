"""TinyDB storages that keep the data in memory and save crash-safely.

`AtomicJSONStorage` keeps a TinyDB JSON file (the *snapshot*) and beside it a
*journal* of the changes saved since the snapshot was written:

- a save appends one checksummed line to the journal and fsyncs it, so saving
  one edit costs the size of the edit, not of the whole district;
- when the journal grows past an eighth of the snapshot, the snapshot is
  rewritten: temp file in the same folder, fsync, `os.replace`, fsync of the
  folder; then a fresh journal is put in place the same way;
- the journal's first line names the snapshot generation it belongs to, so a
  journal left over from before a rewrite is ignored instead of replayed twice;
- a line torn by a crash is the last line and fails its checksum: it was never
  acknowledged and is dropped (and cut off before the next append);
- writers hold `PATH.lock` and re-read what other processes saved before they
  change anything, so two copies of the app on one file lose no update;
  readers never wait.

A crash at any moment therefore leaves the data as it was before or after the
last save, never in between.
"""

from __future__ import annotations

import contextlib
import gc
import os
import secrets
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout
from tinydb.storages import Storage

from taskboard.store.errors import Busy, CorruptFile, SaveFailed

Tables = dict[str, dict[str, dict[str, Any]]]
META_TABLE = "_meta"
META_ID = "meta"
FORMAT_NAME = "taskboard"
JOURNAL_FORMAT = 1
LOCK_TIMEOUT_S = 5.0
MIN_JOURNAL_BYTES = 64 * 1024


class RecordStorage(Storage):
    """In-memory tables with transactions; the base saves nowhere (tests, dry runs)."""

    def __init__(self) -> None:
        self.data: Tables = {}
        self._depth = 0
        self._undo: dict[str, dict[str, dict[str, Any] | None]] = {}
        """Table → id → the record before the open transaction put it (None: it was new)."""
        self._pending: dict[str, dict[str, dict[str, Any]]] = {}
        self._rewrite = False
        self.version = 0
        """Goes up whenever the tables are re-read from disk, so caches know to rebuild."""
        self.revisions: dict[str, int] = {}
        """Table → a number that changes whenever a record of it is put (cache keys)."""

    # TinyDB's storage interface -------------------------------------------------
    def read(self) -> Tables:
        """The live tables; TinyDB reads and changes them in place."""
        return self.data

    def write(self, data: Tables) -> None:
        """Called by TinyDB's own table methods: save everything at commit."""
        self.data = data
        self.version += 1
        self._rewrite = True

    def close(self) -> None:
        """Nothing to release for memory; subclasses close files."""

    # Changes --------------------------------------------------------------------
    def put(self, table: str, docs: dict[str, dict[str, Any]]) -> None:
        """Store `docs` (id → record) in `table`, remembering how to undo it."""
        rows = self.data.setdefault(table, {})
        self.revisions[table] = self.revisions.get(table, 0) + 1
        undo = self._undo.setdefault(table, {})
        first_put = docs.keys() - undo.keys() if undo else docs.keys()
        undo.update(dict.fromkeys(first_put))
        undo.update({doc_id: rows[doc_id] for doc_id in rows.keys() & first_put})
        rows.update(docs)
        self._pending.setdefault(table, {}).update(docs)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group changes into one save; an exception undoes all of them."""
        if self._depth == 0:
            self._begin()
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._rollback()
            raise
        self._depth -= 1
        if self._depth == 0:
            try:
                self._commit()
            except BaseException:
                self._rollback()
                raise
            finally:
                self._end()

    def refresh(self) -> bool:
        """Pick up what other processes saved; True when anything changed."""
        return False

    @property
    def dirty(self) -> bool:
        """True while the open transaction has something to save."""
        return bool(self._pending) or self._rewrite

    def mark_rewrite(self) -> None:
        """Save the whole file at the next commit (after a migration or a restore)."""
        self._rewrite = True

    def _begin(self) -> None:
        # `_rewrite` stays: a rewrite asked for before the transaction (a migration
        # on open) is done at its commit.
        self._undo.clear()
        self._pending.clear()

    def _commit(self) -> None:
        self._undo.clear()
        self._pending.clear()
        self._rewrite = False

    def _end(self) -> None:
        """Release what `_begin` took."""

    def _rollback(self) -> None:
        for table, undo in self._undo.items():
            self.revisions[table] = self.revisions.get(table, 0) + 1
            rows = self.data.setdefault(table, {})
            for doc_id, doc in undo.items():
                if doc is None:
                    rows.pop(doc_id, None)
                else:
                    rows[doc_id] = doc
        self._undo.clear()
        self._pending.clear()
        self._rewrite = False
        self._end()


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable. Best effort: the new file is already in place, and some
    file systems (network shares, FAT sticks) refuse to fsync a folder."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload` so that a crash leaves the old or the new file."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise SaveFailed(f"could not save {path}: {error.strerror or error}") from error
    _fsync_dir(path.parent)


def encode(data: Tables) -> bytes:
    """The snapshot's bytes (orjson: several times faster than the json module)."""
    return orjson.dumps(data)


@contextlib.contextmanager
def gc_paused(*, freeze: bool = True) -> Iterator[None]:
    """Hold the cyclic garbage collector during bulk work, then (by default) freeze what
    was made.

    Every new object counts towards the next collection; with hundreds of
    thousands of them (parsing a district's file, building a data set, matching)
    the full passes walk everything built so far again and again, for objects
    that hold no reference cycles. Loaded records live as long as the store
    does, so freezing them keeps later collections from walking them; work
    whose objects are soon dropped passes `freeze=False`.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if freeze:
            gc.freeze()


def decode_snapshot(payload: bytes, path: Path) -> Tables:
    """Parse and sanity-check a snapshot; never trusts the file to be ours."""
    try:
        with gc_paused():
            data: Tables = orjson.loads(payload)
    except orjson.JSONDecodeError as error:
        raise CorruptFile(
            f"{path} is not valid JSON ({error}); it was left untouched —"
            " see `taskboard backup list` to restore a good copy"
        ) from error
    meta = data.get(META_TABLE, {}).get(META_ID) if isinstance(data, dict) else None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise CorruptFile(f"{path} is not a taskboard data file; it was left untouched")
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise CorruptFile(f"{path}: table {name!r} is damaged; it was left untouched")
    return data


def _stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class AtomicJSONStorage(RecordStorage):
    """A TinyDB JSON file saved through a journal and atomic rewrites (see module doc)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        on_load: Callable[[Tables], bool] | None = None,
    ) -> None:
        super().__init__()
        self.on_load: Callable[[Tables], bool] | None = on_load
        """Called with freshly read tables; True means they were changed (migrated)."""
        self.path = Path(path)
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self._lock = FileLock(str(self.path.with_name(self.path.name + ".lock")))
        self._snapshot_key: tuple[int, int, int] | None = None
        self._snapshot_size = 0
        self._journal_key: tuple[int, int, int] | None = None
        self._journal_valid = 0
        self.exists = False
        self.load()

    # Reading ---------------------------------------------------------------------
    def load(self) -> None:
        """Read snapshot and journal from scratch (retrying if a rewrite races us)."""
        for _ in range(5):
            key = _stat_key(self.path)
            if key is None:
                self.data, self.exists = {}, False
                self._snapshot_key, self._journal_key, self._journal_valid = None, None, 0
                return
            payload = self.path.read_bytes()
            data = decode_snapshot(payload, self.path)
            journal_key = _stat_key(self.journal_path)
            valid = self._replay(data, 0)
            if _stat_key(self.path) == key:
                if self.on_load is not None and self.on_load(data):
                    self._rewrite = True
                self.data, self.exists = data, True
                self._snapshot_key, self._snapshot_size = key, len(payload)
                self._journal_key, self._journal_valid = journal_key, valid
                self.version += 1
                return
        raise CorruptFile(f"{self.path} keeps changing while being read; try again")

    def _generation(self, data: Tables) -> str:
        return str(data[META_TABLE][META_ID].get("generation", ""))

    def _replay(self, data: Tables, offset: int) -> int:
        """Apply journal lines from `offset`; returns the end of the last good line."""
        try:
            with open(self.journal_path, "rb") as handle:
                handle.seek(offset)
                payload = handle.read()
        except FileNotFoundError:
            return 0
        lines = payload.split(b"\n")
        position = offset
        for number, line in enumerate(lines[:-1]):
            if position == 0:
                if not self._journal_matches(line, data):
                    return 0
            else:
                entry = self._check_line(line, last=number == len(lines) - 2)
                if entry is None:
                    break
                for table, docs in entry.items():
                    data.setdefault(table, {}).update(docs)
            position += len(line) + 1
        return position

    def _journal_matches(self, header: bytes, data: Tables) -> bool:
        try:
            head = orjson.loads(header)
        except orjson.JSONDecodeError:
            return False
        return isinstance(head, dict) and head.get("snapshot") == self._generation(data)

    def _check_line(self, line: bytes, *, last: bool) -> dict[str, dict[str, Any]] | None:
        crc, _, body = line.partition(b" ")
        if crc == f"{zlib.crc32(body):08x}".encode():
            entry = orjson.loads(body)
            if isinstance(entry, dict):
                return entry
        if last:
            return None
        raise CorruptFile(
            f"{self.journal_path} is damaged before its end; it was left untouched —"
            " see `taskboard backup list` to restore a good copy"
        )

    def refresh(self) -> bool:
        """Catch up with saves made by other processes since we last looked."""
        snapshot = _stat_key(self.path)
        if snapshot != self._snapshot_key:
            self.load()
            return True
        journal = _stat_key(self.journal_path)
        if journal == self._journal_key:
            return False
        same_file = journal and self._journal_key and journal[0] == self._journal_key[0]
        if same_file and journal is not None and journal[1] >= self._journal_valid:
            self._journal_valid = self._replay(self.data, self._journal_valid) or 0
            self._journal_key = journal
            if self.on_load is not None and self.on_load(self.data):
                self._rewrite = True
            self.version += 1
            return True
        self.load()
        return True

    # Writing ---------------------------------------------------------------------
    def _begin(self) -> None:
        super()._begin()
        try:
            self._lock.acquire(timeout=LOCK_TIMEOUT_S)
        except Timeout as error:
            raise Busy(
                f"another taskboard is saving to {self.path}; try again in a moment"
            ) from error
        try:
            self._remove_stale_temp_files()
            self.refresh()
        except BaseException:
            self._lock.release()
            raise

    def _remove_stale_temp_files(self) -> None:
        """Temp files left by a writer that crashed mid-save (we hold the lock: none is live)."""
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def _end(self) -> None:
        if self._lock.is_locked:
            self._lock.release()

    def _rollback(self) -> None:
        """Drop unsaved changes; whole-table writes are undone by re-reading the file."""
        rewrite = self._rewrite
        super()._rollback()
        if rewrite:
            self.load()

    def _commit(self) -> None:
        if not self._pending and not self._rewrite:
            super()._commit()
            return
        journal_size = self._journal_valid
        if (
            self._rewrite
            or not self.exists
            or journal_size > max(MIN_JOURNAL_BYTES, self._snapshot_size // 8)
        ):
            self.save_snapshot()
        else:
            self._append(self._pending)
        super()._commit()

    def save_snapshot(self) -> None:
        """Rewrite the whole file atomically and start an empty journal."""
        generation = secrets.token_hex(8)
        data = self.data
        meta = data.setdefault(META_TABLE, {}).setdefault(META_ID, {})
        previous = meta.get("generation")
        meta["generation"] = generation
        try:
            payload = encode(data)
            write_atomic(self.path, payload)
        except BaseException:
            meta["generation"] = previous
            raise
        self.exists = True
        self._snapshot_key, self._snapshot_size = _stat_key(self.path), len(payload)
        # The change is saved now: the old journal names the previous generation and is
        # ignored. If a fresh one cannot be written, the next append writes it first.
        self._journal_key, self._journal_valid = _stat_key(self.journal_path), 0
        header = orjson.dumps({"journal": JOURNAL_FORMAT, "snapshot": generation}) + b"\n"
        with contextlib.suppress(SaveFailed):
            write_atomic(self.journal_path, header)
            self._journal_key, self._journal_valid = _stat_key(self.journal_path), len(header)

    def _append(self, changes: dict[str, dict[str, dict[str, Any]]]) -> None:
        if self._journal_valid == 0:
            generation = self._generation(self.data)
            header = orjson.dumps({"journal": JOURNAL_FORMAT, "snapshot": generation}) + b"\n"
            write_atomic(self.journal_path, header)
            self._journal_valid = len(header)
        body = orjson.dumps(changes)
        head = f"{zlib.crc32(body):08x} ".encode()
        try:
            with open(self.journal_path, "r+b") as handle:
                handle.truncate(self._journal_valid)
                handle.seek(self._journal_valid)
                # one line in three writes: joining them would copy the whole change
                handle.write(head)
                handle.write(body)
                handle.write(b"\n")
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            self._cut_journal()
            raise SaveFailed(f"could not save {self.path}: {error.strerror or error}") from error
        self._journal_valid += len(head) + len(body) + 1
        self._journal_key = _stat_key(self.journal_path)

    def _cut_journal(self) -> None:
        """After a failed append, drop the partial line so the file stays as before."""
        with contextlib.suppress(OSError), open(self.journal_path, "r+b") as handle:
            handle.truncate(self._journal_valid)

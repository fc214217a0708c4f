"""TinyDB storages that keep the data in memory and save crash-safely.

`AtomicJSONStorage` keeps a TinyDB JSON file (the *snapshot*) and beside it a
*journal* of the changes saved since the snapshot was written:

- a save appends one checksummed line to the journal and fsyncs it, so saving
  one edit costs the size of the edit, not of the whole district;
- when the journal grows past an eighth of the snapshot, the snapshot is
  rewritten: temp file in the same folder, fsync, `os.replace`, fsync of the
  folder; then a fresh journal is put in place the same way;
- the journal's first line names the snapshot generation it belongs to, and the
  snapshot names the generation of the journal it replaced (`retired_journal`),
  so a journal left over from before a rewrite is ignored instead of replayed
  twice, while a journal with a damaged first line or one that belongs to no
  known snapshot is refused like a damaged file (and never overwritten);
- a line torn by a crash is the last line and fails its checksum: it was never
  acknowledged and is dropped (and cut off before the next append); a line
  whose checksum holds but whose content is not a change is damage, refused;
- every record read (snapshot, journal, backup) is checked cheaply against the
  shape its model writes (`shape.check_tables`), so a damaged record is refused
  when the file is opened, not by a crash later. The journal's first line also
  holds the CRC-32 of the snapshot it belongs to: a snapshot whose bytes still
  match it is exactly what taskboard wrote and checked, and is not checked
  again (the CRC costs a sixth of the check at district size);
- writers hold `PATH.lock` and re-read what other processes saved before they
  change anything, so two copies of the app on one file lose no update;
  readers never wait.

A crash at any moment therefore leaves the data as it was before or after the
last save, never in between.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import secrets
import stat
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout
from tinydb.storages import Storage

from taskboard.store.errors import Busy, CorruptFile, SaveFailed, UnusablePath
from taskboard.store.shape import ShapeError, check_tables

Tables = dict[str, dict[str, dict[str, Any]]]
META_TABLE = "_meta"
META_ID = "meta"
FORMAT_NAME = "taskboard"
JOURNAL_FORMAT = 1
RETIRED_JOURNAL = "retired_journal"
"""Meta key: the generation named by the journal a snapshot rewrite replaced ("" for none)."""
RESTORE_HINT = "see `taskboard backup list` to restore a good copy"
LOCK_TIMEOUT_S = 10.0
"""How long a save waits for another copy of taskboard to finish its own."""
LOCK_POLL_S = 0.005
"""How often a waiting save tries the lock: often, so that a copy saving in a loop
(a script, a merge of many bundles) cannot keep another waiting until it times out."""
MIN_JOURNAL_BYTES = 64 * 1024


class RecordStorage(Storage):
    """In-memory tables with transactions; the base saves nowhere (tests, dry runs)."""

    def __init__(self) -> None:
        self.data: Tables = {}
        self.guard = threading.RLock()
        """Held through a whole transaction, so there is one writer at a time: a
        transaction begun in another thread (a merge in a worker, a card moved on
        the board) waits for the open one to end instead of joining it, and a
        failure rolls back only its own changes. Re-entrant: nested transactions
        of the same thread join the outer one."""
        self._local = threading.local()
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

    @property
    def _depth(self) -> int:
        """How deep the current thread is in nested transactions (0: in none)."""
        return int(getattr(self._local, "depth", 0))

    @_depth.setter
    def _depth(self, depth: int) -> None:
        self._local.depth = depth

    @property
    def in_transaction(self) -> bool:
        """True when the current thread has a transaction open."""
        return self._depth > 0

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
        """Group changes into one save; an exception undoes all of them. Another
        thread's transaction waits on `guard` until this one has ended."""
        with self.guard:
            yield from self._transaction()

    def _transaction(self) -> Iterator[None]:
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
    """The snapshot's bytes (orjson: several times faster than the json module).

    The `_meta` table comes first, so that the first bytes of a file tell whether it
    is taskboard data (`is_taskboard_file`).
    """
    if data and next(iter(data)) != META_TABLE and META_TABLE in data:
        data = {META_TABLE: data[META_TABLE], **data}
    return orjson.dumps(data)


HEAD_BYTES = 4096
"""How much of a file `is_taskboard_file` reads."""


def is_taskboard_file(path: Path) -> bool:
    """True when `path` is a taskboard data file, backup or journal, judged by its first bytes.

    Data files and backups start with their `_meta` table, journals with their
    header line; reading only the start keeps this cheap on a 27 MB file.
    """
    try:
        if not path.is_file():  # never open a pipe or a device: it could block or never end
            return False
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return False
    head = head.lstrip(b" \t\r\n")
    return head.startswith((b'{"_meta":', b'{"journal":')) or _loose_head(head)


def _loose_head(head: bytes) -> bool:
    """The same test for JSON written with spaces (by hand or by another tool)."""
    if not head.startswith(b"{"):
        return False
    key = head[1:].lstrip(b" \t\r\n")
    return key.startswith((b'"_meta"', b'"journal"'))


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
    if threading.current_thread() is not threading.main_thread():
        # The collector is the whole process's: a worker turning it off, or freezing
        # what the board built meanwhile, would do so under the UI's feet. Workers
        # run with it as it is.
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if freeze:
            gc.freeze()


def decode_snapshot(payload: bytes, path: Path, *, check: bool = True) -> Tables:
    """Parse and sanity-check a snapshot; never trusts the file to be ours.

    `check=False` leaves the records' shapes to the caller, who knows whether
    these bytes are the ones taskboard wrote (see `AtomicJSONStorage.load`).
    """
    try:
        with gc_paused():
            data: Tables = orjson.loads(payload)
    except orjson.JSONDecodeError as error:
        raise CorruptFile(
            f"{path} is not valid JSON ({error}); it was left untouched — {RESTORE_HINT}",
            path=path,
        ) from error
    meta = data.get(META_TABLE, {}).get(META_ID) if isinstance(data, dict) else None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise CorruptFile(f"{path} is not a taskboard data file; it was left untouched", path=path)
    if check:
        _check_tables(data, path, path)
    return data


def _check_tables(data: Any, source: Path, damaged: Path, line: int | None = None) -> None:
    """Tables of records, each record of the shape its model writes; else CorruptFile.

    `source` is the file the tables were read from, `damaged` the file to name as
    damaged (a journal's data file is fine when only the journal is not).
    """
    where = f"{source}, line {line}" if line is not None else str(source)
    if not isinstance(data, dict):
        raise CorruptFile(
            f"{where} is damaged; it was left untouched — {RESTORE_HINT}", path=damaged
        )
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise CorruptFile(
                f"{where}: table {name!r} is damaged; it was left untouched — {RESTORE_HINT}",
                path=damaged,
            )
    try:
        check_tables(data, where)
    except ShapeError as error:
        raise CorruptFile(
            f"{error}; it was left untouched — {RESTORE_HINT}", path=damaged
        ) from None


def file_key(path: Path, what: str) -> tuple[int, int, int] | None:
    """`_stat_key` of a file that must be a regular file when it exists (`what` names it)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise UnusablePath(f"cannot read {path}: {error.strerror or error}") from None
    if stat.S_ISDIR(st.st_mode):
        raise UnusablePath(f"{path} is a folder, not {what}; move it away or give another --db")
    if not stat.S_ISREG(st.st_mode):
        raise UnusablePath(f"{path} is not a regular file, so it cannot be {what}")
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def make_folder(folder: Path) -> None:
    """Create `folder` (and its parents) for a new data file; a file in the way is one line."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UnusablePath(f"{folder} is a file, not a folder") from None
    except OSError as error:
        raise UnusablePath(f"cannot make the folder {folder}: {error.strerror or error}") from None


def read_file(path: Path) -> bytes:
    """The bytes of a file taskboard reads; an unreadable one is a one-line error."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise UnusablePath(f"cannot read {path}: {error.strerror or error}") from None


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
        companions = companion_paths(self.path)
        self.journal_path = companions["journal"]
        self.lock_path = companions["lock"]
        self._lock = FileLock(str(self.lock_path))
        self._snapshot_key: tuple[int, int, int] | None = None
        self._snapshot_size = 0
        self._journal_key: tuple[int, int, int] | None = None
        self._journal_valid = 0
        self._journal_generation = ""
        """The generation the journal on disk names ("" when there is none)."""
        self._snapshot_crc: int | None = None
        """CRC-32 of the snapshot's bytes as last read or written, for the journal header."""
        self.exists = False
        self.load()

    # Reading ---------------------------------------------------------------------
    def load(self) -> None:
        """Read snapshot and journal from scratch (retrying if a rewrite races us)."""
        for _ in range(5):
            key = file_key(self.path, "a taskboard data file")
            if key is None:
                self.data, self.exists = {}, False
                self._snapshot_key, self._journal_key, self._journal_valid = None, None, 0
                self._journal_generation = ""
                return
            payload = read_file(self.path)
            data = decode_snapshot(payload, self.path, check=False)
            crc = zlib.crc32(payload)
            if not self._vouched_for(crc, data):
                _check_tables(data, self.path, self.path)
            journal_key = file_key(self.journal_path, f"the journal of {self.path}")
            try:
                valid = self._replay(data, 0)
            except CorruptFile:
                if _stat_key(self.path) != key:
                    continue  # another process rewrote both files meanwhile: read them again
                raise
            if _stat_key(self.path) == key:
                if self.on_load is not None and self.on_load(data):
                    self._rewrite = True
                self.data, self.exists = data, True
                self._snapshot_key, self._snapshot_size = key, len(payload)
                self._snapshot_crc = crc
                self._journal_key, self._journal_valid = journal_key, valid
                self.version += 1
                return
        raise CorruptFile(f"{self.path} keeps changing while being read; try again")

    def _generation(self, data: Tables) -> str:
        return str(data[META_TABLE][META_ID].get("generation", ""))

    def _vouched_for(self, crc: int, data: Tables) -> bool:
        """True when the journal's first line names this snapshot and its exact bytes.

        Such a snapshot was written (and its records checked) by taskboard and is
        unchanged since; anything else — no journal, a header of older versions,
        a snapshot edited or damaged on disk — is checked record by record.
        """
        try:
            with open(self.journal_path, "rb") as handle:
                head = orjson.loads(handle.readline(4096))
        except (OSError, orjson.JSONDecodeError):
            return False
        return (
            isinstance(head, dict)
            and head.get("snapshot") == self._generation(data)
            and head.get("crc") == crc
        )

    def _journal_header(self, generation: str) -> bytes:
        head: dict[str, Any] = {"journal": JOURNAL_FORMAT, "snapshot": generation}
        if self._snapshot_crc is not None:
            head["crc"] = self._snapshot_crc
        return orjson.dumps(head) + b"\n"

    def _replay(self, data: Tables, offset: int) -> int:
        """Apply journal lines from `offset`; returns the end of the last good line."""
        try:
            with open(self.journal_path, "rb") as handle:
                handle.seek(offset)
                payload = handle.read()
        except FileNotFoundError:
            if offset == 0:
                self._journal_generation = ""
            return 0
        except OSError as error:
            raise UnusablePath(
                f"cannot read {self.journal_path}: {error.strerror or error}"
            ) from None
        if offset == 0 and not payload:
            self._journal_generation = ""  # an empty journal holds no save
            return 0
        lines = payload.split(b"\n")
        if offset == 0 and len(lines) == 1:
            raise self._damaged("its first line is damaged")
        position = offset
        for number, line in enumerate(lines[:-1]):
            if position == 0:
                if not self._journal_matches(line, data):
                    return 0
            else:
                entry = self._check_line(line, last=number == len(lines) - 2)
                if entry is None:
                    break
                line_number = number + 1 if offset == 0 else None  # counted from the top
                _check_tables(entry, self.journal_path, self.journal_path, line=line_number)
                for table, docs in entry.items():
                    data.setdefault(table, {}).update(docs)
            position += len(line) + 1
        return position

    def _journal_matches(self, header: bytes, data: Tables) -> bool:
        """True for the journal of this snapshot, False for the one a rewrite retired.

        Any other first line is refused: the saves after it cannot be placed, and
        dropping them silently (then overwriting the journal) would lose them.
        """
        try:
            head = orjson.loads(header)
        except orjson.JSONDecodeError:
            head = None
        if not (
            isinstance(head, dict)
            and head.get("journal") == JOURNAL_FORMAT
            and isinstance(head.get("snapshot"), str)
        ):
            raise self._damaged("its first line is damaged")
        self._journal_generation = head["snapshot"]
        if head["snapshot"] == self._generation(data):
            return True
        retired = data[META_TABLE][META_ID].get(RETIRED_JOURNAL)
        if retired is None or head["snapshot"] == retired:
            return False  # left over from before a rewrite (files before `retired_journal` too)
        raise CorruptFile(
            f"{self.journal_path} belongs to another version of {self.path}, so its saves"
            " cannot be applied; both were left untouched — move the journal aside if the"
            f" data file was replaced on purpose, or {RESTORE_HINT}",
            path=self.journal_path,
        )

    def _damaged(self, what: str) -> CorruptFile:
        return CorruptFile(
            f"{self.journal_path}: {what}; it was left untouched — {RESTORE_HINT}",
            path=self.journal_path,
        )

    def _check_line(self, line: bytes, *, last: bool) -> dict[str, dict[str, Any]] | None:
        """One save's changes; None for a last line torn by a crash (never acknowledged).

        A line whose checksum holds was written whole, so content that is not a
        change is damage, wherever the line is.
        """
        crc, _, body = line.partition(b" ")
        if crc == f"{zlib.crc32(body):08x}".encode():
            try:
                entry = orjson.loads(body)
            except orjson.JSONDecodeError:
                entry = None
            if isinstance(entry, dict):
                return entry
            raise self._damaged("a save in it is not a change taskboard writes")
        if last:
            return None
        raise self._damaged("it is damaged before its end")

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
            self._lock.acquire(timeout=LOCK_TIMEOUT_S, poll_interval=LOCK_POLL_S)
        except Timeout as error:
            raise Busy(
                f"another taskboard is saving to {self.path}; try again in a moment"
            ) from error
        except OSError as error:
            file_key(self.lock_path, f"the lock file of {self.path}")  # names a folder as such
            raise UnusablePath(f"cannot lock {self.lock_path}: {error.strerror or error}") from None
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
        previous = meta.get("generation"), meta.get(RETIRED_JOURNAL)
        meta["generation"] = generation
        meta[RETIRED_JOURNAL] = self._journal_generation
        try:
            payload = encode(data)
            write_atomic(self.path, payload)
        except BaseException:
            meta["generation"], meta[RETIRED_JOURNAL] = previous
            if previous[1] is None:
                del meta[RETIRED_JOURNAL]
            raise
        self.exists = True
        self._snapshot_key, self._snapshot_size = _stat_key(self.path), len(payload)
        self._snapshot_crc = zlib.crc32(payload)
        # The change is saved now: the old journal names the previous generation and is
        # ignored. If a fresh one cannot be written, the next append writes it first.
        self._journal_key, self._journal_valid = _stat_key(self.journal_path), 0
        header = self._journal_header(generation)
        with contextlib.suppress(SaveFailed):
            write_atomic(self.journal_path, header)
            self._journal_key, self._journal_valid = _stat_key(self.journal_path), len(header)
            self._journal_generation = generation

    def _append(self, changes: dict[str, dict[str, dict[str, Any]]]) -> None:
        if self._journal_valid == 0:
            generation = self._generation(self.data)
            header = self._journal_header(generation)
            write_atomic(self.journal_path, header)
            self._journal_valid = len(header)
            self._journal_generation = generation
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


def companion_paths(path: Path) -> dict[str, Path]:
    """The files and folder kept beside a data file, by what they are."""
    return {
        "journal": path.with_name(path.name + ".journal"),
        "lock": path.with_name(path.name + ".lock"),
        "backups": path.with_name(path.name + ".backups"),
    }


DAMAGED = ".damaged-"
"""Infix of the name a damaged data file or journal is kept under (`board.json.damaged-…`)."""


def set_aside(path: Path, damaged: Path, now: dt.datetime | None = None) -> list[Path]:
    """Move a damaged data file and its journal (or only a damaged journal) aside.

    They are renamed beside the data file to `NAME.damaged-STAMP` and
    `NAME.journal.damaged-STAMP`, never deleted, while holding the lock; returns
    the new paths. A damaged data file takes its journal along: the journal's
    saves belong to it.
    """
    journal = companion_paths(path)["journal"]
    moving = [journal] if damaged == journal else [path, journal]
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    lock = FileLock(str(companion_paths(path)["lock"]))
    try:
        lock.acquire(timeout=LOCK_TIMEOUT_S, poll_interval=LOCK_POLL_S)
    except Timeout as error:
        raise Busy(f"another taskboard is saving to {path}; try again in a moment") from error
    except OSError as error:
        raise UnusablePath(f"cannot lock {lock.lock_file}: {error.strerror or error}") from None
    try:
        moved = []
        for source in moving:
            if not source.is_file():
                continue
            target = _free_name(source.with_name(f"{source.name}{DAMAGED}{stamp}"))
            try:
                os.rename(source, target)
            except OSError as error:
                raise SaveFailed(
                    f"could not move {source} aside: {error.strerror or error}"
                ) from None
            moved.append(target)
        _fsync_dir(path.parent)
        return moved
    finally:
        lock.release()


def _free_name(path: Path) -> Path:
    """`path`, or `path-2`, `path-3`, … : the first that does not exist yet."""
    candidate, number = path, 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate

"""Checking the fields of many records at once, on two processor cores when there are many.

A merge checks every record that is new or differs from the local copy
against its model (`validate.check_fields`), and at district size that is
most of a merge's time. Records are checked in chunks: first by the plain
test of `canonical`, which accepts nearly every record taskboard wrote; the
rest go to the models (one call into the model's validator and serializer
per chunk). When a large merge runs in a single-threaded process on a
machine with a spare core, a forked helper process takes chunks from the
back while this one takes them from the front, until they meet; whichever
is faster does more. Either way the outcome is the same: nothing, or the one
problem the records would meet first when checked one by one in order.
"""

from __future__ import annotations

import itertools
import mmap
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError

from taskboard.store.records import CREATED, DELETED, STAMPS
from taskboard.store.store import KEY_FIELD, MODELS
from taskboard.sync.canonical import record_check
from taskboard.sync.errors import BundleError
from taskboard.sync.validate import (
    MORE_BOOKKEEPING,
    check_fields,
    check_record,
    note_stamps,
    plain,
)

Items = Sequence[tuple[Any, ...]]
"""Records of one table as tuples starting (id, record, …)."""
Work = Sequence[tuple[str, Items]]
"""Tables to check, in order, each with its records."""
Chunk = tuple[str, Items]
"""Up to `BATCH` records of one table."""
Problem = tuple[int, str]
"""(chunk number, message) of the first problem in a chunk."""

BATCH = 2048
"""Records validated in one call: enough to save the per-call cost, few enough to stay small."""
PARALLEL_FROM = 20_000
"""Fewer records than this are checked in this process alone (a fork costs ~10–70 ms)."""
HELPER_UP_TO_BYTES = 1024**3
"""No helper once this process holds more memory than this (1 GB). The helper shares
this process's memory, but every page either of them writes to (a reference count
is enough) gets copied: up to ~60% more memory at this size, and a merge stays
under 2 GB."""
_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {}


class FieldCheck:
    """`check_fields` on every record of `work`, started at once and finished by `finish`.

    Entering starts the helper (when the work is large and a fork is safe), so
    that the caller can do other work (merging optimistically, say) while the
    helper checks from the back; `finish` checks from the front until the two
    meet and raises the first problem in order. Leaving ends the helper.
    """

    def __init__(
        self, work: Work, source: str, progress: Callable[[int], None] | None = None
    ) -> None:
        self.chunks = [
            (table, items[start : start + BATCH])
            for table, items in work
            for start in range(0, len(items), BATCH)
        ]
        self.source = source
        self.progress = progress
        """Called with how many records were checked so far, as `finish` goes on."""
        self.claims = _Claims(len(self.chunks))
        self.latest: dict[str, int] = {}
        """Site → its latest stamp in the records checked (known after `finish`)."""
        self.helper: _Helper | None = None
        self.big = sum(len(items) for _table, items in work) >= PARALLEL_FROM

    def __enter__(self) -> FieldCheck:
        if self.big and _can_fork():
            self.helper = _Helper(self.chunks, self.source, self.claims)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.helper is not None:
            self.helper.stop()

    def finish(self) -> None:
        """Check what the helper has not; raise the first problem of all, in order."""
        mine, stopped = self._from_front()
        theirs = None
        if mine is None and self.helper is not None:
            theirs = self.helper.result(stopped, self.latest)
        problem = min((p for p in (mine, theirs) if p is not None), default=None)
        if problem is not None:
            raise BundleError(problem[1])

    def _from_front(self) -> tuple[Problem | None, int]:
        """Check chunks from the front until the helper's claims; (problem, where it stopped)."""
        claims, chunks = self.claims, self.chunks
        before = list(itertools.accumulate((len(items) for _table, items in chunks), initial=0))
        number = 0
        while number < claims.back:
            claims.front = number + 1
            message = chunk_problem(chunks[number], self.source, self.latest)
            if message is not None:
                return (number, message), number
            number += 1
            if self.progress is not None:
                self.progress(before[number] + before[-1] - before[max(claims.back, number)])
        return None, number


def _check_shapes(table: str, key: str, chunk: Items, source: str, latest: dict[str, int]) -> None:
    """Every record's id and bookkeeping (`check_record`), noting its stamps in `latest`."""
    for item in chunk:
        doc_id, doc = item[0], item[1]
        if plain(doc_id, doc, key):
            site, hlc = doc[STAMPS][CREATED]
            if hlc > latest.get(site, 0):
                latest[site] = hlc
        else:
            check_record(table, doc_id, doc, f"{source}: {table} {doc_id}")
            note_stamps(doc, latest)


def chunk_problem(chunk: Chunk, source: str, latest: dict[str, int]) -> str | None:
    """The first problem of one chunk's records (`check_record`, `check_fields`), or None.

    `latest` (site → latest stamp) is raised to the stamps of the records checked.
    """
    table, items = chunk
    try:
        _check_shapes(table, KEY_FIELD.get(table, "id"), items, source, latest)
        shapes_ok = True
    except BundleError:
        shapes_ok = False
    if shapes_ok and _batch_ok(table, items):
        return None
    try:
        for item in items:  # the long way, to name the first problem in order
            where = f"{source}: {table} {item[0]}"
            check_record(table, item[0], item[1], where)
            check_fields(table, item[1], where)
    except BundleError as error:
        return str(error)
    return None


def _can_fork() -> bool:
    """A fork is safe and worth it: Linux, no other thread (it could hold a lock), two
    cores, and room for the pages the two will copy (see `HELPER_UP_TO_BYTES`).
    """
    return (
        sys.platform == "linux"
        and threading.active_count() == 1
        and len(os.sched_getaffinity(0)) > 1
        and _resident_bytes() < HELPER_UP_TO_BYTES
    )


def _resident_bytes() -> int:
    """Memory this process holds now (Linux)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return HELPER_UP_TO_BYTES


class _Claims:
    """How far each process got, in memory both see: this one claims chunks below
    `front`, the helper chunks from `back` up.

    Each process sets its own mark before checking a chunk and reads the other's
    before claiming one, so a chunk may be checked twice (harmless) but never
    skipped.
    """

    def __init__(self, count: int) -> None:
        self.shared = mmap.mmap(-1, 8)
        self.marks = memoryview(self.shared).cast("i")
        self.marks[0], self.marks[1] = 0, count

    @property
    def front(self) -> int:
        return int(self.marks[0])

    @front.setter
    def front(self, value: int) -> None:
        self.marks[0] = value

    @property
    def back(self) -> int:
        return int(self.marks[1])

    @back.setter
    def back(self, value: int) -> None:
        self.marks[1] = value


class _Helper:
    """A forked process checking chunks from the back; its answer comes back through a pipe.

    If it cannot start or dies without answering, `result` does the rest of
    the work here instead, so a helper never changes the outcome, only the time.
    """

    def __init__(self, chunks: list[Chunk], source: str, claims: _Claims) -> None:
        self.chunks, self.source = chunks, source
        self.pid = 0
        self.pipe = -1
        try:
            read, write = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:
            self._run(read, write, claims)
        os.close(write)
        self.pid, self.pipe = pid, read

    def _run(self, read: int, write: int, claims: _Claims) -> None:
        """In the child: check, answer, and leave without running any of the parent's cleanup."""
        code = 1
        try:
            os.close(read)
            problem = None
            latest: dict[str, int] = {}
            number = len(self.chunks) - 1
            while number >= claims.front:
                claims.back = number
                message = chunk_problem(self.chunks[number], self.source, latest)
                if message is not None:
                    problem = (number, message)
                    break
                number -= 1
            view = memoryview(orjson.dumps({"problem": problem, "latest": latest}))
            while view:
                view = view[os.write(write, view) :]
            code = 0
        finally:
            os._exit(code)

    def result(self, stopped: int, latest: dict[str, int]) -> Problem | None:
        """The helper's answer (waiting for it), its stamps noted in `latest`; without an
        answer, the chunks from `stopped` on are checked here.
        """
        if self.pid:
            try:
                with os.fdopen(self.pipe, "rb") as pipe:
                    self.pipe = -1
                    answer = pipe.read()
                _pid, status = os.waitpid(self.pid, 0)
                self.pid = 0
                if status == 0 and answer:
                    decoded = orjson.loads(answer)
                    for site, hlc in decoded["latest"].items():
                        latest[site] = max(hlc, latest.get(site, 0))
                    problem = decoded["problem"]
                    return None if problem is None else (problem[0], problem[1])
            except (OSError, orjson.JSONDecodeError):
                pass
        for number in range(stopped, len(self.chunks)):
            message = chunk_problem(self.chunks[number], self.source, latest)
            if message is not None:
                return number, message
        return None

    def stop(self) -> None:
        """End the helper if it is still running (the merge stopped early)."""
        if self.pipe != -1:
            os.close(self.pipe)
            self.pipe = -1
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0


def _adapter(table: str) -> TypeAdapter[list[Any]]:
    adapter = _ADAPTERS.get(table)
    if adapter is None:
        many: Any = list
        adapter = _ADAPTERS[table] = TypeAdapter(many[MODELS[table]])
    return adapter


def _batch_ok(table: str, items: Items) -> bool:
    """True when every record of `items` passes `check_fields` (False: look one by one).

    Records the plain test of `canonical` accepts are fine; the model checks the rest.
    """
    plain_test = record_check(table)
    if plain_test is not None:
        items = [item for item in items if not plain_test(item[1])]
        if not items:
            return True
    batch: list[dict[str, Any]] = []
    append = batch.append
    for item in items:
        doc = item[1]
        fields = doc.copy()
        fields.pop(STAMPS, None)
        if not MORE_BOOKKEEPING.isdisjoint(fields):
            for key in MORE_BOOKKEEPING:
                fields.pop(key, None)
        if fields.pop(DELETED, False) not in (True, False):
            return False
        append(fields)
    adapter = _adapter(table)
    try:
        models = adapter.validate_python(batch)
    except ValidationError:
        return False
    if not _canonical(adapter, models, batch):
        return False
    for fields in batch:
        for item in fields.get("checklist") or ():
            if "." in str(item.get("id", "")):
                return False
    return True


def _canonical(adapter: TypeAdapter[list[Any]], models: list[Any], batch: list[Any]) -> bool:
    """True when the records are stored exactly as the models write them.

    Comparing the JSON texts is the fast way; when they differ only in ways
    JSON does not care about (key order, `2` for `2.0`) the values decide.
    """
    try:
        if adapter.dump_json(models) == orjson.dumps(batch):
            return True
    except orjson.JSONEncodeError:
        pass
    return bool(adapter.dump_python(models, mode="json") == batch)

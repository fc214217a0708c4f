"""Checking the fields of many records at once, on two processor cores when there are many.

A merge checks every record that is new or differs from the local copy
against its model (`validate.check_fields`), and at district size that is
most of a merge's time. Records of one table are validated in batches (one
call into the model's validator and serializer per batch); when a large merge
runs in a single-threaded process on a machine with a spare core, a forked
helper process checks half of every table meanwhile. Either way the outcome
is the same: nothing, or the one problem the records would meet first when
checked one by one in order.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError

from taskboard.store.records import DELETED, STAMPS
from taskboard.store.store import MODELS
from taskboard.sync.errors import BundleError
from taskboard.sync.validate import MORE_BOOKKEEPING, check_fields

Items = Sequence[tuple[Any, ...]]
"""Records of one table as tuples starting (id, record, …)."""
Work = Sequence[tuple[str, Items]]
"""Tables to check, in order, each with its records."""
Problem = tuple[int, int, str]
"""(table position, 0 for the first half of it or 1 for the second, message)."""

BATCH = 2048
"""Records validated in one call: enough to save the per-call cost, few enough to stay small."""
PARALLEL_FROM = 20_000
"""Fewer records than this are checked in this process alone (a fork costs ~10–50 ms)."""
_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {}


def check_tables(work: Work, source: str) -> None:
    """`check_fields` on every record of `work`; raise the first problem met, in order."""
    total = sum(len(items) for _table, items in work)
    if total < PARALLEL_FROM or not _can_fork():
        problem = _first_problem(work, source, half=0)
    else:
        first = [(table, items[: len(items) // 2]) for table, items in work]
        second = [(table, items[len(items) // 2 :]) for table, items in work]
        helper = _Helper(second, source)
        try:
            mine = _first_problem(first, source, half=0)
            theirs = helper.result()
        finally:
            helper.stop()
        problem = min((p for p in (mine, theirs) if p is not None), default=None)
    if problem is not None:
        raise BundleError(problem[2])


def check_table(table: str, items: Items, source: str) -> None:
    """`check_fields` on records of one table (the first problem stops it)."""
    for start in range(0, len(items), BATCH):
        chunk = items[start : start + BATCH]
        if not _batch_ok(table, chunk):
            for item in chunk:
                check_fields(table, item[1], f"{source}: {table} {item[0]}")


def _first_problem(work: Work, source: str, *, half: int) -> Problem | None:
    for position, (table, items) in enumerate(work):
        try:
            check_table(table, items, source)
        except BundleError as error:
            return position, half, str(error)
    return None


def _can_fork() -> bool:
    """A fork is safe and worth it: Linux, no other thread (it could hold a lock), two cores."""
    return (
        sys.platform == "linux"
        and threading.active_count() == 1
        and len(os.sched_getaffinity(0)) > 1
    )


class _Helper:
    """A forked process checking part of the work; its answer comes back through a pipe.

    If it cannot start or dies without answering, `result` does its work here
    instead, so a helper never changes the outcome, only the time.
    """

    def __init__(self, work: Work, source: str) -> None:
        self.work, self.source = work, source
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
            self._run(read, write)
        os.close(write)
        self.pid, self.pipe = pid, read

    def _run(self, read: int, write: int) -> None:
        """In the child: check, answer, and leave without running any of the parent's cleanup."""
        code = 1
        try:
            os.close(read)
            answer = orjson.dumps(_first_problem(self.work, self.source, half=1))
            view = memoryview(answer)
            while view:
                view = view[os.write(write, view) :]
            code = 0
        finally:
            os._exit(code)

    def result(self) -> Problem | None:
        """The helper's answer (waiting for it), or the same work done here."""
        if self.pid:
            answer = b""
            try:
                with os.fdopen(self.pipe, "rb") as pipe:
                    self.pipe = -1
                    answer = pipe.read()
                _pid, status = os.waitpid(self.pid, 0)
                self.pid = 0
                if status == 0 and answer:
                    decoded = orjson.loads(answer)
                    return None if decoded is None else (decoded[0], decoded[1], decoded[2])
            except (OSError, orjson.JSONDecodeError):
                pass
        return _first_problem(self.work, self.source, half=1)

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
    """True when every record of `items` passes `check_fields` (False: look one by one)."""
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

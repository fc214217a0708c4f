"""Checking the fields of many records at once, in chunks.

A merge checks every record that is new or differs from the local copy
against its model (`validate.check_fields`), and at district size that is
most of a merge's time. Records are checked in chunks: first by the plain
test of `canonical`, which accepts nearly every record taskboard wrote; the
rest go to the models (one call into the model's validator and serializer
per chunk), and a chunk with a problem is gone through one record at a time
to name the first problem in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError

from taskboard.store.records import CREATED, DELETED, STAMPS
from taskboard.store.store import KEY_FIELD, MODELS
from taskboard.sync.canonical import record_check
from taskboard.sync.errors import BundleError, word
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

BATCH = 2048
"""Records validated in one call: enough to save the per-call cost, few enough to stay small."""
_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {}


def check_chunks(
    work: Work, source: str, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """`check_record` and `check_fields` on every record of `work`, raising the first
    problem in order; returns each site's latest stamp in the records (site → stamp).

    `progress` is called with how many records were checked so far.
    """
    latest: dict[str, int] = {}
    done = 0
    for table, items in work:
        for start in range(0, len(items), BATCH):
            chunk = items[start : start + BATCH]
            message = chunk_problem((table, chunk), source, latest)
            if message is not None:
                raise BundleError(message)
            done += len(chunk)
            if progress is not None:
                progress(done)
    return latest


def _check_shapes(table: str, key: str, chunk: Items, source: str, latest: dict[str, int]) -> None:
    """Every record's id and bookkeeping (`check_record`), noting its stamps in `latest`."""
    for item in chunk:
        doc_id, doc = item[0], item[1]
        if plain(doc_id, doc, key):
            site, hlc = doc[STAMPS][CREATED]
            if hlc > latest.get(site, 0):
                latest[site] = hlc
        else:
            check_record(table, doc_id, doc, f"{source}: {table} {word(doc_id)}")
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
            where = f"{source}: {table} {word(item[0])}"
            check_record(table, item[0], item[1], where)
            check_fields(table, item[1], where)
    except BundleError as error:
        return str(error)
    return None


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

"""Reading a bundle file that may be broken or hostile.

Nothing from a bundle reaches the store before all of it passed here: size,
encoding, JSON, envelope and signature, format and version, every record's
bookkeeping and its model. Each problem becomes one `BundleError` line naming
the file, the record and the field.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from pydantic import BaseModel, ValidationError

from taskboard.i18n import _
from taskboard.model.errors import describe_validation_error
from taskboard.model.text import ECHO_LIMIT
from taskboard.store.records import (
    BOOKKEEPING,
    COUNTERS,
    CREATED,
    DELETE_CONTEXT,
    DELETED,
    EXTRA_DOTS,
    HIDDEN,
    SIBLINGS,
    STAMPS,
    VECTOR,
    spec_for,
)
from taskboard.store.storage import gc_paused
from taskboard.store.store import KEY_FIELD, MODELS
from taskboard.sync.bundle import FORMAT, Bundle, upgrade
from taskboard.sync.errors import (
    BundleError,
    SignatureError,
    one_line,
    shown,
    word,
)
from taskboard.sync.signing import check_signature, is_envelope, open_envelope, require_signature

MAX_BUNDLE_BYTES = 1024 * 1024 * 1024
"""Larger files are refused before reading: two districts' bundles are well under this."""
MAX_ID = 64
MAX_PATH = 200
MAX_SITE = 32
MAX_HLC = 2**63 - 1
MAX_DEPTH = 12
"""Deepest nesting a field value may have (a history entry's changes are the deepest)."""
ULID_TABLES = (
    "tasks",
    "volunteers",
    "assignments",
    "hours",
    "suggestions",
    "history",
    "campaigns",
    "visits",
    "series",
)
"""Tables whose ids come from one space: an id in two of them is a forged record."""


def read_bundle(path: Path, roster: dict[str, str], *, follow_links: bool = True) -> Bundle:
    """Read and check the bundle file at `path` (signatures against `roster`).

    Only a regular file is read, and never more than the size limit allows.
    `follow_links=False` refuses a symbolic link too: in a shared folder it
    may point anywhere.
    """
    payload = read_regular_file(path, follow_links=follow_links)
    return parse_bundle(payload, path.name, roster)


def read_regular_file(path: Path, *, follow_links: bool = True) -> bytes:
    """The bytes of the regular file at `path`, refusing anything else before reading.

    Opened without blocking (a named pipe cannot hold it up) and checked on the
    open descriptor, so what is read is what was checked; the size limit holds
    while reading, whatever the file's size said (a file still growing).
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise BundleError(_("{file}: no such file").format(file=path)) from None
    except IsADirectoryError:
        raise BundleError(_("{file} is a folder, not a bundle").format(file=path)) from None
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_links:
            raise BundleError(symlink_message(path.name)) from None
        raise BundleError(_cannot_read(path, error)) from None
    with os.fdopen(fd, "rb", buffering=0) as handle:
        info = os.fstat(handle.fileno())
        kind = not_regular(info.st_mode)
        if kind is not None:
            raise BundleError(not_regular_message(path.name, kind))
        if info.st_size > MAX_BUNDLE_BYTES:
            raise BundleError(_too_big(path.name, info.st_size))
        try:
            return _read_capped(handle, info.st_size, path.name)
        except OSError as error:
            raise BundleError(_cannot_read(path, error)) from None


READ_CHUNK = 64 * 1024 * 1024


def _read_capped(handle: BinaryIO, expected: int, source: str) -> bytes:
    """Everything `handle` holds, refusing it once more than MAX_BUNDLE_BYTES were read."""
    parts: list[bytes] = []
    total = 0
    want = min(expected, MAX_BUNDLE_BYTES) + 1  # one read for a file that stays as it was
    while True:
        chunk = handle.read(want)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        if total > MAX_BUNDLE_BYTES:
            raise BundleError(_too_big(source, total))
        want = min(READ_CHUNK, MAX_BUNDLE_BYTES + 1 - total)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def not_regular(mode: int) -> str | None:
    """What a file is when it is not a regular file (`a folder`, `a named pipe`, …); else None."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in (
        (stat.S_ISDIR, _("a folder")),
        (stat.S_ISLNK, _("a symbolic link")),
        (stat.S_ISFIFO, _("a named pipe")),
        (stat.S_ISCHR, _("a device")),
        (stat.S_ISBLK, _("a device")),
        (stat.S_ISSOCK, _("a socket")),
    ):
        if test(mode):
            return kind
    return _("not a regular file")


def not_regular_message(source: str, kind: str) -> str:
    """Why a file that is not a regular file is not read."""
    return _("{file} is {kind}, not a bundle file; it was not read").format(file=source, kind=kind)


def symlink_message(source: str) -> str:
    """Why a symbolic link in a shared folder is not read."""
    return _("{file} is a symbolic link; only regular files in the folder are read").format(
        file=source
    )


def _cannot_read(path: Path, error: OSError) -> str:
    return _("{file}: cannot read it ({error})").format(file=path, error=error.strerror or error)


def _too_big(source: str, size: int) -> str:
    return _("{file} is too large for a bundle ({size} MB, at most {limit} MB)").format(
        file=source, size=size // 2**20, limit=MAX_BUNDLE_BYTES // 2**20
    )


BOM = b"\xef\xbb\xbf"
"""The UTF-8 byte-order mark some Windows editors put first; it is not part of the JSON."""


def load_json(payload: bytes, source: str) -> Any:
    """Parse JSON (a leading UTF-8 byte-order mark is skipped); broken text gets a plain reason."""
    if len(payload) > MAX_BUNDLE_BYTES:
        raise BundleError(_too_big(source, len(payload)))
    if payload.startswith(BOM):
        payload = payload[len(BOM) :]
    try:
        return orjson.loads(payload)
    except orjson.JSONDecodeError as error:
        reason = str(error)
        if "utf-8" in reason.lower() or "surrogate" in reason.lower():
            raise BundleError(
                _("{file} is not UTF-8 text; it is not a bundle").format(file=source)
            ) from None
        if "recursion" in reason.lower() or "depth" in reason.lower():
            raise BundleError(_("{file} is nested too deeply").format(file=source)) from None
        raise BundleError(
            _("{file} is not valid JSON (incomplete or damaged?): {reason}").format(
                file=source, reason=one_line(reason, ECHO_LIMIT)
            )
        ) from None


def parse_bundle(payload: bytes, source: str, roster: dict[str, str]) -> Bundle:
    """Check a bundle's bytes; with a non-empty `roster`, a trusted signature is required."""
    with gc_paused():
        return _parse(payload, source, roster)


def _parse(payload: bytes, source: str, roster: dict[str, str]) -> Bundle:
    raw = load_json(payload, source)
    signer = None
    if is_envelope(raw):
        inner, signatures = open_envelope(raw, source)
        if roster:
            signer = check_signature(inner, signatures, roster, source)
        raw = load_json(inner, source)
    elif roster:
        raise require_signature(source)
    bundle = _header(raw, source)
    if signer is not None and signer != bundle.site:
        raise SignatureError(
            _("{file} is signed by {signer} but says it comes from {site}").format(
                file=source, signer=word(signer), site=word(bundle.site)
            )
        )
    bundle.signer = signer
    return bundle


def _header(raw: Any, source: str) -> Bundle:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BundleError(_("{file} is not a taskboard bundle").format(file=source))
    raw = upgrade(raw, source)
    site, exported, hlc = raw.get("site"), raw.get("exported"), raw.get("hlc")
    if not _is_site(site):
        raise BundleError(_("{file}: the exporting site is missing").format(file=source))
    if not isinstance(exported, str) or not _is_hlc(hlc):
        raise BundleError(_("{file}: export time or clock is missing").format(file=source))
    covers = _vector(raw.get("covers"), f"{source}: covers")
    base = None if raw.get("base") is None else _vector(raw.get("base"), f"{source}: base")
    redacted = raw.get("redacted", False)
    if not isinstance(redacted, bool):
        raise BundleError(_("{file}: redacted must be true or false").format(file=source))
    records = check_records(raw.get("records"), source)
    return Bundle(site, exported, hlc, covers, base, redacted, records, source=source)


def check_records(records: Any, source: str) -> dict[str, dict[str, dict[str, Any]]]:
    """The records by table: unknown tables, and ids in two tables, are refused.

    Each record's own shape and fields are checked by the merge (`batch`), on
    the records that are new or differ from the copy held here.
    """
    if not isinstance(records, dict):
        raise BundleError(_("{file}: records are missing").format(file=source))
    for table, docs in records.items():
        if table not in MODELS:
            raise BundleError(
                _("{file}: unknown record type {table}").format(file=source, table=shown(table))
            )
        if not isinstance(docs, dict):
            raise BundleError(
                _("{file}: {table} must be an object of records by id").format(
                    file=source, table=table
                )
            )
    if _shares_ids(records):
        owners: dict[str, str] = {}
        for table in ULID_TABLES:
            for doc_id in records.get(table) or {}:
                other = owners.setdefault(doc_id, table)
                if other != table:
                    raise BundleError(id_collision(f"{source}: {table} {word(doc_id)}", other))
    return {table: records.get(table) or {} for table in MODELS if table in records}


def note_stamps(doc: dict[str, Any], latest: dict[str, int]) -> None:
    """Raise `latest` (site → latest stamp) to the stamps of a checked record."""
    vector = doc.get(VECTOR) or dict([doc[STAMPS][CREATED]])
    for site, hlc in vector.items():
        if hlc > latest.get(site, 0):
            latest[site] = hlc


def _shares_ids(records: dict[Any, Any]) -> bool:
    """True when an id may be in two tables that share one id space (look record by record)."""
    tables = [records[t] for t in ULID_TABLES if t in records]
    if not all(isinstance(docs, dict) for docs in tables):
        return True
    seen: set[Any] = set()
    for docs in tables:
        if not seen.isdisjoint(docs):
            return True
        seen.update(docs)
    return False


def id_collision(where: str, other: str) -> str:
    """The message for a record whose id belongs to another kind of record."""
    return _("{where}: the id is already used by a record of {other}").format(
        where=where, other=other
    )


def check_record(table: str, doc_id: Any, doc: Any, where: str) -> None:
    """One record's shape: its id and its bookkeeping (fields: see `check_fields`)."""
    if not isinstance(doc_id, str) or not 0 < len(doc_id) <= MAX_ID or "." in doc_id:
        raise BundleError(_("{where}: not a valid id").format(where=where))
    if not isinstance(doc, dict):
        raise BundleError(_("{where}: a record must be an object").format(where=where))
    _check_bookkeeping(doc, where)
    if doc.get(KEY_FIELD.get(table, "id")) != doc_id:
        raise BundleError(_("{where}: the record's id does not match its key").format(where=where))


def plain(doc_id: Any, doc: Any, key: str) -> bool:
    """True for a well-formed record whose only bookkeeping is its creation stamp.

    The same checks as `check_record` for the common case, without calls; False
    means "check it the long way", not "broken". (A stray `_` key that is not
    bookkeeping is left to the field check: it is not a field of the model.)
    """
    if type(doc_id) is not str or type(doc) is not dict or not 0 < len(doc_id) <= MAX_ID:
        return False
    stamps = doc.get(STAMPS)
    if type(stamps) is not dict or len(stamps) != 1:
        return False
    created = stamps.get(CREATED)
    if type(created) is not list or len(created) != 2:
        return False
    site, hlc = created
    return (
        type(site) is str
        and 0 < len(site) <= MAX_SITE
        and type(hlc) is int
        and 0 <= hlc <= MAX_HLC
        and "." not in doc_id
        and doc.get(key) == doc_id
        and MORE_BOOKKEEPING.isdisjoint(doc)
    )


def check_fields(table: str, doc: dict[str, Any], where: str) -> None:
    """One record's fields against its model, exactly as taskboard writes them.

    Run by the merge (in chunks, see `batch.check_chunks`) on every record that is
    new or differs from the local copy, before anything is written: a record
    equal to the local one was checked when it first arrived.
    """
    fields = dict(doc)
    for key in BOOKKEEPING.intersection(fields):
        del fields[key]
    if fields.pop(DELETED, False) not in (True, False):
        raise BundleError(_("{where}: deleted: must be true or false").format(where=where))
    model = _validated(MODELS[table], fields, where)
    _check_canonical(model, fields, where)
    for name, key in spec_for(table).keyed.items():
        for item in fields.get(name) or []:
            if "." in str(item.get(key, "")):
                raise BundleError(
                    _("{where}: {name}: not a valid item id").format(where=where, name=name)
                )


def _validated(model: type[BaseModel], fields: dict[str, Any], where: str) -> BaseModel:
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        raise BundleError(f"{where}: {describe_validation_error(error)}") from None


def _check_canonical(model: BaseModel, fields: dict[str, Any], where: str) -> None:
    """Fields must be stored exactly as the model writes them, so every site compares alike."""
    dumped = model.model_dump(mode="json")
    if dumped == fields:
        return
    for name in sorted(dumped.keys() | fields.keys()):
        if dumped.get(name) != fields.get(name):
            raise BundleError(
                _("{where}: {field}: not in the form taskboard writes it").format(
                    where=where, field=name
                )
            )


# Bookkeeping -------------------------------------------------------------------------------
def _fail(where: str, key: str) -> BundleError:
    return BundleError(_("{where}: {key}: damaged merge bookkeeping").format(where=where, key=key))


def _is_site(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_SITE


def _is_hlc(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_HLC


def _is_path(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_PATH


def _is_dot(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and _is_site(value[0]) and _is_hlc(value[1])


def _vector(value: Any, where: str) -> dict[str, int]:
    if not isinstance(value, dict) or not all(_is_site(k) and _is_hlc(v) for k, v in value.items()):
        raise BundleError(_("{where}: not a version vector").format(where=where))
    return value


def _depth(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when `value` nests no deeper than `limit`."""
    if limit < 0:
        return False
    if isinstance(value, dict):
        return all(_depth(v, limit - 1) for v in value.values())
    if isinstance(value, list):
        return all(_depth(v, limit - 1) for v in value)
    return True


MORE_BOOKKEEPING = BOOKKEEPING - {STAMPS}
"""Bookkeeping a record has once it was changed after its creation."""


def _check_bookkeeping(doc: dict[str, Any], where: str) -> None:
    for key in doc:
        if key.startswith("_") and key not in BOOKKEEPING:
            raise _fail(where, key)
    stamps = doc.get(STAMPS)
    if not isinstance(stamps, dict) or CREATED not in stamps:
        raise _fail(where, STAMPS)
    if not all(_is_path(p) and _is_dot(d) for p, d in stamps.items()):
        raise _fail(where, STAMPS)
    if VECTOR in doc:
        _vector(doc[VECTOR], f"{where}: {VECTOR}")
    _check_siblings(doc.get(SIBLINGS, {}), where)
    _check_counters(doc.get(COUNTERS, {}), where)
    extra = doc.get(EXTRA_DOTS, {})
    if not isinstance(extra, dict) or not all(
        _is_path(p) and isinstance(dots, list) and all(_is_dot(d) for d in dots)
        for p, dots in extra.items()
    ):
        raise _fail(where, EXTRA_DOTS)
    hidden = doc.get(HIDDEN, [])
    if not isinstance(hidden, list) or not all(_is_path(p) for p in hidden):
        raise _fail(where, HIDDEN)
    _check_contexts(doc.get(DELETE_CONTEXT, []), where)


def _check_siblings(siblings: Any, where: str) -> None:
    if not isinstance(siblings, dict):
        raise _fail(where, SIBLINGS)
    for path, values in siblings.items():
        if not _is_path(path) or not isinstance(values, list):
            raise _fail(where, SIBLINGS)
        for value in values:
            ok = (
                isinstance(value, list)
                and len(value) in (3, 4)
                and _is_site(value[1])
                and _is_hlc(value[2])
                and (len(value) == 3 or value[3] in (0, 1, 2, 3))
                and _depth(value[0])
            )
            if not ok:
                raise _fail(where, f"{SIBLINGS}.{path}")


def _check_counters(counters: Any, where: str) -> None:
    if not isinstance(counters, dict):
        raise _fail(where, COUNTERS)
    for path, per_site in counters.items():
        if not _is_path(path) or not isinstance(per_site, dict):
            raise _fail(where, COUNTERS)
        for site, pair in per_site.items():
            if not (
                _is_site(site)
                and isinstance(pair, list)
                and len(pair) == 2
                and all(_is_hlc(n) for n in pair)
            ):
                raise _fail(where, f"{COUNTERS}.{path}")


def _check_contexts(contexts: Any, where: str) -> None:
    if not isinstance(contexts, list):
        raise _fail(where, DELETE_CONTEXT)
    for context in contexts:
        if not (
            isinstance(context, list)
            and len(context) == 3
            and _is_site(context[0])
            and _is_hlc(context[1])
        ):
            raise _fail(where, DELETE_CONTEXT)
        _vector(context[2], f"{where}: {DELETE_CONTEXT}")

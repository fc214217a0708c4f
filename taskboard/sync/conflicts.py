"""Open conflicts: listing them with who, where and when, and resolving them.

A conflict is derived from the record itself: a path holding more than one
distinct value (`_mv`), or a removal that missed an edit made elsewhere. So
every site that merged the same bundles lists the same conflicts. Resolving is
an edit with a new dot that replaces every value the resolver saw; once the
other sites merge it, the conflict is gone there too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

import orjson
from pydantic import ValidationError

from taskboard.i18n import _
from taskboard.model import HistoryEntry
from taskboard.model.errors import describe_validation_error
from taskboard.store import InvalidRecord, NotFound, Store
from taskboard.store.clock import hlc_datetime
from taskboard.store.records import (
    COUNTERS,
    DELETE_CONTEXT,
    DELETED,
    SIBLINGS,
    public,
    spec_for,
    stamp_created,
)
from taskboard.store.store import MODELS
from taskboard.sync.bundle import SYNCED_TABLES
from taskboard.sync.registers import (
    ABSENT,
    Entry,
    RecordState,
    assemble,
    edits_unseen_by_removal,
    merge_vectors,
    same_value,
)

WHO_WINDOW_MS = 10_000
"""A history entry written this soon after an edit's stamp, at its site, names its author."""


@dataclass(frozen=True)
class Value:
    """One of the values in conflict."""

    value: Any
    site: str
    hlc: int
    absent: bool = False
    """The value is "not there": removed, or (for `deleted`) the record kept."""
    hidden: bool = False
    """Withheld by a redacted export: only a stand-in is known here."""
    who: str = ""

    @property
    def at(self) -> dt.datetime:
        """When it was written (the stamp's wall-clock part)."""
        return hlc_datetime(self.hlc)

    def as_json(self) -> dict[str, Any]:
        """For `conflicts --json`."""
        return {
            "value": None if self.absent else self.value,
            "absent": self.absent,
            "hidden": self.hidden,
            "site": self.site,
            "who": self.who,
            "at": self.at.isoformat(timespec="seconds"),
        }


@dataclass(frozen=True)
class Conflict:
    """One path of one record with concurrent values."""

    id: str
    table: str
    record: str
    ref: str
    path: str
    shown: Value
    others: list[Value] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """For `conflicts --json`."""
        return {
            "id": self.id,
            "table": self.table,
            "record": self.record,
            "ref": self.ref,
            "field": self.path,
            "shown": self.shown.as_json(),
            "others": [other.as_json() for other in self.others],
        }


def conflict_id(table: str, record: str, path: str) -> str:
    """A short id that is the same at every site (a digest of table, record and path)."""
    return hashlib.blake2b(f"{table}|{record}|{path}".encode(), digest_size=4).hexdigest()


def list_conflicts(store: Store) -> list[Conflict]:
    """Every open conflict, by record type, reference, record id and field.

    The order depends only on the conflicts, never on the order records were
    stored in, so every site that merged the same bundles lists them alike.
    """
    found: list[Conflict] = []
    for table in SYNCED_TABLES:
        for doc_id, doc in store.docs(table).items():
            if doc.get(SIBLINGS) or doc.get(DELETE_CONTEXT):
                found += record_conflicts(table, doc_id, doc)
    position = {table: index for index, table in enumerate(SYNCED_TABLES)}
    found.sort(key=lambda c: (position[c.table], c.ref, c.record, c.path))
    _name_authors(store, found)
    return found


def record_conflicts(table: str, doc_id: str, doc: dict[str, Any]) -> list[Conflict]:
    """The open conflicts of one record."""
    state = RecordState(doc, spec_for(table))
    ref = str(doc.get("ref") or doc.get("title") or doc.get("name") or doc_id)
    found = []
    for path in sorted(doc.get(SIBLINGS) or {}):
        entries = sorted(state.entries(path), key=lambda e: (e[0], e[1]), reverse=True)
        shown, *rest = [_value(e) for e in entries]
        others = [
            v for e, v in zip(entries[1:], rest, strict=True) if not same_value(e, entries[0])
        ]
        found.append(
            Conflict(conflict_id(table, doc_id, path), table, doc_id, ref, path, shown, others)
        )
    removal = _removal_conflict(table, doc_id, doc, ref, state)
    if removal is not None:
        found.append(removal)
    return found


def _removal_conflict(
    table: str, doc_id: str, doc: dict[str, Any], ref: str, state: RecordState
) -> Conflict | None:
    if DELETED in (doc.get(SIBLINGS) or {}):
        return None
    unseen = edits_unseen_by_removal(doc)
    if not unseen:
        return None
    removal = max(state.entries(DELETED), key=lambda e: (e[0], e[1]))
    edits = [Value(None, site, hlc, absent=True) for site, hlc in unseen]
    return Conflict(
        conflict_id(table, doc_id, DELETED), table, doc_id, ref, DELETED, _value(removal), edits
    )


def _value(entry: Entry) -> Value:
    hlc, site, value, hidden = entry
    absent = value is ABSENT
    return Value(None if absent else value, site, hlc, absent=absent, hidden=hidden)


def _name_authors(store: Store, conflicts: list[Conflict]) -> None:
    """Fill in who wrote each value, from the history entry logged with the edit."""
    wanted = {c.record for c in conflicts}
    if not wanted:
        return
    logged: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for entry in store.docs("history").values():
        if entry.get("record") in wanted:
            site, hlc = entry["_s"][""]
            logged.setdefault((entry["record"], site), []).append((hlc, entry.get("who", "")))
    for conflict in conflicts:
        for value in [conflict.shown, *conflict.others]:
            object.__setattr__(value, "who", _author(logged, conflict.record, value))


def _author(logged: dict[tuple[str, str], list[tuple[int, str]]], record: str, value: Value) -> str:
    limit = value.hlc + (WHO_WINDOW_MS << 16)
    later = [
        entry for entry in logged.get((record, value.site), []) if value.hlc < entry[0] <= limit
    ]
    return min(later)[1] if later else ""


def find_conflict(store: Store, wanted: str) -> Conflict:
    """The open conflict with id `wanted`."""
    for conflict in list_conflicts(store):
        if conflict.id == wanted.strip().lower():
            return conflict
    raise NotFound(_("no open conflict {id!r} (see `taskboard conflicts`)").format(id=wanted))


def chosen_value(conflict: Conflict, *, keep: bool, take_other: bool, typed: str | None) -> Any:
    """The value a resolution writes: the shown one, the newest other one, or a typed one."""
    if keep or take_other:
        chosen = conflict.shown if keep else conflict.others[0]
        if chosen.hidden:
            raise InvalidRecord(
                _("{ref}: that value was withheld from this site; resolve it at {site}").format(
                    ref=conflict.ref, site=chosen.site
                )
            )
        return ABSENT if chosen.absent else chosen.value
    if typed is None:
        raise InvalidRecord(_("say how to resolve: --keep, --take-other or --value V"))
    return parse_typed(conflict, typed)


def parse_typed(conflict: Conflict, typed: str) -> Any:
    """A typed value: text where the field holds text, else JSON (`true`, `3`, `null`)."""
    values = [conflict.shown, *conflict.others]
    if conflict.path == DELETED:
        return True if typed.strip().lower() in ("true", "yes", "1") else ABSENT
    if any(isinstance(v.value, str) for v in values):
        return typed
    try:
        return orjson.loads(typed)
    except orjson.JSONDecodeError:
        return typed


def resolve(
    store: Store,
    wanted: str,
    *,
    keep: bool = False,
    take_other: bool = False,
    typed: str | None = None,
) -> Conflict:
    """Settle a conflict by writing the chosen value as a new edit; returns the conflict."""
    with store.transaction():
        conflict = find_conflict(store, wanted)
        value = chosen_value(conflict, keep=keep, take_other=take_other, typed=typed)
        doc = store.docs(conflict.table)[conflict.record]
        hlc = store.clock.tick()
        resolved = resolved_record(conflict.table, doc, conflict.path, value, store.site, hlc)
        _check_model(conflict, resolved)
        store.table(conflict.table).put_many({conflict.record: resolved})
        _log_resolution(store, conflict, value)
    return conflict


def resolved_record(
    table: str, doc: dict[str, Any], path: str, value: Any, site: str, hlc: int
) -> dict[str, Any]:
    """`doc` with `path` set to `value` at dot (site, hlc), replacing every value seen."""
    state = RecordState(doc, spec_for(table))
    registers = {p: state.entries(p) for p in state.mentioned()}
    registers[path] = [(hlc, site, value, False)]
    vector = merge_vectors(state.vector, {site: hlc})
    contexts = list(doc.get(DELETE_CONTEXT) or [])
    if path == DELETED:
        contexts = [[site, hlc, state.vector]] if value is True else []
    identity = {"id": doc["id"]} if "id" in doc else {}
    created = sorted(state.created, reverse=True)
    return assemble(table, identity, created, registers, vector, doc.get(COUNTERS) or {}, contexts)


def _check_model(conflict: Conflict, doc: dict[str, Any]) -> None:
    fields = public(doc)
    fields.pop(DELETED, None)
    try:
        MODELS[conflict.table].model_validate(fields)
    except ValidationError as error:
        raise InvalidRecord(
            _("{ref}: {problem}").format(ref=conflict.ref, problem=describe_validation_error(error))
        ) from None


def _log_resolution(store: Store, conflict: Conflict, value: Any) -> None:
    """A history entry, like any edit's, saying which value was kept."""
    old = None if conflict.shown.absent else conflict.shown.value
    entry = HistoryEntry(
        table=conflict.table,
        record=conflict.record,
        ref=conflict.ref,
        action="resolved",
        at=dt.datetime.now().replace(microsecond=0),
        site=store.site,
        who=store.who,
        changes={conflict.path: (old, None if value is ABSENT else value)},
    )
    doc = stamp_created(entry.model_dump(mode="json"), "history", store.site, store.clock.tick())
    store.table("history").put_many({entry.id: doc})

"""Merging two copies of one record, path by path: the state-based CRDT behind sync.

Every path of a record (see `taskboard.store.records`) is a multi-value
register: a set of values, each carrying the dot `(site, hlc)` of the edit that
wrote it. A stored record keeps the shown value with its dot in `_s`, further
dots of that same value in `_d`, and different concurrent values in `_mv`; a
path without a stamp holds its value at the record's creation dot(s).

Merging keeps a value when both copies hold it or when the other copy has not
seen its dot yet (its version vector does not cover it); a value the other copy
saw and no longer holds was overwritten there. That rule is commutative,
associative and idempotent, so every site that merged the same bundles holds
the same registers, and the shown value — the highest `(hlc, site)` — is the
same everywhere. More than one distinct value left is a conflict; an edit
replaces every value its editor saw, so resolving a conflict is just an edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import orjson
from pydantic import BaseModel

from taskboard.model import DAYS, PARTS, ChecklistItem, Household, Need, Round
from taskboard.store.records import (
    COUNTERS,
    CREATED,
    DELETE_CONTEXT,
    DELETED,
    EXTRA_DOTS,
    HIDDEN,
    SIBLINGS,
    STAMPS,
    VECTOR,
    TableSpec,
    paths,
    spec_for,
    version_vector,
)


class _Absent:
    """The value of a path a record does not have (a removed tag, a never-set key)."""

    def __repr__(self) -> str:
        return "<absent>"


ABSENT: Any = _Absent()
HIDDEN_FLAG = 1
"""Sibling flag: the value was withheld by a redacted export; a stand-in is kept."""
ABSENT_FLAG = 2
"""Sibling flag: the concurrent value is "not there" (removed)."""

Entry = tuple[int, str, Any, bool]
"""One value of a register: (hlc, site, value, hidden)."""
Dot = tuple[int, str]
"""(hlc, site): ordered so that the highest is the shown value."""
Vector = dict[str, int]
Counters = dict[str, dict[str, list[int]]]

ITEM_MODELS: dict[str, type[BaseModel]] = {
    "checklist": ChecklistItem,
    "needs": Need,
    "households": Household,
    "rounds": Round,
}
"""The model of each keyed list's items, for their required fields and defaults."""


def _slot_position(slot: str) -> tuple[int, int]:
    day, _, part = slot.partition(":")
    return (
        DAYS.index(day) if day in DAYS else len(DAYS),
        PARTS.index(part) if part in PARTS else len(PARTS),
    )


SET_ORDER: dict[str, Callable[[str], Any]] = {"availability": _slot_position}
"""Sets the model keeps in an order other than alphabetical."""


def covered(vector: Vector, site: str, hlc: int) -> bool:
    """True when a copy with `vector` has seen the edit `(site, hlc)`."""
    return vector.get(site, 0) >= hlc


def dominated(small: Vector, big: Vector) -> bool:
    """True when `big` has seen everything `small` has."""
    return all(big.get(site, 0) >= hlc for site, hlc in small.items())


def has_hidden(doc: dict[str, Any]) -> bool:
    """True when the record holds a stand-in for a value withheld by a redacted export."""
    if doc.get(HIDDEN):
        return True
    siblings = doc.get(SIBLINGS) or {}
    return any(len(s) > 3 and s[3] & HIDDEN_FLAG for values in siblings.values() for s in values)


# Reading a stored record as registers -------------------------------------------------
class RecordState:
    """A stored record seen as one register per path."""

    __slots__ = ("created", "extra", "flat", "hidden", "siblings", "stamps", "vector")

    def __init__(self, doc: dict[str, Any], spec: TableSpec) -> None:
        self.flat = paths(doc, spec)
        self.stamps: dict[str, list[Any]] = doc.get(STAMPS) or {}
        self.extra: dict[str, list[list[Any]]] = doc.get(EXTRA_DOTS) or {}
        self.siblings: dict[str, list[list[Any]]] = doc.get(SIBLINGS) or {}
        self.hidden = frozenset(doc.get(HIDDEN) or ())
        self.vector = version_vector(doc)
        first = self.stamps.get(CREATED)
        created = [(first[1], first[0])] if first else []
        self.created: list[Dot] = created + [(h, s) for s, h in self.extra.get(CREATED, ())]

    def mentioned(self) -> set[str]:
        """Paths this copy says anything about; every other path is absent since creation."""
        found = set(self.flat) | set(self.stamps) | set(self.siblings) | set(self.extra)
        found.discard(CREATED)
        return found

    def entries(self, path: str) -> list[Entry]:
        """Every value the register of `path` holds, with its dot."""
        value, hidden = self.flat.get(path, ABSENT), path in self.hidden
        stamp = self.stamps.get(path)
        if stamp is None:
            found = [(hlc, site, value, hidden) for hlc, site in self.created]
        else:
            found = [(stamp[1], stamp[0], value, hidden)]
            found += [(hlc, site, value, hidden) for site, hlc in self.extra.get(path, ())]
        found += [sibling_entry(s) for s in self.siblings.get(path, ())]
        return found


def sibling_entry(sibling: list[Any]) -> Entry:
    """A `_mv` item `[value, site, hlc(, flags)]` as an entry."""
    flags = sibling[3] if len(sibling) > 3 else 0
    value = ABSENT if flags & ABSENT_FLAG else sibling[0]
    return (sibling[2], sibling[1], value, bool(flags & HIDDEN_FLAG))


def sibling_json(entry: Entry) -> list[Any]:
    """An entry as a `_mv` item; flags only when needed, so plain conflicts stay plain."""
    hlc, site, value, hidden = entry
    flags = (HIDDEN_FLAG if hidden else 0) | (ABSENT_FLAG if value is ABSENT else 0)
    if flags:
        return [None if value is ABSENT else value, site, hlc, flags]
    return [value, site, hlc]


# Merging --------------------------------------------------------------------------------
def same_value(a: Entry, b: Entry) -> bool:
    """True when two entries show the same thing (withheld values count as one)."""
    if a[3] != b[3]:
        return False
    if a[2] is ABSENT or b[2] is ABSENT:
        return a[2] is b[2]
    return bool(a[2] == b[2]) and type(a[2]) is type(b[2])


def _sort_key(entry: Entry) -> bytes:
    return b"" if entry[2] is ABSENT else orjson.dumps(entry[2], option=orjson.OPT_SORT_KEYS)


def _one_dot(a: Entry, b: Entry) -> Entry:
    """Two copies of the same dot: the real value beats a withheld one."""
    if a[3] != b[3]:
        return b if a[3] else a
    if same_value(a, b):
        return a
    return max(a, b, key=_sort_key)  # only a broken file gets here; decide the same everywhere


def merge_register(a: list[Entry], a_seen: Vector, b: list[Entry], b_seen: Vector) -> list[Entry]:
    """Values kept: held by both, or not yet seen by the copy that lacks them."""
    by_dot_a = {(e[0], e[1]): e for e in a}
    by_dot_b = {(e[0], e[1]): e for e in b}
    kept: list[Entry] = []
    for dot, entry in by_dot_a.items():
        other = by_dot_b.get(dot)
        if other is not None:
            kept.append(_one_dot(entry, other))
        elif not covered(b_seen, dot[1], dot[0]):
            kept.append(entry)
    kept += [
        entry
        for dot, entry in by_dot_b.items()
        if dot not in by_dot_a and not covered(a_seen, dot[1], dot[0])
    ]
    if not kept:  # copies that contradict each other: keep the latest value, everywhere alike
        kept = [max([*a, *b], key=lambda e: (e[0], e[1]))]
    return kept


def merge_vectors(a: Vector, b: Vector) -> Vector:
    """Site → highest hlc seen by either copy."""
    merged = dict(a)
    for site, hlc in b.items():
        if hlc > merged.get(site, 0):
            merged[site] = hlc
    return merged


def merge_counters(a: Counters, b: Counters) -> Counters:
    """Each site's own increments and decrements only grow, so the larger one is newer."""
    merged = {path: {site: list(pair) for site, pair in per.items()} for path, per in a.items()}
    for path, per_site in b.items():
        target = merged.setdefault(path, {})
        for site, (inc, dec) in per_site.items():
            mine = target.get(site, [0, 0])
            target[site] = [max(mine[0], inc), max(mine[1], dec)]
    return merged


def merge_full(table: str, local: dict[str, Any], remote: dict[str, Any]) -> dict[str, Any]:
    """The join of two copies of one record (both must be copies of the same id)."""
    spec = spec_for(table)
    a, b = RecordState(local, spec), RecordState(remote, spec)
    registers = {
        path: merge_register(a.entries(path), a.vector, b.entries(path), b.vector)
        for path in a.mentioned() | b.mentioned()
    }
    created = sorted(set(a.created) | set(b.created), reverse=True)
    vector = merge_vectors(a.vector, b.vector)
    counters = merge_counters(local.get(COUNTERS) or {}, remote.get(COUNTERS) or {})
    contexts = _merge_contexts(local, remote, registers.get(DELETED, []))
    identity = {"id": local["id"]} if "id" in local else {}
    return assemble(table, identity, created, registers, vector, counters, contexts)


def _merge_contexts(
    local: dict[str, Any], remote: dict[str, Any], deleted: list[Entry]
) -> list[list[Any]]:
    """Removal contexts of the removals that are still part of the record's state."""
    alive = {(e[1], e[0]) for e in deleted if e[2] is True}
    found: dict[tuple[str, int], list[Any]] = {}
    for context in [*(local.get(DELETE_CONTEXT) or []), *(remote.get(DELETE_CONTEXT) or [])]:
        dot = (context[0], context[1])
        if dot in alive:
            vector = merge_vectors(found[dot][2], context[2]) if dot in found else context[2]
            found[dot] = [dot[0], dot[1], vector]
    return [found[dot] for dot in sorted(found)]


# Writing registers back as a stored record -----------------------------------------------
def assemble(
    table: str,
    identity: dict[str, Any],
    created: list[Dot],
    registers: dict[str, list[Entry]],
    vector: Vector,
    counters: Counters,
    contexts: list[list[Any]],
) -> dict[str, Any]:
    """The canonical stored form of a record's registers, with its shown values."""
    creation = set(created)
    flat: dict[str, Any] = {}
    stamps: dict[str, list[Any]] = {CREATED: [created[0][1], created[0][0]]}
    extra: dict[str, list[list[Any]]] = {}
    if len(created) > 1:
        extra[CREATED] = [[site, hlc] for hlc, site in created[1:]]
    siblings: dict[str, list[list[Any]]] = {}
    hidden: list[str] = []
    for path, entries in registers.items():
        entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
        shown = entries[0]
        same = [e for e in entries[1:] if same_value(e, shown)]
        others = [e for e in entries[1:] if not same_value(e, shown)]
        if shown[2] is not ABSENT:
            flat[path] = shown[2]
        if shown[3]:
            hidden.append(path)
        if not others and {(e[0], e[1]) for e in entries} == creation:
            continue
        stamps[path] = [shown[1], shown[0]]
        if same:
            extra[path] = [[e[1], e[0]] for e in same]
        if others:
            siblings[path] = [sibling_json(e) for e in others]
    doc = {**identity, **materialise(table, flat, counters)}
    doc[STAMPS] = stamps
    if len(created) > 1 or vector != {created[0][1]: created[0][0]}:
        doc[VECTOR] = vector
    for key, value in (
        (SIBLINGS, siblings),
        (COUNTERS, counters),
        (EXTRA_DOTS, extra),
        (HIDDEN, sorted(hidden)),
        (DELETE_CONTEXT, contexts),
    ):
        if value:
            doc[key] = value
    return doc


def materialise(table: str, flat: dict[str, Any], counters: Counters) -> dict[str, Any]:
    """The record's fields from its shown path values, as the model would write them."""
    spec = spec_for(table)
    fields: dict[str, Any] = {name: [] for name in [*spec.sets, *spec.keyed]}
    fields.update({name: {} for name in spec.maps})
    items: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in spec.keyed}
    for path, value in flat.items():
        name, _, rest = path.partition(".")
        if not rest:
            fields[name] = value
        elif name in spec.sets:
            if value:
                fields[name].append(rest)
        elif name in spec.maps:
            fields[name][rest] = value
        elif name in spec.keyed:
            key, _, sub = rest.partition(".")
            items[name].setdefault(key, {})[sub] = value
    for name in spec.sets:
        fields[name].sort(key=SET_ORDER.get(name))
    for name, found in items.items():
        fields[name] = _items(name, spec, found, counters)
    return fields


def _items(
    name: str, spec: TableSpec, found: dict[str, dict[str, Any]], counters: Counters
) -> list[dict[str, Any]]:
    """A keyed list's items in key order; an item lacking a required field is gone."""
    model = ITEM_MODELS.get(name)
    key_field = spec.keyed[name]
    required, defaults = _item_fields(model, key_field)
    counted = spec.counters.get(name, frozenset())
    result = []
    for key in sorted(found):
        fields = found[key]
        if any(field not in fields for field in required):
            continue
        item = {key_field: key, **defaults, **fields}
        for sub in counted:
            per_site = counters.get(f"{name}.{key}.{sub}", {})
            item[sub] = sum(inc - dec for inc, dec in per_site.values())
        result.append(item)
    return result


_ITEM_FIELDS: dict[tuple[type[BaseModel] | None, str], tuple[list[str], dict[str, Any]]] = {}


def _item_fields(model: type[BaseModel] | None, key_field: str) -> tuple[list[str], dict[str, Any]]:
    """Required fields and JSON defaults of an item model (cached)."""
    cached = _ITEM_FIELDS.get((model, key_field))
    if cached is not None:
        return cached
    required: list[str] = []
    defaults: dict[str, Any] = {}
    for field_name, info in model.model_fields.items() if model else ():
        if field_name == key_field:
            continue
        if info.is_required():
            required.append(field_name)
        elif info.default_factory is None:
            default = info.default
            defaults[field_name] = getattr(default, "value", default)
    _ITEM_FIELDS[(model, key_field)] = (required, defaults)
    return required, defaults


def normalise_order(table: str, doc: dict[str, Any]) -> dict[str, Any]:
    """The record with its keyed lists in key order, as a merge writes them.

    A site's own edits keep list items in the order they were typed; a merged
    copy keeps them by key. Sorting whenever a record passes through a merge
    keeps every site's copy identical.
    """
    spec = spec_for(table)
    if not spec.keyed:
        return doc
    changed: dict[str, Any] = {}
    for name, key_field in spec.keyed.items():
        items = doc.get(name)
        if isinstance(items, list) and len(items) > 1:
            keys = [item[key_field] for item in items]
            if keys != sorted(keys):
                changed[name] = sorted(items, key=lambda item: item[key_field])
    return {**doc, **changed} if changed else doc


# Conflicts derived from state -------------------------------------------------------------
def edits_unseen_by_removal(doc: dict[str, Any]) -> list[tuple[str, int]]:
    """Edits (site, hlc) made without knowing of the record's removal: a conflict.

    The removal remembers the version vector it was made with; a site whose
    latest edit of the record is newer than that vector edited a copy the
    remover had not seen.
    """
    contexts = doc.get(DELETE_CONTEXT) or []
    if not contexts or not doc.get(DELETED):
        return []
    state = RecordState(doc, spec_for("plain"))
    own = {(e[1], e[0]) for e in state.entries(DELETED)}
    vector = version_vector(doc)
    unseen: set[tuple[str, int]] = set()
    for _site, _hlc, context in contexts:
        unseen.update(
            (site, hlc)
            for site, hlc in vector.items()
            if hlc > context.get(site, 0) and (site, hlc) not in own
        )
    return sorted(unseen, key=lambda dot: (dot[1], dot[0]), reverse=True)


def conflict_paths(doc: dict[str, Any]) -> Iterable[str]:
    """Paths with an open conflict: concurrent values, or a removal that missed an edit."""
    yield from sorted(doc.get(SIBLINGS) or {})
    if DELETED not in (doc.get(SIBLINGS) or {}) and edits_unseen_by_removal(doc):
        yield DELETED

"""How a record is laid out on disk so that sites can merge it field by field.

A stored record is the model's JSON (`model_dump(mode="json")`) plus a few
bookkeeping keys, all starting with an underscore:

`_s`  — stamps: path → `[site, hlc]`, the "dot" of the value a path holds.
        The key `""` is the stamp of the record's creation and stands for
        every path that has not been changed since.
`_vv` — version vector: site → highest hlc of that site this record has seen.
        A value whose dot is covered by the other side's vector but missing
        there was overwritten; one that is not covered is news. Left out
        while the record is unchanged since creation (it is then just the
        creation stamp), which keeps a district's file a fifth smaller.
`_mv` — concurrent values kept beside the shown one: path → `[[value, site, hlc], …]`.
        Present only while a conflict is open; an edit of the path clears it.
`_n`  — counters: path → {site: [increments, decrements]}, so that counts
        merge by adding what each site did instead of overwriting.
`_d`  — further dots of the shown value: path → `[[site, hlc], …]` (`""`: further
        creation dots, when two sites made the same record, e.g. an assignment).
`_r`  — paths whose shown value was withheld by a redacted export (a stand-in is shown).
`_dc` — for a removal: `[[site, hlc, version vector before it]]`, so that sync can tell
        a removal from an edit made without knowing of it (a conflict).
The last three are written by sync; a local edit carries them over.

A "path" names the smallest thing that can change on its own: a plain field
(`title`), one element of a set (`tags.焊接`), one key of a map
(`skills.welding`), or one field of one item of a keyed list
(`checklist.<item id>.state`). Edits of different paths never conflict.
A delete is the path `deleted` turning true, so a delete concurrent with an
edit is a conflict like any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

STAMPS = "_s"
VECTOR = "_vv"
SIBLINGS = "_mv"
COUNTERS = "_n"
EXTRA_DOTS = "_d"
HIDDEN = "_r"
DELETE_CONTEXT = "_dc"
BOOKKEEPING = frozenset({STAMPS, VECTOR, SIBLINGS, COUNTERS, EXTRA_DOTS, HIDDEN, DELETE_CONTEXT})
DELETED = "deleted"
CREATED = ""


@dataclass(frozen=True)
class TableSpec:
    """Which fields of a table's records are sets, maps or keyed lists."""

    sets: frozenset[str] = frozenset()
    """Lists of strings whose elements are added and removed one by one."""
    maps: frozenset[str] = frozenset()
    """Dicts whose keys change independently (skill → level)."""
    keyed: dict[str, str] = field(default_factory=dict)
    """Lists of objects identified by one of their fields (checklist items by id)."""
    counters: dict[str, frozenset[str]] = field(default_factory=dict)
    """Fields of keyed-list items that count attempts and merge by adding."""


SPECS: dict[str, TableSpec] = {
    "tasks": TableSpec(
        sets=frozenset({"tags"}),
        keyed={"checklist": "id", "needs": "skill"},
        counters={"checklist": frozenset({"attempts"})},
    ),
    "volunteers": TableSpec(
        sets=frozenset({"groups", "availability", "links"}),
        maps=frozenset({"skills", "certs"}),
    ),
    "suggestions": TableSpec(sets=frozenset({"tasks"})),
    "sites": TableSpec(sets=frozenset({"funds"})),
    "series": TableSpec(sets=frozenset({"crew"})),
    "campaigns": TableSpec(keyed={"households": "id", "rounds": "task"}),
}
PLAIN = TableSpec()


def spec_for(table: str) -> TableSpec:
    """The layout of `table`; tables not listed hold plain fields only."""
    return SPECS.get(table, PLAIN)


def public(doc: dict[str, Any]) -> dict[str, Any]:
    """The record without bookkeeping keys: what the model and `--json` see."""
    return {key: value for key, value in doc.items() if key not in BOOKKEEPING}


def paths(doc: dict[str, Any], spec: TableSpec) -> dict[str, Any]:
    """Every path of the record with its value (counters excluded)."""
    flat: dict[str, Any] = {}
    for name, value in doc.items():
        if name in BOOKKEEPING or name == "id":
            continue
        flat.update(_field_paths(name, value, spec))
    return flat


def _field_paths(name: str, value: Any, spec: TableSpec) -> Iterator[tuple[str, Any]]:
    if name in spec.sets and isinstance(value, list):
        for element in value:
            yield f"{name}.{element}", True
    elif name in spec.maps and isinstance(value, dict):
        for key, item in value.items():
            yield f"{name}.{key}", item
    elif name in spec.keyed and isinstance(value, list):
        key_field = spec.keyed[name]
        skip = spec.counters.get(name, frozenset()) | {key_field}
        for item in value:
            for sub, sub_value in item.items():
                if sub not in skip:
                    yield f"{name}.{item[key_field]}.{sub}", sub_value
    else:
        yield name, value


def counter_values(doc: dict[str, Any], spec: TableSpec) -> dict[str, int]:
    """Every counter path of the record with its current total."""
    totals: dict[str, int] = {}
    for name, counted in spec.counters.items():
        key_field = spec.keyed[name]
        for item in doc.get(name) or []:
            for sub in counted:
                totals[f"{name}.{item[key_field]}.{sub}"] = int(item.get(sub, 0))
    return totals


def stamp_created(doc: dict[str, Any], table: str, site: str, hlc: int) -> dict[str, Any]:
    """Bookkeeping for a record created now at `site`."""
    stamped = public(doc)
    stamped[STAMPS] = {CREATED: [site, hlc]}
    counts = {
        path: {site: [total, 0]}
        for path, total in counter_values(doc, spec_for(table)).items()
        if total
    }
    if counts:
        stamped[COUNTERS] = counts
    return stamped


def stamp_edited(
    old: dict[str, Any], new: dict[str, Any], table: str, site: str, hlc: int
) -> tuple[dict[str, Any], set[str]]:
    """Bookkeeping for changing `old` into `new` at `site`; also returns the changed paths.

    Every changed path gets the new dot, replacing any concurrent values the
    editor saw: an edit of a conflicting field is what resolves the conflict.
    """
    spec = spec_for(table)
    before, after = paths(old, spec), paths(new, spec)
    changed = {
        p for p in before.keys() | after.keys() if before.get(p, _GONE) != after.get(p, _GONE)
    }
    counts = _counted(old, new, spec, site)
    stamped = public(new)
    stamps = dict(old.get(STAMPS) or {})
    siblings = dict(old.get(SIBLINGS) or {})
    for path in changed:
        stamps[path] = [site, hlc]
        siblings.pop(path, None)
    stamped[STAMPS] = stamps
    stamped[VECTOR] = {**version_vector(old), site: hlc}
    if siblings:
        stamped[SIBLINGS] = siblings
    if counts:
        stamped[COUNTERS] = counts
    _carry_sync_keys(old, stamped, changed, site, hlc)
    return stamped, changed | set(_changed_counters(old, new, spec))


def _carry_sync_keys(
    old: dict[str, Any], stamped: dict[str, Any], changed: set[str], site: str, hlc: int
) -> None:
    """Keep what sync recorded about paths this edit did not touch.

    A removal remembers the vector it was made with: an edit another site made
    without having seen it is then a conflict, not a silent loss.
    """
    extra = {p: dots for p, dots in (old.get(EXTRA_DOTS) or {}).items() if p not in changed}
    hidden = [p for p in old.get(HIDDEN) or [] if p not in changed]
    if extra:
        stamped[EXTRA_DOTS] = extra
    if hidden:
        stamped[HIDDEN] = hidden
    if DELETED not in changed:
        if old.get(DELETE_CONTEXT):
            stamped[DELETE_CONTEXT] = old[DELETE_CONTEXT]
    elif stamped.get(DELETED):
        stamped[DELETE_CONTEXT] = [[site, hlc, version_vector(old)]]


def _counted(
    old: dict[str, Any], new: dict[str, Any], spec: TableSpec, site: str
) -> dict[str, dict[str, list[int]]]:
    counts = {path: dict(per_site) for path, per_site in (old.get(COUNTERS) or {}).items()}
    before, after = counter_values(old, spec), counter_values(new, spec)
    for path, total in after.items():
        delta = total - before.get(path, 0)
        if delta:
            inc, dec = counts.setdefault(path, {}).get(site, [0, 0])
            counts[path][site] = [inc + max(delta, 0), dec + max(-delta, 0)]
    return counts


def _changed_counters(old: dict[str, Any], new: dict[str, Any], spec: TableSpec) -> list[str]:
    before, after = counter_values(old, spec), counter_values(new, spec)
    return [path for path in after if after[path] != before.get(path, 0)]


def version_vector(doc: dict[str, Any]) -> dict[str, int]:
    """Site → highest hlc this record has seen (derived from the creation stamp if unchanged)."""
    vector = doc.get(VECTOR)
    if vector:
        return dict(vector)
    created = (doc.get(STAMPS) or {}).get(CREATED)
    return {created[0]: created[1]} if created else {}


def open_conflicts(doc: dict[str, Any]) -> dict[str, list[Any]]:
    """Paths that hold more than one concurrent value, with those values."""
    return dict(doc.get(SIBLINGS) or {})


class _Gone:
    """Marks a path that a record does not have."""

    def __repr__(self) -> str:
        return "<gone>"


_GONE = _Gone()

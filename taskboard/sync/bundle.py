"""The bundle file: one JSON document carrying a site's records between sites.

```
{"format": "taskboard-bundle", "version": 1,
 "site": "funing", "exported": "2026-11-25T10:00:00+08:00", "hlc": 117…,
 "covers": {"funing": 117…, "xingye": 117…},   # everything up to these stamps is held
 "base": null | {…},                            # since-last: what the receiver held
 "redacted": false,
 "records": {"tasks": {"<id>": {…record with _s, _vv, _mv, _n…}}, …}}
```

Signed bundles wrap those exact bytes in a DSSE envelope (see `signing`).
The layout is documented in docs/sync.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from taskboard.i18n import _
from taskboard.store import Store
from taskboard.store.records import version_vector
from taskboard.store.schema import fill_defaults
from taskboard.store.store import MODELS
from taskboard.sync.errors import BundleError, BundleTooNew, shown
from taskboard.sync.peers import acked_vector, known_vector, now_text
from taskboard.sync.redact import redact_record
from taskboard.sync.registers import Vector, dominated, has_hidden

FORMAT = "taskboard-bundle"
VERSION = 3
"""Raise with a step in MIGRATIONS whenever the layout changes."""
SYNCED_TABLES = tuple(MODELS)
"""Every table a bundle carries, in the order they are merged (sites and skills first)."""

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _fill_defaults(raw: dict[str, Any]) -> dict[str, Any]:
    """Records of an older bundle get the fields their models gained since, at their defaults."""
    if isinstance(raw.get("records"), dict):
        fill_defaults(raw["records"])
    return raw


MIGRATIONS: dict[int, Migration] = {1: _fill_defaults, 2: _fill_defaults}
"""Version N → the function that turns a version-N bundle into version N+1.

1 → 2: sites gained `coordinator` and `phone` (as data files did, schema 2).
2 → 3: sites gained `funds`, tasks attendance, costs, `fund`, `series` and `leader`,
volunteers `links` (schema 3)."""


@dataclass
class Bundle:
    """A parsed, checked bundle."""

    site: str
    """The exporting site."""
    exported: str
    hlc: int
    covers: Vector
    base: Vector | None
    redacted: bool
    records: dict[str, dict[str, dict[str, Any]]]
    source: str = ""
    """Where it came from (file name), for messages."""
    signer: str | None = None
    """The trusted site whose signature was checked, if any."""
    warnings: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when every value travelled in full (nothing withheld)."""
        return not self.redacted

    def count(self) -> int:
        """How many records the bundle carries."""
        return sum(len(docs) for docs in self.records.values())


@dataclass(frozen=True)
class ExportInfo:
    """What an export wrote, for the summary line."""

    site: str
    counts: dict[str, int]
    since: str | None
    full: bool
    redacted: bool
    exported: str = ""


def build_bundle(
    store: Store, *, since: str | None = None, redact: bool = False, base: Vector | None = None
) -> tuple[dict[str, Any], ExportInfo]:
    """The bundle of this site's state: all of it, or what `since` does not hold yet.

    With `since`, a record is left out only when the vector `since` last told
    us it holds covers the record's whole version vector; a site never heard
    from gets everything. `base` does the same for a vector known otherwise
    (what this site's earlier files in a shared folder hold).
    """
    acked = acked_vector(store, since) if since else base
    records: dict[str, dict[str, dict[str, Any]]] = {}
    withheld = False
    for table in SYNCED_TABLES:
        chosen: dict[str, dict[str, Any]] = {}
        for doc_id, doc in store.docs(table).items():
            if acked is not None and dominated(version_vector(doc), acked):
                continue
            out = redact_record(table, doc) if redact else doc
            withheld = withheld or (out is not doc) or has_hidden(doc)
            chosen[doc_id] = out
        records[table] = chosen
    bundle = {
        "format": FORMAT,
        "version": VERSION,
        "site": store.site,
        "exported": (exported := now_text()),
        "hlc": store.clock.last,
        "covers": known_vector(store),
        "base": acked,
        "redacted": withheld,
        "records": records,
    }
    counts = {table: len(docs) for table, docs in records.items()}
    info = ExportInfo(store.site, counts, since, acked is None, withheld, exported)
    return bundle, info


def encode_bundle(bundle: dict[str, Any]) -> bytes:
    """The bundle's bytes (orjson: the fastest writer measured here)."""
    return orjson.dumps(bundle)


def upgrade(raw: dict[str, Any], source: str) -> dict[str, Any]:
    """Bring an older bundle to VERSION; refuse a newer one with an upgrade hint.

    A version that is not a whole number, or an older one no step converts,
    is named as such: "no migration from version 0" would send the user
    looking for a taskboard that does not exist.
    """
    version = raw.get("version")
    if version is None:
        raise BundleError(_("{file}: the bundle version is missing").format(file=source))
    if not isinstance(version, int) or isinstance(version, bool):
        raise BundleError(
            _("{file}: the bundle version must be a whole number, not {version}").format(
                file=source, version=shown(version)
            )
        )
    if version > VERSION:
        raise BundleTooNew(
            _(
                "{file} was written by a newer taskboard (bundle version {version},"
                " this one reads up to {known}): upgrade taskboard to merge it"
            ).format(file=source, version=version, known=VERSION)
        )
    if version < 0 or any(step not in MIGRATIONS for step in range(version, VERSION)):
        raise BundleError(
            _(
                "{file}: unknown bundle version {version} (this taskboard reads version {known})"
            ).format(file=source, version=version, known=VERSION)
        )
    while version < VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
        raw["version"] = version
    return raw

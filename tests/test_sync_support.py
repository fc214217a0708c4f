"""Building small multi-site worlds for the sync tests (helpers, no tests here)."""

from __future__ import annotations

from typing import Any

import orjson

from taskboard.model import Site
from taskboard.store import Store
from taskboard.sync.bundle import SYNCED_TABLES, Bundle, build_bundle, encode_bundle
from taskboard.sync.merge import MergeSummary, merge_bundles
from taskboard.sync.validate import parse_bundle

SITES = ("funing", "xingye", "jingshan", "cuixiang", "nanping")


def site_store(site: str, sites: tuple[str, ...] = SITES) -> Store:
    """An in-memory store of `site` that knows every site of `sites`."""
    store = Store.memory(who=f"coordinator of {site}")
    store.initialise(Site(id=site, name=site))
    for other in sites:
        if other != site:
            store.sites.create(Site(id=other, name=other))
    return store


def bundle_of(store: Store, *, since: str | None = None, redact: bool = False) -> Bundle:
    """The store's bundle, through bytes and the checks a file goes through."""
    raw, _info = build_bundle(store, since=since, redact=redact)
    return parse_bundle(encode_bundle(raw), f"{store.site}.json", {})


def send(source: Store, target: Store, **options: Any) -> MergeSummary:
    """Export from `source` and merge into `target`."""
    return merge_bundles(target, [bundle_of(source, **options)])


def state(store: Store) -> dict[str, dict[str, Any]]:
    """The synced records, for comparing sites (a deep copy)."""
    data = {table: store.docs(table) for table in SYNCED_TABLES}
    copied: dict[str, dict[str, Any]] = orjson.loads(orjson.dumps(data))
    return copied


def clone(store: Store) -> Store:
    """An independent in-memory copy of a store."""
    copy = Store.memory(who=store.who)
    copy.storage.data = orjson.loads(orjson.dumps(store.storage.data))
    copy.clock.last = store.clock.last
    return copy

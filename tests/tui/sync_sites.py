"""Two sites' data files for the sync and conflicts screens' tests, and a bundle between them."""

from __future__ import annotations

from pathlib import Path

from taskboard.model import Site
from taskboard.store import Store
from taskboard.sync import export_bytes, merge_bundles, read_bundles


def make_store(path: Path, site: str) -> Store:
    """A data file for `site` that knows both story sites funing and xingye."""
    store = Store.open(path, who=f"{site} 主任", must_exist=False)
    store.initialise(Site(id=site, name=site))
    for other in ("funing", "xingye"):
        if other != site:
            store.sites.create(Site(id=other, name=other))
    return store


def exchange(source: Store, target: Store, folder: Path) -> Path:
    """Export `source` into `folder` and merge that bundle into `target`."""
    path = folder / f"{source.site}-{len(list(folder.iterdir()))}.bundle"
    path.write_bytes(export_bytes(source)[0])
    merge_bundles(target, read_bundles(target, [path]))
    return path

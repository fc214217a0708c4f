"""What this site knows about the others, kept in the data file's `_meta` record.

- `known`: a version vector such that this file holds every edit `(site, hlc)`
  with `hlc <= known[site]`. Our own entry is the clock; another site's grows
  when a complete (or a since-last bundle based on what we held) is merged.
- `peers[SITE].acked`: the `known` vector SITE put in its latest bundle we
  merged: what SITE is known to hold. `export --since-last SITE` leaves out
  records SITE already holds by that vector. Because it is what SITE said it
  holds, not what we sent, a lost bundle is simply sent again inside the next one.
- `log`: the last merges, for the coordinator (not synced: a merge is not an edit).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from taskboard.store import Store
from taskboard.store.storage import META_ID, META_TABLE
from taskboard.sync.registers import Vector, dominated, merge_vectors

SYNC_KEY = "sync"
LOG_LENGTH = 20


def sync_meta(store: Store) -> dict[str, Any]:
    """The sync bookkeeping of the data file (empty when it never synced)."""
    value = store.meta.get(SYNC_KEY)
    return value if isinstance(value, dict) else {}


def known_vector(store: Store, current: dict[str, Any] | None = None) -> Vector:
    """Every edit this file holds is covered by this vector (our own by the clock)."""
    meta = sync_meta(store) if current is None else current
    known = dict(meta.get("known") or {})
    own = max(store.clock.last, int(store.meta.get("hlc", 0)))
    known[store.site] = max(known.get(store.site, 0), own)
    return known


def acked_vector(store: Store, site: str) -> Vector | None:
    """What `site` said it holds in its latest bundle we merged; None if never heard from."""
    peer = (sync_meta(store).get("peers") or {}).get(site)
    return dict(peer["acked"]) if isinstance(peer, dict) and "acked" in peer else None


def peer_sites(store: Store) -> list[str]:
    """Sites we merged a bundle from."""
    return sorted(sync_meta(store).get("peers") or {})


def updated_sync_meta(
    current: dict[str, Any],
    *,
    local_site: str,
    own: Vector,
    site: str,
    covers: Vector,
    base: Vector | None,
    complete: bool,
    log: dict[str, Any] | None,
) -> dict[str, Any]:
    """The sync bookkeeping `current` after merging one bundle of `site`.

    `own` is this file's known vector before the merge; it grows only by a
    complete bundle, or a since-last one whose base this file really held.
    """
    known = dict(current.get("known") or {})
    if complete and (base is None or dominated(base, own)):
        theirs = {name: hlc for name, hlc in covers.items() if name != local_site}
        known = merge_vectors(known, theirs)
    peers = {name: dict(peer) for name, peer in (current.get("peers") or {}).items()}
    peer = peers.setdefault(site, {})
    peer["acked"] = merge_vectors(peer.get("acked") or {}, covers)
    entries = list(current.get("log") or [])
    if log is not None:
        peer["merged"] = log["at"]
        entries = [*entries, log][-LOG_LENGTH:]
    return {"known": known, "peers": peers, "log": entries}


def save_sync_meta(store: Store, value: dict[str, Any]) -> bool:
    """Write the bookkeeping inside the open transaction; False when nothing changed."""
    if value == sync_meta(store):
        return False
    store.storage.put(META_TABLE, {META_ID: {**store.meta, SYNC_KEY: value}})
    return True


def now_text() -> str:
    """The current local time, as merges and exports note it."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")

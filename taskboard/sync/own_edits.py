"""This site's own edits coming back in a bundle: held here, or never made here.

A bundle is signed by the site that exported it, not by the site that made
each edit in it: a trusted site relays edits it merged from others, and could
stamp an edit with any site's id. For every site but this one there is no way
to tell a relayed edit from a forged one. For this site there is: it holds
every edit it ever made, and a record's version vector says up to which of
its own stamps it holds. So an incoming record that carries a stamp of this
site beyond what the local copy of that record has seen (or that this site
does not hold at all) brings an edit this file never made — a forgery, or an
edit this file lost when it was restored from an older backup.

Stamps a copy has seen and no longer holds were overwritten: the merge drops
them, so a forged stamp below what this site has seen cannot take effect.
Counters (checklist attempts) carry each site's own increments; more of this
site's increments than it counted are refused the same way.
"""

from __future__ import annotations

from typing import Any

from taskboard.store.records import (
    BOOKKEEPING,
    COUNTERS,
    DELETE_CONTEXT,
    EXTRA_DOTS,
    SIBLINGS,
    STAMPS,
    VECTOR,
    version_vector,
)

_ONLY_STAMPS = BOOKKEEPING - {STAMPS}
"""A record with none of these keys has all its dots in `_s`."""


def latest_stamp(doc: dict[str, Any], site: str) -> int:
    """The latest stamp of `site` anywhere in a record's bookkeeping (0: none).

    Every place a dot or a vector can name a site is looked at — not only the
    version vector, which a forger can leave out of step with the stamps.
    """
    latest = 0
    for dot in (doc.get(STAMPS) or {}).values():
        if dot[0] == site and dot[1] > latest:
            latest = dot[1]
    vector = doc.get(VECTOR)
    if vector:
        latest = max(latest, vector.get(site, 0))
    for dots in (doc.get(EXTRA_DOTS) or {}).values():
        for dot in dots:
            if dot[0] == site and dot[1] > latest:
                latest = dot[1]
    for values in (doc.get(SIBLINGS) or {}).values():
        for value in values:
            if value[1] == site and value[2] > latest:
                latest = value[2]
    for context in doc.get(DELETE_CONTEXT) or ():
        if context[0] == site:
            latest = max(latest, context[1])
        latest = max(latest, context[2].get(site, 0))
    return latest


def unheld(remote: dict[str, Any], local: dict[str, Any] | None, site: str) -> int:
    """The latest stamp of `site` in `remote` that `local` has not seen; 0 when it holds them.

    A record not held here may carry no stamp of this site at all, nor be a
    history entry saying it was written here. Counters beyond this site's own
    count, and such a history entry, give the record's latest stamp of this
    site (or 1 when it has none).
    """
    if local is None and _ONLY_STAMPS.isdisjoint(remote):  # most new records, the short way
        latest = 0
        for dot in remote[STAMPS].values():
            if dot[0] == site and dot[1] > latest:
                latest = dot[1]
        return latest or _written_here(remote, site)
    held = version_vector(local).get(site, 0) if local is not None else 0
    latest = latest_stamp(remote, site)
    if local is None:
        latest = max(latest, _written_here(remote, site))
    if latest > held:
        return latest
    counters = remote.get(COUNTERS)
    if counters and _counted_beyond(counters, (local or {}).get(COUNTERS) or {}, site):
        return max(latest, 1)
    return 0


def _written_here(doc: dict[str, Any], site: str) -> int:
    """1 for a history entry saying it was written at `site`, else 0."""
    return 1 if doc.get("site") == site and "record" in doc else 0


def _counted_beyond(
    counters: dict[str, dict[str, list[int]]], mine: dict[str, dict[str, list[int]]], site: str
) -> bool:
    """True when `counters` give `site` more increments or decrements than `mine` do."""
    for path, per_site in counters.items():
        pair = per_site.get(site)
        if pair is None:
            continue
        held = mine.get(path, {}).get(site, [0, 0])
        if pair[0] > held[0] or pair[1] > held[1]:
            return True
    return False

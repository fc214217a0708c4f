"""Merging bundles into the store: all of them or nothing, and a summary of what changed.

Records are merged path by path (`registers`); the result is written in one
transaction, so a crash or a full disk leaves the file as it was before the
merge. A merge is not an edit: it adds no history entry of its own (that
would be a new change to exchange, and exchanges would never settle); the
last merges are noted in the file's local bookkeeping instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from taskboard.i18n import _
from taskboard.store import Store
from taskboard.store.clock import MAX_SKEW_MS, hlc_ms
from taskboard.store.records import (
    DELETE_CONTEXT,
    DELETED,
    SIBLINGS,
    public,
    spec_for,
    version_vector,
)
from taskboard.store.storage import gc_paused
from taskboard.store.store import MODELS
from taskboard.sync.batch import check_chunks
from taskboard.sync.bundle import SYNCED_TABLES, Bundle
from taskboard.sync.errors import BundleError, one_line, word
from taskboard.sync.own_edits import unheld
from taskboard.sync.peers import (
    known_vector,
    now_text,
    save_sync_meta,
    sync_meta,
    updated_sync_meta,
)
from taskboard.sync.registers import (
    conflict_paths,
    dominated,
    has_hidden,
    merge_full,
    normalise_order,
)
from taskboard.sync.validate import ULID_TABLES, id_collision

Progress = Callable[[int, int], None]
"""Called with (steps done, steps in all) as a merge goes on: each record of the
bundles is one step when merged and one when checked."""
PROGRESS_EVERY = 2000
Fresh = list[tuple[str, dict[str, Any]]]
"""Records not held here: (id, record)."""
Changed = list[tuple[str, dict[str, Any], dict[str, Any]]]
"""Records that differ from the copy held here: (id, record, local copy)."""
Incoming = tuple[str, Fresh, Changed, int]
"""One table of a bundle, sorted out: (table, fresh, changed, how many are the same)."""


@dataclass
class TableCounts:
    """What a merge did to one kind of record."""

    new: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0
    """Conflicts the merge opened (the same field changed at two sites unaware of each other)."""

    def add(self, other: TableCounts) -> None:
        """Sum `other` into this."""
        self.new += other.new
        self.updated += other.updated
        self.deleted += other.deleted
        self.conflicts += other.conflicts


@dataclass
class MergeSummary:
    """The outcome of merging one or more bundles."""

    bundles: list[str] = field(default_factory=list)
    tables: dict[str, TableCounts] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def total(self) -> TableCounts:
        """Counts over every kind of record."""
        total = TableCounts()
        for counts in self.tables.values():
            total.add(counts)
        return total

    @property
    def changed(self) -> bool:
        """True when the merge changed (or, in a dry run, would change) any record."""
        total = self.total
        return bool(total.new or total.updated or total.deleted)

    def as_json(self) -> dict[str, Any]:
        """For `merge --json`."""
        return {
            "bundles": self.bundles,
            "dry_run": self.dry_run,
            "tables": {name: asdict(counts) for name, counts in self.tables.items()},
            "total": asdict(self.total),
            "warnings": self.warnings,
        }


def merge_record(
    table: str, local: dict[str, Any], remote: dict[str, Any]
) -> dict[str, Any] | None:
    """`local` joined with `remote`; None when that is `local` unchanged.

    When one copy has seen everything the other has, the result is that copy;
    only copies changed concurrently need the path-by-path join.
    """
    if local == remote:
        return None
    mine, theirs = version_vector(local), version_vector(remote)
    if dominated(theirs, mine) and not has_hidden(local):
        result = normalise_order(table, local)
    elif dominated(mine, theirs) and not has_hidden(remote):
        result = normalise_order(table, remote)
    else:
        result = merge_full(table, local, remote)
    return None if result == local else result


class Merger:
    """Merges bundles one after another into pending changes, then writes them once."""

    def __init__(
        self, store: Store, total: int, progress: Progress | None, *, after_restore: bool = False
    ) -> None:
        self.store = store
        self.after_restore = after_restore
        """Take back this site's own edits that this file does not hold (see `own_edits`)."""
        self.pending: dict[str, dict[str, dict[str, Any]]] = {}
        self.summary = MergeSummary()
        self.meta = sync_meta(store)
        self._total, self._done, self._progress = total, 0, progress

    def add(self, bundle: Bundle, *, observe: bool) -> None:
        """Merge one bundle into the pending changes."""
        self._check_ids(bundle)
        before = self.summary.total
        snapshot = (before.new, before.updated, before.deleted, before.conflicts)
        incoming: list[Incoming] = []
        for table in SYNCED_TABLES:
            remotes = bundle.records.get(table)
            if remotes:
                fresh, changed = self._sort_out(table, remotes)
                incoming.append((table, fresh, changed, len(remotes) - len(fresh) - len(changed)))
        work: list[tuple[str, Any]] = []
        for table, fresh, changed, same in incoming:
            work += [(table, fresh), (table, changed)]
            self._tick(same)  # nothing to check: equal to the copy held here
        checked = 0

        def progress(count: int) -> None:
            nonlocal checked
            self._tick(count - checked)
            checked = count

        latest = check_chunks(work, bundle.source, progress)  # nothing is merged unchecked
        own = self._check_own_edits(bundle, incoming)
        if own > latest.get(self.store.site, 0):
            latest[self.store.site] = own
        self._merge_incoming(incoming, bundle.source)
        self._check_clocks(bundle, latest, observe=observe)
        self.summary.bundles.append(bundle.source)
        after = self.summary.total
        log = None
        if (after.new, after.updated, after.deleted, after.conflicts) != snapshot:
            log = {
                "at": now_text(),
                "from": bundle.site,
                "file": bundle.source,
                "new": after.new - snapshot[0],
                "updated": after.updated - snapshot[1],
                "deleted": after.deleted - snapshot[2],
                "conflicts": after.conflicts - snapshot[3],
            }
        self.meta = updated_sync_meta(
            self.meta,
            local_site=self.store.site,
            own=known_vector(self.store, self.meta),
            site=bundle.site,
            covers=bundle.covers,
            base=bundle.base,
            complete=bundle.complete,
            log=log,
        )

    def _merge_incoming(self, incoming: list[Incoming], source: str) -> None:
        """Merge the records sorted out by `_sort_out`, table by table."""
        for table, fresh, changed, same in incoming:
            self._merge_fresh(table, fresh)
            self._tick(len(fresh))
            for start in range(0, len(changed), PROGRESS_EVERY):
                chunk = changed[start : start + PROGRESS_EVERY]
                for doc_id, remote, local in chunk:
                    self._merge_one(table, doc_id, remote, local, source)
                self._tick(len(chunk))
            self._tick(same)

    def _sort_out(self, table: str, remotes: dict[str, dict[str, Any]]) -> tuple[Fresh, Changed]:
        """The bundle's records of `table` not held here (id, record), and those that
        differ from the copy held here (id, record, local copy); the rest are the same.
        """
        stored = self.store.docs(table)
        pending = self.pending.get(table) or {}
        keyed = bool(spec_for(table).keyed)
        if not stored and not pending:
            if keyed:
                return [(doc_id, _in_order(table, doc)) for doc_id, doc in remotes.items()], []
            return list(remotes.items()), []
        fresh: Fresh = []
        changed: Changed = []
        for doc_id, found in remotes.items():
            remote = _in_order(table, found) if keyed else found
            local = pending.get(doc_id) or stored.get(doc_id)
            if local is None:
                fresh.append((doc_id, remote))
            elif not _unchanged(table, remote, local):
                changed.append((doc_id, remote, local))
        return fresh, changed

    def _merge_fresh(self, table: str, fresh: Fresh) -> None:
        """Take records not held here as they are (keyed lists put in key order)."""
        if not fresh:
            return
        if spec_for(table).keyed:
            new = {doc_id: normalise_order(table, remote) for doc_id, remote in fresh}
        else:
            new = dict(fresh)
        self.pending.setdefault(table, {}).update(new)
        counts = self.summary.tables.setdefault(table, TableCounts())
        deleted = 0
        for merged in new.values():
            if DELETED in merged and merged[DELETED]:
                deleted += 1
            if _may_conflict(merged):
                counts.conflicts += len(set(conflict_paths(merged)))
        counts.deleted += deleted
        counts.new += len(new) - deleted

    def _merge_one(
        self,
        table: str,
        doc_id: str,
        remote: dict[str, Any],
        local: dict[str, Any],
        source: str,
    ) -> None:
        """Join a record with the differing copy held here."""
        merged = merge_record(table, local, remote)
        if merged is None:
            return
        self.pending.setdefault(table, {})[doc_id] = merged
        if merged == normalise_order(table, local):
            return  # only list items put in key order (a copy written before that rule)
        counts = self.summary.tables.setdefault(table, TableCounts())
        if merged.get(DELETED) and not local.get(DELETED):
            counts.deleted += 1
        else:
            counts.updated += 1
        if _may_conflict(merged):
            before = set(conflict_paths(local)) if _may_conflict(local) else set()
            counts.conflicts += len(set(conflict_paths(merged)) - before)
        if local.get("_s") != merged.get("_s"):
            self._check_rules(table, doc_id, merged, source)

    def _check_rules(self, table: str, doc_id: str, doc: dict[str, Any], source: str) -> None:
        """Two valid edits can make an invalid pair (a start after an end): say so."""
        fields = public(doc)
        fields.pop(DELETED, None)
        try:
            MODELS[table].model_validate(fields)
        except ValueError as error:
            ref = word(doc.get("ref") or doc_id)
            self.summary.warnings.append(
                one_line(
                    _(
                        "{table} {ref}: the merged fields break a rule, fix it by hand: {error}"
                    ).format(table=table, ref=ref, error=str(error).splitlines()[0])
                )
            )

    def _tick(self, count: int) -> None:
        if not count:
            return
        before = self._done
        self._done += count
        if self._progress is not None and (
            self._done // PROGRESS_EVERY != before // PROGRESS_EVERY or self._done == self._total
        ):
            self._progress(self._done, self._total)

    def _check_ids(self, bundle: Bundle) -> None:
        """An id of one kind of record arriving as another is a forgery: refuse it."""
        fresh: dict[str, set[str]] = {}
        for table in ULID_TABLES:
            incoming = bundle.records.get(table)
            if incoming:
                ids = incoming.keys() - self.store.docs(table).keys()
                ids -= self.pending.get(table, {}).keys()
                if ids:
                    fresh[table] = ids
        if not fresh:
            return
        arriving = set().union(*fresh.values())
        for other in ULID_TABLES:
            for held in (self.store.docs(other), self.pending.get(other, {})):
                clash = held.keys() & arriving
                if clash:
                    doc_id = min(clash)
                    table = next(table for table, ids in fresh.items() if doc_id in ids)
                    where = f"{bundle.source}: {table} {word(doc_id)}"
                    raise BundleError(id_collision(where, other))

    def _check_own_edits(self, bundle: Bundle, incoming: list[Incoming]) -> int:
        """Refuse edits stamped as made here that this file does not hold (`own_edits`).

        Returns the latest such stamp (0: none), which `--after-restore` takes back.
        """
        site = self.store.site
        found: list[tuple[str, str, int]] = []
        for table, fresh, changed, _same in incoming:
            found += [
                (table, doc_id, stamp)
                for doc_id, remote in fresh
                if (stamp := unheld(remote, None, site))
            ]
            found += [
                (table, doc_id, stamp)
                for doc_id, remote, local in changed
                if (stamp := unheld(remote, local, site))
            ]
        if not found:
            return 0
        latest = max(stamp for _table, _id, stamp in found)
        if latest > self.store.clock.last and not _plausible(latest, time.time_ns() // 1_000_000):
            raise BundleError(_future_own(bundle.source, site))
        if not self.after_restore:
            table, doc_id, _stamp = found[0]
            doc = bundle.records[table][doc_id]
            raise BundleError(
                _(
                    "{file}: {table} {ref} carries an edit stamped as made at this site ({site})"
                    " that this file never made or no longer holds{more}; nothing was merged."
                    " Either {sender} relays a forged edit, or this file was restored from an"
                    " older backup: only in that case merge it again with --after-restore"
                ).format(
                    file=bundle.source,
                    table=_(table),
                    ref=word(doc.get("ref") or doc_id),
                    site=site,
                    more=_(" (and {count} more)").format(count=len(found) - 1)
                    if len(found) > 1
                    else "",
                    sender=word(bundle.site),
                )
            )
        return latest

    def _check_clocks(self, bundle: Bundle, latest: dict[str, int], *, observe: bool) -> None:
        """Accept stamps from the future (refusing them breaks convergence) but warn.

        Stamps of this very site come back after a restore from a backup; the
        clock moves past them so that new edits stay newer. Far in the future
        they would make this site's next edits look already seen: refused.
        """
        now_ms = time.time_ns() // 1_000_000
        own = latest.get(self.store.site, 0)
        if own > self.store.clock.last and not _plausible(own, now_ms):
            raise BundleError(_future_own(bundle.source, self.store.site))
        for site, hlc in sorted(latest.items()):
            accepted = self.store.clock.observe(hlc) if observe else _plausible(hlc, now_ms)
            if not accepted:
                hours = (hlc_ms(hlc) - now_ms) // 3_600_000
                self.summary.warnings.append(
                    _(
                        "the clock of site {site} is about {hours} hours ahead; its changes"
                        " were merged, but this site's clock was not moved — ask {site}"
                        " to set its clock"
                    ).format(site=word(site), hours=hours)
                )

    def write(self) -> None:
        """Put the pending records and the bookkeeping in the open transaction."""
        for table, docs in self.pending.items():
            self.store.table(table).put_many(docs)
        save_sync_meta(self.store, self.meta)


def _in_order(table: str, doc: dict[str, Any]) -> dict[str, Any]:
    """`doc` with its keyed lists in key order, the one order every site stores.

    Bundles of older versions may carry them in the order they were typed; a
    malformed record is left as it is for its check to name the problem.
    """
    try:
        return normalise_order(table, doc)
    except (AttributeError, KeyError, TypeError):
        return doc


def _unchanged(table: str, remote: dict[str, Any], local: dict[str, Any] | None) -> bool:
    """True when `remote` (keyed lists in key order) is the local copy."""
    return local is not None and local == remote


def _may_conflict(doc: dict[str, Any]) -> bool:
    return SIBLINGS in doc or DELETE_CONTEXT in doc


def _future_own(source: str, site: str) -> str:
    return _("{file} carries changes stamped by this site ({site}) in the future").format(
        file=source, site=site
    )


def _plausible(hlc: int, now_ms: int) -> bool:
    return hlc_ms(hlc) <= now_ms + MAX_SKEW_MS


def merge_bundles(
    store: Store,
    bundles: list[Bundle],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    after_restore: bool = False,
) -> MergeSummary:
    """Merge `bundles` in order, all or nothing; a dry run only reports what would change.

    `after_restore` takes back edits stamped as made at this site that this
    file does not hold (lost by restoring an older backup); without it they are
    refused as forged.
    """
    with gc_paused():
        return _merge_all(
            store, bundles, dry_run=dry_run, progress=progress, after_restore=after_restore
        )


def _merge_all(
    store: Store,
    bundles: list[Bundle],
    *,
    dry_run: bool,
    progress: Progress | None,
    after_restore: bool,
) -> MergeSummary:
    total = 2 * sum(bundle.count() for bundle in bundles)  # merged, then checked
    if dry_run:
        merger = Merger(store, total, progress, after_restore=after_restore)
        for bundle in bundles:
            merger.add(bundle, observe=False)
        merger.summary.dry_run = True
        return merger.summary
    with store.transaction(bulk=True):  # a backup first: a merge can be undone
        merger = Merger(store, total, progress, after_restore=after_restore)
        for bundle in bundles:
            merger.add(bundle, observe=True)
        merger.write()
    return merger.summary

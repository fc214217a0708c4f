"""Merging is a join: order and repetition do not matter, sites converge, nothing is lost.

States come from real operation sequences at 3–5 sites (edits, tags, checklist
attempts, deletes, restores, new tasks) with random exchanges in between.
"""

from __future__ import annotations

import contextlib
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from test_sync_support import SITES, bundle_of, clone, send, site_store, state

from taskboard.model import ChecklistItem, Task
from taskboard.store import Store
from taskboard.store.records import SIBLINGS
from taskboard.sync import folder as folder_module
from taskboard.sync.conflicts import list_conflicts
from taskboard.sync.folder import sync_folder
from taskboard.sync.merge import merge_bundles
from taskboard.sync.validate import parse_bundle

TITLES = ("围墙补焊", "路灯维修", "花坛种植", "长椅刷漆")
TAGS = ("fence", "light", "bench")
PROFILE = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

Op = tuple[str, int, int, int]
"""(kind, site index, task index, value index)."""

ops = st.lists(
    st.tuples(
        st.sampled_from(["title", "tag", "untag", "check", "delete", "restore", "new", "send"]),
        st.integers(0, 4),
        st.integers(0, 5),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=25,
)


def world(count: int) -> list[Store]:
    """`count` sites; the first created two tasks with a checklist, and everyone has them."""
    stores = [site_store(site, SITES[:count]) for site in SITES[:count]]
    first = stores[0]
    for title in TITLES[:2]:
        first.tasks.create(
            Task(title=title, site=first.site, checklist=[ChecklistItem(text="1栋201")])
        )
    for other in stores[1:]:
        send(first, other)
    return stores


def apply(stores: list[Store], op: Op) -> None:
    """One operation at one site, as the CLI would do it."""
    kind, who, which, value = op
    store = stores[who % len(stores)]
    if kind == "send":
        send(store, stores[(who + 1 + which) % len(stores)])
        return
    tasks = sorted(store.tasks.docs())
    task_id = tasks[which % len(tasks)]
    doc = store.tasks.docs()[task_id]
    if kind == "new":
        store.tasks.create(Task(title=TITLES[value], site=store.site))
    elif kind == "delete":
        store.tasks.delete(task_id)
    elif kind == "restore":
        store.tasks.restore(task_id)
    elif kind == "title":
        store.tasks.update(task_id, {"title": f"{TITLES[value]} {store.site}"})
    elif kind in ("tag", "untag"):
        tags = set(doc["tags"]) ^ {TAGS[value % len(TAGS)]}
        store.tasks.update(task_id, {"tags": sorted(tags)})
    elif kind == "check" and doc["checklist"]:
        items = [dict(item) for item in doc["checklist"]]
        items[0]["attempts"] += 1
        store.tasks.update(task_id, {"checklist": items}, action="checked")


def exchange_all(stores: list[Store], rng: random.Random) -> None:
    """Everyone exports, then merges everyone's bundles in a random order, some twice."""
    bundles = [bundle_of(store) for store in stores]
    for store in stores:
        chosen = [b for b in bundles if b.site != store.site]
        chosen += rng.sample(chosen, k=rng.randint(0, len(chosen)))
        rng.shuffle(chosen)
        merge_bundles(store, chosen)


@PROFILE
@given(count=st.integers(3, 5), history=ops, seed=st.integers(0, 1000))
def test_sites_converge_whatever_the_order(count: int, history: list[Op], seed: int) -> None:
    stores = world(count)
    for op in history:
        apply(stores, op)
    before = [state(store) for store in stores]

    exchange_all(stores, random.Random(seed))

    after = [state(store) for store in stores]
    assert all(other == after[0] for other in after[1:])
    for table in ("tasks", "history", "sites"):  # nothing lost: every record of every site
        held = set().union(*(set(s[table]) for s in before))
        assert set(after[0][table]) == held
    conflicts = [{c.id for c in list_conflicts(store)} for store in stores]
    assert all(found == conflicts[0] for found in conflicts)


@PROFILE
@given(history=ops, seed=st.integers(0, 1000))
def test_merge_is_idempotent_and_commutative(history: list[Op], seed: int) -> None:
    stores = world(3)
    for op in history:
        apply(stores, op)
    target, one, two = stores
    first, second = bundle_of(one), bundle_of(two)
    forward, backward = clone(target), clone(target)

    merge_bundles(forward, [first, second])
    merge_bundles(backward, [second, first])
    again = merge_bundles(forward, [second, first, first])

    assert state(forward) == state(backward)
    assert not again.changed


@PROFILE
@given(values=st.lists(st.sampled_from(TITLES), min_size=2, max_size=5, unique=True))
def test_concurrent_edits_of_one_field_make_exactly_one_conflict(values: list[str]) -> None:
    stores = world(len(values))
    task_id = sorted(stores[0].tasks.docs())[0]
    for store, title in zip(stores, values, strict=False):
        store.tasks.update(task_id, {"title": f"{title} @{store.site}"})

    exchange_all(stores, random.Random(0))

    for store in stores:
        found = list_conflicts(store)
        assert [(c.record, c.path) for c in found] == [(task_id, "title")]
        assert len(found[0].others) == len(values) - 1
    titles = {store.tasks.docs()[task_id]["title"] for store in stores}
    assert len(titles) == 1


def test_attempts_add_up_once_each_however_often_merged() -> None:
    stores = world(3)
    task_id = sorted(stores[0].tasks.docs())[0]
    for store in stores:
        apply(stores, ("check", stores.index(store), 0, 0))
    for _ in range(3):
        exchange_all(stores, random.Random(1))
    attempts = {store.tasks.docs()[task_id]["checklist"][0]["attempts"] for store in stores}
    assert attempts == {3}


class SyncMachine(RuleBasedStateMachine):
    """Sites edit and exchange bundles at random; a full exchange always converges."""

    stores: list[Store]

    @initialize(count=st.integers(3, 4))
    def start(self, count: int) -> None:
        self.stores = world(count)

    @rule(who=st.integers(0, 3), which=st.integers(0, 5), value=st.integers(0, 3))
    def edit_title(self, who: int, which: int, value: int) -> None:
        apply(self.stores, ("title", who, which, value))

    @rule(who=st.integers(0, 3), which=st.integers(0, 5), value=st.integers(0, 3))
    def toggle_tag(self, who: int, which: int, value: int) -> None:
        apply(self.stores, ("tag", who, which, value))

    @rule(who=st.integers(0, 3), which=st.integers(0, 5))
    def delete(self, who: int, which: int) -> None:
        apply(self.stores, ("delete", who, which, 0))

    @rule(who=st.integers(0, 3), value=st.integers(0, 3))
    def create(self, who: int, value: int) -> None:
        apply(self.stores, ("new", who, 0, value))

    @rule(source=st.integers(0, 3), receiver=st.integers(0, 3))
    def exchange(self, source: int, receiver: int) -> None:
        sender = self.stores[source % len(self.stores)]
        merger = self.stores[receiver % len(self.stores)]
        if sender is not merger:
            send(sender, merger)
            assert not send(sender, merger).changed  # the same bundle again changes nothing

    @rule(who=st.integers(0, 3))
    def resolve_a_conflict(self, who: int) -> None:
        from taskboard.sync.conflicts import resolve

        store = self.stores[who % len(self.stores)]
        found = list_conflicts(store)
        if found:
            resolve(store, found[0].id, keep=True)

    @invariant()
    def full_exchange_converges(self) -> None:
        copies = [clone(store) for store in self.stores]
        exchange_all(copies, random.Random(2))
        states = [state(copy) for copy in copies]
        assert all(other == states[0] for other in states[1:])
        conflicted = [
            sorted(d for d, doc in s["tasks"].items() if doc.get(SIBLINGS)) for s in states
        ]
        assert all(c == conflicted[0] for c in conflicted)


SyncMachine.TestCase.settings = settings(
    max_examples=20, stateful_step_count=15, deadline=None, derandomize=True
)
test_sync_machine = SyncMachine.TestCase


# The shared folder's layout ---------------------------------------------------------------
folder_ops = st.lists(
    st.tuples(
        st.sampled_from(["title", "tag", "check", "delete", "restore", "new", "sync", "sync"]),
        st.integers(0, 4),
        st.integers(0, 5),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=25,
)


@PROFILE
@given(history=folder_ops, seed=st.integers(0, 1000))
def test_sites_meeting_in_a_folder_converge_and_its_files_merge_in_any_order(
    history: list[Op], seed: int
) -> None:
    """Syncs interleaved with edits (deltas, snapshots after two deltas, removals) end
    in one state, and the files left in the folder, merged in any order and some
    twice, give a newcomer every task."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as name, _compact_after(2):
        folder = Path(name)
        stores = world(3)
        for kind, who, which, value in history:
            if kind == "sync":
                sync_folder(stores[who % 3], folder)
            else:
                apply(stores, (kind, who, which, value))
        for _round in range(2):
            for store in rng.sample(stores, k=3):
                sync_folder(store, folder)
        after = [state(store) for store in stores]
        assert all(other == after[0] for other in after[1:])
        assert all(not sync_folder(store, folder).written for store in stores)

        newcomer = site_store("nanping")
        paths = sorted(folder.rglob("*.json"))
        bundles = [parse_bundle(path.read_bytes(), path.name, {}) for path in paths]
        chosen = bundles + rng.sample(bundles, k=rng.randint(0, len(bundles)))
        rng.shuffle(chosen)
        for bundle in chosen:
            merge_bundles(newcomer, [bundle])
        assert state(newcomer)["tasks"] == after[0]["tasks"]


@contextlib.contextmanager
def _compact_after(count: int) -> Iterator[None]:
    saved = folder_module.COMPACT_AFTER
    folder_module.COMPACT_AFTER = count
    try:
        yield
    finally:
        folder_module.COMPACT_AFTER = saved

"""Merging is a join: order and repetition do not matter, sites converge, nothing is lost.

States come from real operation sequences at 3–5 sites (edits, tags, checklist
attempts, deletes, restores, new tasks) with random exchanges in between.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from test_sync_support import SITES, bundle_of, clone, send, site_store, state

from taskboard.actions.campaigns import import_households, new_campaign, next_round, summarise
from taskboard.actions.checklist import check_item
from taskboard.actions.volunteers import link_volunteers, unlink_volunteers
from taskboard.model import ChecklistItem, ChecklistState, Household, Suggestion, Task, Volunteer
from taskboard.model.rules import people
from taskboard.store import Store, StoreError
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


WISHES = ("小区内围墙生锈", "希望合理利用小区内种植的植物空间", "路灯不亮", "增加座椅")

suggestion_ops = st.lists(
    st.tuples(
        st.sampled_from(
            ["link", "unlink", "decline", "reopen", "wish", "reword", "delete_wish", "new", "send"]
        ),
        st.integers(0, 4),
        st.integers(0, 5),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=25,
)


def world(count: int) -> list[Store]:
    """`count` sites; the first created two tasks with a checklist and two residents'
    suggestions, and everyone has them."""
    stores = [site_store(site, SITES[:count]) for site in SITES[:count]]
    first = stores[0]
    for title in TITLES[:2]:
        first.tasks.create(
            Task(title=title, site=first.site, checklist=[ChecklistItem(text="1栋201")])
        )
    for number, words in enumerate(WISHES[:2], start=1):
        first.suggestions.create(Suggestion(site=first.site, number=number, text=words))
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
    else:
        apply_to_suggestion(store, kind, which, value)


def apply_to_suggestion(store: Store, kind: str, which: int, value: int) -> None:
    """One change of a residents' suggestion (and of the tasks linked to it)."""
    if kind == "wish":
        store.suggestions.create(Suggestion(site=store.site, text=WISHES[value]))
        return
    wishes = sorted(store.suggestions.docs())
    wish_id = wishes[which % len(wishes)]
    wish = store.suggestions.docs()[wish_id]
    tasks = sorted(store.tasks.docs())
    task_id = tasks[value % len(tasks)]
    if kind == "link":
        store.suggestions.update(wish_id, {"tasks": sorted({*wish["tasks"], task_id})})
    elif kind == "unlink":
        store.suggestions.update(wish_id, {"tasks": [t for t in wish["tasks"] if t != task_id]})
    elif kind == "decline":
        store.suggestions.update(wish_id, {"decision": "declined", "reason": f"{store.site}"})
    elif kind == "reopen":
        store.suggestions.update(wish_id, {"decision": "accepted", "reason": ""})
    elif kind == "reword":
        store.suggestions.update(wish_id, {"text": f"{WISHES[value]} @{store.site}"})
    elif kind == "delete_wish":
        store.suggestions.delete(wish_id)


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
@given(count=st.integers(3, 5), history=suggestion_ops, seed=st.integers(0, 1000))
def test_sites_with_suggestions_converge_whatever_the_order(
    count: int, history: list[Op], seed: int
) -> None:
    stores = world(count)
    for op in history:
        apply(stores, op)
    before = [state(store) for store in stores]

    exchange_all(stores, random.Random(seed))

    after = [state(store) for store in stores]
    assert all(other == after[0] for other in after[1:])
    held = set().union(*(set(s["suggestions"]) for s in before))
    assert set(after[0]["suggestions"]) == held  # no suggestion of any site is lost
    links = set().union(*(set(doc["tasks"]) for s in before for doc in s["suggestions"].values()))
    merged = set().union(*(set(doc["tasks"]) for doc in after[0]["suggestions"].values()))
    assert merged <= links  # a merge invents no link
    conflicts = [{c.id for c in list_conflicts(store)} for store in stores]
    assert all(found == conflicts[0] for found in conflicts)


@PROFILE
@given(history=suggestion_ops, seed=st.integers(0, 1000))
def test_merging_suggestions_is_idempotent_and_commutative(history: list[Op], seed: int) -> None:
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


def test_links_made_at_two_sites_are_both_kept() -> None:
    stores = world(3)
    wish_id = sorted(stores[0].suggestions.docs())[0]
    first_task, second_task = sorted(stores[0].tasks.docs())
    stores[1].suggestions.update(wish_id, {"tasks": [first_task]})
    stores[2].suggestions.update(wish_id, {"tasks": [second_task]})

    exchange_all(stores, random.Random(3))

    links = {tuple(store.suggestions.docs()[wish_id]["tasks"]) for store in stores}
    assert links == {(first_task, second_task)}
    assert all(list_conflicts(store) == [] for store in stores)


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


# Visit campaigns ------------------------------------------------------------------------
CampaignOp = tuple[str, int, int, int]
"""(kind, site index, item index, value)."""

campaign_ops = st.lists(
    st.tuples(
        st.sampled_from(["visit", "visit", "round", "import", "send"]),
        st.integers(0, 4),
        st.integers(0, 5),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=20,
)
EVENING = (dt.datetime(2026, 11, 26, 18, 30), dt.datetime(2026, 11, 26, 20, 30))


def campaign_world(count: int) -> tuple[list[Store], str]:
    """`count` sites; the first started a campaign of three households and its first round."""
    stores = [site_store(site, SITES[:count]) for site in SITES[:count]]
    first = stores[0]
    campaign = new_campaign(first, {"title": "人口普查入户"}).record_id
    rows = [Household(building="1", room=room) for room in ("101", "102", "201")]
    import_households(first, campaign, rows)
    next_round(first, campaign, start=EVENING[0], end=EVENING[1])
    for other in stores[1:]:
        send(first, other)
    return stores, campaign


def apply_campaign(stores: list[Store], campaign: str, op: CampaignOp) -> None:
    """One campaign action at one site, as the CLI would do it; refused ones change nothing."""
    kind, who, which, value = op
    store = stores[who % len(stores)]
    try:
        if kind == "send":
            send(store, stores[(who + 1 + which) % len(stores)])
        elif kind == "round":
            next_round(store, campaign, start=EVENING[0], end=EVENING[1])
        elif kind == "import":  # each site its own building: new flats, or new phones
            flat = Household(
                building=str(2 + who % len(stores)), room=f"{value}01", phone=f"1380013800{which}"
            )
            import_households(store, campaign, [flat])
        elif kind == "visit":
            current = store.campaigns.load(campaign).current_round()
            assert current is not None
            state = ChecklistState.RETRY if value % 2 else ChecklistState.DONE
            task = store.task(current.task)
            item = str(1 + which % len(task.checklist))
            check_item(store, task.id, item, state, on=dt.date(2026, 11, 26), by=f"志愿者{value}")
    except StoreError:
        pass


@PROFILE
@given(count=st.integers(3, 4), history=campaign_ops, seed=st.integers(0, 1000))
def test_campaigns_and_rounds_converge_whatever_the_order(
    count: int, history: list[CampaignOp], seed: int
) -> None:
    stores, campaign = campaign_world(count)
    for op in history:
        apply_campaign(stores, campaign, op)
    before = [state(store) for store in stores]

    exchange_all(stores, random.Random(seed))

    after = [state(store) for store in stores]
    assert all(other == after[0] for other in after[1:])
    for table in ("tasks", "campaigns", "visits"):  # nothing lost: every record of every site
        held = set().union(*(set(s[table]) for s in before))
        assert set(after[0][table]) == held
    households = {h["id"] for s in before for h in s["campaigns"][campaign]["households"]}
    assert {h["id"] for h in after[0]["campaigns"][campaign]["households"]} == households
    rounds = {r["task"] for s in before for r in s["campaigns"][campaign]["rounds"]}
    assert {r["task"] for r in after[0]["campaigns"][campaign]["rounds"]} == rounds
    summaries = [summarise(store, store.campaigns.load(campaign)).as_json() for store in stores]
    assert all(summary == summaries[0] for summary in summaries[1:])


@PROFILE
@given(history=campaign_ops, seed=st.integers(0, 1000))
def test_campaign_merges_are_idempotent_and_commutative(
    history: list[CampaignOp], seed: int
) -> None:
    stores, campaign = campaign_world(3)
    for op in history:
        apply_campaign(stores, campaign, op)
    target, one, two = stores
    first, second = bundle_of(one), bundle_of(two)
    forward, backward = clone(target), clone(target)

    merge_bundles(forward, [first, second])
    merge_bundles(backward, [second, first])
    again = merge_bundles(forward, [second, first, first])

    assert state(forward) == state(backward)
    assert not again.changed


# One person, several records: links between volunteer records ------------------------------
person_ops = st.lists(
    st.tuples(
        st.sampled_from(["link", "unlink", "send"]),
        st.integers(0, 4),
        st.integers(0, 3),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=25,
)


def roster_world(count: int) -> list[Store]:
    """`count` sites that all hold the same four volunteers (made at the first)."""
    stores = [site_store(site, SITES[:count]) for site in SITES[:count]]
    for number in range(4):
        stores[0].volunteers.create(Volunteer(name=f"王建国{number}", site=stores[0].site))
    for other in stores[1:]:
        send(stores[0], other)
    return stores


def apply_link(stores: list[Store], op: Op) -> None:
    """A coordinator links or unlinks two records (refused when there is nothing to do)."""
    kind, who, first, second = op
    store = stores[who % len(stores)]
    if kind == "send":
        send(store, stores[(who + 1 + first) % len(stores)])
        return
    records = sorted(store.volunteers.docs())
    action = link_volunteers if kind == "link" else unlink_volunteers
    with contextlib.suppress(StoreError):
        action(store, records[first], records[second])


def persons(store: Store) -> dict[str, str]:
    """Each record's person, as the rules see it."""
    return people({doc["id"]: doc["links"] for doc in store.volunteers.live()})


@PROFILE
@given(count=st.integers(3, 5), history=person_ops, seed=st.integers(0, 1000))
def test_links_and_unlinks_at_several_sites_converge_whatever_the_order(
    count: int, history: list[Op], seed: int
) -> None:
    stores = roster_world(count)
    for op in history:
        apply_link(stores, op)

    exchange_all(stores, random.Random(seed))

    after = [state(store) for store in stores]
    assert all(other == after[0] for other in after[1:])
    assert all(persons(store) == persons(stores[0]) for store in stores)  # one answer everywhere
    conflicts = [{c.id for c in list_conflicts(store)} for store in stores]
    assert all(found == conflicts[0] for found in conflicts)


@PROFILE
@given(history=person_ops, seed=st.integers(0, 1000))
def test_merging_links_is_idempotent_and_commutative(history: list[Op], seed: int) -> None:
    stores = roster_world(3)
    for op in history:
        apply_link(stores, op)
    target, one, two = stores
    first, second = bundle_of(one), bundle_of(two)
    forward, backward = clone(target), clone(target)

    merge_bundles(forward, [first, second])
    merge_bundles(backward, [second, first])
    again = merge_bundles(forward, [second, first, first])

    assert state(forward) == state(backward)
    assert persons(forward) == persons(backward)
    assert not again.changed


def test_two_sites_linking_in_different_orders_end_the_same() -> None:
    """阜宁 links a–b then b–c, 景山 b–c then a–b: one person of three records at both,
    with no conflict; an unlink at one site then syncs like any edit."""
    stores = roster_world(3)
    a, b, c, _d = sorted(stores[0].volunteers.docs())
    link_volunteers(stores[0], a, b)
    link_volunteers(stores[0], b, c)
    link_volunteers(stores[1], c, b)
    link_volunteers(stores[1], b, a)

    exchange_all(stores, random.Random(7))

    assert {persons(store)[c] for store in stores} == {min(a, b, c)}
    assert len({tuple(sorted(persons(store).items())) for store in stores}) == 1
    assert all(list_conflicts(store) == [] for store in stores)

    unlink_volunteers(stores[2], a, b)
    exchange_all(stores, random.Random(8))
    assert all(persons(store)[a] == a and persons(store)[c] == min(b, c) for store in stores)


# Recurring work ---------------------------------------------------------------------------------
def _series_world() -> list[Store]:
    """Three sites holding one weekly series made at the first, merged everywhere."""
    from taskboard.actions.series import create_series

    stores = [site_store(site) for site in SITES[:3]]
    first = stores[0]
    fields = {
        "title": "舞蹈队排练",
        "site": first.site,
        "start": "2026-11-25T19:00:00",
        "end": "2026-11-25T21:00:00",
        "needs": [{"skill": "cleaning", "count": 2, "min_level": 1}],
    }
    create_series(first, fields, "weekly:wed", until=None, today=dt.date(2026, 11, 25))
    for other in stores[1:]:
        send(first, other)
    return stores


@PROFILE
@given(
    days=st.lists(st.integers(0, 60), min_size=3, max_size=3),
    seed=st.integers(0, 1000),
)
def test_sites_extending_one_series_converge_without_duplicates(days: list[int], seed: int) -> None:
    """Each site extends the series on its own day; merged in any order, some bundles
    twice, every site holds one occurrence per day and the same records."""
    from taskboard.actions.series import extend_series, occurrences

    stores = _series_world()
    for store, offset in zip(stores, days, strict=True):
        extend_series(store, dt.date(2026, 11, 25) + dt.timedelta(days=offset))
    exchange_all(stores, random.Random(seed))
    exchange_all(stores, random.Random(seed + 1))  # again: nothing changes

    after = [state(store) for store in stores]
    assert all(other == after[0] for other in after[1:])
    (series,) = stores[0].series.live()
    found = occurrences(stores[0], series["id"])
    starts = [doc["start"] for doc in found]
    assert len(starts) == len(set(starts))  # one task per day
    latest = dt.date(2026, 11, 25) + dt.timedelta(days=max(days) + 56)
    assert (
        starts[-1][:10]
        == max(
            day
            for day in (dt.date(2026, 11, 25) + dt.timedelta(weeks=n) for n in range(20))
            if day <= latest
        ).isoformat()
    )
    assert not any(list_conflicts(store) for store in stores)


series_ops = st.lists(
    st.tuples(
        st.sampled_from(["until", "extend", "title", "send"]),
        st.integers(0, 2),
        st.integers(0, 12),
    ),
    min_size=1,
    max_size=12,
)


def apply_to_series(stores: list[Store], op: tuple[str, int, int]) -> None:
    """One change of the series at one site: a new last day (later or earlier, confirmed
    weeks cancelled too), an extension on a later day, a title for this and following."""
    from taskboard.actions.series import edit_following, extend_series, occurrences, set_until

    kind, who, value = op
    store = stores[who]
    start = dt.date(2026, 11, 25)
    if kind == "send":
        send(store, stores[(who + 1 + value) % len(stores)])
        return
    (series,) = store.series.live()
    with contextlib.suppress(StoreError):  # the same last day again is refused: no change
        if kind == "until":
            until = start + dt.timedelta(weeks=value)
            set_until(store, series["id"], until, today=start, force=True)
        elif kind == "extend":
            extend_series(store, start + dt.timedelta(days=7 * value))
        elif kind == "title":
            found = occurrences(store, series["id"])
            if found:
                chosen = found[value % len(found)]["id"]
                edit_following(store, chosen, lambda _t: {"title": f"{TITLES[value % 4]}"})


@PROFILE
@given(history=series_ops, seed=st.integers(0, 1000))
def test_sites_changing_when_a_series_ends_converge(
    history: list[tuple[str, int, int]], seed: int
) -> None:
    """Sites move the series' last day later and earlier, extend it and rename it onward,
    unaware of each other; merged in any order, some bundles twice, every site holds the
    same records, one occurrence per day, and sees the same conflicts."""
    from taskboard.actions.series import occurrences

    stores = _series_world()
    for op in history:
        apply_to_series(stores, op)
    exchange_all(stores, random.Random(seed))
    exchange_all(stores, random.Random(seed + 1))

    after = [state(store) for store in stores]
    assert all(other == after[0] for other in after[1:])
    (series,) = stores[0].series.live()
    starts = [doc["start"] for doc in occurrences(stores[0], series["id"], removed=True)]
    assert len(starts) == len(set(starts))
    conflicts = [{c.id for c in list_conflicts(store)} for store in stores]
    assert all(found == conflicts[0] for found in conflicts)

"""One volunteer's page and one answer cost that volunteer's records, not the district's.

`bench/serve.py` measures the phone page under 200 volunteers at district size;
these tests pin down why it holds: building a page and confirming an assignment
walk no whole table, and the per-volunteer and per-task indexes they use stay
right across every kind of write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from taskboard.actions import set_state
from taskboard.matching.snapshot import Person
from taskboard.model import AssignmentState
from taskboard.store import Store, StoreError
from taskboard.web.views import volunteer_page

HE_WEI = "何伟"  # proposed for funing-9 and funing-2


def scan(store: Store) -> dict[str, Any]:
    """Every index the page and the rules read, built from scratch by walking the tables."""
    by_volunteer: dict[str, list[str]] = {}
    by_task: dict[str, list[str]] = {}
    hours: dict[str, list[str]] = {}
    for doc in store.docs("assignments").values():
        if not doc.get("deleted"):
            by_volunteer.setdefault(doc["volunteer"], []).append(doc["id"])
            by_task.setdefault(doc["task"], []).append(doc["id"])
    for doc in store.hours.live():
        hours.setdefault(doc["volunteer"], []).append(doc["id"])
    return {"volunteer": by_volunteer, "task": by_task, "hours": hours}


def same(found: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """The same records in each group (a restored record may come last in its group)."""

    def sets(groups: dict[str, Any]) -> dict[str, Any]:
        return {name: {k: sorted(v) for k, v in g.items()} for name, g in groups.items()}

    return sets(found) == sets(wanted)


def indexed(store: Store) -> dict[str, Any]:
    """The same, read through the store's kept indexes."""
    volunteers = {doc["volunteer"] for doc in store.assignments.live()}
    tasks = {doc["task"] for doc in store.assignments.live()}
    people = {doc["volunteer"] for doc in store.hours.live()}
    return {
        "volunteer": {v: [d["id"] for d in store.assignments_of_volunteer(v)] for v in volunteers},
        "task": {t: [d["id"] for d in store.assignments_of_task(t)] for t in tasks},
        "hours": {p: [d["id"] for d in store.hours_of_volunteer(p)] for p in people},
    }


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The tables walked whole (`Store.live`) while a test runs."""
    seen: list[str] = []
    live = Store.live

    def counted(self: Store, table: str) -> Iterator[dict[str, Any]]:
        seen.append(str(table))
        return live(self, table)

    monkeypatch.setattr(Store, "live", counted)
    yield seen


def proposed_of(store: Store, name: str) -> list[dict[str, Any]]:
    person = store.find_volunteer(name)
    return [
        doc
        for doc in store.assignments_of_volunteer(person["id"])
        if doc["state"] == AssignmentState.PROPOSED
    ]


def test_a_volunteers_page_walks_no_assignment_or_hours_table(
    story_store: Store, today: dt.date, walks: list[str]
) -> None:
    person = story_store.find_volunteer(HE_WEI)
    volunteer_page(story_store, person, today)  # the first page builds the indexes
    walks.clear()
    page = volunteer_page(story_store, person, today)
    assert len(page.upcoming) >= 2
    assert "assignments" not in walks
    assert "hours" not in walks


def test_confirming_judges_the_volunteer_and_the_task_not_everyone(
    story_store: Store, today: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    judged: list[str] = []
    made = Person.from_doc

    def counted(index: int, doc: dict[str, Any]) -> Person:
        judged.append(str(doc["name"]))
        return made(index, doc)

    monkeypatch.setattr(Person, "from_doc", staticmethod(counted))
    first = proposed_of(story_store, HE_WEI)[0]
    set_state(
        story_store, first["task"], first["volunteer"], AssignmentState.CONFIRMED, today=today
    )
    assert HE_WEI in judged
    assert len(judged) < len(list(story_store.volunteers.live())) // 4
    states = {doc["id"]: doc["state"] for doc in story_store.assignments.live()}
    assert states[first["id"]] == AssignmentState.CONFIRMED


def test_the_indexes_follow_edits_declines_removals_and_undone_changes(
    story_store: Store, today: dt.date
) -> None:
    assert same(indexed(story_store), scan(story_store))
    first, second = proposed_of(story_store, HE_WEI)[:2]
    set_state(
        story_store, first["task"], first["volunteer"], AssignmentState.CONFIRMED, today=today
    )
    assert same(indexed(story_store), scan(story_store))
    set_state(
        story_store, second["task"], second["volunteer"], AssignmentState.DECLINED, today=today
    )
    assert same(indexed(story_store), scan(story_store))  # the next candidate was offered the slot
    story_store.assignments.delete(first["id"])
    assert same(indexed(story_store), scan(story_store))
    with pytest.raises(StoreError), story_store.transaction():
        story_store.assignments.update(second["id"], {"state": AssignmentState.CONFIRMED})
        raise StoreError("given up half way")
    assert same(indexed(story_store), scan(story_store))
    story_store.assignments.restore(first["id"])
    assert same(indexed(story_store), scan(story_store))

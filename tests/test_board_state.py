"""The board's state without drawing: incremental updates agree with a full rebuild."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from taskboard.actions.series import create_series, edit_following, occurrences
from taskboard.actions.tasks import edit_task, move_task, remove_task
from taskboard.board.edits import Edit, EditHistory, edit_of
from taskboard.board.state import BoardFilter, BoardState
from taskboard.demo import district_dataset, fill_store
from taskboard.model import Assignment
from taskboard.store import Store
from taskboard.store.tables import Table


def district_store(today: dt.date) -> Store:
    dataset = district_dataset(today, sites=5, tasks=600, volunteers=120)
    store = Store.memory(who="test")
    store.initialise(dataset.site)
    fill_store(store, dataset, history=False)
    return store


def test_incremental_moves_match_a_full_rebuild(today: dt.date) -> None:
    store = district_store(today)
    state = BoardState(store, today)
    history = EditHistory(store)
    rng = random.Random(3)
    for step in range(60):
        state.select(rng.randrange(len(state.columns)), rng.randrange(40))
        if step % 3 == 0:
            target = state.reorder_target(rng.choice([-1, 1]))
            if target:
                card, rank = target
                history.do(edit_of(store, "tasks", card.id, {"rank": rank}, "r"))
                state.update_task(card.id)
        else:
            moved = state.move_target(rng.choice([-1, 1]))
            if moved:
                card, status, rank = moved
                history.do(edit_of(store, "tasks", card.id, {"status": status, "rank": rank}, "m"))
                state.update_task(card.id)
                assert state.selected_id() == card.id
    fresh = BoardState(store, today)
    assert state.columns == fresh.columns
    assert state.totals == fresh.totals


def test_filters_and_undo_keep_columns_consistent(today: dt.date) -> None:
    store = district_store(today)
    state = BoardState(store, today)
    history = EditHistory(store)
    state.set_filter(BoardFilter(skill="painting"))
    shown = [state.card(i) for column in state.columns for i in column]
    assert shown and all(any(n.skill == "painting" for n in card.needs) for card in shown)
    card = state.cards(1)[0]
    history.do(edit_of(store, "tasks", card.id, {"status": "staffed", "rank": -5.0}, "m"))
    state.update_task(card.id)
    assert state.cards(2)[0].id == card.id
    undone = history.undo()
    assert undone is not None
    state.update_task(undone.record_id)
    fresh = BoardState(store, today, filter=BoardFilter(skill="painting"))
    assert state.columns == fresh.columns


def test_delete_removes_card_and_counts(today: dt.date) -> None:
    store = district_store(today)
    state = BoardState(store, today)
    before = dict(state.totals)
    card = state.cards(0)[0]
    EditHistory(store).do(edit_of(store, "tasks", card.id, {"deleted": True}, "d", "deleted"))
    state.update_task(card.id)
    assert card.id not in state.columns[0]
    assert state.totals[card.status] == before[card.status] - 1


def test_volunteer_filter_and_fill_counts_follow_new_assignments(today: dt.date) -> None:
    """The per-volunteer index is built when first filtered on and again after a change."""
    store = district_store(today)
    state = BoardState(store, today)
    person = next(store.volunteers.live())
    state.set_filter(BoardFilter(volunteer=person["id"]))
    before = {i for column in state.columns for i in column}
    task = next(
        doc
        for doc in store.tasks.live()
        if doc["id"] not in before and doc["needs"] and doc["status"] != "archived"
    )
    skill = task["needs"][0]["skill"]
    filled = dict((need.skill, need.filled) for need in state.card(task["id"]).needs)
    store.assignments.create(Assignment(task=task["id"], volunteer=person["id"], skill=skill))
    state.update_task(task["id"])
    assert {i for column in state.columns for i in column} == before | {task["id"]}
    assert state.card(task["id"]).needs[0].filled == filled[skill] + 1
    fresh = BoardState(store, today, filter=BoardFilter(volunteer=person["id"]))
    assert fresh.columns == state.columns


def test_search_sees_a_title_changed_since_the_last_letter(today: dt.date) -> None:
    """The cards kept per column for searching are dropped as soon as a task changes."""
    store = district_store(today)
    state = BoardState(store, today)
    state.search("e")
    task = next(doc for doc in store.tasks.live() if doc["status"] == "open")
    store.tasks.update(task["id"], {"title": "Qwxyz mural"})
    state.search("qwxyz")
    assert [i for column in state.columns for i in column] == [task["id"]]
    state.search("")
    assert state.columns == BoardState(store, today).columns


def test_search_matches_a_full_rebuild_letter_by_letter(today: dt.date) -> None:
    store = district_store(today)
    state = BoardState(store, today)
    for text in ("p", "pa", "pai", "pa", "", "6"):
        state.search(text)
        fresh = BoardState(store, today, filter=BoardFilter(text=text))
        assert state.columns == fresh.columns
        assert all(text in state.card(i).haystack for column in state.columns for i in column)


def _series_marks(state: BoardState) -> list[tuple[str, tuple[str, int] | None]]:
    """Every shown card with its `↻ weekly +N` mark."""
    return [(i, state.card(i).series) for column in state.columns for i in column]


def test_series_changes_match_a_full_rebuild_without_rebuilding(
    story_store: Store, today: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving, editing and removing occurrences of a series places only that series again.

    Which occurrence is next changes with each of them; the board must show what
    a board opened afresh shows, without reading every task again (at district
    size a full rebuild costs tens of milliseconds per key press)."""
    store = story_store
    fields = {
        "title": "周末清扫",
        "site": "funing",
        "due": "2026-11-28",
        "needs": [{"skill": "cleaning", "count": 2, "min_level": 1}],
    }
    made = create_series(store, fields, "weekly:sat", until=None, today=today)
    weeks = [doc["id"] for doc in occurrences(store, made.parts[0].record_id)]
    assert len(weeks) == 8
    state = BoardState(store, today)
    rebuilt: list[str] = []
    monkeypatch.setattr(state, "rebuild", lambda: rebuilt.append("rebuild"))
    history = EditHistory(store)

    def changed(edit: Edit | None, task_id: str) -> None:
        assert edit is not None
        history.record(edit)
        state.update_task(task_id)
        fresh = BoardState(store, today)
        assert state.columns == fresh.columns
        assert state.totals == fresh.totals
        assert _series_marks(state) == _series_marks(fresh)

    changed(move_task(store, weeks[0], "in_progress", top=True), weeks[0])
    assert state.card(weeks[0]).series == ("weekly", 7)
    assert state.selected_id() == weeks[0]
    changed(move_task(store, weeks[0], "done", top=True), weeks[0])
    assert state.card(weeks[1]).series == ("weekly", 6)  # the next week is the card now
    assert state.card(weeks[0]).series is None
    changed(edit_task(store, weeks[5], {"due": "2026-11-26"}), weeks[5])
    assert state.card(weeks[5]).series == ("weekly", 6)  # moved before the others
    assert weeks[1] not in state._placed
    later = edit_following(store, weeks[2], lambda task: {"due": "2026-12-31"})
    changed(later.edit, weeks[2])
    changed(remove_task(store, weeks[5]), weeks[5])
    assert state.card(weeks[1]).series == ("weekly", 5)
    while (undone := history.undo()) is not None:
        for task_id in undone.records(Table.TASKS) or [undone.record_id]:
            state.update_task(task_id)
        assert state.columns == BoardState(store, today).columns
    assert _series_marks(state) == _series_marks(BoardState(store, today))
    assert rebuilt == []

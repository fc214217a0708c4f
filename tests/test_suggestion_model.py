"""Residents' suggestions as records: the progress rule, the reason a decline needs, refs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError
from test_sync_support import site_store

from taskboard.model import Suggestion, SuggestionStatus, Task
from taskboard.model.suggestion import progress
from taskboard.store import InvalidRecord


def tasks(*statuses: str, days: tuple[str | None, ...] = ()) -> dict[str, dict[str, Any]]:
    found = {}
    for number, status in enumerate(statuses):
        day = days[number] if number < len(days) else None
        found[f"t{number}"] = {"status": status, "due": day, "start": None}
    return found


def wish(decision: str = "received", linked: int = 0) -> dict[str, Any]:
    return {"decision": decision, "tasks": [f"t{n}" for n in range(linked)]}


@pytest.mark.parametrize(
    ("decision", "statuses", "expected"),
    [
        ("received", (), "received"),
        ("accepted", (), "accepted"),
        ("received", ("suggested", "open"), "planned"),
        ("accepted", ("open",), "planned"),
        ("accepted", ("staffed", "open"), "in_progress"),
        ("accepted", ("in_progress",), "in_progress"),
        ("accepted", ("done", "open"), "in_progress"),  # half of it is done
        ("accepted", ("done", "archived"), "done"),
        ("declined", ("done",), "declined"),
    ],
)
def test_progress_is_read_from_the_linked_tasks(
    decision: str, statuses: tuple[str, ...], expected: str
) -> None:
    found = progress(wish(decision, len(statuses)), tasks(*statuses))
    assert found.status == SuggestionStatus(expected)
    assert found.linked == len(statuses)


def test_removed_tasks_do_not_count_and_days_are_told() -> None:
    linked = tasks("done", "open", days=("2026-11-07", "2026-12-12"))
    linked["t1"]["deleted"] = True
    done = progress(wish("accepted", 2), linked)
    assert (done.status, done.linked, done.last_day) == (
        SuggestionStatus.DONE,
        1,
        dt.date(2026, 11, 7),
    )
    later_first = tasks("open", "open", days=("2026-12-12", "2026-12-05"))
    planned = progress(wish("accepted", 2), later_first)
    assert planned.next_day == dt.date(2026, 12, 5)


def test_a_declined_suggestion_needs_a_reason() -> None:
    with pytest.raises(ValidationError, match="needs a reason"):
        Suggestion(site="funing", text="希望划出更多停车位", decision="declined")
    kept = Suggestion(site="funing", text="停车位", decision="declined", reason="消防通道")
    assert kept.reason == "消防通道"


def test_suggestions_get_this_sites_references_and_keep_links_sorted() -> None:
    store = site_store("funing")
    task = store.tasks.create(Task(title="围墙补焊", site="funing"))
    first = store.suggestions.create(Suggestion(site="funing", text="小区内围墙生锈"))
    second = store.suggestions.create(
        Suggestion(site="funing", text="路灯不亮", tasks=[task.id, task.id])
    )
    assert (first.ref, second.ref) == ("funing-s1", "funing-s2")
    assert second.tasks == [task.id]
    assert store.suggestions.find("FUNING-S2")["id"] == second.id
    with pytest.raises(InvalidRecord, match="belongs to site xingye"):
        store.suggestions.create(Suggestion(site="funing", ref="xingye-s1", text="x"))
    with pytest.raises(InvalidRecord, match="unknown site"):
        store.suggestions.create(Suggestion(site="nowhere", text="x"))

"""The hard rules across records (`taskboard.model.rules`): each rule, its words in
both languages, and the store and matching refusing for the one same reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cli_harness import Cli

from taskboard.i18n import LANGUAGES
from taskboard.matching.reasons import from_breach
from taskboard.matching.rules import breaches
from taskboard.matching.snapshot import Snapshot
from taskboard.model import Assignment, Site, Task, Volunteer, rules
from taskboard.model.rules import Breach, Window
from taskboard.store import RuleBroken, Store

SAT = dt.date(2026, 11, 28)
MORNING = Window(dt.datetime(2026, 11, 28, 9), dt.datetime(2026, 11, 28, 11))


def words(breach: Breach | None) -> str | None:
    """The breach's sentence in English, None when the rule holds."""
    return None if breach is None else breach.text()


# Each rule -----------------------------------------------------------------------------------
def test_only_active_volunteers_get_work() -> None:
    assert rules.active(True) is None
    assert words(rules.active(False)) == "not active"


def test_the_skill_at_the_needed_level() -> None:
    assert words(rules.skill_level("welding", None, 1)) == "no welding skill"
    assert words(rules.skill_level("welding", 1, 2)) == "welding level 1 < 2"
    assert rules.skill_level("welding", 2, 2) is None


def test_a_minor_never_holds_or_takes_adult_only_work() -> None:
    assert rules.adult_only(False, {"welding": True}) is None
    assert rules.adult_only(True, {"painting": False}) is None
    found = rules.adult_only(True, {"welding": True, "painting": False, "electrical": True})
    assert found is not None and found.code == "adult_only"
    assert found.text() == "minor: electrical, welding is adult-only"
    assert found.fields == ("skills", "minor")


def test_a_certificate_valid_on_the_task_day_where_the_skill_needs_one() -> None:
    assert rules.certificate("painting", False, None, SAT) is None
    assert words(rules.certificate("welding", True, None, SAT)) == "no welding certificate"
    assert words(rules.certificate("welding", True, SAT - dt.timedelta(days=1), SAT)) == (
        "welding certificate expired 2026-11-27 (needed on 2026-11-28)"
    )
    assert rules.certificate("welding", True, SAT, SAT) is None  # valid through its last day


def test_no_away_period_on_a_day_of_the_window() -> None:
    periods = [(dt.date(2026, 11, 20), dt.date(2026, 11, 22)), (SAT, dt.date(2026, 12, 2))]
    assert words(rules.away(periods, dt.date(2026, 11, 27), SAT)) == "away 2026-11-28 – 2026-12-02"
    assert rules.away(periods, dt.date(2026, 11, 23), dt.date(2026, 11, 27)) is None


def test_weekly_availability_covers_every_slot_the_window_touches() -> None:
    free = frozenset({"sat:morning"})
    assert rules.availability(frozenset({"sat:morning"}), free) is None
    needed = frozenset({"sat:morning", "sat:afternoon", "sun:morning"})
    assert words(rules.availability(needed, free)) == "not free on sat:afternoon, sun:morning"


def test_one_slot_per_task_and_no_offer_after_a_decline_or_no_show() -> None:
    assert rules.on_task(None) is None
    assert words(rules.on_task("planting")) == "already on this task (planting)"
    assert [words(rules.refused(s)) for s in ("proposed", "declined", "no_show", None)] == [
        None,
        "declined this task",
        "did not show up for this task",
        None,
    ]


def test_no_double_booking_in_overlapping_windows() -> None:
    assert rules.overlap("funing-3", None) is None
    found = rules.overlap("funing-3", MORNING)
    assert words(found) == "booked on funing-3 at 2026-11-28 09:00–2026-11-28 11:00"
    assert found is not None and from_breach(found).text == (
        "booked on funing-3 at 2026-11-28 sat 09:00–11:00"
    )


def test_the_weekly_hour_cap_counts_booked_hours() -> None:
    assert rules.weekly_cap(None, 40, 8) is None
    assert rules.weekly_cap(4, 2, 2) is None  # exactly at the cap is allowed
    assert words(rules.weekly_cap(4, 3, 2)) == "weekly cap 4 h: 3 h booked + 2 h"
    assert words(rules.weekly_cap(4.5, 2.25, 2.5)) == "weekly cap 4.5 h: 2.25 h booked + 2.5 h"


EVERY_BREACH = [
    rules.active(False),
    rules.skill_level("welding", None, 1),
    rules.skill_level("welding", 1, 2),
    rules.adult_only(True, {"welding": True}),
    rules.certificate("welding", True, None, SAT),
    rules.certificate("welding", True, dt.date(2026, 1, 1), SAT),
    rules.away([(SAT, SAT)], SAT, SAT),
    rules.availability(frozenset({"sat:morning"}), frozenset()),
    rules.on_task("welding"),
    rules.refused("declined"),
    rules.refused("no_show"),
    rules.overlap("funing-3", MORNING),
    rules.weekly_cap(4, 3, 2),
]


@pytest.mark.parametrize("breach", EVERY_BREACH, ids=lambda b: f"{b.code}:{b.message}")
def test_every_rule_reads_in_chinese(breach: Breach) -> None:
    assert breach.message in LANGUAGES["zh"]
    assert breach.text(LANGUAGES["zh"].__getitem__) != breach.text()


# The store and matching say the same -------------------------------------------------------------
@pytest.fixture
def teen_on_painting(memory_store: Store) -> tuple[Volunteer, Task]:
    """A minor who paints, a painting task, and then painting made adult-only."""
    teen = memory_store.volunteers.create(
        Volunteer(
            name="刘佳怡",
            site="funing",
            skills={"painting": 2},
            minor=True,
            availability=["sat:morning"],
        ),
    )
    work = memory_store.tasks.create(
        Task(
            title="刷漆",
            site="funing",
            needs=[{"skill": "painting"}],
            start=dt.datetime(2026, 11, 28, 9),
            end=dt.datetime(2026, 11, 28, 11),
        ),
    )
    memory_store.skills.update("painting", {"adult_only": True})
    return teen, work


def test_store_and_matching_refuse_a_minor_with_the_same_words(
    memory_store: Store, teen_on_painting: tuple[Volunteer, Task], today: dt.date
) -> None:
    teen, work = teen_on_painting
    rule = rules.adult_only(True, {"painting": True})
    assert rule is not None and rule.text() == "minor: painting is adult-only"

    with pytest.raises(RuleBroken) as stored_volunteer:
        memory_store.volunteers.check(teen)
    with pytest.raises(RuleBroken) as stored_assignment:
        memory_store.assignments.create(
            Assignment(task=work.id, volunteer=teen.id, skill="painting")
        )
    snapshot = Snapshot.from_store(memory_store, today)
    job = snapshot.job(work.id)
    matched = breaches(snapshot.by_id[teen.id], job, job.needs[0], snapshot)

    for refused in (stored_volunteer.value, stored_assignment.value):
        assert refused.breach == rule
        assert str(refused) == f"刘佳怡: {rule.text()}"
    assert [(r.code, r.text) for r in matched] == [(rule.code, rule.text())]
    assert not list(memory_store.assignments.live())


def test_the_cli_refuses_a_minor_on_adult_only_work_as_matching_explains(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, today: dt.date
) -> None:
    db = tmp_path / "board.json"
    store = Store.open(db, who="测试员", must_exist=False)
    store.initialise(Site(id="funing", name="阜宁社区"), coordinator="李主任")
    cli = Cli(capsys, db)
    cli.ok("volunteer", "add", "--name", "小明", "--minor", "--skill", "painting:2")
    cli.ok("task", "add", "--title", "刷漆", "--need", "painting:1", "--due", "2026-12-01")
    cli.ok("skill", "add", "plumbing", "--en", "plumbing", "--zh", "水管维修", "--adult-only")
    Store.open(db).skills.update("painting", {"adult_only": True})

    why_not = cli.ok("match", "--task", "funing-1", "--why-not", "--today", str(today)).out
    assert "小明 (funing-v1)" in why_not and "minor: painting is adult-only" in why_not
    assert cli.fails("assign", "funing-1", "小明", "--today", str(today)) == (
        "taskboard: error: 小明 (funing-v1) cannot take painting on funing-1:"
        " minor: painting is adult-only"
    )
    assert cli.fails("volunteer", "edit", "小明", "--skill", "plumbing:1") == (
        "taskboard: error: 小明: minor: painting, plumbing is adult-only"
    )

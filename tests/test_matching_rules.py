"""Each hard rule, each reason's words, the fit score's parts, and storing matches."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib
from dataclasses import replace
from typing import Any

import pytest

from taskboard.actions import MatchRefused, accept_proposal, assign, set_state, unassign
from taskboard.matching.candidates import CandidateIndex
from taskboard.matching.fit import FitContext, fit, score
from taskboard.matching.reasons import joined
from taskboard.matching.rules import Placement, breaches, joint_breaches
from taskboard.matching.snapshot import Snapshot, day_parts, touched_slots
from taskboard.matching.suggest import suggest
from taskboard.model import Assignment, HoursEntry, Site, Task, Volunteer
from taskboard.settings import (
    MatchSettings,
    Settings,
    current_day,
    dump_settings,
    settings_from,
)
from taskboard.store import Store

SAT = dt.date(2026, 11, 28)


def at(day: dt.date, hour: float) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=hour)


def person(store: Store, name: str, **fields: Any) -> Volunteer:
    fields.setdefault("site", "funing")
    fields.setdefault("availability", ["sat:morning", "sat:afternoon", "sun:morning"])
    return store.volunteers.create(Volunteer(name=name, **fields))


def task(store: Store, title: str, needs: list[dict[str, Any]], **fields: Any) -> Task:
    fields.setdefault("site", "funing")
    if "due" not in fields:
        fields.setdefault("start", at(SAT, 9))
        fields.setdefault("end", at(SAT, 11))
    return store.tasks.create(Task(title=title, needs=needs, **fields))


def why_not(store: Store, who: Volunteer, work: Task, skill: str) -> list[str]:
    snapshot = Snapshot.from_store(store, current_day())
    job = snapshot.job(work.id)
    need = job.need(skill)
    assert need is not None
    return [r.text for r in breaches(snapshot.by_id[who.id], job, need, snapshot)]


@pytest.fixture
def welding_job(memory_store: Store) -> Task:
    return task(memory_store, "围栏补焊", [{"skill": "welding", "count": 2, "min_level": 2}])


# Time ---------------------------------------------------------------------------------------------
def test_windows_touch_the_parts_of_the_day_they_overlap() -> None:
    assert touched_slots(at(SAT, 8.5), at(SAT, 11.5)) == {"sat:morning"}
    assert touched_slots(at(SAT, 11), at(SAT, 13)) == {"sat:morning", "sat:afternoon"}
    assert touched_slots(at(SAT, 12), at(SAT, 18)) == {"sat:afternoon"}
    assert touched_slots(at(SAT, 21), at(SAT, 25)) == {"sat:evening", "sun:morning"}


def test_hours_outside_the_day_parts_count_as_the_nearest_part() -> None:
    assert day_parts(6, 7.5) == ["morning"]
    assert day_parts(22.5, 23.5) == ["evening"]
    assert day_parts(0, 24) == ["morning", "afternoon", "evening"]


# Each hard rule ----------------------------------------------------------------------------------
def test_an_eligible_volunteer_breaks_nothing(memory_store: Store, welding_job: Task) -> None:
    who = person(
        memory_store, "李建国", skills={"welding": 3}, certs={"welding": dt.date(2027, 1, 1)}
    )
    assert why_not(memory_store, who, welding_job, "welding") == []


def test_inactive_volunteers_are_never_offered(memory_store: Store, welding_job: Task) -> None:
    who = person(
        memory_store,
        "王海涛",
        skills={"welding": 3},
        certs={"welding": dt.date(2027, 1, 1)},
        active=False,
    )
    assert why_not(memory_store, who, welding_job, "welding") == ["not active"]


def test_skill_and_level(memory_store: Store, welding_job: Task) -> None:
    cleaner = person(memory_store, "赵德明", skills={"cleaning": 2})
    novice = person(memory_store, "周志强", skills={"welding": 1}, certs={"welding": SAT})
    assert why_not(memory_store, cleaner, welding_job, "welding")[0] == "no welding skill"
    assert why_not(memory_store, novice, welding_job, "welding") == ["welding level 1 < 2"]


def test_a_minor_never_gets_adult_only_work(memory_store: Store) -> None:
    teen = person(memory_store, "刘佳怡", skills={"painting": 2}, minor=True)
    work = task(memory_store, "刷漆", [{"skill": "painting", "count": 1}])
    assert why_not(memory_store, teen, work, "painting") == []
    memory_store.skills.update("painting", {"adult_only": True})
    assert why_not(memory_store, teen, work, "painting") == ["minor: painting is adult-only"]


def test_minor_welding_reason_in_words(
    memory_store: Store, welding_job: Task, today: dt.date
) -> None:
    adult = person(memory_store, "李建国", skills={"welding": 3}, certs={"welding": SAT})
    snapshot = Snapshot.from_store(memory_store, today)
    teen = replace(snapshot.by_id[adult.id], minor=True)  # as a tampered record would read
    job = snapshot.job(welding_job.id)
    need = job.needs[0]
    assert [r.text for r in breaches(teen, job, need, snapshot)] == ["minor: welding is adult-only"]


def test_certificate_must_be_valid_on_the_task_day(memory_store: Store, welding_job: Task) -> None:
    none = person(memory_store, "吴振华", skills={"welding": 2})
    lapsing = person(
        memory_store, "马晓东", skills={"welding": 2}, certs={"welding": dt.date(2026, 11, 27)}
    )
    assert why_not(memory_store, none, welding_job, "welding") == ["no welding certificate"]
    assert why_not(memory_store, lapsing, welding_job, "welding") == [
        "welding certificate expired 2026-11-27 (needed on 2026-11-28)"
    ]


def test_away_and_weekly_availability(memory_store: Store) -> None:
    work = task(memory_store, "长椅", [{"skill": "carpentry"}], start=at(SAT, 10), end=at(SAT, 13))
    away = person(
        memory_store,
        "何伟",
        skills={"carpentry": 3},
        away=[{"start": dt.date(2026, 11, 27), "end": dt.date(2026, 11, 30)}],
    )
    mornings = person(memory_store, "冯国庆", skills={"carpentry": 1}, availability=["sat:morning"])
    assert why_not(memory_store, away, work, "carpentry") == ["away 2026-11-27 – 2026-11-30"]
    assert why_not(memory_store, mornings, work, "carpentry") == ["not free on sat afternoon"]


def test_tasks_with_only_a_due_date_have_no_fixed_time(memory_store: Store, today: dt.date) -> None:
    work = task(memory_store, "公示栏", [{"skill": "publicity"}], due=dt.date(2026, 12, 2))
    busy = person(memory_store, "郑秀兰", skills={"publicity": 2}, availability=[])
    assert why_not(memory_store, busy, work, "publicity") == []
    ctx = FitContext.build(Snapshot.from_store(memory_store, today))
    found = suggest(ctx, work.id).needs[0].candidates[0]
    assert "no fixed time (due 2026-12-02)" in joined(found.fit.reasons)


def test_no_double_booking_in_overlapping_windows(memory_store: Store) -> None:
    who = person(memory_store, "孙丽娟", skills={"planting": 3, "cleaning": 2})
    first = task(memory_store, "花池", [{"skill": "planting"}], start=at(SAT, 9), end=at(SAT, 11))
    second = task(memory_store, "清扫", [{"skill": "cleaning"}], start=at(SAT, 10), end=at(SAT, 12))
    later = task(memory_store, "下午", [{"skill": "cleaning"}], start=at(SAT, 11), end=at(SAT, 12))
    memory_store.assignments.create(Assignment(task=first.id, volunteer=who.id, skill="planting"))
    assert why_not(memory_store, who, second, "cleaning") == [
        f"booked on {first.ref} at 2026-11-28 sat 09:00–11:00"
    ]
    assert why_not(memory_store, who, later, "cleaning") == []


def test_weekly_cap_counts_confirmed_work(memory_store: Store) -> None:
    who = person(memory_store, "黄桂英", skills={"cleaning": 2}, max_hours=4)
    done = task(memory_store, "楼道", [{"skill": "cleaning"}], due=dt.date(2026, 11, 26), hours=3)
    more = task(memory_store, "天台", [{"skill": "cleaning"}], due=dt.date(2026, 11, 27), hours=2)
    record = Assignment(task=done.id, volunteer=who.id, skill="cleaning")
    memory_store.assignments.create(record)
    assert why_not(memory_store, who, more, "cleaning") == []  # proposed work is not counted
    memory_store.assignments.update(record.id, {"state": "confirmed"})
    assert why_not(memory_store, who, more, "cleaning") == ["weekly cap 4 h: 3 h booked + 2 h"]


def test_index_agrees_with_the_rules(
    memory_store: Store, welding_job: Task, today: dt.date
) -> None:
    person(memory_store, "甲", skills={"welding": 3}, certs={"welding": SAT})
    person(memory_store, "乙", skills={"welding": 2})
    person(memory_store, "丙", skills={"welding": 2}, certs={"welding": SAT}, availability=[])
    snapshot = Snapshot.from_store(memory_store, today)
    job = snapshot.job(welding_job.id)
    fast = CandidateIndex(snapshot).eligible(job, job.needs[0])
    slow = {p.index for p in snapshot.people if not breaches(p, job, job.needs[0], snapshot)}
    assert fast == slow and len(fast) == 1


def test_joint_check_refuses_overlaps_within_one_batch(memory_store: Store, today: dt.date) -> None:
    who = person(memory_store, "陈玉珍", skills={"performance": 3})
    one = task(memory_store, "排练", [{"skill": "performance"}], start=at(SAT, 9), end=at(SAT, 11))
    two = task(memory_store, "录制", [{"skill": "performance"}], start=at(SAT, 10), end=at(SAT, 12))
    snapshot = Snapshot.from_store(memory_store, today)
    found = joint_breaches(
        [Placement(one.id, "performance", who.id), Placement(two.id, "performance", who.id)],
        snapshot,
    )
    assert list(found) == [1] and found[1].code == "overlap"


# Fit --------------------------------------------------------------------------------------------
def test_reasons_read_like_a_coordinator_would_say_them(
    memory_store: Store, welding_job: Task, today: dt.date
) -> None:
    who = person(memory_store, "李建国", skills={"welding": 3}, certs={"welding": SAT})
    old = task(memory_store, "旧活", [{"skill": "cleaning"}], due=dt.date(2026, 11, 20))
    record = Assignment(task=old.id, volunteer=who.id, skill="cleaning", state="done")
    memory_store.assignments.create(record)
    memory_store.hours.create(
        HoursEntry(
            assignment=record.id, task=old.id, volunteer=who.id, date=dt.date(2026, 11, 20), hours=4
        ),
    )
    ctx = FitContext.build(Snapshot.from_store(memory_store, today))
    job = ctx.snapshot.job(welding_job.id)
    found = fit(ctx.snapshot.by_id[who.id], job, job.needs[0], ctx)
    assert joined(found.reasons) == "welding level 3 ≥ 2 · same community · 4 h in the last 30 days"


def test_the_only_expert_is_kept_for_the_hard_slot(memory_store: Store, today: dt.date) -> None:
    expert = person(
        memory_store, "周志强", skills={"electrical": 3}, certs={"electrical": dt.date(2027, 6, 1)}
    )
    helper = person(
        memory_store, "马晓东", skills={"electrical": 1}, certs={"electrical": dt.date(2027, 6, 1)}
    )
    easy = task(memory_store, "换灯泡", [{"skill": "electrical"}], due=dt.date(2026, 12, 1))
    task(
        memory_store,
        "线路改造",
        [{"skill": "electrical", "min_level": 3}],
        due=dt.date(2026, 12, 2),
    )
    ctx = FitContext.build(Snapshot.from_store(memory_store, today))
    ranked = suggest(ctx, easy.id).needs[0].candidates
    assert [c.person.id for c in ranked] == [helper.id, expert.id]
    assert ranked[1].fit.reasons[0].code == "waste"


def test_preferences_order_the_candidates(memory_store: Store, today: dt.date) -> None:
    memory_store.sites.create(Site(id="jingshan", name="景山社区"))
    work = task(
        memory_store,
        "普查",
        [{"skill": "door_to_door", "count": 3}],
        due=dt.date(2026, 12, 1),
        prefer_group="military-spouse-association",
    )
    member = person(
        memory_store, "罗文珍", skills={"door_to_door": 1}, groups=["military-spouse-association"]
    )
    local = person(memory_store, "潘晓红", skills={"door_to_door": 1})
    away = person(memory_store, "田芳", skills={"door_to_door": 1}, site="jingshan")
    ctx = FitContext.build(Snapshot.from_store(memory_store, today))
    ranked = suggest(ctx, work.id).needs[0].candidates
    assert [c.person.id for c in ranked] == [member.id, local.id, away.id]
    assert "in military-spouse-association" in joined(ranked[0].fit.reasons)
    assert "from 景山社区" in joined(ranked[2].fit.reasons)


def test_weights_come_from_the_settings(memory_store: Store, today: dt.date) -> None:
    work = task(
        memory_store,
        "宣传",
        [{"skill": "publicity"}],
        due=dt.date(2026, 12, 1),
        prefer_group="youth",
    )
    teen = person(memory_store, "许诺", skills={"publicity": 1}, groups=["youth"], minor=True)
    snapshot = Snapshot.from_store(memory_store, today)
    job, who = snapshot.job(work.id), snapshot.by_id[teen.id]
    plain = score(who, job, job.needs[0], FitContext.build(snapshot))
    heavy = score(who, job, job.needs[0], FitContext.build(snapshot, MatchSettings(group=3)))
    assert heavy == pytest.approx(plain + 2)


def test_match_settings_round_trip_through_toml() -> None:
    settings = Settings(match=MatchSettings(fairness=2.5, auto_staff=False))
    again = settings_from(tomllib.loads(dump_settings(settings)))
    assert again.match == settings.match


# Storing --------------------------------------------------------------------------------------
def test_assign_refuses_a_hard_rule_with_its_reason(
    memory_store: Store, welding_job: Task, today: dt.date
) -> None:
    person(memory_store, "吴振华", skills={"welding": 2})
    with pytest.raises(MatchRefused, match="no welding certificate"):
        assign(memory_store, welding_job.ref, "吴振华", today=today)
    assert not list(memory_store.assignments.live())


def test_filling_every_slot_staffs_the_task_and_freeing_one_reopens_it(
    memory_store: Store,
    today: dt.date,
) -> None:
    work = task(memory_store, "清扫", [{"skill": "cleaning", "count": 2}], due=dt.date(2026, 12, 1))
    a = person(memory_store, "甲", skills={"cleaning": 1})
    b = person(memory_store, "乙", skills={"cleaning": 1})
    applied = accept_proposal(
        memory_store,
        [Placement(work.id, "cleaning", a.id), Placement(work.id, "cleaning", b.id)],
        today=today,
    )
    assert applied.staffed == [work.ref]
    assert memory_store.task(work.ref).status == "staffed"
    unassign(memory_store, work.ref, a.ref)
    assert memory_store.task(work.ref).status == "open"


def test_auto_staff_can_be_switched_off(memory_store: Store, today: dt.date) -> None:
    work = task(memory_store, "清扫", [{"skill": "cleaning"}], due=dt.date(2026, 12, 1))
    person(memory_store, "甲", skills={"cleaning": 1})
    assign(memory_store, work.ref, "甲", today=today, settings=MatchSettings(auto_staff=False))
    assert memory_store.task(work.ref).status == "open"


def test_a_decline_offers_the_slot_to_the_next_candidate(
    memory_store: Store, today: dt.date
) -> None:
    work = task(memory_store, "清扫", [{"skill": "cleaning"}], due=dt.date(2026, 12, 1))
    person(memory_store, "甲", skills={"cleaning": 2})
    second = person(memory_store, "乙", skills={"cleaning": 1})
    assign(memory_store, work.ref, "甲", today=today)
    result = set_state(memory_store, work.ref, "甲", "declined", today=today)
    assert result.offered is not None and result.offered.person.id == second.id
    states = {d["volunteer"]: d["state"] for d in memory_store.assignments_of_task(work.id)}
    assert states[second.id] == "proposed"
    assert memory_store.task(work.ref).status == "staffed"


def test_confirming_rechecks_the_weekly_cap(memory_store: Store, today: dt.date) -> None:
    who = person(memory_store, "黄桂英", skills={"cleaning": 2}, max_hours=4)
    one = task(memory_store, "一", [{"skill": "cleaning"}], due=dt.date(2026, 11, 26), hours=3)
    two = task(memory_store, "二", [{"skill": "cleaning"}], due=dt.date(2026, 11, 27), hours=3)
    assign(memory_store, one.ref, who.ref, today=today, state="confirmed")
    with pytest.raises(MatchRefused, match="weekly cap"):
        assign(memory_store, two.ref, who.ref, today=today)
    with pytest.raises(MatchRefused, match="cannot become"):
        set_state(memory_store, one.ref, who.ref, "proposed", today=today)
    set_state(memory_store, one.ref, who.ref, "done", today=today)
    assert memory_store.assignments_of_task(one.id)[0]["state"] == "done"


def test_matching_loads_neither_textual_nor_the_solver_at_import() -> None:
    modules = [
        "taskboard.actions",
        "taskboard.matching.exact",
        "taskboard.matching.propose",
        "taskboard.matching.suggest",
        "taskboard.cli.match_commands",
    ]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "heavy = ('textual', 'numpy', 'scipy')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"

"""Properties of the whole-board proposal on random rosters and boards.

No proposal ever breaks a hard rule (judged jointly, as it would be stored);
it fills at least as many slots as a greedy pass and, filling as many, never
has a lower total fit; the exact MILP is never beaten; the fast candidate
index agrees with the reference rules; the array fit equals the scalar fit.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taskboard.matching.candidates import CandidateIndex, CandidateMasks
from taskboard.matching.exact import exact_proposal
from taskboard.matching.fit import FitContext, score
from taskboard.matching.propose import _CapUse, _headroom, greedy_proposal, propose, shrink
from taskboard.matching.rules import breaches, joint_breaches
from taskboard.matching.snapshot import HOURS_SLACK, Job, Snapshot
from taskboard.matching.solver import Bars, Demand, FitArrays, _match, best_people, solve_group
from taskboard.model import DAYS, PARTS, Assignment, Site, Task, Volunteer
from taskboard.store import Store

SKILLS = ("welding", "painting", "cleaning", "electrical", "first_aid")
ADULT_ONLY = {"welding", "electrical"}
SLOTS = [f"{day}:{part}" for day in DAYS for part in PARTS]
GROUPS = ("party-member", "youth")
SITES = ("funing", "jingshan")

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def volunteers(draw: st.DrawFn, today: dt.date) -> dict[str, Any]:
    minor = draw(st.booleans()) and draw(st.booleans())
    allowed = [s for s in SKILLS if not (minor and s in ADULT_ONLY)]
    skills = draw(st.dictionaries(st.sampled_from(allowed), st.integers(1, 3), max_size=3))
    certs = {
        skill: today + dt.timedelta(days=draw(st.integers(-5, 25)))
        for skill in skills
        if skill in ("welding", "electrical", "first_aid") and draw(st.booleans())
    }
    away = []
    if draw(st.integers(0, 5)) == 0:
        start = today + dt.timedelta(days=draw(st.integers(0, 12)))
        away = [{"start": start, "end": start + dt.timedelta(days=draw(st.integers(0, 4)))}]
    return {
        "skills": skills,
        "certs": certs,
        "minor": minor,
        "availability": draw(st.lists(st.sampled_from(SLOTS), max_size=12, unique=True)),
        "away": away,
        "max_hours": draw(st.sampled_from([None, None, 2.0, 3.0, 5.0])),
        "active": draw(st.integers(0, 9)) > 0,
        "site": draw(st.sampled_from(SITES)),
        "groups": draw(st.lists(st.sampled_from(GROUPS), max_size=1)),
    }


@st.composite
def tasks(draw: st.DrawFn, today: dt.date) -> dict[str, Any]:
    day = today + dt.timedelta(days=draw(st.integers(-1, 10)))
    skills = draw(st.lists(st.sampled_from(SKILLS), min_size=1, max_size=2, unique=True))
    needs = [
        {"skill": s, "count": draw(st.integers(1, 3)), "min_level": draw(st.integers(1, 3))}
        for s in skills
    ]
    fields: dict[str, Any] = {
        "needs": needs,
        "site": draw(st.sampled_from(SITES)),
        "prefer_group": draw(st.sampled_from([None, *GROUPS])),
        "priority": draw(st.sampled_from(["low", "normal", "high", "urgent"])),
    }
    if draw(st.booleans()):
        start = dt.datetime.combine(day, dt.time(draw(st.integers(7, 20))))
        fields["start"] = start
        fields["end"] = start + dt.timedelta(minutes=30 * draw(st.integers(2, 8)))
    else:
        fields["due"] = day
        fields["hours"] = draw(st.sampled_from([1.0, 2.0, 3.0]))
    return fields


@dataclass
class World:
    """A random roster and board in a store, as a snapshot."""

    store: Store
    snapshot: Snapshot


@st.composite
def worlds(draw: st.DrawFn, today: dt.date) -> World:
    store = Store.memory(who="测试")
    store.initialise(Site(id="funing", name="阜宁社区"))
    store.sites.create(Site(id="jingshan", name="景山社区"))
    people = [
        store.volunteers.create(Volunteer(name=f"志愿者{i}", **spec))
        for i, spec in enumerate(draw(st.lists(volunteers(today), min_size=1, max_size=14)))
    ]
    board = [
        store.tasks.create(Task(title=f"任务{i}", **spec))
        for i, spec in enumerate(draw(st.lists(tasks(today), min_size=1, max_size=8)))
    ]
    for work in draw(st.lists(tasks(today), max_size=3)):
        staffed = store.tasks.create(Task(title="已有", status="staffed", **work))
        person = draw(st.sampled_from(people))
        state = draw(st.sampled_from(["proposed", "confirmed", "declined", "no_show"]))
        skill = staffed.needs[0].skill
        record = Assignment(task=staffed.id, volunteer=person.id, skill=skill, state=state)
        if skill in person.skills or skill not in ADULT_ONLY:
            store.assignments.create(record)
    assert board
    for first, second in draw(st.lists(st.tuples(*[st.sampled_from(people)] * 2), max_size=3)):
        if first.id != second.id:  # one person registered at two sites (linked records)
            for record, other in ((first, second), (second, first)):
                links = store.volunteers.get(record.id)["links"]
                store.volunteers.update(record.id, {"links": sorted({*links, other.id})})
    if draw(st.booleans()):  # a skill made adult-only after minors took it up
        store.skills.update("painting", {"adult_only": True})
    return World(store, Snapshot.from_store(store, today))


@EXAMPLES
@given(data=st.data())
def test_no_proposal_breaks_a_hard_rule(data: st.DataObject, today: dt.date) -> None:
    world = data.draw(worlds(today))
    ctx = FitContext.build(world.snapshot)
    proposal = propose(ctx)
    placements = [line.placement for line in proposal.lines]
    assert joint_breaches(placements, world.snapshot) == {}
    for line in proposal.lines:
        job = world.snapshot.job(line.task)
        need = job.need(line.skill)
        assert need is not None
        who = world.snapshot.by_id[line.person]
        assert breaches(who, job, need, world.snapshot) == []
        assert line.fit == score(who, job, need, ctx)  # arrays and scalars agree exactly
    assert not any("failed the final rule check" in note for note in proposal.notes)


@EXAMPLES
@given(data=st.data())
def test_never_worse_than_greedy(data: st.DataObject, today: dt.date) -> None:
    world = data.draw(worlds(today))
    ctx = FitContext.build(world.snapshot)
    proposal = propose(ctx)
    greedy = greedy_proposal(ctx)
    assert proposal.filled >= len(greedy)
    if proposal.filled == len(greedy):
        assert proposal.fit >= sum(line.fit for line in greedy) - 1e-9
    assert joint_breaches([line.placement for line in greedy], world.snapshot) == {}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_exact_milp_is_an_upper_bound(data: st.DataObject, today: dt.date) -> None:
    world = data.draw(worlds(today))
    ctx = FitContext.build(world.snapshot)
    proposal = propose(ctx)
    exact, placements = exact_proposal(ctx)
    assert joint_breaches(placements, world.snapshot) == {}
    assert exact.filled >= proposal.filled
    if exact.filled == proposal.filled:
        assert exact.fit >= proposal.fit - 1e-6


@EXAMPLES
@given(data=st.data(), offer=st.booleans())
def test_the_candidate_index_agrees_with_the_rules(
    data: st.DataObject, offer: bool, today: dt.date
) -> None:
    """The fast index and `breaches` (each rule of `taskboard.model.rules`) pick the same people."""
    world = data.draw(worlds(today))
    snapshot = world.snapshot
    index = CandidateIndex(snapshot)
    for job in snapshot.open_jobs():
        for need in job.needs:
            slow = {
                p.index
                for p in snapshot.people
                if not breaches(p, job, need, snapshot, offer=offer)
            }
            assert index.eligible(job, need, offer=offer) == slow


@EXAMPLES
@given(data=st.data(), offer=st.booleans())
def test_the_candidate_masks_agree_with_the_index(
    data: st.DataObject, offer: bool, today: dt.date
) -> None:
    """The whole board's boolean arrays mark exactly the index's eligible people, per need."""
    world = data.draw(worlds(today))
    index = CandidateIndex(world.snapshot)
    masks = CandidateMasks(index)
    for job in world.snapshot.open_jobs():
        for need in job.needs:
            marked = {int(i) for i in np.flatnonzero(masks.eligible(job, need, offer=offer))}
            assert marked == index.eligible(job, need, offer=offer)
            named = masks.people(job, need, offer=offer).tolist()
            assert named == sorted(marked)


@settings(max_examples=80, deadline=None)
@given(
    fits=st.lists(st.sampled_from([-0.5, 0.0, 0.25, 1.0, 1.5, 2.75]), min_size=1, max_size=900),
    keep=st.integers(1, 300),
    reads=st.lists(st.integers(1, 1000), min_size=1, max_size=4),
)
def test_a_ranking_read_in_parts_is_the_full_ranking(
    fits: list[float], keep: int, reads: list[int]
) -> None:
    """However far the solver reads, the prefix is the full ranking's: best fit first,
    ties by person (many ties here, so the edges of what is kept and of a partial sort
    are crossed often); past what was kept, the rest is made again."""
    people = np.arange(0, 3 * len(fits), 3, dtype=np.int64)
    values = np.asarray(fits, dtype=np.float64)
    job = Job.from_doc({"id": "t", "needs": [{"skill": "welding"}]})
    demand = Demand(job, job.needs[0], 1)
    demand.set_pool(people, values, keep, lambda: (people, values))
    assert demand.count == len(fits)
    order = np.lexsort((people, -values))
    for size in reads:
        head_people, head_fits = demand.head(size)
        assert len(head_people) == len(head_fits) >= min(size, len(fits))
        assert head_people == people[order][: len(head_people)].tolist()
        assert head_fits == values[order][: len(head_people)].tolist()
    assert list(demand.candidates()) == list(
        zip(people[order].tolist(), values[order].tolist(), strict=True)
    )


@EXAMPLES
@given(data=st.data(), keep=st.integers(1, 4))
def test_slots_ranked_together_are_ranked_as_each_alone(
    data: st.DataObject, keep: int, today: dt.date
) -> None:
    """The whole board ranks slots alike in person rules, site and group together; each
    still gets exactly its own ranking: everyone eligible, each fit as the scalar score,
    best first and ties by person, read as far as wanted (past the few kept, the rest is
    made again)."""
    world = data.draw(worlds(today))
    ctx = FitContext.build(world.snapshot)
    index = CandidateIndex(world.snapshot)
    board = shrink(ctx, index, keep=keep)
    masks, arrays = CandidateMasks(index), FitArrays(ctx)
    for demand in board.demands:
        people = masks.people(demand.job, demand.need)
        fits = arrays.scores(demand.job, demand.need, people)
        order = np.lexsort((people, -fits))
        alone = list(zip(people[order].tolist(), fits[order].tolist(), strict=True))
        assert demand.count == len(alone)
        read = data.draw(st.integers(1, len(alone) + 1))
        assert list(itertools.islice(demand.candidates(), read)) == alone[:read]
        for person, fit in alone:
            assert fit == score(world.snapshot.people[person], demand.job, demand.need, ctx)


@EXAMPLES
@given(data=st.data())
def test_cap_bars_asked_person_by_person_are_the_full_set(
    data: st.DataObject, today: dt.date
) -> None:
    """Who is barred by their weekly cap, asked one person at a time as the solver reads a
    ranking, is exactly everyone the run has put past their cap for that demand's hours
    (beside those banned from the demand by an earlier repair round); a person's hours
    count across their linked records, and bar every one of them."""
    world = data.draw(worlds(today))
    ctx = FitContext.build(world.snapshot)
    board = shrink(ctx, CandidateIndex(world.snapshot))
    usage = _CapUse(board)
    people = range(len(world.snapshot.people))
    for position in range(len(board.demands)):
        placed = data.draw(st.lists(st.sampled_from(people), max_size=3, unique=True))
        usage.change(position, [(person, 0.0) for person in placed], 1.0)
        if data.draw(st.booleans()):
            usage.change(position, [(person, 0.0) for person in placed[:1]], -1.0)
    for position, demand in enumerate(board.demands):
        timing = demand.job.timing
        used = usage.used.get(timing.week, {}) if timing.week is not None else {}
        full_rows = {
            person
            for person, hours in used.items()
            if hours + timing.hours > _headroom(board, person, timing.week) + HOURS_SLACK  # type: ignore[arg-type]
        }
        full = {person for person in people if world.snapshot.rows[person] in full_rows}
        banned = set(data.draw(st.lists(st.sampled_from(people), max_size=2)))
        barred = usage.barred(position, banned)
        assert {person for person in people if person in barred} == full | banned
        if isinstance(barred, Bars):  # asked for a whole ranking at once: the same people
            at_once = barred.among(np.arange(len(people), dtype=np.int64))
            assert set(np.flatnonzero(at_once).tolist()) == full | banned


@settings(max_examples=120, deadline=None)
@given(
    needs=st.lists(
        st.tuples(
            st.integers(1, 3),
            st.dictionaries(
                st.integers(0, 9), st.sampled_from([0.0, 0.5, 1.0, 1.5]), min_size=1, max_size=6
            ),
        ),
        min_size=2,
        max_size=4,
    )
)
def test_a_time_group_is_solved_to_the_matchings_optimum(
    needs: list[tuple[int, dict[int, float]]],
) -> None:
    """Whether the group's needs want different people first (each takes its own best,
    no matching built) or share someone (the exact matching), the slots filled and the
    total fit are the optimum's, and no one is used twice in the group."""
    job = Job.from_doc({"id": "t", "needs": [{"skill": "welding"}]})
    demands = []
    for slots, fits in needs:
        demand = Demand(job, job.needs[0], slots)
        people = np.array(sorted(fits), dtype=np.int64)
        values = np.array([fits[p] for p in sorted(fits)], dtype=np.float64)
        demand.set_pool(people, values, 256, partial(tuple, (people, values)))  # all kept
        demands.append(demand)
    rows = sum(d.open for d in demands)
    kept = [best_people(d, rows, set()) for d in demands]
    found = solve_group(demands, [set() for _ in demands])
    optimum = _match(demands, kept, rows)
    assert found is not None
    assert len(found) == len(optimum)
    assert sum(v for _d, _p, v in found) == pytest.approx(sum(v for _d, _p, v in optimum))
    assert len({person for _d, person, _v in found}) == len(found)
    for position, person, value in found:
        assert value == needs[position][1][person]
    for position, demand in enumerate(demands):
        assert sum(1 for placed, _p, _v in found if placed == position) <= demand.open

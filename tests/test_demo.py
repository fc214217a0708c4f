"""The demo data sets: sizes, integrity, the matching rules, determinism."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from typing import Any

import pytest
from pydantic import BaseModel

from taskboard.demo import Dataset, district_dataset, story_dataset
from taskboard.model import DAYS, DEFAULT_SKILLS, AssignmentState, Status, Task, Volunteer
from taskboard.model.common import PART_HOURS
from taskboard.model.repeat import occurrence_id, occurrence_ref
from taskboard.model.suggestion import progress

SKILLS = {skill.key: skill for skill in DEFAULT_SKILLS}
HOLDING = {AssignmentState.PROPOSED, AssignmentState.CONFIRMED, AssignmentState.DONE}
"""Assignment states that take up a person's time."""
STORY_SITES = {"funing", "jingshan", "yuecheng", "xingye", "chunhui"}
HAN = re.compile(r"[\u4e00-\u9fff]")
ID = re.compile(r"^[0-9a-hjkmnp-tv-z]{26}$")


@pytest.fixture(scope="module")
def story(today: dt.date) -> Dataset:
    return story_dataset(today)


@pytest.fixture(scope="module")
def small_district(today: dt.date) -> Dataset:
    return district_dataset(today, sites=8, tasks=500, volunteers=200)


@pytest.fixture(scope="module", params=["story", "district"])
def dataset(request: pytest.FixtureRequest, story: Dataset, small_district: Dataset) -> Dataset:
    return story if request.param == "story" else small_district


def records(data: Dataset) -> list[BaseModel]:
    return [
        *data.sites,
        *data.volunteers,
        *data.tasks,
        *data.assignments,
        *data.hours,
        *data.suggestions,
    ]


def dump(data: Dataset) -> list[dict[str, Any]]:
    return [record.model_dump(mode="json") for record in records(data)]


def window_slots(task: Task) -> set[str]:
    """The weekly availability slots a scheduled task's window touches."""
    assert task.start is not None and task.end is not None
    day = DAYS[task.start.weekday()]
    return {
        f"{day}:{part}"
        for part, (first, last) in PART_HOURS.items()
        if task.start.hour < last and (task.end.hour, task.end.minute) > (first, 0)
    }


def holding(data: Dataset) -> list[tuple[Task, Volunteer, str]]:
    """(task, volunteer, skill) for every assignment that takes up a person's time."""
    tasks = {task.id: task for task in data.tasks}
    people = {volunteer.id: volunteer for volunteer in data.volunteers}
    return [
        (tasks[a.task], people[a.volunteer], a.skill)
        for a in data.assignments
        if a.state in HOLDING
    ]


# Both data sets


def test_local_site_is_funing_and_first(dataset: Dataset) -> None:
    assert dataset.site.id == "funing"
    assert dataset.sites[0] == dataset.site
    assert len({site.id for site in dataset.sites}) == len(dataset.sites)
    assert all(site.district == "香洲区" for site in dataset.sites)


def test_ids_are_unique_and_shaped_like_new_id(dataset: Dataset) -> None:
    one_off = [task for task in dataset.tasks if task.series is None]
    records = [*dataset.volunteers, *one_off, *dataset.hours, *dataset.series]
    minted = [record.id for record in [*records, *dataset.campaigns, *dataset.visits]]
    assert len(set(minted)) == len(minted)
    assert all(ID.match(value) for value in minted)
    # a household keeps its id in every round of its campaign; within a task, ids are unique
    for task in one_off:
        items = [item.id for item in task.checklist]
        assert len(set(items)) == len(items)
        assert all(ID.match(value) for value in items)
    # a series' occurrences take ids and references from the series and their day
    refs = {series.id: series.ref for series in dataset.series}
    for task in dataset.tasks:
        if task.series is not None:
            day = task.when()
            assert day is not None
            assert task.id == occurrence_id(task.series, day)
            assert task.ref == occurrence_ref(refs[task.series], day)
    households = {h.id for campaign in dataset.campaigns for h in campaign.households}
    rounds = {r.task for campaign in dataset.campaigns for r in campaign.rounds}
    in_rounds = {item.id for task in dataset.tasks if task.id in rounds for item in task.checklist}
    assert households and households <= in_rounds | households
    assert {item.id for task in dataset.tasks for item in task.checklist} >= households
    assert len({a.id for a in dataset.assignments}) == len(dataset.assignments)


def test_refs_are_unique_and_numbered_per_site(dataset: Dataset) -> None:
    one_off = [task for task in dataset.tasks if task.series is None]
    for records_, pattern in ((one_off, "{site}-{n}"), (dataset.volunteers, "{site}-v{n}")):
        refs = [record.ref for record in records_]
        assert len(set(refs)) == len(refs)
        by_site: dict[str | None, list[str]] = defaultdict(list)
        for record in records_:
            by_site[record.site].append(record.ref)
        for site, site_refs in by_site.items():
            expected = [pattern.format(site=site, n=n) for n in range(1, len(site_refs) + 1)]
            assert site_refs == expected


def test_records_refer_to_known_sites(dataset: Dataset) -> None:
    site_ids = {site.id for site in dataset.sites}
    assert {task.site for task in dataset.tasks} <= site_ids
    assert {volunteer.site for volunteer in dataset.volunteers} <= site_ids


def test_needs_and_skills_come_from_the_catalogue(dataset: Dataset) -> None:
    for task in dataset.tasks:
        assert 1 <= len(task.needs) <= 3, task.ref
        assert all(need.skill in SKILLS for need in task.needs), task.ref
    for volunteer in dataset.volunteers:
        assert set(volunteer.skills) <= set(SKILLS), volunteer.ref
        assert set(volunteer.certs) <= {key for key, skill in SKILLS.items() if skill.needs_cert}


def test_assignments_refer_to_a_task_need_and_a_volunteer(dataset: Dataset) -> None:
    tasks = {task.id: task for task in dataset.tasks}
    people = {volunteer.id for volunteer in dataset.volunteers}
    for assignment in dataset.assignments:
        assert assignment.task in tasks
        assert assignment.volunteer in people
        assert assignment.skill in {need.skill for need in tasks[assignment.task].needs}


def test_no_minor_has_or_gets_adult_only_work(dataset: Dataset) -> None:
    adult_only = {key for key, skill in SKILLS.items() if skill.adult_only}
    for volunteer in dataset.volunteers:
        if volunteer.minor:
            assert not adult_only & set(volunteer.skills), volunteer.ref
    people = {volunteer.id: volunteer for volunteer in dataset.volunteers}
    for assignment in dataset.assignments:
        if assignment.skill in adult_only:
            assert not people[assignment.volunteer].minor


def test_assigned_people_have_the_level_and_a_valid_certificate(
    dataset: Dataset, today: dt.date
) -> None:
    for task, volunteer, skill in holding(dataset):
        need = next(need for need in task.needs if need.skill == skill)
        assert volunteer.skills.get(skill, 0) >= need.min_level, (task.ref, volunteer.name)
        if SKILLS[skill].needs_cert:
            assert volunteer.cert_valid(skill, task.when() or today), (task.ref, volunteer.name)


def test_hours_belong_to_done_assignments_on_done_tasks(dataset: Dataset, today: dt.date) -> None:
    assignments = {a.id: a for a in dataset.assignments}
    tasks = {task.id: task for task in dataset.tasks}
    assert dataset.hours
    for entry in dataset.hours:
        assignment = assignments[entry.assignment]
        assert assignment.state is AssignmentState.DONE
        assert (assignment.task, assignment.volunteer) == (entry.task, entry.volunteer)
        assert tasks[entry.task].status is Status.DONE
        assert entry.date < today


def test_ranks_order_each_column(dataset: Dataset) -> None:
    columns: dict[Status, list[float]] = defaultdict(list)
    for task in dataset.tasks:
        columns[task.status].append(task.rank)
    for ranks in columns.values():
        assert sorted(ranks) == [float(n) for n in range(1, len(ranks) + 1)]


def test_records_round_trip_through_json(dataset: Dataset) -> None:
    for record in records(dataset)[:2000]:
        assert type(record).model_validate(record.model_dump(mode="json")) == record


# The story


def test_story_sizes(story: Dataset) -> None:
    assert 25 <= len(story.tasks) <= 45
    assert 35 <= len(story.volunteers) <= 45
    assert {site.id for site in story.sites} == STORY_SITES
    assert {task.site for task in story.tasks} == STORY_SITES
    assert Counter(task.status for task in story.tasks).keys() >= set(Status) - {Status.ARCHIVED}


def test_story_is_in_chinese(story: Dataset) -> None:
    for record in [*story.tasks, *story.volunteers, *story.sites]:
        name = record.title if isinstance(record, Task) else record.name
        assert HAN.search(name), name
    assert {site.name for site in story.sites} >= {"阜宁社区", "景山社区", "兴业社区"}


def test_story_roster_is_varied(story: Dataset, today: dt.date) -> None:
    people = story.volunteers
    assert sum(volunteer.minor for volunteer in people) >= 3
    assert any(volunteer.phone is None for volunteer in people)
    assert all(re.fullmatch(r"1\d{10}", v.phone) for v in people if v.phone is not None)
    assert any(not volunteer.consent for volunteer in people)
    assert any(volunteer.away for volunteer in people)
    assert any(expiry < today for volunteer in people for expiry in volunteer.certs.values())
    groups = {group for volunteer in people for group in volunteer.groups}
    expected = {"party-member", "military-spouse-association", "youth", "dance-troupe", "veterans"}
    assert groups >= expected


@pytest.mark.parametrize(
    "day", [dt.date(2026, 11, 25), dt.date(2027, 1, 3), dt.date(2027, 8, 1), dt.date(2027, 9, 30)]
)
def test_story_funing_tasks_come_from_the_july_meeting(day: dt.date) -> None:
    story = story_dataset(day)
    wishes = story.suggestions
    assert [wish.number for wish in wishes] == list(range(1, 22))  # all 21 of the meeting
    assert [wish.ref for wish in wishes] == [f"funing-s{n}" for n in range(1, 22)]
    texts = {wish.text for wish in wishes}
    assert {
        "小区内围墙生锈",
        "希望合理利用小区内种植的植物空间",
    } <= texts  # as the seed quotes them
    earliest = min(day for task in story.tasks if (day := task.when()) is not None)
    tasks = {task.id: task for task in story.tasks}
    for wish in wishes:
        assert wish.date is not None and wish.date.month == 7 and wish.date < earliest
        for task_id in wish.tasks:
            origin = tasks[task_id].origin
            assert origin is not None and origin.source == "朱庆花园南区居民代表"
    by_number = {wish.number: wish for wish in wishes}
    assert (
        len(by_number[1].tasks) == len(by_number[10].tasks) == 2
    )  # weld then paint; design, paint
    assert by_number[15].decision == "declined" and "消防通道" in by_number[15].reason


def test_story_suggestions_were_mostly_worked_off_since_31_october(story: Dataset) -> None:
    tasks = {task.id: task.model_dump(mode="json") for task in story.tasks}
    found = Counter(progress(wish.model_dump(mode="json"), tasks) for wish in story.suggestions)
    statuses = Counter(item.status.value for item in found.elements())
    assert statuses == {"done": 9, "in_progress": 5, "planned": 6, "declined": 1}
    done_days = [item.last_day for item in found if item.last_day is not None]
    assert min(done_days) == dt.date(2026, 10, 31)


def test_story_census_visits_keep_a_household_checklist(story: Dataset) -> None:
    visits = [task for task in story.tasks if task.kind == "visits" and task.checklist]
    assert {task.prefer_group for task in visits} == {"party-member", "military-spouse-association"}
    items = [item for task in visits for item in task.checklist]
    retries = [item for item in items if item.state == "retry"]
    assert retries and all(item.attempts >= 1 and item.note for item in retries)


def test_story_staffed_and_running_tasks_are_fully_staffed(story: Dataset) -> None:
    filled: Counter[tuple[str, str]] = Counter(
        (a.task, a.skill)
        for a in story.assignments
        if a.state in (AssignmentState.CONFIRMED, AssignmentState.DONE)
    )
    for task in story.tasks:
        if task.status in (Status.STAFFED, Status.IN_PROGRESS):
            for need in task.needs:
                assert filled[task.id, need.skill] == need.count, (task.ref, need.skill)


@pytest.mark.parametrize("offset", range(8))
def test_story_dates_sit_around_today_whatever_the_weekday(offset: int, today: dt.date) -> None:
    today = today + dt.timedelta(days=offset)
    data = story_dataset(today)
    open_work = [task for task in data.tasks if task.status not in (Status.DONE, Status.ARCHIVED)]
    overdue = [task for task in open_work if (day := task.when()) is not None and day < today]
    assert 1 <= len(overdue) <= 2
    for task in data.tasks:
        if task.status is Status.DONE:
            assert (day := task.when()) is not None and day < today
        elif task.start is not None:
            assert today < task.start.date() <= today + dt.timedelta(days=21)
    soon = [task for task in open_work if task.start or task.due]
    assert sum(today < (task.when() or today) <= today + dt.timedelta(days=21) for task in soon) > (
        len(soon) // 2
    )


@pytest.mark.parametrize(
    "offset",
    [*range(7), 39],  # and 2027-01-03, across the new year
)
def test_story_assignments_keep_the_hard_rules(offset: int, today: dt.date) -> None:
    today = today + dt.timedelta(days=offset)
    data = story_dataset(today)
    windows: dict[str, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    weekly: Counter[tuple[str, tuple[int, int]]] = Counter()
    for task, volunteer, skill in holding(data):
        need = next(need for need in task.needs if need.skill == skill)
        day = task.when() or today
        assert volunteer.skills.get(skill, 0) >= need.min_level
        assert not SKILLS[skill].needs_cert or volunteer.cert_valid(skill, day)
        assert not (SKILLS[skill].adult_only and volunteer.minor)
        assert not volunteer.is_away(day), (task.ref, volunteer.name)
        if task.start is not None and task.end is not None:
            assert window_slots(task) <= set(volunteer.availability), (task.ref, volunteer.name)
            windows[volunteer.id].append((task.start, task.end))
        week = day.isocalendar()
        weekly[volunteer.id, (week.year, week.week)] += task.hours or 0
    for spans in windows.values():
        spans.sort()
        assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:], strict=False))
    caps = {volunteer.id: volunteer.max_hours for volunteer in data.volunteers}
    for (person, _), total in weekly.items():
        cap = caps[person]
        assert cap is None or total <= cap


def test_story_is_deterministic(story: Dataset, today: dt.date) -> None:
    assert dump(story_dataset(today)) == dump(story)
    assert dump(story_dataset(today + dt.timedelta(days=1))) != dump(story)


# The district


def test_district_small_sizes(small_district: Dataset) -> None:
    data = small_district
    assert len(data.sites) == 8
    assert len(data.tasks) == 500
    assert len(data.volunteers) == 200
    assert data.assignments and data.hours
    assert [site.id for site in data.sites[5:]] == ["site06", "site07", "site08"]
    assert len({site.name for site in data.sites}) == 8
    assert all(HAN.search(site.name) for site in data.sites)
    assert all(HAN.search(task.title) for task in data.tasks)


def test_district_holds_a_meeting_of_suggestions_per_site(small_district: Dataset) -> None:
    data = small_district
    tasks = {task.id: task for task in data.tasks}
    per_site = Counter(wish.site for wish in data.suggestions)
    assert set(per_site) == {site.id for site in data.sites}
    assert all(8 <= count <= 20 for count in per_site.values())
    assert len({wish.ref for wish in data.suggestions}) == len(data.suggestions)
    linked = [(wish, tasks[task_id]) for wish in data.suggestions for task_id in wish.tasks]
    assert linked and all(task.site == wish.site for wish, task in linked)
    declined = [wish for wish in data.suggestions if wish.decision == "declined"]
    assert declined and all(wish.reason and not wish.tasks for wish in declined)


def test_district_fewer_sites_than_the_story(today: dt.date) -> None:
    data = district_dataset(today, sites=2, tasks=20, volunteers=10)
    assert [site.id for site in data.sites] == ["funing", "jingshan"]


def test_district_is_deterministic(small_district: Dataset, today: dt.date) -> None:
    again = district_dataset(today, sites=8, tasks=500, volunteers=200)
    assert dump(again) == dump(small_district)
    other_seed = district_dataset(today, seed=8, sites=8, tasks=500, volunteers=200)
    assert dump(other_seed) != dump(small_district)


def test_district_rejects_impossible_sizes(today: dt.date) -> None:
    with pytest.raises(ValueError):
        district_dataset(today, sites=0)


def test_district_full_size(today: dt.date) -> None:
    data = district_dataset(today)
    assert (len(data.sites), len(data.tasks), len(data.volunteers)) == (50, 20_000, 10_000)
    statuses = Counter(task.status for task in data.tasks)
    expected = {"suggested": 10, "open": 35, "staffed": 15, "in_progress": 10, "done": 25}
    for status, percent in expected.items():
        assert abs(statuses[Status(status)] / 200 - percent) < 2, status
    minors = sum(volunteer.minor for volunteer in data.volunteers)
    assert 600 <= minors <= 1000
    scheduled = sum(task.start is not None for task in data.tasks)
    assert 6_000 <= scheduled <= 9_000
    assert len(data.assignments) > 20_000
    assert len(data.hours) > 10_000

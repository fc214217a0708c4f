"""The domain models: every validation rule, in the words a coordinator reads."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import time
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from taskboard.model import (
    Assignment,
    Away,
    ChecklistItem,
    ChecklistState,
    HistoryEntry,
    HoursEntry,
    Kind,
    Need,
    Origin,
    Priority,
    Site,
    Skill,
    Status,
    Task,
    Volunteer,
    assignment_id,
    new_id,
)
from taskboard.model import common as model_common
from taskboard.model.errors import describe_validation_error

ID = re.compile(r"^[0-9a-hjkmnp-tv-z]{26}$")
SLUG_MESSAGE = "must be a short lower-case key (letters, digits, - or _)"
LABEL_MESSAGE = "must be one word: lower-case letters, digits, - or _, or Chinese characters"


def problem(model: type[BaseModel], **data: Any) -> str:
    """The one-line message for `data`, which must be invalid."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return describe_validation_error(caught.value)


def task(**data: Any) -> dict[str, Any]:
    return {"title": "南区围墙除锈补焊", "site": "funing", **data}


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, 5, hour, minute)


# Tasks ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (task(title=""), "title: must not be empty"),
        (task(title="   "), "title: must not be empty (got '   ')"),
        ({"site": "funing"}, "title: is required"),
        ({"title": "围墙"}, "site: is required"),
        (task(site="Bad Site"), f"site: {SLUG_MESSAGE} (got 'Bad Site')"),
        (task(site="7funing"), f"site: {SLUG_MESSAGE} (got '7funing')"),
        (task(site="f" * 33), f"site: {SLUG_MESSAGE} (got '{'f' * 33}')"),
        (task(site="阜宁"), f"site: {SLUG_MESSAGE} (got '阜宁')"),
        (
            task(needs=[{"skill": "welding", "count": 0}]),
            "needs.0.count: input should be greater than or equal to 1 (got 0)",
        ),
        (
            task(needs=[{"skill": "welding", "count": 201}]),
            "needs.0.count: input should be less than or equal to 200 (got 201)",
        ),
        (
            task(needs=[{"skill": "painting"}, {"skill": "welding", "min_level": 4}]),
            "needs.1.min_level: input should be less than or equal to 3 (got 4)",
        ),
        (
            task(needs=[{"skill": "welding", "min_level": 0}]),
            "needs.0.min_level: input should be greater than or equal to 1 (got 0)",
        ),
        (
            task(needs=[{"skill": "Welding X"}]),
            f"needs.0.skill: {SLUG_MESSAGE} (got 'Welding X')",
        ),
        (task(hours=0), "hours: input should be greater than 0 (got 0)"),
        (task(hours=-2.5), "hours: input should be greater than 0 (got -2.5)"),
        (task(hours="lots"), "hours: must be a number (got 'lots')"),
        (task(due="2026-13-01"), "due: must be a date like 2026-12-05 (got '2026-13-01')"),
        (
            task(start="soon"),
            "start: must be a date and time like 2026-12-05T09:00 (got 'soon')",
        ),
        (
            task(kind="party"),
            "kind: input should be 'renovation', 'service', 'event' or 'visits' (got 'party')",
        ),
        (task(colour="red"), "colour: is not a known field"),
        (task(tags=["Bad Tag"]), f"tags.0: {LABEL_MESSAGE} (got 'Bad Tag')"),
        (task(tags=["南区 围墙"]), f"tags.0: {LABEL_MESSAGE} (got '南区 围墙')"),
        (task(prefer_group="a.b"), f"prefer_group: {LABEL_MESSAGE} (got 'a.b')"),
        (
            task(checklist=[{"text": "3栋101", "attempts": -1}]),
            "checklist.0.attempts: input should be greater than or equal to 0 (got -1)",
        ),
        (task(checklist=[{"text": ""}]), "checklist.0.text: must not be empty"),
        (task(origin={"source": ""}), "origin.source: must not be empty"),
    ],
)
def test_task_rules_read_as_one_line(data: dict[str, Any], expected: str) -> None:
    assert problem(Task, **data) == expected


def test_duplicate_need_skill_asks_to_merge_the_counts() -> None:
    message = problem(Task, **task(needs=[{"skill": "welding"}, {"skill": "welding", "count": 2}]))
    assert message == "needs: skill welding is needed twice; merge the counts"


@pytest.mark.parametrize("end", [at(9), at(10)])
def test_window_must_end_after_it_starts(end: dt.datetime) -> None:
    message = problem(Task, **task(start=at(10), end=end))
    assert message.startswith("record: ")
    assert f"end ({end})" in message
    assert f"must be after start ({at(10)})" in message


def test_window_end_without_start_is_refused() -> None:
    message = problem(Task, **task(end=at(12)))
    assert message.startswith("record: a schedule window needs")
    assert "start" in message


def test_several_problems_are_joined_on_one_line() -> None:
    message = problem(Task, title="", site="Bad", hours=0)
    assert "\n" not in message
    assert message.split("; ") == [
        "title: must not be empty",
        f"site: {SLUG_MESSAGE} (got 'Bad')",
        "hours: input should be greater than 0 (got 0)",
    ]


def test_task_defaults_and_normalisation() -> None:
    made = Task(title="  凉亭座椅维修  ", site=" funing ", tags=["seats", "paint", "seats"])
    assert made.title == "凉亭座椅维修"
    assert made.site == "funing"
    assert made.tags == ["paint", "seats"]
    assert (made.kind, made.status, made.priority) == (
        Kind.RENOVATION,
        Status.OPEN,
        Priority.NORMAL,
    )
    assert ID.match(made.id)
    assert made.ref == ""


def test_task_slots_and_day() -> None:
    made = Task(
        **task(
            needs=[Need(skill="welding", count=2, min_level=2), Need(skill="cleaning")],
            due=dt.date(2026, 12, 20),
        )
    )
    assert made.slots == 3
    assert made.when() == dt.date(2026, 12, 20)
    scheduled = made.model_copy(update={"start": at(8, 30), "end": at(11, 30)})
    assert scheduled.when() == dt.date(2026, 12, 5)


# Volunteers ------------------------------------------------------------------------------
PHONE_MESSAGE = "must be digits, spaces or dashes (5–20 chars)"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"name": ""}, "name: must not be empty"),
        ({}, "name: is required"),
        ({"name": "张伟", "phone": "abc"}, f"phone: phone 'abc' {PHONE_MESSAGE}"),
        ({"name": "张伟", "phone": "1234"}, f"phone: phone '1234' {PHONE_MESSAGE}"),
        (
            {"name": "张伟", "phone": "1" * 21},
            f"phone: phone '{'1' * 21}' {PHONE_MESSAGE}",
        ),
        (
            {"name": "张伟", "phone": "138-0013-8000x"},
            f"phone: phone '138-0013-8000x' {PHONE_MESSAGE}",
        ),
        (
            {"name": "张伟", "skills": {"welding": 0}},
            "skills.welding: input should be greater than or equal to 1 (got 0)",
        ),
        (
            {"name": "张伟", "skills": {"welding": 4}},
            "skills.welding: input should be less than or equal to 3 (got 4)",
        ),
        (
            {"name": "张伟", "max_hours": 0},
            "max_hours: input should be greater than 0 (got 0)",
        ),
        (
            {"name": "张伟", "max_hours": 80.5},
            "max_hours: input should be less than or equal to 80 (got 80.5)",
        ),
        (
            {"name": "张伟", "certs": {"welding": "next year"}},
            "certs.welding: must be a date like 2026-12-05 (got 'next year')",
        ),
        ({"name": "张伟", "site": "fu ning"}, f"site: {SLUG_MESSAGE} (got 'fu ning')"),
        ({"name": "张伟", "groups": ["党员;团员"]}, f"groups.0: {LABEL_MESSAGE} (got '党员;团员')"),
        ({"name": "张伟", "nickname": "老张"}, "nickname: is not a known field"),
    ],
)
def test_volunteer_rules_read_as_one_line(data: dict[str, Any], expected: str) -> None:
    assert problem(Volunteer, **data) == expected


@pytest.mark.parametrize("slot", ["sat:noon", "saturday:morning", "sat", "sat:", ":morning"])
def test_availability_slot_must_be_day_and_part(slot: str) -> None:
    message = problem(Volunteer, name="张伟", availability=["sun:evening", slot])
    assert message.startswith(f"availability.1: availability {slot!r} must be DAY:PART")
    assert "mon/tue/wed/thu/fri/sat/sun" in message
    assert "morning/afternoon/evening" in message


def test_away_period_must_not_end_before_it_starts() -> None:
    message = problem(Volunteer, name="张伟", away=[{"start": "2026-12-10", "end": "2026-12-01"}])
    assert message == "away.0: away period ends (2026-12-01) before it starts (2026-12-10)"


def test_away_period_of_one_day_is_fine() -> None:
    period = Away(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 1))
    person = Volunteer(name="张伟", away=[period])
    assert person.is_away(dt.date(2026, 12, 1))
    assert not person.is_away(dt.date(2026, 12, 2))


@pytest.mark.parametrize("hours", [0.5, 80])
def test_max_hours_bounds_are_inclusive_at_80(hours: float) -> None:
    assert Volunteer(name="张伟", max_hours=hours).max_hours == hours


@pytest.mark.parametrize("level", [1, 2, 3])
def test_levels_one_to_three_are_accepted(level: int) -> None:
    assert Volunteer(name="张伟", skills={"welding": level}).skills == {"welding": level}
    assert Need(skill="welding", min_level=level).min_level == level


@pytest.mark.parametrize("phone", ["13800138000", "138 0013 8000", "+86 138-0013-8000", "12345"])
def test_phone_formats_that_are_accepted(phone: str) -> None:
    assert Volunteer(name="张伟", phone=phone).phone == phone


def test_empty_phone_means_none() -> None:
    assert Volunteer(name="张伟", phone="").phone is None


def test_volunteer_lists_are_normalised() -> None:
    person = Volunteer(
        name=" 王海涛 ",
        groups=["youth", "party-member", "youth"],
        availability=["sun:morning", "mon:evening", "sat:afternoon", "mon:evening"],
        away=[
            {"start": "2026-12-20", "end": "2026-12-24"},
            {"start": "2026-12-01", "end": "2026-12-03"},
        ],
    )
    assert person.name == "王海涛"
    assert person.groups == ["party-member", "youth"]
    assert person.availability == ["mon:evening", "sat:afternoon", "sun:morning"]
    assert [period.start for period in person.away] == [dt.date(2026, 12, 1), dt.date(2026, 12, 20)]


def test_certification_validity() -> None:
    person = Volunteer(name="李建国", certs={"welding": dt.date(2027, 6, 30)})
    assert person.cert_valid("welding", dt.date(2027, 6, 30))
    assert not person.cert_valid("welding", dt.date(2027, 7, 1))
    assert not person.cert_valid("first_aid", dt.date(2026, 1, 1))


# Sites, skills, hours, history ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("model", "data", "expected"),
    [
        (Site, {"id": "-funing", "name": "阜宁社区"}, f"id: {SLUG_MESSAGE} (got '-funing')"),
        (
            Site,
            {"id": "bad id", "name": ""},
            f"id: {SLUG_MESSAGE} (got 'bad id'); name: must not be empty",
        ),
        (
            Skill,
            {"key": "plumbing", "label_en": "", "label_zh": "水管"},
            "label_en: must not be empty",
        ),
        (Skill, {"key": "plumbing", "label_en": "plumbing"}, "label_zh: is required"),
        (
            HoursEntry,
            {"assignment": "a1", "task": "t", "volunteer": "v", "date": "2026-12-01", "hours": 25},
            "hours: input should be less than or equal to 24 (got 25)",
        ),
        (
            HoursEntry,
            {"assignment": "a1", "task": "t", "volunteer": "v", "date": "2026-12-01", "hours": 0},
            "hours: input should be greater than 0 (got 0)",
        ),
        (Origin, {"source": " "}, "source: must not be empty (got ' ')"),
        (
            ChecklistItem,
            {"text": "1栋101", "state": "maybe"},
            "state: input should be 'todo', 'done', 'retry' or 'skipped' (got 'maybe')",
        ),
    ],
)
def test_other_record_rules(model: type[BaseModel], data: dict[str, Any], expected: str) -> None:
    assert problem(model, **data) == expected


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (Site, {"id": "funing", "name": "阜宁社区"}),
        (Skill, {"key": "plumbing", "label_en": "plumbing", "label_zh": "水管"}),
        (Task, task()),
        (Need, {"skill": "welding"}),
        (Origin, {"source": "居民代表"}),
        (ChecklistItem, {"text": "1栋101"}),
        (Volunteer, {"name": "张伟"}),
        (Away, {"start": "2026-12-01", "end": "2026-12-02"}),
        (Assignment, {"task": "t1", "volunteer": "v1", "skill": "welding"}),
        (
            HoursEntry,
            {"assignment": "a1", "task": "t1", "volunteer": "v1", "date": "2026-12-01", "hours": 2},
        ),
    ],
)
def test_unknown_fields_are_refused_everywhere(
    model: type[BaseModel], data: dict[str, Any]
) -> None:
    model.model_validate(data)
    assert problem(model, **data, typo=1) == "typo: is not a known field"


def test_skill_label_follows_language() -> None:
    skill = Skill(key="welding", label_en="welding", label_zh="电焊")
    assert skill.label("zh") == "电焊"
    assert skill.label("zh_CN") == "电焊"
    assert skill.label("en") == "welding"


def test_history_entry_keeps_old_and_new_values() -> None:
    entry = HistoryEntry(
        table="tasks",
        record="t1",
        ref="funing-1",
        action="moved",
        at=dt.datetime(2026, 12, 5, 9, 0),
        site="funing",
        who="李主任",
        changes={"status": ("open", "staffed")},
    )
    again = HistoryEntry.model_validate_json(entry.model_dump_json())
    assert again == entry
    assert again.changes["status"] == ("open", "staffed")


# Assignments ---------------------------------------------------------------------------------
def test_assignment_id_is_derived_from_task_volunteer_and_skill() -> None:
    made = Assignment(task="t1", volunteer="v1", skill="welding")
    assert made.id == assignment_id("t1", "v1", "welding")
    assert re.fullmatch(r"a[0-9a-f]{26}", made.id)
    assert Assignment(task="t1", volunteer="v1", skill="welding").id == made.id
    assert Assignment(task="t1", volunteer="v1", skill="cleaning").id != made.id
    assert Assignment(task="t1", volunteer="v2", skill="welding").id != made.id
    assert Assignment(task="t2", volunteer="v1", skill="welding").id != made.id


def test_assignment_with_its_own_id_is_accepted() -> None:
    expected = assignment_id("t1", "v1", "welding")
    assert Assignment(id=expected, task="t1", volunteer="v1", skill="welding").id == expected


def test_assignment_id_mismatch_is_refused() -> None:
    other = assignment_id("t1", "v1", "cleaning")
    message = problem(Assignment, id=other, task="t1", volunteer="v1", skill="welding")
    assert message == "record: assignment id does not match its task, volunteer and skill"


def test_assignment_state_must_be_known() -> None:
    message = problem(Assignment, task="t1", volunteer="v1", skill="welding", state="maybe")
    assert message.startswith("state: input should be 'proposed', 'confirmed'")
    assert "(got 'maybe')" in message


# Ids -----------------------------------------------------------------------------------------
def test_ten_thousand_ids_are_unique_and_sorted_in_creation_order() -> None:
    ids = [new_id() for _ in range(10_000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    assert all(ID.match(value) for value in ids)


def test_ids_keep_increasing_when_the_clock_steps_back(monkeypatch: pytest.MonkeyPatch) -> None:
    start = time.time_ns()
    readings = iter([start, start - 1_000_000, start - 60_000_000_000])
    monkeypatch.setattr(model_common, "_last_id", [0, 0])
    monkeypatch.setattr(time, "time_ns", lambda: next(readings))
    ids = [new_id() for _ in range(3)]
    assert ids == sorted(ids)
    assert len(set(ids)) == 3


# JSON round trips ----------------------------------------------------------------------------
def full_task() -> Task:
    return Task(
        ref="funing-1",
        title="南区东侧围墙铁栏杆除锈补焊",
        description="围墙铁栏杆多处锈穿、断裂。\n先除锈,断口补焊加固。",
        kind=Kind.RENOVATION,
        status=Status.STAFFED,
        site="funing",
        place="朱庆花园南区 东侧围墙",
        priority=Priority.HIGH,
        start=at(8, 30),
        end=at(11, 30),
        due=dt.date(2026, 12, 6),
        hours=3,
        needs=[Need(skill="welding", count=2, min_level=2), Need(skill="cleaning")],
        origin=Origin(source="朱庆花园南区居民代表", date=dt.date(2026, 7, 18), note="“围墙生锈”"),
        tags=["micro-renovation"],
        checklist=[
            ChecklistItem(text="3栋101", state=ChecklistState.RETRY, attempts=2, note="不在家"),
            ChecklistItem(text="3栋102"),
        ],
        prefer_group="party-member",
        rank=2.5,
    )


def full_volunteer() -> Volunteer:
    return Volunteer(
        ref="funing-v1",
        name="李建国",
        phone="+86 138 0013 8000",
        skills={"welding": 3, "painting": 1},
        certs={"welding": dt.date(2027, 6, 30)},
        groups=["military-spouse-association", "party-member"],
        availability=["sat:morning", "sun:afternoon"],
        away=[Away(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 10))],
        site="funing",
        max_hours=7.5,
        consent=True,
        notes="会开车,有梯子",
    )


@pytest.mark.parametrize("make", [full_task, full_volunteer])
def test_json_round_trip_keeps_chinese_text(make: Any) -> None:
    original = make()
    text = original.model_dump_json()
    assert original.model_validate_json(text) == original
    assert original.model_validate(json.loads(text)) == original
    assert original.model_validate(original.model_dump(mode="json")) == original
    assert ("围墙" if isinstance(original, Task) else "李建国") in text


def test_stored_json_shape_of_a_task() -> None:
    data = full_task().model_dump(mode="json")
    assert data["start"] == "2026-12-05T08:30:00"
    assert data["due"] == "2026-12-06"
    assert data["needs"] == [  # in skill order, as every site stores them
        {"skill": "cleaning", "count": 1, "min_level": 1},
        {"skill": "welding", "count": 2, "min_level": 2},
    ]
    assert data["checklist"][0]["state"] == "retry"
    assert data["origin"]["date"] == "2026-07-18"


LAZY_MODELS = """
import json, pydantic
from taskboard.model import Task
built_on_import = Task.__pydantic_complete__
try:
    Task.model_validate({"title": "x", "site": "s", "kind": "nonsense"})
    refused = False
except pydantic.ValidationError:
    refused = True
print(json.dumps({"built_on_import": built_on_import, "refused": refused,
                  "built_after": Task.__pydantic_complete__}))
"""


def test_model_classes_are_built_on_first_use_and_still_validate() -> None:
    """Importing the models costs no schema building (the board paints from raw
    records); the first validation at an edge builds the schema and still refuses
    bad data."""
    done = subprocess.run(
        [sys.executable, "-c", LAZY_MODELS], capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert found == {"built_on_import": False, "refused": True, "built_after": True}

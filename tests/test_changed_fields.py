"""What an edit saves: the one comparison the task form, the volunteer form and roster
files use to hand only the changed fields to the edit actions."""

from __future__ import annotations

from taskboard.actions.fields import changed_fields
from taskboard.model import Task, Volunteer
from taskboard.model.task import EDITABLE_FIELDS as TASK_FIELDS
from taskboard.model.volunteer import EDITABLE_FIELDS as VOLUNTEER_FIELDS


def test_only_editable_fields_that_differ_come_back_as_stored() -> None:
    before = Task(title="围墙补焊", site="funing", tags=["fence"])
    moved = {"title": "围墙补焊(加急)", "status": "done", "rank": 9.0, "due": "2026-12-05"}
    after = Task.model_validate({**before.model_dump(), **moved})
    # status and rank change by a move, never by the form's edit
    assert changed_fields(before, after, TASK_FIELDS) == {
        "title": "围墙补焊(加急)",
        "due": "2026-12-05",
    }


def test_a_value_stored_the_same_way_is_unchanged() -> None:
    before = Task(title="围墙补焊", site="funing", tags=["urgent", "fence"])
    after = Task.model_validate({**before.model_dump(), "tags": ["fence", "urgent", "fence"]})
    assert changed_fields(before, after, TASK_FIELDS) == {}


def test_volunteer_changes_leave_id_and_reference_out() -> None:
    before = Volunteer(name="周小梅", ref="funing-v9", skills={"planting": 1})
    after = Volunteer(name="周小梅", skills={"planting": 2}, availability=["sat:morning"])
    assert changed_fields(before, after, VOLUNTEER_FIELDS) == {
        "skills": {"planting": 2},
        "availability": ["sat:morning"],
    }

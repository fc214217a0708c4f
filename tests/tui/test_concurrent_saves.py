"""Saving from a screen or form keeps what another window or the CLI saved meanwhile.

Each test opens a form (or a screen) on a record, lets a second store on the
same file save a change to that record, then saves the form: the form's
changes land on the record as it is now, and the other change stays — a field
the form did not touch, an entry of a list or map the form did not touch.
Undo takes back only the form's own part.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from taskboard.board.edits import EditHistory, edit_of, rebased
from taskboard.demo import fill_store, story_dataset
from taskboard.model import Task
from taskboard.store import Store
from taskboard.tui.app import TaskboardApp, make_app
from taskboard.tui.screens.task.screen import TaskScreen
from taskboard.tui.screens.task_form import TaskForm
from taskboard.tui.screens.volunteer_form import VolunteerForm

from .hosts import roster_opened, task_opened
from .test_roster import cursor_to

TODAY = dt.date(2026, 11, 25)
SIZE = (150, 48)


@pytest.fixture
def story_path(tmp_path: Path) -> Path:
    """A data file holding the story's example data (local site funing)."""
    dataset = story_dataset(TODAY)
    store = Store.open(tmp_path / "story.json", who="测试员", must_exist=False)
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset, history=False)
    return tmp_path / "story.json"


def other(path: Path) -> Store:
    """The data file as another window or the CLI opens it."""
    return Store.open(path, who="王阿姨")


def tag_and_move_elsewhere(path: Path, ref: str) -> None:
    """Another process adds the tag 夜班 to the task and changes its place."""
    store = other(path)
    task = store.task(ref)
    store.tasks.update(task.id, {"tags": [*task.tags, "夜班"], "place": "北侧围墙"})


def board_app(path: Path) -> TaskboardApp:
    return make_app(Store.open(path, who="测试员"), None, today=TODAY, watch=False)


async def test_board_task_form_keeps_a_tag_and_a_field_saved_meanwhile(story_path: Path) -> None:
    app = board_app(story_path)
    async with app.run_test(size=SIZE) as pilot:
        task = app.store.task("funing-1")
        app.board_state.select_task(task.id)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        tag_and_move_elsewhere(story_path, "funing-1")
        form.query_one("#title", Input).value = "东侧围墙补焊"
        form.query_one("#tags", Input).value = "micro-renovation, 焊接"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = Store.open(story_path).task("funing-1")
        assert saved.title == "东侧围墙补焊"
        assert saved.place == "北侧围墙"
        assert set(saved.tags) == {"micro-renovation", "夜班", "焊接"}
        await pilot.press("u")
        await pilot.pause()
        undone = Store.open(story_path).task("funing-1")
        assert undone.title == task.title
        assert undone.place == "北侧围墙"
        assert set(undone.tags) == {"micro-renovation", "夜班"}


async def test_board_task_form_removing_a_tag_keeps_one_added_meanwhile(story_path: Path) -> None:
    app = board_app(story_path)
    async with app.run_test(size=SIZE) as pilot:
        app.board_state.select_task(app.store.task("funing-1").id)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        tag_and_move_elsewhere(story_path, "funing-1")
        form.query_one("#tags", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert Store.open(story_path).task("funing-1").tags == ["夜班"]


async def test_task_screen_form_saves_against_the_task_it_showed(story_path: Path) -> None:
    """The screen reloads while the form is open; the form's changes still keep the new tag."""
    async with task_opened(story_path, "funing-1", size=SIZE) as host:
        app, pilot = host.app, host.pilot
        screen = host.screen
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        tag_and_move_elsewhere(story_path, "funing-1")
        app.store.refresh()
        screen.reload()  # the file watcher's reload, under the open form
        form.query_one("#tags", Input).value = "micro-renovation, 焊接"
        form.query_one("#description", TextArea).text = "先除锈再补焊"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TaskScreen)
        saved = Store.open(story_path).task("funing-1")
        assert set(saved.tags) == {"micro-renovation", "夜班", "焊接"}
        assert (saved.place, saved.description) == ("北侧围墙", "先除锈再补焊")


async def test_added_checklist_item_keeps_one_added_meanwhile(story_path: Path) -> None:
    async with task_opened(story_path, "funing-1", size=SIZE) as host:
        pilot = host.pilot
        await pilot.press("a")
        await pilot.pause()
        store = other(story_path)
        store.modify(
            Task,
            store.task("funing-1").id,
            lambda task: {"checklist": [*task.model_dump()["checklist"], {"text": "买油漆"}]},
        )
        await pilot.press(*"weld", "enter")
        await pilot.pause()
        checklist = Store.open(story_path).task("funing-1").checklist
        assert [item.text for item in checklist] == ["买油漆", "weld"]


async def test_roster_form_keeps_skills_groups_and_fields_saved_meanwhile(
    story_path: Path,
) -> None:
    store = Store.open(story_path, who="测试员")
    async with roster_opened(store, size=SIZE) as host:
        app, pilot = host.app, host.pilot
        before = store.volunteer("funing-v9")
        cursor_to(host.screen, "funing-v9")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, VolunteerForm)
        elsewhere = other(story_path)
        elsewhere.volunteers.update(
            before.id,
            {
                "skills": {**before.skills, "painting": 1},
                "groups": [*before.groups, "youth-mentors"],
                "phone": "139 1234 5678",
            },
        )
        form.query_one("#form-skills", Input).value = "cleaning:3, publicity:2, welding:2"
        form.query_one("#form-groups", Input).value = "party-member, 夕阳红"
        form.query_one("#form-notes", TextArea).text = "周末可以带队"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = Store.open(story_path).volunteer("funing-v9")
        assert saved.skills == {"cleaning": 3, "publicity": 2, "painting": 1, "welding": 2}
        assert set(saved.groups) == {"party-member", "youth-mentors", "夕阳红"}
        assert (saved.phone, saved.notes) == ("139 1234 5678", "周末可以带队")
        await pilot.press("u")
        await pilot.pause()
        undone = Store.open(story_path).volunteer("funing-v9")
        assert undone.skills == {**before.skills, "painting": 1}
        assert set(undone.groups) == {*before.groups, "youth-mentors"}
        assert (undone.phone, undone.notes) == ("139 1234 5678", before.notes)


async def test_roster_form_on_a_volunteer_removed_meanwhile_saves_nothing(
    story_path: Path,
) -> None:
    store = Store.open(story_path, who="测试员")
    async with roster_opened(store, size=SIZE) as host:
        app, pilot = host.app, host.pilot
        cursor_to(host.screen, "funing-v9")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, VolunteerForm)
        elsewhere = other(story_path)
        elsewhere.volunteers.delete(elsewhere.volunteer("funing-v9").id)
        form.query_one("#form-phone", Input).value = "139 1234 5678"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.history.done == []
        assert any("funing-v9 was removed meanwhile" in n.message for n in app._notifications)
    removed = Store.open(story_path).volunteers.find("funing-v9", removed=True)
    assert removed["phone"] != "139 1234 5678"


def test_undo_remembers_what_the_change_replaced_as_stored(story_path: Path) -> None:
    """A move made from a stale board undoes to the column the task was really in."""
    store = Store.open(story_path, who="测试员")
    history = EditHistory(store)
    task = store.task("funing-2")
    edit = edit_of(store, "tasks", task.id, {"status": "done"}, "move")
    elsewhere = other(story_path)
    elsewhere.tasks.update(task.id, {"status": "in_progress"})
    made = history.do(edit)
    assert made.before == {"status": "in_progress"}
    history.undo()
    assert Store.open(story_path).task("funing-2").status == "in_progress"


@pytest.mark.parametrize(
    ("base", "mine", "fresh", "stored"),
    [
        ("a", "b", "a", "b"),  # nobody else changed it
        ("a", "b", "c", "b"),  # both did: the last one saved wins
        ("a", "a", "c", "c"),  # only the other did
        (["x"], ["x", "y"], ["x", "z"], ["x", "z", "y"]),
        (["x", "y"], ["y"], ["x", "y", "z"], ["y", "z"]),
        ({"a": 1}, {"a": 2, "b": 1}, {"a": 1, "c": 3}, {"a": 2, "c": 3, "b": 1}),
        ({"a": 1, "b": 1}, {"a": 1}, {"a": 5, "b": 1}, {"a": 5}),
        ([{"skill": "a"}], [], [{"skill": "b"}], []),  # a list of records: mine
        (None, {"source": "x"}, {"source": "y"}, {"source": "x"}),
    ],
)
def test_rebased(base: object, mine: object, fresh: object, stored: object) -> None:
    assert rebased(base, mine, fresh) == stored

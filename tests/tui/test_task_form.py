"""The task form driven through Pilot: refusals under the right field, results, cancelling."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from textual.widgets import Button, Input, Label, Select

from taskboard.actions.fields import changed_fields
from taskboard.i18n import set_language
from taskboard.model.task import EDITABLE_FIELDS
from taskboard.store import Store
from taskboard.tui.screens.confirm import ConfirmDiscard
from taskboard.tui.screens.task_form import TaskForm

from .hosts import Opened, opened

SIZE = (120, 50)


def edit_form(store: Store, ref: str = "funing-1") -> TaskForm:
    return TaskForm(store, store.task(ref), default_site=store.site)


def changes_saved(
    host: Opened[TaskForm], store: Store, ref: str = "funing-1"
) -> list[dict[str, Any] | None]:
    """What the caller saves of each result: the fields changed from the task shown."""
    shown = store.task(ref)  # the form never saves: the stored task is the one it showed
    return [
        None if task is None else changed_fields(shown, task, EDITABLE_FIELDS)
        for task in host.results
    ]


def fill(form: TaskForm, **text: str) -> None:
    """Type into the form's inputs (keys use `_` where the widget ids use `-`)."""
    for key, value in text.items():
        form.query_one(f"#{key.replace('_', '-')}", Input).value = value


def error_of(form: TaskForm, key: str) -> str:
    label = form.query_one(f"#error-{key.replace('_', '-')}", Label)
    return str(label.content) if label.has_class("-shown") else ""


async def test_empty_title_is_refused_under_the_title(story_store: Store) -> None:
    before = story_store.task("funing-1")
    async with opened(story_store, edit_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        fill(form, title="   ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "must not be empty" in error_of(form, "title")
        assert host.app.screen is form
        assert host.results == []
        assert form.focused is form.query_one("#title")
    assert story_store.task("funing-1") == before


async def test_end_before_start_is_refused_under_the_end(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        fill(form, start="2026-12-05 11:00", end="2026-12-05 09:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_of(form, "end") == "must be after the start"
        assert error_of(form, "start") == ""
        assert host.results == []


async def test_start_without_end_names_the_missing_one(story_store: Store) -> None:
    async with opened(
        story_store, edit_form(story_store, "funing-5"), size=SIZE
    ) as host:  # has a due date, no window
        pilot, form = host.pilot, host.screen
        fill(form, start="2026-12-05 09:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "both a start and an end" in error_of(form, "end")
        assert host.results == []


async def test_unknown_skill_is_refused_under_the_needs(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        fill(form, needs="welding:2:2, juggling:3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "unknown skill juggling" in error_of(form, "needs")
        assert host.results == []
    assert [need.skill for need in story_store.task("funing-1").needs] == ["cleaning", "welding"]


async def test_malformed_values_are_refused_field_by_field(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        fill(form, needs="welding", due="next week", hours="-2", origin_date="july", tags="A B")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "welding:2:2" in error_of(form, "needs")
        assert "2026-12-05" in error_of(form, "due")
        assert "above 0" in error_of(form, "hours")
        assert "2026-12-05" in error_of(form, "origin_date")
        assert host.results == []
        fill(form, needs="welding:2:2, cleaning:1", due="", hours="3", origin_date="2026-07-18")
        await pilot.press("ctrl+s")  # shapes are right now; the model checks the tags
        await pilot.pause()
        assert error_of(form, "needs") == ""
        assert error_of(form, "tags") == (
            "“A”: must be one word: lower-case letters, digits, - or _, or Chinese characters; "
            "“B”: must be one word: lower-case letters, digits, - or _, or Chinese characters"
        )
        assert host.results == []
        fill(form, tags="fence, urgent-fix")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert changes_saved(host, story_store) == [{"tags": ["fence", "urgent-fix"]}]


async def test_origin_date_without_source_is_refused(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store, "funing-8"), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        fill(form, origin_source="", origin_date="2026-07-18")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "must not be empty" in error_of(form, "origin_source")
        assert host.results == []


async def test_valid_edit_returns_only_the_changed_fields(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        fill(form, title="东侧围墙栏杆补焊(加急)", needs="welding:3:2 cleaning:1")
        await pilot.click("#save")
        await pilot.pause()
    assert changes_saved(host, story_store) == [
        {
            "title": "东侧围墙栏杆补焊(加急)",
            "needs": [
                {"skill": "cleaning", "count": 1, "min_level": 1},
                {"skill": "welding", "count": 3, "min_level": 2},
            ],
        }
    ]
    assert story_store.task("funing-1").title == "南区东侧围墙铁栏杆除锈补焊"  # the caller saves


async def test_saving_an_untouched_form_changes_nothing(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store, "xingye-3"), size=SIZE) as host:
        pilot = host.pilot
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert changes_saved(host, story_store, "xingye-3") == [{}]


async def test_edit_keeps_the_origin_note(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        fill(form, origin_source="3栋居民")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert changes_saved(host, story_store) == [
        {
            "origin": {
                "source": "3栋居民",
                "date": "2026-07-18",
                "note": "居民建议第1条:“小区内围墙生锈”",
            }
        }
    ]


async def test_new_task_gives_every_field_needed_to_create_it(story_store: Store) -> None:
    form = TaskForm(story_store, None, default_site="funing", default_status="suggested")
    async with opened(story_store, form, size=SIZE) as host:
        pilot = host.pilot
        assert form.query_one("#status", Select).value == "suggested"
        assert form.query_one("#site", Select).value == "funing"
        await pilot.click("#title")
        await pilot.press(*"Bench")
        form.query_one("#kind", Select).value = "event"
        form.query_one("#site", Select).value = "jingshan"
        fill(form, start="2026-12-05 09:00", end="2026-12-05T11:30", needs="carpentry:2")
        await pilot.press("ctrl+s")
        await pilot.pause()
    (result,) = host.results
    assert result is not None
    task = story_store.tasks.create(result)
    stored = story_store.task(task.ref)
    assert (stored.title, stored.kind, stored.status, stored.site) == (
        "Bench",
        "event",
        "suggested",
        "jingshan",
    )
    assert stored.end == dt.datetime(2026, 12, 5, 11, 30)
    assert stored.needs[0].skill == "carpentry" and stored.needs[0].count == 2
    assert task.ref == "funing-22"


async def test_status_is_chosen_only_for_new_tasks(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store), size=SIZE) as host:
        form = host.screen
        assert not form.query("#status")


async def test_escape_without_edits_closes_at_once(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        await pilot.press("escape")
        await pilot.pause()
        assert host.results == [None]
        assert host.app.screen is not form


async def test_escape_with_edits_asks_and_no_keeps_the_form(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        fill(form, place="西侧围墙")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(host.app.screen_stack[-1], ConfirmDiscard)
        await pilot.press("n")
        await pilot.pause()
        assert host.app.screen is form
        assert form.query_one("#place", Input).value == "西侧围墙"
        assert host.results == []
        await pilot.click("#cancel")
        await pilot.pause()
        assert isinstance(host.app.screen, ConfirmDiscard)
        await pilot.click("#discard-yes")
        await pilot.pause()
        assert host.results == [None]
    assert story_store.task("funing-1").place == "朱庆花园南区 东侧围墙"


async def test_known_skills_are_shown_as_a_hint(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store), size=SIZE) as host:
        form = host.screen
        hint = str(form.query_one("#hint-needs", Label).content)
        assert "welding" in hint and "door_to_door (door-to-door visits)" in hint


async def test_labels_and_errors_in_chinese(
    story_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_language("zh")
    async with opened(story_store, edit_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        labels = [str(label.content) for label in form.query(".field-label").results(Label)]
        assert labels[:3] == ["标题", "说明", "地点"]
        assert str(form.query_one("#save", Button).label) == "保存"
        assert "电焊" in str(form.query_one("#hint-needs", Label).content)
        fill(form, title="")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_of(form, "title") == "不能为空"
    set_language("en")


async def test_typing_in_the_tags_adds_a_chinese_tag(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        tags = form.query_one("#tags", Input)
        assert tags.value == "micro-renovation"
        tags.focus()
        await pilot.press("comma", "space", "围", "墙")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert changes_saved(host, story_store) == [{"tags": ["micro-renovation", "围墙"]}]


async def test_needs_are_typed_as_the_hint_shows_them_in_chinese(story_store: Store) -> None:
    form = TaskForm(story_store, None, default_site="funing", default_status="open")
    async with opened(story_store, form, size=SIZE) as host:
        fill(form, title="围墙补焊", needs="电焊:2:2, 粉刷:1，入户走访:3")
        await host.pilot.press("ctrl+s")
        await host.pilot.pause()
    (task,) = host.results
    assert task is not None
    assert [(n.skill, n.count) for n in task.needs] == [
        ("door_to_door", 3),
        ("painting", 1),
        ("welding", 2),
    ]


async def test_attendance_costs_and_a_fund_by_part_of_its_name(story_store: Store) -> None:
    form = edit_form(story_store, "jingshan-1")
    async with opened(story_store, form, size=SIZE) as host:
        pilot = host.pilot
        fill(form, attended="12:19", cost="980", fund="专项")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert changes_saved(host, story_store, "jingshan-1") == [
        {"attended": {"adults": 12, "minors": 19}, "cost": 980.0, "fund": "党组织服务群众专项资金"}
    ]


async def test_attendance_off_events_and_unknown_funds_are_refused(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        fill(form, expected="lots", cost="-1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "ADULTS:MINORS" in error_of(form, "expected")
        assert "amount in yuan" in error_of(form, "cost")
        fill(form, expected="3:4", cost="", fund="彩票")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "events only" in error_of(form, "expected")
        fill(form, expected="", fund="彩票")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "no fund '彩票' at funing" in error_of(form, "fund")
        assert host.results == []

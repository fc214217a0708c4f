"""The reports screen and the hours form (the hours that feed it) through Pilot, and a snapshot.

The screen is opened from a minimal host app so that what the board or the
app binds elsewhere does not change this screen's picture. After an intended
change of looks, review and run
`pytest tests/tui/test_reports_screen.py --snapshot-update`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Label, Select, Static
from textual_plotext import PlotextPlot

from taskboard.actions.lookup import find_assignment
from taskboard.demo import fill_store, story_dataset
from taskboard.i18n import set_language
from taskboard.model import Assignment
from taskboard.reports import hours_totals
from taskboard.settings import current_day
from taskboard.store import Store
from taskboard.tui.screens.hours_form import HoursForm, HoursResult, save_hours
from taskboard.tui.screens.reports import ChartPanel, ReportsScreen, recent_months, whole_ticks

SIZE = (140, 45)
SnapCompare = Callable[..., bool]


@pytest.fixture
def story(today: dt.date) -> Store:
    dataset = story_dataset(today)
    store = Store.memory(who="李主任")
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset, history=False)
    return store


class Host(App[None]):
    """Opens one screen over an empty base screen and keeps what it dismisses with."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.opened = screen
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.opened, self.results.append)


# The reports screen ----------------------------------------------------------------------------
async def test_reports_screen_shows_the_figures(story: Store, today: dt.date) -> None:
    screen = ReportsScreen(story, today=today)
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert screen.figures is not None
        assert screen.figures.totals["tasks"] == 34
        summary = str(screen.query_one("#reports-summary", Static).content)
        assert "Tasks 34" in summary and "Suggestions done 3/14" in summary
        panels = {panel.id: panel for panel in screen.query(ChartPanel)}
        assert set(panels) == {"chart-status", "chart-gap", "chart-hours", "chart-suggestions"}
        assert len(screen.query(PlotextPlot)) == 5  # the skills gap is two plots back to back
        assert panels["chart-status"].border_title == "Tasks per status and site"
        legend = str(panels["chart-status"].query_one(".chart-legend", Static).content)
        assert "suggested" in legend and "in_progress" in legend and "archived" not in legend


async def test_refresh_picks_up_new_hours_and_escape_goes_back(
    story: Store, today: dt.date
) -> None:
    screen = ReportsScreen(story, today=today)
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assignment = find_assignment(story, "funing-1", "郑秀兰")
        save_hours(
            story,
            {
                "assignment": assignment["id"],
                "date": "2026-11-28",
                "hours": 3,
                "verified_by": "李主任",
                "note": "",
                "mark_done": True,
            },
        )
        await pilot.press("r")
        await pilot.pause()
        assert screen.figures is not None and screen.figures.totals["hours"] == 52
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


async def test_reports_screen_in_chinese(story: Store, today: dt.date) -> None:
    set_language("zh")
    screen = ReportsScreen(story, today=today)
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = screen.query_one("#chart-gap", ChartPanel)
        assert panel.border_title == "各技能空缺与具备该技能的志愿者"
        descriptions = {a.binding.description for a in screen.active_bindings.values()}
        assert {"返回", "刷新"} <= descriptions


async def test_reports_screen_on_an_empty_file(memory_store: Store, today: dt.date) -> None:
    screen = ReportsScreen(memory_store, today=today)
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert screen.figures is not None and screen.figures.totals["tasks"] == 0


def test_chart_helpers() -> None:
    assert recent_months(dt.date(2026, 2, 10), 4) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert whole_ticks(12) == [0.0, 5.0, 10.0, 15.0]
    assert whole_ticks(0) == [0.0, 1.0]


def test_reports_screen_snapshot(snap_compare: SnapCompare, story: Store, today: dt.date) -> None:
    assert snap_compare(Host(ReportsScreen(story, today=today)), terminal_size=SIZE)


# The hours form ----------------------------------------------------------------------------------
def form_for(store: Store, ref: str = "funing-1", **kwargs: Any) -> HoursForm:
    return HoursForm(store, store.tasks.find(ref)["id"], today=current_day(), **kwargs)


def error_of(form: HoursForm, key: str) -> str:
    label = form.query_one(f"#error-{key}", Label)
    return str(label.content) if label.has_class("-shown") else ""


async def test_hours_form_returns_an_entry_the_store_accepts(story: Store) -> None:
    assignment = find_assignment(story, "funing-1", "郑秀兰")
    form = form_for(story, assignment_id=assignment["id"])
    app = Host(form)
    async with app.run_test(size=(100, 45)) as pilot:
        assert form.query_one("#hours-hours", Input).value == "3"  # the task's estimate
        assert form.query_one("#hours-date", Input).value == "2026-11-25"
        assert form.query_one("#hours-verified-by", Input).value == "李主任"
        form.query_one("#hours-note", Input).value = "带了手套"
        await pilot.press("ctrl+s")
        await pilot.pause()
    (result,) = app.results
    assert result == {
        "assignment": assignment["id"],
        "task": assignment["task"],
        "volunteer": assignment["volunteer"],
        "date": "2026-11-25",
        "hours": 3.0,
        "verified_by": "李主任",
        "note": "带了手套",
        "mark_done": True,
    }
    save_hours(story, result)
    assert story.assignments.docs()[assignment["id"]]["state"] == "done"
    assert {t.key: t.hours for t in hours_totals(story, "volunteer")}["funing-v9"] == 5.5 + 3


async def test_hours_form_says_what_is_wrong_where(story: Store) -> None:
    form = form_for(story)
    app = Host(form)
    async with app.run_test(size=(100, 45)) as pilot:
        form.query_one("#hours-hours", Input).value = "30"
        form.query_one("#hours-date", Input).value = "next week"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_of(form, "hours") == "at most 24 hours in one day"
        assert error_of(form, "date") == "expected a date like 2026-12-05"
        form.query_one("#hours-hours", Input).value = "abc"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_of(form, "hours").startswith("expected a number of hours")
        assert app.results == []
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_hours_form_can_keep_the_state_and_pick_the_person(story: Store) -> None:
    form = form_for(story, "funing-11")
    app = Host(form)
    async with app.run_test(size=(100, 45)) as pilot:
        chosen = find_assignment(story, "funing-11", "刘佳怡")
        form.query_one("#hours-assignment", Select).value = chosen["id"]
        form.query_one("#hours-mark-done", Checkbox).value = False
        form.query_one("#hours-hours", Input).value = "1.5"
        await pilot.click("#hours-save")
        await pilot.pause()
    (result,) = app.results
    assert result["assignment"] == chosen["id"] and result["mark_done"] is False
    save_hours(story, result)
    assert story.assignments.docs()[chosen["id"]]["state"] == "confirmed"


async def test_hours_form_on_a_task_without_people(story: Store) -> None:
    form = form_for(story, "funing-15")  # nobody on it yet
    app = Host(form)
    async with app.run_test(size=(100, 45)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_of(form, "assignment") == "Choose whose hours these are."
    assert app.results == []


def test_hours_result_type_names_the_entry_fields(story: Store) -> None:
    person = story.find_volunteer("郑秀兰")
    task = story.tasks.find("funing-2")
    story.assignments.create(Assignment(task=task["id"], volunteer=person["id"], skill="painting"))
    result: HoursResult = {
        "assignment": find_assignment(story, "funing-2", "郑秀兰")["id"],
        "date": "2026-12-07",
        "hours": 2,
        "verified_by": "",
        "note": "",
        "mark_done": False,
    }
    entry = save_hours(story, result).entry
    assert entry.task == task["id"] and entry.volunteer == person["id"]

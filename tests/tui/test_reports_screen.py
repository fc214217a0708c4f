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

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Label, Select, Static
from textual_plotext import PlotextPlot

from taskboard.actions.lookup import find_assignment
from taskboard.i18n import set_language
from taskboard.model import Assignment
from taskboard.reports import hours_totals, new_hours_entry
from taskboard.settings import current_day
from taskboard.store import Store
from taskboard.tui.app import make_app
from taskboard.tui.screens.hours_form import HoursForm, HoursToLog, save_hours
from taskboard.tui.screens.reports import ChartPanel, ReportsScreen, recent_months, whole_ticks

from .hosts import opened

SIZE = (140, 45)
SnapCompare = Callable[..., bool]


# The reports screen ----------------------------------------------------------------------------
async def test_reports_screen_shows_the_figures(story_store: Store, today: dt.date) -> None:
    screen = ReportsScreen(story_store, today=today)
    async with opened(story_store, screen, size=SIZE) as host:
        pilot = host.pilot
        await pilot.pause()
        assert screen.figures is not None
        assert screen.figures.totals["tasks"] == 42
        summary = str(screen.query_one("#reports-summary", Static).content)
        assert "Tasks 42" in summary and "Suggestions done 9/21" in summary
        panels = {panel.id: panel for panel in screen.query(ChartPanel)}
        assert set(panels) == {"chart-status", "chart-gap", "chart-hours", "chart-suggestions"}
        assert len(screen.query(PlotextPlot)) == 5  # the skills gap is two plots back to back
        assert panels["chart-status"].border_title == "Tasks per status and site"
        legend = str(panels["chart-status"].query_one(".chart-legend", Static).content)
        assert "Suggested" in legend and "In progress" in legend and "in_progress" not in legend
        assert "Archived" in legend  # the jobs done from 31 October, since archived


async def test_refresh_picks_up_new_hours_and_escape_goes_back(
    story_store: Store, today: dt.date
) -> None:
    screen = ReportsScreen(story_store, today=today)
    async with opened(story_store, screen, size=SIZE) as host:
        pilot = host.pilot
        await pilot.pause()
        assignment = find_assignment(story_store, "funing-1", "郑秀兰")
        entry = new_hours_entry(
            assignment, day=dt.date(2026, 11, 28), hours=3, verified_by="李主任"
        )
        save_hours(story_store, HoursToLog(entry, mark_done=True))
        await pilot.press("r")
        await pilot.pause()
        assert screen.figures is not None and screen.figures.totals["hours"] == 52
        await pilot.press("escape")
        await pilot.pause()
        assert host.app.screen is not screen


async def test_reports_screen_in_chinese(story_store: Store, today: dt.date) -> None:
    set_language("zh")
    screen = ReportsScreen(story_store, today=today)
    async with opened(story_store, screen, size=SIZE) as host:
        pilot = host.pilot
        await pilot.pause()
        panel = screen.query_one("#chart-gap", ChartPanel)
        assert panel.border_title == "各技能空缺与具备该技能的志愿者"
        descriptions = {a.binding.description for a in screen.active_bindings.values()}
        assert {"返回", "刷新"} <= descriptions


async def test_reports_screen_on_an_empty_file(memory_store: Store, today: dt.date) -> None:
    screen = ReportsScreen(memory_store, today=today)
    async with opened(memory_store, screen, size=SIZE) as host:
        pilot = host.pilot
        await pilot.pause()
        assert screen.figures is not None and screen.figures.totals["tasks"] == 0


def test_chart_helpers() -> None:
    assert recent_months(dt.date(2026, 2, 10), 4) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert whole_ticks(12) == [0.0, 5.0, 10.0, 15.0]
    assert whole_ticks(0) == [0.0, 1.0]


def test_reports_screen_snapshot(
    snap_compare: SnapCompare, story_store: Store, today: dt.date
) -> None:
    async def open_reports(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(ReportsScreen(story_store, today=today))
        await pilot.pause()

    app = make_app(story_store, today=today, watch=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=open_reports)


# The hours form ----------------------------------------------------------------------------------
def form_for(store: Store, ref: str = "funing-1", **kwargs: Any) -> HoursForm:
    return HoursForm(store, store.tasks.find(ref)["id"], today=current_day(), **kwargs)


def error_of(form: HoursForm, key: str) -> str:
    label = form.query_one(f"#error-{key}", Label)
    return str(label.content) if label.has_class("-shown") else ""


async def test_hours_form_returns_an_entry_the_store_accepts(story_store: Store) -> None:
    assignment = find_assignment(story_store, "funing-1", "郑秀兰")
    form = form_for(story_store, assignment_id=assignment["id"])
    async with opened(story_store, form, size=(100, 45)) as host:
        pilot = host.pilot
        assert form.query_one("#hours-hours", Input).value == "3"  # the task's estimate
        assert form.query_one("#hours-date", Input).value == "2026-11-25"
        assert form.query_one("#hours-verified-by", Input).value == story_store.who == "测试员"
        form.query_one("#hours-note", Input).value = "带了手套"
        await pilot.press("ctrl+s")
        await pilot.pause()
    (result,) = host.results
    assert isinstance(result, HoursToLog) and result.mark_done
    assert result.entry.model_dump(mode="json", exclude={"id"}) == {
        "assignment": assignment["id"],
        "task": assignment["task"],
        "volunteer": assignment["volunteer"],
        "date": "2026-11-25",
        "hours": 3.0,
        "verified_by": "测试员",
        "note": "带了手套",
    }
    save_hours(story_store, result)
    assert story_store.assignments.docs()[assignment["id"]]["state"] == "done"
    assert {t.key: t.hours for t in hours_totals(story_store, "volunteer")}["funing-v9"] == 5.5 + 3


async def test_hours_form_says_what_is_wrong_where(story_store: Store) -> None:
    form = form_for(story_store)
    async with opened(story_store, form, size=(100, 45)) as host:
        pilot = host.pilot
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
        assert host.results == []
        await pilot.press("escape")
        await pilot.pause()
    assert host.results == [None]


async def test_hours_form_can_keep_the_state_and_pick_the_person(story_store: Store) -> None:
    form = form_for(story_store, "funing-11")
    async with opened(story_store, form, size=(100, 45)) as host:
        pilot = host.pilot
        chosen = find_assignment(story_store, "funing-11", "刘佳怡")
        form.query_one("#hours-assignment", Select).value = chosen["id"]
        form.query_one("#hours-mark-done", Checkbox).value = False
        form.query_one("#hours-hours", Input).value = "1.5"
        await pilot.click("#hours-save")
        await pilot.pause()
    (result,) = host.results
    assert result.entry.assignment == chosen["id"] and result.mark_done is False
    save_hours(story_store, result)
    assert story_store.assignments.docs()[chosen["id"]]["state"] == "confirmed"


async def test_hours_form_on_a_task_without_people(story_store: Store) -> None:
    form = form_for(story_store, "funing-15")  # nobody on it yet
    async with opened(story_store, form, size=(100, 45)) as host:
        pilot = host.pilot
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_of(form, "assignment") == "Choose whose hours these are."
    assert host.results == []


def test_saving_the_form_result_logs_the_entry_by_the_cli_action(story_store: Store) -> None:
    person = story_store.find_volunteer("郑秀兰")
    task = story_store.tasks.find("funing-2")
    story_store.assignments.create(
        Assignment(task=task["id"], volunteer=person["id"], skill="painting")
    )
    assignment = find_assignment(story_store, "funing-2", "郑秀兰")
    entry = new_hours_entry(assignment, day=dt.date(2026, 12, 7), hours=2)
    logged = save_hours(story_store, HoursToLog(entry, mark_done=False))
    assert (logged.entry.task, logged.entry.volunteer) == (task["id"], person["id"])
    assert logged.entry.date == dt.date(2026, 12, 7) and logged.entry.hours == 2
    assert logged.entry.id in {doc["id"] for doc in story_store.hours.live()}
    assert story_store.assignments.docs()[assignment["id"]]["state"] == "proposed"

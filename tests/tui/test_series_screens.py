"""Recurring work from the board alone: a series made in the new-task form, an occurrence
edited alone or with the following ones, the series seen and managed from an
occurrence's task screen (standing crew, stop), one occurrence cancelled; each undone."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Label, Select

from taskboard.actions.series import create_series, extend_series, occurrences
from taskboard.board.state import Card
from taskboard.settings import current_day
from taskboard.store import Store
from taskboard.tui.app import TaskboardApp, make_app
from taskboard.tui.screens.board import BoardScreen
from taskboard.tui.screens.match.swap import SwapScreen
from taskboard.tui.screens.suggestions.form import Ask
from taskboard.tui.screens.task.screen import SERIES_ACTIONS, TaskScreen
from taskboard.tui.screens.task_form import TaskForm
from taskboard.tui.screens.task_form.following import FollowingChoice

from .hosts import Opened, task_opened
from .test_task_detail import shown

SIZE = (140, 50)
REHEARSAL = "yuecheng-r1"
"""岳城's Wednesday rehearsal: 12-09 and 12-16, a standing crew of five (performance)."""


def app_for(path: Path) -> TaskboardApp:
    return make_app(Store.open(path, who="测试员"), today=current_day(), watch=False)


def cards(app: TaskboardApp) -> list[Card]:
    state = app.board_state
    return [card for index in range(len(state.columns)) for card in state.cards(index)]


def fill(form: TaskForm, **text: str) -> None:
    for key, value in text.items():
        form.query_one(f"#{key}", Input).value = value


def error_of(form: TaskForm, key: str) -> str:
    label = form.query_one(f"#error-{key}", Label)
    return str(label.content) if label.has_class("-shown") else ""


def series_refs(path: Path, ref: str) -> list[str]:
    """References of a series' live occurrences, read from the file."""
    store = Store.open(path)
    return [doc["ref"] for doc in occurrences(store, store.series.load(ref).id)]


# Making a series in the form ----------------------------------------------------------------
async def test_the_form_makes_a_weekly_series_the_board_shows_one_card(story_path: Path) -> None:
    app = app_for(story_path)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        fill(
            form,
            title="周三晚间巡楼",
            start="2026-12-02 19:00",
            end="2026-12-02 21:00",
            needs="cleaning:2",
            repeat="每周三",  # the Chinese way, as `--repeat 每周三`
            until="2027-01-06",
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        made = Store.open(story_path).series.load("funing-r1")
        assert (made.repeat, str(made.first), str(made.until)) == (
            "weekly:wed",
            "2026-12-02",
            "2027-01-06",
        )
        assert series_refs(story_path, "funing-r1") == [
            "funing-r1-261202", "funing-r1-261209", "funing-r1-261216",
            "funing-r1-261223", "funing-r1-261230", "funing-r1-270106",
        ]  # fmt: skip
        on_board = [(c.ref, c.series) for c in cards(app) if c.ref.startswith("funing-r1")]
        assert on_board == [("funing-r1-261202", ("weekly", 5))]
        assert app.board_state.selected_id() == Store.open(story_path).task("funing-r1-261202").id
        notes = [n.message for n in app._notifications]
        assert "Created series funing-r1 (weekly:wed): 6 occurrences — press u to undo" in notes

        await pilot.press("u")  # one undo takes the series and every occurrence back
        await pilot.pause()
        store = Store.open(story_path)
        assert store.series.get(made.id)["deleted"] is True
        assert occurrences(store, made.id) == []
        assert not [c for c in cards(app) if c.ref.startswith("funing-r1")]


@pytest.mark.parametrize(
    ("typed", "field", "reason"),
    [
        (
            {"repeat": "weekly:foo"},
            "repeat",
            "“weekly:foo” is not a repeat rule: weekly:wed, 每周三, daily, monthly:15",
        ),
        (
            {"repeat": "weekly:wed", "until": "2026-11-30"},
            "until",
            "until (2026-11-30) must not be before the first day (2026-12-02)",
        ),
        (
            {"repeat": "monthly:15", "until": "2026-12-14"},
            "until",
            "no day of monthly:15 falls between 2026-12-02 and 2026-12-14",
        ),
        ({"until": "2027-01-06"}, "until", "goes with Repeat: the last day of a series"),
        ({"repeat": "daily", "until": "next week"}, "until", "expected a date like 2026-12-05"),
        (
            {"repeat": "daily", "start": "", "end": ""},
            "start",
            "a repeating task needs a first day: a start and end, or a due day",
        ),
    ],
)
async def test_a_bad_rule_or_last_day_is_refused_under_its_field_and_nothing_is_written(
    story_path: Path, typed: dict[str, str], field: str, reason: str
) -> None:
    before = story_path.read_bytes()
    app = app_for(story_path)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        fill(form, title="周三晚间巡楼", start="2026-12-02 19:00", end="2026-12-02 21:00")
        fill(form, **typed)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert error_of(form, field) == reason
        assert form.focused is form.query_one(f"#{field}")
    assert story_path.read_bytes() == before


async def test_an_edit_form_has_no_repeat_fields(story_path: Path) -> None:
    async with task_opened(story_path, "funing-1", size=SIZE) as host:
        await host.pilot.press("e")
        await host.pilot.pause()
        form = host.app.screen
        assert isinstance(form, TaskForm)
        assert not form.query("#repeat") and not form.query("#until")


# This one, or this and following ------------------------------------------------------------
@pytest.fixture
def weekly_path(story_path: Path, today: dt.date) -> Path:
    """The story with funing-r1: a Wednesday patrol from 12-02 to 01-06 (six occurrences)."""
    fields = {
        "title": "周三晚间巡楼", "site": "funing", "place": "3栋",
        "start": "2026-12-02T19:00:00", "end": "2026-12-02T21:00:00",
        "needs": [{"skill": "cleaning", "count": 2, "min_level": 1}],
    }  # fmt: skip
    create_series(
        Store.open(story_path), fields, "weekly:wed", until=dt.date(2027, 1, 6), today=today
    )
    return story_path


def places(path: Path) -> dict[str, str]:
    store = Store.open(path)
    return {
        doc["ref"][-6:]: doc["place"]
        for doc in occurrences(store, store.series.load("funing-r1").id)
    }


async def test_this_and_following_changes_the_later_occurrences_not_the_earlier(
    weekly_path: Path,
) -> None:
    async with task_opened(weekly_path, "funing-r1-261216", size=SIZE) as host:
        pilot, app = host.pilot, host.app
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        fill(form, place="文化广场东侧", start="2026-12-16 18:30", end="2026-12-16 20:30")
        await pilot.press("ctrl+s")
        await pilot.pause()
        choice = app.screen
        assert isinstance(choice, FollowingChoice)
        assert str(choice.query_one("#following-question", Label).content) == (
            "funing-r1-261216 is one occurrence of a series, with 3 more after it. "
            "Save the change on this one only, or on this one and the following?"
        )
        await pilot.press("f")
        await pilot.pause()
        assert app.screen is host.screen
        assert places(weekly_path) == {
            "261202": "3栋", "261209": "3栋", "261216": "文化广场东侧",
            "261223": "文化广场东侧", "261230": "文化广场东侧", "270106": "文化广场东侧",
        }  # fmt: skip
        store = Store.open(weekly_path)
        assert str(store.task("funing-r1-261230").start) == "2026-12-30 18:30:00"
        assert str(store.task("funing-r1-261209").start) == "2026-12-09 19:00:00"

        await pilot.press("escape", "u")  # back on the board: one undo takes all four back
        await pilot.pause()
        assert set(places(weekly_path).values()) == {"3栋"}
        assert str(Store.open(weekly_path).task("funing-r1-261230").start) == "2026-12-30 19:00:00"


async def test_this_one_changes_only_the_occurrence_and_escape_goes_back_to_the_form(
    weekly_path: Path,
) -> None:
    async with task_opened(weekly_path, "funing-r1-261216", size=SIZE) as host:
        pilot, app = host.pilot, host.app
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        fill(form, place="文化广场东侧")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")  # not decided yet: back to the form, nothing saved
        await pilot.pause()
        assert app.screen is form
        assert set(places(weekly_path).values()) == {"3栋"}
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert places(weekly_path)["261216"] == "文化广场东侧"
        assert [p for p in places(weekly_path).values() if p != "3栋"] == ["文化广场东侧"]


async def test_the_last_occurrence_is_saved_without_the_question(weekly_path: Path) -> None:
    async with task_opened(weekly_path, "funing-r1-270106", size=SIZE) as host:
        pilot, app = host.pilot, host.app
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, TaskForm)
        fill(app.screen, place="文化广场")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is host.screen
        assert places(weekly_path)["270106"] == "文化广场"


# The series on an occurrence's task screen --------------------------------------------------
def series_lines(screen: TaskScreen) -> list[str]:
    lines = shown(screen, "task-records")
    start = lines.index("Series")
    return lines[start + 1 : lines.index("Assignments")]


async def test_an_occurrence_shows_its_series_rule_crew_and_upcoming_occurrences(
    story_path: Path,
) -> None:
    async with task_opened(story_path, "yuecheng-r1-261216", size=SIZE) as host:
        await host.pilot.pause()
        lines = series_lines(host.screen)
        assert lines[:2] == [
            "yuecheng-r1 舞蹈队周三晚间排练",
            "Repeat: weekly on wed · from 2026-12-09 until 2026-12-16",
        ]
        crew = " ".join(lines[2:4])
        assert crew.startswith(
            "Standing crew: 陈玉珍 (dance/performance), 邓美华 (dance/performance), "
            "许凤英 (dance/performance), 谢淑芬 (dance/performance), 彭丽 (dance/performance)"
        )
        table = [line.split() for line in lines if line.startswith("yuecheng-r1-")]
        assert table == [
            ["yuecheng-r1-261209", "2026-12-09", "wed", "open"],
            ["yuecheng-r1-261216", "←", "2026-12-16", "wed", "open"],
        ]


async def test_crew_added_from_the_task_screen_is_proposed_on_upcoming_occurrences(
    story_path: Path,
) -> None:
    async with task_opened(story_path, "yuecheng-r1-261209", size=SIZE) as host:
        pilot, app = host.pilot, host.app
        await pilot.press("c")
        await app.workers.wait_for_complete()  # the ranking
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, SwapScreen)
        table = picker.query_one("#swap-table", DataTable)
        person = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        crew_before = set(app.store.series.load(REHEARSAL).crew)
        await pilot.press("enter")
        await pilot.pause()
        store = Store.open(story_path)
        assert f"{person}:performance" in store.series.load(REHEARSAL).crew
        for ref in ("yuecheng-r1-261209", "yuecheng-r1-261216"):
            held = [a for a in store.assignments_of_task(store.task(ref).id)]
            assert [a["state"] for a in held if a["volunteer"] == person] == ["proposed"], ref
        name = store.volunteers.get(person)["name"]
        assert f"{name} (dance/performance)" in " ".join(series_lines(host.screen))
        notes = [n.message for n in app._notifications]
        joined = f"{name} joined the crew of {REHEARSAL} (performance)"
        assert f"{joined}\nProposed the standing crew 2 times" in notes

        assert store.task("yuecheng-r1-261209").status == "staffed"  # the sixth of six

        await pilot.press("c")  # nobody else is left to rank: said, and the picker closes
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is host.screen
        assert list(app._notifications)[-1].message == (
            "Nobody else can take dance/performance on yuecheng-r1-261209"
        )

        await pilot.press("escape", "u")
        await pilot.pause()
        store = Store.open(story_path)
        assert set(store.series.load(REHEARSAL).crew) == crew_before
        assert store.task("yuecheng-r1-261209").status == "open"
        assert not [
            a for a in store.assignments.live() if a["volunteer"] == person and a["task"] in {
                store.task("yuecheng-r1-261209").id, store.task("yuecheng-r1-261216").id
            }
        ]  # fmt: skip


def listed(picker: SwapScreen) -> list[str]:
    """The ids of the people the picker lists, top to bottom."""
    table = picker.query_one("#swap-table", DataTable)
    return [str(row.key.value) for row in table.ordered_rows]


async def test_the_crew_picker_opens_at_once_and_typing_narrows_without_ranking_again(
    story_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`c` opens the picker at once and ranks the people once, in a thread; letters
    typed meanwhile and after only narrow the list (by name or reference), in the
    ranked order."""
    import taskboard.matching.suggest as suggest

    ranked = []
    rank = suggest.match_need
    gate = threading.Event()

    def counted(*args: object, **kwargs: object) -> object:
        ranked.append(1)
        assert gate.wait(10)
        return rank(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(suggest, "match_need", counted)
    store = Store.open(story_path)
    fields = {
        "title": "周末清扫",
        "site": "funing",
        "due": "2026-11-28",
        "needs": [{"skill": "cleaning", "count": 2, "min_level": 1}],
    }
    create_series(store, fields, "weekly:sat", until=None, today=current_day())
    async with task_opened(story_path, "funing-r1-261128", size=SIZE) as host:
        pilot, app = host.pilot, host.app
        await pilot.press("c")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, SwapScreen)  # on screen while the people are ranked
        assert picker.query_one("#swap-status").display and listed(picker) == []
        typed = "-v1"  # funing-v1, yuecheng-v12, …
        for letter in typed:
            await pilot.press(letter)
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not picker.query_one("#swap-status").display
        everyone = [(c.person.id, c.person.label) for c in picker._candidates]
        expected = [person for person, label in everyone if typed in label]
        assert 1 < len(expected) < len(everyone)
        assert listed(picker) == expected
        await pilot.press(*["backspace"] * len(typed))
        assert listed(picker) == [person for person, _label in everyone]
        await pilot.press(*typed)
        assert listed(picker) == expected
        await pilot.press("z", "z")
        assert listed(picker) == []
        await pilot.press("enter")  # nobody matches: the picker stays open
        assert app.screen is picker
        await pilot.press("backspace", "backspace", "down", "enter")
        await pilot.pause()
        assert ranked == [1]
        assert f"{expected[1]}:cleaning" in app.store.series.load("funing-r1").crew


async def test_crew_removed_and_the_series_stopped_from_the_task_screen(story_path: Path) -> None:
    async with task_opened(story_path, "yuecheng-r1-261209", size=SIZE) as host:
        pilot, app = host.pilot, host.app
        await pilot.press("X")
        await pilot.pause()
        ask = app.screen
        assert isinstance(ask, Ask)
        chooser = ask.query_one("#ask-choice", Select)
        chen = Store.open(story_path).find_volunteer("陈玉珍")["id"]
        chooser.value = chen
        await pilot.click("#ask-ok")
        await pilot.pause()
        crew = Store.open(story_path).series.load(REHEARSAL).crew
        assert not [entry for entry in crew if entry.startswith(chen)] and len(crew) == 4

        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        app.screen.query_one("#ask-text", Input).value = "2026-12-09"
        await pilot.press("enter")
        await pilot.pause()
        assert series_refs(story_path, REHEARSAL) == ["yuecheng-r1-261209"]
        assert str(Store.open(story_path).series.load(REHEARSAL).until) == "2026-12-09"
        assert (
            "Series yuecheng-r1 ends on 2026-12-09\nCancelled 1 occurrence: yuecheng-r1-261216"
            in [n.message for n in app._notifications]
        )

        await pilot.press("escape", "u", "u")  # the stop, then the crew change
        await pilot.pause()
        assert series_refs(story_path, REHEARSAL) == ["yuecheng-r1-261209", "yuecheng-r1-261216"]
        assert len(Store.open(story_path).series.load(REHEARSAL).crew) == 5


async def test_the_series_keys_only_on_an_occurrence(story_path: Path) -> None:
    async with task_opened(story_path, "funing-1", size=SIZE) as host:
        await host.pilot.press("c", "X", "T")
        await host.pilot.pause()
        assert host.app.screen is host.screen
        assert "Series" not in shown(host.screen, "task-records")
        assert not any(host.screen.check_action(action, ()) for action in SERIES_ACTIONS)


# Cancelling one occurrence on the board ------------------------------------------------------
async def test_an_occurrence_cancelled_on_the_board_is_not_made_again(
    weekly_path: Path, today: dt.date
) -> None:
    app = app_for(weekly_path)
    async with app.run_test(size=(150, 45)) as pilot:
        first = app.store.task("funing-r1-261202")
        app.board_state.select_task(first.id)
        await pilot.press("d")
        await pilot.pause()
        on_board = [(c.ref, c.series) for c in cards(app) if c.ref.startswith("funing-r1")]
        assert on_board == [("funing-r1-261209", ("weekly", 4))]
    store = Store.open(weekly_path)
    extend_series(store, today)
    extend_series(store, dt.date(2026, 12, 1))
    assert "funing-r1-261202" not in series_refs(weekly_path, "funing-r1")
    assert len(series_refs(weekly_path, "funing-r1")) == 5


async def palette_offers(host: Opened[TaskScreen], typed: str) -> list[str]:
    """The command palette opened and `typed` into it: the commands it offers."""
    from textual.command import CommandList, CommandPalette

    pilot, app = host.pilot, host.app
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*typed)
    await pilot.pause(0.3)
    hits = app.screen.query_one(CommandList)
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


async def test_the_palette_offers_the_series_commands_on_an_occurrence(story_path: Path) -> None:
    async with task_opened(story_path, "yuecheng-r1-261209", size=SIZE) as host:
        shown = await palette_offers(host, "series stop")
        assert any("series: stop on a day" in line for line in shown), shown
        await host.pilot.press("enter")
        await host.pilot.pause()
        assert isinstance(host.app.screen, Ask)


async def test_the_series_in_the_chinese_ui(story_path: Path) -> None:
    from taskboard.i18n import set_language
    from taskboard.tui.screens.help import HelpScreen

    set_language("zh")
    async with task_opened(story_path, "yuecheng-r1-261209", size=SIZE) as host:
        pilot, app = host.pilot, host.app
        lines = shown(host.screen, "task-records")
        start = lines.index("周期任务")
        assert lines[start + 2] == "重复: 每周三 · 自 2026-12-09 至 2026-12-16"
        assert lines[start + 5].split() == ["场次", "日期", "状态"]
        assert lines[start + 6].split() == [
            "yuecheng-r1-261209",
            "←",
            "2026-12-09",
            "周三",
            "待认领",
        ]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {row[0]: row[1] for row in app.screen.rows}
        assert (rows["c"], rows["X"], rows["T"]) == ("加入固定人员", "移出固定人员", "结束周期任务")
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskForm)
        fill(form, title="周三晚间巡楼", due="2026-12-02", repeat="每周八")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_of(form, "repeat") == (
            "“每周八”不是重复规则:weekly:wed, 每周三, daily, monthly:15"
        )


# When the series ends ----------------------------------------------------------------------------
async def test_the_last_day_changed_from_the_task_screen(story_path: Path, today: dt.date) -> None:
    """`D` on a rehearsal: a wrong day is refused under the field, which stays open; a later
    day makes the weeks; an earlier one, past a week 陈玉珍 confirmed for, asks first; one
    undo each gives everything back."""
    from taskboard.actions.assignments import set_state
    from taskboard.tui.screens.confirm import Confirm

    async with task_opened(story_path, "yuecheng-r1-261209", size=SIZE) as host:
        pilot, app = host.pilot, host.app
        await pilot.press("D")
        await pilot.pause()
        ask = app.screen
        assert isinstance(ask, Ask)
        field = ask.query_one("#ask-text", Input)
        assert field.value == "2026-12-16"  # the last day it has
        for typed, reason in [
            ("next week", "Last day 'next week': expected a date like 2026-12-05"),
            ("2026-12-01", "until (2026-12-01) must not be before the first day (2026-12-09)"),
            ("2026-12-16", "series yuecheng-r1 ends on 2026-12-16 already"),
        ]:
            field.value = typed
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is ask
            assert str(ask.query_one("#ask-error", Label).content) == reason
        field.value = "2026-12-30"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is host.screen
        assert series_refs(story_path, REHEARSAL)[2:] == [
            "yuecheng-r1-261223",
            "yuecheng-r1-261230",
        ]
        notes = [n.message for n in app._notifications]
        assert notes[-1].startswith(
            "Series yuecheng-r1 ends on 2026-12-30\n"
            "Made 2 occurrences: yuecheng-r1-261223, yuecheng-r1-261230\n"
        )
        assert "yuecheng-r1-261230" in " ".join(shown(host.screen, "task-records"))

        chen = app.store.find_volunteer("陈玉珍")["id"]
        set_state(app.store, "yuecheng-r1-261223", chen, "confirmed", today=today)
        await pilot.press("D")
        await pilot.pause()
        app.screen.query_one("#ask-text", Input).value = "2026-12-16"
        await pilot.press("enter")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, Confirm)
        assert confirm.question == (
            "1 of the 2 occurrences after 2026-12-16 has confirmed volunteers. "
            "Cancel them and end yuecheng-r1 on 2026-12-16?"
        )
        await pilot.press("n")  # not now: nothing changes
        await pilot.pause()
        assert len(series_refs(story_path, REHEARSAL)) == 4
        await pilot.press("D")
        await pilot.pause()
        app.screen.query_one("#ask-text", Input).value = "2026-12-16"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert series_refs(story_path, REHEARSAL) == ["yuecheng-r1-261209", "yuecheng-r1-261216"]
        assert str(Store.open(story_path).series.load(REHEARSAL).until) == "2026-12-16"

        await pilot.press("escape", "u")  # the earlier end undone: the weeks are back
        await pilot.pause()
        assert len(series_refs(story_path, REHEARSAL)) == 4
        held = Store.open(story_path).assignments_of_task(app.store.task("yuecheng-r1-261223").id)
        assert (chen, "confirmed") in [(a["volunteer"], a["state"]) for a in held]
        await pilot.press("u")  # and the later one
        await pilot.pause()
        assert series_refs(story_path, REHEARSAL) == ["yuecheng-r1-261209", "yuecheng-r1-261216"]
        assert str(Store.open(story_path).series.load(REHEARSAL).until) == "2026-12-16"


async def test_the_palette_offers_changing_the_last_day(story_path: Path) -> None:
    async with task_opened(story_path, "yuecheng-r1-261209", size=SIZE) as host:
        pilot, app = host.pilot, host.app
        found = await palette_offers(host, "last day")
        assert any("series: change the last day" in line for line in found), found
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        assert app.screen.query_one("#ask-text", Input).value == "2026-12-16"

"""The volunteer lookup through Pilot: a person sees their own work and nothing else.

The kiosk stands at the office for anyone to use, so beyond showing the right
sheet the tests press every key that does something elsewhere in the app and
check that no other screen, palette or binding can be reached.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static

from taskboard.demo import fill_store, story_dataset
from taskboard.i18n import set_language
from taskboard.model import Volunteer
from taskboard.store import Store
from taskboard.tui.screens.kiosk import KioskApp, KioskScreen, make_kiosk_app

SIZE = (120, 40)
ALLOWED_ACTIONS = {
    "clear",  # start over
    "quit",  # ctrl+q leaves
    "help_quit",  # ctrl+c only says how to leave
    "app.focus_next",
    "app.focus_previous",
    "screen.copy_text",
}
"""Every action a key can trigger in the kiosk; nothing opens another screen."""


@pytest.fixture
def story(today: dt.date) -> Store:
    dataset = story_dataset(today)
    store = Store.memory(who="测试员")
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset, history=False)
    return store


def _plain(static: Static) -> str:
    """The static's content printed as plain text."""
    console = Console(width=240, color_system=None)
    with console.capture() as capture:
        console.print(static.content)
    return capture.get()


def message(app: KioskApp) -> str:
    return str(app.screen.query_one("#kiosk-message", Static).content)


async def look_up(pilot: Pilot[None], text: str) -> None:
    pilot.app.screen.query_one("#kiosk-query", Input).value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_a_volunteer_sees_their_own_assignments(story: Store, today: dt.date) -> None:
    app = make_kiosk_app(story, today=today)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, KioskScreen)
        assert app.focused is app.screen.query_one("#kiosk-query", Input)
        await look_up(pilot, "郑秀兰")
        screen = app.screen
        assert isinstance(screen, KioskScreen) and screen.shown is not None
        assert screen.shown.person.ref == "funing-v9"
        shown = _plain(screen.query_one("#kiosk-sheet", Static))
        assert "南区东侧围墙铁栏杆除锈补焊" in shown and "funing-1" in shown
        assert "阜宁社区 李主任" in shown
        assert screen.query_one("#kiosk-query", Input).value == ""  # ready for the next one


async def test_lookup_by_phone_never_shows_the_phone(story: Store, today: dt.date) -> None:
    phone = story.find_volunteer("李建国")["phone"]
    app = make_kiosk_app(story, today=today)
    async with app.run_test(size=SIZE) as pilot:
        await look_up(pilot, phone)
        screen = app.screen
        assert isinstance(screen, KioskScreen) and screen.shown is not None
        assert screen.shown.person.name == "李建国"
        assert phone not in _plain(screen.query_one("#kiosk-sheet", Static))


async def test_unknown_and_shared_names_get_a_plain_answer(story: Store, today: dt.date) -> None:
    story.volunteers.create(Volunteer(name="郑秀兰", site="jingshan"))
    app = make_kiosk_app(story, today=today)
    async with app.run_test(size=SIZE) as pilot:
        await look_up(pilot, "无名氏")
        assert "Nobody found for 无名氏" in message(app)
        await look_up(pilot, "郑秀兰")
        assert "Several people have that name" in message(app)
        assert "funing-v9" not in message(app)  # other people's references stay hidden
        screen = app.screen
        assert isinstance(screen, KioskScreen) and screen.shown is None


async def test_escape_starts_over(story: Store, today: dt.date) -> None:
    app = make_kiosk_app(story, today=today)
    async with app.run_test(size=SIZE) as pilot:
        await look_up(pilot, "郑秀兰")
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, KioskScreen) and screen.shown is None
        assert _plain(screen.query_one("#kiosk-sheet", Static)).strip() == ""


async def test_the_board_cannot_be_reached(story: Store, today: dt.date) -> None:
    app = make_kiosk_app(story, today=today)
    async with app.run_test(size=SIZE) as pilot:
        assert app.ENABLE_COMMAND_PALETTE is False and app.use_command_palette is False
        await look_up(pilot, "郑秀兰")
        keys = ["ctrl+p", "question_mark", "f1", "escape", "tab", "enter", "ctrl+r", "ctrl+b"]
        keys += ["shift+tab", "ctrl+t", "ctrl+s", "ctrl+e", "ctrl+o", "ctrl+n", "ctrl+f"]
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            assert len(app.screen_stack) == 1, key
            assert isinstance(app.screen, KioskScreen), key
        for active in app.screen.active_bindings.values():
            action = active.binding.action
            if active.node in (app, app.screen):
                assert action in ALLOWED_ACTIONS, action
            else:  # the input's and the scroll area's own keys act on themselves only
                assert "." not in action and "screen" not in action, action
        assert app.is_running


async def test_ctrl_q_leaves(story: Store, today: dt.date) -> None:
    app = make_kiosk_app(story, today=today)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_sheet_clears_itself_for_the_next_person(
    story: Store, monkeypatch: pytest.MonkeyPatch, today: dt.date
) -> None:
    monkeypatch.setattr("taskboard.tui.screens.kiosk.IDLE_CLEAR_S", 0.05)
    app = make_kiosk_app(story, today=today)
    async with app.run_test(size=SIZE) as pilot:
        await look_up(pilot, "郑秀兰")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, KioskScreen) and screen.shown is None


async def test_kiosk_in_chinese(story: Store, today: dt.date) -> None:
    set_language("zh")
    app = make_kiosk_app(story, today=today)
    async with app.run_test(size=SIZE) as pilot:
        await look_up(pilot, "郑秀兰")
        shown = _plain(app.screen.query_one("#kiosk-sheet", Static))
        assert "郑秀兰(funing-v9)的志愿任务" in shown
        assert "即将进行" in shown and "周六" in shown
        descriptions = {a.binding.description for a in app.screen.active_bindings.values()}
        assert {"重新查询", "退出"} <= descriptions


async def test_the_sheet_says_whom_to_call(story: Store, today: dt.date) -> None:
    app = make_kiosk_app(story, today=today)
    async with app.run_test(size=SIZE) as pilot:
        await look_up(pilot, "郑秀兰")
        shown = _plain(app.screen.query_one("#kiosk-sheet", Static))
        assert "Questions? Call 李主任 0756-2212345 (阜宁社区)." in shown

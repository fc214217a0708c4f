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
from taskboard.settings import hash_pin
from taskboard.store import Store
from taskboard.tui.screens.kiosk import KioskApp, KioskScreen, LeaveKiosk, make_kiosk_app

SIZE = (120, 40)
ALLOWED_ACTIONS = {
    "clear",  # start over
    "leave",  # ctrl+q asks for the coordinator's PIN
    "help_quit",  # ctrl+c only says how to leave
    "app.focus_next",
    "app.focus_previous",
    "screen.copy_text",
}
"""Every action a key can trigger in the kiosk; nothing opens another screen."""


PIN = "2468"
PIN_HASH = hash_pin(PIN)


def kiosk(store: Store, today: dt.date) -> KioskApp:
    """The kiosk with the coordinator's PIN set."""
    return make_kiosk_app(store, today=today, pin_hash=PIN_HASH)


def phone_end(store: Store, name: str) -> str:
    """The last four digits of a volunteer's phone number."""
    return str(store.find_volunteer(name)["phone"])[-4:]


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


async def look_up(pilot: Pilot[None], name: str, digits: str) -> None:
    """Type a name, Enter, the phone digits, Enter: as a person at the kiosk does."""
    await pilot.press(*name, "enter", *digits, "enter")
    await pilot.pause()


def inputs(app: KioskApp) -> tuple[str, str]:
    """What the name and phone inputs hold."""
    screen = app.screen
    return (
        screen.query_one("#kiosk-query", Input).value,
        screen.query_one("#kiosk-phone", Input).value,
    )


async def test_a_volunteer_sees_their_own_assignments(story: Store, today: dt.date) -> None:
    app = kiosk(story, today)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, KioskScreen)
        assert app.focused is app.screen.query_one("#kiosk-query", Input)
        await look_up(pilot, "郑秀兰", phone_end(story, "郑秀兰"))
        screen = app.screen
        assert isinstance(screen, KioskScreen) and screen.shown is not None
        assert screen.shown.person.ref == "funing-v9"
        shown = _plain(screen.query_one("#kiosk-sheet", Static))
        assert "南区东侧围墙铁栏杆除锈补焊" in shown and "funing-1" in shown
        assert "阜宁社区 李主任" in shown
        assert screen.query_one("#kiosk-query", Input).value == ""  # ready for the next one


async def test_the_sheet_never_shows_the_phone(story: Store, today: dt.date) -> None:
    phone = story.find_volunteer("李建国")["phone"]
    app = kiosk(story, today)
    async with app.run_test(size=SIZE) as pilot:
        await look_up(pilot, "李建国", phone[-4:])
        screen = app.screen
        assert isinstance(screen, KioskScreen) and screen.shown is not None
        assert screen.shown.person.name == "李建国"
        assert phone not in _plain(screen.query_one("#kiosk-sheet", Static))


async def test_a_lookup_needs_the_name_and_the_phone_digits(story: Store, today: dt.date) -> None:
    app = kiosk(story, today)
    digits = phone_end(story, "郑秀兰")
    wrong = f"{(int(digits) + 1) % 10000:04d}"
    async with app.run_test(size=SIZE) as pilot:
        answers = []
        for name, typed in (
            ("郑秀兰", ""),
            ("郑秀兰", wrong),
            ("funing-v9", digits),
            ("无名氏", digits),
        ):
            await look_up(pilot, name, typed)
            screen = app.screen
            assert isinstance(screen, KioskScreen) and screen.shown is None, (name, typed)
            answers.append(message(app))
        # the same words whether the name exists or not: nothing to learn by trying
        assert len(set(answers[1:])) == 1 and "Nothing found" in answers[1]
        assert "funing-v9" not in answers[2]


async def test_same_name_is_told_apart_by_the_phone(story: Store, today: dt.date) -> None:
    story.volunteers.create(Volunteer(name="郑秀兰", site="jingshan", phone="13900001111"))
    app = kiosk(story, today)
    async with app.run_test(size=SIZE) as pilot:
        await look_up(pilot, "郑秀兰", "1111")
        screen = app.screen
        assert isinstance(screen, KioskScreen) and screen.shown is not None
        assert screen.shown.person.ref != "funing-v9"


async def test_inputs_clear_after_every_lookup(story: Store, today: dt.date) -> None:
    set_language("zh")
    app = kiosk(story, today)
    async with app.run_test(size=SIZE) as pilot:
        await look_up(pilot, "王", "1234")
        assert "没有找到" in message(app)
        assert inputs(app) == ("", "")
        assert app.focused is app.screen.query_one("#kiosk-query", Input)
        await look_up(pilot, "李建国", phone_end(story, "李建国"))  # not 王李建国
        screen = app.screen
        assert isinstance(screen, KioskScreen) and screen.shown is not None
        assert screen.shown.person.name == "李建国"
        assert inputs(app) == ("", "")


async def test_typed_input_clears_after_idle_time(
    story: Store, monkeypatch: pytest.MonkeyPatch, today: dt.date
) -> None:
    monkeypatch.setattr("taskboard.tui.screens.kiosk.IDLE_CLEAR_S", 0.05)
    app = kiosk(story, today)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"王")
        await pilot.pause(0.2)
        assert inputs(app) == ("", "")


async def test_leaving_needs_the_coordinators_pin(story: Store, today: dt.date) -> None:
    app = kiosk(story, today)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, LeaveKiosk)
        await pilot.press(*"1357", "enter")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LeaveKiosk)
        assert "Wrong PIN" in str(app.screen.query_one("#pin-error", Static).content)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, KioskScreen)
        await pilot.press("ctrl+q", *PIN, "enter")
        await pilot.pause()
        assert not app.is_running


async def test_escape_starts_over(story: Store, today: dt.date) -> None:
    app = kiosk(story, today)
    async with app.run_test(size=SIZE) as pilot:
        await look_up(pilot, "郑秀兰", phone_end(story, "郑秀兰"))
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, KioskScreen) and screen.shown is None
        assert _plain(screen.query_one("#kiosk-sheet", Static)).strip() == ""


async def test_the_board_cannot_be_reached(story: Store, today: dt.date) -> None:
    app = kiosk(story, today)
    async with app.run_test(size=SIZE) as pilot:
        assert app.ENABLE_COMMAND_PALETTE is False and app.use_command_palette is False
        await look_up(pilot, "郑秀兰", phone_end(story, "郑秀兰"))
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


async def test_sheet_clears_itself_for_the_next_person(
    story: Store, monkeypatch: pytest.MonkeyPatch, today: dt.date
) -> None:
    monkeypatch.setattr("taskboard.tui.screens.kiosk.IDLE_CLEAR_S", 0.05)
    app = kiosk(story, today)
    async with app.run_test(size=SIZE) as pilot:
        await look_up(pilot, "郑秀兰", phone_end(story, "郑秀兰"))
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, KioskScreen) and screen.shown is None


async def test_kiosk_in_chinese(story: Store, today: dt.date) -> None:
    set_language("zh")
    app = kiosk(story, today)
    async with app.run_test(size=SIZE) as pilot:
        await look_up(pilot, "郑秀兰", phone_end(story, "郑秀兰"))
        shown = _plain(app.screen.query_one("#kiosk-sheet", Static))
        assert "郑秀兰(funing-v9)的志愿任务" in shown
        assert "即将进行" in shown and "周六" in shown
        descriptions = {a.binding.description for a in app.screen.active_bindings.values()}
        assert {"重新查询", "退出"} <= descriptions


async def test_the_sheet_says_whom_to_call(story: Store, today: dt.date) -> None:
    app = kiosk(story, today)
    async with app.run_test(size=SIZE) as pilot:
        await look_up(pilot, "郑秀兰", phone_end(story, "郑秀兰"))
        shown = _plain(app.screen.query_one("#kiosk-sheet", Static))
        assert "Questions? Call 李主任 0756-2212345 (阜宁社区)." in shown

"""The roster shows whether a volunteer has a phone-page link and since when, and `p`
(or the palette) makes a new one, shown once with its QR code."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from starlette.testclient import TestClient
from textual.widgets import Button, Label, Static

from taskboard.actions.phone_links import Access
from taskboard.store import Store
from taskboard.tui.screens.phone_page import PhonePageScreen
from taskboard.tui.screens.roster.screen import RosterScreen
from taskboard.tui.screens.suggestions.form import Ask
from taskboard.web.server import make_app

from .hosts import roster_opened

SIZE = (160, 48)
HE_WEI = "何伟"
LINK = re.compile(r"http://127\.0\.0\.1:8765(/v/[A-Za-z0-9_-]{40,})")


def details(screen: RosterScreen) -> str:
    return str(screen.query_one("#roster-details-text", Static).content)


def cursor_to(screen: RosterScreen, ref: str) -> None:
    table = screen.table
    refs = [str(table.get_row_at(index)[0]) for index in range(table.row_count)]
    table.move_cursor(row=refs.index(ref))


def signs_in(path: Path, link_path: str, today: dt.date) -> bool:
    web = TestClient(make_app(path, today=lambda: today), base_url="http://127.0.0.1")
    page = web.get(link_path)
    return page.status_code == 200 and HE_WEI in page.text


def shown_link(app_screen: object) -> str:
    assert isinstance(app_screen, PhonePageScreen)
    heading = str(app_screen.query_one("#phone-url", Label).content)
    assert HE_WEI in heading
    assert "█" in str(app_screen.query_one("#phone-qr", Static).content)
    found = LINK.search(app_screen.url)
    assert found, app_screen.url
    return found.group(1)


async def test_p_makes_a_link_shown_once_and_the_roster_says_since_when(
    story_path: Path, today: dt.date
) -> None:
    store = Store.open(story_path)
    person = store.find_volunteer(HE_WEI)
    async with roster_opened(store, size=SIZE) as host:
        screen = host.screen
        cursor_to(screen, str(person["ref"]))
        await host.pilot.pause()
        assert "no link" in details(screen)
        await host.pilot.press("p")
        await host.pilot.pause()
        link = shown_link(host.app.screen)
        assert Access.beside(story_path).issued(person["id"])
        await host.pilot.press("escape")
        await host.pilot.pause()
        assert re.search(r"link since \d{4}-\d\d-\d\d \d\d:\d\d", details(screen))
    assert signs_in(story_path, link, today)


async def test_a_second_link_is_asked_for_and_replaces_the_first(
    story_path: Path, today: dt.date
) -> None:
    store = Store.open(story_path)
    person = store.find_volunteer(HE_WEI)
    first = "/v/" + Access.beside(story_path).new_link(person["id"])
    async with roster_opened(store, size=SIZE) as host:
        screen = host.screen
        cursor_to(screen, str(person["ref"]))
        await host.pilot.pause()
        assert "link since" in details(screen)
        (command,) = [call for title, call, _help in screen.palette_commands()]
        command()
        await host.pilot.pause()
        asked = host.app.screen
        assert isinstance(asked, Ask)
        assert "stops the old one" in asked.question
        asked.query_one("#ask-ok", Button).press()
        await host.pilot.pause()
        second = shown_link(host.app.screen)
    assert second != first
    assert not signs_in(story_path, first, today)
    assert signs_in(story_path, second, today)


async def test_cancelling_the_question_keeps_the_old_link(story_path: Path, today: dt.date) -> None:
    store = Store.open(story_path)
    person = store.find_volunteer(HE_WEI)
    first = "/v/" + Access.beside(story_path).new_link(person["id"])
    async with roster_opened(store, size=SIZE) as host:
        cursor_to(host.screen, str(person["ref"]))
        await host.pilot.pause()
        await host.pilot.press("p")
        await host.pilot.pause()
        assert isinstance(host.app.screen, Ask)
        await host.pilot.press("escape")
        await host.pilot.pause()
        assert not isinstance(host.app.screen, PhonePageScreen)
    assert signs_in(story_path, first, today)

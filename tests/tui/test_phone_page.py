"""The board's palette starts and stops the phone page and shows its address and QR code;
a volunteer's answer on the phone reaches the open board at its next poll."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path

import httpx
from syncthing_nodes import free_port

from taskboard.store import Store
from taskboard.tui.app import make_app
from taskboard.tui.commands import board_commands
from taskboard.tui.screens.board import BoardScreen
from taskboard.tui.screens.phone_page import PhonePage, PhonePageScreen
from taskboard.web.access import Access


def run_command(screen: BoardScreen, title: str) -> None:
    (callback,) = [call for name, call, _help in board_commands(screen) if name == title]
    callback()


async def answers(url: str) -> bool:
    for _attempt in range(150):
        try:
            async with httpx.AsyncClient() as web:
                if (await web.get(url + "/")).status_code == 200:
                    return True
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    return False


async def test_the_palette_starts_and_stops_the_phone_page(
    story_path: Path, today: dt.date
) -> None:
    store = Store.open(story_path)
    he_wei = store.find_volunteer("何伟")
    token = Access.beside(story_path).new_link(he_wei["id"])
    app = make_app(store, today=today, watch=False)
    async with app.run_test(size=(120, 60)) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        app.phone_page = PhonePage(story_path, port=free_port())
        run_command(board, "phone page: start")
        await pilot.pause()
        shown = app.screen
        assert isinstance(shown, PhonePageScreen)
        url = app.phone_page.url
        assert url.startswith("http://127.0.0.1:")  # no password: this laptop only
        assert url in str(shown.query_one("#phone-url").render())
        assert "█" in str(shown.query_one("#phone-qr").render())
        assert "--set-password" in str(shown.query_one("#phone-note").render())
        assert await answers(url)

        async with httpx.AsyncClient(base_url=url, follow_redirects=True) as phone:
            page = await phone.get(f"/v/{token}")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
            nine = store.tasks.find("funing-9")
            (mine,) = [
                a for a in store.assignments_of_task(nine["id"]) if a["volunteer"] == he_wei["id"]
            ]
            assert csrf and mine["state"] == "proposed"
            sent = {"csrf": csrf.group(1), "assignment": mine["id"], "answer": "confirm"}
            assert (await phone.post("/me/answer", data=sent)).status_code == 200
        app.check_outside_changes()  # the board's poll
        assert store.assignments.get(mine["id"])["state"] == "confirmed"  # type: ignore[index]

        await pilot.press("escape")
        assert app.screen is board
        run_command(board, "phone page: stop")
        assert not app.phone_page.running
        assert not await answers_once(url)


async def answers_once(url: str) -> bool:
    try:
        async with httpx.AsyncClient() as web:
            return (await web.get(url + "/")).status_code == 200
    except httpx.TransportError:
        return False

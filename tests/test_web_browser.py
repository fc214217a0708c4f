"""The phone page in a real browser (chromium at a phone's size) against a real uvicorn.

The server runs in a thread of the test on a free port of 127.0.0.1 and is
stopped after each test; the story data and the suite's `today` are used.
The volunteer page at 360x740 is saved as test-output/web-volunteer-page.png.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import chromium_path, phone_page, screenshot
from playwright.sync_api import Browser, Page, sync_playwright

from taskboard.store import Store
from taskboard.web.access import Access
from taskboard.web.limits import Limiter
from taskboard.web.server import Running, start_in_thread

HE_WEI = "何伟"  # proposed for funing-9 and funing-2
CHEN = "陈玉珍"  # proposed for yuecheng-2


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """This module's own chromium, closed when the module ends.

    Playwright's sync API keeps its event loop marked as running in the main
    thread while it is started, so the session-wide `browser` would make every
    later asyncio test (the board's) fail with "Cannot run the event loop while
    another loop is running"."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


@pytest.fixture
def served(story_path: Path, today: dt.date) -> Iterator[Running]:
    running = start_in_thread(story_path, today=lambda: today, limiter=Limiter(max_failures=3))
    yield running
    running.stop()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    page = phone_page(browser, 360, 740)
    yield page
    page.context.close()


def link(path: Path, name: str) -> str:
    store = Store.open(path)
    return "/v/" + Access.beside(path).new_link(store.find_volunteer(name)["id"])


def state_of(path: Path, ref: str, name: str) -> str:
    store = Store.open(path)
    task, person = store.tasks.find(ref), store.find_volunteer(name)
    (found,) = [a for a in store.assignments_of_task(task["id"]) if a["volunteer"] == person["id"]]
    return str(found["state"])


def title(path: Path, ref: str) -> str:
    return str(Store.open(path).tasks.find(ref)["title"])


def test_sign_in_by_link_confirm_and_decline(
    served: Running, phone: Page, story_path: Path
) -> None:
    phone.goto(served.url + link(story_path, HE_WEI))
    assert phone.url.endswith("/me")
    assert phone.locator("h1").inner_text() == HE_WEI
    body = phone.locator("main").inner_text()
    assert title(story_path, "funing-9") in body and title(story_path, "funing-2") in body
    assert title(story_path, "yuecheng-2") not in body and CHEN not in body  # only one's own
    assert "本月时长" in body
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing wider than the phone
    shot = screenshot(phone, "web-volunteer-page")
    assert shot.stat().st_size > 10_000
    nine = phone.locator("section.work", has_text="funing-9")
    nine.get_by_role("button", name="我会参加").click()
    assert "谢谢,已确认。" in phone.locator("main").inner_text()
    assert state_of(story_path, "funing-9", HE_WEI) == "confirmed"
    two = phone.locator("section.work", has_text="funing-2")
    two.get_by_role("button", name="我无法参加").click()
    assert "已婉拒。" in phone.locator("main").inner_text()
    assert state_of(story_path, "funing-2", HE_WEI) == "declined"
    assert "funing-2" not in phone.locator("main").inner_text()  # declined work leaves the page
    phone.get_by_role("link", name="English").click()
    assert "Upcoming" in phone.locator("main").inner_text()


def test_sign_in_by_phone_and_code_wrong_code_refused_then_limited(
    served: Running, phone: Page, story_path: Path
) -> None:
    store = Store.open(story_path)
    code = Access.beside(story_path).new_code(store.find_volunteer(CHEN)["id"])
    phone.goto(served.url + "/?lang=en")
    for wrong in ("000000", "123456", "654321"):
        phone.get_by_label("Phone number").fill("15200438969")
        phone.get_by_label("Code").fill(wrong)
        phone.get_by_role("button", name="Sign in").click()
        assert "do not match" in phone.get_by_role("alert").inner_text()
    phone.get_by_label("Phone number").fill("15200438969")
    phone.get_by_label("Code").fill(code)
    phone.get_by_role("button", name="Sign in").click()
    assert "Too many wrong tries" in phone.get_by_role("alert").inner_text()
    assert phone.url.endswith("/signin")


def test_sign_in_by_phone_and_code(
    served: Running, browser: Browser, phone: Page, story_path: Path
) -> None:
    store = Store.open(story_path)
    code = Access.beside(story_path).new_code(store.find_volunteer(CHEN)["id"])
    phone.goto(served.url + "/")
    phone.get_by_label("手机号码").fill("152 0043 8969")
    phone.get_by_label("验证码").fill(code)
    phone.get_by_role("button", name="登录").click()
    assert phone.url.endswith("/me")
    body = phone.locator("main").inner_text()
    assert CHEN in body and title(story_path, "yuecheng-2") in body
    assert title(story_path, "funing-9") not in body


def test_another_volunteers_or_a_made_up_token_shows_nothing(
    served: Running, phone: Page, story_path: Path
) -> None:
    chen = link(story_path, CHEN)
    Access.beside(story_path).new_link(
        Store.open(story_path).find_volunteer(CHEN)["id"], rotate=True
    )
    for path in (chen, "/v/" + "x" * 43):
        answer = phone.goto(served.url + path)
        assert answer is not None and answer.status == 404
        assert phone.locator("body").inner_text() == "Not Found"
    answer = phone.goto(served.url + "/me")
    assert phone.url.rstrip("/") == served.url  # no session: the sign-in form
    assert CHEN not in phone.content()


def test_a_post_without_the_csrf_token_is_refused(
    served: Running, phone: Page, story_path: Path
) -> None:
    phone.goto(served.url + link(story_path, HE_WEI))
    nine = phone.locator("section.work", has_text="funing-9")
    nine.locator('input[name="csrf"]').evaluate("field => field.remove()")
    nine.get_by_role("button", name="我会参加").click()
    assert phone.locator("body").inner_text() == "Forbidden"
    assert state_of(story_path, "funing-9", HE_WEI) == "proposed"
    sent = phone.request.post(served.url + "/me/answer", form={"answer": "confirm"})
    assert sent.status == 403

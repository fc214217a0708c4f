"""The browser the page tests use renders Chinese at a phone's width."""

from __future__ import annotations

from browser import phone_page, screenshot
from playwright.sync_api import Browser


def test_chromium_opens_pages_at_a_phones_width(browser: Browser) -> None:
    page = phone_page(browser)
    page.set_content('<html lang="zh-CN"><body><p id="t">志愿者 任务</p></body></html>')
    assert page.evaluate("document.documentElement.clientWidth") == 360
    assert page.locator("#t").inner_text() == "志愿者 任务"
    assert screenshot(page, "browser-smoke").stat().st_size > 0
    page.context.close()

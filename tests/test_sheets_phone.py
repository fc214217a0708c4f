"""The sheets people forward to phones, as a phone shows them and as A4 prints them.

Each sheet is written by the CLI from the story data and opened in a real
Chromium at a true 375-px width: nothing may stick out past the screen, phone
numbers must be whole, references, dates and site names must not be broken
across lines, and the page's language must be the labels'. The day sheet is
printed to an A4 PDF and every page must say which day it is for.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from browser import phone_page, screenshot
from cli_harness import Cli
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

WIDTH = 375

LANGS = {"en": "en", "zh": "zh-CN"}
"""`--lang` of the labels, and the `lang` the page must declare for them."""

SITE_NAMES = ("阜宁社区", "春晖社区", "景山社区", "兴业社区", "岳城社区")

REF_OR_DATE = r"[a-z]+-v?[0-9]+|[0-9]{4}-[0-9]{2}-[0-9]{2}"
PHONE = r"1[0-9]{10}"

BROKEN_WORDS = """([pattern, exclude]) => {
  // Every match of `pattern` in the page's text (outside charts) that a line break splits.
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(exclude)) continue;
    for (const match of node.data.matchAll(new RegExp(pattern, "g"))) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""

WORD_BOXES = """(pattern) => {
  // The right edge and line count of every match of `pattern` in the page's text.
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(new RegExp(pattern, "g"))) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = [...range.getClientRects()];
      boxes.push({
        text: match[0],
        right: Math.max(...rects.map((r) => r.right)),
        lines: new Set(rects.map((r) => Math.round(r.top))).size,
      });
    }
  }
  return boxes;
}"""

SPLIT_CELLS = """() => [...document.querySelectorAll("td, th")].filter((cell) => {
  // Short one-word cells (已确认, 入户走访, confirmed) that the table squeezed onto several lines.
  const text = cell.textContent.trim();
  if (!text || /\\s/.test(text) || text.length > 6) return false;
  const range = document.createRange();
  range.selectNodeContents(cell);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
}).map((cell) => cell.textContent)"""

WIDEST = """() => Math.max(...[...document.body.querySelectorAll("*")].map(
  (el) => el.getBoundingClientRect().right))"""


def sheet_args(name: str, today: dt.date) -> tuple[str, ...]:
    """The command that writes sheet `name`; the day sheet is the story's busy Saturday."""
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7)
    return {
        "volunteer": ("assignments", "郑秀兰"),
        "crew": ("crew", "funing-1", "--phones"),
        "day": ("day", saturday.isoformat(), "--phones"),
        "report": ("report",),
        "notice": ("suggestion", "notice"),
    }[name]


def write_sheet(cli: Cli, tmp_path: Path, name: str, lang: str, today: dt.date) -> Path:
    target = tmp_path / f"{name}-{lang}.html"
    cli.ok("--lang", lang, *sheet_args(name, today), "-o", str(target))
    return target


def open_on_phone(browser: Browser, path: Path) -> Page:
    page = phone_page(browser, WIDTH, 740)
    page.goto(path.as_uri())
    return page


def phone_numbers(page: Page) -> list[dict[str, Any]]:
    boxes: list[dict[str, Any]] = page.evaluate(WORD_BOXES, PHONE)
    return boxes


@pytest.mark.parametrize("lang", sorted(LANGS))
@pytest.mark.parametrize("name", ["volunteer", "crew", "day", "report", "notice"])
def test_each_sheet_fits_a_375px_phone_and_says_its_labels_language(
    browser: Browser, story_cli: Cli, tmp_path: Path, today: dt.date, name: str, lang: str
) -> None:
    page = open_on_phone(browser, write_sheet(story_cli, tmp_path, name, lang, today))
    screenshot(page, f"sheet-{name}-{lang}-{WIDTH}")
    assert page.evaluate("document.documentElement.clientWidth") == WIDTH
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH  # no sideways scroll
    assert page.evaluate(WIDEST) <= WIDTH  # nothing cut off at the right edge
    assert page.evaluate(SPLIT_CELLS) == []  # no 已/确/认 one character per line
    assert page.evaluate("document.documentElement.lang") == LANGS[lang]
    page.context.close()


@pytest.mark.parametrize("lang", sorted(LANGS))
@pytest.mark.parametrize("name", ["crew", "day"])
def test_phone_numbers_are_whole_on_a_phone(
    browser: Browser, story_cli: Cli, tmp_path: Path, today: dt.date, name: str, lang: str
) -> None:
    page = open_on_phone(browser, write_sheet(story_cli, tmp_path, name, lang, today))
    numbers = phone_numbers(page)
    assert len(numbers) >= 3
    for number in numbers:
        assert number["right"] <= WIDTH and number["lines"] == 1, number
    page.context.close()


@pytest.mark.parametrize("lang", sorted(LANGS))
@pytest.mark.parametrize("name", ["volunteer", "crew", "day", "report"])
def test_refs_and_dates_stay_on_one_line_on_a_phone(
    browser: Browser, story_cli: Cli, tmp_path: Path, today: dt.date, name: str, lang: str
) -> None:
    page = open_on_phone(browser, write_sheet(story_cli, tmp_path, name, lang, today))
    assert page.evaluate(BROKEN_WORDS, [REF_OR_DATE, "svg"]) == []
    page.context.close()


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_report_site_names_are_not_one_character_per_line(
    browser: Browser, story_cli: Cli, tmp_path: Path, today: dt.date, lang: str
) -> None:
    page = open_on_phone(browser, write_sheet(story_cli, tmp_path, "report", lang, today))
    names = "|".join(SITE_NAMES)
    assert page.evaluate(BROKEN_WORDS, [names, "svg"]) == []
    cells = page.locator("td").filter(has_text=re.compile(r"^\s*阜宁社区\s*$"))
    assert cells.count() == 3  # tasks per status, suggestions, and spending per fund
    for index in range(cells.count()):
        box = cells.nth(index).bounding_box()
        assert box is not None and box["width"] >= 4 * 12  # four characters side by side
    page.context.close()


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_the_printed_day_sheet_says_its_date_on_every_a4_page(
    browser: Browser, story_cli: Cli, tmp_path: Path, today: dt.date, lang: str
) -> None:
    args = sheet_args("day", today)
    page = phone_page(browser, 794, 1123)  # an A4 sheet at 96 dpi
    page.goto(write_sheet(story_cli, tmp_path, "day", lang, today).as_uri())
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    page.context.close()
    assert len(pdf.pages) >= 2
    for number, printed in enumerate(pdf.pages, start=1):
        first_line = printed.extract_text().strip().splitlines()[0]
        assert args[1] in first_line, (number, first_line)

"""`taskboard assignments NAME --with-link`: the volunteer's sheet carries a fresh phone-page link.

Links are kept only as hashes, so a sheet can print one only by making it anew;
the old link stops working, and the command says so on stderr.
"""

from __future__ import annotations

import datetime as dt
import re

from cli_harness import Cli
from starlette.testclient import TestClient

from taskboard.store import Store
from taskboard.web.access import Access
from taskboard.web.server import make_app

HE_WEI = "何伟"
LINK = re.compile(r"http://127\.0\.0\.1:8765(/v/[A-Za-z0-9_-]{40,})")


def opens_the_page(cli: Cli, path: str, today: dt.date) -> bool:
    """Whether the link's path signs its holder in to 何伟's own page."""
    web = TestClient(make_app(cli.db, today=lambda: today), base_url="http://127.0.0.1")
    page = web.get(path)
    return page.status_code == 200 and HE_WEI in page.text and str(page.url).endswith("/me")


def test_a_sheet_with_link_prints_a_working_link_and_its_qr_code(
    story_cli: Cli, today: dt.date
) -> None:
    done = story_cli.run("assignments", HE_WEI, "--with-link")
    assert done.code == 0, done.err
    found = LINK.search(done.out)
    assert found, done.out
    assert "█" in done.out.split(found.group(0), 1)[1]  # the QR code follows the link
    assert "printed only on this sheet" in done.err
    assert opens_the_page(story_cli, found.group(1), today)


def test_a_new_sheet_with_link_replaces_the_old_link_and_says_so(
    story_cli: Cli, today: dt.date
) -> None:
    first = LINK.search(story_cli.run("assignments", HE_WEI, "--with-link").out)
    again = story_cli.run("assignments", HE_WEI, "--with-link")
    second = LINK.search(again.out)
    assert first and second and first.group(1) != second.group(1)
    assert "earlier phone-page link no longer works" in again.err
    assert not opens_the_page(story_cli, first.group(1), today)
    assert opens_the_page(story_cli, second.group(1), today)


def test_the_html_sheet_carries_the_qr_code_inline(story_cli: Cli, today: dt.date) -> None:
    out = story_cli.db.parent / "sheet.html"
    story_cli.run("assignments", HE_WEI, "--with-link", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == 1
    found = LINK.search(page)
    assert found and f'href="{found.group(0)}"' in page
    assert "<script" not in page and "https://" not in page  # works with no internet
    assert opens_the_page(story_cli, found.group(1), today)


def test_with_link_on_a_calendar_file_is_refused_and_makes_no_link(story_cli: Cli) -> None:
    error = story_cli.fails("assignments", HE_WEI, "--with-link", "--format", "ics")
    assert "--with-link" in error
    person = Store.open(story_cli.db).find_volunteer(HE_WEI)
    assert Access.beside(story_cli.db).epoch(person["id"]) == 0


def test_a_sheet_without_the_option_makes_no_link(story_cli: Cli) -> None:
    done = story_cli.ok("assignments", HE_WEI)
    assert "/v/" not in done.out
    assert not Access.beside(story_cli.db).path.exists()

"""The phone page through Starlette's TestClient: sign-in, one's own work, answers, safety.

The browser tests (tests/test_web_browser.py) drive the same pages in chromium."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import socket
import stat
import time
from pathlib import Path

import pytest
from cli_harness import Cli
from starlette.testclient import TestClient

from taskboard.settings import check_pin, hash_password, load_settings, save_settings
from taskboard.store import Store
from taskboard.web.access import CODE_TTL_S, Access, token_hash
from taskboard.web.limits import Limiter
from taskboard.web.server import MAX_BODY, make_app

HE_WEI = "何伟"  # proposed for funing-9 (2026-12-20) and funing-2 (no date)
CHEN = "陈玉珍"  # proposed for yuecheng-2, confirmed for yuecheng-1
CHEN_ONLY = "yuecheng-2"
FORM = re.compile(r'name="csrf" value="([^"]+)"')


def volunteer_id(path: Path, name: str) -> str:
    return str(Store.open(path).find_volunteer(name)["id"])


def client(path: Path, today: dt.date, address: str = "192.168.1.20") -> TestClient:
    app = make_app(path, today=lambda: today)
    return TestClient(app, base_url="http://127.0.0.1", client=(address, 50000))


def link(path: Path, name: str) -> str:
    return "/v/" + Access.beside(path).new_link(volunteer_id(path, name))


def csrf(page: str) -> str:
    found = FORM.search(page)
    assert found, page
    return found.group(1)


def task_title(path: Path, ref: str) -> str:
    return str(Store.open(path).tasks.find(ref)["title"])


def assignment_of(path: Path, ref: str, name: str) -> dict[str, object]:
    store = Store.open(path)
    task, person = store.tasks.find(ref), store.find_volunteer(name)
    found = [a for a in store.assignments_of_task(task["id"]) if a["volunteer"] == person["id"]]
    assert len(found) == 1
    return found[0]


@pytest.fixture
def web(story_path: Path, today: dt.date) -> TestClient:
    return client(story_path, today)


# Signing in ------------------------------------------------------------------------------------
def test_a_link_signs_in_and_shows_only_the_volunteers_own_work(
    web: TestClient, story_path: Path
) -> None:
    page = web.get(link(story_path, HE_WEI))
    assert page.status_code == 200
    assert str(page.url).endswith("/me")
    assert HE_WEI in page.text
    assert task_title(story_path, "funing-9") in page.text
    assert task_title(story_path, CHEN_ONLY) not in page.text
    assert CHEN not in page.text
    assert page.text.count('value="confirm"') == 2  # funing-2 and funing-9 are proposed
    cookie = page.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_a_made_up_or_rotated_token_gives_a_plain_404(web: TestClient, story_path: Path) -> None:
    old = link(story_path, HE_WEI)
    for wrong in ("/v/" + "A" * 43, "/v/x", old + "x"):
        answer = web.get(wrong)
        assert (answer.status_code, answer.text) == (404, "Not Found")
    assert web.get(old).status_code == 200  # signed in with the first link …
    Access.beside(story_path).new_link(volunteer_id(story_path, HE_WEI), rotate=True)
    assert web.get(old, follow_redirects=False).status_code == 404  # … which stops working,
    assert str(web.get("/me").url).endswith("/")  # and so does the session it opened


def test_guessing_links_is_rate_limited_per_address(story_path: Path, today: dt.date) -> None:
    right = link(story_path, HE_WEI)
    app = make_app(story_path, today=lambda: today, limiter=Limiter(max_failures=3))
    guesser = TestClient(app, base_url="http://127.0.0.1", client=("192.168.1.66", 1))
    for attempt in range(3):
        assert guesser.get(f"/v/guess{attempt}").status_code == 404
    assert guesser.get(right).status_code == 429  # even the right link, from this address
    other = TestClient(app, base_url="http://127.0.0.1", client=("192.168.1.67", 1))
    assert HE_WEI in other.get(right).text


def test_tokens_live_hashed_beside_the_data_and_never_in_it(story_path: Path) -> None:
    token = Access.beside(story_path).new_link(volunteer_id(story_path, HE_WEI))
    beside = story_path.with_name(story_path.name + ".web-access")
    assert token_hash(token) in beside.read_text() and token not in beside.read_text()
    assert stat.S_IMODE(beside.stat().st_mode) == 0o600
    data_files = [p for p in story_path.parent.iterdir() if p.name.startswith("story.json")]
    for path in data_files:
        if path.is_file() and path != beside:
            assert token_hash(token).encode() not in path.read_bytes()


def test_phone_and_code_sign_in_once(web: TestClient, story_path: Path) -> None:
    code = Access.beside(story_path).new_code(volunteer_id(story_path, CHEN))
    form = web.get("/")
    assert form.status_code == 200
    sent = {"csrf": csrf(form.text), "phone": "152 0043 8969", "code": code}
    page = web.post("/signin", data=sent)
    assert str(page.url).endswith("/me") and CHEN in page.text
    again = client(story_path, dt.date(2026, 11, 25))
    sent["csrf"] = csrf(again.get("/").text)
    assert again.post("/signin", data=sent).status_code == 401  # a code works once


def test_an_expired_code_is_refused(web: TestClient, story_path: Path) -> None:
    code = Access.beside(story_path).new_code(
        volunteer_id(story_path, CHEN), now=time.time() - CODE_TTL_S - 1
    )
    sent = {"csrf": csrf(web.get("/").text), "phone": "15200438969", "code": code}
    assert web.post("/signin", data=sent).status_code == 401


def test_wrong_codes_are_rate_limited_per_address_and_per_volunteer(
    story_path: Path, today: dt.date
) -> None:
    code = Access.beside(story_path).new_code(volunteer_id(story_path, CHEN))
    limiter = Limiter(max_failures=3)
    app = make_app(story_path, today=lambda: today, limiter=limiter)
    guesser = TestClient(app, base_url="http://127.0.0.1", client=("192.168.1.66", 1))
    token = csrf(guesser.get("/").text)
    for wrong in ("000000", "111111", "222222"):
        sent = {"csrf": token, "phone": "15200438969", "code": wrong}
        refused = guesser.post("/signin", data=sent)
        assert refused.status_code == 401
        assert 'role="alert"' in refused.text
    blocked = guesser.post("/signin", data={"csrf": token, "phone": "15200438969", "code": code})
    assert blocked.status_code == 429  # even the right code, from this address
    other = TestClient(app, base_url="http://127.0.0.1", client=("192.168.1.67", 1))
    sent = {"csrf": csrf(other.get("/").text), "phone": "15200438969", "code": code}
    assert other.post("/signin", data=sent).status_code == 429  # and for this volunteer
    limiter.clock = lambda: time.monotonic() + limiter.window_s + 1
    assert CHEN in other.post("/signin", data=sent).text  # after the window it works


# Answering -------------------------------------------------------------------------------------
def test_confirm_and_decline_use_the_same_action_as_the_cli(
    web: TestClient, story_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy" / "story.json"
    copy.parent.mkdir()
    shutil.copy(story_path, copy)
    journal = story_path.with_name(story_path.name + ".journal")
    if journal.exists():
        shutil.copy(journal, copy.with_name(copy.name + ".journal"))
    board = Store.open(story_path)  # the board open on the laptop
    page = web.get(link(story_path, HE_WEI))
    for ref, answer in (("funing-9", "confirm"), ("funing-2", "decline")):
        sent = {"csrf": csrf(page.text), "assignment": assignment_of(story_path, ref, HE_WEI)["id"]}
        page = web.post("/me/answer", data={**sent, "answer": answer})
        assert page.status_code == 200
    assert "已确认" in page.text or "confirmed" in page.text
    assert assignment_of(story_path, "funing-9", HE_WEI)["state"] == "confirmed"
    assert assignment_of(story_path, "funing-2", HE_WEI)["state"] == "declined"
    assert board.refresh()  # the open board sees the change at its next poll
    assert board.find_volunteer(HE_WEI)  # and reads it from the file
    cli = Cli(capsys, copy)
    cli.ok("assignment", "set", "funing-9", HE_WEI, "confirmed")
    cli.ok("assignment", "set", "funing-2", HE_WEI, "declined")
    assert crews(story_path) == crews(copy)  # the same slot offered to the same person
    history = cli.data("task", "history", "funing-2")
    assert history
    web_history = Cli(capsys, story_path).data("task", "history", "funing-2")
    assert [entry.get("who") for entry in web_history][-2:] == [HE_WEI, HE_WEI]


def crews(path: Path) -> set[tuple[str, str, str, str]]:
    store = Store.open(path)
    return {
        (a["task"], a["volunteer"], a["skill"], a["state"])
        for a in store.assignments.live()
        if store.tasks.get(a["task"])["ref"] in ("funing-2", "funing-9")  # type: ignore[index]
    }


def test_another_volunteers_assignment_gives_404_and_changes_nothing(
    web: TestClient, story_path: Path
) -> None:
    page = web.get(link(story_path, HE_WEI))
    theirs = assignment_of(story_path, CHEN_ONLY, CHEN)
    sent = {"csrf": csrf(page.text), "assignment": theirs["id"], "answer": "decline"}
    answer = web.post("/me/answer", data=sent)
    assert (answer.status_code, answer.text) == (404, "Not Found")
    assert assignment_of(story_path, CHEN_ONLY, CHEN)["state"] == "proposed"


# Safety ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/signin", "/me/answer", "/signout", "/coordinator/signin"])
def test_every_post_without_the_csrf_token_is_refused(
    web: TestClient, story_path: Path, path: str
) -> None:
    page = web.get(link(story_path, HE_WEI))
    assignment = assignment_of(story_path, "funing-9", HE_WEI)["id"]
    for form in ({"assignment": assignment, "answer": "confirm"}, {"csrf": "forged"}):
        assert web.post(path, data=form).status_code == 403
    assert csrf(page.text)
    assert assignment_of(story_path, "funing-9", HE_WEI)["state"] == "proposed"


def test_secure_headers_on_every_answer(web: TestClient) -> None:
    for answer in (web.get("/"), web.get("/nothing"), web.post("/signin", data={})):
        assert answer.headers["content-security-policy"].startswith("default-src 'self'")
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["referrer-policy"] == "no-referrer"
    assert web.get("/templates/").status_code == 404  # no folder is served or listed
    assert web.get("/style.css").headers["content-type"].startswith("text/css")


def test_values_are_escaped(web: TestClient, story_path: Path) -> None:
    store = Store.open(story_path)
    task = store.tasks.find("funing-9")
    store.tasks.update(task["id"], {"title": "<script>alert(1)</script>"})
    page = web.get(link(story_path, HE_WEI))
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_a_large_body_is_refused(web: TestClient) -> None:
    token = csrf(web.get("/").text)
    answer = web.post("/signin", data={"csrf": token, "phone": "1" * (MAX_BODY + 1), "code": "1"})
    assert answer.status_code == 413


def test_chinese_by_default_and_english_on_request(web: TestClient, story_path: Path) -> None:
    page = web.get(link(story_path, HE_WEI))
    assert '<html lang="zh-CN">' in page.text and "即将进行" in page.text
    english = web.get("/me?lang=en")
    assert '<html lang="en">' in english.text and "Upcoming" in english.text
    assert "Upcoming" in web.get("/me").text  # the choice is kept
    assert "即将进行" in web.get("/me?lang=zh").text


# The coordinator view --------------------------------------------------------------------------
def set_password(password: str) -> None:
    save_settings(dataclasses.replace(load_settings(), serve_password=hash_password(password)))


def test_the_coordinator_view_needs_the_password(web: TestClient, story_path: Path) -> None:
    page = web.get("/coordinator?lang=en")
    assert "Password" in page.text and "funing-9" not in page.text
    sent = {"csrf": csrf(page.text), "password": "whatever-it-is"}
    assert web.post("/coordinator/signin", data=sent).status_code == 401  # none set yet
    set_password("正确的口令ok2")
    assert web.post("/coordinator/signin", data=sent).status_code == 401
    board = web.post("/coordinator/signin", data={**sent, "password": "正确的口令ok2"})
    assert board.status_code == 200
    for column in ("Suggested", "Open", "Staffed", "In progress", "Done"):
        assert f"<summary>{column} (" in board.text
    assert task_title(story_path, "funing-9") in board.text
    day = web.get("/coordinator/day")
    assert "2026-11-25" in day.text
    set_password("another-1")
    assert "Password" in web.get("/coordinator").text  # a new password ends the session


def test_a_volunteer_session_does_not_open_the_coordinator_view(
    web: TestClient, story_path: Path
) -> None:
    set_password("secret-ok")
    web.get(link(story_path, HE_WEI))
    assert 'name="password"' in web.get("/coordinator").text
    assert 'name="password"' in web.get("/coordinator/day", follow_redirects=True).text


# The CLI ---------------------------------------------------------------------------------------
def test_volunteer_link_prints_it_once_and_rotate_replaces_it(story_cli: Cli) -> None:
    first = story_cli.ok("volunteer", "link", HE_WEI).out
    url = re.search(r"http://127\.0\.0\.1:8765/v/(\S+)", first)
    assert url and len(url.group(1)) >= 40
    assert "█" in first  # the QR code
    assert "--rotate" in story_cli.fails("volunteer", "link", HE_WEI)
    second = story_cli.ok(
        "volunteer", "link", HE_WEI, "--rotate", "--url", "http://10.0.0.5:80"
    ).out
    assert "http://10.0.0.5:80/v/" in second and url.group(1) not in second
    access = Access.beside(story_cli.db)
    assert access.volunteer_of(url.group(1)) is None
    assert "无此人" in story_cli.fails("volunteer", "link", "无此人")


def test_volunteer_link_code_prints_six_digits_kept_hashed(story_cli: Cli) -> None:
    out = story_cli.ok("volunteer", "link", CHEN, "--code").out
    code = re.search(r"\b(\d{6})\b", out)
    assert code
    kept = story_cli.db.with_name(story_cli.db.name + ".web-access").read_text()
    assert code.group(1) not in kept and "scrypt$" in kept


def test_serve_refuses_a_reachable_address_without_a_password(story_cli: Cli) -> None:
    line = story_cli.fails("serve", "--host", "0.0.0.0")
    assert "taskboard serve --set-password" in line
    assert "set-password" in story_cli.fails("serve", "--host", "192.168.1.20", "--port", "8080")


def test_serve_refuses_a_port_in_use_in_one_line(story_cli: Cli) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        assert f"could not serve on 127.0.0.1:{port}" in story_cli.fails("serve", "--port", port)


def test_serve_set_password_reads_stdin_once_and_keeps_a_scrypt_hash(
    story_cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("短口令\n"))
    assert "at least 8" in story_cli.fails("serve", "--set-password")
    monkeypatch.setattr("sys.stdin", io.StringIO("办公室的口令2026\n"))
    assert "password saved" in story_cli.ok("serve", "--set-password").out
    stored = load_settings().serve_password
    assert stored and stored.startswith("scrypt$") and check_pin("办公室的口令2026", stored)
    assert "办公室的口令2026" not in (tmp_path / "settings.toml").read_text(encoding="utf-8")


def test_links_never_travel_in_a_bundle_and_no_output_overwrites_them(
    story_cli: Cli, tmp_path: Path
) -> None:
    out = story_cli.ok("volunteer", "link", HE_WEI).out
    token = re.search(r"/v/(\S+)", out)
    assert token
    bundle = tmp_path / "bundle.json"
    story_cli.ok("export", "-o", str(bundle))
    text = bundle.read_text(encoding="utf-8")
    assert token.group(1) not in text and token_hash(token.group(1)) not in text
    beside = story_cli.db.with_name(story_cli.db.name + ".web-access")
    line = story_cli.fails("report", "--format", "html", "-o", str(beside))
    assert "access file" in line

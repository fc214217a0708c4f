"""The notice to residents (公示): each suggestion and what became of it, text and HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_harness import Cli

from taskboard.store import Store


@pytest.fixture
def cli(store: Store, db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Three suggestions from the July meeting: one done, one planned, one declined."""
    board = Cli(capsys, db_path)
    made = board.run(
        "task", "add", "--title", "围墙补焊", "--need", "welding:2", "--due", "2026-11-07"
    )
    assert made.code == 0 and "has passed" in made.err  # work already done, recorded afterwards
    board.ok("task", "add", "--title", "增设路灯", "--need", "electrical:1", "--due", "2026-12-19")
    for number, words in (
        (1, "小区内围墙生锈"),
        (5, "主干道太暗,希望增加路灯"),
        (15, "希望划车位"),
    ):
        board.ok("suggestion", "add", "--number", str(number), "--text", words)
    board.ok("suggestion", "link", "#1", "funing-1")
    board.ok("task", "move", "funing-1", "done")
    board.ok("suggestion", "link", "#5", "funing-2")
    board.ok("suggestion", "decline", "#15", "--reason", "道路太窄,划车位会堵住消防通道")
    return board


def test_the_text_notice_tells_residents_what_became_of_each(cli: Cli) -> None:
    assert cli.ok("suggestion", "notice").out == (
        "阜宁社区: residents' suggestions and what became of them\n"
        "3 suggestions: done 1, planned 1, declined 1\n"
        "\n"
        "#1  小区内围墙生锈\n"
        "    ✓ done on 2026-11-07\n"
        "#5  主干道太暗,希望增加路灯\n"
        "    ○ planned for 2026-12-19\n"
        "#15  希望划车位\n"
        "    × declined: 道路太窄,划车位会堵住消防通道\n"
        "\n"
        "阜宁社区 · as of 2026-11-25\n"
    )


def test_the_notice_is_chinese_on_the_chinese_ui(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    text = cli.ok("suggestion", "notice").out
    assert text.startswith(
        "阜宁社区居民建议落实情况公示\n共 3 条建议:已落实 1 条,已列入计划 1 条,暂不采纳 1 条\n"
    )
    assert "    ✓ 已于2026年11月7日落实\n" in text
    assert "    ○ 计划于2026年12月19日实施\n" in text
    assert "    × 暂不采纳:道路太窄,划车位会堵住消防通道\n" in text
    assert text.endswith("阜宁社区 · 2026年11月25日\n")


def test_the_html_notice_is_one_self_contained_printable_page(cli: Cli, tmp_path: Path) -> None:
    cli.ok("suggestion", "edit", "#5", "--text", "<script>alert(1)</script> 路灯")
    target = tmp_path / "公示.html"
    assert cli.ok("suggestion", "notice", "-o", str(target)).out == f"Wrote {target}\n"
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for fetched in ("http://", "https://", "<script", "@import", "<link", "url("):
        assert fetched not in page  # nothing fetched from anywhere, no user text run as code
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 路灯" in page
    assert "@page { size: A4" in page and 'name="viewport"' in page  # A4 paper and phones
    assert "@media (max-width: 34em)" in page
    assert '<tr class="done"><td class="no">#1</td><td>小区内围墙生锈</td>' in page
    assert "declined: 道路太窄,划车位会堵住消防通道" in page


def test_a_text_file_and_another_sites_notice(cli: Cli, tmp_path: Path) -> None:
    cli.ok("site", "add", "xingye", "--name", "兴业社区")
    target = tmp_path / "notice.txt"
    cli.ok("suggestion", "notice", "-o", str(target))
    assert target.read_text(encoding="utf-8").startswith("阜宁社区: residents'")
    other = cli.ok("suggestion", "notice", "--site", "xingye").out
    assert other.splitlines()[1:4] == ["0 suggestions: -", "", "No suggestions recorded yet."]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--site", "nowhere"), "--site 'nowhere': no such site"),
        (("-o", "notice.pdf"), "cannot tell the format"),
        (("-o", "board.json"), "board.json"),  # the data file itself is never overwritten
    ],
)
def test_a_bad_notice_request_writes_nothing(
    cli: Cli, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    wanted = [str(db_path.parent / arg) if arg.endswith((".pdf", ".json")) else arg for arg in args]
    assert message in cli.fails("suggestion", "notice", *wanted)

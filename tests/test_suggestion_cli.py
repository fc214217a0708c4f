"""`taskboard suggestion …` end to end: residents' suggestions from the meeting to done."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_harness import Cli

from taskboard.actions.suggestions import add_suggestion, decline_suggestion, link_task
from taskboard.board.edits import EditHistory
from taskboard.model import Task
from taskboard.store import Store


@pytest.fixture
def cli(store: Store, db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """An empty funing file with two tasks a fence suggestion needs: weld, then paint."""
    fence = Cli(capsys, db_path)
    fence.ok("task", "add", "--title", "南区围墙除锈补焊", "--need", "welding:2")
    fence.ok("task", "add", "--title", "围墙刷漆", "--need", "painting:3", "--due", "2026-12-12")
    return fence


def add_fence(cli: Cli, *extra: str) -> dict[str, object]:
    return dict(
        cli.data(
            "suggestion", "add", "--text", "小区内围墙生锈", "--number", "1",
            "--by", "朱庆花园南区居民代表", "--date", "2026-07-18", "--source", "7月居民议事会",
            *extra,
        )
    )  # fmt: skip


def test_a_suggestion_follows_its_tasks_from_received_to_done(cli: Cli) -> None:
    made = add_fence(cli)
    assert (made["ref"], made["status"], made["number"]) == ("funing-s1", "received", 1)

    assert cli.ok("suggestion", "link", "funing-s1", "funing-1").out == (
        "Linked funing-1 to funing-s1 · planned\n"
    )
    cli.ok("suggestion", "link", "#1", "funing-2")  # the meeting's number finds it too
    assert cli.data("suggestion", "show", "funing-s1")["status"] == "planned"

    cli.ok("task", "move", "funing-1", "done")
    shown = cli.data("suggestion", "show", "funing-s1")
    assert (shown["status"], shown["linked"], shown["done"]) == ("in_progress", 2, 1)

    cli.ok("task", "move", "funing-2", "done")
    listed = cli.ok("suggestion", "list").out
    assert "funing-s1  #1   小区内围墙生锈  done    2/2   funing-1 funing-2" in listed
    assert listed.endswith("Suggestions done 1/1\n")
    outcome = cli.ok("suggestion", "show", "funing-s1").out
    assert "Outcome: done on 2026-12-12" in outcome  # the day of the last linked work


def test_add_links_tasks_at_once_and_a_staffed_task_means_in_progress(cli: Cli) -> None:
    made = add_fence(cli, "--task", "funing-1", "--task", "FUNING-1")  # twice: linked once
    assert made["task_refs"] == ["funing-1"]
    cli.ok("task", "move", "funing-1", "staffed")
    assert cli.data("suggestion", "list", "--status", "in_progress")[0]["ref"] == "funing-s1"
    assert cli.data("suggestion", "list", "--status", "planned") == []
    cli.ok("suggestion", "add", "--text", "路灯不亮")
    listed = cli.ok("suggestion", "list", "--status", "received").out
    assert "funing-s2" in listed and "funing-s1" not in listed
    assert listed.endswith("Suggestions done 0/2\n")  # done of all, not of those listed


def test_declining_needs_a_reason_and_reopening_takes_it_back(cli: Cli) -> None:
    cli.ok("suggestion", "add", "--text", "希望划出更多停车位", "--number", "15")
    reason = "道路宽度不够,划车位会堵住消防通道"
    said = cli.ok("suggestion", "decline", "#15", "--reason", reason).out
    assert said == f"Declined funing-s1 · declined: {reason}\n"
    assert cli.data("suggestion", "show", "funing-s1")["reason"] == reason

    reopened = cli.data("suggestion", "reopen", "funing-s1")
    assert (reopened["decision"], reopened["reason"], reopened["status"]) == (
        "accepted",
        "",
        "accepted",
    )


def test_edit_changes_only_the_given_fields_and_photos_one_by_one(cli: Cli) -> None:
    add_fence(cli, "--photo", "photos/fence-1.jpg", "--photo", "photos/fence-2.jpg")
    edited = cli.data(
        "suggestion", "edit", "funing-s1", "--unphoto", "photos/fence-1.jpg",
        "--photo", "photos/fence-3.jpg", "--place", "东侧围墙", "--decision", "accepted",
    )  # fmt: skip
    assert edited["photos"] == ["photos/fence-2.jpg", "photos/fence-3.jpg"]
    assert (edited["place"], edited["decision"], edited["text"]) == (
        "东侧围墙",
        "accepted",
        "小区内围墙生锈",
    )


def test_history_says_in_words_what_was_done_in_both_languages(cli: Cli) -> None:
    add_fence(cli)
    cli.ok("suggestion", "link", "funing-s1", "funing-1")
    cli.ok("suggestion", "unlink", "funing-s1", "funing-1")
    shown = cli.ok("suggestion", "show", "funing-s1").out
    assert "linked funing-1" in shown and "unlinked funing-1" in shown
    chinese = cli.ok("--lang", "zh", "suggestion", "show", "funing-s1").out
    assert "关联 funing-1" in chinese and "取消关联 funing-1" in chinese
    assert "状态: 已收到" in chinese


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("suggestion", "add", "--text", "  "), "text"),
        (("suggestion", "add", "--text", "x", "--number", "seven"), "--number 'seven'"),
        (("suggestion", "add", "--text", "x", "--date", "2026-13-01"), "--date"),
        (("suggestion", "add", "--text", "x", "--task", "funing-9"), "no task 'funing-9'"),
        (("suggestion", "add", "--text", "x", "--task", "funing-1", "--task", "funing-9"), "9"),
        (("suggestion", "show", "funing-s7"), "no suggestion 'funing-s7'"),
        (("suggestion", "show", "#4"), "no suggestion #4 at this site"),
        (("suggestion", "link", "funing-s1", "funing-9"), "no task 'funing-9'"),
        (("suggestion", "link", "funing-s1", "funing-1"), "already linked"),
        (("suggestion", "unlink", "funing-s1", "funing-2"), "funing-2 is not linked"),
        (("suggestion", "decline", "funing-s1", "--reason", " "), "needs a reason"),
        (("suggestion", "reopen", "funing-s1"), "funing-s1 is not declined"),
        (("suggestion", "edit", "funing-s1"), "at least one field"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    cli: Cli, args: tuple[str, ...], message: str
) -> None:
    add_fence(cli, "--task", "funing-1")
    assert message in cli.fails(*args)


@pytest.mark.parametrize(
    "args",
    [
        ("suggestion", "add", "--number", "1"),
        ("suggestion", "decline", "funing-s1"),
        ("suggestion", "edit", "funing-s1", "--decision", "declined"),
        ("suggestion", "list", "--status", "finished"),
    ],
)
def test_usage_errors_are_one_line_too(cli: Cli, args: tuple[str, ...]) -> None:
    add_fence(cli)
    assert "error" in cli.fails(*args, code=2)


def test_linking_to_a_declined_suggestion_asks_to_reopen_first(cli: Cli) -> None:
    add_fence(cli)
    cli.ok("suggestion", "decline", "funing-s1", "--reason", "物业负责")
    assert "reopen it before linking" in cli.fails("suggestion", "link", "funing-s1", "funing-1")


def test_each_action_is_one_undo(memory_store: Store) -> None:
    store = memory_store
    task = store.tasks.create(Task(title="围墙补焊", site="funing"))
    history = EditHistory(store)
    added = add_suggestion(store, {"text": "小区内围墙生锈"})
    history.record(added)
    history.record(link_task(store, added.record_id, task.ref))
    history.record(decline_suggestion(store, added.record_id, "已由物业维修"))

    history.undo()
    assert store.suggestions.get(added.record_id)["decision"] == "received"  # type: ignore[index]
    history.undo()
    assert store.suggestions.get(added.record_id)["tasks"] == []  # type: ignore[index]
    history.undo()
    assert store.suggestions.get(added.record_id)["deleted"] is True  # type: ignore[index]
    history.redo()
    assert store.suggestions.find("funing-s1")["text"] == "小区内围墙生锈"


def test_a_day_at_funing_as_the_readme_tells_it(story_cli: Cli, tmp_path: Path) -> None:
    cli = story_cli
    listed = cli.ok("suggestion", "list").out.splitlines()
    assert (
        listed[1]
        == "funing-s1   #1   小区内围墙生锈                    in progress  0/2   funing-1 funing-2"
    )  # noqa: E501
    assert (
        "funing-s12  #12  天台堆满杂物,有消防隐患           planned      0/1   funing-14" in listed
    )
    assert listed[-1] == "Suggestions done 9/21"
    assert "Outcome: planned for 2026-12-01" in cli.ok("suggestion", "show", "#12").out
    assert cli.ok("task", "move", "funing-14", "done").out == "Moved funing-14 to done\n"
    added = cli.ok(
        "suggestion", "add", "--number", "22", "--text", "南门雨棚漏雨", "--by", "6栋居民",
        "--date", "2026-11-20", "--source", "居民来访",
    ).out  # fmt: skip
    assert added == "Added suggestion funing-s22: 南门雨棚漏雨\n"
    made = cli.ok(
        "task", "add", "--title", "南门雨棚补漏", "--need", "carpentry:1", "--due", "2026-12-06"
    )
    assert made.out == "Created task funing-22: 南门雨棚补漏\n"
    linked = cli.ok("suggestion", "link", "#22", "funing-22").out
    assert linked == "Linked funing-22 to funing-s22 · planned for 2026-12-06\n"
    notice = tmp_path / "公示.html"
    assert cli.ok("suggestion", "notice", "-o", str(notice)).out == f"Wrote {notice}\n"
    assert "南门雨棚漏雨" in notice.read_text(encoding="utf-8")
    chinese = cli.ok("--lang", "zh", "suggestion", "notice").out.splitlines()
    assert chinese[:7] == [
        "阜宁社区居民建议落实情况公示",
        "共 22 条建议:已落实 10 条,正在落实 5 条,已列入计划 6 条,暂不采纳 1 条",
        "",
        "#1  小区内围墙生锈",
        "    … 正在落实(已完成 0/2 项工作)",
        "#2  希望合理利用小区内种植的植物空间",
        "    ✓ 已于2026年11月14日落实",
    ]


def test_suggestions_travel_to_another_site_and_links_made_at_both_are_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_sync_cli import Site

    funing, xingye = Site(tmp_path, "funing", capsys), Site(tmp_path, "xingye", capsys)
    funing.ok("site", "add", "xingye", "--name", "兴业社区")
    xingye.ok("site", "add", "funing", "--name", "阜宁社区")
    funing.ok("task", "add", "--title", "围墙补焊", "--need", "welding:1")
    funing.ok("task", "add", "--title", "围墙刷漆", "--need", "painting:1")
    funing.ok("suggestion", "add", "--number", "1", "--text", "小区内围墙生锈")
    xingye.ok("merge", str(funing.export(tmp_path / "f1.json")))

    funing.ok("suggestion", "link", "funing-s1", "funing-1")  # the same day at both offices
    xingye.ok("suggestion", "link", "funing-s1", "funing-2")
    xingye.ok("merge", str(funing.export(tmp_path / "f2.json")))
    funing.ok("merge", str(xingye.export(tmp_path / "x2.json")))

    for site in (funing, xingye):
        shown = site.json("suggestion", "show", "funing-s1")
        assert (shown["task_refs"], shown["status"]) == (["funing-1", "funing-2"], "planned")
        conflicts = site.json("conflicts")
        assert [c for c in conflicts if c["table"] == "suggestions"] == []
    assert funing.ok("suggestion", "notice") == xingye.ok(
        "suggestion", "notice", "--site", "funing"
    )

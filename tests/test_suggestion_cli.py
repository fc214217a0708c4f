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
    made = add_fence(cli, "--task", "funing-1")
    assert made["task_refs"] == ["funing-1"]
    cli.ok("task", "move", "funing-1", "staffed")
    assert cli.data("suggestion", "list", "--status", "in_progress")[0]["ref"] == "funing-s1"
    assert cli.data("suggestion", "list", "--status", "planned") == []


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

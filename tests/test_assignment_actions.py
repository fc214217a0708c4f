"""Assignment actions end to end: the staffing rule, the task's history, accepting one task."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cli_harness import Cli as HarnessCli

from taskboard.demo import fill_store, story_dataset
from taskboard.store import Store


class Cli(HarnessCli):
    """The shared harness plus what these tests read back from the store."""

    def assignments(self, ref: str) -> dict[str, str]:
        """Volunteer ref → state of the live assignments on task `ref`."""
        store = Store.open(self.db)
        task = store.task(ref)
        refs = {doc["id"]: doc["ref"] for doc in store.volunteers.live()}
        return {refs[d["volunteer"]]: d["state"] for d in store.assignments_of_task(task.id)}

    def status(self, ref: str) -> str:
        return str(Store.open(self.db).task(ref).status)

    def events(self, ref: str, *lang: str) -> list[str]:
        """The Changes column of `task history REF`, one entry per line."""
        out = self.ok(*lang, "task", "history", ref).out
        return [line[16:].split(maxsplit=3)[-1] for line in out.splitlines()[1:]]


@pytest.fixture
def story(capsys: pytest.CaptureFixture[str], tmp_path: Path, today: dt.date) -> Cli:
    dataset = story_dataset(today)
    store = Store.open(tmp_path / "story.json", who="测试员", must_exist=False)
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset)
    return Cli(capsys, tmp_path / "story.json")


# Staffing ---------------------------------------------------------------------------------------
def test_confirming_never_moves_a_card_backwards(story: Cli) -> None:
    """funing-9 has one of its two carpenters (proposed); the coordinator staffed it by hand."""
    story.ok("task", "move", "funing-9", "staffed")
    out = story.ok("assignment", "set", "funing-9", "funing-v8", "confirmed").out
    assert "Open again" not in out and "moved" not in out
    assert story.status("funing-9") == "staffed"
    assert story.assignments("funing-9") == {"funing-v8": "confirmed"}


def test_done_keeps_a_staffed_task_and_a_no_show_reopens_it(story: Cli) -> None:
    assert story.status("funing-1") == "staffed"
    story.ok("assignment", "set", "funing-1", "funing-v1", "done")
    assert story.status("funing-1") == "staffed"
    out = story.ok("assignment", "set", "funing-1", "funing-v1", "no_show").out
    assert "Open again: funing-1" in out  # a freed slot reopens the task
    assert story.status("funing-1") == "open"
    story.ok("assignment", "set", "funing-1", "funing-v1", "done")
    assert story.status("funing-1") == "staffed"  # filled again


def test_a_proposal_filling_every_slot_staffs_the_task(story: Cli) -> None:
    out = story.ok("assign", "funing-9", "funing-v2", "--skill", "carpentry").out
    assert "Now staffed" not in out  # painting 0/1 is still open
    assert story.status("funing-9") == "open"


def test_assignments_never_move_a_task_in_progress(story: Cli) -> None:
    story.ok("task", "move", "funing-1", "in_progress")
    out = story.ok("unassign", "funing-1", "funing-v1").out
    assert "Open again" not in out
    assert story.status("funing-1") == "in_progress"


def test_auto_staff_off_moves_no_card(story: Cli, tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("[match]\nauto_staff = false\n", encoding="utf-8")
    story.ok("assignment", "set", "funing-1", "funing-v1", "no_show")
    assert story.status("funing-1") == "staffed"


# History ----------------------------------------------------------------------------------------
def test_task_history_tells_every_assignment_event(story: Cli) -> None:
    story.ok("assign", "funing-9", "funing-v2", "--skill", "carpentry")
    story.ok("assignment", "set", "funing-9", "funing-v2", "confirmed")
    story.ok("assignment", "set", "funing-9", "funing-v8", "declined")
    story.ok("assignment", "set", "funing-9", "funing-v2", "done")
    story.ok("assignment", "set", "funing-9", "funing-v2", "no_show")
    story.ok("unassign", "funing-9", "funing-v2")
    assert story.events("funing-9")[1:] == [
        "王海涛 proposed for carpentry",
        "王海涛 confirmed for carpentry (was proposed)",
        "何伟 declined carpentry (was proposed)",
        "王海涛 did carpentry (was confirmed)",
        "王海涛 did not come for carpentry (was done)",
        "王海涛 taken off carpentry",
    ]
    assert story.events("funing-9", "--lang", "zh")[1:3] == [
        "王海涛 拟安排做木工",
        "王海涛 确认做木工 (原为拟安排)",
    ]
    out = story.ok("task", "history", "funing-9").out
    assert "  no_show  " in out and "  unassigned  " in out
    entries = story.data("task", "history", "funing-9")
    assert entries[1]["action"] == "proposed"
    assert entries[1]["changes"]["skill"] == ["carpentry", "carpentry"]


def test_an_offered_slot_is_in_the_history(story: Cli) -> None:
    story.ok("assign", "funing-2", "funing-v13")
    out = story.ok("assignment", "set", "funing-2", "funing-v13", "declined").out
    assert "Offered the slot to" in out
    events = story.events("funing-2")
    assert events[-2] == "刘佳怡 declined painting (was proposed)"
    assert events[-1].endswith(" proposed for painting")


def test_history_names_no_one_in_a_redacted_export(story: Cli, tmp_path: Path) -> None:
    story.ok("assign", "funing-14", "funing-v12")
    redacted = tmp_path / "r.json"
    story.ok("export", "-o", str(redacted), "--redact")
    name = "冯国庆"  # funing-v12 did not consent to sharing their name
    assert name not in redacted.read_text(encoding="utf-8")
    assert story.events("funing-14")[-1] == f"{name} proposed for cleaning"


# Accepting one task's lines ---------------------------------------------------------------------
def test_match_apply_only_stores_one_tasks_lines(story: Cli) -> None:
    draft = story.data("match")
    refs = {line["ref"] for line in draft["lines"]}
    assert "funing-9" in refs and len(refs) > 1
    applied = story.data("match", "--apply", "--only", "funing-9")["applied"]
    stored = set(applied["assignments"])
    lines = [line for line in draft["lines"] if line["ref"] == "funing-9"]
    assert len(stored) == len(lines)
    assert story.assignments("yuecheng-1") == {} or "yuecheng-1" not in refs
    assert "--only REF needs --apply" in story.fails("match", "--only", "funing-9")

"""`taskboard match`, `assign`, `unassign` and `assignment set` on the story's data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cli_harness import Cli as HarnessCli

from taskboard.demo import fill_store, story_dataset
from taskboard.store import Store

NEED_KEYS = {
    "skill",
    "label",
    "count",
    "min_level",
    "filled",
    "open",
    "eligible",
    "candidates",
    "ineligible",
    "without_skill",
}
LINE_KEYS = {
    "task",
    "ref",
    "title",
    "skill",
    "volunteer",
    "volunteer_ref",
    "name",
    "fit",
    "reasons",
}
PROPOSAL_KEYS = {
    "method",
    "slots",
    "filled",
    "fit",
    "notes",
    "solver",
    "greedy",
    "lines",
    "unfilled",
    "applied",
}


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


@pytest.fixture
def story(capsys: pytest.CaptureFixture[str], tmp_path: Path, today: dt.date) -> Cli:
    dataset = story_dataset(today)
    store = Store.open(tmp_path / "story.json", who="测试员", must_exist=False)
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset)
    return Cli(capsys, tmp_path / "story.json")


def test_match_one_task_ranks_with_reasons(story: Cli, today: dt.date) -> None:
    data = story.ok("match", "--task", "funing-9", "--today", str(today), "--json").json()
    assert data["task"]["ref"] == "funing-9"
    carpentry, painting = data["needs"]
    assert set(carpentry) == NEED_KEYS
    assert (carpentry["skill"], carpentry["filled"], carpentry["open"]) == ("carpentry", 1, 1)
    top = carpentry["candidates"][0]
    assert top["ref"] == "funing-v2"
    codes = [reason["code"] for reason in top["reasons"]]
    assert codes[:3] == ["level", "home_site", "recent_hours"]
    assert painting["ineligible"] == []  # only with --why-not


def test_match_why_not_lists_the_rule_in_the_way(story: Cli, today: dt.date) -> None:
    out = story.ok("match", "--task", "funing-9", "--why-not", "--today", str(today)).out
    assert "carpentry 1/2 (level ≥ 2): 1 open, 1 eligible" in out
    assert "王海涛 (funing-v2)" in out
    assert "高美玲 (funing-v11)" in out and "not free on sun morning" in out
    assert "already on this task (carpentry)" in out


def test_match_one_task_in_chinese(story: Cli, today: dt.date) -> None:
    out = story.ok("--lang", "zh", "match", "--task", "funing-9", "--today", str(today)).out
    assert "同社区" in out and "近30天" in out


def test_whole_board_proposal_is_a_draft(story: Cli, today: dt.date) -> None:
    before = story.db.read_bytes()
    data = story.ok("match", "--today", str(today), "--json").json()
    assert set(data) == PROPOSAL_KEYS
    assert data["applied"] is None
    assert data["filled"] == len(data["lines"]) and data["filled"] <= data["slots"]
    assert data["filled"] >= data["greedy"]["filled"]
    assert set(data["lines"][0]) == LINE_KEYS
    unfilled = {(u["ref"], u["skill"]): u for u in data["unfilled"]}
    assert unfilled["yuecheng-2", "performance"]["reason"]["code"] in {"few", "taken"}
    assert story.db.read_bytes() == before
    text = story.ok("match", "--today", str(today)).out
    assert "Nothing was stored: add --apply" in text and "Unfilled:" in text


def test_apply_stores_the_proposal_and_staffs_full_tasks(story: Cli, today: dt.date) -> None:
    result = story.ok(
        "match", "--today", str(today), "--apply", "--state", "confirmed", "--json"
    ).json()
    applied = result["applied"]
    assert applied["state"] == "confirmed"
    assert len(applied["assignments"]) == result["filled"]
    assert "funing-9" in applied["staffed"]
    assert story.status("funing-9") == "staffed"
    assert story.assignments("funing-9")["funing-v17"] == "confirmed"
    again = story.ok("match", "--today", str(today), "--json").json()
    assert again["slots"] == result["slots"] - result["filled"]


def test_assign_refuses_an_expired_certificate_and_writes_nothing(
    story: Cli, today: dt.date
) -> None:
    err = story.fails(
        "assign", "funing-6", "funing-v3", "--skill", "welding", "--today", str(today)
    )
    assert "cannot take welding on funing-6" in err
    assert "welding certificate expired 2026-10-16 (needed on 2026-12-14)" in err


def test_assign_names_the_skill_by_its_label_not_its_code(story: Cli, today: dt.date) -> None:
    out = story.ok("assign", "xingye-3", "罗文珍", "--today", str(today)).out
    assert out.splitlines()[0] == "created: xingye-3 door-to-door visits: 罗文珍"
    assert "door_to_door" not in out
    story.ok("unassign", "xingye-3", "罗文珍")
    out = story.ok("--lang", "zh", "assign", "xingye-3", "罗文珍", "--today", str(today)).out
    assert "xingye-3 入户走访: 罗文珍" in out.splitlines()[0]


def test_assign_unassign_and_states(story: Cli, today: dt.date) -> None:
    out = story.ok(
        "assign", "funing-6", "funing-v1", "--skill", "welding", "--today", str(today)
    ).out
    assert "funing-6 welding: 李建国" in out
    assert story.assignments("funing-6") == {"funing-v1": "proposed"}
    story.ok("assignment", "set", "funing-6", "李建国", "confirmed", "--today", str(today))
    assert story.assignments("funing-6") == {"funing-v1": "confirmed"}
    story.ok("unassign", "funing-6", "funing-v1")
    assert story.assignments("funing-6") == {}


def test_assigning_leaves_a_task_staffed_by_hand_in_staffed(story: Cli, today: dt.date) -> None:
    story.ok("task", "move", "funing-6", "staffed")
    story.ok("assign", "funing-6", "funing-v1", "--skill", "welding", "--today", str(today))
    assert story.status("funing-6") == "staffed"
    story.ok("unassign", "funing-6", "funing-v1")
    assert story.status("funing-6") == "open"  # freeing a slot reopens it


def test_a_decline_offers_the_next_candidate(story: Cli, today: dt.date) -> None:
    story.ok("assign", "funing-2", "funing-v13", "--today", str(today))
    out = story.ok(
        "assignment", "set", "funing-2", "funing-v13", "declined", "--today", str(today)
    ).out
    assert "Offered the slot to" in out
    states = story.assignments("funing-2")
    assert states["funing-v13"] == "declined"
    assert "proposed" in [s for ref, s in states.items() if ref != "funing-v13"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["match", "--why-not"], "--why-not needs --task"),
        (["match", "--task", "funing-9", "--apply"], "--apply stores a whole-board proposal"),
        (["match", "--task", "nope"], "no task 'nope'"),
        (["match", "--today", "tomorrow"], "--today 'tomorrow'"),
        (["assign", "funing-9", "nobody"], "no volunteer 'nobody'"),
        (["assign", "funing-9", "funing-v1", "--skill", "singing"], "unknown skill 'singing'"),
        (["assign", "funing-9", "funing-v1", "--skill", "急救"], "does not need first_aid"),
        (["assign", "funing-9", "funing-v8"], "already on this task"),
        (["unassign", "funing-9", "funing-v1"], "is not assigned to funing-9"),
        (["assignment", "set", "funing-9", "funing-v8", "done"], "cannot become"),
        (["assignment", "set", "funing-9", "funing-v8", "proposed"], "already proposed"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    story: Cli, args: list[str], expected: str
) -> None:
    assert expected in story.fails(*args)


def test_a_skipped_proposal_line_names_the_skill_by_its_label() -> None:
    from taskboard.actions.assignments import Applied
    from taskboard.cli.match_commands import _applied_text
    from taskboard.matching.reasons import Reason
    from taskboard.matching.rules import Placement

    applied = Applied(state="proposed")
    skipped = Placement(task="t1", skill="door_to_door", person="p1")
    applied.skipped.append((skipped, Reason("booked", "booked at that hour")))
    lines = _applied_text(applied, "proposed", {"t1": "xingye-1"}, {"door_to_door": "入户走访"})
    assert lines == [
        "Stored 0 assignments as proposed.",
        "Skipped xingye-1 入户走访: booked at that hour",
    ]

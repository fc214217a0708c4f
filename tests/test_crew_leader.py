"""A task's crew leader: set and cleared from the CLI, refused unless on the crew, told in
history in both languages, marked on the crew and day sheets, shown on the phone page,
carried by sync.

The rule is `taskboard.model.rules.crew_leader`, checked by `actions.tasks.edit_task`;
what is shown is `store.queries.crew_leader` (the leader while on the crew).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import pytest
from cli_harness import Cli
from starlette.testclient import TestClient
from test_sync_support import bundle_of, send, site_store, state

from taskboard.actions.assignments import unassign
from taskboard.actions.tasks import create_task, set_leader
from taskboard.actions.volunteers import remove_volunteer
from taskboard.board.edits import EditHistory
from taskboard.model import Assignment, Task, Volunteer
from taskboard.model.rules import crew_leader
from taskboard.model.series import occurrence_of
from taskboard.store import InvalidRecord, Store
from taskboard.store.queries import crew_leader as shown_leader
from taskboard.sync.bundle import build_bundle, encode_bundle
from taskboard.sync.merge import merge_bundles
from taskboard.sync.validate import parse_bundle
from taskboard.web.access import Access
from taskboard.web.server import make_app

FENCE = "funing-1"
"""The welding job: 李建国 and 王海涛 weld, 郑秀兰 cleans; 李建国 leads it in the story."""
REHEARSAL = "yuecheng-1"
"""The dance troupe's rehearsal, led by 陈玉珍 (陈队长)."""


def phone_of(cli: Cli, name: str) -> str:
    return str(Store.open(cli.db).find_volunteer(name)["phone"])


# The CLI ------------------------------------------------------------------------------------
def test_the_leader_is_set_by_name_shown_and_cleared(story_cli: Cli) -> None:
    cli = story_cli
    cli.ok("task", "edit", FENCE, "--leader", "郑秀兰")
    zheng = Store.open(cli.db).find_volunteer("郑秀兰")
    assert cli.data("task", "show", FENCE)["leader"] == zheng["id"]
    shown = cli.ok("task", "show", FENCE).out
    assert f"  Crew leader: 郑秀兰 (funing-v9) · {zheng['phone']}" in shown
    cli.ok("task", "edit", FENCE, "--leader", "funing-v1")  # by reference
    assert "Crew leader: 李建国 (funing-v1)" in cli.ok("task", "show", FENCE).out
    cli.ok("task", "edit", FENCE, "--leader", phone_of(cli, "王海涛"))  # by phone
    assert "Crew leader: 王海涛 (funing-v2)" in cli.ok("task", "show", FENCE).out
    cli.ok("task", "edit", FENCE, "--leader", "-")
    assert cli.data("task", "show", FENCE)["leader"] is None
    assert "Crew leader" not in cli.ok("task", "show", FENCE).out
    cli.ok("task", "edit", FENCE, "--leader", "郑秀兰")
    cli.ok("task", "edit", FENCE, "--no-leader")
    assert cli.data("task", "show", FENCE)["leader"] is None


def test_history_tells_the_leader_by_name_in_both_languages(story_cli: Cli) -> None:
    cli = story_cli
    cli.ok("task", "edit", FENCE, "--leader", "郑秀兰")
    assert cli.ok("task", "history", FENCE).out.splitlines()[-1].endswith("leader set to 郑秀兰")
    assert (
        cli.ok("--lang", "zh", "task", "history", FENCE)
        .out.splitlines()[-1]
        .endswith("组长设为 郑秀兰")
    )
    cli.ok("task", "edit", FENCE, "--no-leader")
    assert cli.ok("task", "history", FENCE).out.splitlines()[-1].endswith("leader cleared")
    assert (
        cli.ok("--lang", "zh", "task", "history", FENCE).out.splitlines()[-1].endswith("已取消组长")
    )


def test_a_leader_off_the_crew_is_refused_and_nothing_is_written(story_cli: Cli) -> None:
    cli = story_cli
    assert cli.fails("task", "edit", FENCE, "--leader", "吴振华") == (
        "taskboard: error: funing-1: 吴振华 is not on this task's crew; assign them first"
    )
    assert "吴振华 不在此任务的人员中" in cli.fails(
        "--lang", "zh", "task", "edit", FENCE, "--leader", "吴振华"
    )
    assert "no volunteer '没有这人'" in cli.fails("task", "edit", FENCE, "--leader", "没有这人")
    assert "cannot go together" in cli.fails(
        "task", "edit", FENCE, "--leader", "郑秀兰", "--no-leader"
    )
    assert "not with --following" in cli.fails(
        "task", "edit", FENCE, "--leader", "郑秀兰", "--following"
    )


def test_someone_who_declined_cannot_lead(story_cli: Cli) -> None:
    cli = story_cli
    cli.ok("assignment", "set", FENCE, "郑秀兰", "declined", quiet=False)
    assert "郑秀兰 is not on this task's crew" in cli.fails(
        "task", "edit", FENCE, "--leader", "郑秀兰"
    )


def test_a_leader_taken_off_the_crew_stays_stored_but_is_no_longer_shown(story_cli: Cli) -> None:
    cli = story_cli
    cli.ok("task", "edit", FENCE, "--leader", "郑秀兰")
    cli.ok("unassign", FENCE, "郑秀兰", quiet=False)
    zheng = Store.open(cli.db).find_volunteer("郑秀兰")
    assert cli.data("task", "show", FENCE)["leader"] == zheng["id"]
    assert "Crew leader: 郑秀兰 — not on the crew now" in cli.ok("task", "show", FENCE).out
    assert "Crew leader" not in cli.ok("crew", FENCE, "--phones").out
    day = cli.data("task", "show", FENCE)["start"][:10]
    assert "郑秀兰" not in cli.ok("day", day, "--phones").out
    cli.ok("assign", FENCE, "郑秀兰", "--skill", "cleaning", quiet=False)  # back on the crew
    assert "★ 郑秀兰 (funing-v9)" in cli.ok("crew", FENCE).out


# The rule, in one place --------------------------------------------------------------------
def breach_code(live: bool, states: list[str]) -> str | None:
    breach = crew_leader("郑秀兰", live, states)
    return None if breach is None else breach.code


def test_the_rule_wants_a_live_volunteer_on_the_crew() -> None:
    assert breach_code(True, ["confirmed"]) is None
    assert breach_code(True, ["proposed", "declined"]) is None
    assert breach_code(True, ["done"]) is None
    assert breach_code(True, []) == "leader_off_crew"
    assert breach_code(True, ["declined"]) == "leader_off_crew"
    assert breach_code(True, ["no_show"]) == "leader_off_crew"
    assert breach_code(False, ["confirmed"]) == "leader_removed"


def test_a_removed_volunteer_cannot_lead_and_stops_being_shown(story_store: Store) -> None:
    store = story_store
    task = store.tasks.find(FENCE)
    zheng = store.find_volunteer("郑秀兰")
    set_leader(store, task["id"], zheng["id"])
    remove_volunteer(store, zheng["id"])
    assert shown_leader(store, store.tasks.find(FENCE)) is None
    with pytest.raises(InvalidRecord, match="郑秀兰 has been removed from the roster"):
        set_leader(store, task["id"], zheng["id"])


def test_setting_the_leader_is_one_undo(story_store: Store) -> None:
    store = story_store
    history = EditHistory(store)
    task = store.tasks.find(FENCE)
    before = task["leader"]
    zheng = store.find_volunteer("郑秀兰")
    history.record(set_leader(store, task["id"], zheng["id"]))
    assert store.tasks.find(FENCE)["leader"] == zheng["id"]
    history.undo()
    assert store.tasks.find(FENCE)["leader"] == before
    history.redo()
    assert store.tasks.find(FENCE)["leader"] == zheng["id"]


def test_unassigning_the_leader_leaves_the_field(story_store: Store) -> None:
    store = story_store
    task = store.tasks.find(FENCE)
    li = store.find_volunteer("李建国")
    assert task["leader"] == li["id"]  # the story's welding job
    unassign(store, FENCE, "李建国")
    assert store.tasks.find(FENCE)["leader"] == li["id"]
    assert shown_leader(store, store.tasks.find(FENCE)) is None


# Sheets -------------------------------------------------------------------------------------
def test_the_crew_and_day_sheets_mark_the_leader_with_their_phone(story_cli: Cli) -> None:
    cli = story_cli
    phone = phone_of(cli, "李建国")
    crew = cli.ok("crew", FENCE).out
    assert "Crew leader: ★ 李建国 (funing-v1)\n" in crew  # no phones asked: none shown
    assert "• ★ 李建国 (funing-v1) — welding" in crew
    assert "• 王海涛 (funing-v2)" in crew
    with_phones = cli.ok("crew", FENCE, "--phones").out
    assert f"Crew leader: ★ 李建国 (funing-v1) · {phone}" in with_phones
    day = cli.data("task", "show", FENCE)["start"][:10]
    sheet = cli.ok("--lang", "zh", "day", day, "--phones").out
    assert f"组长:★ 李建国 (funing-v1) · {phone}" in sheet
    html = cli.ok("crew", FENCE, "--phones", "--format", "html").out
    assert f'<dt>Crew leader</dt><dd>★ 李建国 (<span class="nb">funing-v1</span>) · {phone}' in html
    line = next(
        line for line in cli.data("crew", FENCE)["crew"] if line["volunteer_name"] == "王海涛"
    )
    assert line["leader"] == {"ref": "funing-v1", "name": "李建国", "phone": phone}


def test_a_volunteers_own_sheet_names_their_crew_leader_and_phone(story_cli: Cli) -> None:
    cli = story_cli
    phone = phone_of(cli, "李建国")
    assert f"Crew leader: 李建国 · {phone}" in cli.ok("assignments", "王海涛").out
    assert f"组长:李建国 · {phone}" in cli.ok("--lang", "zh", "assignments", "王海涛").out
    assert "Crew leader" not in cli.ok("assignments", "李建国").out  # not told they lead


# The phone page -------------------------------------------------------------------------------
def test_the_phone_page_shows_the_crew_leaders_phone(story_path: Path, today: dt.date) -> None:
    store = Store.open(story_path)
    chen, deng = store.find_volunteer("陈玉珍"), store.find_volunteer("邓美华")
    web = TestClient(
        make_app(story_path, today=lambda: today),
        base_url="http://127.0.0.1",
        client=("192.168.1.20", 50000),
    )
    page = web.get("/v/" + Access.beside(story_path).new_link(deng["id"]))
    assert page.status_code == 200
    assert "组长" in page.text
    digits = "".join(ch for ch in chen["phone"] if ch.isdigit())
    assert f'陈玉珍 <a href="tel:{digits}">{chen["phone"]}</a>' in page.text
    web.cookies.clear()
    own = web.get("/v/" + Access.beside(story_path).new_link(chen["id"]))
    assert own.status_code == 200
    assert store.tasks.find(REHEARSAL)["title"] in own.text
    assert "组长" not in own.text  # she leads it herself


def test_the_phone_page_leaves_out_a_leader_who_left_the_crew(
    story_path: Path, today: dt.date
) -> None:
    store = Store.open(story_path)
    unassign(store, REHEARSAL, "陈玉珍")
    deng = store.find_volunteer("邓美华")
    web = TestClient(make_app(story_path, today=lambda: today), base_url="http://127.0.0.1")
    page = web.get("/v/" + Access.beside(story_path).new_link(deng["id"]))
    assert page.status_code == 200
    assert store.tasks.find(REHEARSAL)["title"] in page.text
    assert "组长" not in page.text


# Sync --------------------------------------------------------------------------------------
def painting_job(store: Store) -> tuple[Task, Volunteer, Volunteer]:
    """A painting task with two painters on it."""
    task = store.tasks.create(
        Task(title="刷漆", site=store.site, needs=[{"skill": "painting", "count": 2}])
    )
    people = []
    for name in ("郑秀兰", "何伟"):
        person = store.volunteers.create(Volunteer(name=name, skills={"painting": 2}))
        store.assignments.create(Assignment(task=task.id, volunteer=person.id, skill="painting"))
        people.append(person)
    return task, people[0], people[1]


def test_sync_carries_the_leader_and_its_clearing() -> None:
    funing, xingye = site_store("funing"), site_store("xingye")
    task, person, _other = painting_job(funing)
    set_leader(funing, task.id, person.id)
    send(funing, xingye)
    assert xingye.tasks.find(task.id)["leader"] == person.id
    leader = shown_leader(xingye, xingye.tasks.find(task.id))
    assert leader is not None and leader["name"] == "郑秀兰"
    set_leader(funing, task.id, None)
    send(funing, xingye)
    assert xingye.tasks.find(task.id)["leader"] is None


def test_two_sites_choosing_different_leaders_converge() -> None:
    funing, xingye = site_store("funing"), site_store("xingye")
    task, zheng, he = painting_job(funing)
    send(funing, xingye)
    set_leader(funing, task.id, zheng.id)
    set_leader(xingye, task.id, he.id)
    funing_bundle, xingye_bundle = bundle_of(funing), bundle_of(xingye)
    merge_bundles(xingye, [funing_bundle])
    merge_bundles(funing, [xingye_bundle])
    assert state(funing) == state(xingye)
    assert funing.tasks.find(task.id)["leader"] in (zheng.id, he.id)


def test_a_bundle_written_before_leaders_merges_without_one() -> None:
    funing, xingye = site_store("funing"), site_store("xingye")
    funing.tasks.create(Task(title="围墙", site="funing"))
    raw = orjson.loads(encode_bundle(build_bundle(funing)[0]))
    raw["version"] = 2
    for site in raw["records"]["sites"].values():
        del site["funds"]
    for task in raw["records"]["tasks"].values():
        for name in ("expected", "attended", "cost_estimate", "cost", "fund", "series", "leader"):
            del task[name]
    merge_bundles(xingye, [parse_bundle(orjson.dumps(raw), "funing.json", {})])
    (task,) = xingye.tasks.live()
    assert task["leader"] is None


def test_a_new_task_or_occurrence_starts_without_a_leader(story_store: Store) -> None:
    store = story_store
    zheng = store.find_volunteer("郑秀兰")
    with pytest.raises(InvalidRecord, match="郑秀兰 is not on this task's crew"):
        create_task(store, {"title": "新任务", "leader": zheng["id"]})
    assert not [doc for doc in store.tasks.live() if doc["title"] == "新任务"]
    (series,) = [s for s in store.series.models().values() if s.site == "yuecheng"]
    template = dict(store.tasks.find(REHEARSAL), leader=store.find_volunteer("陈玉珍")["id"])
    later = occurrence_of(series, template, dt.date(2027, 1, 6))
    assert later.leader is None

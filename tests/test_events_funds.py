"""Events count who is expected and who came; tasks carry what they cost and which fund
paid; the report totals both, per fund and per residents' suggestion; older files and
bundles (before these fields) still open and merge."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import orjson
from cli_harness import Cli
from test_sync_support import site_store

from taskboard.board.state import BoardState, make_card
from taskboard.i18n import set_language
from taskboard.model import Task
from taskboard.reports import collect_figures, report_markdown
from taskboard.store import Store
from taskboard.store.schema import SCHEMA_VERSION
from taskboard.sync.bundle import build_bundle, encode_bundle
from taskboard.sync.merge import merge_bundles
from taskboard.sync.validate import parse_bundle

STORY_AFTERNOON = "jingshan-1"
FENCE = "funing-1"


def test_attendance_is_set_shown_and_cleared(story_cli: Cli) -> None:
    cli = story_cli
    cli.ok("task", "edit", STORY_AFTERNOON, "--expect", "15:20", "--attended", "12：19")
    task = cli.data("task", "show", STORY_AFTERNOON)
    assert task["expected"] == {"adults": 15, "minors": 20}
    assert task["attended"] == {"adults": 12, "minors": 19}
    shown = cli.ok("task", "show", STORY_AFTERNOON).out
    assert "  Expected: 15 adults, 20 minors (35 in all)" in shown
    assert "  Attended: 12 adults, 19 minors (31 in all)" in shown
    cli.ok("task", "edit", STORY_AFTERNOON, "--attended", "none")
    assert cli.data("task", "show", STORY_AFTERNOON)["attended"] is None


def test_attendance_refusals_change_nothing(story_cli: Cli) -> None:
    cli = story_cli
    assert "attendance is counted for events only" in cli.fails(
        "task", "edit", FENCE, "--expect", "3:4"
    )
    assert "ADULTS must be a whole number" in cli.fails(
        "task", "edit", STORY_AFTERNOON, "--expect", "many:4"
    )
    assert "two counts from 0 to 100000" in cli.fails(
        "task", "edit", STORY_AFTERNOON, "--attended=-3:4"
    )


def test_an_events_card_says_how_many_came_or_are_expected(story_store: Store) -> None:
    doc = dict(story_store.tasks.find("jingshan-4"))  # the first picture-book afternoon
    assert make_card(doc, None).attendance == ("came", 31)
    doc["attended"] = None
    assert make_card(doc, None).attendance == ("expected", 25)
    fence = story_store.tasks.find(FENCE)
    assert make_card(fence, None).attendance is None
    state = BoardState(story_store, dt.date(2026, 11, 25))
    assert state.card(story_store.tasks.find(STORY_AFTERNOON)["id"]).attendance == (
        "expected",
        34,
    )


def test_funds_are_a_short_list_per_site(story_cli: Cli) -> None:
    cli = story_cli
    cli.ok("fund", "add", "街道拨款", "--site", "jingshan")
    listed = cli.data("fund", "list", "--site", "jingshan")
    assert [row["fund"] for row in listed] == ["党组织服务群众专项资金", "社区公益金", "街道拨款"]
    assert "jingshan already has the fund 街道拨款" in cli.fails(
        "fund", "add", "街道拨款", "--site", "jingshan"
    )
    assert "unknown site 'nowhere'" in cli.fails("fund", "add", "x", "--site", "nowhere")
    cli.ok("fund", "rm", "拨款", "--site", "jingshan")
    assert len(cli.data("fund", "list", "--site", "jingshan")) == 2
    funing = {row["fund"]: row["tasks"] for row in cli.data("fund", "list", "--site", "funing")}
    assert funing == {"党组织服务群众专项资金": 4, "社区公益金": 0}


def test_costs_and_fund_on_a_task(story_cli: Cli) -> None:
    cli = story_cli
    cli.ok("task", "edit", FENCE, "--cost-estimate", "1200", "--cost", "¥980", "--fund", "专项资金")
    task = cli.data("task", "show", FENCE)
    assert (task["cost_estimate"], task["cost"], task["fund"]) == (
        1200,
        980,
        "党组织服务群众专项资金",
    )
    shown = cli.ok("task", "show", FENCE).out
    assert "  Cost: estimated ¥1,200 · spent ¥980 · Fund: 党组织服务群众专项资金" in shown
    assert "no fund '彩票' at funing" in cli.fails("task", "edit", FENCE, "--fund", "彩票")
    assert "could be" in cli.fails("task", "edit", FENCE, "--fund", "金")
    assert "expected an amount in yuan" in cli.fails("task", "edit", FENCE, "--cost", "lots")
    assert "from 0 to 100000000 yuan" in cli.fails("task", "edit", FENCE, "--cost", "-5")
    made = cli.data("task", "add", "--title", "换灯泡", "--cost", "35", "--fund", "公益金")
    assert made["fund"] == "社区公益金"


def test_a_fund_not_on_the_sites_list_is_refused_by_the_action(story_store: Store) -> None:
    from taskboard.actions.tasks import edit_task
    from taskboard.store import InvalidRecord

    fence = story_store.tasks.find(FENCE)
    try:
        edit_task(story_store, fence["id"], {"fund": "彩票"})
    except InvalidRecord as error:
        assert "funing has no fund '彩票'" in str(error)
    else:
        raise AssertionError("a fund the site does not have was stored")
    assert story_store.tasks.find(FENCE)["fund"] == "党组织服务群众专项资金"


def test_the_report_totals_attendance_and_spending(story_store: Store) -> None:
    figures = collect_figures(story_store)
    totals = figures.totals
    assert (totals["attended_adults"], totals["attended_minors"]) == (12, 19)
    assert (totals["expected_adults"], totals["expected_minors"]) == (24, 35)
    assert (totals["cost_estimate"], totals["cost"]) == (4250, 2310)
    (fund,) = figures.by_fund
    assert (fund.label, fund.tasks, fund.estimated, fund.spent) == (
        "党组织服务群众专项资金",
        4,
        4250,
        2310,
    )
    wall = next(item for item in figures.by_suggestion if item.label.startswith("#1 "))
    assert (wall.tasks, wall.estimated, wall.spent) == (2, 1850, 0)
    text = report_markdown(figures, today=dt.date(2026, 11, 25), site_name="阜宁社区")
    assert "| 阜宁社区 | 党组织服务群众专项资金 | 4 | 4,250 | 2,310 |" in text
    assert "| \\#14 垃圾桶太少,垃圾经常满出来 | 1 | 1,500 | 1,450 |" in text
    set_language("zh")
    try:
        text = report_markdown(figures, today=dt.date(2026, 11, 25), site_name="阜宁社区")
        assert "## 按经费来源统计支出" in text
    finally:
        set_language("en")


def test_each_sites_fund_is_its_own_budget_in_the_report(story_cli: Cli, tmp_path: Path) -> None:
    cli = story_cli
    cli.ok("task", "edit", STORY_AFTERNOON, "--cost-estimate", "600", "--cost", "560")
    cli.ok("task", "edit", STORY_AFTERNOON, "--fund", "专项资金")
    md = cli.ok("report").out.splitlines()
    assert "| Site | Fund | Tasks | Estimated (yuan) | Spent (yuan) |" in md
    assert "| 阜宁社区 | 党组织服务群众专项资金 | 4 | 4,250 | 2,310 |" in md
    assert "| 景山社区 | 党组织服务群众专项资金 | 1 | 600 | 560 |" in md
    rows = [
        row
        for row in csv.DictReader(io.StringIO(cli.ok("report", "--format", "csv").out))
        if row["figure"] == "spending_by_fund" and row["measure"] == "spent"
    ]
    assert [(row["key"], row["label"], row["value"]) for row in rows] == [
        ("funing:党组织服务群众专项资金", "阜宁社区 · 党组织服务群众专项资金", "2310"),
        ("jingshan:党组织服务群众专项资金", "景山社区 · 党组织服务群众专项资金", "560"),
    ]
    page = tmp_path / "report.html"
    cli.ok("report", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert (
        '<td data-label="Site">景山社区</td><td data-label="Fund">党组织服务群众专项资金</td>'
        '<td class="number" data-label="Tasks">1</td>'
    ) in html


def test_a_file_from_before_attendance_and_funds_opens(story_cli: Cli) -> None:
    Store.open(story_cli.db).storage.save_snapshot()  # every record in the file, none in a journal
    data = orjson.loads(story_cli.db.read_bytes())
    data["_meta"]["meta"]["schema"] = 2
    for site in data["sites"].values():
        del site["funds"]
    for task in data["tasks"].values():
        for name in ("expected", "attended", "cost_estimate", "cost", "fund"):
            del task[name]
    story_cli.db.write_bytes(orjson.dumps(data))
    story_cli.db.with_name(story_cli.db.name + ".journal").unlink(missing_ok=True)

    assert story_cli.data("task", "show", FENCE)["cost"] is None
    story_cli.ok("fund", "add", "社区公益金")
    story_cli.ok("task", "edit", FENCE, "--cost", "980", "--fund", "公益金")
    reopened = Store.open(story_cli.db)
    assert reopened.meta["schema"] == SCHEMA_VERSION == 3
    assert reopened.task(FENCE).cost == 980


def test_a_version_2_bundle_without_attendance_and_funds_merges() -> None:
    funing, xingye = site_store("funing"), site_store("xingye")
    funing.tasks.create(Task(title="围墙", site="funing"))
    raw = orjson.loads(encode_bundle(build_bundle(funing)[0]))
    raw["version"] = 2
    for site in raw["records"]["sites"].values():
        del site["funds"]
    for task in raw["records"]["tasks"].values():
        for name in ("expected", "attended", "cost_estimate", "cost", "fund"):
            del task[name]
    merge_bundles(xingye, [parse_bundle(orjson.dumps(raw), "funing.json", {})])
    (task,) = xingye.tasks.live()
    assert (task["expected"], task["cost"], task["fund"]) == (None, None, None)
    assert xingye.sites.models()["funing"].funds == []

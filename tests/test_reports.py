"""Report figures, hours totals and the hours report, each format parsed back.

Figures are checked against counts made independently from the story data set;
CSV through the csv module, HTML through html.parser, the charts as XML.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from typing import Any

import pytest

from taskboard.actions.hours import log_hours as log_hours_action
from taskboard.actions.hours import mark_assignment
from taskboard.actions.lookup import find_assignment
from taskboard.demo import Dataset, fill_store, story_dataset
from taskboard.i18n import set_language
from taskboard.model import Assignment, AssignmentState, HoursEntry, Status
from taskboard.reports import (
    check_month,
    collect_figures,
    hours_csv,
    hours_markdown,
    hours_rows,
    hours_totals,
    report_csv,
    report_html,
    report_markdown,
)
from taskboard.reports.svg import bar_chart, nice_step, series_of
from taskboard.store import Ambiguous, InvalidRecord, NotFound, Store
from taskboard.store.storage import RecordStorage


@pytest.fixture
def dataset(today: dt.date) -> Dataset:
    return story_dataset(today)


@pytest.fixture
def story(dataset: Dataset) -> Store:
    store = Store.memory(who="测试员")
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset, history=False)
    return store


def log_hours(
    store: Store, assignment: dict[str, Any], *, day: dt.date, hours: float, **options: Any
) -> HoursEntry:
    """Log hours by the action `taskboard hours log` and the board use."""
    return log_hours_action(
        store, assignment["id"], day=day, hours=hours, today=day, **options
    ).entry


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# Figures --------------------------------------------------------------------------------------
def test_tasks_per_status_per_site(story: Store, dataset: Dataset) -> None:
    figures = collect_figures(story)
    expected = Counter((task.site, task.status.value) for task in dataset.tasks)
    for site in figures.status_by_site:
        for status in Status:
            assert site.counts[status.value] == expected[(site.site, status.value)]
    assert {site.site for site in figures.status_by_site} == {s.id for s in dataset.sites}
    assert figures.totals["tasks"] == len(dataset.tasks)


def test_skills_gap_counts_open_slots_against_volunteers(story: Store, dataset: Dataset) -> None:
    gap = {item.skill: item for item in collect_figures(story).skills_gap}
    filling = {AssignmentState.PROPOSED, AssignmentState.CONFIRMED, AssignmentState.DONE}
    taken = Counter((a.task, a.skill) for a in dataset.assignments if a.state in filling)
    active = {Status.OPEN, Status.STAFFED, Status.IN_PROGRESS}
    open_slots = Counter[str]()
    for task in dataset.tasks:
        if task.status in active:
            for need in task.needs:
                open_slots[need.skill] += max(0, need.count - taken[(task.id, need.skill)])
    for key, item in gap.items():
        assert item.open_slots == open_slots[key], key
        assert item.volunteers == sum(1 for v in dataset.volunteers if v.active and key in v.skills)
    # the dance video needs eight, one is in; each weekly rehearsal six, five are proposed
    assert gap["performance"].open_slots == 9
    assert set(gap) == {skill.key for skill in story.skills.models().values()}


def test_hours_per_month_and_suggestions(story: Store, dataset: Dataset) -> None:
    figures = collect_figures(story)
    assert figures.hours_by_month == [("2026-11", sum(h.hours for h in dataset.hours))]
    (funing,) = figures.suggestions  # only Funing recorded its residents' suggestions
    assert funing.site == "funing"
    # suggestions, not tasks: #1 and #10 need two tasks each and count once
    assert (funing.suggestions, funing.done, funing.in_work, funing.declined) == (21, 9, 11, 1)
    linked = {task for wish in dataset.suggestions for task in wish.tasks}
    assert funing.hours == sum(h.hours for h in dataset.hours if h.task in linked)
    assert figures.totals["suggestions_done"] == 9 and figures.totals["suggestions"] == 21


# Hours: logging, states ---------------------------------------------------------------------
def test_log_hours_marks_done(story: Store) -> None:
    assignment = find_assignment(story, "funing-1", "郑秀兰")
    entry = log_hours(story, assignment, day=dt.date(2026, 11, 28), hours=3, verified_by="李主任")
    assert story.assignments.docs()[assignment["id"]]["state"] == "done"
    assert story.hours.docs()[entry.id]["hours"] == 3
    kept = find_assignment(story, "funing-11", "刘佳怡")
    log_hours(story, kept, day=dt.date(2026, 11, 28), hours=2, mark_done=False)
    assert story.assignments.docs()[kept["id"]]["state"] == "confirmed"


def test_entry_and_state_are_saved_together(
    story: Store, monkeypatch: pytest.MonkeyPatch, today: dt.date
) -> None:
    assignment = find_assignment(story, "funing-1", "郑秀兰")
    before = dict(story.hours.docs())

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise InvalidRecord("refused")

    monkeypatch.setattr(story, "update", refuse)
    with pytest.raises(InvalidRecord):
        log_hours(story, assignment, day=today, hours=2)
    assert story.hours.docs() == before  # the entry went with the failed state change


def test_bad_hours_change_nothing(story: Store, today: dt.date) -> None:
    assignment = find_assignment(story, "funing-1", "郑秀兰")
    before = dict(story.hours.docs())
    for hours in (0, -1, 25):
        with pytest.raises(InvalidRecord):
            log_hours(story, assignment, day=today, hours=hours)
    assert story.hours.docs() == before
    assert story.assignments.docs()[assignment["id"]]["state"] == "confirmed"


def test_finding_the_assignment(story: Store) -> None:
    with pytest.raises(NotFound, match="郑秀兰 is not assigned to funing-2"):
        find_assignment(story, "funing-2", "郑秀兰")
    task = story.tasks.find("funing-1")
    story.tasks.update(task["id"], {"needs": [*task["needs"], {"skill": "painting"}]})
    person = story.find_volunteer("郑秀兰")
    story.assignments.create(Assignment(task=task["id"], volunteer=person["id"], skill="painting"))
    with pytest.raises(Ambiguous, match="--skill"):
        find_assignment(story, "funing-1", "郑秀兰")
    assert find_assignment(story, "funing-1", "郑秀兰", "painting")["skill"] == "painting"


def painting_slots(store: Store) -> int:
    return next(g.open_slots for g in collect_figures(store).skills_gap if g.skill == "painting")


def test_a_no_show_frees_the_slot(story: Store, today: dt.date) -> None:
    before = painting_slots(story)
    assignment = find_assignment(story, "funing-11", "刘佳怡")
    mark_assignment(story, "funing-11", "刘佳怡", AssignmentState.NO_SHOW, today=today)
    assert story.assignments.docs()[assignment["id"]]["state"] == "no_show"
    assert painting_slots(story) == before + 1
    mark_assignment(story, "funing-11", "刘佳怡", AssignmentState.DONE, today=today)
    assert painting_slots(story) == before


# Hours: totals and the report ---------------------------------------------------------------
def test_totals_add_up(story: Store, dataset: Dataset) -> None:
    logged = sum(h.hours for h in dataset.hours)
    for by in ("volunteer", "month", "site"):
        totals = hours_totals(story, by)
        assert sum(t.hours for t in totals) == pytest.approx(logged)
        assert sum(t.entries for t in totals) == len(dataset.hours)
    per_site = {t.key: t for t in hours_totals(story, "site")}
    assert per_site["funing"].label == "阜宁社区" and per_site["funing"].hours == 21.5
    per_person = {t.key: t for t in hours_totals(story, "volunteer")}
    assert per_person["funing-v9"].label == "郑秀兰" and per_person["funing-v9"].hours == 5.5
    groups = {t.key: t.hours for t in hours_totals(story, "group")}
    assert groups[""] == 10.5  # people in no group
    assert sum(groups.values()) >= logged  # someone in two groups counts in both
    with pytest.raises(ValueError):
        hours_totals(story, "colour")


def test_merged_files_count_each_entry_once(story: Store) -> None:
    """Two sites log hours, then each takes in the other's file: every entry counts once."""
    base = story.storage.data
    other = Store(RecordStorage())
    other.storage.write({table: dict(docs) for table, docs in base.items()})
    assignment = find_assignment(story, "funing-1", "郑秀兰")
    log_hours(story, assignment, day=dt.date(2026, 11, 28), hours=3)
    log_hours(other, other.assignments.docs()[assignment["id"]], day=dt.date(2026, 11, 29), hours=2)
    merged = Store(RecordStorage())
    tables = {name: {**docs, **other.docs(name)} for name, docs in story.storage.data.items()}
    tables["hours"] = {**story.hours.docs(), **other.hours.docs(), **story.hours.docs()}
    merged.storage.write(tables)
    per_person = {t.key: t.hours for t in hours_totals(merged, "volunteer")}
    assert per_person["funing-v9"] == 5.5 + 3 + 2
    assert sum(h for _m, h in collect_figures(merged).hours_by_month) == 49 + 3 + 2


def test_hours_report_csv_parses_back(story: Store) -> None:
    rows = csv_rows(hours_csv(hours_rows(story, "2026-11")))
    assert list(rows[0]) == [
        "Date",
        "Volunteer",
        "Reference",
        "Task ref",
        "Task",
        "Site",
        "Hours",
        "Verified by",
        "Note",
    ]
    assert len(rows) == 21
    first = rows[0]
    assert first["Date"] == "2026-11-07" and first["Task ref"] == "funing-13"
    assert first["Verified by"] == "阜宁社区居委会"
    assert sum(float(row["Hours"]) for row in rows) == 49
    assert hours_rows(story, "2026-10") == []


def test_hours_report_headers_in_chinese_and_formulas_defused(story: Store, today: dt.date) -> None:
    assignment = find_assignment(story, "funing-1", "郑秀兰")
    log_hours(story, assignment, day=today, hours=1, note="=HYPERLINK(1)", verified_by="+1")
    set_language("zh")
    rows = csv_rows(hours_csv(hours_rows(story)))
    assert list(rows[0])[:4] == ["日期", "志愿者", "编号", "任务编号"]
    last = next(row for row in rows if row["日期"] == today.isoformat())
    assert last["备注"] == "'=HYPERLINK(1)" and last["核实人"] == "'+1"


def test_hours_report_markdown_has_a_total(story: Store) -> None:
    md = hours_markdown(hours_rows(story, "2026-11"), month="2026-11")
    assert md.startswith("# Volunteer hours 2026-11\n")
    assert md.rstrip().endswith("**Total:** 49 h")
    assert sum(1 for line in md.splitlines() if line.startswith("| 2026-11-")) == 21


def test_month_shape_is_checked() -> None:
    assert check_month("2026-11") == "2026-11"
    for bad in ("2026-13", "2026-1", "Nov", ""):
        with pytest.raises(ValueError):
            check_month(bad)


# The district report ------------------------------------------------------------------------
def test_report_csv_is_one_long_table(story: Store) -> None:
    rows = csv_rows(report_csv(collect_figures(story)))
    assert list(rows[0]) == ["figure", "key", "label", "measure", "value"]
    by = {(r["figure"], r["key"], r["measure"]): r for r in rows}
    assert by[("tasks_by_status", "funing", "open")]["value"] == "5"
    assert by[("tasks_by_status", "funing", "open")]["label"] == "阜宁社区"
    assert by[("skills_gap", "performance", "open_slots")]["value"] == "9"
    assert by[("hours_by_month", "2026-11", "hours")]["value"] == "49"
    assert by[("suggestions", "funing", "done")]["value"] == "9"
    assert by[("suggestions", "funing", "declined")]["value"] == "1"
    assert by[("totals", "tasks", "value")]["value"] == "42"


def test_report_markdown_tables(story: Store, today: dt.date) -> None:
    md = report_markdown(collect_figures(story), today=today, site_name="阜宁社区")
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Summary",
        "## Tasks per status and site",
        "## Skills needed and volunteers who have them",
        "## Volunteer hours per month",
        "## Residents' suggestions turned into work",
        "## Spending per fund",
        "## Spending per residents' suggestion",
    ]
    assert "| Site | Suggestions | In work | Done | Declined | Hours |" in md
    assert "| 阜宁社区 | 21 | 11 | 9 | 1 | 21.5 |" in md
    assert "| Residents' suggestions | 21 |" in md and "| Suggestions done | 9 |" in md


@pytest.mark.parametrize(
    ("lang", "header"),
    [
        ("en", "| Site | Suggested | Open | Staffed | In progress | Done | Archived | Total |"),
        ("zh", "| 社区 | 建议 | 待认领 | 已配人 | 进行中 | 已完成 | 已归档 | 合计 |"),
    ],
)
def test_report_names_statuses_as_the_board_titles_its_columns(
    story: Store, today: dt.date, lang: str, header: str
) -> None:
    set_language(lang)
    md = report_markdown(collect_figures(story), today=today, site_name="阜宁社区")
    assert header in md.splitlines()
    assert "in\\_progress" not in md and "in_progress" not in md


class ReportParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.cells: list[str] = []
        self._cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._cell = tag in ("td", "th")

    def handle_data(self, data: str) -> None:
        if self._cell:
            self.cells.append(data)
            self._cell = False


def test_report_html_embeds_its_charts(story: Store, today: dt.date) -> None:
    set_language("zh")
    page = report_html(collect_figures(story), today=today, site_name="阜宁社区")
    parser = ReportParser()
    parser.feed(page)
    names = [tag for tag, _attrs in parser.tags]
    assert names.count("svg") == 4 and "script" not in names
    assert not any({"src", "href"} & set(attrs) for _tag, attrs in parser.tags)
    assert dict(parser.tags)["html"]["lang"] == "zh-CN"
    assert "各社区任务状态" in page and "阜宁社区" in parser.cells
    start = page.index("<svg")
    ET.fromstring(page[start : page.index("</svg>", start) + len("</svg>")])  # well-formed


def test_report_of_an_empty_file(memory_store: Store, today: dt.date) -> None:
    figures = collect_figures(memory_store)
    assert figures.totals["tasks"] == 0 and figures.hours_by_month == []
    assert "Nothing yet." in report_markdown(figures, today=today, site_name="阜宁社区")
    page = report_html(figures, today=today, site_name="阜宁社区")
    assert page.count("<svg") == 2  # the one site's statuses and the skill catalogue


# SVG charts ---------------------------------------------------------------------------------
def test_bar_chart_is_valid_svg_with_escaped_labels() -> None:
    svg = bar_chart(
        "A & <B>",
        ["<site>", "阜宁社区"],
        series_of([("x&y", [3.0, 0.0]), ("z", [1.0, 4.0])]),
        stacked=True,
    )
    root = ET.fromstring(svg)
    texts = ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "<site>" in texts and "阜宁社区" in texts and "x&y" in texts
    assert "4" in texts  # stacked total of the first row


@pytest.mark.parametrize(("top", "step"), [(0, 1), (7, 2), (12, 5), (49, 10), (0.4, 0.1)])
def test_nice_steps(top: float, step: float) -> None:
    assert nice_step(top) == pytest.approx(step)


def test_hours_entry_model_is_what_gets_logged(story: Store, today: dt.date) -> None:
    assignment = find_assignment(story, "funing-1", "郑秀兰")
    entry = log_hours(story, assignment, day=today, hours=2.5, note=" 带了工具 ")
    stored: Any = story.model("hours", story.hours.docs()[entry.id], HoursEntry)
    assert stored.note == "带了工具" and stored.task == assignment["task"]

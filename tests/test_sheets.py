"""Sheets for volunteers, crews and days, each format parsed back and checked for content.

iCalendar goes through the `icalendar` package (a real parser), HTML through
`html.parser`, Markdown tables through a plain split; the data is the seed
story's, dated around a fixed day.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from html.parser import HTMLParser
from typing import Any

import icalendar
import pytest

from taskboard.demo import fill_store, story_dataset
from taskboard.i18n import set_language
from taskboard.model import Assignment, AssignmentState, Site, Task, Volunteer
from taskboard.sheets import (
    crew_sheet,
    day_sheet,
    event_uid,
    render_schedule,
    volunteer_schedule,
    volunteer_sheet,
)
from taskboard.sheets.ics import MAX_OCTETS, escape_text, fold
from taskboard.store import Ambiguous, NotFound, Store
from taskboard.store.clock import hlc_from_ms

SATURDAY = dt.date(2026, 11, 28)


@pytest.fixture
def story(today: dt.date) -> Store:
    """The story's five communities in memory, local site funing, coordinator 李主任."""
    dataset = story_dataset(today)
    store = Store.memory(who="测试员")
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset, history=False)
    return store


def volunteer_id(store: Store, name: str) -> str:
    return str(store.find_volunteer(name)["id"])


def assignment_of(store: Store, task_ref: str, name: str) -> dict[str, Any]:
    task = store.tasks.find(task_ref)
    person = volunteer_id(store, name)
    (found,) = [a for a in store.assignments_of_task(task["id"]) if a["volunteer"] == person]
    return found


def add_tricky_task(store: Store) -> Task:
    """A task whose text needs escaping everywhere, with 郑秀兰 on it."""
    task = store.tasks.create(
        Task(
            title='<b>Bench</b> & "chairs"; a, b',
            description="Bring gloves, paint; brushes\\rollers\n第二行：带水",
            site="funing",
            place="榕树下, 休息区; 东侧",
            start=dt.datetime(2026, 12, 3, 9, 0),
            end=dt.datetime(2026, 12, 3, 11, 30),
            needs=[{"skill": "painting", "count": 2}],  # type: ignore[list-item]
        ),
    )
    person = volunteer_id(store, "郑秀兰")
    store.assignments.create(Assignment(task=task.id, volunteer=person, skill="painting"))
    return task


# The volunteer's schedule -------------------------------------------------------------------
def test_schedule_splits_upcoming_and_recent(story: Store, today: dt.date) -> None:
    schedule = volunteer_schedule(story, "郑秀兰", today)
    assert [line.ref for line in schedule.upcoming] == ["funing-1"]
    assert [line.ref for line in schedule.recent] == ["funing-3", "funing-13"]  # latest first
    line = schedule.upcoming[0]
    assert line.skill == "cleaning"
    assert line.place == "朱庆花园南区 东侧围墙"
    assert line.contact == "阜宁社区 李主任"
    assert line.start == dt.datetime(2026, 11, 28, 8, 30)
    assert schedule.recent[0].hours == 3.0


def test_schedule_found_by_reference_name_and_phone(story: Store, today: dt.date) -> None:
    person = story.find_volunteer("郑秀兰")
    spaced = f"{person['phone'][:3]} {person['phone'][3:7]} {person['phone'][7:]}"
    for query in (person["ref"], "郑秀兰", person["phone"], spaced):
        assert volunteer_schedule(story, query, today).person.id == person["id"]


def test_unknown_and_ambiguous_volunteers_are_refused(story: Store, today: dt.date) -> None:
    with pytest.raises(NotFound):
        volunteer_schedule(story, "无名氏", today)
    story.volunteers.create(Volunteer(name="郑秀兰", site="jingshan"))
    with pytest.raises(Ambiguous):
        volunteer_schedule(story, "郑秀兰", today)


def test_declined_work_is_left_off_the_sheet(story: Store, today: dt.date) -> None:
    declined = assignment_of(story, "funing-1", "郑秀兰")
    story.assignments.update(declined["id"], {"state": "declined"})
    schedule = volunteer_schedule(story, "郑秀兰", today)
    assert schedule.upcoming == ()
    assert [line.ref for line in schedule.cancelled] == ["funing-1"]
    assert "(funing-1)" not in render_schedule(schedule, "text")


def test_other_sites_name_their_office_without_this_files_coordinator(
    story: Store, today: dt.date
) -> None:
    schedule = volunteer_schedule(story, "罗文珍", today)
    assert {line.contact for line in schedule.upcoming} == {"兴业社区"}


# Text and Markdown --------------------------------------------------------------------------
def test_text_sheet_is_short_and_says_what_where_when(story: Store, today: dt.date) -> None:
    text = volunteer_sheet(story, "郑秀兰", today, "text")
    assert text.startswith("Assignments of 郑秀兰 (funing-v9)\n")
    assert "2026-11-28 sat 08:30–11:30 · 南区东侧围墙铁栏杆除锈补焊 (funing-1)" in text
    assert "  Place: 朱庆花园南区 东侧围墙 (阜宁社区)" in text
    assert "  Your part: cleaning" in text
    assert "  Contact: 阜宁社区 李主任" in text
    assert len(text) < 1200 and len(text.splitlines()) < 30  # fits a chat message
    assert "|" not in text  # no tables: chat apps use proportional fonts


def test_text_sheet_in_chinese(story: Store, today: dt.date) -> None:
    set_language("zh")
    text = volunteer_sheet(story, "郑秀兰", today, "text")
    assert text.startswith("郑秀兰(funing-v9)的志愿任务\n")
    assert "2026-11-28 周六 08:30–11:30" in text
    assert "  分工:清洁" in text
    assert "  联系:阜宁社区 李主任" in text
    assert "即将进行" in text and "最近 30 天" in text and "最近完成" not in text


def test_markdown_sheet_parses_into_headings_and_items(story: Store, today: dt.date) -> None:
    add_tricky_task(story)
    md = volunteer_sheet(story, "郑秀兰", today, "md")
    lines = md.splitlines()
    assert lines[0] == "# Assignments of 郑秀兰 (funing-v9)"
    assert [line for line in lines if line.startswith("## ")] == ["## Upcoming", "## Recently"]
    items = [line for line in lines if line.startswith("- **") and "·" in line]
    assert len(items) == 4
    assert any("\\<b\\>Bench\\</b\\>" in line for line in items)  # taken literally


def test_crew_markdown_table_parses_back(story: Store) -> None:
    md = crew_sheet(story, "funing-1", "md", phones=True)
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    cells = [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]
    assert cells[0] == ["Volunteer", "Skill", "State", "Phone"]
    people = {row[0]: row for row in cells[1:]}
    zheng = story.find_volunteer("郑秀兰")
    assert people["郑秀兰 (funing-v9)"] == [
        "郑秀兰 (funing-v9)",
        "cleaning",
        "confirmed",
        zheng["phone"],
    ]
    assert {row[1] for row in cells[1:]} == {"welding", "cleaning"}


def test_crew_sheet_shows_phones_only_when_asked(story: Store) -> None:
    phone = story.find_volunteer("李建国")["phone"]
    assert phone not in crew_sheet(story, "funing-1", "text")
    assert phone in crew_sheet(story, "funing-1", "text", phones=True)


def test_day_sheet_lists_who_goes_where(story: Store) -> None:
    text = day_sheet(story, SATURDAY, "text")
    assert text.startswith("Who goes where on 2026-11-28 sat\n")
    order = [text.index(ref) for ref in ("(funing-1)", "(chunhui-1)", "(funing-11)")]
    assert order == sorted(order)  # by start time
    assert "• 刘佳怡 (funing-v13) — painting · confirmed" in text
    only_funing = day_sheet(story, SATURDAY, "text", site="funing")
    assert "chunhui-1" not in only_funing and "funing-11" in only_funing
    assert "No work on this day." in day_sheet(story, dt.date(2027, 3, 1), "text")
    with pytest.raises(NotFound):
        day_sheet(story, SATURDAY, "text", site="nowhere")


# HTML ---------------------------------------------------------------------------------------
class PageParser(HTMLParser):
    """Collects tags, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.style = ""
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "style":
            self.style += data
        elif data.strip():
            self.text.append(data.strip())

    def names(self) -> list[str]:
        return [tag for tag, _attrs in self.tags]


def parse_page(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def assert_self_contained(page: PageParser) -> None:
    """No scripts, and nothing fetched from anywhere."""
    assert "script" not in page.names()
    for tag, attrs in page.tags:
        assert not {"src", "href"} & set(attrs), tag
    assert "url(" not in page.style and "@import" not in page.style


def test_html_sheet_is_printable_chinese_and_self_contained(story: Store, today: dt.date) -> None:
    page = parse_page(volunteer_sheet(story, "郑秀兰", today, "html"))
    html_tag = dict(page.tags)["html"]
    assert html_tag["lang"] == "en"  # the labels' language, though the data is Chinese
    assert ("meta", {"charset": "utf-8"}) in page.tags
    assert "@media print" in page.style and "@page" in page.style
    assert_self_contained(page)
    assert "南区东侧围墙铁栏杆除锈补焊" in " ".join(page.text)
    assert page.names().count("article") == 3


def test_html_escapes_user_text(story: Store, today: dt.date) -> None:
    task = add_tricky_task(story)
    page = parse_page(volunteer_sheet(story, "郑秀兰", today, "html"))
    assert "b" not in page.names()
    assert any(task.title in text for text in page.text)
    assert any("榕树下, 休息区; 东侧" in text for text in page.text)


def test_crew_and_day_pages_have_a_table_per_crew(story: Store) -> None:
    crew = parse_page(crew_sheet(story, "funing-1", "html"))
    frame = 1  # the layout table that repeats the title on every printed page
    assert crew.names().count("table") == frame + 1
    assert crew.names().count("tr") == 2 * frame + 4  # header and three people
    day = parse_page(day_sheet(story, SATURDAY, "html"))
    assert day.names().count("section") == 5
    assert day.names().count("table") == frame + 4  # funing-15 has nobody yet
    assert "Nobody assigned yet." in day.text
    assert_self_contained(day)


def test_english_only_page_says_so(today: dt.date) -> None:
    store = Store.memory(who="tester")
    store.initialise(Site(id="north", name="North office"), coordinator="Ann")
    person = store.volunteers.create(Volunteer(name="Bob", site="north"))
    page = parse_page(volunteer_sheet(store, person.ref, today, "html"))
    assert dict(page.tags)["html"]["lang"] == "en"


# iCalendar ----------------------------------------------------------------------------------
def parse_calendar(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def events(calendar: icalendar.Calendar) -> list[Any]:
    return list(calendar.walk("VEVENT"))


def test_ics_has_one_event_per_scheduled_assignment(story: Store, today: dt.date) -> None:
    schedule = volunteer_schedule(story, "郑秀兰", today)
    calendar = parse_calendar(render_schedule(schedule, "ics"))
    assert str(calendar["VERSION"]) == "2.0"
    found = {str(event["UID"]): event for event in events(calendar)}
    lines = [*schedule.upcoming, *schedule.recent]
    assert set(found) == {event_uid(line.assignment) for line in lines}
    event = found[event_uid(schedule.upcoming[0].assignment)]
    start = event.decoded("DTSTART")
    assert start == dt.datetime(2026, 11, 28, 8, 30, tzinfo=start.tzinfo)
    assert start.utcoffset() == dt.timedelta(hours=8)
    assert event.decoded("DTEND").hour == 11
    assert str(event["SUMMARY"]) == "南区东侧围墙铁栏杆除锈补焊 · cleaning"
    assert str(event["LOCATION"]) == "朱庆花园南区 东侧围墙 (阜宁社区)"
    assert "Contact: 阜宁社区 李主任" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    assert len(list(calendar.walk("VTIMEZONE"))) == 1


def test_ics_lines_are_crlf_folded_at_75_octets(story: Store, today: dt.date) -> None:
    add_tricky_task(story)
    raw = volunteer_sheet(story, "郑秀兰", today, "ics").encode("utf-8")
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= MAX_OCTETS for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # long Chinese lines were folded
    for line in lines:
        line.decode("utf-8")  # never cut inside a character


def test_ics_escapes_text_and_parses_back_the_same(story: Store, today: dt.date) -> None:
    task = add_tricky_task(story)
    calendar = parse_calendar(volunteer_sheet(story, "郑秀兰", today, "ics"))
    (event,) = [e for e in events(calendar) if str(e["SUMMARY"]).startswith("<b>")]
    assert str(event["SUMMARY"]) == f"{task.title} · painting"
    assert str(event["LOCATION"]) == "榕树下, 休息区; 东侧 (阜宁社区)"
    assert str(event["DESCRIPTION"]).endswith(task.description)
    assert str(event["STATUS"]) == "TENTATIVE"  # still only proposed


def test_escape_and_fold_by_the_rfc() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "围墙除锈补焊" * 20
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= MAX_OCTETS for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece[1:] if i else piece for i, piece in enumerate(pieces)) == line


def test_ics_is_stable_and_updates_keep_the_uid(story: Store, today: dt.date) -> None:
    first = volunteer_sheet(story, "郑秀兰", today, "ics")
    assert volunteer_sheet(story, "郑秀兰", today, "ics") == first  # same data, same bytes
    before = {str(e["UID"]): e for e in events(parse_calendar(first))}
    task = story.tasks.find("funing-1")
    story.clock.observe(story.clock.last + hlc_from_ms(5_000))  # the edit comes a bit later
    story.tasks.update(task["id"], {"title": "围墙除锈补焊(改期)"})
    again = volunteer_sheet(story, "郑秀兰", today, "ics")
    after = {str(e["UID"]): e for e in events(parse_calendar(again))}
    assert set(after) == set(before)
    uid = event_uid(assignment_of(story, "funing-1", "郑秀兰")["id"])
    assert str(after[uid]["SUMMARY"]).startswith("围墙除锈补焊(改期)")
    assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
    assert after[uid].decoded("DTSTAMP") > before[uid].decoded("DTSTAMP")


def test_declined_assignment_comes_back_cancelled(story: Store, today: dt.date) -> None:
    declined = assignment_of(story, "funing-1", "郑秀兰")
    story.assignments.update(declined["id"], {"state": AssignmentState.DECLINED.value})
    calendar = parse_calendar(volunteer_sheet(story, "郑秀兰", today, "ics"))
    found = {str(e["UID"]): e for e in events(calendar)}
    assert str(found[event_uid(declined["id"])]["STATUS"]) == "CANCELLED"


def test_due_only_work_is_an_all_day_event(story: Store, today: dt.date) -> None:
    schedule = volunteer_schedule(story, "罗文珍", today)  # xingye-1 is due 2026-11-28
    calendar = parse_calendar(render_schedule(schedule, "ics"))
    all_day = [e for e in events(calendar) if not isinstance(e.decoded("DTSTART"), dt.datetime)]
    assert [e.decoded("DTSTART") for e in all_day] == [dt.date(2026, 11, 28)]
    assert all_day[0].decoded("DTEND") == dt.date(2026, 11, 29)


# Layers -------------------------------------------------------------------------------------
def test_sheets_and_reports_never_load_textual() -> None:
    script = (
        "import sys, taskboard.sheets, taskboard.reports, taskboard.cli.view_commands\n"
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"

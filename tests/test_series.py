"""Recurring work: a task series made in one command, a standing crew proposed for every
occurrence by the assignment rules, this-and-following edits, one occurrence cancelled,
the board and `task list` showing only the next occurrence, creation undone at once."""

from __future__ import annotations

import datetime as dt

import pytest
from cli_harness import Cli

from taskboard.actions.series import create_series, extend_series, occurrences
from taskboard.board.edits import EditHistory
from taskboard.board.state import BoardState
from taskboard.model.repeat import dates, parse_repeat
from taskboard.store import Store

REHEARSAL = (
    "task", "add", "--title", "舞蹈队周三晚排练", "--site", "yuecheng", "--kind", "service",
    "--need", "performance:6", "--start", "2026-12-02 19:00", "--end", "2026-12-02 21:00",
)  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("weekly:wed", "weekly:wed"),
        ("weekly:周三", "weekly:wed"),
        ("Weekly:星期六,周二", "weekly:tue,sat"),
        ("每周三", "weekly:wed"),
        ("daily", "daily"),
        ("每天", "daily"),
        ("monthly:15", "monthly:15"),
        ("每月15日", "monthly:15"),
    ],
)
def test_the_repeat_grammar(typed: str, rule: str) -> None:
    assert parse_repeat(typed) == rule


def test_a_month_without_the_day_has_its_occurrence_on_its_last_day() -> None:
    found = list(dates("monthly:31", dt.date(2027, 1, 1), dt.date(2027, 4, 30)))
    assert found == [
        dt.date(2027, 1, 31), dt.date(2027, 2, 28), dt.date(2027, 3, 31), dt.date(2027, 4, 30)
    ]  # fmt: skip


def test_a_weekly_rehearsal_with_its_standing_crew(story_cli: Cli) -> None:
    cli = story_cli
    made = cli.data(*REHEARSAL, "--repeat", "weekly:周三", "--until", "2027-01-06")
    assert made["repeat"] == "weekly:wed" and made["ref"] == "funing-r1"
    assert made["occurrences"] == [
        "funing-r1-261202", "funing-r1-261209", "funing-r1-261216",
        "funing-r1-261223", "funing-r1-261230", "funing-r1-270106",
    ]  # fmt: skip
    added = cli.ok("series", "crew", "funing-r1", "add", "袁秀珍", "--skill", "舞蹈表演").out
    assert added.startswith("袁秀珍 joined the crew of funing-r1 (performance)\n")
    # the 12-02 rehearsal is at the hour 袁秀珍 is booked for the contest piece: refused by rule
    assert "not proposed: funing-r1-261202: 袁秀珍: booked on yuecheng-1" in added
    assert "Proposed the standing crew 5 times" in added
    task = cli.data("task", "show", "funing-r1-261216")
    assert [(a["skill"], a["state"]) for a in task["assignments"]] == [("performance", "proposed")]

    listed = cli.ok("task", "list", "--site", "yuecheng").out
    assert "舞蹈队周三晚排练 ↻ weekly +5 more" in listed
    assert "funing-r1-261209" not in listed
    every = cli.ok("task", "list", "--site", "yuecheng", "--all-occurrences").out
    assert "funing-r1-261209" in every and "funing-r1-270106" in every

    cli.ok("task", "rm", "funing-r1-261223")  # cancelled this one week
    cli.ok("series", "extend")
    assert "funing-r1-261223" not in cli.ok("series", "show", "funing-r1").out

    out = cli.ok("task", "edit", "funing-r1-261216", "--place", "文化广场东侧", "--following").out
    assert out == "Updated funing-r1-261216 and 2 later occurrences\n"
    places = {
        ref: cli.data("task", "show", ref)["place"]
        for ref in ("funing-r1-261209", "funing-r1-261216", "funing-r1-270106")
    }
    assert places == {
        "funing-r1-261209": "",
        "funing-r1-261216": "文化广场东侧",
        "funing-r1-270106": "文化广场东侧",
    }


def test_series_refusals_change_nothing(story_cli: Cli) -> None:
    cli = story_cli
    assert "--repeat: 'foo' is not a day of the week" in cli.fails(
        *REHEARSAL, "--repeat", "weekly:foo"
    )
    assert "monthly:N (1–31)" in cli.fails(*REHEARSAL, "--repeat", "monthly:40")
    assert "--until goes with --repeat" in cli.fails(*REHEARSAL, "--until", "2027-01-01")
    assert "a repeating task needs a first day" in cli.fails(
        "task", "add", "--title", "x", "--repeat", "daily"
    )
    assert "until (2026-11-01) must not be before the first day (2026-12-02)" in cli.fails(
        *REHEARSAL, "--repeat", "daily", "--until", "2026-11-01"
    )
    assert "no day of monthly:15 falls between 2026-12-02 and 2026-12-14" in cli.fails(
        *REHEARSAL, "--repeat", "monthly:15", "--until", "2026-12-14"
    )
    assert "is not part of a series" in cli.fails(
        "task", "edit", "funing-1", "--place", "x", "--following"
    )
    cli.ok(*REHEARSAL, "--repeat", "weekly:wed", "--until", "2026-12-30")
    assert "series funing-r1 does not need welding" in cli.fails(
        "series", "crew", "funing-r1", "add", "李建国", "--skill", "welding"
    )
    assert "no series 'nowhere'" in cli.fails("series", "show", "nowhere")


def test_creating_a_series_is_one_undo(story_store: Store, today: dt.date) -> None:
    fields = {
        "title": "周末清扫",
        "site": "funing",
        "due": "2026-11-28",
        "needs": [{"skill": "cleaning", "count": 2, "min_level": 1}],
    }
    made = create_series(story_store, fields, "weekly:sat", until=None, today=today)
    series_id = made.parts[0].record_id
    assert len(occurrences(story_store, series_id)) == 8  # 11-28 … 8 weeks after today
    history = EditHistory(story_store)
    assert made.edit is not None
    history.done.append(made.edit)
    history.undo()
    assert occurrences(story_store, series_id) == []
    assert story_store.series.get(series_id)["deleted"] is True
    extend_series(story_store, today)  # an undone series is not made again
    assert occurrences(story_store, series_id) == []


def test_extending_later_makes_the_next_weeks_with_the_crew(
    story_store: Store, today: dt.date
) -> None:
    from taskboard.actions.series import add_crew

    fields = {
        "title": "周三排练", "site": "yuecheng", "start": "2026-12-16T19:00:00",
        "end": "2026-12-16T21:00:00", "needs": [{"skill": "performance", "count": 6}],
    }  # fmt: skip
    made = create_series(story_store, fields, "weekly:wed", until=None, today=today)
    series_id = made.parts[0].record_id
    add_crew(story_store, series_id, "彭丽", "performance", today=today)
    assert extend_series(story_store, today).parts == []  # nothing missing: nothing written
    later = today + dt.timedelta(days=28)
    extended = extend_series(story_store, later)
    assert len([ref for ref in extended.occurrences if ref.startswith("funing-r1-")]) == 4
    newest = occurrences(story_store, series_id)[-1]
    held = [a for a in story_store.assignments.live() if a["task"] == newest["id"]]
    assert [a["state"] for a in held] == ["proposed"]


def test_the_board_shows_a_series_as_its_next_occurrence(story_store: Store) -> None:
    state = BoardState(story_store, dt.date(2026, 11, 25))
    shown = [card for column in range(len(state.columns)) for card in state.cards(column)]
    rehearsals = [card for card in shown if card.ref.startswith("yuecheng-r1-")]
    assert [(card.ref, card.series) for card in rehearsals] == [
        ("yuecheng-r1-261209", ("weekly", 1))
    ]


@pytest.mark.parametrize(
    ("rule", "en", "zh"),
    [
        ("daily", "every day", "每天"),
        ("weekly:wed", "weekly on wed", "每周三"),
        ("weekly:tue,sat", "weekly on tue, sat", "每周二、周六"),
        ("monthly:15", "monthly on day 15", "每月15日"),
    ],
)
def test_a_rule_reads_as_people_say_it(rule: str, en: str, zh: str) -> None:
    from taskboard.i18n import set_language
    from taskboard.i18n.words import repeat_text

    assert repeat_text(rule) == en
    set_language("zh")
    assert repeat_text(rule) == zh


def test_editing_following_names_the_later_occurrences_plainly(story_cli: Cli) -> None:
    cli = story_cli
    cli.ok(*REHEARSAL, "--repeat", "weekly:wed", "--until", "2027-01-06")
    last = cli.ok("task", "edit", "funing-r1-270106", "--place", "礼堂", "--following").out
    assert last == "Updated funing-r1-270106; no later occurrence to change\n"
    one = cli.ok("task", "edit", "funing-r1-261230", "--place", "礼堂二楼", "--following").out
    assert one == "Updated funing-r1-261230 and 1 later occurrence\n"
    zh = cli.ok("--lang", "zh", "task", "edit", "funing-r1-270106", "--place", "x", "--following")
    assert zh.out == "已更新 funing-r1-270106;之后没有要改的场次\n"


# When a series ends ---------------------------------------------------------------------------
def live_records(store: Store) -> dict[str, dict[str, dict[str, object]]]:
    """Every live task, series and assignment as `--json` sees it: what undo must give back."""
    from taskboard.store.records import DELETED, public

    return {
        table: {
            key: {k: v for k, v in public(doc).items() if k != DELETED}
            for key, doc in store.docs(table).items()
            if not doc.get(DELETED)
        }
        for table in ("tasks", "series", "assignments")
    }


def test_ending_a_series_counts_one_cancelled_occurrence_in_the_singular(story_cli: Cli) -> None:
    story_cli.ok("assignment", "set", "yuecheng-r1-261216", "陈玉珍", "confirmed")
    assert story_cli.fails("series", "until", "yuecheng-r1", "2026-12-09") == (
        "taskboard: error: ending yuecheng-r1 on 2026-12-09 cancels 1 occurrence; "
        "1 of them has confirmed volunteers; add --force to cancel them anyway"
    )


def test_a_series_ends_later_then_earlier_from_the_cli(story_cli: Cli) -> None:
    """岳城's rehearsals run to 12-16; the troupe goes on to 01-06 (the standing crew proposed
    for the new weeks), then stops after 12-23: the weeks people confirmed for need --force."""
    cli = story_cli
    out = cli.ok("series", "until", "yuecheng-r1-261216", "2027-01-06").out
    assert out.splitlines()[:2] == [
        "Series yuecheng-r1 ends on 2027-01-06",
        "Made 3 occurrences: yuecheng-r1-261223, yuecheng-r1-261230, yuecheng-r1-270106",
    ]
    shown = cli.data("series", "show", "yuecheng-r1")
    assert shown["until"] == "2027-01-06"
    assert [o["ref"] for o in shown["occurrences"]][-1] == "yuecheng-r1-270106"
    newest = cli.data("task", "show", "yuecheng-r1-270106")
    assert newest["title"] == "舞蹈队周三晚间排练"
    assert sorted(a["state"] for a in newest["assignments"]) == ["proposed"] * 5

    cli.ok("assignment", "set", "yuecheng-r1-261230", "陈玉珍", "confirmed")
    cli.ok("assignment", "set", "yuecheng-r1-270106", "邓美华", "confirmed")
    refused = cli.fails("series", "until", "yuecheng-r1", "2026-12-23")
    assert refused == (
        "taskboard: error: ending yuecheng-r1 on 2026-12-23 cancels 2 occurrences; "
        "2 of them have confirmed volunteers; add --force to cancel them anyway"
    )
    assert "add --force" in cli.fails("series", "stop", "yuecheng-r1", "--until", "2026-12-23")
    out = cli.ok("series", "until", "yuecheng-r1", "2026-12-23", "--force").out
    assert out == (
        "Series yuecheng-r1 ends on 2026-12-23\n"
        "Cancelled 2 occurrences: yuecheng-r1-261230, yuecheng-r1-270106\n"
    )
    refs = [o["ref"] for o in cli.data("series", "show", "yuecheng-r1")["occurrences"]]
    assert refs == ["yuecheng-r1-261209", "yuecheng-r1-261216", "yuecheng-r1-261223"]
    cli.ok("series", "extend")  # the cancelled weeks are past the end: not made again
    assert len(cli.data("series", "show", "yuecheng-r1")["occurrences"]) == 3

    # the troupe goes on after all: the cancelled weeks come back, with their crew
    out = cli.ok("series", "until", "yuecheng-r1", "2027-01-13").out
    assert out.splitlines()[1:3] == [
        "Brought back 2 cancelled occurrences: yuecheng-r1-261230, yuecheng-r1-270106",
        "Made 1 occurrence: yuecheng-r1-270113",
    ]
    back = cli.data("task", "show", "yuecheng-r1-261230")["assignments"]
    chen = cli.data("volunteer", "show", "陈玉珍")["id"]
    assert (chen, "confirmed") in [(a["volunteer"], a["state"]) for a in back]


def test_a_wrong_last_day_is_refused_and_changes_nothing(story_cli: Cli) -> None:
    cli = story_cli
    assert cli.fails("series", "until", "yuecheng-r1", "2026-12-01") == (
        "taskboard: error: until (2026-12-01) must not be before the first day (2026-12-09)"
    )
    assert cli.fails("series", "until", "yuecheng-r1", "next week") == (
        "taskboard: error: until 'next week': expected a date like 2026-12-05"
    )
    assert cli.fails("series", "until", "yuecheng-r1", "2026-12-16") == (
        "taskboard: error: series yuecheng-r1 ends on 2026-12-16 already"
    )
    assert cli.fails("series", "until", "nowhere", "2027-01-06") == (
        "taskboard: error: no series 'nowhere'"
    )


def test_changing_the_last_day_is_one_undo_that_gives_back_exactly(
    story_store: Store, today: dt.date
) -> None:
    from taskboard.actions.series import set_until

    store = story_store
    before = live_records(store)
    history = EditHistory(store)
    later = set_until(store, "yuecheng-r1", dt.date(2027, 1, 6), today=today)
    assert later.edit is not None and later.proposed == 15
    history.record(later.edit)
    extended = live_records(store)
    earlier = set_until(store, "yuecheng-r1", dt.date(2026, 12, 9), today=today)
    assert earlier.edit is not None
    history.record(earlier.edit)
    assert earlier.cancelled == [
        "yuecheng-r1-261216", "yuecheng-r1-261223", "yuecheng-r1-261230", "yuecheng-r1-270106"
    ]  # fmt: skip
    history.undo()
    assert live_records(store) == extended
    history.undo()
    assert live_records(store) == before
    history.redo()
    assert live_records(store) == extended


def test_the_last_day_reads_in_the_series_history(story_store: Store, today: dt.date) -> None:
    from taskboard.actions.describe import history_lines
    from taskboard.actions.series import set_until

    series = story_store.series.load("yuecheng-r1")
    set_until(story_store, series.id, dt.date(2027, 1, 6), today=today)
    line = history_lines(story_store.history.of(series.id))[-1]
    assert (line.action, line.changes) == ("edited", "Last day: 2026-12-16 → 2027-01-06")


def test_ending_keeps_the_occurrences_that_have_happened(story_store: Store) -> None:
    """Ended on its first day a week later: the 12-09 rehearsal (not ticked done) stays as
    a record of what happened; only the one still to come is cancelled."""
    from taskboard.actions.series import set_until

    made = set_until(story_store, "yuecheng-r1", dt.date(2026, 12, 9), today=dt.date(2026, 12, 12))
    assert made.cancelled == ["yuecheng-r1-261216"]
    made = set_until(story_store, "yuecheng-r1", dt.date(2026, 12, 10), today=dt.date(2026, 12, 12))
    assert made.cancelled == []


# This and following, then made later -----------------------------------------------------------
def test_a_title_edited_with_following_reaches_occurrences_made_later(story_cli: Cli) -> None:
    """The rehearsal stops after 12-23 for the holidays (12-30 and 01-06 cancelled), is
    renamed from 12-16 on, then runs to 01-20: every week from 12-16 on, the weeks brought
    back and the new ones too, carries the new name; 12-09 keeps the old one."""
    cli = story_cli
    cli.ok("series", "until", "yuecheng-r1", "2027-01-06")
    cli.ok("series", "until", "yuecheng-r1", "2026-12-23")
    cli.ok("task", "edit", "yuecheng-r1-261216", "--title", "舞蹈队新年排练", "--following")
    assert cli.data("series", "show", "yuecheng-r1")["title"] == "舞蹈队新年排练"
    cli.ok("series", "until", "yuecheng-r1", "2027-01-20")
    titles = {
        o["ref"][-6:]: cli.data("task", "show", o["ref"])["title"]
        for o in cli.data("series", "show", "yuecheng-r1")["occurrences"]
    }
    assert titles == {
        "261209": "舞蹈队周三晚间排练",
        "261216": "舞蹈队新年排练",
        "261223": "舞蹈队新年排练",
        "261230": "舞蹈队新年排练",
        "270106": "舞蹈队新年排练",
        "270113": "舞蹈队新年排练",
        "270120": "舞蹈队新年排练",
    }


def test_a_title_edited_with_following_reaches_the_weeks_extended_later(
    story_store: Store, today: dt.date
) -> None:
    """An open-ended series whose latest week was cancelled: renamed with "this and
    following", the weeks made a month later carry the new name (not the cancelled week's)."""
    from taskboard.actions.series import edit_following
    from taskboard.actions.tasks import remove_task

    fields = {
        "title": "周三排练", "site": "yuecheng", "start": "2026-12-02T19:00:00",
        "end": "2026-12-02T21:00:00", "needs": [{"skill": "performance", "count": 6}],
    }  # fmt: skip
    made = create_series(story_store, fields, "weekly:wed", until=None, today=today)
    series_id = made.parts[0].record_id
    latest = occurrences(story_store, series_id)[-1]
    remove_task(story_store, latest["id"])
    edit_following(story_store, occurrences(story_store, series_id)[1]["id"], lambda _t: {
        "title": "周三晚间排练"
    })  # fmt: skip
    extend_series(story_store, today + dt.timedelta(days=28))
    titles = [doc["title"] for doc in occurrences(story_store, series_id)]
    assert titles[0] == "周三排练"
    assert set(titles[1:]) == {"周三晚间排练"} and len(titles) == 11
    assert story_store.series.load(series_id).title == "周三晚间排练"

"""`taskboard assignments|crew|day|hours|report|kiosk`: output, files written, error lines.

Runs `taskboard.cli.main` in-process on the story data dated around the suite's
`today` (the commands default to it through `$TASKBOARD_today`).
"""

from __future__ import annotations

import ast
import codecs
import csv
import datetime as dt
import io
from pathlib import Path

import icalendar
import pytest
from cli_harness import Cli

from taskboard.i18n import LANGUAGES
from taskboard.model import Assignment
from taskboard.settings import check_pin, load_settings
from taskboard.store import Store

SITES = {"funing", "jingshan", "yuecheng", "xingye", "chunhui"}
LINE_KEYS = {"assignment", "state", "ref", "title", "place", "start", "end", "skill", "contact"}


@pytest.fixture
def cli(story_cli: Cli) -> Cli:
    """The story's data in a file of its own folder, coordinator 李主任."""
    return story_cli


def reopen(cli: Cli) -> Store:
    return Store.open(cli.db)


# assignments ----------------------------------------------------------------------------------
def test_assignments_text_by_name_phone_and_reference(cli: Cli) -> None:
    phone = reopen(cli).find_volunteer("郑秀兰")["phone"]
    texts = [cli.ok("assignments", query).out for query in ("郑秀兰", phone, "funing-v9")]
    assert texts[0] == texts[1] == texts[2]
    assert texts[0].startswith("Assignments of 郑秀兰 (funing-v9)\n")
    assert "南区东侧围墙铁栏杆除锈补焊 (funing-1)" in texts[0]
    assert "Contact: 阜宁社区 李主任" in texts[0]


def test_assignments_json_has_stable_keys(cli: Cli) -> None:
    data = cli.data("assignments", "郑秀兰")
    assert set(data) == {"volunteer", "today", "upcoming", "recent", "contact"}
    assert data["contact"] == "李主任 0756-2212345 (阜宁社区)"
    assert data["volunteer"]["ref"] == "funing-v9"
    (line,) = data["upcoming"]
    assert set(line) >= LINE_KEYS
    assert line["ref"] == "funing-1" and line["skill"] == "cleaning"


def test_assignments_written_as_ics_by_extension(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "郑秀兰.ics"
    result = cli.ok("assignments", "郑秀兰", "-o", str(target))
    assert result.out == f"Wrote {target}\n"
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert len(uids) == 3 and all(uid.endswith("@taskboard") for uid in uids)


def test_assignments_html_and_md(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "sheet.html"
    cli.ok("--lang", "zh", "assignments", "郑秀兰", "-o", str(page))
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in text
    md = cli.ok("assignments", "郑秀兰", "--format", "md").out
    assert md.startswith("# Assignments of 郑秀兰 (funing-v9)\n")


def test_assignments_errors(cli: Cli, tmp_path: Path) -> None:
    assert "no volunteer '无名氏'" in cli.fails("assignments", "无名氏")
    line = cli.fails("assignments", "郑秀兰", "-o", str(tmp_path / "data" / "x.pdf"))
    assert "cannot tell the format" in line
    missing = tmp_path / "data" / "no" / "such" / "folder" / "x.ics"
    assert "could not save" in cli.fails("assignments", "郑秀兰", "-o", str(missing))
    assert "expected a date" in cli.fails("assignments", "郑秀兰", "--as-of", "soon")


# crew and day -----------------------------------------------------------------------------------
def test_crew_sheet(cli: Cli) -> None:
    out = cli.ok("crew", "funing-1").out
    assert "• ★ 李建国 (funing-v1) — welding · confirmed" in out  # he leads the crew
    phone = reopen(cli).find_volunteer("李建国")["phone"]
    assert phone not in out
    assert phone in cli.ok("crew", "funing-1", "--phones").out
    data = cli.data("crew", "funing-1")
    assert data["ref"] == "funing-1" and len(data["crew"]) == 3
    assert "no task 'funing-99'" in cli.fails("crew", "funing-99")


def test_day_sheet_by_weekday_and_date(cli: Cli, today: dt.date) -> None:
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7)
    by_word = cli.ok("day", "sat").out
    assert by_word == cli.ok("day", saturday.isoformat()).out
    assert cli.ok("day", "周六").out == by_word
    data = cli.data("day", "sat", "--site", "funing")
    assert data["date"] == saturday.isoformat()
    assert all(task["ref"].startswith("funing-") for task in data["tasks"])
    assert "expected a date like" in cli.fails("day", "someday")
    assert "unknown site 'nowhere'" in cli.fails("day", "sat", "--site", "nowhere")
    assert cli.data("day", "sat", "--site", "阜宁社区") == data


# hours ------------------------------------------------------------------------------------------
def test_hours_log_marks_done(cli: Cli) -> None:
    result = cli.ok("hours", "log", "funing-1", "郑秀兰", "3", "--date", "2026-11-28")
    assert result.out == "Logged 3 h for 郑秀兰 on funing-1 (2026-11-28); assignment is done\n"
    store = reopen(cli)
    (entry,) = [e for e in store.hours.live() if e["date"] == "2026-11-28" and e["hours"] == 3]
    assert entry["verified_by"] == "李主任"  # whoever logs: here the file's coordinator
    assignment = store.assignments.docs()[entry["assignment"]]
    assert assignment["state"] == "done"


def test_logged_hours_are_told_on_the_task_history_in_both_languages(cli: Cli) -> None:
    cli.ok("hours", "log", "funing-1", "郑秀兰", "3", "--date", "2026-11-28")
    last = cli.ok("task", "history", "funing-1").out.splitlines()[-2:]
    assert last[0].split(maxsplit=5)[4:] == ["worked", "郑秀兰 worked 3 h on 2026-11-28 (cleaning)"]
    assert last[1].split(maxsplit=5)[4:] == ["done", "郑秀兰 did cleaning (was confirmed)"]
    zh = cli.ok("--lang", "zh", "task", "history", "funing-1").out.splitlines()[-2]
    assert zh.split(maxsplit=5)[4:] == ["记工时", "郑秀兰 于 2026-11-28 工作 3 小时（清洁）"]


def test_hours_log_options_and_json(cli: Cli, today: dt.date) -> None:
    data = cli.data(
        "hours", "log", "funing-11", "刘佳怡", "2.5",
        "--verified-by", "王老师", "--note", "带了画笔", "--keep-state",
    )  # fmt: skip
    assert data["hours"] == 2.5 and data["verified_by"] == "王老师" and data["note"] == "带了画笔"
    assert data["state"] == "confirmed"
    assert data["date"] == today.isoformat()


def test_hours_log_refusals_write_nothing(cli: Cli) -> None:
    for hours in ("0", "-2", "abc"):
        assert f"HOURS {hours!r}" in cli.fails("hours", "log", "funing-1", "郑秀兰", hours)
    assert "less than or equal to 24" in cli.fails("hours", "log", "funing-1", "郑秀兰", "30")
    assert "is not assigned to funing-2" in cli.fails("hours", "log", "funing-2", "郑秀兰", "2")
    assert "expected a date" in cli.fails("hours", "log", "funing-1", "郑秀兰", "2", "--date", "x")


def test_hours_log_asks_for_the_skill_when_there_are_several(cli: Cli) -> None:
    store = reopen(cli)
    task = store.tasks.find("funing-1")
    store.tasks.update(task["id"], {"needs": [*task["needs"], {"skill": "painting"}]})
    person = store.find_volunteer("郑秀兰")
    store.assignments.create(Assignment(task=task["id"], volunteer=person["id"], skill="painting"))
    assert "--skill" in cli.fails("hours", "log", "funing-1", "郑秀兰", "2")
    data = cli.data("hours", "log", "funing-1", "郑秀兰", "2", "--skill", "painting")
    assert data["state"] == "done"


def test_done_and_no_show(cli: Cli) -> None:
    assert cli.ok("hours", "no-show", "funing-11", "刘佳怡").out == (
        "刘佳怡 on funing-11 is now no_show\nOpen again: funing-11\n"
    )
    assert cli.data("hours", "done", "funing-11", "刘佳怡")["state"] == "done"
    assert cli.ok("hours", "done", "funing-11", "刘佳怡").out == (
        "刘佳怡 on funing-11 is already done\n"
    )
    zh = cli.ok("--lang", "zh", "hours", "no-show", "funing-11", "刘佳怡").out
    assert zh == "刘佳怡 在 funing-11 的安排现在是「未到场」\n重新待认领:funing-11\n"


def history_tail(cli: Cli, ref: str, count: int) -> list[str]:
    """The last `count` lines of the task's history, without the time."""
    lines = cli.ok("task", "history", ref).out.splitlines()[-count:]
    return [" ".join(line.split()[3:]) for line in lines]


def test_no_show_and_done_are_in_the_task_history_and_move_the_card(cli: Cli) -> None:
    assert reopen(cli).tasks.find("funing-11")["status"] == "staffed"
    cli.ok("hours", "no-show", "funing-11", "刘佳怡")
    assert reopen(cli).tasks.find("funing-11")["status"] == "open"  # the slot is free again
    assert history_tail(cli, "funing-11", 2) == [
        "李主任 no_show 刘佳怡 did not come for painting (was confirmed)",
        "李主任 moved moved to Open",
    ]
    out = cli.ok("hours", "log", "funing-11", "刘佳怡", "2").out
    assert out.endswith("assignment is done\nNow staffed: funing-11\n")
    assert reopen(cli).tasks.find("funing-11")["status"] == "staffed"
    assert history_tail(cli, "funing-11", 2) == [
        "李主任 done 刘佳怡 did painting (was no_show)",
        "李主任 moved moved to Staffed",
    ]


def test_hours_record_the_day_from_a_proposal_but_assignment_set_does_not(cli: Cli) -> None:
    cli.ok("assignment", "set", "funing-11", "刘佳怡", "declined")
    assert "cannot become" in cli.fails("hours", "no-show", "funing-11", "刘佳怡")
    assert "cannot become" in cli.fails("assignment", "set", "funing-11", "刘佳怡", "done")
    cli.ok("hours", "done", "funing-11", "刘佳怡")  # declined, and came after all
    assert "李主任 done 刘佳怡 did painting (was declined)" in history_tail(cli, "funing-11", 3)


def test_hours_report_csv_file_for_excel(cli: Cli, tmp_path: Path, today: dt.date) -> None:
    month = f"{today:%Y-%m}"
    target = tmp_path / "hours.csv"
    cli.ok("hours", "report", "-o", str(target))
    raw = target.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8) and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 21
    assert {"Date", "Volunteer", "Reference", "Task", "Hours", "Verified by"} <= set(rows[0])
    printed = cli.ok("hours", "report", "--format", "csv").out
    assert not printed.startswith("\ufeff")  # no BOM on a terminal
    assert cli.ok("hours", "report", "--month", month, "--format", "md").out.startswith(
        f"# Volunteer hours {month}\n"
    )
    assert "expected a month" in cli.fails("hours", "report", "--month", "2026-13")


def test_hours_totals(cli: Cli) -> None:
    by_site = cli.data("hours", "totals", "--by", "site")
    assert {row["key"] for row in by_site} == SITES
    assert set(by_site[0]) == {"key", "label", "hours", "entries"}
    assert sum(row["hours"] for row in by_site) == 49
    table = cli.ok("hours", "totals").out.splitlines()
    assert table[0].split() == ["Reference", "Name", "Hours", "Entries"]
    groups = cli.ok("--lang", "zh", "hours", "totals", "--by", "group").out
    assert "无小组" in groups and groups.splitlines()[0].split() == ["小组", "小时", "条数"]


# report and kiosk -------------------------------------------------------------------------------
def test_report_formats(cli: Cli, tmp_path: Path) -> None:
    md = cli.ok("report").out
    assert md.startswith("# Volunteer work report\n")
    rows = list(csv.DictReader(io.StringIO(cli.ok("report", "--format", "csv").out)))
    assert {row["figure"] for row in rows} == {
        "totals",
        "tasks_by_status",
        "skills_gap",
        "hours_by_month",
        "suggestions",
        "spending_by_fund",
        "spending_by_suggestion",
    }
    page = tmp_path / "report.html"
    cli.ok("report", "-o", str(page))
    assert page.read_text(encoding="utf-8").count("<svg") == 4
    data = cli.data("report")
    assert data["totals"]["tasks"] == 42 and data["skills_gap"]["performance"]["open_slots"] == 9
    assert data["suggestions"]["funing"] == {
        "suggestions": 21,
        "in_work": 11,
        "done": 9,
        "declined": 1,
    }


def test_report_file_and_json_say_where(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    assert cli.data("report", "-o", str(target)) == {"file": str(target), "format": "csv"}
    assert target.read_bytes().startswith(codecs.BOM_UTF8)


def test_kiosk_needs_a_terminal(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n2468\n"))
    cli.ok("kiosk", "--set-pin", quiet=False)
    assert "kiosk needs a terminal" in cli.fails("kiosk")


def test_kiosk_needs_the_coordinators_pin_first(cli: Cli) -> None:
    assert "taskboard kiosk --set-pin" in cli.fails("kiosk")
    assert "kiosk --set-pin" in cli.fails("--lang", "zh", "kiosk")


def test_kiosk_pin_is_stored_salted_and_hashed(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings_file = tmp_path / "settings.toml"
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n2468\n"))
    assert "Kiosk PIN saved" in cli.ok("kiosk", "--set-pin").out
    first = load_settings(settings_file).kiosk_pin
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n2468\n"))
    cli.ok("kiosk", "--set-pin")
    second = load_settings(settings_file).kiosk_pin
    assert first and second and first != second  # a fresh salt each time
    assert "2468" not in settings_file.read_text(encoding="utf-8")
    assert check_pin("2468", second) and not check_pin("2469", second)
    for typed, words in (("12\n12\n", "4 to 12 digits"), ("2468\n1357\n", "differ")):
        monkeypatch.setattr("sys.stdin", io.StringIO(typed))
        assert words in cli.fails("kiosk", "--set-pin")
    assert load_settings(settings_file).kiosk_pin == second


def test_chinese_messages(cli: Cli) -> None:
    out = cli.ok("--lang", "zh", "hours", "log", "funing-1", "郑秀兰", "3").out
    assert out.startswith("已为 郑秀兰 在 funing-1 记录 3 小时(")
    assert "安排状态:已完成" in out
    sheet = cli.ok("--lang", "zh", "assignments", "郑秀兰").out
    assert sheet.startswith("郑秀兰(funing-v9)的志愿任务\n")


# Translations ---------------------------------------------------------------------------------
VIEW_MODULES = (
    "taskboard/sheets",
    "taskboard/reports",
    "taskboard/cli/view_commands.py",
    "taskboard/tui/screens/kiosk.py",
    "taskboard/tui/screens/reports.py",
    "taskboard/tui/screens/hours_form.py",
)


def translatable_literals() -> set[str]:
    """Every literal given to `_()`, `ctx.say()` or a `Binding`'s text in the view modules."""
    root = Path(__file__).resolve().parents[1]
    files = [
        path
        for name in VIEW_MODULES
        for path in ([root / name] if name.endswith(".py") else (root / name).glob("*.py"))
    ]
    found: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            args = [a for a in node.args if isinstance(a, ast.Constant)]
            if name in ("_", "say") and args and node.args[0] is args[0]:
                found.add(str(args[0].value))
            if name == "Binding":
                found |= {str(a.value) for a in node.args[2:3] if isinstance(a, ast.Constant)}
                found |= {
                    str(k.value.value)
                    for k in node.keywords
                    if k.arg == "tooltip" and isinstance(k.value, ast.Constant)
                }
    return found


def test_every_view_string_has_a_chinese_translation() -> None:
    from taskboard.cli.view_commands import TOTALS_HEADER
    from taskboard.reports.render import HOURS_COLUMNS, SECTIONS, TOTAL_KEYS
    from taskboard.tui.screens.kiosk import COLUMNS
    from taskboard.tui.screens.reports import CHARTS

    wanted = translatable_literals()
    wanted |= {*TOTALS_HEADER.values(), *HOURS_COLUMNS, *COLUMNS}
    wanted |= {heading for heading, _build in SECTIONS} | {label for _key, label in TOTAL_KEYS}
    wanted |= {title for _id, title in CHARTS}
    assert len(wanted) > 80
    missing = sorted(text for text in wanted if text not in LANGUAGES["zh"])
    assert missing == []

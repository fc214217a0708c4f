"""Workbooks (.xlsx) and spreadsheet round trips: nothing changes behind the coordinator's back.

Rosters, household lists and the hours report are read and written as Excel
workbooks by their file name. A value a spreadsheet program changed (a phone
that lost its leading 0, `.0`, `1.38E+10`, a number cell where text belongs)
is refused with its row and column, and an older sheet cannot silently undo a
change made since it was exported.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import Any

import pytest
from cli_harness import Cli, folder_files, person
from openpyxl import Workbook, load_workbook

from taskboard.store.workbooks import TEXT_FORMAT


@pytest.fixture
def office(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    """Site funing with a volunteer whose landline starts with 0, and one with a mobile."""
    cli = Cli(capsys, tmp_path / "data" / "funing.json")
    cli.db.parent.mkdir()
    cli.ok("init", "--site", "funing", "--name", "阜宁社区")
    cli.ok("volunteer", "add", "--name", "王建国", "--phone", "07562212345", "--consent")
    cli.ok("volunteer", "add", "--name", "李秀兰", "--phone", "13800138000", "--notes", "会开车")
    return cli


@pytest.fixture
def story(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    """The story's data: five sites' volunteers and the hours they logged."""
    cli = Cli(capsys, tmp_path / "story" / "funing.json")
    cli.db.parent.mkdir()
    cli.ok("demo")
    return cli


def refused(cli: Cli, *args: str) -> list[str]:
    """The error lines of a command that must fail and leave every file as it was."""
    before = folder_files(cli.db.parent)
    result = cli.run(*args)
    assert result.code == 1 and result.out == ""
    assert folder_files(cli.db.parent) == before
    return result.err.splitlines()


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def workbook(path: Path, rows: list[list[Any]]) -> Path:
    """A workbook as Excel or WPS saves it: numbers typed into cells are stored as numbers."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


# Round trips ---------------------------------------------------------------------------------
def test_xlsx_roster_round_trip_changes_nothing(story: Cli, tmp_path: Path) -> None:
    before = story.data("volunteer", "list", "--all")
    path = tmp_path / "roster.xlsx"
    story.ok("volunteer", "export", str(path))
    data = story.db.read_bytes()

    out = story.ok("volunteer", "import", str(path)).out

    assert out == f"Nothing to change: all {len(before)} rows of roster.xlsx match the roster\n"
    assert story.db.read_bytes() == data
    assert story.data("volunteer", "list", "--all") == before
    sheet = load_workbook(path).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["ref", "name", "phone"] and header[-1] == "version"
    phones = [row[2] for row in sheet.iter_rows(min_row=2) if row[2].value]
    assert len(phones) == sum(bool(p.get("phone")) for p in before) > 30
    assert {(cell.data_type, cell.number_format) for cell in phones} == {("s", TEXT_FORMAT)}


def test_xlsx_keeps_a_landline_zero_and_a_formula_like_note_as_text(
    office: Cli, tmp_path: Path
) -> None:
    office.ok("volunteer", "edit", "funing-v2", "--notes", "=1+1 是备注")
    path = tmp_path / "roster.xlsx"
    office.ok("volunteer", "export", str(path))
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet["C2"].value == "07562212345" and sheet["C2"].data_type == "s"
    assert sheet["N3"].value == "=1+1 是备注" and sheet["N3"].data_type == "s"
    before = person(office, "funing-v2")

    out = office.ok("volunteer", "import", str(path)).out

    assert out == "Nothing to change: all 2 rows of roster.xlsx match the roster\n"
    assert person(office, "funing-v2") == before


def test_a_workbook_typed_by_hand_adds_volunteers(office: Cli, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "new.xlsx",
        [["姓名", "电话", "每周最多小时", "同意共享"], ["赵敏", "0756 2212346", 6, True]],
    )

    out = office.ok("volunteer", "import", str(path)).out

    assert out == "Volunteers added: 1; unchanged: 0\n"
    added = person(office, "funing-v3")
    assert (added["name"], added["phone"], added["max_hours"], added["consent"]) == (
        "赵敏",
        "0756 2212346",
        6,
        True,
    )


# Values a spreadsheet changed ----------------------------------------------------------------
def test_a_numeric_phone_column_in_a_workbook_is_refused_with_row_and_column(
    office: Cli, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "roster.xlsx",
        [
            ["编号", "姓名", "电话"],
            ["funing-v1", "王建国", 7562212345],
            ["funing-v2", "李秀兰", 13800138000],
        ],
    )

    assert refused(office, "volunteer", "import", str(path)) == [
        "taskboard: 2 bad rows in roster.xlsx",
        '  row 2, column "电话": 7562212345 is stored as a number, which drops leading zeros'
        " and rounds long ones; format the column as text and export again",
        '  row 3, column "电话": 13800138000 is stored as a number, which drops leading zeros'
        " and rounds long ones; format the column as text and export again",
    ]


@pytest.mark.parametrize(
    ("eaten", "why"),
    [
        ("7562212345", "looks like a phone number that lost its leading 0 (07562212345)"),
        ("1.38E+10", "is a number in scientific notation, not the digits that were there"),
        ("13800138000.0", 'ends in ".0": a spreadsheet took the digits for a number'),
    ],
)
def test_a_csv_phone_a_spreadsheet_ate_is_refused(
    office: Cli, tmp_path: Path, eaten: str, why: str
) -> None:
    """CSV → xlsx → GBK CSV through a spreadsheet program, as reported with LibreOffice."""
    exported = tmp_path / "roster.csv"
    office.ok("volunteer", "export", str(exported))
    rows = csv_rows(exported)
    rows[1][2] = eaten
    resaved = write_csv(tmp_path / "resaved.csv", rows, encoding="gbk")

    assert refused(office, "volunteer", "import", str(resaved)) == [
        "taskboard: 1 bad row in resaved.csv",
        f'  row 2, column "phone": "{eaten}" {why}; format the column as text and export again',
    ]
    assert person(office, "funing-v1")["phone"] == "07562212345"


# An older sheet ------------------------------------------------------------------------------
def test_an_older_sheet_cannot_undo_a_newer_change_without_force(
    office: Cli, tmp_path: Path
) -> None:
    old = tmp_path / "roster.csv"
    office.ok("volunteer", "export", str(old))
    office.ok("volunteer", "edit", "funing-v2", "--phone", "13900139000", "--notes", "不开车了")

    lines = refused(office, "volunteer", "import", str(old))

    assert lines[0] == "taskboard: 1 bad row in roster.csv"
    assert lines[1].startswith(
        '  row 3, column "phone": 李秀兰 (funing-v2): phone, notes changed after this sheet'
        " was exported ("
    )
    assert lines[1].endswith(
        "); importing it would undo that. Export the roster again, or use --force to overwrite"
    )
    assert len(lines) == 2
    assert person(office, "funing-v2")["phone"] == "13900139000"

    out = office.ok("volunteer", "import", str(old), "--force").out

    assert out == "Volunteers updated: 1 (phone 1, notes 1); added: 0; unchanged: 1\n"
    after = person(office, "funing-v2")
    assert (after["phone"], after["notes"]) == ("13800138000", "会开车")


def test_an_older_sheet_may_change_what_was_not_changed_since(office: Cli, tmp_path: Path) -> None:
    old = tmp_path / "roster.xlsx"
    office.ok("volunteer", "export", str(old))
    office.ok("volunteer", "edit", "funing-v2", "--phone", "13900139000")
    book = load_workbook(old)
    sheet = book.active
    assert sheet is not None
    sheet["C3"].value = "13900139000"  # the coordinator's sheet already agrees on the phone
    sheet["B2"].value = "王建军"
    book.save(old)

    out = office.ok("volunteer", "import", str(old)).out

    assert out == "Volunteers updated: 1 (name 1); added: 0; unchanged: 1\n"
    assert person(office, "funing-v1")["name"] == "王建军"


def test_a_sheet_without_the_version_column_behaves_as_before(office: Cli, tmp_path: Path) -> None:
    exported = tmp_path / "roster.csv"
    office.ok("volunteer", "export", str(exported))
    office.ok("volunteer", "edit", "funing-v2", "--phone", "13900139000")
    rows = csv_rows(exported)
    assert rows[0][-1] == "version"
    by_hand = write_csv(tmp_path / "by-hand.csv", [row[:-1] for row in rows])

    out = office.ok("volunteer", "import", str(by_hand)).out

    assert out == "Volunteers updated: 1 (phone 1); added: 0; unchanged: 1\n"
    assert person(office, "funing-v2")["phone"] == "13800138000"


def test_a_version_cell_a_spreadsheet_changed_is_refused(office: Cli, tmp_path: Path) -> None:
    exported = tmp_path / "roster.csv"
    office.ok("volunteer", "export", str(exported))
    rows = csv_rows(exported)
    rows[1][-1] = "1.17738E+17"
    changed = write_csv(tmp_path / "changed.csv", rows)

    assert refused(office, "volunteer", "import", str(changed)) == [
        "taskboard: 1 bad row in changed.csv",
        '  row 2, column "version": "1.17738E+17" is a number in scientific notation, not the'
        " digits that were there; format the column as text and export again",
    ]
    rows[1][-1] = "2026-12-06"
    typed = write_csv(tmp_path / "typed.csv", rows)
    assert refused(office, "volunteer", "import", str(typed)) == [
        "taskboard: 1 bad row in typed.csv",
        '  row 2, column "version": "2026-12-06" is not a version this program wrote;'
        " restore it or empty the cell",
    ]


# Household lists and the hours report ------------------------------------------------------
def test_household_list_from_a_workbook_with_chinese_headers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cli = Cli(capsys, tmp_path / "data" / "board.json")
    cli.db.parent.mkdir()
    cli.ok("init", "--site", "xingye", "--name", "兴业社区")
    cli.ok("campaign", "new", "--title", "人口普查夜间入户核实", "--place", "兴业社区 1—2栋")
    path = workbook(
        tmp_path / "住户.xlsx",
        [
            ["楼栋", "单元", "房号", "姓名", "电话", "备注"],
            [1, 1, 101, "张秀英", "13800138001", None],
            [1, 1, 102, "王建华", None, "腿脚不便"],
            [],
            ["2", "1", "301", "刘芳", "0756-2212345", None],
        ],
    )

    out = cli.ok("campaign", "import", "xingye-c1", str(path)).out

    assert out == "xingye-c1: 3 households read from 住户.xlsx: 3 added, 0 updated, 0 unchanged\n"
    summary = cli.ok("campaign", "show", "xingye-c1").out
    assert "1栋1单元101" in summary and "2栋1单元301" in summary


def test_household_phone_stored_as_a_number_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cli = Cli(capsys, tmp_path / "data" / "board.json")
    cli.db.parent.mkdir()
    cli.ok("init", "--site", "xingye", "--name", "兴业社区")
    cli.ok("campaign", "new", "--title", "入户核实", "--place", "兴业社区")
    path = workbook(
        tmp_path / "list.xlsx",
        [["楼栋", "房号", "联系电话"], [1, 101, 13800138001], [1, 102, "7562212345"]],
    )

    assert refused(cli, "campaign", "import", "xingye-c1", str(path)) == [
        "taskboard: 2 bad rows in list.xlsx",
        '  row 2, column "联系电话": 13800138001 is stored as a number, which drops leading'
        " zeros and rounds long ones; format the column as text and export again",
        '  row 3, column "联系电话": "7562212345" looks like a phone number that lost its'
        " leading 0 (07562212345); format the column as text and export again",
    ]


def test_hours_report_as_a_workbook_holds_the_logged_hours(story: Cli, tmp_path: Path) -> None:
    logged = story.data("hours", "report", "--month", "2026-11")
    assert logged
    path = tmp_path / "hours-2026-11.xlsx"

    out = story.ok("hours", "report", "--month", "2026-11", "-o", str(path)).out

    assert out == f"Wrote {path}\n"
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == ("Date", "Volunteer", "Reference", "Task ref", "Task", "Site", "Hours")
    entries, total = rows[1:-1], rows[-1]
    assert [(r[0], r[2], r[3], r[6]) for r in entries] == [
        (e["date"], e["ref"], e["task_ref"], e["hours"]) for e in logged
    ]
    assert all(isinstance(r[6], float | int) for r in entries)
    assert total[0] == "Total" and total[6] == sum(e["hours"] for e in logged)


def test_hours_report_as_a_workbook_needs_a_file(story: Cli) -> None:
    assert story.fails("hours", "report", "--format", "xlsx") == (
        "taskboard: error: --format xlsx writes a workbook: add -o FILE.xlsx"
    )


def test_csv_export_keeps_its_bom_and_gains_only_the_version_column(
    office: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "roster.csv"
    office.ok("volunteer", "export", str(path))
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    rows = csv_rows(path)
    assert rows[0][-2:] == ["notes", "version"]
    assert all(row[-1].startswith("v") and row[-1][1:].isdigit() for row in rows[1:])

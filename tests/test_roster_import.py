"""Importing a roster sheet changes only what the sheet says, and references stay unique."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from cli_harness import Cli, person, sheet, tree

EVERYTHING = (
    "--name", "李建国", "--phone", "13800138000", "--skill", "welding:3", "--skill", "painting:1",
    "--cert", "welding:2027-06-30", "--group", "party-member", "--available", "sat:morning",
    "--away", "2026-12-01:2026-12-10", "--site", "jingshan", "--max-hours", "8", "--consent",
    "--notes", "会开车",
)  # fmt: skip


def roster(cli: Cli) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = cli.data("volunteer", "list", "--all")
    return people


@pytest.fixture
def board(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    """Site funing (which knows jingshan) with one volunteer holding every field."""
    cli = Cli(capsys, tmp_path / "board" / "funing.json")
    cli.db.parent.mkdir()
    cli.ok("init", "--site", "funing", "--name", "阜宁社区")
    cli.ok("site", "add", "jingshan", "--name", "景山社区")
    cli.ok("volunteer", "add", *EVERYTHING)
    return cli


@pytest.fixture
def story(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    """The story's data: five sites' volunteers, some without consent to share."""
    cli = Cli(capsys, tmp_path / "story" / "funing.json")
    cli.db.parent.mkdir()
    cli.ok("demo")
    return cli


# Only the columns the sheet has --------------------------------------------------------------
def test_a_sheet_of_ref_and_name_changes_the_name_and_nothing_else(
    board: Cli, tmp_path: Path
) -> None:
    before = person(board, "funing-v1")
    source = sheet(tmp_path / "names.csv", "ref,name\r\nfuning-v1,李建军\r\n")

    out = board.ok("volunteer", "import", str(source)).out

    assert out == "Volunteers updated: 1 (name 1); added: 0; unchanged: 0\n"
    after = person(board, "funing-v1")
    assert after == {**before, "name": "李建军"}
    assert (after["phone"], after["site"], after["consent"]) == ("13800138000", "jingshan", True)
    assert after["skills"] == {"welding": 3, "painting": 1}
    assert after["certs"] == {"welding": "2027-06-30"}
    assert after["availability"] == ["sat:morning"] and after["notes"] == "会开车"


def test_empty_cells_keep_or_clear_by_column_and_none_clears(board: Cli, tmp_path: Path) -> None:
    before = person(board, "funing-v1")
    header = (
        "ref,name,phone,skills,certs,minor,groups,availability,away,site,max_hours,consent,notes"
    )
    keep = sheet(tmp_path / "keep.csv", f"{header}\r\nfuning-v1,,,,,,,,,,,,\r\n")

    out = board.ok("volunteer", "import", str(keep)).out

    assert out == (
        "Volunteers updated: 1 (groups 1, availability 1, away 1, max_hours 1);"
        " added: 0; unchanged: 0\n"
    )
    assert person(board, "funing-v1") == {
        **before,
        "groups": [],
        "availability": [],
        "away": [],
        "max_hours": None,
    }
    clear = sheet(
        tmp_path / "clear.csv", "ref,phone,skills,certs,notes\r\nfuning-v1,none,无,none,none\r\n"
    )
    board.ok("volunteer", "import", str(clear))
    cleared = person(board, "funing-v1")
    assert (cleared["skills"], cleared["certs"], cleared["notes"]) == ({}, {}, "")
    assert cleared.get("phone") is None
    assert (cleared["name"], cleared["site"]) == ("李建国", "jingshan")


def test_a_sheet_without_names_updates_by_ref_and_cannot_add(board: Cli, tmp_path: Path) -> None:
    source = sheet(
        tmp_path / "phones.csv", "编号,电话\r\nfuning-v1,13912345678\r\n,13700000000\r\n"
    )
    result = board.run("volunteer", "import", str(source))
    assert result.code == 1
    assert result.err.splitlines() == [
        "taskboard: 1 bad row in phones.csv",
        '  row 3, column "编号": ref is empty;'
        ' without a "name" column a row can only update by ref',
    ]
    sheet(source, "编号,电话\r\nfuning-v1,13912345678\r\n")
    assert board.ok("volunteer", "import", str(source)).out == (
        "Volunteers updated: 1 (phone 1); added: 0; unchanged: 0\n"
    )
    assert person(board, "funing-v1")["phone"] == "13912345678"


def test_rules_are_checked_on_the_merged_volunteer(board: Cli, tmp_path: Path) -> None:
    # the sheet says only "minor", but the stored welding skill is adult-only
    source = sheet(tmp_path / "minor.csv", "ref,minor\r\nfuning-v1,yes\r\n")
    before = tree(board.db.parent)
    result = board.run("volunteer", "import", str(source))
    assert result.err.splitlines() == [
        "taskboard: 1 bad row in minor.csv",
        '  row 2, column "minor": 李建国: minor: welding is adult-only',
    ]
    assert tree(board.db.parent) == before


# Redacted exports ---------------------------------------------------------------------------
def test_redacted_export_reimports_unchanged_and_says_so(story: Cli, tmp_path: Path) -> None:
    before = roster(story)
    withheld_names = sum(not p["consent"] for p in before)
    assert withheld_names and sum(bool(p.get("phone")) for p in before) > 30
    redacted = tmp_path / "redacted.csv"
    story.ok("volunteer", "export", str(redacted), "--redact")
    data = story.db.read_bytes()

    lines = story.ok("volunteer", "import", str(redacted)).out.splitlines()

    cells = 2 * len(before) + withheld_names
    assert lines == [
        f"Nothing to change: all {len(before)} rows of redacted.csv match the roster",
        f"Skipped {cells} cells withheld by a redacted export; the stored values stay",
    ]
    assert roster(story) == before
    assert story.db.read_bytes() == data
    summary = story.data("volunteer", "import", str(redacted))
    found = (summary["updated"], summary["unchanged"], summary["withheld"])
    assert found == (0, len(before), cells)


def test_stand_in_names_are_recognised_without_the_withheld_column(
    story: Cli, tmp_path: Path
) -> None:
    before = roster(story)
    redacted = tmp_path / "redacted.csv"
    story.ok("volunteer", "export", str(redacted), "--redact")
    rows = list(csv.reader(io.StringIO(redacted.read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[0][-1] == "withheld"
    assert any(row[1] == f"volunteer {row[0]}" and row[-1] == "name;phone;notes" for row in rows)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(row[:-1] for row in rows)  # someone deleted the last column
    sheet(redacted, buffer.getvalue())

    summary = story.data("volunteer", "import", str(redacted))

    assert (summary["updated"], summary["withheld"]) == (0, sum(not p["consent"] for p in before))
    assert roster(story) == before


def test_a_value_typed_over_a_stand_in_is_imported(board: Cli, tmp_path: Path) -> None:
    board.ok("volunteer", "edit", "funing-v1", "--no-consent")
    redacted = tmp_path / "redacted.csv"
    board.ok("volunteer", "export", str(redacted), "--redact")
    text = redacted.read_bytes().decode("utf-8-sig")
    assert "volunteer funing-v1,," in text and text.rstrip().endswith("name;phone;notes")
    sheet(redacted, text.replace("volunteer funing-v1,,", "volunteer funing-v1,13911112222,"))

    summary = board.data("volunteer", "import", str(redacted))

    assert (summary["fields"], summary["withheld"]) == ({"phone": 1}, 2)
    assert (person(board, "funing-v1")["phone"], person(board, "funing-v1")["name"]) == (
        "13911112222",
        "李建国",
    )


# Summary and dry run ------------------------------------------------------------------------
CHANGES = (
    "ref,name,phone,skills\r\n"
    "funing-v1,李建国,13900000001,\r\n"
    "funing-v2,王芳,13900000002,painting:2\r\n"
    "funing-v3,张伟,,\r\n"
    ",赵六,13900000004,cleaning:1\r\n"
)


@pytest.fixture
def three(board: Cli) -> Cli:
    board.ok(
        "volunteer", "add", "--name", "王芳", "--phone", "13800000002", "--skill", "painting:1"
    )
    board.ok("volunteer", "add", "--name", "张伟", "--phone", "13800000003")
    return board


def test_summary_counts_each_field_per_volunteer(three: Cli, tmp_path: Path) -> None:
    source = sheet(tmp_path / "changes.csv", CHANGES)
    assert three.data("volunteer", "import", str(source), "--dry-run") == {
        "file": "changes.csv",
        "rows": 4,
        "added": 1,
        "updated": 2,
        "unchanged": 1,
        "fields": {"phone": 2, "skills": 1},
        "withheld": 0,
        "saved": False,
    }
    out = three.ok("volunteer", "import", str(source)).out
    assert out == "Volunteers updated: 2 (phone 2, skills 1); added: 1; unchanged: 1\n"
    assert {p["ref"]: (p["name"], p["phone"]) for p in roster(three)} == {
        "funing-v1": ("李建国", "13900000001"),
        "funing-v2": ("王芳", "13900000002"),
        "funing-v3": ("张伟", "13800000003"),
        "funing-v4": ("赵六", "13900000004"),
    }
    assert person(three, "funing-v2")["skills"] == {"painting": 2}


def test_dry_run_prints_the_same_summary_and_writes_nothing(three: Cli, tmp_path: Path) -> None:
    source = sheet(tmp_path / "changes.csv", CHANGES)
    before = tree(three.db.parent)

    dry = three.ok("volunteer", "import", str(source), "--dry-run").out.splitlines()

    assert tree(three.db.parent) == before
    done = three.ok("volunteer", "import", str(source)).out.splitlines()
    assert dry == [*done, "Dry run: nothing was saved"]
    assert tree(three.db.parent) != before


def test_summary_in_chinese(three: Cli, tmp_path: Path) -> None:
    source = sheet(tmp_path / "changes.csv", CHANGES)
    out = three.ok("--lang", "zh", "volunteer", "import", str(source), "--dry-run").out
    assert out.splitlines() == [
        "已更新 2 名志愿者:phone 2, skills 1;新增 1 名;未变 1 名",
        "试运行:没有保存任何内容",
    ]

"""Money and hours in the reports read as whole numbers: never `1e+06`, never rounded
to six digits, at most two decimals; thousands separators only where people read them."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from cli_harness import Cli

from taskboard.reports import number, readable


@pytest.mark.parametrize(
    ("value", "plain", "grouped"),
    [
        (1_000_000, "1000000", "1,000,000"),
        (1_000_000.0, "1000000", "1,000,000"),
        (1234567, "1234567", "1,234,567"),
        (1234567.5, "1234567.5", "1,234,567.5"),
        (2.5, "2.5", "2.5"),
        (0.1 + 0.2, "0.3", "0.3"),
        (3.0, "3", "3"),
        (0, "0", "0"),
        (-0.001, "0", "0"),
        (999.999, "1000", "1,000"),
    ],
)
def test_a_figure_is_whole_or_up_to_two_decimals(value: float, plain: str, grouped: str) -> None:
    assert number(value) == plain
    assert readable(value) == grouped


@pytest.fixture
def office(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    """An office that spent a million yuan from one fund and small sums from another."""
    cli = Cli(capsys, tmp_path / "board.json")
    cli.ok("init", "--site", "xingye", "--name", "兴业社区", "--coordinator", "罗文珍")
    cli.ok("fund", "add", "旧改专项资金")
    cli.ok("fund", "add", "社区公益金")
    cli.ok(
        "task", "add", "--title", "外墙改造", "--fund", "旧改专项资金",
        "--cost-estimate", "1234567.5", "--cost", "1000000",
    )  # fmt: skip
    cli.ok("task", "add", "--title", "换灯泡", "--fund", "社区公益金", "--cost", "0.1")
    cli.ok(
        "task", "add", "--title", "买胶带", "--fund", "社区公益金", "--cost", "0.2",
        "--cost-estimate", "3.0",
    )  # fmt: skip
    return cli


def test_the_markdown_report_writes_money_with_separators(office: Cli) -> None:
    lines = office.ok("report").out.splitlines()
    assert "| Estimated cost (yuan) | 1,234,570.5 |" in lines
    assert "| Spent (yuan) | 1,000,000.3 |" in lines
    assert "| 兴业社区 | 旧改专项资金 | 1 | 1,234,567.5 | 1,000,000 |" in lines
    assert "| 兴业社区 | 社区公益金 | 2 | 3 | 0.3 |" in lines
    assert not [line for line in lines if "e+" in line]


def test_the_csv_report_writes_plain_numbers_a_spreadsheet_reads(office: Cli) -> None:
    rows = list(csv.DictReader(io.StringIO(office.ok("report", "--format", "csv").out)))
    values = {(row["figure"], row["key"], row["measure"]): row["value"] for row in rows}
    assert values["totals", "cost_estimate", "value"] == "1234570.5"
    assert values["totals", "cost", "value"] == "1000000.3"
    assert values["spending_by_fund", "xingye:旧改专项资金", "estimated"] == "1234567.5"
    assert values["spending_by_fund", "xingye:旧改专项资金", "spent"] == "1000000"
    assert values["spending_by_fund", "xingye:社区公益金", "estimated"] == "3"
    assert values["spending_by_fund", "xingye:社区公益金", "spent"] == "0.3"
    assert all(float(row["value"]) >= 0 for row in rows)


def test_the_html_report_writes_separators_and_keeps_money_right_aligned(
    office: Cli, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    office.ok("report", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    cells = {
        (label, re.sub(r"<[^>]+>", "", text))
        for label, text in re.findall(r'<td class="number" data-label="([^"]+)">(.*?)</td>', html)
    }
    assert {("Estimated (yuan)", "1,234,567.5"), ("Spent (yuan)", "1,000,000")} <= cells
    assert ("Value", "1,000,000.3") in cells
    assert "e+06" not in html


def test_the_json_report_keeps_numbers_as_numbers(office: Cli) -> None:
    totals = office.data("report")["totals"]
    assert totals["cost"] == pytest.approx(1000000.3)
    assert totals["cost_estimate"] == pytest.approx(1234570.5)


def test_the_hours_report_and_totals_write_hours_without_exponents(office: Cli) -> None:
    office.ok("volunteer", "add", "--name", "田芳", "--skill", "cleaning:1", "--consent")
    office.ok("task", "add", "--title", "楼道清扫", "--need", "cleaning:1")
    office.ok("assign", "xingye-4", "田芳")
    for hours, day in (("2.5", "2026-11-20"), ("0.1", "2026-11-21"), ("0.2", "2026-11-22")):
        office.ok("hours", "log", "xingye-4", "田芳", hours, "--date", day)
    report = office.ok("hours", "report").out
    assert report.endswith("**Total:** 2.8 h\n")
    rows = list(csv.reader(io.StringIO(office.ok("hours", "report", "--format", "csv").out)))
    assert sorted(row[6] for row in rows[1:]) == ["0.1", "0.2", "2.5"]
    totals = office.ok("hours", "totals", "--by", "volunteer").out
    assert "2.8" in totals.split() and "e+" not in totals

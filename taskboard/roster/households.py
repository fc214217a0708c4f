"""Household lists for visit campaigns, read from the office's spreadsheet files.

A list has one row per flat: building, unit (optional), room, and optionally
the resident's name, a phone and a note, under English or Chinese headers
(楼栋/单元/房号/姓名/电话/备注). Reading is all or nothing, like the roster: every
bad row is named with its row number (the header is row 1, as the spreadsheet
shows it) and nothing is imported while one is wrong.

Reading the rows is kept apart from checking them: `read_rows` picks a reader
by the file's extension from `ROW_READERS`, and each reader only turns a file
into rows of cell texts. A reader for another format is one more entry there;
the checks below stay the same for every format.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from taskboard.model.campaign import Household
from taskboard.roster.csv_format import (
    RosterCSVError,
    cell_reason,
    eaten_by_spreadsheet,
    stray_cells,
)
from taskboard.store.workbooks import WorkbookError, xlsx_rows

Rows = list[tuple[int, list[str]]]
"""(row number, cells) of every non-empty row, the header first."""

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000

COLUMN_NAMES: dict[str, str] = {
    "building": "building",
    "unit": "unit",
    "room": "room",
    "name": "name",
    "resident": "name",
    "phone": "phone",
    "note": "note",
    "notes": "note",
    "楼栋": "building",
    "楼号": "building",
    "栋": "building",
    "单元": "unit",
    "房号": "room",
    "房间号": "room",
    "门牌号": "room",
    "姓名": "name",
    "户主": "name",
    "户主姓名": "name",
    "电话": "phone",
    "手机": "phone",
    "联系电话": "phone",
    "备注": "note",
}
"""Header label (lower case, spaces trimmed) → the household field its column fills."""

REQUIRED = ("building", "room")


class HouseholdFileError(RosterCSVError):
    """Every problem found in a household list; nothing is imported when raised."""


def read_households(path: Path) -> list[Household]:
    """The households of the file at `path`, or HouseholdFileError listing every problem."""
    rows = read_rows(path)
    if not rows:
        raise HouseholdFileError(
            f"{path.name} is empty", ['expected a header row with "building" and "room" columns']
        )
    if len(rows) - 1 > MAX_ROWS:
        raise HouseholdFileError(f"{path.name} is too large", [f"more than {MAX_ROWS:,} rows"])
    columns = _columns(rows[0][1], path.name)
    households: list[Household] = []
    problems: list[str] = []
    bad: set[int] = set()
    seen: dict[tuple[str, str, str], int] = {}
    for line, cells in rows[1:]:
        stray = stray_cells(line, cells, rows[0][1])
        if stray:
            bad.add(line)
            problems += stray
            continue
        values = {
            field: (cells[index].strip() if index < len(cells) else "")
            for index, field in columns.items()
        }
        missing = [name for name in REQUIRED if not values.get(name)]
        if missing:
            bad.add(line)
            problems.append(f"row {line}: {' and '.join(missing)} must not be empty")
            continue
        eaten = _eaten_phone(cells, columns, rows[0][1])
        if eaten:
            bad.add(line)
            problems.append(f"row {line}, {eaten}")
            continue
        try:
            household = Household.model_validate(values)
        except ValidationError as error:
            bad.add(line)
            for detail in error.errors():
                where = ".".join(str(part) for part in detail["loc"])
                problems.append(f'row {line}, column "{where}": {cell_reason(detail)}')
            continue
        first = seen.setdefault(household.address, line)
        if first != line:
            bad.add(line)
            problems.append(f"row {line}: {household.label} is already on row {first}")
            continue
        households.append(household)
    if problems:
        count = len(bad)
        raise HouseholdFileError(f"{count} bad row{'s' * (count != 1)} in {path.name}", problems)
    return households


def _eaten_phone(cells: list[str], columns: dict[int, str], header: list[str]) -> str:
    """`column "电话": why` when a spreadsheet changed the row's phone (see csv_format)."""
    for index, field in columns.items():
        if field == "phone" and index < len(cells):
            why = eaten_by_spreadsheet(cells[index])
            if why:
                return f'column "{header[index].strip()}": {why}'
    return ""


def _columns(header: list[str], source: str) -> dict[int, str]:
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for index, label in enumerate(header):
        name = COLUMN_NAMES.get(label.strip().lower())
        if name is None:
            if label.strip():
                unknown.append(label.strip())
            continue
        if name in columns.values():
            raise HouseholdFileError(
                f"cannot read {source}", [f'row 1: column "{label.strip()}" appears twice']
            )
        columns[index] = name
    missing = [name for name in REQUIRED if name not in columns.values()]
    if missing or unknown:
        problems = [f'row 1: no "{name}" column' for name in missing]
        problems += [
            f'row 1: unknown column "{label}" (known: building, unit, room, name, phone, note'
            " or 楼栋, 单元, 房号, 姓名, 电话, 备注)"
            for label in unknown
        ]
        raise HouseholdFileError(f"cannot read {source}", problems)
    return columns


# Reading files into rows -------------------------------------------------------------
def read_rows(path: Path) -> Rows:
    """The file's rows by the reader its extension names (see `ROW_READERS`)."""
    reader = ROW_READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(ROW_READERS))
        raise HouseholdFileError(
            f"cannot read {path.name}",
            [f"household lists are read from {known} files; save the sheet as .xlsx or CSV UTF-8"],
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise HouseholdFileError(
            f"cannot read {path.name}", [str(error.strerror or error)]
        ) from None
    if len(data) > MAX_BYTES:
        raise HouseholdFileError(f"{path.name} is too large", ["the limit is 20 MB"])
    return reader(data, path.name)


def csv_rows(data: bytes, source: str) -> Rows:
    """Rows of a CSV file: UTF-8 (with or without BOM) or GBK/GB18030; comma, tab or semicolon."""
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    if text is None or "\x00" in text:
        raise HouseholdFileError(
            f"cannot read {source}", ['the file is not text; save it as "CSV UTF-8"']
        )
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = max((",", "\t", ";", "，"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: Rows = []
    line = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        problem = f"row {line}: the cells cannot be split ({error}); check the quotes"
        raise HouseholdFileError(f"cannot read {source}", [problem]) from None
    return rows


def workbook_rows(data: bytes, source: str) -> Rows:
    """Rows of an Excel workbook's first sheet (see `taskboard.store.workbooks`)."""
    try:
        return xlsx_rows(data, max_rows=MAX_ROWS)
    except WorkbookError as error:
        raise HouseholdFileError(f"cannot read {source}", [str(error)]) from None


ROW_READERS: dict[str, Callable[[bytes, str], Rows]] = {".csv": csv_rows, ".xlsx": workbook_rows}
"""File extension → the function turning such a file's bytes into rows of cell texts."""

"""Excel workbooks (.xlsx) as rows of cell texts, and rows written back as a workbook.

Offices keep rosters, household lists and hours in Excel or WPS. The readers of
those files work on rows of cell texts, the same for CSV and xlsx, so every
check and message stays the same whatever the format. What a workbook adds is
the type of each cell: a number where text is expected (a phone, a reference)
means the spreadsheet has already changed the value (leading zeros dropped,
long numbers rounded), so such cells come back as `NumberCell` for the reader
to refuse where it matters.

Writing stores every text as a text cell (format `@`), so that opening and
saving the file in a spreadsheet program leaves `07562212345` as it is.

openpyxl does both: one dependency, pure Python, and its cells carry their
type, which the checks above need.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence

TEXT_FORMAT = "@"
"""Excel's number format "Text": the program keeps what is typed as typed."""

Rows = list[tuple[int, list[str]]]
"""(row number, cells) of every non-empty row of the first sheet, the header first."""

Value = str | int | float


class NumberCell(str):
    """The text of a cell the workbook stores as a number, not as text."""

    __slots__ = ()


class WorkbookError(ValueError):
    """The file cannot be read as a workbook; the message says why."""


def xlsx_rows(data: bytes, *, max_rows: int) -> Rows:
    """The non-empty rows of the workbook's first sheet as cell texts (see `cell_text`).

    Raises WorkbookError when the bytes are not a workbook or hold more than `max_rows` rows.
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise WorkbookError(
            "the file is not an Excel workbook (.xlsx) or is damaged;"
            " open it in the spreadsheet and save it again as .xlsx"
        ) from None
    try:
        sheet = book.worksheets[0]
        rows: Rows = []
        for number, row in enumerate(sheet.iter_rows(), start=1):
            cells = [cell_text(cell.value) for cell in row]
            while cells and not cells[-1].strip():
                cells.pop()
            if cells and any(cell.strip() for cell in cells):
                rows.append((number, cells))
                if len(rows) > max_rows + 1:
                    raise WorkbookError(f"more than {max_rows:,} rows")
        return rows
    finally:
        book.close()


def cell_text(value: object) -> str:
    """A cell's value as the text a CSV export of it would hold; numbers as `NumberCell`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return NumberCell(str(value))
    if isinstance(value, float):
        return NumberCell(str(int(value)) if value.is_integer() else repr(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Value]], *, title: str = "Sheet1"
) -> bytes:
    """A one-sheet workbook: texts as text cells (never formulas), numbers as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = title[:31]
    for number, values in enumerate([header, *rows], start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column)
            if isinstance(value, str):
                cell.value = value
                cell.data_type = "s"  # never a formula, even when it starts with "="
                cell.number_format = TEXT_FORMAT
            else:
                cell.value = value
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

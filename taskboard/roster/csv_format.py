"""Roster spreadsheets: volunteers to and from CSV (and .xlsx) that Excel and WPS open cleanly.

Coordinators keep rosters in spreadsheets on Chinese Windows, so files arrive as
UTF-8 (with or without BOM) or GBK/GB18030, with English or Chinese headers and
Chinese words in the cells; they leave as UTF-8 with BOM and CRLF so Excel shows
the Chinese text. Each cell has one format both ways, so an exported file
re-imports unchanged. A bad file imports nothing: every problem is collected and
reported at once, so the coordinator can fix the sheet in one pass.

A sheet changes only what it says. A row carries the columns the file has, and
an empty cell is a change only where emptiness is a value a coordinator means
(`EMPTY_CELL_CLEARS`); elsewhere it keeps what is stored, and `none` clears.
Stand-ins a redacted export wrote in place of personal data are recognised
(`withheld` column, stand-in names) and never read as values.

A workbook (`.xlsx`) goes through the same row checks as CSV
(`taskboard.store.workbooks` turns it into rows of cell texts). A phone or
reference a spreadsheet program changed on the way (`eaten_by_spreadsheet`)
is refused rather than imported as a different value, and each exported row
carries its record's version, so that an older sheet cannot silently undo a
newer change (the check is in `importing`).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from taskboard.model.common import DAYS
from taskboard.model.errors import pattern_reason
from taskboard.model.volunteer import EDITABLE_FIELDS, Volunteer
from taskboard.store.names import fold
from taskboard.store.records import version_vector
from taskboard.store.workbooks import NumberCell, WorkbookError, xlsx_bytes, xlsx_rows

COLUMNS: tuple[str, ...] = ("ref", *EDITABLE_FIELDS)
"""Column order of exported files; the names are the Volunteer fields they fill."""

WITHHELD = "withheld"
"""Last column of a redacted export: the columns of the row that hold stand-ins."""

VERSION = "version"
"""Column after the fields: what each row was exported from (see `record_version`)."""

WITHHELD_COLUMNS: tuple[str, ...] = ("phone", "notes")
"""Columns a redacted export always withholds; `name` too without consent."""

STAND_IN_NAME = "volunteer {ref}"
"""The name a redacted export shows for someone who did not consent to sharing."""

EMPTY_CELL_CLEARS: dict[str, object] = {
    "groups": [],
    "availability": [],
    "away": [],
    "max_hours": None,
}
"""Columns where an empty cell is a change: no groups, no usual slots, no periods
away, no weekly cap. An empty cell anywhere else keeps the stored value: names and
sites are never empty, and phone numbers, notes, skills and certificates are what
a redacted export or a spreadsheet slip leaves empty, not what anyone means to erase."""

CLEAR_WORDS = frozenset({"none", "无"})
"""A cell holding one of these clears its column (where it may be empty at all)."""

CLEARED: dict[str, object] = {"phone": None, "skills": {}, "certs": {}, "notes": ""} | (
    EMPTY_CELL_CLEARS
)
"""Columns that can be cleared, and their cleared value."""

MAX_BYTES = 20 * 1024 * 1024
"""Larger files are refused before decoding: no real roster comes near it."""

MAX_ROWS = 100_000
"""Ten times the district reference size; more rows means a wrong file."""

_HEADER_ALIASES: dict[str, str] = {column: column for column in COLUMNS} | {
    "编号": "ref",
    "姓名": "name",
    "电话": "phone",
    "手机": "phone",
    "技能": "skills",
    "证书": "certs",
    "未成年": "minor",
    "小组": "groups",
    "分组": "groups",
    "空闲时间": "availability",
    "请假": "away",
    "外出": "away",
    "社区": "site",
    "每周最多小时": "max_hours",
    "同意共享": "consent",
    "在岗": "active",
    "启用": "active",
    "备注": "notes",
    WITHHELD: WITHHELD,
    "已隐去": WITHHELD,
    VERSION: VERSION,
    "版本": VERSION,
}
_ORDER = (*COLUMNS, VERSION, WITHHELD)

_TRUE = frozenset({"yes", "y", "true", "1", "是"})
_FALSE = frozenset({"no", "n", "false", "0", "否"})
_DAY_ALIASES = {
    prefix + number: day
    for prefix in ("周", "星期")
    for number, day in zip("一二三四五六日", DAYS, strict=True)
} | {"周天": "sun", "星期天": "sun"}
_PART_ALIASES = {"上午": "morning", "下午": "afternoon", "晚上": "evening"}

_LIST_SEPARATORS = re.compile(r"[;,；，、\s]+")
_PERIOD_SEPARATORS = re.compile(r"[;,；，、]+")
_AROUND_COLON = re.compile(r"\s*[:：]\s*")
_DATE = re.compile(r"(\d{4})\s*[-/年]\s*(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?")
_PERIOD = re.compile(r"(.+?)\s*(?:\.\.|:|：|~|～|至)\s*(.+)")
_SCIENTIFIC = re.compile(r"\d(\.\d+)?[eE]\+?\d+")
_VERSION = re.compile(r"[vV](\d{1,20})")
_POINT_ZERO = re.compile(r"\d+\.0+")
_LOST_ZERO = re.compile(r"(?!1\d{10}$)[1-9]\d{9,10}")
"""A Chinese landline with its area code (0756 2212345, 010 62212345) is 11 or 12
digits starting with 0, a mobile 11 starting with 1; 10 or 11 digits that are
neither is such a landline whose 0 a spreadsheet dropped when it took it for a number."""
_TEXT_ONLY = ("ref", "phone", "version")
"""Columns whose cells must be text: a number there has lost what made it a value."""
_REDO = "format the column as text and export again"
_FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class RosterRow:
    """What one row of the sheet says, and the file line it came from, for messages."""

    line: int
    """1-based line where the row starts (the header is line 1, as in the spreadsheet)."""
    ref: str
    """The sheet's ref, "" when the cell is empty or the file has no ref column."""
    values: dict[str, Any]
    """Field → validated value for every cell that sets one; fields the row keeps
    (columns the file lacks, most empty cells, stand-ins) are absent."""
    withheld: frozenset[str]
    """Columns whose cell is a redacted export's stand-in, not a value."""
    labels: Mapping[str, str]
    """Column → header label as written in the file, for messages."""
    version: int | None = None
    """What the row was exported from (`record_version`); None for a sheet typed by hand."""

    @property
    def volunteer(self) -> Volunteer:
        """The row as a new volunteer: its values over the model's defaults."""
        return Volunteer.model_validate({**self.values, "ref": self.ref})


class RosterCSVError(ValueError):
    """Every problem found in the file; nothing is imported when raised."""

    summary: str
    """First line of the message, e.g. `3 bad rows in roster.csv`."""
    problems: list[str]
    """One line each, e.g. `row 7, column "skills": unknown skill "weldin" (…)`."""

    def __init__(self, summary: str, problems: list[str]) -> None:
        self.summary = summary
        self.problems = problems
        super().__init__("\n".join([summary, *problems]))


class _CellError(ValueError):
    """A cell whose text cannot be turned into a field value."""


# --- reading ---------------------------------------------------------------------------


def read_roster_csv(
    data: bytes, *, known_skills: Mapping[str, str], source: str = "roster.csv"
) -> list[RosterRow]:
    """Parse and validate a roster file, or raise RosterCSVError listing every problem.

    A `source` named `.xlsx` is read as an Excel workbook, anything else as CSV;
    the rows then go through the same checks.
    """
    if source.lower().endswith(".xlsx"):
        records = _workbook_records(data, source)
    else:
        text = _decode(data, source)
        records = _records(text, _detect_delimiter(text), source)
    first = next(records, None)
    if first is None:
        raise RosterCSVError(f"{source} is empty", ['expected a header row with a "name" column'])
    reader = _RowReader(_read_header(first[1], source), known_skills)
    rows: list[RosterRow] = []
    problems: list[str] = []
    bad_rows = 0
    for count, (line, cells) in enumerate(records, start=1):
        if count > MAX_ROWS:
            raise RosterCSVError(f"{source} is too large", [f"more than {MAX_ROWS:,} rows"])
        row, row_problems = reader.read(line, cells)
        if row is not None:
            rows.append(row)
        bad_rows += bool(row_problems)
        problems += row_problems
    if problems:
        raise RosterCSVError(f"{bad_rows} bad row{'s' * (bad_rows != 1)} in {source}", problems)
    return rows


def _workbook_records(data: bytes, source: str) -> Iterator[tuple[int, list[str]]]:
    """Rows of the workbook's first sheet; a file too large or not a workbook is refused."""
    if len(data) > MAX_BYTES:
        size = len(data) / 1024 / 1024
        raise RosterCSVError(f"{source} is too large", [f"{size:.1f} MB; the limit is 20 MB"])
    try:
        return iter(xlsx_rows(data, max_rows=MAX_ROWS))
    except WorkbookError as error:
        raise RosterCSVError(f"cannot read {source}", [str(error)]) from None


def _decode(data: bytes, source: str) -> str:
    """Text of the file: UTF-8 first (strict, so GBK never passes as UTF-8), then GB18030."""
    if len(data) > MAX_BYTES:
        size = len(data) / 1024 / 1024
        raise RosterCSVError(f"{source} is too large", [f"{size:.1f} MB; the limit is 20 MB"])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
        break
    raise RosterCSVError(f"cannot read {source}", [_not_text_reason(data)])


def _not_text_reason(data: bytes) -> str:
    """Name the likely kind of file, since a workbook saved under .csv is the usual cause."""
    if data.startswith(b"PK\x03\x04"):
        kind = "an Excel workbook (.xlsx), not CSV"
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        kind = "an old Excel workbook (.xls), not CSV"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        kind = 'UTF-16 text (Excel\'s "Unicode Text")'
    else:
        kind = "neither UTF-8 nor GBK/GB18030 text"
    return f'the file is {kind}; save it from the spreadsheet as "CSV UTF-8"'


def _detect_delimiter(text: str) -> str:
    """Comma, unless tab or semicolon splits the header into more known column names."""
    header = next((line for line in io.StringIO(text) if line.strip()), "")

    def known_names(delimiter: str) -> int:
        cells = next(csv.reader([header], delimiter=delimiter), [])
        return sum(_column_for(cell) is not None for cell in cells)

    return max((",", "\t", ";"), key=known_names)


def _records(text: str, delimiter: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """Non-empty rows with the line each starts on; strict quoting catches a cell left open."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        problem = f"row {line}: the cells cannot be split ({error}); check the quotes"
        raise RosterCSVError(f"cannot read {source}", [problem]) from None


def _column_for(label: str) -> str | None:
    return _HEADER_ALIASES.get(label.strip().casefold())


def _read_header(cells: list[str], source: str) -> list[tuple[str | None, str]]:
    """Each header cell as (column or None when blank, label as written in the file)."""
    header: list[tuple[str | None, str]] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for cell in cells:
        label = cell.strip()
        column = _column_for(label)
        if label and column is None:
            problems.append(f'header: unknown column "{label}" (known: {", ".join(_ORDER)})')
        elif column is not None and column in seen:
            problems.append(f'header: "{seen[column]}" and "{label}" are both "{column}"')
        elif column is not None:
            seen[column] = label
        header.append((column, label))
    if "name" not in seen and "ref" not in seen:
        problems.append('header: no "name" (姓名) column, nor a "ref" (编号) one to update by')
    if problems:
        raise RosterCSVError(f"bad header in {source}", problems)
    return header


class _RowReader:
    """Turns data rows into `RosterRow`s, remembering refs to catch duplicates in the file."""

    def __init__(self, header: list[tuple[str | None, str]], known_skills: Mapping[str, str]):
        self.header = header
        self.labels = {column: label for column, label in header if column is not None}
        self.parsers = _cell_parsers(known_skills)
        self.refs: dict[str, int] = {}

    def read(self, line: int, cells: list[str]) -> tuple[RosterRow | None, list[str]]:
        """The row, or None and one message per problem found in it."""
        texts, problems, eaten = self._texts(line, cells)
        ref = texts.get("ref", "")
        withheld, reasons = _stand_ins(texts, ref)
        fields, more = self._fields(texts, withheld)
        values, invalid = _validated(fields)
        version, bad_version = _version(texts.get(VERSION, ""))
        reasons += eaten + more + invalid + bad_version + self._duplicate_ref(line, ref)
        if not ref and "name" not in fields and not any(c == "name" for c, _ in reasons):
            reasons.append(_nameless(self.labels))
        reasons.sort(key=lambda reason: _ORDER.index(reason[0]))
        problems += [f'row {line}, column "{self.labels[c]}": {why}' for c, why in reasons]
        if problems:
            return None, problems
        return RosterRow(line, ref, values, frozenset(withheld), self.labels, version), []

    def _texts(
        self, line: int, cells: list[str]
    ) -> tuple[dict[str, str], list[str], list[tuple[str, str]]]:
        """Cell text by column, complaints about cells outside named columns, and
        the columns whose value a spreadsheet changed (see `eaten_by_spreadsheet`)."""
        texts = {column: "" for column in self.labels}
        eaten_cells: list[tuple[str, str]] = []
        problems = stray_cells(line, cells, [label for _, label in self.header])
        for (column, _), cell in zip(self.header, cells, strict=False):
            eaten = eaten_by_spreadsheet(cell) if column in _TEXT_ONLY else ""
            if column is not None and eaten:
                eaten_cells.append((column, eaten))
            elif column is not None:
                texts[column] = _plain(cell)
        return texts, problems, eaten_cells

    def _fields(
        self, texts: dict[str, str], withheld: set[str]
    ) -> tuple[dict[str, object], list[tuple[str, str]]]:
        """Model input from the cells that change something (see `EMPTY_CELL_CLEARS`)."""
        fields: dict[str, object] = {}
        reasons: list[tuple[str, str]] = []
        for column, text in texts.items():
            if column in ("ref", WITHHELD, VERSION) or column in withheld:
                continue
            if column in CLEARED and (not text or text.casefold() in CLEAR_WORDS):
                if text or column in EMPTY_CELL_CLEARS:
                    fields[column] = CLEARED[column]
                continue
            if not text:
                continue
            try:
                fields[column] = self.parsers[column](text)
            except _CellError as error:
                reasons.append((column, str(error)))
        return fields, reasons

    def _duplicate_ref(self, line: int, ref: str) -> list[tuple[str, str]]:
        if not ref:
            return []
        first = self.refs.setdefault(ref.lower(), line)
        return [] if first == line else [("ref", f'ref "{ref}" is already used on row {first}')]


def record_version(doc: Mapping[str, Any]) -> str:
    """What an exported row says it was exported from: the record's last change.

    The highest clock value the record has seen, written `v…` so that no
    spreadsheet takes it for a number and rounds it.
    """
    return f"v{max(version_vector(dict(doc)).values(), default=0)}"


def _version(text: str) -> tuple[int | None, list[tuple[str, str]]]:
    """The clock value of a `version` cell; empty is a row typed by hand."""
    if not text:
        return None, []
    match = _VERSION.fullmatch(text.strip())
    if match is None:
        why = f'"{text}" is not a version this program wrote; restore it or empty the cell'
        return None, [(VERSION, why)]
    return int(match.group(1)), []


def _stand_ins(texts: dict[str, str], ref: str) -> tuple[set[str], list[tuple[str, str]]]:
    """Columns whose cell holds a redacted export's stand-in, and problems of the marker.

    A cell counts only while it still holds the stand-in: a value typed into a
    withheld cell is a real value. A stand-in name is recognised even when the
    `withheld` column was deleted from the sheet; it is never a real name.
    """
    listed: set[str] = set()
    unknown: list[str] = []
    for item in _items(texts.get(WITHHELD, "")):
        column = _column_for(item)
        if column in COLUMNS:
            listed.add(column)
        else:
            unknown.append(item)
    reasons = [(WITHHELD, f'unknown column "{name}"') for name in unknown]
    withheld = {column for column in listed if column in texts and not texts[column]}
    if ref and is_stand_in_name(texts.get("name", ""), ref):
        withheld.add("name")
    return withheld, reasons


def is_stand_in_name(name: str, ref: str) -> bool:
    """True when `name` is what a redacted export (CSV or bundle) shows instead of a name."""
    wanted = name.strip().casefold()
    return bool(ref) and wanted in {STAND_IN_NAME.format(ref=ref).casefold(), ref.casefold()}


def _validated(fields: dict[str, object]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The model's values for `fields`, or the problems; other fields are not checked here.

    A row that keeps its name is checked under a stand-in one: the name it keeps
    is the stored one, which the import checks together with the other fields.
    """
    try:
        model = Volunteer.model_validate({"name": "x", **fields})
    except ValidationError as error:
        reasons = [(str(detail["loc"][0]), cell_reason(detail)) for detail in error.errors()]
        return {}, [(column, why) for column, why in reasons if column in fields]
    return model.model_dump(include=set(fields)), []


def _nameless(labels: Mapping[str, str]) -> tuple[str, str]:
    """The problem of a row that would add someone without a name."""
    if "name" in labels:
        return "name", "name is empty"
    return "ref", 'ref is empty; without a "name" column a row can only update by ref'


def _cell_parsers(known_skills: Mapping[str, str]) -> dict[str, Callable[[str], object]]:
    """How each column's text becomes model input; plain text goes to the model as is."""
    parsers: dict[str, Callable[[str], object]] = {column: str for column in COLUMNS}
    return parsers | {
        "skills": partial(_read_skills, known_skills=known_skills),
        "certs": partial(_read_certs, known_skills=known_skills),
        "minor": _read_flag,
        "consent": _read_flag,
        "active": _read_flag,
        "groups": _items,
        "availability": lambda text: [_read_slot(item) for item in _items(text)],
        "away": _read_periods,
    }


def _plain(cell: str) -> str:
    """Cell text without surrounding spaces or the quote that defused a formula on export."""
    text = cell.strip()
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def _items(text: str, separators: re.Pattern[str] = _LIST_SEPARATORS) -> list[str]:
    """List items; `key: value` pairs are closed up first so spaces can separate items."""
    return [item for item in separators.split(_AROUND_COLON.sub(":", text)) if item]


def _skill_key(name: str, known_skills: Mapping[str, str]) -> str | None:
    """The key of a skill written any way the file knows it (`粉刷`, `Painting`), or None."""
    return known_skills.get(fold(name))


def _refuse_unknown(names: list[str], known_skills: Mapping[str, str]) -> None:
    if names:
        quoted = ", ".join(f'"{name}"' for name in names)
        known = ", ".join(sorted(set(known_skills.values()))) or "none"
        raise _CellError(f"unknown skill{'s' * (len(names) > 1)} {quoted} (known: {known})")


def _read_skills(text: str, *, known_skills: Mapping[str, str]) -> dict[str, str]:
    """`welding:3;粉刷` → {"welding": "3", "painting": "1"}; the model checks the levels."""
    levels: dict[str, str] = {}
    unknown: list[str] = []
    for item in _items(text):
        name, _, level = item.partition(":")
        key = _skill_key(name, known_skills)
        if key is None:
            unknown.append(name)
            continue
        if key in levels:
            raise _CellError(f"skill {key} is listed twice")
        levels[key] = level or "1"
    _refuse_unknown(unknown, known_skills)
    return levels


def _read_certs(text: str, *, known_skills: Mapping[str, str]) -> dict[str, dt.date]:
    """`welding:2027-06-30` → {"welding": date(2027, 6, 30)}."""
    expiries: dict[str, dt.date] = {}
    unknown: list[str] = []
    for item in _items(text):
        name, colon, date = item.partition(":")
        key = _skill_key(name, known_skills)
        if not colon:
            raise _CellError(f'"{item}" must be SKILL:DATE, e.g. welding:2027-06-30')
        if key is None:
            unknown.append(name)
            continue
        if key in expiries:
            raise _CellError(f"certification {key} is listed twice")
        expiries[key] = _read_date(date)
    _refuse_unknown(unknown, known_skills)
    return expiries


def _read_date(text: str) -> dt.date:
    """ISO dates, plus the `2026/12/1` and `2026年12月1日` forms spreadsheets save."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        raise _CellError(f'"{text}" is not a date like 2026-12-31')
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise _CellError(f'"{text}" is not a real date') from None


def _read_flag(text: str) -> bool:
    word = text.casefold()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise _CellError(f'"{text}" is not yes or no (use yes/no, y/n, true/false, 1/0, 是/否)')


def _read_slot(item: str) -> str:
    """`sat:morning`, `周六:上午` or `星期六上午` → `sat:morning`; unknown text goes on as is."""
    day, colon, part = item.partition(":")
    if not colon:
        day = next((alias for alias in _DAY_ALIASES if item.startswith(alias)), "")
        part = item[len(day) :]
    day = _DAY_ALIASES.get(day, day.lower())
    part = _PART_ALIASES.get(part, part.lower())
    return f"{day}:{part}" if day and part else item


def _read_periods(text: str) -> list[dict[str, dt.date]]:
    """`2026-12-01:2026-12-10` (or `..`, `~`, `至`); a lone date is a one-day absence."""
    periods: list[dict[str, dt.date]] = []
    for item in _items(text, _PERIOD_SEPARATORS):
        match = _PERIOD.fullmatch(item.strip())
        start, end = match.groups() if match else (item, item)
        periods.append({"start": _read_date(start), "end": _read_date(end)})
    return periods


def stray_cells(line: int, cells: Sequence[str], labels: Sequence[str]) -> list[str]:
    """Problems of the row's values that no column takes, one line each.

    A cell past the header's last column is what an unquoted comma in a note
    leaves (`腿脚不便,多敲一会门` is two cells); a value under a blank header
    cell belongs to no field either. Both would otherwise be dropped without a
    word, so every reader of rows (roster, household list; CSV and xlsx) refuses them.
    `labels` are the header cells as written, blank where a column has no name.
    """
    problems: list[str] = []
    if any(cell.strip() for cell in cells[len(labels) :]):
        last = next((label.strip() for label in reversed(labels) if label.strip()), "")
        problems.append(
            f'row {line}, column "{last}": {len(cells)} cells but the header has {len(labels)};'
            " the cells after this column belong to no column"
            ' (a comma inside a cell needs the cell in "quotes")'
        )
    for position, (label, cell) in enumerate(zip(labels, cells, strict=False), start=1):
        if not label.strip() and cell.strip():
            problems.append(f"row {line}: a value in column {position}, which has no name")
    return problems


def eaten_by_spreadsheet(text: str) -> str:
    """Why `text` (a phone or reference) looks changed by a spreadsheet program, or "".

    Spreadsheets take digit strings for numbers: they drop a leading 0, append
    `.0`, or show `1.38E+10`, and write that into the next CSV they save. Such a
    value would import as a different one without a word, so it is refused.
    """
    value = text.strip()
    if not value:
        return ""
    if isinstance(text, NumberCell):
        why = f"{value} is stored as a number, which drops leading zeros and rounds long ones"
    elif _SCIENTIFIC.fullmatch(value):
        why = f'"{value}" is a number in scientific notation, not the digits that were there'
    elif _POINT_ZERO.fullmatch(value):
        why = f'"{value}" ends in ".0": a spreadsheet took the digits for a number'
    elif _LOST_ZERO.fullmatch(value):
        why = f'"{value}" looks like a phone number that lost its leading 0 (0{value})'
    else:
        return ""
    return f"{why}; {_REDO}"


def cell_reason(error: ErrorDetails) -> str:
    """A validation error in plain words; the caller names the row and column."""
    loc, kind, value = error["loc"], error["type"], error["input"]
    field = str(loc[0])
    if field == "skills" and len(loc) == 2:
        return f"level {value} for {loc[1]} must be 1–3"
    if field == "max_hours":
        return f'"{value}" must be a number of hours above 0 and at most 80'
    if kind == "string_pattern_mismatch":
        return f'"{value}" {pattern_reason(error)}'
    if kind == "string_too_short":
        return f"{field} is empty"
    if kind == "string_too_long":
        return f"{field} is longer than {error.get('ctx', {}).get('max_length')} characters"
    reason = error["msg"].removeprefix("Value error, ")
    if field == "phone" and _SCIENTIFIC.fullmatch(str(value)):
        reason += "; the spreadsheet turned it into a number, so format the column as text"
    return reason


# --- writing ---------------------------------------------------------------------------


def write_roster_csv(
    volunteers: Iterable[Volunteer],
    *,
    redact: bool = False,
    versions: Mapping[str, str] | None = None,
) -> bytes:
    """UTF-8 with BOM and CRLF, which Excel and WPS open with the Chinese text intact.

    With `redact`, phone numbers and notes stay out, and volunteers who did not
    consent to sharing appear under a pseudonym. A `withheld` column names
    the cells of each row that hold such stand-ins, so that importing the file
    again never writes them over the real values. With `versions` (volunteer id
    → `record_version`), a `version` column after the fields says what each row was
    exported from, so that importing an older sheet cannot silently undo a newer change.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header, rows = roster_table(volunteers, redact=redact, versions=versions)
    writer.writerow(header)
    writer.writerows([_defused(cell) for cell in row] for row in rows)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def write_roster_xlsx(
    volunteers: Iterable[Volunteer],
    *,
    redact: bool = False,
    versions: Mapping[str, str] | None = None,
) -> bytes:
    """The roster as an Excel workbook; every cell is text, so phones keep their zeros."""
    header, rows = roster_table(volunteers, redact=redact, versions=versions)
    return xlsx_bytes(header, rows, title="roster")


def roster_table(
    volunteers: Iterable[Volunteer],
    *,
    redact: bool = False,
    versions: Mapping[str, str] | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Header and cell texts of an exported roster, the same for CSV and xlsx."""
    header = [*COLUMNS, *([VERSION] if versions else []), *([WITHHELD] if redact else [])]
    rows: list[list[str]] = []
    for volunteer in volunteers:
        withheld = withheld_columns(volunteer) if redact else ()
        shown = _redacted(volunteer, withheld)
        cells = [_FORMATTERS[column](shown) for column in COLUMNS]
        if versions:
            cells.append(versions.get(volunteer.id, ""))
        if redact:
            cells.append(";".join(withheld))
        rows.append(cells)
    return header, rows


def withheld_columns(volunteer: Volunteer) -> tuple[str, ...]:
    """The columns a redacted export leaves out of this volunteer's row."""
    return WITHHELD_COLUMNS if volunteer.consent else ("name", *WITHHELD_COLUMNS)


def _redacted(volunteer: Volunteer, withheld: Collection[str]) -> Volunteer:
    if not withheld:
        return volunteer
    name = STAND_IN_NAME.format(ref=volunteer.ref or volunteer.id)
    stand_ins = {"name": name, "phone": None, "notes": ""}
    return volunteer.model_copy(update={c: stand_ins[c] for c in withheld})


def _defused(cell: str) -> str:
    """A leading quote keeps spreadsheets from running a cell as a formula (CSV injection)."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _flag(value: bool) -> str:
    return "yes" if value else "no"


def _hours(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)


_FORMATTERS: dict[str, Callable[[Volunteer], str]] = {
    "ref": lambda v: v.ref,
    "name": lambda v: v.name,
    "phone": lambda v: v.phone or "",
    "skills": lambda v: ";".join(f"{key}:{level}" for key, level in v.skills.items()),
    "certs": lambda v: ";".join(f"{key}:{date.isoformat()}" for key, date in v.certs.items()),
    "minor": lambda v: _flag(v.minor),
    "groups": lambda v: ";".join(v.groups),
    "availability": lambda v: ";".join(v.availability),
    "away": lambda v: ";".join(f"{period.start}:{period.end}" for period in v.away),
    "site": lambda v: v.site or "",
    "max_hours": lambda v: _hours(v.max_hours),
    "consent": lambda v: _flag(v.consent),
    "active": lambda v: _flag(v.active),
    "notes": lambda v: v.notes,
}

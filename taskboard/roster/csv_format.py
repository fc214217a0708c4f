"""Roster spreadsheets: volunteers to and from CSV that Excel and WPS open cleanly.

Coordinators keep rosters in spreadsheets on Chinese Windows, so files arrive as
UTF-8 (with or without BOM) or GBK/GB18030, with English or Chinese headers and
Chinese words in the cells; they leave as UTF-8 with BOM and CRLF so Excel shows
the Chinese text. Each cell has one format both ways, so an exported file
re-imports unchanged. A bad file imports nothing: every problem is collected and
reported at once, so the coordinator can fix the sheet in one pass.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from taskboard.model.common import DAYS
from taskboard.model.errors import pattern_reason
from taskboard.model.site import DEFAULT_SKILLS
from taskboard.model.volunteer import EDITABLE_FIELDS, Volunteer

COLUMNS: tuple[str, ...] = ("ref", *EDITABLE_FIELDS)
"""Column order of exported files; the names are the Volunteer fields they fill."""

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
}

_SKILL_ALIASES = {skill.label_zh: skill.key for skill in DEFAULT_SKILLS}
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
_FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class RosterRow:
    """One imported volunteer and the file line it came from, for follow-up messages."""

    line: int
    """1-based line where the row starts (the header is line 1, as in the spreadsheet)."""
    volunteer: Volunteer
    """Validated; `volunteer.ref` is the sheet's ref, "" when the cell is empty."""


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
    data: bytes, *, known_skills: Collection[str], source: str = "roster.csv"
) -> list[RosterRow]:
    """Parse and validate a roster file, or raise RosterCSVError listing every problem."""
    text = _decode(data, source)
    records = _records(text, _detect_delimiter(text), source)
    first = next(records, None)
    if first is None:
        raise RosterCSVError(f"{source} is empty", ['expected a header row with a "name" column'])
    reader = _RowReader(_read_header(first[1], source), frozenset(known_skills))
    rows: list[RosterRow] = []
    problems: list[str] = []
    bad_rows = 0
    for count, (line, cells) in enumerate(records, start=1):
        if count > MAX_ROWS:
            raise RosterCSVError(f"{source} is too large", [f"more than {MAX_ROWS:,} rows"])
        volunteer, row_problems = reader.read(line, cells)
        if volunteer is not None:
            rows.append(RosterRow(line, volunteer))
        bad_rows += bool(row_problems)
        problems += row_problems
    if problems:
        raise RosterCSVError(f"{bad_rows} bad row{'s' * (bad_rows != 1)} in {source}", problems)
    return rows


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
            problems.append(f'header: unknown column "{label}" (known: {", ".join(COLUMNS)})')
        elif column is not None and column in seen:
            problems.append(f'header: "{seen[column]}" and "{label}" are both "{column}"')
        elif column is not None:
            seen[column] = label
        header.append((column, label))
    if "name" not in seen:
        problems.append('header: no "name" (姓名) column')
    if problems:
        raise RosterCSVError(f"bad header in {source}", problems)
    return header


class _RowReader:
    """Turns data rows into volunteers, remembering refs to catch duplicates in the file."""

    def __init__(self, header: list[tuple[str | None, str]], known_skills: frozenset[str]):
        self.header = header
        self.labels = {column: label for column, label in header if column is not None}
        self.parsers = _cell_parsers(known_skills)
        self.refs: dict[str, int] = {}

    def read(self, line: int, cells: list[str]) -> tuple[Volunteer | None, list[str]]:
        """The volunteer, or None and one message per problem found in the row."""
        values, problems = self._values(line, cells)
        fields, reasons = self._fields(values)
        volunteer: Volunteer | None = None
        try:
            volunteer = Volunteer.model_validate(fields)
        except ValidationError as error:
            reasons += [(str(detail["loc"][0]), _reason(detail)) for detail in error.errors()]
        reasons += self._duplicate_ref(line, values.get("ref", ""))
        reasons.sort(key=lambda reason: COLUMNS.index(reason[0]))
        problems += [f'row {line}, column "{self.labels[c]}": {why}' for c, why in reasons]
        return (None if problems else volunteer), problems

    def _values(self, line: int, cells: list[str]) -> tuple[dict[str, str], list[str]]:
        """Cell text by column, and complaints about cells outside named columns."""
        values = {column: "" for column in self.labels}
        problems: list[str] = []
        if any(cell.strip() for cell in cells[len(self.header) :]):
            problems.append(f"row {line}: {len(cells)} cells but the header has {len(self.header)}")
        for position, ((column, _), cell) in enumerate(zip(self.header, cells, strict=False)):
            if column is not None:
                values[column] = _plain(cell)
            elif cell.strip():
                problems.append(f"row {line}: a value in column {position + 1}, which has no name")
        return values, problems

    def _fields(self, values: dict[str, str]) -> tuple[dict[str, object], list[tuple[str, str]]]:
        """Model input from the cells; empty cells keep the model's defaults."""
        fields: dict[str, object] = {}
        reasons: list[tuple[str, str]] = []
        for column, text in values.items():
            if not text and column != "name":
                continue
            try:
                fields[column] = self.parsers[column](text)
            except _CellError as error:
                reasons.append((column, str(error)))
        return fields, reasons

    def _duplicate_ref(self, line: int, ref: str) -> list[tuple[str, str]]:
        if not ref:
            return []
        first = self.refs.setdefault(ref, line)
        return [] if first == line else [("ref", f'ref "{ref}" is already used on row {first}')]


def _cell_parsers(known_skills: frozenset[str]) -> dict[str, Callable[[str], object]]:
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


def _skill_key(name: str) -> str:
    return _SKILL_ALIASES.get(name, name.lower())


def _refuse_unknown(names: list[str], known_skills: frozenset[str]) -> None:
    if names:
        quoted = ", ".join(f'"{name}"' for name in names)
        known = ", ".join(sorted(known_skills)) or "none"
        raise _CellError(f"unknown skill{'s' * (len(names) > 1)} {quoted} (known: {known})")


def _read_skills(text: str, *, known_skills: frozenset[str]) -> dict[str, str]:
    """`welding:3;粉刷` → {"welding": "3", "painting": "1"}; the model checks the levels."""
    levels: dict[str, str] = {}
    unknown: list[str] = []
    for item in _items(text):
        name, _, level = item.partition(":")
        key = _skill_key(name)
        if key not in known_skills:
            unknown.append(name)
            continue
        if key in levels:
            raise _CellError(f"skill {key} is listed twice")
        levels[key] = level or "1"
    _refuse_unknown(unknown, known_skills)
    return levels


def _read_certs(text: str, *, known_skills: frozenset[str]) -> dict[str, dt.date]:
    """`welding:2027-06-30` → {"welding": date(2027, 6, 30)}."""
    expiries: dict[str, dt.date] = {}
    unknown: list[str] = []
    for item in _items(text):
        name, colon, date = item.partition(":")
        key = _skill_key(name)
        if not colon:
            raise _CellError(f'"{item}" must be SKILL:DATE, e.g. welding:2027-06-30')
        if key not in known_skills:
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


def _reason(error: ErrorDetails) -> str:
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


def write_roster_csv(volunteers: Iterable[Volunteer], *, redact: bool = False) -> bytes:
    """UTF-8 with BOM and CRLF, which Excel and WPS open with the Chinese text intact.

    With `redact`, phone numbers and notes stay out, and volunteers who did not
    consent to sharing appear under a pseudonym.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for volunteer in volunteers:
        shown = _redacted(volunteer) if redact else volunteer
        writer.writerow(_defused(_FORMATTERS[column](shown)) for column in COLUMNS)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _redacted(volunteer: Volunteer) -> Volunteer:
    name = volunteer.name if volunteer.consent else f"volunteer {volunteer.ref or volunteer.id}"
    return volunteer.model_copy(update={"name": name, "phone": None, "notes": ""})


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

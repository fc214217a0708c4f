"""Roster CSV: what spreadsheets on Chinese Windows send in, and what they get back."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io

import pytest

from taskboard.model import DEFAULT_SKILLS, Away, Volunteer
from taskboard.roster import COLUMNS, RosterCSVError, csv_format, read_roster_csv, write_roster_csv
from taskboard.roster.csv_format import MAX_BYTES, MAX_ROWS
from taskboard.store.names import fold

KNOWN = {
    fold(name): skill.key
    for skill in DEFAULT_SKILLS
    for name in (skill.label_zh, skill.label_en, skill.key)
}
"""The default catalogue by every name a sheet may use (`store.names.skill_names`)."""


def read(text: str, encoding: str = "utf-8") -> list[Volunteer]:
    return [row.volunteer for row in read_roster_csv(text.encode(encoding), known_skills=KNOWN)]


def problems_of(data: bytes | str) -> list[str]:
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(RosterCSVError) as caught:
        read_roster_csv(raw, known_skills=KNOWN)
    return caught.value.problems


def comparable(volunteer: Volunteer) -> dict[str, object]:
    """Everything but the id, which the file does not carry."""
    return volunteer.model_dump(exclude={"id"})


def full_volunteers() -> list[Volunteer]:
    return [
        Volunteer(
            ref="funing-v1",
            name="张伟",
            phone="138 0013 8000",
            skills={"welding": 3, "painting": 1},
            certs={"welding": dt.date(2027, 6, 30), "first_aid": dt.date(2026, 12, 31)},
            groups=["party-member", "military-spouse-association"],
            availability=["sat:morning", "sun:afternoon"],
            away=[Away(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 10))],
            site="funing",
            max_hours=7.5,
            consent=True,
            notes='会开车, 有"梯子"\n周末优先',
        ),
        Volunteer(
            ref="funing-v2",
            name="李小红",
            skills={"painting": 2, "storytelling": 1},
            minor=True,
            groups=["youth"],
            availability=["sat:afternoon"],
            max_hours=4,
            active=False,
        ),
        Volunteer(name="王芳"),
    ]


# --- round trip and output format ------------------------------------------------------


def test_export_reimports_unchanged() -> None:
    volunteers = full_volunteers()
    rows = read_roster_csv(write_roster_csv(volunteers), known_skills=KNOWN)
    assert [comparable(row.volunteer) for row in rows] == [comparable(v) for v in volunteers]
    assert [row.line for row in rows] == [2, 4, 5]  # the first row's notes span two lines
    assert rows[2].volunteer.ref == ""


def test_output_is_bom_crlf_csv_with_the_header() -> None:
    data = write_roster_csv(full_volunteers())
    assert data.startswith(codecs.BOM_UTF8)
    assert data.count(b"\r\n") == 4 and data.endswith(b"\r\n")  # header + 3 rows
    # quotes doubled; a line break inside a cell stays LF, as Excel's Alt+Enter writes it
    assert '有""梯子""\n周末'.encode() in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1][:5] == [
        "funing-v1",
        "张伟",
        "138 0013 8000",
        "welding:3;painting:1",
        "welding:2027-06-30;first_aid:2026-12-31",
    ]
    assert rows[1][6:13] == [
        "military-spouse-association;party-member",
        "sat:morning;sun:afternoon",
        "2026-12-01:2026-12-10",
        "funing",
        "7.5",
        "yes",
        "yes",
    ]
    assert rows[2][5] == "yes" and rows[2][10] == "4" and rows[2][12] == "no"
    assert rows[3] == ["", "王芳", "", "", "", "no", "", "", "", "", "", "no", "yes", ""]


def test_empty_roster_writes_only_the_header() -> None:
    assert write_roster_csv([]) == codecs.BOM_UTF8 + (",".join(COLUMNS) + "\r\n").encode()


def test_formula_like_cells_are_defused_and_restored() -> None:
    volunteer = Volunteer(name="=HYPERLINK(1)", phone="+86 138 0013 8000", notes="-ladder")
    data = write_roster_csv([volunteer])
    cells = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1]
    assert (cells[1], cells[2], cells[13]) == ("'=HYPERLINK(1)", "'+86 138 0013 8000", "'-ladder")
    assert comparable(read_roster_csv(data, known_skills=KNOWN)[0].volunteer) == comparable(
        volunteer
    )


def test_redaction_drops_contact_details_and_names_without_consent() -> None:
    data = write_roster_csv(full_volunteers(), redact=True)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[1:]
    assert [row[1] for row in rows] == ["张伟", "volunteer funing-v2", rows[2][1]]
    assert rows[2][1].startswith("volunteer ") and rows[2][1] != "volunteer "
    assert all(row[2] == "" and row[13] == "" for row in rows)
    assert rows[1][3] == "painting:2;storytelling:1"  # the rest is kept
    assert [row[14] for row in rows] == ["phone;notes", "name;phone;notes", "name;phone;notes"]


def test_stand_ins_of_a_redacted_export_read_as_nothing() -> None:
    data = write_roster_csv(full_volunteers()[:2], redact=True)
    first, second = read_roster_csv(data, known_skills=KNOWN)
    assert (first.withheld, second.withheld) == ({"phone", "notes"}, {"name", "phone", "notes"})
    assert "name" in first.values and not {"name", "phone", "notes"} & second.values.keys()
    typed = read_roster_csv(
        b"ref,name,phone,withheld\nfuning-v2,Funing-V2,13800138000,name;phone;notes\n",
        known_skills=KNOWN,
    )[0]  # a bundle's stand-in name is the bare reference; a typed-in phone is real
    assert (typed.withheld, typed.values) == ({"name"}, {"phone": "13800138000"})
    assert problems_of("ref,name,withheld\nfuning-v2,甲,phone;wechat\n") == [
        'row 2, column "withheld": unknown column "wechat"'
    ]


def test_empty_cells_clear_only_lists_and_the_cap_and_none_clears() -> None:
    header = "ref,name,phone,skills,certs,minor,groups,availability,away,site,max_hours,notes"
    [empty] = read_roster_csv(f"{header}\nfuning-v1,,,,,,,,,,,\n".encode(), known_skills=KNOWN)
    assert empty.values == {"groups": [], "availability": [], "away": [], "max_hours": None}
    none = f"{header}\nfuning-v1,甲,none,无,NONE,,none,,,,,无\n".encode()
    [cleared] = read_roster_csv(none, known_skills=KNOWN)
    assert cleared.values == {
        "name": "甲",
        "phone": None,
        "skills": {},
        "certs": {},
        "notes": "",
        **empty.values,
    }


# --- encodings, headers, delimiters ----------------------------------------------------

CHINESE_SHEET = (
    "编号, 姓名 ,手机,技能,证书,未成年,分组,空闲时间,外出,社区,每周最多小时,同意共享,启用,备注\n"
    "fn-1,张伟,13800138000,电焊:2 粉刷,电焊：2027/6/30,否,party-member,"
    "周六上午、星期日:下午,2026-12-01至2026-12-10,funing,8,是,否,会开车\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_chinese_headers_and_aliases_in_any_spreadsheet_encoding(encoding: str) -> None:
    [volunteer] = read(CHINESE_SHEET, encoding)
    assert volunteer.ref == "fn-1" and volunteer.name == "张伟"
    assert volunteer.skills == {"welding": 2, "painting": 1}
    assert volunteer.certs == {"welding": dt.date(2027, 6, 30)}
    assert volunteer.availability == ["sat:morning", "sun:afternoon"]
    assert volunteer.away == [Away(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 10))]
    assert (volunteer.minor, volunteer.consent, volunteer.active) == (False, True, False)
    assert volunteer.max_hours == 8 and volunteer.notes == "会开车"


def test_header_case_spaces_and_optional_columns() -> None:
    [volunteer] = read(" NAME , Skills,Active\n王芳,Welding:1;cleaning,Y\n")
    assert volunteer.name == "王芳" and volunteer.active
    assert volunteer.skills == {"welding": 1, "cleaning": 1}


def test_other_separators_and_flag_words() -> None:
    text = (
        "name,skills,groups,minor,consent,away\n"
        "甲,painting:2，planting；cleaning:3,youth;party-member,TRUE,1,"
        "2026-01-01..2026-01-02;2026-03-05\n"
    )
    [volunteer] = read(text)
    assert volunteer.skills == {"painting": 2, "planting": 1, "cleaning": 3}
    assert volunteer.groups == ["party-member", "youth"]
    assert volunteer.minor and volunteer.consent
    assert volunteer.away[1] == Away(start=dt.date(2026, 3, 5), end=dt.date(2026, 3, 5))


def test_groups_by_chinese_name_and_new_chinese_groups_survive_a_round_trip() -> None:
    [volunteer] = read("姓名,小组\n王芳,党员;军嫂协会、舞龙队\n")
    assert volunteer.groups == ["military-spouse-association", "party-member", "舞龙队"]
    [again] = read(write_roster_csv([volunteer]).decode("utf-8-sig"))
    assert again.groups == volunteer.groups


def test_empty_cells_keep_defaults_and_empty_rows_are_skipped() -> None:
    data = "name,minor,consent,active\n\n,,,\n甲,,,\n".encode()
    rows = read_roster_csv(data, known_skills=KNOWN)
    assert [row.line for row in rows] == [4]
    volunteer = rows[0].volunteer
    assert (volunteer.minor, volunteer.consent, volunteer.active) == (False, False, True)


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_tab_and_semicolon_files_are_detected(delimiter: str) -> None:
    text = delimiter.join(["name", "skills", "phone"]) + "\n"
    text += delimiter.join(["张伟", '"welding:2;painting"', "13800138000"]) + "\n"
    [volunteer] = read(text)
    assert volunteer.skills == {"welding": 2, "painting": 1}
    assert volunteer.phone == "13800138000"


def test_comma_stays_when_other_delimiters_only_appear_in_cells() -> None:
    [volunteer] = read("name,skills\n甲,welding;painting\n")
    assert volunteer.skills == {"welding": 1, "painting": 1}


# --- refusals ----------------------------------------------------------------------------


def test_every_bad_row_and_column_is_reported_together() -> None:
    text = (
        "ref,name,phone,skills,certs,minor,groups,availability,away,site,max_hours,notes\n"
        "a1,好人,13800138000,welding:2,,,,,,,,\n"
        "a2,张三,12ab,weldin:1,first_aid:2026-13-01,maybe,party.member,周八上午,"
        "2026-12-10:2026-12-01,阜宁,90,\n"
        "a3,李四,,welding:4,welding,,,,,,abc,\n"
        "a1,,1.38E+10,,,,,,,,,,extra\n"
    )
    problems = problems_of(text)
    assert problems == [
        "row 3, column \"phone\": phone '12ab' must be digits, spaces or dashes (5–20 chars)",
        'row 3, column "skills": unknown skill "weldin" (known: carpentry, cctv, cleaning,'
        " door_to_door, electrical, first_aid, painting, performance, planting, publicity,"
        " storytelling, welding)",
        'row 3, column "certs": "2026-13-01" is not a real date',
        'row 3, column "minor": "maybe" is not yes or no (use yes/no, y/n, true/false, 1/0, 是/否)',
        'row 3, column "groups": "party.member" must be one word:'
        " lower-case letters, digits, - or _, or Chinese characters",
        "row 3, column \"availability\": availability '周八上午' must be DAY:PART with DAY in"
        " mon/tue/wed/thu/fri/sat/sun and PART in morning/afternoon/evening",
        'row 3, column "away": away period ends (2026-12-01) before it starts (2026-12-10)',
        'row 3, column "site": "阜宁" must be a short lower-case key (letters, digits, - or _)',
        'row 3, column "max_hours": "90" must be a number of hours above 0 and at most 80',
        'row 4, column "skills": level 4 for welding must be 1–3',
        'row 4, column "certs": "welding" must be SKILL:DATE, e.g. welding:2027-06-30',
        'row 4, column "max_hours": "abc" must be a number of hours above 0 and at most 80',
        'row 5, column "notes": 13 cells but the header has 12; the cells after this column'
        ' belong to no column (a comma inside a cell needs the cell in "quotes")',
        'row 5, column "ref": ref "a1" is already used on row 2',
        'row 5, column "phone": "1.38E+10" is a number in scientific notation, not the digits'
        " that were there; format the column as text and export again",
    ]


def test_error_text_summarises_then_lists_and_uses_the_file_labels() -> None:
    data = "姓名,技能\n,焊接\n好人,\n".encode("gbk")
    with pytest.raises(RosterCSVError) as caught:
        read_roster_csv(data, known_skills=KNOWN, source="阜宁名单.csv")
    assert str(caught.value).splitlines() == [
        "1 bad row in 阜宁名单.csv",
        'row 2, column "姓名": name is empty',
        'row 2, column "技能": unknown skill "焊接" (known: carpentry, cctv, cleaning,'
        " door_to_door, electrical, first_aid, painting, performance, planting, publicity,"
        " storytelling, welding)",
    ]


def test_skills_outside_the_given_catalogue_are_unknown() -> None:
    with pytest.raises(RosterCSVError) as caught:
        read_roster_csv(
            b"name,skills\nA,welding;painting;x\n", known_skills={"painting": "painting"}
        )
    assert caught.value.problems == [
        'row 2, column "skills": unknown skills "welding", "x" (known: painting)'
    ]


def test_repeated_skill_in_a_cell() -> None:
    assert problems_of("name,skills\nA,welding:1;电焊:3\n") == [
        'row 2, column "skills": skill welding is listed twice'
    ]


def test_unknown_duplicate_and_missing_header_columns() -> None:
    assert problems_of("Name,姓名,wechat,电话,手机\n") == [
        'header: "Name" and "姓名" are both "name"',
        'header: unknown column "wechat" (known: ref, name, phone, skills, certs, minor, groups,'
        " availability, away, site, max_hours, consent, active, notes, version, withheld)",
        'header: "电话" and "手机" are both "phone"',
    ]
    assert problems_of("phone\n138\n") == [
        'header: no "name" (姓名) column, nor a "ref" (编号) one to update by'
    ]


def test_value_under_a_blank_header_cell() -> None:
    assert read("name,,phone\n甲,,13800138000\n")[0].phone == "13800138000"
    assert problems_of("name,,phone\n甲,x,\n") == ["row 2: a value in column 2, which has no name"]


def test_empty_file_is_refused_and_header_only_is_an_empty_roster() -> None:
    assert problems_of(b"") == ['expected a header row with a "name" column']
    assert problems_of(codecs.BOM_UTF8 + b"\r\n\r\n") == [
        'expected a header row with a "name" column'
    ]
    assert read_roster_csv(b"name,phone\r\n", known_skills=KNOWN) == []


def test_unclosed_quote_is_refused() -> None:
    problems = problems_of('name,notes\n甲,ok\n乙,"never closed\n丙,x\n')
    assert len(problems) == 1 and problems[0].startswith("row 3: the cells cannot be split")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "an Excel workbook (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel workbook (.xls)"),
        ("name\n甲\n".encode("utf-16"), "UTF-16 text"),
        (b"name\n\x80\xff\n", "neither UTF-8 nor GBK/GB18030 text"),
    ],
)
def test_files_that_are_not_csv_text(data: bytes, kind: str) -> None:
    [problem] = problems_of(data)
    assert kind in problem and "CSV UTF-8" in problem


def test_oversized_files_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_BYTES == 20 * 1024 * 1024 and MAX_ROWS == 100_000
    assert problems_of(b" " * (MAX_BYTES + 1)) == ["20.0 MB; the limit is 20 MB"]
    monkeypatch.setattr(csv_format, "MAX_ROWS", 10)  # the same check, without 100,000 rows
    assert len(read_roster_csv(b"name\n" + b"a\n" * 10, known_skills=KNOWN)) == 10
    assert problems_of(b"name\n" + b"a\n" * 11) == ["more than 10 rows"]

"""Visit campaigns: a household list visited in rounds until no household is missed."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import orjson
import pytest
from cli_harness import Cli, folder_files
from test_sync_support import bundle_of, site_store

from taskboard.actions.campaigns import (
    HouseholdsLeft,
    close_campaign,
    import_households,
    new_campaign,
    next_round,
    summarise,
)
from taskboard.actions.checklist import check_item
from taskboard.board.edits import EditHistory
from taskboard.model import ChecklistState, Household, Site, Status
from taskboard.roster.households import ROW_READERS, HouseholdFileError, read_households
from taskboard.store import Store
from taskboard.sync.merge import merge_bundles

LIST = (
    "楼栋,单元,房号,姓名,电话,备注\n1,1,101,张秀英,13800138001,\n"
    "1,1,102,王建华,,腿脚不便\n1,2,201,,,\n2,1,301,刘芳,13800138004,\n"
)


@pytest.fixture
def xingye(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    """兴业's office with a campaign xingye-c1 and a household list beside the data file."""
    folder = tmp_path / "data"
    folder.mkdir()
    cli = Cli(capsys, folder / "board.json")
    cli.ok("init", "--site", "xingye", "--name", "兴业社区", "--coordinator", "罗文珍")
    cli.ok("volunteer", "add", "--name", "田芳", "--skill", "door_to_door:2", "--consent")
    cli.ok("campaign", "new", "--title", "人口普查夜间入户核实", "--place", "兴业社区 1—2栋")
    (tmp_path / "list.csv").write_bytes(codecs.BOM_UTF8 + LIST.encode())
    return cli


def test_a_night_at_xingye_end_to_end(xingye: Cli, tmp_path: Path, today: dt.date) -> None:
    out = xingye.ok("campaign", "import", "xingye-c1", str(tmp_path / "list.csv")).out
    assert out == "xingye-c1: 4 households read from list.csv: 4 added, 0 updated, 0 unchanged\n"
    first = xingye.ok("campaign", "round", "xingye-c1", "--need", "door_to_door:2").out
    # today is Wednesday 2026-11-25: the first round falls on Thursday evening by default
    assert first == "Round 1 (xingye-1): 4 households on 2026-11-26 thu 18:30–20:30\n"
    xingye.ok("task", "check", "xingye-1", "1栋1单元101", "--by", "田芳", "--on", "2026-11-26")
    xingye.ok("task", "check", "xingye-1", "2", "--state", "retry", "--by", "田芳")
    xingye.ok("task", "note", "xingye-1", "3", "晚上八点后在家")
    xingye.ok("task", "check", "xingye-1", "3", "--state", "retry", "--on", "2026-11-26")
    xingye.ok("task", "check", "xingye-1", "4", "--state", "skipped", "--note", "空置房")
    listed = xingye.ok("task", "list").out
    assert "2/4 households" in listed

    out = xingye.ok("campaign", "round", "xingye-c1").out
    assert out.splitlines() == [
        "Closed round 1: xingye-1",
        "Round 2 (xingye-2): 2 households on 2026-11-27 fri 18:30–20:30",
    ]  # the first weekday after round 1's evening
    second = xingye.data("task", "show", "xingye-2")
    assert second["start"] == "2026-11-27T18:30:00" and second["end"] == "2026-11-27T20:30:00"
    assert [(i["text"], i["note"]) for i in second["checklist"]] == [
        ("1栋1单元102", ""),
        ("1栋2单元201", "晚上八点后在家"),
    ]
    assert second["needs"] == [{"skill": "door_to_door", "count": 2, "min_level": 1}]
    assert xingye.data("task", "show", "xingye-1")["status"] == "done"

    summary = xingye.data("campaign", "show", "xingye-c1")
    assert (summary["households"], summary["finished"]) == (4, 2)
    assert summary["no_household_missed"] is False
    left = {h["household"]: h for h in summary["left"]}
    assert left["1栋1单元102"]["attempts"] == 1
    assert left["1栋1单元102"]["visits"] == [
        {"on": today.isoformat(), "state": "retry", "by": "田芳", "round": 1}
    ]
    assert left["1栋2单元201"]["visits"][0]["by"] == "罗文珍"  # the coordinator, by default
    text = xingye.ok("campaign", "show", "xingye-c1").out
    assert "2/4 households · 2 of 4 households left" in text
    assert "1栋1单元102: to visit again (attempts: 1)" in text
    assert f"{today} 田芳: not home · round 1" in text

    error = xingye.fails("campaign", "close", "xingye-c1")
    assert error == (
        "taskboard: error: xingye-c1: 2 households are not visited yet;"
        " close it anyway with --force"
    )
    xingye.ok("task", "check", "xingye-2", "1")
    xingye.ok("task", "check", "xingye-2", "2")
    assert xingye.ok("campaign", "close", "xingye-c1").out == (
        "Moved xingye-2 to Done\nClosed campaign xingye-c1: no household missed\n"
    )
    assert xingye.data("campaign", "show", "xingye-c1")["no_household_missed"] is True
    assert xingye.data("task", "show", "xingye-2")["status"] == "done"
    assert xingye.fails("campaign", "round", "xingye-c1") == (
        "taskboard: error: campaign xingye-c1 is closed"
    )


def test_closing_with_households_left_is_forced(xingye: Cli, tmp_path: Path) -> None:
    xingye.ok("campaign", "import", "xingye-c1", str(tmp_path / "list.csv"))
    xingye.ok("campaign", "round", "xingye-c1")
    out = xingye.ok("campaign", "close", "xingye-c1", "--force").out
    assert out == "Moved xingye-1 to Done\nClosed campaign xingye-c1: 4 of 4 households left\n"
    assert xingye.ok("campaign", "list").out == "No campaigns.\n"
    assert "closed" in xingye.ok("campaign", "list", "--all").out


def test_closing_a_campaign_closes_every_round_still_open(xingye: Cli, tmp_path: Path) -> None:
    xingye.ok("campaign", "import", "xingye-c1", str(tmp_path / "list.csv"))
    xingye.ok("campaign", "round", "xingye-c1")
    xingye.ok("task", "check", "xingye-1", "1")
    xingye.ok("task", "check", "xingye-1", "2")
    xingye.ok("campaign", "round", "xingye-c1")  # round 1 done, round 2 takes 3 and 4
    xingye.ok("task", "move", "xingye-1", "in_progress")  # reopened: a visit noted late
    xingye.ok("task", "check", "xingye-2", "1")
    xingye.ok("task", "check", "xingye-2", "2")
    out = xingye.ok("campaign", "close", "xingye-c1").out
    assert out == (
        "Moved xingye-1 to Done\nMoved xingye-2 to Done\n"
        "Closed campaign xingye-c1: no household missed\n"
    )
    statuses = {task["ref"]: task["status"] for task in xingye.data("task", "list", "--all")}
    assert statuses == {"xingye-1": "done", "xingye-2": "done"}


def test_closing_a_campaign_and_its_unfinished_rounds_is_one_undo(memory_store: Store) -> None:
    campaign, first = _campaign_with_round(memory_store)
    second = next_round(memory_store, campaign).opened
    assert second is not None
    check_item(memory_store, second, "1", ChecklistState.DONE)
    from taskboard.actions.tasks import move_task

    move_task(memory_store, first, Status.IN_PROGRESS)
    history = EditHistory(memory_store)
    history.record(close_campaign(memory_store, campaign, force=True))
    assert [memory_store.task(t).status for t in (first, second)] == [Status.DONE, Status.DONE]
    history.undo()
    assert [memory_store.task(t).status for t in (first, second)] == [
        Status.IN_PROGRESS,
        Status.OPEN,
    ]


def test_one_household_and_one_assignment_are_counted_in_the_singular(
    xingye: Cli, tmp_path: Path
) -> None:
    one = tmp_path / "one.csv"
    one.write_text("楼栋,房号\n1,101\n", encoding="utf-8")
    out = xingye.ok("campaign", "import", "xingye-c1", str(one)).out
    assert out == "xingye-c1: 1 household read from one.csv: 1 added, 0 updated, 0 unchanged\n"
    out = xingye.ok("campaign", "round", "xingye-c1", "--need", "door_to_door:1").out
    assert out == "Round 1 (xingye-1): 1 household on 2026-11-26 thu 18:30–20:30\n"
    assert "0/1 household " in xingye.ok("campaign", "list").out
    xingye.ok("volunteer", "edit", "田芳", "--available", "thu:evening")
    assert "Stored 1 assignment as proposed." in xingye.ok("match", "--apply").out.splitlines()
    assert xingye.fails("campaign", "close", "xingye-c1") == (
        "taskboard: error: xingye-c1: 1 household is not visited yet; close it anyway with --force"
    )
    assert (
        "  0/1 household · 1 of 1 household left" in xingye.ok("campaign", "show", "xingye-c1").out
    )
    chinese = xingye.ok("--lang", "zh", "campaign", "show", "xingye-c1").out
    assert "  0/1 户 · 1 户中还有 1 户未走访到" in chinese


def test_the_evening_window_comes_from_settings_or_the_command(xingye: Cli, tmp_path: Path) -> None:
    xingye.ok("campaign", "import", "xingye-c1", str(tmp_path / "list.csv"))
    (tmp_path / "settings.toml").write_text('[campaigns]\nevening = "19:00-21:00"\n')
    assert "on 2026-11-26 thu 19:00–21:00" in xingye.ok("campaign", "round", "xingye-c1").out
    out = xingye.ok(
        "campaign", "round", "xingye-c1", "--on", "2026-11-30", "--window", "19:30-21:30"
    ).out
    assert "on 2026-11-30 mon 19:30–21:30" in out
    assert xingye.fails("campaign", "round", "xingye-c1", "--window", "21:00-19:00") == (
        "taskboard: error: --window '21:00-19:00': the end must be after the start"
    )
    (tmp_path / "settings.toml").write_text('[campaigns]\nevening = "after dinner"\n')
    assert "evening" in xingye.fails("campaign", "round", "xingye-c1")


def test_household_list_is_all_or_nothing_with_row_numbers(xingye: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "building,room,phone\n3,201,13800138000\n3,,\n3,202,call me\n3,201,\n", encoding="utf-8"
    )
    before = folder_files(xingye.db.parent)
    result = xingye.run("campaign", "import", "xingye-c1", str(bad))
    assert result.code == 1 and result.out == ""
    assert result.err.splitlines() == [
        "taskboard: 3 bad rows in bad.csv",
        "  row 3: room must not be empty",
        "  row 4, column \"phone\": phone 'call me' must be digits, spaces or dashes (5–20 chars)",
        "  row 5: 3栋201 is already on row 2",
    ]
    assert folder_files(xingye.db.parent) == before
    workbook = tmp_path / "list.xlsx"
    workbook.write_bytes(b"PK\x03\x04")
    result = xingye.run("campaign", "import", "xingye-c1", str(workbook))
    assert result.err.splitlines() == [
        "taskboard: cannot read list.xlsx",
        "  the file is not an Excel workbook (.xlsx) or is damaged;"
        " open it in the spreadsheet and save it again as .xlsx",
    ]
    old_excel = tmp_path / "list.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0")
    result = xingye.run("campaign", "import", "xingye-c1", str(old_excel))
    assert result.err.splitlines() == [
        "taskboard: cannot read list.xls",
        "  household lists are read from .csv, .xlsx files; save the sheet as .xlsx or CSV UTF-8",
    ]
    assert folder_files(xingye.db.parent) == before


def test_a_note_split_by_an_unquoted_comma_is_refused_not_cut(xingye: Cli, tmp_path: Path) -> None:
    split = tmp_path / "split.csv"
    split.write_text(
        "楼栋,单元,房号,姓名,电话,备注\n1,1,101,张秀英,,\n1,1,102,王建华,,腿脚不便,多敲一会门\n",
        encoding="utf-8",
    )
    before = folder_files(xingye.db.parent)
    result = xingye.run("campaign", "import", "xingye-c1", str(split))
    assert result.code == 1 and result.out == ""
    assert result.err.splitlines() == [
        "taskboard: 1 bad row in split.csv",
        '  row 3, column "备注": 7 cells but the header has 6; the cells after this column'
        ' belong to no column (a comma inside a cell needs the cell in "quotes")',
    ]
    assert folder_files(xingye.db.parent) == before
    split.write_text(
        '楼栋,单元,房号,姓名,电话,备注\n1,1,102,王建华,,"腿脚不便,多敲一会门"\n', encoding="utf-8"
    )
    [household] = read_households(split)
    assert household.note == "腿脚不便,多敲一会门"
    xingye.ok("campaign", "import", "xingye-c1", str(split))


def test_a_workbook_cell_beyond_the_header_or_under_a_blank_one_is_refused(
    tmp_path: Path,
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["楼栋", "房号", None, "备注"], ["1", "101", None, "腿脚不便", "多敲一会门"]):
        sheet.append(row)
    sheet.append(["1", "102", "王建华"])
    book.save(tmp_path / "list.xlsx")
    with pytest.raises(HouseholdFileError) as caught:
        read_households(tmp_path / "list.xlsx")
    assert caught.value.problems == [
        'row 2, column "备注": 5 cells but the header has 4; the cells after this column'
        ' belong to no column (a comma inside a cell needs the cell in "quotes")',
        "row 3: a value in column 3, which has no name",
    ]


def test_household_list_in_gbk_with_english_headers_and_re_import(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("Building\tUnit\tRoom\tName\nA座\t\t201\t陈伟\n".encode("gbk"))
    [household] = read_households(path)
    assert (household.label, household.name) == ("A座 201", "陈伟")
    store = Store.memory(who="罗文珍")
    store.initialise(Site(id="xingye", name="兴业社区"))
    campaign = new_campaign(store, {"title": "入户"}).record_id
    assert import_households(store, campaign, [household]).added == 1
    again = import_households(
        store, campaign, [Household(building="a座", room="201", name="陈伟", phone="0756-2212345")]
    )
    assert (again.added, again.updated) == (0, 1)
    [stored] = store.campaigns.load(campaign).households
    assert (stored.id, stored.phone) == (household.id, "0756-2212345")


def test_a_reader_for_another_format_is_one_entry(tmp_path: Path) -> None:
    path = tmp_path / "list.tsvx"
    path.write_text("ignored")
    with pytest.raises(HouseholdFileError):
        read_households(path)
    ROW_READERS[".tsvx"] = lambda data, source: [(1, ["楼栋", "房号"]), (2, ["5", "101"])]
    try:
        assert [h.label for h in read_households(path)] == ["5栋101"]
    finally:
        del ROW_READERS[".tsvx"]


def _campaign_with_round(store: Store) -> tuple[str, str]:
    campaign = new_campaign(store, {"title": "普查"}).record_id
    rows = [Household(building="1", room=str(room)) for room in (101, 102, 103)]
    import_households(store, campaign, rows)
    first = next_round(store, campaign).opened
    assert first is not None
    return campaign, first


def test_closing_a_round_is_one_undo() -> None:
    store = Store.memory(who="罗文珍")
    store.initialise(Site(id="xingye", name="兴业社区"))
    campaign, first = _campaign_with_round(store)
    check_item(store, first, "1", ChecklistState.DONE)
    history = EditHistory(store)
    result = next_round(
        store,
        campaign,
        start=dt.datetime(2026, 11, 26, 18, 30),
        end=dt.datetime(2026, 11, 26, 20, 30),
    )
    history.record(result.edit)
    assert store.task(first).status == Status.DONE
    assert result.opened is not None and len(store.task(result.opened).checklist) == 2
    history.undo()
    assert store.task(first).status == Status.OPEN
    assert [d["ref"] for d in store.tasks.live()] == [first]
    assert len(store.campaigns.load(campaign).rounds) == 1
    history.redo()
    assert len(store.campaigns.load(campaign).rounds) == 2


def test_a_visit_and_its_tick_are_one_undo_and_name_who_went(memory_store: Store) -> None:
    campaign, first = _campaign_with_round(memory_store)
    history = EditHistory(memory_store)
    edit = check_item(
        memory_store, first, "2", ChecklistState.RETRY, on=dt.date(2026, 11, 20), by="邻居老王"
    )
    history.record(edit)
    [visit] = memory_store.visits.live()
    assert (visit["on"], visit["by"], visit["volunteer"]) == ("2026-11-20", "邻居老王", None)
    history.undo()
    assert list(memory_store.visits.live()) == []
    assert memory_store.task(first).checklist[1].attempts == 0
    summary = summarise(memory_store, memory_store.campaigns.load(campaign))
    assert summary.finished == 0 and len(summary.left) == 3


def test_closing_with_households_left_refused_in_the_action(memory_store: Store) -> None:
    campaign, _first = _campaign_with_round(memory_store)
    with pytest.raises(HouseholdsLeft) as refused:
        close_campaign(memory_store, campaign)
    assert refused.value.left == 3


def test_redacted_export_withholds_residents_but_keeps_addresses() -> None:
    xingye, funing = site_store("xingye"), site_store("funing")
    campaign = new_campaign(xingye, {"title": "普查"}).record_id
    resident = Household(building="1", room="101", name="张秀英", phone="13800138001", note="独居")
    import_households(xingye, campaign, [resident])
    raw = orjson.dumps(bundle_of(xingye, redact=True).records).decode()
    assert "1" in raw and "张秀英" not in raw and "13800138001" not in raw and "独居" not in raw
    merge_bundles(funing, [bundle_of(xingye, redact=True)])
    [seen] = funing.campaigns.load(campaign).households
    assert (seen.room, seen.name, seen.phone) == ("101", "", None)
    merge_bundles(funing, [bundle_of(xingye)])  # the home site's real values win
    assert funing.campaigns.load(campaign).households[0].name == "张秀英"


def test_the_campaign_history_in_words_in_both_languages(xingye: Cli, tmp_path: Path) -> None:
    xingye.ok("campaign", "import", "xingye-c1", str(tmp_path / "list.csv"))
    xingye.ok("campaign", "round", "xingye-c1")
    xingye.ok("campaign", "close", "xingye-c1", "--force")
    out = xingye.ok("campaign", "show", "xingye-c1", "--all").out
    history = out[out.index("History:") :].splitlines()[1:]
    assert [line.split(": ", 1)[1] for line in history] == [
        "created; -",
        "imported; 4 households added",
        "new round; opened round 1",
        "closed; campaign closed",
    ]
    chinese = xingye.ok("--lang", "zh", "campaign", "show", "xingye-c1", "--all").out
    assert "0/4 户 · 4 户中还有 4 户未走访到" in chinese
    assert "导入; 新增 4 户" in chinese and "新一轮; 开始第1轮" in chinese
    assert "1栋1单元101: 尚未上门 (已上门 0 次)" in chinese


def test_bad_campaign_input_is_one_line_and_changes_nothing(xingye: Cli, tmp_path: Path) -> None:
    assert xingye.fails("campaign", "round", "xingye-c1") == (
        "taskboard: error: xingye-c1 has no households yet: import a list with `campaign import`"
    )
    assert xingye.fails("campaign", "show", "xingye-c9") == (
        "taskboard: error: no campaign 'xingye-c9' (campaigns: xingye-c1)"
    )
    xingye.ok("campaign", "import", "xingye-c1", str(tmp_path / "list.csv"))
    assert xingye.fails("campaign", "round", "xingye-c1", "--start", "2026-11-26T18:00") == (
        "taskboard: error: give --start and --end together"
    )
    assert xingye.fails("campaign", "round", "xingye-c1", "--on", "2026-11-31") == (
        "taskboard: error: --on '2026-11-31': expected a date like 2026-12-05"
    )
    xingye.ok("campaign", "round", "xingye-c1")
    assert xingye.fails("task", "check", "xingye-1", "1", "--on", "tomorrow") == (
        "taskboard: error: --on 'tomorrow': expected a date like 2026-12-05"
    )
    assert "error" in xingye.fails("campaign", "new", code=2)


def test_task_history_tells_each_visit_with_day_and_who(xingye: Cli, tmp_path: Path) -> None:
    xingye.ok("campaign", "import", "xingye-c1", str(tmp_path / "list.csv"))
    xingye.ok("campaign", "round", "xingye-c1")
    xingye.ok(
        "task", "check", "xingye-1", "2", "--state", "retry", "--by", "田芳", "--on", "2026-11-26"
    )
    rows = [line.split() for line in xingye.ok("task", "history", "xingye-1").out.splitlines()]
    assert rows[-1][4:] == ["visited", "1栋1单元102:", "not", "home", "—", "田芳,", "2026-11-26"]
    assert rows[-2][4:8] == ["checked", "1栋1单元102:", "not", "home"]
    chinese = xingye.ok("--lang", "zh", "task", "history", "xingye-1").out
    assert "上门" in chinese and "1栋1单元102:不在家 — 田芳,2026-11-26" in chinese
    shown = xingye.ok("task", "show", "xingye-1").out
    assert (
        "     2. [retry] 1栋1单元102 (attempts: 1) — Not home\n        2026-11-26 田芳: not home"
        in shown
    )

"""The roster screen driven through Pilot: search, filters, details, edits with undo."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input, Label, Select, Static

from taskboard.demo import district_dataset, fill_store
from taskboard.i18n import set_language
from taskboard.store import Store
from taskboard.tui.screens.roster.screen import RosterScreen
from taskboard.tui.screens.volunteer_form import VolunteerForm, slot_label

from .hosts import roster_opened

SIZE = (160, 48)


def names(screen: RosterScreen) -> set[str]:
    """Names shown in the table."""
    table = screen.table
    return {str(table.get_row_at(index)[1]) for index in range(table.row_count)}


def choose(screen: RosterScreen, select_id: str, value: str) -> None:
    """Pick a value in one of the filter selects."""
    select: Select[str] = screen.query_one(f"#{select_id}", Select)
    select.value = value


def details(screen: RosterScreen) -> str:
    """The text of the details panel."""
    return str(screen.query_one("#roster-details-text", Static).content)


def cursor_to(screen: RosterScreen, ref: str) -> None:
    """Put the cursor on the row of volunteer `ref`."""
    table = screen.table
    refs = [str(table.get_row_at(index)[0]) for index in range(table.row_count)]
    table.move_cursor(row=refs.index(ref))


def live_refs(store: Store) -> set[str]:
    return {doc["ref"] for doc in store.volunteers.live()}


async def test_everyone_is_listed_local_site_first(story_store: Store) -> None:
    async with roster_opened(story_store, size=SIZE) as host:
        pilot = host.pilot
        await pilot.pause()
        screen = host.screen
        assert screen.table.row_count == 43  # 范志刚 at 春晖 and at 阜宁: two records
        assert str(screen.table.get_row_at(0)[0]) == "funing-v1"
        assert str(screen.table.get_row_at(0)[2]) == "welding 3 · electrical 2"
        assert "43 of 43" in str(screen.query_one("#roster-count", Label).content)


async def test_search_narrows_rows_as_you_type(story_store: Store) -> None:
    async with roster_opened(story_store, size=SIZE) as host:
        pilot = host.pilot
        await pilot.press("slash")
        screen = host.screen
        assert screen.focused is screen.query_one("#roster-search")
        await pilot.press(*"jingshan")
        await pilot.pause()
        assert screen.table.row_count == 5
        assert names(screen) == {"宋红梅", "程丽华", "蒋文静", "韩雪", "曹磊"}
        await pilot.press(*"-v4")
        await pilot.pause()
        assert names(screen) == {"韩雪"}


async def test_search_looks_at_names_phones_and_notes(story_store: Store) -> None:
    async with roster_opened(story_store, size=SIZE) as host:
        pilot = host.pilot
        screen = host.screen
        search = screen.query_one("#roster-search", Input)
        search.value = "李建国"
        await pilot.pause()
        assert names(screen) == {"李建国"}
        search.value = "电焊机"
        await pilot.pause()
        assert names(screen) == {"李建国"}
        phone = story_store.volunteer("funing-v2").phone
        assert phone is not None
        search.value = phone
        await pilot.pause()
        assert names(screen) == {"王海涛"}


async def test_skill_and_minimum_level_filter(story_store: Store) -> None:
    async with roster_opened(story_store, size=SIZE) as host:
        pilot = host.pilot
        screen = host.screen
        choose(screen, "roster-skill", "welding")
        await pilot.pause()
        assert names(screen) == {"李建国", "王海涛", "赵德明"}
        choose(screen, "roster-level", "3")
        await pilot.pause()
        assert names(screen) == {"李建国"}


async def test_group_site_and_availability_filters(story_store: Store) -> None:
    async with roster_opened(story_store, size=SIZE) as host:
        pilot = host.pilot
        screen = host.screen
        choose(screen, "roster-group", "military-spouse-association")
        await pilot.pause()
        assert names(screen) == {"罗文珍", "潘晓红", "田芳", "董丽萍", "龚秀梅"}
        screen.query_one("#roster-group", Select).clear()
        choose(screen, "roster-site", "yuecheng")
        await pilot.pause()
        assert screen.table.row_count == 8
        choose(screen, "roster-slot", "fri:evening")
        await pilot.pause()
        assert names(screen) == {"许凤英"}


async def test_active_filter(story_store: Store) -> None:
    story_store.volunteers.update(story_store.volunteer("chunhui-v6").id, {"active": False})
    async with roster_opened(story_store, size=SIZE) as host:
        pilot = host.pilot
        screen = host.screen
        choose(screen, "roster-active", "inactive")
        await pilot.pause()
        assert names(screen) == {"邱敏"}
        choose(screen, "roster-active", "active")
        await pilot.pause()
        assert screen.table.row_count == 42
        assert "邱敏" not in names(screen)


async def test_details_show_the_highlighted_volunteers_assignments(story_store: Store) -> None:
    async with roster_opened(story_store, size=SIZE) as host:
        pilot = host.pilot
        screen = host.screen
        cursor_to(screen, "funing-v1")
        await pilot.pause()
        text = details(screen)
        assert "funing-v1  李建国" in text
        assert "funing-1 南区东侧围墙铁栏杆除锈补焊 · welding · confirmed" in text
        assert "funing-5 南区路灯线路检修和灯具更换 · electrical · confirmed" in text
        cursor_to(screen, "funing-v3")
        await pilot.pause()
        text = details(screen)
        assert "赵德明" in text and "No assignments." in text
        assert "(expired)" in text


async def test_new_volunteer_appears_in_store_and_table(story_store: Store) -> None:
    async with roster_opened(story_store, size=SIZE) as host:
        app, pilot = host.app, host.pilot
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, VolunteerForm)
        form.query_one("#form-name", Input).value = "周小梅"
        form.query_one("#form-skills", Input).value = "planting:2, cleaning:1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is host.screen
        person = story_store.volunteer("周小梅")
        assert person.ref == "funing-v19"
        assert person.site == "funing"
        assert person.skills == {"planting": 2, "cleaning": 1}
        assert "周小梅" in names(host.screen)
        assert host.screen.highlighted_id() == person.id
        app.history.undo()
        assert "funing-v19" not in live_refs(story_store)


async def test_edit_is_saved_and_undo_restores_it(story_store: Store) -> None:
    before = story_store.volunteer("funing-v9")
    async with roster_opened(story_store, size=SIZE) as host:
        app, pilot = host.app, host.pilot
        screen = host.screen
        cursor_to(screen, "funing-v9")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, VolunteerForm)
        form.query_one("#form-phone", Input).value = "139 1234 5678"
        form.query_one("#form-groups", Input).value = "party-member, youth-mentors"
        await pilot.press("ctrl+s")
        await pilot.pause()
        edited = story_store.volunteer("funing-v9")
        assert edited.phone == "139 1234 5678"
        assert edited.groups == ["party-member", "youth-mentors"]
        assert screen.highlighted_id() == before.id
        assert "139 1234 5678" in details(screen)
        await pilot.press("u")
        await pilot.pause()
    assert story_store.volunteer("funing-v9") == before


async def test_enter_on_a_row_opens_it(story_store: Store) -> None:
    async with roster_opened(story_store, size=SIZE) as host:
        app, pilot = host.app, host.pilot
        cursor_to(host.screen, "jingshan-v2")
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, VolunteerForm)
        assert form.volunteer is not None and form.volunteer.name == "程丽华"


async def test_remove_and_undo(story_store: Store) -> None:
    async with roster_opened(story_store, size=SIZE) as host:
        app, pilot = host.app, host.pilot
        screen = host.screen
        cursor_to(screen, "funing-v2")
        await pilot.press("d")
        await pilot.pause()
        assert "funing-v2" not in live_refs(story_store)
        assert "王海涛" not in names(screen)
        assert screen.table.row_count == 42
        assert screen.highlighted_id() == story_store.volunteer("funing-v3").id
        assert any("Press u to undo" in n.message for n in app._notifications)
        await pilot.press("u")
        await pilot.pause()
        assert "funing-v2" in live_refs(story_store)
        assert "王海涛" in names(screen)
        assert screen.highlighted_id() == story_store.volunteer("funing-v2").id


async def test_refresh_keeps_filter_and_highlight(story_store: Store) -> None:
    async with roster_opened(story_store, size=SIZE) as host:
        pilot = host.pilot
        screen = host.screen
        choose(screen, "roster-site", "funing")
        await pilot.pause()
        cursor_to(screen, "funing-v11")
        await pilot.pause()
        story_store.volunteers.update(story_store.volunteer("funing-v11").id, {"notes": "改"})
        screen.reload()
        await pilot.pause()
        assert screen.table.row_count == 18
        assert screen.highlighted_id() == story_store.volunteer("funing-v11").id
        assert "Notes: 改" in details(screen)


async def test_escape_goes_back(story_store: Store) -> None:
    async with roster_opened(story_store, size=SIZE) as host:
        app, pilot = host.app, host.pilot
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not any(isinstance(s, RosterScreen) for s in app.screen_stack)


async def test_chinese_labels(story_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("zh")
    async with roster_opened(story_store, size=SIZE) as host:
        pilot = host.pilot
        await pilot.pause()
        screen = host.screen
        assert str(screen.table.get_row_at(0)[2]) == "电焊 3 · 电工 2"
        headers = [str(column.label) for column in screen.table.ordered_columns]
        assert headers[:4] == ["编号", "姓名", "技能", "社区"]
        assert slot_label("sat:morning") == "周六上午"
        assert "43 / 共 43 名志愿者" in str(screen.query_one("#roster-count", Label).content)
        cursor_to(screen, "funing-v1")
        await pilot.pause()
        assert "空闲时间: 周六上午 周六下午 周日上午" in details(screen)
        assert "已确认" in details(screen)


async def test_district_roster_mounts_and_searches(today: dt.date) -> None:
    dataset = district_dataset(today, sites=50, tasks=100, volunteers=10_000)
    store = Store.memory(who="测试员")
    store.initialise(dataset.site)
    fill_store(store, dataset, history=False)
    async with roster_opened(store, size=SIZE) as host:
        pilot = host.pilot
        await pilot.pause()
        screen = host.screen
        assert len(screen.shown) == 10_000
        assert screen.table.row_count > 0
        await pilot.press("slash")
        screen.query_one("#roster-search", Input).value = "site07-v"
        await pilot.pause()
        assert screen.table.row_count > 0
        await pilot.press("1")
        await pilot.pause()
        expected = {doc["ref"] for doc in store.volunteers.live()}
        expected = {ref for ref in expected if "site07-v1" in ref}
        assert {row.ref for row in screen.shown} == expected
        while screen.filling:
            await pilot.pause(0.05)
        assert screen.table.row_count == len(expected)
        assert str(screen.table.get_row_at(0)[0]) == "site07-v1"

"""Forms as a coordinator meets them: the first field has the focus and keeps its text,
the footer shows the form's own keys, Save comes before Cancel, ticks show without colour."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input

from taskboard.i18n import set_language
from taskboard.settings import current_day
from taskboard.store import Store
from taskboard.tui.screens.help import HelpScreen
from taskboard.tui.screens.hours_form import HoursForm
from taskboard.tui.screens.task_form import TaskForm
from taskboard.tui.screens.volunteer_form import VolunteerForm
from taskboard.tui.widgets.check import Check
from taskboard.tui.widgets.key_bar import KeyBar

from .hosts import opened

SIZE = (120, 50)


async def test_new_task_form_opens_on_the_title(story_store: Store) -> None:
    form = TaskForm(story_store, None, default_site=story_store.site)
    async with opened(story_store, form, size=SIZE) as host:
        pilot = host.pilot
        title = form.query_one("#title", Input)
        assert form.focused is title
        await pilot.press(*"补焊", "tab")
        assert title.value == "补焊"
        assert form.focused is form.query_one("#description")


async def test_edit_task_form_does_not_select_the_title(story_store: Store) -> None:
    task = story_store.task("funing-1")
    form = TaskForm(story_store, task, default_site=story_store.site)
    async with opened(story_store, form, size=SIZE) as host:
        pilot = host.pilot
        title = form.query_one("#title", Input)
        assert form.focused is title and title.selected_text == ""
        await pilot.press("x")
        assert title.value == task.title + "x"  # added to, not replaced
        await pilot.press("backspace", "shift+tab", "tab")  # back to the title by Tab
        assert form.focused is title and title.selected_text == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert host.results and host.results[0].title == task.title


async def test_volunteer_form_opens_on_the_name_unselected(story_store: Store) -> None:
    person = story_store.volunteer("funing-v1")
    form = VolunteerForm(story_store, person, default_site=story_store.site)
    async with opened(story_store, form, size=SIZE) as host:
        name = form.query_one("#form-name", Input)
        assert form.focused is name and name.selected_text == ""
        await host.pilot.press("x")
        assert name.value == person.name + "x"


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_forms_show_their_own_keys_and_save_first(story_store: Store, lang: str) -> None:
    set_language(lang)
    save, cancel = ("Save", "Cancel") if lang == "en" else ("保存", "取消")
    forms = [
        TaskForm(story_store, story_store.task("funing-1"), default_site=story_store.site),
        VolunteerForm(story_store, None, default_site=story_store.site),
        HoursForm(story_store, story_store.tasks.find("funing-1")["id"], today=current_day()),
    ]
    for form in forms:
        async with opened(story_store, form, size=SIZE) as host:
            footer = str(form.query_one(KeyBar).render())
            assert f"^s {save}" in footer and f"esc {cancel}" in footer, footer
            assert "f1 " in footer  # `?` would type into the focused text box
            labels = [str(button.label) for button in form.query(Button)]
            assert labels[-2:] == [save, cancel], labels
            for box in form.query(Check):
                assert str(box.render())[1] in ("✓", " ")
            await host.pilot.press("f1")
            await host.pilot.pause()
            help_screen = host.app.screen
            assert isinstance(help_screen, HelpScreen)
            assert any(row[1] == save for row in help_screen.rows)

"""The volunteer form driven through Pilot: refusals under the right field, results, cancelling."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from textual.widgets import Checkbox, Input, Label, Select, TextArea

from taskboard.actions.fields import changed_fields
from taskboard.i18n import set_language
from taskboard.model.volunteer import EDITABLE_FIELDS
from taskboard.store import Store
from taskboard.tui.screens.confirm import ConfirmDiscard
from taskboard.tui.screens.volunteer_form import VolunteerForm

from .hosts import Opened, opened

SIZE = (120, 50)


def new_form(store: Store) -> VolunteerForm:
    return VolunteerForm(store, None, default_site=store.site)


def edit_form(store: Store, ref: str) -> VolunteerForm:
    return VolunteerForm(store, store.volunteer(ref), default_site=store.site)


def changes_saved(
    host: Opened[VolunteerForm], store: Store, ref: str
) -> list[dict[str, Any] | None]:
    """What the caller saves of each result: the fields changed from the volunteer shown."""
    shown = store.volunteer(ref)  # the form never saves: the stored one is the one it showed
    return [
        None if person is None else changed_fields(shown, person, EDITABLE_FIELDS)
        for person in host.results
    ]


def fill(form: VolunteerForm, **text: str) -> None:
    """Type into the form's one-line inputs."""
    for field, value in text.items():
        form.query_one(f"#form-{field}", Input).value = value


def tick(form: VolunteerForm, widget_id: str, value: bool = True) -> None:
    form.query_one(f"#{widget_id}", Checkbox).value = value


def error_of(form: VolunteerForm, field: str) -> str:
    """The reason shown under `field`, empty when none is shown."""
    label = form.query_one(f"#error-{field}", Label)
    return str(label.content) if label.has_class("-shown") else ""


async def test_bad_phone_is_refused_under_the_phone(story_store: Store) -> None:
    count = len(list(story_store.volunteers.live()))
    async with opened(story_store, new_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        fill(form, name="周小梅", phone="call me")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "digits, spaces or dashes" in error_of(form, "phone")
        assert error_of(form, "name") == ""
        assert host.app.screen is form
        assert host.results == []
        assert form.focused is form.query_one("#form-phone")
    assert len(list(story_store.volunteers.live())) == count


async def test_minor_with_welding_is_refused_under_the_skills(story_store: Store) -> None:
    async with opened(story_store, new_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        fill(form, name="小明", skills="welding:1, painting:2")
        tick(form, "form-minor")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_of(form, "skills") == "minor: welding is adult-only"
        assert host.results == []
        assert host.app.screen is form


async def test_unknown_skill_and_malformed_entries_are_refused(story_store: Store) -> None:
    async with opened(story_store, new_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        fill(form, name="周小梅", skills="juggling:2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "unknown skill juggling" in error_of(form, "skills")
        fill(form, skills="painting:x", certs="welding", away="2026-12-10:2026-12-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "“painting:x”: expected SKILL:LEVEL" in error_of(form, "skills")
        assert "“welding”: expected SKILL:EXPIRY" in error_of(form, "certs")
        fill(form, skills="painting:4", certs="", max_hours="0")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "levels go from 1 to 3" in error_of(form, "skills")
        assert "a period ends before it starts" in error_of(form, "away")
        assert "expected a number of hours above 0" in error_of(form, "max_hours")
        assert host.results == []


async def test_valid_new_volunteer_comes_back_with_all_fields(story_store: Store) -> None:
    async with opened(story_store, new_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        form = form
        fill(
            form,
            name="周小梅",
            phone="138 0000 1111",
            skills="planting:2，cleaning:1",
            certs="first_aid:2027-06-30",
            groups="party-member, youth",
            away="2026-12-01:2026-12-10",
            max_hours="6",
        )
        tick(form, "slot-sat-morning")
        tick(form, "slot-sun-evening")
        tick(form, "form-consent")
        form.query_one("#form-notes", TextArea).text = "会修自行车"
        await pilot.press("ctrl+s")
        await pilot.pause()
    person = host.results[0]
    assert person is not None
    assert person.name == "周小梅"
    assert person.skills == {"planting": 2, "cleaning": 1}
    assert person.certs == {"first_aid": dt.date(2027, 6, 30)}
    assert person.availability == ["sat:morning", "sun:evening"]
    assert person.groups == ["party-member", "youth"]
    assert [(p.start, p.end) for p in person.away] == [
        (dt.date(2026, 12, 1), dt.date(2026, 12, 10))
    ]
    assert person.site == "funing" and person.max_hours == 6
    assert person.consent and person.active and not person.minor
    assert person.notes == "会修自行车"
    assert person.ref == ""  # the store gives it when the caller adds them


async def test_edit_comes_back_with_only_the_changed_fields(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store, "funing-v1"), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        form = form
        assert form.query_one("#form-skills", Input).value == "welding:3, electrical:2"
        assert form.query_one("#slot-sat-morning", Checkbox).value
        fill(form, max_hours="10")
        tick(form, "slot-wed-evening")
        form.query_one("#form-site", Select).value = "jingshan"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert changes_saved(host, story_store, "funing-v1") == [
        {
            "max_hours": 10.0,
            "availability": ["wed:evening", "sat:morning", "sat:afternoon", "sun:morning"],
            "site": "jingshan",
        }
    ]


async def test_escape_without_changes_closes_at_once(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store, "funing-v1"), size=SIZE) as host:
        pilot = host.pilot
        await pilot.press("escape")
        await pilot.pause()
        assert host.results == [None]


async def test_escape_with_changes_asks_first(story_store: Store) -> None:
    async with opened(story_store, edit_form(story_store, "funing-v1"), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        fill(form, phone="138 0000 2222")
        await pilot.press("escape")
        await pilot.pause()
        question = host.app.screen
        assert isinstance(question, ConfirmDiscard)
        text = question.query_one("#discard-question", Label)
        assert str(text.content) == "Discard your changes?"
        await pilot.press("escape")
        await pilot.pause()
        assert host.app.screen is form
        assert host.results == []
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert host.results == [None]
    assert story_store.volunteer("funing-v1").phone != "138 0000 2222"


async def test_chinese_form(story_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("zh")
    async with opened(story_store, new_form(story_store), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        form = form
        assert str(form.query_one("#form-title", Label).content) == "新志愿者"
        assert str(form.query_one("#slot-sat-morning", Checkbox).label) == "上午"
        fill(form, name="小明", skills="welding:1")
        tick(form, "form-minor")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_of(form, "skills") == "未成年:电焊仅限成人"


async def test_groups_show_by_name_and_typing_adds_a_group(
    story_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_language("zh")
    ref = next(
        doc["ref"] for doc in story_store.volunteers.live() if doc["groups"] == ["party-member"]
    )
    async with opened(story_store, edit_form(story_store, ref), size=SIZE) as host:
        pilot, form = host.pilot, host.screen
        groups = form.query_one("#form-groups", Input)
        assert groups.value == "党员"
        groups.focus()
        await pilot.press("comma", "舞", "龙", "队")
        assert groups.value == "党员,舞龙队"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert changes_saved(host, story_store, ref) == [{"groups": ["party-member", "舞龙队"]}]


async def test_skills_and_certificates_by_their_chinese_names(story_store: Store) -> None:
    async with opened(story_store, new_form(story_store), size=SIZE) as host:
        fill(host.screen, name="周小梅", skills="粉刷:2，花草种植:1", certs="急救:2027-06-30")
        await host.pilot.press("ctrl+s")
        await host.pilot.pause()
    (person,) = host.results
    assert person is not None
    assert person.skills == {"painting": 2, "planting": 1}
    assert list(person.certs) == ["first_aid"]

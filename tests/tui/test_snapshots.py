"""Screenshots of the main screens, compared with the approved SVGs in __snapshots__/.

Kept deterministic: a fixed date, generated ids, no file watcher, no history
timestamps. After an intended change of looks, review and run
`pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from taskboard.demo import fill_store, story_dataset
from taskboard.i18n import set_language
from taskboard.settings import Settings, hash_pin
from taskboard.store import Store
from taskboard.tui.app import TaskboardApp, make_app
from taskboard.tui.screens.kiosk import make_kiosk_app

SIZE = (140, 45)
PIN_HASH = hash_pin("2468")
SnapCompare = Callable[..., bool]


@pytest.fixture
def story_app(tmp_path: Path, today: dt.date) -> Callable[[], TaskboardApp]:
    """Builds the app on the story data (without a history of its making)."""
    dataset = story_dataset(today)
    fresh = Store.memory(who="test")
    fresh.initialise(dataset.site, coordinator="李主任")
    fill_store(fresh, dataset, history=False)
    path = tmp_path / "story.json"
    Store.open(path, must_exist=False).replace_all(fresh.storage.data)

    def build() -> TaskboardApp:
        settings = Settings(wip_limits={"in_progress": 4})
        return make_app(Store.open(path, who="李主任"), settings, today=today, watch=False)

    return build


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_board(snap_compare: SnapCompare, story_app: Callable[[], TaskboardApp], lang: str) -> None:
    set_language(lang)
    assert snap_compare(story_app(), terminal_size=SIZE, press=["l", "j"])


def test_help(snap_compare: SnapCompare, story_app: Callable[[], TaskboardApp]) -> None:
    assert snap_compare(story_app(), terminal_size=SIZE, press=["question_mark"])


def test_board_filtered(snap_compare: SnapCompare, story_app: Callable[[], TaskboardApp]) -> None:
    press: list[Any] = ["slash", *"围墙", "enter"]
    assert snap_compare(story_app(), terminal_size=SIZE, press=press)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_task_screen(
    snap_compare: SnapCompare, story_app: Callable[[], TaskboardApp], lang: str
) -> None:
    set_language(lang)
    assert snap_compare(story_app(), terminal_size=SIZE, press=["l", "l", "enter"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_roster(
    snap_compare: SnapCompare, story_app: Callable[[], TaskboardApp], lang: str
) -> None:
    set_language(lang)
    assert snap_compare(story_app(), terminal_size=SIZE, press=["r"])


SIZES = {"80x24": (80, 24), "160x45": (160, 45)}
"""The smallest terminal the board must work in, and a common laptop one."""
LANGS_AND_SIZES = [(lang, size) for size in SIZES for lang in ("en", "zh")]


@pytest.mark.parametrize(("lang", "size"), LANGS_AND_SIZES)
def test_board_sized(
    snap_compare: SnapCompare, story_app: Callable[[], TaskboardApp], lang: str, size: str
) -> None:
    """Every column, the filled/needed counts and `? Help` at both sizes."""
    set_language(lang)
    assert snap_compare(story_app(), terminal_size=SIZES[size], press=["l", "j"])


@pytest.mark.parametrize(("lang", "size"), LANGS_AND_SIZES)
def test_task_form_sized(
    snap_compare: SnapCompare, story_app: Callable[[], TaskboardApp], lang: str, size: str
) -> None:
    """The edit form: the title focused, the form's own keys in the footer."""
    set_language(lang)
    assert snap_compare(story_app(), terminal_size=SIZES[size], press=["l", "l", "e"])


@pytest.mark.parametrize(("lang", "size"), LANGS_AND_SIZES)
def test_help_sized(
    snap_compare: SnapCompare, story_app: Callable[[], TaskboardApp], lang: str, size: str
) -> None:
    set_language(lang)
    assert snap_compare(story_app(), terminal_size=SIZES[size], press=["question_mark"])


@pytest.mark.parametrize(("lang", "size"), LANGS_AND_SIZES)
def test_kiosk_sized(snap_compare: SnapCompare, today: dt.date, lang: str, size: str) -> None:
    """The kiosk after 郑秀兰 looked herself up with the last digits of her phone."""
    set_language(lang)
    dataset = story_dataset(today)
    store = Store.memory(who="test")
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset, history=False)
    digits = str(store.find_volunteer("郑秀兰")["phone"])[-4:]
    app = make_kiosk_app(store, today=today, pin_hash=PIN_HASH)
    press = [*"郑秀兰", "enter", *digits, "enter"]
    assert snap_compare(app, terminal_size=SIZES[size], press=press)

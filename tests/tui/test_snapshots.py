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
from taskboard.settings import Settings
from taskboard.store import Store
from taskboard.tui.app import TaskboardApp, make_app

SIZE = (140, 45)
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

"""Shared fixtures: every test runs against files in its own temporary folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import browser  # noqa: F401  (a chromium per test, for browser tests)
from cli_harness import Cli

from taskboard.demo import fill_store, story_dataset
from taskboard.i18n import set_language
from taskboard.model import Site
from taskboard.settings import TODAY_ENV
from taskboard.store import Store

STORY_DAY = dt.date(2026, 11, 25)
"""The one "today" of the whole suite: the story data, the CLI and the board all use it."""


@pytest.fixture(scope="session")
def today() -> dt.date:
    """The date tests treat as today; never the calendar's, so the suite passes on any day."""
    return STORY_DAY


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Never read or write the user's real settings or data file."""
    monkeypatch.setenv("TASKBOARD_CONFIG", str(tmp_path / "settings.toml"))
    monkeypatch.setenv("TASKBOARD_DB", str(tmp_path / "default.json"))
    monkeypatch.setenv(TODAY_ENV, STORY_DAY.isoformat())
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    yield
    set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of a data file that does not exist yet."""
    return tmp_path / "board.json"


@pytest.fixture
def store(db_path: Path) -> Store:
    """A fresh on-disk store for site funing with the default skills."""
    store = Store.open(db_path, who="测试员", must_exist=False)
    store.initialise(Site(id="funing", name="阜宁社区"), coordinator="李主任")
    return store


@pytest.fixture
def memory_store() -> Store:
    """A fresh in-memory store for site funing."""
    store = Store.memory(who="测试员")
    store.initialise(Site(id="funing", name="阜宁社区"), coordinator="李主任")
    return store


@pytest.fixture
def story_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, today: dt.date) -> Cli:
    """The story's data in a file of its own folder (`data/board.json`), run by `taskboard`."""
    folder = tmp_path / "data"
    folder.mkdir()
    dataset = story_dataset(today)
    store = Store.open(folder / "board.json", who="测试员", must_exist=False)
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset, history=False)
    return Cli(capsys, folder / "board.json")


@pytest.fixture
def story_path(tmp_path: Path, today: dt.date) -> Path:
    """The story's data in a file (`story.json`, local site funing), for the board to open."""
    dataset = story_dataset(today)
    store = Store.open(tmp_path / "story.json", who="测试员", must_exist=False)
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset)
    return tmp_path / "story.json"


@pytest.fixture
def story_store(today: dt.date) -> Store:
    """The story's five communities in memory (local site funing; 43 volunteer records,
    范志刚 has two)."""
    dataset = story_dataset(today)
    store = Store.memory(who="测试员")
    store.initialise(dataset.site, coordinator="李主任")
    fill_store(store, dataset)
    return store

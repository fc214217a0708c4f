"""Start-up without pydantic: the data file is checked against record shapes written
from the models beforehand, and a settings file is read without pydantic when its
values plainly keep the rules. Both must say exactly what the models would say."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from taskboard.settings import Settings, SettingsError, hash_pin, load_settings, settings_from
from taskboard.store import Store, shape
from taskboard.store.shape import MODELS, SHAPES_FILE, describe, written_shapes


def test_the_written_record_shapes_are_those_of_the_models() -> None:
    """Fails when a model changed and `python -m taskboard.store shapes` was not run."""
    assert SHAPES_FILE.read_text(encoding="utf-8") == written_shapes()
    written = json.loads(SHAPES_FILE.read_text(encoding="utf-8"))["tables"]
    assert written == {table: describe(MODELS[table]) for table in MODELS}


def test_shapes_out_of_date_are_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, story_store: Store
) -> None:
    """A model changed without writing the shapes again: records are still checked
    against the model itself (slower, never wrong)."""
    stale = json.loads(SHAPES_FILE.read_text(encoding="utf-8"))
    stale["fingerprint"] = "0" * 64
    del stale["tables"]["tasks"]["fields"]["title"]  # a test that would let a record through
    path = tmp_path / "stale.json"
    path.write_text(json.dumps(stale), encoding="utf-8")
    monkeypatch.setattr(shape, "SHAPES_FILE", path)
    for cached in (shape._written, shape.spec_of, shape.record_test):
        monkeypatch.setattr(shape, cached.__name__, cached.__wrapped__)  # not cached
    tasks = copy.deepcopy(story_store.docs("tasks"))
    shape.check_tables({"tasks": tasks}, "story.json")
    del next(iter(tasks.values()))["title"]
    with pytest.raises(shape.ShapeError, match="story.json: tasks record .* has no title"):
        shape.check_tables({"tasks": tasks}, "story.json")


SETTINGS = [
    {},
    {"match": {"level": 3, "auto_staff": False}},
    {"match": {"level": 2.5, "fairness": 0}},
    {"match": {"level": 11}},
    {"match": {"level": math.nan}},
    {"match": {"level": True}},
    {"match": {"level": "2"}},
    {"match": []},
    {"nosuch": 1},
    {"match": {"x": 1}},
    {"campaigns": {"evening": "after dinner"}},
    {"campaigns": {"evening": "19:00-21:00"}},
    {"kiosk_pin": "1234"},
    {"kiosk_pin": hash_pin("2468")},
    {"kiosk_pin": hash_pin("2468") + "\n"},
    {"theme": 3},
    {"theme": "nord", "lang": "zh", "coordinator": "李主任"},
    {"wip_limits": {"staffed": 7}},
    {"wip_limits": {"staffed": "7"}},
    {"wip_limits": {"staffed": True}},
    {"keymap": {"board.move_right": "L"}},
    {"keymap": {"board.move_right": 5}},
]


def _outcome(read: Any, raw: dict[str, Any]) -> str:
    try:
        return repr(read(raw))
    except ValidationError as error:
        return f"refused: {error.errors(include_url=False)}"


@pytest.mark.parametrize("raw", SETTINGS, ids=lambda raw: repr(raw)[:40])
def test_settings_read_without_pydantic_are_what_pydantic_reads(raw: dict[str, Any]) -> None:
    assert _outcome(settings_from, raw) == _outcome(TypeAdapter(Settings).validate_python, raw)


def test_a_bad_settings_file_is_one_line_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[match]\nlevel = 11\nspeed = 2\n", encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_settings(path)
    assert str(refused.value) == (
        f"{path}: match.level: input should be less than or equal to 10 (got 11);"
        " match.speed: is not a known field"
    )

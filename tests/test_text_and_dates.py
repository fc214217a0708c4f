"""Hostile text and dates: refused at the model, escaped wherever they are printed.

Control characters in a title or a name would drive the terminal that prints
them; a date at the calendar's end overflows the moment a day is added to it.
"""

from __future__ import annotations

import base64
import datetime as dt
import typing
from pathlib import Path
from typing import Any

import orjson
import pytest
from cli_harness import Cli
from pydantic import BaseModel, ValidationError

from taskboard.cli.output import safe_json
from taskboard.model import Task, Volunteer
from taskboard.model.text import PlainText, shown, visible
from taskboard.model.volunteer import check_slot
from taskboard.store import Store
from taskboard.store.store import MODELS

ESC_TITLE = "围墙\x1b]0;pwned\x07\x1b[2J"
"""A title that retitles the window and clears the screen when printed raw."""
RAW = ("\x1b", "\x07", "\x9b", "\x9d")
"""Bytes that must never reach the terminal from data."""


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    cli = Cli(capsys, tmp_path / "board.json")
    cli.ok("init", "--site", "funing", "--name", "阜宁社区", "--coordinator", "李主任")
    return cli


def no_raw_controls(text: str) -> bool:
    return not any(char in text for char in RAW)


def write_raw(db: Path, table: str, ref: str, **fields: Any) -> None:
    """Change a stored record straight in the file, as an older taskboard could have."""
    store = Store.open(db)
    doc = {**store.find(table, ref), **fields}
    with store.transaction():
        store.table(table).put_many({doc["id"]: doc})


# Refused at the model ---------------------------------------------------------------------
def test_escape_sequences_in_titles_and_names_are_refused(cli: Cli) -> None:
    line = cli.fails("task", "add", "--title", ESC_TITLE)
    assert line == (
        "taskboard: error: title: must not hold control characters (found U+001B)"
        " (got '围墙\\x1b]0;pwned\\x07\\x1b[2J')"
    )
    cli.ok("task", "add", "--title", "围墙")
    assert "U+009B" in cli.fails("task", "edit", "funing-1", "--title", "围墙\x9b2J")
    assert "U+001B" in cli.fails("task", "edit", "funing-1", "--place", "3栋\x1b[8m")
    assert "U+0007" in cli.fails("task", "edit", "funing-1", "--item", "1栋\x07")
    assert "U+001B" in cli.fails("volunteer", "add", "--name", "王芳\x1b[31m")
    assert "U+001B" in cli.fails("site", "add", "xingye", "--name", "兴业\x1b]8;;x\x07")
    assert "U+001B" in cli.fails("--who", "李\x1b[2J", "task", "edit", "funing-1", "--tag", "a")
    assert [t["title"] for t in cli.data("task", "list")] == ["围墙"]


def test_blank_titles_are_refused(cli: Cli) -> None:
    assert "title: must not be empty" in cli.fails("task", "add", "--title", "  \u3000 ")
    line = cli.fails("task", "add", "--title", "\u200b\u2060\u3164")
    assert line == (
        "taskboard: error: title: must hold visible characters (got '\\u200b\\u2060\u3164')"
    )
    assert "name: must hold visible characters" in cli.fails("volunteer", "add", "--name", "\u200d")


def test_newline_refused_in_a_title_allowed_in_a_description(cli: Cli) -> None:
    assert cli.fails("task", "add", "--title", "南区\n围墙") == (
        "taskboard: error: title: must be one line (got '南区\\n围墙')"
    )
    assert "place: must be one line" in cli.fails("task", "add", "--title", "x", "--place", "a\rb")
    created = cli.data("task", "add", "--title", "围墙", "--description", "先除锈\r\n\t再补焊")
    assert created["description"] == "先除锈\n\t再补焊"
    assert "    先除锈\n    \t再补焊" in cli.ok("task", "show", "funing-1").out


def test_a_roster_row_with_an_escape_is_refused_naming_the_row(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "roster.csv"
    source.write_text("name,phone\n王芳,13800000000\n李\x1b[2J强,13800000001\n", encoding="utf-8")
    before = sorted(path.name for path in tmp_path.iterdir())
    db = cli.db.read_bytes()
    result = cli.run("volunteer", "import", str(source))
    assert result.code == 1
    assert result.err.splitlines() == [
        "taskboard: 1 bad row in roster.csv",
        '  row 3, column "name": must not hold control characters (found U+001B)',
    ]
    assert cli.db.read_bytes() == db
    assert sorted(path.name for path in tmp_path.iterdir()) == before


def test_every_text_field_of_every_model_has_a_text_rule() -> None:
    """A new `str` field without `Name`, `Line`, `Text`, `Key` or a pattern would let
    control characters in again."""

    def texts(model: type[BaseModel], where: str) -> list[str]:
        found = []
        for name, info in model.model_fields.items():
            found += strings(info.annotation, list(info.metadata), f"{where}.{name}")
        return found

    def strings(annotation: Any, metadata: list[Any], where: str) -> list[str]:
        if typing.get_origin(annotation) is typing.Annotated:
            return strings(annotation.__origin__, [*metadata, *annotation.__metadata__], where)
        if annotation is str:
            ruled = any(
                isinstance(item, PlainText)
                or getattr(item, "pattern", None)  # a key or a label
                or getattr(item, "func", None) is check_slot  # one of 21 slots
                for item in metadata
            )
            return [] if ruled else [where]
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return texts(annotation, where)
        return [s for arg in typing.get_args(annotation) for s in strings(arg, [], where)]

    unruled = [where for table, model in MODELS.items() for where in texts(model, table)]
    assert unruled == []


# Escaped when printed ---------------------------------------------------------------------
def test_an_older_record_holding_escapes_prints_them_written_out(cli: Cli) -> None:
    cli.ok("task", "add", "--title", "围墙", "--item", "1栋")
    cli.ok("volunteer", "add", "--name", "王芳", "--skill", "painting:2")
    task = cli.data("task", "show", "funing-1")
    checklist = [{**task["checklist"][0], "text": "1栋\x1b[8m"}]
    write_raw(cli.db, "tasks", "funing-1", title=ESC_TITLE, place="3栋\n旁", checklist=checklist)
    write_raw(cli.db, "volunteers", "funing-v1", name="王\x9b2J芳")

    listed = cli.ok("task", "list").out
    assert no_raw_controls(listed)
    assert "围墙\\u001b]0;pwned\\u0007\\u001b[2J" in listed
    shown_task = cli.ok("task", "show", "funing-1").out
    assert no_raw_controls(shown_task) and "1栋\\u001b[8m" in shown_task
    assert "3栋\\u000a旁" in shown_task  # one-line field: its newline is written out too
    assert no_raw_controls(cli.ok("volunteer", "list").out)
    assert no_raw_controls(cli.ok("volunteer", "show", "funing-v1").out)
    assert no_raw_controls(cli.ok("task", "history", "funing-1").out)

    as_json = cli.ok("task", "show", "funing-1", "--json").out
    assert no_raw_controls(as_json)
    assert orjson.loads(as_json)["title"] == ESC_TITLE  # still valid JSON, same value
    people = cli.ok("volunteer", "list", "--json").out
    assert no_raw_controls(people) and "\\u009b" in people
    assert orjson.loads(people)[0]["name"] == "王\x9b2J芳"


def test_an_older_record_can_be_fixed_by_an_edit(cli: Cli) -> None:
    cli.ok("task", "add", "--title", "围墙")
    write_raw(cli.db, "tasks", "funing-1", title=ESC_TITLE)
    line = cli.fails("task", "edit", "funing-1", "--priority", "high")
    assert "title: must not hold control characters" in line and no_raw_controls(line)
    cli.ok("task", "edit", "funing-1", "--title", "围墙除锈", "--priority", "high")
    assert cli.data("task", "show", "funing-1")["title"] == "围墙除锈"


def test_a_signed_bundle_with_an_escape_in_its_key_id_is_reported_escaped(
    cli: Cli, tmp_path: Path
) -> None:
    public = cli.ok("key", "init").out.splitlines()[-1]
    bundle = tmp_path / "funing.bundle"
    cli.ok("export", "-o", str(bundle))
    other = Cli(cli.capsys, tmp_path / "other" / "xingye.json")
    other.db.parent.mkdir()
    other.ok("init", "--site", "xingye", "--name", "兴业社区")
    other.ok("site", "add", "funing", "--name", "阜宁社区")
    other.ok("key", "trust", "funing", public)

    def signed_by(keyid: str) -> str:
        envelope = {
            "payloadType": "application/vnd.taskboard.bundle+json",
            "payload": base64.b64encode(bundle.read_bytes()).decode(),
            "signatures": [{"keyid": keyid, "sig": base64.b64encode(bytes(64)).decode()}],
        }
        signed = tmp_path / "signed.bundle"
        signed.write_bytes(orjson.dumps(envelope))
        return other.fails("merge", str(signed))

    assert signed_by("funing\x1b]0;pwned\x07") == (
        "taskboard: error: signed.bundle is signed by 'funing\\x1b]0;pwned\\x07',"
        " which is not trusted here; nothing was merged"
        " (compare its key, then `taskboard key trust 'funing\\x1b]0;pwned\\x07' KEY`)"
    )
    line = signed_by("x\x1b[2J" * 100_000)
    assert no_raw_controls(line) and len(line) < 2100
    assert "… (500000 characters)" in line


def test_visible_keeps_newlines_tabs_and_crlf_and_json_stays_json() -> None:
    assert visible("a\x1b[2Jb\r\nc\rd\te\n\x9b\u2028") == (
        "a\\u001b[2Jb\r\nc\\u000dd\te\n\\u009b\\u2028"
    )
    assert visible("a\nb\tc", lines=False) == "a\\u000ab\\u0009c"
    text = orjson.dumps({"t": "\x1b\x7f\x9b\u2028"}).decode()
    assert orjson.loads(visible(text)) == {"t": "\x1b\x7f\x9b\u2028"}


@pytest.mark.parametrize(
    "text",
    ["a\x1b[2J\x7f\x85\x9b\u2028\u2029 b", "围墙 09:00–12:00 · 3栋…", "plain"],
    ids=["controls", "wide-and-dashes", "plain"],
)
def test_json_output_is_the_json_text_escaped_as_visible_would(text: str) -> None:
    value = {"title": text, "n": [1, 2.5], "nested": {"name": text}}
    printed = safe_json(value).decode()
    indented = orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    assert printed == visible(indented.decode()) + "\n"
    assert orjson.loads(printed) == value
    assert no_raw_controls(printed)


# Dates ------------------------------------------------------------------------------------
def test_dates_out_of_range_are_refused_by_every_command(cli: Cli) -> None:
    reason = "must be a date between 2000-01-01 and 2100-12-31"
    assert cli.fails("task", "add", "--title", "x", "--due", "9999-12-31") == (
        f"taskboard: error: --due '9999-12-31': {reason}"
    )
    assert cli.fails("match", "--today", "0001-01-01") == (
        f"taskboard: error: --today '0001-01-01': {reason}"
    )
    assert reason in cli.fails("task", "add", "--title", "x", "--start", "1999-12-31T09:00")
    assert reason in cli.fails("day", "9999-12-31")
    assert reason in cli.fails("volunteer", "add", "--name", "王芳", "--cert", "welding:2999-01-01")
    cli.ok("task", "add", "--title", "x", "--due", "2100-12-31")


def test_today_out_of_range_from_the_environment_is_one_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TASKBOARD_TODAY", "9999-12-31")
    assert "must be a date between 2000-01-01 and 2100-12-31" in cli.fails("match")


def test_the_models_bound_every_date() -> None:
    with pytest.raises(ValidationError, match="must be a date between"):
        Task(title="x", site="funing", due=dt.date(9999, 12, 31))
    with pytest.raises(ValidationError, match="must be a date between"):
        Volunteer(name="王芳", certs={"welding": dt.date(1, 1, 1)})
    with pytest.raises(ValidationError, match="must be a date between"):
        Volunteer(name="王芳", away=[{"start": "2026-12-01", "end": "9999-12-31"}])


def test_a_bundle_with_a_task_dated_9999_is_refused(cli: Cli, tmp_path: Path) -> None:
    cli.ok("task", "add", "--title", "围墙", "--need", "painting:1")
    bundle = tmp_path / "funing.bundle"
    cli.ok("export", "-o", str(bundle))
    data = orjson.loads(bundle.read_bytes())
    task_id, task = next(iter(data["records"]["tasks"].items()))
    task["due"] = "9999-12-31"
    bundle.write_bytes(orjson.dumps(data))

    other = Cli(cli.capsys, tmp_path / "other" / "xingye.json")
    other.db.parent.mkdir()
    other.ok("init", "--site", "xingye", "--name", "兴业社区")
    other.ok("site", "add", "funing", "--name", "阜宁社区")
    assert other.fails("merge", str(bundle)) == (
        f"taskboard: error: {bundle.name}: tasks {task_id}: due:"
        " must be a date between 2000-01-01 and 2100-12-31 (got '9999-12-31')"
    )
    other.ok("match")


def test_an_older_record_dated_9999_still_opens_and_can_be_fixed(cli: Cli) -> None:
    cli.ok("task", "add", "--title", "围墙", "--need", "painting:1")
    cli.ok("volunteer", "add", "--name", "王芳", "--skill", "painting:2")
    write_raw(cli.db, "tasks", "funing-1", due="9999-12-31")
    assert "9999-12-31" in cli.ok("task", "show", "funing-1").out
    refused = "task funing-1: due: must be a date between 2000-01-01 and 2100-12-31"
    assert refused in cli.fails("match")
    assert refused in cli.fails("assign", "funing-1", "funing-v1")
    cli.ok("task", "edit", "funing-1", "--due", "2026-12-05")
    assert cli.data("task", "show", "funing-1")["due"] == "2026-12-05"
    cli.ok("assign", "funing-1", "funing-v1")


# Messages ---------------------------------------------------------------------------------
def test_echoed_values_are_cut_short(cli: Cli) -> None:
    line = cli.fails("task", "add", "--title", "长" * 50_000)
    assert len(line) < 200
    assert line.endswith("… (50000 characters))")
    assert len(cli.fails("task", "add", "--title", "x", "--due", "9" * 50_000)) < 200
    assert shown("abc") == "'abc'"


def test_origin_date_needs_an_origin(cli: Cli) -> None:
    assert cli.fails("task", "add", "--title", "x", "--origin-date", "2026-11-01") == (
        "taskboard: error: --origin-date needs --origin: who suggested the task,"
        " e.g. --origin '3栋居民'"
    )
    cli.ok("task", "add", "--title", "x")
    assert "needs --origin" in cli.fails("task", "edit", "funing-1", "--origin-date", "2026-11-01")
    assert "cannot go with --origin none" in cli.fails(
        "task", "edit", "funing-1", "--origin", "none", "--origin-date", "2026-11-01"
    )
    cli.ok("task", "edit", "funing-1", "--origin", "3栋居民", "--origin-date", "2026-11-01")
    cli.ok("task", "edit", "funing-1", "--origin-date", "2026-11-02")
    origin = cli.data("task", "show", "funing-1")["origin"]
    assert (origin["source"], origin["date"]) == ("3栋居民", "2026-11-02")

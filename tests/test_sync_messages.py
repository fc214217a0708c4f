"""What sync says about a bad bundle: what is wrong, on one short line, never the bundle's
content whole (a 200 MB value, a terminal escape sequence)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import orjson
import pytest
from cli_harness import Cli
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from test_sync_cli import Site

from taskboard.sync.signing import public_text

ESCAPE = "\x1b]0;owned\x07\x1b[2J"
HUGE = ESCAPE + "x" * 5_000_000
LONGEST = 1000
"""Characters an error line may have, whatever the bundle held."""


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    cli = Cli(capsys, tmp_path / "funing.json")
    cli.ok("init", "--site", "funing", "--name", "阜宁社区")
    return cli


def bundle_of(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> dict[str, Any]:
    """A real bundle of another site holding one task."""
    xingye = Site(tmp_path, "xingye", capsys)
    xingye.ok("task", "add", "--title", "兴业的任务")
    loaded: dict[str, Any] = orjson.loads(xingye.export(tmp_path / "x.json").read_bytes())
    return loaded


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("1", "bad.json: the bundle version must be a whole number, not '1'"),
        (1.0, "bad.json: the bundle version must be a whole number, not 1.0"),
        (True, "bad.json: the bundle version must be a whole number, not True"),
        (0, "bad.json: unknown bundle version 0 (this taskboard reads version 3)"),
        (-1, "bad.json: unknown bundle version -1 (this taskboard reads version 3)"),
        (None, "bad.json: the bundle version is missing"),
    ],
)
def test_a_wrong_bundle_version_says_what_is_wrong(
    cli: Cli, tmp_path: Path, version: Any, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps({"format": "taskboard-bundle", "version": version}))

    assert cli.fails("merge", str(bad)) == f"taskboard: error: {message}"


def test_a_data_file_schema_that_is_not_a_number_says_so(cli: Cli) -> None:
    data = orjson.loads(cli.db.read_bytes())
    data["_meta"]["meta"]["schema"] = "1"
    cli.db.write_bytes(orjson.dumps(data))

    line = cli.fails("task", "list")

    assert line.endswith(
        "the schema version must be a whole number, not '1'; the file was left untouched"
    )
    assert "migration" not in line


def test_a_bundle_starting_with_a_byte_order_mark_merges(
    cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = bundle_of(capsys, tmp_path)
    marked = tmp_path / "notepad.json"
    marked.write_bytes(b"\xef\xbb\xbf" + orjson.dumps(raw))

    cli.ok("site", "add", "xingye", "--name", "xingye社区")
    cli.ok("merge", str(marked))

    assert [task["title"] for task in cli.data("task", "list")] == ["兴业的任务"]


def _huge_title(raw: dict[str, Any]) -> None:
    (task,) = raw["records"]["tasks"].values()
    task["title"] = HUGE


def _huge_id(raw: dict[str, Any]) -> None:
    (task,) = raw["records"]["tasks"].values()
    raw["records"]["tasks"] = {HUGE: task}


def _huge_table(raw: dict[str, Any]) -> None:
    raw["records"][HUGE] = {}


def _huge_version(raw: dict[str, Any]) -> None:
    raw["version"] = HUGE


def _huge_site(raw: dict[str, Any]) -> None:
    (task,) = raw["records"]["tasks"].values()
    task["_s"][""] = [HUGE, 1]


def _huge_ref(raw: dict[str, Any]) -> None:
    (task,) = raw["records"]["tasks"].values()
    task["ref"] = HUGE
    task["_s"][""] = ["funing", task["_s"][""][1]]  # refused as a forged edit of funing's


@pytest.mark.parametrize(
    "damage", [_huge_title, _huge_id, _huge_table, _huge_version, _huge_site, _huge_ref]
)
def test_echoed_bundle_values_are_capped_and_escaped(
    cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: Any
) -> None:
    raw = bundle_of(capsys, tmp_path)
    cli.ok("site", "add", "xingye", "--name", "xingye社区")
    damage(raw)
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps(raw))

    line = cli.fails("merge", str(bad))

    assert line.startswith(f"taskboard: error: {bad.name}")
    assert len(line) < LONGEST
    assert "\x1b" not in line and "\x07" not in line


@pytest.mark.parametrize("where", ["keyid", "payloadType"])
def test_an_unverified_envelope_is_not_echoed_raw(
    cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    cli.ok("key", "trust", "xingye", public_text(Ed25519PrivateKey.generate().public_key()))
    payload = orjson.dumps(bundle_of(capsys, tmp_path))
    envelope: dict[str, Any] = {
        "payloadType": "application/vnd.taskboard.bundle+json",
        "payload": base64.b64encode(payload).decode(),
        "signatures": [{"keyid": "xingye", "sig": base64.b64encode(b"0" * 64).decode()}],
    }
    if where == "keyid":
        envelope["signatures"][0]["keyid"] = HUGE
    else:
        envelope["payloadType"] = HUGE
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps(envelope))

    line = cli.fails("merge", str(bad))

    expected = "is signed by '\\x1b]0;owned" if where == "keyid" else "payload type '\\x1b]0;"
    assert expected in line and "characters)" in line
    assert len(line) < LONGEST
    assert "\x1b" not in line and "\x07" not in line

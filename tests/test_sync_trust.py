"""What trusting a site lets it do: relay edits, but never forge this site's own,
and only with a sound key and a real site id."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import orjson
import pytest
from cli_harness import Cli
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from test_sync_cli import Site

from taskboard.sync.signing import load_key, public_text, sign

P = 2**255 - 19
ORDER_8_Y = 2707385501144840649318225287225658788936804267575313519463743609750303402022


@pytest.fixture
def pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Site, Site]:
    """funing trusts xingye's key; both sign their bundles."""
    funing, xingye = Site(tmp_path, "funing", capsys), Site(tmp_path, "xingye", capsys)
    funing.ok("site", "add", "xingye", "--name", "xingye社区")
    xingye.ok("site", "add", "funing", "--name", "funing社区")
    funing.ok("key", "init")
    xingye_key = xingye.ok("key", "init").splitlines()[-1]
    funing.ok("key", "trust", "xingye", xingye_key)
    xingye.ok("key", "trust", "funing", funing.ok("key", "show").strip())
    return funing, xingye


def forged(xingye: Site, path: Path, change: Any) -> Path:
    """xingye's own signed bundle, changed by `change(bundle)` and signed again by xingye."""
    envelope = orjson.loads(xingye.export(path).read_bytes())
    bundle = orjson.loads(base64.b64decode(envelope["payload"]))
    change(bundle)
    key = load_key(xingye.db)
    assert key is not None
    path.write_bytes(sign(orjson.dumps(bundle), "xingye", key))
    return path


def test_a_trusted_site_cannot_stamp_an_edit_as_made_by_the_receiving_site(
    pair: tuple[Site, Site], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    funing, xingye = pair
    funing.ok("task", "add", "--title", "南区围墙补焊")
    xingye.ok("merge", str(funing.export(tmp_path / "a.json")))
    xingye.ok("task", "edit", "funing-1", "--title", "伪造的标题")

    def as_funing(bundle: dict[str, Any]) -> None:
        (task,) = bundle["records"]["tasks"].values()
        site, hlc = task["_s"]["title"]
        assert site == "xingye"
        task["_s"]["title"] = ["funing", hlc]  # "funing changed the title"
        task["_vv"] = {"funing": hlc}
        for entry in bundle["records"]["history"].values():
            if entry["_s"][""][0] == "xingye" and entry["record"] == task["id"]:
                entry["site"] = "funing"

    evil = forged(xingye, tmp_path / "evil.json", as_funing)

    line = Cli(capsys, funing.db).fails("merge", str(evil))

    assert "evil.json: tasks funing-1 carries an edit stamped as made at this site (funing)" in line
    assert "this file never made or no longer holds" in line
    assert "Either xingye relays a forged edit, or this file was restored" in line
    assert "--after-restore" in line
    assert funing.tasks()[0]["title"] == "南区围墙补焊"


@pytest.mark.parametrize("what", ["task", "history entry", "counter"])
def test_forged_records_of_the_receiving_site_below_its_clock_are_refused(
    pair: tuple[Site, Site], tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    funing, xingye = pair
    funing.ok("task", "add", "--title", "入户登记", "--item", "3栋201")
    xingye.ok("merge", str(funing.export(tmp_path / "a.json")))
    xingye.ok("task", "add", "--title", "兴业的任务")
    xingye.ok("task", "check", "funing-1", "1", "--state", "retry")

    def forge(bundle: dict[str, Any]) -> None:
        tasks = bundle["records"]["tasks"]
        if what == "task":
            mine = next(t for t in tasks.values() if t["site"] == "xingye")
            mine["_s"][""] = ["funing", 5]  # "made at funing" long ago
        elif what == "history entry":
            entries = bundle["records"]["history"].values()
            entry = next(e for e in entries if e["_s"][""][0] == "xingye")
            entry["site"] = "funing"
        else:
            theirs = next(t for t in tasks.values() if t["site"] == "funing")
            (path,) = theirs["_n"]
            theirs["_n"][path]["funing"] = [9, 0]  # funing's attempts, raised

    evil = forged(xingye, tmp_path / "evil.json", forge)

    line = Cli(capsys, funing.db).fails("merge", str(evil))

    assert "carries an edit stamped as made at this site (funing)" in line


def test_after_restoring_an_older_file_its_own_edits_come_back_when_asked(
    pair: tuple[Site, Site], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    funing, xingye = pair
    older = {path: path.read_bytes() for path in data_files(funing)}  # a copy before today
    funing.ok("task", "add", "--title", "今天的任务")
    xingye.ok("merge", str(funing.export(tmp_path / "a.json")))
    for path in data_files(funing):  # the laptop's file comes back from the copy
        path.unlink()
    for path, content in older.items():
        path.write_bytes(content)
    back = xingye.export(tmp_path / "b.json")
    assert funing.tasks() == []

    line = Cli(capsys, funing.db).fails("merge", str(back))
    assert "or this file was restored from an older backup" in line

    funing.ok("merge", "--after-restore", str(back))
    assert [t["title"] for t in funing.tasks()] == ["今天的任务"]
    funing.ok("task", "add", "--title", "恢复后的任务")  # new stamps above the ones taken back
    xingye.ok("merge", str(funing.export(tmp_path / "c.json")))
    assert sorted(t["title"] for t in xingye.tasks()) == ["今天的任务", "恢复后的任务"]


def data_files(site: Site) -> list[Path]:
    """The data file and its journal, lock and the like (not the backups folder)."""
    return [path for path in site.db.parent.glob(f"{site.db.name}*") if path.is_file()]


def test_sync_skips_a_bundle_with_forged_own_edits_and_says_why(
    pair: tuple[Site, Site], tmp_path: Path
) -> None:
    funing, xingye = pair
    xingye.ok("task", "add", "--title", "兴业的任务")
    stick = tmp_path / "usb"
    stick.mkdir()

    def as_funing(bundle: dict[str, Any]) -> None:
        (task,) = bundle["records"]["tasks"].values()
        task["_s"][""] = ["funing", task["_s"][""][1]]

    forged(xingye, stick / "xingye.taskboard-bundle.json", as_funing)

    out = funing.ok("sync", str(stick))

    assert "skipped xingye.taskboard-bundle.json: tasks xingye-1 carries an edit stamped" in out
    assert funing.tasks() == []
    assert list((stick / "funing").glob("*-full.json"))


# key trust ------------------------------------------------------------------------------
def key_text(raw: bytes) -> str:
    return "ed25519:" + base64.b64encode(raw).decode()


def y_key(y: int, sign: int = 0) -> str:
    return key_text((y | sign << 255).to_bytes(32, "little"))


def sound_key() -> str:
    return public_text(Ed25519PrivateKey.generate().public_key())


@pytest.mark.parametrize("site", ["../x", "funing office", "x" * 40, "x!y", "a/b"])
def test_key_trust_takes_only_a_site_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, site: str
) -> None:
    cli = Cli(capsys, tmp_path / "funing.json")
    cli.ok("init", "--site", "funing", "--name", "阜宁社区")

    line = cli.fails("key", "trust", site, sound_key())

    assert "is not a site id: must be a short lower-case key" in line
    assert cli.data("key", "list") == []


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        (key_text(bytes(32)), "all zeros"),
        (y_key(1), "a point of small order"),  # the identity
        (y_key(1, sign=1), "a point of small order"),
        (y_key(P - 1), "a point of small order"),  # order 2
        (y_key(0, sign=1), "a point of small order"),  # order 4
        (y_key(ORDER_8_Y), "a point of small order"),
        (y_key(ORDER_8_Y, sign=1), "a point of small order"),
        (y_key(P - ORDER_8_Y), "a point of small order"),
        (y_key(P), "not in the canonical encoding"),  # 0 written as p
        (y_key(P + 1), "not in the canonical encoding"),  # 1 written as p + 1
        (y_key(2), "not a point of the curve"),
    ],
    ids=[
        "zeros",
        "identity",
        "identity-signed",
        "order-2",
        "order-4",
        "order-8",
        "order-8-signed",
        "order-8-negated",
        "p",
        "p+1",
        "off-curve",
    ],
)
def test_key_trust_refuses_keys_anyone_could_sign_for(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, key: str, reason: str
) -> None:
    cli = Cli(capsys, tmp_path / "funing.json")
    cli.ok("init", "--site", "funing", "--name", "阜宁社区")

    line = cli.fails("key", "trust", "xingye", key)

    assert f"cannot be trusted: it is {reason}" in line


def test_key_trust_refuses_this_sites_own_id_and_takes_a_sound_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cli = Cli(capsys, tmp_path / "funing.json")
    cli.ok("init", "--site", "funing", "--name", "阜宁社区")
    key = sound_key()

    assert "funing is this site" in cli.fails("key", "trust", "funing", key)
    cli.ok("key", "trust", "xingye", key)
    assert [row["site"] for row in cli.data("key", "list")] == ["xingye"]

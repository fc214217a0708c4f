"""Sites exchanging real bundle files through the CLI: export, merge, sync, conflicts, keys."""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

import orjson
import pytest

from taskboard.cli import main


class Site:
    """One site's data file, driven through `taskboard.cli.main`."""

    def __init__(self, folder: Path, site: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.db, self.site, self.capsys = folder / f"{site}.json", site, capsys
        self.ok("init", "--site", site, "--name", f"{site}社区")

    def run(self, *args: str) -> tuple[int, str, str]:
        code = main(["--db", str(self.db), *args])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def ok(self, *args: str) -> str:
        code, out, err = self.run(*args)
        assert code == 0, err
        return out

    def json(self, *args: str) -> Any:
        return orjson.loads(self.ok(*args, "--json"))

    def export(self, path: Path, *extra: str) -> Path:
        self.ok("export", "-o", str(path), *extra)
        return path

    def tasks(self) -> list[dict[str, Any]]:
        return sorted(self.json("task", "list", "--all"), key=lambda t: t["id"])


@pytest.fixture
def sites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[Site]:
    made = [Site(tmp_path, name, capsys) for name in ("funing", "xingye", "jingshan")]
    for site in made:
        for other in made:
            if other is not site:
                site.ok("site", "add", other.site, "--name", f"{other.site}社区")
    return made


def test_two_sites_exchange_and_converge(sites: list[Site], tmp_path: Path) -> None:
    funing, xingye, _ = sites
    funing.ok("task", "add", "--title", "南区围墙补焊", "--tag", "fence")
    xingye.ok("task", "add", "--title", "讲故事", "--kind", "event")

    a, b = funing.export(tmp_path / "a.json"), xingye.export(tmp_path / "b.json")
    summary = xingye.json("merge", str(a))
    funing.ok("merge", str(b))

    assert summary["tables"]["tasks"]["new"] == 1
    assert funing.tasks() == xingye.tasks()
    assert xingye.json("merge", str(a))["total"] == {
        "new": 0,
        "updated": 0,
        "deleted": 0,
        "conflicts": 0,
    }


def test_three_sites_in_different_orders_converge(sites: list[Site], tmp_path: Path) -> None:
    for site in sites:
        site.ok("task", "add", "--title", f"{site.site} 的任务")
    funing, xingye, jingshan = sites
    funing.ok("task", "edit", "funing-1", "--place", "3栋旁")
    bundles = {site.site: site.export(tmp_path / f"{site.site}.bundle") for site in sites}

    funing.ok("merge", str(bundles["xingye"]), str(bundles["jingshan"]))
    xingye.ok("merge", str(bundles["jingshan"]))
    xingye.ok("merge", str(bundles["funing"]))
    jingshan.ok("merge", str(bundles["funing"]), str(bundles["xingye"]), str(bundles["funing"]))

    assert funing.tasks() == xingye.tasks() == jingshan.tasks()
    assert len(funing.tasks()) == 3


def test_conflict_listed_and_resolved_through_the_cli(sites: list[Site], tmp_path: Path) -> None:
    funing, xingye, _ = sites
    funing.ok("task", "add", "--title", "原标题")
    xingye.ok("merge", str(funing.export(tmp_path / "a0.json")))
    funing.ok("task", "edit", "funing-1", "--title", "阜宁改的")
    xingye.ok("task", "edit", "funing-1", "--title", "兴业改的")
    a, b = funing.export(tmp_path / "a1.json"), xingye.export(tmp_path / "b1.json")
    assert funing.json("merge", str(b))["total"]["conflicts"] == 1
    xingye.ok("merge", str(a))

    (conflict,) = funing.json("conflicts")
    assert conflict["field"] == "title"
    assert {conflict["shown"]["site"], conflict["others"][0]["site"]} == {"funing", "xingye"}
    assert "兴业改的" in funing.ok("conflicts")
    funing.ok("conflicts", "resolve", conflict["id"], "--value", "商量后的标题")
    xingye.ok("merge", str(funing.export(tmp_path / "a2.json")))

    assert xingye.json("conflicts") == []
    assert xingye.tasks()[0]["title"] == "商量后的标题"


def test_usb_round_trip_through_a_shared_folder(sites: list[Site], tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    for site in sites:
        site.ok("task", "add", "--title", f"{site.site} 的任务")
    for site in sites:
        site.ok("sync", str(stick))
    (stick / ".xingye.taskboard-bundle.json.1234.tmp").write_bytes(b'{"form')  # a temp file
    (stick / "broken.taskboard-bundle.json").write_bytes(b'{"format": "taskboard-bun')
    for site in sites:
        code, out, err = site.run("sync", str(stick))
        assert code == 0 and err == ""
        assert "skipped broken.taskboard-bundle.json is not valid JSON" in out  # no crash

    assert sites[0].tasks() == sites[1].tasks() == sites[2].tasks()
    assert len(sites[0].tasks()) == 3
    names = sorted(p.name for p in stick.iterdir())
    assert "funing" in names and list((stick / "funing").glob("*-full.json"))
    assert [n for n in names if n.endswith(".tmp")] == [".xingye.taskboard-bundle.json.1234.tmp"]


def test_dry_run_reports_and_changes_nothing(sites: list[Site], tmp_path: Path) -> None:
    funing, xingye, _ = sites
    funing.ok("task", "add", "--title", "新任务")
    before = xingye.db.read_bytes()

    out = xingye.ok("merge", str(funing.export(tmp_path / "a.json")), "--dry-run")

    assert "Dry run" in out
    assert xingye.db.read_bytes() == before


def test_signed_bundles_trusted_tampered_untrusted(sites: list[Site], tmp_path: Path) -> None:
    funing, xingye, jingshan = sites
    funing.ok("task", "add", "--title", "签名的任务")
    public = funing.ok("key", "init").splitlines()[-1]
    assert funing.ok("key", "show").strip() == public
    key_file = funing.db.with_name(funing.db.name + ".signing-key")
    assert key_file.stat().st_mode & 0o077 == 0
    xingye.ok("key", "trust", "funing", public)
    signed = funing.export(tmp_path / "signed.json")
    assert b"PRIVATE" not in signed.read_bytes()

    before = xingye.db.read_bytes()
    unsigned = jingshan.export(tmp_path / "unsigned.json")
    code, _out, err = xingye.run("merge", str(unsigned))
    assert code == 1 and "not signed" in err

    envelope = orjson.loads(signed.read_bytes())
    payload = base64.b64decode(envelope["payload"]).replace(
        "签名的任务".encode(), "篡改的任务".encode()
    )
    envelope["payload"] = base64.b64encode(payload).decode()
    tampered = tmp_path / "tampered.json"
    tampered.write_bytes(orjson.dumps(envelope))
    code, _out, err = xingye.run("merge", str(tampered))
    assert code == 1 and "signature does not match" in err

    jingshan.ok("key", "init")
    code, _out, err = xingye.run("merge", str(jingshan.export(tmp_path / "j.json")))
    assert code == 1 and "not trusted" in err
    assert xingye.db.read_bytes() == before

    xingye.ok("merge", str(signed))
    assert [t["title"] for t in xingye.tasks()] == ["签名的任务"]
    listed = xingye.json("key", "list")
    assert [row["site"] for row in listed] == ["funing"]


def test_redacted_bundle_through_the_cli(sites: list[Site], tmp_path: Path) -> None:
    funing, xingye, _ = sites
    funing.ok(
        "volunteer", "add", "--name", "王芳", "--phone", "13800138000", "--skill", "painting:2"
    )
    redacted = funing.export(tmp_path / "r.json", "--redact")
    text = redacted.read_bytes().decode()
    assert "王芳" not in text and "13800138000" not in text

    xingye.ok("merge", str(redacted))
    funing.ok("merge", str(xingye.export(tmp_path / "back.json")))

    (person,) = funing.json("volunteer", "list")
    assert person["name"] == "王芳" and person["phone"] == "13800138000"


def test_since_last_export_is_smaller(sites: list[Site], tmp_path: Path) -> None:
    funing, xingye, _ = sites
    for number in range(5):
        funing.ok("task", "add", "--title", f"任务 {number}")
    xingye.ok("merge", str(funing.export(tmp_path / "full.json")))
    funing.ok("merge", str(xingye.export(tmp_path / "reply.json")))
    funing.ok("task", "edit", "funing-1", "--place", "新地点")

    delta = funing.export(tmp_path / "delta.json", "--since-last", "xingye")
    records = orjson.loads(delta.read_bytes())["records"]

    assert len(records["tasks"]) == 1
    xingye.ok("merge", str(delta))
    assert funing.tasks() == xingye.tasks()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"[" * 5000 + b"]" * 5000, "nested too deeply"),
        (b'{"format": "taskboard-bundle", "version": 99}', "upgrade taskboard"),
        (b'{"format": "something-else"}', "not a taskboard bundle"),
        (b"", "not valid JSON"),
    ],
    ids=["not-utf8", "deep", "newer", "other-format", "empty"],
)
def test_hostile_files_get_one_clear_line(
    sites: list[Site], tmp_path: Path, content: bytes, message: str
) -> None:
    xingye = sites[1]
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = xingye.db.read_bytes()

    code, out, err = xingye.run("merge", str(bad))

    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert xingye.db.read_bytes() == before


def test_one_bad_record_stops_the_whole_merge(sites: list[Site], tmp_path: Path) -> None:
    funing, xingye, _ = sites
    funing.ok("task", "add", "--title", "好的")
    funing.ok("task", "add", "--title", "坏的")
    bundle = orjson.loads(funing.export(tmp_path / "a.json").read_bytes())
    bad_id = next(i for i, t in bundle["records"]["tasks"].items() if t["title"] == "坏的")
    bundle["records"]["tasks"][bad_id]["title"] = ""
    broken = tmp_path / "broken.json"
    broken.write_bytes(orjson.dumps(bundle))
    before = xingye.db.read_bytes()

    code, _out, err = xingye.run("merge", str(broken))

    assert code == 1
    assert f"tasks {bad_id}: title: must not be empty" in err
    assert xingye.db.read_bytes() == before
    assert os.path.exists(xingye.db)

"""`sync DIR` with files that are never replaced: a delta only when something is new,
every valid bundle merged (Syncthing's conflict copies too), unreadable files named
and retried, old single-file folders still read, and who holds what."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from cli_harness import tree
from test_sync_cli import Site

from taskboard.sync import folder as folder_module

SITES = ("funing", "xingye", "jingshan")


@pytest.fixture
def pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Site, Site]:
    funing, xingye = Site(tmp_path, "funing", capsys), Site(tmp_path, "xingye", capsys)
    funing.ok("site", "add", "xingye", "--name", "xingye社区")
    xingye.ok("site", "add", "funing", "--name", "funing社区")
    return funing, xingye


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def titles(site: Site) -> set[str]:
    return {task["title"] for task in site.tasks()}


def files(folder: Path, site: str) -> list[str]:
    return sorted(path.name for path in (folder / site).iterdir())


def test_a_sync_with_nothing_new_writes_nothing(pair: tuple[Site, Site], stick: Path) -> None:
    funing, xingye = pair
    funing.ok("task", "add", "--title", "阜宁的任务")
    for _ in range(2):
        funing.ok("sync", str(stick))
        xingye.ok("sync", str(stick))
    before = tree(stick)

    report = funing.json("sync", str(stick))
    out = xingye.ok("sync", str(stick))

    assert tree(stick) == before
    assert report["written"] is None and report["bytes_written"] == 0
    assert "Nothing to write: the folder holds everything this site has." in out


def test_each_change_is_a_new_small_file_and_older_files_stay_as_they_were(
    pair: tuple[Site, Site], stick: Path
) -> None:
    funing, xingye = pair
    for number in range(30):
        funing.ok("task", "add", "--title", f"任务 {number}")
    funing.ok("sync", str(stick))
    before = tree(stick)

    funing.ok("task", "edit", "funing-3", "--title", "改过的任务")
    report = funing.json("sync", str(stick))

    after = tree(stick)
    assert {name: after[name] for name in before} == before  # nothing replaced
    (new,) = set(after) - set(before)
    assert new.startswith("funing/") and new.endswith("-delta.json")
    delta = orjson.loads(after[new])
    assert list(delta["records"]["tasks"]) == [
        t["id"] for t in funing.tasks() if t["ref"] == "funing-3"
    ]
    assert report["bytes_written"] == len(after[new]) < len(before[next(iter(before))]) / 5
    xingye.ok("sync", str(stick))
    assert "改过的任务" in titles(xingye) and len(titles(xingye)) == 30


def test_syncthing_conflict_copies_are_merged(pair: tuple[Site, Site], stick: Path) -> None:
    """Syncthing keeps one version under the real name and renames the other."""
    funing, xingye = pair
    funing.ok("task", "add", "--title", "旧的任务")
    funing.export(stick / "funing.taskboard-bundle.json")
    funing.ok("task", "add", "--title", "最新的任务")
    old_copy = "funing.taskboard-bundle.sync-conflict-20261125-101500-ABCDEFG.json"
    funing.export(stick / old_copy)

    first = xingye.json("sync", str(stick))

    assert titles(xingye) == {"旧的任务", "最新的任务"}
    assert old_copy in first["merged"] and first["skipped"] == []

    funing.ok("task", "add", "--title", "新布局的任务")
    funing.ok("sync", str(stick))
    newest = files(stick, "funing")[-1]
    copy = newest.replace(".json", ".sync-conflict-20261125-101600-HIJKLMN.json")
    (stick / "funing" / newest).rename(stick / "funing" / copy)

    second = xingye.json("sync", str(stick))

    assert "新布局的任务" in titles(xingye)
    assert second["merged"] == [f"funing/{copy}"]


def test_a_half_written_bundle_is_reported_and_merged_at_the_next_sync(
    pair: tuple[Site, Site], stick: Path
) -> None:
    funing, xingye = pair
    xingye.ok("task", "add", "--title", "兴业的任务")
    xingye.ok("sync", str(stick))
    (name,) = files(stick, "xingye")
    whole = (stick / "xingye" / name).read_bytes()
    (stick / "xingye" / name).write_bytes(whole[: len(whole) // 2])

    out = funing.ok("sync", str(stick))
    report = funing.json("sync", str(stick))

    assert "Nothing new merged" in out and "1 file could not be read" in out
    assert f"skipped xingye/{name}" in out and "tried again at the next sync" in out
    assert "No new bundles" not in out
    (skipped,) = report["skipped"]
    assert skipped["file"] == f"xingye/{name}" and skipped["retried"] is True
    assert "not completely copied yet" in skipped["reason"]
    assert [p["unread"] for p in report["peers"]] == [[f"xingye/{name}"]]
    assert titles(funing) == set()

    (stick / "xingye" / name).write_bytes(whole)  # the copy finished
    again = funing.json("sync", str(stick))

    assert again["merged"] == [f"xingye/{name}"] and again["skipped"] == []
    assert titles(funing) == {"兴业的任务"}


def test_a_folder_in_the_old_layout_keeps_working_and_the_old_file_goes_once_held(
    pair: tuple[Site, Site], stick: Path
) -> None:
    funing, xingye = pair
    funing.ok("task", "add", "--title", "阜宁的任务")
    xingye.ok("task", "add", "--title", "兴业的任务")
    old = funing.export(stick / "funing.taskboard-bundle.json")
    xingye.export(stick / "xingye.taskboard-bundle.json")

    funing.ok("sync", str(stick))
    assert old.exists()  # xingye has not said it holds it yet
    assert (stick / "xingye.taskboard-bundle.json").exists()  # only a site removes its own
    xingye.ok("sync", str(stick))  # funing's new file holds xingye's old one
    assert not (stick / "xingye.taskboard-bundle.json").exists()
    report = funing.json("sync", str(stick))

    assert titles(funing) == titles(xingye) == {"阜宁的任务", "兴业的任务"}
    assert report["removed"] == ["funing.taskboard-bundle.json"]
    assert not old.exists()


def test_snapshots_replace_older_files_only_once_every_site_holds_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(folder_module, "COMPACT_AFTER", 2)
    funing, xingye, jingshan = (Site(tmp_path, name, capsys) for name in SITES)
    jingshan.ok("sync", str(stick))  # then it stays away while the others work
    for number in range(4):
        funing.ok("task", "add", "--title", f"任务 {number}")
        funing.ok("sync", str(stick))
        xingye.ok("sync", str(stick))
    kinds = [name.split("-")[1] for name in files(stick, "funing")]
    assert kinds == ["full.json", "delta.json", "delta.json", "full.json"]  # jingshan lacks them

    jingshan.ok("sync", str(stick))
    report = funing.json("sync", str(stick))

    assert len(report["removed"]) == 3
    assert [name.split("-")[1] for name in files(stick, "funing")] == ["full.json"]
    assert titles(funing) == titles(xingye) == titles(jingshan)
    assert len(titles(jingshan)) == 4
    newcomer = Site(tmp_path, "dongfeng", capsys)
    newcomer.ok("sync", str(stick))
    assert titles(newcomer) == titles(funing)


def test_who_holds_what_and_when_each_site_was_last_heard_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], stick: Path
) -> None:
    funing, xingye, jingshan = (Site(tmp_path, name, capsys) for name in SITES)
    funing.ok("site", "add", "jingshan", "--name", "景山社区")
    xingye.ok("sync", str(stick))
    (name,) = files(stick, "xingye")
    raw: dict[str, Any] = orjson.loads((stick / "xingye" / name).read_bytes())
    raw["exported"] = "2026-11-22T10:00:00+08:00"  # three days before the tests' today
    (stick / "xingye" / name).write_bytes(orjson.dumps(raw))
    funing.ok("task", "add", "--title", "阜宁的任务")

    out = funing.ok("sync", str(stick))
    report = funing.json("sync", str(stick))

    assert "  xingye: last bundle 3 days ago (2026-11-22 10:00)" in out
    assert "xingye: last bundle 3 days ago (2026-11-22 10:00), holds none of" in out
    assert "  jingshan: no bundle in this folder yet" in out
    peers = {peer["site"]: peer for peer in report["peers"]}
    assert peers["xingye"]["days_ago"] == 3 and peers["xingye"]["holds_all_ours"] is False
    assert peers["jingshan"]["last_bundle"] is None

    xingye.ok("sync", str(stick))
    later = funing.json("sync", str(stick))

    assert {p["site"]: p["holds_all_ours"] for p in later["peers"]}["xingye"] is True

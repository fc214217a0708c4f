"""`sync DIR` in a folder others can write to, and `merge FILE` of what is not a bundle file:
only regular files are read, within the size limit, and every outcome is said as it is."""

from __future__ import annotations

import io
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from cli_harness import Cli
from test_sync_cli import Site

from taskboard.store.errors import SaveFailed
from taskboard.sync import folder as folder_module
from taskboard.sync import validate
from taskboard.sync.errors import BundleError


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


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail instead of waiting forever (a named pipe that is opened for reading blocks)."""

    def give_up(_signum: int, _frame: FrameType | None) -> None:
        raise TimeoutError("blocked on a file that never ends")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_links_pipes_devices_and_folders_in_the_folder_are_skipped_with_their_reason(
    pair: tuple[Site, Site], stick: Path, tmp_path: Path, no_hang: None
) -> None:
    funing, xingye = pair
    xingye.ok("task", "add", "--title", "兴业的任务")
    xingye.ok("sync", str(stick))
    elsewhere = xingye.export(tmp_path / "elsewhere.json")
    (stick / "zero.taskboard-bundle.json").symlink_to("/dev/zero")
    (stick / "linked.taskboard-bundle.json").symlink_to(elsewhere)
    os.mkfifo(stick / "pipe.taskboard-bundle.json")
    (stick / "folder.taskboard-bundle.json").mkdir()

    out = funing.ok("sync", str(stick))

    assert [t["title"] for t in funing.tasks()] == ["兴业的任务"]  # the real bundle merged
    assert "skipped zero.taskboard-bundle.json is a symbolic link" in out
    assert "skipped linked.taskboard-bundle.json is a symbolic link" in out
    assert "skipped pipe.taskboard-bundle.json is a named pipe, not a bundle file" in out
    assert "skipped folder.taskboard-bundle.json is a folder, not a bundle file" in out
    report = funing.json("sync", str(stick))
    link = "a symbolic link; only regular files in the folder are read"
    assert {s["file"]: s["reason"].split(" is ")[1] for s in report["skipped"]} == {
        "folder.taskboard-bundle.json": "a folder, not a bundle file; it was not read",
        "linked.taskboard-bundle.json": link,
        "pipe.taskboard-bundle.json": "a named pipe, not a bundle file; it was not read",
        "zero.taskboard-bundle.json": link,
    }


@pytest.mark.parametrize("kind", ["pipe", "device", "link to a device"])
def test_merge_refuses_what_is_not_a_regular_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, no_hang: None
) -> None:
    cli = Cli(capsys, tmp_path / "funing.json")
    cli.ok("init", "--site", "funing", "--name", "阜宁社区")
    target = tmp_path / "bundle.json"
    if kind == "pipe":
        os.mkfifo(target)
    elif kind == "device":
        target = Path("/dev/zero")
    else:
        target.symlink_to("/dev/zero")

    line = cli.fails("merge", str(target))

    expected = "is a named pipe" if kind == "pipe" else "is a device"
    assert f"{expected}, not a bundle file; it was not read" in line


def test_the_size_limit_holds_while_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate, "MAX_BUNDLE_BYTES", 100)
    growing = io.BytesIO(b"x" * 5000)  # the file said 10 bytes, then kept growing

    with pytest.raises(BundleError, match="too large for a bundle"):
        validate._read_capped(growing, 10, "grown.json")  # noqa: SLF001
    assert growing.tell() <= 101 + 100


def test_a_file_in_place_of_the_own_folder_is_refused_before_merging(
    pair: tuple[Site, Site], stick: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    funing, xingye = pair
    xingye.ok("task", "add", "--title", "兴业的任务")
    xingye.ok("sync", str(stick))
    (stick / "funing").write_text("not a folder")
    cli = Cli(capsys, funing.db)

    line = cli.fails("sync", str(stick))

    assert f"{stick / 'funing'} is not a folder" in line
    assert "nothing was merged" in line
    assert funing.tasks() == []


def test_a_failed_write_after_merging_says_the_merge_was_saved(
    pair: tuple[Site, Site], stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    funing, xingye = pair
    xingye.ok("task", "add", "--title", "兴业的任务")
    xingye.ok("sync", str(stick))

    def disk_full(path: Path, _payload: bytes) -> None:
        raise SaveFailed(f"could not save {path}: No space left on device")

    monkeypatch.setattr(folder_module, "write_atomic", disk_full)
    code, out, err = funing.run("sync", str(stick))

    assert code == 1
    assert "兴业的任务" not in out and "tasks" in out and "1" in out  # the merge summary
    (line,) = err.splitlines()
    assert "xingye/" in line and f"are saved in {funing.db}" in line
    assert "this site's bundle was not written: could not save" in line
    assert "No space left on device" in line
    assert [t["title"] for t in funing.tasks()] == ["兴业的任务"]
    assert not list(stick.glob("funing/*.json"))


def test_one_sync_takes_one_backup_however_many_bundles_it_merges(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], stick: Path
) -> None:
    funing, xingye, jingshan = (Site(tmp_path, name, capsys) for name in SITES)
    for site, title in ((xingye, "兴业的任务"), (jingshan, "景山的任务")):
        site.ok("task", "add", "--title", title)
        site.ok("sync", str(stick))
    backups = funing.db.with_name(funing.db.name + ".backups")
    before = set(backups.iterdir()) if backups.exists() else set()

    funing.ok("sync", str(stick))

    assert {t["title"] for t in funing.tasks()} == {"兴业的任务", "景山的任务"}
    assert len(set(backups.iterdir()) - before) == 1


def test_a_data_file_under_the_old_bundle_name_is_neither_replaced_nor_removed(
    pair: tuple[Site, Site], stick: Path
) -> None:
    funing, _ = pair
    data_file = stick / "funing.taskboard-bundle.json"
    data_file.write_bytes(funing.db.read_bytes())
    before = data_file.read_bytes()

    funing.ok("sync", str(stick))
    funing.ok("task", "add", "--title", "阜宁的任务")
    funing.ok("sync", str(stick))

    assert data_file.read_bytes() == before
    assert len(list((stick / "funing").iterdir())) == 2


SITES = ("funing", "xingye", "jingshan")

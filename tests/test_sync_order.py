"""One order for every list, at every site: merges report no phantom updates, and
`--json` lists come out alike wherever the same bundles were merged."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from test_sync_cli import Site


@pytest.fixture
def pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Site, Site]:
    funing, xingye = Site(tmp_path, "funing", capsys), Site(tmp_path, "xingye", capsys)
    funing.ok("site", "add", "xingye", "--name", "兴业社区")
    xingye.ok("site", "add", "funing", "--name", "阜宁社区")
    return funing, xingye


def _swap(funing: Site, xingye: Site, tmp_path: Path) -> None:
    """Each site merges the other's whole bundle."""
    a = funing.export(tmp_path / "a.json")
    b = xingye.export(tmp_path / "b.json")
    xingye.ok("merge", str(a))
    funing.ok("merge", str(b))


def test_needs_typed_in_any_order_come_back_without_an_update(
    pair: tuple[Site, Site], tmp_path: Path
) -> None:
    funing, xingye = pair
    funing.ok("task", "add", "--title", "宣传栏", "--need", "publicity:1", "--need", "painting:2")
    a = funing.export(tmp_path / "a.json")
    assert xingye.json("merge", str(a))["tables"]["tasks"]["new"] == 1
    b = xingye.export(tmp_path / "b.json")

    back = funing.json("merge", str(b))

    assert "tasks" not in back["tables"]  # nothing changed, so not even a row of zeros
    assert funing.tasks() == xingye.tasks()
    assert [need["skill"] for need in funing.tasks()[0]["needs"]] == ["painting", "publicity"]


def test_bundle_of_an_older_version_with_needs_in_typed_order_is_merged(
    pair: tuple[Site, Site], tmp_path: Path
) -> None:
    """Sites that still run the older taskboard wrote needs as they were typed."""
    funing, xingye = pair
    funing.ok("task", "add", "--title", "宣传栏", "--need", "publicity:1", "--need", "painting:2")
    path = funing.export(tmp_path / "a.json")
    raw = orjson.loads(path.read_bytes())
    for task in raw["records"]["tasks"].values():
        task["needs"].reverse()
    path.write_bytes(orjson.dumps(raw))

    assert xingye.json("merge", str(path))["tables"]["tasks"]["new"] == 1
    again = xingye.json("merge", str(funing.export(tmp_path / "b.json")))

    assert "tasks" not in again["tables"]
    assert funing.tasks() == xingye.tasks()


def test_conflicts_json_is_listed_alike_at_every_site(
    pair: tuple[Site, Site], tmp_path: Path
) -> None:
    funing, xingye = pair
    funing.ok("task", "add", "--title", "围墙补焊")
    xingye.ok("task", "add", "--title", "讲故事")
    _swap(funing, xingye, tmp_path)  # funing stored its task first, xingye its own
    for ref in ("funing-1", "xingye-1"):
        funing.ok("task", "edit", ref, "--title", f"阜宁改的 {ref}")
        xingye.ok("task", "edit", ref, "--title", f"兴业改的 {ref}")
    _swap(funing, xingye, tmp_path)

    at_funing, at_xingye = funing.json("conflicts"), xingye.json("conflicts")

    assert at_funing == at_xingye
    tasks = [c["ref"] for c in at_funing if c["table"] == "tasks"]
    assert tasks == ["funing-1", "xingye-1"]


def test_task_json_lists_assignments_alike_at_every_site(
    pair: tuple[Site, Site], tmp_path: Path
) -> None:
    funing, xingye = pair
    funing.ok("task", "add", "--title", "围墙补焊", "--need", "publicity:1", "--need", "painting:1")
    _swap(funing, xingye, tmp_path)
    funing.ok("volunteer", "add", "--name", "王芳", "--skill", "painting:2")
    xingye.ok("volunteer", "add", "--name", "李强", "--skill", "publicity:2")
    _swap(funing, xingye, tmp_path)
    funing.ok("assign", "funing-1", "funing-v1", "--skill", "painting")
    xingye.ok("assign", "funing-1", "xingye-v1", "--skill", "publicity")
    _swap(funing, xingye, tmp_path)

    at_funing, at_xingye = funing.tasks(), xingye.tasks()

    assert [a["skill"] for a in at_funing[0]["assignments"]] == ["painting", "publicity"]
    assert at_funing == at_xingye

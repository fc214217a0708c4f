"""Three sites keeping a Syncthing folder in step: real Syncthing nodes on 127.0.0.1.

Each site has its own data file and its own node; the nodes share one folder.
The sites edit and `sync` every half second while Syncthing moves the files
(a busy folder), then sync until nothing changes. Syncthing must deliver while
the folder is busy, and every site must end with the same tasks, the same
conflicts and no removed task come back.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from syncthing_nodes import Node, syncthing_nodes, wait_for
from test_sync_cli import Site

SITES = ["funing", "xingye", "jingshan"]
BUSY_ROUNDS = 8
PAUSE_S = 0.5


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[list[Node]]:
    with syncthing_nodes(tmp_path, SITES) as started:
        yield started


@pytest.fixture
def sites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[Site]:
    data = tmp_path / "data"
    data.mkdir()
    made = [Site(data, name, capsys) for name in SITES]
    for site in made:
        for other in made:
            if other is not site:
                site.ok("site", "add", other.site, "--name", f"{other.site}社区")
    return made


def sync(site: Site, node: Node) -> dict[str, Any]:
    report: dict[str, Any] = site.json("sync", str(node.folder))
    assert report["write_error"] is None
    return report


def live_titles(site: Site) -> dict[str, str]:
    return {task["ref"]: task["title"] for task in site.json("task", "list")}


def test_three_sites_busy_in_one_syncthing_folder_converge(
    nodes: list[Node], sites: list[Site]
) -> None:
    funing, xingye, jingshan = sites
    pairs = list(zip(sites, nodes, strict=True))
    funing.ok("task", "add", "--title", "共同的任务")
    jingshan.ok("task", "add", "--title", "要删掉的任务")

    def everyone_has_both() -> bool:
        for site, node in pairs:
            sync(site, node)
        return all({"funing-1", "jingshan-1"} <= set(live_titles(site)) for site in sites)

    wait_for(everyone_has_both, 60, "the first tasks reaching every site", every=PAUSE_S)

    merged_while_busy: dict[str, set[str]] = {site.site: set() for site in sites}
    for number in range(BUSY_ROUNDS):
        for site, node in pairs:
            site.ok("task", "add", "--title", f"{site.site} 第{number}个")
            if number == 2 and site is not jingshan:  # the same field, unaware of each other
                site.ok("task", "edit", "funing-1", "--title", f"{site.site}改的标题")
            if number == 3 and site is jingshan:
                site.ok("task", "rm", "jingshan-1")
            report = sync(site, node)
            merged_while_busy[site.site] |= set(report["merged_from"])
        time.sleep(PAUSE_S)

    def settled() -> bool:
        reports = [sync(site, node) for site, node in pairs]
        states = [site.json("task", "list", "--all") for site in sites]
        return all(r["written"] is None and not r["merged"] for r in reports) and all(
            state == states[0] for state in states
        )

    wait_for(settled, 90, "the three sites settling on one state", every=1.0)

    for site in sites:  # every site heard from both others while everyone was busy
        assert merged_while_busy[site.site] == set(SITES) - {site.site}
    titles = [live_titles(site) for site in sites]
    assert titles[0] == titles[1] == titles[2]
    assert len(titles[0]) == 1 + BUSY_ROUNDS * 3  # funing-1 and every task added meanwhile
    assert "jingshan-1" not in titles[0]  # removed, and older files did not bring it back
    conflicts = [site.json("conflicts") for site in sites]
    assert conflicts[0] == conflicts[1] == conflicts[2]
    tasks = [c for c in conflicts[0] if c["table"] == "tasks"]
    assert [(c["ref"], c["field"]) for c in tasks] == [("funing-1", "title")]
    for node in nodes:
        state = node.folder_state()
        assert state["needFiles"] == 0 and state["pullErrors"] == 0

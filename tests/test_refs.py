"""References: a record made here carries this site's prefix, and a reference that names
two records (merges can still bring that about) is refused with both listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_harness import Cli, person, sheet, tree

from taskboard.model import Task, Volunteer
from taskboard.store import Ambiguous, InvalidRecord, Store
from taskboard.store.records import stamp_created


@pytest.fixture
def board(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    """Site funing with one volunteer, funing-v1."""
    cli = Cli(capsys, tmp_path / "board" / "funing.json")
    cli.db.parent.mkdir()
    cli.ok("init", "--site", "funing", "--name", "阜宁社区")
    cli.ok("volunteer", "add", "--name", "李建国")
    return cli


# References ---------------------------------------------------------------------------------
def test_refs_of_other_sites_are_refused_and_new_refs_are_local(board: Cli, tmp_path: Path) -> None:
    source = sheet(
        tmp_path / "refs.csv",
        "ref,name\r\nxingye-v7,王芳\r\nfn-1,张伟\r\nfuning-v20,赵六\r\nFUNING-V21,钱七\r\n,孙八\r\n",
    )
    before = tree(board.db.parent)
    result = board.run("volunteer", "import", str(source))
    assert result.code == 1
    assert result.err.splitlines() == [
        "taskboard: 2 bad rows in refs.csv",
        "  row 2, column \"ref\": reference 'xingye-v7' belongs to site xingye: volunteers of"
        " other sites arrive by merge or sync; leave the reference empty to add a new volunteer"
        " here (it gets the next funing-vN)",
        "  row 3, column \"ref\": reference 'fn-1' is not one of this site's (funing-vN);"
        " leave it empty to give the new volunteer the next free one",
    ]
    assert tree(board.db.parent) == before

    sheet(source, "ref,name\r\nfuning-v20,赵六\r\nFUNING-V21,钱七\r\n,孙八\r\n")
    assert board.ok("volunteer", "import", str(source)).out == (
        "Volunteers added: 3; unchanged: 0\n"
    )
    assert {p["ref"]: p["name"] for p in board.data("volunteer", "list", "--all")} == {
        "funing-v1": "李建国",
        "funing-v20": "赵六",
        "funing-v21": "钱七",
        "funing-v22": "孙八",  # the next number after those the sheet gave
    }


def test_store_refuses_a_new_record_with_another_sites_ref(memory_store: Store) -> None:
    with pytest.raises(InvalidRecord, match="belongs to site xingye"):
        memory_store.volunteers.create(Volunteer(ref="xingye-v7", name="王芳"))
    with pytest.raises(InvalidRecord, match="belongs to site xingye"):
        memory_store.tasks.create(Task(ref="xingye-3", title="围墙", site="funing"))
    made = memory_store.volunteers.create(Volunteer(ref="Funing-V7", name="王芳"))
    assert made.ref == "funing-v7"


@pytest.fixture
def twins(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[Cli, str, str]:
    """funing holding two live `xingye-v1`: one an older import made, one merged from xingye.

    Returns funing's CLI and the ids of the imported and the merged record.
    """
    xingye = Cli(capsys, tmp_path / "xingye.json")
    funing = Cli(capsys, tmp_path / "funing.json")
    for cli, site, other in ((xingye, "xingye", "funing"), (funing, "funing", "xingye")):
        cli.ok("init", "--site", site, "--name", f"{site}社区")
        cli.ok("site", "add", other, "--name", f"{other}社区")
    merged = xingye.data("volunteer", "add", "--name", "王芳", "--phone", "13800000001")["id"]
    bundle = tmp_path / "xingye-bundle.json"
    xingye.ok("export", "-o", str(bundle))

    store = Store.open(funing.db)  # what an older import stored: another site's ref, a new id
    with store.transaction():
        store.volunteers.create_many([Volunteer(ref="xingye-v1", name="李四", site="funing")])
    imported = next(doc["id"] for doc in store.volunteers.live())

    funing.ok("merge", str(bundle))
    return funing, imported, merged


def test_an_ambiguous_ref_is_refused_with_both_candidates(
    twins: tuple[Cli, str, str], tmp_path: Path
) -> None:
    funing, imported, merged = twins
    message = funing.fails("volunteer", "edit", "xingye-v1", "--notes", "x")
    assert message == (
        "taskboard: error: 2 volunteers have the reference 'xingye-v1':"
        f" xingye-v1 李四 (site funing, id {imported}),"
        f" xingye-v1 王芳 (site xingye, id {merged}); give the id instead to pick one"
    )
    assert funing.fails("volunteer", "show", "XINGYE-V1") == message.replace(
        "xingye-v1'", "XINGYE-V1'"
    )
    assert "2 volunteers have the reference" in funing.fails("volunteer", "rm", "xingye-v1")

    funing.ok("volunteer", "edit", merged, "--notes", "兴业的王芳")
    assert person(funing, merged)["notes"] == "兴业的王芳"
    assert person(funing, imported)["notes"] == ""

    source = sheet(tmp_path / "twins.csv", "ref,phone\r\nxingye-v1,13900000000\r\n")
    result = funing.run("volunteer", "import", str(source))
    assert result.err.splitlines() == [
        "taskboard: 1 bad row in twins.csv",
        f'  row 2, column "ref": {message.removeprefix("taskboard: error: ")}',
    ]


def test_a_removed_twin_leaves_the_live_one_found(twins: tuple[Cli, str, str]) -> None:
    funing, imported, merged = twins
    funing.ok("volunteer", "rm", imported)
    assert person(funing, "xingye-v1")["id"] == merged
    message = funing.fails("volunteer", "restore", "xingye-v1")
    assert f"id {imported}, removed)" in message and f"id {merged})" in message
    funing.ok("volunteer", "restore", imported)


def test_store_find_refuses_ambiguous_task_refs(memory_store: Store) -> None:
    first = memory_store.tasks.create(Task(title="围墙", site="funing"))
    twin = Task(ref=first.ref, title="长椅", site="funing")
    with memory_store.transaction():  # as a merge can store it
        doc = stamp_created(
            twin.model_dump(mode="json"), "tasks", "funing", memory_store.clock.tick()
        )
        memory_store.table("tasks").put_many({twin.id: doc})
    with pytest.raises(Ambiguous) as caught:
        memory_store.tasks.find("funing-1")
    assert str(caught.value) == (
        f"2 tasks have the reference 'funing-1': funing-1 围墙 (site funing, id {first.id}),"
        f" funing-1 长椅 (site funing, id {twin.id}); give the id instead to pick one"
    )
    assert memory_store.tasks.find(twin.id)["title"] == "长椅"

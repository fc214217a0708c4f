"""One person, several sites: 王建国 registered at 阜宁 and at 景山 (双报到).

The same phone after a merge is suggested for linking; linked records are one
person to every hard rule: the whole-board proposal never books him twice at
one hour, nor past his weekly cap counted across both records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_harness import Cli

from taskboard.actions.volunteers import link_volunteers, other_records, unlink_volunteers
from taskboard.board.edits import EditHistory
from taskboard.i18n import set_language
from taskboard.model import Site, Task, Volunteer
from taskboard.model.rules import people, phone_digits
from taskboard.store import InvalidRecord, Store

WANG = ("--name", "王建国", "--skill", "cleaning:2", "--available", "sat:morning")


def _site(tmp_path: Path, capsys: pytest.CaptureFixture[str], site: str, other: str) -> Cli:
    cli = Cli(capsys, tmp_path / site / "data.json")
    cli.db.parent.mkdir()
    cli.ok("init", "--site", site, "--name", f"{site}社区")
    cli.ok("site", "add", other, "--name", f"{other}社区")
    return cli


def _exchange(first: Cli, second: Cli, tmp_path: Path) -> tuple[str, str]:
    """Both sites export and merge the other's bundle; the merges' outputs."""
    a, b = tmp_path / "a.bundle", tmp_path / "b.bundle"
    a.unlink(missing_ok=True)
    b.unlink(missing_ok=True)
    first.ok("export", "-o", str(a))
    second.ok("export", "-o", str(b))
    return second.ok("merge", str(a)).out, first.ok("merge", str(b)).out


@pytest.fixture
def two_sites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Cli, Cli]:
    """王建国 added at both sites with one phone (written two ways), and a task at each
    site on 2026-12-12 (a Saturday) 09:00–11:00."""
    funing = _site(tmp_path, capsys, "funing", "jingshan")
    jingshan = _site(tmp_path, capsys, "jingshan", "funing")
    funing.ok("volunteer", "add", *WANG, "--phone", "13800138000")
    jingshan.ok("volunteer", "add", *WANG, "--phone", "138-0013-8000")
    for cli, title in ((funing, "楼道清理"), (jingshan, "清理小广告")):
        cli.ok("task", "add", "--title", title, "--need", "cleaning:1",
               "--start", "2026-12-12 09:00", "--end", "2026-12-12 11:00")  # fmt: skip
    return funing, jingshan


def _booked(lines: list[dict[str, Any]]) -> list[str]:
    return sorted(line["ref"] for line in lines if line["name"] == "王建国")


def test_one_person_at_two_sites_is_suggested_linked_and_booked_once(
    two_sites: tuple[Cli, Cli], tmp_path: Path
) -> None:
    funing, jingshan = two_sites
    merged_at_jingshan, merged_at_funing = _exchange(funing, jingshan, tmp_path)
    hint = (
        "王建国 funing-v1 and jingshan-v1 share phone 138…;"
        " link them with `taskboard volunteer link funing-v1 jingshan-v1`"
    )
    assert hint in merged_at_funing and hint in merged_at_jingshan
    assert funing.ok("volunteer", "list", "--duplicates").out == hint + "\n"
    # not linked yet: two records, and the draft books both (what the coordinator reported)
    assert _booked(funing.data("match")["lines"]) == ["funing-1", "jingshan-1"]

    assert funing.ok("volunteer", "link", "funing-v1", "jingshan-v1").out == (
        "Linked funing-v1 and jingshan-v1: one person\n"
    )
    assert funing.ok("volunteer", "list", "--duplicates").out == (
        "No unlinked records share a phone number.\n"
    )
    shown = funing.ok("volunteer", "show", "funing-v1").out
    assert "  Also: jingshan-v1\n" in shown
    assert ": linked jingshan-v1\n" in shown  # the history, in words

    draft = funing.data("match")
    assert len(_booked(draft["lines"])) == 1  # never two tasks at the same hour
    assert [u["ref"] for u in draft["unfilled"]] in (["funing-1"], ["jingshan-1"])
    funing.ok("match", "--apply")
    assignments = funing.data("volunteer", "show", "funing-v1")["assignments"]
    assignments += funing.data("volunteer", "show", "jingshan-v1")["assignments"]
    assert len(assignments) == 1

    # the link syncs: 景山 sees one person too, and suggests nothing more
    merged_at_jingshan, _ = _exchange(funing, jingshan, tmp_path)
    assert "share phone" not in merged_at_jingshan
    assert "  Also: funing-v1\n" in jingshan.ok("volunteer", "show", "jingshan-v1").out
    assert _booked(jingshan.data("match")["lines"]) == []  # booked at funing already


def test_the_weekly_cap_counts_both_records(two_sites: tuple[Cli, Cli], tmp_path: Path) -> None:
    """3 h a week at 景山's record: two 2-hour tasks on different days are one too many."""
    funing, jingshan = two_sites
    jingshan.ok("volunteer", "edit", "jingshan-v1", "--max-hours", "3")
    funing.ok(
        "task", "edit", "funing-1", "--start", "2026-12-12 08:00", "--end", "2026-12-12 10:00"
    )
    funing.ok("volunteer", "edit", "funing-v1", "--available", "sun:afternoon")
    jingshan.ok("task", "edit", "jingshan-1",
                "--start", "2026-12-13 14:00", "--end", "2026-12-13 16:00")  # fmt: skip
    _exchange(funing, jingshan, tmp_path)
    assert len(_booked(funing.data("match")["lines"])) == 2  # two people as far as anyone knows
    funing.ok("volunteer", "link", "jingshan-v1", "funing-v1")
    assert len(_booked(funing.data("match")["lines"])) == 1
    why = funing.data("match", "--task", "jingshan-1", "--why-not")
    assert why  # the one-task ranking judges the person alike
    funing.ok("assign", "funing-1", "funing-v1")
    funing.ok("assignment", "set", "funing-1", "funing-v1", "confirmed")
    refused = funing.run("assign", "jingshan-1", "jingshan-v1")
    assert refused.code != 0
    assert "weekly cap 3 h: 2 h booked + 2 h" in refused.err


def test_linking_mistakes_are_one_line_and_change_nothing(two_sites: tuple[Cli, Cli]) -> None:
    funing, _ = two_sites
    funing.ok("volunteer", "add", "--name", "李梅", "--phone", "13900001111")
    err = "taskboard: error: funing-v1 cannot be linked to itself"
    assert funing.fails("volunteer", "link", "funing-v1", "funing-v1") == err
    err = "taskboard: error: funing-v1 and funing-v2 are not linked"
    assert funing.fails("volunteer", "unlink", "funing-v1", "funing-v2") == err
    funing.ok("volunteer", "link", "funing-v1", "funing-v2")
    err = "taskboard: error: funing-v2 and funing-v1 are already linked"
    assert funing.fails("volunteer", "link", "funing-v2", "funing-v1") == err
    assert funing.ok("volunteer", "unlink", "funing-v2", "funing-v1").out == (
        "Unlinked funing-v2 and funing-v1\n"
    )
    assert "Also: -" in funing.ok("volunteer", "show", "funing-v1").out
    err = funing.fails("volunteer", "link", "funing-v1", "funing-v2", "--rotate")
    assert "--rotate, --code and --url are for one volunteer's phone-page link" in err


def test_link_with_one_name_is_the_phone_page_link_and_with_two_links_records(
    two_sites: tuple[Cli, Cli],
) -> None:
    funing, _ = two_sites
    one, two = (
        funing.data("volunteer", "add", "--name", name)["ref"]
        for name in ("李梅", "李梅(工作单位)")
    )
    page = funing.ok("volunteer", "link", one).out
    assert "/v/" in page and "Personal link for 李梅" in page
    assert "Also: -" in funing.ok("volunteer", "show", one).out  # nothing linked
    funing.ok("volunteer", "link", one, two)
    assert f"Also: {two}" in funing.ok("volunteer", "show", one).out


# The actions --------------------------------------------------------------------------------
@pytest.fixture
def roster() -> tuple[Store, list[Volunteer]]:
    store = Store.memory(who="李主任")
    store.initialise(Site(id="funing", name="阜宁社区"))
    made = [store.volunteers.create(Volunteer(name=f"人{i}", site="funing")) for i in range(3)]
    return store, made


def test_link_and_unlink_are_one_undo_each(roster: tuple[Store, list[Volunteer]]) -> None:
    store, (a, b, c) = roster
    history = EditHistory(store)
    history.record(link_volunteers(store, a.id, b.id))
    assert [doc["ref"] for doc in other_records(store, a.id)] == [b.ref]
    history.record(link_volunteers(store, b.id, c.id))  # linked through b
    assert [doc["ref"] for doc in other_records(store, a.id)] == [b.ref, c.ref]
    history.undo()
    assert store.volunteers.get(c.id)["links"] == [] and store.volunteers.get(b.id)["links"] == [
        a.id
    ]
    history.undo()
    assert all(store.volunteers.get(v.id)["links"] == [] for v in (a, b, c))
    history.redo()
    history.record(unlink_volunteers(store, b.id, a.id))
    assert other_records(store, a.id) == []
    history.undo()
    assert [doc["ref"] for doc in other_records(store, a.id)] == [b.ref]


def test_link_history_reads_in_english_and_chinese(roster: tuple[Store, list[Volunteer]]) -> None:
    from taskboard.actions.describe import history_lines

    store, (a, b, _c) = roster
    link_volunteers(store, a.id, b.id)
    unlink_volunteers(store, a.id, b.id)
    refs = {v.id: v.ref for v in roster[1]}
    words = [
        (line.action, line.changes) for line in history_lines(store.history.of(a.id), {}, refs)
    ]
    assert words[-2:] == [("linked", b.ref), ("unlinked", b.ref)]
    set_language("zh")
    try:
        words = [
            (line.action, line.changes) for line in history_lines(store.history.of(a.id), {}, refs)
        ]
        assert words[-2:] == [("关联", b.ref), ("取消关联", b.ref)]
        with pytest.raises(InvalidRecord, match="不能与自己关联"):
            link_volunteers(store, a.id, a.id)
    finally:
        set_language("en")


# The rule: who is one person ------------------------------------------------------------------
def test_people_are_the_linked_records_whichever_side_holds_the_link() -> None:
    links = {"c": ["a"], "a": [], "b": ["gone"], "d": ["c"], "e": []}
    assert people(links) == {"a": "a", "b": "b", "c": "a", "d": "a", "e": "e"}
    assert phone_digits("138 0013-8000") == phone_digits("13800138000") == "13800138000"
    assert phone_digits(None) == ""


def test_a_task_and_a_linked_record_show_the_persons_bookings(
    roster: tuple[Store, list[Volunteer]], today: Any
) -> None:
    """The one-task ranking says why the other record is not eligible: booked already."""
    import datetime as dt

    from taskboard.matching.rules import breaches
    from taskboard.matching.snapshot import Snapshot
    from taskboard.model import Assignment

    store, (a, b, _c) = roster
    for person in (a, b):
        store.volunteers.update(
            person.id, {"skills": {"cleaning": 1}, "availability": ["sat:morning"]}
        )
    start = dt.datetime(2026, 12, 12, 9)
    first, second = (
        store.tasks.create(
            Task(
                title=t,
                site="funing",
                needs=[{"skill": "cleaning"}],
                start=start,
                end=start + dt.timedelta(hours=2),
            )  # fmt: skip
        )
        for t in ("一", "二")
    )
    store.assignments.create(
        Assignment(task=first.id, volunteer=a.id, skill="cleaning", state="confirmed")
    )
    link_volunteers(store, a.id, b.id)
    snapshot = Snapshot.from_store(store, today)
    job = snapshot.job(second.id)
    need = job.need("cleaning")
    assert need is not None
    found = breaches(snapshot.by_id[b.id], job, need, snapshot)
    assert [breach.code for breach in found] == ["overlap"]
    assert snapshot.job(first.id).id == first.id
    found = breaches(snapshot.by_id[b.id], snapshot.job(first.id), need, snapshot)
    assert "on_task" in [breach.code for breach in found]


def test_the_report_counts_a_person_registered_twice_once(story_store: Store) -> None:
    """The story's 范志刚 is on 春晖's and 阜宁's rosters: 43 records, 42 people."""
    from taskboard.reports.figures import collect_figures

    assert len(list(story_store.volunteers.live())) == 43
    assert collect_figures(story_store).totals["volunteers"] == 42
    funing = story_store.volunteer("funing-v18")
    assert [doc["ref"] for doc in other_records(story_store, funing.id)] == ["chunhui-v1"]

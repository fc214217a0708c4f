"""Merge rules on small, named cases: what is kept, what conflicts, what is redacted."""

from __future__ import annotations

from test_sync_support import bundle_of, send, site_store, state

from taskboard.model import Assignment, Skill, Task, Volunteer
from taskboard.store import Store
from taskboard.store.clock import MAX_SKEW_MS, hlc_from_ms
from taskboard.store.records import HIDDEN, SIBLINGS, VECTOR
from taskboard.sync.conflicts import list_conflicts, resolve
from taskboard.sync.merge import merge_bundles


def pair() -> tuple[Store, Store, str]:
    """funing and xingye, both holding one task funing created."""
    funing, xingye = site_store("funing"), site_store("xingye")
    task = funing.tasks.create(Task(title="南区围墙补焊", site="funing", tags=["fence"]))
    send(funing, xingye)
    return funing, xingye, task.id


def swap(a: Store, b: Store) -> None:
    """Both sites export first, then both merge: a real exchange."""
    first, second = bundle_of(a), bundle_of(b)
    merge_bundles(b, [first])
    merge_bundles(a, [second])


def test_edits_of_different_fields_are_both_kept_without_conflict() -> None:
    funing, xingye, task_id = pair()
    funing.tasks.update(task_id, {"title": "围墙除锈"})
    xingye.tasks.update(task_id, {"place": "3栋旁", "tags": ["fence", "rust"]})

    swap(funing, xingye)

    doc = funing.tasks.docs()[task_id]
    assert (doc["title"], doc["place"], doc["tags"]) == ("围墙除锈", "3栋旁", ["fence", "rust"])
    assert state(funing)["tasks"] == state(xingye)["tasks"]
    assert list_conflicts(funing) == []


def test_an_edit_made_after_seeing_the_other_is_not_a_conflict() -> None:
    funing, xingye, task_id = pair()
    funing.tasks.update(task_id, {"title": "一"})
    send(funing, xingye)
    xingye.tasks.update(task_id, {"title": "二"})

    send(xingye, funing)

    assert funing.tasks.docs()[task_id]["title"] == "二"
    assert SIBLINGS not in funing.tasks.docs()[task_id]


def test_concurrent_edits_pick_the_same_winner_and_show_the_conflict() -> None:
    funing, xingye, task_id = pair()
    funing.tasks.update(task_id, {"title": "funing 的标题"})
    xingye.tasks.update(task_id, {"title": "xingye 的标题"})

    swap(funing, xingye)

    for store in (funing, xingye):
        (conflict,) = list_conflicts(store)
        assert conflict.path == "title"
        assert {conflict.shown.site, conflict.others[0].site} == {"funing", "xingye"}
        assert conflict.shown.who.startswith("coordinator of")
    assert funing.tasks.docs()[task_id] == xingye.tasks.docs()[task_id]
    assert funing.tasks.docs()[task_id]["title"] == "xingye 的标题"  # later stamp wins


def test_resolving_is_an_edit_that_clears_the_conflict_everywhere() -> None:
    funing, xingye, task_id = pair()
    funing.tasks.update(task_id, {"title": "甲"})
    xingye.tasks.update(task_id, {"title": "乙"})
    swap(funing, xingye)

    (conflict,) = list_conflicts(funing)
    resolve(funing, conflict.id, typed="丙")
    send(funing, xingye)

    assert list_conflicts(xingye) == []
    assert xingye.tasks.docs()[task_id]["title"] == "丙"
    assert xingye.history.of(task_id)[-1].action == "resolved"


def test_resolving_keep_and_take_other() -> None:
    funing, xingye, task_id = pair()
    funing.tasks.update(task_id, {"title": "甲"})
    xingye.tasks.update(task_id, {"title": "乙"})
    swap(funing, xingye)
    shown = funing.tasks.docs()[task_id]["title"]

    resolve(funing, list_conflicts(funing)[0].id, keep=True)
    assert funing.tasks.docs()[task_id]["title"] == shown
    xingye_conflict = list_conflicts(xingye)[0]
    resolve(xingye, xingye_conflict.id, take_other=True)
    swap(funing, xingye)

    assert funing.tasks.docs()[task_id] == xingye.tasks.docs()[task_id]
    assert list_conflicts(funing) == list_conflicts(xingye)


def test_a_delete_propagates_and_an_old_bundle_does_not_bring_it_back() -> None:
    funing, xingye, task_id = pair()
    old = bundle_of(funing)
    funing.tasks.delete(task_id)
    send(funing, xingye)

    merge_bundles(xingye, [old])

    assert xingye.tasks.docs()[task_id].get("deleted") is True
    assert list_conflicts(xingye) == []


def test_a_delete_concurrent_with_an_edit_is_a_conflict_not_a_loss() -> None:
    funing, xingye, task_id = pair()
    funing.tasks.delete(task_id)
    xingye.tasks.update(task_id, {"place": "3栋旁"})

    swap(funing, xingye)

    for store in (funing, xingye):
        (conflict,) = list_conflicts(store)
        assert conflict.path == "deleted" and conflict.others[0].site == "xingye"
        assert store.tasks.docs()[task_id]["place"] == "3栋旁"  # the edit is kept
    resolve(funing, list_conflicts(funing)[0].id, take_other=True)  # bring it back
    send(funing, xingye)
    assert not xingye.tasks.docs()[task_id].get("deleted")
    assert list_conflicts(xingye) == []


def test_same_assignment_made_at_two_sites_is_one_record_without_conflict() -> None:
    funing, xingye = site_store("funing"), site_store("xingye")
    task = funing.tasks.create(Task(title="刷漆", site="funing", needs=[{"skill": "painting"}]))
    person = funing.volunteers.create(Volunteer(name="张伟", skills={"painting": 2}))
    send(funing, xingye)
    for store in (funing, xingye):
        store.assignments.create(Assignment(task=task.id, volunteer=person.id, skill="painting"))

    swap(funing, xingye)

    assert len(funing.assignments.docs()) == 1
    assert state(funing) == state(xingye)
    assert list_conflicts(funing) == []


def test_sets_merge_as_sets() -> None:
    funing, xingye, task_id = pair()
    funing.tasks.update(task_id, {"tags": []})
    xingye.tasks.update(task_id, {"tags": ["fence", "urgent"]})

    swap(funing, xingye)

    assert funing.tasks.docs()[task_id]["tags"] == ["urgent"]
    assert state(funing) == state(xingye)


def test_new_skill_at_two_sites_merges_into_one() -> None:
    funing, xingye = site_store("funing"), site_store("xingye")
    for store in (funing, xingye):
        store.skills.create(Skill(key="plumbing", label_en="plumbing", label_zh="水管"))
    swap(funing, xingye)
    assert funing.skills.docs()["plumbing"] == xingye.skills.docs()["plumbing"]
    assert VECTOR in funing.skills.docs()["plumbing"]
    assert list_conflicts(funing) == []


def test_far_future_stamps_are_kept_but_do_not_move_the_clock() -> None:
    funing, xingye, task_id = pair()
    xingye.clock.last = hlc_from_ms(xingye.clock._wall_ms() + 30 * MAX_SKEW_MS)
    xingye.tasks.update(task_id, {"title": "来自未来"})
    before = funing.clock.last

    summary = send(xingye, funing)

    assert funing.tasks.docs()[task_id]["title"] == "来自未来"
    assert funing.clock.last < xingye.clock.last and funing.clock.last >= before
    assert any("xingye" in warning for warning in summary.warnings)
    funing.tasks.update(task_id, {"title": "改回来"})  # an edit that saw it still wins
    send(funing, xingye)
    assert xingye.tasks.docs()[task_id]["title"] == "改回来"


def test_redacted_bundle_withholds_personal_data_and_never_erases_it() -> None:
    funing, xingye = site_store("funing"), site_store("xingye")
    shy = funing.volunteers.create(
        Volunteer(name="王芳", phone="13800138000", notes="腿脚不便", skills={"painting": 1}),
    )
    open_ = funing.volunteers.create(Volunteer(name="李娜", phone="13900139000", consent=True))

    redacted = bundle_of(funing, redact=True)
    merge_bundles(xingye, [redacted])

    pseudonym = xingye.volunteers.docs()[shy.id]
    assert (pseudonym["name"], pseudonym["phone"], pseudonym["notes"]) == (shy.ref, None, "")
    assert pseudonym["skills"] == {"painting": 1}
    assert set(pseudonym[HIDDEN]) == {"name", "phone", "notes"}
    assert xingye.volunteers.docs()[open_.id]["name"] == "李娜"
    assert xingye.volunteers.docs()[open_.id]["phone"] is None
    for history in xingye.history.docs().values():
        assert "王芳" not in str(history) and "13800138000" not in str(history)

    xingye.volunteers.update(shy.id, {"skills": {"painting": 2}})
    send(xingye, funing)
    home = funing.volunteers.docs()[shy.id]
    assert (home["name"], home["phone"], home["notes"]) == ("王芳", "13800138000", "腿脚不便")
    assert home["skills"] == {"painting": 2}

    send(funing, xingye)  # the full bundle later fills the details in
    assert xingye.volunteers.docs()[shy.id]["name"] == "王芳"
    assert state(funing)["volunteers"] == state(xingye)["volunteers"]


def test_since_last_sends_only_what_the_other_does_not_hold() -> None:
    funing, xingye, task_id = pair()
    send(xingye, funing)  # funing now knows what xingye holds
    funing.tasks.update(task_id, {"title": "改了"})

    delta = bundle_of(funing, since="xingye")

    assert set(delta.records["tasks"]) == {task_id}
    assert delta.records["skills"] == {}
    merge_bundles(xingye, [delta])
    assert xingye.tasks.docs()[task_id]["title"] == "改了"


def test_since_last_still_converges_when_a_bundle_is_lost() -> None:
    funing, xingye, task_id = pair()
    send(xingye, funing)
    funing.tasks.update(task_id, {"title": "第一次"})
    bundle_of(funing, since="xingye")  # lost on the way
    funing.tasks.update(task_id, {"place": "第二次"})

    merge_bundles(xingye, [bundle_of(funing, since="xingye")])

    doc = xingye.tasks.docs()[task_id]
    assert (doc["title"], doc["place"]) == ("第一次", "第二次")
    assert state(funing)["tasks"] == state(xingye)["tasks"]


def test_dry_run_changes_nothing() -> None:
    funing, xingye, task_id = pair()
    funing.tasks.update(task_id, {"title": "改了"})
    before = state(xingye)

    summary = merge_bundles(xingye, [bundle_of(funing)], dry_run=True)

    assert summary.dry_run and summary.tables["tasks"].updated == 1
    assert state(xingye) == before

"""Record bookkeeping: which paths an edit stamps, counters, version vectors, the clock."""

from __future__ import annotations

from typing import Any

from taskboard.model import ChecklistItem, ChecklistState, Need, Task, Volunteer
from taskboard.store import Store
from taskboard.store.clock import MAX_SKEW_MS, HybridClock, hlc_from_ms, hlc_ms
from taskboard.store.records import (
    COUNTERS,
    SIBLINGS,
    STAMPS,
    VECTOR,
    paths,
    public,
    spec_for,
    stamp_created,
    stamp_edited,
    version_vector,
)

CREATED_AT = 1_000
EDITED_AT = 2_000


def task_doc(**fields: Any) -> dict[str, Any]:
    """A task as stored right after funing created it."""
    task = Task(title="南区围墙补焊", site="funing", **fields)
    return stamp_created(task.model_dump(mode="json"), "tasks", "funing", CREATED_AT)


def volunteer_doc(**fields: Any) -> dict[str, Any]:
    volunteer = Volunteer(name="张伟", **fields)
    return stamp_created(volunteer.model_dump(mode="json"), "volunteers", "funing", CREATED_AT)


def edited(
    old: dict[str, Any], table: str, site: str = "jingshan", **changes: Any
) -> tuple[dict[str, Any], set[str]]:
    """`old` with `changes` applied, as `site` would store it."""
    return stamp_edited(old, {**public(old), **changes}, table, site, EDITED_AT)


def item(doc: dict[str, Any], **changes: Any) -> list[dict[str, Any]]:
    """The checklist of `doc` with the first item changed."""
    first, *rest = doc["checklist"]
    return [{**first, **changes}, *rest]


# stamp_created ------------------------------------------------------------------------


def test_created_record_has_only_the_creation_stamp() -> None:
    doc = task_doc(tags=["fence"])

    assert doc[STAMPS] == {"": ["funing", CREATED_AT]}
    assert VECTOR not in doc
    assert COUNTERS not in doc
    assert version_vector(doc) == {"funing": CREATED_AT}


def test_created_record_counts_existing_attempts_for_its_site() -> None:
    doc = task_doc(checklist=[ChecklistItem(text="1栋201", attempts=2)])
    path = f"checklist.{doc['checklist'][0]['id']}.attempts"

    assert doc[COUNTERS] == {path: {"funing": [2, 0]}}


def test_stamp_created_drops_bookkeeping_passed_in() -> None:
    raw = {**Task(title="x", site="funing").model_dump(mode="json"), SIBLINGS: {"title": []}}

    doc = stamp_created(raw, "tasks", "funing", CREATED_AT)

    assert SIBLINGS not in doc


# paths ---------------------------------------------------------------------------------


def test_paths_split_sets_maps_and_keyed_lists() -> None:
    doc = task_doc(
        tags=["fence", "urgent"],
        needs=[Need(skill="welding", count=2)],
        checklist=[ChecklistItem(text="1栋201", attempts=1)],
    )
    item_id = doc["checklist"][0]["id"]

    found = paths(doc, spec_for("tasks"))

    assert found["title"] == "南区围墙补焊"
    assert found["tags.fence"] is True and found["tags.urgent"] is True
    assert found["needs.welding.count"] == 2
    assert found[f"checklist.{item_id}.state"] == "todo"
    assert found[f"checklist.{item_id}.text"] == "1栋201"
    assert f"checklist.{item_id}.attempts" not in found  # a counter, not a path
    assert f"checklist.{item_id}.id" not in found
    assert "tags" not in found and "checklist" not in found
    assert "id" not in found and STAMPS not in found


def test_paths_of_volunteer_maps_are_per_key() -> None:
    doc = volunteer_doc(skills={"welding": 2, "painting": 1}, groups=["youth"])

    found = paths(doc, spec_for("volunteers"))

    assert found["skills.welding"] == 2
    assert found["skills.painting"] == 1
    assert found["groups.youth"] is True
    assert "skills" not in found


# stamp_edited --------------------------------------------------------------------------


def test_title_edit_stamps_only_title() -> None:
    old = task_doc(tags=["fence"])

    new, changed = edited(old, "tasks", title="围墙除锈")

    assert changed == {"title"}
    assert new[STAMPS] == {"": ["funing", CREATED_AT], "title": ["jingshan", EDITED_AT]}
    assert new["title"] == "围墙除锈"


def test_adding_a_tag_stamps_that_tag_only() -> None:
    old = task_doc(tags=["fence"])

    new, changed = edited(old, "tasks", tags=["fence", "urgent"])

    assert changed == {"tags.urgent"}
    assert set(new[STAMPS]) == {"", "tags.urgent"}


def test_removing_a_tag_stamps_that_tag_only() -> None:
    old = task_doc(tags=["fence", "urgent"])

    _, changed = edited(old, "tasks", tags=["urgent"])

    assert changed == {"tags.fence"}


def test_changing_a_skill_level_stamps_that_skill_only() -> None:
    old = volunteer_doc(skills={"welding": 1, "painting": 2})

    new, changed = edited(old, "volunteers", skills={"welding": 3, "painting": 2})

    assert changed == {"skills.welding"}
    assert new[STAMPS]["skills.welding"] == ["jingshan", EDITED_AT]
    assert "skills.painting" not in new[STAMPS]


def test_checklist_state_change_stamps_that_items_state() -> None:
    old = task_doc(checklist=[ChecklistItem(text="1栋201"), ChecklistItem(text="1栋202")])
    item_id = old["checklist"][0]["id"]

    new, changed = edited(old, "tasks", checklist=item(old, state=ChecklistState.DONE))

    assert changed == {f"checklist.{item_id}.state"}
    assert set(new[STAMPS]) == {"", f"checklist.{item_id}.state"}


def test_attempts_go_into_per_site_counters() -> None:
    old = task_doc(checklist=[ChecklistItem(text="1栋201", attempts=1)])
    path = f"checklist.{old['checklist'][0]['id']}.attempts"

    more, changed = edited(old, "tasks", checklist=item(old, attempts=3))
    fewer, _ = edited(more, "tasks", checklist=item(more, attempts=2))
    again, _ = edited(fewer, "tasks", site="funing", checklist=item(fewer, attempts=4))

    assert changed == {path}
    assert path not in more[STAMPS]  # counters merge by adding, they are not stamped
    assert more[COUNTERS] == {path: {"funing": [1, 0], "jingshan": [2, 0]}}
    assert fewer[COUNTERS] == {path: {"funing": [1, 0], "jingshan": [2, 1]}}
    assert again[COUNTERS] == {path: {"funing": [3, 0], "jingshan": [2, 1]}}
    # the per-site counts always add up to the shown total
    for doc, total in ((more, 3), (fewer, 2), (again, 4)):
        assert sum(inc - dec for inc, dec in doc[COUNTERS][path].values()) == total


def test_edit_clears_conflicts_only_of_the_paths_it_touches() -> None:
    old = {
        **task_doc(),
        SIBLINGS: {"title": [["围墙补焊", "xingye", 1_500]], "place": [["3栋旁", "xingye", 1_500]]},
    }

    new, _ = edited(old, "tasks", title="围墙除锈补焊")

    assert new[SIBLINGS] == {"place": [["3栋旁", "xingye", 1_500]]}

    resolved, _ = edited(new, "tasks", place="4栋旁")

    assert SIBLINGS not in resolved


def test_version_vector_gains_the_editing_site() -> None:
    old = task_doc()

    first, _ = edited(old, "tasks", site="jingshan", title="一")
    second, _ = stamp_edited(first, {**public(first), "title": "二"}, "tasks", "funing", 3_000)

    assert first[VECTOR] == {"funing": CREATED_AT, "jingshan": EDITED_AT}
    assert version_vector(second) == {"funing": 3_000, "jingshan": EDITED_AT}


def test_unchanged_record_gets_no_new_stamps() -> None:
    old = task_doc(tags=["fence"])

    new, changed = stamp_edited(old, public(old), "tasks", "jingshan", EDITED_AT)

    assert changed == set()
    assert new[STAMPS] == old[STAMPS]


# Through the store ---------------------------------------------------------------------


def test_store_edit_stamps_only_what_changed(memory_store: Store) -> None:
    task = memory_store.tasks.create(
        Task(title="楼道清理", site="funing", tags=["clean"], checklist=[])
    )
    created = memory_store.tasks.get(task.id)
    assert created is not None

    memory_store.tasks.update(task.id, {"tags": ["clean", "weekend"]})

    doc = memory_store.tasks.get(task.id)
    assert doc is not None
    assert set(doc[STAMPS]) == {"", "tags.weekend"}
    assert doc[STAMPS][""] == created[STAMPS][""]
    site, hlc = doc[STAMPS]["tags.weekend"]
    assert site == "funing" and hlc > created[STAMPS][""][1]
    assert doc[VECTOR] == {"funing": hlc}


def test_store_does_not_stamp_or_log_an_edit_that_changes_nothing(memory_store: Store) -> None:
    task = memory_store.tasks.create(Task(title="楼道清理", site="funing"))
    before = memory_store.tasks.get(task.id)
    history = len(memory_store.history.of(task.id))

    memory_store.tasks.update(task.id, {"title": "楼道清理"})

    assert memory_store.tasks.get(task.id) == before
    assert len(memory_store.history.of(task.id)) == history


# HybridClock ---------------------------------------------------------------------------


class Wall:
    """A wall clock the test sets by hand (milliseconds)."""

    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_clock_follows_the_wall_clock() -> None:
    wall = Wall(1_700_000_000_000)
    clock = HybridClock(wall_ms=wall)

    first = clock.tick()
    wall.ms += 5
    second = clock.tick()

    assert first == hlc_from_ms(1_700_000_000_000)
    assert second == hlc_from_ms(1_700_000_000_005)


def test_clock_stays_monotonic_when_the_wall_clock_steps_back() -> None:
    wall = Wall(1_700_000_000_000)
    clock = HybridClock(wall_ms=wall)
    stamps = [clock.tick()]

    wall.ms -= 60_000  # NTP correction, or someone fixing the laptop's date
    stamps += [clock.tick() for _ in range(3)]
    wall.ms += 120_000
    stamps.append(clock.tick())

    assert stamps == sorted(set(stamps))  # strictly increasing
    assert hlc_ms(stamps[3]) == 1_700_000_000_000  # held at the latest time seen
    assert stamps[-1] == hlc_from_ms(1_700_000_060_000)


def test_clock_starts_after_the_stamp_saved_in_the_file() -> None:
    saved = hlc_from_ms(1_800_000_000_000, 7)
    clock = HybridClock(saved, wall_ms=Wall(1_700_000_000_000))

    assert clock.tick() == saved + 1


def test_observe_refuses_stamps_more_than_a_day_ahead() -> None:
    wall = Wall(1_700_000_000_000)
    clock = HybridClock(wall_ms=wall)
    now = clock.tick()

    assert clock.observe(hlc_from_ms(wall.ms + MAX_SKEW_MS + 1)) is False
    assert clock.last == now
    assert clock.tick() == now + 1


def test_observe_accepts_stamps_up_to_a_day_ahead_and_moves_past_them() -> None:
    wall = Wall(1_700_000_000_000)
    clock = HybridClock(wall_ms=wall)
    ahead = hlc_from_ms(wall.ms + 3_600_000, 3)

    assert clock.observe(ahead) is True
    assert clock.tick() == ahead + 1
    assert clock.observe(hlc_from_ms(wall.ms + MAX_SKEW_MS)) is True


def test_observe_of_an_older_stamp_keeps_the_clock() -> None:
    wall = Wall(1_700_000_000_000)
    clock = HybridClock(wall_ms=wall)
    now = clock.tick()

    assert clock.observe(hlc_from_ms(wall.ms - 10_000)) is True
    assert clock.last == now

"""A moved or new task lands at the very top or bottom of its column, whatever changed meanwhile.

The store keeps each column's lowest and highest rank in an index across its own
writes (a key press at district size must not scan every task); these tests
interleave moves with changes the index did not see: another process's save, a
removal, a merge-like direct rewrite, to show the ends are never stale.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from taskboard.actions.tasks import create_task, move_task, reorder_task
from taskboard.model import Site, Status, Task
from taskboard.store import Store

STATUSES = [Status.SUGGESTED, Status.OPEN, Status.STAFFED, Status.IN_PROGRESS]


def ranks(store: Store, status: Status) -> list[float]:
    return [doc["rank"] for doc in store.tasks.live() if doc["status"] == status]


def site_store(path: Path) -> Store:
    store = Store.open(path, must_exist=False)
    store.initialise(Site(id="funing", name="阜宁"))
    return store


step = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(STATUSES), st.booleans()),
    st.tuples(st.just("move"), st.sampled_from(STATUSES), st.booleans()),
    st.tuples(st.just("reorder"), st.floats(-50, 50, allow_nan=False), st.booleans()),
    st.tuples(st.just("elsewhere"), st.sampled_from(STATUSES), st.floats(-99, 99)),
)


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(step, min_size=1, max_size=25), data=st.data())
def test_moves_land_at_the_column_end_through_changes_the_index_did_not_see(
    tmp_path_factory: object, steps: list[tuple[str, object, object]], data: st.DataObject
) -> None:
    path = tmp_path_factory.mktemp("ends") / "board.json"  # type: ignore[attr-defined]
    store = site_store(path)
    other = Store.open(path)  # another window or process on the same file
    for kind, a, b in steps:
        ids = [doc["id"] for doc in store.tasks.live()]
        if kind == "add":
            edit = create_task(store, {"title": "楼道清理", "status": a}, top=bool(b))
        elif kind == "move" and ids:
            edit = move_task(store, data.draw(st.sampled_from(ids)), a, top=bool(b))
        elif kind == "reorder" and ids:
            reorder_task(store, data.draw(st.sampled_from(ids)), float(a))  # type: ignore[arg-type]
            continue
        elif kind == "elsewhere":
            other.tasks.create(Task(title="别处", site="funing", status=a, rank=float(b)))
            continue
        else:
            continue
        doc = store.tasks.get(edit.record_id)
        assert doc is not None
        column = ranks(store, doc["status"])
        wanted = min(column) if b else max(column)
        assert doc["rank"] == wanted
        assert column.count(doc["rank"]) == 1, "the moved card shares its rank with another"

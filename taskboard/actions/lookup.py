"""Finding the task an action is about, as it is under the lock."""

from __future__ import annotations

from taskboard.i18n import _
from taskboard.model import Task
from taskboard.store import NotFound, Store
from taskboard.store.records import DELETED


def live_task(store: Store, ref: str) -> Task:
    """The live task `ref` (reference or id) names; one removed meanwhile is named as such."""
    try:
        return store.task(ref)
    except NotFound:
        doc = store.tasks.get(ref)
        if doc is not None and doc.get(DELETED):
            raise NotFound(_("task {ref} was removed").format(ref=repr(doc["ref"]))) from None
        raise

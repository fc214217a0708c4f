"""Finding the task or assignment an action is about, as it is under the lock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from taskboard.i18n import _
from taskboard.store import Ambiguous, NotFound, Store
from taskboard.store.records import DELETED
from taskboard.store.tables import Doc

if TYPE_CHECKING:
    from taskboard.model import Task


def live_task(store: Store, ref: str) -> Task:
    """The live task `ref` (reference or id) names; one removed meanwhile is named as such."""
    try:
        return store.task(ref)
    except NotFound:
        doc = store.tasks.get(ref)
        if doc is not None and doc.get(DELETED):
            raise NotFound(_("task {ref} was removed").format(ref=repr(doc["ref"]))) from None
        raise


def find_assignment(store: Store, task_ref: str, volunteer: str, skill: str | None = None) -> Doc:
    """The live assignment of a volunteer on a task; `skill` picks among several.

    Unassigning, setting a state and logging hours all name an assignment this way.
    """
    task = store.tasks.find(task_ref)
    person = store.find_volunteer(volunteer)
    found = [
        doc
        for doc in store.assignments_of_task(task["id"])
        if doc["volunteer"] == person["id"] and (skill is None or doc["skill"] == skill)
    ]
    if not found:
        raise NotFound(
            _("{name} is not assigned to {ref}").format(name=person["name"], ref=task["ref"])
            + (f" ({skill})" if skill else "")
        )
    if len(found) > 1:
        skills = ", ".join(sorted(doc["skill"] for doc in found))
        raise Ambiguous(
            _("{name} is on {ref} for {skills}: say which with --skill").format(
                name=person["name"], ref=task["ref"], skills=skills
            )
        )
    return found[0]

"""Putting a data set into a store."""

from __future__ import annotations

from taskboard.demo.dataset import Dataset
from taskboard.store import Store


def fill_store(store: Store, dataset: Dataset) -> None:
    """Store every record of `dataset` in one save, without a history of its making."""
    with store.transaction():
        known = store.docs("sites")
        sites = [site for site in dataset.sites if site.id not in known]
        store.create_many("sites", sites, action=None)
        store.create_many("volunteers", dataset.volunteers, action=None)
        store.create_many("tasks", dataset.tasks, action=None)
        store.create_many("assignments", dataset.assignments, action=None)
        store.create_many("hours", dataset.hours, action=None)

"""Putting a data set into a store."""

from __future__ import annotations

from taskboard.demo.dataset import Dataset
from taskboard.store import Store
from taskboard.store.storage import Tables


def fill_store(store: Store, dataset: Dataset, *, history: bool = True) -> None:
    """Store every record of `dataset` in one save.

    `history=False` skips the "created" history entries: a district's worth of
    them would double the file for no benefit in benchmarks.
    """
    action = "created" if history else None
    with store.transaction():
        known = store.sites.docs()
        sites = [site for site in dataset.sites if site.id not in known]
        store.sites.create_many(sites, action=action)
        store.volunteers.create_many(dataset.volunteers, action=action)
        store.series.create_many(dataset.series, action=action)
        store.tasks.create_many(dataset.tasks, action=action)
        store.assignments.create_many(dataset.assignments, action=action)
        store.hours.create_many(dataset.hours, action=action)
        store.suggestions.create_many(dataset.suggestions, action=action)
        store.campaigns.create_many(dataset.campaigns, action=action)
        store.visits.create_many(dataset.visits, action=action)


def dataset_tables(dataset: Dataset, *, who: str, coordinator: str, history: bool = True) -> Tables:
    """The whole content of a data file holding `dataset` for its first site.

    Built in memory, to be saved at once with `Store.replace_all`.
    """
    fresh = Store.memory(who=who)
    fresh.initialise(dataset.site, coordinator=coordinator)
    fill_store(fresh, dataset, history=history)
    return fresh.storage.data

"""The activity history: who at which site changed what, and when."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from taskboard.model.common import Key, Line, Moment, Record, new_id


class HistoryEntry(Record):
    """One change to one record; entries are never edited, only added."""

    id: Key = Field(default_factory=new_id)
    table: Key
    """Which kind of record changed: `tasks`, `volunteers`, `assignments`, …"""
    record: Key
    """Id of the record that changed."""
    ref: Line = ""
    """Its human reference at the time, for reading the log without lookups."""
    action: Key
    """`created`, `edited`, `moved`, `deleted`, `restored`, `checked`, …"""
    at: Moment
    site: Key
    who: Line
    changes: dict[Key, tuple[Any, Any]] = Field(default_factory=dict)
    """Field → (old value, new value), both as stored JSON values."""

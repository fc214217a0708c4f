"""The activity history: who at which site changed what, and when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from taskboard.model.common import Record, new_id


class HistoryEntry(Record):
    """One change to one record; entries are never edited, only added."""

    id: str = Field(default_factory=new_id)
    table: str
    """Which kind of record changed: `tasks`, `volunteers`, `assignments`, …"""
    record: str
    """Id of the record that changed."""
    ref: str = ""
    """Its human reference at the time, for reading the log without lookups."""
    action: str
    """`created`, `edited`, `moved`, `deleted`, `restored`, `checked`, …"""
    at: dt.datetime
    site: str
    who: str
    changes: dict[str, tuple[Any, Any]] = Field(default_factory=dict)
    """Field → (old value, new value), both as stored JSON values."""

"""The roster's rows, read from the raw stored records, and their labels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text

from taskboard.i18n import _, group_name, language
from taskboard.store import Store
from taskboard.tui.plain import cell

COLUMNS = (
    ("Ref", "ref", 12),
    ("Name", "name", 8),
    ("Skills", "skills", 24),
    ("Site", "site", 10),
    ("Groups", "groups", 14),
    ("Minor", "minor", 6),
    ("Active", "active", 6),
    ("Hours", "hours", 5),
)
"""Header (English source text), column key and width. Fixed widths keep the
columns from shifting while later rows arrive. Skills come right after the name:
on a small terminal they are what the coordinator is looking for."""


@dataclass(frozen=True, eq=False, slots=True)
class RosterRow:
    """What the table and the filters need of one volunteer, read from the stored record."""

    id: str
    ref: str
    name: str
    site: str
    skills: dict[str, int]
    groups: tuple[str, ...]
    slots: frozenset[str]
    minor: bool
    active: bool
    hours: float
    haystack: str
    """Name, reference, phone (also without spaces) and notes, case-folded, for the search."""

    @classmethod
    def from_doc(cls, doc: dict[str, Any], hours: float) -> RosterRow:
        """Take the fields from a stored record without validating it."""
        phone = doc.get("phone") or ""
        compact_phone = phone.replace(" ", "").replace("-", "")
        searched = (doc["name"], doc.get("ref", ""), phone, compact_phone, doc.get("notes", ""))
        return cls(
            id=doc["id"],
            ref=doc.get("ref", ""),
            name=doc["name"],
            site=doc.get("site") or "",
            skills=doc.get("skills", {}),
            groups=tuple(doc.get("groups", ())),
            slots=frozenset(doc.get("availability", ())),
            minor=bool(doc.get("minor")),
            active=doc.get("active", True),
            hours=hours,
            haystack="\n".join(searched).casefold(),
        )

    def sort_key(self, local_site: str) -> tuple[bool, str, int, str]:
        """The local site's people first, then by site and reference number (`v2` before `v10`)."""
        tail = self.ref.rsplit("v", 1)[-1]
        return self.site != local_site, self.site, int(tail) if tail.isdigit() else 0, self.ref


@dataclass
class RosterLabels:
    """Display names in the active language, read once per load."""

    skills: dict[str, str] = field(default_factory=dict)
    """Skill key → label."""
    sites: dict[str, str] = field(default_factory=dict)
    """Site id → name."""

    @classmethod
    def read(cls, store: Store) -> RosterLabels:
        """The labels of the store's skill catalogue and sites."""
        lang = language()
        skills = {key: skill.label(lang) for key, skill in store.skills.models().items()}
        return cls(skills, {site_id: site.name for site_id, site in store.sites.models().items()})

    def skill_levels(self, skills: dict[str, int]) -> str:
        """`电焊 3 · 粉刷 1`."""
        return " · ".join(f"{self.skills.get(key, key)} {lvl}" for key, lvl in skills.items())


def hours_this_month(store: Store, today: dt.date) -> dict[str, float]:
    """Volunteer id → hours logged in `today`'s calendar month."""
    month = today.isoformat()[:7]
    totals: dict[str, float] = {}
    for doc in store.hours.live():
        if str(doc["date"]).startswith(month):
            totals[doc["volunteer"]] = totals.get(doc["volunteer"], 0.0) + float(doc["hours"])
    return totals


def load_rows(store: Store, hours: dict[str, float]) -> list[RosterRow]:
    """Every live volunteer as a row, in roster order; `hours` are this month's by id."""
    rows = [RosterRow.from_doc(doc, hours.get(doc["id"], 0.0)) for doc in store.volunteers.live()]
    local_site = store.site
    rows.sort(key=lambda row: row.sort_key(local_site))
    return rows


def row_cells(row: RosterRow, labels: RosterLabels) -> tuple[Text, ...]:
    """The table cells of one row, in `COLUMNS` order."""
    return (
        cell(row.ref),
        cell(row.name),
        cell(labels.skill_levels(row.skills)),
        cell(labels.sites.get(row.site, row.site)),
        cell(", ".join(group_name(group) for group in row.groups)),
        cell(_("yes") if row.minor else ""),
        cell(_("yes") if row.active else _("no")),
        cell(f"{row.hours:g}" if row.hours else ""),
    )

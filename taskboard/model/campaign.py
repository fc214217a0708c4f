"""Visit campaigns: one household list visited in rounds until no household is missed.

A campaign (`Campaign`) holds the households and the list of its rounds; each
round is an ordinary visits task on the board whose checklist items are the
households still to see, each item's id being the household's id. So a
household keeps one id across every round, and its story (every attempt, with
the day and who went) is read from the visits (`Visit`) made on items with
that id in the campaign's round tasks. Visits are records of their own, like
hours entries: two volunteers' visits recorded at two sites add up when the
files merge, instead of one overwriting the other.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from taskboard.model.common import (
    ChecklistState,
    Day,
    Key,
    Line,
    Name,
    Record,
    Slug,
    Text,
    new_id,
    phone_number,
)
from taskboard.model.text import PlainText

Address = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20), PlainText()]
"""A building, unit or room as the office writes it (`3`, `A座`, `201`)."""


def address_key(building: str, unit: str, room: str) -> tuple[str, str, str]:
    """What makes two rows the same flat: the address, ignoring case and spaces."""
    return (building.strip().lower(), unit.strip().lower(), room.strip().lower())


def household_label(building: str, unit: str, room: str) -> str:
    """How a household is written on a checklist: `3栋2单元201`, `A座 201`."""

    def part(value: str, suffix: str) -> str:
        return f"{value}{suffix}" if value.isdigit() else (f"{value} " if value else "")

    return f"{part(building, '栋')}{part(unit, '单元')}{room}".strip()


class Household(Record):
    """One flat of the list. Name, phone and note are personal: redacted exports withhold them."""

    id: Key = Field(default_factory=new_id)
    """Minted when first imported, in the list's order; the household's checklist
    item in every round carries the same id."""
    building: Address = Field(min_length=1)
    unit: Address = ""
    room: Address = Field(min_length=1)
    name: Line = Field(default="", max_length=120)
    """The resident's name, for the visitor only."""
    phone: Line | None = None
    note: Text = ""

    @field_validator("phone")
    @classmethod
    def _valid_phone(cls, value: str | None) -> str | None:
        return phone_number(value) if value else None

    @property
    def address(self) -> tuple[str, str, str]:
        """The address as compared (see `address_key`)."""
        return address_key(self.building, self.unit, self.room)

    @property
    def label(self) -> str:
        """The address as the checklist shows it."""
        return household_label(self.building, self.unit, self.room)


class Round(Record):
    """One round of a campaign: the visits task that carries it."""

    task: Key
    """Task id."""
    number: int = Field(ge=1, le=1000)


class Campaign(Record):
    """A household list visited in rounds (see the module docstring)."""

    id: Key = Field(default_factory=new_id)
    ref: Key = ""
    """Short reference unique across sites, e.g. `xingye-c1`, assigned when stored."""
    title: Name
    site: Slug
    place: Line = Field(default="", max_length=200)
    description: Text = ""
    households: list[Household] = Field(default_factory=list)
    rounds: list[Round] = Field(default_factory=list)
    closed: bool = False

    @field_validator("households")
    @classmethod
    def _one_per_address(cls, value: list[Household]) -> list[Household]:
        seen: dict[tuple[str, str, str], str] = {}
        for household in value:
            if seen.setdefault(household.address, household.id) != household.id:
                raise ValueError(f"household {household.label} is listed twice")
        return value

    def round_list(self) -> list[Round]:
        """The rounds in order, first round first."""
        return sorted(self.rounds, key=lambda r: r.number)

    def current_round(self) -> Round | None:
        """The latest round, or None before the first."""
        rounds = self.round_list()
        return rounds[-1] if rounds else None

    def household(self, household: str) -> Household | None:
        """The household with this id, or None."""
        return next((h for h in self.households if h.id == household), None)


class Visit(Record):
    """One attempt at one checklist item (a household): the day, who went, what came of it."""

    id: Key = Field(default_factory=new_id)
    task: Key
    """Task id."""
    item: Key
    """Checklist item id (in a campaign round: the household id)."""
    on: Day
    state: ChecklistState
    """`done` or `retry` (nobody home)."""
    volunteer: Key | None = None
    """The volunteer who went, when they are on the roster."""
    by: Line = Field(default="", max_length=120)
    """Who went, when not a volunteer on the roster (the coordinator)."""

"""Volunteers on the roster: what they can do and when they are free."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator, model_validator

from taskboard.model.common import (
    DAYS,
    PARTS,
    Day,
    Group,
    Key,
    Level,
    Line,
    Name,
    Record,
    Slug,
    Text,
    new_id,
    phone_number,
)
from taskboard.model.kinds import SLOT_ORDER as SLOT_ORDER
from taskboard.model.text import shown


def check_slot(value: str) -> str:
    """`value` when it is a weekly slot such as `sat:morning` (ValueError otherwise)."""
    day, _, part = value.partition(":")
    if day not in DAYS or part not in PARTS:
        raise ValueError(
            f"availability {shown(value)} must be DAY:PART with DAY in {'/'.join(DAYS)}"
            f" and PART in {'/'.join(PARTS)}"
        )
    return value


Slot = Annotated[str, AfterValidator(check_slot)]
"""A weekly availability slot `DAY:PART`, e.g. `sat:morning`."""


class Away(Record):
    """A dated period when the volunteer cannot be asked (inclusive dates)."""

    start: Day
    end: Day

    @model_validator(mode="after")
    def _end_after_start(self) -> Away:
        if self.end < self.start:
            raise ValueError(f"away period ends ({self.end}) before it starts ({self.start})")
        return self


class Volunteer(Record):
    """One person on the roster."""

    id: Key = Field(default_factory=new_id)
    ref: Key = ""
    """Short reference like `funing-v7`, assigned when stored."""
    name: Name
    phone: Line | None = None
    """Personal data: left out of redacted exports."""
    skills: dict[Slug, Level] = Field(default_factory=dict)
    """Skill key → level 1–3."""
    certs: dict[Slug, Day] = Field(default_factory=dict)
    """Skill key → date the certification expires."""
    minor: bool = False
    """Under 18: never given adult-only skills."""
    groups: list[Group] = Field(default_factory=list)
    """e.g. `party-member`, `military-spouse-association`, `youth`, `舞龙队`."""
    availability: list[Slot] = Field(default_factory=list)
    """Weekly slots the person is usually free."""
    away: list[Away] = Field(default_factory=list)
    site: Slug | None = None
    """Home site id."""
    max_hours: float | None = Field(default=None, gt=0, le=80)
    """Weekly hour cap; None means no cap."""
    consent: bool = False
    """May name and contact details travel to other sites?"""
    active: bool = True
    notes: Text = ""
    """Personal data: left out of redacted exports."""
    links: list[Key] = Field(default_factory=list)
    """Ids of other records of the same person (registered at another site too, or
    moved): a set that `volunteer link`/`unlink` change on both records. The rules
    judge each person once across all their records (`model.rules.people`)."""

    @field_validator("phone")
    @classmethod
    def _valid_phone(cls, value: str | None) -> str | None:
        return phone_number(value) if value else None

    @field_validator("groups")
    @classmethod
    def _sorted_groups(cls, value: list[str]) -> list[str]:
        return sorted(set(value))

    @field_validator("links")
    @classmethod
    def _sorted_links(cls, value: list[str]) -> list[str]:
        return sorted(set(value))

    @field_validator("availability")
    @classmethod
    def _week_order(cls, value: list[str]) -> list[str]:
        return sorted(set(value), key=SLOT_ORDER.__getitem__)

    @field_validator("away")
    @classmethod
    def _sorted_away(cls, value: list[Away]) -> list[Away]:
        return sorted(value, key=lambda period: (period.start, period.end))

    def is_away(self, day: dt.date) -> bool:
        """True when `day` falls inside one of the away periods."""
        return any(period.start <= day <= period.end for period in self.away)

    def cert_valid(self, skill: str, on: dt.date) -> bool:
        """True when a certification for `skill` is held and unexpired on `on`."""
        expires = self.certs.get(skill)
        return expires is not None and expires >= on


EDITABLE_FIELDS: tuple[str, ...] = tuple(
    name for name in Volunteer.model_fields if name not in ("id", "ref", "links")
)
"""The fields a coordinator fills in (forms, roster files), in the model's order; links
are changed only by `volunteer link`/`unlink`, which change both records at once."""

"""Shared pydantic field types, and the plain enumerations of `model.kinds` again."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from taskboard.model.kinds import DAYS as DAYS
from taskboard.model.kinds import GROUP_NAMES as GROUP_NAMES
from taskboard.model.kinds import LABEL_PATTERN as LABEL_PATTERN
from taskboard.model.kinds import PART_HOURS as PART_HOURS
from taskboard.model.kinds import PARTS as PARTS
from taskboard.model.kinds import SLUG_PATTERN as SLUG_PATTERN
from taskboard.model.kinds import AssignmentState as AssignmentState
from taskboard.model.kinds import ChecklistState as ChecklistState
from taskboard.model.kinds import Kind as Kind
from taskboard.model.kinds import Priority as Priority
from taskboard.model.kinds import Status as Status
from taskboard.model.kinds import group_key as group_key
from taskboard.model.kinds import new_id as new_id
from taskboard.model.kinds import wall_clock as wall_clock
from taskboard.model.text import DayRange, PlainText, shown

Slug = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, pattern=SLUG_PATTERN),
]
"""A short lower-case key such as a site id (`funing`) or a skill (`door_to_door`)."""

Label = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, pattern=LABEL_PATTERN),
]
"""A group or tag people name themselves: one word of up to 32 lower-case letters,
digits, `-` or `_`, or Chinese characters (`party-member`, `fence`, `舞蹈队`).

No spaces, dots, commas or semicolons: labels are list items in CSV cells and set
elements in sync paths. Written as explicit ranges so that pydantic's regex engine
and Python's `re` (the sync plain test) agree on every character."""

Group = Annotated[Label, AfterValidator(group_key)]
"""A group label: `党员` typed at one site and `party-member` at another are one group."""

Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
    PlainText(required=True),
]
"""A person's, site's or task's display name: never empty or blank, one screen line."""

Line = Annotated[str, PlainText()]

PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 \-]{4,19}$")


def phone_number(value: str) -> str:
    """A phone number as written (`0756-2212345`, `138 0013 8000`); refused unless it is one."""
    if not PHONE_PATTERN.match(value):
        raise ValueError(f"phone {shown(value)} must be digits, spaces or dashes (5–20 chars)")
    return value


Phone = Annotated[Line, AfterValidator(phone_number)]
"""Optional one-line text (a place, a street, who verified hours): may be empty."""

Text = Annotated[str, StringConstraints(max_length=4000), PlainText(lines=True)]
"""Free text such as a description or notes: the one kind that may hold newlines."""

Key = Annotated[str, PlainText()]
"""An id or a reference held as text (`01m89x…`, `funing-12`); the store makes them."""

Day = Annotated[dt.date, DayRange()]
"""A calendar date within the years taskboard plans for (`model.text.FIRST_DAY`–`LAST_DAY`)."""

Moment = Annotated[dt.datetime, DayRange()]
"""A date and time whose day lies within the same years as `Day`."""

Level = Annotated[int, Field(ge=1, le=3)]
"""Skill level: 1 = can help, 2 = experienced, 3 = expert / can lead."""


class Record(BaseModel):
    """Base for stored records: strict about unknown fields so typos surface."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

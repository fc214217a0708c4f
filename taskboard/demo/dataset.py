"""The batch of records a demo data set consists of, and deterministic ids for it."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from taskboard.model.campaign import Campaign, Visit
from taskboard.model.series import Series
from taskboard.model.site import Site
from taskboard.model.suggestion import Suggestion
from taskboard.model.task import Assignment, HoursEntry, Task
from taskboard.model.volunteer import Volunteer

_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
"""The alphabet `new_id()` uses (Crockford base32, lower case)."""

_PAIRS = tuple(high + low for high in _CROCKFORD for low in _CROCKFORD)
"""Two characters for every 10-bit value: encodes an id in 13 lookups instead of 26."""

_EPOCH = dt.date(1970, 1, 1)


@dataclass
class Dataset:
    """Records to load into an empty data file in one batch."""

    site: Site
    """The local site the data file belongs to."""
    sites: list[Site]
    """Every site, the local one included."""
    volunteers: list[Volunteer]
    tasks: list[Task]
    assignments: list[Assignment]
    hours: list[HoursEntry]
    suggestions: list[Suggestion] = field(default_factory=list)
    """Residents' suggestions, linked to the tasks that answer them."""
    campaigns: list[Campaign] = field(default_factory=list)
    """Visit campaigns; their rounds are tasks of `tasks`."""
    visits: list[Visit] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    """Recurring work; each series' occurrences are in `tasks`."""
    """Each attempt at a household, with its day and who went."""


class SeededIds:
    """Mints ids shaped like `new_id()` (ULID layout) but from a seed.

    Demo data has to come out identical on every call so that tests, screenshots
    and benchmarks can compare runs, which `new_id()` (clock plus OS randomness)
    cannot give. The time part starts at midnight UTC of `day` and advances one
    millisecond per id, so the ids still sort in the order the records were made.
    """

    def __init__(self, seed: int | str, day: dt.date) -> None:
        self._rng = random.Random(seed)
        self._ms = (day - _EPOCH).days * 86_400_000

    def __call__(self) -> str:
        """The next id: 48 bits of milliseconds, then 80 seeded random bits."""
        self._ms += 1
        return _encode((self._ms << 80) | self._rng.getrandbits(80))


def _encode(value: int) -> str:
    """`value` (< 2**130) as 26 base32 characters, most significant first."""
    return "".join(_PAIRS[(value >> shift) & 1023] for shift in range(120, -1, -10))

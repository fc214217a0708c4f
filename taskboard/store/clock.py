"""A hybrid logical clock: wall-clock milliseconds with a logical counter.

Every stored change is stamped `(site, hlc)`. The value is strictly increasing
at one site, so it doubles as the site's change counter (the "dot" of a
field's value), while still reading as a time for "latest edit wins" between
concurrent edits.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

LOGICAL_BITS = 16
MAX_SKEW_MS = 24 * 3600 * 1000
"""A remote stamp further ahead than this does not move the local clock."""


def hlc_from_ms(ms: int, logical: int = 0) -> int:
    """Pack milliseconds and a logical counter into one sortable integer."""
    return (ms << LOGICAL_BITS) | logical


def hlc_ms(hlc: int) -> int:
    """The wall-clock milliseconds part of a stamp."""
    return hlc >> LOGICAL_BITS


def hlc_datetime(hlc: int) -> dt.datetime:
    """The stamp as an aware UTC datetime, for showing when a change was made."""
    return dt.datetime.fromtimestamp(hlc_ms(hlc) / 1000, tz=dt.UTC)


class HybridClock:
    """Hands out increasing stamps even if the wall clock steps back."""

    def __init__(self, last: int = 0, wall_ms: Callable[[], int] | None = None) -> None:
        self.last = last
        self._wall_ms = wall_ms or (lambda: time.time_ns() // 1_000_000)

    def tick(self) -> int:
        """A new stamp, greater than every stamp this clock has given or seen."""
        now = hlc_from_ms(self._wall_ms())
        self.last = now if now > self.last else self.last + 1
        return self.last

    def observe(self, remote: int) -> bool:
        """Take a stamp from another site into account.

        Returns False (and leaves the clock alone) for a stamp too far in the
        future, so one site with a wrong clock cannot drag everyone along.
        """
        if hlc_ms(remote) > self._wall_ms() + MAX_SKEW_MS:
            return False
        self.last = max(self.last, remote)
        return True

"""Rate limits on guessing: wrong codes, tokens and passwords, per address and per person.

Kept in memory, per server process: a restart forgets them, which costs a
guesser a restart of the coordinator's laptop, and nothing about who tried
what is written to disk. A key (`ip:…`, `volunteer:…`) is blocked after
`MAX_FAILURES` failures within `WINDOW_S` seconds, until the oldest of them
is older than the window.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 5
WINDOW_S = 15 * 60


class Limiter:
    """Failures per key in a sliding window."""

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window_s: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, *keys: str) -> bool:
        """Whether any of `keys` has failed too often lately."""
        with self._lock:
            return any(len(self._recent(key)) >= self.max_failures for key in keys)

    def fail(self, *keys: str) -> None:
        """Count one failure against each of `keys`."""
        with self._lock:
            now = self.clock()
            for key in keys:
                self._recent(key).append(now)

    def clear(self, *keys: str) -> None:
        """Forget the failures of `keys` (after a right answer)."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def _recent(self, key: str) -> deque[float]:
        found = self._failures.setdefault(key, deque())
        horizon = self.clock() - self.window_s
        while found and found[0] < horizon:
            found.popleft()
        return found

"""One screen opened in the real app, as a key on the board would open it.

Tests of a single screen or form build the app exactly as the CLI does
(`make_app`: the application stylesheet, the session's undo history, worker
errors shown by the App) and open the screen over the board, so that what they
see is what a coordinator sees.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from textual.pilot import Pilot
from textual.screen import Screen

from taskboard.store import Store
from taskboard.tui.app import TaskboardApp, make_app
from taskboard.tui.screens.roster.screen import RosterScreen
from taskboard.tui.screens.task.screen import TaskScreen

S = TypeVar("S", bound=Screen[Any])


@dataclass
class Opened(Generic[S]):
    """The running app, its pilot, the screen opened and what it dismissed with."""

    app: TaskboardApp
    pilot: Pilot[None]
    screen: S
    """The screen opened (it may be under a question or a form by now: see `app.screen`)."""
    results: list[Any] = field(default_factory=list)
    """What the screen dismissed with, in order (None for a cancelled form)."""

    @property
    def closed(self) -> bool:
        """True once the screen was dismissed."""
        return bool(self.results)


@contextlib.asynccontextmanager
async def opened(
    store: Store,
    screen: S | Callable[[TaskboardApp], S],
    *,
    size: tuple[int, int],
    today: dt.date | None = None,
) -> AsyncIterator[Opened[S]]:
    """Run the app on `store` with `screen` opened over the board.

    `screen` may be a function of the app, for screens that share its undo
    history (`app.history`) as the board's own do.
    """
    app = make_app(store, today=today, watch=False)
    async with app.run_test(size=size) as pilot:
        shown = screen(app) if callable(screen) else screen
        result: Opened[S] = Opened(app, pilot, shown)
        await app.push_screen(shown, result.results.append)
        await pilot.pause()
        yield result


def task_opened(
    path: Path, ref: str, *, size: tuple[int, int]
) -> AbstractAsyncContextManager[Opened[TaskScreen]]:
    """Task `ref`'s screen opened over the board on the file at `path`, as Enter on
    its card opens it."""

    def task_screen(app: TaskboardApp) -> TaskScreen:
        return TaskScreen(app.store, app.store.task(ref).id, app.history, today=app.today)

    return opened(Store.open(path, who="测试员"), task_screen, size=size)


def roster_opened(
    store: Store, *, size: tuple[int, int]
) -> AbstractAsyncContextManager[Opened[RosterScreen]]:
    """The roster opened over the board, sharing the session's undo history."""

    def roster(app: TaskboardApp) -> RosterScreen:
        return RosterScreen(app.store, app.history, today=app.today)

    return opened(store, roster, size=size)

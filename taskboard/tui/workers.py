"""Worker failures, handled in one place: the App shows one notification and keeps running.

Thread workers (a merge, a match snapshot) run on the screen that started them,
and Textual tells only that screen when one fails (`Worker.StateChanged` does
not bubble). Screens that run workers derive from `WorkerScreen`, which hands a
failure on to the App as a `WorkerError`; `TaskboardApp` shows it. The failed
worker's transaction has rolled back, so nothing half done was saved.
"""

from __future__ import annotations

from pydantic import ValidationError
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from taskboard.i18n import _
from taskboard.model.errors import error_words
from taskboard.store import StoreError


class WorkerError(Message):
    """A worker of a screen failed with `error`."""

    def __init__(self, error: BaseException | None) -> None:
        super().__init__()
        self.error = error


class WorkerScreen(Screen[None]):
    """A screen that runs thread workers; its workers' failures go to the App."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Pass a failure on (a subclass's own handler runs as well: it may, say, reset
        a progress bar, but leaves the message to the App)."""
        if event.state is WorkerState.ERROR:
            self.app.post_message(WorkerError(event.worker.error))


def error_line(error: BaseException | None) -> str:
    """The error's message on one line: taskboard's own errors as they are worded,
    anything unexpected prefixed with its kind so it can be reported."""
    if isinstance(error, ValidationError | StoreError | ValueError):
        text = error_words(error, _) or type(error).__name__
    elif isinstance(error, OSError):
        text = str(error) or type(error).__name__
    else:
        text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__

"""The Textual application: built by `make_app` from a store and the settings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import DataTable
from textual.worker import Worker, WorkerState

from taskboard.board.edits import EditHistory
from taskboard.board.state import BoardState
from taskboard.i18n import _
from taskboard.model.text import visible
from taskboard.settings import Settings, SettingsError, current_day, save_settings
from taskboard.store import Store, StoreError
from taskboard.tui.reloadable import Reloadable
from taskboard.tui.screens.board import BoardScreen
from taskboard.tui.screens.help import HelpScreen
from taskboard.tui.translate import translate_bindings
from taskboard.tui.workers import WorkerError, error_line

if TYPE_CHECKING:
    from textual.command import Provider

    from taskboard.tui.screens.phone_page import PhonePage

WATCH_INTERVAL_S = 1.0
"""How often the data file is checked for saves made by other processes."""
WARM_START_S = 0.5
"""Card preparation starts this long after mounting: never before the first paint."""
WARM_INTERVAL_S = 0.05
WARM_BATCH = 300
"""Cards prepared per idle tick (about 10 ms of work at a time)."""


class TaskboardApp(App[None]):
    """The board, the task and roster screens, and live reload of the data file."""

    CSS_PATH = "app.tcss"
    TITLE = "taskboard"
    COMMANDS: ClassVar = App.COMMANDS | {lambda: taskboard_commands()}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", tooltip="Show every key", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", tooltip="Leave taskboard", id="app.quit", priority=True),
        Binding("j", "table_cursor(1)", "Down", show=False, id="app.table_down"),
        Binding("k", "table_cursor(-1)", "Up", show=False, id="app.table_up"),
    ]

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        today: dt.date | None = None,
        watch: bool = True,
        settings_path: Path | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.settings = settings
        self.today = today or current_day()
        self.watch_file = watch
        self.settings_path = settings_path
        self.history = EditHistory(store)
        self.board_state = BoardState(store, self.today)
        self.phone_page: PhonePage | None = None
        """The phone page's server process, once the palette started it."""

    def on_mount(self) -> None:
        """Apply theme and keymap, start watching the file."""
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.set_keymap(self.settings.keymap)
        if self.watch_file:
            self.set_interval(WATCH_INTERVAL_S, self.check_outside_changes)
        self.set_timer(WARM_START_S, self.start_warming)
        if next(self.store.series.live(), None):
            self.call_after_refresh(self.extend_series)

    def extend_series(self) -> None:
        """Make recurring work's missing occurrences up to its horizon, once the board
        shows. Whether any is missing is read from the stored series; only then do the
        series' actions and model classes load."""
        from taskboard.model.repeat import missing_days

        if not missing_days(self.store.series.live(), self.store.tasks.docs(), self.today):
            return
        from taskboard.actions.series import extend_series

        try:
            made = extend_series(self.store, self.today)
        except StoreError:
            return  # the board opens even if the file is read-only
        if made.occurrences:
            self.reload_screens()

    def on_unmount(self) -> None:
        """Leaving the board stops the phone page it started."""
        if self.phone_page is not None:
            self.phone_page.stop()

    def start_phone_page(self) -> None:
        """Serve the phone page (`taskboard serve`) and show its address and QR code.

        With a coordinator's password set it listens on every address, so
        phones on the office Wi-Fi reach it; without one, this laptop only."""
        from taskboard.tui.screens.phone_page import STARTUP_CHECK_S, PhonePage, PhonePageScreen

        if self.phone_page is None:
            self.phone_page = PhonePage(self.store.path)
        reachable = bool(self.settings.serve_password)
        try:
            url = self.phone_page.start(reachable=reachable)
        except OSError as error:
            self.notify(str(error), severity="error", title=_("Phone page"))
            return
        note = (
            _("Phones on this network can open it. ctrl+p → phone page: stop ends it.")
            if reachable
            else _(
                "Only this laptop can open it: set a password (taskboard serve --set-password)"
                " to let phones in."
            )
        )
        self.push_screen(PhonePageScreen(url, note))
        self.set_timer(STARTUP_CHECK_S, self.check_phone_page)

    def check_phone_page(self) -> None:
        """Say so when the server ended by itself (the port is in use, the file is gone)."""
        failure = self.phone_page.failure() if self.phone_page else None
        if failure:
            self.notify(failure, severity="error", title=_("Phone page"))

    def stop_phone_page(self) -> None:
        """Stop the phone page the board started."""
        stopped = self.phone_page is not None and self.phone_page.stop()
        self.notify(_("Phone page stopped") if stopped else _("The phone page is not running"))

    def start_warming(self) -> None:
        """Prepare the cards no screen has drawn yet, a batch per tick, once the board shows."""
        self._warming = self.set_interval(WARM_INTERVAL_S, self.warm_cards)

    def warm_cards(self) -> None:
        """Prepare card texts a batch at a time while the user is reading the board."""
        if not self.board_state.warm(WARM_BATCH):
            self._warming.stop()
            gc.freeze()  # the cards live as long as the board: keep them out of GC passes

    def check_outside_changes(self) -> None:
        """Reload when the CLI, a merge or another window saved to the file."""
        try:
            changed = self.store.refresh()
        except StoreError as error:
            self.notify(str(error), severity="error", title=_("Data file"))
            return
        if changed:
            self.reload_screens()

    def reload_screens(self) -> None:
        """Ask every open screen to show the current data, keeping cursors and filters."""
        for screen in self.screen_stack:
            if isinstance(screen, Reloadable):
                screen.reload()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker the App itself started failed: shown like a screen's."""
        if event.state is WorkerState.ERROR:
            self.show_worker_error(event.worker.error)

    def on_worker_error(self, message: WorkerError) -> None:
        """A worker of a screen failed (see `WorkerScreen`)."""
        self.show_worker_error(message.error)

    def show_worker_error(self, error: BaseException | None) -> None:
        """Every worker failure ends here: one notification, with the error's message
        on one line, and the app keeps running. The worker's transaction rolled back,
        so the board still shows what is saved."""
        self.notify(error_line(error), title=_("Failed"), severity="error", timeout=10)

    def watch_theme(self, theme: str) -> None:
        """Remember the chosen theme in the settings file."""
        if theme == self.settings.theme:
            return
        self.settings = dataclasses.replace(self.settings, theme=theme)
        try:
            save_settings(self.settings, self.settings_path)
        except (OSError, StoreError, SettingsError) as error:
            self.notify(str(error), severity="warning", title=_("Settings not saved"))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notification, always as plain text: messages repeat titles, names and
        values from files, which must never be read as markup (a `[@click=…]` would
        run an action, a stray `[/b]` would stop the app) nor reach the terminal as
        control characters. `markup` is ignored; no message of taskboard uses it."""
        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False
        )

    def action_table_cursor(self, step: int) -> None:
        """`j`/`k` move the cursor in any table, as they do on the board."""
        table = self.focused
        if isinstance(table, DataTable):
            table.action_cursor_down() if step > 0 else table.action_cursor_up()

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen.active_bindings.values()))

    def get_default_screen(self) -> Screen[None]:
        """The board is the screen everything else opens from."""
        return BoardScreen(self.store, self.board_state, self.history, self.settings.wip_limits)


def taskboard_commands() -> type[Provider]:
    """The command palette's taskboard commands, loaded when the palette first opens
    (with Textual's command machinery: neither is needed for the first paint)."""
    from taskboard.tui.commands import TaskboardCommands

    return TaskboardCommands


def make_app(
    store: Store,
    settings: Settings | None = None,
    *,
    today: dt.date | None = None,
    watch: bool = True,
    settings_path: Path | None = None,
) -> TaskboardApp:
    """The one way to build the app: the CLI and the tests both use it."""
    return TaskboardApp(
        store, settings or Settings(), today=today, watch=watch, settings_path=settings_path
    )

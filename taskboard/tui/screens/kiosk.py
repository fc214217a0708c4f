"""The volunteer lookup: a person types their name or phone number and sees their own work.

It runs at the office laptop for anyone to use, so it is a separate app with
nothing else in it: one input, the person's assignments (read only), a key to
start over and ctrl+q to leave. There is no command palette, no help screen
and no binding that opens the board or the roster; the screen clears itself
after a while so the next person does not see the last one's sheet, and
phone numbers are never shown.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from taskboard.i18n import _
from taskboard.settings import current_day
from taskboard.sheets import AssignmentLine, Schedule, volunteer_schedule, window_text
from taskboard.sheets.document import contact_footer, place_text
from taskboard.store import Ambiguous, NotFound, Store, StoreError
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.key_bar import KeyBar

IDLE_CLEAR_S = 120.0
"""Seconds a sheet stays on screen before it is cleared for the next person."""
COLUMNS = ("When", "Task", "Place", "Your part", "State", "Contact")


def schedule_table(lines: tuple[AssignmentLine, ...]) -> Table:
    """The assignments as a table that folds long text instead of cutting it."""
    table = Table(expand=True, show_lines=True, header_style="bold")
    for column in COLUMNS:
        table.add_column(_(column), overflow="fold", ratio=2 if column == "Task" else 1)
    for line in lines:
        table.add_row(
            window_text(line.start, line.end, line.due),
            f"{line.title}\n{line.ref}",
            place_text(line.place, line.site_name),
            line.skill_label,
            _(line.state.value),
            line.contact,
        )
    return table


def schedule_view(schedule: Schedule) -> RenderableType:
    """What the person sees: their name, then upcoming and recent work."""
    parts: list[RenderableType] = [
        Text(
            _("Assignments of {name} ({ref})").format(
                name=schedule.person.name, ref=schedule.person.ref
            ),
            style="bold",
        ),
    ]
    for heading, lines, empty in (
        (_("Upcoming"), schedule.upcoming, _("Nothing planned yet.")),
        (_("Recently"), schedule.recent, _("Nothing in the last 30 days.")),
    ):
        parts.append(Text("\n" + heading, style="bold"))
        parts.append(schedule_table(lines) if lines else Text(empty, style="italic"))
    parts.append(Text("\n" + contact_footer(schedule.contact)))
    return Group(*parts)


class KioskScreen(Screen[None]):
    """One input and the sheet of whoever was looked up."""

    DEFAULT_CSS = """
    KioskScreen #kiosk-main {
        padding: 1 2 0 2;
    }
    KioskScreen #kiosk-title {
        text-style: bold;
    }
    KioskScreen #kiosk-query {
        margin: 1 0;
    }
    KioskScreen #kiosk-message {
        color: $warning;
        height: auto;
    }
    KioskScreen #kiosk-body {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "clear",
            "Start over",
            tooltip="Clear the screen for the next person",
            id="kiosk.clear",
        ),
    ]

    def __init__(self, store: Store, *, today: dt.date) -> None:
        super().__init__()
        translate_bindings(self)
        self._store = store
        self._today = today
        self._idle: Timer | None = None
        self.shown: Schedule | None = None
        """The schedule on screen, if any."""

    def compose(self) -> ComposeResult:
        with Vertical(id="kiosk-main"):
            yield Label(_("Volunteer lookup"), id="kiosk-title")
            yield Label(_("Type your name, phone number or reference, then press Enter."))
            yield Input(placeholder=_("Name, phone or reference"), id="kiosk-query", max_length=60)
            yield Static(id="kiosk-message", markup=False)
            with VerticalScroll(id="kiosk-body"):
                yield Static(id="kiosk-sheet")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#kiosk-query", Input).focus()

    @on(Input.Submitted, "#kiosk-query")
    def look_up(self, event: Input.Submitted) -> None:
        """Show the sheet of the person typed, or say plainly why there is none."""
        query = event.value.strip()
        if not query:
            return
        try:
            self._store.refresh()
            schedule = volunteer_schedule(self._store, query, self._today)
        except Ambiguous:
            self._show_message(
                _("Several people have that name: type your phone number or reference.")
            )
        except NotFound:
            self._show_message(
                _("Nobody found for {query}: check the spelling or ask the office.").format(
                    query=query
                )
            )
        except StoreError as error:
            self._show_message(str(error))
        else:
            self._show_schedule(schedule)

    def _show_message(self, message: str) -> None:
        """Say why there is no sheet; whatever sheet was shown goes."""
        self.shown = None
        self.query_one("#kiosk-message", Static).update(message)
        self.query_one("#kiosk-sheet", Static).update("")

    def _show_schedule(self, schedule: Schedule) -> None:
        """Show the sheet, empty the input, and clear it all again after a while."""
        self.shown = schedule
        self.query_one("#kiosk-message", Static).update("")
        self.query_one("#kiosk-sheet", Static).update(schedule_view(schedule))
        self.query_one("#kiosk-query", Input).value = ""
        if self._idle is not None:
            self._idle.stop()
        self._idle = self.set_timer(IDLE_CLEAR_S, self.action_clear)

    def action_clear(self) -> None:
        """Start over: empty input, no sheet, ready for the next person."""
        self._show_message("")
        self.query_one("#kiosk-query", Input).value = ""
        self.query_one("#kiosk-query", Input).focus()


class KioskApp(App[None]):
    """The lookup on its own: nothing of the board or roster can be reached from it."""

    TITLE = "taskboard"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Leave",
            tooltip="Leave the volunteer lookup",
            id="kiosk.quit",
            priority=True,
        ),
    ]

    def __init__(self, store: Store, *, today: dt.date) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.today = today

    def get_default_screen(self) -> Screen[None]:
        """The lookup is the only screen."""
        return KioskScreen(self.store, today=self.today)


def make_kiosk_app(store: Store, *, today: dt.date | None = None) -> KioskApp:
    """The one way to build the kiosk: the CLI and the tests both use it."""
    return KioskApp(store, today=today or current_day())

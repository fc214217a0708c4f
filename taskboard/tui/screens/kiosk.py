"""The volunteer lookup: a person types their name and the last four digits of
their phone number and sees their own work.

It runs at the office laptop for anyone to use, so it is a separate app with
nothing else in it: two inputs, the person's assignments (read only), a key to
start over and ctrl+q, which asks for the coordinator's PIN before it leaves.
There is no command palette, no help screen and no binding that opens the
board or the roster. Both inputs are emptied after every lookup, and the
whole screen after a short idle time, so the next person neither adds to the
last one's name nor sees their sheet; phone numbers are never shown.
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
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from taskboard.i18n import _
from taskboard.settings import check_pin, current_day
from taskboard.sheets import PHONE_END_DIGITS, AssignmentLine, Schedule, kiosk_schedule, window_text
from taskboard.sheets.document import contact_footer, place_text
from taskboard.store import NotFound, Store, StoreError
from taskboard.tui.screens.popup import PopUp
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.key_bar import KeyBar

IDLE_CLEAR_S = 60.0
"""Seconds without a key before the screen is cleared for the next person."""
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
    KioskScreen #kiosk-inputs {
        height: auto;
        margin: 1 0;
    }
    KioskScreen #kiosk-query {
        width: 2fr;
    }
    KioskScreen #kiosk-phone {
        width: 1fr;
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
            yield Label(
                _("Type your name and the last four digits of your phone number, then press Enter.")
            )
            with Horizontal(id="kiosk-inputs"):
                yield Input(placeholder=_("Your name"), id="kiosk-query", max_length=60)
                yield Input(
                    placeholder=_("Last 4 digits of your phone"),
                    id="kiosk-phone",
                    max_length=PHONE_END_DIGITS,
                    restrict=r"[0-9]*",
                    password=True,
                )
            yield Static(id="kiosk-message", markup=False)
            with VerticalScroll(id="kiosk-body"):
                yield Static(id="kiosk-sheet")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#kiosk-query", Input).focus()

    @on(Input.Changed)
    def typing(self) -> None:
        """Every key typed starts the idle time again."""
        self._restart_idle()

    @on(Input.Submitted, "#kiosk-query")
    def name_entered(self) -> None:
        """Enter after the name goes on to the phone digits."""
        self.query_one("#kiosk-phone", Input).focus()

    @on(Input.Submitted, "#kiosk-phone")
    def look_up(self) -> None:
        """Show the sheet of the person typed, or say plainly that there is none.

        Both inputs are emptied either way, so the next person starts afresh."""
        name = self.query_one("#kiosk-query", Input).value.strip()
        digits = self.query_one("#kiosk-phone", Input).value.strip()
        self._empty_inputs()
        if not name:
            return
        try:
            self._store.refresh()
            schedule = kiosk_schedule(self._store, name, digits, self._today)
        except NotFound:
            self._show_message(
                _("Nothing found for that name and phone number: check both or ask the office.")
            )
        except StoreError as error:
            self._show_message(str(error))
        else:
            self._show_schedule(schedule)
        self._restart_idle()

    def _empty_inputs(self) -> None:
        for selector in ("#kiosk-query", "#kiosk-phone"):
            self.query_one(selector, Input).value = ""
        self.query_one("#kiosk-query", Input).focus()

    def _restart_idle(self) -> None:
        if self._idle is not None:
            self._idle.stop()
        self._idle = self.set_timer(IDLE_CLEAR_S, self.action_clear)

    def _show_message(self, message: str) -> None:
        """Say why there is no sheet; whatever sheet was shown goes."""
        self.shown = None
        self.query_one("#kiosk-message", Static).update(message)
        self.query_one("#kiosk-sheet", Static).update("")

    def _show_schedule(self, schedule: Schedule) -> None:
        """Show the sheet (it is cleared again after the idle time)."""
        self.shown = schedule
        self.query_one("#kiosk-message", Static).update("")
        self.query_one("#kiosk-sheet", Static).update(schedule_view(schedule))

    def action_clear(self) -> None:
        """Start over: empty inputs, no sheet, ready for the next person."""
        self._show_message("")
        self._empty_inputs()


class LeaveKiosk(PopUp[bool]):
    """Asks for the coordinator's PIN; dismisses with True when it is right."""

    DEFAULT_CSS = """
    LeaveKiosk { align: center middle; }
    LeaveKiosk > Vertical {
        width: 50; height: auto; padding: 1 2; border: thick $warning; background: $surface;
    }
    LeaveKiosk #pin-error { color: $error; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stay", "Back", tooltip="Back to the lookup", id="kiosk.stay"),
    ]

    def __init__(self, pin_hash: str) -> None:
        super().__init__()
        translate_bindings(self)
        self._pin_hash = pin_hash

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Coordinator's PIN to leave the lookup"))
            yield Input(id="pin", password=True, restrict=r"[0-9]*", max_length=12)
            yield Static("", id="pin-error")

    def on_mount(self) -> None:
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    def check(self, event: Input.Submitted) -> None:
        """The right PIN leaves; a wrong one is said and emptied."""
        if check_pin(event.value, self._pin_hash):
            self.dismiss(True)
            return
        event.input.value = ""
        self.query_one("#pin-error", Static).update(_("Wrong PIN."))

    def action_stay(self) -> None:
        """Back to the lookup."""
        self.dismiss(False)


class KioskApp(App[None]):
    """The lookup on its own: nothing of the board or roster can be reached from it."""

    TITLE = "taskboard"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "leave",
            "Leave",
            tooltip="Leave the volunteer lookup (asks for the coordinator's PIN)",
            id="kiosk.quit",
            priority=True,
        ),
    ]

    def __init__(self, store: Store, *, today: dt.date, pin_hash: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.today = today
        self.pin_hash = pin_hash

    def get_default_screen(self) -> Screen[None]:
        """The lookup is the only screen."""
        return KioskScreen(self.store, today=self.today)

    def action_leave(self) -> None:
        """Leave only with the coordinator's PIN."""
        if isinstance(self.screen, LeaveKiosk):
            return

        def answered(right: bool | None) -> None:
            if right:
                self.exit()

        self.push_screen(LeaveKiosk(self.pin_hash), answered)


def make_kiosk_app(store: Store, *, pin_hash: str, today: dt.date | None = None) -> KioskApp:
    """The one way to build the kiosk: the CLI and the tests both use it."""
    return KioskApp(store, today=today or current_day(), pin_hash=pin_hash)

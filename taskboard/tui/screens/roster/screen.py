"""The roster screen: every volunteer in one table, narrowed as you type.

Rows come from the raw stored records, never from pydantic models: validating
a district's 10,000 volunteers costs seconds, and the table needs only a few
fields. Only the highlighted person becomes a `Volunteer`, for the details
panel, together with their assignments.

Stock `DataTable` takes about 0.2 ms a row to add and measure, so re-filling it
with 10,000 rows on every keystroke would freeze typing for two seconds. Two
things keep it fast: the columns have fixed widths, so `RosterTable` skips the
measuring, and the table is filled in steps: the first rows (more than any
screen shows) at once, the rest in batches between key presses. A new
keystroke abandons the batches of the previous one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Select, Static

from taskboard.actions.fields import changed_fields
from taskboard.actions.phone_links import Access
from taskboard.actions.volunteers import (
    add_volunteer,
    edit_volunteer,
    link_volunteers,
    remove_volunteer,
    unlink_volunteers,
)
from taskboard.board.edits import Edit, EditHistory
from taskboard.i18n import _, group_name, ngettext
from taskboard.model import DAYS, PARTS, Volunteer
from taskboard.model.volunteer import EDITABLE_FIELDS
from taskboard.store import Store, StoreError
from taskboard.store.records import DELETED
from taskboard.store.tables import Table
from taskboard.tui.screens.phone_page import PhonePageScreen
from taskboard.tui.screens.roster.details import details_text
from taskboard.tui.screens.roster.filters import ACTIVITY, RosterFilter, chosen
from taskboard.tui.screens.roster.rows import (
    COLUMNS,
    RosterLabels,
    RosterRow,
    hours_this_month,
    load_rows,
    row_cells,
)
from taskboard.tui.screens.roster.table import FIRST_ROWS, ROWS_PER_STEP, STEP_DELAY, RosterTable
from taskboard.tui.screens.suggestions.form import Ask
from taskboard.tui.screens.volunteer_form import VolunteerForm, slot_label
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.key_bar import KeyBar

NARROW_BELOW = 100
"""Terminal width (cells) under which the details panel gives the table more room."""


class RosterScreen(Screen[None]):
    """The roster as a searchable table, the highlighted person's details beside it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_volunteer", "New", tooltip="Add a volunteer", id="roster.new"),
        Binding(
            "e,enter",
            "edit_volunteer",
            "Edit",
            tooltip="Edit the highlighted volunteer",
            id="roster.edit",
        ),
        Binding(
            "d",
            "remove_volunteer",
            "Remove",
            tooltip="Remove the highlighted volunteer (u brings them back)",
            id="roster.remove",
        ),
        Binding(
            "l",
            "link",
            "Link",
            tooltip="Link the highlighted volunteer with another record of the same person",
            id="roster.link",
        ),
        Binding(
            "L",
            "unlink",
            "Unlink",
            tooltip="Take back a link: two records are different people",
            id="roster.unlink",
        ),
        Binding(
            "p",
            "phone_link",
            "Phone link",
            tooltip="A new phone-page link for the highlighted volunteer, shown once",
            id="roster.phone_link",
        ),
        Binding("u", "undo", "Undo", tooltip="Undo the last change", id="roster.undo"),
        Binding(
            "slash",
            "focus_search",
            "Search",
            tooltip="Search by name, reference, phone or notes",
            id="roster.search",
        ),
        Binding("escape", "back", "Board", tooltip="Back to the board", id="roster.back"),
    ]

    def __init__(
        self,
        store: Store,
        history: EditHistory,
        *,
        today: dt.date,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.store = store
        self.history = history
        self.today = today
        """Sets the month of the hours column and which certificates count as expired."""
        translate_bindings(self)
        self.rows: list[RosterRow] = []
        """Every live volunteer, in roster order."""
        self.shown: list[RosterRow] = []
        """The rows passing the current filter; the table holds a prefix of them while filling."""
        self.labels = RosterLabels()
        self._fill_generation = 0
        self._keep_index: int | None = None
        self._cells: dict[str, tuple[Text, ...]] = {}
        self._hours: dict[str, float] = {}

    # Layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self._load()
        with Horizontal(id="roster-top"):
            yield Input(placeholder=_("Search name, reference, phone, notes"), id="roster-search")
            yield Label("", id="roster-count")
        with Horizontal(id="roster-filters"):
            yield Select(self._skill_choices(), prompt=_("Any skill"), id="roster-skill")
            yield Select(self._level_choices(), prompt=_("Any level"), id="roster-level")
            yield Select(self._group_choices(), prompt=_("Any group"), id="roster-group")
            yield Select(self._site_choices(), prompt=_("Any site"), id="roster-site")
            yield Select(self._slot_choices(), prompt=_("Any time"), id="roster-slot")
            yield Select(
                self._activity_choices(), allow_blank=False, value="all", id="roster-active"
            )
        with Horizontal(id="roster-body"):
            yield RosterTable(id="roster-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="roster-details"):
                yield Static("", id="roster-details-text")
        yield KeyBar()

    def on_mount(self) -> None:
        """Set up the columns and show everyone."""
        table = self.table
        for header, key, width in COLUMNS:
            table.add_column(_(header), key=key, width=width)
        self.apply_filter()
        table.focus()

    def on_resize(self, event: events.Resize) -> None:
        """Below 100 columns the details panel narrows so the skills stay in view."""
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")

    @property
    def table(self) -> RosterTable:
        """The roster table."""
        return self.query_one("#roster-table", RosterTable)

    # Choices of the filter selects ----------------------------------------------------------
    def _skill_choices(self) -> list[tuple[str, str]]:
        return sorted(((label, key) for key, label in self.labels.skills.items()))

    def _level_choices(self) -> list[tuple[str, str]]:
        return [(_("Level {level} or higher").format(level=lvl), str(lvl)) for lvl in (1, 2, 3)]

    def _group_choices(self) -> list[tuple[str, str]]:
        groups = {group for row in self.rows for group in row.groups}
        return sorted((group_name(group), group) for group in groups)

    def _site_choices(self) -> list[tuple[str, str]]:
        return [(name, site_id) for site_id, name in self.labels.sites.items()]

    def _slot_choices(self) -> list[tuple[str, str]]:
        slots = (f"{day}:{part}" for day in DAYS for part in PARTS)
        return [(slot_label(slot), slot) for slot in slots]

    def _activity_choices(self) -> list[tuple[str, str]]:
        names = {
            "all": _("Active: any"),
            "active": _("Active only"),
            "inactive": _("Inactive only"),
        }
        return [(names[value], value) for value in ACTIVITY]

    def _refresh_choices(self) -> None:
        """New skills, groups or sites may have arrived; keep what was chosen."""
        for select_id, choices in (
            ("#roster-skill", self._skill_choices()),
            ("#roster-group", self._group_choices()),
            ("#roster-site", self._site_choices()),
        ):
            select: Select[str] = self.query_one(select_id, Select)
            current = chosen(select)
            with self.prevent(Select.Changed):
                select.set_options(choices)
                if current in {value for _label, value in choices}:
                    select.value = current

    # Loading and filtering ------------------------------------------------------------------
    def _load(self) -> None:
        self.labels = RosterLabels.read(self.store)
        self._hours = hours_this_month(self.store, self.today)
        self.rows = load_rows(self.store, self._hours)
        self._cells.clear()

    def current_filter(self) -> RosterFilter:
        """The filter the search box and selects describe."""
        level = chosen(self.query_one("#roster-level", Select))
        return RosterFilter(
            text=self.query_one("#roster-search", Input).value.strip().casefold(),
            skill=chosen(self.query_one("#roster-skill", Select)),
            min_level=int(level) if level else 1,
            group=chosen(self.query_one("#roster-group", Select)),
            site=chosen(self.query_one("#roster-site", Select)),
            slot=chosen(self.query_one("#roster-slot", Select)),
            active=chosen(self.query_one("#roster-active", Select)) or "all",
        )

    def apply_filter(self, keep_id: str | None = None) -> None:
        """Show the rows passing the filter; put the cursor on `keep_id` if it is among them."""
        wanted = self.current_filter()
        self.shown = [row for row in self.rows if wanted.matches(row)]
        self.query_one("#roster-count", Label).update(
            ngettext(
                "{shown} of {total} volunteer", "{shown} of {total} volunteers", len(self.rows)
            ).format(shown=len(self.shown), total=len(self.rows))
        )
        self._keep_index = self._index_of(keep_id)
        self._fill_generation += 1
        self.table.clear()
        if not self.shown:
            self.show_details(None)
        self._add_rows(0, self._fill_generation)

    def _index_of(self, volunteer_id: str | None) -> int | None:
        if volunteer_id is None:
            return None
        return next((i for i, row in enumerate(self.shown) if row.id == volunteer_id), None)

    def _add_rows(self, start: int, generation: int) -> None:
        """Add the next batch of shown rows, unless a newer filter has replaced them."""
        if generation != self._fill_generation:
            return
        table = self.table
        stop = min(len(self.shown), start + (FIRST_ROWS if start == 0 else ROWS_PER_STEP))
        for row in self.shown[start:stop]:
            table.add_row(*self._cells_of(row), key=row.id)
        self._restore_cursor(start, stop)
        if stop < len(self.shown):
            self.set_timer(STEP_DELAY, partial(self._add_rows, stop, generation))

    def _cells_of(self, row: RosterRow) -> tuple[Text, ...]:
        """A row's cells, made once per load: typing shows the same rows again and again."""
        cells = self._cells.get(row.id)
        if cells is None:
            cells = self._cells[row.id] = row_cells(row, self.labels)
        return cells

    def _restore_cursor(self, start: int, stop: int) -> None:
        """Move to the kept row once it is in the table, unless the user has moved meanwhile."""
        index = self._keep_index
        if index is None or not start <= index < stop:
            return
        self._keep_index = None
        if self.table.cursor_row == 0:
            self.table.move_cursor(row=index)

    @property
    def filling(self) -> bool:
        """True while rows passing the filter are still being added to the table."""
        return self.table.row_count < len(self.shown)

    def _reload(self, keep_id: str | None = None) -> None:
        """Read the roster again and show it with the same filter."""
        self._load()
        self._refresh_choices()
        self.apply_filter(keep_id)

    def reload(self) -> None:
        """The data file changed outside this screen: show the new state, same filter and row."""
        self._reload(self.highlighted_id())

    @on(Input.Changed, "#roster-search")
    @on(Select.Changed)
    def filter_changed(self) -> None:
        """Every keystroke and every choice narrows (or widens) the table at once."""
        self.apply_filter()

    @on(Input.Submitted, "#roster-search")
    def search_done(self) -> None:
        """Enter in the search box moves on to the results."""
        self.table.focus()

    # Details of the highlighted row ---------------------------------------------------------
    def highlighted_id(self) -> str | None:
        """The id of the volunteer under the cursor, if any."""
        table = self.table
        if not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return row_key.value

    @on(DataTable.RowHighlighted, "#roster-table")
    def highlight_changed(self, event: DataTable.RowHighlighted) -> None:
        """Details are computed for the highlighted row only, never for the whole roster."""
        self.show_details(event.row_key.value)

    def show_details(self, volunteer_id: str | None) -> None:
        """Fill the side panel with one volunteer, or empty it."""
        panel = self.query_one("#roster-details-text", Static)
        doc = self.store.volunteers.get(volunteer_id) if volunteer_id else None
        if doc is None or doc.get(DELETED):
            panel.update(_("No volunteer selected."))
            return
        hours = self._hours.get(doc["id"], 0.0)
        try:
            panel.update(details_text(self.store, doc, self.labels, hours, self.today))
        except ValidationError as error:
            panel.update(Text(_("This record cannot be read: {error}").format(error=error)))

    @on(DataTable.RowSelected, "#roster-table")
    def row_chosen(self) -> None:
        """Enter on a row (the table keeps Enter for itself) opens it for editing."""
        self.action_edit_volunteer()

    # Changes --------------------------------------------------------------------------------
    def action_new_volunteer(self) -> None:
        """Open an empty form; a new volunteer starts at this file's site."""
        form = VolunteerForm(self.store, None, default_site=self.store.site)
        self.app.push_screen(form, self.create_volunteer)

    def create_volunteer(self, person: Volunteer | None) -> None:
        """Store a new volunteer so that undo removes them again."""
        if person is None or not self._do(partial(add_volunteer, self.store, person)):
            return
        person = self.store.volunteer(self.history.done[-1].record_id)
        self.notify(_("Added {ref} {name}").format(ref=person.ref, name=person.name))
        self._reload(person.id)

    def _remember(self, edit: Edit) -> None:
        """Put the change an action made on the session's undo stack."""
        self.history.record(edit)

    def action_edit_volunteer(self) -> None:
        """Open the highlighted volunteer in the form."""
        volunteer_id = self.highlighted_id()
        if volunteer_id is None:
            return
        try:
            person = self.store.volunteers.model(self.store.volunteers.find(volunteer_id))
        except (ValidationError, StoreError) as error:
            self.notify(str(error), severity="error")
            return
        form = VolunteerForm(self.store, person, default_site=self.store.site)
        self.app.push_screen(form, partial(self.save_changes, person))

    def save_changes(self, person: Volunteer, edited: Volunteer | None) -> None:
        """Save what the form changed, through the history so that undo covers it;
        the volunteer the form showed is the changes' base."""
        changes = changed_fields(person, edited, EDITABLE_FIELDS) if edited else {}
        if not changes:
            return
        if self._do(partial(edit_volunteer, self.store, person.id, changes, base=person)):
            self.notify(_("Saved {ref} {name}").format(ref=person.ref, name=person.name))
            self._reload(person.id)

    def action_remove_volunteer(self) -> None:
        """Remove the highlighted volunteer softly; the cursor stays on the same line."""
        volunteer_id = self.highlighted_id()
        doc = self.store.volunteers.get(volunteer_id) if volunteer_id else None
        if volunteer_id is None or doc is None:
            return
        if not self._do(partial(remove_volunteer, self.store, volunteer_id)):
            return
        self.notify(
            _("Removed {ref} {name}. Press u to undo.").format(ref=doc["ref"], name=doc["name"])
        )
        self._reload(self._neighbour_of(volunteer_id))

    def action_link(self) -> None:
        """Ask for the other record (its reference, name or phone) of the same person."""
        doc = self._highlighted_doc()
        if doc is None:
            return
        question = _("Link {ref} with another record of the same person (reference)").format(
            ref=doc["ref"]
        )
        self.app.push_screen(
            Ask(question, empty=_("give a reference such as jingshan-v7")),
            partial(self._link_to, doc),
        )

    def _link_to(self, doc: dict[str, Any], other: str | None) -> None:
        if not other:
            return
        try:
            found = self.store.find_volunteer(other)
        except StoreError as error:
            self.notify(str(error), title=_("Not saved"), severity="error")
            return
        if self._do(partial(link_volunteers, self.store, str(doc["id"]), found["id"])):
            self.notify(self.history.done[-1].label)
            self._reload(str(doc["id"]))

    def palette_commands(self) -> list[tuple[str, Callable[[], object], str]]:
        """What the command palette offers on the roster."""
        return [
            (
                _("roster: new phone-page link"),
                self.action_phone_link,
                _("A new phone-page link for the highlighted volunteer, shown once"),
            )
        ]

    def action_phone_link(self) -> None:
        """Make the highlighted volunteer a phone-page link (asking first when one exists:
        only its hash is kept, so showing it again means replacing it)."""
        doc = self._highlighted_doc()
        if doc is None:
            return
        if self.store.path is None:
            self.notify(_("the phone page needs a data file (this board is held in memory)"))
            return
        try:
            had = Access.beside(self.store.path).issued(str(doc["id"])) is not None
        except StoreError as error:
            self.notify(str(error), title=_("Not saved"), severity="error")
            return
        if not had:
            self._new_phone_link(doc, "new")
            return
        question = _(
            "{name} already has a phone-page link; a new one stops the old one from working"
        ).format(name=doc["name"])
        choices = [(_("Make a new link"), "new")]
        self.app.push_screen(Ask(question, choices=choices), partial(self._new_phone_link, doc))

    def _new_phone_link(self, doc: dict[str, Any], answer: str | None) -> None:
        if answer != "new" or self.store.path is None:
            return
        access = Access.beside(self.store.path)
        try:
            token = access.new_link(str(doc["id"]), rotate=True)
        except StoreError as error:
            self.notify(str(error), title=_("Not saved"), severity="error")
            return
        self.show_details(str(doc["id"]))
        title = _("Personal link of {name} (shown only now)").format(name=doc["name"])
        note = access.url(token)
        self.app.push_screen(PhonePageScreen(access.url(token), note, title=title))

    def action_unlink(self) -> None:
        """Pick one of the records the highlighted one is linked with, to unlink."""
        doc = self._highlighted_doc()
        if doc is None:
            return
        live = {other["id"]: other for other in self.store.volunteers.live()}
        linked = [live[other] for other in doc.get("links") or () if other in live]
        linked += [
            other for other in live.values() if doc["id"] in (other.get("links") or ())
        ]  # a link only the other record has heard of yet
        choices = sorted({(f"{o['ref']} {o['name']}", o["id"]) for o in linked})
        if not choices:
            self.notify(_("{ref} has no linked records").format(ref=doc["ref"]))
            return
        question = _("Unlink {ref} from which record?").format(ref=doc["ref"])
        self.app.push_screen(Ask(question, choices=choices), partial(self._unlink_from, doc))

    def _unlink_from(self, doc: dict[str, Any], other: str | None) -> None:
        if other and self._do(partial(unlink_volunteers, self.store, str(doc["id"]), other)):
            self.notify(self.history.done[-1].label)
            self._reload(str(doc["id"]))

    def _highlighted_doc(self) -> dict[str, Any] | None:
        volunteer_id = self.highlighted_id()
        doc = self.store.volunteers.get(volunteer_id) if volunteer_id else None
        return None if doc is None or doc.get(DELETED) else doc

    def _neighbour_of(self, volunteer_id: str) -> str | None:
        """The row after (else before) `volunteer_id`, to keep the cursor in place."""
        ids = [row.id for row in self.shown]
        if volunteer_id not in ids:
            return None
        index = ids.index(volunteer_id)
        others = ids[index + 1 : index + 2] or ids[max(0, index - 1) : index]
        return others[0] if others else None

    def action_undo(self) -> None:
        """Undo the session's last change (on this screen or the board)."""
        try:
            edit = self.history.undo()
        except StoreError as error:
            self.notify(str(error), title=_("Cannot undo"), severity="error")
            return
        if edit is None:
            self.notify(_("Nothing to undo"))
            return
        self.notify(_("Undone: {label}").format(label=edit.label))
        keep = edit.record_id if edit.table == Table.VOLUNTEERS else self.highlighted_id()
        self._reload(keep)

    def _do(self, action: Callable[[], Edit]) -> bool:
        """Make a change by its action and keep it for undo; a refusal is shown, not raised."""
        try:
            self._remember(action())
        except StoreError as error:
            self.notify(str(error), title=_("Not saved"), severity="error")
            return False
        return True

    def action_focus_search(self) -> None:
        """Jump to the search box."""
        self.query_one("#roster-search", Input).focus()

    def action_back(self) -> None:
        """Back to the board."""
        self.dismiss(None)

"""The main screen: the board, its search bar, and the actions on cards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar, Self

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Input

from taskboard.actions.fields import changed_fields
from taskboard.actions.tasks import (
    ItemsLeft,
    create_task,
    edit_task,
    move_task,
    new_task_status,
    passed_warning,
    remove_task,
    reorder_task,
)
from taskboard.board.edits import Edit, EditHistory
from taskboard.board.state import BoardFilter, BoardState
from taskboard.i18n import _, language, ngettext
from taskboard.model.text import visible
from taskboard.store import Store, StoreError
from taskboard.store.catalogue import skill_labels
from taskboard.store.records import DELETED
from taskboard.store.tables import Table
from taskboard.tui.screens.confirm import Confirm
from taskboard.tui.screens.filters import FilterScreen, describe_filter
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.board_view import BoardView, column_title
from taskboard.tui.widgets.key_bar import KeyBar
from taskboard.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from taskboard.model import Task
    from taskboard.tui.screens.task_form import TaskForm
    from taskboard.tui.screens.task_form.screen import Repeating


class SearchInput(Input):
    """The board's search field: a letter typed repaints it, without a layout.

    Textual lays the whole screen out again whenever an `Input`'s text changes
    length (its virtual width is a layout reactive); at 160x48 on a district board
    that was 15–30 ms of every letter. The field's size is fixed by the stylesheet,
    so the new width only needs a repaint; scrolling along a long text reads the
    virtual width itself and keeps working.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=True)

    def __init__(self, typed: Callable[[str], None], *, placeholder: str, id: str) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self._typed = typed

    def watch_value(self, value: str) -> None:
        """Narrow the board as the text changes, before the field is painted again: the
        letter and the narrowed board then reach the screen in one frame (through
        `Input.Changed`, a message handled after that paint, they took two)."""
        self._typed(value)


class BoardScreen(Screen[None]):
    """Columns of task cards; everything a coordinator does starts here."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", tooltip="Open the selected task", id="board.open"),
        Binding("n", "new", "New", tooltip="Create a task", id="board.new"),
        Binding("e", "edit", "Edit", tooltip="Edit the selected task", id="board.edit"),
        Binding(
            "d,delete", "delete", "Delete", tooltip="Remove the selected task", id="board.delete"
        ),
        Binding("u,ctrl+z", "undo", "Undo", tooltip="Undo the last change", id="board.undo"),
        Binding("U,ctrl+y", "redo", "Redo", show=False, tooltip="Redo", id="board.redo"),
        Binding("/", "search", "Search", tooltip="Search as you type", id="board.search"),
        Binding("f", "filter", "Filter", tooltip="Filter by skill, site, kind…", id="board.filter"),
        Binding(
            "escape",
            "clear",
            "Clear",
            show=False,
            tooltip="Clear search and filters",
            id="board.clear",
        ),
        Binding(
            "a",
            "toggle_archived",
            "Archived",
            show=False,
            tooltip="Show or hide archived tasks",
            id="board.archived",
        ),
        Binding("r", "roster", "Roster", tooltip="Volunteers", id="board.roster"),
        Binding(
            "s",
            "suggestions",
            "Suggestions",
            show=False,  # the key bar is full; `?` and the palette list it
            tooltip="Residents' suggestions and what became of them",
            id="board.suggestions",
        ),
        Binding(
            "m", "match", "Match", tooltip="Find volunteers for the selected task", id="board.match"
        ),
        Binding(
            "M",
            "propose",
            "Propose",
            show=False,
            tooltip="Propose assignments for every open task",
            id="board.propose",
        ),
        Binding(
            "R", "reports", "Reports", show=False, tooltip="Charts and figures", id="board.reports"
        ),
        Binding(
            "S",
            "sync",
            "Sync",
            show=False,
            tooltip="Export, merge, shared folder",
            id="board.sync",
        ),
        Binding(
            "C",
            "conflicts",
            "Conflicts",
            show=False,
            tooltip="Edits made at two sites at once",
            id="board.conflicts",
        ),
    ]

    def __init__(
        self, store: Store, state: BoardState, history: EditHistory, wip_limits: dict[str, int]
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.state = state
        self.history = history
        self.wip_limits = wip_limits

    def compose(self) -> ComposeResult:
        """Title bar, search bar (hidden until `/`), the board, the footer."""
        yield TitleBar(id="board-bar")
        yield SearchInput(
            self._search, placeholder=_("Search title, place, tags, reference…"), id="search"
        )
        view = BoardView(self.state, wip_limits=self.wip_limits, id="board")
        view.skill_labels = skill_labels(self.store.skills.live(), language())
        yield view
        yield KeyBar()

    _covered = False
    """True from opening a task until the board is shown again (see `refresh`)."""

    def on_mount(self) -> None:
        """Focus the board so the keys work at once."""
        self.query_one(BoardView).focus()
        self.query_one(TitleBar).title = self._title()
        self._show_filter()

    @property
    def view(self) -> BoardView:
        """The board widget."""
        return self.query_one(BoardView)

    def _title(self) -> str:
        site = self.store.sites.get(self.store.site)
        name = visible(site["name"], lines=False) if site and not site.get(DELETED) else None
        return f" taskboard · {name or self.store.site} ({self.store.site})"

    def _show_filter(self) -> None:
        self.query_one(TitleBar).summary = describe_filter(self.state.filter, self.store)

    # Reacting to data ----------------------------------------------------------------
    def reload(self) -> None:
        """The data changed (here or outside): rebuild the columns, keep cursor and filter."""
        self.state.rebuild()
        self.view.changed()

    def _after_change(self, task_id: str) -> None:
        self.state.update_task(task_id)
        self.view.changed()

    def _do(self, action: Callable[[], Edit]) -> Edit | None:
        """Run one action; remember what it made for undo and show it, or say why not."""
        try:
            edit = action()
        except StoreError as error:
            self.notify(str(error), severity="error", title=_("Not saved"))
            return None
        if edit.after != edit.before:
            self.history.record(edit)
        self._after_change(edit.record_id)
        return edit

    # Moves ---------------------------------------------------------------------------
    @on(BoardView.MoveRequested)
    def move_card(self, event: BoardView.MoveRequested) -> None:
        """Move the selected card to the previous or next column (at its top)."""
        target = self.state.move_target(event.step)
        if target is None:
            return
        card, status, _rank = target
        self.move_task(card.id, status)

    def move_task(self, task_id: str, status: str, *, force: bool = False) -> None:
        """Move a task to the top of another column; Done with items left asks first."""
        try:
            edit = move_task(self.store, task_id, status, top=True, force=force)
        except ItemsLeft as error:
            question = _("{problem}. Move it to Done anyway?").format(problem=error)

            def answered(yes: bool | None) -> None:
                if yes:
                    self.move_task(task_id, status, force=True)

            self.app.push_screen(Confirm(question, _("Move to Done")), answered)
            return
        except StoreError as error:
            self.notify(str(error), severity="error", title=_("Not saved"))
            return
        self.history.record(edit)
        self._after_change(edit.record_id)
        self._warn_wip(status)

    def _warn_wip(self, status: str) -> None:
        limit = self.wip_limits.get(status)
        count = self.state.totals.get(status, 0)
        if limit is not None and count > limit:
            self.notify(
                ngettext(
                    "{column} now holds {count} task, over its limit of {limit}",
                    "{column} now holds {count} tasks, over its limit of {limit}",
                    count,
                ).format(column=column_title(status), count=count, limit=limit),
                severity="warning",
                title=_("WIP limit"),
            )

    @on(BoardView.ReorderRequested)
    def reorder_card(self, event: BoardView.ReorderRequested) -> None:
        """Move the selected card up or down within its column."""
        target = self.state.reorder_target(event.step)
        if target is None:
            return
        card, rank = target
        self._do(lambda: reorder_task(self.store, card.id, rank))

    # Open, new, edit, delete -----------------------------------------------------------
    @on(BoardView.OpenRequested)
    def open_clicked(self, event: BoardView.OpenRequested) -> None:
        """Double-click opens a card."""
        self.open_task(event.task_id)

    def action_open(self) -> None:
        """Open the selected task's screen."""
        card = self.state.selected()
        if card is not None:
            self.open_task(card.id)

    def open_task(self, task_id: str) -> None:
        """Show one task with everything about it."""
        from taskboard.tui.screens.task.screen import open_task_screen

        self._covered = True
        open_task_screen(
            self.app,
            self.store,
            task_id,
            self.history,
            today=self.state.today,
            callback=lambda _result: self._after_change(task_id),
        )

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """Repaint the board, except while the task screen is opening over it.

        Textual repaints the screen it suspends, in case it shows through the new
        one, and then repaints the new screen where the old one changed: the task
        screen covers the whole board, so that was a second full paint of it, the
        last third of the time a task took to open. The board is painted again when
        it is shown again (Textual refreshes a resumed screen)."""
        if self._covered:
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def on_screen_resume(self) -> None:
        """Shown again: repaint as usual (and now, whichever handler Textual runs first)."""
        self._covered = False
        self.refresh()

    def action_new(self) -> None:
        """Create a task: in Suggested from that column, else in Open."""
        from taskboard.tui.screens.task_form import TaskForm

        status = new_task_status(self.state.statuses[self.state.cursor.column])
        form = TaskForm(self.store, None, default_site=self.store.site, default_status=status)
        self.app.push_screen(form, callback=lambda task: self._created(task, form))

    def _created(self, task: Task | None, form: TaskForm) -> None:
        if task is None:
            return
        if form.repeating is not None:
            self._created_series(task, form.repeating)
            return
        edit = self._do(lambda: create_task(self.store, task, top=True))
        if edit is not None:
            self.notify(edit.label)
            self._warn_if_passed(edit.record_id)

    def _created_series(self, task: Task, repeating: Repeating) -> None:
        """Make a series of the form's task, as `task add --repeat` does: one undo."""
        from taskboard.actions.series import create_series

        try:
            made = create_series(
                self.store, task, repeating.rule, until=repeating.until, today=self.state.today
            )
        except StoreError as error:
            self.notify(str(error), severity="error", title=_("Not saved"))
            return
        edit = made.edit
        if edit is None:
            return
        self.history.record(edit)
        self.reload()
        first = edit.records(Table.TASKS)[:1]
        if first:
            self.state.select_task(first[0])
            self.view.changed()
        count = len(made.occurrences)
        self.notify(
            ngettext(
                "{label}: {count} occurrence — press u to undo",
                "{label}: {count} occurrences — press u to undo",
                count,
            ).format(label=made.label, count=count)
        )

    def action_edit(self) -> None:
        """Edit the selected task in a form."""
        from taskboard.tui.screens.task_form import TaskForm

        card = self.state.selected()
        if card is None:
            return
        task = self.store.task(card.id)
        form = TaskForm(self.store, task, default_site=self.store.site)
        self.app.push_screen(form, callback=lambda edited: self._edited(task, edited, form))

    def _edited(self, task: Task, edited: Task | None, form: TaskForm) -> None:
        """Save the fields the form changed, made against the task it showed (and, when
        the form was told so, on the later occurrences of its series too)."""
        from taskboard.model.task import EDITABLE_FIELDS  # loaded with the task form

        changes = changed_fields(task, edited, EDITABLE_FIELDS) if edited else {}
        if changes and form.following:
            self._edited_following(task, changes)
            return
        saved = changes and self._do(lambda: edit_task(self.store, task.id, changes, base=task))
        if saved:
            self._warn_if_passed(task.id)

    def _edited_following(self, task: Task, changes: dict[str, Any]) -> None:
        """`task edit --following`: this occurrence and every later one, one undo."""
        from taskboard.actions.series import edit_following

        try:
            made = edit_following(self.store, task.id, lambda _fresh: changes)
        except StoreError as error:
            self.notify(str(error), severity="error", title=_("Not saved"))
            return
        if made.edit is not None:
            self.history.record(made.edit)
            self.notify(made.label)
        self._after_change(task.id)

    def _warn_if_passed(self, task_id: str) -> None:
        """A task just made or changed whose date has already passed: say so."""
        warning = passed_warning(self.store.task(task_id), self.state.today)
        if warning:
            self.notify(warning, severity="warning")

    def action_delete(self) -> None:
        """Remove the selected task; undo brings it back."""
        card = self.state.selected()
        if card is None:
            return
        edit = self._do(lambda: remove_task(self.store, card.id))
        if edit is not None:
            self.notify(_("{label} — press u to undo").format(label=edit.label))

    def action_undo(self) -> None:
        """Take back the last change of this session."""
        self._step(self.history.undo, _("Undone: {label}"), _("Nothing to undo"))

    def action_redo(self) -> None:
        """Make the last undone change again."""
        self._step(self.history.redo, _("Redone: {label}"), _("Nothing to redo"))

    def _step(self, step: Any, done: str, nothing: str) -> None:
        try:
            edit = step()
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        if edit is None:
            self.notify(nothing)
            return
        for task_id in edit.records(Table.TASKS) or [edit.record_id]:  # every card it moved
            self._after_change(task_id)
        self.notify(done.format(label=edit.label))

    # Search and filters ----------------------------------------------------------------
    def action_search(self) -> None:
        """Show the search bar and type into it; the board narrows as you type."""
        search = self.query_one("#search", Input)
        search.add_class("-shown")
        search.focus()

    def _search(self, text: str) -> None:
        """Narrow the board to cards containing the text (as it is typed: `SearchInput`)."""
        if text == self.state.filter.text:
            return
        self.state.search(text)
        self.view.changed()
        self._show_filter()

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        """Enter keeps the search and goes back to the board."""
        self.view.focus()

    def action_clear(self) -> None:
        """Escape: leave the search bar, then clear search and filters."""
        search = self.query_one("#search", Input)
        if search.has_focus and search.value:
            self.view.focus()
            return
        search.value = ""
        search.remove_class("-shown")
        self.state.set_filter(BoardFilter())
        self.view.focus()
        self.view.changed()
        self._show_filter()

    def action_filter(self) -> None:
        """Open the filter panel."""
        self.app.push_screen(
            FilterScreen(self.store, self.state.filter), callback=self.apply_filter
        )

    def apply_filter(self, wanted: BoardFilter | None) -> None:
        """Show only the cards the filter lets through (None: leave as it was)."""
        if wanted is None:
            return
        self.state.set_filter(replace(wanted, text=self.state.filter.text))
        self.view.changed()
        self._show_filter()

    def action_toggle_archived(self) -> None:
        """Show or hide the archived column."""
        self.state.set_show_archived(not self.state.show_archived)
        self.view.changed()

    def action_roster(self) -> None:
        """Open the volunteer roster."""
        from taskboard.tui.screens.roster.screen import RosterScreen

        self.app.push_screen(RosterScreen(self.store, self.history, today=self.state.today))

    def action_suggestions(self) -> None:
        """Open the residents' suggestions."""
        from taskboard.tui.screens.suggestions.screen import SuggestionsScreen

        self.app.push_screen(
            SuggestionsScreen(self.store, self.history, today=self.state.today),
            callback=lambda _result: self.reload(),
        )

    def action_match(self) -> None:
        """Ranked volunteers for the selected task, to pick and confirm."""
        from taskboard.tui.screens.match.candidates import MatchScreen

        card = self.state.selected()
        if card is None:
            return
        screen = MatchScreen(self.store, card.id, self.history, today=self.state.today)
        self.app.push_screen(screen, lambda _result: self.reload())

    def action_propose(self) -> None:
        """A draft filling every open task's slots, to review and accept."""
        from taskboard.tui.screens.match.proposal import ProposalScreen

        screen = ProposalScreen(self.store, self.history, today=self.state.today)
        self.app.push_screen(screen, lambda _result: self.reload())

    def action_reports(self) -> None:
        """Charts: progress per site, the skills gap, hours per month."""
        from taskboard.tui.screens.reports import ReportsScreen

        self.app.push_screen(ReportsScreen(self.store, today=self.state.today))

    def action_sync(self) -> None:
        """Export this site's bundle, merge others', or sync through a shared folder."""
        from taskboard.tui.screens.sync import SyncScreen

        screen = SyncScreen(self.store, self.history, today=self.state.today)
        self.app.push_screen(screen, lambda _result: self.reload())

    def action_conflicts(self) -> None:
        """Concurrent edits from different sites, to confirm or change."""
        from taskboard.tui.screens.conflicts import ConflictsScreen

        screen = ConflictsScreen(self.store, self.history, today=self.state.today)
        self.app.push_screen(screen, lambda _result: self.reload())
